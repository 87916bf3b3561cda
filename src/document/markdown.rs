//! The parts of a file that are not prose and must never be flagged: URLs and e-mail addresses
//! everywhere; in Markdown also front matter, fenced and indented code, inline code, link targets,
//! reference definitions, HTML comments and tags.

use super::{Format, LineIndex};
use regex::Regex;
use std::ops::Range;
use std::sync::LazyLock;

static URL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?:https?://|ftp://|www\.)[^\s<>"“”‘’\)\]]+|[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+"#)
        .expect("static regex")
});

/// The parts of `text` that are not prose; `www` says whether it holds `www.` (the document's
/// scan of short literals looks for it).
pub(super) fn non_prose(
    text: &str,
    format: Format,
    lines: &LineIndex,
    www: bool,
) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let b = text.as_bytes();
    // An address holds `://`, `www.` or `@`: a colon or an at sign is looked for in one pass
    // (both are rare in prose).
    let scheme_or_at =
        memchr::memchr2_iter(b':', b'@', b).any(|i| b[i] == b'@' || b[i + 1..].starts_with(b"//"));
    if scheme_or_at || www {
        out.extend(URL.find_iter(text).map(|m| {
            // A sentence-final period or comma is not part of the address.
            let trimmed = m.as_str().trim_end_matches(['.', ',', ';', ':', '!', '?']);
            m.start()..m.start() + trimmed.len()
        }));
    }
    if format == Format::Markdown {
        markdown_blocks(text, lines, &mut out);
        markdown_inline(text, &mut out);
    }
    out.sort_by_key(|r| (r.start, r.end));
    merge(out)
}

fn merge(sorted: Vec<Range<usize>>) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = Vec::with_capacity(sorted.len());
    for r in sorted {
        if r.is_empty() {
            continue;
        }
        match out.last_mut() {
            Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
            _ => out.push(r),
        }
    }
    out
}

fn markdown_blocks(text: &str, lines: &LineIndex, out: &mut Vec<Range<usize>>) {
    let n = lines.len();
    let mut i = 0;
    // Front matter: `---` on the first line up to the next `---` or `...`.
    if n > 0 && text[lines.line_range(0, text)].trim_end() == "---" {
        let mut j = 1;
        while j < n {
            let l = text[lines.line_range(j, text)].trim_end();
            if l == "---" || l == "..." {
                out.push(0..lines.line_range(j, text).end);
                i = j + 1;
                break;
            }
            j += 1;
        }
    }
    let mut prev_blank = true;
    let mut fence: Option<(char, usize, usize)> = None; // (char, count, start offset)
    while i < n {
        let r = lines.line_range(i, text);
        let line = &text[r.clone()];
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        if let Some((fc, count, start)) = fence {
            let run = trimmed.chars().take_while(|&c| c == fc).count();
            if run >= count && trimmed[run..].trim().is_empty() {
                out.push(start..r.end);
                fence = None;
            }
            i += 1;
            continue;
        }
        if indent <= 3 && (trimmed.starts_with("```") || trimmed.starts_with("~~~")) {
            let fc = trimmed.chars().next().unwrap_or('`');
            let count = trimmed.chars().take_while(|&c| c == fc).count();
            fence = Some((fc, count, r.start));
            i += 1;
            continue;
        }
        let blank = trimmed.is_empty();
        if !blank && prev_blank && (line.starts_with("    ") || line.starts_with('\t')) {
            // Indented code block: this line and following indented or blank lines.
            let start = r.start;
            let mut end = r.end;
            let mut j = i + 1;
            while j < n {
                let rj = lines.line_range(j, text);
                let lj = &text[rj.clone()];
                if lj.trim().is_empty() {
                    j += 1;
                    continue;
                }
                if lj.starts_with("    ") || lj.starts_with('\t') {
                    end = rj.end;
                    j += 1;
                } else {
                    break;
                }
            }
            out.push(start..end);
            i = j;
            prev_blank = false;
            continue;
        }
        // Reference-style link definition: `[label]: target`.
        if indent <= 3 && trimmed.starts_with('[') {
            if let Some(close) = trimmed.find("]:") {
                out.push(r.start + indent + close + 2..r.end);
            }
        }
        prev_blank = blank;
        i += 1;
    }
    if let Some((_, _, start)) = fence {
        out.push(start..text.len());
    }
}

