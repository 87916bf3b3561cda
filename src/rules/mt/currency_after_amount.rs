//! `mt/currency-after-amount`.

use crate::diagnostic::{Diagnostic, Edit, Fix, Severity};
use crate::document::Document;
use crate::rules::{FixAvailability, Rule, RuleMeta};
use std::ops::Range;

const EXPLANATION: &str = "\
## What it flags
A currency sign written after the amount, as French, German, Spanish, Italian and Portuguese
write it: `12 €`, `45,50 €`, `3 M€` (millions), `2 Md€` or `2 Mrd. €` (billions), `500 £`.
Signs: `€`, `£`, `¥`, `₹`, `₽`, `₺`, `₩`, `₪`, `₴`.

## Why
A translation engine keeps the source's order of number and sign. English puts the sign first
(`€12`, `€3 million`); an editor reads `12 €` as untranslated copy.

## Example
Flagged:  `The plant cost 3 M€ to build.`
Fixed:    `The plant cost €3 million to build.`

## Not flagged
The sign first (`€12`, `£5 billion`), the currency as a word (`12 euros`), a sign with no
number before it (`the € sign`), numbers inside a word, and code.

## Fix safety
Unsafe: the sign moves before the number and `M`, `Mio`, `mln` become `million`, `Md`, `Mrd`,
`bn` become `billion`. Offered only when the number is already written the English way (`12`,
`1,500`, `2.5`): a number like `45,50` or `1.500` needs its separators checked first (see
`mt/decimal-comma` and `mt/thousands-separator`), and `12 k€` is left to the editor.";

/// Flags currency signs written after the amount.
pub struct CurrencyAfterAmount;

static META: RuleMeta = RuleMeta::builtin(
    "mt/currency-after-amount",
    Severity::Warning,
    "A currency sign after the amount (`12 €`, `3 M€`), the continental way",
    FixAvailability::Unsafe,
    EXPLANATION,
);

/// The signs English writes before the amount.
const SIGNS: &[char] = &['€', '£', '¥', '₹', '₽', '₺', '₩', '₪', '₴'];

/// Abbreviated magnitudes between a number and its sign, and the English word for each (`None`:
/// no fix offered).
const MAGNITUDES: &[(&str, Option<&str>)] = &[
    ("M", Some("million")),
    ("Mio", Some("million")),
    ("mio", Some("million")),
    ("mln", Some("million")),
    ("Mln", Some("million")),
    ("mn", Some("million")),
    ("Mn", Some("million")),
    ("Md", Some("billion")),
    ("Mds", Some("billion")),
    ("Mrd", Some("billion")),
    ("Mrds", Some("billion")),
    ("Mld", Some("billion")),
    ("Mlds", Some("billion")),
    ("bn", Some("billion")),
    ("Bn", Some("billion")),
    ("k", None),
    ("K", None),
];

/// A space that may stand between a number, its magnitude and its sign.
fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\u{A0}' | '\u{202F}' | '\u{2009}')
}

/// `text[..end]` without one trailing space, if it ends with one.
fn before_space(text: &str, end: usize) -> usize {
    match text[..end].chars().next_back() {
        Some(c) if is_space(c) => end - c.len_utf8(),
        _ => end,
    }
}

/// The magnitude ending at `end` (with an optional full stop: `Mrd.`), if any: where it starts
/// and its English word.
fn magnitude_before(text: &str, end: usize) -> Option<(usize, Option<&'static str>)> {
    let end_word = if text[..end].ends_with('.') {
        end - 1
    } else {
        end
    };
    let start = crate::document::ascii::letters_before(text.as_bytes(), end_word);
    if start == end_word {
        return None;
    }
    let (_, word) = MAGNITUDES
        .iter()
        .find(|(abbr, _)| *abbr == &text[start..end_word])?;
    Some((start, *word))
}

