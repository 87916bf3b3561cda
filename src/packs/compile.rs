//! Compiles a parsed pack into rules: phrases into one Aho-Corasick automaton per rule (used when a
//! rule runs alone; a whole run uses the combined scan in `set.rs`), regexes
//! compiled once; every error carries the span of the TOML it comes from.

use super::literals::{self, LiteralScanner};
use super::schema::{Example, PackFile, RuleDef};
use super::{Pack, PackError};
use crate::config::did_you_mean;
use crate::diagnostic::{Applicability, Diagnostic, Edit, Fix, Severity};
use crate::document::{words_is_word_char, Document, Span};
use crate::rules::{FixAvailability, Rule, RuleMeta};
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use regex_automata::meta::Regex as MetaRegex;
use std::borrow::Cow;
use std::ops::Range;
use std::path::Path;
use std::sync::Arc;
use toml::Spanned;

/// Where in the text a pack rule looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Outside direct quotations.
    Prose,
    /// Inside direct quotations.
    Quotes,
    /// Outside quotations, in a sentence that carries a quotation (the attribution).
    Attribution,
    /// Anywhere.
    All,
}

/// Whether a phrase match starts and ends on word boundaries (where the phrase itself starts or
/// ends with a word character).
pub(super) fn on_word_boundaries(text: &str, r: Range<usize>) -> bool {
    let m = &text[r.clone()];
    let starts_word = m.chars().next().is_some_and(words_is_word_char);
    let ends_word = m.chars().next_back().is_some_and(words_is_word_char);
    let before = text[..r.start].chars().next_back();
    let after = text[r.end..].chars().next();
    !(starts_word && before.is_some_and(words_is_word_char)
        || ends_word && after.is_some_and(words_is_word_char))
}

/// A rule's own matcher. Its regexes are the engine behind `regex::Regex`, which can also search
/// anchored at a given offset (see [`Prefilter::Prefixes`]).
#[derive(Debug)]
struct Matcher {
    ac: Option<AhoCorasick>,
    regexes: Vec<MetaRegex>,
    /// For each regex, how its literals narrow a search, if they do.
    prefilters: Vec<Option<Prefilter>>,
}

/// How a regex's literals narrow its search.
#[derive(Debug)]
enum Prefilter {
    /// Every match contains one of the literals: no literal, no match.
    Required(LiteralScanner),
    /// Every match starts with one of the literals, so a match exists only if one starts where a
    /// literal occurs: a search anchored at each occurrence finds it.
    Prefixes(LiteralScanner),
}

impl Matcher {
    /// Builds the matcher of validated patterns.
    fn build(phrases: &[String], case_sensitive: bool, regexes: &[String]) -> Matcher {
        let ac = (!phrases.is_empty())
            .then(|| {
                AhoCorasickBuilder::new()
                    .ascii_case_insensitive(!case_sensitive)
                    .match_kind(MatchKind::LeftmostLongest)
                    .build(phrases)
                    .ok()
            })
            .flatten();
        // Validated when the pack was loaded (with the same syntax as `regex::Regex`).
        let (regexes, prefilters) = regexes
            .iter()
            .filter_map(|src| {
                let re = MetaRegex::new(src).ok()?;
                let prefilter = match literals::prefixes(src).and_then(LiteralScanner::new) {
                    Some(scanner) => Some(Prefilter::Prefixes(scanner)),
                    None => literals::required(src)
                        .and_then(LiteralScanner::new)
                        .map(Prefilter::Required),
                };
                Some((re, prefilter))
            })
            .unzip();
        Matcher {
            ac,
            regexes,
            prefilters,
        }
    }

    /// Every match: (range, pattern index; regexes come after the phrases).
    fn find_all(&self, text: &str, n_phrases: usize) -> Vec<(Range<usize>, usize)> {
        let mut out = Vec::new();
        if let Some(ac) = &self.ac {
            for m in ac.find_iter(text) {
                if on_word_boundaries(text, m.start()..m.end()) {
                    out.push((m.start()..m.end(), m.pattern().as_usize()));
                }
            }
        }
        for (k, re) in self.regexes.iter().enumerate() {
            out.extend(
                re.find_iter(text)
                    .filter(|m| !m.is_empty())
                    .map(|m| (m.start()..m.end(), n_phrases + k)),
            );
        }
        without_overlaps(out)
    }

    fn is_match(&self, text: &str) -> bool {
        if let Some(ac) = &self.ac {
            if ac
                .find_iter(text)
                .any(|m| on_word_boundaries(text, m.start()..m.end()))
            {
                return true;
            }
        }
        self.regexes
            .iter()
            .zip(&self.prefilters)
            .any(|(re, pf)| match pf {
                None => re.find_iter(text).any(|m| !m.is_empty()),
                Some(Prefilter::Required(scanner)) => {
                    scanner.any(text.as_bytes()) && re.find_iter(text).any(|m| !m.is_empty())
                }
                // A match has to start where a prefix occurs, so each occurrence needs only an
                // anchored search. They are tried from the end of the text: what a `requires`
                // looks for, such as a credit line, usually closes a story.
                Some(Prefilter::Prefixes(scanner)) => {
                    use regex_automata::{Anchored, Input};
                    let mut found = false;
                    scanner.scan_rev_until(text.as_bytes(), |_, at| {
                        let input = Input::new(text).range(at..).anchored(Anchored::Yes);
                        found = re.search(&input).is_some_and(|m| !m.is_empty());
                        found
                    });
                    found
                }
            })
    }
}

/// A matcher built on first use: most rules never need their own (a run scans for all pack
/// rules at once), and a conditional rule needs its `requires` only where it matched.
#[derive(Debug)]
struct LazyMatcher {
    phrases: Vec<String>,
    case_sensitive: bool,
    regexes: Vec<String>,
    built: std::sync::OnceLock<Matcher>,
}

impl LazyMatcher {
    fn new(phrases: Vec<String>, case_sensitive: bool, regexes: Vec<String>) -> LazyMatcher {
        LazyMatcher {
            phrases,
            case_sensitive,
            regexes,
            built: std::sync::OnceLock::new(),
        }
    }

    fn get(&self) -> &Matcher {
        self.built
            .get_or_init(|| Matcher::build(&self.phrases, self.case_sensitive, &self.regexes))
    }
}

