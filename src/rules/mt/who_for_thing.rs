//! `mt/who-for-thing`.

use super::WEEKDAYS;
use crate::diagnostic::{Diagnostic, Edit, Fix, Severity};
use crate::document::Document;
use crate::rules::{FixAvailability, Rule, RuleMeta};

const EXPLANATION: &str = "\
## What it flags
A relative `who` right after a noun that names a thing, an amount or a time: `the new law, who
takes effect in May`, `12 kilometres of pipe last month, who is now being tested`, `the
tramline, who links the stations`. The rule knows about 270 such nouns: times, amounts, laws and
papers, buildings and works, vehicles and devices, weather, diseases, goods and money, events,
books and films. Also `who` after a company, bank, airline, ministry or other organisation
when a singular verb follows (`the mine company, who operates the site`).

## Why
French *qui*, Spanish and Portuguese *que* and Italian *che* serve people and things alike. A
translation that loses track of what the clause is about writes `who`, and the sentence then says
a law or a year is a person.

## Example
Flagged:  `Parliament passed the new law, who takes effect in May.`
Fixed:    `Parliament passed the new law, which takes effect in May.`

## Not flagged
`who` after a person or a group of people (`the minister, who`, `the team, who`, `the police,
who`), after an amount that can stand for people (`40 percent, who said`), after a capitalised word other than a weekday (`Bill, who`, `Summer, who`), after a noun
the rule does not list, and inside quotations. Nor after a thing in a phrase opened by a
preposition (`workers at the plant, who`, `the head of the project, who`, `a farmer with 400 hectares,
who`): the clause may be about the noun the phrase hangs on. Nouns that can stand for the people
behind them (`the government, who`, `the company, who`) only with a singular verb after `who`
(`the company, who operates the mine`): with a plural one (`the company, who are based in
Leeds`) the clause is about the people, as British English allows.

## Fix safety
Unsafe: `which` is offered. The clause may be about a person named earlier (`She met the
mayor last year, who…`); then the sentence needs rewording instead.";

/// Flags `who` right after a thing or a time.
pub struct WhoForThing;

static META: RuleMeta = RuleMeta::builtin(
    "mt/who-for-thing",
    Severity::Warning,
    "`who` right after a thing or a time (`the law, who`, `last month, who`)",
    FixAvailability::Unsafe,
    EXPLANATION,
);

/// Nouns of time. A time phrase hangs on the verb (`arrived on Monday`), not on a noun, so a
/// `who` after one has lost its antecedent whatever preposition opens it.
const TIMES: &[&str] = &[
    "year",
    "years",
    "month",
    "months",
    "week",
    "weeks",
    "day",
    "days",
    "weekend",
    "decade",
    "century",
    "hour",
    "hours",
    "today",
    "yesterday",
    "tonight",
    "night",
    "morning",
    "afternoon",
    "evening",
    "season",
    "summer",
    "winter",
    "spring",
    "autumn",
];

