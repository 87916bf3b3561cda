//! `mt/doubled-speech-verb`.

use super::WordSet;
use crate::diagnostic::{Diagnostic, Edit, Fix, Severity};
use crate::document::find::Literals;
use crate::document::{is_abbreviation, Document, Word};
use crate::rules::{FixAvailability, Rule, RuleMeta};
use regex_automata::meta::Regex;
use regex_automata::{Anchored, Input};
use std::ops::Range;
use std::sync::LazyLock;

const EXPLANATION: &str = "\
## What it flags
A second speech verb left dangling after an attribution: `,” he said. declared.`,
`,” she said, stated.`, `Okonkwo said. she declared.`, `,” he said, warned.`, `,” said the
minister, affirmed.`, and after any attribution verb: `,” she warned. explained.`, `,” the
minister stressed. added.` The second verb
can be an English one (`warned`, `urged`, `argued`, `replied`, `wrote`, `tweeted`…) or a calque (`underlined`,
`signaled`, `denounced`…). Also a lowercase speech verb as a fragment of its own right after the
sentence of an attribution: `,” said the minister. declared.`, `he said on Tuesday. added.`,
`The minister said the bridge would reopen. she declared.`

## Why
French, Spanish and Italian put the speech verb in an incise after the quotation (`a-t-il déclaré`).
A round trip through such a language can come back with both the English default (`said`) and a
literal rendering of the incise (`declared`), glued on as a fragment.

## Example
Flagged:  `“…ahead of us,” he said. declared.`
Fixed:    `“…ahead of us,” he said.`

## Not flagged
Two verbs with an object or clause between or after them: `He said added costs were low.`,
`she said he declared bankruptcy.`, `said, adding that…`, `He said he wrote.` A lowercase word after an abbreviation
(`said at 5 p.m. declared.` is left alone), a verb that goes on (`said so. added costs rose.`),
and a new line or quotation before the fragment. A verb that is not one of speech after
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
    "wrote",
    "tweeted",
];

/// The whole pattern, tried only where a first verb has a second one within a few words. The
/// second verb is any word here (group 3), looked up in [`SECOND_SET`] after a match: an
/// alternation of every verb in both lists made the regex cost more to compile than a story
/// costs to check. It may take `out` after it (`said. pointed out.`: Spanish *señaló*).
static PATTERN: LazyLock<Regex> = LazyLock::new(|| {
    let first = FIRST.join("|").replace("told", "told reporters");
    Regex::new(&format!(
        r"(?i-u)\b(?:{first})\b([ \t]*[.,;])?[ \t]+(?:(he|she|they|it|we)[ \t]+)?([a-z]+)(?:[ \t]+out)?\b[ \t]*([.,;!]|$)"
    ))
    .expect("static regex")
});

/// Finds the verbs of [`FIRST`] in the text, in lower case, capitalised or in capitals: a
/// vectorised search visits a story's few attributions instead of every word. (A search that
/// ignores case entirely cannot use the vectorised scan and is slower than reading every word.)
/// No verb is a prefix of another, so the first match at a place is the only one there.
static FIRST_VERBS: LazyLock<Literals> = LazyLock::new(|| Literals::new(&first_forms(), true));

/// Each verb of [`FIRST`] in lower case, capitalised and in capitals.
fn first_forms() -> Vec<String> {
    FIRST
        .iter()
        .flat_map(|w| {
            let title = format!("{}{}", w[..1].to_ascii_uppercase(), &w[1..]);
            [w.to_string(), title, w.to_ascii_uppercase()]
        })
        .collect()
}

/// [`SECOND`] as a set: asked about the two or three words after every first verb.
static SECOND_SET: LazyLock<WordSet> = LazyLock::new(|| WordSet::new(SECOND.iter().copied()));

impl Rule for DoubledSpeechVerb {
    fn meta(&self) -> &RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, out: &mut Vec<Diagnostic>) {
        let from = out.len();
        self.after_first_verbs(doc, out);
        after_any_attribution(doc, out, from);
    }
}