#[derive(Debug)]
enum Kind {
    Existence {
        remove: bool,
        whole_line: bool,
        replace: Option<Replace>,
        /// The group of the match that is reported and fixed, when not the whole match.
        mark: Option<usize>,
        /// The rule's regexes with their groups, when `replace` or `mark` needs them.
        groups: GroupRegexes,
    },
    Substitution {
        replacements: Vec<String>,
    },
    Conditional {
        requires: LazyMatcher,
    },
    Occurrence {
        max: Option<usize>,
        min: Option<usize>,
        per: Per,
    },
}

/// The `replace` template of an existence rule.
#[derive(Debug)]
struct Replace {
    template: String,
    /// The groups the template names, each present in every regex of the rule.
    groups: Vec<usize>,
}

/// An existence rule's regexes compiled with their groups when a first match needs them (the
/// scan that finds matches needs no groups).
#[derive(Debug, Default)]
struct GroupRegexes(std::sync::OnceLock<Vec<Option<regex::Regex>>>);

impl GroupRegexes {
    /// The groups of the match `r` of regex `k` of `sources`.
    fn captures<'t>(
        &self,
        sources: &[String],
        k: usize,
        text: &'t str,
        r: &Range<usize>,
    ) -> Option<regex::Captures<'t>> {
        let regexes = self.0.get_or_init(|| {
            sources
                .iter()
                .map(|src| regex::Regex::new(src).ok())
                .collect()
        });
        let caps = regexes.get(k)?.as_ref()?.captures_at(text, r.start)?;
        (caps.get(0)?.range() == *r).then_some(caps)
    }
}

/// The group numbers `$1` / `${1}` name in `template`, or the first `$` that names none
/// (`$$` is a dollar sign; names are not supported).
fn template_groups(template: &str) -> Result<Vec<usize>, usize> {
    let b = template.as_bytes();
    let mut groups = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] != b'$' {
            i += 1;
            continue;
        }
        let (digits, skip) = match b.get(i + 1) {
            Some(b'$') => {
                i += 2;
                continue;
            }
            Some(b'{') => {
                let len = b[i + 2..].iter().take_while(|c| c.is_ascii_digit()).count();
                if b.get(i + 2 + len) != Some(&b'}') {
                    return Err(i);
                }
                (&template[i + 2..i + 2 + len], len + 3)
            }
            _ => {
                let len = b[i + 1..].iter().take_while(|c| c.is_ascii_digit()).count();
                // `$1a` would read as a group named `1a`.
                if b.get(i + 1 + len)
                    .is_some_and(|c| c.is_ascii_alphabetic() || *c == b'_')
                {
                    return Err(i);
                }
                (&template[i + 1..i + 1 + len], len + 1)
            }
        };
        groups.push(digits.parse().map_err(|_| i)?);
        i += skip;
    }
    Ok(groups)
}

impl Replace {
    /// The replacement for a match with groups `caps`, if every group the template names took
    /// part in it.
    fn expand(&self, caps: &regex::Captures) -> Option<String> {
        if self.groups.iter().any(|&g| caps.get(g).is_none()) {
            return None;
        }
        let mut out = String::new();
        caps.expand(&self.template, &mut out);
        Some(out)
    }
}

#[derive(Debug, Clone, Copy)]
enum Per {
    Document,
    Paragraph,
    Sentence,
}

/// A rule from a pack.
#[derive(Debug)]
pub struct PackRule {
    /// Metadata.
    pub meta: RuleMeta,
    /// The examples.
    pub examples: Vec<Example>,
    scope: Scope,
    kind: Kind,
    matcher: LazyMatcher,
    n_phrases: usize,
    message: String,
    applicability: Applicability,
    source_hash: u64,
}

struct Ctx<'a> {
    path: &'a Path,
    text: &'a str,
    /// The hash of `text`, taken once: each rule's fingerprint seeds its id with it.
    text_hash: u64,
}

impl Ctx<'_> {
    fn err(
        &self,
        span: Option<Range<usize>>,
        message: impl Into<String>,
        help: Option<String>,
    ) -> PackError {
        PackError {
            path: self.path.to_path_buf(),
            source_text: self.text.to_string(),
            span,
            message: message.into(),
            help,
        }
    }

    fn choice<T: Copy>(
        &self,
        v: &Spanned<String>,
        what: &str,
        options: &[(&str, T)],
    ) -> Result<T, PackError> {
        options
            .iter()
            .find(|(name, _)| *name == v.get_ref())
            .map(|(_, t)| *t)
            .ok_or_else(|| {
                let names: Vec<&str> = options.iter().map(|(n, _)| *n).collect();
                let help = did_you_mean(v.get_ref(), names.iter().copied())
                    .or_else(|| Some(format!("expected one of: {}", names.join(", "))));
                self.err(
                    Some(v.span()),
                    format!("unknown {what} `{}`", v.get_ref()),
                    help,
                )
            })
    }

    /// Checks a `replace` template: the rule has regexes and no phrases, no `remove`, and every
    /// group the template names is in every regex.
    fn replace(
        &self,
        t: &Spanned<String>,
        def: &RuleDef,
        phrases: &[String],
    ) -> Result<Replace, PackError> {
        if def.remove || !phrases.is_empty() || def.regex.is_empty() {
            return Err(self.err(
                Some(t.span()),
                "`replace` needs `regex`, whose groups it fills in, and no `patterns` or `remove`",
                None,
            ));
        }
        let groups = template_groups(t.get_ref()).map_err(|at| {
            self.err(
                Some(t.span()),
                format!(
                    "`replace` names no group at byte {at}: write `$1` or `${{1}}`, or `$$` for a dollar sign"
                ),
                None,
            )
        })?;
        self.groups_in_regexes(&groups, "replace", &def.regex)?;
        Ok(Replace {
            template: t.get_ref().clone(),
            groups,
        })
    }

    /// Checks a `mark` group: the rule has regexes and no phrases, and each regex has the group.
    fn mark(
        &self,
        m: &Spanned<usize>,
        def: &RuleDef,
        phrases: &[String],
    ) -> Result<usize, PackError> {
        if !phrases.is_empty() || def.regex.is_empty() {
            return Err(self.err(
                Some(m.span()),
                "`mark` needs `regex`, one of whose groups it names, and no `patterns`",
                None,
            ));
        }
        let g = *m.get_ref();
        if g == 0 {
            return Err(self.err(
                Some(m.span()),
                "`mark` names a group from 1 up (group 0, the whole match, is the default)",
                None,
            ));
        }
        self.groups_in_regexes(&[g], "mark", &def.regex)?;
        Ok(g)
    }

    /// Checks that every regex of `list` has each of `groups`, which `field` names.
    fn groups_in_regexes(
        &self,
        groups: &[usize],
        field: &str,
        list: &[Spanned<String>],
    ) -> Result<(), PackError> {
        for r in list {
            let have = literals::groups(r.get_ref())
                .map_err(|e| self.err(Some(r.span()), format!("invalid regex: {e}"), None))?;
            if let Some(g) = groups.iter().find(|&&g| g == 0 || g > have) {
                return Err(self.err(
                    Some(r.span()),
                    format!("`{field}` uses group {g}, but this regex has groups 1 to {have}"),
                    None,
                ));
            }
        }
        Ok(())
    }

    /// Checks the syntax of regexes now, so errors point into the TOML; they are compiled on
    /// first use.
    fn validate_regexes(&self, list: &[Spanned<String>]) -> Result<Vec<String>, PackError> {
        list.iter()
            .map(|r| {
                literals::groups(r.get_ref())
                    .map(|_| r.get_ref().clone())
                    .map_err(|e| self.err(Some(r.span()), format!("invalid regex: {e}"), None))
            })
            .collect()
    }
}