/// The number ending at `end`: its start. Digits, with `,` `.` or a no-break or thin space
/// between digits, or a plain space before a group of exactly three digits after one to three
/// (`1 500`), at most 32 bytes.
fn number_before(text: &str, end: usize) -> Option<usize> {
    let b = text.as_bytes();
    let digits_before = |to: usize| (0..to).rev().take_while(|&k| b[k].is_ascii_digit()).count();
    let mut start = end - digits_before(end);
    if start == end {
        return None;
    }
    while end - start < 32 {
        let Some(sep) = text[..start].chars().next_back() else {
            break;
        };
        let at = start - sep.len_utf8();
        let run = digits_before(at);
        let group = (start..end).take_while(|&k| b[k].is_ascii_digit()).count();
        let joins = match sep {
            ',' | '.' | '\u{A0}' | '\u{202F}' | '\u{2009}' => run > 0,
            ' ' => group == 3 && (1..=3).contains(&run),
            _ => false,
        };
        if !joins {
            break;
        }
        start = at - run;
    }
    Some(start)
}

/// Whether `number` is written the English way: digits, commas between groups of three, and
/// an optional decimal point.
fn is_english_number(number: &str) -> bool {
    let (int, frac) = number.split_once('.').unwrap_or((number, ""));
    let mut groups = int.split(',');
    let first = groups.next().unwrap_or("");
    let grouped = int.contains(',');
    !first.is_empty()
        && first.bytes().all(|c| c.is_ascii_digit())
        && (!grouped || first.len() <= 3)
        && groups.all(|g| g.len() == 3 && g.bytes().all(|c| c.is_ascii_digit()))
        && frac.bytes().all(|c| c.is_ascii_digit())
        && !(number.contains('.') && frac.is_empty())
        // `1.500` is more likely a continental thousand than three decimals.
        && !(frac.len() == 3 && !grouped && first.len() <= 3)
}

/// An amount written before its sign.
struct Amount {
    /// From the number's first digit to the end of the sign.
    span: Range<usize>,
    /// Where the number ends.
    number_end: usize,
    /// Whether a magnitude stands between number and sign, and its English word.
    magnitude: Option<Option<&'static str>>,
}

/// The amount whose sign is the char at `at`, if one is written before it.
fn amount_before_sign(text: &str, at: usize, sign: char) -> Option<Amount> {
    let end = at + sign.len_utf8();
    let mut number_end = before_space(text, at);
    let mut magnitude = None;
    if let Some((m, w)) = magnitude_before(text, number_end) {
        number_end = before_space(text, m);
        magnitude = Some(w);
    }
    let start = number_before(text, number_end)?;
    // Not inside a word or a code (`A4€`, `x12€`), nor after another sign (`$12 €`).
    if text[..start]
        .chars()
        .next_back()
        .is_some_and(|c| c.is_alphanumeric() || SIGNS.contains(&c) || c == '$')
    {
        return None;
    }
    Some(Amount {
        span: start..end,
        number_end,
        magnitude,
    })
}

/// Whether the space char at `at` stands inside an amount written before its sign (`12 €`,
/// `3 M €`): the space rules leave those spaces to this rule, whose fix removes them.
pub(crate) fn in_amount(text: &str, at: usize) -> bool {
    let Some((k, sign)) = text[at..]
        .char_indices()
        .skip(1)
        .take_while(|&(k, c)| {
            k <= 12 && (is_space(c) || c.is_ascii_alphabetic() || c == '.' || SIGNS.contains(&c))
        })
        .find(|(_, c)| SIGNS.contains(c))
    else {
        return false;
    };
    amount_before_sign(text, at + k, sign).is_some_and(|a| a.span.start < at)
}

impl Rule for CurrencyAfterAmount {
    fn meta(&self) -> &RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, out: &mut Vec<Diagnostic>) {
        // The scan that finds the words listed every char outside ASCII that is not a letter.
        for &(at, sign) in doc.format_candidates() {
            if !SIGNS.contains(&sign) {
                continue;
            }
            let Some(amount) = amount_before_sign(doc.text, at as usize, sign) else {
                continue;
            };
            if !doc.touches_non_prose(&amount.span) {
                push(doc.text, &amount, sign, out);
            }
        }
    }
}

/// Reports `amount`, with the English order as an unsafe fix when the number is written the
/// English way and its magnitude has an English word.
fn push(text: &str, amount: &Amount, sign: char, out: &mut Vec<Diagnostic>) {
    let span = amount.span.clone();
    let number = &text[span.start..amount.number_end];
    let word = amount.magnitude.flatten();
    let found = &text[span.clone()];
    let english = match word {
        Some(w) => format!("{sign}{number} {w}"),
        None => format!("{sign}{number}"),
    };
    let fixable = is_english_number(number) && (word.is_some() || amount.magnitude.is_none());
    let message = if fixable {
        format!("`{found}` puts the currency sign after the amount: English writes `{english}`")
    } else {
        format!(
            "`{found}` puts the currency sign after the amount: English writes `{sign}` first, \
             and the number's separators need a check"
        )
    };
    let diag = META.diag(span.clone(), message);
    out.push(if fixable {
        diag.with_fix(Fix::unsafe_(
            format!("Write `{english}`"),
            vec![Edit::replace(span, english)],
        ))
    } else {
        diag
    });
}

