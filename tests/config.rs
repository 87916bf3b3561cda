//! Configuration discovery, overrides, errors, `init`, suppressions and baselines through the binary.

use std::path::Path;
mod common;

use common::run;
use std::process::Output;

fn write(dir: &Path, name: &str, text: &str) {
    let p = dir.join(name);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

fn rules_in(o: &Output) -> Vec<String> {
    let v: serde_json::Value = serde_json::from_slice(&o.stdout)
        .unwrap_or_else(|_| panic!("{}", String::from_utf8_lossy(&o.stdout)));
    v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            format!(
                "{}:{}",
                d["path"].as_str().unwrap(),
                d["rule"].as_str().unwrap()
            )
        })
        .collect()
}

#[test]
fn nearest_config_wins_and_flags_override() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "copydesk.toml", "ignore = [\"punct\"]\n");
    write(d, "a.txt", "The the end ,.\n");
    write(d, "archive/copydesk.toml", "ignore = [\"mt\"]\n");
    write(d, "archive/b.txt", "The the end ,.\n");
    let o = run(&["check", "--format", "json", "."], d);
    assert_eq!(
        rules_in(&o),
        [
            "a.txt:mt/repeated-word",
            "archive/b.txt:punct/stray-punctuation"
        ]
    );
    let o = run(&["check", "--format", "json", "--no-config", "a.txt"], d);
    assert_eq!(
        rules_in(&o),
        ["a.txt:mt/repeated-word", "a.txt:punct/stray-punctuation"]
    );
    let o = run(
        &[
            "check",
            "--format",
            "json",
            "--config",
            "archive/copydesk.toml",
            "a.txt",
        ],
        d,
    );
    assert_eq!(rules_in(&o), ["a.txt:punct/stray-punctuation"]);
    let o = run(
        &["check", "--format", "json", "--select", "punct", "a.txt"],
        d,
    );
    assert_eq!(rules_in(&o), ["a.txt:punct/stray-punctuation"]);
}

#[test]
fn overrides_severity_include_exclude_and_fail_on() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(
        d,
        "copydesk.toml",
        "include = [\"**/*.story\"]\nexclude = [\"drafts/**\"]\nfail-on = \"error\"\n[severity]\n\"mt/repeated-word\" = \"error\"\n[[overrides]]\nfiles = [\"wire/**\"]\nseverity = { mt = \"info\" }\n",
    );
    write(d, "a.story", "The the end.\n");
    write(d, "b.txt", "The the end.\n");
    write(d, "drafts/c.story", "The the end.\n");
    write(d, "wire/d.story", "The the end.\n");
    let o = run(&["check", "--format", "json", "."], d);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let got: Vec<(String, String)> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| {
            (
                x["path"].as_str().unwrap().to_string(),
                x["severity"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("a.story".to_string(), "error".to_string()),
            ("wire/d.story".to_string(), "info".to_string())
        ]
    );
    assert_eq!(
        o.status.code(),
        Some(1),
        "fail-on = error and an error exists"
    );
    let o = run(&["check", "wire/d.story"], d);
    assert_eq!(
        o.status.code(),
        Some(0),
        "only an info finding: below fail-on"
    );
}

#[test]
fn config_errors_point_at_the_toml_and_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "a.txt", "Fine.\n");
    for (toml, needle, help) in [
        (
            "selct = [\"mt\"]\n",
            "unknown field `selct`",
            Some("did you mean `select`?"),
        ),
        (
            "ignore = [\"mt/repeated-wrod\"]\n",
            "unknown rule or family `mt/repeated-wrod`",
            Some("did you mean `mt/repeated-word`?"),
        ),
        ("exclude = [\"a/[b\"]\n", "invalid glob", None),
        (
            "fail-on = \"warn\"\n",
            "unknown severity `warn`",
            Some("did you mean `warning`?"),
        ),
        ("select = [\n", "copydesk.toml:", None),
        ("rule-packs = [\"missing.toml\"]\n", "not found", None),
    ] {
        write(d, "copydesk.toml", toml);
        let o = run(&["check", "--color", "never", "a.txt"], d);
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{toml}: {err}");
        assert!(err.contains(needle), "{toml}: {err}");
        assert!(
            err.contains("┌─ copydesk.toml:"),
            "{toml}: no source excerpt: {err}"
        );
        if let Some(h) = help {
            assert!(err.contains(h), "{toml}: {err}");
        }
    }
}

