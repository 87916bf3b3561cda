//! `copydesk check`.

use super::{err, out, render_source_error, ColorChoice, SeverityArg};
use clap::{Args, ValueEnum};
use copydesk::baseline::Baseline;
use copydesk::cache::{Cache, Entry};
use copydesk::config::{CliOverrides, Config};
use copydesk::diagnostic::{Applicability, Severity};
use copydesk::render::{self, FileResult, Summary};
use copydesk::source::SourceFile;
use copydesk::walk::{self, Candidate, WalkOptions};
use copydesk::{Linter, Report};
use rustc_hash::FxHashMap;
use std::collections::HashMap;
use std::io::{IsTerminal, Read};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// Output formats.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum OutputFormat {
    /// Source excerpts with the span underlined (codespan-reporting).
    Human,
    /// One line per finding: `path:line:col: severity[rule] message`.
    Concise,
    /// The JSON report (see README for the schema).
    Json,
    /// SARIF 2.1.0.
    Sarif,
}

/// Arguments of `copydesk check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Files and directories to check; `-` reads standard input. Default: the current directory.
    #[arg(value_name = "PATH")]
    paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Human)]
    format: OutputFormat,
    /// The lowest severity that makes the run exit 1 [default: warning, or `fail-on` in copydesk.toml].
    #[arg(long, value_enum)]
    fail_on: Option<SeverityArg>,
    /// Report findings but exit 0 (usage and read errors still exit 2).
    #[arg(long)]
    exit_zero: bool,
    /// Print only the findings: no summary, no skipped files.
    #[arg(short, long)]
    quiet: bool,
    /// Do not honour .gitignore, .ignore and similar files.
    #[arg(long)]
    no_ignore: bool,
    /// Name for standard input in output and for format detection (`.md` is Markdown).
    #[arg(long, value_name = "NAME")]
    stdin_filename: Option<String>,
    /// Run only these rules or families (comma-separated), e.g. `mt,encoding/bom`.
    #[arg(long, value_delimiter = ',', value_name = "RULE")]
    select: Vec<String>,
    /// Skip these rules or families (comma-separated).
    #[arg(long, value_delimiter = ',', value_name = "RULE")]
    ignore: Vec<String>,
    /// Apply safe fixes in place (to standard output for `-`).
    #[arg(long)]
    fix: bool,
    /// With --fix, --diff or --fix-only: also apply unsafe fixes.
    #[arg(long)]
    unsafe_fixes: bool,
    /// Print a unified diff of what the fixes would change; write nothing. Exits 1 if anything would change.
    #[arg(long, conflicts_with = "fix")]
    diff: bool,
    /// Apply fixes and report nothing else.
    #[arg(long)]
    fix_only: bool,
    /// Use this configuration file instead of discovering copydesk.toml.
    #[arg(long, value_name = "FILE", conflicts_with = "no_config")]
    config: Option<PathBuf>,
    /// Ignore every copydesk.toml.
    #[arg(long)]
    no_config: bool,
    /// When to use colour.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    color: ColorChoice,
    /// Report only findings not recorded in this baseline file.
    #[arg(long, value_name = "FILE")]
    baseline: Option<PathBuf>,
    /// Record every current finding in this baseline file (exits 0).
    #[arg(long, value_name = "FILE", conflicts_with = "baseline")]
    write_baseline: Option<PathBuf>,
    /// With --baseline: rewrite it with only the entries that still occur.
    #[arg(long, requires = "baseline")]
    update_baseline: bool,
    /// Do not read or write the result cache.
    #[arg(long)]
    no_cache: bool,
    /// Where to keep the result cache [default: $COPYDESK_CACHE_DIR, $XDG_CACHE_HOME/copydesk or ~/.cache/copydesk].
    #[arg(long, value_name = "DIR")]
    cache_dir: Option<PathBuf>,
}

/// Finds and loads the configuration for each file, caching both.
struct Configs {
    fixed: Option<Arc<Config>>,
    none: bool,
    /// One shared default, so every file without a copydesk.toml shares one compiled linter.
    default: Arc<Config>,
    /// By directory, spelled as given (keyed by its bytes: hashing a `Path` walks its
    /// components, and every file of a run asks).
    by_dir: Mutex<FxHashMap<Vec<u8>, Arc<Config>>>,
    by_file: Mutex<HashMap<PathBuf, Arc<Config>>>,
    errors: Mutex<Vec<copydesk::packs::PackError>>,
}

