//! The parsed view of one file that every rule borrows: lines, paragraphs, sentences, words,
//! quotations and the parts that are not prose.
//!
//! Built once per file by [`Document::parse`]; no rule re-splits the text. Sentences are split
//! on first use, and a question about one place splits only its paragraph.

pub(crate) mod ascii;
pub(crate) mod find;
mod lines;
mod markdown;
mod quotes;
mod seek;
pub(crate) mod sentences;
mod words;

pub use lines::LineIndex;
pub(crate) use quotes::is_opening_context;
pub use quotes::Quote;
pub use sentences::is_abbreviation;
pub use words::is_word_char as words_is_word_char;
pub use words::{Iter as WordIter, Words};

use std::cell::{Cell, OnceCell};
use std::ops::Range;

/// How the file is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Plain text.
    Text,
    /// Markdown: front matter, code, link targets and HTML comments are not prose.
    Markdown,
}

impl Format {
    /// Chooses the format from a file name.
    pub fn from_path(path: &str) -> Format {
        let lower = path.to_ascii_lowercase();
        if lower.ends_with(".md") || lower.ends_with(".markdown") {
            Format::Markdown
        } else {
            Format::Text
        }
    }
}

/// A byte range in eight bytes (32-bit offsets), for the parts a document holds many of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    start: u32,
    end: u32,
}

/// A word: a run of letters and digits, with inner apostrophes and hyphens.
pub type Word = Span;

impl Span {
    pub(crate) fn new(start: usize, end: usize) -> Span {
        Span {
            start: start as u32,
            end: end as u32,
        }
    }

    /// Byte range in the text.
    #[inline]
    pub fn span(&self) -> Range<usize> {
        self.start()..self.end()
    }

    /// Byte offset of the first char.
    #[inline]
    pub fn start(&self) -> usize {
        self.start as usize
    }

    /// Byte offset after the last char.
    #[inline]
    pub fn end(&self) -> usize {
        self.end as usize
    }
}

/// The longest text whose words [`Document::with_word_indexes`] looks up one item at a time:
/// a story's text and word list stay in the cache, and batches would only add work.
const CACHED_TEXT: usize = 256 << 10;

/// One of two iterators of the same items.
pub(crate) enum Either<A, B> {
    Left(A),
    Right(B),
}

impl<T, A: Iterator<Item = T>, B: Iterator<Item = T>> Iterator for Either<A, B> {
    type Item = T;

    #[inline]
    fn next(&mut self) -> Option<T> {
        match self {
            Either::Left(a) => a.next(),
            Either::Right(b) => b.next(),
        }
    }
}

/// How many items [`Document::with_word_indexes`] looks words up for at a time.
const LOOKUP_BATCH: usize = 32;

/// How many items ahead [`Document::prefetching`] asks for the text: enough for a read from
/// main memory to arrive while the loop handles the items in between.
const PREFETCH_AHEAD: usize = 16;

/// [`Document::prefetching`] for code that has the text's bytes but not the document.
pub(crate) fn prefetching<'s, T, const N: usize>(
    bytes: &'s [u8],
    items: &'s [T],
    places: impl Fn(&T) -> [usize; N] + 's,
) -> impl Iterator<Item = &'s T> + 's {
    if bytes.len() <= CACHED_TEXT {
        return Either::Left(items.iter());
    }
    Either::Right(items.iter().enumerate().map(move |(i, item)| {
        if let Some(next) = items.get(i + PREFETCH_AHEAD) {
            for at in places(next) {
                prefetch(bytes, at);
            }
        }
        item
    }))
}

/// Asks the processor to bring the cache line that holds `items[at]` into its caches, without
/// waiting for it. A hint only: nothing is read, and an index past the end is ignored.
#[inline(always)]
fn prefetch_item<T>(items: &[T], at: usize) {
    #[cfg(target_arch = "x86_64")]
    if let Some(item) = items.get(at) {
        use std::arch::x86_64::{_mm_prefetch, _MM_HINT_T0};
        // SAFETY: a prefetch reads no memory and cannot fault; the address is in `items`.
        unsafe { _mm_prefetch::<_MM_HINT_T0>(std::ptr::from_ref(item).cast()) };
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = (items, at);
}

/// [`prefetch_item`] of the text's bytes.
#[inline(always)]
fn prefetch(bytes: &[u8], at: usize) {
    prefetch_item(bytes, at);
}

/// The parsed file.
#[derive(Debug)]
pub struct Document<'a> {
    /// The decoded text.
    pub text: &'a str,
    /// Plain text or Markdown.
    pub format: Format,
    /// Offset ⇄ line/column.
    pub lines: LineIndex,
    /// Blank-line separated blocks, trimmed of surrounding whitespace.
    pub paragraphs: Vec<Range<usize>>,
    /// Indexes of the paragraphs followed by two blank lines or more.
    gaps: Vec<u32>,
    /// Sentences, split on first use ([`Document::sentences`]).
    sentences: OnceCell<Vec<Span>>,
    /// Bytes of paragraphs split one at a time by [`Document::sentence_at`].
    split_alone: Cell<usize>,
    /// The non-ASCII chars rules look for.
    non_ascii: NonAscii,
    /// The matches of [`SCAN`].
    found: Found,
    /// Where the punctuation rules look, noted by the word scan.
    punct_pairs: ascii::PunctPairs,
    /// Words, in order.
    pub words: Words,
    /// Direct quotations, in order.
    pub quotes: Vec<Quote>,
    /// Sorted, non-overlapping ranges that are not prose (code, URLs, front matter, comments).
    pub non_prose: Vec<Range<usize>>,
    /// Text ranges that stand in for undecodable bytes.
    pub synthetic: Vec<Range<usize>>,
}

