//! The TOML schema of a rule pack, parsed with serde (`deny_unknown_fields`, kebab-case keys) and
//! kept with spans so that errors point at the exact place in the file.

use super::PackError;
use serde::Deserialize;
use std::path::Path;
use toml::Spanned;

/// A whole pack file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct PackFile {
    /// The header.
    pub pack: PackHeader,
    /// The rules.
    #[serde(default)]
    pub rule: Vec<RuleDef>,
}

/// `[pack]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct PackHeader {
    /// Name.
    pub name: String,
    /// What the pack is for.
    #[serde(default)]
    pub description: String,
}

/// One `[[rule]]`, flat: which fields a kind takes is checked when compiling.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RuleDef {
    /// `family/kebab-name`.
    pub id: Spanned<String>,
    /// `existence`, `substitution`, `conditional` or `occurrence`.
    pub kind: Spanned<String>,
    /// `error`, `warning` or `info`.
    pub severity: Spanned<String>,
    /// The message; `{match}` is replaced by the matched text, `{replacement}` by the suggestion.
    pub message: String,
    /// Long explanation for `copydesk explain`.
    pub explanation: String,
    /// One line for `copydesk rules` (default: the first sentence of the explanation).
    #[serde(default)]
    pub summary: Option<String>,
    /// `prose` (outside quotations; the default), `quotes`, `attribution` or `all`.
    #[serde(default)]
    pub scope: Option<Spanned<String>>,
    /// Words or phrases, matched on word boundaries.
    #[serde(default)]
    pub patterns: Vec<Spanned<String>>,
    /// Regular expressions (Rust `regex` syntax).
    #[serde(default)]
    pub regex: Vec<Spanned<String>>,
    /// Whether `patterns` match case-sensitively (default false).
    #[serde(default)]
    pub case_sensitive: bool,
    /// Substitution: pattern → replacement.
    #[serde(default)]
    pub swap: Option<Spanned<toml::Table>>,
    /// Fix applicability: `safe`, `unsafe` or `display-only`.
    #[serde(default)]
    pub applicability: Option<Spanned<String>>,
    /// Existence: offer a fix that removes the match (a whole line or paragraph with its line break).
    #[serde(default)]
    pub remove: bool,
    /// Existence: the match must cover a whole line (leading and trailing whitespace aside).
    #[serde(default)]
    pub whole_line: bool,
    /// Existence with `regex`: offer a fix that replaces the match with this template, where
    /// `$1` or `${1}` is the text of the regex's group 1 (`$$` is a dollar sign).
    #[serde(default)]
    pub replace: Option<Spanned<String>>,
    /// Existence with `regex`: report (and fix) only the text of this group of the match; the
    /// rest of the match is context, as a look-around would be.
    #[serde(default)]
    pub mark: Option<Spanned<usize>>,
    /// Conditional: phrases one of which must also occur.
    #[serde(default)]
    pub requires: Vec<Spanned<String>>,
    /// Conditional: regexes one of which must also match.
    #[serde(default)]
    pub requires_regex: Vec<Spanned<String>>,
    /// Occurrence: at most this many.
    #[serde(default)]
    pub max: Option<usize>,
    /// Occurrence: at least this many.
    #[serde(default)]
    pub min: Option<usize>,
    /// Occurrence: `document`, `paragraph` or `sentence`.
    #[serde(default)]
    pub per: Option<Spanned<String>>,
    /// Examples.
    #[serde(default)]
    pub examples: Vec<ExampleDef>,
}

/// `[[rule.examples]]`: exactly one of `flag` and `clean`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ExampleDef {
    /// Text the rule must flag.
    pub flag: Option<String>,
    /// Text the rule must not flag.
    pub clean: Option<String>,
}

/// A compiled example.
#[derive(Debug, Clone)]
pub enum Example {
    /// Must be flagged.
    Flag(String),
    /// Must not be flagged.
    Clean(String),
}

/// Field names, for "did you mean".
pub const RULE_FIELDS: &[&str] = &[
    "id",
    "kind",
    "severity",
    "message",
    "explanation",
    "scope",
    "patterns",
    "regex",
    "case-sensitive",
    "swap",
    "applicability",
    "remove",
    "whole-line",
    "replace",
    "mark",
    "requires",
    "requires-regex",
    "max",
    "min",
    "per",
    "examples",
];

pub(super) fn parse(path: &Path, text: &str) -> Result<PackFile, PackError> {
    toml::from_str::<PackFile>(text).map_err(|e| {
        let message = e.message().to_string();
        let help = crate::config::did_you_mean_from_error(
            &message,
            RULE_FIELDS
                .iter()
                .chain(["name", "description", "flag", "clean", "pack", "rule"].iter())
                .copied(),
        );
        PackError {
            path: path.to_path_buf(),
            source_text: text.to_string(),
            span: e.span(),
            message,
            help,
        }
    })
}