impl Configs {
    /// Discovered configurations (none at all with `none`: every file gets the defaults).
    fn new(none: bool) -> Configs {
        Configs {
            fixed: None,
            none,
            default: Arc::new(Config::default_for(Path::new("."))),
            by_dir: Mutex::new(FxHashMap::default()),
            by_file: Mutex::new(HashMap::new()),
            errors: Mutex::new(Vec::new()),
        }
    }

    fn for_path(&self, path: &Path) -> Arc<Config> {
        if let Some(c) = &self.fixed {
            return c.clone();
        }
        if self.none {
            return self.default.clone();
        }
        // Looked up without copying the path.
        let dir = path
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let key = dir.as_os_str().as_encoded_bytes();
        if let Some(c) = self
            .by_dir
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(key)
        {
            return c.clone();
        }
        let key = key.to_vec();
        let dir = dir.to_path_buf();
        let found = Config::discover(&dir);
        let cfg = match found {
            None => self.default.clone(),
            Some(file) => {
                let mut by_file = self.by_file.lock().unwrap_or_else(|e| e.into_inner());
                match by_file.get(&file) {
                    Some(c) => c.clone(),
                    None => {
                        let c = match Config::load(&file) {
                            Ok(c) => Arc::new(c),
                            Err(e) => {
                                self.errors
                                    .lock()
                                    .unwrap_or_else(|e| e.into_inner())
                                    .push(e);
                                self.default.clone()
                            }
                        };
                        by_file.insert(file, c.clone());
                        c
                    }
                }
            }
        };
        self.by_dir
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(key, cfg.clone());
        cfg
    }
}

/// What one file's processing produced besides its report.
struct Done {
    result: FileResult,
    diff: Option<String>,
    fixed_output: Option<Vec<u8>>,
    problem: Option<String>,
}