/// What a literal of [`SCAN`] stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Literal {
    /// A capitalised word that can open a sentence or a clause (a conjunction or a subject
    /// pronoun) and the space after it (the char before is checked by the rules: a pattern
    /// that starts with a space would stop the search at every space).
    Opener(&'static str),
    /// `, who` (the char after it is not checked), for `mt/who-for-thing`.
    CommaWho,
    /// `that`, for the that-clauses of `mt/speech-verb-calque` (the rule checks the space
    /// before it: a literal that starts with one would overlap `And ` in `And that`).
    That,
    /// `www.`, where an address without a scheme may start.
    Www,
    /// `ed.`, where a dangling speech verb may end (`she said. explained.`).
    EdStop,
}

/// The literals of one vectorised scan of each document (see [`scan_literals`]): the openers,
/// and three short literals that were each a search of their own. None is a prefix of another,
/// and none can overlap another (so none hides another's match).
///
/// The order decides which literals share one of the searcher's eight buckets (as aho-corasick
/// 1.1 assigns them, the ninth literal shares the first's, the tenth the second's, and so on;
/// only the speed depends on it), and a bucket matches any mix of its literals' bytes: `that`
/// with `And ` adds little (`Aha`, `thd`), `ed.` with `Or ` would match every `er ` and `or `,
/// with `Yet ` only `eet` and `iet` besides `ied.`.
const SCAN: &[(&str, Literal)] = &[
    ("And ", Literal::Opener("And")),
    (", who", Literal::CommaWho),
    ("Yet ", Literal::Opener("Yet")),
    ("But ", Literal::Opener("But")),
    ("Or ", Literal::Opener("Or")),
    ("Nor ", Literal::Opener("Nor")),
    ("He ", Literal::Opener("He")),
    ("She ", Literal::Opener("She")),
    ("that", Literal::That),
    ("www.", Literal::Www),
    ("ed.", Literal::EdStop),
];

static OPENER_SCAN: std::sync::LazyLock<find::Literals> = std::sync::LazyLock::new(|| {
    let patterns: Vec<&str> = SCAN.iter().map(|&(p, _)| p).collect();
    find::Literals::new(&patterns, true)
});

/// The matches of [`SCAN`] in a text, by kind, each list in order.
#[derive(Debug, Default)]
struct Found {
    /// Each opener's offset and word.
    openers: Vec<(u32, &'static str)>,
    /// The offset of each `, who`.
    commas_before_who: Vec<u32>,
    /// The offset of each `that`.
    thats: Vec<u32>,
    /// The offset of each `ed.`.
    ed_stops: Vec<u32>,
    /// Whether there is a `www.`.
    www: bool,
}

/// Every match of [`SCAN`] in `text`, sorted by kind.
fn scan_literals(text: &str) -> Found {
    let mut found = Found::default();
    for (r, k) in OPENER_SCAN.find_iter(text) {
        let at = r.start as u32;
        match SCAN[k].1 {
            Literal::Opener(w) => found.openers.push((at, w)),
            Literal::CommaWho => found.commas_before_who.push(at),
            Literal::That => found.thats.push(at),
            Literal::EdStop => found.ed_stops.push(at),
            Literal::Www => found.www = true,
        }
    }
    found
}

/// See [`Document::format_candidates`] and [`Document::latin1_pairs`].
#[derive(Debug, Default)]
pub(crate) struct NonAscii {
    format: Vec<(u32, char)>,
    latin1: Vec<u32>,
}

impl NonAscii {
    /// Notes `c`, a char outside ASCII at `i` in `b`. Latin-1 letters (first byte C3) and the
    /// dashes, quotes, bullets and ellipsis of U+2010–U+2027 but `„` are told by their bytes.
    #[inline]
    pub(crate) fn note(&mut self, b: &[u8], i: usize, c: char) {
        match b[i..] {
            [0xC3, _, next, ..] if next >= 0x80 => self.latin1.push(i as u32),
            [0xC3, ..] | [0xE2, 0x80, 0x90..=0x9D | 0x9F..=0xA7, ..] => {}
            _ => self.format.push((i as u32, c)),
        }
    }

