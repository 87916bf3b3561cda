//! `encoding/invisible-char`.

use super::{after_mojibake_lead, for_each_format_candidate};
use crate::diagnostic::{Diagnostic, Edit, Fix, Severity};
use crate::document::Document;
use crate::rules::{FixAvailability, Rule, RuleMeta};
use unicode_script::{Script, UnicodeScript};

const EXPLANATION: &str = "\
## What it flags
Characters that take no space on screen: zero-width space (U+200B), word joiner (U+2060), a
byte-order mark inside the text (U+FEFF), a soft hyphen inside a word (U+00AD), zero-width
joiner and non-joiner (U+200D, U+200C) outside the scripts and emoji sequences that need them,
left-to-right and right-to-left marks, and the bidirectional embeddings, overrides and isolates
(U+202A–U+202E, U+2066–U+2069). The bidirectional controls are errors: they make text display
differently from what it says (the \"Trojan Source\" class). Also the Unicode line and paragraph
separators (U+2028, U+2029), which web forms and word processors leave for a line break and
most tools show as nothing at all.

## Why
They come in with copy pasted from web pages, PDFs, chat apps and word processors. They break
search (`Guatemala` with a hidden character does not match), spell-checking and word counts, and
a bidi override can reverse what a reader sees.

## Prevent it
Strip format characters (Unicode category Cf) in the import step, except ZWJ/ZWNJ in the scripts
that use them.

## Example
Flagged:  `and\\u{200B} the`  →  `and the`;  `peo\\u{AD}ple`  →  `people`

## Not flagged
ZWNJ in Persian, Arabic and Indic words; ZWJ inside emoji sequences (👨‍👩‍👧) and Indic words; the
byte-order mark at the start of the file (reported by `encoding/bom`); a soft hyphen right after
`Ã` or `Â`, where it is half of mojibake (`GarcÃ\u{AD}a` for `García`, reported and fixed whole
by `encoding/mojibake`).

## Fix safety
Safe: the character is removed. A zero-width space between two letters may have marked a word
break, so there the removal is unsafe. A line separator becomes a line break, a paragraph
separator a blank line.";

/// Flags invisible format characters.
pub struct InvisibleChar;

/// The line breaks a Unicode line or paragraph separator stands for.
fn line_break(c: char) -> Option<&'static str> {
    match c {
        '\u{2028}' => Some("\n"),
        '\u{2029}' => Some("\n\n"),
        _ => None,
    }
}

static META: RuleMeta = RuleMeta::builtin(
    "encoding/invisible-char",
    Severity::Warning,
    "An invisible character (zero-width space, soft hyphen, bidi override…)",
    FixAvailability::Safe,
    EXPLANATION,
);

pub(super) fn name(c: char) -> Option<&'static str> {
    Some(match c {
        '\u{200B}' => "zero-width space",
        '\u{200C}' => "zero-width non-joiner",
        '\u{200D}' => "zero-width joiner",
        '\u{200E}' => "left-to-right mark",
        '\u{200F}' => "right-to-left mark",
        '\u{2060}' => "word joiner",
        '\u{FEFF}' => "zero-width no-break space (byte-order mark)",
        '\u{00AD}' => "soft hyphen",
        '\u{180E}' => "Mongolian vowel separator",
        '\u{2061}'..='\u{2064}' => "invisible operator",
        '\u{202A}' => "left-to-right embedding",
        '\u{202B}' => "right-to-left embedding",
        '\u{202C}' => "pop directional formatting",
        '\u{202D}' => "left-to-right override",
        '\u{202E}' => "right-to-left override",
        '\u{2066}' => "left-to-right isolate",
        '\u{2067}' => "right-to-left isolate",
        '\u{2068}' => "first strong isolate",
        '\u{2069}' => "pop directional isolate",
        '\u{2028}' => "line separator",
        '\u{2029}' => "paragraph separator",
        _ => return None,
    })
}

fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Scripts whose words legitimately contain joiners.
fn needs_joiners(c: char) -> bool {
    matches!(
        c.script(),
        Script::Arabic
            | Script::Syriac
            | Script::Devanagari
            | Script::Bengali
            | Script::Gurmukhi
            | Script::Gujarati
            | Script::Oriya
            | Script::Tamil
            | Script::Telugu
            | Script::Kannada
            | Script::Malayalam
            | Script::Sinhala
            | Script::Khmer
            | Script::Myanmar
            | Script::Mongolian
            | Script::Hebrew
            | Script::Thai
            | Script::Lao
            | Script::Tibetan
    )
}

