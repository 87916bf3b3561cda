//! `mt/speech-verb-calque`.

use super::{calque, is_speech_verb, Calque, ENGLISH_SPEECH_VERBS, SUBJECT_PRONOUNS, WEEKDAYS};
use crate::diagnostic::{Diagnostic, Edit, Fix, Severity};
use crate::document::Document;
use crate::rules::{FixAvailability, Rule, RuleMeta};
use std::ops::Range;

const EXPLANATION: &str = "\
## What it flags
A speech verb that English news does not use to attribute a quotation or reported speech, where a
translation engine rendered the source language's verb literally:
- right after a quotation: `,” he declared.`, `,” she pointed.`, `,” declared the minister.`,
  `,” the minister declared on Monday.`, `,” the ministry informed in a statement.`,
  and the Spanish and Portuguese incises `,” she exposed.` (expuso: explained), `,” he
  narrated.` (narró: recalled), `,” he communicated.`, `,” she sentenced.` (sentenció), `,”
  he advanced.` (adelantó, avançou: said), `,” he replicated.` (replicó: replied), `,” she
  aggregated.` (agregó: added) and `,” he advertised.` (advirtió: warned)
- before the colon that opens a quotation, for the verbs English never puts there: `The mayor
  assured: “…”`, `She completed: “…”`, `He exposed: “…”` (not `declared:` or `recalled:`)
- with a bare that-clause: `He assured that …`, `She sustained that …`, `He completed that he …`,
  `She pointed that …`, `He replicated that …`,
  and `estimated that` before a clause with no figure, quantity or forecast in it (`He estimated
  that the plan was fair`; not `estimated that growth would slow`)
- verbs that are not English at all: `precised`, `punctualized`, `auspicated`, `fustigated`,
  `ironized`, `relativized`, `apostilled`, `explicited`, `argumented`, and the archaic
  `asseverated`
- French incises after a quotation: `,” he hammered.` (a martelé), `,” she slipped.` (a glissé),
  `,” he nuanced.` (a nuancé), `,” she saluted.` (a salué), `,” he alerted.` (a alerté: warned),
  `,” she abounded.` (a abondé: agreed), `,” he denounced.` and `denounced that …` (a dénoncé,
  denunció: complained).

## Why
French, Spanish, Italian and Portuguese vary their reporting verbs (`a déclaré`, `a souligné`,
`aseguró`, `sostuvo`, `completou`); English wire style says `said` almost every time. A cognate in
that position is a strong sign of machine translation.

## Example
Flagged:  `“We are ready,” the minister declared.`  →  `“We are ready,” the minister said.`
Flagged:  `He assured that the work would finish.`  →  `He said that the work would finish.`

## Not flagged
The verbs with an object or complement, where they mean what English means: `declared a state of
emergency`, `declared bankruptcy`, `declared war`, `the declared aim`, `assured reporters that`,
`recalled the ambassador`, `estimated the cost`, `officials estimated that 300 people…`,
`pointed out`, `was informed that`, `completed that report`, `alerted the police`, `denounced
the decision`, `denounced that decision`, `the scandal was exposed`, `the judge sentenced him`,
`the team advanced to the final`, `replicated that finding`, `advertised that it would hire`,
`pointed that gun`, `He declared: “…”`, `She was informed: “…”`, `rest assured that`, `we’ve
specified that`. English speech
verbs such as `lamented`, `reaffirmed` and `celebrated` credit the quotation and are left alone.

## Fix safety
Unsafe: the verb is replaced by the one English news would use (`said`, `added`, `stressed`…), which
may lose a nuance the writer wanted. Inside a direct quotation the change is only suggested.";

/// Flags calqued speech verbs used for attribution.
pub struct SpeechVerbCalque;

static META: RuleMeta = RuleMeta::builtin(
    "mt/speech-verb-calque",
    Severity::Warning,
    "A calqued speech verb (`declared`, `assured that`…) where English news writes `said`",
    FixAvailability::Unsafe,
    EXPLANATION,
);

/// Words that show a clause follows `that` (an auxiliary or a common finite verb).
const CLAUSE_VERBS: &[&str] = &[
    "is", "are", "was", "were", "had", "has", "have", "would", "will", "could", "should", "can",
    "may", "might", "must", "did", "does", "do", "shall",
];

/// Forms of "be" and "get": `was informed that` is the English passive.
const PASSIVE_AUX: &[&str] = &[
    "was", "were", "is", "are", "be", "been", "being", "get", "got", "gets", "am",
];

