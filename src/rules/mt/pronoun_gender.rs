//! `mt/pronoun-gender`.

use super::{is_speech_verb, names, WordSet};
use crate::diagnostic::{Diagnostic, Edit, Fix, Severity};
use crate::document::Document;
use crate::rules::{FixAvailability, Rule, RuleMeta};
use std::ops::Range;
use std::sync::LazyLock;

const EXPLANATION: &str = "\
## What it flags
`He said` (or `She said`) opening a sentence right after one whose only person is clearly of the
other gender: `Head coach Mary Okoro said the squad was fit. He said two players would be
rested.`

## Why
Romance possessives and pronouns agree with the noun, not with the person (*sa visite* is his or
her visit; Spanish drops the subject pronoun), so a translation engine guesses, and often guesses
`he`. The slip is easy to miss and changes who is speaking.

## When it flags
The sentence before (or the last one of the paragraph before) credits a statement (`said`,
`added`, `according to`…) and names a person whose gender it states: a title (`Ms.`, `Mr.`,
`Mrs.`, `Sir`, `Dame`), a common given name followed by a surname (`Mary Okoro`), or a gendered
noun (`spokeswoman`, `chairman`, `mother`). A surname alone (`Solberg said`), or a name the rule
does not know, counts when the story names the person in full or with a title elsewhere (`Ingrid
Solberg`, `Ms. Solberg`) or credits them with a pronoun (`Solberg said she`). Everything in that
sentence must agree: one `his`, one man's name or one `father` beside a woman's name and nothing
is flagged. So must the rest: a capitalised word that could name another person (not a month, a
weekday, an acronym or a word after `of`, `in`, `at`, `the`…) stops the rule too, and so does
anyone the pronoun fits in the sentence before that, in the same paragraph (stories alternate
between speakers).

## Not flagged
`Mary Smith said her son was hurt. He said…` (the son), `Tom Smith told Ana Ruiz… She said…`
(`told` names a listener), two speakers in one sentence, `He said` inside a quotation, a name the
rule does not know (`Kelani Moss`: no guess from the name), `She said… He said…` with no name.

## Fix safety
Unsafe: the pronoun is swapped (`He` → `She`); check the sentence before is about the same person.";

/// Flags `He said` after a sentence about a woman, and `She said` after one about a man.
pub struct PronounGender;

static META: RuleMeta = RuleMeta::builtin(
    "mt/pronoun-gender",
    Severity::Warning,
    "`He said` right after a sentence about a named woman (or `She said` after a man)",
    FixAvailability::Unsafe,
    EXPLANATION,
);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Gender {
    Female,
    Male,
}

impl Gender {
    fn pronoun(self) -> &'static str {
        match self {
            Gender::Female => "She",
            Gender::Male => "He",
        }
    }
}

/// Words that tell a gender, in lower case: pronouns first (they count against a guess but never
/// make one), then nouns.
const FEMALE_PRONOUNS: &str = "she her hers herself";
const MALE_PRONOUNS: &str = "he him his himself";
const FEMALE_NOUNS: &str = "woman women spokeswoman chairwoman congresswoman businesswoman \
    councilwoman policewoman sportswoman stateswoman mother grandmother stepmother wife widow \
    daughter granddaughter stepdaughter sister girl girlfriend actress waitress queen princess \
    duchess countess empress aunt niece bride mum mom nun heiress";
const MALE_NOUNS: &str = "man men spokesman chairman congressman businessman councilman \
    policeman sportsman statesman father grandfather stepfather husband widower son grandson \
    stepson brother boy boyfriend king prince duke emperor uncle nephew groom dad monk";

/// Titles before a surname, as written (the full stop is not part of the word).
const FEMALE_TITLES: &[&str] = &["Ms", "Mrs", "Miss", "Dame", "Madam", "Mme", "Mlle"];
const MALE_TITLES: &[&str] = &["Mr", "Mister", "Sir"];

/// Verbs that credit a statement to the sentence's subject. `told` and `asked` are left out: they
/// name a listener too, who may be the one the next sentence is about (but see [`MEDIA`]).
const CREDITING: &str = "said says added explained noted stressed warned insisted argued \
    recalled acknowledged admitted confirmed according";

/// Listeners of `told` that are nobody in particular.
const MEDIA: &str = "reporters journalists press media newspaper agency afp reuters ap bbc cnn \
    radio television parliament lawmakers";

/// Words after which a capitalised word is a place or an organisation rather than a person.
const PLACE_WORDS: &str = "of in at from the on near across into outside inside under a an";

