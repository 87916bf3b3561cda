//! Project configuration: `copydesk.toml`, found by walking up from each checked path (nearest
//! wins) or given with `--config`.

use crate::diagnostic::Severity;
use crate::packs::{Pack, PackError};
use crate::rules::Rule;
use crate::{selector_matches, Linter, Settings};
use globset::{Glob, GlobSet, GlobSetBuilder};
use serde::Deserialize;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};
use toml::Spanned;

/// The configuration file name.
pub const FILE_NAME: &str = "copydesk.toml";

/// An error in a configuration file (same shape as a pack error: path, text, span, help).
pub type ConfigError = PackError;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawConfig {
    #[serde(default)]
    include: Vec<Spanned<String>>,
    #[serde(default)]
    exclude: Vec<Spanned<String>>,
    #[serde(default)]
    select: Vec<Spanned<String>>,
    #[serde(default)]
    ignore: Vec<Spanned<String>>,
    #[serde(default)]
    severity: Option<Spanned<toml::Table>>,
    #[serde(default)]
    fail_on: Option<Spanned<String>>,
    #[serde(default)]
    rule_packs: Vec<Spanned<String>>,
    #[serde(default)]
    overrides: Vec<RawOverride>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawOverride {
    files: Vec<Spanned<String>>,
    #[serde(default)]
    select: Vec<Spanned<String>>,
    #[serde(default)]
    ignore: Vec<Spanned<String>>,
    #[serde(default)]
    severity: Option<Spanned<toml::Table>>,
}

const TOP_KEYS: &[&str] = &[
    "include",
    "exclude",
    "select",
    "ignore",
    "severity",
    "fail-on",
    "rule-packs",
    "overrides",
    "files",
];

/// Settings from the command line that win over the file.
#[derive(Debug, Clone, Default)]
pub struct CliOverrides {
    /// `--select`.
    pub select: Vec<String>,
    /// `--ignore`.
    pub ignore: Vec<String>,
    /// `--extend-select`-like additions are not needed: `--select` replaces.
    pub fail_on: Option<Severity>,
}

/// One `[[overrides]]` entry.
#[derive(Debug, Clone)]
struct Override {
    files: GlobSet,
    select: Vec<String>,
    ignore: Vec<String>,
    severities: Vec<(String, Severity)>,
}

/// A loaded configuration.
pub struct Config {
    /// The file it came from (`None` for defaults).
    pub path: Option<PathBuf>,
    /// The directory globs are relative to.
    pub dir: PathBuf,
    include: Option<GlobSet>,
    exclude: Option<GlobSet>,
    base: Settings,
    overrides: Vec<Override>,
    /// `fail-on` from the file.
    pub fail_on: Option<Severity>,
    packs: Vec<Arc<dyn Rule>>,
    linters: Mutex<HashMap<Vec<usize>, Arc<Linter>>>,
    /// The linter of files no override matches: read without a lock, since most files of a run
    /// ask for it.
    plain: OnceLock<Arc<Linter>>,
}

/// Whether two selectors can name the same rule (`mt` and `mt/repeated-word`).
fn overlaps(a: &str, b: &str) -> bool {
    selector_matches(a, b) || selector_matches(b, a)
}

/// Suggests the closest of `candidates` to `word`, as "did you mean `x`?".
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<String> {
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(word, c), c))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| format!("did you mean `{c}`?"))
}

/// For a serde "unknown field `x`" message, suggests the closest known field.
pub fn did_you_mean_from_error<'a>(
    message: &str,
    fields: impl IntoIterator<Item = &'a str>,
) -> Option<String> {
    let rest = message
        .strip_prefix("unknown field `")
        .or_else(|| message.split("unknown field `").nth(1))?;
    let name = rest.split('`').next()?;
    did_you_mean(name, fields)
}

fn severity_value(v: &str) -> Option<Severity> {
    Severity::parse(v)
}