/// Nouns that never stand for a person: amounts, and things news copy often names. Kept out
/// are nouns that can stand for the people behind them (`the government, who`, `the company,
/// who`, `the hospital, who`, `the campaign, who`, `the fund, who`) and those that name a
/// person too (`date`, `order`).
const THINGS: &[&str] = &[
    // Amounts.
    "tonnes",
    "tons",
    "kilograms",
    "kilometres",
    "kilometers",
    "miles",
    "metres",
    "meters",
    "hectares",
    "acres",
    // Laws, plans and papers.
    "law",
    "laws",
    "bill",
    "bills",
    "legislation",
    "rule",
    "rules",
    "regulation",
    "regulations",
    "treaty",
    "accord",
    "contract",
    "ban",
    "tax",
    "taxes",
    "tariff",
    "tariffs",
    "scheme",
    "plan",
    "plans",
    "project",
    "projects",
    "programme",
    "programmes",
    "program",
    "programs",
    "report",
    "reports",
    "agreement",
    "agreements",
    "deal",
    "deals",
    "decision",
    "decisions",
    "measure",
    "measures",
    "policy",
    "policies",
    "reform",
    "reforms",
    "budget",
    "proposal",
    "proposals",
    "document",
    "documents",
    "constitution",
    "amendment",
    "resolution",
    "ruling",
    "verdict",
    "decree",
    "initiative",
    "strategy",
    "package",
    "ceasefire",
    "truce",
    "letter",
    "statement",
    "study",
    "survey",
    "data",
    "figures",
    // Works and buildings.
    "building",
    "buildings",
    "bridge",
    "bridges",
    "road",
    "roads",
    "highway",
    "motorway",
    "railway",
    "tramline",
    "pipeline",
    "tunnel",
    "airport",
    "station",
    "stadium",
    "dam",
    "canal",
    "mine",
    "wall",
    "tower",
    "plant",
    "plants",
    "factory",
    "factories",
    "reactor",
    "refinery",
    // Vehicles, weapons and devices.
    "car",
    "cars",
    "vehicle",
    "vehicles",
    "truck",
    "trucks",
    "bus",
    "train",
    "trains",
    "plane",
    "planes",
    "aircraft",
    "jet",
    "ship",
    "ships",
    "vessel",
    "boat",
    "boats",
    "drone",
    "drones",
    "missile",
    "missiles",
    "rocket",
    "rockets",
    "app",
    "software",
    "device",
    "devices",
    "phone",
    "website",
    "machine",
    "machines",
    // Nature and weather.
    "water",
    "grass",
    "tree",
    "trees",
    "crops",
    "river",
    "lake",
    "forest",
    "sea",
    "ocean",
    "mountain",
    "volcano",
    "glacier",
    "coast",
    "island",
    "fire",
    "fires",
    "wildfire",
    "wildfires",
    "storm",
    "storms",
    "flood",
    "floods",
    "rain",
    "rains",
    "snow",
    "wind",
    "winds",
    "earthquake",
    "quake",
    "hurricane",
    "typhoon",
    "cyclone",
    "tornado",
    "drought",
    "heatwave",
    "landslide",
    // Health.
    "virus",
    "variant",
    "vaccine",
    "vaccines",
    "disease",
    "illness",
    "pandemic",
    "epidemic",
    "outbreak",
    "infection",
    "drug",
    "drugs",
    "medicine",
    "treatment",
    // Money and goods.
    "price",
    "prices",
    "inflation",
    "economy",
    "market",
    "markets",
    "currency",
    "debt",
    "loan",
    "loans",
    "oil",
    "gas",
    "fuel",
    "electricity",
    "wheat",
    "grain",
    "rice",
    "coal",
    "money",
    "revenue",
    "sales",
    "profit",
    "profits",
    "exports",
    "imports",
    "shares",
    "stocks",
    "bonds",
    // Events.
    "election",
    "elections",
    "referendum",
    "war",
    "conflict",
    "crisis",
    "attack",
    "attacks",
    "explosion",
    "blast",
    "crash",
    "accident",
    "incident",
    "fighting",
    "violence",
    "protest",
    "protests",
    "trial",
    "hearing",
    "investigation",
    "inquiry",
    "summit",
    "conference",
    "festival",
    "tournament",
    // Works of art and media.
    "book",
    "books",
    "film",
    "movie",
    "song",
    "album",
    "video",
    "photo",
    "photos",
    "image",
    "images",
    "article",
];

/// Organisations. British English lets `who` stand for the people in one (`the company, who
/// are`), with a plural verb; a `who` with a singular verb (`the company, who operates`) counts
/// the organisation as one thing, and then English writes `which`.
const ORGANISATIONS: &[&str] = &[
    "company",
    "firm",
    "corporation",
    "conglomerate",
    "multinational",
    "bank",
    "lender",
    "insurer",
    "airline",
    "automaker",
    "carmaker",
    "retailer",
    "startup",
    "subsidiary",
    "government",
    "ministry",
    "agency",
    "municipality",
    "newspaper",
    "broadcaster",
];

