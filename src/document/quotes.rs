//! Direct quotations in straight and curly quotes, including the news convention of a quotation
//! running over several paragraphs (each continued paragraph reopens with a quote mark and the
//! earlier one has no closing mark).

use std::ops::Range;

/// One quoted stretch inside one paragraph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quote {
    /// From the opening mark to after the closing mark (or the paragraph end when unclosed).
    pub span: Range<usize>,
    /// The text between the marks.
    pub inner: Range<usize>,
    /// Paragraph index.
    pub paragraph: usize,
    /// Whether a closing mark was found in the same paragraph.
    pub closed: bool,
    /// Whether this quote continues an unclosed quote from the previous paragraph.
    pub continues_previous: bool,
}

/// Whether a quotation mark after `prev` (`None` at the start of the text) can open a quotation:
/// after a space or an opening bracket, dash or mark, not glued to a word.
pub(crate) fn is_opening_context(prev: Option<char>) -> bool {
    match prev {
        None => true,
        Some(c) => {
            c.is_whitespace()
                || matches!(
                    c,
                    '(' | '[' | '{' | '—' | '–' | '-' | '/' | ':' | '“' | '‘' | '*' | '_' | '>'
                )
        }
    }
}

/// The offsets of the quote marks of `b` (`"`, `“`, `”`, `«`, `»`) in order. (The word scan
/// notes them within the paragraphs as it goes; this is kept to test it against.) A vector scan
/// marks the last byte of each, whose byte before it tells most of them apart (`80 9C` ends `“`,
/// `C2 AB` is `«`), so the apostrophes and dashes that share a lead byte with the curly quotes
/// are never visited; only the lead of `“` and `”` is checked one by one. Blocks of plain ASCII
/// without `"` are passed over after one test.
#[cfg(test)]
fn quote_marks(b: &[u8]) -> impl Iterator<Item = usize> + '_ {
    use super::ascii::{eq, selected_bytes};
    // A block of plain ASCII without `"` has none: the top bit of each byte is its own mask.
    let maybe = |v| eq(v, b'"') | v;
    selected_bytes(b, 0, maybe, |cur, prev| {
        eq(cur, b'"')
            | ((eq(cur, 0x9C) | eq(cur, 0x9D)) & eq(prev, 0x80))
            | ((eq(cur, 0xAB) | eq(cur, 0xBB)) & eq(prev, 0xC2))
    })
    .filter_map(|i| match b[i] {
        b'"' => Some(i),
        0xAB | 0xBB => Some(i - 1),
        _ => (i >= 2 && b[i - 2] == 0xE2).then(|| i - 2),
    })
}

/// The quotations of `text`, from the offsets of its quotation marks in order (those outside
/// the paragraphs are passed over).
pub(super) fn quotes(
    text: &str,
    paragraphs: &[Range<usize>],
    non_prose: &[Range<usize>],
    marks: &[u32],
) -> Vec<Quote> {
    // News copy has a quotation in about every other paragraph: room for one in each.
    let mut out: Vec<Quote> = Vec::with_capacity(paragraphs.len());
    let mut prev_unclosed = false;
    let bytes = text.as_bytes();
    let mut marks = marks.iter().map(|&m| m as usize).peekable();
    for (pi, p) in paragraphs.iter().enumerate() {
        let seg = &text[p.clone()];
        while marks.next_if(|&m| m < p.start).is_some() {}
        // Most paragraphs have no quote marks at all.
        if marks.peek().is_none_or(|&m| m >= p.end) {
            prev_unclosed = false;
            continue;
        }
        let mut open: Option<usize> = None;
        let mut first_in_para = true;
        let mut continues = false;
        let mut np = non_prose.partition_point(|r| r.end <= p.start);
        while let Some(i) = marks.next_if(|&m| m < p.end) {
            let rel = i - p.start;
            let c = seg[rel..].chars().next().unwrap_or(' ');
            let prev = seg[..rel].chars().next_back();
            while np < non_prose.len() && non_prose[np].end <= i {
                np += 1;
            }
            if non_prose.get(np).is_some_and(|r| r.start <= i) {
                continue;
            }
            let opening = match c {
                '“' | '«' => true,
                '”' | '»' => false,
                _ => open.is_none() && is_opening_context(prev),
            };
            if opening && open.is_none() {
                open = Some(i);
                continues = first_in_para && prev_unclosed && seg[..rel].trim().is_empty();
            } else if !opening {
                if let Some(s) = open.take() {
                    let end = i + c.len_utf8();
                    out.push(Quote {
                        span: s..end,
                        inner: s + mark_len(bytes, s)..i,
                        paragraph: pi,
                        closed: true,
                        continues_previous: continues,
                    });
                } else if first_in_para && prev_unclosed {
                    // A closing mark ending a quotation carried over without a reopening mark.
                    let end = i + c.len_utf8();
                    out.push(Quote {
                        span: p.start..end,
                        inner: p.start..i,
                        paragraph: pi,
                        closed: true,
                        continues_previous: true,
                    });
                }
            }
            first_in_para = false;
        }
        prev_unclosed = false;
        if let Some(s) = open {
            out.push(Quote {
                span: s..p.end,
                inner: s + mark_len(bytes, s)..p.end,
                paragraph: pi,
                closed: false,
                continues_previous: continues,
            });
            prev_unclosed = true;
        }
    }
    out
}

