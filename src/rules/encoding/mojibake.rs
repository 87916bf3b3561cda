//! `encoding/mojibake`.

use crate::diagnostic::{Diagnostic, Edit, Fix, Severity};
use crate::document::Document;
use crate::rules::{FixAvailability, Rule, RuleMeta};
use std::ops::Range;

const EXPLANATION: &str = "\
## What it flags
UTF-8 text that was once decoded as Windows-1252 or Latin-1 and saved again: `donâ€™t` for
`don’t`, `CafÃ©` for `Café`, `Â ` for a no-break space, `â€œ…â€\\u{9D}` for curly quotes, and the
double-encoded forms (`Ã¢â‚¬â„¢`). Also the lossy forms where the last byte was lost (`â€�`, `â€?`)
and a `?` inside a word where a lossy conversion dropped a letter (`Ng?i`, `don?t`).

## Why
A scraper, CMS import or e-mail step read UTF-8 bytes with a single-byte code page. UTF-8 is
self-describing, so the damage can be reversed: copydesk encodes the suspicious run back with
Windows-1252 and decodes it as UTF-8, and accepts the result only when it is a complete, valid
character of a kind that occurs in text (a letter, punctuation, a currency sign), never a rare
symbol. That is the approach ftfy takes.

## Prevent it
Declare and use UTF-8 at every hop: feed, scraper, database connection, CMS export.

## Example
Flagged:  `the companyâ€™s accounts`  →  `the company’s accounts`
Flagged:  `KjÃ¦rsgaard`  →  `Kjærsgaard`

## Not flagged
Correct text in French, Spanish, German, Portuguese (`SÃO`, `NÃO` in capitals), Vietnamese,
Turkish or Icelandic; `NESTLÉ®`, `5×£35`, `4288×…` and other sequences that would decode to
unlikely characters.

## Fix safety
Safe when the round trip is exact (the run re-encodes to valid UTF-8 for a likely character).
The lossy forms are suggestions or have no fix: the lost byte is gone.";

/// Flags and reverses UTF-8 that was decoded as Windows-1252.
pub struct Mojibake;

static META: RuleMeta = RuleMeta::builtin(
    "encoding/mojibake",
    Severity::Error,
    "UTF-8 text decoded as Windows-1252 or Latin-1 (`donâ€™t`, `CafÃ©`)",
    FixAvailability::Safe,
    EXPLANATION,
);

/// The Windows-1252 byte a character is the image of, for bytes 0x80–0xFF.
pub(super) fn cp1252_byte(c: char) -> Option<u8> {
    let u = c as u32;
    if (0x80..=0xFF).contains(&u) {
        return Some(u as u8);
    }
    Some(match c {
        '€' => 0x80,
        '‚' => 0x82,
        'ƒ' => 0x83,
        '„' => 0x84,
        '…' => 0x85,
        '†' => 0x86,
        '‡' => 0x87,
        'ˆ' => 0x88,
        '‰' => 0x89,
        'Š' => 0x8A,
        '‹' => 0x8B,
        'Œ' => 0x8C,
        'Ž' => 0x8E,
        '‘' => 0x91,
        '’' => 0x92,
        '“' => 0x93,
        '”' => 0x94,
        '•' => 0x95,
        '–' => 0x96,
        '—' => 0x97,
        '˜' => 0x98,
        '™' => 0x99,
        'š' => 0x9A,
        '›' => 0x9B,
        'œ' => 0x9C,
        'ž' => 0x9E,
        'Ÿ' => 0x9F,
        _ => return None,
    })
}

/// Characters a real mojibake run decodes to.
fn plausible(c: char) -> bool {
    matches!(c as u32,
        0xA0..=0x17F          // Latin-1 supplement, Latin Extended-A
        | 0x218..=0x21B       // Romanian comma-below letters
        | 0x370..=0x3FF       // Greek
        | 0x400..=0x4FF       // Cyrillic
        | 0x1E00..=0x1EFF     // Latin Extended Additional (Vietnamese)
        | 0x2010..=0x2030 | 0x2032..=0x203A
        | 0x20AC | 0x2122
        | 0x3000..=0x9FFF | 0xAC00..=0xD7AF | 0xFF00..=0xFFEF
        | 0x1F300..=0x1FAFF)
}

