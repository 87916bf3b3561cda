//! `encoding/nbsp`.

use super::{after_mojibake_lead, for_each_char_in};
use crate::diagnostic::{Diagnostic, Edit, Fix, Severity};
use crate::document::Document;
use crate::rules::mt::currency_after_amount::in_amount;
use crate::rules::mt::thousands_separator::space_grouped;
use crate::rules::{FixAvailability, Rule, RuleMeta};

const EXPLANATION: &str = "\
## What it flags
A no-break space (U+00A0) in prose. Before `; : ! ?` it is French typography and flagged with
a note saying so.

## Why
No-break spaces come from web pages (`&nbsp;`), word processors and translated copy. They look
like spaces but stop search, line wrapping and word counts from treating them as one.

## Prevent it
Replace `&nbsp;` with a space when converting HTML; keep no-break spaces only where the house
style wants them (`10 km`, `Mr Smith`).

## Example
Flagged:  `the\\u{A0}minister`  →  `the minister`

## Not flagged
Mojibake that contains a no-break space (reported by `encoding/mojibake`), thousands grouped
with no-break spaces (`1 500 000`, `mt/thousands-separator`) and the spaces of an amount written
before its currency sign (`12 €`, `mt/currency-after-amount`): the fixes of those rules remove them.

## Fix safety
Unsafe: some no-break spaces are intended.";

/// Flags no-break spaces in prose.
pub struct Nbsp;

static META: RuleMeta = RuleMeta::builtin(
    "encoding/nbsp",
    Severity::Info,
    "A no-break space where a plain space was probably meant",
    FixAvailability::Unsafe,
    EXPLANATION,
);

impl Rule for Nbsp {
    fn meta(&self) -> &RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, out: &mut Vec<Diagnostic>) {
        for_each_char_in(doc, 0xC2, |i, c| {
            // Not between the groups of a number (`1 500 000`) nor before a currency sign (`12 €`):
            // mt/thousands-separator's and mt/currency-after-amount's.
            if c != '\u{A0}' || space_grouped(doc.text, i).is_some() || in_amount(doc.text, i) {
                return;
            }
            if after_mojibake_lead(doc.text, i) {
                return;
            }
            let next = doc.text[i + 2..].chars().next();
            let mut d = META.diag(i..i + 2, "no-break space (U+00A0) in prose");
            if next.is_some_and(|n| matches!(n, ';' | ':' | '!' | '?' | '»')) {
                d = d.with_note(
                    "a space before high punctuation is French typography; English puts none",
                );
                d.fix = Some(Fix::unsafe_(
                    "Remove the space",
                    vec![Edit::delete(i..i + 2)],
                ));
            } else {
                d.fix = Some(Fix::unsafe_(
                    "Replace with a plain space",
                    vec![Edit::replace(i..i + 2, " ")],
                ));
            }
            out.push(d);
        });
    }
}

#[cfg(test)]
mod tests {
    use super::Nbsp;
    use crate::rules::testing::*;

    #[test]
    fn flags_and_fixes() {
        assert_fixed(
            &Nbsp,
            "the\u{A0}minister said\u{A0}: no",
            "the minister said: no",
        );
    }

    #[test]
    fn hard_negatives() {
        assert_clean(&Nbsp, "the minister");
        // Spaces inside an amount before its sign are mt/currency-after-amount's.
        assert_clean(&Nbsp, "It cost 12\u{A0}€ and 3\u{A0}M\u{A0}€.");
        // Half of mojibake (`Ã\u{A0}` for `à`, `Â\u{A0}` for a no-break space): encoding/mojibake's.
        assert_clean(&Nbsp, "Voil\u{C3}\u{A0} and 10\u{C2}\u{A0}km");
    }
}
