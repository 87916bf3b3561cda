//! `layout/trailing-whitespace`.

use crate::diagnostic::{Diagnostic, Edit, Fix, Severity};
use crate::document::{Document, Format};
use crate::rules::{FixAvailability, Rule, RuleMeta};

const EXPLANATION: &str = "\
## What it flags
Spaces or tabs at the end of a line, including lines that hold nothing else.

## Why
Invisible trailing whitespace makes diffs noisy, confuses `git` hooks and CMS imports, and often
marks the place where something was deleted.

## Example
Flagged:  `The council met on Monday.   ` (three spaces before the line break)
Fixed:    `The council met on Monday.`

## Not flagged
A Markdown hard line break (exactly two spaces before a line that continues the paragraph),
the carriage return of a CRLF line ending.

## Fix safety
Safe: only the spaces and tabs are removed.";

/// Flags spaces and tabs before a line break.
pub struct TrailingWhitespace;

static META: RuleMeta = RuleMeta::builtin(
    "layout/trailing-whitespace",
    Severity::Warning,
    "Spaces or tabs at the end of a line",
    FixAvailability::Safe,
    EXPLANATION,
);

impl Rule for TrailingWhitespace {
    fn meta(&self) -> &RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, out: &mut Vec<Diagnostic>) {
        let text = doc.text;
        let b = text.as_bytes();
        // The lines the index found ending blank, and a last line without a line feed.
        let last = doc.lines.len() - 1;
        let unterminated = (!text.ends_with('\n')).then_some(last);
        let lines = doc.lines.blank_ended().iter().map(|&i| i as usize);
        for i in lines.chain(unterminated) {
            let r = doc.lines.line_range(i, text);
            let mut s = r.end;
            while s > r.start && matches!(b[s - 1], b' ' | b'\t') {
                s -= 1;
            }
            if s == r.end {
                continue;
            }
            if doc.format == Format::Markdown
                && r.end - s == 2
                && s > r.start
                && b[s..r.end] == *b"  "
            {
                let next_blank = i + 1 >= doc.lines.len()
                    || text[doc.lines.line_range(i + 1, text)].trim().is_empty();
                if !next_blank {
                    continue;
                }
            }
            let span = s..r.end;
            let what = if s == r.start {
                "whitespace-only line"
            } else {
                "trailing whitespace"
            };
            out.push(
                META.diag(span.clone(), what.to_string())
                    .with_fix(Fix::safe(
                        "Remove the trailing whitespace",
                        vec![Edit::delete(span)],
                    )),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::TrailingWhitespace;
    use crate::rules::testing::*;

    #[test]
    fn flags_and_fixes() {
        assert_flags(
            &TrailingWhitespace,
            "One.  \t \nTwo.\n   \nEnd.   ",
            &["  \t ", "   ", "   "],
        );
        assert_fixed(&TrailingWhitespace, "One. \r\nTwo.\t\n", "One.\r\nTwo.\n");
    }

    #[test]
    fn hard_negatives() {
        assert_clean(&TrailingWhitespace, "One.\r\nTwo.\r\n");
        assert_clean(&TrailingWhitespace, "  Indented.\n");
        let doc = crate::document::Document::parse(
            "Line one  \nline two.\n",
            crate::document::Format::Markdown,
        );
        let mut out = Vec::new();
        crate::rules::Rule::check(&TrailingWhitespace, &doc, &mut out);
        assert!(out.is_empty());
    }
}
