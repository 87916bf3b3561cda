//! `encoding/replacement-char`.

use super::for_each_char_in;
use crate::diagnostic::{Diagnostic, Severity};
use crate::document::Document;
use crate::rules::{FixAvailability, Rule, RuleMeta};

const EXPLANATION: &str = "\
## What it flags
The replacement character U+FFFD (`�`) in the text, with the word it damaged: `Concepci�n`.

## Why
Somewhere upstream a decoder met bytes it could not read and put `�` in their place. The character
that stood there is gone from this file: only the source can restore it.

## Prevent it
Find the hop that decodes with the wrong encoding (usually a legacy export read as UTF-8) and fix
it; re-import the story from the original feed.

## Example
Flagged:  `Concepci�n`  (was `Concepción`)

## Not flagged
Invalid bytes in this file itself (reported by `encoding/invalid-utf8`).

## Fix safety
No fix: the information was lost before the file was written.";

/// Flags U+FFFD in the text.
pub struct ReplacementChar;

static META: RuleMeta = RuleMeta::builtin(
    "encoding/replacement-char",
    Severity::Error,
    "The replacement character `�`: text lost upstream",
    FixAvailability::None,
    EXPLANATION,
);

impl Rule for ReplacementChar {
    fn meta(&self) -> &RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, out: &mut Vec<Diagnostic>) {
        let mut last_end = 0;
        for_each_char_in(doc, 0xEF, |i, c| {
            if c != '\u{FFFD}'
                || i < last_end
                || doc.synthetic.iter().any(|r| r.start <= i && i < r.end)
            {
                return;
            }
            // The whole damaged word, which may hold several U+FFFD.
            let t = doc.text;
            let is_part = |c: char| c.is_alphanumeric() || c == '\u{FFFD}' || c == '\'' || c == '’';
            let start = t[..i]
                .char_indices()
                .rev()
                .take_while(|&(_, c)| is_part(c))
                .last()
                .map_or(i, |(k, _)| k);
            let end = t[i..]
                .char_indices()
                .find(|&(_, c)| !is_part(c))
                .map_or(t.len(), |(k, _)| i + k);
            last_end = end;
            out.push(
                META.diag(start..end, format!("`{}` contains the replacement character `�`: a character was lost upstream", &t[start..end]))
                    .with_note("the original character cannot be recovered from this file; restore it from the source"),
            );
        });
    }
}

#[cfg(test)]
mod tests {
    use super::ReplacementChar;
    use crate::rules::testing::*;

    #[test]
    fn flags_whole_word() {
        assert_flags(
            &ReplacementChar,
            "Mr Concepci\u{FFFD}n and \u{FFFD}v\u{FFFD}rhangai.",
            &["Concepci\u{FFFD}n", "\u{FFFD}v\u{FFFD}rhangai"],
        );
    }

    #[test]
    fn hard_negatives() {
        assert_clean(&ReplacementChar, "Concepción and Övörhangai");
    }
}
