//! `layout/double-space`.

use crate::diagnostic::{Diagnostic, Edit, Fix, Severity};
use crate::document::Document;
use crate::rules::{FixAvailability, Rule, RuleMeta};

const EXPLANATION: &str = "\
## What it flags
Two spaces between two words in a line of prose: `the rally drew  thousands of people`.

## Why
A pipeline that strips a link, a tag, an ad or a word it cannot translate often leaves the spaces
on both sides of it behind. The double space is the trace: check that nothing is missing there.

## Example
Flagged:  `The rally drew  thousands of people.`
Fixed:    `The rally drew thousands of people.`

## Not flagged
Two spaces after a full stop, a question mark or a colon, or after a closing quotation mark that
follows one (an older typing convention, not damage); indentation; spaces at the end of a line
(`layout/trailing-whitespace`); runs of three spaces or more, and short lines with two runs or more or
long ones with four, which align columns (tables, results); tabs; code, links and front matter in Markdown, and
Markdown table rows.

## Fix safety
Safe: one space is removed. The fix cannot bring back a dropped word.";

/// Flags two spaces between words.
pub struct DoubleSpace;

static META: RuleMeta = RuleMeta::builtin(
    "layout/double-space",
    Severity::Warning,
    "Two spaces between words, where something may have been dropped",
    FixAvailability::Safe,
    EXPLANATION,
);

/// Whether the char ending at `end` (exclusive) closes a sentence: a mark that ends one, or a
/// closing quotation mark or bracket right after such a mark.
fn after_sentence_end(text: &str, end: usize) -> bool {
    let before = text[..end].trim_end_matches(['”', '’', '"', '\'', ')', ']']);
    before.ends_with(['.', '!', '?', ':', '…'])
}

/// Whether `line` is a table row: a Markdown one, a short line with two runs of spaces or more,
/// or any line with four or more (columns aligned with spaces).
fn aligned(line: &str) -> bool {
    let mut runs = memchr::memmem::find_iter(line.as_bytes(), b"  ")
        .filter(|&k| k > 0 && line.as_bytes()[k - 1] != b' ');
    let many = if line.len() < 100 {
        runs.nth(1).is_some()
    } else {
        runs.nth(3).is_some()
    };
    many || line.trim_start().starts_with('|')
}

impl Rule for DoubleSpace {
    fn meta(&self) -> &RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, out: &mut Vec<Diagnostic>) {
        let text = doc.text;
        let b = text.as_bytes();
        // The line of the last candidate: its start, its end and whether it is a table row.
        let mut line = (0, 0, false);
        // The scan that finds the words noted the second byte of each run of spaces.
        for &second in &doc.punct_pairs().double_space {
            let second = second as usize;
            let first = second - 1;
            if b[first] != b' ' || b[second] != b' ' {
                continue;
            }
            // Exactly two spaces after a word char, then a word or an opening mark on the line.
            let word_before = first
                .checked_sub(1)
                .is_some_and(|k| b[k].is_ascii_alphanumeric() || b[k] >= 0x80);
            if !word_before {
                continue;
            }
            let Some(&next) = b.get(second + 1) else {
                continue;
            };
            if matches!(next, b' ' | b'\t' | b'\n' | b'\r') {
                continue;
            }
            if after_sentence_end(text, first) || doc.touches_non_prose(&(first..second + 1)) {
                continue;
            }
            // Not a table row (see `aligned`), judged once per line: the candidates come in
            // order, and a long line may hold many.
            if !(line.0..line.1).contains(&first) {
                let start = memchr::memrchr(b'\n', &b[..first]).map_or(0, |k| k + 1);
                let end = memchr::memchr(b'\n', &b[second..]).map_or(b.len(), |k| second + k);
                line = (start, end, aligned(&text[start..end]));
            }
            if line.2 {
                continue;
            }
            out.push(
                META.diag(
                    first..second + 1,
                    "two spaces between words: check that nothing was dropped here",
                )
                .with_fix(Fix::safe(
                    "Remove one space",
                    vec![Edit::delete(second..second + 1)],
                )),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::DoubleSpace;
    use crate::rules::testing::*;

    #[test]
    fn flags_and_fixes() {
        assert_flags(
            &DoubleSpace,
            "The rally drew  thousands of people on Saturday, the largest protest in the city \
             since 1989, police  said.",
            &["  ", "  "],
        );
        assert_fixed(
            &DoubleSpace,
            "The vote was  delayed by a day.",
            "The vote was delayed by a day.",
        );
        assert_fixed(
            &DoubleSpace,
            "São Paulo  “wins” again",
            "São Paulo “wins” again",
        );
    }

    #[test]
    fn hard_negatives() {
        for t in [
            "The vote was delayed.  Officials said it would resume.",
            "“It is over.”  The crowd left.",
            "Is it over?  Nobody knows.",
            "Note:  the vote was delayed.",
            "    Indented text stays as it is.",
            "The vote was delayed.   \nThe next line.",
            "Team A   3   1\nTeam B   2   2",
            "Team A  3  1",
            "The vote\t\twas delayed.",
            "| Team | Won  | Lost |",
            "The vote was delayed  \nby a day.",
        ] {
            assert_clean(&DoubleSpace, t);
        }
    }
}
