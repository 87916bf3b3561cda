//! `mt/repeated-word`.

use crate::diagnostic::{Diagnostic, Edit, Fix, Severity};
use crate::document::Document;
use crate::rules::{FixAvailability, Rule, RuleMeta};
use wide::u8x16;

const EXPLANATION: &str = "\
## What it flags
A word or a short phrase (one to three words) repeated back to back: `the the`, `in the in the`, and
the machine-translation seam where the last word of a sentence comes back as a sentence of its own:
`the United States. States.`

## Why
Translation engines split text into segments at full stops. A wrong split, or an engine that repeats
what it already covered, leaves the end of one segment duplicated at the start of the next. Typing
slips leave `the the`. Both are easy to read past.

## Example
Flagged:  `to prevent migrants from entering the United States. States.`
Fixed:    `to prevent migrants from entering the United States.`

## Not flagged
Repetitions English allows: `had had`, `that that` (but not before `the`, `a` or another
determiner: `said that that the bridge`), `what it is is`, `her her`, reduplicated names
(`Walla Walla`, `Woy Woy`, `Baden-Baden`), `New York, New York` and `very, very` (a comma between),
interjections (`bye bye`, `no no`), numbers in tables and lists, a word in two columns of a row
separated by a tab (`open`, a tab, `open`), and repeats across paragraphs.

## Fix safety
Safe: the repeat, with the space or the sentence break before it, is deleted; nothing else changes.";

/// Flags words and short phrases repeated back to back, including across a sentence break.
pub struct RepeatedWord;

static META: RuleMeta = RuleMeta::builtin(
    "mt/repeated-word",
    Severity::Warning,
    "A word or short phrase repeated back to back, also across a sentence break",
    FixAvailability::Safe,
    EXPLANATION,
);

/// Words whose doubling is ordinary English.
const LEGIT_DOUBLES: &[&str] = &[
    "had", "that", "her", "bye", "no", "ha", "tut", "chop", "knock", "there", "now", "well",
    "night", "boo", "yada", "blah", "so", "bang", "pom", "tsk", "hush", "din", "quack", "beep",
    "yum", "ho", "la", "cha", "tom", "bla",
];

/// Determiners that cannot follow the demonstrative `that` (`said that that the`).
const DETERMINERS: &[&str] = &[
    "the", "a", "an", "his", "their", "its", "our", "these", "those", "some", "many", "most",
];

/// Whether `that that` at word `i` is a slip: a determiner right after it rules out `that` the
/// demonstrative (`said that that was wrong`), unless a cleft sentence puts a relative `that`
/// there (`it was that that the voters rejected`).
fn doubled_that(doc: &Document, i: usize) -> bool {
    let text = doc.text;
    let words = &doc.words;
    if i + 2 >= words.len() {
        return false;
    }
    let (second, next) = (words.at(i + 1), words.at(i + 2));
    if &text[second.end()..next.start()] != " " {
        return false;
    }
    let next = text[next.span()].to_ascii_lowercase();
    let cleft = i.checked_sub(1).is_some_and(|k| {
        let before = &text[words.at(k).span()];
        ["is", "was", "it's", "it’s", "s"]
            .iter()
            .any(|c| before.eq_ignore_ascii_case(c))
    });
    DETERMINERS.contains(&next.as_str()) && !cleft
}

/// Function words that are never part of a reduplicated name.
const FUNCTION_WORDS: &[&str] = &[
    "the", "a", "an", "and", "or", "but", "of", "in", "on", "at", "to", "for", "with", "by",
    "from", "as", "is", "was", "are", "were", "be", "it", "he", "she", "they", "we", "i", "you",
    "this", "his", "its", "their", "our", "not",
];

/// Whether words `a` and `b` can be the same: the same length (capped at 255, as
/// [`Words`](crate::document::Words) keeps it) and the same first byte with bit 5 set. Setting the
/// bit folds ASCII case in one instruction; that it also folds a few marks together (`@` and
/// `` ` ``) only adds candidates that the comparison of the words rejects.
#[inline]
fn lookalike(bytes: &[u8], (starts, lens): (&[u32], &[u8]), a: usize, b: usize) -> bool {
    lens[a] == lens[b] && bytes[starts[a] as usize] | 0x20 == bytes[starts[b] as usize] | 0x20
}

