//! `punct/quote-spacing`.

use crate::diagnostic::{Diagnostic, Edit, Fix, Severity};
use crate::document::{is_opening_context, Document};
use crate::rules::{FixAvailability, Rule, RuleMeta};
use std::ops::Range;

const EXPLANATION: &str = "\
## What it flags
A space just inside curly quotation marks: `called it “ a disgrace ”`, `“ We will rebuild,” she
said`. French typography puts a space inside guillemets (`« … »`), and a translation that turns
them into English quotation marks often keeps the spaces. Also a space just inside round
brackets on one line, `the ministry ( on Monday )`, which a translation engine's tokenizer
leaves around them.

## Not flagged
Straight quotes (`\"`), whose opening and closing marks look alike, so a space next to one does not
say which side it is on; a space inside guillemets is left to `punct/foreign-quotes`, whose fix
trims it; an empty quotation (`“ ”`); a quotation that runs on into the next paragraph, at its
open end; a `“` glued to the letter before it, which is mojibake (`â€“` for an en dash), not a
quotation mark; an empty pair of brackets, an emoticon (`:( `), brackets split over lines and
code.

## Fix safety
Safe: the space is deleted.";

/// Flags spaces just inside curly quotation marks.
pub struct QuoteSpacing;

static META: RuleMeta = RuleMeta::builtin(
    "punct/quote-spacing",
    Severity::Warning,
    "A space just inside quotation marks or brackets (`“ a disgrace ”`, `( on Monday )`)",
    FixAvailability::Safe,
    EXPLANATION,
);

impl Rule for QuoteSpacing {
    fn meta(&self) -> &RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, out: &mut Vec<Diagnostic>) {
        let text = doc.text;
        for q in doc.prefetching(&doc.quotes, |q| [q.span.start, q.inner.end]) {
            let inner = &text[q.inner.clone()];
            if inner.trim().is_empty() || !text[q.span.start..].starts_with('“') {
                continue;
            }
            // A mark glued to the letter before it is not an opening quotation mark but part of
            // mojibake (`â€“`, an en dash read as Windows-1252, ends in `“`), which
            // encoding/mojibake repairs; a space next to it is the text's own.
            if !is_opening_context(text[..q.span.start].chars().next_back()) {
                continue;
            }
            // After the opening mark.
            let lead = inner.len() - inner.trim_start_matches([' ', '\t']).len();
            if lead > 0 {
                let span = q.inner.start..q.inner.start + lead;
                out.push(diag(span, "after the opening `“`"));
            }
            // Before the closing mark.
            if q.closed && text[q.inner.end..].starts_with('”') {
                let trail = inner.len() - inner.trim_end_matches([' ', '\t']).len();
                if trail > 0 {
                    let span = q.inner.end - trail..q.inner.end;
                    out.push(diag(span, "before the closing `”`"));
                }
            }
        }
        brackets(doc, out);
    }
}

/// How far a closing bracket is looked for after an opening one, in bytes.
const BRACKET_REACH: usize = 200;

/// `( on Monday )`: spaces just inside a pair of round brackets on one line, as a translation
/// engine's tokenizer leaves them. Brackets are rare in news copy, so a byte search finds them.
fn brackets(doc: &Document, out: &mut Vec<Diagnostic>) {
    let text = doc.text;
    let b = text.as_bytes();
    for open in memchr::memchr_iter(b'(', b) {
        // Not an emoticon (`:(`) and not an empty pair.
        if open > 0 && matches!(b[open - 1], b':' | b';' | b'=' | b'(') {
            continue;
        }
        let limit = (open + 1 + BRACKET_REACH).min(b.len());
        let Some(len) = memchr::memchr3(b')', b'(', b'\n', &b[open + 1..limit]) else {
            continue;
        };
        let close = open + 1 + len;
        if b[close] != b')' {
            continue;
        }
        let inner = &text[open + 1..close];
        if inner.trim().is_empty() || doc.touches_non_prose(&(open..close + 1)) {
            continue;
        }
        let lead = inner.len() - inner.trim_start_matches([' ', '\t']).len();
        let trail = inner.len() - inner.trim_end_matches([' ', '\t']).len();
        if lead > 0 {
            out.push(diag(open + 1..open + 1 + lead, "after the opening `(`"));
        }
        if trail > 0 {
            out.push(diag(close - trail..close, "before the closing `)`"));
        }
    }
}

fn diag(span: Range<usize>, where_: &str) -> Diagnostic {
    META.diag(span.clone(), format!("space {where_}"))
        .with_fix(Fix::safe("Remove the space", vec![Edit::replace(span, "")]))
}

#[cfg(test)]
mod tests {
    use super::QuoteSpacing;
    use crate::rules::testing::*;

    #[test]
    fn flags() {
        assert_flags(
            &QuoteSpacing,
            "She called it “ a disgrace ” on Monday.",
            &[" ", " "],
        );
        assert_flags(&QuoteSpacing, "“ We will rebuild,” she said.", &[" "]);
        assert_flags(
            &QuoteSpacing,
            "The ministry ( on Monday ) and the council (in May ) said no.",
            &[" ", " ", " "],
        );
    }

    #[test]
    fn hard_negatives() {
        for t in [
            "She called it “a disgrace” on Monday.",
            "He said \" no \" twice, and “ ” was all.",
            "“The first part runs on.\n\n“And ends here,” she said.",
            "They shouted « non » at the minister.",
            "He said it was open â€“ and he meant it.",
            "The ministry (on Monday) said no :( and ( ) was empty.",
            "The ministry ( on\nMonday ) said no.",
        ] {
            assert_clean(&QuoteSpacing, t);
        }
    }

    #[test]
    fn fixes() {
        assert_fixed(
            &QuoteSpacing,
            "She called it “ a disgrace ” on Monday.\n",
            "She called it “a disgrace” on Monday.\n",
        );
        assert_fixed(
            &QuoteSpacing,
            "The ministry ( on Monday ) said no.\n",
            "The ministry (on Monday) said no.\n",
        );
    }
}
