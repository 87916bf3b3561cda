//! `mt/merged-sentence`.

use crate::diagnostic::{Diagnostic, Edit, Fix, Severity};
use crate::document::Document;
use crate::rules::mt::is_speech_verb;
use crate::rules::{FixAvailability, Rule, RuleMeta};

const EXPLANATION: &str = "\
## What it flags
A capitalised conjunction in the middle of a sentence: `tiles bought in Spain and Portugal And had
them fitted`, `the firefighters, And the volunteers`. The capital is the trace of a sentence start that was glued onto the previous one.
Also a capitalised `He` or `She` right after a lowercase word: `the bridge was closed He said`.

## Why
Translation engines and copy pipelines join segments and drop the full stop between them, or re-case
only part of a merged sentence.

## Example
Flagged:  `old tiles bought in Spain and Portugal And had them fitted`
Fixed:    `old tiles bought in Spain and Portugal, and had them fitted`

## Not flagged
Names and titles (`Tom And Jerry`, `Pride And Prejudice`: a capital follows), headlines in title
case, the conjunction at the start of a sentence, quotation marks or a dash before it; `He` as a
name (`Li He`, `He Lifeng`) and inside a quotation.

## Fix safety
Unsafe: the conjunction is lowercased and a comma joins the two clauses, as English punctuates
a conjunction between clauses; the sentence may read better split in two. After a comma the
conjunction is only lowercased. Before `He` or `She`
a full stop is put back, or, after `said` or `that`, the pronoun is lowercased.";

/// Flags `And`, `But`, `Or` capitalised mid-sentence.
pub struct MergedSentence;

static META: RuleMeta = RuleMeta::builtin(
    "mt/merged-sentence",
    Severity::Warning,
    "A capitalised `And`/`But`/`Or` mid-sentence, where two sentences were merged",
    FixAvailability::Unsafe,
    EXPLANATION,
);

impl Rule for MergedSentence {
    fn meta(&self) -> &RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, out: &mut Vec<Diagnostic>) {
        let text = doc.text;
        let words = &doc.words;
        // Each conjunction with a plain space on both sides: no sentence end, quotation, dash or
        // line break before it (so the words around it are in one paragraph). Found with one
        // scan of the text rather than a look at every word.
        for (s, opener) in doc.opener_words() {
            let pronoun = matches!(opener, "He" | "She");
            let e = s + opener.len();
            if s == 0 || text.as_bytes()[s - 1] != b' ' {
                continue;
            }
            let i = words.first_from(s);
            let (Some(w), Some(prev), Some(next)) = (
                words.get(i),
                i.checked_sub(1).and_then(|k| words.get(k)),
                words.get(i + 1),
            ) else {
                continue;
            };
            // `Portugal And had`, or after a comma, `the firefighters, And the volunteers`
            // (a conjunction only: after a comma `He` may be reverent).
            let after_comma = !pronoun && s >= 2 && text.as_bytes()[s - 2] == b',';
            let gap = if after_comma { 2 } else { 1 };
            if w.span() != (s..e) || prev.end() != s - gap || next.start() != e + 1 {
                continue;
            }
            let w = &text[s..e];
            // A lowercase word follows (not a name or a title), and prose precedes (not a
            // title-case headline): one of the three words before starts lowercase.
            let next = &text[next.span()];
            if !next.starts_with(|c: char| c.is_lowercase()) {
                continue;
            }
            let prose_before = words
                .range(i.saturating_sub(3)..i)
                .any(|p| text[p.span()].starts_with(|c: char| c.is_lowercase()));
            if !prose_before {
                continue;
            }
            let lower = w.to_lowercase();
            let prev_word = &text[prev.span()];
            if pronoun {
                // `the bridge was closed He said`: right after a lowercase word, outside any
                // quotation (where a capital may be reverent). After `said` or `that` the
                // pronoun only needs its lower case; elsewhere a full stop was lost.
                if !prev_word.starts_with(|c: char| c.is_lowercase()) || doc.in_quote(s) {
                    continue;
                }
                let reported = prev_word == "that" || is_speech_verb(prev_word);
                let (edit, how) = if reported {
                    (
                        Edit::replace(s..e, lower.clone()),
                        format!("Write `{lower}`"),
                    )
                } else {
                    (
                        Edit::replace(s - 1..s, ". "),
                        format!("End the sentence: `{prev_word}. {w}`"),
                    )
                };
                out.push(
                    META.diag(
                        s..e,
                        format!(
                            "`{w}` is capitalised mid-sentence: two sentences were probably merged"
                        ),
                    )
                    .with_fix(Fix::unsafe_(how, vec![edit])),
                );
                continue;
            }
            if after_comma {
                out.push(
                    META.diag(
                        s..e,
                        format!("`{w}` is capitalised mid-sentence, after a comma"),
                    )
                    .with_fix(Fix::unsafe_(
                        format!("Write `{lower}`"),
                        vec![Edit::replace(s..e, lower.clone())],
                    )),
                );
                continue;
            }
            // The space before the conjunction becomes a comma and a space: the merged sentence
            // is joined as a second clause.
            let joined = format!(", {lower}");
            out.push(
                META.diag(
                    words.at(i).span(),
                    format!(
                        "`{w}` is capitalised mid-sentence: two sentences were probably merged"
                    ),
                )
                .with_fix(Fix::unsafe_(
                    format!("Join the clauses: `{}{joined}`", &text[prev.span()]),
                    vec![Edit::replace(s - 1..e, joined.clone())],
                )),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::MergedSentence;
    use crate::rules::testing::*;

    #[test]
    fn flags_and_fixes() {
        assert_flags(
            &MergedSentence,
            "tiles bought in Spain and Portugal And had them fitted.",
            &["And"],
        );
        assert_fixed(
            &MergedSentence,
            "it was late But nobody left.",
            "it was late, but nobody left.",
        );
        assert_fixed(
            &MergedSentence,
            "He thanked the firefighters, And the volunteers.",
            "He thanked the firefighters, and the volunteers.",
        );
    }

    #[test]
    fn flags_pronouns() {
        assert_fixed(
            &MergedSentence,
            "The bridge was closed for a week He said it would reopen.",
            "The bridge was closed for a week. He said it would reopen.",
        );
        assert_fixed(
            &MergedSentence,
            "Officials said She would not run again.",
            "Officials said she would not run again.",
        );
    }

    #[test]
    fn hard_negatives() {
        for t in [
            "They watched Tom And Jerry on Sunday.",
            "Rising Seas And Falling Hopes",
            "It rained. And then it stopped.",
            "He said “And that was it.”",
            "the end — And so on.",
            "Pride And Prejudice was read aloud.",
            "The pastor read: “for the Lord said He would return.”",
            "It rained. He said so.",
            "The bridge was closed, He said.",
            "He said the bridge was closed.",
            "Minister Li He met the press.",
            "They watched Sex, Lies, And Videotape on Sunday.",
            "The band played Rock, Paper And Scissors and then Stop, Look And Listen.",
        ] {
            assert_clean(&MergedSentence, t);
        }
    }
}
