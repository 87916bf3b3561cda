//! `quote/unattributed-quote`.

use crate::diagnostic::{Diagnostic, Severity};
use crate::document::{Document, Quote};
use crate::rules::mt::{is_speech_verb, SUBJECT_PRONOUNS};
use crate::rules::{FixAvailability, Rule, RuleMeta};
use regex::Regex;
use std::ops::Range;
use std::sync::LazyLock;

const EXPLANATION: &str = "\
## What it flags
A direct quotation of six words or more that nobody is credited with: no speech verb (`said`,
`told`, `according to`…) in its paragraph outside the quotation marks, no `Name:` or `said:`
introducing it, and no credit in the sentence right after it. A shorter one (three words or more)
only when it is a whole paragraph ending its sentence inside the marks (`“We will not give
up.”`): a direct quotation, not a partial one. A quotation continued over several paragraphs is
one quotation: a credit in any of its paragraphs counts. Also flagged: a quotation
credited only to an unnamed `statement` or `source` (`,” a statement said.`, `,” said a
statement.`, `,” according to a source.`, `,” read a statement.`, `,” sources claimed.`).

## Why
Reuters and AP require every quotation to be attributed, usually after its first sentence. In
translated and re-processed copy the attribution is often the part that gets lost.

## Example
Flagged:  a paragraph that is only `“Each winter they promise the road will be mended.”`
Not flagged: `“Each winter they promise the road will be mended,” said Tomas Veld, a bus driver.`

## Not flagged
Scare quotes and short partial quotations (under six words, but for a whole paragraph), titles of
works, attribution before a colon, `according to` before or after, a written source's `read` in the
credit's place (`,” the letter read.`, `,” it read.`), a subject and any verb in the past tense
right after a quotation that ends with a comma, question or exclamation mark (`?” he questioned.`,
`,” Javadekar posed`, `?” one farmer questioned.`), attribution in the next sentence (`That was the
verdict of …`, `Those were the words of …`), Q&A transcripts with speaker labels, quotations
continued over paragraphs with the speaker named in one of them.

## Fix safety
No fix: the attribution must come from the reporting.";

/// Flags quotations nobody is credited with.
pub struct UnattributedQuote;

static META: RuleMeta = RuleMeta::builtin(
    "quote/unattributed-quote",
    Severity::Warning,
    "A direct quotation nobody is credited with",
    FixAvailability::None,
    EXPLANATION,
);

const MIN_WORDS: usize = 6;
/// The same for a quotation that is a whole paragraph (`“We will not give up.”`).
const MIN_WORDS_WHOLE_PARAGRAPH: usize = 3;

static ANONYMOUS: LazyLock<Regex> = LazyLock::new(|| {
    // `, a statement said`, `, said a statement`, `, according to a source`, `, read a
    // statement`: the unnamed source before or after the verb.
    const WHO: &str = r"(?:(?:a|an|one)\s+(?:statement|source|press release)|sources)";
    Regex::new(&format!(
        r"(?i)^[,.]?[ \t]*(?:{WHO}\s+(?:said|says|stated|claimed|confirmed|revealed|disclosed|asserted)|(?:said|says|read|reads|according\s+to)\s+{WHO})\b([^.!?\n]*)"
    ))
        .expect("static regex")
});
static CREDITED_STATEMENT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:from|by|of|issued|released|familiar|close to|at the|for the|with the)\b")
        .expect("static regex")
});
static NEXT_SENTENCE_CREDIT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:That|Those|These|This|Such|So)\b[^.!?]{0,60}\b(?:words|verdict|view|assessment|message|reaction|warning|comments?|opinion|conclusion|advice|thoughts|said|says)\b")
        .expect("static regex")
});