/// Words ending in `s` that are not verbs in the third person singular.
const NOT_VERBS: &[&str] = &[
    "always",
    "perhaps",
    "sometimes",
    "nevertheless",
    "nonetheless",
    "thus",
    "less",
    "this",
    "us",
    "its",
    "his",
];

/// Adverbs that may stand between `who` and its verb (`who also operates`).
const ADVERBS: &[&str] = &["also", "still", "now", "currently", "already", "later"];

/// Whether the word after `who` (an adverb from [`ADVERBS`] looked past) is a verb in the third
/// person singular: `is`, `has`, `was`, `does`, or a lower-case word of four letters or more in
/// `s` but not `ss` (`operates`, `says`).
fn singular_verb_at(b: &[u8], mut at: usize) -> bool {
    for _ in 0..2 {
        if b.get(at) != Some(&b' ') {
            return false;
        }
        let start = at + 1;
        let end = start
            + b[start..]
                .iter()
                .take_while(|c| c.is_ascii_lowercase())
                .count();
        if b.get(end)
            .is_some_and(|c| c.is_ascii_alphanumeric() || !c.is_ascii())
        {
            return false;
        }
        let word = &b[start..end];
        if ADVERBS.iter().any(|a| a.as_bytes() == word) {
            at = end;
            continue;
        }
        if [&b"is"[..], b"has", b"was", b"does"].contains(&word) {
            return true;
        }
        return word.len() >= 4
            && word.ends_with(b"s")
            && !word.ends_with(b"ss")
            && !NOT_VERBS.iter().any(|w| w.as_bytes() == word);
    }
    false
}

/// Prepositions that put a noun phrase after another noun (`workers at the plant`, `the head
/// of the project`): a `who` after such a phrase may be about that other noun.
const PREPOSITIONS: &[&str] = &[
    "at",
    "in",
    "on",
    "near",
    "of",
    "from",
    "with",
    "without",
    "by",
    "for",
    "along",
    "across",
    "behind",
    "inside",
    "outside",
    "under",
    "over",
    "around",
    "into",
    "onto",
    "between",
    "among",
    "beside",
    "beyond",
    "through",
    "throughout",
    "toward",
    "towards",
    "within",
    "against",
    "about",
    "after",
    "before",
    "during",
    "since",
    "until",
    "like",
    "off",
    "opposite",
    "past",
    "via",
    "aboard",
];

/// Whether a preposition opens the phrase that ends with the word at `start`: one of the three
/// words before it, with only spaces between them (`at the plant`, `near the old river`).
fn after_preposition(b: &[u8], start: usize) -> bool {
    let mut end = start;
    for _ in 0..3 {
        let spaces = b[..end].iter().rev().take_while(|&&c| c == b' ').count();
        if spaces == 0 || spaces == end {
            return false;
        }
        end -= spaces;
        let begin = crate::document::ascii::letters_before(b, end);
        if begin == end {
            // A digit, a mark or a char outside ASCII: `400 hectares` is looked past, not the
            // rest.
            let digits = b[..end]
                .iter()
                .rev()
                .take_while(|c| c.is_ascii_digit() || **c == b',');
            let n = digits.count();
            if n == 0 {
                return false;
            }
            end -= n;
            continue;
        }
        let word = &b[begin..end];
        if PREPOSITIONS.iter().any(|p| p.as_bytes() == word) {
            return true;
        }
        end = begin;
    }
    false
}

impl Rule for WhoForThing {
    fn meta(&self) -> &RuleMeta {
        &META
    }

