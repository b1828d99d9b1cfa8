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

/// The SHA-256 that `hex` spells in 64 hex digits (either case), if it spells one.
pub fn sha256_from_hex(hex: &str) -> Option<[u8; 32]> {
    if hex.len() != 64 {
        return None;
    }
    from_hex(hex)?.try_into().ok()
}

/// The bytes written in `hex` (two hex digits per byte), if that is what it is.
pub fn from_hex(hex: &str) -> Option<Vec<u8>> {
    let digits = hex.as_bytes();
    if !digits.len().is_multiple_of(2) {
        return None;
    }
    digits
        .chunks_exact(2)
        .map(|pair| Some((nibble(pair[0])? << 4) | nibble(pair[1])?))
        .collect()
}

fn nibble(digit: u8) -> Option<u8> {
    match digit {
        b'0'..=b'9' => Some(digit - b'0'),
        b'a'..=b'f' => Some(digit - b'a' + 10),
        b'A'..=b'F' => Some(digit - b'A' + 10),
        _ => None,
    }
}

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
    use super::{from_hex, hex, sha256, sha256_from_hex, sha256_hex};

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
