//! `encoding/line-endings`.

use crate::diagnostic::{Diagnostic, Edit, Fix, Severity};
use crate::document::Document;
use crate::rules::{FixAvailability, Rule, RuleMeta};

const EXPLANATION: &str = "\
## What it flags
Line endings that disagree with the rest of the file: CRLF (`\\r\\n`) lines in a file that mostly
uses LF, LF lines in a mostly-CRLF file, and lone carriage returns (`\\r`, classic Mac OS).

## Why
Text assembled from several sources, or edited on Windows and Unix in turn, ends up mixed. Diffs
then show whole lines as changed, and a lone CR makes lines overwrite each other in a terminal or
vanish in a CMS.

## Prevent it
Set `.gitattributes` (`* text=auto`) or the editor to one convention.

## Example
Flagged:  one `\\r\\n` in a file of `\\n` lines  →  `\\n`

## Not flagged
A file that uses CRLF throughout, or LF throughout.

## Fix safety
Safe: each minority line ending becomes the file's majority ending; a lone CR becomes it too.";

/// Flags mixed line endings and lone carriage returns.
pub struct LineEndings;

static META: RuleMeta = RuleMeta::builtin(
    "encoding/line-endings",
    Severity::Warning,
    "Mixed CRLF and LF line endings, or a lone CR",
    FixAvailability::Safe,
    EXPLANATION,
);

impl Rule for LineEndings {
    fn meta(&self) -> &RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, out: &mut Vec<Diagnostic>) {
        let b = doc.text.as_bytes();
        if doc.lines.carriage_returns().is_empty() {
            return;
        }
        let mut crlf = Vec::new();
        let mut lf = Vec::new();
        let mut lone_cr = Vec::new();
        for i in memchr::memchr2_iter(b'\r', b'\n', b) {
            if b[i] == b'\r' {
                if b.get(i + 1) == Some(&b'\n') {
                    crlf.push(i);
                } else {
                    lone_cr.push(i);
                }
            } else if i == 0 || b[i - 1] != b'\r' {
                lf.push(i);
            }
        }
        let majority_crlf = crlf.len() > lf.len();
        let (target, name) = if majority_crlf {
            ("\r\n", "CRLF")
        } else {
            ("\n", "LF")
        };
        let minority: Vec<(usize, usize, &str)> = if majority_crlf {
            lf.iter().map(|&i| (i, i + 1, "LF")).collect()
        } else {
            crlf.iter().map(|&i| (i, i + 2, "CRLF")).collect()
        };
        let total = crlf.len() + lf.len();
        for (s, e, what) in minority {
            out.push(
                META.diag(s..e, format!("{what} line ending in a file that mostly uses {name} ({} of {total} lines)", if majority_crlf { crlf.len() } else { lf.len() }))
                    .with_fix(Fix::safe(format!("Use {name}"), vec![Edit::replace(s..e, target)])),
            );
        }
        for i in lone_cr {
            out.push(
                META.diag(i..i + 1, "lone carriage return (CR without LF)")
                    .with_fix(Fix::safe(
                        format!("Use {name}"),
                        vec![Edit::replace(i..i + 1, target)],
                    )),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::LineEndings;
    use crate::rules::testing::*;

    #[test]
    fn flags_and_fixes() {
        assert_fixed(&LineEndings, "a\nb\r\nc\nd\n", "a\nb\nc\nd\n");
        assert_fixed(&LineEndings, "a\r\nb\nc\r\n", "a\r\nb\r\nc\r\n");
        assert_fixed(&LineEndings, "a\rb\nc\n", "a\nb\nc\n");
    }

    #[test]
    fn hard_negatives() {
        assert_clean(&LineEndings, "a\r\nb\r\n");
        assert_clean(&LineEndings, "a\nb\n");
    }
}
