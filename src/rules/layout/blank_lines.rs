//! `layout/blank-lines`.

use super::blank_run_into;
use crate::diagnostic::{Diagnostic, Edit, Fix, Severity};
use crate::document::Document;
use crate::rules::{FixAvailability, Rule, RuleMeta};

const EXPLANATION: &str = "\
## What it flags
More than one empty line between paragraphs, or after the last line of text.

## Why
Paragraphs are separated by exactly one empty line; extra ones are left where something was cut
(an image, an embed, a promotional block) and show up as gaps in the published story.

## Example
Flagged:  `…by helicopter.` + three empty lines + `The agency said…`
Fixed:    one empty line between the paragraphs.

## Not flagged
One empty line between paragraphs or at the end of the file, empty lines at the start
(reported by `layout/leading-blank-lines`), code blocks in Markdown.

## Fix safety
Safe: only the surplus line breaks are removed.";

/// Flags surplus empty lines between paragraphs and at the end of a file.
pub struct BlankLines;

static META: RuleMeta = RuleMeta::builtin(
    "layout/blank-lines",
    Severity::Warning,
    "More than one empty line between paragraphs or at the end of the file",
    FixAvailability::Safe,
    EXPLANATION,
);

impl Rule for BlankLines {
    fn meta(&self) -> &RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, out: &mut Vec<Diagnostic>) {
        let text = doc.text;
        let b = text.as_bytes();
        // One list of line ends, reused for the run after each paragraph. Only paragraphs with
        // two blank lines after them can have more than two line ends there.
        let mut ends = Vec::with_capacity(8);
        for &pi in doc.wide_gaps() {
            let pi = pi as usize;
            let p = &doc.paragraphs[pi];
            blank_run_into(text, p.end, &mut ends);
            let at_end = pi + 1 == doc.paragraphs.len();
            // Between paragraphs, one empty line (two line breaks). After the last paragraph one
            // line break is right; a single empty line after it is common enough to let pass, but
            // when there are more, the fix removes them all.
            if ends.len() <= 2 {
                continue;
            }
            let keep = if at_end { 1 } else { 2 };
            if at_end
                && ends
                    .last()
                    .is_some_and(|&e| e < text.len() && !text[e..].trim().is_empty())
            {
                continue;
            }
            let start = ends[keep - 1];
            let mut end = *ends.last().unwrap_or(&start);
            if at_end {
                // Also take trailing spaces after the last line break.
                end = b.len().min(
                    end + text[end..].len() - text[end..].trim_start_matches([' ', '\t']).len(),
                );
            }
            let surplus = ends.len() - keep;
            let plural = if surplus == 1 { "line" } else { "lines" };
            let msg = if at_end {
                format!("{surplus} empty {plural} after the last line of text")
            } else {
                format!("{surplus} surplus empty {plural} between paragraphs")
            };
            out.push(META.diag(start..end, msg).with_fix(Fix::safe(
                format!("Remove the surplus empty {plural}"),
                vec![Edit::delete(start..end)],
            )));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{blank_run_into, BlankLines};
    use crate::document::{Document, Format};
    use crate::rules::testing::*;

    #[test]
    fn flags_and_fixes() {
        assert_fixed(&BlankLines, "One.\n\n\n\nTwo.\n", "One.\n\nTwo.\n");
        assert_fixed(&BlankLines, "One.\n\n\n\n", "One.\n");
        assert_fixed(
            &BlankLines,
            "One.\r\n\r\n\r\nTwo.\r\n",
            "One.\r\n\r\nTwo.\r\n",
        );
        assert_flags(&BlankLines, "One.\n\n\nTwo.", &["\n"]);
    }

    proptest::proptest! {
        /// Every paragraph with more than two line ends after it is among the document's wide
        /// gaps, the only paragraphs the rule looks after.
        #[test]
        fn wide_gaps_hold_every_paragraph_with_surplus_lines(
            t in "[a# \t\r\n\u{A0}-]{0,80}",
            md in proptest::bool::ANY,
        ) {
            let format = if md { Format::Markdown } else { Format::Text };
            let doc = Document::parse(&t, format);
            let mut ends = Vec::new();
            for (pi, p) in doc.paragraphs.iter().enumerate() {
                blank_run_into(&t, p.end, &mut ends);
                if ends.len() > 2 {
                    proptest::prop_assert!(doc.wide_gaps().contains(&(pi as u32)), "{pi} {t:?}");
                }
            }
        }
    }

    #[test]
    fn hard_negatives() {
        assert_clean(&BlankLines, "One.\n\nTwo.\n");
        assert_clean(&BlankLines, "One.\n\nTwo.");
        assert_clean(&BlankLines, "\n\n\nOne.\n");
        assert_clean(&BlankLines, "One.\n\n");
    }
}
