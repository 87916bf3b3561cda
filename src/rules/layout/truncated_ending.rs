//! `layout/truncated-ending`.

use crate::diagnostic::{Diagnostic, Severity};
use crate::document::Document;
use crate::rules::{FixAvailability, Rule, RuleMeta};

const EXPLANATION: &str = "\
## What it flags
A story whose last paragraph stops mid-sentence: it ends on a lowercase word with no full stop,
question mark, exclamation mark or closing quotation mark, or with a comma, a colon, a semicolon
or a dash after it (`The mayor said:`).

## Why
Feeds and CMS fields with a length limit cut the text off; the missing end is easy to miss because
the editor reads the top of the story.

## Example
Flagged:  `…studying whether similar networks could serve the towns around`

## Not flagged
A last paragraph that ends with punctuation or a quotation mark, a credit line or byline
(`Reporting by …; Editing by …` ends on a name), a Markdown heading, list, table or code block,
a last paragraph of fewer than eight words.

## Fix safety
No fix: the missing words must come from the source.";

/// Flags a story cut off mid-sentence.
pub struct TruncatedEnding;

static META: RuleMeta = RuleMeta::builtin(
    "layout/truncated-ending",
    Severity::Warning,
    "The story stops mid-sentence",
    FixAvailability::None,
    EXPLANATION,
);

impl Rule for TruncatedEnding {
    fn meta(&self) -> &RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, out: &mut Vec<Diagnostic>) {
        let Some(p) = doc.paragraphs.last() else {
            return;
        };
        let text = doc.slice(p);
        if text.starts_with(['#', '-', '*', '|', '>', '<', '`', '[', '!'])
            || text.starts_with(|c: char| c.is_ascii_digit())
        {
            return;
        }
        let n_words = doc
            .words
            .iter()
            .rev()
            .take_while(|w| doc.paragraphs.last().is_some_and(|p| w.start() >= p.start))
            .count();
        if n_words < 8 {
            return;
        }
        let Some(last) = doc.words.last() else { return };
        // Nothing after the last word, or a mark that cannot end a story: a comma, a colon that
        // opens what never came, a semicolon or a dash.
        let tail = doc.text.get(last.end()..p.end).unwrap_or("");
        if !matches!(tail, "" | "," | ":" | ";" | " —" | " –" | "—") {
            return;
        }
        let word = &doc.text[last.span()];
        if !word.chars().all(|c| c.is_lowercase()) {
            return;
        }
        let sentence = doc.sentence_at(last.start()).unwrap_or_else(|| last.span());
        out.push(
            META.diag(
                sentence,
                "the story stops mid-sentence: the last sentence has no ending",
            )
            .with_note("restore the missing end from the source"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::TruncatedEnding;
    use crate::rules::testing::*;

    #[test]
    fn flags() {
        assert_flags(
            &TruncatedEnding,
            "First.\n\nThey are studying whether similar networks could serve the towns around\n",
            &["They are studying whether similar networks could serve the towns around"],
        );
        for end in [":", ",", ";", " —"] {
            let text =
                format!("First.\n\nThe vote was close, officials said, and the mayor said{end}\n");
            let last = format!("The vote was close, officials said, and the mayor said{end}");
            assert_flags(&TruncatedEnding, &text, &[&last]);
        }
    }

    #[test]
    fn hard_negatives() {
        assert_clean(
            &TruncatedEnding,
            "They are studying whether similar networks could serve the towns.\n",
        );
        assert_clean(
            &TruncatedEnding,
            "Text.\n\nReporting by Jane Doe in Lima; Editing by John Smith\n",
        );
        assert_clean(
            &TruncatedEnding,
            "“We are studying whether networks could serve the towns around here”\n",
        );
        assert_clean(&TruncatedEnding, "short ending here\n");
        assert_clean(
            &TruncatedEnding,
            "The vote was close, officials said, and the mayor said: no.\n",
        );
        assert_clean(
            &TruncatedEnding,
            "The vote was close, officials said, and the Mayor said: Reuters\n",
        );
    }
}
