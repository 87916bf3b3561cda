//! Sentence splitting that survives news copy: titles, initials, dotted abbreviations, decimals,
//! ellipses and quotations that end a sentence.

use super::Word;
use std::ops::Range;

/// Abbreviations after which a period never ends a sentence: titles, months, "No." before a number.
const NEVER_FINAL: &[&str] = &[
    "Mr", "Mrs", "Ms", "Mx", "Dr", "Prof", "Sen", "Sens", "Rep", "Reps", "Gov", "Gen", "Lt", "Col",
    "Sgt", "Capt", "Cmdr", "Adm", "Maj", "St", "Ste", "Mt", "No", "Nos", "Rev", "Hon", "Coun",
    "Cllr", "Fr", "Pres", "Supt", "Insp", "Det", "Cpl", "Pvt", "Gens", "Messrs", "Jan", "Feb",
    "Apr", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec", "Ave", "Blvd", "Rd", "Ft", "Vol", "vol",
    "pp", "p", "para", "art", "Art", "fig", "Fig", "cf", "approx", "ca", "vs", "v",
];

/// Abbreviations that may end a sentence: a period after them ends one only before a capital.
const MAYBE_FINAL: &[&str] = &[
    "Inc", "Ltd", "Corp", "Co", "Jr", "Sr", "etc", "Bros", "Plc", "plc", "LLC", "Esq", "al",
];

/// Dotted abbreviations that are usually adjectives ("U.S. officials", "U.N. Security Council").
const DOTTED_ADJECTIVES: &[&str] = &["U.S", "U.K", "U.N", "E.U", "U.A.E", "D.C"];

/// Whether `word` (without its period) is an abbreviation that takes a period.
pub fn is_abbreviation(word: &str) -> bool {
    NEVER_FINAL.contains(&word) || MAYBE_FINAL.contains(&word)
}

fn is_terminal(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '…')
}

fn is_closer(c: char) -> bool {
    matches!(c, '"' | '”' | '’' | '\'' | ')' | ']' | '»')
}

/// The word immediately before `offset` (no gap), found in `words`.
fn word_before<'t>(text: &'t str, words: &[Word], offset: usize) -> Option<(&'t str, usize)> {
    let i = words.partition_point(|w| w.span.end <= offset);
    let w = words.get(i.checked_sub(1)?)?;
    (w.span.end == offset).then(|| (&text[w.span.clone()], w.span.start))
}

/// Whether a period at `dot` (with the next sentence's first char `next`) ends a sentence.
pub(crate) fn period_ends_sentence(
    text: &str,
    words: &[Word],
    dot: usize,
    next: Option<char>,
) -> bool {
    let next_upper = next.is_some_and(|c| {
        c.is_uppercase() || c.is_ascii_digit() || matches!(c, '“' | '"' | '‘' | '(')
    });
    let Some((word, wstart)) = word_before(text, words, dot) else {
        return true;
    };
    if NEVER_FINAL.contains(&word) {
        return false;
    }
    if MAYBE_FINAL.contains(&word) {
        return next_upper;
    }
    let single = word.chars().count() == 1;
    let dotted_before = wstart > 0 && text.as_bytes()[wstart - 1] == b'.';
    if dotted_before {
        // The last letter of "U.S." or "a.m.": find the whole abbreviation.
        let start = text[..wstart]
            .char_indices()
            .rev()
            .find(|&(_, c)| c.is_whitespace() || c == '(' || c == '“' || c == '"')
            .map_or(0, |(i, c)| i + c.len_utf8());
        let abbr = &text[start..dot];
        if DOTTED_ADJECTIVES.contains(&abbr) {
            return next_upper && next.is_some_and(|c| !c.is_uppercase()) || next.is_none();
        }
        return next_upper;
    }
    if single && word.chars().all(|c| c.is_uppercase()) {
        // An initial: "J. R. R. Tolkien", "Dana K. Thorsby".
        return false;
    }
    true
}

