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

use crate::document::ascii::next_non_ascii;
pub(crate) use crate::document::ascii::{below_space, eq_bytes, selected_bytes};

/// Calls `f(offset, char)` for every non-ASCII char, skipping pure-ASCII stretches eight bytes
/// at a time.
pub(crate) fn for_each_non_ascii(doc: &Document, mut f: impl FnMut(usize, char)) {
    let b = doc.text.as_bytes();
    let mut i = 0;
    while let Some(k) = next_non_ascii(b, i) {
        i = k;
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
