//! `punct/missing-space`.

use crate::diagnostic::{Diagnostic, Edit, Fix, Severity};
use crate::document::{is_abbreviation, Document};
use crate::rules::{FixAvailability, Rule, RuleMeta};

const EXPLANATION: &str = "\
## What it flags
A full stop, comma or semicolon glued to the next word: `on Tuesday.Critics said`, `took office
in 2019,said the city`, `the plan;critics`. A line break lost in a copy and paste, or a space
dropped by an import, joins two sentences or two clauses, and the words read as one. Also the
space that moved from after the mark to before it: `on Tuesday .Critics said`, `small ,but`.

## Not flagged
Abbreviations and initials (`U.S.Army`, `St.Louis`, `Mr.Smith` are left to other checks),
`e.g.`, `a.m.`, decimals and thousands (`3.5`, `1,000`), names written with a dot (`ASP.NET`,
`Booking.com`, `Amazon.Com`), links, e-mail addresses, code, and tokens that look like code or
data (`key=a,b`, `red,green/blue`, `Foo.Bar.Baz`). A colon is not looked at: `key:value`,
`10:30` and `Re:` are too common outside prose.

## Fix safety
Safe after a comma or semicolon: a space is inserted (or moved after the mark). Unsafe after a
full stop, question mark or exclamation mark: check that the mark ends a sentence before
accepting.";

/// Flags a sentence or clause mark with no space before the next word.
pub struct MissingSpace;

static META: RuleMeta = RuleMeta::builtin(
    "punct/missing-space",
    Severity::Warning,
    "No space after a full stop or comma (`Tuesday.Critics`, `2019,said`)",
    FixAvailability::Safe,
    EXPLANATION,
);

/// Endings of web addresses written without a scheme and capitalised (`Amazon.Com`); the
/// two-letter ones are English words (`Accra.It rained`).
const DOMAIN_ENDINGS: &[&str] = &["com", "net", "org", "gov", "edu", "info"];

impl Rule for MissingSpace {
    fn meta(&self) -> &RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, out: &mut Vec<Diagnostic>) {
        let text = doc.text;
        let b = text.as_bytes();
        // A mark right before an ASCII letter: in prose, nearly only in abbreviations. (Digits
        // after a mark are numbers: `3.5`, `1,000`.)
        for &after in doc.prefetching(&doc.punct_pairs().alnum_after_mark, |&a| [a as usize]) {
            let mark = after as usize - 1;
            if b[mark] == b':' || b[after as usize].is_ascii_digit() {
                continue;
            }
            if let Some(d) = judge(text, mark) {
                out.push(d);
            }
        }
    }
}

/// The most bytes of a token looked at on either side of a mark: a longer run without a space
/// is not prose, and the bound keeps a line of glued marks from costing a scan back to its
/// start at each one.
const TOKEN_REACH: usize = 64;

/// The token (the run of non-space bytes) around `at`, or `None` if it reaches further than
/// [`TOKEN_REACH`] on either side.
fn token(b: &[u8], at: usize) -> Option<&[u8]> {
    let from = at.saturating_sub(TOKEN_REACH);
    let to = (at + TOKEN_REACH).min(b.len());
    let start = match b[from..at].iter().rposition(|c| c.is_ascii_whitespace()) {
        Some(k) => from + k + 1,
        None if from == 0 => 0,
        None => return None,
    };
    let end = match b[at..to].iter().position(|c| c.is_ascii_whitespace()) {
        Some(k) => at + k,
        None if to == b.len() => b.len(),
        None => return None,
    };
    Some(&b[start..end])
}

