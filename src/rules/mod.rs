//! The rule trait and the registry of built-in rules.

pub mod encoding;
pub mod layout;
pub mod mt;
pub mod punct;
pub mod quote;

use crate::diagnostic::{Diagnostic, Severity};
use crate::document::Document;
use std::borrow::Cow;
use std::ops::Range;
use std::sync::LazyLock;

/// Whether and how a rule can repair what it flags.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum FixAvailability {
    /// Never offers a fix.
    None,
    /// Offers suggestions only, never applied.
    DisplayOnly,
    /// Offers fixes applied with `--unsafe-fixes`.
    Unsafe,
    /// Offers fixes that `--fix` applies (some occurrences may be unsafe or display-only).
    Safe,
}

impl FixAvailability {
    /// Short text for `copydesk rules`.
    pub fn as_str(self) -> &'static str {
        match self {
            FixAvailability::None => "no",
            FixAvailability::DisplayOnly => "suggestion",
            FixAvailability::Unsafe => "unsafe",
            FixAvailability::Safe => "safe",
        }
    }
}

/// What a rule is.
#[derive(Debug, Clone)]
pub struct RuleMeta {
    /// `family/kebab-name`.
    pub id: Cow<'static, str>,
    /// Default severity.
    pub severity: Severity,
    /// One line.
    pub summary: Cow<'static, str>,
    /// Whether it offers fixes.
    pub fix: FixAvailability,
    /// Long explanation with headings and examples (printed by `copydesk explain`).
    pub explanation: Cow<'static, str>,
}

impl RuleMeta {
    /// Metadata for a built-in rule.
    pub const fn builtin(
        id: &'static str,
        severity: Severity,
        summary: &'static str,
        fix: FixAvailability,
        explanation: &'static str,
    ) -> RuleMeta {
        RuleMeta {
            id: Cow::Borrowed(id),
            severity,
            summary: Cow::Borrowed(summary),
            fix,
            explanation: Cow::Borrowed(explanation),
        }
    }

    /// A diagnostic from this rule at its default severity.
    pub fn diag(&self, span: Range<usize>, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(self.id.clone(), self.severity, span, message)
    }

    /// The family part of the id.
    pub fn family(&self) -> &str {
        self.id.split('/').next().unwrap_or("")
    }
}

/// A check over a parsed document.
pub trait Rule: Send + Sync {
    /// What the rule is.
    fn meta(&self) -> &RuleMeta;
    /// Appends every finding in `doc` to `out`, with spans in the document's text offsets.
    fn check(&self, doc: &Document, out: &mut Vec<Diagnostic>);

    /// Identifies the rule's definition beyond its metadata (a pack rule hashes its TOML), so that
    /// cached results are not reused after the rule changes. Built-in rules change only with the
    /// binary, which the cache key covers.
    fn fingerprint(&self) -> u64 {
        0
    }

    /// The rule as a pack rule, so that all pack rules of a run can share one scan of the text.
    fn as_pack(&self) -> Option<&crate::packs::PackRule> {
        None
    }
}

/// Every built-in Rust rule, sorted by id.
pub static ALL: LazyLock<Vec<&'static dyn Rule>> = LazyLock::new(|| {
    let mut all: Vec<&'static dyn Rule> = vec![
        &encoding::bom::Bom,
        &encoding::confusable::Confusable,
        &encoding::control_char::ControlChar,
        &encoding::html_entity::HtmlEntity,
        &encoding::invalid_utf8::InvalidUtf8,
        &encoding::invisible_char::InvisibleChar,
        &encoding::line_endings::LineEndings,
        &encoding::mojibake::Mojibake,
        &encoding::nbsp::Nbsp,
        &encoding::replacement_char::ReplacementChar,
        &encoding::unicode_normalization::UnicodeNormalization,
        &encoding::unusual_space::UnusualSpace,
        &encoding::utf16::Utf16,
        &layout::blank_lines::BlankLines,
        &layout::double_space::DoubleSpace,
        &layout::leading_blank_lines::LeadingBlankLines,
        &layout::repeated_paragraph::RepeatedParagraph,
        &layout::run_together_words::RunTogetherWords,
        &layout::split_sentence::SplitSentence,
        &layout::trailing_whitespace::TrailingWhitespace,
        &layout::truncated_ending::TruncatedEnding,
        &mt::currency_after_amount::CurrencyAfterAmount,
        &mt::doubled_speech_verb::DoubledSpeechVerb,
        &mt::merged_sentence::MergedSentence,
        &mt::pronoun_gender::PronounGender,
        &mt::repeated_word::RepeatedWord,
        &mt::speech_verb_calque::SpeechVerbCalque,
        &mt::thousands_separator::ThousandsSeparator,
        &mt::who_for_thing::WhoForThing,
        &punct::foreign_quotes::ForeignQuotes,
        &punct::missing_space::MissingSpace,
        &punct::quote_spacing::QuoteSpacing,
        &punct::stray_punctuation::StrayPunctuation,
        &quote::unattributed_quote::UnattributedQuote,
        &crate::suppress::rule::UnusedSuppression,
    ];
    all.sort_by(|a, b| a.meta().id.cmp(&b.meta().id));
    all
});

/// Looks up a built-in rule by id.
pub fn builtin(id: &str) -> Option<&'static dyn Rule> {
    ALL.iter().copied().find(|r| r.meta().id == id)
}

/// Helpers shared by rule tests.
#[cfg(test)]
pub(crate) mod testing {
    use super::Rule;
    use crate::diagnostic::Diagnostic;
    use crate::document::{Document, Format};

    /// Runs one rule over `text`.
    pub fn run(rule: &dyn Rule, text: &str) -> Vec<Diagnostic> {
        let doc = Document::parse(text, Format::Text);
        let mut out = Vec::new();
        rule.check(&doc, &mut out);
        out
    }

    /// Asserts the rule flags exactly `expected` (the flagged texts, in order).
    #[track_caller]
    pub fn assert_flags(rule: &dyn Rule, text: &str, expected: &[&str]) {
        let got: Vec<&str> = run(rule, text)
            .iter()
            .map(|d| &text[d.span.clone()])
            .collect();
        assert_eq!(got, expected, "in {text:?}");
    }

    /// Asserts the rule flags nothing.
    #[track_caller]
    pub fn assert_clean(rule: &dyn Rule, text: &str) {
        let got: Vec<String> = run(rule, text)
            .iter()
            .map(|d| format!("{:?}: {}", &text[d.span.clone()], d.message))
            .collect();
        assert!(got.is_empty(), "unexpected findings in {text:?}: {got:?}");
    }

    /// Asserts that applying every fix (of any applicability) gives `expected`.
    #[track_caller]
    pub fn assert_fixed(rule: &dyn Rule, text: &str, expected: &str) {
        let diags = run(rule, text);
        assert!(!diags.is_empty(), "nothing flagged in {text:?}");
        let edits: Vec<_> = diags
            .iter()
            .filter_map(|d| d.fix.as_ref())
            .flat_map(|f| f.edits.iter().cloned())
            .collect();
        assert_eq!(crate::fix::apply_edits(text, &edits), expected);
    }
}
