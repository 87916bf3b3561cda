//! Data-driven rules from TOML rule packs (`rules/*.toml`).
//!
//! A pack is a `[pack]` header and a list of `[[rule]]` tables. Each rule has a `kind`:
//! - `existence`: flag every match of `patterns` (words or phrases, matched on word boundaries) or
//!   `regex`;
//! - `substitution`: flag every key of `swap` and suggest its value, with a fix of the pack's
//!   `applicability`;
//! - `conditional`: when the document matches `patterns`/`regex`, it must also match `requires`
//!   (or `requires-regex`); each match is flagged when it does not;
//! - `occurrence`: at most `max` (or at least `min`) matches `per` document, paragraph or sentence.
//!
//! The built-in packs are compiled into the binary; projects add their own with `rule-packs`.

mod compile;
mod literals;
mod pivot;
mod prebuilt;
mod schema;
mod set;

pub use compile::{PackRule, Scope};
pub use schema::{Example, PackFile};
pub use set::PackSet;

use crate::rules::Rule;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::{Arc, LazyLock};

/// The packs shipped in `rules/`, compiled into the binary.
pub const BUILTIN: &[(&str, &str)] = &[
    (
        "rules/boilerplate.toml",
        include_str!("../../rules/boilerplate.toml"),
    ),
    (
        "rules/calques.toml",
        include_str!("../../rules/calques.toml"),
    ),
];

/// An error in a pack file, with the span in the TOML it concerns.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{path}: {message}")]
pub struct PackError {
    /// The pack file.
    pub path: PathBuf,
    /// Its text (for rendering).
    pub source_text: String,
    /// The byte range in `source_text`.
    pub span: Option<Range<usize>>,
    /// What is wrong.
    pub message: String,
    /// A hint, such as "did you mean".
    pub help: Option<String>,
}

/// A loaded, compiled pack.
pub struct Pack {
    /// Where it came from.
    pub path: PathBuf,
    /// The pack's name.
    pub name: String,
    /// The compiled rules.
    pub rules: Vec<Arc<PackRule>>,
}

impl Pack {
    /// Parses and compiles a pack from its text.
    pub fn parse(path: &Path, text: &str) -> Result<Pack, PackError> {
        let prebuilt = path.to_str().and_then(|p| prebuilt::file(p, text));
        let file = match prebuilt {
            Some(file) => file,
            None => schema::parse(path, text)?,
        };
        compile::compile(path, text, file)
    }

    /// Reads, parses and compiles a pack file.
    pub fn load(path: &Path) -> Result<Pack, PackError> {
        let text = std::fs::read_to_string(path).map_err(|e| PackError {
            path: path.to_path_buf(),
            source_text: String::new(),
            span: None,
            message: format!("cannot read rule pack: {e}"),
            help: None,
        })?;
        Pack::parse(path, &text)
    }
}

static BUILTIN_PACKS: LazyLock<Vec<Pack>> = LazyLock::new(|| {
    BUILTIN
        .iter()
        .map(|(path, text)| {
            Pack::parse(Path::new(path), text)
                .unwrap_or_else(|e| panic!("built-in pack {path} is invalid: {e}"))
        })
        .collect()
});

/// The built-in packs.
pub fn builtin_packs() -> &'static [Pack] {
    &BUILTIN_PACKS
}

/// The rules of the built-in packs.
pub fn builtin_rules() -> Vec<Arc<dyn Rule>> {
    BUILTIN_PACKS
        .iter()
        .flat_map(|p| p.rules.iter().map(|r| r.clone() as Arc<dyn Rule>))
        .collect()
}

