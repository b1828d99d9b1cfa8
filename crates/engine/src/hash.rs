//! SHA-256 in lower-case hex: of pinned spans and of whole source files; and BLAKE3,
//! the cache's own hash, for what only the cache reads.

use sha2::{Digest, Sha256};

/// Lower-case hex SHA-256 of `bytes`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&sha256(bytes))
}

/// SHA-256 of `bytes`.
pub fn sha256(bytes: &[u8]) -> [u8; 32] {
    Sha256::digest(bytes).into()
}

/// The BLAKE3 hash of `bytes`: what identifies a file's content in the cache's keys.
/// Never written in a product, so not the SHA-256 that pins are, and four times as
/// fast.
pub fn content_digest(bytes: &[u8]) -> [u8; 32] {
    *blake3::hash(bytes).as_bytes()
}

/// `#[serde(with = "crate::hash::digest_bytes")]` for a 32-byte digest: in formats
/// people read, the array of numbers serde writes for any array; in the cache's binary
/// entries, its bytes as one field, where serde's array of 32 numbers was read one
/// number at a time (a pin's hash, in every cached claim file: decoding the example's
/// entry takes 5% fewer instructions).
pub mod digest_bytes {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    pub fn serialize<S: Serializer>(digest: &[u8; 32], serializer: S) -> Result<S::Ok, S::Error> {
        if serializer.is_human_readable() {
            digest.serialize(serializer)
        } else {
            serializer.serialize_bytes(digest)
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<[u8; 32], D::Error> {
        if deserializer.is_human_readable() {
            <[u8; 32]>::deserialize(deserializer)
        } else {
            array(deserializer)
        }
    }

    /// `N` bytes written as one bytes field, as binary formats read them back (a
    /// digest, a `Place`); bytes of another length are an error.
    pub fn array<'de, D: Deserializer<'de>, const N: usize>(
        deserializer: D,
    ) -> Result<[u8; N], D::Error> {
        deserializer.deserialize_bytes(ArrayBytes::<N>)
    }

    struct ArrayBytes<const N: usize>;

    impl<const N: usize> serde::de::Visitor<'_> for ArrayBytes<N> {
        type Value = [u8; N];

        fn expecting(&self, formatter: &mut std::fmt::Formatter) -> std::fmt::Result {
            write!(formatter, "{N} bytes")
        }

        fn visit_bytes<E: serde::de::Error>(self, bytes: &[u8]) -> Result<[u8; N], E> {
            bytes
                .try_into()
                .map_err(|_| E::invalid_length(bytes.len(), &self))
        }
    }
}

/// The SHA-256 that `hex` spells in 64 hex digits (either case), if it spells one.
pub fn sha256_from_hex(hex: &str) -> Option<[u8; 32]> {
    array_from_hex(hex)
}

/// The `N` bytes that `hex` spells in `2 * N` hex digits (either case), if it spells
/// them. Decoded straight into the array through a table: every pin's hash is read
/// this way, and collecting digit pairs into a vector first was 4% of a cold check.
pub fn array_from_hex<const N: usize>(hex: &str) -> Option<[u8; N]> {
    let digits = hex.as_bytes();
    if digits.len() != 2 * N {
        return None;
    }
    let mut bytes = [0; N];
    let mut invalid = 0;
    for (byte, pair) in bytes.iter_mut().zip(digits.chunks_exact(2)) {
        let (high, low) = (NIBBLES[usize::from(pair[0])], NIBBLES[usize::from(pair[1])]);
        invalid |= high | low;
        *byte = (high << 4) | low;
    }
    (invalid & NOT_A_DIGIT == 0).then_some(bytes)
}

/// The bytes written in `hex` (two hex digits per byte), if that is what it is.
pub fn from_hex(hex: &str) -> Option<Vec<u8>> {
    let digits = hex.as_bytes();
    if !digits.len().is_multiple_of(2) {
        return None;
    }
    digits
        .chunks_exact(2)
        .map(|pair| {
            let (high, low) = (NIBBLES[usize::from(pair[0])], NIBBLES[usize::from(pair[1])]);
            ((high | low) & NOT_A_DIGIT == 0).then_some((high << 4) | low)
        })
        .collect()
}

/// The mark in [`NIBBLES`] of a byte that is no hex digit: a bit no digit's value has.
const NOT_A_DIGIT: u8 = 0x10;

/// Each byte's value as a hex digit, or [`NOT_A_DIGIT`].
const NIBBLES: [u8; 256] = {
    let mut table = [NOT_A_DIGIT; 256];
    let mut digit = 0;
    while digit < 16 {
        table[b"0123456789abcdef"[digit] as usize] = digit as u8;
        table[b"0123456789ABCDEF"[digit] as usize] = digit as u8;
        digit += 1;
    }
    table
};

/// `bytes` in lower-case hex.
pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut hex = String::with_capacity(bytes.len() * 2);
    for byte in bytes {
        hex.push(DIGITS[usize::from(byte >> 4)] as char);
        hex.push(DIGITS[usize::from(byte & 0xf)] as char);
    }
    hex
}

