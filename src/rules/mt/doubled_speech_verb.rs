//! `mt/doubled-speech-verb`.

use super::WordSet;
use crate::diagnostic::{Diagnostic, Edit, Fix, Severity};
use crate::document::Document;
use crate::rules::{FixAvailability, Rule, RuleMeta};
use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use regex_automata::meta::Regex;
use regex_automata::{Anchored, Input};
use std::sync::LazyLock;

const EXPLANATION: &str = "\
## What it flags
A second speech verb left dangling after an attribution: `,” he said. declared.`,
`,” she said, stated.`, `Ashdown said. she declared.`, `,” he said, warned.` The second verb
can be an English one (`warned`, `urged`, `argued`, `replied`…) or a calque (`underlined`,
`signaled`, `denounced`…).

## Why
French, Spanish and Italian put the speech verb in an incise after the quotation (`a-t-il déclaré`).
A round trip through such a language can come back with both the English default (`said`) and a
literal rendering of the incise (`declared`), glued on as a fragment.

## Example
Flagged:  `“…ahead of us,” he said. declared.`
Fixed:    `“…ahead of us,” he said.`

## Not flagged
Two verbs with an object or clause between or after them: `He said added costs were low.`,
`she said he declared bankruptcy.`, `said, adding that…`. A verb that is not one of speech after
an incise: `The fighting, she said, continued.`

## Fix safety
Safe: the dangling verb (and its pronoun) is removed and the first attribution keeps the final
punctuation. Nothing with meaning is lost: the fragment has no object.";

/// Flags a second, dangling speech verb after an attribution.
pub struct DoubledSpeechVerb;

static META: RuleMeta = RuleMeta::builtin(
    "mt/doubled-speech-verb",
    Severity::Error,
    "A second, dangling speech verb after an attribution (`he said. declared.`)",
    FixAvailability::Safe,
    EXPLANATION,
);

/// Verbs of a first attribution (`told` is followed by `reporters`).
const FIRST: &[&str] = &[
    "said",
    "says",
    "declared",
    "added",
    "stated",
    "explained",
    "noted",
    "told",
];

/// Verbs that come back dangling after it.
const SECOND: &[&str] = &[
    "said",
    "says",
    "declared",
    "added",
    "indicated",
    "stated",
    "explained",
    "stressed",
    "underlined",
    "specified",
    "affirmed",
    "assured",
    "insisted",
    "recalled",
    "launched",
    "pleaded",
    "judged",
    "deplored",
    "concluded",
    "noted",
    "pointed",
    "estimated",
    "emphasised",
    "emphasized",
    "sustained",
    "completed",
    "detailed",
    "informed",
    "reiterated",
    "commented",
    "remarked",
    "observed",
    "precised",
    "declares",
    "adds",
    "warned",
    "urged",
    "argued",
    "asserted",
    "claimed",
    "admitted",
    "acknowledged",
    "replied",
    "responded",
    "answered",
    "lamented",
    "regretted",
    "highlighted",
    "signaled",
    "signalled",
    "manifested",
    "hammered",
    "denounced",
    "criticized",
    "criticised",
    "alerted",
    "abounded",
    "clarified",
    "reaffirmed",
    "punctualized",
];

/// The whole pattern, tried only where a first verb has a second one within a few words. The
/// second verb is any word here (group 3), looked up in [`SECOND_SET`] after a match: an
/// alternation of every verb in both lists made the regex cost more to compile than a story
/// costs to check.
static PATTERN: LazyLock<Regex> = LazyLock::new(|| {
    let first = FIRST.join("|").replace("told", "told reporters");
    Regex::new(&format!(
        r"(?i-u)\b(?:{first})\b([ \t]*[.,;])?[ \t]+(?:(he|she|they|it|we)[ \t]+)?([a-z]+)\b[ \t]*([.,;!]|$)"
    ))
    .expect("static regex")
});

/// Finds the verbs of [`FIRST`] in the text, in lower case, capitalised or in capitals: a
/// vectorised search visits a story's few attributions instead of every word. (A search that
/// ignores case entirely cannot use the vectorised scan and is slower than reading every word.)
static FIRST_VERBS: LazyLock<AhoCorasick> = LazyLock::new(|| {
    let forms = FIRST.iter().flat_map(|w| {
        let title = format!("{}{}", w[..1].to_ascii_uppercase(), &w[1..]);
        [w.to_string(), title, w.to_ascii_uppercase()]
    });
    // The vectorised prefilter finds the candidates; a contiguous NFA confirms them and takes a
    // fraction of a DFA's time to build, which every run pays.
    AhoCorasick::builder()
        .match_kind(MatchKind::LeftmostLongest)
        .kind(Some(AhoCorasickKind::ContiguousNFA))
        .build(forms)
        .expect("static patterns")
});

/// [`SECOND`] as a set: asked about the two or three words after every first verb.
static SECOND_SET: LazyLock<WordSet> = LazyLock::new(|| WordSet::new(SECOND.iter().copied()));