/// Whether a repeat of `n` words can start at word `k`: words `k..k + n` look like the `n` after
/// them.
#[inline]
fn repeat_at(bytes: &[u8], raw: (&[u32], &[u8]), k: usize, n: usize) -> bool {
    k + 2 * n <= raw.1.len() && (0..n).all(|j| lookalike(bytes, raw, k + j, k + n + j))
}

/// The first word from `from` on where a repeat of one, two or three words can start (see
/// [`repeat_at`]). Most stretches of prose have none, so the lengths of sixteen words at a time
/// are compared first, straight from the word list; only the few words whose lengths allow a
/// repeat (about one in seven) have their first letters read from the text.
fn next_lookalike(bytes: &[u8], raw: (&[u32], &[u8]), from: usize) -> Option<usize> {
    let lens = raw.1;
    let sixteen = |k: usize| {
        let a: [u8; 16] = lens[k..k + 16].try_into().expect("sixteen lengths");
        u8x16::from(a)
    };
    let check = |k: usize| (1..=3).any(|n| repeat_at(bytes, raw, k, n));
    let mut k = from;
    // Each block reads the lengths of its sixteen words and the five after them.
    while k + 21 <= lens.len() {
        let (a0, a1, a2) = (sixteen(k), sixteen(k + 1), sixteen(k + 2));
        let (a3, a4, a5) = (sixteen(k + 3), sixteen(k + 4), sixteen(k + 5));
        let m = a0.simd_eq(a1)
            | (a0.simd_eq(a2) & a1.simd_eq(a3))
            | (a0.simd_eq(a3) & a1.simd_eq(a4) & a2.simd_eq(a5));
        let mut bits = m.to_bitmask();
        while bits != 0 {
            let at = k + bits.trailing_zeros() as usize;
            if check(at) {
                return Some(at);
            }
            bits &= bits - 1;
        }
        k += 16;
    }
    (k..lens.len()).find(|&k| check(k))
}

#[inline]
fn same_word(a: &str, b: &str) -> bool {
    // Case-folding never changes the length of the letters news copy uses, so a length check
    // rejects nearly every pair at once.
    if a.len() != b.len() || !a.as_bytes()[0].eq_ignore_ascii_case(&b.as_bytes()[0]) {
        return false;
    }
    if a.is_ascii() && b.is_ascii() {
        a.eq_ignore_ascii_case(b)
    } else {
        a.chars()
            .flat_map(char::to_lowercase)
            .eq(b.chars().flat_map(char::to_lowercase))
    }
}

/// A weekday or a month, which no name doubles (`May` aside, a name too).
fn is_date_word(w: &str) -> bool {
    super::WEEKDAYS.contains(&w)
        || [
            "January",
            "February",
            "March",
            "April",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ]
        .contains(&w)
}

fn is_capitalized(w: &str) -> bool {
    w.chars().next().is_some_and(char::is_uppercase)
}

fn is_number(w: &str) -> bool {
    w.chars().any(|c| c.is_ascii_digit())
}

/// What separates the two copies.
#[derive(PartialEq)]
enum Seam {
    /// Spaces or one line break.
    Space,
    /// A full stop (or ! ?) and space: the repeat is a one-fragment sentence.
    Sentence,
}