    /// Notes every char outside ASCII in `range` of `text`, in order. The word scan notes
    /// those of the paragraphs as it decodes them; this takes the rest.
    fn scan(&mut self, text: &str, range: Range<usize>) {
        let b = &text.as_bytes()[..range.end];
        let mut i = range.start;
        while let Some(k) = ascii::next_non_ascii(b, i) {
            let c = text[k..].chars().next().unwrap_or('\u{FFFD}');
            self.note(text.as_bytes(), k, c);
            i = k + c.len_utf8();
        }
    }
}

impl<'a> Document<'a> {
    /// Parses `text`.
    ///
    /// ```
    /// use copydesk::document::{Document, Format};
    /// let doc = Document::parse("Mr. Smith went to Washington. He said \"hi there\".\n", Format::Text);
    /// assert_eq!(doc.sentences().len(), 2);
    /// assert_eq!(doc.quotes.len(), 1);
    /// ```
    ///
    /// # Panics
    /// If `text` is 4 GiB or longer (offsets are 32-bit; files that large are skipped before).
    pub fn parse(text: &'a str, format: Format) -> Document<'a> {
        assert!(
            u32::try_from(text.len()).is_ok(),
            "a document is limited to 4 GiB"
        );
        // Paragraphs are split as the line index finds each line, while its bytes are at hand.
        let mut split = Paragraphs::new(text, format);
        let lines = LineIndex::with_lines(text, |line| split.line(line));
        let (paragraphs, gaps) = split.finish();
        let found = scan_literals(text);
        let non_prose = markdown::non_prose(text, format, &lines, found.www);
        let mut words = words::words(text, &paragraphs);
        let mut punct_pairs = words.take_punct();
        // The word scan noted the chars outside ASCII from the first paragraph to the last;
        // outside lie only blank lines, which Unicode spaces can still fill.
        let scanned = paragraphs
            .first()
            .map_or(0..0, |f| f.start..paragraphs[paragraphs.len() - 1].end);
        // So can controls (a form feed is whitespace); no letters lie there.
        let b = text.as_bytes();
        let head: Vec<u32> = ascii::control_bytes(&b[..scanned.start])
            .map(|i| i as u32)
            .collect();
        if !head.is_empty() {
            punct_pairs.controls.splice(0..0, head);
        }
        let tail = ascii::control_bytes(&b[scanned.end..]).map(|i| (scanned.end + i) as u32);
        punct_pairs.controls.extend(tail);
        let mut non_ascii = NonAscii::default();
        non_ascii.scan(text, 0..scanned.start);
        let inner = words.take_non_ascii();
        non_ascii.format.extend(inner.format);
        non_ascii.latin1.extend(inner.latin1);
        non_ascii.scan(text, scanned.end..text.len());
        let quotes = quotes::quotes(text, &paragraphs, &non_prose, &words.take_quote_marks());
        Document {
            text,
            format,
            lines,
            paragraphs,
            gaps,
            sentences: OnceCell::new(),
            split_alone: Cell::new(0),
            non_ascii,
            found,
            punct_pairs,
            words,
            quotes,
            non_prose,
            synthetic: Vec::new(),
        }
    }

    /// The text of a range.
    pub fn slice(&self, r: &Range<usize>) -> &'a str {
        &self.text[r.clone()]
    }

    /// Whether any part of `r` lies outside prose.
    pub fn touches_non_prose(&self, r: &Range<usize>) -> bool {
        let i = self.non_prose.partition_point(|np| np.end <= r.start);
        self.non_prose
            .get(i)
            .is_some_and(|np| np.start < r.end.max(r.start + 1))
    }

    /// Index of the paragraph containing `offset`, if any.
    pub fn paragraph_at(&self, offset: usize) -> Option<usize> {
        let i = self.paragraphs.partition_point(|p| p.end < offset);
        self.paragraphs
            .get(i)
            .filter(|p| p.start <= offset)
            .map(|_| i)
    }

    /// Sentences, in order, never crossing a paragraph. Split on first use: most rules never
    /// ask, and the others ask about a few places ([`Document::sentence_at`]).
    pub fn sentences(&self) -> &[Span] {
        self.sentences
            .get_or_init(|| sentences::sentences(self.text, &self.paragraphs, &self.words))
    }

