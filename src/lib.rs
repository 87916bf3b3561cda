//! copydesk: a fast linter for news copy.
//!
//! It finds the damage machine translation and copy pipelines leave in news stories (words
//! repeated across a segment break, stray punctuation, doubled and calqued speech verbs,
//! unattributed quotations, wire footers, mojibake, invisible characters, broken UTF-8) with exact
//! byte spans into the original file, explains them, and fixes what can be fixed safely.
//!
//! ```
//! let linter = copydesk::Linter::default();
//! let report = linter.check_bytes("story.txt", b"the United States. States.\n");
//! let ids: Vec<&str> = report.diagnostics().iter().map(|f| f.diagnostic.rule.as_ref()).collect();
//! assert_eq!(ids, ["mt/repeated-word"]);
//! ```
#![warn(clippy::print_stdout, clippy::print_stderr, missing_docs)]

pub mod alloc;
pub mod baseline;
pub mod cache;
pub mod config;
pub mod corpus;
mod cpu;
pub mod diagnostic;
pub mod document;
pub mod fix;
pub mod packs;
pub mod render;
pub mod rules;
pub mod source;
pub mod suppress;
pub mod walk;

pub use diagnostic::{Applicability, Diagnostic, Edit, Fix, Label, Severity};
pub use document::{Document, Format};
pub use rules::{Rule, RuleMeta};

use source::{SkipReason, SourceFile};
use std::ops::Range;
use std::sync::Arc;

/// Which rules run and how severe their findings are.
#[derive(Debug, Clone, Default)]
pub struct Settings {
    /// Rule ids or families to run; empty means every rule.
    pub select: Vec<String>,
    /// Rule ids or families never to run (wins over `select`).
    pub ignore: Vec<String>,
    /// Severity per rule id or family.
    pub severities: Vec<(String, Severity)>,
}

/// Whether `selector` (`mt`, `mt/repeated-word`, `ALL`) names rule `id`.
pub fn selector_matches(selector: &str, id: &str) -> bool {
    selector == "ALL"
        || selector == id
        || id
            .strip_prefix(selector)
            .is_some_and(|rest| rest.starts_with('/'))
}

impl Settings {
    /// Whether rule `id` runs.
    pub fn enabled(&self, id: &str) -> bool {
        (self.select.is_empty() || self.select.iter().any(|s| selector_matches(s, id)))
            && !self.ignore.iter().any(|s| selector_matches(s, id))
    }

    /// The severity for rule `id`: the most specific override, else `default`.
    pub fn severity(&self, id: &str, default: Severity) -> Severity {
        let mut best: Option<(usize, Severity)> = None;
        for (sel, sev) in &self.severities {
            if selector_matches(sel, id) && best.is_none_or(|(len, _)| sel.len() >= len) {
                best = Some((sel.len(), *sev));
            }
        }
        best.map_or(default, |(_, s)| s)
    }
}

/// A 1-based line and column (in Unicode scalar values) with the byte offset it stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Position {
    /// Byte offset into the original file.
    pub offset: usize,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, counted in Unicode scalar values.
    pub column: usize,
}

/// A diagnostic with its positions resolved.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Finding {
    /// The diagnostic, spans in original byte offsets.
    pub diagnostic: Diagnostic,
    /// Where it starts.
    pub start: Position,
    /// Where it ends.
    pub end: Position,
    /// The primary span in the decoded text (for rendering).
    pub text_span: Range<usize>,
    /// The label spans in the decoded text.
    pub label_text_spans: Vec<Range<usize>>,
}

/// The outcome of checking one file.
#[derive(Debug, Clone)]
pub enum Report {
    /// The file was read and checked.
    Checked {
        /// Findings sorted by position, then rule id.
        findings: Vec<Finding>,
        /// The decoded text (for rendering).
        text: String,
        /// Whether the file was plain valid UTF-8 (fixes of every rule may be applied).
        verbatim: bool,
    },
    /// The file was not checked.
    Skipped(SkipReason),
}

impl Report {
    /// The findings (empty for a skipped file).
    pub fn diagnostics(&self) -> &[Finding] {
        match self {
            Report::Checked { findings, .. } => findings,
            Report::Skipped(_) => &[],
        }
    }
}

/// A set of compiled rules and settings, shared by every file of a run.
///
/// The rules are gathered and the packs compiled on first use, not when the linter is made: a
/// run whose files are all in the cache needs only the fingerprint, and building the rule set
/// (parsing the built-in packs, their regexes and the literal scan) is most of what a run over
/// one unchanged story would otherwise cost.
pub struct Linter {
    settings: Settings,
    /// Project pack rules, beside the built-in ones.
    extra: Vec<Arc<dyn Rule>>,
    fingerprint: u64,
    built: std::sync::OnceLock<Built>,
}