/// Words that make a given name part of a place name.
const PLACE_PREFIXES: &[&str] = &[
    "St", "Saint", "San", "Santa", "Port", "Lake", "Fort", "Mount", "Cape", "Queen", "King",
    "Prince", "Princess", "Lady",
];

/// Capitalised words that name no person.
const NOT_PEOPLE: &str = "monday tuesday wednesday thursday friday saturday sunday january \
    february march april may june july august september october november december i";

struct Lexicon {
    female_pronouns: WordSet,
    male_pronouns: WordSet,
    female_nouns: WordSet,
    male_nouns: WordSet,
    female_names: WordSet,
    male_names: WordSet,
    crediting: WordSet,
    media: WordSet,
    place_words: WordSet,
    not_people: WordSet,
}

fn set(words: &'static str) -> WordSet {
    WordSet::new(words.split_whitespace())
}

static LEXICON: LazyLock<Lexicon> = LazyLock::new(|| Lexicon {
    female_pronouns: set(FEMALE_PRONOUNS),
    male_pronouns: set(MALE_PRONOUNS),
    female_nouns: set(FEMALE_NOUNS),
    male_nouns: set(MALE_NOUNS),
    female_names: set(names::FEMALE),
    male_names: set(names::MALE),
    crediting: set(CREDITING),
    media: set(MEDIA),
    place_words: set(PLACE_WORDS),
    not_people: set(NOT_PEOPLE),
});

/// What a sentence says about the people in it.
#[derive(Debug, Default)]
struct Evidence {
    /// Where a name, a title or a noun first says someone is a woman.
    female: Option<Range<usize>>,
    /// Where one first says someone is a man.
    male: Option<Range<usize>>,
    /// Whether a pronoun (or a noun inside a quotation) says someone is a woman: that never makes
    /// a guess, but it does contradict one.
    female_pronoun: bool,
    /// The same for a man.
    male_pronoun: bool,
    /// A capitalised word that may name someone else.
    other_person: bool,
    /// A verb that credits a statement.
    credits: bool,
}

impl Evidence {
    /// Whether anything in the sentence is of gender `g`.
    fn mentions(&self, g: Gender) -> bool {
        match g {
            Gender::Female => self.female.is_some() || self.female_pronoun,
            Gender::Male => self.male.is_some() || self.male_pronoun,
        }
    }

    /// The one gender the sentence states, with where it says so, if it states exactly one.
    fn only(&self) -> Option<(Gender, Range<usize>)> {
        if self.other_person || !self.credits {
            return None;
        }
        let female = self.female.is_some() || self.female_pronoun;
        let male = self.male.is_some() || self.male_pronoun;
        match (&self.female, &self.male) {
            (Some(r), None) if !male => Some((Gender::Female, r.clone())),
            (None, Some(r)) if !female => Some((Gender::Male, r.clone())),
            _ => None,
        }
    }
}

fn starts_upper(w: &str) -> bool {
    w.starts_with(|c: char| c.is_uppercase())
}

/// The gender a given name or a title says, if the word is one (in title case).
fn gender_of(word: &str) -> Option<Gender> {
    let lex = &*LEXICON;
    if !word.as_bytes()[1..].iter().all(u8::is_ascii_lowercase) {
        return None;
    }
    if FEMALE_TITLES.contains(&word) || lex.female_names.contains(word) {
        Some(Gender::Female)
    } else if MALE_TITLES.contains(&word) || lex.male_names.contains(word) {
        Some(Gender::Male)
    } else {
        None
    }
}

/// The gender of the person called `surname` elsewhere in the document: where it comes right
/// after a given name or a title (`Ingrid Solberg`, `Ms. Solberg`) or right before a statement
/// credited with a pronoun (`Solberg said she`), if those agree.
///
/// Only the text within [`SURNAME_REACH`] bytes of `near` is searched, and only while `budget`
/// (bytes) lasts: a file of thousands of stories, each naming someone new, would otherwise be
/// searched whole for each of them.
fn gender_of_surname(
    doc: &Document,
    surname: &str,
    near: usize,
    budget: &mut usize,
) -> Option<Gender> {
    let text = doc.text;
    let words = &doc.words;
    let from = near.saturating_sub(SURNAME_REACH);
    let to = (near + SURNAME_REACH).min(text.len());
    *budget = budget.checked_sub(to - from)?;
    let mut found = None;
    let hay = &text.as_bytes()[from..to];
    for at in memchr::memmem::find_iter(hay, surname.as_bytes()).take(64) {
        let at = from + at;
        let i = words.first_from(at);
        let Some(w) = words
            .get(i)
            .filter(|w| w.span() == (at..at + surname.len()))
        else {
            continue;
        };
        let before = i
            .checked_sub(1)
            .map(|k| words.at(k))
            .filter(|p| w.start() - p.end() <= 2)
            .and_then(|p| gender_of(&text[p.span()]));
        let Some(g) = before.or_else(|| pronoun_after(doc, i)) else {
            continue;
        };
        if found.is_some_and(|f| f != g) {
            return None;
        }
        found = Some(g);
    }
    found
}