fn judge(text: &str, mark: usize) -> Option<Diagnostic> {
    let b = text.as_bytes();
    let m = b[mark];
    // Where the word before ends: right before the mark, or one space before it when the space
    // has moved from after the mark to before it (`Tuesday .Critics`, `small ,but`).
    let moved = mark >= 1 && b[mark - 1] == b' ';
    let w = if moved { mark - 1 } else { mark };
    // Two ASCII letters or digits before the mark: not an initial or a dotted abbreviation.
    if w < 2 || !b[w - 1].is_ascii_alphanumeric() || !b[w - 2].is_ascii_alphanumeric() {
        return None;
    }
    // The word after: ASCII letters up to a space or a mark.
    let next = &b[mark + 1..];
    let len = next
        .iter()
        .position(|c| !c.is_ascii_alphabetic())
        .unwrap_or(next.len());
    let word_end_ok = next
        .get(len)
        .is_none_or(|&c| c.is_ascii_whitespace() || b".,;:!?)]'\"".contains(&c) || c >= 0x80);
    if len < 2 || !word_end_ok {
        return None;
    }
    let word = &next[..len];
    let tok = token(b, mark)?;
    if tok.iter().any(|c| b"/\\@=_|`<>{}[]#$%&*+~^".contains(c))
        || tok
            .windows(2)
            .filter(|p| is_mark_byte(p[0]) && p[1].is_ascii_alphabetic())
            .count()
            > 1
    {
        return None;
    }
    let sentence_mark = matches!(m, b'.' | b'!' | b'?');
    // `TL;DR`, `A,B`: capitals on both sides are an acronym, not two words.
    if !sentence_mark && b[w - 1].is_ascii_uppercase() {
        return None;
    }
    if sentence_mark {
        // A sentence starts after it: a capital, then a lowercase letter (not `ASP.NET`), after
        // a word ending in lowercase letters (not `U.S.Army`, `St.Louis`).
        let capital_word = word[0].is_ascii_uppercase() && word[1].is_ascii_lowercase();
        let after_lowercase = b[w - 1].is_ascii_lowercase() && b[w - 2].is_ascii_lowercase();
        if !(capital_word && after_lowercase) {
            return None;
        }
        let lower = word.to_ascii_lowercase();
        if DOMAIN_ENDINGS
            .iter()
            .any(|d| d.as_bytes() == lower.as_slice())
        {
            return None;
        }
        let start = crate::document::ascii::letters_before(b, w);
        if is_abbreviation(&text[start..w]) {
            return None;
        }
    }
    let glyph = m as char;
    let (span, message, fix_message, edits) = if moved {
        (
            w..mark + 1,
            format!("space before `{glyph}` instead of after it"),
            format!("Move the space after `{glyph}`"),
            vec![Edit::replace(w..mark + 1, format!("{glyph} "))],
        )
    } else {
        (
            mark..mark + 1,
            format!("no space after `{glyph}`"),
            format!("Insert a space after `{glyph}`"),
            vec![Edit::insert(mark + 1, " ")],
        )
    };
    let fix = if sentence_mark {
        Fix::unsafe_(fix_message, edits)
    } else {
        Fix::safe(fix_message, edits)
    };
    Some(META.diag(span, message).with_fix(fix))
}

#[inline]
fn is_mark_byte(c: u8) -> bool {
    matches!(c, b'.' | b',' | b';' | b'!' | b'?')
}

#[cfg(test)]
mod tests {
    use super::MissingSpace;
    use crate::rules::testing::*;

    #[test]
    fn flags() {
        assert_flags(
            &MissingSpace,
            "The council met on Tuesday.Critics said it was too small.",
            &["."],
        );
        assert_flags(
            &MissingSpace,
            "The mayor, who took office in 2019,said the city would borrow.",
            &[","],
        );
        assert_flags(
            &MissingSpace,
            "The plan failed;critics blamed the mayor. Why?Nobody knows.",
            &[";", "?"],
        );
        assert_flags(&MissingSpace, "The capital, Accra.It rained.", &["."]);
        assert_flags(
            &MissingSpace,
            "They met on Tuesday .Critics said it was small ,but fine.",
            &[" .", " ,"],
        );
    }

    #[test]
    fn hard_negatives() {
        for t in [
            "The U.S.Army and St.Louis officials met Mr.Smith at 10 a.m. on Monday.",
            "Prices rose 3.5 percent; 1,000 people came, e.g. in Paris.",
            "She works for ASP.NET, Booking.com and Amazon.Com, she said.",
            "Set key=a,b and use red,green/blue or Foo.Bar.Baz in the file.",
            "He said: yes. It was 10:30. Yes, it was.",
            "x,y and a.b are variables. TL;DR: it works.",
            &"ab.Cd".repeat(40),
            "It runs on .NET and costs .45 cents; see the U.S. .Gov site, St .Louis.",
        ] {
            assert_clean(&MissingSpace, t);
        }
    }

    #[test]
    fn fixes() {
        assert_fixed(
            &MissingSpace,
            "in 2019,said the mayor.\n",
            "in 2019, said the mayor.\n",
        );
        assert_fixed(
            &MissingSpace,
            "on Tuesday.Critics said so.\n",
            "on Tuesday. Critics said so.\n",
        );
        assert_fixed(
            &MissingSpace,
            "on Tuesday .Critics said it was small ,but fine.\n",
            "on Tuesday. Critics said it was small, but fine.\n",
        );
    }
}