/// Tries to decode one mis-decoded UTF-8 character starting at `i`; returns its end and the char.
fn decode_at(s: &str, i: usize) -> Option<(usize, char)> {
    let mut chars = s[i..].chars();
    let lead = cp1252_byte(chars.next()?)?;
    let n = match lead {
        0xC2..=0xDF => 1,
        0xE0..=0xEF => 2,
        0xF0..=0xF4 => 3,
        _ => return None,
    };
    // At most four bytes: no allocation for the accented letters of ordinary copy.
    let mut bytes = [lead, 0, 0, 0];
    let mut end = i + s[i..].chars().next()?.len_utf8();
    for slot in &mut bytes[1..=n] {
        let c = chars.next()?;
        let b = cp1252_byte(c)?;
        if !(0x80..=0xBF).contains(&b) {
            return None;
        }
        *slot = b;
        end += c.len_utf8();
    }
    let decoded = std::str::from_utf8(&bytes[..=n]).ok()?.chars().next()?;
    Some((end, decoded))
}

/// Reverses every mis-decoded run in `s` once; `None` when there is none.
fn undo_once(s: &str) -> Option<String> {
    let mut out = String::with_capacity(s.len());
    let mut changed = false;
    let mut i = 0;
    while i < s.len() {
        if let Some((end, c)) = decode_at(s, i) {
            out.push(c);
            i = end;
            changed = true;
        } else {
            let c = s[i..].chars().next()?;
            out.push(c);
            i += c.len_utf8();
        }
    }
    changed.then_some(out)
}

/// [`undo`] of the run `at..end`, taking along what follows it for as long as the repair and the
/// text after it would read as mojibake again (`Ãƒƒƒ€`: the repair of `Ãƒ` is `Ã`, which with the
/// next `ƒ` is `Ãƒ` again), so that one fix settles it; returns the repair and where it ends.
fn undo_settled(text: &str, at: usize, mut end: usize) -> Option<(String, usize)> {
    let mut fixed = undo(&text[at..end])?;
    loop {
        let last = fixed.chars().next_back()?;
        let mut probe = String::with_capacity(16);
        probe.push(last);
        probe.extend(text[end..].chars().take(3));
        match decode_at(&probe, 0) {
            Some((e, _)) if e > last.len_utf8() => {
                let taken = e - last.len_utf8();
                fixed.push_str(&text[end..end + taken]);
                end += taken;
                fixed = undo(&fixed)?;
            }
            _ => return Some((fixed, end)),
        }
    }
}

/// Reverses single and double encoding; `None` unless the result is plausible text.
fn undo(run: &str) -> Option<String> {
    let mut cur = undo_once(run)?;
    for _ in 0..2 {
        match undo_once(&cur) {
            Some(next) if next.chars().all(|c| c.is_ascii() || plausible(c)) => cur = next,
            _ => break,
        }
    }
    cur.chars()
        .all(|c| c.is_ascii() || plausible(c))
        .then_some(cur)
}

impl Rule for Mojibake {
    fn meta(&self) -> &RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, out: &mut Vec<Diagnostic>) {
        let text = doc.text;
        // Every lead character (U+00C2–U+00F4) is encoded with a first byte C3, and the char of
        // a continuation byte after it is outside ASCII: the document has found those pairs.
        let mut runs: Vec<(Range<usize>, String)> = Vec::new();
        let mut i = 0;
        for &at in doc.latin1_pairs() {
            let at = at as usize;
            if at < i {
                continue;
            }
            let mut end = at;
            while let Some((e, _)) = decode_at(text, end) {
                end = e;
            }
            if end > at {
                if let Some((fixed, e)) = undo_settled(text, at, end) {
                    end = e;
                    // `Â` right before a run that starts with `Â` (`ÂÂÂ£`) is debris of the
                    // same damage, and would make a new `Â£` once the run is fixed: it is taken
                    // along, or fixes would remove one `Â` at a time and never settle.
                    let mut start = at;
                    if text[at..].starts_with('Â') {
                        let floor = runs.last().map_or(0, |r: &(Range<usize>, String)| r.0.end);
                        while start >= floor + 'Â'.len_utf8() && text[..start].ends_with('Â') {
                            start -= 'Â'.len_utf8();
                        }
                    }
                    runs.push((start..end, fixed));
                }
                i = end;
            } else {
                i = at + 2;
            }
        }
        // Merge runs inside one word (`Ã©tÃ©`) into one finding.
        let mut groups: Vec<Vec<(Range<usize>, String)>> = Vec::new();
        for run in runs {
            match groups.last_mut() {
                Some(g)
                    if text[g.last().map_or(0, |r| r.0.end)..run.0.start]
                        .chars()
                        .all(char::is_alphanumeric) =>
                {
                    g.push(run)
                }
                _ => groups.push(vec![run]),
            }
        }
        for g in groups {
            let span = g[0].0.start..g[g.len() - 1].0.end;
            let mut fixed_text = String::new();
            let mut pos = span.start;
            for (r, f) in &g {
                fixed_text.push_str(&text[pos..r.start]);
                fixed_text.push_str(f);
                pos = r.end;
            }
            let edits = g
                .iter()
                .map(|(r, f)| Edit::replace(r.clone(), f.clone()))
                .collect();
            out.push(
                META.diag(
                    span.clone(),
                    format!(
                        "mojibake: `{}` should read `{fixed_text}`",
                        &text[span.clone()]
                    ),
                )
                .with_note("UTF-8 text was decoded as Windows-1252 somewhere upstream")
                .with_fix(Fix::safe(format!("Replace with `{fixed_text}`"), edits)),
            );
        }
        self.lossy(doc, out);
    }
}

