//! `mt/thousands-separator`.

use crate::diagnostic::{Diagnostic, Edit, Fix, Severity};
use crate::document::Document;
use crate::rules::{FixAvailability, Rule, RuleMeta};
use std::ops::Range;

const EXPLANATION: &str = "\
## What it flags
A number whose thousands are grouped with full stops, as German, Spanish, Italian, Portuguese and
Dutch write them: `1.500.000 euros`, `a fine of 2.300.000 pesos`; or with no-break, narrow or thin
spaces, as French writes them: `1 500 000 euros`, `2 300 dollars`.

## Why
A translation engine keeps the digits and the marks of the source. In English a full stop in a
number is a decimal point, so `1.500.000` reads as nonsense or, with one group, as a decimal:
the figure is wrong in print.

## Example
Flagged:  `The bill came to 1.500.000 euros.`
Fixed:    `The bill came to 1,500,000 euros.`

One group of full stops is flagged before a plural that counts people, things or money
(`16.000 migrants`, `3.500 people`, `45.000 euros`): such a count has no decimals.

## Not flagged
One group of full stops before anything else (`16.000`, `1.500 km`: it may be a decimal written
with three places), a
French decimal (`1 500,50`), a unit after a no-break space (`10 km`), plain spaces (`in 2019 200
people`), decimals (`3.5`),
dates (`01.02.2024`), version numbers and addresses with four groups or more or with groups of
other lengths (`192.168.1.1`, `2.10.3`), numbers inside a word or a link, and code.

## Fix safety
Safe: each full stop or space between groups becomes a comma; the digits do not change. The
space rules (`encoding/nbsp`, `encoding/unusual-space`) leave these spaces to this rule.";

/// Flags thousands grouped with full stops.
pub struct ThousandsSeparator;

static META: RuleMeta = RuleMeta::builtin(
    "mt/thousands-separator",
    Severity::Warning,
    "Thousands grouped with full stops or no-break spaces (`1.500.000`), the continental way",
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
    // Two or three groups (four or more is an address), or one before a noun that counts
    // whole things; then no more of the token.
    let counted = || {
        b.get(at) == Some(&b' ') && {
            let noun = &b[at + 1..];
            let len = noun.iter().take_while(|c| c.is_ascii_lowercase()).count();
            !noun
                .get(len)
                .is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'-')
                && std::str::from_utf8(&noun[..len]).is_ok_and(|w| COUNTED.contains(&w))
        }
    };
    let flag = match dots.len() {
        1 => counted(),
        n => (2..=3).contains(&n),
    };
    if !flag {
        return None;
    }
    match b.get(at) {
        Some(c) if c.is_ascii_alphanumeric() || b"_-/@".contains(c) => None,
        Some(b'.' | b',') if b.get(at + 1).is_some_and(u8::is_ascii_alphanumeric) => None,
        _ => Some((start, at, dots)),
    }
}

/// Plural nouns that count whole things: a number before one of them has no decimals, so
/// `16.000 migrants` is sixteen thousand, written the continental way.
const COUNTED: &[&str] = &[
    "people",
    "persons",
    "migrants",
    "refugees",
    "residents",
    "inhabitants",
    "households",
    "homes",
    "houses",
    "families",
    "workers",
    "employees",
    "jobs",
    "soldiers",
    "troops",
    "officers",
    "students",
    "children",
    "pupils",
    "teachers",
    "doctors",
    "nurses",
    "patients",
    "cases",
    "deaths",
    "victims",
    "protesters",
    "demonstrators",
    "visitors",
    "tourists",
    "spectators",
    "fans",
    "supporters",
    "voters",
    "votes",
    "members",
    "participants",
    "passengers",
    "vehicles",
    "cars",
    "animals",
    "trees",
    "buildings",
    "signatures",
    "tickets",
    "copies",
    "flights",
    "companies",
    "businesses",
    "farmers",
    "prisoners",
    "inmates",
    "detainees",
    "euros",
    "dollars",
    "pesos",
    "reais",
    "pounds",
    "francs",
    "lire",
    "yuan",
];

/// Whether `c` can group thousands in continental copy: a no-break, narrow no-break, thin or
/// figure space.
fn is_group_space(c: char) -> bool {
    matches!(c, '\u{A0}' | '\u{202F}' | '\u{2009}' | '\u{2007}')
}

