//! Machine-translation artifacts: repeated words at segment seams, doubled and calqued speech verbs.

pub mod currency_after_amount;
pub mod doubled_speech_verb;
pub mod merged_sentence;
mod names;
pub mod pronoun_gender;
pub mod repeated_word;
pub mod speech_verb_calque;
pub mod thousands_separator;
pub mod who_for_thing;

/// The days of the week, capitalised.
pub(crate) const WEEKDAYS: &[&str] = &[
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

/// Verbs English news uses to attribute speech. A quotation followed by one of these is credited.
pub(crate) const ENGLISH_SPEECH_VERBS: &[&str] = &[
    "said",
    "says",
    "say",
    "told",
    "tells",
    "asked",
    "asks",
    "added",
    "adds",
    "wrote",
    "writes",
    "stated",
    "states",
    "explained",
    "explains",
    "noted",
    "notes",
    "continued",
    "tweeted",
    "posted",
    "testified",
    "insisted",
    "warned",
    "replied",
    "replies",
    "answered",
    "shouted",
    "argued",
    "argues",
    "acknowledged",
    "admitted",
    "announced",
    "suggested",
    "complained",
    "joked",
    "remarked",
    "observed",
    "cautioned",
    "conceded",
    "laughed",
    "urged",
    "concluded",
    "recalled",
    "recalls",
    "stressed",
    "emphasised",
    "emphasized",
    "predicted",
    "promised",
    "vowed",
    "quipped",
    "declared",
    "according",
    "reported",
    "reports",
    "wondered",
    "agreed",
    "added",
    "pleaded",
    "responded",
    "countered",
    "exclaimed",
    "whispered",
    "cried",
    "called",
    "describes",
    "described",
    "put",
    "quoted",
    "quoting",
    "explaining",
    "saying",
    "adding",
    "telling",
    "writing",
    "asking",
    "noting",
    "recalling",
    "warning",
    "insisting",
    "revealed",
    "confirmed",
    "claimed",
    "commented",
    "disclosed",
    "maintained",
    "reiterated",
    "asserted",
    "lamented",
    "reaffirmed",
    "celebrated",
    "pondered",
];

/// A speech verb that translation engines produce where English news writes "said", with the
/// verb English would use and where the calque shows.
pub(crate) struct Calque {
    /// The calqued verb.
    pub verb: &'static str,
    /// What English news writes instead.
    pub english: &'static str,
    /// Flag it right after a quotation (`,” she declared.`).
    pub after_quote: bool,
    /// Flag it with a bare that-clause (`He assured that …`).
    pub with_that: bool,
    /// The that-clause needs a verb after it to tell it from the determiner (`completed that report`).
    pub that_needs_clause: bool,
    /// With a that-clause only when the clause holds no quantity: `officials estimated that 300
    /// people…` is English, `he estimated that the plan was fair` a calque of *estimer*.
    pub that_unless_quantity: bool,
    /// Flag it before a colon that opens a quotation (`The mayor assured: “…”`), where English
    /// writes `said:`. Verbs English also puts there (`declared:`, `recalled:`) are left alone.
    pub before_colon: bool,
}

const fn c(
    verb: &'static str,
    english: &'static str,
    after_quote: bool,
    with_that: bool,
    that_needs_clause: bool,
) -> Calque {
    Calque {
        verb,
        english,
        after_quote,
        with_that,
        that_needs_clause,
        that_unless_quantity: false,
        before_colon: false,
    }
}

impl Calque {
    /// Also flagged before a colon that opens a quotation.
    const fn colon(self) -> Calque {
        Calque {
            before_colon: true,
            ..self
        }
    }

    /// Also flagged with a that-clause that holds no quantity.
    const fn unless_quantity(self) -> Calque {
        Calque {
            with_that: true,
            that_unless_quantity: true,
            ..self
        }
    }
}

/// Calqued speech verbs (French, Spanish, Italian, Portuguese and German incises rendered literally).
pub(crate) const CALQUES: &[Calque] = &[
    c("declared", "said", true, false, false),
    c("indicated", "said", true, false, false),
    c("specified", "added", true, true, true),
    c("precised", "added", true, true, false).colon(),
    c("underlined", "stressed", true, true, false).colon(),
    c("affirmed", "said", true, true, true).colon(),
    c("estimated", "said", true, false, true).unless_quantity(),
    c("assured", "said", true, true, false).colon(),
    c("recalled", "noted", true, false, false),
    c("launched", "said", true, false, false),
    c("judged", "said", true, false, false),
    c("deplored", "lamented", true, false, false),
    c("regretted", "said", true, false, false),
    c("pointed", "said", true, true, true),
    c("signaled", "said", true, true, true),
    c("signalled", "said", true, true, true),
    c("manifested", "said", true, true, false).colon(),
    c("sustained", "maintained", true, true, false).colon(),
    c("completed", "added", true, true, true).colon(),
    c("detailed", "added", true, true, true).colon(),
    c("ratified", "reaffirmed", true, true, true).colon(),
    c("informed", "said", true, true, false).colon(),
    c("evidenced", "noted", true, true, true).colon(),
    c("defended", "argued", true, true, true),
    c("highlighted", "noted", true, false, false),
    c("expressed", "said", true, true, false).colon(),
    c("considered", "said", true, false, false),
    c("evaluated", "said", true, false, false),
    c("assessed", "said", true, false, false),
    c("reacted", "said", true, false, false),
    c("punctualized", "clarified", true, true, false).colon(),
    c("auspicated", "hoped", true, true, false).colon(),
    c("fustigated", "criticized", true, true, false).colon(),
    c("castigated", "criticized", true, false, false),
    c("hammered", "stressed", true, false, false).colon(),
    c("saluted", "welcomed", true, false, false),
    c("ironized", "quipped", true, true, false).colon(),
    c("nuanced", "added", true, true, false).colon(),
    c("relativized", "played down", true, true, false).colon(),
    c("slipped", "said", true, false, false),
    c("alerted", "warned", true, true, true),
    c("abounded", "agreed", true, false, false),
    c("denounced", "complained", true, true, true),
    c("exposed", "explained", true, false, false).colon(),
    c("narrated", "recalled", true, false, false).colon(),
    c("communicated", "said", true, false, false).colon(),
    c("sentenced", "said", true, false, false).colon(),
    c("advanced", "said", true, false, false),
    c("evoked", "mentioned", true, false, false),
    // Spanish and Portuguese incises: replicó (replied), aseveró, apostilló, explicitó,
    // argumentó, agregó (added), advirtió (warned).
    c("replicated", "replied", true, true, true),
    c("asseverated", "asserted", true, true, false).colon(),
    c("apostilled", "added", true, true, false).colon(),
    c("explicited", "explained", true, true, false).colon(),
    c("argumented", "argued", true, true, false).colon(),
    c("aggregated", "added", true, false, false),
    c("advertised", "warned", true, false, false),
];

/// The calqued verbs, for a quick no: most words asked about are English speech verbs.
static CALQUE_WORDS: std::sync::LazyLock<WordSet> =
    std::sync::LazyLock::new(|| WordSet::new(CALQUES.iter().map(|c| c.verb)));

/// Looks up a calque by its verb, in any case.
pub(crate) fn calque(word: &str) -> Option<&'static Calque> {
    if !CALQUE_WORDS.contains(word) {
        return None;
    }
    CALQUES.iter().find(|c| c.verb.eq_ignore_ascii_case(word))
}

