//! Machine-readable output: JSON (the documented schema), SARIF 2.1.0, and one line per finding.

use super::FileResult;
use crate::diagnostic::Severity;
use crate::rules::Rule;
use crate::{Finding, Report};
use serde_json::{json, Value};
use std::sync::Arc;

/// One finding as the JSON schema has it, borrowing from the finding: written field by field,
/// in this order, without building an intermediate `serde_json::Value` (a file can have
/// hundreds of thousands of findings).
#[derive(serde::Serialize)]
struct JsonFinding<'a> {
    path: &'a str,
    rule: &'a str,
    severity: &'static str,
    message: &'a str,
    start: JsonPos,
    end: JsonPos,
    labels: Vec<JsonLabel<'a>>,
    notes: &'a [String],
    fix: Option<JsonFix<'a>>,
}

#[derive(serde::Serialize)]
struct JsonPos {
    offset: usize,
    line: usize,
    column: usize,
}

#[derive(serde::Serialize)]
struct JsonLabel<'a> {
    start: usize,
    end: usize,
    message: &'a str,
}

#[derive(serde::Serialize)]
struct JsonFix<'a> {
    applicability: &'static str,
    message: &'a str,
    edits: Vec<JsonEdit<'a>>,
}

#[derive(serde::Serialize)]
struct JsonEdit<'a> {
    start: usize,
    end: usize,
    replacement: &'a str,
}

fn pos(p: &crate::Position) -> JsonPos {
    JsonPos {
        offset: p.offset,
        line: p.line,
        column: p.column,
    }
}

fn finding_json<'a>(path: &'a str, f: &'a Finding) -> JsonFinding<'a> {
    let d = &f.diagnostic;
    JsonFinding {
        path,
        rule: &d.rule,
        severity: d.severity.as_str(),
        message: &d.message,
        start: pos(&f.start),
        end: pos(&f.end),
        labels: d
            .labels
            .iter()
            .map(|l| JsonLabel {
                start: l.span.start,
                end: l.span.end,
                message: &l.message,
            })
            .collect(),
        notes: &d.notes,
        fix: d.fix.as_ref().map(|fx| JsonFix {
            applicability: fx.applicability.as_str(),
            message: &fx.message,
            edits: fx
                .edits
                .iter()
                .map(|e| JsonEdit {
                    start: e.span.start,
                    end: e.span.end,
                    replacement: &e.replacement,
                })
                .collect(),
        }),
    }
}

/// The JSON report: `{"version":1,"files_checked":N,"files_skipped":[{"path","reason"}],"diagnostics":[…]}`.
pub fn json(results: &[FileResult]) -> String {
    let mut out = Vec::new();
    let _ = json_to(results, &mut out);
    String::from_utf8(out).unwrap_or_default()
}

/// Writes the JSON report to `w` as it goes: each diagnostic is built, written and dropped, so
/// memory stays flat however many findings there are.
pub fn json_to(results: &[FileResult], w: &mut impl std::io::Write) -> std::io::Result<()> {
    serde_json::to_writer_pretty(&mut *w, &JsonReport(results)).map_err(std::io::Error::other)?;
    w.write_all(b"\n")
}

struct JsonReport<'a>(&'a [FileResult]);
struct Skipped<'a>(&'a [FileResult]);
struct Diagnostics<'a>(&'a [FileResult]);

impl serde::Serialize for JsonReport<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let checked = self
            .0
            .iter()
            .filter(|r| matches!(r.report, Ok(Report::Checked { .. })))
            .count();
        let mut m = s.serialize_map(Some(4))?;
        m.serialize_entry("version", &1)?;
        m.serialize_entry("files_checked", &checked)?;
        m.serialize_entry("files_skipped", &Skipped(self.0))?;
        m.serialize_entry("diagnostics", &Diagnostics(self.0))?;
        m.end()
    }
}

impl serde::Serialize for Skipped<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.iter().filter_map(|r| match &r.report {
            Ok(Report::Checked { .. }) => None,
            Ok(Report::Skipped(reason)) => Some(json!({"path": r.path, "reason": reason.as_str()})),
            Err(e) => Some(json!({"path": r.path, "reason": format!("unreadable: {e}")})),
        }))
    }
}

impl serde::Serialize for Diagnostics<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.iter().flat_map(|r| {
            r.report
                .as_ref()
                .map(|r| r.diagnostics())
                .unwrap_or(&[])
                .iter()
                .map(|f| finding_json(&r.path, f))
        }))
    }
}

/// One line per finding: `path:line:col: severity[rule] message`.
pub fn concise(results: &[FileResult]) -> String {
    let mut out = String::new();
    for r in results {
        for f in r.report.as_ref().map(|r| r.diagnostics()).unwrap_or(&[]) {
            let d = &f.diagnostic;
            let fixable = if d
                .fix
                .as_ref()
                .is_some_and(|x| x.applicability == crate::Applicability::Safe)
            {
                " [*]"
            } else {
                ""
            };
            out.push_str(&format!(
                "{}:{}:{}: {}[{}] {}{fixable}\n",
                r.path, f.start.line, f.start.column, d.severity, d.rule, d.message
            ));
        }
    }
    out
}

/// SARIF 2.1.0 for code-scanning dashboards.
pub fn sarif(results: &[FileResult], rules: &[Arc<dyn Rule>]) -> String {
    let rule_defs: Vec<Value> = rules
        .iter()
        .map(|r| {
            let m = r.meta();
            json!({"id": m.id, "shortDescription": {"text": m.summary}, "fullDescription": {"text": m.explanation},
                   "defaultConfiguration": {"level": level(m.severity)}})
        })
        .collect();
    let mut res = Vec::new();
    for r in results {
        for f in r.report.as_ref().map(|r| r.diagnostics()).unwrap_or(&[]) {
            let d = &f.diagnostic;
            res.push(json!({
                "ruleId": d.rule,
                "level": level(d.severity),
                "message": {"text": d.message},
                "locations": [{"physicalLocation": {
                    "artifactLocation": {"uri": r.path.replace('\\', "/")},
                    "region": {"startLine": f.start.line, "startColumn": f.start.column, "endLine": f.end.line,
                               "endColumn": f.end.column, "byteOffset": f.start.offset, "byteLength": f.end.offset - f.start.offset}
                }}],
            }));
        }
    }
    let v = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{"tool": {"driver": {"name": "copydesk", "version": env!("CARGO_PKG_VERSION"), "rules": rule_defs}}, "results": res}],
    });
    let mut s = serde_json::to_string_pretty(&v).unwrap_or_default();
    s.push('\n');
    s
}

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}
