//! All pack rules of a run scanned together: one literal scan for every phrase and the required
//! literals of every regex (see [`super::literals`]), a look at the starts of lines for the
//! regexes anchored there, then a check of each phrase where it was found, and a run of only
//! those regexes that may match (a regex without a usable literal is searched around its pivot,
//! see [`super::pivot`], or else runs on every file). One scan instead of one per rule keeps the
//! cost of a pack nearly independent of its size.

use super::compile::on_word_boundaries;
use super::literals::{self, LineStarts, LiteralScanner, ShortScanner};
use super::pivot::{pivot, Pivot};
use crate::diagnostic::Diagnostic;
use crate::document::Document;
use crate::rules::Rule;
use regex_automata::meta::Regex;
use regex_automata::Input;
use rustc_hash::FxHashMap;
use std::ops::Range;
use std::sync::{Arc, OnceLock};

/// What a hit of one prefilter literal points to.
#[derive(Debug, Clone, Copy)]
enum Target {
    /// Phrase `phrase` (index into `PackSet::phrases`) starts there, but for case and word
    /// boundaries.
    Phrase(usize),
    /// Regex `regex` (index into `PackSet::regexes`) may match.
    Regex(usize),
}

/// One phrase of one rule.
struct Phrase {
    /// Where its text is in `PackSet::phrase_text`.
    text: Range<usize>,
    case_sensitive: bool,
    rule: usize,
    pattern: usize,
}

/// The combined scanner over a set of pack rules.
pub struct PackSet {
    rules: Vec<Arc<dyn Rule>>,
    phrases: Vec<Phrase>,
    /// The texts of all phrases, one after another (one allocation rather than one each: the
    /// set is built at every start).
    phrase_text: String,
    /// Every phrase and every required literal of a regex, found ASCII-case-insensitively:
    /// literals of six bytes or more by a sampling scan, shorter ones by [`ShortScanner`].
    /// `targets[target_starts[literal]..target_starts[literal + 1]]` says what a hit means;
    /// `long_ids` and `short_ids` map each scanner's literals to theirs.
    long: Option<LiteralScanner>,
    long_ids: Vec<usize>,
    short: Option<ShortScanner>,
    short_ids: Vec<usize>,
    target_starts: Vec<u32>,
    targets: Vec<Target>,
    /// Regexes anchored at line starts, with how their matches begin: they run on a file only
    /// if one of its lines starts that way. Their literals stay out of the scans, whose speed
    /// is set by the shortest literal (`share `, `related` were the shortest).
    line_anchored: LineStarts,
    /// The regexes without a usable literal but with a pivot: each searched only around the
    /// places where its pivot byte has the right neighbours.
    pivoted: Vec<(usize, Pivot)>,
    /// The regexes without a usable literal or pivot: they run on every file.
    unfiltered: Vec<usize>,
    /// For each regex: whether no match of it can hold a line feed. A literal-filtered one
    /// is then searched only in the lines where one of its literals was found.
    within_a_line: Vec<bool>,
    /// For each regex: rule index, pattern index (after the rule's phrases), and the regex
    /// itself (the engine behind `regex::Regex`, which can also search a window of the text),
    /// compiled the first time a file may match it (most never do).
    regexes: Vec<(usize, usize, String, OnceLock<Option<Regex>>)>,
}

