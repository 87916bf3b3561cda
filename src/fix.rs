//! The fix engine: choose non-overlapping fixes, apply them to the original bytes, re-check, repeat.

use crate::diagnostic::{Applicability, Diagnostic, Edit};
use std::collections::BTreeMap;
use std::ops::Range;

/// Applies sorted, non-overlapping edits to `text`.
///
/// ```
/// use copydesk::diagnostic::Edit;
/// let out = copydesk::fix::apply_edits("the the cat", &[Edit::delete(3..7)]);
/// assert_eq!(out, "the cat");
/// ```
pub fn apply_edits(text: &str, edits: &[Edit]) -> String {
    String::from_utf8(apply_edits_bytes(text.as_bytes(), edits))
        .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// Applies sorted, non-overlapping edits to bytes.
pub fn apply_edits_bytes(bytes: &[u8], edits: &[Edit]) -> Vec<u8> {
    let mut sorted: Vec<&Edit> = edits.iter().collect();
    sorted.sort_by_key(|e| (e.span.start, e.span.end));
    let mut out = Vec::with_capacity(bytes.len());
    let mut pos = 0;
    for e in sorted {
        if e.span.start < pos || e.span.end > bytes.len() {
            continue; // overlapping or out of range: never apply half an edit
        }
        out.extend_from_slice(&bytes[pos..e.span.start]);
        out.extend_from_slice(e.replacement.as_bytes());
        pos = e.span.end;
    }
    out.extend_from_slice(&bytes[pos..]);
    out
}

fn overlaps(a: &Range<usize>, b: &Range<usize>) -> bool {
    // Two insertions at the same point conflict too.
    a.start < b.end && b.start < a.end || a.start == b.start
}

/// Picks the fixes at or above `level` that can be applied together: in order of position,
/// skipping any fix that touches an edit already chosen. Returns the edits and the rules used.
pub fn select_fixes(diagnostics: &[Diagnostic], level: Applicability) -> (Vec<Edit>, Vec<String>) {
    let mut chosen: Vec<Edit> = Vec::new();
    let mut rules = Vec::new();
    let mut candidates: Vec<&Diagnostic> = diagnostics
        .iter()
        .filter(|d| {
            d.fix.as_ref().is_some_and(|f| {
                f.applicability >= level
                    && f.applicability != Applicability::DisplayOnly
                    && !f.edits.is_empty()
            })
        })
        .collect();
    candidates.sort_by_key(|d| {
        d.fix
            .as_ref()
            .and_then(|f| f.range())
            .map_or((0, 0), |r| (r.start, r.end))
    });
    for d in candidates {
        let Some(fix) = &d.fix else { continue };
        if fix
            .edits
            .iter()
            .any(|e| chosen.iter().any(|c| overlaps(&c.span, &e.span)))
        {
            continue;
        }
        chosen.extend(fix.edits.iter().cloned());
        rules.push(d.rule.to_string());
    }
    chosen.sort_by_key(|e| (e.span.start, e.span.end));
    (chosen, rules)
}

/// What fixing one file did.
#[derive(Debug, Clone, Default)]
pub struct FixResult {
    /// The fixed bytes.
    pub output: Vec<u8>,
    /// How many fixes were applied, by rule id.
    pub applied: BTreeMap<String, usize>,
    /// Whether fixing stopped with nothing fixable left.
    pub converged: bool,
    /// Rules whose fixes were still pending when the pass limit was hit.
    pub unconverged_rules: Vec<String>,
}

impl FixResult {
    /// Total fixes applied.
    pub fn count(&self) -> usize {
        self.applied.values().sum()
    }
}

/// Removes fixes that would not change `bytes` (a replacement equal to what it replaces): applying
/// them could only loop.
fn drop_no_op_fixes(diags: &mut [Diagnostic], bytes: &[u8]) {
    for d in diags {
        let no_op = d.fix.as_ref().is_some_and(|f| {
            f.edits
                .iter()
                .all(|e| bytes.get(e.span.clone()) == Some(e.replacement.as_bytes()))
        });
        if no_op {
            d.fix = None;
        }
    }
}

/// Maximum number of fix passes before giving up.
pub const MAX_PASSES: usize = 10;

/// Applies fixes at or above `level` until nothing fixable is left, re-checking after each pass
/// with `check` (which returns the diagnostics of the given bytes, in original byte offsets).
pub fn fix_until_stable(
    bytes: &[u8],
    level: Applicability,
    mut check: impl FnMut(&[u8]) -> Vec<Diagnostic>,
) -> FixResult {
    let mut cur = bytes.to_vec();
    let mut result = FixResult::default();
    for _ in 0..MAX_PASSES {
        let mut diags = check(&cur);
        drop_no_op_fixes(&mut diags, &cur);
        let (edits, rules) = select_fixes(&diags, level);
        if edits.is_empty() {
            result.converged = true;
            result.output = cur;
            return result;
        }
        cur = apply_edits_bytes(&cur, &edits);
        for r in rules {
            *result.applied.entry(r).or_default() += 1;
        }
    }
    let mut diags = check(&cur);
    drop_no_op_fixes(&mut diags, &cur);
    let (edits, rules) = select_fixes(&diags, level);
    result.converged = edits.is_empty();
    let mut pending = rules;
    pending.sort();
    pending.dedup();
    result.unconverged_rules = pending;
    result.output = cur;
    result
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::{Fix, Severity};

    fn d(
        rule: &'static str,
        span: Range<usize>,
        edits: Vec<Edit>,
        app: Applicability,
    ) -> Diagnostic {
        Diagnostic::new(rule, Severity::Warning, span, "x").with_fix(Fix::new("fix", app, edits))
    }

    #[test]
    fn overlapping_fixes_are_not_applied_together() {
        let diags = vec![
            d("a/one", 0..4, vec![Edit::delete(0..4)], Applicability::Safe),
            d("a/two", 2..6, vec![Edit::delete(2..6)], Applicability::Safe),
            d(
                "a/three",
                8..9,
                vec![Edit::replace(8..9, "X")],
                Applicability::Safe,
            ),
        ];
        let (edits, rules) = select_fixes(&diags, Applicability::Safe);
        assert_eq!(edits.len(), 2);
        assert_eq!(rules, ["a/one", "a/three"]);
    }

    #[test]
    fn unsafe_needs_unsafe_level_and_display_only_never() {
        let diags = vec![
            d("a/u", 0..1, vec![Edit::delete(0..1)], Applicability::Unsafe),
            d(
                "a/d",
                2..3,
                vec![Edit::delete(2..3)],
                Applicability::DisplayOnly,
            ),
        ];
        assert!(select_fixes(&diags, Applicability::Safe).0.is_empty());
        assert_eq!(select_fixes(&diags, Applicability::Unsafe).1, ["a/u"]);
    }

    #[test]
    fn loop_reports_non_convergence() {
        // A rule that always wants to insert another character never converges.
        let r = fix_until_stable(b"x", Applicability::Safe, |b| {
            vec![d(
                "bad/rule",
                0..0,
                vec![Edit::insert(b.len(), "x")],
                Applicability::Safe,
            )]
        });
        assert!(!r.converged);
        assert_eq!(r.unconverged_rules, ["bad/rule"]);
        assert_eq!(r.count(), MAX_PASSES);
    }
}

/// Why a fixed file was not written.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// The file changed on disk between reading and writing.
    #[error("the file changed on disk while it was being checked; not written")]
    Changed,
    /// An I/O error; the original is intact.
    #[error("{0}; the original is unchanged")]
    Io(String),
}