impl Config {
    /// The defaults, with no file.
    pub fn default_for(dir: &Path) -> Config {
        Config {
            path: None,
            dir: dir.to_path_buf(),
            include: None,
            exclude: None,
            base: Settings::default(),
            overrides: Vec::new(),
            fail_on: None,
            packs: Vec::new(),
            linters: Mutex::new(HashMap::new()),
            plain: OnceLock::new(),
        }
    }

    /// Reads and validates a configuration file.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|e| PackError {
            path: path.to_path_buf(),
            source_text: String::new(),
            span: None,
            message: format!("cannot read configuration: {e}"),
            help: None,
        })?;
        Config::parse(path, &text)
    }

    /// Parses and validates configuration text.
    pub fn parse(path: &Path, text: &str) -> Result<Config, ConfigError> {
        let err = |span: Option<std::ops::Range<usize>>, message: String, help: Option<String>| {
            PackError {
                path: path.to_path_buf(),
                source_text: text.to_string(),
                span,
                message,
                help,
            }
        };
        let raw: RawConfig = toml::from_str(text).map_err(|e| {
            let m = e.message().to_string();
            let help = did_you_mean_from_error(&m, TOP_KEYS.iter().copied());
            err(e.span(), m, help)
        })?;
        let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
        // Packs first: their rule ids are valid selectors.
        let mut packs: Vec<Arc<dyn Rule>> = Vec::new();
        for p in &raw.rule_packs {
            let pack_path = dir.join(p.get_ref());
            if !pack_path.is_file() {
                return Err(err(
                    Some(p.span()),
                    format!("rule pack `{}` not found", pack_path.display()),
                    None,
                ));
            }
            let pack = Pack::load(&pack_path)?;
            packs.extend(pack.rules.iter().map(|r| r.clone() as Arc<dyn Rule>));
        }
        let known: Vec<String> = crate::rules::ALL
            .iter()
            .map(|r| r.meta().id.to_string())
            .chain(
                crate::packs::builtin_rules()
                    .iter()
                    .map(|r| r.meta().id.to_string()),
            )
            .chain(packs.iter().map(|r| r.meta().id.to_string()))
            .collect();
        let families: Vec<String> = known
            .iter()
            .map(|k| k.split('/').next().unwrap_or("").to_string())
            .collect();
        let check_ids = |list: &[Spanned<String>]| -> Result<Vec<String>, ConfigError> {
            list.iter()
                .map(|s| {
                    let v = s.get_ref();
                    if v == "ALL" || known.iter().any(|k| selector_matches(v, k)) {
                        Ok(v.clone())
                    } else {
                        let help = did_you_mean(
                            v,
                            known.iter().chain(families.iter()).map(String::as_str),
                        );
                        Err(err(
                            Some(s.span()),
                            format!("unknown rule or family `{v}`"),
                            help,
                        ))
                    }
                })
                .collect()
        };
        let severities =
            |t: &Option<Spanned<toml::Table>>| -> Result<Vec<(String, Severity)>, ConfigError> {
                let Some(t) = t else { return Ok(Vec::new()) };
                let mut out = Vec::new();
                for (k, v) in t.get_ref() {
                    if !(known.iter().any(|id| selector_matches(k, id))) {
                        let help = did_you_mean(
                            k,
                            known.iter().chain(families.iter()).map(String::as_str),
                        );
                        return Err(err(
                            Some(t.span()),
                            format!("unknown rule or family `{k}` in [severity]"),
                            help,
                        ));
                    }
                    let sev = v.as_str().and_then(severity_value).ok_or_else(|| {
                        err(
                            Some(t.span()),
                            format!("severity of `{k}` must be \"error\", \"warning\" or \"info\""),
                            None,
                        )
                    })?;
                    out.push((k.clone(), sev));
                }
                Ok(out)
            };
        let globs = |list: &[Spanned<String>]| -> Result<Option<GlobSet>, ConfigError> {
            if list.is_empty() {
                return Ok(None);
            }
            let mut b = GlobSetBuilder::new();
            for g in list {
                let glob = Glob::new(g.get_ref())
                    .map_err(|e| err(Some(g.span()), format!("invalid glob: {e}"), None))?;
                b.add(glob);
            }
            b.build()
                .map(Some)
                .map_err(|e| err(None, format!("invalid globs: {e}"), None))
        };
        let fail_on = match &raw.fail_on {
            None => None,
            Some(f) => Some(severity_value(f.get_ref()).ok_or_else(|| {
                err(
                    Some(f.span()),
                    format!("unknown severity `{}`", f.get_ref()),
                    did_you_mean(f.get_ref(), ["error", "warning", "info"]),
                )
            })?),
        };
        let base = Settings {
            select: check_ids(&raw.select)?,
            ignore: check_ids(&raw.ignore)?,
            severities: severities(&raw.severity)?,
        };
        let mut overrides = Vec::new();
        for o in &raw.overrides {
            overrides.push(Override {
                files: globs(&o.files)?.unwrap_or_else(GlobSet::empty),
                select: check_ids(&o.select)?,
                ignore: check_ids(&o.ignore)?,
                severities: severities(&o.severity)?,
            });
        }
        Ok(Config {
            path: Some(path.to_path_buf()),
            dir,
            include: globs(&raw.include)?,
            exclude: globs(&raw.exclude)?,
            base,
            overrides,
            fail_on,
            packs,
            linters: Mutex::new(HashMap::new()),
            plain: OnceLock::new(),
        })
    }

    /// Finds the nearest `copydesk.toml` at or above `start`.
    pub fn discover(start: &Path) -> Option<PathBuf> {
        let abs = std::path::absolute(start).ok()?;
        let mut dir = if abs.is_dir() {
            Some(abs.as_path())
        } else {
            abs.parent()
        };
        while let Some(d) = dir {
            let candidate = d.join(FILE_NAME);
            if candidate.is_file() {
                return Some(candidate);
            }
            dir = d.parent();
        }
        None
    }

    fn relative<'p>(&self, path: &'p Path) -> std::borrow::Cow<'p, Path> {
        match absolute(path) {
            Ok(abs) => {
                match abs.strip_prefix(absolute(&self.dir).unwrap_or_else(|_| self.dir.clone())) {
                    Ok(rel) => std::borrow::Cow::Owned(rel.to_path_buf()),
                    Err(_) => std::borrow::Cow::Borrowed(path),
                }
            }
            Err(_) => std::borrow::Cow::Borrowed(path),
        }
    }

    /// Whether a walked file (not one named on the command line) is checked under this config.
    /// `None` means the config has no `include` and the default extensions decide.
    pub fn includes(&self, path: &Path) -> Option<bool> {
        if self.include.is_none() && self.exclude.is_none() {
            return None;
        }
        let rel = self.relative(path);
        if self.exclude.as_ref().is_some_and(|g| g.is_match(&*rel)) {
            return Some(false);
        }
        self.include.as_ref().map(|g| g.is_match(&*rel))
    }

    /// The linter for `path` under this config and the command line.
    pub fn linter_for(&self, path: &Path, cli: &CliOverrides) -> Arc<Linter> {
        let matched: Vec<usize> = if self.overrides.is_empty() {
            Vec::new()
        } else {
            let rel = self.relative(path);
            self.overrides
                .iter()
                .enumerate()
                .filter(|(_, o)| o.files.is_match(&*rel))
                .map(|(i, _)| i)
                .collect()
        };
        if matched.is_empty() {
            return self
                .plain
                .get_or_init(|| self.build_linter(&matched, cli))
                .clone();
        }
        let mut cache = self.linters.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(l) = cache.get(&matched) {
            return l.clone();
        }
        let linter = self.build_linter(&matched, cli);
        cache.insert(matched, linter.clone());
        linter
    }

    /// The linter for the overrides `matched` (by index) and the command line.
    fn build_linter(&self, matched: &[usize], cli: &CliOverrides) -> Arc<Linter> {
        let mut s = self.base.clone();
        for &i in matched {
            let o = &self.overrides[i];
            if !o.select.is_empty() {
                s.select = o.select.clone();
            }
            s.ignore.extend(o.ignore.iter().cloned());
            // An override's severity beats the base one for the rules it names, however specific.
            s.severities
                .retain(|(sel, _)| !o.severities.iter().any(|(os, _)| overlaps(os, sel)));
            s.severities.extend(o.severities.iter().cloned());
        }
        if !cli.select.is_empty() {
            // Rules selected on the command line run even if the file ignores them.
            s.ignore
                .retain(|i| !cli.select.iter().any(|c| overlaps(c, i)));
            s.select = cli.select.clone();
        }
        s.ignore.extend(cli.ignore.iter().cloned());
        Arc::new(Linter::new(s, self.packs.clone()))
    }

    /// The starter configuration written by `copydesk init`.
    pub const STARTER: &'static str = include_str!("starter.toml");
}