fn markdown_inline(text: &str, out: &mut Vec<Range<usize>>) {
    let b = text.as_bytes();
    // HTML comments.
    let mut from = 0;
    while let Some(s) = memchr::memmem::find(&b[from..], b"<!--") {
        let s = from + s;
        let e = memchr::memmem::find(&b[s + 4..], b"-->").map_or(b.len(), |e| s + 4 + e + 3);
        out.push(s..e);
        from = e;
    }
    // Inline code: a run of N backticks up to the next run of exactly N on the same paragraph.
    let mut i = 0;
    while let Some(off) = memchr::memchr(b'`', &b[i..]) {
        let s = i + off;
        let n = b[s..].iter().take_while(|&&c| c == b'`').count();
        let mut j = s + n;
        let mut found = None;
        while let Some(o) = memchr::memchr(b'`', &b[j..]) {
            let k = j + o;
            let m = b[k..].iter().take_while(|&&c| c == b'`').count();
            if memchr::memmem::find(&b[j..k], b"\n\n").is_some() {
                break;
            }
            if m == n {
                found = Some(k + m);
                break;
            }
            j = k + m;
        }
        match found {
            Some(e) => {
                out.push(s..e);
                i = e;
            }
            None => i = s + n,
        }
    }
    // Link and image targets: `](target)`, and autolinks / HTML tags `<...>`.
    let mut from = 0;
    while let Some(o) = memchr::memmem::find(&b[from..], b"](") {
        let s = from + o + 2;
        let e = memchr::memchr2(b')', b'\n', &b[s..]).map_or(b.len(), |e| s + e);
        out.push(s..e);
        from = e.max(s);
    }
    let mut from = 0;
    while let Some(o) = memchr::memchr(b'<', &b[from..]) {
        let s = from + o;
        let next = b.get(s + 1).copied().unwrap_or(b' ');
        if next.is_ascii_alphabetic() || next == b'/' {
            if let Some(e) = memchr::memchr2(b'>', b'\n', &b[s..]).filter(|&e| b[s + e] == b'>') {
                out.push(s..s + e + 1);
                from = s + e + 1;
                continue;
            }
        }
        from = s + 1;
    }
}

#[cfg(test)]
mod tests {
    use crate::document::{Document, Format};

    fn masked(t: &str, fmt: Format) -> Vec<&str> {
        let doc = Document::parse(t, fmt);
        doc.non_prose.iter().map(|r| &t[r.clone()]).collect()
    }

    #[test]
    fn urls_in_plain_text() {
        assert_eq!(
            masked(
                "See https://example.com/a.b. Or mail ed@example.org.",
                Format::Text
            ),
            ["https://example.com/a.b", "ed@example.org"]
        );
    }

    #[test]
    fn each_kind_of_address_alone_is_found() {
        // Each text has only one of the marks the addresses are looked for by.
        for (t, want) in [
            ("Read ftp://example.com/x now.", "ftp://example.com/x"),
            ("Read www.example.com now.", "www.example.com"),
            ("Write to ed@example.org now.", "ed@example.org"),
        ] {
            assert_eq!(masked(t, Format::Text), [want], "{t}");
        }
        // Colons that open no address, one of them the last byte.
        for t in ["At 10:30, she said: no.", "He said:"] {
            assert!(masked(t, Format::Text).is_empty(), "{t}");
        }
    }

    #[test]
    fn markdown_code_and_links() {
        let t = "---\ntitle: the the\n---\n\nUse `the the` and [a link](http://x.y/the the).\n\n```\nthe the\n```\n\n<!-- the the -->\n";
        let m = masked(t, Format::Markdown);
        assert!(m.contains(&"---\ntitle: the the\n---"));
        assert!(m.contains(&"`the the`"));
        assert!(m.contains(&"```\nthe the\n```"));
        assert!(m.contains(&"<!-- the the -->"));
        assert!(m.iter().any(|s| s.starts_with("http://x.y/the")));
    }
}
