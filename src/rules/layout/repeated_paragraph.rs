//! `layout/repeated-paragraph`.

use crate::diagnostic::{Diagnostic, Edit, Fix, Severity};
use crate::document::Document;
use crate::rules::{FixAvailability, Rule, RuleMeta};
use hashbrown::HashTable;
use rustc_hash::FxHashMap;
use xxhash_rust::xxh3::xxh3_64;

const EXPLANATION: &str = "\
## What it flags
A paragraph of eight words or more that appears twice, word for word, in the same file.

## Why
Copy-and-paste slips, CMS merges and translation tools that re-send a segment leave a paragraph
twice. Readers notice at once; editors scanning for meaning often do not.

## Example
Flagged:  the second copy of `Port officials said the mooring places would be handed out by draw…`
Fixed:    the second copy and the empty line before it are removed.

## Not flagged
Short paragraphs that repeat by design (`Advertisement`, `***`, datelines, list items under
eight words), paragraphs that differ in any word.

## Fix safety
Safe: the later copy is identical to the earlier one, so deleting it loses nothing.";

/// Flags a paragraph that appears twice.
pub struct RepeatedParagraph;

static META: RuleMeta = RuleMeta::builtin(
    "layout/repeated-paragraph",
    Severity::Warning,
    "A paragraph that appears twice in the file",
    FixAvailability::Safe,
    EXPLANATION,
);

const MIN_WORDS: usize = 8;

impl Rule for RepeatedParagraph {
    fn meta(&self) -> &RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, out: &mut Vec<Diagnostic>) {
        if doc.paragraphs.len() < 2 {
            return;
        }
        let cands = candidates(doc);
        if cands.is_empty() {
            return;
        }
        // Paragraph indexes keyed by the hash of their text, compared by text.
        let mut seen: HashTable<u32> = HashTable::new();
        let key = |h: u32| u64::from(h).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        for group in partition(cands) {
            seen.clear();
            seen.reserve(group.len(), |_| unreachable!("an empty table"));
            // The texts are read only when two hashes agree: in a large file the candidates of
            // a group lie all over it.
            let text = |i: u32| doc.slice(&doc.paragraphs[i as usize]);
            for &(h, pi) in &group {
                match seen.find(key(h), |&i| text(i) == text(pi)) {
                    Some(&earlier) => out.push(repeat(doc, pi as usize, earlier as usize)),
                    None => {
                        seen.insert_unique(key(h), pi, |_| unreachable!("reserved"));
                    }
                }
            }
        }
    }
}

/// The paragraphs that may have an earlier copy, with a hash of their text, in the order a
/// single look-up table must take them: each after every earlier paragraph of its length.
///
/// Two copies have the same length, and most paragraphs of a story have a length no other
/// has: a paragraph is hashed only once a second one of its length turns up, and only then
/// are its words counted. `by_len` holds, for each length seen, the first paragraph of that
/// length while it is the only one that may count (then TAKEN: it is among the candidates).
fn candidates(doc: &Document) -> Vec<(u32, u32)> {
    const TAKEN: u32 = u32::MAX;
    let mut by_len: FxHashMap<usize, u32> =
        FxHashMap::with_capacity_and_hasher(doc.paragraphs.len(), Default::default());
    let hash_of =
        |i: u32| (xxh3_64(doc.slice(&doc.paragraphs[i as usize]).as_bytes()) >> 32) as u32;
    // Whether a paragraph has enough words: its eighth word starts inside it (words never
    // cross a paragraph).
    let long_enough = |i: u32| {
        let p = &doc.paragraphs[i as usize];
        let first = doc.words.first_from(p.start);
        doc.words
            .get(first + MIN_WORDS - 1)
            .is_some_and(|w| w.start() < p.end)
    };
    let mut out = Vec::new();
    for (pi, p) in doc.paragraphs.iter().enumerate() {
        let pi = pi as u32;
        let alone = by_len.entry(p.len()).or_insert(pi);
        if *alone == pi || !long_enough(pi) {
            continue;
        }
        if *alone != TAKEN {
            if !long_enough(*alone) {
                // The first of this length does not count: this one takes its place.
                *alone = pi;
                continue;
            }
            out.push((hash_of(*alone), *alone));
            *alone = TAKEN;
        }
        out.push((hash_of(pi), pi));
    }
    out
}

/// Candidates per look-up table: all of them in one group, or, when there are many (a large
/// file, where one table would miss the cache at nearly every look-up), groups of a few
/// thousand by the top bits of their hash. Copies share a hash, so they share a group, and
/// each group keeps the order of the list.
fn partition(cands: Vec<(u32, u32)>) -> Vec<Vec<(u32, u32)>> {
    const GROUP: usize = 1 << 12;
    if cands.len() <= 4 * GROUP {
        return vec![cands];
    }
    let bits = (cands.len() / GROUP).next_power_of_two().trailing_zeros();
    let group_of = |h: u32| (h >> (32 - bits)) as usize;
    let mut sizes = vec![0usize; 1 << bits];
    for &(h, _) in &cands {
        sizes[group_of(h)] += 1;
    }
    let mut groups: Vec<Vec<(u32, u32)>> = sizes.iter().map(|&n| Vec::with_capacity(n)).collect();
    for c in cands {
        groups[group_of(c.0)].push(c);
    }
    groups
}

