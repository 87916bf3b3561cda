//! `encoding/confusable`.

use crate::diagnostic::{Diagnostic, Edit, Fix, Severity};
use crate::document::Document;
use crate::rules::{FixAvailability, Rule, RuleMeta};
use unicode_script::{Script, UnicodeScript};
use unicode_security::MixedScript;

const EXPLANATION: &str = "\
## What it flags
A word that mixes scripts, such as a Cyrillic `а` or a Greek `ο` inside a Latin word
(`Guаtemala`). Scripts are judged with Unicode's mixed-script data (`unicode-security`), and the
Latin letter a character imitates comes from Unicode's confusables data.

## Why
Homoglyphs arrive with text typed on a Cyrillic or Greek keyboard layout, with OCR, and with
deliberate spoofing. They look right and break search, sorting and spell-checking: `Guаtemala`
never matches `Guatemala`.

## Prevent it
Check the keyboard layout; run copy through a mixed-script check before publishing.

## Example
Flagged:  `Tоmingas` (Cyrillic `о`)  →  `Tomingas`

## Not flagged
Words in one script, whatever it is (`Москва`, `Αθήνα`, `Þórunn`); digits and punctuation with any
script; hyphenated compounds whose parts are each in one script (`β-blocker`).

## Fix safety
Safe when the word is otherwise all Latin and every foreign letter has a Latin look-alike;
otherwise a suggestion.";

/// Flags words that mix scripts.
pub struct Confusable;

static META: RuleMeta = RuleMeta::builtin(
    "encoding/confusable",
    Severity::Error,
    "A word mixing scripts, e.g. a Cyrillic letter inside a Latin word",
    FixAvailability::Safe,
    EXPLANATION,
);

fn latin_lookalike(c: char) -> Option<char> {
    let s: String = unicode_security::skeleton(&c.to_string()).collect();
    let mut cs = s.chars();
    let l = cs.next()?;
    (cs.next().is_none() && l.is_ascii_alphabetic()).then_some(l)
}

/// Spaces, dashes, curly quotes and the like, common to every script (from U+204F on, some
/// chars of the block belong to a few scripts only).
const COMMON_PUNCTUATION: std::ops::RangeInclusive<char> = '\u{2000}'..='\u{204E}';

/// Latin-1 letters and Latin Extended-A and -B (`é`, `ü`, `ł`, `ș`): Latin, but for `×` and `÷`,
/// which are common to every script.
const LATIN_LETTERS: std::ops::RangeInclusive<char> = '\u{C0}'..='\u{24F}';

/// Whether `part` is ASCII with at most [`LATIN_LETTERS`] and [`COMMON_PUNCTUATION`] besides
/// (`don’t`, `café`): such a part is one script without a lookup per char.
fn plain_latin(part: &str) -> bool {
    part.chars()
        .all(|c| c.is_ascii() || LATIN_LETTERS.contains(&c) || COMMON_PUNCTUATION.contains(&c))
}

impl Rule for Confusable {
    fn meta(&self) -> &RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, out: &mut Vec<Diagnostic>) {
        let t = doc.text;
        for w in doc.unusual_words() {
            let word = &t[w.span()];
            // Judge each hyphen-separated part alone.
            let mut offset = w.start();
            for part in word.split(['-', '\u{2010}', '\u{2011}']) {
                let start = offset;
                offset += part.len() + 1;
                if plain_latin(part) || part.is_single_script() {
                    continue;
                }
                let latin = part.chars().filter(|c| c.script() == Script::Latin).count();
                let mut edits = Vec::new();
                let mut all_mapped = true;
                let mut fixed = String::new();
                for (k, c) in part.char_indices() {
                    let sc = c.script();
                    if sc == Script::Latin || sc == Script::Common || sc == Script::Inherited {
                        fixed.push(c);
                        continue;
                    }
                    match latin_lookalike(c) {
                        Some(l) if latin > 0 => {
                            let l = if c.is_uppercase() {
                                l.to_ascii_uppercase()
                            } else {
                                l.to_ascii_lowercase()
                            };
                            fixed.push(l);
                            edits.push(Edit::replace(
                                start + k..start + k + c.len_utf8(),
                                l.to_string(),
                            ));
                        }
                        _ => {
                            all_mapped = false;
                            fixed.push(c);
                        }
                    }
                }
                let foreign: Vec<String> = part
                    .chars()
                    .filter(|c| {
                        !matches!(
                            c.script(),
                            Script::Latin | Script::Common | Script::Inherited
                        )
                    })
                    .map(|c| format!("`{c}` ({:?}, U+{:04X})", c.script(), c as u32))
                    .collect();
                let span = start..start + part.len();
                let d = META.diag(
                    span,
                    format!(
                        "`{part}` mixes scripts: {} among Latin letters",
                        foreign.join(", ")
                    ),
                );
                let fix = if all_mapped && !edits.is_empty() {
                    Fix::safe(format!("Replace with `{fixed}`"), edits)
                } else {
                    Fix::display_only(format!("Replace with `{fixed}`"), edits)
                };
                out.push(if fix.edits.is_empty() {
                    d
                } else {
                    d.with_fix(fix)
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Confusable, COMMON_PUNCTUATION, LATIN_LETTERS};
    use crate::rules::testing::*;

    #[test]
    fn the_shortcut_agrees_with_the_script_check() {
        use unicode_security::MixedScript;
        for c in COMMON_PUNCTUATION.chain(LATIN_LETTERS) {
            let part = format!("a{c}b1\u{2019}\u{E9}");
            assert!(super::plain_latin(&part));
            assert!(part.is_single_script(), "{c:?}");
        }
        assert!(!super::plain_latin("caf\u{0435}") && !super::plain_latin("\u{3B1}"));
    }

    #[test]
    fn flags_and_fixes() {
        assert_fixed(
            &Confusable,
            "Mr T\u{43E}mingas and p\u{435}nguins in Ersfj\u{3BF}rd on telev\u{456}sion",
            "Mr Tomingas and penguins in Ersfjord on television",
        );
        assert_flags(&Confusable, "Gu\u{430}temala", &["Gu\u{430}temala"]);
    }

    #[test]
    fn hard_negatives() {
        assert_clean(
            &Confusable,
            "Москва, Αθήνα, Þórunn, Dvořák, β-blocker, 東京, naïve, 3rd, İstanbul",
        );
    }
}