impl Rule for UnattributedQuote {
    fn meta(&self) -> &RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, out: &mut Vec<Diagnostic>) {
        if doc.quotes.is_empty() {
            return;
        }
        // Whether each paragraph credits a speaker, worked out once: a paragraph with thousands of
        // quotations would otherwise be read once per quotation.
        let mut credits = Credits::new(doc);
        // Each quotation with its words counted, and joined by the quotations that continue it
        // over the next paragraphs. The lookups at its paragraph's ends are not used here: they
        // bring in what the paragraph's credit check reads first.
        let mut counted = doc
            .with_word_indexes(&doc.quotes, |q| {
                let para = &doc.paragraphs[q.paragraph];
                [q.inner.start, q.inner.end, para.start, para.end]
            })
            .peekable();
        while let Some((first, [a, b, ..])) = counted.next() {
            let mut words = b - a;
            let mut last = first;
            while let Some((q, [a, b, ..])) = counted.next_if(|(q, _)| continues(last, q)) {
                words += b - a;
                last = q;
            }
            // Whether the quotation is a title, or a sentence carries it, is asked last, where it
            // can change the outcome: it reads every word of the quotation or splits the
            // paragraph into sentences, and most quotations are credited.
            if words < MIN_WORDS
                && !(words >= MIN_WORDS_WHOLE_PARAGRAPH && whole_paragraphs(doc, first, last))
            {
                continue;
            }
            let span = first.span.start..last.span.end;
            if let Some(m) = anonymous_credit(&doc.text[last.span.end..]) {
                let rest = m.get(1).map_or("", |r| r.as_str());
                if !CREDITED_STATEMENT.is_match(rest) {
                    if looks_like_title(doc, first) || embedded(doc, first) {
                        continue;
                    }
                    let end = last.span.end + m.get(0).map_or(0, |x| x.end()) - rest.len();
                    out.push(
                        META.diag(
                            span.start..end,
                            "quotation credited only to an unnamed statement or source",
                        )
                        .with_note("say whose statement it is, or who the source is"),
                    );
                    continue;
                }
            }
            let paragraphs = first.paragraph..=last.paragraph;
            if paragraphs.clone().any(|p| credits.of(doc, p)) {
                continue;
            }
            if looks_like_title(doc, first)
                || embedded(doc, first)
                || introduced_by_previous(doc, first.paragraph)
                || continues_speaker(doc, first.paragraph, &mut credits)
                || credited_after(doc, last)
            {
                continue;
            }
            out.push(
                META.diag(span, "quotation is not attributed: nobody is credited with it")
                    .with_note("name the speaker in the quotation's paragraph, usually after its first sentence"),
            );
        }
    }
}

/// Whether the quotation from `first` to `last` is all of its paragraphs and ends a sentence
/// inside its closing mark (`“We will not give up.”`): a direct quotation however short, where a
/// few quoted words inside a sentence are a partial one or scare quotes.
fn whole_paragraphs(doc: &Document, first: &Quote, last: &Quote) -> bool {
    let inner = doc.text[last.inner.clone()].trim_end();
    last.closed
        && first.span.start == doc.paragraphs[first.paragraph].start
        && last.span.end == doc.paragraphs[last.paragraph].end
        && inner.ends_with(['.', '!', '?', '…'])
}

/// `, a statement said …` (or `, said a statement`, `, according to a source`) right after a
/// quotation. The regex only runs where the next word can start one of its alternatives (`a`,
/// `an`, `one`, `sources`, `said`, `read`, `according`).
fn anonymous_credit(after: &str) -> Option<regex::Captures<'_>> {
    let next = after
        .trim_start_matches([',', '.'])
        .trim_start_matches([' ', '\t'])
        .as_bytes();
    // The first words, lowercased: most quotations are followed by `said` and a name.
    let mut head = [0u8; 24];
    let n = next.len().min(head.len());
    for (h, b) in head.iter_mut().zip(&next[..n]) {
        *h = b.to_ascii_lowercase();
    }
    let head = &head[..n];
    let who = ["said ", "says ", "read ", "reads ", "according to "]
        .iter()
        .find_map(|v| head.strip_prefix(v.as_bytes()))
        .unwrap_or(head);
    if !["a ", "an ", "one ", "sources"]
        .iter()
        .any(|w| who.starts_with(w.as_bytes()))
    {
        return None;
    }
    ANONYMOUS.captures(after)
}