    /// The sentence containing `offset`, if any. Unless all sentences are already split, only
    /// the paragraph around `offset` is, until the paragraphs split one at a time add up to
    /// the length of the text: then all are split, once. (Many questions about one long
    /// paragraph would otherwise split it again and again.)
    pub fn sentence_at(&self, offset: usize) -> Option<Range<usize>> {
        let around = |sentences: &[Span]| {
            let i = sentences.partition_point(|s| s.end() <= offset);
            sentences
                .get(i)
                .filter(|s| s.start() <= offset)
                .map(Span::span)
        };
        if let Some(all) = self.sentences.get() {
            return around(all);
        }
        let p = self.paragraph_at(offset)?;
        let spent = self.split_alone.get() + self.paragraphs[p].len();
        if spent > self.text.len() {
            return around(self.sentences());
        }
        self.split_alone.set(spent);
        around(&sentences::sentences(
            self.text,
            &self.paragraphs[p..=p],
            &self.words,
        ))
    }

    /// Every char that may be a space or format char, with its offset, in order: every
    /// non-ASCII char but Latin-1 letters and the dashes, quotes, bullets and ellipsis of
    /// U+2010–U+2027, which are most of the non-ASCII chars of news copy and are told by their
    /// bytes without decoding. (The German low quote `„`, U+201E, is listed: English copy
    /// has none.) The rules about spaces, invisible chars, control chars, lost chars and
    /// foreign quotation marks share it.
    pub(crate) fn format_candidates(&self) -> &[(u32, char)] {
        &self.non_ascii().format
    }

    /// The offset of every char of U+00C0–U+00FF (`À`–`ÿ`: the chars whose first byte is C3)
    /// that a char outside ASCII follows right away, in order: where mojibake can start (`Ã©`,
    /// `â€™`). The accented letters of ordinary copy (`José`) are followed by ASCII; they are
    /// told apart here, in the scan, while their bytes are at hand.
    pub(crate) fn latin1_pairs(&self) -> &[u32] {
        &self.non_ascii().latin1
    }

    /// Marks after a mark or a space, and letters right after a mark: where the two
    /// punctuation rules look, noted by the scan that finds the words.
    pub(crate) fn punct_pairs(&self) -> &ascii::PunctPairs {
        &self.punct_pairs
    }

    /// Every opener of [`SCAN`] (`And`, `He`…) with the space after it, as offsets and words,
    /// in order: the rules about merged sentences and pronouns share them. The char before is
    /// not checked.
    pub(crate) fn opener_words(&self) -> impl Iterator<Item = (usize, &'static str)> + '_ {
        self.found.openers.iter().map(|&(at, w)| (at as usize, w))
    }

    /// The offset of the comma of every `, who` (the char after it is not checked), in order,
    /// for `mt/who-for-thing`.
    pub(crate) fn commas_before_who(&self) -> impl Iterator<Item = usize> + '_ {
        self.found.commas_before_who.iter().map(|&at| at as usize)
    }

    /// The offset of every `that` (inside a word too), in order.
    pub(crate) fn thats(&self) -> impl Iterator<Item = usize> + '_ {
        // The rule that reads them looks at the text around each.
        self.prefetching(&self.found.thats, |&at| [at as usize])
            .map(|&at| at as usize)
    }

