//! A deterministic generator of news-like text with injected artifacts, for benchmarks and
//! property tests. No downloads: everything comes from the word lists below and a seeded PRNG.

/// A small, fast, seeded PRNG (xorshift64*), so corpora are identical on every machine.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator from `seed`.
    pub fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number in `0..n`.
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }

    /// One element of `items`.
    pub fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }

    /// True with probability `percent`/100.
    pub fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
}

const PEOPLE: &[&str] = &[
    "Maria Lopez",
    "Dr. Anil Kapoor",
    "Mr. Smith",
    "Gov. Ellen Park",
    "Sen. Tom Reyes",
    "Þórunn Guðmundsdóttir",
    "José Ibáñez",
    "Anna Dvořák",
    "the minister",
    "a spokeswoman for the ministry",
    "Prof. Kwame Mensah",
    "Sarah O’Neill",
];
const PLACES: &[&str] = &[
    "Guatemala City",
    "Walla Walla",
    "the U.S. capital",
    "São Paulo",
    "Nairobi",
    "Reykjavík",
    "Baden-Baden",
    "Manila",
    "the Northern Triangle",
    "Ottawa",
    "Tromsø",
    "Lima",
];
const SUBJECTS: &[&str] = &[
    "The council",
    "Officials",
    "The government",
    "Investors",
    "The company",
    "Residents",
    "Police",
    "The agency",
    "Farmers",
    "The court",
    "Analysts",
    "The union",
];
const VERBS: &[&str] = &[
    "approved",
    "rejected",
    "announced",
    "delayed",
    "welcomed",
    "criticised",
    "reviewed",
    "expanded",
    "cut",
    "extended",
    "declared a state of emergency over",
    "had had enough of",
];
const OBJECTS: &[&str] = &[
    "the budget",
    "a new plan for the port",
    "the decision",
    "the tax on fuel",
    "3.5 percent of the fund",
    "the contract with Acme Inc.",
    "the road project",
    "a report on No. 10 Downing St.",
    "the vaccine programme",
    "the proposal",
    "an agreement on migration",
    "the election results",
];
const TAILS: &[&str] = &[
    "on Monday",
    "last week",
    "after months of talks",
    "at 9 a.m. on Nov. 14",
    "despite protests",
    "in a statement",
    "for the second time",
    "by a vote of 7 to 2",
    "ahead of the summit",
    "in the capital",
];
const QUOTES: &[&str] = &[
    "We have waited a long time for this decision and we are ready to work",
    "This is not what the people of this city asked for",
    "It is the best opportunity we have had in a generation",
    "Nobody is against progress, but the cost must be shared fairly",
    "We will keep talking until there is an agreement on every point",
];

/// Artifacts injected into otherwise clean copy.
const ARTIFACTS: &[&str] = &[
    " States. States.",
    " in June. .",
    ",” he said. declared.",
    " donâ€™t",
    " the the",
    " Guаtemala",
    " word\u{200B} break",
    " fish , .",
    " the US reading of the appeal",
    "   ",
    " Echeverr\u{FFFD}a",
];

/// One article of roughly `words` words. With `dirty`, about one paragraph in four carries an artifact.
pub fn article(rng: &mut Rng, words: usize, dirty: bool) -> String {
    let mut out = String::with_capacity(words * 7);
    let place = rng.pick(PLACES).to_uppercase();
    out.push_str(&format!("{place} (Reuters) - "));
    let mut count = 0;
    while count < words {
        let mut para = String::new();
        for _ in 0..1 + rng.below(3) {
            let s = format!(
                "{} {} {} {}.",
                rng.pick(SUBJECTS),
                rng.pick(VERBS),
                rng.pick(OBJECTS),
                rng.pick(TAILS)
            );
            count += s.split_whitespace().count();
            para.push_str(&s);
            para.push(' ');
        }
        if rng.chance(35) {
            let q = format!("“{},” {} said.", rng.pick(QUOTES), rng.pick(PEOPLE));
            count += q.split_whitespace().count();
            para.push_str(&q);
        }
        let mut para = para.trim_end().to_string();
        if dirty && rng.chance(25) {
            let a = rng.pick(ARTIFACTS);
            // Insert before the final full stop of the paragraph.
            let at = para.rfind('.').unwrap_or(para.len());
            para.insert_str(at, a);
        }
        out.push_str(&para);
        out.push_str("\n\n");
    }
    out.push_str("Reporting by Jane Doe; Editing by John Roe\n");
    out
}

/// `files` articles of about `words` words each, as (file name, text).
pub fn corpus(seed: u64, files: usize, words: usize, dirty: bool) -> Vec<(String, String)> {
    let mut rng = Rng::new(seed);
    (0..files)
        .map(|i| {
            (
                format!("{:03}/story-{i:05}.txt", i % 100),
                article(&mut rng, words, dirty),
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deterministic() {
        assert_eq!(corpus(7, 3, 200, true), corpus(7, 3, 200, true));
        assert_ne!(corpus(7, 3, 200, true), corpus(8, 3, 200, true));
    }

    #[test]
    fn clean_corpus_has_no_warnings() {
        let linter = crate::Linter::default();
        for (name, text) in corpus(11, 20, 400, false) {
            let bad: Vec<String> = linter
                .check_bytes(&name, text.as_bytes())
                .diagnostics()
                .iter()
                .filter(|f| f.diagnostic.severity >= crate::Severity::Warning)
                .map(|f| format!("{}: {}", f.diagnostic.rule, f.diagnostic.message))
                .collect();
            assert!(bad.is_empty(), "{name}: {bad:?}");
        }
    }
}
