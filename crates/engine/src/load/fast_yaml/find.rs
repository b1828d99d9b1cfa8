//! Finding a byte in the short stretches a claim file is read in: a line, a key, a
//! plain value. `memchr` is built for long haystacks; on lines of 40 to 100 bytes its
//! set-up and dispatch cost more than the search (callgrind: about 90 instructions a
//! call, most of finding each line's end). Here eight bytes are compared at once as
//! the lanes of a `u64`, which takes about half the instructions on such lines. A
//! loop of sixteen byte compares, left to the compiler to make vector compares, was
//! worse than `memchr`: it was not vectorized where the byte sought is a variable.
//! Quoted values, where three bytes are sought, keep `memchr3`.

use crate::ascii_lanes::first_equal;

/// Where the first `needle` of `haystack` is: eight bytes at a time, as a `u64`
/// whose lanes are compared at once.
pub(super) fn byte(needle: u8, haystack: &[u8]) -> Option<usize> {
    let mut chunks = haystack.chunks_exact(8);
    let mut offset = 0;
    for chunk in &mut chunks {
        let lanes = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
        if let Some(lane) = first_equal(lanes, needle) {
            return Some(offset + lane);
        }
        offset += 8;
    }
    let rest = chunks.remainder();
    rest.iter()
        .position(|&byte| byte == needle)
        .map(|at| offset + at)
}

/// Every place of `needle` in `haystack`, in order.
pub(super) fn each(needle: u8, haystack: &[u8]) -> impl Iterator<Item = usize> + '_ {
    let mut from = 0;
    std::iter::from_fn(move || {
        let at = from + byte(needle, haystack.get(from..)?)?;
        from = at + 1;
        Some(at)
    })
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    proptest! {
        /// Wherever the wanted bytes are, across lanes and in the remainder, the
        /// first is found, as a byte-by-byte search finds it.
        #[test]
        fn finds_what_a_bytewise_search_finds(
            haystack in prop::collection::vec(prop::sample::select(b"ab:\n\"#".to_vec()), 0..70),
        ) {
            for needle in [b':', b'\n', b'"', b'#', b'z'] {
                let expected = haystack.iter().position(|&byte| byte == needle);
                prop_assert_eq!(super::byte(needle, &haystack), expected);
                let every: Vec<usize> = (0..haystack.len()).filter(|&at| haystack[at] == needle).collect();
                prop_assert_eq!(super::each(needle, &haystack).collect::<Vec<_>>(), every);
            }
        }
    }
}
