//! Human output with codespan-reporting.

use super::{stream, FileResult, Summary};
use crate::diagnostic::{Applicability, Severity};
use crate::Report;
use codespan_reporting::diagnostic::{
    Diagnostic as CDiagnostic, Label as CLabel, Severity as CSeverity,
};
use codespan_reporting::files::{Error as FilesError, Files, SimpleFile};
use codespan_reporting::term::{
    self,
    termcolor::{Ansi, NoColor},
};
use std::borrow::Cow;
use std::io::Write;
use std::ops::Range;
use std::sync::OnceLock;

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn show(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control()
                || matches!(c as u32, 0x200B..=0x200F | 0x202A..=0x202E | 0x2060..=0x2069 | 0xFEFF | 0xAD) =>
            {
                out.push_str(&format!("\\u{{{:04X}}}", c as u32))
            }
            c => out.push(c),
        }
    }
    out
}

fn is_invisible(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t' && c != '\r')
        || matches!(c as u32, 0x200B..=0x200F | 0x2028..=0x202E | 0x2060..=0x2069 | 0xFEFF | 0xAD | 0x180E)
}

/// The text with invisible, control and bidirectional characters replaced by visible stand-ins of
/// the same UTF-8 length, so spans stay valid, underlines have width, and a bidi override in the
/// copy cannot reorder the terminal's display of the source line.
fn visible(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_invisible) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if is_invisible(c) {
            out.push(match c.len_utf8() {
                1 => '?',
                2 => '·',
                _ => '◌',
            });
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Source lines longer than this are shown as a window around the finding.
const LONG_LINE: usize = 240;
/// How much context a window keeps on each side of the finding's spans.
const CONTEXT: usize = 100;

/// The file as codespan sees it for one finding: long lines are cut to a window around the
/// finding's spans, so a file that is one huge line does not print that line once per finding.
/// Line and column numbers stay those of the whole line.
struct Windowed<'f, 't> {
    file: &'f SimpleFile<&'t str, Cow<'t, str>>,
    window: Range<usize>,
}

impl<'a> Files<'a> for Windowed<'_, '_> {
    type FileId = ();
    type Name = String;
    type Source = &'a str;

    fn name(&'a self, _: ()) -> Result<String, FilesError> {
        Ok(self.file.name().to_string())
    }

    fn source(&'a self, _: ()) -> Result<&'a str, FilesError> {
        Ok(self.file.source().as_ref())
    }

    fn line_index(&'a self, id: (), byte_index: usize) -> Result<usize, FilesError> {
        Files::line_index(self.file, id, byte_index)
    }

    fn column_number(
        &'a self,
        id: (),
        line_index: usize,
        byte_index: usize,
    ) -> Result<usize, FilesError> {
        Files::column_number(self.file, id, line_index, byte_index)
    }

    fn line_range(&'a self, id: (), line_index: usize) -> Result<Range<usize>, FilesError> {
        let line = Files::line_range(self.file, id, line_index)?;
        if line.len() <= LONG_LINE {
            return Ok(line);
        }
        let text = self.file.source().as_ref();
        let mut start = self.window.start.max(line.start);
        let mut end = self.window.end.min(line.end);
        if start >= end {
            return Ok(line);
        }
        while !text.is_char_boundary(start) {
            start -= 1;
        }
        while !text.is_char_boundary(end) {
            end += 1;
        }
        // Start and end on word breaks when one is near, not mid-word.
        if start > line.start {
            if let Some(sp) = text[start..end].find(' ').filter(|&k| k < 30) {
                start += sp + 1;
            }
        }
        if end < line.end {
            if let Some(sp) = text[start..end]
                .rfind(' ')
                .filter(|&k| end - (start + k) < 30)
            {
                end = start + sp;
            }
        }
        Ok(start..end)
    }
}

/// Renders every finding with its source, then (unless `quiet`) skipped files.
pub fn human(results: &[FileResult], color: bool, quiet: bool) -> String {
    let mut out = Vec::new();
    let _ = human_to(results, color, quiet, &mut out);
    String::from_utf8_lossy(&out).into_owned()
}

/// Writes the human report to `w`. Findings are rendered on every core, a chunk at a time (see
/// `render_all` in the stream module); each file's text is made visible and indexed by line once, by the
/// first thread that needs it.
pub fn human_to(
    results: &[FileResult],
    color: bool,
    quiet: bool,
    w: &mut dyn Write,
) -> std::io::Result<()> {
    let files: Vec<OnceLock<SimpleFile<&str, Cow<str>>>> =
        results.iter().map(|_| OnceLock::new()).collect();
    let findings = results.iter().enumerate().flat_map(|(i, r)| {
        r.report
            .as_ref()
            .map(|r| r.diagnostics())
            .unwrap_or(&[])
            .iter()
            .map(move |f| (i, f))
    });
    let config = term::Config::default();
    stream::render_all(w, findings, |_, &(i, f), buf| {
        let Ok(Report::Checked { text, .. }) = &results[i].report else {
            return;
        };
        let file =
            files[i].get_or_init(|| SimpleFile::new(results[i].path.as_str(), visible(text)));
        let cd = diagnostic(text, f);
        let spans = std::iter::once(&f.text_span).chain(&f.label_text_spans);
        let lo = spans.clone().map(|s| s.start).min().unwrap_or(0);
        let hi = spans.map(|s| s.end).max().unwrap_or(0);
        let windowed = Windowed {
            file,
            window: lo.saturating_sub(CONTEXT)..hi + CONTEXT,
        };
        let _ = if color {
            term::emit(&mut Ansi::new(buf), &config, &windowed, &cd)
        } else {
            term::emit(&mut NoColor::new(buf), &config, &windowed, &cd)
        };
    })?;
    if !quiet {
        for r in results {
            if let Ok(Report::Skipped(reason)) = &r.report {
                writeln!(w, "skipped {}: {}", r.path, reason.as_str())?;
            }
        }
    }
    Ok(())
}

/// One finding as codespan-reporting shows it: labels, notes, and a help line for its fix.
fn diagnostic(text: &str, f: &crate::Finding) -> CDiagnostic<()> {
    let d = &f.diagnostic;
    let sev = match d.severity {
        Severity::Error => CSeverity::Error,
        Severity::Warning => CSeverity::Warning,
        Severity::Info => CSeverity::Note,
    };
    let mut labels = vec![CLabel::primary((), f.text_span.clone())];
    for (l, span) in d.labels.iter().zip(&f.label_text_spans) {
        labels.push(CLabel::secondary((), span.clone()).with_message(l.message.clone()));
    }
    let mut notes = d.notes.clone();
    if let Some(fix) = &d.fix {
        let how = match fix.applicability {
            Applicability::Safe => "safe fix: --fix",
            Applicability::Unsafe => "unsafe fix: --fix --unsafe-fixes",
            Applicability::DisplayOnly => "suggestion, not applied automatically",
        };
        let what = match fix.edits.as_slice() {
            // Fix messages name replacements; a deletion shows what goes.
            [e] if e.replacement.is_empty() => {
                format!(": delete `{}`", show(&slice_orig(text, f, e)))
            }
            _ => String::new(),
        };
        notes.push(format!("help: {}{what} [{how}]", fix.message));
    }
    CDiagnostic::new(sev)
        .with_message(&d.message)
        .with_code(d.rule.as_ref())
        .with_labels(labels)
        .with_notes(notes)
}

/// The deleted text of a single-edit fix, for the help line (falls back to the edit's length).
fn slice_orig(text: &str, f: &crate::Finding, e: &crate::diagnostic::Edit) -> String {
    // Edits are in original offsets; for verbatim files they index the text directly.
    let d = &f.diagnostic;
    if d.span.start == f.text_span.start && d.span.end == f.text_span.end {
        if let Some(s) = text.get(e.span.clone()) {
            return s.to_string();
        }
    }
    format!("{} bytes", e.span.len())
}

/// "N errors and M warnings in K files (X fixable)", plus fixes applied.
pub fn summary_line(s: &Summary) -> String {
    let mut line = format!(
        "{} and {} in {}",
        plural(s.errors, "error", "errors"),
        plural(s.warnings, "warning", "warnings"),
        plural(s.files, "file", "files")
    );
    let mut paren = vec![format!("{} fixable", s.fixable)];
    if s.unsafe_fixable > 0 {
        paren.push(format!("{} more with --unsafe-fixes", s.unsafe_fixable));
    }
    if s.infos > 0 {
        paren.push(plural(s.infos, "info", "infos"));
    }
    line.push_str(&format!(" ({})", paren.join(", ")));
    if s.skipped > 0 {
        line.push_str(&format!("; {} skipped", plural(s.skipped, "file", "files")));
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A report of many findings, rendered by several threads, is the reports of its files, each
    /// rendered alone, one after the other.
    #[test]
    fn a_long_report_is_its_files_reports_in_order() {
        let linter = crate::Linter::default();
        let results: Vec<FileResult> = (0..12)
            .map(|i| {
                let text = format!(
                    "Story {i}.\n{}",
                    "He said the the vote was close, ” he said. declared.\n".repeat(150 + i)
                );
                let path = format!("story-{i}.txt");
                FileResult {
                    report: Ok(linter.check_bytes_with(&path, text.as_bytes(), true)),
                    path,
                    fixed: 0,
                }
            })
            .collect();
        let n: usize = results
            .iter()
            .map(|r| r.report.as_ref().unwrap().diagnostics().len())
            .sum();
        assert!(n > 3 * stream::CHUNK, "{n} findings");
        for color in [false, true] {
            let alone: String = results
                .iter()
                .map(|r| human(std::slice::from_ref(r), color, false))
                .collect();
            assert_eq!(human(&results, color, false), alone);
        }
    }
}
