//! The built-in packs as their TOML parses, worked out ahead of time (`prebuilt/packs.rs`):
//! parsing them took more than two fifths of the instructions of a check of one file, at every
//! start. A pack is taken from the table only when its text is the one the table was written
//! from (same path, same hash); any other text is parsed. A test keeps the table equal to what
//! the parse gives, and rewrites it when `COPYDESK_UPDATE_BAKED` is set.

use super::schema::{ExampleDef, PackFile, PackHeader, RuleDef};
use std::ops::Range;
use toml::Spanned;

/// One built-in pack's parse.
struct Prebuilt {
    path: &'static str,
    /// The xxh3 hash of the text it was written from.
    hash: u64,
    file: fn() -> PackFile,
}

// Written by a test, byte for byte: not formatted.
#[rustfmt::skip]
mod packs;

/// The parse of the pack at `path` with text `text`, if the table holds it.
pub(super) fn file(path: &str, text: &str) -> Option<PackFile> {
    let p = packs::PACKS.iter().find(|p| p.path == path)?;
    (p.hash == xxhash_rust::xxh3::xxh3_64(text.as_bytes())).then(|| (p.file)())
}

fn header(name: &str, description: &str) -> PackHeader {
    PackHeader {
        name: name.to_string(),
        description: description.to_string(),
    }
}

fn sp(span: Range<usize>, value: &str) -> Spanned<String> {
    Spanned::new(span, value.to_string())
}

fn sps(list: &[(Range<usize>, &str)]) -> Vec<Spanned<String>> {
    list.iter().map(|(r, v)| sp(r.clone(), v)).collect()
}

fn table(span: Range<usize>, pairs: &[(&str, &str)]) -> Spanned<toml::Table> {
    let t = pairs
        .iter()
        .map(|&(k, v)| (k.to_string(), toml::Value::String(v.to_string())))
        .collect();
    Spanned::new(span, t)
}

fn examples(list: &[(Option<&str>, Option<&str>)]) -> Vec<ExampleDef> {
    list.iter()
        .map(|&(flag, clean)| ExampleDef {
            flag: flag.map(str::to_string),
            clean: clean.map(str::to_string),
        })
        .collect()
}

