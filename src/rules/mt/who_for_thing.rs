//! `mt/who-for-thing`.

use super::WEEKDAYS;
use crate::diagnostic::{Diagnostic, Edit, Fix, Severity};
use crate::document::Document;
use crate::rules::{FixAvailability, Rule, RuleMeta};

const EXPLANATION: &str = "\
## What it flags
A relative `who` right after a noun that names a thing, an amount or a time: `the new law, who
takes effect in May`, `12 kilometres of pipe last month, who is now being tested`.

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
the rule does not list, and inside quotations.

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

/// Nouns that never stand for a person: times, amounts, and things news copy often names.
const THINGS: &[&str] = &[
    "year",
    "years",
    "month",
    "months",
    "week",
    "weeks",
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
    "law",
    "laws",
    "bill",
    "plan",
    "plans",
    "project",
    "programme",
    "program",
    "report",
    "agreement",
    "deal",
    "decision",
    "measure",
    "measures",
    "policy",
    "reform",
    "budget",
    "proposal",
    "building",
    "bridge",
    "road",
    "plant",
    "factory",
    "water",
    "grass",
    "fire",
    "storm",
    "flood",
    "floods",
    "virus",
    "vaccine",
    "tree",
    "trees",
    "crops",
    "river",
    "lake",
    "forest",
];

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
            if !(THINGS.contains(&word) || WEEKDAYS.contains(&word)) {
                continue;
            }
            if doc.in_quote(who.start) || doc.touches_non_prose(&(start..who.end)) {
                continue;
            }
            out.push(
                META.diag(
                    who.clone(),
                    format!("`who` after `{word}`: `who` stands for a person, but `{word}` is a thing or a time; if the clause is about a thing, write `which`"),
                )
                .with_fix(Fix::unsafe_("Replace with `which`", vec![Edit::replace(who, "which")])),
            );
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
            "He arrived on Monday, who was cold.",
            "He arrived on Monday, which was cold.",
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
        ] {
            assert_clean(&WhoForThing, t);
        }
    }
}