/// Writes `new` over `path` atomically: a temporary file in the same directory, flushed and
/// synced, given the original's permissions, then renamed over it. Refuses when the file no
/// longer holds `original`.
pub fn write_atomic(path: &std::path::Path, original: &[u8], new: &[u8]) -> Result<(), WriteError> {
    write_atomic_with(path, original, new, |f, data| {
        std::io::Write::write_all(f, data)
    })
}

/// [`write_atomic`] with the write of the contents supplied by the caller, so that tests can make
/// it fail as a full disk would.
pub fn write_atomic_with(
    path: &std::path::Path,
    original: &[u8],
    new: &[u8],
    write: impl FnOnce(&mut std::fs::File, &[u8]) -> std::io::Result<()>,
) -> Result<(), WriteError> {
    use std::io::Write;
    let io = |e: std::io::Error| WriteError::Io(crate::walk::describe_io(&e));
    let current = std::fs::read(path).map_err(io)?;
    if current != original {
        return Err(WriteError::Changed);
    }
    let meta = std::fs::metadata(path).map_err(io)?;
    if meta.permissions().readonly() {
        return Err(WriteError::Io("the file is read-only".into()));
    }
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(std::path::Path::new("."));
    let mut tmp = tempfile::Builder::new()
        .prefix(".copydesk-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(io)?;
    // On any error below, `tmp` is dropped and deleted; the original was never touched.
    write(tmp.as_file_mut(), new).map_err(io)?;
    tmp.flush().map_err(io)?;
    tmp.as_file().sync_all().map_err(io)?;
    std::fs::set_permissions(tmp.path(), meta.permissions()).map_err(io)?;
    tmp.persist(path).map_err(|e| io(e.error))?;
    Ok(())
}
