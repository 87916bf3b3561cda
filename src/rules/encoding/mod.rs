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
pub(crate) use crate::document::ascii::{eq, in_range, selected_bytes};

/// Calls `f(offset, char)` for every char that may be a space or format character: every
/// non-ASCII char but Latin-1 letters and the dashes, quotes, bullets and ellipsis of
/// U+2010–U+2027, which are most of the non-ASCII chars of news copy and are told by their
/// bytes without decoding. Pure-ASCII stretches are skipped sixteen bytes at a time.
pub(crate) fn for_each_format_candidate(doc: &Document, mut f: impl FnMut(usize, char)) {
    let b = doc.text.as_bytes();
    let mut i = 0;
    while let Some(k) = next_non_ascii(b, i) {
        i = k;
        match b[i..] {
            [0xC3, ..] => {
                i += 2;
                continue;
            }
            [0xE2, 0x80, 0x90..=0xA7, ..] => {
                i += 3;
                continue;
            }
            _ => {}
        }
        let c = doc.text[i..].chars().next().unwrap_or('\u{FFFD}');
        f(i, c);
        i += c.len_utf8();
    }
}

/// The chars [`for_each_format_candidate`] passes over.
#[cfg(test)]
pub(crate) fn skipped_as_no_format_char(c: char) -> bool {
    matches!(c, '\u{C0}'..='\u{FF}' | '\u{2010}'..='\u{2027}')
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
    use crate::document::{Document, Format};

    #[test]
    fn no_skipped_char_is_a_space_or_invisible_char_we_flag() {
        for c in ('\u{80}'..='\u{3000}').filter(|&c| super::skipped_as_no_format_char(c)) {
            assert_eq!(super::unusual_space::name(c), None, "{c:?}");
            assert_eq!(super::invisible_char::name(c), None, "{c:?}");
        }
    }

    #[test]
    fn format_candidates_are_all_chars_but_the_skipped_ones() {
        let text: String = ('\u{80}'..='\u{3000}').chain(['a', '\u{FEFF}']).collect();
        let doc = Document::parse(&text, Format::Text);
        let mut got = Vec::new();
        super::for_each_format_candidate(&doc, |i, c| got.push((i, c)));
        let want: Vec<(usize, char)> = text
            .char_indices()
            .filter(|&(_, c)| !c.is_ascii() && !super::skipped_as_no_format_char(c))
            .collect();
        assert_eq!(got, want);
    }
}
