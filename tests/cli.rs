//! The binary end to end: the seed document, exit codes, output formats, stdin, fixing, skipping.

use std::path::{Path, PathBuf};
mod common;

use common::{bin, run};
use std::process::{Output, Stdio};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

const SEED: &str = "seeds/000_ca05ce29a371efd5.txt";

fn json(args: &[&str], cwd: &Path) -> (serde_json::Value, Output) {
    let mut all = vec!["check", "--format", "json"];
    all.extend_from_slice(args);
    let o = run(&all, cwd);
    let v = serde_json::from_slice(&o.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", stdout(&o)));
    (v, o)
}

#[test]
fn seed_exact_findings() {
    let (v, o) = json(&["seeds/"], &root());
    assert_eq!(o.status.code(), Some(1));
    let got: Vec<(String, String, u64, u64)> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["rule"].as_str().unwrap().to_string(),
                d["severity"].as_str().unwrap().to_string(),
                d["start"]["line"].as_u64().unwrap(),
                d["start"]["column"].as_u64().unwrap(),
            )
        })
        .collect();
    let want: Vec<(String, String, u64, u64)> = [
        ("layout/leading-blank-lines", "warning", 1, 1),
        ("mt/entity-calque", "warning", 7, 193),
        ("mt/repeated-word", "warning", 7, 322),
        ("punct/stray-punctuation", "warning", 13, 208),
        ("mt/doubled-speech-verb", "error", 17, 172),
        ("mt/readout-calque", "warning", 19, 184),
        ("mt/vaccine-against-brand", "warning", 21, 75),
        ("boilerplate/trust-principles-footer", "error", 31, 1),
    ]
    .iter()
    .map(|(r, s, l, c)| (r.to_string(), s.to_string(), *l, *c))
    .collect();
    assert_eq!(got, want);
    // The flagged text of the four seed artifacts the core rules own.
    let seed = std::fs::read(root().join(SEED)).unwrap();
    let text = |rule: &str| {
        let d = v["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["rule"] == rule)
            .unwrap();
        let (s, e) = (
            d["start"]["offset"].as_u64().unwrap() as usize,
            d["end"]["offset"].as_u64().unwrap() as usize,
        );
        String::from_utf8_lossy(&seed[s..e]).into_owned()
    };
    assert_eq!(text("layout/leading-blank-lines"), "\n\n\n\n");
    assert_eq!(text("mt/repeated-word"), "States. States.");
    assert_eq!(text("punct/stray-punctuation"), ". .");
    assert_eq!(text("mt/doubled-speech-verb"), "said. declared.");
    assert_eq!(v["files_checked"], 1);
    assert_eq!(v["version"], 1);
}

#[test]
fn seed_human_output_snapshot() {
    let o = run(&["check", "--color", "never", "seeds/"], &root());
    insta::assert_snapshot!("seed_human", stdout(&o));
}

#[test]
fn seed_json_output_snapshot() {
    let o = run(&["check", "--format", "json", "seeds/"], &root());
    insta::assert_snapshot!("seed_json", stdout(&o));
}

/// A file that is one long line shows a window of it around each finding, with the column of the
/// whole line, instead of the whole line once per finding.
#[test]
fn long_lines_are_windowed_in_human_output() {
    let filler = "The council met on Monday to discuss the budget for the coming year. ".repeat(60);
    let line = format!("{filler}They voted for the the plan. {filler}\n");
    let dir = temp_copy(&[("long.txt", line.as_bytes())]);
    let o = run(
        &["check", "--no-cache", "--color", "never", "long.txt"],
        dir.path(),
    );
    let out = stdout(&o);
    let col = line[..line.find("the the").unwrap()].chars().count() + 1;
    assert!(out.contains(&format!("long.txt:1:{col}")), "{out}");
    let source = out
        .lines()
        .find(|l| l.starts_with("1 │ "))
        .expect("a source line");
    assert!(source.contains("for the the plan"), "{source}");
    assert!(
        source.len() < 400,
        "source line not windowed: {} bytes",
        source.len()
    );
    assert!(out.len() < 3_000, "{} bytes of output", out.len());
}

fn temp_copy(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, bytes) in files {
        let p = dir.path().join(name);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, bytes).unwrap();
    }
    dir
}