/// [`std::path::absolute`], asking the OS for the working directory once per process rather
/// than once per file.
fn absolute(path: &Path) -> std::io::Result<PathBuf> {
    static CWD: std::sync::LazyLock<std::io::Result<PathBuf>> =
        std::sync::LazyLock::new(std::env::current_dir);
    if path.is_absolute() {
        return std::path::absolute(path);
    }
    match &*CWD {
        Ok(cwd) => std::path::absolute(cwd.join(path)),
        Err(_) => std::path::absolute(path),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(text: &str) -> PackError {
        match Config::parse(Path::new("copydesk.toml"), text) {
            Err(e) => e,
            Ok(_) => panic!("expected an error for {text:?}"),
        }
    }

    #[test]
    fn starter_config_is_valid() {
        Config::parse(Path::new("copydesk.toml"), Config::STARTER).unwrap();
    }

    #[test]
    fn unknown_key_with_suggestion() {
        let e = err("selct = [\"mt\"]\n");
        assert_eq!(e.help.as_deref(), Some("did you mean `select`?"));
        assert_eq!(e.span, Some(0..5));
    }

    #[test]
    fn unknown_rule_with_suggestion() {
        let t = "ignore = [\"mt/repeated-wrod\"]\n";
        let e = err(t);
        assert_eq!(&t[e.span.clone().unwrap()], "\"mt/repeated-wrod\"");
        assert_eq!(e.help.as_deref(), Some("did you mean `mt/repeated-word`?"));
    }

    #[test]
    fn bad_glob_and_syntax() {
        let t = "exclude = [\"a/[b\"]\n";
        assert_eq!(&t[err(t).span.clone().unwrap()], "\"a/[b\"");
        assert!(err("select = [\n").span.is_some());
    }

    #[test]
    fn overrides_apply_by_path() {
        let t = "ignore = [\"layout\"]\n[severity]\nmt = \"error\"\n[[overrides]]\nfiles = [\"archive/**\"]\nignore = [\"mt/repeated-word\"]\n";
        let c = Config::parse(Path::new("/proj/copydesk.toml"), t).unwrap();
        let cli = CliOverrides::default();
        let normal = c.linter_for(Path::new("/proj/a.txt"), &cli);
        let archive = c.linter_for(Path::new("/proj/archive/b.txt"), &cli);
        let ids = |l: &Linter| {
            l.rules()
                .iter()
                .map(|r| r.meta().id.to_string())
                .collect::<Vec<_>>()
        };
        assert!(ids(&normal).contains(&"mt/repeated-word".to_string()));
        assert!(!ids(&archive).contains(&"mt/repeated-word".to_string()));
        // Asking again, for the same or another file, gives the linter already built.
        for (path, built) in [("/proj/b.txt", &normal), ("/proj/archive/c.txt", &archive)] {
            assert!(Arc::ptr_eq(&c.linter_for(Path::new(path), &cli), built));
        }
        assert!(!Arc::ptr_eq(&normal, &archive));
        assert!(!ids(&normal).iter().any(|i| i.starts_with("layout/")));
        assert_eq!(
            normal
                .settings()
                .severity("mt/repeated-word", Severity::Warning),
            Severity::Error
        );
    }
}
