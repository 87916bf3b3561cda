//! Sentence splitting that survives news copy: titles, initials, dotted abbreviations, decimals,
//! ellipses and quotations that end a sentence.

use super::{Span, Words};
use std::ops::Range;
use std::sync::LazyLock;

/// Abbreviations after which a period never ends a sentence: titles, months, "No." before a number.
/// Sorted, and none longer than eight bytes.
const NEVER_FINAL: &[&str] = &[
    "Adm", "Apr", "Art", "Aug", "Ave", "Blvd", "Capt", "Cllr", "Cmdr", "Col", "Coun", "Cpl", "Dec",
    "Det", "Dr", "Feb", "Fig", "Fr", "Ft", "Gen", "Gens", "Gov", "Hon", "Insp", "Jan", "Lt", "Maj",
    "Messrs", "Mr", "Mrs", "Ms", "Mt", "Mx", "No", "Nos", "Nov", "Oct", "Pres", "Prof", "Pvt",
    "Rd", "Rep", "Reps", "Rev", "Sen", "Sens", "Sep", "Sept", "Sgt", "St", "Ste", "Supt", "Vol",
    "approx", "art", "ca", "cf", "fig", "p", "para", "pp", "v", "vol", "vs",
];

/// Abbreviations that may end a sentence: a period after them ends one only before a capital.
/// Companies and institutions, and the states of the United States as AP style abbreviates
/// them after a name (`Sen. Mitch McConnell, R-Ky., said`). Sorted, and none longer than eight
/// bytes.
const MAYBE_FINAL: &[&str] = &[
    "Ala", "Ariz", "Ark", "Assn", "Bros", "Calif", "Co", "Colo", "Conn", "Corp", "Del", "Dept",
    "Esq", "Fla", "Ga", "Ill", "Inc", "Ind", "Jr", "Kan", "Ky", "LLC", "La", "Ltd", "Mass", "Md",
    "Mich", "Minn", "Miss", "Mo", "Mont", "Neb", "Nev", "Okla", "Ore", "Pa", "Plc", "Sr", "Tenn",
    "Univ", "Va", "Vt", "Wash", "Wis", "Wyo", "al", "etc", "plc",
];

/// Dotted abbreviations that are usually adjectives ("U.S. officials", "U.N. Security Council").
const DOTTED_ADJECTIVES: &[&str] = &["U.S", "U.K", "U.N", "E.U", "U.A.E", "D.C"];

/// Whether `word` (without its period) is an abbreviation that takes a period.
pub fn is_abbreviation(word: &str) -> bool {
    never_final(word) || maybe_final(word)
}

/// A word of up to eight bytes as one number (longer words are never abbreviations here).
#[inline]
fn packed(word: &str) -> Option<u64> {
    let b = word.as_bytes();
    if b.is_empty() || b.len() > 8 {
        return None;
    }
    // Byte by byte: a copy of a length only known at run time would be a call to `memcpy`.
    Some(
        b.iter()
            .enumerate()
            .fold(0u64, |k, (i, &x)| k | u64::from(x) << (8 * i)),
    )
}

/// A set of short words as numbers in an open-addressed table: one multiplication and a
/// compare or two per lookup, run at every full stop of every file.
struct ShortWords {
    slots: [u64; SLOTS],
}

/// Slots of a [`ShortWords`] table (a power of two: the slot is the top bits of a product).
const SLOTS: usize = 256;

impl ShortWords {
    fn new(words: &[&str]) -> ShortWords {
        let mut set = ShortWords { slots: [0; SLOTS] };
        for k in words.iter().filter_map(|w| packed(w)) {
            let mut i = ShortWords::slot(k);
            while set.slots[i] != 0 && set.slots[i] != k {
                i = (i + 1) % SLOTS;
            }
            set.slots[i] = k;
        }
        set
    }

    #[inline]
    fn slot(k: u64) -> usize {
        (k.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - SLOTS.trailing_zeros())) as usize
    }

    #[inline]
    fn contains(&self, k: u64) -> bool {
        // Packed words are never 0, so 0 marks an empty slot; the table is at most a quarter
        // full, so a word that is not there is usually told by its first slot.
        let mut i = ShortWords::slot(k);
        loop {
            match self.slots[i] {
                0 => return false,
                x if x == k => return true,
                _ => i = (i + 1) % SLOTS,
            }
        }
    }
}

