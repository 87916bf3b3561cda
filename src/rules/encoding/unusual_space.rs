//! `encoding/unusual-space`.

use super::for_each_format_candidate;
use crate::diagnostic::{Diagnostic, Edit, Fix, Severity};
use crate::document::Document;
use crate::rules::mt::currency_after_amount::in_amount;
use crate::rules::mt::thousands_separator::space_grouped;
use crate::rules::{FixAvailability, Rule, RuleMeta};

const EXPLANATION: &str = "\
## What it flags
Space characters other than the plain space and the no-break space: en and em spaces, thin and
hair spaces, the narrow no-break space, figure and punctuation spaces, the medium mathematical
space, the ideographic space and the Ogham space mark.

## Why
They come from typeset sources (PDFs, InDesign), French typography and CJK input. In English prose
they break search and make spacing uneven when the story is re-typeset.

## Prevent it
Normalise spaces on import.

## Example
Flagged:  `10\\u{2009}000`  →  `10 000` (then write `10,000`)

## Not flagged
Plain spaces, tabs, no-break spaces (reported by `encoding/nbsp`), thousands grouped with thin
spaces (`mt/thousands-separator`) and the spaces of an amount written before its currency sign
(`12 €`, `mt/currency-after-amount`).

## Fix safety
Unsafe: a typographer may have meant it.";

/// Flags unusual space characters.
pub struct UnusualSpace;

static META: RuleMeta = RuleMeta::builtin(
    "encoding/unusual-space",
    Severity::Info,
    "A thin, em, ideographic or other unusual space in prose",
    FixAvailability::Unsafe,
    EXPLANATION,
);

pub(super) fn name(c: char) -> Option<&'static str> {
    Some(match c {
        '\u{2000}' | '\u{2002}' => "en space",
        '\u{2001}' | '\u{2003}' => "em space",
        '\u{2004}'..='\u{2006}' => "fractional em space",
        '\u{2007}' => "figure space",
        '\u{2008}' => "punctuation space",
        '\u{2009}' => "thin space",
        '\u{200A}' => "hair space",
        '\u{202F}' => "narrow no-break space",
        '\u{205F}' => "medium mathematical space",
        '\u{3000}' => "ideographic space",
        '\u{1680}' => "Ogham space mark",
        _ => return None,
    })
}

impl Rule for UnusualSpace {
    fn meta(&self) -> &RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, out: &mut Vec<Diagnostic>) {
        for_each_format_candidate(doc, |i, c| {
            // Not between the groups of a number (`1 500 000`) nor before a currency sign (`12 €`):
            // mt/thousands-separator's and mt/currency-after-amount's.
            if space_grouped(doc.text, i).is_some() || in_amount(doc.text, i) {
                return;
            }
            if let Some(what) = name(c) {
                let span = i..i + c.len_utf8();
                out.push(
                    META.diag(
                        span.clone(),
                        format!("{what} (U+{:04X}) in prose", c as u32),
                    )
                    .with_fix(Fix::unsafe_(
                        "Replace with a plain space",
                        vec![Edit::replace(span, " ")],
                    )),
                );
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::UnusualSpace;
    use crate::rules::testing::*;

    #[test]
    fn flags_and_fixes() {
        assert_fixed(&UnusualSpace, "a\u{2009}b and a\u{3000}b", "a b and a b");
    }

    #[test]
    fn hard_negatives() {
        assert_clean(&UnusualSpace, "plain\tspace\u{A0}here");
        // Thousands grouped with thin spaces are mt/thousands-separator's.
        assert_clean(&UnusualSpace, "10\u{2009}000 people");
        // So are spaces inside an amount before its sign, mt/currency-after-amount's.
        assert_clean(
            &UnusualSpace,
            "It cost 12\u{202F}€ and 3\u{2009}Mrd.\u{202F}€.",
        );
    }
}
