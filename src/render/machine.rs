//! Machine-readable output: JSON (the documented schema), SARIF 2.1.0, and one line per finding.

use super::{stream, FileResult};
use crate::diagnostic::Severity;
use crate::rules::Rule;
use crate::{Finding, Report};
use serde_json::{json, Value};
use std::io::Write;
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

/// Every finding of the results, with the path of its file, in order.
fn findings(results: &[FileResult]) -> impl Iterator<Item = (&str, &Finding)> {
    results.iter().flat_map(|r| {
        r.report
            .as_ref()
            .map(|r| r.diagnostics())
            .unwrap_or(&[])
            .iter()
            .map(|f| (r.path.as_str(), f))
    })
}

/// Writes the JSON report to `w`, laid out as serde_json's pretty printer does. The findings are
/// rendered on every core a batch at a time, so a report of many findings is neither held in
/// memory as a whole nor rendered on one thread while the others wait.
pub fn json_to(results: &[FileResult], w: &mut dyn Write) -> std::io::Result<()> {
    let checked = results
        .iter()
        .filter(|r| matches!(r.report, Ok(Report::Checked { .. })))
        .count();
    let skipped: Vec<Value> = results
        .iter()
        .filter_map(|r| match &r.report {
            Ok(Report::Checked { .. }) => None,
            Ok(Report::Skipped(reason)) => Some(json!({"path": r.path, "reason": reason.as_str()})),
            Err(e) => Some(json!({"path": r.path, "reason": format!("unreadable: {e}")})),
        })
        .collect();
    let mut head =
        format!("{{\n  \"version\": 1,\n  \"files_checked\": {checked},\n  \"files_skipped\": ")
            .into_bytes();
    stream::pretty_at(&mut head, 1, &skipped);
    head.extend_from_slice(b",\n  \"diagnostics\": ");
    w.write_all(&head)?;
    stream::write_array(w, 2, findings(results), |(path, f)| finding_json(path, f))?;
    w.write_all(b"\n}\n")
}

/// One line per finding: `path:line:col: severity[rule] message`.
pub fn concise(results: &[FileResult]) -> String {
    let mut out = Vec::new();
    let _ = concise_to(results, &mut out);
    String::from_utf8(out).unwrap_or_default()
}

/// Writes the concise report to `w`, rendered on every core a batch at a time.
pub fn concise_to(results: &[FileResult], w: &mut dyn Write) -> std::io::Result<()> {
    stream::render_all(w, findings(results), |_, (path, f), buf| {
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
        let _ = writeln!(
            buf,
            "{}:{}:{}: {}[{}] {}{fixable}",
            path, f.start.line, f.start.column, d.severity, d.rule, d.message
        );
    })
    .map(|_| ())
}

/// One SARIF result, fields in the order the report has always had.
#[derive(serde::Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult<'a> {
    rule_id: &'a str,
    level: &'static str,
    message: SarifText<'a>,
    locations: [SarifLocation; 1],
}

#[derive(serde::Serialize)]
struct SarifText<'a> {
    text: &'a str,
}

#[derive(serde::Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifLocation {
    physical_location: SarifPhysical,
}

#[derive(serde::Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifPhysical {
    artifact_location: SarifUri,
    region: SarifRegion,
}

#[derive(serde::Serialize)]
struct SarifUri {
    uri: String,
}

#[derive(serde::Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifRegion {
    start_line: usize,
    start_column: usize,
    end_line: usize,
    end_column: usize,
    byte_offset: usize,
    byte_length: usize,
}

fn sarif_result<'a>(path: &str, f: &'a Finding) -> SarifResult<'a> {
    let d = &f.diagnostic;
    SarifResult {
        rule_id: &d.rule,
        level: level(d.severity),
        message: SarifText { text: &d.message },
        locations: [SarifLocation {
            physical_location: SarifPhysical {
                artifact_location: SarifUri {
                    uri: path.replace('\\', "/"),
                },
                region: SarifRegion {
                    start_line: f.start.line,
                    start_column: f.start.column,
                    end_line: f.end.line,
                    end_column: f.end.column,
                    byte_offset: f.start.offset,
                    byte_length: f.end.offset - f.start.offset,
                },
            },
        }],
    }
}

/// The SARIF description of each rule (a small list: built as values).
fn sarif_rules(rules: &[Arc<dyn Rule>]) -> Vec<Value> {
    rules
        .iter()
        .map(|r| {
            let m = r.meta();
            json!({"id": m.id, "shortDescription": {"text": m.summary}, "fullDescription": {"text": m.explanation},
                   "defaultConfiguration": {"level": level(m.severity)}})
        })
        .collect()
}

/// SARIF 2.1.0 for code-scanning dashboards.
pub fn sarif(results: &[FileResult], rules: &[Arc<dyn Rule>]) -> String {
    let mut out = Vec::new();
    let _ = sarif_to(results, rules, &mut out);
    String::from_utf8(out).unwrap_or_default()
}