impl Rule for DoubledSpeechVerb {
    fn meta(&self) -> &RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, out: &mut Vec<Diagnostic>) {
        let text = doc.text;
        let words = &doc.words;
        // The pattern is compiled on the first candidate, not for every file.
        let mut caps = None;
        let mut done = 0;
        for found in FIRST_VERBS.find_iter(text) {
            // Only a whole word counts (`noted` in `annotated` does not).
            let i = words.first_from(found.start());
            let Some(w) = words.get(i).filter(|w| w.span() == found.range()) else {
                continue;
            };
            if w.start() < done {
                continue;
            }
            let reach = if text[w.span()].eq_ignore_ascii_case("told") {
                3
            } else {
                2
            };
            if !words
                .range(i + 1..words.len())
                .take(reach)
                .any(|n| SECOND_SET.contains(&text[n.span()]))
            {
                continue;
            }
            let input = Input::new(text)
                .span(w.start()..text.len())
                .anchored(Anchored::Yes);
            let caps = caps.get_or_insert_with(|| PATTERN.create_captures());
            PATTERN.search_captures(&input, caps);
            let Some(m) = caps.get_match().map(|m| m.range()) else {
                continue;
            };
            let second = caps.get_group(3).map_or("", |g| &text[g.range()]);
            if !SECOND_SET.contains(second) {
                continue;
            }
            done = m.end;
            let punct = caps.get_group(1).map(|s| s.range());
            // "She said he added." is grammatical; with a pronoun, the first verb must end a clause.
            if caps.get_group(2).is_some() && punct.is_none() {
                continue;
            }
            let matched = &text[m.clone()];
            let first_end = punct
                .as_ref()
                .map_or_else(|| m.start + first_word_len(matched), |p| p.start);
            let final_punct = caps.get_group(4).map_or("", |p| &text[p.range()]);
            let second_start = punct.as_ref().map_or(first_end, |p| p.end);
            let dangling = text[second_start..m.end]
                .trim()
                .trim_end_matches(['.', ',', ';', '!'])
                .trim();
            // `said. said.` is the same word twice: `mt/repeated-word` reports it, once.
            if dangling.eq_ignore_ascii_case(&text[m.start..m.start + first_word_len(matched)]) {
                continue;
            }
            out.push(
                META.diag(
                    m.clone(),
                    format!("dangling second speech verb `{dangling}` after the attribution"),
                )
                .with_note(
                    "a second verb with no object is a translation artifact: keep one attribution",
                )
                .with_fix(Fix::safe(
                    format!("Remove `{dangling}`"),
                    vec![Edit::replace(first_end..m.end, final_punct)],
                )),
            );
        }
    }
}

fn first_word_len(s: &str) -> usize {
    s.find(|c: char| !c.is_ascii_alphabetic())
        .unwrap_or(s.len())
}

#[cfg(test)]
mod tests {
    use super::DoubledSpeechVerb;
    use crate::rules::testing::*;

    #[test]
    fn flags() {
        assert_flags(
            &DoubledSpeechVerb,
            "ahead of us,” he said. declared.\n",
            &["said. declared."],
        );
        assert_flags(
            &DoubledSpeechVerb,
            "“Go,” she said, stated. Then",
            &["said, stated."],
        );
        assert_flags(
            &DoubledSpeechVerb,
            "frozen,” Ashdown said. she declared. The",
            &["said. she declared."],
        );
        // English verbs and calques alike come back dangling.
        for second in [
            "warned",
            "urged",
            "denounced",
            "alerted",
            "signaled",
            "lamented",
        ] {
            let text = format!("“No,” he said. {second}. Then");
            assert_flags(&DoubledSpeechVerb, &text, &[&format!("said. {second}.")]);
        }
    }

    #[test]
    fn every_first_verb_is_found_in_any_case_as_a_whole_word() {
        for w in super::FIRST {
            let second = if *w == "stated" { "declared" } else { "stated" };
            let verb = if *w == "told" { "told reporters" } else { w };
            for form in [
                verb.to_string(),
                verb.to_ascii_uppercase(),
                format!("{}{}", verb[..1].to_ascii_uppercase(), &verb[1..]),
            ] {
                let t = format!("“Go,” he {form}. {second}. Then");
                let flagged = run(&DoubledSpeechVerb, &t);
                assert_eq!(flagged.len(), 1, "{t}");
                // Inside a longer word it is not the verb.
                let t = format!("“Go,” he un{form}. {second}. Then");
                assert_clean(&DoubledSpeechVerb, &t);
            }
        }
    }

    #[test]
    fn every_second_verb_is_found_in_any_case() {
        for w in super::SECOND {
            let first = if *w == "said" { "stated" } else { "said" };
            let title = format!("{}{}", w[..1].to_ascii_uppercase(), &w[1..]);
            for form in [w.to_string(), w.to_ascii_uppercase(), title] {
                let t = format!("“Go,” he {first}. {form}. Then");
                assert_eq!(run(&DoubledSpeechVerb, &t).len(), 1, "{t}");
                // A longer word that starts like it is not the verb.
                assert_clean(
                    &DoubledSpeechVerb,
                    &format!("“Go,” he {first}. {form}s. Then"),
                );
            }
        }
    }

    #[test]
    fn hard_negatives() {
        for t in [
            "He said added costs were low.",
            "She said he declared bankruptcy.",
            "She said he added.",
            "he said, adding that it was over.",
            "The governor declared a state of emergency.",
            "They said declared assets were frozen.",
            "the union said. said.",
            // Verbs that are not speech verbs after an incise: `continued`, `reported`.
            "The fighting, she said, continued.",
            "The losses, he said, reported.",
            // A speech verb nearby, but the word the pattern takes as the second verb is not one.
            "“Fine,” he said, then. Warned earlier, she left.",
        ] {
            assert_clean(&DoubledSpeechVerb, t);
        }
    }

    #[test]
    fn fixes() {
        assert_fixed(
            &DoubledSpeechVerb,
            "of us,” he said. declared.\n",
            "of us,” he said.\n",
        );
        assert_fixed(
            &DoubledSpeechVerb,
            "“Go,” she said, stated. Then",
            "“Go,” she said. Then",
        );
        assert_fixed(
            &DoubledSpeechVerb,
            "frozen,” Ashdown said. she declared. The",
            "frozen,” Ashdown said. The",
        );
    }
}
