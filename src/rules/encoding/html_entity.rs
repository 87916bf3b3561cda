//! `encoding/html-entity`.

use crate::diagnostic::{Diagnostic, Edit, Fix, Severity};
use crate::document::{Document, Format};
use crate::rules::{FixAvailability, Rule, RuleMeta};
use std::ops::Range;

const EXPLANATION: &str = "\
## What it flags
An HTML character reference left in plain text: `it&#8217;s`, `Smith &amp; Jones`,
`&quot;now&quot;`, `&rsquo;`, `&#x2019;`, `&nbsp;`; and one escaped twice, `&amp;#8217;` or
`&amp;quot;`. In Markdown, where a reference is how some characters are written, only the
twice-escaped ones are flagged.

## Why
A feed or CMS escaped the text for HTML and a later step copied it as plain text, or escaped it
a second time. The reader sees the code, not the character.

## Example
Flagged:  `the minister&#8217;s office`
Fixed:    `the minister’s office`

## Not flagged
An ampersand that starts no reference (`AT&T`, `Q&A`, `R&D;`, `Smith & Jones`), a name that is
not an HTML entity (`&nosuch;`), a query string (`?a=1&b=2`), a single reference in Markdown,
and references in Markdown code.

## Fix safety
Safe: the reference is replaced by the character it stands for (`&nbsp;` by a no-break space),
decoded with the HTML table of named references.";

/// Flags HTML character references in plain text.
pub struct HtmlEntity;

static META: RuleMeta = RuleMeta::builtin(
    "encoding/html-entity",
    Severity::Error,
    "An HTML character reference (`&#8217;`, `&amp;`) left in plain text",
    FixAvailability::Safe,
    EXPLANATION,
);

/// The longest reference looked at, `&` and `;` included: the longest HTML entity name has 31
/// bytes, and a numeric reference fewer.
const LONGEST: usize = 34;

/// The reference whose name (or `#` and number) starts at `body`, right after an `&`: its end
/// and what it decodes to, if it is one.
fn reference_at(text: &str, body: usize) -> Option<(usize, String)> {
    let b = text.as_bytes();
    let tail = &b[body..b.len().min(body + LONGEST - 1)];
    let semi = body + memchr::memchr(b';', tail)?;
    let name = &b[body..semi];
    let ok = match name {
        [b'#', b'x' | b'X', hex @ ..] => !hex.is_empty() && hex.iter().all(u8::is_ascii_hexdigit),
        [b'#', digits @ ..] => !digits.is_empty() && digits.iter().all(u8::is_ascii_digit),
        [first, ..] => first.is_ascii_alphabetic() && name.iter().all(u8::is_ascii_alphanumeric),
        [] => false,
    };
    if !ok {
        return None;
    }
    // ASCII only, so the slice is whole chars; a few bytes, copied with the `&`.
    let reference = format!("&{}", &text[body..=semi]);
    match html_escape::decode_html_entities(&reference) {
        std::borrow::Cow::Owned(decoded) => Some((semi + 1, decoded)),
        std::borrow::Cow::Borrowed(_) => None,
    }
}

/// Whether the `;` at `semi` ends an HTML character reference (`&quot;`, `&#8217;`).
pub(crate) fn closes_reference(text: &str, semi: usize) -> bool {
    let b = text.as_bytes();
    let from = semi.saturating_sub(LONGEST);
    let Some(amp) = b[from..semi].iter().rposition(|&c| c == b'&') else {
        return false;
    };
    reference_at(text, from + amp + 1).is_some_and(|(end, _)| end == semi + 1)
}

/// How a decoded reference is shown in the message: an invisible or space character by the
/// name the encoding rules give it (`a zero-width space (U+200B)`), anything else as it is.
fn shown(decoded: &str) -> String {
    let mut chars = decoded.chars();
    let (Some(c), None) = (chars.next(), chars.next()) else {
        return format!("`{decoded}`");
    };
    let name = match c {
        '\u{A0}' => Some("no-break space"),
        _ => super::invisible_char::name(c).or_else(|| super::unusual_space::name(c)),
    };
    match name {
        Some(name) => format!("a {name} (U+{:04X})", c as u32),
        None if c.is_whitespace() || c.is_control() => format!("U+{:04X}", c as u32),
        None => format!("`{c}`"),
    }
}