/// The gender of the pronoun in `Solberg said she` / `Solberg added that he`, where word `i` is
/// the surname.
fn pronoun_after(doc: &Document, i: usize) -> Option<Gender> {
    let lex = &*LEXICON;
    let text = doc.text;
    let word = |k: usize| doc.words.get(k).map(|w| &text[w.span()]);
    if !word(i + 1).is_some_and(|v| lex.crediting.contains(v)) {
        return None;
    }
    let k = if word(i + 2) == Some("that") {
        i + 3
    } else {
        i + 2
    };
    match word(k)? {
        "she" => Some(Gender::Female),
        "he" => Some(Gender::Male),
        _ => None,
    }
}

/// How far from a sentence [`gender_of_surname`] looks for the same surname: a story's length,
/// and more.
const SURNAME_REACH: usize = 16 * 1024;

/// Reads the people of the sentence `range`; `budget` is [`gender_of_surname`]'s.
fn evidence(doc: &Document, range: Range<usize>, budget: &mut usize) -> Evidence {
    let lex = &*LEXICON;
    let text = doc.text;
    let words = &doc.words;
    let first = words.first_from(range.start);
    let mut end = first;
    while words.get(end).is_some_and(|w| w.end() <= range.end) {
        end += 1;
    }
    let word_at = |k: usize| &text[words.at(k).span()];
    // Whether word `k` continues the capitalised name before it (a space or `. ` between).
    let continues = |k: usize| {
        k < end && starts_upper(word_at(k)) && words.at(k).start() - words.at(k - 1).end() <= 2
    };
    let mut ev = Evidence::default();
    let note = |ev: &mut Evidence, g: Gender, r: Range<usize>| {
        let slot = match g {
            Gender::Female => &mut ev.female,
            Gender::Male => &mut ev.male,
        };
        if slot.is_none() {
            *slot = Some(r);
        }
    };
    // Whether the last capitalised words were a place or an organisation (for `in Britain and
    // Germany`).
    let mut last_plain = false;
    let mut i = first;
    while i < end {
        let w = words.at(i);
        let word = word_at(i);
        let at_start = i == first;
        i += 1;
        if lex.female_pronouns.contains(word) {
            ev.female_pronoun = true;
            continue;
        }
        if lex.male_pronouns.contains(word) {
            ev.male_pronoun = true;
            continue;
        }
        if lex.crediting.contains(word) {
            ev.credits = true;
            continue;
        }
        // `told reporters`, `told the BBC`: a listener who is nobody in particular.
        if word == "told" {
            let mut k = i;
            if words
                .get(k)
                .is_some_and(|n| k < end && matches!(&text[n.span()], "the" | "a"))
            {
                k += 1;
            }
            if words
                .get(k)
                .is_some_and(|n| k < end && lex.media.contains(&text[n.span()]))
            {
                ev.credits = true;
                i = k + 1;
            }
            continue;
        }
        // Inside a quotation, people are mentioned, not credited: they only stop a guess.
        let quoted = doc.in_quote(w.start());
        if !starts_upper(word) {
            let gender = if lex.female_nouns.contains(word) {
                Gender::Female
            } else if lex.male_nouns.contains(word) {
                Gender::Male
            } else {
                continue;
            };
            match (quoted, gender) {
                (true, Gender::Female) => ev.female_pronoun = true,
                (true, Gender::Male) => ev.male_pronoun = true,
                (false, g) => note(&mut ev, g, w.span()),
            }
            continue;
        }
        // A capitalised name: the words after it that continue it.
        let name_start = i - 1;
        while continues(i) {
            i += 1;
        }
        let name = w.start()..words.at(i - 1).end();
        let prev = (!at_start).then(|| word_at(name_start - 1));
        // A title or a given name before a surname says who it is; not in a place named after
        // someone (`Port Elizabeth`, `Queen Mary`).
        let after_place_word = |k: usize| k > first && PLACE_PREFIXES.contains(&word_at(k - 1));
        let given = (name_start..i - 1)
            .filter(|&k| !after_place_word(k))
            .find_map(|k| gender_of(word_at(k)).map(|g| (k, g)));
        if let Some((k, g)) = given {
            if quoted {
                ev.other_person = true;
                continue;
            }
            note(&mut ev, g, words.at(k).start()..name.end);
            last_plain = false;
            continue;
        }
        // Any other name may be someone else's, unless it follows a preposition or an article
        // (a place, an organisation), opens a quotation or a clause, is a date or an acronym.
        let plain = match prev {
            None => true,
            Some(p) => {
                lex.place_words.contains(p)
                    || (last_plain && (p == "and" || p == "or"))
                    || text[words.at(name_start - 1).end()..w.start()]
                        .contains(['“', '"', '‘', ':', '(', '—', '–'])
            }
        } || lex.not_people.contains(word)
            || word.chars().all(|c| !c.is_lowercase());
        last_plain = plain;
        // A surname alone (`Solberg said`, `said Kelani Moss`) may be named in full elsewhere.
        let surname = word_at(i - 1);
        let credited = words
            .get(i)
            .is_some_and(|n| i < end && lex.crediting.contains(&text[n.span()]))
            || text[words.at(i - 1).end()..].starts_with(',');
        if plain && !(at_start && credited) {
            continue;
        }
        // Unknown, it may be anyone: the one credited (`Kofi Mensah said`) or someone else.
        match gender_of_surname(doc, surname, w.start(), budget) {
            Some(g) if !quoted => note(&mut ev, g, name),
            _ => ev.other_person = true,
        }
    }
    ev
}