fn mark_len(bytes: &[u8], at: usize) -> usize {
    match bytes[at] {
        b'"' => 1,
        0xC2 => 2,
        _ => 3,
    }
}

#[cfg(test)]
mod tests {
    use crate::document::{Document, Format};

    #[test]
    fn straight_and_curly() {
        let t = "He said \"yes\" and “no” today.";
        let doc = Document::parse(t, Format::Text);
        let q: Vec<&str> = doc.quotes.iter().map(|q| &t[q.inner.clone()]).collect();
        assert_eq!(q, ["yes", "no"]);
    }

    #[test]
    fn multi_paragraph_quote() {
        let t = "“First part of it.\n\n“Second part,” she said.\n\nNext.";
        let doc = Document::parse(t, Format::Text);
        assert_eq!(doc.quotes.len(), 2);
        assert!(!doc.quotes[0].closed);
        assert!(doc.quotes[1].continues_previous && doc.quotes[1].closed);
        assert!(doc.in_quote(t.find("Second").unwrap()));
        assert!(!doc.in_quote(t.find("she").unwrap()));
    }

    /// The quote marks [`super::quote_marks`] finds in `t`, and the offsets of its quote chars.
    fn marks_found_and_expected(t: &str) -> (Vec<usize>, Vec<usize>) {
        let want = t
            .char_indices()
            .filter(|(_, c)| matches!(c, '"' | '“' | '”' | '«' | '»'))
            .map(|(i, _)| i)
            .collect();
        (super::quote_marks(t.as_bytes()).collect(), want)
    }

    proptest::proptest! {
        /// The quotation marks the word scan notes are those of the text from the first
        /// paragraph to the last, where the quotations are looked for.
        #[test]
        fn the_word_scan_notes_the_quote_marks_of_the_paragraphs(
            t in "([ \n]{0,3}[a \"“”«»’‘—\u{101C}\u{301C}\u{AB}\u{9C}é\n.]{0,120}){0,4}"
        ) {
            let paragraphs = Document::parse(&t, Format::Text).paragraphs;
            let mut words = crate::document::words::words(&t, &paragraphs);
            let got: Vec<usize> = words.take_quote_marks().iter().map(|&m| m as usize).collect();
            let span = paragraphs.first().map_or(0..0, |f| f.start..paragraphs[paragraphs.len() - 1].end);
            let want: Vec<usize> = marks_found_and_expected(&t).1.into_iter().filter(|i| span.contains(i)).collect();
            proptest::prop_assert_eq!(got, want);
        }

        #[test]
        fn quote_marks_are_the_quote_chars(
            t in "[a \"“”«»’‘—–…\u{101C}\u{301C}\u{AB}\u{C2AB}\u{9C}\u{2009}é\n]{0,200}"
        ) {
            let (got, want) = marks_found_and_expected(&t);
            proptest::prop_assert_eq!(got, want);
        }

        /// Long runs of plain ASCII, whose blocks are passed over after one test, between marks.
        #[test]
        fn quote_marks_between_runs_of_ascii(
            t in "([a-z .,]{0,90}[\"“”«»’é\u{9C}]){0,8}[a-z ]{0,70}"
        ) {
            let (got, want) = marks_found_and_expected(&t);
            proptest::prop_assert_eq!(got, want);
        }
    }

    #[test]
    fn apostrophes_are_not_quotes() {
        let doc = Document::parse("Harris’ office didn't say.", Format::Text);
        assert!(doc.quotes.is_empty());
    }
}