    /// The offset of every `ed.`, in order.
    pub(crate) fn ed_stops(&self) -> impl Iterator<Item = usize> + '_ {
        self.found.ed_stops.iter().map(|&at| at as usize)
    }

    /// Both lists of non-ASCII chars, found on first use with one scan that skips pure-ASCII
    /// stretches sixteen bytes at a time.
    fn non_ascii(&self) -> &NonAscii {
        &self.non_ascii
    }

    /// The words that hold a char outside ASCII other than a Latin-1 or Latin Extended letter
    /// (U+00C0–U+024F), `’` or the hyphens U+2010 and U+2011, in order: `José`, `Dvořák` and
    /// `don’t` are not among them; `Москва`, `cafе` with a Cyrillic `е` and a word with a
    /// combining accent are. Rules about scripts and normalization read only these; in English
    /// news they are rare.
    pub fn unusual_words(&self) -> impl Iterator<Item = Word> + '_ {
        self.words
            .unusual()
            .iter()
            .map(|&k| self.words.at(k as usize))
    }

    /// Index of the first word starting at or after `offset`.
    pub fn word_index_at(&self, offset: usize) -> usize {
        self.words.first_from(offset)
    }

    /// Each of `items` with [`Document::word_index_at`] of each of its `offsets`. The lookups
    /// are made [`LOOKUP_BATCH`] items at a time, in loops that do nothing else and also ask
    /// for the text at each offset and the length of the word found. On a large file each of
    /// these reads is one from main memory: such loops let the processor wait for many at
    /// once, where a rule that reads them one item at a time, between its other work, waits
    /// for each in turn. The caller then finds them in the cache.
    pub(crate) fn with_word_indexes<'s, T, const N: usize>(
        &'s self,
        items: &'s [T],
        offsets: impl Fn(&T) -> [usize; N] + 's,
    ) -> impl Iterator<Item = (&'s T, [usize; N])> + 's {
        if self.text.len() <= CACHED_TEXT {
            // A story's text and words stay in the cache: each item is looked up as it comes.
            return Either::Left(
                items
                    .iter()
                    .map(move |t| (t, offsets(t).map(|o| self.words.first_from(o)))),
            );
        }
        let bytes = self.text.as_bytes();
        Either::Right(items.chunks(LOOKUP_BATCH).flat_map(move |batch| {
            let mut found = [[0; N]; LOOKUP_BATCH];
            // Each lookup reads a block count, then the word starts it points to: the counts
            // and the text at every offset of the batch are asked for first, then the starts
            // (once the counts have come), so that the lookups find both in the cache.
            for item in batch {
                for offset in offsets(item) {
                    self.words.prefetch_block(offset);
                    prefetch(bytes, offset);
                }
            }
            for item in batch {
                for offset in offsets(item) {
                    self.words.prefetch_starts(offset);
                }
            }
            for (item, slot) in batch.iter().zip(&mut found) {
                for (offset, index) in offsets(item).into_iter().zip(slot.iter_mut()) {
                    *index = self.words.first_from(offset);
                }
            }
            batch.iter().zip(found)
        }))
    }

    /// Each of the ranges `found` (in order, as a search finds them) with
    /// [`Document::word_index_at`] of its start. On a text larger than the cache the ranges are
    /// taken [`LOOKUP_BATCH`] at a time and looked up the way [`Document::with_word_indexes`]
    /// looks up its items; a story's are looked up as they come.
    pub(crate) fn with_word_index_of<'s>(
        &'s self,
        found: impl Iterator<Item = Range<usize>> + 's,
    ) -> impl Iterator<Item = (Range<usize>, usize)> + 's {
        if self.text.len() <= CACHED_TEXT {
            return Either::Left(found.map(|r| {
                let i = self.words.first_from(r.start);
                (r, i)
            }));
        }
        let bytes = self.text.as_bytes();
        let mut found = found.peekable();
        Either::Right(
            std::iter::from_fn(move || {
                found.peek()?;
                let mut batch = [(0usize, 0usize, 0usize); LOOKUP_BATCH];
                let mut n = 0;
                for (slot, r) in batch.iter_mut().zip(found.by_ref()) {
                    *slot = (r.start, r.end, 0);
                    self.words.prefetch_block(r.start);
                    prefetch(bytes, r.start);
                    n += 1;
                }
                for &(start, ..) in &batch[..n] {
                    self.words.prefetch_starts(start);
                }
                for (start, _, index) in &mut batch[..n] {
                    *index = self.words.first_from(*start);
                }
                Some(batch.into_iter().take(n))
            })
            .flatten()
            .map(|(start, end, index)| (start..end, index)),
        )
    }

    /// `items` in order, for a loop that reads the text at a few places of each item (a
    /// quotation's marks, a paragraph's ends) and little else. On a text larger than the
    /// processor's caches each such read is one from main memory, and the places are too far
    /// apart for the processor to guess the next: so, on such a text, as the loop takes an item
    /// the text at the places of the item [`PREFETCH_AHEAD`] further on is asked for, and it has
    /// arrived by the time the loop gets there. A story's text stays in the cache, and its items
    /// come as they are.
    pub(crate) fn prefetching<'s, T, const N: usize>(
        &'s self,
        items: &'s [T],
        places: impl Fn(&T) -> [usize; N] + 's,
    ) -> impl Iterator<Item = &'s T> + 's {
        prefetching(self.text.as_bytes(), items, places)
    }

    /// The indexes of the paragraphs followed by two lines or more with only whitespace (a
    /// paragraph's line break and one blank line are the usual gap), in order.
    pub(crate) fn wide_gaps(&self) -> &[u32] {
        &self.gaps
    }

    /// Whether `offset` lies inside a direct quotation.
    pub fn in_quote(&self, offset: usize) -> bool {
        let i = self.quotes.partition_point(|q| q.span.end <= offset);
        self.quotes.get(i).is_some_and(|q| q.span.start < offset)
    }
}