/// The rules a [`Linter`] runs, and its pack rules compiled for one shared scan.
struct Built {
    rules: Vec<Arc<dyn Rule>>,
    packs: packs::PackSet,
}

impl Default for Linter {
    fn default() -> Linter {
        Linter::new(Settings::default(), Vec::new())
    }
}

impl Linter {
    /// Builds a linter from the built-in rules, the built-in packs, and `extra` (project packs).
    pub fn new(settings: Settings, extra: Vec<Arc<dyn Rule>>) -> Linter {
        // What decides the rule set: the version (the built-in Rust rules), the text of the
        // built-in packs, the settings and the project's pack rules. The rules themselves are
        // not built for it.
        let mut id = format!("{}\u{1}{:?}", env!("CARGO_PKG_VERSION"), settings);
        for (path, text) in packs::BUILTIN {
            id.push_str(&format!(
                "\u{1}{path}:{}",
                xxhash_rust::xxh3::xxh3_64(text.as_bytes())
            ));
        }
        for r in &extra {
            id.push_str(&format!(
                "\u{1}{}:{}:{}",
                r.meta().id,
                r.meta().severity,
                r.fingerprint()
            ));
        }
        Linter {
            fingerprint: xxhash_rust::xxh3::xxh3_64(id.as_bytes()),
            settings,
            extra,
            built: std::sync::OnceLock::new(),
        }
    }

    /// The rules and packs, built on first use.
    fn built(&self) -> &Built {
        self.built.get_or_init(|| {
            let mut rules: Vec<Arc<dyn Rule>> = rules::ALL
                .iter()
                .map(|r| Arc::new(StaticRule(*r)) as Arc<dyn Rule>)
                .collect();
            rules.extend(packs::builtin_rules());
            rules.extend(self.extra.iter().cloned());
            rules.sort_by(|a, b| a.meta().id.cmp(&b.meta().id));
            rules.dedup_by(|a, b| a.meta().id == b.meta().id);
            let rules: Vec<Arc<dyn Rule>> = rules
                .into_iter()
                .filter(|r| self.settings.enabled(&r.meta().id))
                .collect();
            let packs = packs::PackSet::new(&rules);
            Built { rules, packs }
        })
    }

    /// Identifies this linter's rules and settings (part of the cache key).
    pub fn fingerprint(&self) -> u64 {
        self.fingerprint
    }

    /// The enabled rules.
    pub fn rules(&self) -> &[Arc<dyn Rule>] {
        &self.built().rules
    }

    /// The settings.
    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// Checks the bytes of one file. `path` chooses the format (`.md` is Markdown).
    pub fn check_bytes(&self, path: &str, bytes: &[u8]) -> Report {
        self.check_bytes_with(path, bytes, true)
    }

    /// [`Self::check_bytes`], keeping the decoded text in the report only when `keep_text` (human
    /// output and baselines need it; JSON does not, and a copy of a large file is costly).
    pub fn check_bytes_with(&self, path: &str, bytes: &[u8], keep_text: bool) -> Report {
        match self.diagnose_indexed(path, bytes) {
            Err(reason) => Report::Skipped(reason),
            Ok((diags, src, lines)) => {
                let text = src.text.as_ref();
                // Every position needed, computed in one ascending pass.
                let mut offsets: Vec<usize> = diags
                    .iter()
                    .flat_map(|d| [src.to_text(d.span.start), src.to_text(d.span.end)])
                    .collect();
                offsets.sort_unstable();
                offsets.dedup();
                let cols = lines.line_cols(text, &offsets);
                let pos = |orig: usize| {
                    let t = src.to_text(orig);
                    let (line, column) = offsets
                        .binary_search(&t)
                        .map_or_else(|_| lines.line_col(text, t), |i| cols[i]);
                    (
                        Position {
                            offset: orig,
                            line,
                            column,
                        },
                        t,
                    )
                };
                let findings = diags
                    .into_iter()
                    .map(|d| {
                        let (start, ts) = pos(d.span.start);
                        let (end, te) = pos(d.span.end);
                        let label_text_spans = d
                            .labels
                            .iter()
                            .map(|l| src.to_text(l.span.start)..src.to_text(l.span.end))
                            .collect();
                        Finding {
                            diagnostic: d,
                            start,
                            end,
                            text_span: ts..te.max(ts),
                            label_text_spans,
                        }
                    })
                    .collect();
                Report::Checked {
                    findings,
                    verbatim: src.is_verbatim(),
                    text: if keep_text {
                        src.text.into_owned()
                    } else {
                        String::new()
                    },
                }
            }
        }
    }

