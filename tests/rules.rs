//! Every built-in rule against its fixtures: `tests/fixtures/<rule id>/{flag,clean}.md`.
//!
//! For each rule: the flag fixture must be flagged and the clean fixture (hard negatives) must not;
//! a reviewed snapshot holds the rendered findings and the diff its fixes make; and the fix
//! invariants hold (fixes converge and are idempotent, output is valid UTF-8, no byte outside an
//! edit changes, the fixes offered match what the rule declares).

use copydesk::diagnostic::{Applicability, Diagnostic};
use copydesk::fix::{apply_edits_bytes, select_fixes};
use copydesk::render::{human, unified_diff, FileResult};
use copydesk::rules::{FixAvailability, ALL};
use copydesk::{Linter, Report};
use std::path::PathBuf;

/// Rules whose findings come from the decoder; their fixtures are made from bytes in `damaged.rs`.
const DECODER_RULES: &[&str] = &["encoding/bom", "encoding/invalid-utf8", "encoding/utf16"];

fn fixture(id: &str, which: &str) -> (String, Vec<u8>) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(id)
        .join(which);
    let bytes =
        std::fs::read(&path).unwrap_or_else(|e| panic!("missing fixture {}: {e}", path.display()));
    (format!("tests/fixtures/{id}/{which}"), bytes)
}

fn findings_of(linter: &Linter, name: &str, bytes: &[u8], id: &str) -> (Report, Vec<Diagnostic>) {
    let mut report = linter.check_bytes(name, bytes);
    if let Report::Checked { findings, .. } = &mut report {
        findings.retain(|f| f.diagnostic.rule == id);
    }
    let diags = linter
        .diagnose(name, bytes)
        .map(|(d, _)| d)
        .unwrap_or_default()
        .into_iter()
        .filter(|d| d.rule == id)
        .collect();
    (report, diags)
}

#[test]
fn every_rule_has_fixtures_and_they_hold() {
    let linter = Linter::default();
    let mut failures = Vec::new();
    for rule in ALL.iter() {
        let meta = rule.meta();
        let id = meta.id.as_ref();
        if DECODER_RULES.contains(&id) {
            continue;
        }
        let (flag_name, flag) = fixture(id, "flag.md");
        let (clean_name, clean) = fixture(id, "clean.md");
        let (report, diags) = findings_of(&linter, &flag_name, &flag, id);
        if diags.is_empty() {
            failures.push(format!("{id}: flag fixture not flagged"));
            continue;
        }
        let (_, clean_diags) = findings_of(&linter, &clean_name, &clean, id);
        if !clean_diags.is_empty() {
            let texts: Vec<String> = clean_diags
                .iter()
                .map(|d| String::from_utf8_lossy(&clean[d.span.clone()]).into_owned())
                .collect();
            failures.push(format!("{id}: clean fixture flagged: {texts:?}"));
        }

        // Fixability matches the rule's declaration.
        let best = diags
            .iter()
            .filter_map(|d| d.fix.as_ref())
            .map(|f| f.applicability)
            .max();
        let ok = match meta.fix {
            FixAvailability::None => best.is_none(),
            FixAvailability::DisplayOnly => best == Some(Applicability::DisplayOnly),
            FixAvailability::Unsafe => best == Some(Applicability::Unsafe),
            FixAvailability::Safe => best == Some(Applicability::Safe),
        };
        if !ok {
            failures.push(format!(
                "{id}: declares fix {:?} but its best fix is {best:?}",
                meta.fix
            ));
        }

        // No byte outside an edit changes: check every fix alone.
        for d in &diags {
            let Some(fix) = &d.fix else { continue };
            let out = apply_edits_bytes(&flag, &fix.edits);
            let mut pos_in = 0;
            let mut pos_out = 0;
            for e in &fix.edits {
                let keep = e.span.start - pos_in;
                if flag[pos_in..e.span.start] != out[pos_out..pos_out + keep] {
                    failures.push(format!("{id}: fix changed bytes outside its edits"));
                }
                pos_out += keep + e.replacement.len();
                pos_in = e.span.end;
            }
            if flag[pos_in..] != out[pos_out..] {
                failures.push(format!("{id}: fix changed bytes after its last edit"));
            }
            if std::str::from_utf8(&out).is_err() {
                failures.push(format!("{id}: fix produced invalid UTF-8"));
            }
        }

        // Fixes of every applicability converge, and a second run changes nothing.
        let fixed = linter.fix_bytes(&flag_name, &flag, Applicability::Unsafe);
        if !fixed.converged {
            failures.push(format!(
                "{id}: fixes did not converge ({:?})",
                fixed.unconverged_rules
            ));
        }
        let again = linter.fix_bytes(&flag_name, &fixed.output, Applicability::Unsafe);
        if again.output != fixed.output {
            failures.push(format!("{id}: fixing is not idempotent"));
        }
        if std::str::from_utf8(&fixed.output).is_err() {
            failures.push(format!("{id}: fixed output is not valid UTF-8"));
        }

        // Snapshot: the findings as an editor sees them, and what this rule's fixes change.
        let (edits, _) = select_fixes(&diags, Applicability::Unsafe);
        let after = apply_edits_bytes(&flag, &edits);
        let rendered = human(
            &[FileResult {
                path: flag_name.clone(),
                report: Ok(report),
                fixed: 0,
            }],
            false,
            true,
        );
        let diff = unified_diff(
            &flag_name,
            &String::from_utf8_lossy(&flag),
            &String::from_utf8_lossy(&after),
            false,
        );
        let snap = format!("{rendered}\n--- fixes (all applicabilities, one pass) ---\n{diff}");
        insta::assert_snapshot!(id.replace('/', "__"), snap);
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

/// A text longer than a few hundred KiB is read differently: word lookups are made in batches
/// and the text at a quotation's marks, a paragraph's ends or a mark is asked for ahead of the
/// loop that reads it. Each flag fixture, followed by such a stretch of plain copy, must get the
/// findings it gets alone; only the rules about how a story ends (which now ends in the filler)
/// and about the whole file's line endings (which the filler outvotes) are left out.
#[test]
fn a_long_text_gets_the_findings_of_its_parts() {
    const ABOUT_THE_END: &[&str] = &[
        "layout/truncated-ending",
        "layout/blank-lines",
        "wire/footer",
        "encoding/line-endings",
    ];
    let linter = Linter::default();
    let filler =
        "\n\nThe council met on Monday and agreed the budget for the coming year. ".repeat(6_000);
    let mut failures = Vec::new();
    for rule in ALL.iter() {
        let id = rule.meta().id.as_ref();
        if DECODER_RULES.contains(&id) || ABOUT_THE_END.contains(&id) {
            continue;
        }
        let (_, flag) = fixture(id, "flag.md");
        let mut long = flag.clone();
        long.extend_from_slice(filler.as_bytes());
        let spans = |bytes: &[u8]| -> Vec<(String, std::ops::Range<usize>, String)> {
            let (diags, _) = linter.diagnose("story.md", bytes).unwrap();
            diags
                .into_iter()
                .filter(|d| d.span.end <= flag.len())
                .map(|d| (d.rule.into_owned(), d.span, d.message))
                .collect()
        };
        let (alone, within) = (spans(&flag), spans(&long));
        if alone != within {
            failures.push(format!(
                "{id}: alone {alone:?}\n  within a long text {within:?}"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
