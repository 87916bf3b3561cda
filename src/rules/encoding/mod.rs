//! Encoding and Unicode integrity: damage done between a wire feed and a CMS.

pub mod bom;
pub mod confusable;
pub mod control_char;
pub mod html_entity;
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

/// Calls `f(offset, char)` for every char that may be a space or format character (see
/// [`Document::format_candidates`]).
pub(crate) fn for_each_format_candidate(doc: &Document, mut f: impl FnMut(usize, char)) {
    for &(i, c) in doc.format_candidates() {
        f(i as usize, c);
    }
}

/// The chars [`for_each_format_candidate`] passes over.
#[cfg(test)]
pub(crate) fn skipped_as_no_format_char(c: char) -> bool {
    matches!(c, '\u{C0}'..='\u{FF}' | '\u{2010}'..='\u{201D}' | '\u{201F}'..='\u{2027}')
}

/// Whether the char at `i` (U+0080 to U+00BF: a no-break space, a soft hyphen…) comes right
/// after `Â` or `Ã`: then it is the second half of mojibake (`Ã\u{AD}` for `í`, `Â\u{A0}` for a
/// no-break space), which `encoding/mojibake` reports and fixes as a whole.
pub(crate) fn after_mojibake_lead(text: &str, i: usize) -> bool {
    text[..i].ends_with(['Â', 'Ã'])
}

/// Calls `f(offset, char)` for every char whose first UTF-8 byte is `lead`, from the chars the
/// document has found already ([`Document::format_candidates`]).
///
/// # Panics
/// If `lead` is not the first byte of a char of two bytes or more, or is C3 or E2, whose chars
/// are not all among them.
pub(crate) fn for_each_char_in(doc: &Document, lead: u8, mut f: impl FnMut(usize, char)) {
    assert!(
        (0xC2..=0xF4).contains(&lead) && lead != 0xC3 && lead != 0xE2,
        "lead byte {lead:#X}"
    );
    let b = doc.text.as_bytes();
    for &(i, c) in doc.format_candidates() {
        if b[i as usize] == lead {
            f(i as usize, c);
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
        // The Latin-1 letters skipped there are listed apart when a char outside ASCII follows
        // them, and a lead byte finds its chars.
        for text in [text.clone(), "José Ãé Ã© ÃÃ àa Ü".to_string()] {
            let doc = Document::parse(&text, Format::Text);
            let latin1: Vec<usize> = doc.latin1_pairs().iter().map(|&i| i as usize).collect();
            let want: Vec<usize> = text
                .char_indices()
                .filter(|&(i, c)| {
                    ('\u{C0}'..='\u{FF}').contains(&c)
                        && text[i + c.len_utf8()..].starts_with(|n: char| !n.is_ascii())
                })
                .map(|(i, _)| i)
                .collect();
            assert_eq!(latin1, want);
            assert!(text.len() > 100 || want == [6, 11, 16], "{want:?}");
        }
        for lead in [0xC2, 0xEF] {
            let mut got = Vec::new();
            super::for_each_char_in(&doc, lead, |i, c| got.push((i, c)));
            let want: Vec<(usize, char)> = text
                .char_indices()
                .filter(|&(i, _)| text.as_bytes()[i] == lead)
                .collect();
            assert_eq!(got, want, "{lead:#X}");
        }
    }
}
