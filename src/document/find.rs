//! A search for a few short literals at once.

use super::Either;
use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use std::ops::Range;

/// A search for a few literals, none of them a prefix of another (so the first match at a
/// place is the only one there), with the pattern's index for each match.
///
/// Where the processor has the vector unit it needs, the packed (Teddy) searcher is used
/// alone: its matches need no automaton to confirm them. `AhoCorasick` puts an automaton
/// behind the same searcher and runs it at every candidate, which on news copy, where words
/// such as `The` or `said` turn up every few hundred bytes, costs more than the scan.
pub(crate) enum Literals {
    /// The vectorised searcher alone.
    Packed(aho_corasick::packed::Searcher),
    /// Where the processor has no vector unit the searcher can use.
    Automaton(AhoCorasick),
}

impl Literals {
    /// The searcher for `patterns`: the vectorised one if `packed` and the processor can run
    /// it (`packed` is false only in tests of the other).
    pub(crate) fn new<P: AsRef<[u8]>>(patterns: &[P], packed: bool) -> Literals {
        let searcher = packed
            .then(|| {
                aho_corasick::packed::Config::new()
                    .match_kind(aho_corasick::packed::MatchKind::LeftmostFirst)
                    .builder()
                    .extend(patterns)
                    .build()
            })
            .flatten();
        match searcher {
            Some(searcher) => Literals::Packed(searcher),
            // A contiguous NFA takes a fraction of a DFA's time to build, which every run pays.
            None => Literals::Automaton(
                AhoCorasick::builder()
                    .match_kind(MatchKind::LeftmostFirst)
                    .kind(Some(AhoCorasickKind::ContiguousNFA))
                    .build(patterns)
                    .expect("static patterns"),
            ),
        }
    }

    /// Whether this is the vectorised searcher.
    #[cfg(test)]
    pub(crate) fn is_packed(&self) -> bool {
        matches!(self, Literals::Packed(_))
    }

    /// The matches in `text`, in order: each one's range and pattern index.
    #[inline]
    pub(crate) fn find_iter<'a>(
        &'a self,
        text: &'a str,
    ) -> impl Iterator<Item = (Range<usize>, usize)> + 'a {
        match self {
            Literals::Packed(s) => Either::Left(
                s.find_iter(text)
                    .map(|m| (m.range(), m.pattern().as_usize())),
            ),
            Literals::Automaton(ac) => Either::Right(
                ac.find_iter(text)
                    .map(|m| (m.range(), m.pattern().as_usize())),
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Literals;
    use proptest::prelude::*;

    proptest! {
        /// Both searchers find what a naive search finds, on texts long and short (the packed
        /// searcher has its own path for text shorter than its vectors).
        #[test]
        fn both_searchers_find_every_literal(t in "(He |The |There |, who|x|e| |T|h){0,80}") {
            let patterns = ["He ", "The ", "There ", ", who"];
            let mut want = Vec::new();
            let mut at = 0;
            while at < t.len() {
                match patterns.iter().position(|p| t[at..].starts_with(p)) {
                    Some(k) => {
                        want.push((at..at + patterns[k].len(), k));
                        at += patterns[k].len();
                    }
                    None => at += 1,
                }
            }
            let packed = Literals::new(&patterns, true);
            if cfg!(any(target_arch = "x86_64", target_arch = "aarch64")) {
                prop_assert!(packed.is_packed());
            }
            for searcher in [packed, Literals::new(&patterns, false)] {
                prop_assert_eq!(searcher.find_iter(&t).collect::<Vec<_>>(), want.clone());
            }
        }
    }
}
