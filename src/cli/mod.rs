//! Command-line parsing and the subcommands.

mod check;
mod rules;

use clap::{Parser, Subcommand, ValueEnum};
use copydesk::diagnostic::Severity;
use std::io::IsTerminal;
use std::path::PathBuf;

/// A fast linter for news copy: machine-translation artifacts, encoding damage and layout slips.
#[derive(Debug, Parser)]
#[command(name = "copydesk", version, about, long_about = None, propagate_version = true)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Check files and directories (default: the current directory).
    Check(check::CheckArgs),
    /// List every rule, or run the examples of rule packs with --test.
    Rules(rules::RulesArgs),
    /// Explain a rule: what it flags, why, examples, what it does not flag, fix safety.
    Explain {
        /// The rule id, e.g. mt/repeated-word.
        rule: String,
    },
    /// Write a deterministic corpus of news-like files (for benchmarks).
    #[command(hide = true)]
    GenCorpus {
        /// Directory to write into (created).
        #[arg(long)]
        out: PathBuf,
        /// Number of files.
        #[arg(long, default_value_t = 1000)]
        files: usize,
        /// Words per file.
        #[arg(long, default_value_t = 800)]
        words: usize,
        /// Seed.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Inject artifacts.
        #[arg(long)]
        dirty: bool,
    },
    /// Time opening, and opening and reading, every file under a folder on every core: the
    /// least a run with a result cache keyed by content must do (for benchmarks).
    #[command(hide = true)]
    ReadFloor {
        /// The folder.
        dir: PathBuf,
        /// Rounds of each kind; medians are printed.
        #[arg(long, default_value_t = 5)]
        rounds: usize,
    },
    /// Write a commented starter copydesk.toml in the current directory.
    Init {
        /// Overwrite an existing copydesk.toml.
        #[arg(long)]
        force: bool,
    },
}

/// When to colour output.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum ColorChoice {
    /// On a terminal, unless NO_COLOR is set.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

impl ColorChoice {
    /// Whether to colour output written to a stream that is (or is not) a terminal.
    pub fn enabled(self, is_terminal: bool) -> bool {
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                is_terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
            }
        }
    }
}

/// A severity on the command line.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum SeverityArg {
    /// Errors only.
    Error,
    /// Warnings and errors.
    Warning,
    /// Everything.
    Info,
}

impl From<SeverityArg> for Severity {
    fn from(s: SeverityArg) -> Severity {
        match s {
            SeverityArg::Error => Severity::Error,
            SeverityArg::Warning => Severity::Warning,
            SeverityArg::Info => Severity::Info,
        }
    }
}

/// Writes to stdout, ignoring a closed pipe (`copydesk check | head`).
pub fn out(s: &str) {
    use std::io::Write;
    let _ = std::io::stdout().write_all(s.as_bytes());
}

/// Writes to stderr.
pub fn err(s: &str) {
    use std::io::Write;
    let _ = std::io::stderr().write_all(s.as_bytes());
}

/// Whether stdout is a terminal.
pub fn stdout_is_terminal() -> bool {
    std::io::stdout().is_terminal()
}

/// Renders a pack or config error with codespan-reporting, pointing into the TOML.
pub fn render_source_error(e: &copydesk::packs::PackError, color: bool) -> String {
    use codespan_reporting::diagnostic::{Diagnostic, Label};
    use codespan_reporting::files::SimpleFile;
    use codespan_reporting::term::{self, termcolor::Buffer};
    let mut buf = if color {
        Buffer::ansi()
    } else {
        Buffer::no_color()
    };
    let cwd = std::env::current_dir().unwrap_or_default();
    let name = e
        .path
        .strip_prefix(&cwd)
        .unwrap_or(&e.path)
        .display()
        .to_string();
    let file = SimpleFile::new(name.as_str(), e.source_text.as_str());
    let mut d = Diagnostic::error().with_message(&e.message);
    if let Some(span) = e.span.clone().filter(|s| s.end <= e.source_text.len()) {
        d = d.with_labels(vec![Label::primary((), span)]);
    } else {
        d = d.with_message(format!("{name}: {}", e.message));
    }
    if let Some(h) = &e.help {
        d = d.with_notes(vec![format!("help: {h}")]);
    }
    let _ = term::emit(&mut buf, &term::Config::default(), &file, &d);
    String::from_utf8_lossy(buf.as_slice()).into_owned()
}

