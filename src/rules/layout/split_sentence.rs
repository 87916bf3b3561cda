//! `layout/split-sentence`.

use crate::diagnostic::{Diagnostic, Edit, Fix, Severity};
use crate::document::Document;
use crate::rules::{FixAvailability, Rule, RuleMeta};

const EXPLANATION: &str = "\
## What it flags
A paragraph break in the middle of a sentence: a paragraph that ends on a lowercase word with no
punctuation after it (or a comma), followed by a paragraph that starts with a lowercase word.

## Why
Text copied from a PDF or a web page, or passed through a tool that wraps lines, comes back with
a break wherever a line ended: `cut off from the` / `main road for two days`. The reader sees two
paragraphs that each make no sense.

## Example
Flagged:  `…towns were cut off from the` + blank line + `main road for two days.`
Fixed:    `…towns were cut off from the main road for two days.`

## Not flagged
A paragraph that ends with punctuation, a paragraph of fewer than four words, a next paragraph
that starts with a capital, a digit, a quotation mark or a word such as `iPhone` or `e-mail`;
Markdown headings, lists, tables, quotations and code.

## Fix safety
Unsafe: the two paragraphs are joined with one space. Check that nothing was lost at the break.";

/// Flags a sentence split over two paragraphs.
pub struct SplitSentence;

static META: RuleMeta = RuleMeta::builtin(
    "layout/split-sentence",
    Severity::Warning,
    "A paragraph break in the middle of a sentence (`cut off from the` / `main road`)",
    FixAvailability::Unsafe,
    EXPLANATION,
);

impl Rule for SplitSentence {
    fn meta(&self) -> &RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, out: &mut Vec<Diagnostic>) {
        let b = doc.text.as_bytes();
        for pair in doc.paragraphs.windows(2) {
            let (p, q) = (&pair[0], &pair[1]);
            // Most paragraphs start with a capital, a digit or a quotation mark: one byte tells.
            if b.get(q.start)
                .is_some_and(|c| c.is_ascii() && !c.is_ascii_lowercase())
            {
                continue;
            }
            // The next paragraph's first token: lowercase letters only (not `iPhone`, `e-mail`,
            // `www.…`), perhaps followed by a comma or a full stop.
            let next = doc.slice(q);
            let token = next.split_whitespace().next().unwrap_or("");
            let token = token.trim_end_matches([',', '.', ';', ':']);
            if token.is_empty() || !token.chars().all(char::is_lowercase) {
                continue;
            }
            let Some(last) = super::open_end(doc, p, 4, true) else {
                continue;
            };
            if doc.touches_non_prose(q) {
                continue;
            }
            out.push(
                META.diag(
                    last.start..q.start + token.len(),
                    format!(
                        "a paragraph break splits a sentence between `{}` and `{token}`",
                        &doc.text[last.clone()]
                    ),
                )
                .with_note("text copied from a PDF or a web page often breaks where a line ended")
                .with_fix(Fix::unsafe_(
                    "Join the two paragraphs",
                    vec![Edit::replace(p.end..q.start, " ".to_string())],
                )),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::SplitSentence;
    use crate::rules::testing::*;

    #[test]
    fn flags() {
        assert_flags(
            &SplitSentence,
            "Several towns were cut off from the\n\nmain road for two days.\n",
            &["the\n\nmain"],
        );
        // A comma before the break, more blank lines, and a word with an accent.
        assert_flags(
            &SplitSentence,
            "The mayor, who arrived late,\n\n\nsaid the café would reopen.\n",
            &["late,\n\n\nsaid"],
        );
        assert_flags(
            &SplitSentence,
            "Crews worked through the night in the old café\n\nand cleared it.\n",
            &["café\n\nand"],
        );
    }

    #[test]
    fn the_fix_joins_the_paragraphs() {
        let text = "Several towns were cut off from the  \n\nmain road for two days.\n";
        assert_fixed(
            &SplitSentence,
            text,
            "Several towns were cut off from the main road for two days.\n",
        );
    }

    #[test]
    fn hard_negatives() {
        for text in [
            "Several towns were cut off from the road.\n\nmain roads stayed open.\n",
            "Several towns were cut off from the\n\nMain Street bridge for two days.\n",
            "Several towns were cut off from the\n\n“main road” for two days.\n",
            "Cut off the\n\nmain road.\n",
            "Several towns were cut off, officials said\n\niPhone sales fell.\n",
            "Several towns were cut off, officials said\n\ne-mail was down.\n",
            "Several towns were cut off, officials said\n\nwww.example.com was down.\n",
            "Several towns were cut off from the\n\n2 main roads.\n",
            "# Towns were cut off from the main road\n\nand more.\n",
            "- towns were cut off from the main road\n\n- and the rail line\n",
            "Several towns were cut off from the Reuters\n\nmain road.\n",
            "Roads\tcut off from the\tnorth\n\nmain roads\topen\n",
        ] {
            assert_clean(&SplitSentence, text);
        }
    }
}
