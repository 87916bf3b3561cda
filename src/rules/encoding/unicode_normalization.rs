//! `encoding/unicode-normalization`.

use crate::diagnostic::{Diagnostic, Edit, Fix, Severity};
use crate::document::Document;
use crate::rules::{FixAvailability, Rule, RuleMeta};
use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization as _};

const EXPLANATION: &str = "\
## What it flags
Words not in Unicode Normalization Form C: an accent stored as a separate combining mark
(`e` + U+0301) where the precomposed letter (`é`) exists.

## Why
macOS file names, some PDF extractions and some keyboards produce decomposed text. It looks
identical but breaks search, matching, spell-checking and character counts: `Café` typed one way
does not find `Café` typed the other.

## Prevent it
Normalise to NFC on import (most languages' standard libraries have a function for it).

## Example
Flagged:  `Cafe\\u{301}`  →  `Café`

## Not flagged
Text already in NFC, including letters with no precomposed form (they stay decomposed in NFC).

## Fix safety
Safe: NFC is canonically equivalent, so the text means and shows the same.";

/// Flags words that are not in NFC.
pub struct UnicodeNormalization;

static META: RuleMeta = RuleMeta::builtin(
    "encoding/unicode-normalization",
    Severity::Warning,
    "Text not in Unicode NFC (decomposed accents)",
    FixAvailability::Safe,
    EXPLANATION,
);

impl Rule for UnicodeNormalization {
    fn meta(&self) -> &RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, out: &mut Vec<Diagnostic>) {
        for w in doc.unusual_words() {
            let word = &doc.text[w.span()];
            if is_nfc_quick(word.chars()) == IsNormalized::Yes {
                continue;
            }
            let nfc: String = word.nfc().collect();
            if nfc != word {
                out.push(
                    META.diag(
                        w.span(),
                        format!("`{word}` is not in Unicode NFC (it has decomposed accents)"),
                    )
                    .with_fix(Fix::safe(
                        format!("Normalize to `{nfc}`"),
                        vec![Edit::replace(w.span(), nfc)],
                    )),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::UnicodeNormalization;
    use crate::rules::testing::*;

    #[test]
    fn flags_and_fixes() {
        assert_fixed(
            &UnicodeNormalization,
            "Cafe\u{301} Ibán\u{303}ez",
            "Café Ibáñez",
        );
    }

    #[test]
    fn hard_negatives() {
        assert_clean(&UnicodeNormalization, "Café Ibáñez Nguyễn");
    }
}