fn classify_gap(gap: &str) -> Option<Seam> {
    if gap.is_empty() {
        return None;
    }
    if gap
        .chars()
        .all(|c| c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\u{A0}')
    {
        // One line break at most: a blank line is a paragraph break. A tab between two words
        // of one line separates the columns of a table (`open\topen`), not words of prose; a
        // tab that indents the next line does not.
        let same_line = gap.split('\n').next().unwrap_or("");
        return (gap.matches('\n').count() <= 1 && !same_line.contains('\t'))
            .then_some(Seam::Space);
    }
    let rest = gap.strip_prefix(['.', '!', '?'])?;
    (!rest.is_empty() && rest.chars().all(|c| c == ' ' || c == '\u{A0}') && !rest.contains('\n'))
        .then_some(Seam::Sentence)
}

impl Rule for RepeatedWord {
    fn meta(&self) -> &RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, out: &mut Vec<Diagnostic>) {
        let text = doc.text;
        let words = &doc.words;
        let bytes = text.as_bytes();
        let raw = words.raw();
        let mut i = 0;
        'outer: while i < words.len() {
            // A repeat of n words at i needs words i..i + n to look like the n after them: skip
            // to the next word where they do for an n up to three.
            match next_lookalike(bytes, raw, i) {
                Some(k) => i = k,
                None => break,
            }
            for n in (1..=3).rev() {
                if i + 2 * n > words.len() {
                    continue;
                }
                let first = |k: usize| words.at(i + k);
                let second = |k: usize| words.at(i + n + k);
                if !repeat_at(bytes, raw, i, n)
                    || !(0..n).all(|k| same_word(&text[first(k).span()], &text[second(k).span()]))
                    || doc.paragraph_at(first(0).start()) != doc.paragraph_at(second(n - 1).start())
                {
                    continue;
                }
                // Inner gaps of both copies must match, and be plain spaces.
                let inner_ok = (0..n - 1).all(|k| {
                    let g1 = &text[first(k).end()..first(k + 1).start()];
                    let g2 = &text[second(k).end()..second(k + 1).start()];
                    g1 == g2 && g1.chars().all(|c| c == ' ')
                });
                if !inner_ok {
                    continue;
                }
                let end1 = first(n - 1).end();
                let start2 = second(0).start();
                let Some(seam) = classify_gap(&text[end1..start2]) else {
                    continue;
                };
                let end2 = second(n - 1).end();
                if let Some(span) = self.judge(doc, i, n, seam, end1, end2) {
                    let phrase = &text[second(0).start()..end2];
                    let (msg, fix) = if span.start == end1 {
                        (
                            format!("`{phrase}` is repeated"),
                            "Remove the repeated word",
                        )
                    } else {
                        (
                            format!("`{phrase}` is repeated after the sentence break"),
                            "Remove the repeated fragment",
                        )
                    };
                    let fix_msg = if n > 1 {
                        fix.replace("word", "phrase")
                    } else {
                        fix.to_string()
                    };
                    out.push(
                        META.diag(first(0).start()..span.end, msg)
                            .with_label(second(0).start()..end2, "repeat")
                            .with_fix(Fix::safe(fix_msg, vec![Edit::delete(span)])),
                    );
                    i += 2 * n;
                    continue 'outer;
                }
            }
            i += 1;
        }
    }
}