impl Rule for HtmlEntity {
    fn meta(&self) -> &RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, out: &mut Vec<Diagnostic>) {
        let text = doc.text;
        let markdown = doc.format == Format::Markdown;
        let mut done = 0;
        for at in memchr::memchr_iter(b'&', text.as_bytes()) {
            if at < done {
                continue;
            }
            let Some((mut end, mut decoded)) = reference_at(text, at + 1) else {
                continue;
            };
            // Escaped twice: `&amp;#8217;` is `&#8217;` once decoded.
            let mut twice = false;
            if decoded == "&" {
                if let Some((e, d)) = reference_at(text, end) {
                    end = e;
                    decoded = d;
                    twice = true;
                }
            }
            if markdown && !twice {
                continue;
            }
            let span: Range<usize> = at..end;
            if doc.touches_non_prose(&span) {
                continue;
            }
            done = end;
            let what = if twice {
                "an HTML character reference escaped twice"
            } else {
                "an HTML character reference"
            };
            let show = shown(&decoded);
            out.push(
                META.diag(
                    span.clone(),
                    format!("`{}` is {what}: it stands for {show}", &text[span.clone()]),
                )
                .with_note("the text was escaped for a web page and copied as it was")
                .with_fix(Fix::safe(
                    format!("Replace with {show}"),
                    vec![Edit::replace(span, decoded)],
                )),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::HtmlEntity;
    use crate::document::{Document, Format};
    use crate::rules::testing::*;
    use crate::rules::Rule;

    #[test]
    fn flags_and_fixes() {
        assert_flags(
            &HtmlEntity,
            "Smith &amp; Jones said it&#8217;s over &quot;now&quot; &#x2019; &rsquo;.",
            &[
                "&amp;", "&#8217;", "&quot;", "&quot;", "&#x2019;", "&rsquo;",
            ],
        );
        assert_fixed(
            &HtmlEntity,
            "the minister&#8217;s office said &quot;no&quot;.",
            "the minister’s office said \"no\".",
        );
        assert_fixed(&HtmlEntity, "it&amp;#8217;s &amp;amp; so", "it’s & so");
        assert_fixed(&HtmlEntity, "5&nbsp;km", "5\u{A0}km");
        assert_eq!(super::shown("\u{A0}"), "a no-break space (U+00A0)");
        assert_eq!(super::shown("\u{200B}"), "a zero-width space (U+200B)");
        assert_eq!(super::shown("\u{2009}"), "a thin space (U+2009)");
        assert_eq!(super::shown("’"), "`’`");
    }

    #[test]
    fn tells_the_semicolon_that_ends_a_reference() {
        let t = "&quot;. A; &nosuch; &#8217;";
        let at = |k: usize| t.match_indices(';').nth(k).unwrap().0;
        assert!(super::closes_reference(t, at(0)));
        assert!(!super::closes_reference(t, at(1)));
        assert!(!super::closes_reference(t, at(2)));
        assert!(super::closes_reference(t, at(3)));
    }

    #[test]
    fn hard_negatives() {
        for t in [
            "AT&T and Q&A and R&D; Smith & Jones.",
            "The &nosuch; name and &; and &#; and &#x; and &#12a; stay.",
            "See https://example.com/?a=1&b=2;c=3 for more.",
            "A long & winding road; and so on.",
        ] {
            assert_clean(&HtmlEntity, t);
        }
    }

    #[test]
    fn in_markdown_only_references_escaped_twice() {
        let run_md = |t: &str| {
            let doc = Document::parse(t, Format::Markdown);
            let mut out = Vec::new();
            HtmlEntity.check(&doc, &mut out);
            out.iter()
                .map(|d| t[d.span.clone()].to_string())
                .collect::<Vec<_>>()
        };
        assert_eq!(
            run_md("Fish &amp; chips, it&#8217;s `&amp;amp;` and it&amp;#8217;s.\n"),
            ["&amp;#8217;"]
        );
    }
}