impl SpeechVerbCalque {
    fn push(
        &self,
        doc: &Document,
        out: &mut Vec<Diagnostic>,
        span: Range<usize>,
        c: &Calque,
        context: &str,
    ) {
        let word = &doc.text[span.clone()];
        let english = match_case(word, c.english);
        let in_quote = doc.in_quote(span.start);
        let fix = if in_quote {
            Fix::display_only(
                format!("Consider `{english}`"),
                vec![Edit::replace(span.clone(), english.clone())],
            )
        } else {
            Fix::unsafe_(
                format!("Replace with `{english}`"),
                vec![Edit::replace(span.clone(), english.clone())],
            )
        };
        out.push(
            META.diag(span, format!("`{word}` {context}: English news writes `{english}`"))
                .with_note("a literal rendering of a Romance-language speech verb is a common translation artifact")
                .with_fix(fix),
        );
    }

    fn after_quotes(&self, doc: &Document, out: &mut Vec<Diagnostic>) {
        let text = doc.text;
        // The words after a quotation, at most eight: one list for all quotations.
        let mut ws: Vec<Range<usize>> = Vec::with_capacity(8);
        // The first word after each quotation.
        let closed = doc
            .with_word_indexes(&doc.quotes, |q| [q.span.end])
            .filter(|(q, _)| q.closed);
        for (q, [first]) in closed {
            let start = q.span.end;
            let Some(para) = doc.paragraphs.get(q.paragraph) else {
                continue;
            };
            let limit = (start + 120).min(para.end);
            let mut wi = first;
            ws.clear();
            while wi < doc.words.len() && doc.words.at(wi).start() < limit && ws.len() < 8 {
                let w = doc.words.at(wi).span();
                let prev_end = ws.last().map_or(start, |p: &Range<usize>| p.end);
                let gap = &text[prev_end..w.start];
                // Stop at the first sentence punctuation or another quotation.
                if gap.contains(['.', '!', '?', ';', '“', '”', '"', '\n'])
                    || (!ws.is_empty() && gap.contains(','))
                {
                    break;
                }
                ws.push(w);
                wi += 1;
            }
            // Every calque is a speech verb: most quotations are followed by none, or by an
            // English one, and need no closer look.
            if !ws
                .iter()
                .any(|r| is_speech_verb(&text[r.clone()]) && calque(&text[r.clone()]).is_some())
            {
                continue;
            }
            let lower: Vec<String> = ws.iter().map(|r| text[r.clone()].to_lowercase()).collect();
            // Inverted: `,” declared the minister.`
            if let Some(c) = calque(&lower[0]).filter(|c| c.after_quote) {
                let subject_follows = lower.get(1).is_some_and(|w| {
                    SUBJECT_PRONOUNS.contains(&w.as_str())
                        || w == "the"
                        || text[ws[1].clone()].starts_with(char::is_uppercase)
                });
                if subject_follows
                    && text[start..ws[0].start]
                        .trim_start_matches([',', ' '])
                        .is_empty()
                {
                    self.push(doc, out, ws[0].clone(), c, "attributes the quotation");
                    continue;
                }
            }
            // `,” he declared.` / `,” the minister declared.`: a short subject, then the verb, then punctuation.
            for k in 1..lower.len() {
                let Some(c) = calque(&lower[k]).filter(|c| c.after_quote) else {
                    continue;
                };
                let after = skip_time_or_channel(text[ws[k].end..].trim_start_matches([' ', '\t']));
                if !after.is_empty() && !after.starts_with(['.', ',', ';', '!', '?', '\n', '\r']) {
                    break;
                }
                let subject = &lower[..k];
                let first = &text[ws[0].clone()];
                let subject_ok = (SUBJECT_PRONOUNS.contains(&subject[0].as_str()) && k == 1)
                    || subject[0] == "the"
                    || first.starts_with(char::is_uppercase);
                let has_verb = subject
                    .iter()
                    .any(|w| ENGLISH_SPEECH_VERBS.contains(&w.as_str()));
                if subject_ok && !has_verb {
                    self.push(doc, out, ws[k].clone(), c, "attributes the quotation");
                }
                break;
            }
        }
    }