/// Parses the arguments and runs; returns the exit code.
pub fn run() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return code;
        }
    };
    match cli.command {
        Command::Check(args) => check::run(args),
        Command::Rules(args) => rules::run(args),
        Command::Explain { rule } => rules::explain(&rule),
        Command::Init { force } => init(force),
        Command::GenCorpus {
            out: dir,
            files,
            words,
            seed,
            dirty,
        } => gen_corpus(&dir, files, words, seed, dirty),
        Command::ReadFloor { dir, rounds } => read_floor(&dir, rounds),
    }
}

/// Prints how long opening and closing every file under `dir` takes, and opening, reading and
/// closing them, on every core, as a checking run reads them (medians of `rounds` rounds that
/// alternate the two). Listing the files is not timed.
fn read_floor(dir: &std::path::Path, rounds: usize) -> i32 {
    fn list(dir: &std::path::Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
        for e in std::fs::read_dir(dir)? {
            let e = e?;
            if e.file_type()?.is_dir() {
                list(&e.path(), out)?;
            } else {
                out.push(e.path());
            }
        }
        Ok(())
    }
    let mut files = Vec::new();
    if let Err(e) = list(dir, &mut files) {
        err(&format!(
            "error: {}: {}\n",
            dir.display(),
            copydesk::walk::describe_io(&e)
        ));
        return 2;
    }
    files.sort();
    let time = |read: bool| {
        let start = std::time::Instant::now();
        let sizes = copydesk::walk::parallel_map(&files, |p| {
            thread_local!(static BUF: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) });
            if read {
                BUF.with_borrow_mut(|buf| copydesk::walk::read_into(p, buf).map(|_| buf.len()))
            } else {
                std::fs::File::open(p).map(|_| 0)
            }
        });
        let bytes: usize = sizes.iter().flatten().sum();
        (start.elapsed().as_secs_f64(), bytes)
    };
    let (mut open, mut read, mut bytes) = (Vec::new(), Vec::new(), 0);
    for _ in 0..rounds.max(1) {
        open.push(time(false).0);
        let (secs, b) = time(true);
        read.push(secs);
        bytes = b;
    }
    let median = |v: &mut Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    out(&format!(
        "{} files, {bytes} bytes, {} threads: open and close {:.4} s, open, read and close {:.4} s\n",
        files.len(),
        std::thread::available_parallelism().map_or(1, |n| n.get()),
        median(&mut open),
        median(&mut read)
    ));
    0
}

fn gen_corpus(dir: &std::path::Path, files: usize, words: usize, seed: u64, dirty: bool) -> i32 {
    let mut bytes = 0usize;
    for (name, text) in copydesk::corpus::corpus(seed, files, words, dirty) {
        let path = dir.join(name);
        let written = path
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|_| std::fs::write(&path, &text));
        if let Err(e) = written {
            err(&format!(
                "error: {}: {}\n",
                path.display(),
                copydesk::walk::describe_io(&e)
            ));
            return 2;
        }
        bytes += text.len();
    }
    out(&format!(
        "wrote {files} files, {bytes} bytes, to {}\n",
        dir.display()
    ));
    0
}

fn init(force: bool) -> i32 {
    let path = PathBuf::from(copydesk::config::FILE_NAME);
    if path.exists() && !force {
        err(&format!(
            "error: {} already exists (use --force to overwrite)\n",
            path.display()
        ));
        return 2;
    }
    match std::fs::write(&path, copydesk::config::Config::STARTER) {
        Ok(()) => {
            out(&format!("wrote {}\n", path.display()));
            0
        }
        Err(e) => {
            err(&format!(
                "error: {}: {}\n",
                path.display(),
                copydesk::walk::describe_io(&e)
            ));
            2
        }
    }
}