/// Whether `q` goes on with the quotation `prev`, the one before it, over a paragraph break.
fn continues(prev: &Quote, q: &Quote) -> bool {
    q.continues_previous && !prev.closed && q.paragraph == prev.paragraph + 1
}

fn count_words(doc: &Document, r: &Range<usize>) -> usize {
    let a = doc.word_index_at(r.start);
    let b = doc.word_index_at(r.end);
    b - a
}

fn looks_like_title(doc: &Document, q: &Quote) -> bool {
    let a = doc.word_index_at(q.inner.start);
    let b = doc.word_index_at(q.inner.end);
    let caps = doc
        .words
        .range(a..b)
        .filter(|w| doc.text[w.span()].starts_with(char::is_uppercase))
        .count();
    caps * 10 >= (b - a) * 7
}

/// [`paragraph_credits`] for each paragraph, computed on first use, and where each paragraph's
/// quotations start.
struct Credits {
    known: Vec<Option<bool>>,
    /// For each paragraph, the index of the first quotation in it or after it; then, after
    /// the last paragraph's, the number of quotations.
    quotes_from: Vec<u32>,
}

impl Credits {
    fn new(doc: &Document) -> Credits {
        let mut quotes_from = Vec::with_capacity(doc.paragraphs.len() + 1);
        let mut k = 0;
        for p in 0..doc.paragraphs.len() {
            while doc.quotes.get(k).is_some_and(|q| q.paragraph < p) {
                k += 1;
            }
            quotes_from.push(k as u32);
        }
        quotes_from.push(doc.quotes.len() as u32);
        Credits {
            known: vec![None; doc.paragraphs.len()],
            quotes_from,
        }
    }

    fn of(&mut self, doc: &Document, p: usize) -> bool {
        if let Some(known) = self.known[p] {
            return known;
        }
        let credits = paragraph_credits(doc, p, self.quotes_in(doc, p));
        self.known[p] = Some(credits);
        credits
    }

    /// The quotations of paragraph `p`.
    fn quotes_in<'d>(&self, doc: &'d Document, p: usize) -> &'d [Quote] {
        &doc.quotes[self.quotes_from[p] as usize..self.quotes_from[p + 1] as usize]
    }
}

/// Whether paragraph `p` credits a speaker outside its quotation marks.
fn paragraph_credits(doc: &Document, p: usize, quotes: &[Quote]) -> bool {
    let para = &doc.paragraphs[p];
    let text = doc.text;
    // Q&A and transcripts: `Q:`, `SMITH:`, `Jane Doe:` at the start.
    // (Only the head is sliced: the paragraph's end may be far off, and not yet in the cache.)
    let head = text
        .get(para.start..para.end.min(para.start + 41))
        .unwrap_or("");
    if let Some(colon) = memchr::memchr(b':', head.as_bytes()) {
        let label = &head[..colon];
        let words: Vec<&str> = label.split_whitespace().collect();
        if !words.is_empty()
            && words.len() <= 4
            && words.iter().all(|w| w.starts_with(char::is_uppercase))
            && !label.contains(['“', '"'])
        {
            return true;
        }
    }
    // Most credits follow a closing mark within a few words (`,” he said.`): look there first.
    // (Only words the full scan below also reads: none inside any quotation.)
    let mut reach = para.start;
    for (k, q) in quotes.iter().enumerate() {
        reach = reach.max(q.span.end);
        let limit = quotes.get(k + 1).map_or(para.end, |n| n.span.start);
        let a = doc.word_index_at(reach);
        let b = doc.word_index_at(limit.max(reach));
        let framed = frames_credit(text, q);
        if doc.words.range(a..b.min(a + 4)).any(|w| {
            let word = &text[w.span()];
            is_speech_verb(word)
                || (framed
                    && (word.eq_ignore_ascii_case("read") || word.eq_ignore_ascii_case("reads")))
        }) || (framed && subject_and_verb(doc, a, b))
        {
            return true;
        }
    }
    // Words outside this paragraph's quotations, segment by segment.
    let mut from = para.start;
    let mut prev_according = false;
    for q in quotes
        .iter()
        .map(|q| q.span.clone())
        .chain(std::iter::once(para.end..para.end))
    {
        let a = doc.word_index_at(from);
        let b = doc.word_index_at(q.start.max(from));
        for w in doc.words.range(a..b) {
            let word = &doc.text[w.span()];
            if !matches!(word.len(), 2..=12) {
                prev_according = false;
                continue;
            }
            if is_speech_verb(word) {
                return true;
            }
            if prev_according && word.eq_ignore_ascii_case("to") {
                return true;
            }
            prev_according = word.eq_ignore_ascii_case("according");
        }
        prev_according = false;
        from = q.end.max(from);
    }
    // `Name:` right before the opening mark.
    quotes
        .iter()
        .any(|q| text[para.start..q.span.start].trim_end().ends_with(':'))
}

