//! A prefilter for pack regexes that no literal narrows: their *pivot*.
//!
//! `[0-9]{1,3},[0-9]{1,2}[ \t]?(?:%|percent|…)` has no literal of four bytes that every match
//! holds, but every match holds a `,` with a digit right before it and a digit right after it,
//! and starts at most three bytes before that comma and ends at most 13 after it. In prose a
//! comma nearly always follows a letter. A vector scan finds the few places where the pivot byte
//! has the right neighbours, and the regex searches only a short window around each, instead of
//! visiting every comma of the text.
//!
//! A pivot is read off the parsed regex: a top-level sequence with a literal in it, a single
//! ASCII class (or a literal) right before the literal and right after its first byte, and a bounded
//! length before and after it.

use super::literals::{ascii_ranges, top_level_sequence};
use crate::document::ascii::{byte_pairs, eq, in_range};
use regex_automata::dfa::{dense, Automaton, StartKind};
use regex_automata::meta::Regex as MetaRegex;
use regex_automata::nfa::thompson;
use regex_automata::{Anchored, Input};
use regex_syntax::hir::{Class, Hir, HirKind};
use std::ops::Range;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;
use wide::u8x16;

/// The most byte ranges a neighbour class may have: each is one vector test.
const MAX_RANGES: usize = 4;

/// Where every match of a regex holds its pivot byte, and how far it can reach around it.
#[derive(Debug)]
pub(super) struct Pivot {
    /// The first byte of a literal every match holds.
    byte: u8,
    /// The byte right before the pivot is in one of these ranges…
    before: Vec<(u8, u8)>,
    /// …and the byte right after it in one of these.
    after: Vec<(u8, u8)>,
    /// Whether the candidates can be read off the word scan's list (see [`after_a_mark()`]).
    after_a_mark: bool,
    /// A match starts at most this many bytes before the pivot…
    max_before: usize,
    /// …and is at most this long.
    max_len: usize,
    /// The part of the regex from the pivot on: a match holds the pivot where this matches.
    rest: Hir,
    /// `rest` as a small DFA that only answers whether it matches at a place (`None` if it
    /// cannot be built, as with Unicode `\b`). Building it takes about as long as a hundred
    /// searches with the regex, so it is built once the run has met [`REST_DFA_AFTER`]
    /// candidates: a run over one story never pays for it.
    rest_dfa: OnceLock<Option<dense::DFA<Vec<u32>>>>,
    /// Candidates met before the DFA was built.
    candidates_met: AtomicUsize,
}

/// Candidates a run meets before it builds the DFA of a pivot's rest.
const REST_DFA_AFTER: usize = 256;

/// The most bytes the DFA of a pivot's rest may take: a bigger one is not worth building.
const REST_DFA_BYTES: usize = 1 << 16;

/// The pivot of `pattern`, if it has one.
pub(super) fn pivot(pattern: &str) -> Option<Pivot> {
    top_level_sequence(pattern, pivot_of)
}

fn pivot_of(items: &[Hir]) -> Option<Pivot> {
    let lens: Vec<usize> = items.iter().map(max_len).collect::<Option<_>>()?;
    let max_len: usize = lens.iter().sum();
    (1..items.len()).find_map(|j| {
        let HirKind::Literal(lit) = items[j].kind() else {
            return None;
        };
        let before = last_byte(&items[j - 1])?;
        let after = match lit.0.get(1) {
            Some(&b) => vec![(b, b)],
            None => first_byte(items.get(j + 1)?)?,
        };
        Some(Pivot {
            byte: lit.0[0],
            after_a_mark: after_a_mark(lit.0[0], &after),
            before,
            after,
            max_before: lens[..j].iter().sum(),
            max_len,
            rest: Hir::concat(items[j..].to_vec()),
            rest_dfa: OnceLock::new(),
            candidates_met: AtomicUsize::new(0),
        })
    })
}