impl RepeatedWord {
    /// Returns the range to delete when the repeat at word `i` (length `n`) is an error.
    fn judge(
        &self,
        doc: &Document,
        i: usize,
        n: usize,
        seam: Seam,
        end1: usize,
        end2: usize,
    ) -> Option<std::ops::Range<usize>> {
        let text = doc.text;
        let w = |k: usize| &text[doc.words.at(k).span()];
        if (i..i + n).any(|k| is_number(w(k))) {
            return None;
        }
        match seam {
            Seam::Space => {
                if n == 1 {
                    let lower = w(i).to_lowercase();
                    if LEGIT_DOUBLES.contains(&lower.as_str())
                        && !(lower == "that" && doubled_that(doc, i))
                    {
                        return None;
                    }
                    if lower == "is" || lower == "do" || lower == "does" {
                        // "What it is is", "what they do do": a clause ending in the verb is the subject.
                        let back = i.saturating_sub(4)..i;
                        if back.clone().any(|k| {
                            matches!(
                                w(k).to_lowercase().as_str(),
                                "what"
                                    | "all"
                                    | "thing"
                                    | "point"
                                    | "problem"
                                    | "question"
                                    | "issue"
                                    | "truth"
                                    | "reason"
                                    | "fact"
                                    | "trouble"
                            )
                        }) {
                            return None;
                        }
                    }
                    // Reduplicated names: Walla Walla, Woy Woy, Paw Paw, Sirhan Sirhan; not a day
                    // or a month (`on Monday Monday`).
                    if is_capitalized(w(i))
                        && is_capitalized(w(i + 1))
                        && !FUNCTION_WORDS.contains(&lower.as_str())
                        && !is_date_word(w(i))
                    {
                        return None;
                    }
                }
                Some(end1..end2)
            }
            Seam::Sentence => {
                // The repeat must be a fragment sentence of its own: terminal mark right after it.
                let after = &text[end2..];
                let term = after
                    .chars()
                    .next()
                    .filter(|c| matches!(c, '.' | '!' | '?'))?;
                // Initials or abbreviations ("U.S. U.S.") are handled elsewhere.
                if (i..i + n).any(|k| w(k).chars().count() == 1) {
                    return None;
                }
                Some(end1 + 1..end2 + term.len_utf8())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RepeatedWord;
    use crate::document::{Document, Format};
    use crate::rules::testing::*;

    proptest::proptest! {
        /// The vector search finds the first place a word-by-word look finds, wherever it falls
        /// in a block of sixteen words or in the tail after the last block.
        #[test]
        fn lookalikes_are_found_as_a_word_by_word_look_finds_them(
            picks in proptest::collection::vec(0usize..6, 0..80),
            from in 0usize..80,
        ) {
            // Few distinct words, of two lengths, some sharing a first letter.
            const POOL: [&str; 6] = ["ab", "Ab", "ac", "bc", "abc", "bcd"];
            let text = picks.iter().map(|&p| POOL[p]).collect::<Vec<_>>().join(" ");
            let doc = Document::parse(&text, Format::Text);
            let from = from.min(picks.len());
            let same = |x: usize, y: usize| {
                let (x, y) = (POOL[picks[x]], POOL[picks[y]]);
                x.len() == y.len() && x.as_bytes()[0] | 0x20 == y.as_bytes()[0] | 0x20
            };
            let want = (from..picks.len()).find(|&k| {
                (1..=3).any(|n| k + 2 * n <= picks.len() && (0..n).all(|j| same(k + j, k + n + j)))
            });
            let got = super::next_lookalike(text.as_bytes(), doc.words.raw(), from);
            proptest::prop_assert_eq!(got, want);
        }
    }

    /// Repeats are found wherever they fall relative to the blocks of sixteen word lengths the
    /// search compares at once, and in the last words of a text, which no block covers.
    #[test]
    fn repeats_across_blocks_of_lengths() {
        // Distinct filler words of one length, never repeated.
        let filler = |k: usize| {
            let a = (b'a' + (k / 26 % 26) as u8) as char;
            let b = (b'a' + (k % 26) as u8) as char;
            format!("q{a}{b}")
        };
        for (len, at) in [
            (100, 14),
            (100, 15),
            (100, 16),
            (100, 31),
            (40, 36),
            (40, 38),
            (40, 39),
        ] {
            let mut words: Vec<String> = (0..len).map(filler).collect();
            words.insert(at, "walls walls".to_string());
            let text = words.join(" ");
            let found = run(&RepeatedWord, &text);
            assert_eq!(found.len(), 1, "at {at}: {found:?}");
            assert_eq!(&text[found[0].span.clone()], "walls walls", "at {at}");
        }
    }

    #[test]
    fn flags_repeats() {
        assert_flags(
            &RepeatedWord,
            "to the United States. States.\n",
            &["States. States."],
        );
        assert_flags(&RepeatedWord, "He saw the the cat.", &["the the"]);
        assert_flags(
            &RepeatedWord,
            "It was in the in the box.",
            &["in the in the"],
        );
        assert_flags(&RepeatedWord, "the end of the\nthe festival", &["the\nthe"]);
        assert_flags(&RepeatedWord, "The the cat.", &["The the"]);
        assert_flags(
            &RepeatedWord,
            "Officials said that that the bridge would reopen.",
            &["that that"],
        );
        // A day or a month is no reduplicated name.
        assert_flags(
            &RepeatedWord,
            "The report, published on Monday Monday, is due in March March.",
            &["Monday Monday", "March March"],
        );
    }

    #[test]
    fn hard_negatives() {
        for t in [
            "He had had enough.",
            "She said that that was wrong.",
            "It was that that the voters rejected.",
            "He knew that that plan would fail.",
            "What it is is a mess.",
            "He flew to Walla Walla on Monday.",
            "The band Duran Duran played in May.",
            "They met in Baden-Baden.",
            "New York, New York is a song.",
            "It was very, very cold.",
            "She waved bye-bye. Bye bye, she said.",
            "one step at a time, one step at a time",
            "Scores: 10 10 12",
            "He said no. No one listened.",
            "the end.\n\nthe start",
            "Woy Woy, Paw Paw, Dum Dum and the Mau Mau uprising.",
            "He gave her her book.",
            "U.S. U.S.",
        ] {
            assert_clean(&RepeatedWord, t);
        }
    }

    #[test]
    fn fixes() {
        assert_fixed(
            &RepeatedWord,
            "entering the United States. States.\n",
            "entering the United States.\n",
        );
        assert_fixed(&RepeatedWord, "saw the the cat", "saw the cat");
        assert_fixed(
            &RepeatedWord,
            "the end of the\nthe festival",
            "the end of the festival",
        );
        assert_fixed(&RepeatedWord, "in the in the box", "in the box");
    }
}