fn valid_id(id: &str) -> bool {
    let mut parts = id.split('/');
    let ok = |p: &str| {
        !p.is_empty()
            && p.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
            && !p.starts_with('-')
    };
    matches!((parts.next(), parts.next(), parts.next()), (Some(f), Some(n), None) if ok(f) && ok(n))
}

pub(super) fn compile(path: &Path, text: &str, file: PackFile) -> Result<Pack, PackError> {
    let cx = Ctx {
        path,
        text,
        text_hash: xxhash_rust::xxh3::xxh3_64(text.as_bytes()),
    };
    let mut rules = Vec::new();
    let mut seen: Vec<String> = Vec::new();
    for def in file.rule {
        let rule = compile_rule(&cx, def, &seen)?;
        seen.push(rule.meta.id.to_string());
        rules.push(Arc::new(rule));
    }
    Ok(Pack {
        path: path.to_path_buf(),
        name: file.pack.name,
        rules,
    })
}

fn compile_rule(cx: &Ctx, mut def: RuleDef, seen: &[String]) -> Result<PackRule, PackError> {
    let id = def.id.get_ref().clone();
    if !valid_id(&id) {
        return Err(cx.err(
            Some(def.id.span()),
            format!("rule id `{id}` is not of the form `family/kebab-name`"),
            None,
        ));
    }
    if seen.contains(&id) {
        return Err(cx.err(
            Some(def.id.span()),
            format!("rule id `{id}` is defined twice"),
            None,
        ));
    }
    let severity = cx.choice(
        &def.severity,
        "severity",
        &[
            ("error", Severity::Error),
            ("warning", Severity::Warning),
            ("info", Severity::Info),
        ],
    )?;
    let scope = match &def.scope {
        None => Scope::Prose,
        Some(s) => cx.choice(
            s,
            "scope",
            &[
                ("prose", Scope::Prose),
                ("quotes", Scope::Quotes),
                ("attribution", Scope::Attribution),
                ("all", Scope::All),
            ],
        )?,
    };
    let applicability = match &def.applicability {
        None => Applicability::Unsafe,
        Some(a) => cx.choice(
            a,
            "applicability",
            &[
                ("safe", Applicability::Safe),
                ("unsafe", Applicability::Unsafe),
                ("display-only", Applicability::DisplayOnly),
            ],
        )?,
    };
    #[derive(Clone, Copy)]
    enum K {
        E,
        S,
        C,
        O,
    }
    let k = cx.choice(
        &def.kind,
        "rule kind",
        &[
            ("existence", K::E),
            ("substitution", K::S),
            ("conditional", K::C),
            ("occurrence", K::O),
        ],
    )?;
    let mut phrases: Vec<String> = def.patterns.iter().map(|p| p.get_ref().clone()).collect();
    let only = |field: &str, present: bool, kinds: &str| -> Result<(), PackError> {
        if present {
            Err(cx.err(
                Some(def.kind.span()),
                format!("`{field}` is only allowed for {kinds} rules"),
                None,
            ))
        } else {
            Ok(())
        }
    };
    only(
        "swap",
        def.swap.is_some() && !matches!(k, K::S),
        "substitution",
    )?;
    only(
        "requires",
        (!def.requires.is_empty() || !def.requires_regex.is_empty()) && !matches!(k, K::C),
        "conditional",
    )?;
    only(
        "max/min/per",
        (def.max.is_some() || def.min.is_some() || def.per.is_some()) && !matches!(k, K::O),
        "occurrence",
    )?;
    only(
        "remove/whole-line",
        (def.remove || def.whole_line) && !matches!(k, K::E),
        "existence",
    )?;
    only(
        "replace/mark",
        (def.replace.is_some() || def.mark.is_some()) && !matches!(k, K::E),
        "existence",
    )?;
    let kind = match k {
        K::E => Kind::Existence {
            remove: def.remove,
            whole_line: def.whole_line,
            replace: match &def.replace {
                None => None,
                Some(t) => Some(cx.replace(t, &def, &phrases)?),
            },
            mark: match &def.mark {
                None => None,
                Some(m) => Some(cx.mark(m, &def, &phrases)?),
            },
            groups: GroupRegexes::default(),
        },
        K::S => {
            let Some(swap) = def.swap.take() else {
                return Err(cx.err(
                    Some(def.kind.span()),
                    "a substitution rule needs a `swap` table (pattern = replacement)",
                    None,
                ));
            };
            if !phrases.is_empty() || !def.regex.is_empty() {
                return Err(cx.err(
                    Some(def.kind.span()),
                    "a substitution rule takes its patterns from `swap`, not `patterns`/`regex`",
                    None,
                ));
            }
            // The table's strings are moved, not copied: a pack may swap a thousand phrases,
            // and the built-in packs are compiled at every start.
            let span = swap.span();
            let table = swap.into_inner();
            let mut replacements = Vec::with_capacity(table.len());
            phrases.reserve(table.len());
            for (key, value) in table {
                let toml::Value::String(v) = value else {
                    return Err(cx.err(
                        Some(span),
                        format!("the replacement for `{key}` must be a string"),
                        None,
                    ));
                };
                phrases.push(key);
                replacements.push(v);
            }
            Kind::Substitution { replacements }
        }
        K::C => {
            if def.requires.is_empty() && def.requires_regex.is_empty() {
                return Err(cx.err(
                    Some(def.kind.span()),
                    "a conditional rule needs `requires` or `requires-regex`",
                    None,
                ));
            }
            let req: Vec<String> = def.requires.iter().map(|p| p.get_ref().clone()).collect();
            Kind::Conditional {
                requires: LazyMatcher::new(
                    req,
                    def.case_sensitive,
                    cx.validate_regexes(&def.requires_regex)?,
                ),
            }
        }
        K::O => {
            if def.max.is_none() && def.min.is_none() {
                return Err(cx.err(
                    Some(def.kind.span()),
                    "an occurrence rule needs `max` or `min`",
                    None,
                ));
            }
            let per = match &def.per {
                None => Per::Document,
                Some(p) => cx.choice(
                    p,
                    "unit",
                    &[
                        ("document", Per::Document),
                        ("paragraph", Per::Paragraph),
                        ("sentence", Per::Sentence),
                    ],
                )?,
            };
            Kind::Occurrence {
                max: def.max,
                min: def.min,
                per,
            }
        }
    };
    if phrases.is_empty() && def.regex.is_empty() {
        return Err(cx.err(
            Some(def.id.span()),
            format!("rule `{id}` has no patterns"),
            Some("add `patterns = [...]` or `regex = [...]`".into()),
        ));
    }
    if let Some(p) = def.patterns.iter().find(|p| p.get_ref().trim().is_empty()) {
        return Err(cx.err(Some(p.span()), "empty pattern", None));
    }
    // Validate now (errors point into the TOML); compile later: in a run, all pack rules share one
    // combined scanner (`PackSet`), so a rule's own matcher is only built if it is used alone.
    let regex_sources = cx.validate_regexes(&def.regex)?;
    let mut examples = Vec::new();
    for ex in def.examples {
        match (ex.flag, ex.clean) {
            (Some(f), None) => examples.push(Example::Flag(f)),
            (None, Some(c)) => examples.push(Example::Clean(c)),
            _ => {
                return Err(cx.err(
                    Some(def.id.span()),
                    format!("an example of `{id}` must have exactly one of `flag` and `clean`"),
                    None,
                ))
            }
        }
    }
    let fix = match (&kind, applicability) {
        (Kind::Substitution { .. }, a)
        | (Kind::Existence { remove: true, .. }, a)
        | (
            Kind::Existence {
                replace: Some(_), ..
            },
            a,
        ) => match a {
            Applicability::Safe => FixAvailability::Safe,
            Applicability::Unsafe => FixAvailability::Unsafe,
            Applicability::DisplayOnly => FixAvailability::DisplayOnly,
        },
        _ => FixAvailability::None,
    };
    let summary = def.summary.clone().unwrap_or_else(|| {
        let first: Vec<&str> = def
            .explanation
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .collect();
        let first = first.join(" ");
        let end = first.find(". ").map_or(first.len(), |i| i + 1);
        first[..end].to_string()
    });
    let meta = RuleMeta {
        id: Cow::Owned(id),
        severity,
        summary: Cow::Owned(summary),
        fix,
        explanation: Cow::Owned(def.explanation),
    };
    let source_hash = xxhash_rust::xxh3::xxh3_64_with_seed(meta.id.as_bytes(), cx.text_hash);
    Ok(PackRule {
        meta,
        examples,
        scope,
        kind,
        n_phrases: phrases.len(),
        matcher: LazyMatcher::new(phrases, def.case_sensitive, regex_sources),
        message: def.message,
        applicability,
        source_hash,
    })
}

