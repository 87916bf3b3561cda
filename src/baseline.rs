//! Baselines: adopt a CI gate on an archive that already has findings. A baseline records each
//! finding by path, rule and a fingerprint of the flagged text with a little context (not line
//! numbers, so edits elsewhere in the file do not invalidate it). Identical findings in one file
//! are counted.

use crate::Finding;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Characters of context on each side that go into a fingerprint.
const CONTEXT: usize = 24;

/// One baseline entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// File path as reported.
    pub path: String,
    /// Rule id.
    pub rule: String,
    /// FNV-1a hash of the flagged text and its context, in hex.
    pub fingerprint: String,
    /// How many identical findings the file had.
    pub count: usize,
    /// The flagged text, for people reading the file.
    pub text: String,
}

/// A baseline file.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Baseline {
    /// Format version.
    pub version: u32,
    /// Entries, sorted by path, rule, fingerprint.
    pub entries: Vec<Entry>,
}

type Key = (String, String, String);

fn fnv1a(s: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in s.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

fn normalize(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The fingerprint and flagged text of a finding in `text` (the decoded file).
pub fn fingerprint(text: &str, f: &Finding) -> (String, String) {
    let span = f.text_span.clone();
    let flagged = text.get(span.clone()).unwrap_or("");
    // Context stops at line breaks, so edits on other lines never change a fingerprint.
    let before: String = text[..span.start.min(text.len())]
        .chars()
        .rev()
        .take_while(|&c| c != '\n')
        .take(CONTEXT)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    let after: String = text
        .get(span.end..)
        .unwrap_or("")
        .chars()
        .take_while(|&c| c != '\n')
        .take(CONTEXT)
        .collect();
    let key = format!(
        "{}\u{1}{}\u{1}{}\u{1}{}",
        f.diagnostic.rule,
        normalize(&before),
        normalize(flagged),
        normalize(&after)
    );
    (
        format!("{:016x}", fnv1a(&key)),
        flagged.chars().take(80).collect(),
    )
}

fn key(path: &str, text: &str, f: &Finding) -> (Key, String) {
    let (fp, flagged) = fingerprint(text, f);
    (
        (path.to_string(), f.diagnostic.rule.to_string(), fp),
        flagged,
    )
}

/// The result of filtering by a baseline.
#[derive(Debug, Default)]
pub struct Filtered {
    /// Findings matched by the baseline (hidden).
    pub matched: usize,
    /// Baseline entries (counted per finding) that no longer occur.
    pub stale: usize,
    /// The baseline with only what still occurs (for `--update-baseline`).
    pub updated: Baseline,
}

impl Baseline {
    /// Records every finding.
    pub fn record<'a>(
        files: impl IntoIterator<Item = (&'a str, &'a str, &'a [Finding])>,
    ) -> Baseline {
        let mut counts: BTreeMap<Key, (usize, String)> = BTreeMap::new();
        for (path, text, findings) in files {
            for f in findings {
                let (k, flagged) = key(path, text, f);
                counts.entry(k).or_insert((0, flagged)).0 += 1;
            }
        }
        Baseline::from_counts(counts)
    }

    fn from_counts(counts: BTreeMap<Key, (usize, String)>) -> Baseline {
        let entries = counts
            .into_iter()
            .filter(|(_, (n, _))| *n > 0)
            .map(|((path, rule, fingerprint), (count, text))| Entry {
                path,
                rule,
                fingerprint,
                count,
                text,
            })
            .collect();
        Baseline {
            version: 1,
            entries,
        }
    }

    /// Removes the findings the baseline covers from each file; returns counts and the updated baseline.
    pub fn filter<'a>(
        &self,
        files: impl IntoIterator<Item = (&'a str, &'a str, &'a mut Vec<Finding>)>,
    ) -> Filtered {
        let mut budget: BTreeMap<Key, (usize, String)> = self
            .entries
            .iter()
            .map(|e| {
                (
                    (e.path.clone(), e.rule.clone(), e.fingerprint.clone()),
                    (e.count, e.text.clone()),
                )
            })
            .collect();
        let mut still: BTreeMap<Key, (usize, String)> = BTreeMap::new();
        let mut matched = 0;
        for (path, text, findings) in files {
            findings.retain(|f| {
                let (k, flagged) = key(path, text, f);
                match budget.get_mut(&k) {
                    Some((n, _)) if *n > 0 => {
                        *n -= 1;
                        still.entry(k).or_insert((0, flagged)).0 += 1;
                        matched += 1;
                        false
                    }
                    _ => true,
                }
            });
        }
        let stale = budget.values().map(|(n, _)| n).sum();
        Filtered {
            matched,
            stale,
            updated: Baseline::from_counts(still),
        }
    }

    /// Parses a baseline file.
    pub fn parse(text: &str) -> Result<Baseline, String> {
        serde_json::from_str(text).map_err(|e| format!("invalid baseline: {e}"))
    }

    /// Serializes for writing.
    pub fn to_json(&self) -> String {
        let mut s = serde_json::to_string_pretty(self).unwrap_or_default();
        s.push('\n');
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Linter, Report};

    fn check(text: &str) -> Vec<Finding> {
        match Linter::default().check_bytes("a.txt", text.as_bytes()) {
            Report::Checked { findings, .. } => findings,
            Report::Skipped(_) => Vec::new(),
        }
    }

    fn run(base: &Baseline, text: &str) -> (Vec<Finding>, Filtered) {
        let mut f = check(text);
        let r = base.filter([("a.txt", text, &mut f)]);
        (f, r)
    }

    #[test]
    fn survives_line_shifts() {
        let old = "He saw the the cat.\n";
        let f = check(old);
        let base = Baseline::record([("a.txt", old, f.as_slice())]);
        let (left, r) = run(
            &base,
            "New first paragraph.\n\nAnother one.\n\nHe saw the the cat.\n",
        );
        assert!(left.is_empty());
        assert_eq!((r.matched, r.stale), (1, 0));
    }

    #[test]
    fn counts_identical_findings() {
        let old = "He saw the the cat.\n\nHe saw the the cat.\n";
        let base = Baseline::record([("a.txt", old, check(old).as_slice())]);
        assert_eq!(base.entries.len(), 1);
        assert_eq!(base.entries[0].count, 2);
        // A third identical finding is new.
        let (left, _) = run(&base, &format!("{old}\nHe saw the the cat.\n"));
        assert_eq!(left.len(), 1);
    }

    #[test]
    fn fixed_then_reintroduced_elsewhere_is_new() {
        let old = "He saw the the cat.\n\nShe left.\n";
        let base = Baseline::record([("a.txt", old, check(old).as_slice())]);
        let (left, r) = run(&base, "He saw the cat.\n\nShe left the the house.\n");
        assert_eq!(left.len(), 1);
        assert_eq!(r.stale, 1);
        assert!(
            r.updated.entries.is_empty(),
            "the ratchet only keeps what still occurs"
        );
    }

    #[test]
    fn round_trips_as_json() {
        let old = "He saw the the cat.\n";
        let base = Baseline::record([("a.txt", old, check(old).as_slice())]);
        assert_eq!(Baseline::parse(&base.to_json()).unwrap(), base);
    }
}