/// The most bytes a match of `hir` can take, if that is bounded.
fn max_len(hir: &Hir) -> Option<usize> {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => Some(0),
        HirKind::Literal(l) => Some(l.0.len()),
        HirKind::Class(Class::Bytes(_)) => Some(1),
        HirKind::Class(Class::Unicode(u)) => {
            Some(u.ranges().last().map_or(0, |r| r.end().len_utf8()))
        }
        HirKind::Repetition(r) => Some(
            usize::try_from(r.max?)
                .ok()?
                .checked_mul(max_len(&r.sub)?)?,
        ),
        HirKind::Capture(c) => max_len(&c.sub),
        HirKind::Concat(hs) => hs.iter().map(max_len).sum(),
        HirKind::Alternation(hs) => hs
            .iter()
            .map(max_len)
            .collect::<Option<Vec<_>>>()?
            .into_iter()
            .max(),
    }
}

/// The byte ranges of an ASCII class, or of a repetition of one that happens at least once.
fn class_ranges(hir: &Hir) -> Option<Vec<(u8, u8)>> {
    let hir = match hir.kind() {
        HirKind::Repetition(r) if r.min >= 1 => &r.sub,
        _ => hir,
    };
    ascii_ranges(hir).filter(|r| (1..=MAX_RANGES).contains(&r.len()))
}

/// The bytes the last byte of a match of `hir` may be: one ASCII class, or a literal's last byte.
fn last_byte(hir: &Hir) -> Option<Vec<(u8, u8)>> {
    match hir.kind() {
        HirKind::Literal(l) => l.0.last().map(|&b| vec![(b, b)]),
        _ => class_ranges(hir),
    }
}

/// The bytes the first byte of a match of `hir` may be: one ASCII class, or a literal's first byte.
fn first_byte(hir: &Hir) -> Option<Vec<(u8, u8)>> {
    match hir.kind() {
        HirKind::Literal(l) => l.0.first().map(|&b| vec![(b, b)]),
        _ => class_ranges(hir),
    }
}

fn within(ranges: &[(u8, u8)], b: u8) -> bool {
    ranges.iter().any(|&(lo, hi)| (lo..=hi).contains(&b))
}

/// Whether every candidate of a pivot `byte` followed by a byte of `after` is right before an
/// entry of the word scan's list of ASCII letters and digits right after a mark (`. , ; : ! ?`):
/// the pivot is one of those marks, and only letters or digits may follow it.
fn after_a_mark(byte: u8, after: &[(u8, u8)]) -> bool {
    const ALNUM: [(u8, u8); 3] = [(b'0', b'9'), (b'A', b'Z'), (b'a', b'z')];
    matches!(byte, b'.' | b',' | b';' | b':' | b'!' | b'?')
        && after
            .iter()
            .all(|&(lo, hi)| ALNUM.iter().any(|&(l, h)| l <= lo && hi <= h))
}