/// `s` without its leading and trailing whitespace (as [`str::trim`] has it), and how many bytes
/// went from its start. Most lines begin and end with a byte that no whitespace char begins or
/// ends with (a letter, a full stop, the last byte of `”`): those are told by two bytes, without
/// decoding a char at either end.
fn trimmed(s: &str) -> (usize, &str) {
    let b = s.as_bytes();
    // Every whitespace char outside ASCII begins with one of these bytes (U+0085, U+00A0,
    // U+1680, U+2000–U+200A, U+2028, U+2029, U+202F, U+205F, U+3000)…
    let solid_first = |c: u8| c > b' ' && !matches!(c, 0xC2 | 0xE1 | 0xE2 | 0xE3);
    // …and ends with one of these.
    let solid_last =
        |c: u8| c > b' ' && !matches!(c, 0x80..=0x8A | 0x9F | 0xA0 | 0xA8 | 0xA9 | 0xAF);
    match (b.first(), b.last()) {
        (Some(&f), Some(&l)) if solid_first(f) && solid_last(l) => (0, s),
        _ => {
            let rest = s.trim_start();
            (s.len() - rest.len(), rest.trim_end())
        }
    }
}

/// Splits a text into paragraphs one line at a time: blank lines (only whitespace) end them, and
/// in Markdown so do headings and thematic breaks, which are paragraphs of their own. Each
/// paragraph is trimmed of surrounding whitespace.
struct Paragraphs<'t> {
    text: &'t str,
    format: Format,
    out: Vec<Range<usize>>,
    current: Option<Range<usize>>,
    /// Blank lines since the last line with text, and the paragraphs after which there were two.
    blank: u32,
    gaps: Vec<u32>,
}

