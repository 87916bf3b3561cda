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
Flagged:  the second copy of `Tourism officials said the permits would be shared out by lottery…`
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
        // Two copies have the same length, and most paragraphs of a story have a length no
        // other has: a paragraph is hashed only once a second one of its length turns up, and
        // only then are its words counted. `by_len` holds, for each length seen, the first
        // paragraph of that length while it is the only one that may count (then HASHED: it is
        // in `seen`).
        const HASHED: u32 = u32::MAX;
        let mut by_len: FxHashMap<usize, u32> =
            FxHashMap::with_capacity_and_hasher(doc.paragraphs.len(), Default::default());
        // Paragraph indexes keyed by a hash of their text, compared by text: four bytes a
        // paragraph, where a map from text slices would take thirty-odd.
        let mut seen: HashTable<u32> = HashTable::new();
        let hash_of = |i: u32| xxh3_64(doc.slice(&doc.paragraphs[i as usize]).as_bytes());
        // Whether a paragraph has enough words: its eighth word starts inside it (words never
        // cross a paragraph).
        let long_enough = |i: u32| {
            let p = &doc.paragraphs[i as usize];
            let first = doc.words.first_from(p.start);
            doc.words
                .get(first + MIN_WORDS - 1)
                .is_some_and(|w| w.start() < p.end)
        };
        for (pi, p) in doc.paragraphs.iter().enumerate() {
            let text = doc.slice(p);
            let alone = by_len.entry(p.len()).or_insert(pi as u32);
            if *alone == pi as u32 || !long_enough(pi as u32) {
                continue;
            }
            if *alone != HASHED {
                if !long_enough(*alone) {
                    // The first of this length does not count: this one takes its place.
                    *alone = pi as u32;
                    continue;
                }
                if seen.capacity() == 0 {
                    // Sized once for every paragraph that may still come: growing would hash
                    // every paragraph in it again, reading them from all over a large file.
                    seen.reserve(doc.paragraphs.len() - pi + 1, |&i| hash_of(i));
                }
                seen.insert_unique(hash_of(*alone), *alone, |&i| hash_of(i));
                *alone = HASHED;
            }
            let hash = xxh3_64(text.as_bytes());
            let found = seen.find(hash, |&i| doc.slice(&doc.paragraphs[i as usize]) == text);
            if let Some(&earlier) = found {
                let earlier = earlier as usize;
                let prev_end = doc.paragraphs[pi - 1].end;
                let earlier_line = doc.lines.line_of(doc.paragraphs[earlier].start) + 1;
                out.push(
                    META.diag(
                        p.clone(),
                        format!("this paragraph already appears at line {earlier_line}"),
                    )
                    .with_label(doc.paragraphs[earlier].clone(), "first copy")
                    .with_fix(Fix::safe(
                        "Remove the repeated paragraph",
                        vec![Edit::delete(prev_end..p.end)],
                    )),
                );
            } else {
                seen.insert_unique(hash, pi as u32, |&i| hash_of(i));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RepeatedParagraph;
    use crate::rules::testing::*;

    const P: &str =
        "Tourism officials said the permits would be shared out by lottery each season.";

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
        // Every paragraph shares its length with the others, so every one is hashed.
        let para = |i: usize| format!("{P} Item {i:05}.");
        let mut t = String::new();
        for i in 0..3000 {
            t.push_str(&para(i));
            t.push_str("\n\n");
        }
        for i in [7, 1500, 2999] {
            t.push_str(&para(i));
            t.push_str("\n\n");
        }
        let found = run(&RepeatedParagraph, &t);
        let firsts: Vec<&str> = found.iter().map(|d| &t[d.labels[0].span.clone()]).collect();
        assert_eq!(firsts, [para(7), para(1500), para(2999)]);
        assert!(found
            .iter()
            .all(|d| d.span.start >= 3000 * (para(0).len() + 2)));
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