/// Runs `copydesk check`.
pub fn run(args: CheckArgs) -> i32 {
    let color_out = args.color.enabled(std::io::stdout().is_terminal());
    let color_err = args.color.enabled(std::io::stderr().is_terminal());
    let configs = Configs::new(args.no_config);
    let configs = match &args.config {
        None => configs,
        Some(p) => match Config::load(p) {
            Ok(c) => Configs {
                fixed: Some(Arc::new(c)),
                ..configs
            },
            Err(e) => {
                err(&render_source_error(&e, color_err));
                return 2;
            }
        },
    };
    // Never dropped: the process exits after this run, and freeing the compiled rules one by
    // one took 4% of the instructions of a check of one file.
    let configs = std::mem::ManuallyDrop::new(configs);
    let cli = CliOverrides {
        select: args.select.clone(),
        ignore: args.ignore.clone(),
        fail_on: args.fail_on.map(Into::into),
    };
    if let Some(bad) = args
        .select
        .iter()
        .chain(&args.ignore)
        .find(|s| !known_selector(s))
    {
        let all = Linter::default();
        let help =
            copydesk::config::did_you_mean(bad, all.rules().iter().map(|r| r.meta().id.as_ref()))
                .map(|h| format!(" ({h})"))
                .unwrap_or_default();
        err(&format!("error: unknown rule or family `{bad}`{help}\n"));
        return 2;
    }
    let level = if args.unsafe_fixes {
        Applicability::Unsafe
    } else {
        Applicability::Safe
    };
    let fixing = args.fix || args.fix_only || args.diff;

    let paths = if args.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        args.paths.clone()
    };
    let (stdin_paths, file_paths): (Vec<PathBuf>, Vec<PathBuf>) =
        paths.into_iter().partition(|p| p.as_os_str() == "-");
    let opts = WalkOptions {
        no_ignore: args.no_ignore,
    };
    let cache = if args.no_cache || fixing {
        None
    } else {
        args.cache_dir
            .clone()
            .or_else(copydesk::cache::default_dir)
            .map(|d| Cache::new(d, build_id()))
    };
    let ctx = Ctx {
        fixing,
        level,
        args: &args,
        color: color_out,
        keep_text: args.format == OutputFormat::Human
            || args.baseline.is_some()
            || args.write_baseline.is_some(),
        cache,
    };
    let progress = Progress::new(progress_allowed(
        std::io::stderr().is_terminal(),
        std::env::var_os("CI").is_some(),
        args.quiet,
    ));
    // A bad copydesk.toml stops the run, reported before anything else.
    let config_error = || {
        if !stdin_paths.is_empty() {
            configs.for_path(&std::env::current_dir().unwrap_or_default().join("-"));
        }
        let errors = configs.errors.lock().unwrap_or_else(|e| e.into_inner());
        errors.first().map(|e| render_source_error(e, color_err))
    };
    // Walks the paths, hands each file on with its configuration, and returns the walk's errors
    // and each file's path (and whether it was named) in the order they were handed on.
    let walk_into = |emit: &mut dyn FnMut((Candidate, Arc<Config>))| {
        let mut found = Vec::new();
        let errors = walk::each(
            &file_paths,
            opts,
            // A named file is checked whatever its name; a walked one if its configuration
            // includes it (by default, by its extension) and does not exclude it. Each file takes
            // its configuration along, so the checking threads do not share a lock to find it.
            |p, named| {
                let cfg = configs.for_path(p);
                let keep = named
                    || cfg
                        .includes(p)
                        .unwrap_or_else(|| walk::has_default_extension(p));
                keep.then_some(cfg)
            },
            |c, cfg| {
                progress.add();
                found.push((c.path.clone(), c.explicit));
                emit((c, cfg));
            },
        );
        (errors, found)
    };
    // Files are checked as the walk finds them: one thread walks while another reads the cache
    // (if any) and starts checking; the others start when the walk ends, and the walking thread
    // works out the order to report files in. Fixes wait for the whole walk, so that a broken
    // copydesk.toml found late has not let the defaults rewrite files in the meantime.
    let walked = if fixing {
        let mut files = Vec::new();
        let found = walk_into(&mut |f| files.push(f));
        if let Some(e) = config_error() {
            err(&e);
            return 2;
        }
        Some((files, found))
    } else {
        None
    };
    let (done, (walk_errors, order)) = walk::pipeline(
        |emit| match walked {
            Some((files, found)) => {
                files.into_iter().for_each(emit);
                found
            }
            None => walk_into(emit),
        },
        || {
            if let Some(c) = &ctx.cache {
                c.preload();
            }
        },
        |(c, cfg): (Candidate, Arc<Config>)| {
            let linter = cfg.linter_for(&c.path, &cli);
            let display = display_path(&c.path);
            // One buffer per thread, reused from file to file.
            thread_local!(static BUF: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) });
            let d = BUF.with_borrow_mut(|buf| match walk::read_into(&c.path, buf) {
                Err(e) => Done {
                    result: FileResult {
                        path: display,
                        report: Err(walk::describe_io(&e)),
                        fixed: 0,
                    },
                    diff: None,
                    fixed_output: None,
                    problem: None,
                },
                Ok(()) => process(&ctx, &linter, &display, Some(&c.path), buf),
            });
            progress.tick();
            // Boxed: the results are put in order, and a box moves in eight bytes.
            Box::new(d)
        },
        // While the files are checked, the walking thread works out the order to report them in.
        |(errors, found)| {
            let order = walk::path_order(found.iter().map(|(p, named)| (p.as_path(), *named)));
            (errors, order)
        },
    );
    progress.finish();
    if let Some(e) = config_error() {
        err(&e);
        return 2;
    }
    // In path order, each file once; each file's results moved once.
    let mut done = walk::picked(done, &order);
    let mut exit_error = false;
    for (p, e) in &walk_errors {
        err(&format!("error: {}: {e}\n", p.display()));
        exit_error = true;
    }
    let mut stdin_fixed: Option<Vec<u8>> = None;
    if !stdin_paths.is_empty() {
        let mut bytes = Vec::new();
        let name = args
            .stdin_filename
            .clone()
            .unwrap_or_else(|| "-".to_string());
        let path = PathBuf::from(&name);
        let cfg = configs.for_path(&std::env::current_dir().unwrap_or_default().join(&path));
        let linter = cfg.linter_for(&path, &cli);
        match std::io::stdin().read_to_end(&mut bytes) {
            Err(e) => {
                err(&format!("error: <stdin>: {}\n", walk::describe_io(&e)));
                exit_error = true;
            }
            Ok(_) => {
                let d = process(&ctx, &linter, &name, None, &bytes);
                if args.fix || args.fix_only {
                    stdin_fixed = Some(d.fixed_output.clone().unwrap_or_else(|| bytes.clone()));
                }
                done.push(Box::new(d));
            }
        }
    }
    if let Some(cache) = &ctx.cache {
        cache.finish();
    }

    // Problems first (one line each), so they are not lost in long output.
    for d in &done {
        if let Err(e) = &d.result.report {
            err(&format!("error: {}: {e}\n", d.result.path));
            exit_error = true;
        }
        if let Some(p) = &d.problem {
            err(&format!("error: {}: {p}\n", d.result.path));
            exit_error = true;
        }
    }
    let would_change = done.iter().any(|d| d.diff.is_some());
    let mut results: Vec<FileResult> = Vec::with_capacity(done.len());
    let mut diffs = String::new();
    for d in done {
        if let Some(df) = d.diff {
            diffs.push_str(&df);
        }
        results.push(d.result);
    }

    // Baselines.
    if let Some(file) = &args.write_baseline {
        let base = Baseline::record(results.iter().filter_map(|r| match &r.report {
            Ok(Report::Checked { findings, text, .. }) => {
                Some((r.path.as_str(), text.as_str(), findings.as_slice()))
            }
            _ => None,
        }));
        let n: usize = base.entries.iter().map(|e| e.count).sum();
        if let Err(e) = std::fs::write(file, base.to_json()) {
            err(&format!(
                "error: {}: {}\n",
                file.display(),
                walk::describe_io(&e)
            ));
            return 2;
        }
        err(&format!(
            "wrote {n} findings to baseline {}\n",
            file.display()
        ));
        return if exit_error { 2 } else { 0 };
    }
    let mut baseline_note = None;
    if let Some(file) = &args.baseline {
        let base = match std::fs::read_to_string(file)
            .map_err(|e| walk::describe_io(&e))
            .and_then(|t| Baseline::parse(&t))
        {
            Ok(b) => b,
            Err(e) => {
                err(&format!("error: {}: {e}\n", file.display()));
                return 2;
            }
        };
        let filtered = base.filter(results.iter_mut().filter_map(|r| match &mut r.report {
            Ok(Report::Checked { findings, text, .. }) => {
                Some((r.path.as_str(), text.as_str(), findings))
            }
            _ => None,
        }));
        if args.update_baseline {
            if let Err(e) = std::fs::write(file, filtered.updated.to_json()) {
                err(&format!(
                    "error: {}: {}\n",
                    file.display(),
                    walk::describe_io(&e)
                ));
                return 2;
            }
        }
        baseline_note = Some(format!(
            "baseline: {} known findings hidden; {} baseline entries no longer occur{}",
            filtered.matched,
            filtered.stale,
            if args.update_baseline {
                " (baseline updated)"
            } else {
                ""
            }
        ));
    }

    let summary = Summary::of(&results);
    let diag_stream_is_stderr = stdin_fixed.is_some();
    let rendered = if args.fix_only {
        String::new()
    } else {
        match args.format {
            // `--diff` shows the diff instead of the human report.
            OutputFormat::Human if args.diff => String::new(),
            f if stdin_fixed.is_none() && (f == OutputFormat::Json || !args.diff) => {
                // Streamed: a large report is never held in memory as a whole. (With `--diff`,
                // concise and SARIF reports come after the diff, as they always have.)
                let stdout = std::io::stdout();
                let mut w = std::io::BufWriter::with_capacity(1 << 16, stdout.lock());
                let _ = match f {
                    OutputFormat::Human => {
                        render::human_to(&results, color_out, args.quiet, &mut w)
                    }
                    OutputFormat::Json => render::json_to(&results, &mut w),
                    OutputFormat::Concise => render::concise_to(&results, &mut w),
                    OutputFormat::Sarif => {
                        render::sarif_to(&results, Linter::default().rules(), &mut w)
                    }
                };
                let _ = std::io::Write::flush(&mut w);
                String::new()
            }
            OutputFormat::Human => render::human(
                &results,
                if diag_stream_is_stderr {
                    color_err
                } else {
                    color_out
                },
                args.quiet,
            ),
            OutputFormat::Concise => render::concise(&results),
            OutputFormat::Json => render::json(&results),
            OutputFormat::Sarif => render::sarif(&results, Linter::default().rules()),
        }
    };
    if args.diff {
        out(&diffs);
    }
    if let Some(fixed) = &stdin_fixed {
        use std::io::Write;
        let _ = std::io::stdout().write_all(fixed);
        err(&rendered);
    } else if !args.diff || args.format != OutputFormat::Human {
        out(&rendered);
    }
    // The process ends once the summary is out: freeing every finding one by one would take
    // longer, on a large report, than the system takes to reclaim the memory at exit.
    std::mem::forget(results);
    let human_like = matches!(args.format, OutputFormat::Human | OutputFormat::Concise);
    if !args.quiet && human_like {
        let mut line = String::new();
        if fixing && !args.diff {
            line.push_str(&format!(
                "fixed {} ({} {}), {} remaining: ",
                summary.fixed,
                summary.fixed_files,
                if summary.fixed_files == 1 {
                    "file"
                } else {
                    "files"
                },
                summary.errors + summary.warnings + summary.infos
            ));
        }
        line.push_str(&render::summary_line(&summary));
        if let Some(note) = &baseline_note {
            line.push_str(&format!("\n{note}"));
        }
        line.push('\n');
        if args.diff || diag_stream_is_stderr || args.fix_only {
            err(&line);
        } else {
            out(&line);
        }
    } else if let Some(note) = &baseline_note {
        err(&format!("{note}\n"));
    }

    if exit_error {
        return 2;
    }
    if args.diff {
        return i32::from(would_change);
    }
    if args.exit_zero || args.fix_only {
        return 0;
    }
    let fail_on = cli
        .fail_on
        .or_else(|| configs.fixed.as_ref().and_then(|c| c.fail_on))
        .or_else(|| {
            let cwd = std::env::current_dir().unwrap_or_default();
            configs.for_path(&cwd.join("x")).fail_on
        });
    i32::from(summary.fails(fail_on.unwrap_or(Severity::Warning)))
}