/// How many shapes there are (see [`shape`]).
const SHAPES: usize = 32 * 27 * 27;

/// A word's shape: its length and its first and last letters, any case (27 values each: a–z and
/// anything else).
fn shape(b: &[u8]) -> usize {
    let letter = |c: u8| {
        let c = c | 0x20;
        if c.is_ascii_lowercase() {
            usize::from(c - b'a')
        } else {
            26
        }
    };
    match (b.first(), b.last()) {
        (Some(&f), Some(&l)) => (b.len().min(31) * 27 + letter(f)) * 27 + letter(l),
        _ => 0,
    }
}

/// A set of ASCII words, looked up in any case. Most words are rejected by their shape alone
/// (see [`shape`]), before any comparison: the sets are asked about nearly every word of a story.
/// A word that passes is compared with the set's words of its shape, usually one, without
/// lowering a copy of it or hashing it.
pub(crate) struct WordSet {
    /// One bit for each shape some word of the set has.
    shapes: Vec<u64>,
    /// How many bits the words of `shapes` before each one have set: the rank of a shape among
    /// the set's shapes is this plus the set bits below it in its own word.
    ranks: Vec<u32>,
    /// The words of the shape of rank `r` are `words[offsets[r]..offsets[r + 1]]`.
    offsets: Vec<u32>,
    /// In lower case, grouped by shape, in the order of the shapes.
    words: Vec<Box<str>>,
}

