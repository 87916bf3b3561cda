//! Encoding and Unicode integrity: damage done between a wire feed and a CMS.

pub mod bom;
pub mod confusable;
pub mod control_char;
pub mod invalid_utf8;
pub mod invisible_char;
pub mod line_endings;
pub mod mojibake;
pub mod nbsp;
pub mod replacement_char;
pub mod unicode_normalization;
pub mod unusual_space;
pub mod utf16;

use crate::document::Document;

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

/// Calls `f(offset, char)` for every non-ASCII char, skipping pure-ASCII stretches eight bytes
/// at a time.
pub(crate) fn for_each_non_ascii(doc: &Document, mut f: impl FnMut(usize, char)) {
    let b = doc.text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        while i + 8 <= b.len() && word_at(b, i) & HI == 0 {
            i += 8;
        }
        match b[i..].iter().position(|&x| x >= 0x80) {
            None => break,
            Some(k) => i += k,
        }
        let c = doc.text[i..].chars().next().unwrap_or('\u{FFFD}');
        f(i, c);
        i += c.len_utf8();
    }
}

/// Calls `f(offset, char)` for every char whose first UTF-8 byte is `lead`, found with `memchr`.
pub(crate) fn for_each_char_in(doc: &Document, lead: u8, mut f: impl FnMut(usize, char)) {
    for i in memchr::memchr_iter(lead, doc.text.as_bytes()) {
        if let Some(c) = doc.text.get(i..).and_then(|t| t.chars().next()) {
            f(i, c);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