/// The finding for paragraph `pi`, a copy of paragraph `earlier`.
fn repeat(doc: &Document, pi: usize, earlier: usize) -> Diagnostic {
    let p = &doc.paragraphs[pi];
    let prev_end = doc.paragraphs[pi - 1].end;
    let earlier_line = doc.lines.line_of(doc.paragraphs[earlier].start) + 1;
    META.diag(
        p.clone(),
        format!("this paragraph already appears at line {earlier_line}"),
    )
    .with_label(doc.paragraphs[earlier].clone(), "first copy")
    .with_fix(Fix::safe(
        "Remove the repeated paragraph",
        vec![Edit::delete(prev_end..p.end)],
    ))
}

#[cfg(test)]
mod tests {
    use super::RepeatedParagraph;
    use crate::rules::testing::*;

    const P: &str =
        "Port officials said the mooring places would be handed out by draw each season.";

    #[test]
    fn flags_and_fixes() {
        let t = format!("Intro.\n\n{P}\n\n{P}\n\nEnd.\n");
        assert_flags(&RepeatedParagraph, &t, &[P]);
        assert_fixed(&RepeatedParagraph, &t, &format!("Intro.\n\n{P}\n\nEnd.\n"));
    }

    #[test]
    fn hard_negatives() {
        assert_clean(
            &RepeatedParagraph,
            "Advertisement\n\nText.\n\nAdvertisement\n",
        );
        assert_clean(
            &RepeatedParagraph,
            &format!("{P}\n\n{}\n", P.replace("each", "every")),
        );
        // The same length, a different word.
        assert_clean(
            &RepeatedParagraph,
            &format!("{P}\n\n{}\n", P.replace("each", "this")),
        );
    }

    #[test]
    fn a_short_paragraph_of_the_same_length_comes_first() {
        // Two words as long as P: too short to count, and not the copy the later P points at.
        let short = format!("{} b.", "a".repeat(P.len() - 3));
        assert_eq!(short.len(), P.len());
        let t = format!("{short}\n\n{short}\n\n{P}\n\n{P}\n");
        let found = run(&RepeatedParagraph, &t);
        let got: Vec<(&str, usize)> = found
            .iter()
            .map(|d| (&t[d.span.clone()], d.labels[0].span.start))
            .collect();
        assert_eq!(got, [(P, 2 * (P.len() + 2))]);
    }

    #[test]
    fn copies_among_thousands_of_paragraphs_of_one_length() {
        // Every paragraph shares its length with the others, so every one is hashed, and
        // there are enough of them to be looked up in groups.
        let para = |i: usize| format!("{P} Item {i:05}.");
        let mut t = String::new();
        for i in 0..20_000 {
            t.push_str(&para(i));
            t.push_str("\n\n");
        }
        for i in [7, 1500, 19_999] {
            t.push_str(&para(i));
            t.push_str("\n\n");
        }
        let found = run(&RepeatedParagraph, &t);
        let mut firsts: Vec<&str> = found.iter().map(|d| &t[d.labels[0].span.clone()]).collect();
        firsts.sort();
        assert_eq!(firsts, [para(7), para(1500), para(19_999)]);
        assert!(found
            .iter()
            .all(|d| d.span.start >= 20_000 * (para(0).len() + 2)));
    }

    #[test]
    fn groups_keep_equal_hashes_together_and_in_order() {
        let cands: Vec<(u32, u32)> = (0..100_000u32)
            .map(|i| (i.wrapping_mul(2_654_435_761) % 5_000 * 858_993, i))
            .collect();
        let groups = super::partition(cands.clone());
        assert!(groups.len() > 1);
        assert_eq!(groups.iter().map(Vec::len).sum::<usize>(), cands.len());
        let mut group_of = std::collections::HashMap::new();
        for (g, group) in groups.iter().enumerate() {
            assert!(group.windows(2).all(|w| w[0].1 < w[1].1), "order kept");
            for &(h, _) in group {
                assert_eq!(*group_of.entry(h).or_insert(g), g, "one group per hash");
            }
        }
    }

    #[test]
    fn every_later_copy_points_at_the_first_among_paragraphs_of_one_length() {
        let q = P.replace("each", "this");
        let r = P.replace("each", "that");
        let t = format!("{q}\n\n{P}\n\n{r}\n\n{P}\n\n{q}\n\n{P}\n");
        let found = run(&RepeatedParagraph, &t);
        let at = |line: usize| {
            t.split_inclusive('\n')
                .take(line)
                .map(str::len)
                .sum::<usize>()
        };
        let got: Vec<(usize, usize)> = found
            .iter()
            .map(|d| (d.span.start, d.labels[0].span.start))
            .collect();
        assert_eq!(got, [(at(6), at(2)), (at(8), at(0)), (at(10), at(2))]);
    }
}