fn known_selector(s: &str) -> bool {
    let l = Linter::default();
    s == "ALL"
        || l.rules()
            .iter()
            .any(|r| copydesk::selector_matches(s, &r.meta().id))
}

fn display_path(p: &Path) -> String {
    let s = p.to_string_lossy();
    s.strip_prefix("./").unwrap_or(&s).to_string()
}

/// What every file's processing shares.
struct Ctx<'a> {
    fixing: bool,
    level: Applicability,
    args: &'a CheckArgs,
    color: bool,
    /// Keep the decoded text of files with findings (human output and baselines need it).
    keep_text: bool,
    cache: Option<Cache>,
}

impl Ctx<'_> {
    /// Checks `bytes`, through the cache when there is one.
    fn check(&self, linter: &Linter, display: &str, bytes: &[u8]) -> Report {
        let key = self.cache.as_ref().map(|c| c.key(linter, display, bytes));
        if let (Some(cache), Some(key)) = (&self.cache, key) {
            if let Some(entry) = cache.get(key) {
                let text = if self.keep_text && !entry.findings.is_empty() {
                    SourceFile::decode(bytes)
                        .map(|s| s.text.into_owned())
                        .unwrap_or_default()
                } else {
                    String::new()
                };
                return Report::Checked {
                    findings: entry.findings,
                    text,
                    verbatim: entry.verbatim,
                };
            }
        }
        let mut report = linter.check_bytes_with(display, bytes, self.keep_text);
        if let Report::Checked {
            findings,
            text,
            verbatim,
        } = &mut report
        {
            if let (Some(cache), Some(key)) = (&self.cache, key) {
                cache.put(
                    key,
                    &Entry {
                        findings: findings.clone(),
                        verbatim: *verbatim,
                    },
                );
            }
            if !self.keep_text || findings.is_empty() {
                *text = String::new();
            }
        }
        report
    }
}

