//! `mt/doubled-speech-verb`.

use crate::diagnostic::{Diagnostic, Edit, Fix, Severity};
use crate::document::Document;
use crate::rules::{FixAvailability, Rule, RuleMeta};
use regex::Regex;
use std::sync::LazyLock;

const EXPLANATION: &str = "\
## What it flags
A second speech verb left dangling after an attribution: `,” he said. declared.`,
`,” she said, stated.`, `Ashdown said. she declared.`

## Why
French, Spanish and Italian put the speech verb in an incise after the quotation (`a-t-il déclaré`).
A round trip through such a language can come back with both the English default (`said`) and a
literal rendering of the incise (`declared`), glued on as a fragment.

## Example
Flagged:  `“…ahead of us,” he said. declared.`
Fixed:    `“…ahead of us,” he said.`

## Not flagged
Two verbs with an object or clause between or after them: `He said added costs were low.`,
`she said he declared bankruptcy.`, `said, adding that…`

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

static PATTERN: LazyLock<Regex> = LazyLock::new(|| {
    let first = "said|says|declared|added|stated|explained|noted|told reporters";
    let second = "said|says|declared|added|indicated|stated|explained|stressed|underlined|specified|affirmed|assured|\
                  insisted|recalled|launched|pleaded|judged|deplored|concluded|noted|pointed|estimated|emphasi[sz]ed|\
                  sustained|completed|detailed|informed|reiterated|commented|remarked|observed|precised|declares|adds";
    Regex::new(&format!(
        r"(?i-u)\b(?:{first})\b([ \t]*[.,;])?[ \t]+(?:(he|she|they|it|we)[ \t]+)?(?:{second})\b[ \t]*([.,;!]|$)"
    ))
    .expect("static regex")
});

impl Rule for DoubledSpeechVerb {
    fn meta(&self) -> &RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, out: &mut Vec<Diagnostic>) {
        let text = doc.text;
        for caps in PATTERN.captures_iter(text) {
            let Some(m) = caps.get(0) else { continue };
            let punct = caps.get(1);
            // "She said he added." is grammatical; with a pronoun, the first verb must end a clause.
            if caps.get(2).is_some() && punct.is_none() {
                continue;
            }
            let first_end =
                punct.map_or_else(|| m.start() + first_word_len(m.as_str()), |p| p.start());
            let final_punct = caps.get(3).map_or("", |p| p.as_str());
            let second_start = punct.map_or(first_end, |p| p.end());
            let dangling = text[second_start..m.end()]
                .trim()
                .trim_end_matches(['.', ',', ';', '!'])
                .trim();
            // `said. said.` is the same word twice: `mt/repeated-word` reports it, once.
            if dangling
                .eq_ignore_ascii_case(&text[m.start()..m.start() + first_word_len(m.as_str())])
            {
                continue;
            }
            out.push(
                META.diag(
                    m.start()..m.end(),
                    format!("dangling second speech verb `{dangling}` after the attribution"),
                )
                .with_note(
                    "a second verb with no object is a translation artifact: keep one attribution",
                )
                .with_fix(Fix::safe(
                    format!("Remove `{dangling}`"),
                    vec![Edit::replace(first_end..m.end(), final_punct)],
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