impl Pivot {
    /// The candidates among the places right before `alnum_after_mark` (the word scan's list, in
    /// order): the same as [`Pivot::candidates`] finds when [`after_a_mark()`] holds, read
    /// off a short list instead of the whole text.
    fn candidates_after_marks<'b>(
        &'b self,
        b: &'b [u8],
        alnum_after_mark: &'b [u32],
    ) -> impl Iterator<Item = usize> + 'b {
        crate::document::prefetching(b, alnum_after_mark, |&q| [q as usize])
            .map(|&q| q as usize - 1)
            .filter(move |&p| {
                p >= 1
                    && b[p] == self.byte
                    && within(&self.before, b[p - 1])
                    && within(&self.after, b[p + 1])
            })
    }

    /// The offsets of the pivot byte in `b` with the right bytes on either side, in order.
    fn candidates<'b>(&'b self, b: &'b [u8]) -> impl Iterator<Item = usize> + 'b {
        // The padding must not pass for the pivot.
        let pad = if self.byte == 0 { 1 } else { 0 };
        let pivot = self.byte;
        byte_pairs(
            b,
            pad,
            move |v| {
                self.before
                    .iter()
                    .fold(u8x16::splat(0), |m, &(lo, hi)| m | in_range(v, lo, hi))
            },
            move |v| eq(v, pivot),
        )
        .filter(move |&p| b.get(p + 1).is_some_and(|&x| within(&self.after, x)))
    }

    /// Whether the regex's rest matches at `p` (true when that cannot be told cheaply). Most
    /// candidates fail here within a few bytes (`2,500 people` is no decimal comma), for a
    /// fraction of the cost of a search with `re`.
    fn rest_matches_at(&self, text: &str, p: usize) -> bool {
        if self.rest_dfa.get().is_none()
            && self.candidates_met.fetch_add(1, Ordering::Relaxed) < REST_DFA_AFTER
        {
            return true;
        }
        let dfa = self.rest_dfa.get_or_init(|| {
            let nfa = thompson::Compiler::new().build_from_hir(&self.rest).ok()?;
            dense::Builder::new()
                .configure(
                    dense::Config::new()
                        .start_kind(StartKind::Anchored)
                        .dfa_size_limit(Some(REST_DFA_BYTES))
                        .determinize_size_limit(Some(REST_DFA_BYTES)),
                )
                .build_from_nfa(&nfa)
                .ok()
        });
        let Some(dfa) = dfa else {
            return true;
        };
        // The DFA is walked here rather than through a search, whose set-up cost several times
        // what the few bytes a candidate takes do. A quit state (a byte the DFA gives up on)
        // says nothing: search with `re`.
        let input = Input::new(text).span(p..text.len()).anchored(Anchored::Yes);
        let Ok(mut state) = dfa.start_state_forward(&input) else {
            return true;
        };
        // (A match shows one byte late, in the state after the byte that follows it.)
        let mut bytes = text.as_bytes()[p..].iter();
        loop {
            if dfa.is_special_state(state) {
                if dfa.is_match_state(state) || dfa.is_quit_state(state) {
                    return true;
                }
                if dfa.is_dead_state(state) {
                    return false;
                }
            }
            match bytes.next() {
                Some(&b) => state = dfa.next_state(state, b),
                None => break,
            }
        }
        state = dfa.next_eoi_state(state);
        dfa.is_match_state(state) || dfa.is_quit_state(state)
    }

    /// Every match of `re` (the regex this pivot was read from) in `text`, as `find_iter` finds
    /// them: leftmost-first and without overlaps, but searched for only around the candidates.
    ///
    /// At a candidate `p` the search starts where a match holding it could start (or where the
    /// last match ended) and reaches as far as a match starting at `p` could end, so every match
    /// starting up to `p` fits whole; a match found starting after `p` might not, and is left to a
    /// later candidate, whose window holds it. Look-around (`\b`) sees past a window's edges.
    /// `re` is asked for at the first candidate, so a regex is compiled only for a file that
    /// may match it; if it gives none, nothing is found.
    ///
    /// `alnum_after_mark` is the document's list of letters and digits right after a mark: when
    /// the pivot is such a mark (the decimal comma's is), the candidates are read off it and the
    /// text is not scanned again.
    pub(super) fn find_all<'r>(
        &self,
        text: &str,
        alnum_after_mark: Option<&[u32]>,
        re: impl FnMut() -> Option<&'r MetaRegex>,
        found: impl FnMut(Range<usize>),
    ) {
        let b = text.as_bytes();
        match alnum_after_mark.filter(|_| self.after_a_mark) {
            Some(list) => self.search_at(text, self.candidates_after_marks(b, list), re, found),
            None => self.search_at(text, self.candidates(b), re, found),
        }
    }

    fn search_at<'r>(
        &self,
        text: &str,
        candidates: impl Iterator<Item = usize>,
        mut re: impl FnMut() -> Option<&'r MetaRegex>,
        mut found: impl FnMut(Range<usize>),
    ) {
        let mut at = 0;
        for p in candidates {
            // A match holds the pivot at one of the candidates where the rest matches. Skipping
            // the others loses nothing: a match found from one of them (starting before it,
            // holding its pivot further on) is found again from that later candidate, whose
            // window starts no later and holds it whole.
            if p < at || !self.rest_matches_at(text, p) {
                continue;
            }
            let Some(re) = re() else {
                return;
            };
            let start = p.saturating_sub(self.max_before).max(at);
            let end = (p + self.max_len).min(text.len());
            let Some(m) = re.search(&Input::new(text).span(start..end)) else {
                continue;
            };
            if m.start() > p {
                continue;
            }
            at = m.end().max(m.start() + 1);
            if !m.is_empty() {
                found(m.range());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn pivots_of_pack_regexes() {
        let p = pivot(r"(?-u:\b)[0-9]{1,3},[0-9]{1,2}[ \t]?(?:%|percent(?-u:\b)|per cent(?-u:\b)|million(?-u:\b))")
            .expect("a pivot");
        assert_eq!(p.byte, b',');
        assert_eq!(
            (p.before.clone(), p.after.clone()),
            (vec![(b'0', b'9')], vec![(b'0', b'9')])
        );
        assert_eq!((p.max_before, p.max_len), (3, 3 + 1 + 2 + 1 + 8));
        // A literal of two bytes or more: its second byte comes after the pivot.
        let p = pivot(r"[a-z]ab[0-9]").expect("a pivot");
        assert_eq!(
            (p.byte, p.before, p.after),
            (b'a', vec![(b'a', b'z')], vec![(b'b', b'b')])
        );
        // Unbounded, no literal, a wide class beside the literal, or nothing before it: none.
        for re in [
            r"[0-9]+,[0-9]",
            r"[0-9]{2}[a-z]",
            r"\w,[0-9]",
            r",[0-9]",
            r"(?i)[0-9]x[0-9]",
        ] {
            assert!(pivot(re).is_none(), "{re}");
        }
    }

    #[test]
    fn the_rest_rules_out_candidates() {
        let p = pivot(r"(?-u:\b)[0-9]{1,3},[0-9]{1,2}[ \t]?(?:%|percent(?-u:\b)|million(?-u:\b))")
            .expect("a pivot");
        // Until the run has met enough candidates, every one passes.
        assert!((0..REST_DFA_AFTER).all(|_| p.rest_matches_at("1,000", 1)));
        assert!(p.rest_dfa.get().is_none());
        let text = "2,500 people, 2,5 percent, 3,25%, 4,5 percentage, 5,5 million, 6,5";
        let passing: Vec<&str> = p
            .candidates(text.as_bytes())
            .filter(|&c| p.rest_matches_at(text, c))
            .map(|c| &text[c - 1..c + 2])
            .collect();
        assert_eq!(passing, ["2,5", "3,2", "5,5"]);
        // A match that ends the text, where the end decides it (`\b` after `million`).
        for text in ["rose 2,5%", "5,5 million", "5,5 millions"] {
            let pass = p
                .candidates(text.as_bytes())
                .any(|c| p.rest_matches_at(text, c));
            assert_eq!(pass, !text.ends_with('s'), "{text}");
        }
        // A rest the small DFA cannot take (a Unicode word boundary) passes every candidate.
        let p = pivot(r"[0-9],[0-9]\b").expect("a pivot");
        p.candidates_met.store(REST_DFA_AFTER, Ordering::Relaxed);
        assert!(p.rest_matches_at("1,2x", 1));
        assert!(p.rest_dfa.get().is_some_and(Option::is_none));
    }

    fn naive(re: &MetaRegex, text: &str) -> Vec<Range<usize>> {
        re.find_iter(text)
            .filter(|m| !m.is_empty())
            .map(|m| m.range())
            .collect()
    }

    proptest! {
        #[test]
        fn pivot_search_finds_what_find_iter_finds(
            text in "[0-9a-c,%. \n]{0,200}",
            lo in 1u32..3,
            extra in 0u32..3,
            after in 1u32..3,
            boundary in any::<bool>(),
            tail in proptest::sample::select(vec!["%", "ab", "a|abc", "b?c?", "[a-c]{0,3}", ""]),
            with_rest_dfa in any::<bool>(),
        ) {
            let b = if boundary { r"(?-u:\b)" } else { "" };
            let src = format!("{b}[0-9]{{{lo},{}}},[0-9]{{1,{after}}} ?(?:{tail}){b}", lo + extra);
            let re = MetaRegex::new(&src).unwrap();
            let pv = pivot(&src).expect("a pivot");
            if with_rest_dfa {
                pv.candidates_met.store(REST_DFA_AFTER, Ordering::Relaxed);
            }
            let mut got = Vec::new();
            pv.find_all(&text, None, || Some(&re), |r| got.push(r));
            prop_assert_eq!(got, naive(&re, &text), "{}", src);
            // The same from the word scan's list of letters and digits after a mark.
            let doc = crate::document::Document::parse(&text, crate::document::Format::Text);
            let mut from_list = Vec::new();
            let list = Some(&doc.punct_pairs().alnum_after_mark[..]);
            pv.find_all(&text, list, || Some(&re), |r| from_list.push(r));
            prop_assert_eq!(from_list, naive(&re, &text), "{}", src);
        }
    }
}