fn capitalize_like(matched: &str, replacement: &str) -> String {
    if matched.starts_with(char::is_uppercase) && !replacement.starts_with(char::is_uppercase) {
        let mut cs = replacement.chars();
        cs.next()
            .map(|f| f.to_uppercase().chain(cs).collect())
            .unwrap_or_default()
    } else {
        replacement.to_string()
    }
}

impl PackRule {
    /// The phrase patterns, whether they are case-sensitive, and the regex sources.
    pub(super) fn patterns(&self) -> (&[String], bool, &[String]) {
        let m = &self.matcher;
        (&m.phrases, m.case_sensitive, &m.regexes)
    }

    /// The applicability of a replacement at `at`: inside a quotation a change is only ever
    /// suggested, since a quotation is what someone said.
    fn applicability_at(&self, doc: &Document, at: usize) -> Applicability {
        if doc.in_quote(at) {
            Applicability::DisplayOnly
        } else {
            self.applicability
        }
    }

    fn in_scope(&self, doc: &Document, r: &Range<usize>) -> bool {
        match self.scope {
            Scope::All => true,
            Scope::Prose => !doc.in_quote(r.start),
            Scope::Quotes => doc.in_quote(r.start),
            Scope::Attribution => {
                !doc.in_quote(r.start)
                    && doc.sentence_at(r.start).is_some_and(|s| {
                        doc.quotes
                            .iter()
                            .any(|q| q.span.start < s.end && q.span.end > s.start)
                    })
            }
        }
    }

    fn message(&self, matched: &str, replacement: &str) -> String {
        self.message
            .replace("{match}", matched)
            .replace("{replacement}", replacement)
    }

    /// The range deleted to remove a whole-line match: the line and its line break, as an
    /// editor deletes a line, and a paragraph of its own with the blank line after it, so that the
    /// paragraphs around it stay one blank line apart. (After the last paragraph, an empty line
    /// may be left over: `layout/blank-lines` removes it.)
    fn removal(doc: &Document, line: &Range<usize>) -> Range<usize> {
        if let Some(pi) = doc.paragraph_at(line.start) {
            let p = &doc.paragraphs[pi];
            let own_paragraph = p.start == line.start && p.end == line.end;
            if let Some(next) = doc.paragraphs.get(pi + 1).filter(|_| own_paragraph) {
                return p.start..next.start;
            }
        }
        let l = doc.lines.line_of(line.start);
        doc.lines.line_start(l)..doc.lines.line_start(l + 1)
    }
}