static NEVER_FINAL_SET: LazyLock<ShortWords> = LazyLock::new(|| ShortWords::new(NEVER_FINAL));
static MAYBE_FINAL_SET: LazyLock<ShortWords> = LazyLock::new(|| ShortWords::new(MAYBE_FINAL));

fn never_final(word: &str) -> bool {
    packed(word).is_some_and(|k| NEVER_FINAL_SET.contains(k))
}

fn maybe_final(word: &str) -> bool {
    packed(word).is_some_and(|k| MAYBE_FINAL_SET.contains(k))
}

fn is_terminal(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '…')
}

fn is_closer(c: char) -> bool {
    matches!(c, '"' | '”' | '’' | '\'' | ')' | ']' | '»')
}

/// The word immediately before `offset` (no gap), found in `words`. `cursor` is the index of
/// the first word starting at or after an earlier offset (or 0); it is moved up to `offset`, so
/// a document's full stops, taken in order, walk its words once.
fn word_before<'t>(
    text: &'t str,
    words: &Words,
    offset: usize,
    cursor: &mut usize,
) -> Option<(&'t str, usize)> {
    let starts = words.raw().0;
    // The next full stop is a sentence or so away: search the next few dozen words, and the
    // rest only if it is further.
    let rest = &starts[*cursor..];
    let near = &rest[..rest.len().min(64)];
    let mut k = near.partition_point(|&s| (s as usize) < offset);
    if k == near.len() {
        k = rest.partition_point(|&s| (s as usize) < offset);
    }
    *cursor += k;
    // Words do not overlap: the one before `offset` is the last one starting before it.
    let w = words.get(cursor.checked_sub(1)?)?;
    (w.end() == offset).then(|| (&text[w.span()], w.start()))
}

/// Whether a period at `dot` (with the next sentence's first char `next`) ends a sentence.
fn period_ends_sentence(
    text: &str,
    words: &Words,
    dot: usize,
    next: Option<char>,
    cursor: &mut usize,
) -> bool {
    let next_upper = next.is_some_and(|c| {
        c.is_uppercase() || c.is_ascii_digit() || matches!(c, '“' | '"' | '‘' | '(')
    });
    let Some((word, wstart)) = word_before(text, words, dot, cursor) else {
        return true;
    };
    if never_final(word) {
        return false;
    }
    if maybe_final(word) {
        return next_upper;
    }
    let single = word.chars().count() == 1;
    let dotted_before = wstart > 0 && text.as_bytes()[wstart - 1] == b'.';
    if dotted_before {
        // The last letter of "U.S." or "a.m.": find the whole abbreviation.
        let start = text[..wstart]
            .char_indices()
            .rev()
            .find(|&(_, c)| c.is_whitespace() || c == '(' || c == '“' || c == '"')
            .map_or(0, |(i, c)| i + c.len_utf8());
        let abbr = &text[start..dot];
        if DOTTED_ADJECTIVES.contains(&abbr) {
            return next_upper && next.is_some_and(|c| !c.is_uppercase()) || next.is_none();
        }
        return next_upper;
    }
    if single && word.chars().all(|c| c.is_uppercase()) {
        // An initial: "J. R. R. Tolkien", "Mary K. Hollis".
        return false;
    }
    true
}

/// A searcher for `…`, built once.
static ELLIPSIS: LazyLock<memchr::memmem::Finder<'static>> =
    LazyLock::new(|| memchr::memmem::Finder::new("…".as_bytes()));

/// The next offset at or after `k` (before `end`) of `.`, `!`, `?` or `…`.
#[inline]
fn next_candidate(
    bytes: &[u8],
    k: usize,
    end: usize,
    next_ellipsis: &mut Option<Option<usize>>,
) -> Option<usize> {
    let ellipsis = match *next_ellipsis {
        Some(Some(e)) if e >= k => Some(e),
        Some(None) => None,
        _ => {
            let found = ELLIPSIS.find(&bytes[k..end]).map(|o| k + o);
            *next_ellipsis = Some(found);
            found
        }
    };
    let limit = ellipsis.unwrap_or(end);
    match memchr::memchr3(b'.', b'!', b'?', &bytes[k..limit]) {
        Some(o) => Some(k + o),
        None => ellipsis,
    }
}