#[test]
fn fix_on_seed_matches_expected_files() {
    let seed = std::fs::read(root().join(SEED)).unwrap();
    let dir = temp_copy(&[("seed.txt", &seed)]);
    let o = run(&["check", "--fix", "seed.txt"], dir.path());
    assert_eq!(
        o.status.code(),
        Some(1),
        "an error (the footer) remains: {}",
        stdout(&o)
    );
    assert!(
        stdout(&o).contains("fixed 4 (1 file), 4 remaining"),
        "{}",
        stdout(&o)
    );
    let fixed = std::fs::read(dir.path().join("seed.txt")).unwrap();
    assert_eq!(
        String::from_utf8(fixed).unwrap(),
        std::fs::read_to_string(root().join("tests/expected/seed.fixed.txt")).unwrap()
    );

    let dir = temp_copy(&[("seed.txt", &seed)]);
    let o = run(
        &["check", "--fix", "--unsafe-fixes", "seed.txt"],
        dir.path(),
    );
    // Seven findings, and the empty lines the footer's removal leaves at the end.
    assert!(stdout(&o).contains("fixed 8 (1 file)"), "{}", stdout(&o));
    let fixed = std::fs::read_to_string(dir.path().join("seed.txt")).unwrap();
    assert_eq!(
        fixed,
        std::fs::read_to_string(root().join("tests/expected/seed.unsafe-fixed.txt")).unwrap()
    );
}

#[test]
fn diff_writes_nothing_and_exits_by_change() {
    let seed = std::fs::read(root().join(SEED)).unwrap();
    let dir = temp_copy(&[("seed.txt", &seed), ("clean.txt", b"A clean sentence.\n")]);
    let o = run(
        &["check", "--diff", "--color", "never", "seed.txt"],
        dir.path(),
    );
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert!(
        out.starts_with("--- a/seed.txt\n+++ b/seed.txt\n@@ "),
        "{out}"
    );
    assert!(
        out.contains("-“I believe")
            && out.contains("he said. declared.")
            && out.contains("+“I believe")
    );
    assert_eq!(std::fs::read(dir.path().join("seed.txt")).unwrap(), seed);
    let o = run(&["check", "--diff", "clean.txt"], dir.path());
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(stdout(&o), "");
}

#[test]
fn exit_codes() {
    let dir = temp_copy(&[
        ("clean.txt", b"A clean sentence.\n"),
        ("bad.txt", b"The the cat.\n"),
        ("info.txt", "A\u{a0}space.\n".as_bytes()),
    ]);
    let d = dir.path();
    assert_eq!(run(&["check", "clean.txt"], d).status.code(), Some(0));
    assert_eq!(run(&["check", "bad.txt"], d).status.code(), Some(1));
    assert_eq!(
        run(&["check", "--exit-zero", "bad.txt"], d).status.code(),
        Some(0)
    );
    assert_eq!(
        run(&["check", "--fail-on", "error", "bad.txt"], d)
            .status
            .code(),
        Some(0)
    );
    assert_eq!(run(&["check", "info.txt"], d).status.code(), Some(0));
    assert_eq!(
        run(&["check", "--fail-on", "info", "info.txt"], d)
            .status
            .code(),
        Some(1)
    );
    assert_eq!(run(&["check", "--no-such-flag"], d).status.code(), Some(2));
    assert_eq!(
        run(&["check", "--select", "mt/no-such-rule", "bad.txt"], d)
            .status
            .code(),
        Some(2)
    );
    // A missing path is an error, and the other files are still checked and reported.
    let o = run(&["check", "--format", "json", "missing.txt", "bad.txt"], d);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("missing.txt: no such file or directory"),
        "{}",
        stderr(&o)
    );
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["diagnostics"][0]["rule"], "mt/repeated-word");
}