/// The number grouped with spaces around the space char at byte `at` (`1 500 000`, with
/// no-break or thin spaces), if it is one: its span and the spans of its spaces. One to three
/// digits, then groups of exactly three after the same space char; not a decimal comma after
/// it (`1 500,50`), nor a word or another group around it. The space rules leave these spaces
/// to this rule.
pub(crate) fn space_grouped(text: &str, at: usize) -> Option<(usize, usize, Vec<Range<usize>>)> {
    let sep = text
        .get(at..)?
        .chars()
        .next()
        .filter(|&c| is_group_space(c))?;
    let len = sep.len_utf8();
    let same = |k: usize| text.get(k..k + len) == text.get(at..at + len);
    let b = text.as_bytes();
    let digit = |k: usize| b.get(k).is_some_and(u8::is_ascii_digit);
    if at == 0 || !digit(at - 1) || !digit(at + len) {
        return None;
    }
    // Back to the number's start: digits and the same space char, at most 64 bytes.
    let mut start = at;
    while start > 0 && at - start < 64 {
        if digit(start - 1) {
            start -= 1;
        } else if start >= len && same(start - len) {
            start -= len;
        } else {
            break;
        }
    }
    let before = text[..start].chars().next_back();
    if before.is_some_and(|c| {
        c.is_alphanumeric() || matches!(c, '.' | ',' | '-' | '/') || is_group_space(c)
    }) {
        return None;
    }
    let first = (start..).take_while(|&k| digit(k)).count();
    if !(1..=3).contains(&first) {
        return None;
    }
    let mut spaces = Vec::new();
    let mut end = start + first;
    while same(end) && digit(end + len) {
        if (end + len..).take_while(|&k| digit(k)).count() != 3 {
            return None;
        }
        spaces.push(end..end + len);
        end += len + 3;
    }
    let after = text[end..].chars().next();
    let next_digit = after.is_some_and(|c| digit(end + c.len_utf8()));
    let decimal = after.is_some_and(|c| matches!(c, '.' | ',') || is_group_space(c)) && next_digit;
    if spaces.is_empty() || decimal || after.is_some_and(char::is_alphanumeric) {
        return None;
    }
    Some((start, end, spaces))
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
        for &after in doc.prefetching(&doc.punct_pairs().alnum_after_mark, |&a| [a as usize]) {
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
            push(
                text,
                start..end,
                dots.iter().map(|&d| d..d + 1),
                "full stops",
                out,
            );
        }
        // Numbers grouped with no-break or thin spaces, from the document's list of such chars.
        let mut done = 0;
        for &(at, c) in doc.format_candidates() {
            let at = at as usize;
            if at < done || !is_group_space(c) {
                continue;
            }
            let Some((start, end, spaces)) = space_grouped(text, at) else {
                continue;
            };
            done = end;
            if !doc.touches_non_prose(&(start..end)) {
                push(text, start..end, spaces.into_iter(), "spaces", out);
            }
        }
    }
}

/// Reports the number at `span` whose separators `seps` (of the kind `what`) become commas.
fn push(
    text: &str,
    span: Range<usize>,
    seps: impl Iterator<Item = Range<usize>>,
    what: &str,
    out: &mut Vec<Diagnostic>,
) {
    let number = &text[span.clone()];
    let mut english = String::with_capacity(number.len());
    let mut edits = Vec::new();
    let mut from = span.start;
    for sep in seps {
        english.push_str(&text[from..sep.start]);
        english.push(',');
        from = sep.end;
        edits.push(Edit::replace(sep, ","));
    }
    english.push_str(&text[from..span.end]);
    out.push(
        META.diag(
            span,
            format!("`{number}` groups thousands with {what}: English writes `{english}`"),
        )
        .with_fix(Fix::safe(format!("Write `{english}`"), edits)),
    );
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
    fn flags_one_group_before_a_count() {
        assert_fixed(
            &ThousandsSeparator,
            "About 16.000 migrants and 3.500 people crossed; the fine was 45.000 euros.",
            "About 16,000 migrants and 3,500 people crossed; the fine was 45,000 euros.",
        );
    }

    #[test]
    fn flags_space_grouping() {
        assert_fixed(
            &ThousandsSeparator,
            "It holds 1\u{A0}500\u{A0}000 euros and 2\u{202F}300 dollars.",
            "It holds 1,500,000 euros and 2,300 dollars.",
        );
    }

    #[test]
    fn hard_negatives() {
        for t in [
            "About 16.000 tonnes, 1.500 km and 2.125 alone, up 3.5 percent, on 01.02.2024.",
            "It scored 1.500 points; 3.141 peoples; 2.500 people-carriers; 2.500 People.",
            "The router is at 192.168.1.1 and 10.100.200.300.400, version 2.10.3.",
            "Version 1.200.300a, v1.200.300 and 1.200.300-beta shipped.",
            "Call 555.123.4567 or see example.com/1.500.000 today.",
            "It rose 1,500,000 and 1.500,5 and 1.5000.000.",
            "Some 10\u{A0}km away, 1\u{A0}500,50 euros, 12\u{A0}5000 and 2019\u{A0}200.",
            "Room 3\u{2009}B, a 1\u{A0}500\u{2009}000 mix and A3\u{A0}500.",
        ] {
            assert_clean(&ThousandsSeparator, t);
        }
    }
}