    /// `The mayor assured: “…”`: a calqued verb before the colon that opens a quotation.
    fn before_colons(&self, doc: &Document, out: &mut Vec<Diagnostic>) {
        let text = doc.text;
        let b = text.as_bytes();
        let quotes = doc.prefetching(&doc.quotes, |q| [q.span.start.saturating_sub(1)]);
        for q in quotes.filter(|q| !q.continues_previous) {
            // Most quotations open after a space that follows a word: one byte or two tell.
            let mut colon = q.span.start;
            while colon > 0 && matches!(b[colon - 1], b' ' | b'\t') {
                colon -= 1;
            }
            if colon == 0 || b[colon - 1] != b':' {
                continue;
            }
            colon -= 1;
            let Some((verb, c)) = verb_before(doc, colon, |c| c.before_colon) else {
                continue;
            };
            if doc.in_quote(verb.start) {
                continue;
            }
            self.push(doc, out, verb, c, "introduces the quotation");
        }
    }

    fn that_clauses(&self, doc: &Document, out: &mut Vec<Diagnostic>) {
        let text = doc.text;
        let b = text.as_bytes();
        // ` that`, from the `that`s the document's scan of short literals found.
        for at in doc.thats().filter_map(|t| t.checked_sub(1)) {
            if b[at] != b' ' {
                continue;
            }
            let end = at + 5;
            if b.get(end).is_some_and(|c| c.is_ascii_alphanumeric()) {
                continue;
            }
            // The word right before the space: a calqued verb that takes a that-clause?
            let Some((verb, c)) = verb_before(doc, at, |c| c.with_that) else {
                continue;
            };
            let wi = doc.word_index_at(verb.start);
            if c.that_needs_clause {
                let next: Vec<String> = doc
                    .words
                    .range((wi + 2).min(doc.words.len())..doc.words.len())
                    .take(6)
                    .map(|w| text[w.span()].to_lowercase())
                    .collect();
                if !next.iter().any(|w| CLAUSE_VERBS.contains(&w.as_str())) {
                    continue;
                }
            }
            if c.that_unless_quantity && clause_has_quantity(doc, wi + 2) {
                continue;
            }
            self.push(doc, out, verb, c, "introduces reported speech");
        }
    }
}

/// `s` after a leading time (`on Monday`, `on Tuesday night`, `yesterday`, `today`, `last
/// night`) or channel (`in a statement`, `in a press release`), which can stand between an
/// attribution's verb and its full stop.
fn skip_time_or_channel(s: &str) -> &str {
    for t in [
        "yesterday",
        "today",
        "tonight",
        "last night",
        "in a statement",
        "in a press release",
        "in a communiqué",
        "in a communique",
    ] {
        if let Some(rest) = s.strip_prefix(t) {
            return rest;
        }
    }
    let Some(rest) = s.strip_prefix("on ") else {
        return s;
    };
    let Some(rest) = WEEKDAYS.iter().find_map(|d| rest.strip_prefix(d)) else {
        return s;
    };
    ["night", "morning", "afternoon", "evening"]
        .iter()
        .find_map(|p| rest.strip_prefix(' ').and_then(|r| r.strip_prefix(p)))
        .unwrap_or(rest)
}

/// The calqued verb that ends at `end`, if `keep` wants it and the word before it can be its
/// subject: not a passive (`was informed that`, `was informed:`), `to` or `not`, and with only
/// whitespace between them.
fn verb_before(
    doc: &Document,
    end: usize,
    keep: impl Fn(&Calque) -> bool,
) -> Option<(Range<usize>, &'static Calque)> {
    let text = doc.text;
    let start = crate::document::ascii::letters_before(text.as_bytes(), end);
    if end - start < 6 {
        return None;
    }
    let c = calque(&text[start..end]).filter(|c| keep(c))?;
    let prev = doc
        .word_index_at(start)
        .checked_sub(1)
        .map(|k| doc.words.at(k))?;
    let prev_word = text[prev.span()].to_lowercase();
    // `rest assured that`, `felt assured that`: the adjective; `we’ve specified that`: a
    // contracted perfect, which translations do not write.
    if PASSIVE_AUX.contains(&prev_word.as_str())
        || matches!(
            prev_word.as_str(),
            "to" | "not" | "rest" | "feel" | "feels" | "felt"
        )
        || prev_word.ends_with("'ve")
        || prev_word.ends_with("’ve")
        || !text[prev.end()..start].trim().is_empty()
    {
        return None;
    }
    Some((start..end, c))
}