/// Whether a quotation ends the way one does before its credit: with a comma, question mark or
/// exclamation mark inside the closing mark, or a comma right after it. Then `read` or `reads`
/// in the next few words credits a written source (`,” it read.`, `,” the letter reads.`); an
/// unnamed one is left to [`anonymous_credit`]. Elsewhere `read` is the verb of reading.
fn frames_credit(text: &str, q: &Quote) -> bool {
    let inner = text[q.inner.clone()].trim_end();
    q.closed && (inner.ends_with([',', '?', '!']) || text[q.span.end..].starts_with(','))
}

/// Words that open a subject of a few more words (`one farmer`, `the tired minister`).
const DETERMINERS: &[&str] = &[
    "the", "a", "an", "one", "another", "his", "her", "their", "its", "our", "some", "many",
    "several", "this", "that",
];

/// Whether words `a..b` (after a quotation that [`frames_credit`]) open with a subject and a
/// verb in the past tense, joined by spaces: `he questioned`, `Javadekar posed`, `Police Chief
/// Ann Lee fumed`, `the minister retorted`. That is the shape of an attribution, whatever the
/// verb; the list of speech verbs cannot hold them all.
fn subject_and_verb(doc: &Document, a: usize, b: usize) -> bool {
    let text = doc.text;
    let mut words = doc.words.range(a..b.min(a + 6));
    let Some(first) = words.next() else {
        return false;
    };
    let mut prev = first.span();
    let head = &text[prev.clone()];
    // The subject: a pronoun, up to four capitalised words, or a determiner (`the`, `one`, `a`,
    // `his`…) and up to two more. After a determiner the verb must end the clause: `the motto
    // adopted in 1945` is no attribution.
    let article = DETERMINERS.iter().any(|d| head.eq_ignore_ascii_case(d));
    let pronoun = SUBJECT_PRONOUNS
        .iter()
        .any(|p| head.eq_ignore_ascii_case(p));
    let (capitalised, mut room) = if pronoun {
        (false, 0)
    } else if article {
        (false, 2)
    } else if head.starts_with(char::is_uppercase) {
        (true, 3)
    } else {
        return false;
    };
    for w in words {
        let span = w.span();
        if !text[prev.end..span.start].bytes().all(|c| c == b' ') {
            return false;
        }
        let word = &text[span.clone()];
        if word.len() >= 5 && word.ends_with("ed") && word.bytes().all(|c| c.is_ascii_lowercase()) {
            // (After `the`, one that goes on is a modifier: `the tired minister retorted`.)
            if !article || text[span.end..].starts_with(['.', ',']) {
                return true;
            }
        }
        let fits = if capitalised {
            word.starts_with(char::is_uppercase)
        } else {
            word.starts_with(char::is_lowercase)
        };
        if room == 0 || !fits {
            return false;
        }
        room -= 1;
        prev = span;
    }
    false
}