impl WordSet {
    /// The set of `words`.
    pub(crate) fn new(words: impl IntoIterator<Item = &'static str>) -> WordSet {
        let mut words: Vec<(usize, Box<str>)> = words
            .into_iter()
            .map(|w| (shape(w.as_bytes()), w.to_ascii_lowercase().into()))
            .collect();
        words.sort_unstable();
        words.dedup();
        let mut shapes = vec![0u64; SHAPES.div_ceil(64)];
        let mut offsets = Vec::new();
        for (k, &(shape, _)) in words.iter().enumerate() {
            if shapes[shape / 64] & (1 << (shape % 64)) == 0 {
                shapes[shape / 64] |= 1 << (shape % 64);
                offsets.push(k as u32);
            }
        }
        offsets.push(words.len() as u32);
        let ranks = shapes
            .iter()
            .scan(0u32, |seen, m| {
                let before = *seen;
                *seen += m.count_ones();
                Some(before)
            })
            .collect();
        WordSet {
            shapes,
            ranks,
            offsets,
            words: words.into_iter().map(|(_, w)| w).collect(),
        }
    }

    /// Whether `word`, in any case, is in the set.
    #[inline]
    pub(crate) fn contains(&self, word: &str) -> bool {
        let b = word.as_bytes();
        let k = shape(b);
        let m = self.shapes[k / 64];
        if m & (1 << (k % 64)) == 0 {
            return false;
        }
        let r = self.ranks[k / 64] as usize + (m & ((1 << (k % 64)) - 1)).count_ones() as usize;
        // (A loop of our own: the standard case-blind comparison, made for long strings, cost
        // more than all the rest of a lookup.)
        self.words[self.offsets[r] as usize..self.offsets[r + 1] as usize]
            .iter()
            .any(|w| {
                w.len() == b.len() && w.bytes().zip(b).all(|(x, &y)| x == y.to_ascii_lowercase())
            })
    }

    #[cfg(test)]
    pub(crate) fn iter(&self) -> impl Iterator<Item = &str> + '_ {
        self.words.iter().map(|w| &**w)
    }
}

/// Speech verbs, English and calqued.
static SPEECH_WORDS: std::sync::LazyLock<WordSet> = std::sync::LazyLock::new(|| {
    WordSet::new(
        ENGLISH_SPEECH_VERBS
            .iter()
            .copied()
            .chain(CALQUES.iter().map(|c| c.verb)),
    )
});

/// Whether `word` (any case) is a speech verb, English or calqued.
pub(crate) fn is_speech_verb(word: &str) -> bool {
    SPEECH_WORDS.contains(word)
}

/// Pronouns that can be the subject of an attribution.
pub(crate) const SUBJECT_PRONOUNS: &[&str] = &["he", "she", "they", "it", "we", "i", "you"];

#[cfg(test)]
mod tests {
    use super::{is_speech_verb, WordSet, SPEECH_WORDS};

    #[test]
    fn every_speech_word_passes_the_shape_filter_in_any_case() {
        for w in SPEECH_WORDS.iter() {
            let upper = w.to_ascii_uppercase();
            let title = format!("{}{}", &upper[..1], &w[1..]);
            for form in [w.to_string(), upper, title] {
                assert!(is_speech_verb(&form), "{form}");
            }
        }
        for w in ["sad", "saidx", "table", "", "a", "the"] {
            assert!(!is_speech_verb(w), "{w}");
        }
    }

    /// Words that share a shape are told apart by their letters, in any case; a word is found
    /// only whole, and words past the length a shape counts are compared in full.
    #[test]
    fn words_of_one_shape_are_compared_in_full() {
        let long = "internationalisation-of-the-conflict";
        let set = WordSet::new(["said", "sold", "seed", "told", "it's", long]);
        for w in [
            "said",
            "SOLD",
            "Seed",
            "told",
            "It's",
            "INTERNATIONALISATION-of-the-conflict",
        ] {
            assert!(set.contains(w), "{w}");
        }
        for w in [
            "sand",
            "scud",
            "sai",
            "saids",
            "tale",
            "it’s",
            "saïd",
            "",
            "internationalisation-of-the-conflicts",
            "internationalisation-of-the-confluct",
        ] {
            assert!(!set.contains(w), "{w}");
        }
        // Of the first and last shapes there are.
        let edges = WordSet::new(["a", "zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz"]);
        assert!(edges.contains("A") && edges.contains("ZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZ"));
        assert!(!edges.contains("b") && !edges.contains("zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz"));
    }
}