fn process(ctx: &Ctx, linter: &Linter, display: &str, path: Option<&Path>, bytes: &[u8]) -> Done {
    let args = ctx.args;
    if !ctx.fixing {
        return Done {
            result: FileResult {
                path: display.to_string(),
                report: Ok(ctx.check(linter, display, bytes)),
                fixed: 0,
            },
            diff: None,
            fixed_output: None,
            problem: None,
        };
    }
    let fixed = linter.fix_bytes(display, bytes, ctx.level);
    let mut problem = None;
    if !fixed.converged {
        problem = Some(format!(
            "fixes did not converge after {} passes (rules: {}); this is a bug in those rules, please report it",
            copydesk::fix::MAX_PASSES,
            fixed.unconverged_rules.join(", ")
        ));
    }
    let changed = fixed.output != bytes;
    let mut diff = None;
    let mut applied = fixed.count();
    let mut final_bytes: &[u8] = &fixed.output;
    if changed && args.diff {
        let old = String::from_utf8_lossy(bytes);
        let new = String::from_utf8_lossy(&fixed.output);
        diff = Some(render::unified_diff(display, &old, &new, ctx.color));
    } else if changed {
        if let Some(p) = path {
            if let Err(e) = copydesk::fix::write_atomic(p, bytes, &fixed.output) {
                problem = Some(format!("not fixed: {e}"));
                applied = 0;
                final_bytes = bytes;
            }
        }
    }
    // --diff reports the findings of the original; --fix the ones that remain.
    let report_bytes = if args.diff { bytes } else { final_bytes };
    Done {
        result: FileResult {
            path: display.to_string(),
            report: Ok(linter.check_bytes(display, report_bytes)),
            fixed: if args.diff { 0 } else { applied },
        },
        diff,
        fixed_output: Some(final_bytes.to_vec()),
        problem,
    }
}