/// Files are checked while the walk goes on, but a broken copydesk.toml found late in the walk
/// still stops the run: nothing is reported, and `--fix` rewrites nothing, not even the files
/// walked before it.
#[test]
fn a_broken_config_found_late_stops_the_whole_run() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    for i in 0..300 {
        write(d, &format!("a/{i:03}.txt"), "The the end.\n");
    }
    write(d, "zz/copydesk.toml", "selct = [\"mt\"]\n");
    write(d, "zz/last.txt", "The the end.\n");
    for args in [
        &["check", "--format", "json", "--color", "never", "."][..],
        &["check", "--fix", "--color", "never", "."][..],
    ] {
        let o = run(args, d);
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.contains("unknown field `selct`"), "{args:?}: {err}");
        assert!(o.stdout.is_empty(), "{args:?}: reported findings");
    }
    for i in 0..300 {
        let text = std::fs::read_to_string(d.join(format!("a/{i:03}.txt"))).unwrap();
        assert_eq!(text, "The the end.\n", "a/{i:03}.txt was changed");
    }
}

#[test]
fn init_writes_a_valid_starter_and_refuses_to_overwrite() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    assert_eq!(run(&["init"], d).status.code(), Some(0));
    let text = std::fs::read_to_string(d.join("copydesk.toml")).unwrap();
    assert!(text.starts_with("# copydesk configuration"));
    write(d, "a.txt", "The the end.\n");
    assert_eq!(
        run(&["check", "a.txt"], d).status.code(),
        Some(1),
        "the starter config loads"
    );
    assert_eq!(run(&["init"], d).status.code(), Some(2));
    assert_eq!(run(&["init", "--force"], d).status.code(), Some(0));
}

#[test]
fn markdown_suppressions() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(
        d,
        "a.md",
        "<!-- copydesk-disable-next-line mt/repeated-word -->\nThe the start.\n\n<!-- copydesk-disable punct -->\nA stray ,, here.\n<!-- copydesk-enable -->\n\nAnd ,, here.\n\n<!-- copydesk-disable-next-line mt -->\nNothing to hide.\n",
    );
    let o = run(&["check", "--format", "json", "a.md"], d);
    assert_eq!(
        rules_in(&o),
        [
            "a.md:punct/stray-punctuation",
            "a.md:meta/unused-suppression"
        ]
    );
}

#[test]
fn baseline_ratchet() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "a.txt", "He saw the the cat.\n\nShe said. declared.\n");
    let o = run(&["check", "--write-baseline", "base.json", "."], d);
    assert_eq!(o.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&o.stderr).contains("wrote 2 findings to baseline base.json"));
    // Edits that shift lines: nothing new.
    write(
        d,
        "a.txt",
        "A new first paragraph.\n\nHe saw the the cat.\n\nShe said. declared.\n",
    );
    let o = run(&["check", "--baseline", "base.json", "."], d);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stdout)
    );
    assert!(String::from_utf8_lossy(&o.stdout)
        .contains("baseline: 2 known findings hidden; 0 baseline entries no longer occur"));
    // One fixed, a new one elsewhere: the new one is reported, the fixed one counted as gone.
    write(
        d,
        "a.txt",
        "He saw the cat.\n\nShe said. declared.\n\nThey met in in Lima.\n",
    );
    let o = run(
        &[
            "check",
            "--format",
            "json",
            "--baseline",
            "base.json",
            "--update-baseline",
            ".",
        ],
        d,
    );
    assert_eq!(rules_in(&o), ["a.txt:mt/repeated-word"]);
    assert!(String::from_utf8_lossy(&o.stderr)
        .contains("1 baseline entries no longer occur (baseline updated)"));
    let base: serde_json::Value =
        serde_json::from_slice(&std::fs::read(d.join("base.json")).unwrap()).unwrap();
    assert_eq!(
        base["entries"].as_array().unwrap().len(),
        1,
        "the ratchet only goes down"
    );
}
