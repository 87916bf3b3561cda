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

/// Calls `f(offset, char)` for every non-ASCII char, skipping pure-ASCII stretches quickly.
pub(crate) fn for_each_non_ascii(doc: &Document, mut f: impl FnMut(usize, char)) {
    let b = doc.text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        match b[i..].iter().position(|&x| x >= 0x80) {
            None => break,
            Some(k) => i += k,
        }
        let c = doc.text[i..].chars().next().unwrap_or('\u{FFFD}');
        f(i, c);
        i += c.len_utf8();
    }
}

/// Calls `f(offset, char)` for every char in `needles`, using a byte prefilter on their first UTF-8 byte.
pub(crate) fn for_each_char_in(doc: &Document, lead_bytes: &[u8], mut f: impl FnMut(usize, char)) {
    let b = doc.text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        match b[i..].iter().position(|x| lead_bytes.contains(x)) {
            None => break,
            Some(k) => i += k,
        }
        let c = doc.text[i..].chars().next().unwrap_or('\u{FFFD}');
        f(i, c);
        i += c.len_utf8();
    }
}