#[cfg(test)]
mod tests {
    use super::{in_amount, is_english_number, CurrencyAfterAmount};
    use crate::rules::testing::*;

    #[test]
    fn flags_and_fixes() {
        assert_flags(
            &CurrencyAfterAmount,
            "It cost 12 € or 12€, then 3 M€, 2,5 Md€, 1 500 £ and 7\u{A0}Mrd.\u{A0}€.",
            &[
                "12 €",
                "12€",
                "3 M€",
                "2,5 Md€",
                "1 500 £",
                "7\u{A0}Mrd.\u{A0}€",
            ],
        );
        assert_fixed(
            &CurrencyAfterAmount,
            "It cost 12 €, then 3 M€ and 1,500.50 £ and 2 bn ¥ and 4 k€.",
            "It cost €12, then €3 million and £1,500.50 and ¥2 billion and 4 k€.",
        );
    }

    #[test]
    fn no_fix_for_continental_numbers() {
        let diags = run(
            &CurrencyAfterAmount,
            "It cost 45,50 € and 1.500 € and 1 500 €.",
        );
        assert_eq!(diags.len(), 3);
        assert!(diags.iter().all(|d| d.fix.is_none()));
    }

    #[test]
    fn hard_negatives() {
        for t in [
            "It cost €12, €3 million and £5 billion, or 12 euros.",
            "The € sign and the £ symbol; model A4€ and x12€.",
            "A price of $12 € is odd, and ¥ alone is not a number.",
        ] {
            assert_clean(&CurrencyAfterAmount, t);
        }
    }

    #[test]
    fn spaces_inside_amounts() {
        let at = |t: &str, nth: usize| t.match_indices('\u{A0}').nth(nth).unwrap().0;
        let t = "12\u{A0}€, 3\u{A0}M\u{A0}€, the\u{A0}€ sign, 12\u{A0}km and 5\u{A0}€";
        assert!(in_amount(t, at(t, 0)));
        assert!(in_amount(t, at(t, 1)));
        assert!(in_amount(t, at(t, 2)));
        assert!(!in_amount(t, at(t, 3)));
        assert!(!in_amount(t, at(t, 4)));
        assert!(in_amount(t, at(t, 5)));
    }

    proptest::proptest! {
        /// Over text made of the pieces an amount is made of, every finding is an amount that
        /// ends with its sign and starts with a digit, and every space `in_amount` claims lies
        /// inside one of them.
        #[test]
        fn findings_are_amounts(
            parts in proptest::collection::vec(
                proptest::sample::select(vec![
                    "1", "25", "500", ",", ".", " ", "\u{A0}", "\u{202F}", "M", "Mrd", "bn", "k",
                    "€", "£", "$", "a", "the", "\n",
                ]),
                0..24,
            ),
        ) {
            let text: String = parts.concat();
            let diags = run(&CurrencyAfterAmount, &text);
            for d in &diags {
                let found = &text[d.span.clone()];
                proptest::prop_assert!(found.starts_with(|c: char| c.is_ascii_digit()), "{found:?}");
                proptest::prop_assert!(found.ends_with(['€', '£']), "{found:?}");
            }
            for (i, c) in text.char_indices() {
                if matches!(c, '\u{A0}' | '\u{202F}') && in_amount(&text, i) {
                    proptest::prop_assert!(
                        diags.iter().any(|d| d.span.contains(&i)),
                        "{i} in {text:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn english_numbers() {
        for n in ["12", "1,500", "2.5", "1,500,000.25", "0.75"] {
            assert!(is_english_number(n), "{n}");
        }
        for n in [
            "45,50",
            "1.500",
            "1.500.000",
            "1 500",
            "12,5",
            "1,50,000",
            "1234,567",
            "3.",
            "",
        ] {
            assert!(!is_english_number(n), "{n}");
        }
    }
}
