//! `layout/run-together-words`.

use crate::diagnostic::{Diagnostic, Edit, Fix, Severity};
use crate::document::Document;
use crate::rules::{FixAvailability, Rule, RuleMeta};

const EXPLANATION: &str = "\
## What it flags
Two words run together where a line break, a link or a full stop was stripped: a lowercase word
of three letters or more followed directly by a capitalised one (`openedDepartment`).

## Why
HTML-to-text conversion drops the `<br>` or `</a>` between two words, and the end of one sentence
glues onto the start of the next.

## Example
Flagged:  `when the season openedDepartment officials did not say`
Suggested: `when the season opened. Department officials did not say`

## Not flagged
Brand and product names with an inner capital that start with one or two lowercase letters
(`iPhone`, `eBay`, `iOS`), all-caps parts (`macOS`), names like `McDonald` or `DiCaprio`.

## Fix safety
Suggestion only: whether a space or a full stop was lost depends on the text.";

/// Flags a lowercase word glued to a capitalised one.
pub struct RunTogetherWords;

static META: RuleMeta = RuleMeta::builtin(
    "layout/run-together-words",
    Severity::Warning,
    "Two words run together (`openedDepartment`)",
    FixAvailability::DisplayOnly,
    EXPLANATION,
);

/// Where a lowercase run of 3+ ASCII letters meets a capital followed by 2+ lowercase letters.
fn seam(word: &str) -> Option<usize> {
    let b = word.as_bytes();
    if !b.first().is_some_and(u8::is_ascii_lowercase) || !b.iter().all(u8::is_ascii_alphabetic) {
        return None;
    }
    let k = b.iter().position(u8::is_ascii_uppercase)?;
    let tail = &b[k + 1..];
    (k >= 3 && tail.len() >= 2 && tail.iter().all(u8::is_ascii_lowercase)).then_some(k)
}

impl Rule for RunTogetherWords {
    fn meta(&self) -> &RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, out: &mut Vec<Diagnostic>) {
        for w in &doc.words {
            let word = &doc.text[w.span()];
            if word.len() < 6 {
                continue;
            }
            if let Some(k) = seam(word) {
                let at = w.start() + k;
                out.push(
                    META.diag(
                        w.span(),
                        format!("`{}` and `{}` are run together", &word[..k], &word[k..]),
                    )
                    .with_fix(Fix::display_only(
                        "Separate the words",
                        vec![Edit::insert(at, " ")],
                    )),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RunTogetherWords;
    use crate::rules::testing::*;

    #[test]
    fn flags() {
        assert_flags(
            &RunTogetherWords,
            "when the season openedDepartment officials",
            &["openedDepartment"],
        );
    }

    #[test]
    fn hard_negatives() {
        assert_clean(
            &RunTogetherWords,
            "iPhone eBay iOS macOS McDonald DiCaprio YouTube PlayStation iPad",
        );
    }
}