/// What `value` gives for each of `items`, grouped by what `key` gives (below `keys`), in the
/// items' order within a group: the start of each group (`keys + 1` offsets, the last the
/// length) and the grouped values (`fill` only stands in until each place is written). A counting
/// sort: the packs' scans are built at every start, and a comparison sort took a fifth of the
/// instructions of a check of one file.
fn group_by_key<T, U: Copy>(
    items: &[T],
    key: impl Fn(&T) -> usize,
    value: impl Fn(&T) -> U,
    keys: usize,
    fill: U,
) -> (Vec<u32>, Vec<U>) {
    let mut starts = vec![0u32; keys + 1];
    for item in items {
        starts[key(item) + 1] += 1;
    }
    for k in 0..keys {
        starts[k + 1] += starts[k];
    }
    let mut next = starts.clone();
    let mut grouped = vec![fill; items.len()];
    for item in items {
        let k = key(item);
        grouped[next[k] as usize] = value(item);
        next[k] += 1;
    }
    (starts, grouped)
}

/// Whether a table generated from the built-in packs (`path`, from the crate root) holds `want`,
/// what its generator gives now. With `COPYDESK_UPDATE_BAKED` set, a stale one is written anew
/// and `false` returned: the build under test still has the old table, so the checks that use
/// it wait for the next run. Otherwise a stale table fails the test, asking for that.
#[cfg(test)]
pub(crate) fn generated_table_is_current(path: &str, want: &str) -> bool {
    let full = format!("{}/{path}", env!("CARGO_MANIFEST_DIR"));
    // (A checkout that turned line feeds into CRLF changes nothing that matters.)
    let have = std::fs::read_to_string(&full)
        .unwrap_or_default()
        .replace("\r\n", "\n");
    if have != want && std::env::var_os("COPYDESK_UPDATE_BAKED").is_some() {
        std::fs::write(&full, want).unwrap();
        return false;
    }
    assert!(
        have == want,
        "{path} is out of date: run `COPYDESK_UPDATE_BAKED=1 cargo test baked` and review the diff"
    );
    true
}

/// The outcome of one example.
#[derive(Debug, Clone)]
pub struct ExampleResult {
    /// Rule id.
    pub rule: String,
    /// `flag` or `clean`.
    pub expect_flag: bool,
    /// The example text.
    pub text: String,
    /// Whether it held.
    pub passed: bool,
    /// What the rule reported.
    pub found: Vec<String>,
}

/// Runs every example of every rule in `pack`.
pub fn test_pack(pack: &Pack) -> Vec<ExampleResult> {
    let mut out = Vec::new();
    for rule in &pack.rules {
        for ex in &rule.examples {
            let (text, expect_flag) = match ex {
                Example::Flag(t) => (t, true),
                Example::Clean(t) => (t, false),
            };
            let doc = crate::document::Document::parse(text, crate::document::Format::Text);
            let mut diags = Vec::new();
            // (A pack rule drops its own findings outside prose, as a run does.)
            rule.check(&doc, &mut diags);
            let found: Vec<String> = diags
                .iter()
                .map(|d| text[d.span.clone()].to_string())
                .collect();
            let passed = found.is_empty() != expect_flag;
            out.push(ExampleResult {
                rule: rule.meta.id.to_string(),
                expect_flag,
                text: text.clone(),
                passed,
                found,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_packs_pass_their_examples() {
        for pack in builtin_packs() {
            let results = test_pack(pack);
            assert!(
                !results.is_empty(),
                "{} has no examples",
                pack.path.display()
            );
            let failed: Vec<_> = results.iter().filter(|r| !r.passed).collect();
            assert!(failed.is_empty(), "{}: {failed:#?}", pack.path.display());
        }
    }

    #[test]
    fn every_builtin_pack_rule_has_flag_and_clean_examples() {
        for pack in builtin_packs() {
            for r in &pack.rules {
                assert!(
                    r.examples.iter().any(|e| matches!(e, Example::Flag(_))),
                    "{} lacks a flag example",
                    r.meta.id
                );
                assert!(
                    r.examples.iter().any(|e| matches!(e, Example::Clean(_))),
                    "{} lacks a clean example",
                    r.meta.id
                );
            }
        }
    }
}