impl Mojibake {
    /// `â€` with its last byte lost, and `?` standing for a lost letter inside a word.
    fn lossy(&self, doc: &Document, out: &mut Vec<Diagnostic>) {
        let text = doc.text;
        // `â€` starts with `â` and a char outside ASCII, among the few such pairs the document
        // has found.
        let starts = doc.latin1_pairs().iter().map(|&at| at as usize);
        for at in starts.filter(|&at| text[at..].starts_with("â€")) {
            let end = at + "â€".len();
            if decode_at(text, at).is_some() {
                continue;
            }
            let next = text[end..].chars().next();
            let span_end = if matches!(next, Some('\u{FFFD}') | Some('?')) {
                end + next.map_or(0, char::len_utf8)
            } else {
                end
            };
            out.push(
                META.diag(at..span_end, format!("mojibake with a lost byte: `{}` was probably `”`", &text[at..span_end]))
                    .with_note("the third byte of a UTF-8 quotation mark or dash was dropped; check the source")
                    .with_fix(Fix::display_only("Replace with `”`", vec![Edit::replace(at..span_end, "”")])),
            );
        }
        let b = text.as_bytes();
        for q in memchr::memchr_iter(b'?', b) {
            let before = text[..q].chars().next_back();
            let after = text[q + 1..].chars().next();
            if before.is_some_and(char::is_alphabetic) && after.is_some_and(|c| c.is_lowercase()) {
                let wi = doc.word_index_at(q);
                let start = wi.checked_sub(1).map_or(q, |k| doc.words.at(k).start());
                let end = doc.words.get(wi).map_or(q + 1, |w| w.end());
                out.push(
                    META.diag(start..end, format!("`?` inside the word `{}`: a character was lost in a lossy conversion", &text[start..end]))
                        .with_note("the missing letter cannot be recovered from the text; restore it from the source"),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Mojibake;
    use crate::rules::testing::*;

    #[test]
    fn flags_and_fixes() {
        assert_fixed(
            &Mojibake,
            "the companyâ€™s and donâ€™t",
            "the company’s and don’t",
        );
        assert_fixed(
            &Mojibake,
            "CafÃ©s in TromsÃ¸ and KjÃ¦rsgaard",
            "Cafés in Tromsø and Kjærsgaard",
        );
        assert_fixed(&Mojibake, "Ã©tÃ©", "été");
        assert_fixed(&Mojibake, "â€œquotedâ€\u{9D}", "“quoted”");
        assert_fixed(&Mojibake, "donÃ¢â‚¬â„¢t", "don’t");
        assert_fixed(&Mojibake, "10Â\u{A0}km", "10\u{A0}km");
        // A run of `Â` before `Â£` goes in one fix (found by fuzzing: one `Â` per pass).
        assert_fixed(&Mojibake, "costs ÂÂÂÂÂÂÂÂÂÂÂÂ£5 now", "costs £5 now");
        // A repair that would make mojibake again with what follows takes it along (found by
        // fuzzing: `Ãƒ` fixed to `Ã` before another `ƒ`, one `ƒ` per pass).
        assert_fixed(&Mojibake, "a Ãƒƒƒƒ€ b", "a À b");
        assert_fixed(&Mojibake, "a Ãƒƒƒ b", "a Ã b");
        assert_flags(&Mojibake, "the Ng?ti Porou", &["Ng?ti"]);
        assert_flags(&Mojibake, "he said â€�hello", &["â€�"]);
    }

    #[test]
    fn hard_negatives() {
        for t in [
            "SÃO PAULO and NÃO and CONCLUSÃO",
            "Þórhildur Pálsdóttir, Ibáñez, Dvořák, Tūroa, Ní Bhriain",
            "Größe, déjà vu, façade, naïve, São Tomé, Nguyễn Thị, İstanbul, şehir",
            "NESTLÉ® and 5×£35 and 4288×… and VOCÊ…",
            "Is it? yes, what?",
            "https://example.com/?q=a",
        ] {
            assert_clean(&Mojibake, t);
        }
    }
}