/// Writes the SARIF report to `w`; its results are rendered as the JSON report's findings are.
pub fn sarif_to(
    results: &[FileResult],
    rules: &[Arc<dyn Rule>],
    w: &mut dyn Write,
) -> std::io::Result<()> {
    let tool = json!({"driver": {"name": "copydesk", "version": env!("CARGO_PKG_VERSION"), "rules": sarif_rules(rules)}});
    let mut head = b"{\n  \"$schema\": \"https://json.schemastore.org/sarif-2.1.0.json\",\n  \"version\": \"2.1.0\",\n  \"runs\": [\n    {\n      \"tool\": ".to_vec();
    stream::pretty_at(&mut head, 3, &tool);
    head.extend_from_slice(b",\n      \"results\": ");
    w.write_all(&head)?;
    stream::write_array(w, 4, findings(results), |(path, f)| sarif_result(path, f))?;
    w.write_all(b"\n    }\n  ]\n}\n")
}

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SkipReason;

    /// Results with findings enough to be rendered by several threads in several chunks (one
    /// file alone has more than a chunk), a file without findings, a skipped and an unreadable
    /// file, a label, a note and fixes.
    fn results() -> Vec<FileResult> {
        let linter = crate::Linter::default();
        let mut results = Vec::new();
        for (i, copies) in [(0, 1500), (1, 0), (2, 700), (3, 2100)] {
            let mut text = String::from("The the cat sat.\n");
            text.push_str(&"He said the the vote was close, ” he said. declared.\n".repeat(copies));
            let path = format!("dir\\story-{i}.txt");
            results.push(FileResult {
                report: Ok(linter.check_bytes(&path, text.as_bytes())),
                path,
                fixed: 0,
            });
        }
        results.insert(
            2,
            FileResult {
                path: "photo.jpg".into(),
                report: Ok(Report::Skipped(SkipReason::Binary)),
                fixed: 0,
            },
        );
        results.push(FileResult {
            path: "gone.txt".into(),
            report: Err("no such file".into()),
            fixed: 0,
        });
        results
    }

    fn pretty(v: &Value) -> String {
        serde_json::to_string_pretty(v).unwrap() + "\n"
    }

    /// The JSON report as one `serde_json::Value`, built here field by field from the schema.
    fn json_reference(results: &[FileResult]) -> String {
        let mut skipped = Vec::new();
        let mut diagnostics = Vec::new();
        for r in results {
            match &r.report {
                Ok(Report::Skipped(reason)) => {
                    skipped.push(json!({"path": r.path, "reason": reason.as_str()}))
                }
                Err(e) => skipped.push(json!({"path": r.path, "reason": format!("unreadable: {e}")})),
                Ok(report) => diagnostics.extend(report.diagnostics().iter().map(|f| {
                    let d = &f.diagnostic;
                    json!({
                        "path": r.path, "rule": d.rule, "severity": d.severity.as_str(),
                        "message": d.message,
                        "start": {"offset": f.start.offset, "line": f.start.line, "column": f.start.column},
                        "end": {"offset": f.end.offset, "line": f.end.line, "column": f.end.column},
                        "labels": d.labels.iter().map(|l| json!({"start": l.span.start, "end": l.span.end, "message": l.message})).collect::<Vec<_>>(),
                        "notes": d.notes,
                        "fix": d.fix.as_ref().map(|x| json!({
                            "applicability": x.applicability.as_str(), "message": x.message,
                            "edits": x.edits.iter().map(|e| json!({"start": e.span.start, "end": e.span.end, "replacement": e.replacement})).collect::<Vec<_>>(),
                        })),
                    })
                })),
            }
        }
        let checked = results.len() - skipped.len();
        pretty(
            &json!({"version": 1, "files_checked": checked, "files_skipped": skipped, "diagnostics": diagnostics}),
        )
    }

    #[test]
    fn json_report_matches_the_schema_written_as_one_value() {
        let results = results();
        let n: usize = findings(&results).count();
        assert!(
            n > 4 * stream::CHUNK,
            "{n} findings: too few to use several threads"
        );
        assert!(findings(&results).any(|(_, f)| !f.diagnostic.labels.is_empty()));
        assert!(findings(&results).any(|(_, f)| !f.diagnostic.notes.is_empty()));
        assert_eq!(json(&results), json_reference(&results));
        assert_eq!(
            json(&results[1..2]),
            json_reference(&results[1..2]),
            "no findings"
        );
        assert_eq!(json(&[]), json_reference(&[]), "no files");
    }

    #[test]
    fn sarif_report_matches_one_value() {
        let results = results();
        let linter = crate::Linter::default();
        let rules = sarif_rules(linter.rules());
        let res: Vec<Value> = findings(&results)
            .map(|(path, f)| {
                let d = &f.diagnostic;
                json!({"ruleId": d.rule, "level": level(d.severity), "message": {"text": d.message},
                       "locations": [{"physicalLocation": {
                           "artifactLocation": {"uri": path.replace('\\', "/")},
                           "region": {"startLine": f.start.line, "startColumn": f.start.column,
                                      "endLine": f.end.line, "endColumn": f.end.column,
                                      "byteOffset": f.start.offset, "byteLength": f.end.offset - f.start.offset}}}]})
            })
            .collect();
        let expected = pretty(&json!({
            "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
            "version": "2.1.0",
            "runs": [{"tool": {"driver": {"name": "copydesk", "version": env!("CARGO_PKG_VERSION"), "rules": rules}}, "results": res}],
        }));
        assert_eq!(sarif(&results, linter.rules()), expected);
    }

    #[test]
    fn concise_report_has_one_line_per_finding_in_order() {
        let results = results();
        let out = concise(&results);
        let expected: Vec<String> = findings(&results)
            .map(|(path, f)| {
                format!(
                    "{path}:{}:{}: {}[{}] {}",
                    f.start.line,
                    f.start.column,
                    f.diagnostic.severity,
                    f.diagnostic.rule,
                    f.diagnostic.message
                )
            })
            .collect();
        let got: Vec<&str> = out.lines().map(|l| l.trim_end_matches(" [*]")).collect();
        assert_eq!(got, expected);
    }
}
