//! Eight ASCII bytes judged at once, a lane of a `u64` each: where text is mostly ASCII
//! (claim files, statements, English sources), a branch a byte was most of reading it.
//! [`first_equal`] takes bytes of any value.

/// One in every lane.
const ONES: u64 = u64::MAX / 255;

/// The eight bytes of `bytes` at `at`, as the lanes of a `u64`; zeros past the end.
pub fn lane_at(bytes: &[u8], at: usize) -> u64 {
    match bytes.get(at..at + 8) {
        Some(lane) => u64::from_le_bytes(lane.try_into().expect("eight bytes")),
        None => {
            let mut padded = [0u8; 8];
            padded[..bytes.len() - at].copy_from_slice(&bytes[at..]);
            u64::from_le_bytes(padded)
        }
    }
}

/// Whether each of the eight bytes of `chunk` is ASCII.
pub fn all_ascii(chunk: u64) -> bool {
    chunk & (ONES * 0x80) == 0
}

/// The high bit of each lane of `chunk` (eight bytes below 0x80, little-endian) whose
/// byte is in `low..=high`. Exact: with every byte below 0x80, no sum carries into the
/// next lane.
pub fn within(chunk: u64, low: u8, high: u8) -> u64 {
    let at_least_low = chunk + ONES * u64::from(0x80 - low);
    let above_high = chunk + ONES * u64::from(0x7F - high);
    at_least_low & !above_high & (ONES * 0x80)
}

/// The first lane of `chunk` (eight bytes of any value, little-endian) that holds
/// `byte`. A lane's high bit is set where it differs by nothing; a borrow can make a
/// later lane look equal too, never an earlier one, so the first is exact.
pub fn first_equal(chunk: u64, byte: u8) -> Option<usize> {
    let differences = chunk ^ (ONES * u64::from(byte));
    let zero = differences.wrapping_sub(ONES) & !differences & (ONES * 0x80);
    (zero != 0).then(|| zero.trailing_zeros() as usize / 8)
}

/// The high bit of each lane of `chunk` (eight bytes of any value, little-endian) whose
/// byte starts a character of more than one byte in UTF-8 (0xC0 and up: its two high
/// bits set). Shifting moves a lane's bit 6 to its own bit 7, never into another lane's.
pub fn multibyte_starts(chunk: u64) -> u64 {
    chunk & (chunk << 1) & (ONES * 0x80)
}

/// `chunk` with every ASCII letter in lower case, and no other byte made a letter.
pub fn lower_case(chunk: u64) -> u64 {
    chunk | (ONES * 0x20)
}

#[cfg(test)]
mod tests {
    #[test]
    fn each_lane_is_judged_alone_for_every_range() {
        for byte in 0..0x80u8 {
            for lane in 0..8 {
                for filler in [0u8, 0x7F] {
                    let mut bytes = [filler; 8];
                    bytes[lane] = byte;
                    let chunk = u64::from_le_bytes(bytes);
                    assert!(super::all_ascii(chunk));
                    for (low, high) in [(0, 0x1F), (b'\n', b'\n'), (0x7F, 0x7F), (b'0', b'9')] {
                        let expected = bytes.iter().enumerate().fold(0u64, |mask, (at, b)| {
                            mask | (u64::from((low..=high).contains(b)) << (8 * at + 7))
                        });
                        assert_eq!(
                            super::within(chunk, low, high),
                            expected,
                            "{byte:#x} at {lane}"
                        );
                    }
                }
            }
        }
        assert!(!super::all_ascii(u64::from_le_bytes(*b"abc\xC3\xA9def")));
    }

    #[test]
    fn a_lane_starts_a_multibyte_character_by_its_own_bits_alone() {
        for byte in 0..=u8::MAX {
            for lane in 0..8 {
                for filler in [0u8, 0x7F, 0x80, 0xBF, 0xC0, 0xFF] {
                    let mut bytes = [filler; 8];
                    bytes[lane] = byte;
                    let expected = bytes.iter().enumerate().fold(0u64, |mask, (at, &b)| {
                        mask | (u64::from(b >= 0xC0) << (8 * at + 7))
                    });
                    assert_eq!(
                        super::multibyte_starts(u64::from_le_bytes(bytes)),
                        expected,
                        "{byte:#x} at {lane} among {filler:#x}"
                    );
                }
            }
        }
    }

    #[test]
    fn the_first_equal_lane_is_found_whatever_the_other_lanes_hold() {
        // The byte sought in one lane, every other byte one either side of it or the
        // byte itself in a later lane: a borrow from a lane must not make an earlier
        // one look equal.
        for byte in 0..=u8::MAX {
            for lane in 0..8 {
                for filler in [byte.wrapping_sub(1), byte.wrapping_add(1), byte ^ 0x80] {
                    let mut bytes = [filler; 8];
                    bytes[lane] = byte;
                    assert_eq!(
                        super::first_equal(u64::from_le_bytes(bytes), byte),
                        Some(lane),
                        "{byte:#x} at {lane} among {filler:#x}"
                    );
                    bytes[lane] = filler;
                    assert_eq!(super::first_equal(u64::from_le_bytes(bytes), byte), None);
                }
            }
        }
    }
}