    fn check(&self, doc: &Document, out: &mut Vec<Diagnostic>) {
        let text = doc.text;
        let b = text.as_bytes();
        // The scan for capitalised clause openers notes every `, who` too.
        for comma in doc.commas_before_who() {
            let who = comma + 2..comma + 5;
            if b.get(who.end).is_some_and(|c| c.is_ascii_alphanumeric()) {
                continue;
            }
            let start = crate::document::ascii::letters_before(b, comma);
            let word = &text[start..comma];
            let time = TIMES.contains(&word) || WEEKDAYS.contains(&word);
            // `workers at the plant, who`, `the head of the project, who`: the clause may be
            // about the noun the phrase hangs on.
            let thing = THINGS.contains(&word) && !after_preposition(b, start);
            // `the mine company, who operates the site`: one thing, by the verb.
            let organisation = ORGANISATIONS.contains(&word)
                && !after_preposition(b, start)
                && singular_verb_at(b, who.end);
            if !(time || thing || organisation) {
                continue;
            }
            if doc.in_quote(who.start) || doc.touches_non_prose(&(start..who.end)) {
                continue;
            }
            let message = if organisation {
                format!("`who` after `{word}` with a singular verb: the clause counts the {word} as one thing, so English writes `which`")
            } else {
                format!("`who` after `{word}`: `who` stands for a person, but `{word}` is a thing or a time; if the clause is about a thing, write `which`")
            };
            out.push(META.diag(who.clone(), message).with_fix(Fix::unsafe_(
                "Replace with `which`",
                vec![Edit::replace(who, "which")],
            )));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::WhoForThing;
    use crate::rules::testing::*;

    #[test]
    fn flags_and_fixes() {
        assert_flags(
            &WhoForThing,
            "The new law, who takes effect in May, and 30 tonnes last year, who grew.",
            &["who", "who"],
        );
        assert_fixed(
            &WhoForThing,
            "The match was played last Monday, who was cold.",
            "The match was played last Monday, which was cold.",
        );
        assert_flags(
            &WhoForThing,
            "The ceasefire, who took effect at noon, held; the tramline, who links the \
             stations, opened; they passed the legislation, who bans it.",
            &["who", "who", "who"],
        );
        // A time hangs on the verb, whatever preposition comes before it.
        assert_flags(
            &WhoForThing,
            "They laid 12 kilometres of pipe last month, who is now being tested.",
            &["who"],
        );
        assert_flags(
            &WhoForThing,
            "The minister arrived on Monday, who was the first day.",
            &["who"],
        );
        // An organisation with a singular verb is one thing.
        assert_flags(
            &WhoForThing,
            "The mine company, who operates the site, and the bank, who also has a branch, and \
             the ministry, who is in charge.",
            &["who", "who", "who"],
        );
        assert_fixed(
            &WhoForThing,
            "The airline, who flies to Lima, said so.",
            "The airline, which flies to Lima, said so.",
        );
    }

    #[test]
    fn hard_negatives() {
        for t in [
            "The minister, who spoke, met the team, who won, and the police, who left.",
            "Bill, who lost, met Summer, who won; the Law, who sang.",
            "The outlaw, who fled, and the lawyer, whose client, and the law, whom…",
            // An amount can stand for people: `40 percent, who said…`.
            "A poll found 40 percent, who said they would vote.",
            "He said: “It rained all year, who cares.”",
            // The clause is about the noun a phrase opened by a preposition hangs on.
            "Workers at the plant, who have been on strike since May, want more pay.",
            "The head of the project, who joined in 2019, resigned.",
            "Residents near the old river, who lost their homes, were moved.",
            "The man in the car, who was not hurt, and a farmer with 400 hectares, who sold.",
            // Nouns that stand for the people behind them, with a verb that is not singular.
            "The government, who denied it, and the company, who declined to comment.",
            "The company, who are based in Leeds, and the bank, who always lends, and the firm, \
             who access the data.",
            "Staff at the company, who says it is fine, and the ministry, who its critics blame.",
        ] {
            assert_clean(&WhoForThing, t);
        }
    }
}