    /// The diagnostics of one file in original byte offsets, sorted, with the decoded source.
    pub fn diagnose<'a>(
        &self,
        path: &str,
        bytes: &'a [u8],
    ) -> Result<(Vec<Diagnostic>, SourceFile<'a>), SkipReason> {
        self.diagnose_indexed(path, bytes)
            .map(|(diags, src, _)| (diags, src))
    }

    /// [`Self::diagnose`], with the lines of the decoded text: the document's own index, kept for
    /// the findings' positions so that a file with findings is not indexed a second time.
    fn diagnose_indexed<'a>(
        &self,
        path: &str,
        bytes: &'a [u8],
    ) -> Result<(Vec<Diagnostic>, SourceFile<'a>, document::LineIndex), SkipReason> {
        let mut src = SourceFile::decode(bytes)?;
        let Built { rules, packs } = self.built();
        let mut out: Vec<Diagnostic> = std::mem::take(&mut src.diagnostics);
        out.retain(|d| {
            self.settings.enabled(&d.rule) && rules.iter().any(|r| r.meta().id == d.rule)
        });
        let format = Format::from_path(path);
        let mut doc = Document::parse(&src.text, format);
        doc.synthetic = std::mem::take(&mut src.synthetic);
        let mut found = Vec::new();
        for rule in rules.iter().filter(|r| r.as_pack().is_none()) {
            rule.check(&doc, &mut found);
        }
        found.retain(|d| !doc.touches_non_prose(&d.span));
        // Pack rules keep to prose themselves (a whole-line rule's line may end in a link).
        packs.check(&doc, &mut found);
        found.retain(|d| !followed_by_sic(doc.text, &d.span));
        suppress::apply(&doc, &mut found, rules);
        // Done with the document but for its line index: free its word and sentence lists before
        // the findings are sorted (on a large file, the two together set the peak memory).
        let Document { lines, .. } = doc;
        let verbatim = src.is_verbatim();
        for d in &mut found {
            if !verbatim {
                d.span = src.range_to_original(&d.span);
                for l in &mut d.labels {
                    l.span = src.range_to_original(&l.span);
                }
                if let Some(fix) = &mut d.fix {
                    if d.rule.starts_with("encoding/") {
                        for e in &mut fix.edits {
                            e.span = src.range_to_original(&e.span);
                        }
                    } else {
                        // A file with bad bytes is never rewritten by a non-encoding fix.
                        d.fix = None;
                        d.notes
                            .push("fix not offered: repair the file's encoding first".into());
                    }
                }
            }
        }
        // The decoder's few findings join the rules' many, not the other way round: a file with
        // a hundred thousand findings is not copied.
        found.append(&mut out);
        let mut out = found;
        for d in &mut out {
            d.severity = self.settings.severity(&d.rule, d.severity);
        }
        out.sort_by(|a, b| {
            (a.span.start, a.span.end, &a.rule).cmp(&(b.span.start, b.span.end, &b.rule))
        });
        out.dedup_by(|a, b| a.span == b.span && a.rule == b.rule);
        Ok((out, src, lines))
    }

    /// Applies fixes at or above `level` to `bytes` until stable.
    ///
    /// A file that is not plain valid UTF-8 is only changed by `encoding/*` fixes in this run, even
    /// once those have made it valid: its other fixes wait for the next run, on the repaired file.
    pub fn fix_bytes(&self, path: &str, bytes: &[u8], level: Applicability) -> fix::FixResult {
        let encoding_only = SourceFile::decode(bytes).map_or(true, |s| !s.is_verbatim());
        fix::fix_until_stable(bytes, level, |b| {
            let mut d = self.diagnose(path, b).map(|(d, _)| d).unwrap_or_default();
            if encoding_only {
                d.retain(|d| d.rule.starts_with("encoding/"));
            }
            d
        })
    }
}

fn followed_by_sic(text: &str, span: &Range<usize>) -> bool {
    let rest = text
        .get(span.end..)
        .unwrap_or("")
        .trim_start_matches([' ', '\u{A0}']);
    rest.starts_with("[sic]") || rest.starts_with("[Sic]") || rest.starts_with("[SIC]")
}

/// A `&'static dyn Rule` as an owned rule.
struct StaticRule(&'static dyn Rule);

impl Rule for StaticRule {
    fn meta(&self) -> &RuleMeta {
        self.0.meta()
    }

    fn check(&self, doc: &Document, out: &mut Vec<Diagnostic>) {
        self.0.check(doc, out)
    }
}