#[cfg(test)]
mod tests {
    use super::{array_from_hex, from_hex, hex, sha256, sha256_from_hex, sha256_hex};

    #[derive(Debug, PartialEq, serde::Serialize, serde::Deserialize)]
    struct Pinned {
        #[serde(with = "super::digest_bytes")]
        sha256: [u8; 32],
    }

    #[test]
    fn a_digest_is_its_bytes_in_the_cache_and_an_array_in_json() {
        let pinned = Pinned {
            sha256: sha256(b"x"),
        };
        let bytes = postcard::to_allocvec(&pinned).unwrap();
        assert_eq!(bytes.len(), 1 + 32, "a length, then the bytes");
        assert_eq!(postcard::from_bytes::<Pinned>(&bytes).unwrap(), pinned);
        let json = serde_json::to_string(&pinned).unwrap();
        assert!(json.starts_with(r#"{"sha256":[45,113,22,"#), "{json}");
        assert_eq!(serde_json::from_str::<Pinned>(&json).unwrap(), pinned);
        let short = postcard::to_allocvec(&[0u8; 31].as_slice()).unwrap();
        assert!(postcard::from_bytes::<Pinned>(&short).is_err());
    }

    #[test]
    fn hex_round_trips_and_refuses_what_is_not_hex() {
        let bytes: Vec<u8> = (0..=255).collect();
        assert_eq!(from_hex(&hex(&bytes)), Some(bytes));
        assert_eq!(from_hex("0A"), Some(vec![10]));
        for bad in ["0", "+f", "0g", " 0"] {
            assert_eq!(from_hex(bad), None, "{bad}");
        }
    }

    #[test]
    fn every_pair_of_ascii_characters_decodes_as_the_standard_library_reads_it() {
        for high in 0..128u8 {
            for low in 0..128u8 {
                let pair = String::from_utf8(vec![high, low]).unwrap();
                let expected = (high.is_ascii_hexdigit() && low.is_ascii_hexdigit())
                    .then(|| u8::from_str_radix(&pair, 16).unwrap());
                assert_eq!(
                    array_from_hex::<1>(&pair).map(|[byte]| byte),
                    expected,
                    "{pair:?}"
                );
                assert_eq!(from_hex(&pair), expected.map(|byte| vec![byte]), "{pair:?}");
            }
        }
    }

    #[test]
    fn a_sha256_is_read_from_64_hex_digits_of_either_case_only() {
        let digest = sha256(b"abc");
        let spelled = sha256_hex(b"abc");
        assert_eq!(sha256_from_hex(&spelled), Some(digest));
        assert_eq!(sha256_from_hex(&spelled.to_ascii_uppercase()), Some(digest));
        let mut non_ascii = spelled[..62].to_owned();
        non_ascii.push('é');
        for bad in [
            &spelled[..62],
            &format!("{spelled}00"),
            &spelled.replace('b', "g"),
            &non_ascii,
        ] {
            assert_eq!(sha256_from_hex(bad), None, "{bad}");
        }
    }

    #[test]
    fn matches_the_published_test_vector() {
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
