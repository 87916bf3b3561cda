//! `layout/truncated-ending`.

use crate::diagnostic::{Diagnostic, Severity};
use crate::document::Document;
use crate::rules::{FixAvailability, Rule, RuleMeta};

const EXPLANATION: &str = "\
## What it flags
A story whose last paragraph stops mid-sentence: it ends on a lowercase word with no full stop,
question mark, exclamation mark or closing quotation mark, or with a comma, a colon, a semicolon
or a dash after it (`The mayor said:`).

A paragraph inside the story that stops the same way (on a lowercase word, with nothing after
it) while the next paragraph starts a new one, when it cannot be a heading: it has at least eight
words, and an earlier sentence of its own or a last word such as `the`, `of`, `with` or `would`
that cannot end one (`Several towns were cut off from the` + a paragraph that starts with a
capital). When the next paragraph starts with a lowercase word, `layout/split-sentence` reports
the break instead.

## Why
Feeds and CMS fields with a length limit cut the text off; the missing end is easy to miss because
the editor reads the top of the story.

## Example
Flagged:  `…checking whether the same buses could serve the villages beyond`

## Not flagged
A last paragraph that ends with punctuation or a quotation mark, a credit line or byline
(`Reporting by …; Editing by …` ends on a name), a Markdown heading, list, table or code block,
a table whose columns are separated by tabs,
a last paragraph of fewer than eight words unless it ends on a word such as `the`, `of` or
`would` that cannot end a sentence (`Officials said the plan would`). Inside the story: the first paragraph (a headline),
a subheading or standfirst without a full stop (`What the new rules mean for renters in the
city`), a paragraph that ends with a colon before a quotation or a list.

## Fix safety
No fix: the missing words must come from the source.";

/// Flags a story cut off mid-sentence.
pub struct TruncatedEnding;

static META: RuleMeta = RuleMeta::builtin(
    "layout/truncated-ending",
    Severity::Warning,
    "The story, or a paragraph inside it, stops mid-sentence",
    FixAvailability::None,
    EXPLANATION,
);

/// Words that cannot end a sentence: articles, prepositions, conjunctions, auxiliaries.
const CANNOT_END: &[&str] = &[
    "the", "a", "an", "of", "to", "in", "on", "at", "for", "with", "from", "by", "and", "or",
    "but", "into", "onto", "than", "that", "which", "who", "whose", "as", "its", "their", "his",
    "her", "our", "your", "my", "is", "are", "was", "were", "has", "have", "had", "will", "would",
    "could", "should", "can", "may", "might", "must", "between", "during", "while", "because",
    "if", "when", "where", "whether", "said", "told",
];

impl TruncatedEnding {
    /// Paragraphs between the first and the last that stop mid-sentence before a paragraph that
    /// starts a new one.
    fn inside(&self, doc: &Document, out: &mut Vec<Diagnostic>) {
        // Each paragraph's end, and the start of the next, is all the loop reads of most.
        let paragraphs = doc.prefetching(&doc.paragraphs, |p| [p.start, p.end.saturating_sub(1)]);
        for (p, q) in paragraphs.skip(1).zip(doc.paragraphs.iter().skip(2)) {
            if !doc.slice(q).starts_with(|c: char| {
                c.is_uppercase() || c.is_ascii_digit() || matches!(c, '“' | '"' | '‘' | '\'')
            }) {
                continue;
            }
            let Some(last) = super::open_end(doc, p, 8, false) else {
                continue;
            };
            let sentence = doc.sentence_at(last.start).unwrap_or_else(|| last.clone());
            let word = &doc.text[last.clone()];
            if sentence.start <= p.start && !CANNOT_END.contains(&word) {
                continue;
            }
            out.push(
                META.diag(
                    sentence,
                    format!("the paragraph stops mid-sentence, after `{word}`"),
                )
                .with_note("restore the missing end from the source"),
            );
        }
    }
}