impl Rule for PackRule {
    fn meta(&self) -> &RuleMeta {
        &self.meta
    }

    fn fingerprint(&self) -> u64 {
        self.source_hash
    }

    fn check(&self, doc: &Document, out: &mut Vec<Diagnostic>) {
        let matcher = self.matcher.get();
        let matches = matcher.find_all(doc.text, self.n_phrases);
        self.check_matches(doc, matches, out);
    }

    fn as_pack(&self) -> Option<&PackRule> {
        Some(self)
    }
}

/// The matches of one rule, leftmost-longest and without overlaps: of two that overlap (two
/// regexes of a rule matching the same line), the one that starts first, or the longer, is kept.
pub(super) fn without_overlaps(
    mut matches: Vec<(Range<usize>, usize)>,
) -> Vec<(Range<usize>, usize)> {
    matches.sort_by(|a, b| {
        (a.0.start, std::cmp::Reverse(a.0.end)).cmp(&(b.0.start, std::cmp::Reverse(b.0.end)))
    });
    let mut kept: Vec<(Range<usize>, usize)> = Vec::with_capacity(matches.len());
    for m in matches {
        if kept.last().is_some_and(|k| m.0.start < k.0.end) {
            continue;
        }
        kept.push(m);
    }
    kept
}

impl PackRule {
    /// Whether the rule can report anything when none of its patterns matched: only a rule that
    /// wants at least one occurrence in a document. The others are not asked about a document
    /// none of their patterns occur in (most rules, in most documents).
    pub fn reports_without_matches(&self) -> bool {
        matches!(
            self.kind,
            Kind::Occurrence {
                min: Some(min),
                per: Per::Document,
                ..
            } if min > 0
        )
    }

    /// Reports from the matches of this rule's patterns (phrase indexes first, then regexes).
    pub fn check_matches(
        &self,
        doc: &Document,
        matches: Vec<(Range<usize>, usize)>,
        out: &mut Vec<Diagnostic>,
    ) {
        let from = out.len();
        self.push_matches(doc, matches, out);
        if out.len() > from {
            self.keep_to_prose(doc, out, from);
        }
    }

    /// Drops the findings from `from` on that are not in prose, as a run drops every rule's:
    /// one that touches a URL, code or front matter. A whole-line rule's line only has to begin
    /// in prose: a scraped `Read more:` line often ends with the link it pointed to.
    #[inline(never)]
    fn keep_to_prose(&self, doc: &Document, out: &mut Vec<Diagnostic>, from: usize) {
        let whole_line = matches!(
            self.kind,
            Kind::Existence {
                whole_line: true,
                ..
            }
        );
        let mut tail = out.split_off(from);
        tail.retain(|d| {
            let probe = if whole_line {
                d.span.start..d.span.start
            } else {
                d.span.clone()
            };
            !doc.touches_non_prose(&probe)
        });
        out.append(&mut tail);
    }

