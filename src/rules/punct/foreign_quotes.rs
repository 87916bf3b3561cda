//! `punct/foreign-quotes`.

use crate::diagnostic::{Diagnostic, Edit, Fix, Severity};
use crate::document::Document;
use crate::rules::encoding::for_each_format_candidate;
use crate::rules::{FixAvailability, Rule, RuleMeta};

const EXPLANATION: &str = "\
## What it flags
Quotation marks and question or exclamation marks of another language in English copy:
guillemets (`« Nous ne céderons pas »`, `‹ … ›`, and the German `»…«`), the German low opening
quote (`„Wir geben nicht auf“`), and the Spanish inverted marks `¿` and `¡`.

## Why
A translation engine or a pasted foreign-language source keeps its typography. English news
uses `“…”` (or `\"…\"`) and puts no space inside the marks.

## Example
Flagged:  `the minister said « we will not give in ».`
Fixed:    `the minister said “we will not give in”.`

## Not flagged
English quotation marks; guillemets around words in another script (`«عيد مبارك»`, `«С Новым
годом»`), which is how those languages quote; `¿` and `¡` before Spanish (`¿Qué pasa?`); the
marks inside code in Markdown.

## Fix safety
Unsafe: a pair in one paragraph becomes `“…”` (`‘…’` for single guillemets), with the spaces
inside it removed; check the house style wants curly quotes. A mark with no partner in its
paragraph (a breadcrumb `Home » World`, a quotation over several paragraphs) is flagged without a
fix. `¿` and `¡` are removed.";

/// Flags guillemets, German low quotes and Spanish inverted marks.
pub struct ForeignQuotes;

static META: RuleMeta = RuleMeta::builtin(
    "punct/foreign-quotes",
    Severity::Warning,
    "Quotation marks of another language (`« »`, `„ “`) or Spanish `¿ ¡` in English copy",
    FixAvailability::Unsafe,
    EXPLANATION,
);

/// The spaces French and Russian typography put inside guillemets.
fn is_inner_space(c: char) -> bool {
    matches!(c, ' ' | '\u{A0}' | '\u{202F}' | '\u{2009}')
}

/// The mark that closes a quotation opened by `open` (`None` for `„`, which `“` or `”` closes,
/// marks not in the list), and the English marks that replace the pair.
fn pair_of(open: char) -> Option<(Option<char>, char, char)> {
    match open {
        '«' => Some((Some('»'), '“', '”')),
        '»' => Some((Some('«'), '“', '”')),
        '‹' => Some((Some('›'), '‘', '’')),
        '›' => Some((Some('‹'), '‘', '’')),
        '„' => Some((None, '“', '”')),
        _ => None,
    }
}

/// The marks the rule looks at, each a kind of its own.
const MARKS: [char; 7] = ['«', '»', '‹', '›', '„', '¿', '¡'];
const KINDS: usize = MARKS.len();
const NONE: u32 = u32::MAX;

fn kind(c: char) -> usize {
    MARKS.iter().position(|&m| m == c).unwrap_or(0)
}

/// What one mark is.
fn name(c: char) -> &'static str {
    match c {
        '«' | '»' => "guillemet",
        '‹' | '›' => "single guillemet",
        '„' => "German low quotation mark",
        '¿' => "Spanish inverted question mark",
        _ => "Spanish inverted exclamation mark",
    }
}

/// What a pair opened by `open` is.
fn style(open: char) -> &'static str {
    match open {
        '«' | '»' => "guillemets (French, Russian or German typography)",
        '‹' | '›' => "single guillemets",
        _ => "German quotation marks",
    }
}

/// Whether `s` reads as English-alphabet text: it has an ASCII letter and no letter of a script
/// other than Latin. Guillemets around Persian or Russian words are how those languages quote,
/// and an English story may keep them with the words.
fn latin_text(s: &str) -> bool {
    s.bytes().any(|b| b.is_ascii_alphabetic())
        && !s.chars().any(|c| {
            c.is_alphabetic() && !(c < '\u{250}' || ('\u{1E00}'..='\u{1EFF}').contains(&c))
        })
}

/// English words a question or exclamation starts with: `¿` before one of them is a stray
/// mark; before Spanish (`¿Qué pasa?`) it is a quotation in Spanish.
const ENGLISH_STARTS: &[&str] = &[
    "what", "where", "who", "whom", "whose", "why", "how", "when", "which", "is", "are", "was",
    "were", "do", "does", "did", "can", "could", "will", "would", "should", "shall", "have", "has",
    "had", "may", "might", "must", "the", "this", "that", "it", "we", "you", "they", "he", "she",
    "i", "no", "yes", "stop", "help", "enough", "never", "not", "look", "come", "isn't", "aren't",
    "don't", "doesn't", "didn't", "can't", "won't", "wasn't", "weren't",
];

