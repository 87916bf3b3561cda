//! `encoding/control-char`.

use super::for_each_char_in;
use crate::diagnostic::{Diagnostic, Edit, Fix, Severity};
use crate::document::Document;
use crate::rules::{FixAvailability, Rule, RuleMeta};

const EXPLANATION: &str = "\
## What it flags
Control characters in the text: C0 controls other than tab, line feed and the carriage return of
a CRLF (`\\x0B`, `\\x0C`, `\\x1B`…), DEL, and C1 controls (U+0080–U+009F).

## Why
C0 controls come from terminal output, old word processors and feeds that use them as separators.
C1 controls have no use in text any more: they are Windows-1252 punctuation (`’ “ ” – —`) that was
decoded as Latin-1.

## Prevent it
Strip controls in the import step; decode Windows-1252 as Windows-1252, not Latin-1.

## Example
Flagged:  `don\\u{92}t`  →  `don’t`;  `page\\x0Cbreak`  →  `pagebreak`

## Not flagged
Tab, line feed, CR in CRLF line endings (lone CRs are reported by `encoding/line-endings`),
C1 controls that are part of a mojibake sequence (reported by `encoding/mojibake`).

## Fix safety
C0 controls and DEL: safe, they are removed. C1 controls: unsafe, replaced by the Windows-1252
character they stand for (what web browsers do).";

/// Flags C0 and C1 control characters.
pub struct ControlChar;

static META: RuleMeta = RuleMeta::builtin(
    "encoding/control-char",
    Severity::Error,
    "A control character in the text (C0 other than tab and newline, DEL, C1)",
    FixAvailability::Safe,
    EXPLANATION,
);

impl Rule for ControlChar {
    fn meta(&self) -> &RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, out: &mut Vec<Diagnostic>) {
        let t = doc.text;
        let b = t.as_bytes();
        // C0 controls other than tab, line feed and carriage return, and DEL, noted by the
        // word scan.
        for i in doc.punct_pairs().controls.iter().map(|&i| i as usize) {
            let x = b[i];
            out.push(
                META.diag(i..i + 1, format!("control character U+{x:04X} in the text"))
                    .with_fix(Fix::safe(
                        "Remove the control character",
                        vec![Edit::delete(i..i + 1)],
                    )),
            );
        }
        // The C1 controls, U+0080–U+009F, among the chars the document has found already.
        for_each_char_in(doc, 0xC2, |i, c| {
            if ('\u{80}'..='\u{9F}').contains(&c) {
                c1_control(t, i, out);
            }
        });
    }
}

/// Reports the C1 control at `i` unless it is part of a mojibake run.
fn c1_control(t: &str, i: usize, out: &mut Vec<Diagnostic>) {
    let b = t.as_bytes();
    let c1 = b[i + 1];
    // Part of a mojibake run (`â€\u{9D}`): that rule reports it.
    let prev = t[..i].chars().next_back();
    if prev.is_some_and(|p| super::mojibake::cp1252_byte(p).is_some()) {
        return;
    }
    let one = [c1];
    let (s, _, bad) = encoding_rs::WINDOWS_1252.decode(&one);
    let d = META.diag(
        i..i + 2,
        format!("C1 control character U+{c1:04X}: Windows-1252 text decoded as Latin-1"),
    );
    let stand_in = s.chars().next().filter(|c| !bad && !c.is_control());
    out.push(match stand_in {
        Some(c) => d.with_fix(Fix::unsafe_(
            format!("Replace with `{c}`"),
            vec![Edit::replace(i..i + 2, c.to_string())],
        )),
        None => d.with_fix(Fix::safe(
            "Remove the control character",
            vec![Edit::delete(i..i + 2)],
        )),
    });
}

#[cfg(test)]
mod tests {
    use super::ControlChar;
    use crate::rules::testing::*;

    #[test]
    fn flags_and_fixes() {
        assert_fixed(&ControlChar, "page\x0Cbreak", "pagebreak");
        assert_fixed(&ControlChar, "don\u{92}t", "don’t");
    }

    #[test]
    fn hard_negatives() {
        assert_clean(&ControlChar, "tab\there\r\nline\n");
        assert_clean(&ControlChar, "â€\u{9D}");
    }
}