impl DoubledSpeechVerb {
    /// The findings after a verb of [`FIRST`]: `said. declared.`, `said, stated.`, `told
    /// reporters. added.`, and the fragments after their sentences.
    fn after_first_verbs(&self, doc: &Document, out: &mut Vec<Diagnostic>) {
        let text = doc.text;
        let words = &doc.words;
        // The pattern is compiled on the first candidate, not for every file.
        let mut caps = None;
        let mut done = 0;
        let found = doc.with_word_index_of(FIRST_VERBS.find_iter(text).map(|(found, _)| found));
        for (found, i) in found {
            // Only a whole word counts (`noted` in `annotated` does not).
            let Some(w) = words.get(i).filter(|w| w.span() == found) else {
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
            // Right after it (`he said. declared.`), or as a fragment of its own after the
            // sentence the verb is in (`said the minister. declared.`).
            let adjacent = 'adjacent: {
                if !words
                    .range(i + 1..words.len())
                    .take(reach)
                    .any(|n| SECOND_SET.contains(&text[n.span()]))
                {
                    break 'adjacent None;
                }
                let input = Input::new(text)
                    .span(w.start()..text.len())
                    .anchored(Anchored::Yes);
                let caps = caps.get_or_insert_with(|| PATTERN.create_captures());
                PATTERN.search_captures(&input, caps);
                let Some(m) = caps.get_match().map(|m| m.range()) else {
                    break 'adjacent None;
                };
                let second = caps.get_group(3).map_or("", |g| &text[g.range()]);
                SECOND_SET.contains(second).then_some((m, &*caps))
            };
            let Some((m, caps)) = adjacent else {
                if let Some(end) = fragment_after(doc, i, out) {
                    done = end;
                }
                continue;
            };
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

/// How many words before a full stop an attribution's verb is looked for: room for `,” the
/// interior minister warned.`
const ATTRIBUTION_REACH: usize = 5;

/// The full stop before the word at `start`, with one space between (`. explained`), or before
/// a pronoun that comes first (`. she explained`).
fn dot_before(b: &[u8], start: usize) -> Option<usize> {
    let dot_of = |w: usize| (w >= 2 && b[w - 1] == b' ' && b[w - 2] == b'.').then(|| w - 2);
    dot_of(start).or_else(|| {
        let space = start.checked_sub(1).filter(|&i| b[i] == b' ')?;
        let pronoun = crate::document::ascii::letters_before(b, space);
        matches!(&b[pronoun..space], b"he" | b"she" | b"they" | b"it" | b"we")
            .then(|| dot_of(pronoun))
            .flatten()
    })
}

/// `,” she warned. explained.`, `the minister stressed. added.`: a lowercase speech verb as a
/// fragment of its own right after a sentence that ends in an attribution with any speech verb,
/// not only those of [`FIRST`]. Found from the `ed.` that ends such a verb, then the `. ` before
/// it. Fragments already reported (from `from` on in `out`) are skipped.
fn after_any_attribution(doc: &Document, out: &mut Vec<Diagnostic>, from: usize) {
    let text = doc.text;
    let b = text.as_bytes();
    let words = &doc.words;
    // Nearly every verb of [`SECOND`] ends in `ed`, and `ed.` is far rarer than a full stop:
    // the fragments are found from their own end, and the full stop before them from there.
    for m in doc.ed_stops() {
        let word_start = crate::document::ascii::letters_before(b, m + 2);
        let Some(dot) = dot_before(b, word_start) else {
            continue;
        };
        let j = dot + 2;
        let k = words.first_from(j);
        if words.get(k).is_none_or(|w| w.start() != j) {
            continue;
        }
        let Some(v) = fragment_verb(doc, k) else {
            continue;
        };
        if out[from..].iter().any(|d| d.span.contains(&j)) {
            continue;
        }
        let verb = &text[v.span()];
        // The word before the full stop is not an abbreviation (`5 p.m. declared.`), and one of
        // the few words before it, in the same clause outside a quotation, is a speech verb.
        let Some(last) = k.checked_sub(1).map(|i| words.at(i)) else {
            continue;
        };
        if last.end() != dot || is_abbreviation(&text[last.span()]) || doc.in_quote(dot) {
            continue;
        }
        let first = k - 1;
        let mut attributed = false;
        for i in (first.saturating_sub(ATTRIBUTION_REACH - 1)..=first).rev() {
            let w = words.at(i);
            if super::is_speech_verb(&text[w.span()]) && !text[w.span()].eq_ignore_ascii_case(verb)
            {
                attributed = true;
                break;
            }
            // Stop at the start of the clause: punctuation or a quotation mark between words.
            if i > 0 {
                let gap = &text[words.at(i - 1).end()..w.start()];
                if gap.contains(['.', '!', '?', ';', '“', '”', '"', '\n']) {
                    break;
                }
            }
        }
        if attributed {
            push_fragment(doc, out, j, v, dot + 1..v.end() + 1);
        }
    }
}

/// How far after a first verb the end of its sentence is looked for, in bytes.
const SENTENCE_REACH: usize = 400;

/// How far after a first verb a comma may stand for the end of its sentence, in bytes: room for
/// a subject (`said the interior minister,`), not for a clause.
const COMMA_REACH: usize = 48;

/// `said the minister. declared.`, `he said on Tuesday. declared.`, `said the bridge would
/// open. she added.`: a speech verb in lower case (after an optional pronoun) as a fragment of
/// its own right after the sentence of the first verb at word `i`. Pushes the finding and
/// returns where the fragment ends. Most sentences are followed by a capital, which the first
/// few bytes after the full stop tell.
fn fragment_after(doc: &Document, i: usize, out: &mut Vec<Diagnostic>) -> Option<usize> {
    let text = doc.text;
    let b = text.as_bytes();
    let words = &doc.words;
    let from = words.at(i).end();
    let limit = (from + SENTENCE_REACH).min(b.len());
    let end = from + memchr::memchr3(b'.', b'!', b'?', &b[from..limit])?;
    // `said the minister, affirmed.`: a comma soon after the verb, before the sentence ends,
    // can stand where the full stop does.
    // (Not inside a quotation, where the verb is the speaker's own, and not a comma that closes
    // one: `had declared a state of emergency,” he said.`)
    if let Some(c) = memchr::memchr(b',', &b[from..end.min(from + COMMA_REACH)]) {
        let c = from + c;
        if b.get(c + 1) == Some(&b' ') && !doc.in_quote(from) {
            if let Some(done) = fragment_at(doc, i, c, true, out) {
                return Some(done);
            }
        }
    }
    fragment_at(doc, i, end, false, out)
}

/// [`fragment_after`] with the fragment after `mark`, the sentence's full stop or a comma.
fn fragment_at(
    doc: &Document,
    i: usize,
    mark: usize,
    comma: bool,
    out: &mut Vec<Diagnostic>,
) -> Option<usize> {
    let text = doc.text;
    let b = text.as_bytes();
    let words = &doc.words;
    let from = words.at(i).end();
    // Closing quotation marks or a bracket, then spaces, then a lowercase letter.
    let mut j = mark + 1;
    loop {
        let rest = &b[j..];
        if rest.starts_with("”".as_bytes()) || rest.starts_with("’".as_bytes()) {
            j += 3;
        } else if matches!(rest.first(), Some(b'\'' | b')')) {
            j += 1;
        } else {
            break;
        }
    }
    let spaces = j;
    while matches!(b.get(j), Some(b' ' | b'\t')) {
        j += 1;
    }
    if j == spaces || !b.get(j).is_some_and(u8::is_ascii_lowercase) {
        return None;
    }
    // One sentence on one line, with no new quotation, ending with a word that is not an
    // abbreviation (`p.m.`).
    if text[from..mark].contains(['\n', '“', '"']) {
        return None;
    }
    let k = words.first_from(j);
    let prev = words.at(k.checked_sub(1)?);
    if prev.end() != mark || is_abbreviation(&text[prev.span()]) {
        return None;
    }
    let v = fragment_verb(doc, k)?;
    if text[v.span()].eq_ignore_ascii_case(&text[words.at(i).span()]) {
        return None;
    }
    // After a full stop the fragment goes with its own; after a comma, the comma goes and the
    // fragment's full stop ends the sentence.
    let remove = if comma {
        mark..v.end()
    } else {
        spaces..v.end() + 1
    };
    push_fragment(doc, out, j, v, remove.clone());
    Some(remove.end)
}

/// The verb of a fragment that starts at word `k`: an optional lowercase pronoun, then a verb
/// of [`SECOND`] in lower case, then a full stop or exclamation mark that ends the fragment.
fn fragment_verb(doc: &Document, k: usize) -> Option<Word> {
    let text = doc.text;
    let words = &doc.words;
    let mut v = words.get(k)?;
    if matches!(&text[v.span()], "he" | "she" | "they" | "it" | "we") {
        let next = words.get(k + 1)?;
        if &text[v.end()..next.start()] != " " {
            return None;
        }
        v = next;
    }
    let verb = &text[v.span()];
    let after = &text.as_bytes()[v.end()..];
    let fragment_ends = matches!(after.first(), Some(b'.' | b'!'))
        && after.get(1).is_none_or(u8::is_ascii_whitespace);
    (fragment_ends
        && verb.starts_with(|c: char| c.is_ascii_lowercase())
        && SECOND_SET.contains(verb))
    .then_some(v)
}

/// Reports the fragment from `start` to the verb `v` and its full stop, with a fix that removes
/// `remove`.
fn push_fragment(
    doc: &Document,
    out: &mut Vec<Diagnostic>,
    start: usize,
    v: Word,
    remove: Range<usize>,
) {
    let verb = &doc.text[v.span()];
    let shown = &doc.text[start..v.end()];
    out.push(
        META.diag(
            start..v.end() + 1,
            format!("dangling second speech verb `{verb}` after the attribution"),
        )
        .with_note("a second verb with no object is a translation artifact: keep one attribution")
        .with_fix(Fix::safe(
            format!("Remove `{shown}`"),
            vec![Edit::replace(remove, "")],
        )),
    );
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
    fn flags_fragments_after_the_sentence() {
        for (text, flagged, fixed) in [
            (
                "“No,” said the minister. declared. Then",
                "declared.",
                "“No,” said the minister. Then",
            ),
            (
                "“No,” he said on Tuesday. declared.\n",
                "declared.",
                "“No,” he said on Tuesday.\n",
            ),
            (
                "The minister said the bridge would reopen. she added.",
                "she added.",
                "The minister said the bridge would reopen.",
            ),
            (
                "“No,” the minister told reporters in Lima.” added. Then",
                "added.",
                "“No,” the minister told reporters in Lima.” Then",
            ),
            (
                "“No,” said the minister, affirmed. Then",
                "affirmed.",
                "“No,” said the minister. Then",
            ),
            (
                "“No,” Garcia said on Tuesday, she added.\n",
                "she added.",
                "“No,” Garcia said on Tuesday.\n",
            ),
            // A comma that is not followed by a fragment leaves the full stop to be tried.
            (
                "“No,” he said on Tuesday, in Lima. declared.\n",
                "declared.",
                "“No,” he said on Tuesday, in Lima.\n",
            ),
            // After any attribution verb, not only those the first pass starts from.
            (
                "“A storm is coming,” she warned. explained. Then",
                "explained.",
                "“A storm is coming,” she warned. Then",
            ),
            (
                "“We are ready,” the interior minister stressed. she added.\n",
                "she added.",
                "“We are ready,” the interior minister stressed.\n",
            ),
        ] {
            assert_flags(&DoubledSpeechVerb, text, &[flagged]);
            assert_fixed(&DoubledSpeechVerb, text, fixed);
        }
        for text in [
            "He said the talks ended at 5 p.m. declared.",
            "He said so. added costs rose.",
            "He said so.\nadded.",
            "He said “so. added.”",
            "He said so. said.",
            // No attribution in the clause before, or the same verb twice (repeated-word's).
            "The storm hit the town on Tuesday. explained.",
            "“We are ready,” she warned. warned.",
            "The storm, she warned, would hit. “It is coming. declared.”",
            "He spoke with the mayor at 5 p.m. declared.",
            "She warned the council in a long letter to the mayor and the press. added.",
            "He said so. Declared.",
            "He said prices rose 3.5 percent. declaredly.",
            "“We won,” said Smith, smiling.",
            "He said the rules, stated plainly, were fair.",
            "He said the budget, which the council approved in a vote on Monday, added.",
            "“They had declared a state of emergency,” he said.",
            "“He said the plan, she added, was fair.”",
        ] {
            assert_clean(&DoubledSpeechVerb, text);
        }
    }

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
            "closed,” Okonkwo said. she declared. The",
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
            "wrote",
            "tweeted",
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
    fn both_searchers_find_every_form_on_long_and_short_text() {
        use super::{first_forms, FIRST};
        use crate::document::find::Literals;
        // Every form of every verb, whole and inside longer words, far apart and side by side,
        // in a text long enough for the vectorised search and in short pieces of it.
        let mut text = String::new();
        let mut expected = Vec::new();
        for (k, w) in FIRST.iter().enumerate() {
            let title = format!("{}{}", w[..1].to_ascii_uppercase(), &w[1..]);
            for form in [w.to_string(), title, w.to_ascii_uppercase()] {
                text.push_str(&"x".repeat(k * 7 % 40));
                text.push_str(" un");
                expected.push(text.len()..text.len() + form.len());
                text.push_str(&form);
                text.push(' ');
                expected.push(text.len()..text.len() + form.len());
                text.push_str(&form);
                expected.push(text.len()..text.len() + form.len());
                text.push_str(&form);
                // Not a form: a case the search does not take, and a verb cut short.
                text.push_str(&format!(". {}{} ", &w[..1], w[1..].to_ascii_uppercase()));
                text.push_str(&w[..w.len() - 1]);
                text.push_str(".\n");
            }
        }
        assert!(text.len() > 1000);
        let forms = first_forms();
        let packed = Literals::new(&forms, true);
        if cfg!(any(target_arch = "x86_64", target_arch = "aarch64")) {
            assert!(packed.is_packed());
        }
        let ranges = |s: &Literals, t: &str| s.find_iter(t).map(|(r, _)| r).collect::<Vec<_>>();
        for searcher in [packed, Literals::new(&forms, false)] {
            assert_eq!(ranges(&searcher, &text), expected);
            for cut in [3, 17, 40] {
                let short = &text[..text.len().min(cut + 20)][cut..];
                let want: Vec<_> = expected
                    .iter()
                    .filter(|r| r.start >= cut && r.end <= cut + short.len())
                    .map(|r| r.start - cut..r.end - cut)
                    .collect();
                assert_eq!(ranges(&searcher, short), want, "{short}");
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
            "He said he wrote.",
            "She said she tweeted. Then she left.",
            "She said he pointed out.",
            "He said, pointing out the costs.",
            "She said officials pointed out errors.",
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
            "closed,” Okonkwo said. she declared. The",
            "closed,” Okonkwo said. The",
        );
        // A second verb with its particle.
        assert_fixed(
            &DoubledSpeechVerb,
            "“Stay home,” the governor said. pointed out. The",
            "“Stay home,” the governor said. The",
        );
    }
}
