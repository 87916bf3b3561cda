//! Real damaged files, made here from clean text by the same transformations that damage copy
//! upstream (a Windows-1252 export, a UTF-16 save, a double decode, a pasted override…), never typed
//! as bytes. Each is checked through the binary: the finding, its exact byte span in the file, and
//! the fix.

mod common;

use common::run;

const CLEAN: &str = "The café owner, José Ibáñez, said “we are open” – and he meant it.\n";

/// UTF-8 text as a Windows-1252 file.
fn windows_1252(text: &str) -> Vec<u8> {
    let (bytes, _, unmappable) = encoding_rs::WINDOWS_1252.encode(text);
    assert!(!unmappable);
    bytes.into_owned()
}

/// UTF-8 text saved as UTF-16, little- or big-endian, with or without a byte-order mark.
fn utf16(text: &str, little: bool, bom: bool) -> Vec<u8> {
    let mut out = Vec::new();
    if bom {
        out.extend_from_slice(if little { &[0xFF, 0xFE] } else { &[0xFE, 0xFF] });
    }
    for u in text.encode_utf16() {
        out.extend_from_slice(&if little {
            u.to_le_bytes()
        } else {
            u.to_be_bytes()
        });
    }
    out
}

/// UTF-8 read as Windows-1252 and saved as UTF-8 again, `times` times (mojibake).
fn mis_decode(text: &str, times: usize) -> String {
    let mut s = text.to_string();
    for _ in 0..times {
        let (decoded, _, _) = encoding_rs::WINDOWS_1252.decode(s.as_bytes());
        s = decoded.into_owned();
    }
    s
}

fn check(name: &str, bytes: &[u8], extra: &[&str]) -> (serde_json::Value, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(name), bytes).unwrap();
    let mut args = vec!["check", "--format", "json", name];
    args.extend_from_slice(extra);
    let o = run(&args, dir.path());
    (
        serde_json::from_slice(&o.stdout)
            .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&o.stdout))),
        dir,
    )
}

fn diags<'a>(v: &'a serde_json::Value, rule: &str) -> Vec<&'a serde_json::Value> {
    v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["rule"] == rule)
        .collect()
}

fn span(d: &serde_json::Value) -> std::ops::Range<usize> {
    d["start"]["offset"].as_u64().unwrap() as usize..d["end"]["offset"].as_u64().unwrap() as usize
}

fn fix_file(name: &str, bytes: &[u8], unsafe_fixes: bool) -> Vec<u8> {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(name), bytes).unwrap();
    let mut args = vec!["check", "--fix", name];
    if unsafe_fixes {
        args.push("--unsafe-fixes");
    }
    run(&args, dir.path());
    std::fs::read(dir.path().join(name)).unwrap()
}

#[test]
fn windows_1252_file_is_named_and_transcoded() {
    let bytes = windows_1252(CLEAN);
    let (v, _d) = check("story.txt", &bytes, &[]);
    let found = diags(&v, "encoding/invalid-utf8");
    assert_eq!(found.len(), 1);
    assert!(
        found[0]["message"]
            .as_str()
            .unwrap()
            .contains("windows-1252"),
        "{}",
        found[0]["message"]
    );
    assert_eq!(
        &bytes[span(found[0])],
        &[0xE9],
        "points at the first non-UTF-8 byte (é)"
    );
    assert_eq!(found[0]["fix"]["applicability"], "unsafe");
    assert_eq!(
        fix_file("story.txt", &bytes, false),
        bytes,
        "safe --fix does not transcode"
    );
    assert_eq!(fix_file("story.txt", &bytes, true), CLEAN.as_bytes());
}

