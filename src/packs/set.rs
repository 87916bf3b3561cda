//! All pack rules of a run scanned together: every phrase of every rule in one Aho-Corasick pass
//! (one automaton for case-insensitive phrases, one for case-sensitive ones) and every regex in one
//! `RegexSet` pass that says which regexes match at all. Only rules with a hit do more work. One
//! pass instead of one per rule keeps the cost of a pack nearly independent of its size.

use super::compile::on_word_boundaries;
use crate::diagnostic::Diagnostic;
use crate::document::Document;
use crate::rules::Rule;
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use regex::{Regex, RegexSet};
use std::ops::Range;
use std::sync::{Arc, OnceLock};

/// The combined scanner over a set of pack rules.
pub struct PackSet {
    rules: Vec<Arc<dyn Rule>>,
    /// (automaton, for each pattern: rule index, phrase index)
    automata: Vec<(AhoCorasick, Vec<(usize, usize)>)>,
    set: Option<RegexSet>,
    /// For each regex of the set: rule index, pattern index (after the rule's phrases), and the
    /// regex itself, compiled the first time the set says it matches (most never do).
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
        let mut ci: (Vec<String>, Vec<(usize, usize)>) = (Vec::new(), Vec::new());
        let mut cs: (Vec<String>, Vec<(usize, usize)>) = (Vec::new(), Vec::new());
        let mut sources = Vec::new();
        let mut regexes = Vec::new();
        for (ri, r) in rules.iter().enumerate() {
            let Some(p) = r.as_pack() else { continue };
            let (phrases, case_sensitive, res) = p.patterns();
            let target = if case_sensitive { &mut cs } else { &mut ci };
            for (pi, ph) in phrases.iter().enumerate() {
                target.0.push(ph.clone());
                target.1.push((ri, pi));
            }
            for (k, src) in res.iter().enumerate() {
                sources.push(src.clone());
                regexes.push((ri, phrases.len() + k, src.clone(), OnceLock::new()));
            }
        }
        let mut automata = Vec::new();
        for ((pats, map), insensitive) in [(ci, true), (cs, false)] {
            if pats.is_empty() {
                continue;
            }
            if let Ok(ac) = AhoCorasickBuilder::new()
                .ascii_case_insensitive(insensitive)
                .match_kind(MatchKind::Standard)
                .build(&pats)
            {
                automata.push((ac, map));
            }
        }
        let set = if sources.is_empty() {
            None
        } else {
            RegexSet::new(&sources).ok()
        };
        PackSet {
            rules,
            automata,
            set,
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
        let mut per_rule: Vec<Vec<(Range<usize>, usize)>> = vec![Vec::new(); self.rules.len()];
        for (ac, map) in &self.automata {
            for m in ac.find_overlapping_iter(text) {
                let r = m.start()..m.end();
                if on_word_boundaries(text, r.clone()) {
                    let (ri, pi) = map[m.pattern().as_usize()];
                    per_rule[ri].push((r, pi));
                }
            }
        }
        if let Some(set) = &self.set {
            for i in set.matches(text).iter() {
                let (ri, pi, src, re) = &self.regexes[i];
                let Some(re) = re.get_or_init(|| Regex::new(src).ok()) else {
                    continue;
                };
                per_rule[*ri].extend(
                    re.find_iter(text)
                        .filter(|m| !m.is_empty())
                        .map(|m| (m.start()..m.end(), *pi)),
                );
            }
        }
        for (ri, mut matches) in per_rule.into_iter().enumerate() {
            let Some(rule) = self.rules[ri].as_pack() else {
                continue;
            };
            // Within one rule, phrases match leftmost-longest, without overlaps.
            matches.sort_by(|a, b| {
                (a.0.start, std::cmp::Reverse(a.0.end))
                    .cmp(&(b.0.start, std::cmp::Reverse(b.0.end)))
            });
            let mut kept: Vec<(Range<usize>, usize)> = Vec::with_capacity(matches.len());
            for m in matches {
                if kept.last().is_some_and(|k| m.0.start < k.0.end) {
                    continue;
                }
                kept.push(m);
            }
            rule.check_matches(doc, kept, out);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Format;

    /// The combined scan reports exactly what each rule reports alone.
    #[test]
    fn same_findings_as_rules_alone() {
        let rules = crate::packs::builtin_rules();
        let set = PackSet::new(&rules);
        let text = "The US reading of the appeal was short. North Triangle countries. Vegetal oil, sanitary crisis.\n\n\
                    Our Standards: Thomson Reuters Trust Principles.\n\nClick here to buy.\n\nGrowth was 2,5 percent.\n";
        let doc = Document::parse(text, Format::Text);
        let mut combined = Vec::new();
        set.check(&doc, &mut combined);
        let mut alone = Vec::new();
        for r in &rules {
            r.check(&doc, &mut alone);
        }
        let key = |d: &Diagnostic| (d.rule.clone(), d.span.start, d.span.end);
        let mut a: Vec<_> = combined.iter().map(key).collect();
        let mut b: Vec<_> = alone.iter().map(key).collect();
        a.sort();
        b.sort();
        assert_eq!(a, b);
        assert!(a.len() >= 7, "{a:?}");
    }
}