#[test]
fn walking_respects_extensions_and_ignore_files_and_is_sorted() {
    let dir = temp_copy(&[
        ("b.txt", b"The the end.\n"),
        ("a.md", b"The the end.\n"),
        ("sub/c.markdown", b"The the end.\n"),
        ("notes.rst", b"The the end.\n"),
        ("ignored/d.txt", b"The the end.\n"),
        (".hidden/e.txt", b"The the end.\n"),
        (".gitignore", b"ignored/\n"),
    ]);
    let (v, _) = json(&["."], dir.path());
    let paths: Vec<&str> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths, ["a.md", "b.txt", "sub/c.markdown"]);
    let (v, _) = json(&["--no-ignore", "."], dir.path());
    assert_eq!(v["diagnostics"].as_array().unwrap().len(), 4);
    // A file named explicitly is checked whatever its extension.
    let (v, _) = json(&["notes.rst"], dir.path());
    assert_eq!(v["diagnostics"].as_array().unwrap().len(), 1);
}

#[test]
fn stdin_check_and_fix() {
    let mut c = bin();
    c.args([
        "check",
        "--format",
        "json",
        "--stdin-filename",
        "story.md",
        "-",
    ])
    .stdin(Stdio::piped())
    .stdout(Stdio::piped());
    let mut child = c.spawn().unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"Use `the the` here, but the the is wrong.\n")
        .unwrap();
    let o = child.wait_with_output().unwrap();
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let d = v["diagnostics"].as_array().unwrap();
    assert_eq!(d.len(), 1, "inline code is not prose in Markdown: {d:?}");
    assert_eq!(d[0]["path"], "story.md");

    let mut c = bin();
    c.args(["check", "--fix", "--color", "never", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = c.spawn().unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"He said the the plan worked.\n")
        .unwrap();
    let o = child.wait_with_output().unwrap();
    assert_eq!(stdout(&o), "He said the plan worked.\n");
    assert!(
        stderr(&o).contains("fixed 1 (1 file), 0 remaining"),
        "{}",
        stderr(&o)
    );
    assert_eq!(o.status.code(), Some(0));
}

#[test]
fn binary_files_are_skipped_and_counted() {
    let dir = temp_copy(&[
        ("photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"),
        ("ok.txt", b"Fine.\n"),
    ]);
    let (v, o) = json(&["."], dir.path());
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(v["files_checked"], 1);
    assert_eq!(v["files_skipped"][0]["path"], "photo.txt");
    assert!(v["files_skipped"][0]["reason"]
        .as_str()
        .unwrap()
        .contains("binary"));
    let o = run(&["check", "--color", "never", "."], dir.path());
    assert!(
        stdout(&o).contains("skipped photo.txt: binary file"),
        "{}",
        stdout(&o)
    );
    // --fix never rewrites it.
    let before = std::fs::read(dir.path().join("photo.txt")).unwrap();
    run(&["check", "--fix", "."], dir.path());
    assert_eq!(std::fs::read(dir.path().join("photo.txt")).unwrap(), before);
}

#[test]
fn sic_marks_deliberate_text() {
    let dir = temp_copy(&[(
        "a.txt",
        b"The sign read \"the the [sic]\" and he said. declared. [sic]\n",
    )]);
    let (v, _) = json(&["a.txt"], dir.path());
    let rules: Vec<&str> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["rule"].as_str().unwrap())
        .collect();
    assert!(
        !rules.contains(&"mt/repeated-word") && !rules.contains(&"mt/doubled-speech-verb"),
        "{rules:?}"
    );
}

#[test]
fn markdown_non_prose_is_never_flagged() {
    let md = "---\ntitle: the the\n---\n\nText with [a link](http://example.com/the the) and `the the`.\n\n```\nthe the ,,\n```\n\n    the the indented\n\n<!-- the the -->\n";
    let dir = temp_copy(&[("a.md", md.as_bytes())]);
    let (v, o) = json(&["a.md"], dir.path());
    assert_eq!(
        v["diagnostics"].as_array().unwrap().len(),
        0,
        "{}",
        stdout(&o)
    );
}

#[test]
fn rules_explain_version() {
    let o = run(&["rules"], &root());
    let out = stdout(&o);
    for id in [
        "mt/repeated-word",
        "punct/stray-punctuation",
        "encoding/mojibake",
        "boilerplate/trust-principles-footer",
    ] {
        assert!(out.contains(id), "{id} missing from `copydesk rules`");
    }
    let o = run(&["explain", "mt/repeated-word"], &root());
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
    for heading in [
        "## What it flags",
        "## Why",
        "## Example",
        "## Not flagged",
        "## Fix safety",
    ] {
        assert!(out.contains(heading), "{heading} missing");
    }
    let o = run(&["explain", "mt/repeated-wrod"], &root());
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("did you mean `mt/repeated-word`?"));
    let o = run(&["--version"], &root());
    assert!(stdout(&o).starts_with("copydesk "));
}

