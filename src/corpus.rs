//! A deterministic generator of news-like text with injected artifacts, for benchmarks and
//! property tests. No downloads: everything comes from the word lists below and a seeded PRNG.

use crate::rules::mt::WEEKDAYS;

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
    "Þórhildur Pálsdóttir",
    "José Montaño",
    "Anna Jelínek",
    "Prof. Kwame Mensah",
    "Sarah O’Neill",
    "Rachel Whitford",
    "Hiroshi Tanaka",
    "Fatima Al-Sayed",
    "Lt. Col. Grace Mbeki",
    "Olumide Adeyemi",
    "Ingrid Halvorsen",
    "Carlos Mendoza",
    "Priya Raman",
    "Margaret Lawson",
    "Rep. Dan Kowalski",
    "Mayor Linda Cho",
    "Chief Inspector Paul Varga",
];
const ROLES: &[&str] = &[
    "a spokeswoman for the ministry",
    "the finance minister",
    "the head of the port authority",
    "an economist at a bank in the capital",
    "a lawyer for the families",
    "the chairman of the committee",
    "a researcher who studies the region",
    "the mayor’s chief of staff",
    "a farmer from the north of the province",
    "the union’s general secretary",
    "a senior police officer",
    "the company’s chief executive",
    "a teacher at the local school",
    "a former ambassador",
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
    "Rotterdam",
    "Accra",
    "Kraków",
    "Hanoi",
    "Montevideo",
    "Tbilisi",
    "Dhaka",
    "Brisbane",
    "Winnipeg",
    "Marseille",
    "Zürich",
    "Cape Town",
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
    "The central bank",
    "Lawmakers",
    "The regulator",
    "Prosecutors",
    "The health ministry",
    "Shareholders",
    "The school board",
    "Local traders",
    "The airline",
    "Emergency crews",
    "The opposition",
    "Environmental groups",
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
    "challenged",
    "postponed",
    "questioned",
    "defended",
    "scrapped",
    "endorsed",
    "revised",
    "blocked",
    "backed",
    "suspended",
    "renewed",
    "investigated",
];
const ADJECTIVES: &[&str] = &[
    "new",
    "long-delayed",
    "controversial",
    "revised",
    "regional",
    "annual",
    "emergency",
    "temporary",
    "national",
    "proposed",
    "disputed",
    "costly",
    "modest",
    "ambitious",
    "five-year",
    "cross-border",
    "municipal",
    "unpopular",
    "final",
    "draft",
];
const NOUNS: &[&str] = &[
    "budget",
    "plan for the port",
    "tax on fuel",
    "contract with Acme Inc.",
    "road project",
    "vaccine programme",
    "proposal",
    "agreement on migration",
    "subsidy for farmers",
    "pension reform",
    "housing scheme",
    "rail link",
    "water tariff",
    "mining licence",
    "flood defences",
    "trade deal",
    "ban on plastic bags",
    "school calendar",
    "wage settlement",
    "inquiry into the fire",
    "bridge repairs",
    "power plant",
    "bus network",
    "fishing quota",
    "report on No. 10 Downing St.",
    "election results",
    "hospital upgrade",
    "curfew",
];
const PLURALS: &[&str] = &[
    "families",
    "workers",
    "students",
    "vehicles",
    "homes",
    "flights",
    "patients",
    "businesses",
    "trees",
    "containers",
    "visitors",
    "jobs",
    "cattle",
    "passengers",
    "shops",
];
const MONEY: &[&str] = &[
    "million dollars",
    "billion pesos",
    "million euros",
    "million rand",
    "billion yen",
];
const MONTHS: &[&str] = &[
    "Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.",
    "Dec.",
];
const TAILS: &[&str] = &[
    "last week",
    "after months of talks",
    "despite protests",
    "in a statement",
    "for the second time",
    "ahead of the summit",
    "in the capital",
    "without a vote",
    "after a heated debate",
    "under pressure from donors",
    "as prices kept rising",
    "in a closed session",
    "following a court ruling",
    "earlier this year",
];
const REASONS: &[&str] = &[
    "rising costs",
    "a shortage of staff",
    "safety concerns",
    "the weather",
    "legal challenges",
    "a drop in demand",
    "pressure from neighbours",
    "delays in funding",
    "complaints from residents",
];
const QUOTE_OPENERS: &[&str] = &[
    "We have waited a long time for this",
    "This is not what the people of this city asked for",
    "It is the best opportunity we have had in a generation",
    "Nobody is against progress",
    "We will keep talking until there is an agreement",
    "The numbers speak for themselves",
    "I have never seen anything like it",
    "People are tired of promises",
    "There is still a lot of work to do",
    "Our members cannot wait another year",
];
const QUOTE_CLOSERS: &[&str] = &[
    "and we are ready to work",
    "but the cost must be shared fairly",
    "and everyone here knows it",
    "so we will be watching closely",
    "and the government has to listen",
    "whatever happens next",
    "and that worries me",
    "before the winter comes",
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
    " Concepci\u{FFFD}n",
];