#[test]
fn utf16_files_are_decoded_checked_and_transcoded() {
    let text = "He saw the the cat in Zürich.\n";
    for (little, bom) in [(true, true), (false, true), (true, false)] {
        let bytes = utf16(text, little, bom);
        let (v, _d) = check("story.txt", &bytes, &[]);
        assert_eq!(
            diags(&v, "encoding/utf16").len(),
            1,
            "little={little} bom={bom}"
        );
        // The repeated word is found, and its span is in the UTF-16 bytes.
        let rep = diags(&v, "mt/repeated-word");
        assert_eq!(rep.len(), 1);
        let r = span(rep[0]);
        let units: Vec<u16> = bytes[r]
            .chunks_exact(2)
            .map(|p| {
                if little {
                    u16::from_le_bytes([p[0], p[1]])
                } else {
                    u16::from_be_bytes([p[0], p[1]])
                }
            })
            .collect();
        assert_eq!(String::from_utf16(&units).unwrap(), "the the");
        assert!(
            rep[0]["fix"].is_null(),
            "no non-encoding fix on a UTF-16 file"
        );
        assert_eq!(
            fix_file("story.txt", &bytes, true),
            text.as_bytes(),
            "transcoded to UTF-8"
        );
    }
}

#[test]
fn single_and_double_encoded_mojibake() {
    for times in [1, 2] {
        let damaged = mis_decode(CLEAN, times);
        assert_ne!(damaged, CLEAN);
        let (v, _d) = check("story.txt", damaged.as_bytes(), &[]);
        assert!(!diags(&v, "encoding/mojibake").is_empty(), "times={times}");
        assert_eq!(
            fix_file("story.txt", damaged.as_bytes(), false),
            CLEAN.as_bytes(),
            "times={times}"
        );
    }
}

#[test]
fn stray_and_truncated_bytes_in_utf8() {
    let mut bytes = "Visit São Paulo".as_bytes().to_vec();
    bytes.extend_from_slice(&windows_1252(" and Bogotá"));
    let cut = "—".as_bytes();
    bytes.extend_from_slice(&cut[..2]);
    bytes.extend_from_slice(b" today.\n");
    let (v, _d) = check("story.txt", &bytes, &[]);
    let found = diags(&v, "encoding/invalid-utf8");
    assert_eq!(found.len(), 2);
    assert_eq!(&bytes[span(found[0])], &[0xE1]);
    assert_eq!(found[0]["fix"]["edits"][0]["replacement"], "á");
    assert_eq!(&bytes[span(found[1])], &cut[..2]);
    assert!(
        found[1]["fix"].is_null(),
        "a truncated sequence cannot be recovered"
    );
}

#[test]
fn bidi_override_homoglyph_bom_and_mixed_line_endings() {
    let text = format!(
        "\u{FEFF}The file {}exe.txt{} arrived in Gu{}temala.\r\nLine two.\nLine three.\n",
        '\u{202E}', '\u{202C}', '\u{430}'
    );
    let (v, _d) = check("story.txt", text.as_bytes(), &[]);
    let bidi = diags(&v, "encoding/invisible-char");
    assert_eq!(bidi.len(), 2);
    assert!(bidi.iter().all(|d| d["severity"] == "error"));
    assert_eq!(&text.as_bytes()[span(bidi[0])], "\u{202E}".as_bytes());
    let conf = diags(&v, "encoding/confusable");
    assert_eq!(&text.as_bytes()[span(conf[0])], "Guаtemala".as_bytes());
    assert_eq!(diags(&v, "encoding/bom").len(), 1);
    let eol = diags(&v, "encoding/line-endings");
    assert_eq!(eol.len(), 1);
    assert_eq!(&text.as_bytes()[span(eol[0])], b"\r\n");
    let fixed = fix_file("story.txt", text.as_bytes(), false);
    assert_eq!(
        String::from_utf8(fixed).unwrap(),
        "The file exe.txt arrived in Guatemala.\nLine two.\nLine three.\n"
    );
}

#[test]
fn correct_text_in_other_languages_is_not_damage() {
    let text = "Ça va, dit-il. ¿Qué tal? Größe und Maß. São Tomé e Príncipe. Tiếng Việt có dấu. \
                İstanbul’da şehir. Þórhildur Pálsdóttir í Reykjavík. Ελληνικά. Русский текст. 日本語。\n";
    let (v, _d) = check("story.txt", text.as_bytes(), &[]);
    let enc: Vec<&serde_json::Value> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["rule"].as_str().unwrap().starts_with("encoding/"))
        .collect();
    assert!(enc.is_empty(), "{enc:?}");
}