/// Whether the word right after `at` is one of [`ENGLISH_STARTS`].
fn english_follows(text: &str, at: usize) -> bool {
    let rest = &text[at..];
    let word: String = rest
        .chars()
        .take_while(|c| c.is_alphabetic() || matches!(c, '\'' | '’'))
        .take(12)
        .map(|c| {
            if c == '’' {
                '\''
            } else {
                c.to_ascii_lowercase()
            }
        })
        .collect();
    ENGLISH_STARTS.contains(&word.as_str())
}

/// The text of the words around `at` (up to 40 bytes on each side, on char boundaries).
fn around(text: &str, at: usize, len: usize) -> &str {
    let mut from = at.saturating_sub(40);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    let mut to = (at + len + 40).min(text.len());
    while !text.is_char_boundary(to) {
        to -= 1;
    }
    &text[from..to]
}

impl Rule for ForeignQuotes {
    fn meta(&self) -> &RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, out: &mut Vec<Diagnostic>) {
        let text = doc.text;
        let mut marks: Vec<(usize, char)> = Vec::new();
        for_each_format_candidate(doc, |i, c| {
            if MARKS.contains(&c) {
                marks.push((i, c));
            }
        });
        // Where the next mark of each kind is, from each mark on (one pass backwards), so
        // that a mark's partner and an opening between the two are found without a search:
        // a file of thousands of unpaired guillemets costs no more than a few.
        let mut next: Vec<[u32; KINDS]> = vec![[NONE; KINDS]; marks.len() + 1];
        for k in (0..marks.len()).rev() {
            next[k] = next[k + 1];
            next[k][kind(marks[k].1)] = k as u32;
        }
        // The marks already reported as the closing half of a pair.
        let mut closed = vec![false; marks.len()];
        // The last search for a closing `“`/`”` of a `„`: from where, and what it found (the
        // closing mark, or the end of the paragraph). A later `„` before that place finds the
        // same answer, so no stretch of text is searched twice.
        let mut low_search: Option<(usize, Option<usize>, usize)> = None;
        for (k, &(i, c)) in marks.iter().enumerate() {
            if closed[k] {
                continue;
            }
            let len = c.len_utf8();
            // A mark that opens something follows a space or an opening bracket or dash. One
            // glued to a letter or symbol is part of mojibake (`â„¢` is `™` misread, `Ã¡` is
            // `á`), which `encoding/mojibake` reports.
            let glued = text[..i].chars().next_back().is_some_and(|p| {
                p.is_alphanumeric()
                    || !p.is_ascii() && !p.is_whitespace() && !matches!(p, '—' | '–' | '“' | '‘')
            });
            if glued {
                continue;
            }
            if matches!(c, '¿' | '¡') {
                if !english_follows(text, i + len) {
                    continue;
                }
                out.push(
                    META.diag(i..i + len, format!("`{c}`: {} in English copy", name(c)))
                        .with_fix(Fix::unsafe_(
                            "Remove the mark",
                            vec![Edit::delete(i..i + len)],
                        )),
                );
                continue;
            }
            let Some((closer, open_with, close_with)) = pair_of(c) else {
                continue;
            };
            let para_end = doc
                .paragraph_at(i)
                .map_or(text.len(), |p| doc.paragraphs[p].end);
            let after = i + len;
            let para_end = para_end.max(after);
            // The partner: the next closing mark in the paragraph, with no other opening of
            // the same kind before it.
            let close = match closer {
                Some(cl) => {
                    let m = next[k + 1][kind(cl)];
                    (m != NONE).then(|| (Some(m as usize), marks[m as usize].0))
                }
                None => {
                    let found = match low_search {
                        Some((from, found, to)) if from <= after && after <= to => found,
                        _ => {
                            let found = text[after..para_end].find(['“', '”']).map(|f| after + f);
                            low_search = Some((after, found, found.unwrap_or(para_end)));
                            found
                        }
                    };
                    found.map(|j| (None, j))
                }
            }
            .filter(|&(_, j)| {
                let again = next[k + 1][kind(c)];
                j < para_end && (again == NONE || marks[again as usize].0 > j)
            });
            let Some((closing_mark, j)) = close else {
                if !latin_text(around(text, i, len)) {
                    continue;
                }
                out.push(META.diag(
                    i..after,
                    format!(
                        "`{c}`: {} in English copy, with no partner in its paragraph",
                        name(c)
                    ),
                ));
                continue;
            };
            if let Some(m) = closing_mark {
                closed[m] = true;
            }
            if !latin_text(&text[after..j]) {
                continue;
            }
            let cc = text[j..].chars().next().unwrap_or(c);
            let inner_start = after + text[after..j].len()
                - text[after..j].trim_start_matches(is_inner_space).len();
            let inner_end = after + text[after..j].trim_end_matches(is_inner_space).len();
            let inner_end = inner_end.max(inner_start);
            let quoted = format!("{c}…{cc}");
            out.push(
                META.diag(
                    i..after,
                    format!("`{quoted}`: {} in English copy", style(c)),
                )
                .with_fix(Fix::unsafe_(
                    format!("Open the quotation with `{open_with}`"),
                    vec![Edit::replace(i..inner_start, open_with.to_string())],
                )),
            );
            let j_end = j + cc.len_utf8();
            out.push(
                META.diag(
                    j..j_end,
                    format!("`{quoted}`: the closing mark of {}", style(c)),
                )
                .with_fix(Fix::unsafe_(
                    format!("Close the quotation with `{close_with}`"),
                    vec![Edit::replace(inner_end..j_end, close_with.to_string())],
                )),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::ForeignQuotes;
    use crate::rules::testing::*;

    #[test]
    fn flags() {
        assert_flags(
            &ForeignQuotes,
            "the minister said « we will not give in ». Then he left.",
            &["«", "»"],
        );
        assert_flags(&ForeignQuotes, "Er sagte „Nein“ dazu.", &["„", "“"]);
        assert_flags(&ForeignQuotes, "¿Where were you? ¡No!", &["¿", "¡"]);
        assert_flags(&ForeignQuotes, "Home » World » Europe", &["»", "»"]);
    }

    #[test]
    fn fixes() {
        assert_fixed(
            &ForeignQuotes,
            "the minister said « we will not give in ». Then he left.",
            "the minister said “we will not give in”. Then he left.",
        );
        assert_fixed(
            &ForeignQuotes,
            "He said \u{AB}\u{202F}non\u{202F}\u{BB} and »ja« and ‹ oui ›.",
            "He said “non” and “ja” and ‘oui’.",
        );
        assert_fixed(
            &ForeignQuotes,
            "Er sagte „Nein“ dazu.",
            "Er sagte “Nein” dazu.",
        );
        assert_fixed(&ForeignQuotes, "¿Where?", "Where?");
    }

    #[test]
    fn a_pair_stays_within_its_paragraph() {
        // A quotation running over two paragraphs: each mark is flagged alone, without a fix.
        let text = "She said « the first part.\n\nAnd the second » then left.";
        let found = run(&ForeignQuotes, text);
        assert_eq!(found.len(), 2);
        assert!(found.iter().all(|d| d.fix.is_none()));
    }

    #[test]
    fn each_opening_finds_its_own_partner() {
        assert_fixed(
            &ForeignQuotes,
            "Er sagte „ja“ und „nein“, « oui » et « non ».",
            "Er sagte “ja” und “nein”, “oui” et “non”.",
        );
        // An opening before another of its kind has no partner; the second pairs.
        let text = "„one „two“ three.";
        let found = run(&ForeignQuotes, text);
        let fixed: Vec<bool> = found.iter().map(|d| d.fix.is_some()).collect();
        assert_eq!(fixed, [false, true, true]);
        assert_eq!(found[0].span, 0..3);
        // Thousands of marks with no partner, each flagged once.
        let many = "word « ".repeat(5000);
        assert_eq!(run(&ForeignQuotes, &many).len(), 5000);
    }

    #[test]
    fn hard_negatives() {
        assert_clean(
            &ForeignQuotes,
            "“We will not give in,” he said. ‘Quite,’ she said. \"Fine.\" Don’t.",
        );
        // Quotations in another script or in Spanish keep their own marks.
        assert_clean(
            &ForeignQuotes,
            "Banners read «عيد مبارك» (Eid Mubarak) and «С Новым годом».",
        );
        assert_clean(
            &ForeignQuotes,
            "Fans chanted “¡Vamos!” and asked ¿Qué pasa?",
        );
        assert_clean(&ForeignQuotes, "A sign said « کتاب‌ها » and » Москва");
        // Mojibake of `™` and `á`.
        assert_clean(&ForeignQuotes, "Acmeâ„¢ and cafÃ¡ What");
    }
}
