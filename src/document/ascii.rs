//! Byte-level helpers for skipping ASCII text eight bytes at a time.

/// Eight bytes at `i` as one little-endian word.
#[inline]
pub(crate) fn word_at(b: &[u8], i: usize) -> u64 {
    let mut w = [0u8; 8];
    w.copy_from_slice(&b[i..i + 8]);
    u64::from_le_bytes(w)
}

const LO: u64 = 0x0101_0101_0101_0101;
const HI: u64 = 0x8080_8080_8080_8080;

/// Whether any byte of `w` is below `n` (n ≤ 128); exact as a yes/no answer.
#[inline]
pub(crate) fn has_byte_below(w: u64, n: u8) -> bool {
    w.wrapping_sub(LO * u64::from(n)) & !w & HI != 0
}

/// Whether any byte of `w` equals `b`.
#[inline]
pub(crate) fn has_byte(w: u64, b: u8) -> bool {
    has_byte_below(w ^ (LO * u64::from(b)), 1)
}

/// The offset of the first byte ≥ 0x80 at or after `i`.
#[inline]
pub(crate) fn next_non_ascii(b: &[u8], mut i: usize) -> Option<usize> {
    while i + 8 <= b.len() && word_at(b, i) & HI == 0 {
        i += 8;
    }
    b.get(i..)?.iter().position(|&x| x >= 0x80).map(|k| i + k)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_non_ascii_finds_the_first() {
        let t = "plain ascii text, then é and ü".as_bytes();
        assert_eq!(next_non_ascii(t, 0), Some(23));
        assert_eq!(next_non_ascii(t, 25), Some(30));
        assert_eq!(next_non_ascii(b"only ascii here", 0), None);
        assert_eq!(next_non_ascii(b"", 0), None);
    }

    #[test]
    fn byte_tests_are_exact() {
        for x in 0..=255u8 {
            for pos in 0..8 {
                let mut w = [b'a'; 8];
                w[pos] = x;
                let w = u64::from_le_bytes(w);
                assert_eq!(has_byte_below(w, 0x20), x < 0x20, "{x:#x}");
                assert_eq!(has_byte(w, 0xC2), x == 0xC2, "{x:#x}");
                assert_eq!(has_byte(w, 0x7F), x == 0x7F, "{x:#x}");
            }
        }
    }
}