pub(super) fn sentences(text: &str, paragraphs: &[Range<usize>], words: &Words) -> Vec<Span> {
    split::<true>(text, paragraphs, words)
}

/// The sentences of `paragraphs`; `FAST` takes a shortcut for the commonest full stop (the
/// tests check that it changes nothing).
fn split<const FAST: bool>(text: &str, paragraphs: &[Range<usize>], words: &Words) -> Vec<Span> {
    let mut out = Vec::with_capacity(paragraphs.len() * 3);
    let bytes = text.as_bytes();
    let (Some(first), Some(last)) = (paragraphs.first(), paragraphs.last()) else {
        return out;
    };
    let mut cursor = words.first_from(first.start);
    // Most stories have no `…` at all: one search of the whole text spares one per paragraph.
    let any_ellipsis = ELLIPSIS.find(&bytes[first.start..last.end]).is_some();
    for p in paragraphs {
        let mut start = p.start;
        let mut k = p.start;
        // Jump from candidate to candidate with a vectorised byte search; `…` is searched
        // separately and remembered until passed (its lead byte also starts curly quotes).
        let mut next_ellipsis = if any_ellipsis { None } else { Some(None) };
        while let Some(i) = next_candidate(bytes, k, p.end, &mut next_ellipsis) {
            // The common case, `word. Next`, without decoding: a lone period, one space, and
            // an ASCII char that is not a space (the general path below gives the same answer).
            if FAST
                && bytes[i] == b'.'
                && i + 2 < p.end
                && bytes[i + 1] == b' '
                && bytes[i + 2] < 0x80
                && !matches!(bytes[i + 2], b'\t' | b'\n' | 0x0B | 0x0C | b'\r' | b' ')
                && !is_terminal(char::from(bytes[i + 2]))
            {
                k = i + 1;
                let next = Some(char::from(bytes[i + 2]));
                if period_ends_sentence(text, words, i, next, &mut cursor) {
                    out.push(Span::new(start, i + 1));
                    start = i + 2;
                }
                continue;
            }
            let c = text[i..].chars().next().unwrap_or(' ');
            k = i + c.len_utf8();
            if !is_terminal(c) {
                continue;
            }
            // Extend over the run of terminals and closing marks.
            let mut j = k;
            let mut dots = usize::from(c == '.');
            let mut has_closer = false;
            let mut ellipsis = c == '…';
            for c2 in text[j..p.end].chars() {
                if is_terminal(c2) {
                    dots += usize::from(c2 == '.');
                    ellipsis |= c2 == '…';
                } else if is_closer(c2) {
                    has_closer = true;
                } else {
                    break;
                }
                j += c2.len_utf8();
            }
            k = j;
            ellipsis |= dots >= 3;
            if j >= p.end {
                break;
            }
            let after = &text[j..p.end];
            if !after.starts_with(char::is_whitespace) {
                continue;
            }
            let next = after.trim_start().chars().next();
            let lower_next = next.is_some_and(|c| c.is_lowercase());
            let breaks = if ellipsis || has_closer {
                !lower_next
            } else if c == '.' && dots == 1 {
                period_ends_sentence(text, words, i, next, &mut cursor)
            } else {
                true
            };
            if breaks {
                out.push(Span::new(start, j));
                let ws = after.len() - after.trim_start().len();
                start = j + ws;
            }
        }
        if start < p.end {
            out.push(Span::new(start, p.end));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::document::{Document, Format};

    fn split(t: &str) -> Vec<&str> {
        let doc = Document::parse(t, Format::Text);
        doc.sentences().iter().map(|r| &t[r.span()]).collect()
    }

    proptest::proptest! {
        #[test]
        fn the_shortcut_splits_like_the_general_path(
            pieces in proptest::collection::vec(proptest::sample::select(&[
                "We", "met", "a", "I", "Mr", "U.S", "No", "3", "etc", ".", ". ", " ", "!", "?",
                "…", "\"", "”", "’", "(", "\n", "\n\n", "\t", "\u{B}", "\u{A0}", "é",
            ][..]), 0..40)
        ) {
            let t = pieces.concat();
            let doc = Document::parse(&t, Format::Text);
            let fast = super::split::<true>(&t, &doc.paragraphs, &doc.words);
            let general = super::split::<false>(&t, &doc.paragraphs, &doc.words);
            proptest::prop_assert_eq!(fast, general);
        }

        #[test]
        fn one_paragraph_finds_the_sentence_the_whole_split_finds(
            pieces in proptest::collection::vec(proptest::sample::select(&[
                "We", "met", "a", "I", "Mr", "U.S", "3", ".", ". ", " ", "!", "?", "…", "”",
                "“", "\n", "\n\n", "é",
            ][..]), 0..40)
        ) {
            // `sentence_at` splits only the paragraph it is asked about, until all are split.
            let t = pieces.concat();
            let lazy = Document::parse(&t, Format::Text);
            let whole = Document::parse(&t, Format::Text);
            let all = whole.sentences();
            for offset in 0..=t.len() {
                let expected = all
                    .iter()
                    .find(|s| s.start() <= offset && offset < s.end())
                    .map(|s| s.span());
                proptest::prop_assert_eq!(lazy.sentence_at(offset), expected.clone());
                proptest::prop_assert_eq!(whole.sentence_at(offset), expected);
            }
        }
    }

    #[test]
    fn abbreviation_lists_are_sorted_and_found() {
        use super::is_abbreviation;
        use super::{MAYBE_FINAL, NEVER_FINAL};
        assert!(NEVER_FINAL.is_sorted(), "NEVER_FINAL must stay sorted");
        assert!(MAYBE_FINAL.is_sorted(), "MAYBE_FINAL must stay sorted");
        for w in NEVER_FINAL.iter().chain(MAYBE_FINAL) {
            assert!(is_abbreviation(w), "{w} must be found");
            assert!(!is_abbreviation(&format!("{w}x")));
        }
        assert!(!is_abbreviation("") && !is_abbreviation("Mrs.Smith"));
    }

    #[test]
    fn news_abbreviations_do_not_split() {
        assert_eq!(
            split("Mr. Smith met Dr. Jones at No. 10 Downing St. on Nov. 14. It rained."),
            [
                "Mr. Smith met Dr. Jones at No. 10 Downing St. on Nov. 14.",
                "It rained."
            ]
        );
        assert_eq!(
            split("J. R. R. Tolkien wrote it. U.S. officials said 3.5 percent."),
            [
                "J. R. R. Tolkien wrote it.",
                "U.S. officials said 3.5 percent."
            ]
        );
        // A state abbreviated after a name goes on before a comma or a lowercase word, and
        // ends its sentence before a capital.
        assert_eq!(
            split("Sen. Ann Lee, R-Ky., and Calif. officials met, said Rep. Tim Cole, D-Calif. He left."),
            [
                "Sen. Ann Lee, R-Ky., and Calif. officials met, said Rep. Tim Cole, D-Calif.",
                "He left."
            ]
        );
    }

    #[test]
    fn quotes_and_ellipses() {
        assert_eq!(
            split("“We will win,” he said. “Wait… no.” She left."),
            ["“We will win,” he said.", "“Wait… no.”", "She left."]
        );
        assert_eq!(
            split("It went on ... and on. Then “Why?” he asked."),
            ["It went on ... and on.", "Then “Why?” he asked."]
        );
    }

    #[test]
    fn multibyte_space_before_a_dotted_abbreviation() {
        // Found by fuzzing: a no-break space before "U.S." made the abbreviation start mid-char.
        assert_eq!(
            split("In the\u{A0}U.S. Senate. Then more."),
            ["In the\u{A0}U.S. Senate.", "Then more."]
        );
    }

    #[test]
    fn mt_seams_split() {
        assert_eq!(
            split("to the United States. States."),
            ["to the United States.", "States."]
        );
        assert_eq!(
            split("ahead of us,” he said. declared."),
            ["ahead of us,” he said.", "declared."]
        );
        assert_eq!(
            split("Acme Inc. said so. Then Acme Inc. The end."),
            ["Acme Inc. said so.", "Then Acme Inc.", "The end."]
        );
    }
}