/// The fields of a rule that most rules leave out, as a parse leaves them.
fn rule(
    id: Spanned<String>,
    kind: Spanned<String>,
    severity: Spanned<String>,
    message: &str,
    explanation: &str,
) -> RuleDef {
    RuleDef {
        id,
        kind,
        severity,
        message: message.to_string(),
        explanation: explanation.to_string(),
        summary: None,
        scope: None,
        patterns: Vec::new(),
        regex: Vec::new(),
        case_sensitive: false,
        swap: None,
        applicability: None,
        remove: false,
        whole_line: false,
        replace: None,
        mark: None,
        requires: Vec::new(),
        requires_regex: Vec::new(),
        max: None,
        min: None,
        per: None,
        examples: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fmt::Write;

    fn span(s: &Spanned<impl Sized>) -> String {
        format!("{}..{}", s.span().start, s.span().end)
    }

    fn spanned(s: &Spanned<String>) -> String {
        format!("sp({}, {:?})", span(s), s.get_ref())
    }

    fn list(l: &[Spanned<String>]) -> String {
        let items: Vec<String> = l
            .iter()
            .map(|s| format!("({}, {:?})", span(s), s.get_ref()))
            .collect();
        format!("sps(&[{}])", items.join(", "))
    }

    /// The Rust expression that builds `def`: the fields a parse leaves empty are left to
    /// `rule`, the others set on it.
    fn render_rule(def: &RuleDef) -> String {
        let mut out = format!(
            "{{ let mut r = rule({}, {}, {}, {:?}, {:?});",
            spanned(&def.id),
            spanned(&def.kind),
            spanned(&def.severity),
            def.message,
            def.explanation
        );
        let mut set = |field: &str, value: String| {
            write!(out, " r.{field} = {value};").unwrap();
        };
        if let Some(s) = &def.summary {
            set("summary", format!("Some({s:?}.to_string())"));
        }
        if let Some(s) = &def.scope {
            set("scope", format!("Some({})", spanned(s)));
        }
        for (field, l) in [
            ("patterns", &def.patterns),
            ("regex", &def.regex),
            ("requires", &def.requires),
            ("requires_regex", &def.requires_regex),
        ] {
            if !l.is_empty() {
                set(field, list(l));
            }
        }
        if def.case_sensitive {
            set("case_sensitive", "true".into());
        }
        if let Some(t) = &def.swap {
            let pairs: Vec<String> = t
                .get_ref()
                .iter()
                .map(|(k, v)| {
                    let v = v.as_str().expect("a built-in swap replacement is a string");
                    format!("({k:?}, {v:?})")
                })
                .collect();
            set(
                "swap",
                format!("Some(table({}, &[{}]))", span(t), pairs.join(", ")),
            );
        }
        if let Some(a) = &def.applicability {
            set("applicability", format!("Some({})", spanned(a)));
        }
        if def.remove {
            set("remove", "true".into());
        }
        if def.whole_line {
            set("whole_line", "true".into());
        }
        if let Some(t) = &def.replace {
            set("replace", format!("Some({})", spanned(t)));
        }
        if let Some(m) = &def.mark {
            set(
                "mark",
                format!("Some(Spanned::new({}, {}))", span(m), m.get_ref()),
            );
        }
        if let Some(n) = def.max {
            set("max", format!("Some({n})"));
        }
        if let Some(n) = def.min {
            set("min", format!("Some({n})"));
        }
        if let Some(p) = &def.per {
            set("per", format!("Some({})", spanned(p)));
        }
        if !def.examples.is_empty() {
            let items: Vec<String> = def
                .examples
                .iter()
                .map(|e| format!("({:?}, {:?})", e.flag.as_deref(), e.clean.as_deref()))
                .collect();
            set("examples", format!("examples(&[{}])", items.join(", ")));
        }
        out + " r }"
    }

    /// `packs.rs` as the parse of the built-in packs gives it.
    fn render() -> String {
        let mut out = String::from(
            "//! The built-in packs as their TOML parses: written by the test\n\
             //! `baked_packs_are_what_the_parse_gives` (`COPYDESK_UPDATE_BAKED=1 cargo test baked`).\n\n\
             use super::*;\n\n\
             pub(super) static PACKS: &[Prebuilt] = &[\n",
        );
        for (i, (path, _)) in crate::packs::BUILTIN.iter().enumerate() {
            let text = crate::packs::BUILTIN[i].1;
            writeln!(
                out,
                "    Prebuilt {{ path: {path:?}, hash: {:#x}, file: pack_{i} }},",
                xxhash_rust::xxh3::xxh3_64(text.as_bytes())
            )
            .unwrap();
        }
        out += "];\n";
        for (i, (path, text)) in crate::packs::BUILTIN.iter().enumerate() {
            let file = crate::packs::schema::parse(std::path::Path::new(path), text).unwrap();
            write!(
                out,
                "\nfn pack_{i}() -> PackFile {{\n    PackFile {{\n        pack: header({:?}, {:?}),\n        rule: vec![\n",
                file.pack.name, file.pack.description
            )
            .unwrap();
            for def in &file.rule {
                writeln!(out, "            {},", render_rule(def)).unwrap();
            }
            out += "        ],\n    }\n}\n";
        }
        out
    }

    /// The table holds what parsing the built-in packs gives: a change to a pack, or to its
    /// schema, fails here until the table is written again.
    #[test]
    fn baked_packs_are_what_the_parse_gives() {
        if !crate::packs::generated_table_is_current("src/packs/prebuilt/packs.rs", &render()) {
            return;
        }
        // And what the table builds is what the parse gives, field by field and span by span.
        for (path, text) in crate::packs::BUILTIN {
            let parsed = crate::packs::schema::parse(std::path::Path::new(path), text).unwrap();
            let built = file(path, text).expect(path);
            assert_eq!(format!("{built:#?}"), format!("{parsed:#?}"), "{path}");
        }
    }

    #[test]
    fn another_text_is_parsed() {
        let (path, text) = crate::packs::BUILTIN[0];
        assert!(file(path, text).is_some());
        assert!(file(path, &format!("{text}\n")).is_none());
        assert!(file("my/own.toml", text).is_none());
    }
}