/// The last byte before `at` that is not ASCII whitespace, if any within 256 bytes.
fn last_non_space_before(text: &str, at: usize) -> Option<usize> {
    let b = text.as_bytes();
    (at.saturating_sub(256)..at)
        .rev()
        .find(|&k| !b[k].is_ascii_whitespace())
}

impl Rule for PronounGender {
    fn meta(&self) -> &RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, out: &mut Vec<Diagnostic>) {
        let text = doc.text;
        let words = &doc.words;
        // What the searches for surnames may read in all: a few times the text.
        let mut budget = 4 * text.len() + 16 * SURNAME_REACH;
        let pronouns = doc
            .opener_words()
            .filter(|&(_, w)| matches!(w, "He" | "She"));
        for (s, word) in pronouns {
            let pronoun_end = s + word.len();
            if s > 0 && !text.as_bytes()[s - 1].is_ascii_whitespace() {
                continue;
            }
            // `He said`, `She also said`: the next word credits a statement.
            let i = words.first_from(s);
            let mut k = i + 1;
            if words
                .get(k)
                .is_some_and(|w| &text[w.span()] == "also" && w.start() == pronoun_end + 1)
            {
                k += 1;
            }
            let Some(verb) = words.get(k) else { continue };
            if verb.start() > pronoun_end + 1 + 5 || !is_speech_verb(&text[verb.span()]) {
                continue;
            }
            // It opens its sentence, outside any quotation: first a look at the char before,
            // then the sentence splitter (which reads the whole paragraph).
            let Some(before) = last_non_space_before(text, s) else {
                continue;
            };
            let ends_sentence = matches!(text.as_bytes()[before], b'.' | b'!' | b'?' | b'"')
                || text[..=before].ends_with(['”', '’'])
                || text[before + 1..s].contains('\n');
            if !ends_sentence {
                continue;
            }
            let Some(sentence) = doc.sentence_at(s) else {
                continue;
            };
            if sentence.start != s || doc.in_quote(s) {
                continue;
            }
            // The sentence before: in this paragraph or the one before.
            let Some(previous) = doc.sentence_at(before) else {
                continue;
            };
            let said = if text.as_bytes()[s] == b'H' {
                Gender::Male
            } else {
                Gender::Female
            };
            let Some((gender, at)) = evidence(doc, previous.clone(), &mut budget).only() else {
                continue;
            };
            if gender == said {
                continue;
            }
            // Nor may the sentence before that, in its paragraph, name someone the pronoun fits:
            // stories alternate between two speakers.
            let earlier = last_non_space_before(text, previous.start)
                .filter(|&b| doc.paragraph_at(b) == doc.paragraph_at(previous.start))
                .and_then(|b| doc.sentence_at(b))
                .map(|r| evidence(doc, r, &mut budget));
            if earlier.is_some_and(|e| e.mentions(said)) {
                continue;
            }
            let right = gender.pronoun();
            out.push(
                META.diag(
                    s..pronoun_end,
                    format!(
                        "`{}` right after a sentence about `{}`: should it be `{right}`?",
                        said.pronoun(),
                        &text[at],
                    ),
                )
                .with_fix(Fix::unsafe_(
                    format!("Write `{right}`"),
                    vec![Edit::replace(s..pronoun_end, right.to_string())],
                )),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::PronounGender;
    use crate::rules::testing::*;

    #[test]
    fn flags_and_fixes() {
        assert_flags(
            &PronounGender,
            "Head coach Mary Okoro said the squad was fit. He said two would be rested.",
            &["He"],
        );
        // Given names from many languages, short forms included.
        for (before, pronoun) in [
            ("Fire chief Aoife Byrne said the blaze was out.", "He"),
            (
                "Deputy mayor Ozlem Kaya said the bridge would reopen.",
                "He",
            ),
            ("Engineer Tetiana Bondar said the grid held.", "He"),
            ("Union leader Jeff Harlow said the strike was over.", "She"),
            ("Ranger Tamati Walker said the track was shut.", "She"),
            ("Mayor Laszlo Kovacs said the budget was tight.", "She"),
        ] {
            let t = format!("{before} {pronoun} said more would follow.");
            assert_flags(&PronounGender, &t, &[pronoun]);
        }
        assert_flags(
            &PronounGender,
            "The spokesman for the agency said the fund was empty.\n\nShe added that it would close.",
            &["She"],
        );
        assert_flags(
            &PronounGender,
            "Ms. Okafor said the road had reopened. He also said tolls would rise.",
            &["He"],
        );
        assert_flags(
            &PronounGender,
            "Planner Sofia Ramos told reporters work would begin. He said it would take a year.",
            &["He"],
        );
        // A name the rule does not know, whose pronoun the story gives elsewhere.
        assert_flags(
            &PronounGender,
            "Moss said she would stay on.\n\nHead coach Kelani Moss said the squad was \
             fit. He said two would be rested.",
            &["He"],
        );
        // The surname alone, named in full earlier; places in a list.
        assert_flags(
            &PronounGender,
            "Chief executive Ingrid Solberg spoke on Monday.\n\nSolberg said the port had \
             cut its fees. He said sales in Britain and Germany rose.",
            &["He"],
        );
        assert_flags(
            &PronounGender,
            "Engineer Tomasz Wrona said pumps made in Italy were copied. She \
             said the work took a year.",
            &["She"],
        );
        assert_fixed(
            &PronounGender,
            "Mr. Haddad said the talks had failed. She said they would resume.",
            "Mr. Haddad said the talks had failed. He said they would resume.",
        );
    }

    #[test]
    fn hard_negatives() {
        for t in [
            // The pronoun agrees.
            "Mary Okoro said the squad was fit. She said two would be rested.",
            // Both genders in the sentence before.
            "Mary Smith said her son was hurt. He said he had fallen.",
            "Jane Doe, whose husband died in May, said the inquiry failed. He said nothing.",
            "Mary Smith said Tom Jones had resigned. He said he was tired.",
            // A listener, or another capitalised name the rule cannot read.
            "Tom Smith told the mayor the plan was late. She said it was not.",
            "Mary Smith said Kelani Moss had left. He said she would return.",
            // Pronouns alone make no guess.
            "She said the plan was late. He said it was on time.",
            // No statement credited in the sentence before.
            "Mary Smith arrived on Monday. He said she was late.",
            // Inside a quotation; not at a sentence start.
            "Mary Smith said: “The bridge is shut. He said so.”",
            "Mary Smith said the bridge was shut, and then He said nothing.",
            // An unknown name.
            "Head coach Kelani Moss said the squad was fit. He said two would be rested.",
            "Moss said he would stay on.\n\nCoach Kelani Moss said the squad was \
             fit. He said two would be rested.",
            // A surname named in full elsewhere with the other gender, or in two ways.
            "Ingrid Solberg spoke.\n\nSolberg said fees fell. She said sales rose.",
            "Ingrid Solberg and Mr. Solberg spoke.\n\nSolberg said fees fell. He said so.",
            // Two speakers in turn.
            "Tom Brown lost his home. Neighbour Mary Jones said it burned fast. He said he was \
             not insured.",
            // A speaker the rule cannot read, and a woman named in the sentence or the quote.
            "Kofi Mensah said Mary Shelley wrote it. He said it was banned.",
            "“I told Maria Lopez to stay home,” said the driver. He said he was sorry.",
            "“My wife is safe,” the driver said. He said he was sorry.",
            // Places named after people.
            "A ranger at Victoria Falls said the river was high. He said boats were stopped.",
            "A guide in Port Elizabeth said the beach was shut. He said it would reopen.",
            "Staff at St Mary Hospital said beds were full. He said more were coming.",
        ] {
            assert_clean(&PronounGender, t);
        }
    }
}
