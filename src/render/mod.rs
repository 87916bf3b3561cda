//! Output: human (codespan-reporting), concise, JSON, SARIF, and unified diffs.

mod human;
mod machine;
mod stream;

pub use human::{human, human_to, summary_line};
pub use machine::{concise, concise_to, json, json_to, sarif, sarif_to};

use crate::diagnostic::{Applicability, Severity};
use crate::Report;

/// The outcome for one path.
#[derive(Debug, Clone)]
pub struct FileResult {
    /// The path as given or walked.
    pub path: String,
    /// The report, or why the file could not be read.
    pub report: Result<Report, String>,
    /// How many fixes were applied to it.
    pub fixed: usize,
}

/// Counts for the closing summary.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    /// Errors.
    pub errors: usize,
    /// Warnings.
    pub warnings: usize,
    /// Infos.
    pub infos: usize,
    /// Files checked.
    pub files: usize,
    /// Files skipped or unreadable.
    pub skipped: usize,
    /// Findings with a safe fix.
    pub fixable: usize,
    /// Findings with an unsafe fix.
    pub unsafe_fixable: usize,
    /// Fixes applied.
    pub fixed: usize,
    /// Files changed by fixes.
    pub fixed_files: usize,
}

impl Summary {
    /// Counts over `results`.
    pub fn of(results: &[FileResult]) -> Summary {
        let mut s = Summary::default();
        for r in results {
            if r.fixed > 0 {
                s.fixed += r.fixed;
                s.fixed_files += 1;
            }
            match &r.report {
                Ok(Report::Checked { findings, .. }) => {
                    s.files += 1;
                    for f in findings {
                        match f.diagnostic.severity {
                            Severity::Error => s.errors += 1,
                            Severity::Warning => s.warnings += 1,
                            Severity::Info => s.infos += 1,
                        }
                        match f.diagnostic.fix.as_ref().map(|f| f.applicability) {
                            Some(Applicability::Safe) => s.fixable += 1,
                            Some(Applicability::Unsafe) => s.unsafe_fixable += 1,
                            _ => {}
                        }
                    }
                }
                _ => s.skipped += 1,
            }
        }
        s
    }

    /// Whether any finding is at or above `level`.
    pub fn fails(&self, level: Severity) -> bool {
        match level {
            Severity::Error => self.errors > 0,
            Severity::Warning => self.errors + self.warnings > 0,
            Severity::Info => self.errors + self.warnings + self.infos > 0,
        }
    }
}

/// A unified diff between two versions of a file, with `a/` and `b/` headers.
pub fn unified_diff(path: &str, old: &str, new: &str, color: bool) -> String {
    let diff = similar::TextDiff::from_lines(old, new);
    let path = path.trim_start_matches('/');
    let text = diff
        .unified_diff()
        .context_radius(3)
        .header(&format!("a/{path}"), &format!("b/{path}"))
        .to_string();
    if !color {
        return text;
    }
    let mut out = String::with_capacity(text.len() + 64);
    for line in text.split_inclusive('\n') {
        let code = if line.starts_with("+++") || line.starts_with("---") {
            "\x1b[1m"
        } else if line.starts_with('+') {
            "\x1b[32m"
        } else if line.starts_with('-') {
            "\x1b[31m"
        } else if line.starts_with("@@") {
            "\x1b[36m"
        } else {
            ""
        };
        if code.is_empty() {
            out.push_str(line);
        } else {
            out.push_str(code);
            out.push_str(line.trim_end_matches('\n'));
            out.push_str("\x1b[0m");
            if line.ends_with('\n') {
                out.push('\n');
            }
        }
    }
    out
}