#[test]
fn every_rule_explains_itself_with_the_fixed_headings() {
    let o = run(&["rules", "--json"], &root());
    let rules: Vec<serde_json::Value> = serde_json::from_slice(&o.stdout).unwrap();
    assert!(rules.len() > 30);
    for r in rules {
        let id = r["id"].as_str().unwrap();
        let o = run(&["explain", id], &root());
        let out = stdout(&o);
        assert!(
            out.contains("## What it flags") && out.contains("## Fix safety"),
            "{id} lacks the fixed headings"
        );
    }
}

#[test]
fn concise_and_sarif_formats() {
    let dir = temp_copy(&[("a.txt", b"He saw the the cat.\n")]);
    let o = run(&["check", "--format", "concise", "a.txt"], dir.path());
    assert_eq!(
        stdout(&o).lines().next().unwrap(),
        "a.txt:1:8: warning[mt/repeated-word] `the` is repeated [*]"
    );
    let o = run(&["check", "--format", "sarif", "a.txt"], dir.path());
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["version"], "2.1.0");
    assert_eq!(v["runs"][0]["results"][0]["ruleId"], "mt/repeated-word");
    assert_eq!(
        v["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startColumn"],
        8
    );
}

#[test]
fn cache_gives_the_same_results_and_ignores_corrupt_entries() {
    let dir = temp_copy(&[
        ("a.txt", b"He saw the the cat.\n"),
        ("b.md", "Caf\u{c3}\u{a9} ,, and more.\n".as_bytes()),
    ]);
    let cache = tempfile::tempdir().unwrap();
    let run_cached = |extra: &[&str]| {
        let mut c = bin();
        c.env("COPYDESK_CACHE_DIR", cache.path())
            .args(["check", "--format", "json"])
            .args(extra)
            .arg(".")
            .current_dir(dir.path());
        c.output().unwrap()
    };
    let first = run_cached(&[]);
    let entries = || walk_files(cache.path());
    assert_eq!(entries().len(), 1, "one segment for the run");
    let second = run_cached(&[]);
    assert_eq!(stdout(&first), stdout(&second));
    assert_eq!(
        entries().len(),
        1,
        "every file was found: nothing new written"
    );
    // Corrupt every segment: the results are recomputed, never trusted, and stored anew.
    for e in entries() {
        std::fs::write(&e, b"not a cache entry").unwrap();
    }
    assert_eq!(stdout(&run_cached(&[])), stdout(&first));
    assert_eq!(entries().len(), 2);
    assert_eq!(stdout(&run_cached(&[])), stdout(&first));
    // A change in the content is a new key; --no-cache reads and writes nothing.
    std::fs::write(dir.path().join("a.txt"), b"He saw the cat.\n").unwrap();
    let v: serde_json::Value = serde_json::from_slice(&run_cached(&[]).stdout).unwrap();
    assert!(v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .all(|d| d["path"] != "a.txt"));
    let before = entries().len();
    std::fs::write(dir.path().join("a.txt"), b"New text, the the end.\n").unwrap();
    run_cached(&["--no-cache"]);
    assert_eq!(entries().len(), before);
}

fn walk_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(walk_files(&p));
        } else {
            out.push(p);
        }
    }
    out
}

/// The benchmark's measure of what a cached run cannot avoid: every file under the folder,
/// nested ones too, is opened and read.
#[test]
fn read_floor_reads_every_file() {
    let dir = temp_copy(&[
        ("a.txt", b"12345"),
        ("sub/b.md", b"1234567890"),
        ("sub/deeper/c.txt", b"123"),
    ]);
    let o = run(&["read-floor", "--rounds", "3", "."], dir.path());
    assert_eq!(o.status.code(), Some(0));
    let line = stdout(&o);
    assert!(line.starts_with("3 files, 18 bytes, "), "{line}");
    assert_eq!(line.matches(" s").count(), 2, "{line}");
    let o = run(&["read-floor", "missing"], dir.path());
    assert_eq!(o.status.code(), Some(2));
}
