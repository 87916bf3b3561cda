//! `mt/thousands-separator`.

use crate::diagnostic::{Diagnostic, Edit, Fix, Severity};
use crate::document::Document;
use crate::rules::{FixAvailability, Rule, RuleMeta};

const EXPLANATION: &str = "\
## What it flags
A number whose thousands are grouped with full stops, as German, Spanish, Italian, Portuguese and
Dutch write them: `1.500.000 euros`, `a fine of 2.300.000 pesos`.

## Why
A translation engine keeps the digits and the marks of the source. In English a full stop in a
number is a decimal point, so `1.500.000` reads as nonsense or, with one group, as a decimal:
the figure is wrong in print.

## Example
Flagged:  `The bill came to 1.500.000 euros.`
Fixed:    `The bill came to 1,500,000 euros.`

## Not flagged
One group (`16.000 migrants`: it may be a decimal written with three places), decimals (`3.5`),
dates (`01.02.2024`), version numbers and addresses with four groups or more or with groups of
other lengths (`192.168.1.1`, `2.10.3`), numbers inside a word or a link, and code.

## Fix safety
Safe: each full stop between groups becomes a comma; the digits do not change.";

/// Flags thousands grouped with full stops.
pub struct ThousandsSeparator;

static META: RuleMeta = RuleMeta::builtin(
    "mt/thousands-separator",
    Severity::Warning,
    "Thousands grouped with full stops (`1.500.000`), the continental way",
    FixAvailability::Safe,
    EXPLANATION,
);

/// The number that starts with the digits before the full stop at `dot`, if it is one to flag:
/// its span and the offsets of its full stops.
fn grouped_number(b: &[u8], dot: usize) -> Option<(usize, usize, Vec<usize>)> {
    // One to three digits before the first full stop, and no word, number or mark before them.
    let start = (dot.saturating_sub(3)..dot)
        .find(|&k| b[k..dot].iter().all(u8::is_ascii_digit))
        .filter(|&k| k < dot)?;
    if start > 0 && (b[start - 1].is_ascii_alphanumeric() || b"._-/:@,".contains(&b[start - 1])) {
        return None;
    }
    // Then groups of exactly three digits after each full stop.
    let mut dots = Vec::new();
    let mut at = dot;
    while b.get(at) == Some(&b'.') && b.get(at + 1).is_some_and(u8::is_ascii_digit) {
        let group = &b[at + 1..];
        let len = group.iter().take_while(|c| c.is_ascii_digit()).count();
        if len != 3 {
            return None;
        }
        dots.push(at);
        at += 4;
    }
    // Two or three groups (four or more is an address), then no more of the token.
    if !(2..=3).contains(&dots.len()) {
        return None;
    }
    match b.get(at) {
        Some(c) if c.is_ascii_alphanumeric() || b"_-/@".contains(c) => None,
        Some(b'.' | b',') if b.get(at + 1).is_some_and(u8::is_ascii_alphanumeric) => None,
        _ => Some((start, at, dots)),
    }
}

impl Rule for ThousandsSeparator {
    fn meta(&self) -> &RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, out: &mut Vec<Diagnostic>) {
        let text = doc.text;
        let b = text.as_bytes();
        // The scan that finds the words noted every digit right after a mark.
        let mut done = 0;
        for &after in &doc.punct_pairs().alnum_after_mark {
            let dot = after as usize - 1;
            if dot < done || b[dot] != b'.' || !b[after as usize].is_ascii_digit() {
                continue;
            }
            let Some((start, end, dots)) = grouped_number(b, dot) else {
                continue;
            };
            done = end;
            if doc.touches_non_prose(&(start..end)) {
                continue;
            }
            let number = &text[start..end];
            let english = number.replace('.', ",");
            out.push(
                META.diag(
                    start..end,
                    format!(
                        "`{number}` groups thousands with full stops: English writes `{english}`"
                    ),
                )
                .with_fix(Fix::safe(
                    format!("Write `{english}`"),
                    dots.iter().map(|&d| Edit::replace(d..d + 1, ",")).collect(),
                )),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::ThousandsSeparator;
    use crate::rules::testing::*;

    #[test]
    fn flags_and_fixes() {
        assert_flags(
            &ThousandsSeparator,
            "The bill came to 1.500.000 euros, and 12.000.000.",
            &["1.500.000", "12.000.000"],
        );
        assert_fixed(
            &ThousandsSeparator,
            "A fine of 2.300.000 pesos (about 1.250.000.000 in all).",
            "A fine of 2,300,000 pesos (about 1,250,000,000 in all).",
        );
    }

    #[test]
    fn hard_negatives() {
        for t in [
            "About 16.000 migrants, up 3.5 percent, on 01.02.2024.",
            "The router is at 192.168.1.1 and 10.100.200.300.400, version 2.10.3.",
            "Version 1.200.300a, v1.200.300 and 1.200.300-beta shipped.",
            "Call 555.123.4567 or see example.com/1.500.000 today.",
            "It rose 1,500,000 and 1.500,5 and 1.5000.000.",
        ] {
            assert_clean(&ThousandsSeparator, t);
        }
    }
}