    /// [`Self::check_matches`] before the findings outside prose are dropped.
    #[inline]
    fn push_matches(
        &self,
        doc: &Document,
        matches: Vec<(Range<usize>, usize)>,
        out: &mut Vec<Diagnostic>,
    ) {
        let text = doc.text;
        let matches: Vec<(Range<usize>, usize)> = matches
            .into_iter()
            .filter(|(r, _)| self.in_scope(doc, r))
            .collect();
        if matches.is_empty() {
            if let Kind::Occurrence {
                min: Some(min),
                per: Per::Document,
                ..
            } = self.kind
            {
                if min > 0 && !text.trim().is_empty() {
                    let first = doc.paragraphs.first().cloned().unwrap_or(0..0);
                    out.push(
                        self.meta.diag(
                            first,
                            self.message("", "")
                                .replace("{count}", "0")
                                .replace("{min}", &min.to_string()),
                        ),
                    );
                }
            }
            return;
        }
        match &self.kind {
            Kind::Existence {
                remove,
                whole_line,
                replace,
                mark,
                groups,
            } => {
                let (_, _, sources) = self.patterns();
                for (whole, k) in matches {
                    let line = doc.lines.line_range(doc.lines.line_of(whole.start), text);
                    let trimmed = text[line.clone()].trim();
                    let line_content = line.start
                        + (text[line.clone()].len() - text[line.clone()].trim_start().len());
                    let covers_line =
                        whole.start <= line_content && whole.end >= line_content + trimmed.len();
                    if *whole_line && !covers_line {
                        continue;
                    }
                    let caps = (replace.is_some() || mark.is_some())
                        .then(|| {
                            groups.captures(sources, k.checked_sub(self.n_phrases)?, text, &whole)
                        })
                        .flatten();
                    // The reported part: the marked group when it took part, else the match.
                    let r = mark
                        .and_then(|m| Some(caps.as_ref()?.get(m)?.range()))
                        .unwrap_or(whole);
                    let matched = &text[r.clone()];
                    let replacement = replace.as_ref().and_then(|rep| rep.expand(caps.as_ref()?));
                    let mut d = self.meta.diag(
                        r.clone(),
                        self.message(matched.trim(), replacement.as_deref().unwrap_or("")),
                    );
                    if let Some(repl) = replacement {
                        d = d.with_fix(Fix::new(
                            format!("Replace with `{repl}`"),
                            self.applicability_at(doc, r.start),
                            vec![Edit::replace(r.clone(), repl)],
                        ));
                    }
                    if *remove {
                        let del = if *whole_line {
                            Self::removal(doc, &(line_content..line_content + trimmed.len()))
                        } else {
                            r.clone()
                        };
                        let what = if *whole_line {
                            "Remove the line".to_string()
                        } else {
                            format!("Remove `{}`", matched.trim())
                        };
                        d = d.with_fix(Fix::new(what, self.applicability, vec![Edit::delete(del)]));
                    }
                    out.push(d);
                }
            }
            Kind::Substitution { replacements } => {
                for (r, k) in matches {
                    let matched = &text[r.clone()];
                    let repl =
                        capitalize_like(matched, replacements.get(k).map_or("", String::as_str));
                    out.push(
                        self.meta
                            .diag(r.clone(), self.message(matched, &repl))
                            .with_fix(Fix::new(
                                format!("Replace with `{repl}`"),
                                self.applicability_at(doc, r.start),
                                vec![Edit::replace(r, repl.clone())],
                            )),
                    );
                }
            }
            Kind::Conditional { requires } => {
                if !matches.is_empty() && !requires.get().is_match(text) {
                    for (r, _) in matches {
                        let matched = &text[r.clone()];
                        out.push(self.meta.diag(r.clone(), self.message(matched, "")));
                    }
                }
            }
            Kind::Occurrence { max, min, per } => {
                let units: Vec<Range<usize>> = match per {
                    Per::Document => std::iter::once(0..text.len()).collect(),
                    Per::Paragraph => doc.paragraphs.clone(),
                    Per::Sentence => doc.sentences().iter().map(Span::span).collect(),
                };
                for u in units {
                    let inside: Vec<&(Range<usize>, usize)> = matches
                        .iter()
                        .filter(|(r, _)| r.start >= u.start && r.end <= u.end)
                        .collect();
                    let n = inside.len();
                    if let Some(max) = max {
                        for (r, _) in inside.iter().skip(*max) {
                            let m = self
                                .message(&text[r.clone()], "")
                                .replace("{count}", &n.to_string())
                                .replace("{max}", &max.to_string());
                            out.push(self.meta.diag(r.clone(), m));
                        }
                    }
                    if let Some(min) = min {
                        if n < *min && matches!(per, Per::Document) {
                            let m = self
                                .message("", "")
                                .replace("{count}", &n.to_string())
                                .replace("{min}", &min.to_string());
                            out.push(self.meta.diag(u.start..u.start, m));
                        }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::packs::Pack;
    use crate::rules::Rule;
    use std::path::Path;

    fn err(text: &str) -> crate::packs::PackError {
        match Pack::parse(Path::new("t.toml"), text) {
            Err(e) => e,
            Ok(_) => panic!("expected an error"),
        }
    }

    const HEAD: &str = "[pack]\nname = \"t\"\n";

    #[test]
    fn a_removed_line_takes_its_line_break_and_a_paragraph_the_blank_line_after_it() {
        let rules = crate::packs::builtin_rules();
        let footer = rules
            .iter()
            .find(|r| r.meta().id == "boilerplate/trust-principles-footer")
            .expect("the footer rule");
        let line = "Our Standards: The Thomson Reuters Trust Principles.";
        let fixed = |t: &str, want: &str| crate::rules::testing::assert_fixed(&**footer, t, want);
        // Between paragraphs: they stay one blank line apart.
        fixed(&format!("One.\n\n{line}\n\nTwo.\n"), "One.\n\nTwo.\n");
        // Last: the line and its break (the empty line left is `layout/blank-lines`' to remove).
        fixed(&format!("One.\n\n{line}\n"), "One.\n\n");
        fixed(&format!("One.\n\n{line}"), "One.\n\n");
        // A line inside a paragraph: the line and its break.
        fixed(&format!("One.\n{line}\nTwo.\n"), "One.\nTwo.\n");
    }

    #[test]
    fn errors_point_at_the_toml() {
        let t = format!("{HEAD}[[rule]]\nid = \"x/y\"\nkind = \"existance\"\nseverity = \"warning\"\nmessage = \"m\"\nexplanation = \"e\"\npatterns = [\"a\"]\n");
        let e = err(&t);
        assert_eq!(&t[e.span.clone().unwrap()], "\"existance\"");
        assert_eq!(e.help.as_deref(), Some("did you mean `existence`?"));

        let t = format!("{HEAD}[[rule]]\nid = \"x/y\"\nkind = \"existence\"\nseverity = \"warning\"\nmessage = \"m\"\nexplanation = \"e\"\nregex = [\"(unclosed\"]\n");
        let e = err(&t);
        assert_eq!(&t[e.span.clone().unwrap()], "\"(unclosed\"");

        // A conditional's `requires-regex` is compiled on first use, but checked at load.
        let t = format!("{HEAD}[[rule]]\nid = \"x/y\"\nkind = \"conditional\"\nseverity = \"warning\"\nmessage = \"m\"\nexplanation = \"e\"\nregex = [\"a\"]\nrequires-regex = [\"(b\"]\n");
        let e = err(&t);
        assert_eq!(&t[e.span.clone().unwrap()], "\"(b\"");

        let t = format!("{HEAD}[[rule]]\nid = \"x/y\"\nkind = \"existence\"\nseverity = \"warning\"\nmessage = \"m\"\nexplanation = \"e\"\npaterns = [\"a\"]\n");
        let e = err(&t);
        assert!(e.message.contains("paterns"), "{}", e.message);
        assert_eq!(e.help.as_deref(), Some("did you mean `patterns`?"));

        let t = format!("{HEAD}[[rule]]\nid = \"Bad Id\"\nkind = \"existence\"\nseverity = \"warning\"\nmessage = \"m\"\nexplanation = \"e\"\npatterns = [\"a\"]\n");
        assert!(err(&t).message.contains("family/kebab-name"));
    }

    /// A rule's fingerprint (part of the cache key) changes with anything in its pack's text,
    /// and differs between two rules of one pack.
    #[test]
    fn fingerprints_follow_the_pack_text_and_the_rule() {
        let pack = |extra: &str| {
            let rule = |id: &str| {
                format!("[[rule]]\nid = \"{id}\"\nkind = \"existence\"\nseverity = \"warning\"\nmessage = \"m\"\nexplanation = \"e\"\npatterns = [\"a\"]\n")
            };
            let text = format!("{HEAD}{}{}{extra}", rule("x/one"), rule("x/two"));
            let pack = Pack::parse(Path::new("t.toml"), &text).expect("a valid pack");
            pack.rules
                .iter()
                .map(|r| r.fingerprint())
                .collect::<Vec<u64>>()
        };
        let a = pack("");
        assert_eq!(a, pack(""));
        assert_ne!(a[0], a[1]);
        let b = pack("# one more line\n");
        assert_ne!(a[0], b[0]);
        assert_ne!(a[1], b[1]);
    }

    /// A finding that touches a URL or code is dropped, but a whole-line rule only needs its
    /// line to begin in prose: scraped `Read more:` lines end with their link.
    #[test]
    fn whole_lines_may_end_in_a_link_but_matches_may_not_touch_one() {
        use crate::document::{Document, Format};
        let text = format!(
            "{HEAD}[[rule]]\nid = \"x/line\"\nkind = \"existence\"\nseverity = \"warning\"\nmessage = \"m\"\nexplanation = \"e\"\nregex = [\x27(?m)^Read more:[^\\n]*$\x27]\nwhole-line = true\n\n[[rule]]\nid = \"x/word\"\nkind = \"existence\"\nseverity = \"warning\"\nmessage = \"m\"\nexplanation = \"e\"\npatterns = [\"example\"]\n"
        );
        let pack = Pack::parse(Path::new("t.toml"), &text).expect("a valid pack");
        let flagged = |story: &str, format: Format| {
            let doc = Document::parse(story, format);
            let mut out = Vec::new();
            for rule in &pack.rules {
                rule.check(&doc, &mut out);
            }
            out.iter()
                .map(|d| format!("{} {}", d.rule, &story[d.span.clone()]))
                .collect::<Vec<_>>()
        };
        let story = "One example.\n\nRead more: https://example.com/a\n\nhttps://example.com/b\n";
        assert_eq!(
            flagged(story, Format::Text),
            ["x/line Read more: https://example.com/a", "x/word example"]
        );
        // A line inside a code block is not prose, where it begins either.
        let md = "One.\n\n```\nRead more: https://example.com/a\n```\n";
        assert!(flagged(md, Format::Markdown).is_empty());
    }

    #[test]
    fn replace_templates_name_groups() {
        use super::template_groups;
        assert_eq!(template_groups("${2} of $1, $$5"), Ok(vec![2, 1]));
        assert_eq!(template_groups("no groups"), Ok(vec![]));
        assert_eq!(template_groups("$name"), Err(0));
        assert_eq!(template_groups("a $1x"), Err(2));
        assert_eq!(template_groups("${1"), Err(0));
        assert_eq!(template_groups("end $"), Err(4));
    }

    /// A pack whose one rule fills a `replace` template from `regex` groups.
    fn replace_pack(replace: &str, extra: &str) -> String {
        format!(
            "{HEAD}[[rule]]\nid = \"t/order\"\nkind = \"existence\"\nseverity = \"warning\"\n\
             message = \"`{{match}}`: write `{{replacement}}`\"\nexplanation = \"e\"\n\
             regex = ['(?:(the) )?(reserves) of the State']\nreplace = \"{replace}\"\n{extra}"
        )
    }

    #[test]
    fn replace_fills_in_groups() {
        let pack = Pack::parse(Path::new("t.toml"), &replace_pack("${1} state $2", "")).unwrap();
        let rule: &super::PackRule = &pack.rules[0];
        crate::rules::testing::assert_fixed(
            rule,
            "Cut the reserves of the State now.",
            "Cut the state reserves now.",
        );
        let doc_diags = |text: &str| crate::rules::testing::run(rule, text);
        let d = doc_diags("Cut the reserves of the State now.");
        assert_eq!(
            d[0].message,
            "`the reserves of the State`: write `the state reserves`"
        );
        assert_eq!(
            d[0].fix.as_ref().map(|f| f.applicability),
            Some(crate::diagnostic::Applicability::Unsafe)
        );
        // A group the template names took no part: flagged, with no fix.
        let d = doc_diags("Reserves: reserves of the State.");
        assert_eq!(d.len(), 1);
        assert!(d[0].fix.is_none());
        // Inside a quotation (with `scope = "all"`) the fix is only suggested.
        let all = Pack::parse(
            Path::new("t.toml"),
            &replace_pack("${1} state $2", "scope = \"all\"\n"),
        )
        .unwrap();
        let d =
            crate::rules::testing::run(&*all.rules[0], "He said: “Cut the reserves of the State.”");
        assert_eq!(
            d[0].fix.as_ref().map(|f| f.applicability),
            Some(crate::diagnostic::Applicability::DisplayOnly)
        );
        assert_eq!(rule.meta.fix, crate::rules::FixAvailability::Unsafe);
    }

    #[test]
    fn replace_errors_point_at_the_toml() {
        let t = replace_pack("$3 state", "");
        let e = err(&t);
        assert_eq!(
            &t[e.span.clone().unwrap()],
            "'(?:(the) )?(reserves) of the State'"
        );
        assert!(e.message.contains("group 3"), "{}", e.message);
        let t = replace_pack("$the state", "");
        let e = err(&t);
        assert_eq!(&t[e.span.clone().unwrap()], "\"$the state\"");
        let t = replace_pack("$1", "remove = true\n");
        assert!(err(&t).message.contains("no `patterns` or `remove`"));
        let t = format!(
            "{HEAD}[[rule]]\nid = \"x/y\"\nkind = \"substitution\"\nseverity = \"warning\"\n\
             message = \"m\"\nexplanation = \"e\"\nswap = {{ a = \"b\" }}\nreplace = \"$1\"\n"
        );
        assert!(err(&t).message.contains("only allowed for existence"));
    }

    #[test]
    fn a_swap_replacement_must_be_a_string() {
        let t = format!(
            "{HEAD}[[rule]]\nid = \"x/y\"\nkind = \"substitution\"\nseverity = \"warning\"\n\
             message = \"m\"\nexplanation = \"e\"\nswap = {{ a = \"b\", c = 1 }}\n"
        );
        let e = err(&t);
        assert!(
            e.message
                .contains("the replacement for `c` must be a string"),
            "{}",
            e.message
        );
        assert_eq!(&t[e.span.clone().unwrap()], "{ a = \"b\", c = 1 }");
    }

    fn mark_pack(extra: &str) -> String {
        format!(
            "{HEAD}[[rule]]\nid = \"t/article\"\nkind = \"existence\"\nseverity = \"warning\"\n\
             message = \"`{{match}}`: write `{{replacement}}`\"\nexplanation = \"e\"\n\
             regex = ['(king of )the (tennis)(?:[.,]| (and|was))']\n{extra}"
        )
    }

    #[test]
    fn mark_reports_and_fixes_one_group_of_the_match() {
        let text = "The king of the tennis, and the king of the tennis and golf.";
        let plain = Pack::parse(Path::new("t.toml"), &mark_pack("")).unwrap();
        let spans = |pack: &Pack| -> Vec<String> {
            crate::rules::testing::run(&*pack.rules[0], text)
                .iter()
                .map(|d| text[d.span.clone()].to_string())
                .collect()
        };
        // Without `mark` the context after the words is part of what is reported.
        assert_eq!(
            spans(&plain),
            ["king of the tennis,", "king of the tennis and"]
        );
        let marked = Pack::parse(
            Path::new("t.toml"),
            &mark_pack("mark = 1\n").replace("(king of )the (tennis)", "((king of )the (tennis))"),
        )
        .unwrap();
        assert_eq!(spans(&marked), ["king of the tennis", "king of the tennis"]);
        // A marked group that takes no part in a match leaves the whole match reported.
        let optional = Pack::parse(
            Path::new("t.toml"),
            &mark_pack("mark = 4\n").replace("(king of )the (tennis)", "((king of )the (tennis))"),
        )
        .unwrap();
        assert_eq!(spans(&optional), ["king of the tennis,", "and"]);
        // `replace` then replaces the marked text only: the context stays as it is.
        let fixed = Pack::parse(
            Path::new("t.toml"),
            &mark_pack("mark = 1\nreplace = \"${2}${3}\"\n")
                .replace("(king of )the (tennis)", "((king of )the (tennis))"),
        )
        .unwrap();
        crate::rules::testing::assert_fixed(
            &*fixed.rules[0],
            "The king of the tennis, the king of the tennis was here.",
            "The king of tennis, the king of tennis was here.",
        );
        let d = crate::rules::testing::run(&*fixed.rules[0], "The king of the tennis.");
        assert_eq!(d[0].message, "`king of the tennis`: write `king of tennis`");
    }

    #[test]
    fn mark_errors_point_at_the_toml() {
        // Group 4 does not exist; group 3 exists but may not take part (`(and|was)`).
        let t = mark_pack("mark = 4\n");
        let e = err(&t);
        assert!(e.message.contains("`mark` uses group 4"), "{}", e.message);
        assert_eq!(
            &t[e.span.clone().unwrap()],
            "'(king of )the (tennis)(?:[.,]| (and|was))'"
        );
        let t = mark_pack("mark = 0\n");
        let e = err(&t);
        assert_eq!(&t[e.span.clone().unwrap()], "0");
        assert!(e.message.contains("from 1 up"), "{}", e.message);
        let t = format!(
            "{HEAD}[[rule]]\nid = \"x/y\"\nkind = \"existence\"\nseverity = \"warning\"\n\
             message = \"m\"\nexplanation = \"e\"\npatterns = [\"a b\"]\nmark = 1\n"
        );
        assert!(err(&t).message.contains("`mark` needs `regex`"));
    }

    /// How many findings `rule` reports on `text`.
    fn findings(rule: &super::PackRule, text: &str) -> usize {
        let doc = crate::document::Document::parse(text, crate::document::Format::Text);
        let mut out = Vec::new();
        crate::rules::Rule::check(rule, &doc, &mut out);
        out.len()
    }

    /// A pack with a rule of each kind the tests below try.
    fn kinds_pack() -> Pack {
        let t = format!(
            "{HEAD}
[[rule]]
id = \"t/occ\"
kind = \"occurrence\"
severity = \"warning\"
message = \"`{{match}}` used {{count}} times, at most {{max}}\"
explanation = \"e\"
patterns = [\"very\"]
max = 1
per = \"sentence\"

[[rule]]
id = \"t/cond\"
kind = \"conditional\"
severity = \"warning\"
message = \"footer without credit\"
explanation = \"e\"
patterns = [\"Thomson Reuters Trust Principles\"]
requires-regex = [\"(?i)reporting by\"]

[[rule]]
id = \"t/dateline\"
kind = \"conditional\"
severity = \"warning\"
message = \"dateline without credit\"
explanation = \"e\"
regex = ['\\(Reuters\\) -']
requires-regex = ['(?i)(?-u:\\b)(?:reporting by|editing by)(?-u:\\b)']
"
        );
        Pack::parse(Path::new("t.toml"), &t).unwrap()
    }

    /// How many findings rule `id` of `pack` reports on `text`.
    fn run(pack: &Pack, id: &str, text: &str) -> usize {
        let rule = pack.rules.iter().find(|r| r.meta.id == id).unwrap();
        findings(rule, text)
    }

    #[test]
    fn kinds_work() {
        let pack = kinds_pack();
        let run = |id: &str, text: &str| run(&pack, id, text);
        assert_eq!(run("t/occ", "It was very very very hot. Very nice."), 2);
        assert_eq!(
            run("t/cond", "Text.\n\nThomson Reuters Trust Principles."),
            1
        );
        assert_eq!(
            run(
                "t/cond",
                "Text.\n\nReporting by A; Editing by B\n\nThomson Reuters Trust Principles."
            ),
            0
        );
    }

    /// A `requires` whose literals are prefixes is found at any of their occurrences, whichever
    /// end of the text it is at, and an occurrence that is no match does not count.
    #[test]
    fn requires_with_prefixes_is_found_anywhere() {
        let pack = kinds_pack();
        let flagged = |text: &str| run(&pack, "t/dateline", text);
        let head = "LIMA (Reuters) - It rained.\n\n";
        assert_eq!(
            flagged(&format!("{head}Reporting by A.\n")),
            0,
            "credit at the end"
        );
        assert_eq!(
            flagged(&format!("Editing by B.\n\n{head}More.\n")),
            0,
            "at the start"
        );
        // The last occurrence is no match (no word boundary), an earlier one is.
        let t2 = format!("{head}Reporting by A.\n\nSee the reporting byline.\n");
        assert_eq!(flagged(&t2), 0);
        // No occurrence is a match: the credit is missing.
        let t3 = format!("{head}Their reporting bylines and editing byways.\n");
        assert_eq!(flagged(&t3), 1);
        assert_eq!(flagged(head), 1);
        // A literal cut short by the end of the text.
        assert_eq!(flagged(&format!("{head}reporting b")), 1);
    }
}