/// A noun phrase: "the annual budget", "a new rail link", "3.5 percent of the fund".
fn object(rng: &mut Rng) -> String {
    match rng.below(6) {
        0 => format!("{}.{} percent of the fund", 1 + rng.below(9), rng.below(10)),
        1 => format!("a {} {}", rng.pick(ADJECTIVES), rng.pick(NOUNS)),
        2 => format!("the {}", rng.pick(NOUNS)),
        _ => format!("the {} {}", rng.pick(ADJECTIVES), rng.pick(NOUNS)),
    }
}

/// When something happened: a weekday, a date, a time or a phrase.
fn when(rng: &mut Rng) -> String {
    match rng.below(5) {
        0 => format!("on {}", rng.pick(WEEKDAYS)),
        1 => format!("on {} {}", rng.pick(MONTHS), 1 + rng.below(28)),
        2 => format!(
            "at {} {}.m. on {}",
            1 + rng.below(12),
            if rng.chance(50) { "a" } else { "p" },
            rng.pick(WEEKDAYS)
        ),
        _ => rng.pick(TAILS).to_string(),
    }
}

/// `s` with its first letter in upper case ("the Northern Triangle" opening a sentence).
fn capitalized(s: &str) -> String {
    let mut chars = s.chars();
    chars
        .next()
        .map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
}

/// One sentence of news copy, in one of several shapes.
fn sentence(rng: &mut Rng) -> String {
    match rng.below(8) {
        0 => format!(
            "{}, {}, said the {} would cost about {} {}.",
            rng.pick(PEOPLE),
            rng.pick(ROLES),
            rng.pick(NOUNS),
            10 + rng.below(990),
            rng.pick(MONEY)
        ),
        1 => format!(
            "About {},{:03} {} were affected {}, according to {}.",
            1 + rng.below(99),
            rng.below(1000),
            rng.pick(PLURALS),
            when(rng),
            rng.pick(ROLES)
        ),
        2 => format!(
            "{} has {} {} {} since {}.",
            rng.pick(PLACES),
            rng.pick(&["spent", "lost", "received", "set aside"]),
            2 + rng.below(98),
            rng.pick(MONEY),
            1990 + rng.below(35)
        ),
        3 => format!(
            "{} {} {} {}, citing {}.",
            rng.pick(SUBJECTS),
            rng.pick(VERBS),
            object(rng),
            when(rng),
            rng.pick(REASONS)
        ),
        4 => format!(
            "It was the {} time this year that {} had {} {}.",
            rng.pick(&["second", "third", "fourth", "fifth"]),
            rng.pick(SUBJECTS).to_lowercase(),
            rng.pick(VERBS),
            object(rng)
        ),
        _ => format!(
            "{} {} {} {}.",
            rng.pick(SUBJECTS),
            rng.pick(VERBS),
            object(rng),
            when(rng)
        ),
    }
}

/// One article of roughly `words` words. With `dirty`, about one paragraph in four carries an artifact.
pub fn article(rng: &mut Rng, words: usize, dirty: bool) -> String {
    let mut out = String::with_capacity(words * 7);
    let place = rng.pick(PLACES).to_uppercase();
    out.push_str(&format!("{place} (Reuters) - "));
    let mut count = 0;
    while count < words {
        let mut para = String::new();
        for _ in 0..1 + rng.below(3) {
            let mut s = capitalized(&sentence(rng));
            // A sentence that ends on an abbreviation ("Acme Inc.") takes no second full stop.
            if s.ends_with("..") {
                s.pop();
            }
            count += s.split_whitespace().count();
            para.push_str(&s);
            para.push(' ');
        }
        if rng.chance(35) {
            let q = format!(
                "“{}, {},” {} said.",
                rng.pick(QUOTE_OPENERS),
                rng.pick(QUOTE_CLOSERS),
                rng.pick(PEOPLE)
            );
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
    fn long_articles_seldom_repeat_a_paragraph() {
        // A benchmark of single large files compares like with like only if the text does not
        // turn into repeats as it grows.
        let text = article(&mut Rng::new(5), 150_000, false);
        let mut seen = std::collections::HashSet::new();
        let paragraphs: Vec<&str> = text.split("\n\n").collect();
        let repeats = paragraphs.iter().filter(|p| !seen.insert(**p)).count();
        assert!(paragraphs.len() > 4_000, "{}", paragraphs.len());
        assert!(repeats < 5, "{repeats} repeated paragraphs");
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
