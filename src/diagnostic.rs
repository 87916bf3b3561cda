//! Value types shared by rules, the fix engine and the renderers.

use serde::Serialize;
use std::borrow::Cow;
use std::fmt;
use std::ops::Range;

/// How serious a finding is. Ordered: `Info < Warning < Error`.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth a look; never fails a run unless `--fail-on info`.
    Info,
    /// Probably wrong.
    Warning,
    /// Certainly wrong.
    Error,
}

impl Severity {
    /// The lowercase name used in output and configuration.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    /// Parses `error`, `warning` or `info`.
    pub fn parse(s: &str) -> Option<Severity> {
        match s {
            "error" => Some(Severity::Error),
            "warning" => Some(Severity::Warning),
            "info" => Some(Severity::Info),
            _ => None,
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How far a fix can be trusted. Ordered: `DisplayOnly < Unsafe < Safe`.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize,
)]
#[serde(rename_all = "kebab-case")]
pub enum Applicability {
    /// A suggestion for a human; never applied.
    DisplayOnly,
    /// Applied only with `--unsafe-fixes`: right in most cases, but meaning may change.
    Unsafe,
    /// Applied by `--fix`: mechanical and meaning-preserving.
    Safe,
}

impl Applicability {
    /// The name used in JSON output and rule packs.
    pub fn as_str(self) -> &'static str {
        match self {
            Applicability::DisplayOnly => "display-only",
            Applicability::Unsafe => "unsafe",
            Applicability::Safe => "safe",
        }
    }
}

/// One replacement of a byte range.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Edit {
    /// Byte range replaced.
    pub span: Range<usize>,
    /// The new text.
    pub replacement: String,
}

impl Edit {
    /// Replace `span` with `replacement`.
    pub fn replace(span: Range<usize>, replacement: impl Into<String>) -> Edit {
        Edit {
            span,
            replacement: replacement.into(),
        }
    }

    /// Delete `span`.
    pub fn delete(span: Range<usize>) -> Edit {
        Edit {
            span,
            replacement: String::new(),
        }
    }

    /// Insert `text` at `at`.
    pub fn insert(at: usize, text: impl Into<String>) -> Edit {
        Edit {
            span: at..at,
            replacement: text.into(),
        }
    }
}

/// A proposed repair: sorted, non-overlapping edits applied together.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Fix {
    /// Imperative description, e.g. "Remove the repeated word".
    pub message: Cow<'static, str>,
    /// Whether `--fix` may apply it.
    pub applicability: Applicability,
    /// The edits, sorted by start and non-overlapping.
    pub edits: Vec<Edit>,
}

impl Fix {
    /// A fix with the edits sorted.
    pub fn new(
        message: impl Into<Cow<'static, str>>,
        applicability: Applicability,
        mut edits: Vec<Edit>,
    ) -> Fix {
        edits.sort_by_key(|e| (e.span.start, e.span.end));
        Fix {
            message: message.into(),
            applicability,
            edits,
        }
    }

    /// A safe fix.
    pub fn safe(message: impl Into<Cow<'static, str>>, edits: Vec<Edit>) -> Fix {
        Fix::new(message, Applicability::Safe, edits)
    }

    /// An unsafe fix.
    pub fn unsafe_(message: impl Into<Cow<'static, str>>, edits: Vec<Edit>) -> Fix {
        Fix::new(message, Applicability::Unsafe, edits)
    }

    /// A suggestion that is never applied automatically.
    pub fn display_only(message: impl Into<Cow<'static, str>>, edits: Vec<Edit>) -> Fix {
        Fix::new(message, Applicability::DisplayOnly, edits)
    }

    /// The byte range covered by all edits.
    pub fn range(&self) -> Option<Range<usize>> {
        let first = self.edits.first()?;
        let end = self
            .edits
            .iter()
            .map(|e| e.span.end)
            .max()
            .unwrap_or(first.span.end);
        Some(first.span.start..end)
    }
}

/// A secondary span with a note.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Label {
    /// Byte range.
    pub span: Range<usize>,
    /// What this part of the text has to do with the finding.
    pub message: Cow<'static, str>,
}

/// One finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Diagnostic {
    /// Rule id, `family/kebab-name`.
    pub rule: Cow<'static, str>,
    /// Severity after configuration.
    pub severity: Severity,
    /// States the problem and quotes the text.
    pub message: String,
    /// Primary byte range.
    pub span: Range<usize>,
    /// Secondary spans.
    pub labels: Vec<Label>,
    /// Extra lines of explanation.
    pub notes: Vec<String>,
    /// Optional repair.
    pub fix: Option<Fix>,
}

impl Diagnostic {
    /// A diagnostic with no labels, notes or fix.
    pub fn new(
        rule: impl Into<Cow<'static, str>>,
        severity: Severity,
        span: Range<usize>,
        message: impl Into<String>,
    ) -> Diagnostic {
        Diagnostic {
            rule: rule.into(),
            severity,
            message: message.into(),
            span,
            labels: Vec::new(),
            notes: Vec::new(),
            fix: None,
        }
    }

    /// Attach a fix.
    pub fn with_fix(mut self, fix: Fix) -> Diagnostic {
        self.fix = Some(fix);
        self
    }

    /// Attach a note.
    pub fn with_note(mut self, note: impl Into<String>) -> Diagnostic {
        self.notes.push(note.into());
        self
    }

    /// Attach a secondary label.
    pub fn with_label(
        mut self,
        span: Range<usize>,
        message: impl Into<Cow<'static, str>>,
    ) -> Diagnostic {
        self.labels.push(Label {
            span,
            message: message.into(),
        });
        self
    }

    /// The rule family (`mt` for `mt/repeated-word`).
    pub fn family(&self) -> &str {
        self.rule.split('/').next().unwrap_or("")
    }
}