/// Words that make a clause a quantity or a forecast: `estimated that about a third of…`, `that
/// it would take years`, `that growth would slow`.
const QUANTITY_WORDS: &[&str] = &[
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "dozen",
    "dozens",
    "hundred",
    "hundreds",
    "thousand",
    "thousands",
    "million",
    "millions",
    "billion",
    "billions",
    "trillion",
    "percent",
    "half",
    "third",
    "quarter",
    "twice",
    "double",
    "triple",
    "cost",
    "costs",
    "worth",
    "total",
    "number",
    "amount",
    "least",
    "most",
    "more",
    "less",
    "fewer",
    "about",
    "around",
    "nearly",
    "almost",
    "roughly",
    "some",
    "minutes",
    "hours",
    "days",
    "weeks",
    "months",
    "years",
    "decades",
    "per",
    "tons",
    "tonnes",
    "growth",
    "economy",
    "inflation",
    "price",
    "prices",
    "sales",
    "demand",
    "output",
    "gdp",
    "revenue",
    "revenues",
    "deficit",
    "debt",
    "unemployment",
    "profit",
    "profits",
    "losses",
    "budget",
    "population",
];

/// Whether the clause starting at word `from` holds a figure or a quantity word, up to the end
/// of its sentence (at most 25 words).
fn clause_has_quantity(doc: &Document, from: usize) -> bool {
    let text = doc.text;
    let words = &doc.words;
    let mut prev_end = None;
    for k in from..words.len().min(from + 25) {
        let w = words.at(k);
        if prev_end.is_some_and(|e| text[e..w.start()].contains(['.', '!', '?', ';', '\n'])) {
            return false;
        }
        let word = &text[w.span()];
        if word.bytes().any(|b| b.is_ascii_digit()) {
            return true;
        }
        if QUANTITY_WORDS.iter().any(|q| q.eq_ignore_ascii_case(word)) {
            return true;
        }
        prev_end = Some(w.end());
    }
    false
}

fn match_case(original: &str, replacement: &str) -> String {
    if original.starts_with(char::is_uppercase) {
        let mut cs = replacement.chars();
        cs.next()
            .map(|f| f.to_uppercase().chain(cs).collect())
            .unwrap_or_default()
    } else {
        replacement.to_string()
    }
}

impl Rule for SpeechVerbCalque {
    fn meta(&self) -> &RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, out: &mut Vec<Diagnostic>) {
        let before = out.len();
        self.after_quotes(doc, out);
        self.before_colons(doc, out);
        self.that_clauses(doc, out);
        out[before..].sort_by_key(|d| d.span.start);
        out.dedup_by(|a, b| a.span == b.span && a.rule == b.rule);
    }
}

#[cfg(test)]
mod tests {
    use super::SpeechVerbCalque;
    use crate::rules::testing::*;

    #[test]
    fn flags_after_quotes() {
        assert_flags(
            &SpeechVerbCalque,
            "“We are ready,” the minister declared.",
            &["declared"],
        );
        assert_flags(
            &SpeechVerbCalque,
            "“Nobody is against it,” she pointed. “We just…”",
            &["pointed"],
        );
        // A time between the verb and the full stop.
        assert_flags(
            &SpeechVerbCalque,
            "“We are ready,” the minister declared on Monday. “It is over,” he assured yesterday. “Yes,” she affirmed on Tuesday night.",
            &["declared", "assured", "affirmed"],
        );
        // The channel between the verb and the full stop.
        assert_flags(
            &SpeechVerbCalque,
            "“The roads are closed,” the ministry informed in a statement. “All of them,” it \
             declared in a press release.",
            &["informed", "declared"],
        );
        assert_flags(
            &SpeechVerbCalque,
            "“It is over,” declared the minister.",
            &["declared"],
        );
        assert_flags(
            &SpeechVerbCalque,
            "\"Enough,\" he underlined.",
            &["underlined"],
        );
        // French incises `a martelé`, `a glissé`, `a nuancé`.
        assert_flags(
            &SpeechVerbCalque,
            "“Never again,” he hammered. “Not yet,” she slipped. “In part,” he nuanced.",
            &["hammered", "slipped", "nuanced"],
        );
        assert_flags(
            &SpeechVerbCalque,
            "“A storm is coming,” she alerted. “So be it,” he abounded. “A scandal,” he denounced.",
            &["alerted", "abounded", "denounced"],
        );
    }

