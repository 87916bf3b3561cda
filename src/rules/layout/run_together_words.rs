//! `layout/run-together-words`.

use crate::diagnostic::{Diagnostic, Edit, Fix, Severity};
use crate::document::Document;
use crate::rules::{FixAvailability, Rule, RuleMeta};

const EXPLANATION: &str = "\
## What it flags
Two words run together where a line break, a link or a full stop was stripped: a lowercase word
of three letters or more followed directly by a capitalised one (`closedCity`).

## Why
HTML-to-text conversion drops the `<br>` or `</a>` between two words, and the end of one sentence
glues onto the start of the next.

## Example
Flagged:  `after the market closedCity officials gave no figures`
Suggested: `after the market closed. City officials gave no figures`

## Not flagged
Brand and product names with an inner capital that start with one or two lowercase letters
(`iPhone`, `eBay`, `iOS`), all-caps parts (`macOS`), names like `McDonald` or `DiCaprio`, and the
brands that start with a longer lowercase word (`easyJet`, `easyHotel`, `airBaltic`).

## Fix safety
Suggestion only: whether a space or a full stop was lost depends on the text. A full stop is
suggested, as the usual loss is a sentence end with the break after it, unless the first word is
one no sentence ends on (`the`, `with`, `their`…), where a space is.";

/// Flags a lowercase word glued to a capitalised one.
pub struct RunTogetherWords;

static META: RuleMeta = RuleMeta::builtin(
    "layout/run-together-words",
    Severity::Warning,
    "Two words run together (`closedCity`)",
    FixAvailability::DisplayOnly,
    EXPLANATION,
);

/// Words of three letters or more that no sentence ends on: glued to a capitalised word, they
/// lost only a space (`theDepartment`, `withMexico`).
const NO_SENTENCE_END: &[&str] = &[
    "the", "and", "for", "nor", "but", "yet", "with", "from", "into", "onto", "upon", "about",
    "over", "under", "after", "before", "between", "through", "during", "against", "among",
    "without", "within", "across", "toward", "towards", "than", "that", "which", "who", "whose",
    "whom", "where", "when", "while", "whether", "his", "her", "its", "their", "our", "your",
    "this", "these", "those", "are", "was", "were", "has", "have", "had", "will", "would", "could",
    "should", "can", "may", "might", "must", "not", "via", "per", "near", "each", "every", "both",
    "some", "any", "such", "told", "visit", "visited", "called", "named", "minister", "former",
    "new",
];

/// Brand names that start with a lowercase word of three letters or more and go on with a
/// capital, as news copy writes them: the easyGroup companies and an airline.
const LOWER_CAMEL_BRANDS: &[&str] = &[
    "easyJet",
    "easyHotel",
    "easyCar",
    "easyBus",
    "easyGroup",
    "airBaltic",
];

/// Where a lowercase run of 3+ ASCII letters meets a capital followed by 2+ lowercase letters:
/// the word is ASCII letters only, with exactly one capital, not first. One pass over the bytes.
fn seam(b: &[u8]) -> Option<usize> {
    if b.len() < 6 || !b[0].is_ascii_lowercase() {
        return None;
    }
    let mut capital = None;
    for (i, &c) in b.iter().enumerate().skip(1) {
        if c.is_ascii_lowercase() {
            continue;
        }
        if c.is_ascii_uppercase() && capital.is_none() {
            capital = Some(i);
            continue;
        }
        return None;
    }
    let k = capital?;
    // At least three letters before the capital and two after it.
    (k >= 3 && b.len() - k > 2).then_some(k)
}

impl Rule for RunTogetherWords {
    fn meta(&self) -> &RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, out: &mut Vec<Diagnostic>) {
        let bytes = doc.text.as_bytes();
        // A run-together word has a capital right after a lowercase letter; in prose those are
        // rare: the word scan notes them, and only the words that hold one are looked at.
        let mut last_word = None;
        for at in doc.punct_pairs().seams.iter().map(|&at| at as usize) {
            let Some(wi) = doc.words.first_from(at + 1).checked_sub(1) else {
                continue;
            };
            let w = doc.words.at(wi);
            if at >= w.end() || last_word == Some(wi) {
                continue;
            }
            last_word = Some(wi);
            if let Some(k) = seam(&bytes[w.span()]) {
                let word = &doc.text[w.span()];
                if LOWER_CAMEL_BRANDS.contains(&word) {
                    continue;
                }
                let (first, second) = word.split_at(k);
                let gap = if NO_SENTENCE_END.contains(&first) {
                    " "
                } else {
                    ". "
                };
                out.push(
                    META.diag(
                        w.span(),
                        format!("`{first}` and `{second}` are run together"),
                    )
                    .with_fix(Fix::display_only(
                        format!("Separate the words: `{first}{gap}{second}`"),
                        vec![Edit::insert(w.start() + k, gap)],
                    )),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::RunTogetherWords;
    use crate::rules::testing::*;

    #[test]
    fn flags() {
        assert_flags(
            &RunTogetherWords,
            "after the market closedCity officials",
            &["closedCity"],
        );
        // A full stop after a word a sentence can end on, a space after one it cannot.
        assert_fixed(
            &RunTogetherWords,
            "after the market closedCity officials",
            "after the market closed. City officials",
        );
        assert_fixed(
            &RunTogetherWords,
            "a visit by theDepartment officials",
            "a visit by the Department officials",
        );
        assert_fixed(
            &RunTogetherWords,
            "talks withMexico on trade",
            "talks with Mexico on trade",
        );
    }

    #[test]
    fn hard_negatives() {
        assert_clean(
            &RunTogetherWords,
            "iPhone eBay iOS macOS McDonald DiCaprio YouTube PlayStation iPad",
        );
        assert_clean(
            &RunTogetherWords,
            "Flights on easyJet and airBaltic, rooms at easyHotel, easyJet's fares",
        );
    }
}
