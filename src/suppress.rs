//! In-file suppressions for Markdown: `<!-- copydesk-disable RULE… -->`, `<!-- copydesk-enable -->`
//! and `<!-- copydesk-disable-next-line RULE… -->`. A suppression that suppresses nothing is
//! itself reported (`meta/unused-suppression`) so it does not rot.

use crate::diagnostic::{Diagnostic, Edit, Fix};
use crate::document::{Document, Format};
use crate::rules::Rule;
use crate::selector_matches;
use std::ops::Range;
use std::sync::Arc;

/// Rule id for suppressions that suppress nothing.
pub const UNUSED: &str = "meta/unused-suppression";

#[derive(Debug)]
struct Directive {
    /// The comment itself.
    span: Range<usize>,
    /// Rules named (empty = every rule).
    rules: Vec<String>,
    /// Text range it covers.
    covers: Range<usize>,
    used: bool,
}

fn parse(doc: &Document) -> Vec<Directive> {
    let text = doc.text;
    let mut out: Vec<Directive> = Vec::new();
    let mut open: Vec<usize> = Vec::new();
    let mut from = 0;
    while let Some(k) = text[from..].find("<!--") {
        let s = from + k;
        let Some(e) = text[s..].find("-->").map(|e| s + e + 3) else {
            break;
        };
        from = e;
        let body = text[s + 4..e - 3].trim();
        let mut parts = body.split_whitespace();
        let Some(cmd) = parts.next() else { continue };
        let rules: Vec<String> = parts
            .map(|p| p.trim_end_matches(',').to_string())
            .filter(|p| !p.is_empty())
            .collect();
        match cmd {
            "copydesk-disable" => {
                out.push(Directive {
                    span: s..e,
                    rules,
                    covers: e..text.len(),
                    used: false,
                });
                open.push(out.len() - 1);
            }
            "copydesk-enable" => {
                // Closes the open regions it names (all, when it names none).
                open.retain(|&i| {
                    let d = &mut out[i];
                    let closes = rules.is_empty() || d.rules.iter().any(|r| rules.contains(r));
                    if closes {
                        d.covers.end = s;
                    }
                    !closes
                });
            }
            "copydesk-disable-next-line" => {
                let line = doc.lines.line_of(e);
                let next = doc.lines.line_range(line + 1, text);
                out.push(Directive {
                    span: s..e,
                    rules,
                    covers: next,
                    used: false,
                });
            }
            _ => {}
        }
    }
    out
}

/// Drops suppressed findings from `found` and adds `meta/unused-suppression` findings.
pub fn apply(doc: &Document, found: &mut Vec<Diagnostic>, rules: &[Arc<dyn Rule>]) {
    if doc.format != Format::Markdown || !doc.text.contains("copydesk-") {
        return;
    }
    let mut directives = parse(doc);
    if directives.is_empty() {
        return;
    }
    found.retain(|d| {
        let mut keep = true;
        for dir in directives.iter_mut() {
            let in_range = d.span.start >= dir.covers.start
                && d.span.start < dir.covers.end.max(dir.covers.start + 1);
            if in_range
                && (dir.rules.is_empty() || dir.rules.iter().any(|r| selector_matches(r, &d.rule)))
            {
                dir.used = true;
                keep = false;
            }
        }
        keep
    });
    let Some(meta) = rules
        .iter()
        .find(|r| r.meta().id == UNUSED)
        .map(|r| r.meta().clone())
    else {
        return;
    };
    for dir in directives.into_iter().filter(|d| !d.used) {
        let names = if dir.rules.is_empty() {
            "any rule".to_string()
        } else {
            dir.rules.join(", ")
        };
        let unknown: Vec<&String> = dir
            .rules
            .iter()
            .filter(|r| {
                !rules
                    .iter()
                    .any(|rule| selector_matches(r, &rule.meta().id))
            })
            .collect();
        let mut d = meta.diag(
            dir.span.clone(),
            format!("this suppression of {names} suppresses nothing"),
        );
        if !unknown.is_empty() {
            d = d.with_note(format!(
                "unknown or disabled rule: {}",
                unknown
                    .iter()
                    .map(|s| s.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
        let mut end = dir.span.end;
        if doc.text[end..].starts_with('\n') {
            end += 1;
        }
        found.push(d.with_fix(Fix::unsafe_(
            "Remove the suppression comment",
            vec![Edit::delete(dir.span.start..end)],
        )));
    }
}

/// The registry entry for `meta/unused-suppression`.
pub mod rule {
    use crate::diagnostic::{Diagnostic, Severity};
    use crate::document::Document;
    use crate::rules::{FixAvailability, Rule, RuleMeta};

    const EXPLANATION: &str = "\
## What it flags
A `<!-- copydesk-disable … -->` or `<!-- copydesk-disable-next-line … -->` comment that suppressed
no finding, or that names a rule that does not exist.

## Why
Suppressions outlive the text they were written for. One that suppresses nothing hides the next
real problem in its range and misleads the next editor.

## Example
Flagged:  `<!-- copydesk-disable-next-line mt/repeated-word -->` above a line with no repeat.

## Not flagged
Suppressions that suppress at least one finding.

## Fix safety
Unsafe: the comment is removed; check it was not meant for text still being written.";

    /// Reports suppressions that suppress nothing. The findings are made by `suppress::apply`.
    pub struct UnusedSuppression;

    static META: RuleMeta = RuleMeta::builtin(
        super::UNUSED,
        Severity::Warning,
        "A suppression comment that suppresses nothing",
        FixAvailability::Unsafe,
        EXPLANATION,
    );

    impl Rule for UnusedSuppression {
        fn meta(&self) -> &RuleMeta {
            &META
        }

        fn check(&self, _doc: &Document, _out: &mut Vec<Diagnostic>) {}
    }
}

#[cfg(test)]
mod tests {
    use crate::Linter;

    fn rules_of(text: &str) -> Vec<String> {
        let linter = Linter::default();
        linter
            .check_bytes("a.md", text.as_bytes())
            .diagnostics()
            .iter()
            .map(|f| f.diagnostic.rule.to_string())
            .collect()
    }

    #[test]
    fn next_line_and_regions() {
        assert!(
            rules_of("<!-- copydesk-disable-next-line mt/repeated-word -->\nthe the cat\n")
                .is_empty()
        );
        assert!(
            rules_of("<!-- copydesk-disable mt -->\nthe the cat\n<!-- copydesk-enable -->\n")
                .is_empty()
        );
        assert_eq!(
            rules_of("<!-- copydesk-disable mt -->\nok\n<!-- copydesk-enable -->\nthe the cat\n"),
            ["meta/unused-suppression", "mt/repeated-word"]
        );
    }

    #[test]
    fn unused_is_reported() {
        assert_eq!(
            rules_of("<!-- copydesk-disable-next-line mt/repeated-word -->\nclean line\n"),
            ["meta/unused-suppression"]
        );
    }
}