    #[test]
    fn flags_new_incises_and_colons() {
        // Spanish and Portuguese incises: expuso, narró, comunicó, sentenció, adelantó.
        assert_flags(
            &SpeechVerbCalque,
            "“It was planned,” the mayor exposed. “We ran,” she narrated. “No,” exposed the judge.",
            &["exposed", "narrated", "exposed"],
        );
        assert_flags(
            &SpeechVerbCalque,
            "“Closed,” he communicated. “Enough,” she sentenced. “Soon,” advanced the minister.",
            &["communicated", "sentenced", "advanced"],
        );
        // replicó, aseveró, apostilló, explicitó, argumentó, agregó, advirtió.
        assert_flags(
            &SpeechVerbCalque,
            "“No,” he replicated. “Late,” she asseverated. “True,” he apostilled. “Why,” she \
             explicited. “So,” he argumented. “And,” she aggregated. “Stop,” he advertised.",
            &[
                "replicated",
                "asseverated",
                "apostilled",
                "explicited",
                "argumented",
                "aggregated",
                "advertised",
            ],
        );
        assert_flags(
            &SpeechVerbCalque,
            "He replicated that the fund was empty. She pointed that the road was shut.",
            &["replicated", "pointed"],
        );
        // French `a évoqué` after a quotation; with an object it is English.
        assert_flags(
            &SpeechVerbCalque,
            "“A difficult year,” the minister evoked. The song evoked memories of the war.",
            &["evoked"],
        );
        assert_flags(
            &SpeechVerbCalque,
            "The mayor assured: “The river will not rise.” He completed: \"We are ready.\"",
            &["assured", "completed"],
        );
        assert_fixed(
            &SpeechVerbCalque,
            "The mayor sustained: “It is safe.”",
            "The mayor maintained: “It is safe.”",
        );
    }

    #[test]
    fn flags_that_clauses() {
        assert_flags(
            &SpeechVerbCalque,
            "He assured that the school would reopen soon.",
            &["assured"],
        );
        assert_flags(
            &SpeechVerbCalque,
            "She sustained that the dam had been weakened.",
            &["sustained"],
        );
        assert_flags(
            &SpeechVerbCalque,
            "He completed that the tickets had sold out.",
            &["completed"],
        );
        assert_flags(
            &SpeechVerbCalque,
            "The minister estimated that the proposal was fair.",
            &["estimated"],
        );
        assert_flags(
            &SpeechVerbCalque,
            "The opposition denounced that the vote was rigged.",
            &["denounced"],
        );
    }

    #[test]
    fn hard_negatives() {
        for t in [
            "The governor declared a state of emergency.",
            "Scientists replicated that finding in mice; the firm advertised that job in May.",
            "The agency advertised that it would hire 300 people and aggregated that data.",
            "He pointed that gun at the officer. The results were replicated, the study said.",
            "The company declared bankruptcy on Monday.",
            "The declared aim was peace.",
            "“It is over,” he said, and declared war.",
            "He assured reporters that the plan was sound.",
            "Residents can rest assured that the water is safe; they felt assured that it was.",
            "As we’ve specified that the bridge will close, we've assured that it is safe.",
            "She was informed that the flight was late.",
            "Officials estimated that 300 people attended.",
            "“Watch out,” he said, and slipped on the ice. The crowd saluted the troops.",
            "Analysts estimated that the deal would cost the firm dearly.",
            "Engineers estimated that repairs would take years.",
            "The IMF estimated that growth would slow. It was 2 percent.",
            "He estimated that risk to be low.",
            "He completed that report last week.",
            "“Look,” she pointed out.",
            "“We are ready,” she said.",
            "The country recalled its ambassador.",
            "“The cost,” he estimated the total at 5 million.",
            "Neighbours alerted the police. The mayor denounced the decision.",
            "She denounced that decision as unfair; they alerted that office.",
            // Before a colon: English verbs, a passive, a verb in another sentence.
            "He declared: “I am ready.” She recalled: “It was cold.”",
            "She was informed: “Your flight is late.” The troops advanced: “Forward” was the cry.",
            "The work is completed. “Good,” he said. The mayor said: “It is safe.”",
            "The team advanced to the final. The scandal was exposed, and the judge sentenced him.",
            "“It hurts,” she lamented. “We stay,” he reaffirmed. “We won,” she celebrated.",
            "“It is over,” he said, and declared on Monday a state of emergency.",
            "“Enough,” the mayor declared on Monday that the vote was void.",
        ] {
            assert_clean(&SpeechVerbCalque, t);
        }
    }

    #[test]
    fn fixes() {
        assert_fixed(
            &SpeechVerbCalque,
            "“Ready,” he declared.",
            "“Ready,” he said.",
        );
        assert_fixed(
            &SpeechVerbCalque,
            "He assured that it would.",
            "He said that it would.",
        );
    }
}