fn is_emoji_part(c: char) -> bool {
    matches!(c as u32, 0x1F000..=0x1FAFF | 0x2600..=0x27BF | 0xFE0F)
}

impl Rule for InvisibleChar {
    fn meta(&self) -> &RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, out: &mut Vec<Diagnostic>) {
        let t = doc.text;
        for_each_format_candidate(doc, |i, c| {
            let Some(what) = name(c) else { return };
            if c == '\u{FEFF}' && i == 0 {
                return;
            }
            // `Ã\u{AD}` is `í` decoded as Windows-1252: encoding/mojibake's, fixed as a whole.
            if c == '\u{AD}' && after_mojibake_lead(t, i) {
                return;
            }
            let prev = t[..i].chars().next_back();
            let next = t[i + c.len_utf8()..].chars().next();
            if matches!(c, '\u{200C}' | '\u{200D}') {
                if prev.is_some_and(needs_joiners) || next.is_some_and(needs_joiners) {
                    return;
                }
                if c == '\u{200D}'
                    && (prev.is_some_and(is_emoji_part) || next.is_some_and(is_emoji_part))
                {
                    return;
                }
            }
            if matches!(c, '\u{200E}' | '\u{200F}')
                && (prev.is_some_and(needs_joiners) || next.is_some_and(needs_joiners))
            {
                return;
            }
            let span = i..i + c.len_utf8();
            let mut d = META.diag(
                span.clone(),
                format!("invisible {what} (U+{:04X})", c as u32),
            );
            if is_bidi_control(c) {
                d.severity = Severity::Error;
                d = d.with_note(
                    "bidirectional controls can make text display differently from what it says",
                );
            }
            let between_letters =
                prev.is_some_and(char::is_alphanumeric) && next.is_some_and(char::is_alphanumeric);
            let fix = if let Some(lines) = line_break(c) {
                // A line break typed in a web form or a word processor: a real one keeps the
                // words apart and the layout the writer meant.
                Fix::safe(
                    "Replace it with a line break",
                    vec![Edit::replace(span, lines)],
                )
            } else if c == '\u{200B}' && between_letters {
                Fix::unsafe_(
                    "Remove the invisible character (it may have marked a word break)",
                    vec![Edit::delete(span)],
                )
            } else {
                Fix::safe("Remove the invisible character", vec![Edit::delete(span)])
            };
            out.push(d.with_fix(fix));
        });
    }
}

#[cfg(test)]
mod tests {
    use super::InvisibleChar;
    use crate::rules::testing::*;

    #[test]
    fn a_soft_hyphen_inside_mojibake_is_left_to_that_rule() {
        // `Ã\u{AD}` is `í` (C3 AD) decoded as Windows-1252; `Â\u{AD}` a soft hyphen the same way.
        assert_clean(
            &InvisibleChar,
            "Jos\u{C3}\u{A9} Garc\u{C3}\u{AD}a and co\u{C2}\u{AD}op",
        );
        // Anywhere else it is flagged, also after other letters outside ASCII.
        assert_flags(&InvisibleChar, "Ma\u{EF}\u{AD}ve", &["\u{AD}"]);
    }

    #[test]
    fn flags_and_fixes() {
        assert_fixed(
            &InvisibleChar,
            "and\u{200B} the peo\u{AD}ple cloak\u{200D}room end\u{2060}.",
            "and the people cloakroom end.",
        );
        assert_flags(
            &InvisibleChar,
            "a \u{202E}txt.exe\u{202C} b",
            &["\u{202E}", "\u{202C}"],
        );
        assert_flags(&InvisibleChar, "mid\u{FEFF}dle", &["\u{FEFF}"]);
        // Line and paragraph separators become real line breaks.
        assert_fixed(
            &InvisibleChar,
            "The vote\u{2028}was held.\u{2029}It passed.",
            "The vote\nwas held.\n\nIt passed.",
        );
    }

    #[test]
    fn hard_negatives() {
        assert_clean(&InvisibleChar, "\u{FEFF}Starts with a BOM.");
        assert_clean(
            &InvisibleChar,
            "می\u{200C}خواهم and 👨\u{200D}👩\u{200D}👧 and क्\u{200D}ष",
        );
    }
}
