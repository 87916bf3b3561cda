//! Word tokens.

use super::Word;
use std::ops::Range;

/// Whether `c` can be part of a word.
#[inline]
pub fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric()
    } else {
        c.is_alphanumeric() || is_combining(c)
    }
}

fn is_combining(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F)
}

/// Characters that join two word parts into one word: apostrophes, hyphens, and the invisible
/// joiners some scripts need (a soft hyphen or joiner inside a word must not split it).
#[inline]
fn is_joiner(c: char) -> bool {
    matches!(
        c,
        '\'' | '’' | '-' | '\u{2010}' | '\u{2011}' | '\u{00AD}' | '\u{200C}' | '\u{200D}'
    )
}

pub(super) fn words(text: &str, paragraphs: &[Range<usize>]) -> Vec<Word> {
    let mut out = Vec::with_capacity(text.len() / 6);
    for (pi, p) in paragraphs.iter().enumerate() {
        scan(text, p.clone(), |span| {
            out.push(Word {
                span,
                paragraph: pi,
            })
        });
    }
    out
}

/// Calls `emit` with the span of every word in `range`.
pub fn scan(text: &str, range: Range<usize>, mut emit: impl FnMut(Range<usize>)) {
    let bytes = text.as_bytes();
    let mut i = range.start;
    let end = range.end;
    let mut start: Option<usize> = None;
    // Offset after the last word char, to end a word before trailing joiners.
    let mut last_word_end = 0usize;
    while i < end {
        let b = bytes[i];
        let (c, len) = if b < 0x80 {
            (b as char, 1)
        } else {
            let c = text[i..].chars().next().unwrap_or('\u{FFFD}');
            (c, c.len_utf8())
        };
        if is_word_char(c) {
            if start.is_none() {
                start = Some(i);
            }
            last_word_end = i + len;
        } else if start.is_some() && is_joiner(c) && last_word_end == i {
            // A joiner only counts when a word char follows it.
            let next = text[i + len..end].chars().next();
            if !next.is_some_and(is_word_char) {
                if let Some(s) = start.take() {
                    emit(s..last_word_end);
                }
            }
        } else if let Some(s) = start.take() {
            emit(s..last_word_end);
        }
        i += len;
    }
    if let Some(s) = start {
        emit(s..last_word_end);
    }
}

#[cfg(test)]
mod tests {
    use crate::document::{Document, Format};

    fn words(t: &str) -> Vec<&str> {
        let doc = Document::parse(t, Format::Text);
        doc.words.iter().map(|w| &t[w.span.clone()]).collect()
    }

    #[test]
    fn joiners_stay_inside_words() {
        assert_eq!(
            words("Harris’s bye-bye don't"),
            ["Harris’s", "bye-bye", "don't"]
        );
        assert_eq!(
            words("peo\u{AD}ple 'quoted' end-"),
            ["peo\u{AD}ple", "quoted", "end"]
        );
        assert_eq!(words("U.S. 3.5 Þórunn"), ["U", "S", "3", "5", "Þórunn"]);
    }
}