/// A quotation inside a sentence that started before it (`called it “…”`, `in the words of the
/// mayor, “…”`) is carried by that sentence: the sentence names who said it or why it is quoted.
fn embedded(doc: &Document, q: &Quote) -> bool {
    if q.continues_previous {
        return false;
    }
    let s = doc
        .sentence_at(q.span.start)
        .map_or(q.span.start, |s| s.start);
    !doc.text[s..q.span.start].trim().is_empty()
}

/// The paragraph before is itself an attributed quotation: the same speaker goes on (news copy
/// attributes the first quotation paragraph and lets the next ones follow).
fn continues_speaker(doc: &Document, p: usize, credits: &mut Credits) -> bool {
    if p == 0 || !credits.of(doc, p - 1) {
        return false;
    }
    // The previous paragraph must end with its quotation: its last sentence holds a real quote.
    let prev = &doc.paragraphs[p - 1];
    let Some(last_sentence) = doc.sentence_at(prev.end.saturating_sub(1)) else {
        return false;
    };
    credits
        .quotes_in(doc, p - 1)
        .iter()
        .any(|q| q.span.end > last_sentence.start && count_words(doc, &q.inner) >= MIN_WORDS)
}

/// The paragraph before ends with a colon: `She said:`.
fn introduced_by_previous(doc: &Document, p: usize) -> bool {
    p > 0
        && doc.text[doc.paragraphs[p - 1].clone()]
            .trim_end()
            .ends_with(':')
}

/// The sentence after the quotation credits it: `That was the verdict of …`, or an epigraph credit.
fn credited_after(doc: &Document, last: &Quote) -> bool {
    let para = &doc.paragraphs[last.paragraph];
    let rest = doc.text[last.span.end..para.end].trim_start();
    let next = if rest.is_empty() {
        doc.paragraphs
            .get(last.paragraph + 1)
            .map_or("", |n| &doc.text[n.clone()])
    } else {
        rest
    };
    next.starts_with(['—', '–']) || next.starts_with("- ") || NEXT_SENTENCE_CREDIT.is_match(next)
}

#[cfg(test)]
mod tests {
    use super::{Credits, UnattributedQuote};
    use crate::document::{Document, Format};
    use crate::rules::testing::*;

    /// The quotations of a paragraph are those whose paragraph it is: paragraphs with none,
    /// with several, first and last.
    #[test]
    fn quotations_of_each_paragraph() {
        let t = "“One,” he said.\n\nNone here.\n\n“Two” and “three” and “four.”\n\nNone.\n\n\
                 “Five.”\n\n“Six” and “seven”";
        let doc = Document::parse(t, Format::Text);
        let credits = Credits::new(&doc);
        let got: Vec<Vec<&str>> = (0..doc.paragraphs.len())
            .map(|p| {
                credits
                    .quotes_in(&doc, p)
                    .iter()
                    .map(|q| &t[q.inner.clone()])
                    .collect()
            })
            .collect();
        let want: Vec<Vec<&str>> = vec![
            vec!["One,"],
            vec![],
            vec!["Two", "three", "four."],
            vec![],
            vec!["Five."],
            vec!["Six", "seven"],
        ];
        assert_eq!(got, want);
        assert!(Credits::new(&Document::parse("", Format::Text))
            .quotes_from
            .iter()
            .all(|&k| k == 0));
    }

    const Q: &str =
        "“Each winter they promise the road will be mended, and each spring the holes are deeper.”";

