//! `copydesk rules` and `copydesk explain`.

use super::{err, out, render_source_error, stdout_is_terminal};
use clap::Args;
use copydesk::config::{did_you_mean, Config};
use copydesk::packs::{self, Pack};
use copydesk::{Linter, Settings};
use std::path::{Path, PathBuf};

/// Arguments of `copydesk rules`.
#[derive(Debug, Args)]
pub struct RulesArgs {
    /// Run the `examples` of rule packs and fail on any that do not hold. With no PACK, the
    /// built-in packs and the packs of the nearest copydesk.toml.
    #[arg(long)]
    test: bool,
    /// Pack files to test (with --test).
    #[arg(value_name = "PACK")]
    packs: Vec<PathBuf>,
    /// Print the list as JSON.
    #[arg(long)]
    json: bool,
}

/// Every rule: built-in, built-in packs, and the project's packs.
fn all_rules() -> Result<Linter, i32> {
    let extra = match Config::discover(Path::new(".")) {
        None => Vec::new(),
        Some(p) => match Config::load(&p) {
            Ok(_) => project_pack_rules(&p),
            Err(e) => {
                err(&render_source_error(&e, false));
                return Err(2);
            }
        },
    };
    Ok(Linter::new(Settings::default(), extra))
}

fn project_pack_rules(config: &Path) -> Vec<std::sync::Arc<dyn copydesk::Rule>> {
    let c = match Config::load(config) {
        Ok(c) => c,
        Err(_) => return Vec::new(),
    };
    c.linter_for(Path::new("."), &Default::default())
        .rules()
        .iter()
        .filter(|r| {
            copydesk::rules::builtin(&r.meta().id).is_none()
                && !packs::builtin_rules()
                    .iter()
                    .any(|b| b.meta().id == r.meta().id)
        })
        .cloned()
        .collect()
}

/// Runs `copydesk rules`.
pub fn run(args: RulesArgs) -> i32 {
    if args.test {
        return test(&args.packs);
    }
    let linter = match all_rules() {
        Ok(l) => l,
        Err(code) => return code,
    };
    if args.json {
        let v: Vec<serde_json::Value> = linter
            .rules()
            .iter()
            .map(|r| {
                let m = r.meta();
                serde_json::json!({"id": m.id, "severity": m.severity.as_str(), "fix": m.fix.as_str(), "summary": m.summary})
            })
            .collect();
        out(&format!(
            "{}\n",
            serde_json::to_string_pretty(&v).unwrap_or_default()
        ));
        return 0;
    }
    let width = linter
        .rules()
        .iter()
        .map(|r| r.meta().id.len())
        .max()
        .unwrap_or(10);
    let mut s = format!(
        "{:width$}  {:8}  {:10}  {}\n",
        "RULE", "SEVERITY", "FIX", "SUMMARY"
    );
    for r in linter.rules() {
        let m = r.meta();
        s.push_str(&format!(
            "{:width$}  {:8}  {:10}  {}\n",
            m.id,
            m.severity.as_str(),
            m.fix.as_str(),
            m.summary
        ));
    }
    out(&s);
    0
}

fn test(paths: &[PathBuf]) -> i32 {
    let mut loaded: Vec<Pack> = Vec::new();
    let mut failed_load = false;
    if paths.is_empty() {
        for (path, text) in packs::BUILTIN {
            match Pack::parse(Path::new(path), text) {
                Ok(p) => loaded.push(p),
                Err(e) => {
                    err(&render_source_error(&e, false));
                    failed_load = true;
                }
            }
        }
    }
    for p in paths {
        match Pack::load(p) {
            Ok(p) => loaded.push(p),
            Err(e) => {
                err(&render_source_error(
                    &e,
                    super::ColorChoice::Auto
                        .enabled(std::io::IsTerminal::is_terminal(&std::io::stderr())),
                ));
                failed_load = true;
            }
        }
    }
    let mut total = 0;
    let mut failed = 0;
    let mut report = String::new();
    for pack in &loaded {
        for r in packs::test_pack(pack) {
            total += 1;
            if !r.passed {
                failed += 1;
                let want = if r.expect_flag {
                    "should be flagged but was not"
                } else {
                    "should not be flagged"
                };
                report.push_str(&format!(
                    "FAIL {} ({}): example {want}: {:?}",
                    r.rule,
                    pack.path.display(),
                    r.text
                ));
                if !r.found.is_empty() {
                    report.push_str(&format!(" (flagged: {:?})", r.found));
                }
                report.push('\n');
            }
        }
    }
    let _ = stdout_is_terminal();
    report.push_str(&format!("{} passed, {failed} failed\n", total - failed));
    out(&report);
    if failed > 0 || failed_load {
        1
    } else {
        0
    }
}

/// Runs `copydesk explain RULE`.
pub fn explain(id: &str) -> i32 {
    let linter = match all_rules() {
        Ok(l) => l,
        Err(code) => return code,
    };
    match linter.rules().iter().find(|r| r.meta().id == id) {
        Some(r) => {
            let m = r.meta();
            out(&format!(
                "# {}\n\n{}\n\nDefault severity: {}. Fix: {}.\n\n{}\n",
                m.id,
                m.summary,
                m.severity,
                m.fix.as_str(),
                m.explanation.trim_end()
            ));
            0
        }
        None => {
            let help = did_you_mean(id, linter.rules().iter().map(|r| r.meta().id.as_ref()))
                .map(|h| format!(" ({h})"))
                .unwrap_or_default();
            err(&format!(
                "error: unknown rule `{id}`{help}; `copydesk rules` lists them\n"
            ));
            2
        }
    }
}