impl PackSet {
    /// Builds the scanner for the pack rules among `rules` (other rules are ignored).
    pub fn new(rules: &[Arc<dyn Rule>]) -> PackSet {
        let rules: Vec<Arc<dyn Rule>> = rules
            .iter()
            .filter(|r| r.as_pack().is_some())
            .cloned()
            .collect();
        let mut phrases = Vec::new();
        let mut phrase_text = String::new();
        let mut regexes = Vec::new();
        for (ri, r) in rules.iter().enumerate() {
            let Some(p) = r.as_pack() else { continue };
            let (texts, case_sensitive, res) = p.patterns();
            for (pi, text) in texts.iter().enumerate() {
                let start = phrase_text.len();
                phrase_text.push_str(text);
                phrases.push(Phrase {
                    text: start..phrase_text.len(),
                    case_sensitive,
                    rule: ri,
                    pattern: pi,
                });
            }
            for (k, src) in res.iter().enumerate() {
                regexes.push((ri, texts.len() + k, src.clone(), OnceLock::new()));
            }
        }
        // Each literal once, with what its hits mean; the literals themselves are taken out of
        // the map when it is done, and the targets grouped by literal, with no allocation for
        // each (the set is built at every start, and most literals have one target).
        // (Fx rather than SipHash: the packs' thousands of literals are hashed at every start.)
        let mut index: FxHashMap<Vec<u8>, usize> =
            FxHashMap::with_capacity_and_hasher(phrases.len() + regexes.len(), Default::default());
        let mut hits: Vec<(usize, Target)> = Vec::with_capacity(phrases.len() + regexes.len());
        let mut add = |lit: Vec<u8>, t: Target| {
            let n = index.len();
            let id = *index.entry(lit).or_insert(n);
            hits.push((id, t));
        };
        let lower_text = phrase_text.to_ascii_lowercase();
        for (i, ph) in phrases.iter().enumerate() {
            add(
                lower_text.as_bytes()[ph.text.clone()].to_vec(),
                Target::Phrase(i),
            );
        }
        let mut unfiltered = Vec::new();
        let mut pivoted = Vec::new();
        let mut line_anchored = Vec::new();
        for (k, (_, _, src, _)) in regexes.iter().enumerate() {
            if let Some(starts) = literals::line_start(src) {
                line_anchored.push((k, starts));
                continue;
            }
            match literals::required(src) {
                Some(set) => set.into_iter().for_each(|l| add(l, Target::Regex(k))),
                None => match pivot(src) {
                    Some(p) => pivoted.push((k, p)),
                    None => unfiltered.push(k),
                },
            }
        }
        let mut literals = vec![Vec::new(); index.len()];
        for (lit, id) in index {
            literals[id] = lit;
        }
        let (target_starts, targets) = super::group_by_key(
            &hits,
            |&(id, _)| id,
            |&(_, t)| t,
            literals.len(),
            Target::Phrase(0),
        );
        let (mut long_lits, mut long_ids, mut short_lits, mut short_ids) =
            (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        for (id, lit) in literals.into_iter().enumerate() {
            if lit.len() >= 6 {
                long_lits.push(lit);
                long_ids.push(id);
            } else {
                short_lits.push(lit);
                short_ids.push(id);
            }
        }
        let within_a_line = regexes
            .iter()
            .map(|(_, _, src, _)| literals::within_a_line(src))
            .collect();
        let long = LiteralScanner::new(long_lits);
        let short = ShortScanner::new(short_lits);
        PackSet {
            rules,
            phrases,
            phrase_text,
            long,
            long_ids,
            short,
            short_ids,
            target_starts,
            targets,
            line_anchored: LineStarts::new(line_anchored),
            pivoted,
            unfiltered,
            within_a_line,
            regexes,
        }
    }

    /// Whether there are no pack rules.
    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }

    /// Runs every pack rule over `doc`.
    pub fn check(&self, doc: &Document, out: &mut Vec<Diagnostic>) {
        let text = doc.text;
        let bytes = text.as_bytes();
        let mut per_rule: Vec<Vec<(Range<usize>, usize)>> = vec![Vec::new(); self.rules.len()];
        let mut may_match = vec![false; self.regexes.len()];
        // (regex, offset) of each literal found for a regex that stays within a line.
        let mut line_hits: Vec<(usize, usize)> = Vec::new();
        let mut on_hit = |literal: usize, at: usize| {
            let (from, to) = (self.target_starts[literal], self.target_starts[literal + 1]);
            for t in &self.targets[from as usize..to as usize] {
                match *t {
                    Target::Regex(k) if self.within_a_line[k] => line_hits.push((k, at)),
                    Target::Regex(k) => may_match[k] = true,
                    Target::Phrase(phrase) => {
                        let ph = &self.phrases[phrase];
                        let want = &self.phrase_text.as_bytes()[ph.text.clone()];
                        let Some(found) = bytes.get(at..at + want.len()) else {
                            continue;
                        };
                        let same = if ph.case_sensitive {
                            found == want
                        } else {
                            found.eq_ignore_ascii_case(want)
                        };
                        let r = at..at + want.len();
                        if same && on_word_boundaries(text, r.clone()) {
                            per_rule[ph.rule].push((r, ph.pattern));
                        }
                    }
                }
            }
        };
        if let Some(scanner) = &self.long {
            scanner.scan(bytes, |i, at| on_hit(self.long_ids[i], at));
        }
        if let Some(scanner) = &self.short {
            scanner.scan(bytes, |i, at| on_hit(self.short_ids[i], at));
        }
        if !self.line_anchored.is_empty() {
            // `^` in CRLF mode also matches after a lone `\r`, which the line index does not
            // split on: those places are looked at too.
            let starts = (0..doc.lines.len())
                .map(|i| doc.lines.line_start(i))
                .chain(doc.lines.carriage_returns().iter().map(|&i| i as usize + 1));
            for at in starts {
                self.line_anchored.at(bytes, at, |k| may_match[k] = true);
            }
        }
        for &k in &self.unfiltered {
            may_match[k] = true;
        }
        for (k, pivot) in &self.pivoted {
            let (ri, pi, src, re) = &self.regexes[*k];
            let re = || re.get_or_init(|| Regex::new(src).ok()).as_ref();
            let after_marks = Some(&doc.punct_pairs().alnum_after_mark[..]);
            pivot.find_all(text, after_marks, re, |r| per_rule[*ri].push((r, *pi)));
        }
        // A regex that stays within a line is searched in the lines its literals were found in,
        // each once: a match holds one of them, so it lies in one of those lines. Look-around
        // sees past a line's ends, and no match crosses one, so this finds what a search of the
        // whole text finds (a wire dateline is then looked for in the first paragraph, not in
        // the whole story).
        line_hits.sort_unstable();
        let mut searched = (usize::MAX, 0);
        for (k, at) in line_hits {
            if searched.0 == k && at < searched.1 {
                continue;
            }
            let line = line_around(bytes, at);
            searched = (k, line.end);
            let (ri, pi, src, re) = &self.regexes[k];
            let Some(re) = re.get_or_init(|| Regex::new(src).ok()) else {
                continue;
            };
            per_rule[*ri].extend(
                re.find_iter(Input::new(text).span(line))
                    .filter(|m| !m.is_empty())
                    .map(|m| (m.start()..m.end(), *pi)),
            );
        }
        for (k, _) in may_match.iter().enumerate().filter(|(_, &m)| m) {
            let (ri, pi, src, re) = &self.regexes[k];
            let Some(re) = re.get_or_init(|| Regex::new(src).ok()) else {
                continue;
            };
            per_rule[*ri].extend(
                re.find_iter(text)
                    .filter(|m| !m.is_empty())
                    .map(|m| (m.start()..m.end(), *pi)),
            );
        }
        for (ri, matches) in per_rule.into_iter().enumerate() {
            let Some(rule) = self.rules[ri].as_pack() else {
                continue;
            };
            if matches.is_empty() && !rule.reports_without_matches() {
                continue;
            }
            // Within one rule, phrases match leftmost-longest, without overlaps.
            rule.check_matches(doc, super::compile::without_overlaps(matches), out);
        }
    }
}