/// Identifies this copydesk build for the cache: the executable's size and modification time.
fn build_id() -> u64 {
    let meta = std::env::current_exe().and_then(std::fs::metadata);
    let (len, mtime) = meta.map_or((0, 0), |m| {
        let t = m
            .modified()
            .ok()
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map_or(0, |d| d.as_nanos());
        (m.len(), t)
    });
    xxhash_rust::xxh3::xxh3_64(format!("{}:{len}:{mtime}", env!("CARGO_PKG_VERSION")).as_bytes())
}

/// Whether a run may show a progress bar: only on a terminal, never in CI (`CI` set) or with
/// `--quiet`.
fn progress_allowed(stderr_is_terminal: bool, in_ci: bool, quiet: bool) -> bool {
    stderr_is_terminal && !in_ci && !quiet
}

/// How long a run goes before its progress bar appears.
const PROGRESS_AFTER: std::time::Duration = std::time::Duration::from_secs(1);

/// A progress bar on standard error that appears only when a run on a terminal takes more than a
/// second, and never in pipes or CI.
struct Progress {
    bar: indicatif::ProgressBar,
    start: std::time::Instant,
    allowed: bool,
    shown: std::sync::atomic::AtomicBool,
}

impl Progress {
    fn new(allowed: bool) -> Progress {
        let bar = indicatif::ProgressBar::with_draw_target(
            Some(0),
            indicatif::ProgressDrawTarget::hidden(),
        );
        if let Ok(style) = indicatif::ProgressStyle::with_template(
            "{spinner} checking {pos}/{len} files [{bar:30}] {per_sec} {eta}",
        ) {
            bar.set_style(style.progress_chars("=> "));
        }
        Progress {
            bar,
            start: std::time::Instant::now(),
            allowed,
            shown: std::sync::atomic::AtomicBool::new(false),
        }
    }

    /// One more file to check (the total grows as the walk finds files).
    fn add(&self) {
        if self.allowed {
            self.bar.inc_length(1);
        }
    }