    #[test]
    fn flags() {
        let t = format!(
            "Drivers spoke about the potholes.\n\n{Q}\n\nThe haulage group asked for patience.\n"
        );
        assert_flags(&UnattributedQuote, &t, &[Q]);
        let multi = "“The canal is clearer than it has been in my lifetime.\n\n“We used to lose whole fields to the spring floods.”\n\nNext.";
        assert_flags(
            &UnattributedQuote,
            multi,
            &[&multi[..multi.find("\n\nNext").unwrap()]],
        );
        let after_other = "“We loved the show, but the wait was longer than the film.” Those were the words of Ann, who said it was safe.\n\n“The canal is clearer than it has been in my lifetime.”";
        assert_flags(
            &UnattributedQuote,
            after_other,
            &["“The canal is clearer than it has been in my lifetime.”"],
        );
        assert_flags(
            &UnattributedQuote,
            "“This keeps the orchestra in the old hall by the harbour,” a statement said on Tuesday.",
            &["“This keeps the orchestra in the old hall by the harbour,” a statement said"],
        );
        // `read` credits only in the place of an attribution, not as the verb of reading.
        let reading = "The pupils stood up.\n\n“Each winter they promise the road will be mended.” They read on in silence.";
        assert_flags(
            &UnattributedQuote,
            reading,
            &["“Each winter they promise the road will be mended.”"],
        );
        // A past tense after a quotation is not a credit without a subject right before it.
        for after in [
            "Passed by the council, it stood.",
            "the motto adopted in 1945, remained.",
            "Smith, who retired, stood.",
        ] {
            let t = format!(
                "Before.\n\n“We will not stop until every family has a home of its own,” {after}"
            );
            assert_flags(
                &UnattributedQuote,
                &t,
                &["“We will not stop until every family has a home of its own,”"],
            );
        }
        for credit in [
            "said a statement",
            "according to a source",
            "read a statement",
            "sources claimed",
            "a source confirmed",
        ] {
            let t = format!("“This keeps the orchestra in the old hall by the harbour,” {credit}.");
            let flagged =
                format!("“This keeps the orchestra in the old hall by the harbour,” {credit}");
            assert_flags(&UnattributedQuote, &t, &[&flagged]);
        }
    }

    #[test]
    fn hard_negatives() {
        for t in [
            "“Each winter they promise the road will be mended,” said Tomas Veld.",
            "Tomas Veld, a bus driver, said: “Each winter they promise the road will be mended.”",
            "The minister said:\n\n“Each winter they promise the road will be mended.”",
            "“Each winter they promise the road will be mended,” according to the report.",
            "“Each winter they promise the road will be mended.” That was the verdict of Tomas Veld.",
            "“Each winter they promise the road will be mended.\n\n“And each spring it is not,” she said.",
            "She called the deal “a small start”.",
            "The survey, “Roads and Rivers of the Northern Valleys”, was published.",
            "Q: “Is it true that you are leaving the club this year?”\n\nA: Yes.",
            "“We have argued about this footbridge for a decade,” he said.\n\n“Each time the answer was next spring, again and again.”",
            "“We loved the show, but the wait was longer than the film.” Those were the words of Ann.\n\nShe said more.",
            "It had the caption “Warm wishes for the holidays from everyone at the bakery”, and was shared.",
            "She is survived, in the words of her coach, by “every child who ever learned to swim in this lake”.",
            "“This keeps the orchestra in the old hall by the harbour,” a statement from the club said.",
            "“This keeps the orchestra in the old hall by the harbour,” said a statement from the club.",
            "“This keeps the orchestra in the old hall by the harbour,” according to a source close to him.",
            "A commentary in the party newspaper followed.\n\n“Those who gain recognition without real ability may run into trouble,” it read.",
            "“No vehicles beyond this point without a permit from the council,” reads the sign at the gate.",
            "“We will not close the school while there are children in the valley,” the letter read.",
            "“The dress was made in the workshops of the house in Paris,” her spokeswoman revealed.\n\n“It took the team of twelve more than four months.\n\n“This is the first wedding dress the designer has made.”",
            "“The bridge will stay closed to lorries until the repairs are done,” the council confirmed.",
            "“Will the government institute an inquiry into the whole episode?” Javadekar posed during the debate.",
            "“Is this what you call a government, after all these years?” he questioned.",
            "“We will not stop until every family has a home of its own,” Police Chief Ann Lee fumed.",
            "“We will not stop until every family has a home of its own,” the tired minister retorted.",
            "“Is this what you call a plan, after all these years of warnings?” one farmer questioned.",
            "“We will be back next year with twice as many boats,” their captain beamed.",
        ] {
            assert_clean(&UnattributedQuote, t);
        }
    }
}
