//! `layout/leading-blank-lines`.

use super::blank_run;
use crate::diagnostic::{Diagnostic, Edit, Fix, Severity};
use crate::document::Document;
use crate::rules::{FixAvailability, Rule, RuleMeta};

const EXPLANATION: &str = "\
## What it flags
Empty lines before the first line of text.

## Why
Copy pasted out of a CMS or a feed often starts with the empty lines of the template around it.
Many tools take the first line as the headline or slug; an empty first line breaks them.

## Example
Flagged:  four empty lines, then `Vice President Kamala Harris…`
Fixed:    the text starts on the first line.

## Not flagged
A byte-order mark (reported by `encoding/bom`), text that starts on the first line, indentation
of the first line.

## Fix safety
Safe: only the empty lines are removed.";

/// Flags empty lines at the start of a file.
pub struct LeadingBlankLines;

static META: RuleMeta = RuleMeta::builtin(
    "layout/leading-blank-lines",
    Severity::Warning,
    "Empty lines before the first line of text",
    FixAvailability::Safe,
    EXPLANATION,
);

impl Rule for LeadingBlankLines {
    fn meta(&self) -> &RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, out: &mut Vec<Diagnostic>) {
        let start = if doc.text.starts_with('\u{FEFF}') {
            3
        } else {
            0
        };
        let ends = blank_run(doc.text, start);
        let Some(&end) = ends.last() else { return };
        if end >= doc.text.len() {
            return; // An empty or whitespace-only file.
        }
        let n = ends.len();
        let plural = if n == 1 { "empty line" } else { "empty lines" };
        out.push(
            META.diag(
                start..end,
                format!("{n} {plural} before the first line of text"),
            )
            .with_fix(Fix::safe(
                format!("Remove the leading {plural}"),
                vec![Edit::delete(start..end)],
            )),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::LeadingBlankLines;
    use crate::rules::testing::*;

    #[test]
    fn flags_and_fixes() {
        assert_flags(&LeadingBlankLines, "\n\n\n\nText.\n", &["\n\n\n\n"]);
        assert_flags(&LeadingBlankLines, "\u{FEFF}\n \nText.\n", &["\n \n"]);
        assert_fixed(&LeadingBlankLines, "\n\r\nText.\n", "Text.\n");
    }

    #[test]
    fn hard_negatives() {
        assert_clean(&LeadingBlankLines, "Text.\n\n\nMore.\n");
        assert_clean(&LeadingBlankLines, "   Indented first line.\n");
        assert_clean(&LeadingBlankLines, "");
        assert_clean(&LeadingBlankLines, "\n\n");
    }
}