impl<'t> Paragraphs<'t> {
    fn new(text: &'t str, format: Format) -> Paragraphs<'t> {
        Paragraphs {
            text,
            format,
            // About one paragraph every few hundred bytes of news copy: seldom grown.
            out: Vec::with_capacity(text.len() / 200 + 4),
            current: None,
            blank: 0,
            gaps: Vec::new(),
        }
    }

    /// The next line's content range.
    fn line(&mut self, line: Range<usize>) {
        let content = &self.text[line.clone()];
        let (lead, trimmed) = trimmed(content);
        if trimmed.is_empty() {
            if let Some(p) = self.current.take() {
                self.out.push(p);
            }
            self.blank += 1;
            if self.blank == 2 && !self.out.is_empty() {
                self.gaps.push((self.out.len() - 1) as u32);
            }
            return;
        }
        self.blank = 0;
        let r = line.start + lead..line.start + lead + trimmed.len();
        let standalone = self.format == Format::Markdown
            && (trimmed.starts_with('#') || trimmed == "---" || trimmed == "***");
        if standalone {
            if let Some(p) = self.current.take() {
                self.out.push(p);
            }
            self.out.push(r);
            return;
        }
        match self.current.as_mut() {
            Some(p) => p.end = r.end,
            None => self.current = Some(r),
        }
    }

    /// The paragraphs, and the indexes of those followed by two blank lines or more.
    fn finish(mut self) -> (Vec<Range<usize>>, Vec<u32>) {
        if let Some(p) = self.current.take() {
            self.out.push(p);
        }
        (self.out, self.gaps)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_scan_finds_openers_and_commas_before_who() {
        let t = "The law, who passed. He said so, And the rest, whose, who.\n";
        let doc = Document::parse(t, Format::Text);
        let words: Vec<(usize, &str)> = doc.opener_words().collect();
        assert_eq!(words, vec![(21, "He"), (33, "And")]);
        let commas: Vec<usize> = doc.commas_before_who().collect();
        let want: Vec<usize> = t.match_indices(", who").map(|(i, _)| i).collect();
        assert_eq!(commas, want);
        assert_eq!(commas.len(), 3);
    }

    /// Texts made of the scan's literals, pieces of them and a few other bytes.
    const PIECES: &str = r"(And |, who|Yet |But |Or |Nor |He |She |that|www\.|ed\.|e|d|t|h|a|w|\.| |,|x|S|H|é){0,60}";

    proptest::proptest! {
        /// The scan finds what a naive search for its literals finds, and each rule's literal
        /// wherever it stands: no literal hides another (`that` only hides a `that` that starts
        /// in its last letter, which no space precedes).
        #[test]
        fn the_scan_finds_every_literal(t in PIECES) {
            let mut want = Found::default();
            let mut at = 0;
            while at < t.len() {
                match SCAN.iter().find(|(p, _)| t.as_bytes()[at..].starts_with(p.as_bytes())) {
                    Some((p, kind)) => {
                        match *kind {
                            Literal::Opener(w) => want.openers.push((at as u32, w)),
                            Literal::CommaWho => want.commas_before_who.push(at as u32),
                            Literal::That => want.thats.push(at as u32),
                            Literal::EdStop => want.ed_stops.push(at as u32),
                            Literal::Www => want.www = true,
                        }
                        at += p.len();
                    }
                    None => at += 1,
                }
            }
            proptest::prop_assert_eq!(format!("{:?}", scan_literals(&t)), format!("{want:?}"));
            proptest::prop_assert_eq!(want.www, t.contains("www."));
            let doc = Document::parse(&t, Format::Text);
            let all = |p: &str| t.match_indices(p).map(|(i, _)| i).collect::<Vec<_>>();
            proptest::prop_assert_eq!(doc.ed_stops().collect::<Vec<_>>(), all("ed."));
            proptest::prop_assert_eq!(doc.commas_before_who().collect::<Vec<_>>(), all(", who"));
            let thats: Vec<usize> = doc.thats().collect();
            for i in all(" that") {
                proptest::prop_assert!(thats.contains(&(i + 1)), "` that` at {} missed", i);
            }
            let openers: Vec<usize> = doc.opener_words().map(|(i, _)| i).collect();
            for w in SCAN.iter().filter_map(|(_, l)| match l {
                Literal::Opener(w) => Some(w),
                _ => None,
            }) {
                for i in all(&format!("{w} ")) {
                    // `He ` inside `She ` is not an opener.
                    if !(*w == "He" && t[..i].ends_with('S')) {
                        proptest::prop_assert!(openers.contains(&i), "`{}` at {} missed", w, i);
                    }
                }
            }
        }
    }

    proptest::proptest! {
        /// Lines are trimmed as `str::trim` trims them, whatever chars stand at their ends.
        #[test]
        fn lines_are_trimmed_as_str_trim_trims(
            s in "[a.\u{201D}\u{85}\u{A0}\u{1680}\u{2000}-\u{200B}\u{2028}\u{2029}\u{202F}\u{205F}\u{3000}\u{FEFF}\u{C5}\u{E9}\u{5E9}\u{1EA0}\u{2010}-\u{2027}\u{3001} \t\r\x0B\x0C]{0,6}"
        ) {
            let (lead, t) = super::trimmed(&s);
            proptest::prop_assert_eq!(t, s.trim());
            proptest::prop_assert_eq!(&s[lead..lead + t.len()], s.trim());
        }

        /// The chars outside ASCII the word scan notes, with those of the blank lines before
        /// the first paragraph and after the last, are what one scan of the whole text notes.
        #[test]
        fn non_ascii_chars_match_one_scan_of_the_text(
            t in "([ \n\u{A0}\u{3000}\u{2028}]{0,4}[a-zé’“„\u{200B}жÃ©€ \u{A0}\n.]{0,90}){0,5}[ \n\u{A0}\u{3000}]{0,4}",
            markdown in proptest::bool::ANY,
        ) {
            let format = if markdown { Format::Markdown } else { Format::Text };
            let doc = Document::parse(&t, format);
            let mut whole = NonAscii::default();
            whole.scan(&t, 0..t.len());
            proptest::prop_assert_eq!(doc.format_candidates(), &whole.format[..]);
            proptest::prop_assert_eq!(doc.latin1_pairs(), &whole.latin1[..]);
        }
    }

    proptest::proptest! {
        /// The seams and controls the word scan notes, with the controls of the blank lines
        /// before the first paragraph and after the last, are what a scan of the whole text for
        /// each finds.
        #[test]
        fn seams_and_controls_match_a_scan_of_the_text(
            t in "([ \n\r\t\u{B}\u{C}\u{0}\u{1F}\u{7F}]{0,4}[a-dA-DéЖ \t\n\r.\u{1}\u{B}\u{C}\u{7F}]{0,150}){0,5}[ \n\u{B}\u{C}\u{7}]{0,4}",
            markdown in proptest::bool::ANY,
        ) {
            let format = if markdown { Format::Markdown } else { Format::Text };
            let doc = Document::parse(&t, format);
            let b = t.as_bytes();
            let seams: Vec<u32> = ascii::lower_upper_seams(b).map(|i| i as u32).collect();
            let controls: Vec<u32> = ascii::control_bytes(b).map(|i| i as u32).collect();
            proptest::prop_assert_eq!(&doc.punct_pairs().seams, &seams);
            proptest::prop_assert_eq!(&doc.punct_pairs().controls, &controls);
        }
    }

    #[test]
    fn seams_and_controls_across_blocks_and_blank_lines() {
        // A seam across the border of two 64-byte blocks of the scan; controls before the first
        // paragraph, inside one, between two and after the last.
        let t = format!(
            "\u{C}\n{}aB and \u{1}x\n\n\u{C}\n\nnext\u{7F}\n\n\u{B}",
            "w".repeat(63)
        );
        let doc = Document::parse(&t, Format::Text);
        let at = |s: &str| t.find(s).unwrap() as u32;
        assert_eq!(doc.punct_pairs().seams, [at("aB") + 1]);
        assert_eq!(
            doc.punct_pairs().controls,
            [
                0,
                at("\u{1}"),
                at("\n\u{C}") + 1,
                at("\u{7F}"),
                t.len() as u32 - 1
            ]
        );
    }

    #[test]
    fn paragraphs_split_on_blank_lines() {
        let doc = Document::parse("\n\nOne.\nStill one.\n\n  \nTwo.\n", Format::Text);
        let p: Vec<&str> = doc.paragraphs.iter().map(|r| doc.slice(r)).collect();
        assert_eq!(p, ["One.\nStill one.", "Two."]);
        assert_eq!(doc.paragraph_at(doc.text.find("Two").unwrap()), Some(1));
    }

    proptest::proptest! {
        /// Batched lookups give what one lookup at a time gives, for lists longer than a batch
        /// and offsets anywhere, past the last word and past the end of the text included; and
        /// so do the unbatched lookups of a short text.
        #[test]
        fn word_indexes_are_those_of_single_lookups(
            t in "[a-c é\n.]{0,300}",
            offsets in proptest::collection::vec(0usize..320, 0..100),
        ) {
            // The same text alone, and after enough words to be looked up in batches.
            let filler = "ab ".repeat(super::CACHED_TEXT / 3 + 1);
            for (text, shift) in [(t.clone(), 0), (format!("{filler}{t}"), filler.len())] {
                let doc = Document::parse(&text, Format::Text);
                let items: Vec<(usize, usize)> =
                    offsets.iter().map(|&o| (shift + o, shift + o / 2)).collect();
                let got: Vec<((usize, usize), [usize; 2])> = doc
                    .with_word_indexes(&items, |&(a, b)| [a, b])
                    .map(|(&item, found)| (item, found))
                    .collect();
                let want: Vec<((usize, usize), [usize; 2])> = items
                    .iter()
                    .map(|&(a, b)| ((a, b), [doc.word_index_at(a), doc.word_index_at(b)]))
                    .collect();
                proptest::prop_assert_eq!(got, want);
            }
        }
    }

    #[test]
    fn unusual_words_are_the_words_beyond_common_latin() {
        let t = "“A café,” said the naïve résumé writer — plainly, in Zürich, don’t; Dvořák and Þórunn. \
                 But Москва, caf\u{435}, cafe\u{301}, peo\u{AD}ple and \u{3B1}-blocker are.";
        let doc = Document::parse(t, Format::Text);
        let w: Vec<&str> = doc.unusual_words().map(|w| doc.slice(&w.span())).collect();
        assert_eq!(
            w,
            [
                "Москва",
                "caf\u{435}",
                "cafe\u{301}",
                "peo\u{AD}ple",
                "\u{3B1}-blocker"
            ]
        );
        let doc = Document::parse("all ascii", Format::Text);
        assert_eq!(doc.unusual_words().count(), 0);
    }

    /// A word of ASCII and common Latin chars needs neither the script nor the normalization
    /// check: it is one script, and in NFC.
    #[test]
    fn common_latin_words_are_one_script_and_nfc() {
        use unicode_normalization::{is_nfc_quick, IsNormalized};
        use unicode_security::MixedScript;
        let common = (char::MIN..=char::MAX).filter(|&c| words::is_common_latin(c));
        let mut n = 0;
        for c in common {
            let word = format!("a{c}b\u{E9}{c}");
            assert!(word.is_single_script(), "{c:?}");
            assert_eq!(is_nfc_quick(word.chars()), IsNormalized::Yes, "{c:?}");
            n += 1;
        }
        assert_eq!(n, 0x24F - 0xC0 + 1 + 3);
    }

    #[test]
    fn questions_about_one_long_paragraph_split_it_at_most_twice() {
        let t = "“Quoted words here,” he said. ".repeat(1000);
        let doc = Document::parse(&t, Format::Text);
        for q in &doc.quotes {
            assert!(doc.sentence_at(q.span.start).is_some());
        }
        // The paragraph alone once, then all sentences once, not once per quotation.
        assert!(doc.split_alone.get() <= t.len());
        assert_eq!(doc.sentences.get().map(Vec::len), Some(1000));
    }

    #[test]
    fn crlf_paragraphs() {
        let doc = Document::parse("One.\r\n\r\nTwo.\r\n", Format::Text);
        let p: Vec<&str> = doc.paragraphs.iter().map(|r| doc.slice(r)).collect();
        assert_eq!(p, ["One.", "Two."]);
    }
}