pub(super) fn sentences(
    text: &str,
    paragraphs: &[Range<usize>],
    words: &[Word],
) -> Vec<Range<usize>> {
    let mut out = Vec::with_capacity(paragraphs.len() * 3);
    let bytes = text.as_bytes();
    for p in paragraphs {
        let mut start = p.start;
        let mut k = p.start;
        // Jump from candidate to candidate with a byte search; only `…` needs its lead byte E2.
        while let Some(off) = bytes[k..p.end]
            .iter()
            .position(|&b| matches!(b, b'.' | b'!' | b'?' | 0xE2))
        {
            let i = k + off;
            let c = text[i..].chars().next().unwrap_or(' ');
            k = i + c.len_utf8();
            if !is_terminal(c) {
                continue;
            }
            // Extend over the run of terminals and closing marks.
            let mut j = k;
            let mut dots = usize::from(c == '.');
            let mut has_closer = false;
            let mut ellipsis = c == '…';
            for c2 in text[j..p.end].chars() {
                if is_terminal(c2) {
                    dots += usize::from(c2 == '.');
                    ellipsis |= c2 == '…';
                } else if is_closer(c2) {
                    has_closer = true;
                } else {
                    break;
                }
                j += c2.len_utf8();
            }
            k = j;
            ellipsis |= dots >= 3;
            if j >= p.end {
                break;
            }
            let after = &text[j..p.end];
            if !after.starts_with(char::is_whitespace) {
                continue;
            }
            let next = after.trim_start().chars().next();
            let lower_next = next.is_some_and(|c| c.is_lowercase());
            let breaks = if ellipsis || has_closer {
                !lower_next
            } else if c == '.' && dots == 1 {
                period_ends_sentence(text, words, i, next)
            } else {
                true
            };
            if breaks {
                out.push(start..j);
                let ws = after.len() - after.trim_start().len();
                start = j + ws;
            }
        }
        if start < p.end {
            out.push(start..p.end);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::document::{Document, Format};

    fn split(t: &str) -> Vec<&str> {
        let doc = Document::parse(t, Format::Text);
        doc.sentences.iter().map(|r| &t[r.clone()]).collect()
    }

    #[test]
    fn news_abbreviations_do_not_split() {
        assert_eq!(
            split("Mr. Smith met Dr. Jones at No. 10 Downing St. on Nov. 14. It rained."),
            [
                "Mr. Smith met Dr. Jones at No. 10 Downing St. on Nov. 14.",
                "It rained."
            ]
        );
        assert_eq!(
            split("J. R. R. Tolkien wrote it. U.S. officials said 3.5 percent."),
            [
                "J. R. R. Tolkien wrote it.",
                "U.S. officials said 3.5 percent."
            ]
        );
    }

    #[test]
    fn quotes_and_ellipses() {
        assert_eq!(
            split("“We will win,” he said. “Wait… no.” She left."),
            ["“We will win,” he said.", "“Wait… no.”", "She left."]
        );
        assert_eq!(
            split("It went on ... and on. Then “Why?” he asked."),
            ["It went on ... and on.", "Then “Why?” he asked."]
        );
    }

    #[test]
    fn multibyte_space_before_a_dotted_abbreviation() {
        // Found by fuzzing: a no-break space before "U.S." made the abbreviation start mid-char.
        assert_eq!(
            split("In the\u{A0}U.S. Senate. Then more."),
            ["In the\u{A0}U.S. Senate.", "Then more."]
        );
    }

    #[test]
    fn mt_seams_split() {
        assert_eq!(
            split("to the United States. States."),
            ["to the United States.", "States."]
        );
        assert_eq!(
            split("ahead of us,” he said. declared."),
            ["ahead of us,” he said.", "declared."]
        );
        assert_eq!(
            split("Acme Inc. said so. Then Acme Inc. The end."),
            ["Acme Inc. said so.", "Then Acme Inc.", "The end."]
        );
    }
}