impl Rule for TruncatedEnding {
    fn meta(&self) -> &RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, out: &mut Vec<Diagnostic>) {
        self.inside(doc, out);
        let Some(p) = doc.paragraphs.last() else {
            return;
        };
        let text = doc.slice(p);
        if text.starts_with(super::STRUCTURE) || text.starts_with(|c: char| c.is_ascii_digit()) {
            return;
        }
        let n_words = doc
            .words
            .iter()
            .rev()
            .take_while(|w| doc.paragraphs.last().is_some_and(|p| w.start() >= p.start))
            .count();
        let Some(last) = doc.words.last() else { return };
        // A short last paragraph counts only when its last word cannot end a sentence
        // (`Officials said the plan would`): a short one may be a sign-off or a note.
        let short_but_cut = n_words >= 3
            && doc.paragraphs.len() > 1
            && CANNOT_END.contains(&&doc.text[last.span()]);
        if n_words < 8 && !short_but_cut {
            return;
        }
        // Nothing after the last word, or a mark that cannot end a story: a comma, a colon that
        // opens what never came, a semicolon or a dash.
        let tail = doc.text.get(last.end()..p.end).unwrap_or("");
        if !matches!(tail, "" | "," | ":" | ";" | " —" | " –" | "—") {
            return;
        }
        let word = &doc.text[last.span()];
        if !word.chars().all(|c| c.is_lowercase()) || super::ends_in_table_row(text) {
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
            "First.\n\nThey are checking whether the same buses could serve the villages beyond\n",
            &["They are checking whether the same buses could serve the villages beyond"],
        );
        for end in [":", ",", ";", " —"] {
            let text =
                format!("First.\n\nThe vote was close, officials said, and the mayor said{end}\n");
            let last = format!("The vote was close, officials said, and the mayor said{end}");
            assert_flags(&TruncatedEnding, &text, &[&last]);
        }
        // A tab that indents the last line does not make it a table row.
        assert_flags(
            &TruncatedEnding,
            "First.\n\nThey are checking whether the same buses\n\tcould serve the villages beyond\n",
            &["They are checking whether the same buses\n\tcould serve the villages beyond"],
        );
        // A short last paragraph that ends on a word no sentence ends on.
        assert_flags(
            &TruncatedEnding,
            "The vote was close.\n\nOfficials said the plan would\n",
            &["Officials said the plan would"],
        );
    }

    #[test]
    fn flags_a_paragraph_inside_the_story() {
        // After a sentence of its own, and on a word that cannot end one.
        assert_flags(
            &TruncatedEnding,
            "Storm hits coast\n\nThe storm hit on Tuesday. Officials said several towns were cut off from\n\nRescue teams arrived on Wednesday.\n",
            &["Officials said several towns were cut off from"],
        );
        assert_flags(
            &TruncatedEnding,
            "Storm hits coast\n\nOfficials said several towns were cut off from the\n\n“We are working,” she said.\n",
            &["Officials said several towns were cut off from the"],
        );
        assert_flags(
            &TruncatedEnding,
            "Storm hits coast\n\nThe storm hit on Tuesday. Officials said several towns were cut off\n\nRescue teams arrived on Wednesday.\n",
            &["Officials said several towns were cut off"],
        );
    }

    #[test]
    fn hard_negatives_inside_the_story() {
        for text in [
            // A headline, a standfirst and a subheading.
            "Storm cuts off several towns across the north of the\n\nRescue teams arrived.\n\nMore.\n",
            "Storm hits coast\n\nOfficials say several towns were cut off across the region\n\nRescue teams arrived on Wednesday.\n",
            "Storm hits coast\n\nWhat the new rules mean for renters in the city\n\nRescue teams arrived on Wednesday.\n",
            // A colon before a quotation; a paragraph that ends with punctuation.
            "Storm hits coast\n\nThe storm hit on Tuesday. The mayor said in a statement on the\n\nradio.\n\nEnd.\n",
            "Storm hits coast\n\nThe storm hit on Tuesday. Officials told reporters that the mayor said:\n\n“We are working.”\n",
            "Storm hits coast\n\nThe storm hit on Tuesday. Officials said several towns were cut off.\n\nRescue teams arrived.\n",
            // Too short.
            "Storm hits coast\n\nTowns were cut off from the\n\nRescue teams arrived.\n",
        ] {
            assert_clean(&TruncatedEnding, text);
        }
    }

    #[test]
    fn hard_negatives() {
        assert_clean(
            &TruncatedEnding,
            "They are checking whether the same buses could serve the villages.\n",
        );
        assert_clean(
            &TruncatedEnding,
            "Text.\n\nReporting by Jane Doe in Lima; Editing by John Smith\n",
        );
        assert_clean(
            &TruncatedEnding,
            "“We are checking whether buses could serve the villages beyond the hill”\n",
        );
        assert_clean(&TruncatedEnding, "short ending here\n");
        assert_clean(&TruncatedEnding, "The vote was close.\n\nMore to follow\n");
        assert_clean(&TruncatedEnding, "plans for the\n");
        assert_clean(
            &TruncatedEnding,
            "The vote was close, officials said, and the mayor said: no.\n",
        );
        assert_clean(
            &TruncatedEnding,
            "The vote was close, officials said, and the Mayor said: Reuters\n",
        );
        // A table with its columns separated by tabs, last or before the story goes on.
        let table = "Polling station\tMorning\tEvening\nCentral Library\topen\topen\n\
                     Town Hall in the old market square\tclosed\topen\n";
        assert_clean(
            &TruncatedEnding,
            &format!("Polling stations open at 7 a.m. on Thursday.\n\n{table}"),
        );
        assert_clean(
            &TruncatedEnding,
            &format!("Polling stations open on Thursday.\n\n{table}\nThe count starts at ten.\n"),
        );
    }
}