    fn tick(&self) {
        if !self.allowed {
            return;
        }
        self.bar.inc(1);
        if self.start.elapsed() > PROGRESS_AFTER
            && !self.shown.swap(true, std::sync::atomic::Ordering::Relaxed)
        {
            self.bar
                .set_draw_target(indicatif::ProgressDrawTarget::stderr());
        }
    }

    fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The bar is for people at a terminal: never in a pipe, in CI or with --quiet.
    #[test]
    fn progress_only_on_a_terminal_outside_ci() {
        assert!(progress_allowed(true, false, false));
        for (terminal, ci, quiet) in [
            (false, false, false),
            (true, true, false),
            (true, false, true),
            (false, true, true),
        ] {
            assert!(
                !progress_allowed(terminal, ci, quiet),
                "{terminal} {ci} {quiet}"
            );
        }
    }

    /// An allowed bar appears once a run has gone on for more than a second, not before; one
    /// that is not allowed never does, and counts nothing.
    #[test]
    fn progress_appears_after_a_second() {
        use std::sync::atomic::Ordering;
        let quick = Progress::new(true);
        quick.add();
        quick.tick();
        assert!(!quick.shown.load(Ordering::Relaxed));
        let long_ago = std::time::Instant::now()
            .checked_sub(PROGRESS_AFTER * 2)
            .expect("a clock that goes back two seconds");
        let slow = Progress {
            start: long_ago,
            ..Progress::new(true)
        };
        slow.add();
        slow.tick();
        assert!(slow.shown.load(Ordering::Relaxed));
        assert_eq!(slow.bar.position(), 1);
        let hidden = Progress {
            start: long_ago,
            ..Progress::new(false)
        };
        hidden.add();
        hidden.tick();
        assert!(!hidden.shown.load(Ordering::Relaxed));
        assert_eq!(hidden.bar.length(), Some(0));
        slow.finish();
    }

    /// Every directory without a copydesk.toml shares one configuration (and so one compiled
    /// linter); building one per directory cost a linter compile per folder of an archive.
    #[test]
    fn directories_without_config_share_one_linter() {
        let dir = tempfile::tempdir().unwrap();
        let configs = Configs::new(false);
        let a = configs.for_path(&dir.path().join("a/x.txt"));
        assert!(a.path.is_none());
        let b = configs.for_path(&dir.path().join("b/y.txt"));
        assert!(Arc::ptr_eq(&a, &b));
        let cli = CliOverrides::default();
        assert!(Arc::ptr_eq(
            &a.linter_for(Path::new("a/x.txt"), &cli),
            &b.linter_for(Path::new("b/y.txt"), &cli)
        ));
    }

    /// Every spelling of a file's directory finds the configuration that governs it.
    #[test]
    fn files_find_their_directory_configuration() {
        let dir = tempfile::tempdir().unwrap();
        let sub = dir.path().join("sub");
        std::fs::create_dir_all(sub.join("deeper")).unwrap();
        std::fs::write(sub.join("copydesk.toml"), "ignore = [\"layout\"]\n").unwrap();
        let configs = Configs::new(false);
        let own = configs.for_path(&sub.join("x.txt"));
        assert_eq!(
            own.path.as_deref(),
            Some(sub.join("copydesk.toml").as_path())
        );
        for spelling in ["sub/./y.txt", "sub//z.txt", "sub/deeper/w.txt"] {
            let c = configs.for_path(&dir.path().join(spelling));
            assert!(Arc::ptr_eq(&c, &own), "{spelling}");
        }
        // Through `..` the same file is found by another name.
        let c = configs.for_path(&dir.path().join("sub/deeper/../v.txt"));
        let canonical = |c: &Config| std::fs::canonicalize(c.path.as_ref().unwrap()).unwrap();
        assert_eq!(canonical(&c), canonical(&own));
        assert!(configs
            .for_path(&dir.path().join("other.txt"))
            .path
            .is_none());
        assert!(
            configs.for_path(Path::new("bare-name.txt")).path.is_none() || {
                // The working directory may itself have a copydesk.toml.
                Path::new("copydesk.toml").exists()
            }
        );
        assert!(configs.errors.lock().unwrap().is_empty());
    }
}