/// The line around offset `at`, without its line feed.
fn line_around(bytes: &[u8], at: usize) -> Range<usize> {
    let start = memchr::memrchr(b'\n', &bytes[..at]).map_or(0, |i| i + 1);
    let end = memchr::memchr(b'\n', &bytes[at..]).map_or(bytes.len(), |i| at + i);
    start..end
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Format;

    /// A regex with no literal, line start or pivot runs over every file: none of the
    /// built-in packs may have one (a new rule's regex can lose its prefilter to one short
    /// alternative, `h` beside `hours`).
    #[test]
    fn every_builtin_regex_has_a_prefilter() {
        let set = PackSet::new(&crate::packs::builtin_rules());
        let unfiltered: Vec<_> = set
            .unfiltered
            .iter()
            .map(|&k| set.regexes[k].2.clone())
            .collect();
        assert!(unfiltered.is_empty(), "{unfiltered:#?}");
        assert!(!set.pivoted.is_empty());
        // Literals too short for the sampling scan need a search of their own, and of more
        // than three first bytes an automaton that reads every byte of every file: a regex
        // written as `of (?:depth|width)` made `depth` and `width` such literals, for 80% more
        // instructions.
        assert!(
            !matches!(set.short, Some(ShortScanner::Automaton(_))),
            "the built-in packs' literals of fewer than six bytes need an automaton"
        );
    }

    /// The combined scan reports exactly what each rule reports alone.
    #[test]
    fn same_findings_as_rules_alone() {
        let text = "The US reading of the appeal was short. North Triangle countries. Vegetal oil, sanitary crisis.\n\n\
                    Our Standards: Thomson Reuters Trust Principles.\n\nClick here to buy.\n\nGrowth was 2,5 percent.\n";
        assert!(same_as_alone(text) >= 7);
    }

    /// Lines that start with boilerplate, after Unix, Windows and old Mac line breaks (`^` in
    /// the packs' CRLF mode matches after a lone `\r` too).
    #[test]
    fn line_anchored_rules_find_their_lines_after_any_line_break() {
        let lines = [
            "  **Sign up for our morning newsletter",
            "Read more: the budget in charts",
            "Share this article",
            "© 2024 Example News. All rights reserved.",
            "Our Standards: The Thomson Reuters Trust Principles.",
            "Advertisement",
        ];
        for br in ["\n", "\r\n"] {
            let text = format!("The council met on Monday.{br}{}{br}", lines.join(br));
            assert_eq!(same_as_alone(&text), lines.len(), "{br:?}");
        }
        // After a lone `\r` the regexes match, and the rules, which take lines to end at `\n`,
        // report what they report alone.
        same_as_alone(&format!("The council met.\r{}\r", lines.join("\r")));
        // The same words inside a line are not boilerplate lines.
        assert_eq!(
            same_as_alone("We said: Share this article, and read more: later.\n"),
            0
        );
    }

    /// Regexes that stay within a line are searched only in the lines of their literals; one
    /// that can cross a line is searched in the whole text. Both find what a search of the whole
    /// text finds: several matches in one line, matches in several lines, literals in lines
    /// with no match, the first and last line, CRLF.
    #[test]
    fn regexes_are_searched_in_the_lines_of_their_literals() {
        let pack = r#"
[pack]
name = "lines"
description = "test"

[[rule]]
id = "test/dateline"
summary = "a dateline"
kind = "existence"
severity = "warning"
message = "dateline `{match}`"
explanation = "test"
regex = ['\((?:Wirex|Newsy)\)[ \t]*[-–—]', '(?i)(?-u:\b)stringer[0-9]*(?-u:\b)']

[[rule]]
id = "test/crossing"
summary = "a credit over a line break"
kind = "existence"
severity = "warning"
message = "credit `{match}`"
explanation = "test"
regex = ['(?i)reporting[ \t\n]+(?:by|from)']
"#;
        let rules = rules_of("lines.toml", pack);
        let set = PackSet::new(&rules);
        assert_eq!(set.within_a_line, [true, true, false]);
        let texts = [
            "(Wirex) - one (Newsy) — two (Wirex)-three\nno match (Wirex) here\n(Newsy) -",
            "LIMA (Wirex) -\r\nStringer said (Wirex) – and stringer7 and STRINGER\r\n",
            "(Wirex)\n- split over lines, (Newsy) without a dash, stringers",
            "Reporting\nby Ann; reporting from Lima; reporting\n\nby nobody (Wirex) -",
            "no literal at all",
            "",
        ];
        let found: usize = texts.iter().map(|t| same_as_with(&rules, t)).sum();
        // Every dateline, stringer and credit above but the split one and `stringers`.
        assert_eq!(found, 4 + 2 + 3 + 2 + 2);
    }

    /// A rule that wants at least one occurrence reports a document with none, through the
    /// combined scan too, which passes over the other rules where nothing of theirs was found.
    #[test]
    fn a_rule_wanting_an_occurrence_reports_a_document_without_one() {
        let pack = r#"
[pack]
name = "credits"
description = "test"

[[rule]]
id = "test/credit"
summary = "a credit line"
kind = "occurrence"
severity = "warning"
message = "`{match}`: {count} credit lines, at least {min}"
explanation = "test"
patterns = ["Reporting by"]
min = 1
per = "document"

[[rule]]
id = "test/vegetal"
summary = "a calque"
kind = "existence"
severity = "warning"
message = "calque `{match}`"
explanation = "test"
patterns = ["vegetal oil"]
"#;
        let rules = rules_of("credits.toml", pack);
        assert_eq!(same_as_with(&rules, "The mill sold sunflower oil.\n"), 1);
        assert_eq!(same_as_with(&rules, "It sold vegetal oil.\n"), 2);
        assert_eq!(same_as_with(&rules, "Oil.\n\nReporting by Ann Lee\n"), 0);
    }

    /// The rules of the test pack `text`, parsed as the file `name`.
    fn rules_of(name: &str, text: &str) -> Vec<Arc<dyn Rule>> {
        let pack = crate::packs::Pack::parse(std::path::Path::new(name), text).expect("test pack");
        pack.rules
            .iter()
            .map(|r| r.clone() as Arc<dyn Rule>)
            .collect()
    }

    /// Checks that the combined scan finds what the built-in pack rules do alone; returns how
    /// many findings.
    fn same_as_alone(text: &str) -> usize {
        same_as_with(&crate::packs::builtin_rules(), text)
    }

    /// [`same_as_alone`] for `rules`.
    fn same_as_with(rules: &[Arc<dyn Rule>], text: &str) -> usize {
        let set = PackSet::new(rules);
        let doc = Document::parse(text, Format::Text);
        let mut combined = Vec::new();
        set.check(&doc, &mut combined);
        let mut alone = Vec::new();
        for r in rules {
            r.check(&doc, &mut alone);
        }
        let key = |d: &Diagnostic| (d.rule.clone(), d.span.start, d.span.end);
        let mut a: Vec<_> = combined.iter().map(key).collect();
        let mut b: Vec<_> = alone.iter().map(key).collect();
        a.sort();
        b.sort();
        assert_eq!(a, b, "{text:?}");
        a.len()
    }
}
