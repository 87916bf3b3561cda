//! Word tokens.

use super::ascii::PunctPairs;
use super::NonAscii;
use super::Word;
use std::ops::Range;

/// Whether `c` can be part of a word.
#[inline]
pub fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric()
    } else if GENERAL_PUNCTUATION.contains(&c) {
        // Curly quotes and dashes, the commonest chars outside ASCII in news copy, without a
        // lookup in the Unicode tables.
        false
    } else if ('\u{C0}'..='\u{24F}').contains(&c) {
        // The accented letters of names (`José`, `Dvořák`): every char of Latin-1's upper half
        // and of Latin Extended-A and -B is a letter but the signs `×` and `÷`.
        !matches!(c, '×' | '÷')
    } else {
        c.is_alphanumeric() || is_combining(c)
    }
}

/// The Unicode block of curly quotes, dashes and spaces: none of it is a letter or digit.
const GENERAL_PUNCTUATION: std::ops::RangeInclusive<char> = '\u{2000}'..='\u{206F}';

fn is_combining(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F)
}

/// Latin-1 letters and Latin Extended-A and -B (`é`, `ü`, `ł`, `ș`), and the curly apostrophe and
/// the hyphens that join word parts: the chars outside ASCII that most words of English news hold
/// (names such as `José`, `Dvořák`, `Þórunn`). A word with no other char outside ASCII is one
/// script (Latin) and in Unicode NFC, so the script and normalization rules pass it over.
#[inline]
pub(crate) fn is_common_latin(c: char) -> bool {
    matches!(c, '\u{C0}'..='\u{24F}' | '’' | '\u{2010}' | '\u{2011}')
}

/// Characters that join two word parts into one word: apostrophes, hyphens, and the invisible
/// joiners some scripts need (a soft hyphen or joiner inside a word must not split it).
#[inline]
fn is_joiner(c: char) -> bool {
    matches!(
        c,
        '\'' | '’' | '-' | '\u{2010}' | '\u{2011}' | '\u{00AD}' | '\u{200C}' | '\u{200D}'
    )
}

#[inline]
pub(super) fn words(text: &str, paragraphs: &[Range<usize>]) -> Words {
    // News copy has a word for every six bytes or so: room for a few more, so that the lists
    // are seldom copied to grow.
    let mut out = Words::with_capacity(text.len() / 5 + 8);
    // Room for the quotation marks and the letters and digits after a mark (`U.S.`, `2,500`)
    // of most news copy, made once, so that the lists do not grow from a few entries, copied
    // at each step.
    out.quote_marks.reserve(text.len() / 128);
    out.punct.alnum_after_mark.reserve(text.len() / 256);
    // One scan from the first paragraph to the last: only blank lines lie between paragraphs,
    // and a word never crosses one, so this finds the same words as a scan per paragraph
    // without a partial block at the end of each.
    if let (Some(first), Some(last)) = (paragraphs.first(), paragraphs.last()) {
        out.base = first.start;
        out.blocks.reserve((last.end - first.start).div_ceil(BLOCK));
        scan(text, first.start..last.end, &mut out);
    }
    out
}

/// The bytes of text per entry of [`Words::blocks`]: the blocks [`scan`] reads.
const BLOCK: usize = 64;

/// What [`scan`] hands its words to. A closure takes each word's span and whether it has a char
/// outside ASCII other than [`is_common_latin`] ones.
pub trait WordSink {
    /// A word, and whether it has a char outside ASCII other than [`is_common_latin`] ones.
    fn word(&mut self, span: Range<usize>, unusual: bool);
    /// The words that begin and end inside the block at `base`, none of them unusual: bit `k`
    /// of `starts` for a word that starts at `base + k`, of `ends` for one that ends there; the
    /// two masks have as many bits, and the `n`th start goes with the `n`th end.
    fn block_words(&mut self, base: usize, starts: u64, ends: u64) {
        let (mut starts, mut ends) = (starts, ends);
        while starts != 0 {
            let (k, e) = (starts.trailing_zeros(), ends.trailing_zeros());
            starts &= starts - 1;
            ends &= ends - 1;
            self.word(base + k as usize..base + e as usize, false);
        }
    }
    /// The start of a block of [`BLOCK`] bytes, and whether a word begun in an earlier block
    /// goes on into it (it is handed out when it ends).
    fn block(&mut self, _open: bool) {}
    /// The punctuation pairs of the block at `base`, as bit masks (bit `k` for the byte at
    /// `base + k`): marks after a mark or a space, and letters and digits after a mark (see
    /// [`PunctPairs`]). Called only for blocks that have some.
    fn punct(&mut self, _base: usize, _after_mark_or_space: u64, _alnum_after_mark: u64) {}
    /// The second byte of each run of spaces and tabs in the block at `base`, as a bit mask.
    /// Called only for blocks that have some.
    fn double_spaces(&mut self, _base: usize, _mask: u64) {}
    /// The ASCII capitals right after an ASCII lowercase letter in the block at `base`, and its
    /// C0 controls (tab, line feed and carriage return aside) and DELs, as bit masks. Called
    /// only for blocks that have some.
    fn seams_and_controls(&mut self, _base: usize, _seams: u64, _controls: u64) {}
    /// The first byte of each quotation mark (`"`, `“`, `”`, `«`, `»`) in the block at
    /// `base`, as a bit mask. Called only for blocks that have some.
    fn quote_marks(&mut self, _base: usize, _mask: u64) {}
    /// A char outside ASCII, `c`, at `at` in `bytes` (the text).
    fn non_ascii(&mut self, _bytes: &[u8], _at: usize, _c: char) {}
}

impl<F: FnMut(Range<usize>, bool)> WordSink for F {
    fn word(&mut self, span: Range<usize>, unusual: bool) {
        self(span, unusual)
    }
}

impl WordSink for Words {
    #[inline]
    fn word(&mut self, span: Range<usize>, unusual: bool) {
        if unusual {
            self.unusual.push(self.starts.len() as u32);
        }
        self.push(span);
    }

    /// Appended with `extend` from a counted range, which keeps each list's length in a
    /// register: a `push` per word stores it and reads it back for the next.
    #[inline]
    fn block_words(&mut self, base: usize, starts: u64, ends: u64) {
        let n = ends.count_ones() as usize;
        let base = base as u32;
        let mut s = starts;
        self.starts.extend((0..n).map(|_| {
            let k = s.trailing_zeros();
            s &= s - 1;
            base + k
        }));
        // Words inside one block are shorter than 64 bytes: none is long.
        let (mut s, mut e) = (starts, ends);
        self.lens.extend((0..n).map(|_| {
            let len = e.trailing_zeros() - s.trailing_zeros();
            s &= s - 1;
            e &= e - 1;
            len as u8
        }));
    }

    #[inline]
    fn block(&mut self, open: bool) {
        self.blocks
            .push((self.starts.len() + usize::from(open)) as u32);
    }

    #[inline]
    fn punct(&mut self, base: usize, after_mark_or_space: u64, alnum_after_mark: u64) {
        push_bits(
            &mut self.punct.after_mark_or_space,
            base,
            after_mark_or_space,
        );
        push_bits(&mut self.punct.alnum_after_mark, base, alnum_after_mark);
    }

    #[inline]
    fn non_ascii(&mut self, bytes: &[u8], at: usize, c: char) {
        self.non_ascii.note(bytes, at, c);
    }

    #[inline]
    fn quote_marks(&mut self, base: usize, mask: u64) {
        push_bits(&mut self.quote_marks, base, mask);
    }

    #[inline]
    fn seams_and_controls(&mut self, base: usize, seams: u64, controls: u64) {
        push_bits(&mut self.punct.seams, base, seams);
        push_bits(&mut self.punct.controls, base, controls);
    }

    #[inline]
    fn double_spaces(&mut self, base: usize, mask: u64) {
        push_bits(&mut self.punct.double_space, base, mask);
    }
}

/// Appends to `list` the offset of each set bit of `mask` (bit `k` for the byte at `base + k`).
#[inline]
fn push_bits(list: &mut Vec<u32>, base: usize, mut mask: u64) {
    while mask != 0 {
        list.push((base + mask.trailing_zeros() as usize) as u32);
        mask &= mask - 1;
    }
}

/// The words of a document, in order, in five bytes each: a document holds one for every five
/// or six bytes of text, so on a large file this is the biggest thing after the text itself.
///
/// A word is its start offset and its length in a byte; the ends of the rare words of 255 bytes
/// or more are kept aside. [`Words::at`] and the iterators hand out [`Word`] values.
#[derive(Debug, Default)]
pub struct Words {
    starts: Vec<u32>,
    lens: Vec<u8>,
    /// `(index, end)` of each word of `u8::MAX` bytes or more, by index.
    long: Vec<(u32, u32)>,
    /// Indexes of the words with a char outside ASCII other than [`is_common_latin`] ones.
    unusual: Vec<u32>,
    /// Where the scan began (the first paragraph's start), and for each block of [`BLOCK`]
    /// bytes from there, how many words start before it: the word at an offset is then looked
    /// for among the few of its block, not in the whole list.
    base: usize,
    blocks: Vec<u32>,
    /// Where the punctuation rules look, noted by the same scan; the document takes it.
    punct: PunctPairs,
    /// The chars outside ASCII the encoding rules look at, noted as the scan decodes them; the
    /// document takes them.
    non_ascii: NonAscii,
    /// The offsets of the quotation marks, for the document's quotations to be found from.
    quote_marks: Vec<u32>,
}

impl Words {
    fn with_capacity(n: usize) -> Words {
        Words {
            starts: Vec::with_capacity(n),
            lens: Vec::with_capacity(n),
            long: Vec::new(),
            unusual: Vec::new(),
            base: 0,
            blocks: Vec::new(),
            punct: PunctPairs::default(),
            non_ascii: NonAscii::default(),
            quote_marks: Vec::new(),
        }
    }

    /// The offsets of the quotation marks the scan noted, in order, taken out.
    pub(crate) fn take_quote_marks(&mut self) -> Vec<u32> {
        std::mem::take(&mut self.quote_marks)
    }

    /// The chars outside ASCII the scan noted, taken out.
    pub(crate) fn take_non_ascii(&mut self) -> NonAscii {
        std::mem::take(&mut self.non_ascii)
    }

    /// The punctuation pairs the scan noted, taken out.
    pub(crate) fn take_punct(&mut self) -> PunctPairs {
        std::mem::take(&mut self.punct)
    }

    fn push(&mut self, span: Range<usize>) {
        let len = span.end - span.start;
        if len >= usize::from(u8::MAX) {
            self.long.push((self.starts.len() as u32, span.end as u32));
        }
        self.starts.push(span.start as u32);
        self.lens.push(len.min(usize::from(u8::MAX)) as u8);
    }

    /// Number of words.
    #[inline]
    pub fn len(&self) -> usize {
        self.starts.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.starts.is_empty()
    }

    /// Word `i`.
    ///
    /// # Panics
    /// If `i` is out of bounds.
    #[inline]
    pub fn at(&self, i: usize) -> Word {
        let start = self.starts[i];
        let len = self.lens[i];
        let end = if len < u8::MAX {
            start + u32::from(len)
        } else {
            self.long_end(i)
        };
        Word::new(start as usize, end as usize)
    }

    #[cold]
    #[inline(never)]
    fn long_end(&self, i: usize) -> u32 {
        let k = self.long.partition_point(|&(j, _)| (j as usize) < i);
        self.long[k].1
    }

    /// Word `i`, if there is one.
    #[inline]
    pub fn get(&self, i: usize) -> Option<Word> {
        (i < self.len()).then(|| self.at(i))
    }

    /// The last word.
    pub fn last(&self) -> Option<Word> {
        self.len().checked_sub(1).map(|i| self.at(i))
    }

    /// All words, in order.
    pub fn iter(&self) -> Iter<'_> {
        self.range(0..self.len())
    }

    /// Words `r.start` to `r.end` (exclusive), in order.
    ///
    /// # Panics
    /// If the range is out of bounds.
    pub fn range(&self, r: Range<usize>) -> Iter<'_> {
        assert!(
            r.start <= r.end && r.end <= self.len(),
            "word range out of bounds"
        );
        Iter {
            words: self,
            front: r.start,
            back: r.end,
        }
    }

    /// The index of the first word for which `pred` is false, when it is true for a prefix of
    /// the words and false for the rest (like [`slice::partition_point`]).
    pub fn partition_point(&self, mut pred: impl FnMut(Word) -> bool) -> usize {
        let (mut lo, mut hi) = (0, self.len());
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            if pred(self.at(mid)) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        lo
    }

    /// The indexes of the words with a char outside ASCII other than [`is_common_latin`] ones,
    /// in order.
    pub(crate) fn unusual(&self) -> &[u32] {
        &self.unusual
    }

    /// The start offsets and lengths (capped at `u8::MAX`) of all words, for loops that read
    /// every word and need no more.
    pub(crate) fn raw(&self) -> (&[u32], &[u8]) {
        (&self.starts, &self.lens)
    }

    /// Asks for the block count [`Words::first_from`] reads first for `offset` (a prefetch).
    #[inline]
    pub(crate) fn prefetch_block(&self, offset: usize) {
        if let Some(b) = offset.checked_sub(self.base).map(|rel| rel / BLOCK) {
            super::prefetch_item(&self.blocks, b);
        }
    }

    /// Asks for the word starts and lengths [`Words::first_from`] reads next for `offset`, by
    /// the block count [`Words::prefetch_block`] asked for (read here, so ask for it first).
    #[inline]
    pub(crate) fn prefetch_starts(&self, offset: usize) {
        let Some(b) = offset.checked_sub(self.base).map(|rel| rel / BLOCK) else {
            return;
        };
        if let Some(&lo) = self.blocks.get(b) {
            super::prefetch_item(&self.starts, lo as usize);
            super::prefetch_item(&self.lens, lo as usize);
        }
    }

    /// The index of the first word starting at or after `offset`.
    #[inline]
    pub fn first_from(&self, offset: usize) -> usize {
        let Some(b) = offset.checked_sub(self.base).map(|rel| rel / BLOCK) else {
            return 0;
        };
        let Some(&lo) = self.blocks.get(b) else {
            return self.len();
        };
        let lo = lo as usize;
        let hi = self.blocks.get(b + 1).map_or(self.len(), |&h| h as usize);
        lo + self.starts[lo..hi].partition_point(|&s| (s as usize) < offset)
    }
}

/// An iterator over [`Words`].
#[derive(Clone)]
pub struct Iter<'a> {
    words: &'a Words,
    front: usize,
    back: usize,
}

impl Iterator for Iter<'_> {
    type Item = Word;

    #[inline]
    fn next(&mut self) -> Option<Word> {
        (self.front < self.back).then(|| {
            self.front += 1;
            self.words.at(self.front - 1)
        })
    }

    #[inline]
    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = self.back - self.front;
        (n, Some(n))
    }
}

impl DoubleEndedIterator for Iter<'_> {
    #[inline]
    fn next_back(&mut self) -> Option<Word> {
        (self.front < self.back).then(|| {
            self.back -= 1;
            self.words.at(self.back)
        })
    }
}

impl ExactSizeIterator for Iter<'_> {}

/// Whether a word char starts at byte `i` (false before `end` and inside a char).
#[inline]
fn word_char_at(text: &str, i: usize, end: usize) -> bool {
    if i >= end {
        return false;
    }
    match text.as_bytes()[i] {
        b if b < 0x80 => b.is_ascii_alphanumeric(),
        b if b < 0xC0 => false,
        _ => text[i..].chars().next().is_some_and(is_word_char),
    }
}

/// Hands `out` the span of every word in `range`, and whether it has a char outside ASCII other
/// than [`is_common_latin`] ones.
///
/// The text is read 64 bytes at a time. Each block gets a bit mask of the bytes inside words:
/// ASCII letters and digits and the joiners between two word chars come from vector compares,
/// and only characters of two or more bytes are decoded one by one. Word starts and ends are
/// then the rising and falling edges of the mask, taken with `trailing_zeros`: no branch per
/// byte and none that depends on the length of a word. On a processor with AVX2 a second build
/// of the same code runs, which classifies 32 bytes per instruction and reads the masks with
/// BMI: about a tenth of a run's instructions fewer.
// Kept out of line: inlined into `Document::parse`, its code changed with unrelated edits to the
// crate, by up to 1% of a run's instructions either way.
#[inline(never)]
pub fn scan(text: &str, range: Range<usize>, out: &mut impl WordSink) {
    #[cfg(target_arch = "x86_64")]
    if let Some(avx2) = crate::cpu::Avx2::detect() {
        // SAFETY: the token exists only where the processor has these features.
        unsafe { scan_avx2(avx2, text, range, out) };
        return;
    }
    scan_blocks(text, range, out, super::ascii::classify);
}

/// [`scan`] built for processors with AVX2 and the bit-manipulation instructions that come with
/// it: the blocks are classified 32 bytes at a time, and the masks' bits are read with BMI.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2,bmi1,bmi2,lzcnt,popcnt")]
fn scan_avx2(avx2: crate::cpu::Avx2, text: &str, range: Range<usize>, out: &mut impl WordSink) {
    scan_blocks(text, range, out, |block| avx2.classify(block));
}

/// The body of [`scan`], with the classifier of 64-byte blocks the processor allows.
#[inline(always)]
fn scan_blocks(
    text: &str,
    range: Range<usize>,
    out: &mut impl WordSink,
    classify: impl Fn(&[u8; 64]) -> super::ascii::BlockClasses,
) {
    let end = range.end;
    let bytes = text.as_bytes();
    // Bits carried into the next block: its bytes inside word chars (`spill_word`) or inside
    // joiners (`spill_joiner`) that began in this one.
    let (mut spill_word, mut spill_joiner) = (0u64, 0u64);
    // Whether the byte before the block is a word char / inside a word.
    let (mut prev_word, mut prev_in) = (false, false);
    // Whether the byte before the block is a mark / a mark or a space.
    let (mut prev_mark, mut prev_mark_space) = (false, false);
    // Whether the byte before the block is a space or a tab / the second or later of a run.
    let (mut prev_space, mut prev_doubled) = (false, false);
    // Whether the byte before the block is an ASCII lowercase letter.
    let mut prev_lower = false;
    // The word not yet ended: its start, and whether it has a char outside ASCII so far.
    let mut open: Option<(usize, bool)> = None;
    let mut base = range.start;
    while base < end {
        out.block(open.is_some());
        let n = (end - base).min(64);
        // A whole block is read in place; the last one is copied and padded.
        let mut last = [0u8; 64];
        let block: &[u8; 64] = match bytes[base..].first_chunk() {
            Some(whole) if n == 64 => whole,
            _ => {
                last[..n].copy_from_slice(&bytes[base..base + n]);
                &last
            }
        };
        let classes = classify(block);
        let (stray, glued) = classes.punct_pairs(prev_mark, prev_mark_space);
        if stray | glued != 0 {
            out.punct(base, stray, glued);
        }
        // The second byte of each run of spaces: not the third and later ones (indentation and
        // aligned columns would otherwise note every space).
        let doubled = classes.spaces & (classes.spaces << 1 | u64::from(prev_space));
        let seconds = doubled & !(doubled << 1 | u64::from(prev_doubled));
        if seconds != 0 {
            out.double_spaces(base, seconds);
        }
        // A capital after a lowercase letter; bytes below 0x20 but the usual whitespace (the
        // padding of a last block is not text).
        let seams = classes.upper & (classes.lower << 1 | u64::from(prev_lower));
        prev_lower = classes.lower >> 63 == 1;
        let mut low = classes.low & if n < 64 { (1u64 << n) - 1 } else { u64::MAX };
        let mut controls = 0;
        while low != 0 {
            let k = low.trailing_zeros() as usize;
            low &= low - 1;
            if !matches!(block[k], b'\t' | b'\n' | b'\r') {
                controls |= 1 << k;
            }
        }
        if seams | controls != 0 {
            out.seams_and_controls(base, seams, controls);
        }
        prev_space = classes.spaces >> 63 == 1;
        prev_doubled = doubled >> 63 == 1;
        prev_mark = classes.marks >> 63 == 1;
        prev_mark_space = (classes.marks | classes.spaces) >> 63 == 1;
        // Word chars: ASCII ones from the masks, longer ones decoded.
        let mut word = classes.alnum | std::mem::take(&mut spill_word);
        let mut wide_joiners: u64 = 0;
        // Lead bytes of the chars that make a word unusual.
        let mut unusual: u64 = 0;
        let mut leads = if classes.non_ascii == 0 {
            0
        } else {
            super::ascii::leads(block)
        };
        // Quotation marks: straight ones from the mask, curly ones and guillemets as decoded.
        let mut quote_marks = classes.quotes;
        while leads != 0 {
            let k = leads.trailing_zeros() as usize;
            leads &= leads - 1;
            let c = text[base + k..].chars().next().unwrap_or(' ');
            out.non_ascii(bytes, base + k, c);
            if matches!(c, '“' | '”' | '«' | '»') {
                quote_marks |= 1 << k;
            }
            if !is_common_latin(c) {
                unusual |= 1 << k;
            }
            if is_word_char(c) {
                let run = ((1u128 << c.len_utf8()) - 1) << k;
                word |= run as u64;
                spill_word |= (run >> 64) as u64;
            } else if is_joiner(c) {
                wide_joiners |= 1 << k;
            }
        }
        if quote_marks != 0 {
            out.quote_marks(base, quote_marks);
        }
        // Whether a word char goes on at the byte right after the block.
        let next_word = if spill_word != 0 {
            spill_word & 1 == 1
        } else {
            word_char_at(text, base + 64, end)
        };
        let before = (word << 1) | u64::from(prev_word);
        let after = (word >> 1) | (u64::from(next_word) << 63);
        let mut inside =
            word | (classes.joiners & before & after) | std::mem::take(&mut spill_joiner);
        // Joiners of two or more bytes: judged by the chars on either side.
        while wide_joiners != 0 {
            let k = wide_joiners.trailing_zeros() as usize;
            wide_joiners &= wide_joiners - 1;
            let len = text[base + k..].chars().next().map_or(1, char::len_utf8);
            let after_ok = if k + len < 64 {
                word >> (k + len) & 1 == 1
            } else {
                word_char_at(text, base + k + len, end)
            };
            if before >> k & 1 == 1 && after_ok {
                let run = ((1u128 << len) - 1) << k;
                inside |= run as u64;
                spill_joiner |= (run >> 64) as u64;
            }
        }
        if n < 64 {
            inside &= (1u64 << n) - 1;
        }
        // Rising edges start words, falling edges end them; they alternate.
        let shifted = (inside << 1) | u64::from(prev_in);
        let mut starts = inside & !shifted;
        let mut ends = !inside & shifted;
        let has_unusual = |from: usize, to: usize| -> bool {
            // Unusual chars among bits from..to of this block (most blocks have none); every
            // char between a word's ends is part of it.
            unusual != 0 && {
                let hi = if to >= 64 { u64::MAX } else { (1u64 << to) - 1 };
                unusual & hi & !((1u64 << from) - 1) != 0
            }
        };
        if let Some((start, seen)) = open {
            if ends == 0 {
                open = Some((start, seen || has_unusual(0, 64)));
            } else {
                let k = ends.trailing_zeros() as usize;
                ends &= ends - 1;
                out.word(start..base + k, seen || has_unusual(0, k));
                open = None;
            }
        }
        if unusual == 0 {
            // The starts go with the ends in turn; a start after the last end opens a word.
            let last_open = (starts.leading_zeros() < ends.leading_zeros())
                .then(|| 63 - starts.leading_zeros() as usize);
            if let Some(top) = last_open {
                starts &= !(1 << top);
                open = Some((base + top, false));
            }
            if starts != 0 {
                out.block_words(base, starts, ends);
                starts = 0;
            }
        }
        while starts != 0 {
            let k = starts.trailing_zeros() as usize;
            starts &= starts - 1;
            if ends == 0 {
                open = Some((base + k, has_unusual(k, 64)));
                break;
            }
            let e = ends.trailing_zeros() as usize;
            ends &= ends - 1;
            out.word(base + k..base + e, has_unusual(k, e));
        }
        prev_word = word >> 63 == 1;
        prev_in = inside >> 63 == 1;
        base += 64;
    }
    if let Some((start, seen)) = open {
        out.word(start..end, seen);
    }
}

#[cfg(test)]
mod tests {
    use crate::document::{Document, Format};

    fn words(t: &str) -> Vec<&str> {
        let doc = Document::parse(t, Format::Text);
        doc.words.iter().map(|w| &t[w.span()]).collect()
    }

    #[test]
    fn accented_latin_letters_are_told_as_the_unicode_tables_tell_them() {
        for c in '\u{80}'..='\u{2FF}' {
            assert_eq!(
                super::is_word_char(c),
                c.is_alphanumeric() || super::is_combining(c),
                "{c:?} U+{:04X}",
                c as u32
            );
        }
    }

    #[test]
    fn general_punctuation_has_no_word_chars() {
        for c in super::GENERAL_PUNCTUATION {
            assert!(!c.is_alphanumeric() && !super::is_combining(c), "{c:?}");
        }
    }

    #[test]
    fn long_words_keep_their_end() {
        let long = "x".repeat(300);
        let edge = "y".repeat(255);
        let t = format!("a {long} b {edge} c{}", "z".repeat(254));
        let doc = Document::parse(&t, Format::Text);
        assert_eq!(
            words(&t),
            [
                "a",
                long.as_str(),
                "b",
                edge.as_str(),
                &format!("c{}", "z".repeat(254))
            ]
        );
        assert_eq!(doc.words.len(), 5);
        assert_eq!(doc.words.last().map(|w| w.end()), Some(t.len()));
        assert_eq!(
            doc.words.iter().rev().nth(3).map(|w| w.span()),
            Some(2..302)
        );
        assert_eq!(doc.words.get(5), None);
        assert_eq!(doc.words.partition_point(|w| w.end() <= 302), 2);
        assert_eq!(doc.words.first_from(3), 2);
    }

    #[test]
    fn joiners_stay_inside_words() {
        assert_eq!(
            words("Harris’s bye-bye don't"),
            ["Harris’s", "bye-bye", "don't"]
        );
        assert_eq!(
            words("peo\u{AD}ple 'quoted' end-"),
            ["peo\u{AD}ple", "quoted", "end"]
        );
        assert_eq!(words("U.S. 3.5 Þórunn"), ["U", "S", "3", "5", "Þórunn"]);
    }

    fn is_unusual(word: &str) -> bool {
        word.chars()
            .any(|c| !c.is_ascii() && !super::is_common_latin(c))
    }

    /// The definition, one char at a time: a word is a run of word chars, and a joiner between
    /// two word chars belongs to it.
    fn reference(t: &str) -> Vec<std::ops::Range<usize>> {
        use super::{is_joiner, is_word_char};
        let chars: Vec<(usize, char)> = t.char_indices().collect();
        let mut out = Vec::new();
        let mut k = 0;
        while k < chars.len() {
            if !is_word_char(chars[k].1) {
                k += 1;
                continue;
            }
            let start = chars[k].0;
            let mut j = k + 1;
            while j < chars.len() {
                if is_word_char(chars[j].1) {
                    j += 1;
                } else if is_joiner(chars[j].1)
                    && chars.get(j + 1).is_some_and(|c| is_word_char(c.1))
                {
                    j += 2;
                } else {
                    break;
                }
            }
            let end = chars.get(j).map_or(t.len(), |c| c.0);
            out.push(start..end);
            k = j;
        }
        out
    }

    #[test]
    fn punct_pairs_match_a_char_by_char_scan() {
        let is_mark = |c: u8| b".,;:!?".contains(&c);
        let mut samples: Vec<String> = vec![
            "Tuesday.Critics said . . it,, was 2019,said;and ok".to_string(),
            ".a".to_string(),
            "x".to_string(),
        ];
        for a in [".", ",", ":", " ", "\t", "a", "Z", "\n", "é"] {
            for c in [".", "?", "a", "Z", "7", " ", "[", "…"] {
                for at in 0..70 {
                    samples.push(format!("{}{a}{c}{}", "x".repeat(at), "x".repeat(70 - at)));
                }
            }
        }
        // Runs of spaces of every length, across the block boundaries.
        for run in 1..5 {
            for at in 56..70 {
                samples.push(format!(
                    "{}{}b{}",
                    "x".repeat(at),
                    " ".repeat(run),
                    "x".repeat(9)
                ));
                samples.push(format!("{}\t{}b", "x".repeat(at), " ".repeat(run)));
            }
        }
        for s in samples {
            let b = s.as_bytes();
            let whole = std::iter::once(0..s.len()).collect::<Vec<_>>();
            let mut w = super::words(&s, &whole);
            let got = w.take_punct();
            let stray: Vec<u32> = (1..b.len())
                .filter(|&i| {
                    is_mark(b[i]) && (is_mark(b[i - 1]) || b[i - 1] == b' ' || b[i - 1] == b'\t')
                })
                .map(|i| i as u32)
                .collect();
            let glued: Vec<u32> = (1..b.len())
                .filter(|&i| b[i].is_ascii_alphanumeric() && is_mark(b[i - 1]))
                .map(|i| i as u32)
                .collect();
            let space = |c: u8| c == b' ' || c == b'\t';
            let doubled: Vec<u32> = (1..b.len())
                .filter(|&i| space(b[i]) && space(b[i - 1]) && (i < 2 || !space(b[i - 2])))
                .map(|i| i as u32)
                .collect();
            assert_eq!(got.after_mark_or_space, stray, "{s:?}");
            assert_eq!(got.alnum_after_mark, glued, "{s:?}");
            assert_eq!(got.double_space, doubled, "{s:?}");
        }
    }

    #[test]
    fn words_cross_block_boundaries() {
        // Every kind of char around every offset near the 64-byte blocks the scan works in.
        let pieces = ["a", "-", "'", "’", "é", "\u{301}", "—", " ", "\u{AD}", "ab"];
        for pad in 58..70 {
            for x in pieces {
                for y in pieces {
                    for z in pieces {
                        let t = format!("{}{x}{y}{z}b c", "w".repeat(pad));
                        let mut got = Vec::new();
                        super::scan(&t, 0..t.len(), &mut |r: std::ops::Range<usize>, unusual| {
                            assert_eq!(unusual, is_unusual(&t[r.clone()]), "{t:?} {r:?}");
                            got.push(r);
                        });
                        assert_eq!(got, reference(&t), "{t:?}");
                        let mut got = Vec::new();
                        super::scan(&t, 3..t.len() - 2, &mut |r, _| got.push(r));
                        let want: Vec<_> = reference(&t[3..t.len() - 2])
                            .into_iter()
                            .map(|r| r.start + 3..r.end + 3)
                            .collect();
                        assert_eq!(got, want, "{t:?} in a range");
                    }
                }
            }
        }
    }

    #[test]
    fn a_block_full_of_one_letter_words() {
        // As many words as can end in a block, from every phase against the block boundary.
        for lead in 0..4 {
            let t = format!("{}{}", "x".repeat(lead), "a ".repeat(200));
            let doc = Document::parse(&t, Format::Text);
            let got: Vec<std::ops::Range<usize>> = doc.words.iter().map(|w| w.span()).collect();
            assert_eq!(got, reference(&t), "{lead}");
        }
    }

    #[test]
    fn words_of_any_length_from_any_offset() {
        // A word from every offset of a block, ending in it, at its end or in a later one, in
        // ASCII and with an unusual char at its start, inside or at its end, between others.
        for lead in 0..64 {
            for len in [1, 2, 3, 30, 62, 63, 64, 65, 66, 127, 128, 129, 300] {
                for odd in [None, Some(0), Some(len / 2), Some(len - 1)] {
                    let word: String = (0..len)
                        .map(|k| if Some(k) == odd { 'ж' } else { 'q' })
                        .collect();
                    let t = format!("{}{word} ab {word}.{word}", "a ".repeat(lead / 2));
                    let t = if lead % 2 == 1 { format!(" {t}") } else { t };
                    let mut got = Vec::new();
                    super::scan(&t, 0..t.len(), &mut |r: std::ops::Range<usize>, unusual| {
                        assert_eq!(unusual, is_unusual(&t[r.clone()]), "{t:?} {r:?}");
                        got.push(r);
                    });
                    let want = reference(&t);
                    assert_eq!(got, want, "{t:?}");
                    let doc = Document::parse(&t, Format::Text);
                    let spans: Vec<_> = doc.words.iter().map(|w| w.span()).collect();
                    assert_eq!(spans, want, "{t:?}");
                    let unusual: Vec<u32> = (0..want.len() as u32)
                        .filter(|&i| is_unusual(&t[want[i as usize].clone()]))
                        .collect();
                    assert_eq!(doc.words.unusual(), &unusual[..], "{t:?}");
                }
            }
        }
    }

    /// A call a scan makes of its sink.
    #[cfg(target_arch = "x86_64")]
    #[derive(Debug, PartialEq)]
    enum Call {
        Word(std::ops::Range<usize>, bool),
        BlockWords(usize, u64, u64),
        Block(bool),
        Punct(usize, u64, u64),
        DoubleSpaces(usize, u64),
        SeamsAndControls(usize, u64, u64),
        QuoteMarks(usize, u64),
        NonAscii(usize, char),
    }

    /// Every call of a scan, in order.
    #[cfg(target_arch = "x86_64")]
    #[derive(Default)]
    struct Calls(Vec<Call>);

    #[cfg(target_arch = "x86_64")]
    impl super::WordSink for Calls {
        fn word(&mut self, span: std::ops::Range<usize>, unusual: bool) {
            self.0.push(Call::Word(span, unusual));
        }
        fn block_words(&mut self, base: usize, starts: u64, ends: u64) {
            self.0.push(Call::BlockWords(base, starts, ends));
        }
        fn block(&mut self, open: bool) {
            self.0.push(Call::Block(open));
        }
        fn punct(&mut self, base: usize, stray: u64, glued: u64) {
            self.0.push(Call::Punct(base, stray, glued));
        }
        fn double_spaces(&mut self, base: usize, mask: u64) {
            self.0.push(Call::DoubleSpaces(base, mask));
        }
        fn seams_and_controls(&mut self, base: usize, seams: u64, controls: u64) {
            self.0.push(Call::SeamsAndControls(base, seams, controls));
        }
        fn quote_marks(&mut self, base: usize, mask: u64) {
            self.0.push(Call::QuoteMarks(base, mask));
        }
        fn non_ascii(&mut self, _bytes: &[u8], at: usize, c: char) {
            self.0.push(Call::NonAscii(at, c));
        }
    }

    proptest::proptest! {
        /// The scan built for AVX2 tells its sink what the portable one tells it, call for call.
        #[cfg(target_arch = "x86_64")]
        #[test]
        fn the_avx2_scan_is_the_portable_scan(
            t in "[a-zA-Z0-9 \\t'’\\-.,;:!?\"“”«»()/\u{AD}\u{200D}éжß\u{301}—\u{1}\u{7F}\\n\\r]{0,400}",
            from in 0usize..70,
        ) {
            let Some(avx2) = crate::cpu::Avx2::detect() else {
                return Ok(());
            };
            let from = (from.min(t.len())..=t.len()).find(|&i| t.is_char_boundary(i)).unwrap_or(0);
            let mut portable = Calls::default();
            super::scan_blocks(&t, from..t.len(), &mut portable, crate::document::ascii::classify);
            let mut wide = Calls::default();
            // SAFETY: the token says the processor has the features.
            unsafe { super::scan_avx2(avx2, &t, from..t.len(), &mut wide) };
            proptest::prop_assert!(!portable.0.is_empty() || t.len() == from);
            proptest::prop_assert_eq!(portable.0, wide.0);
        }
    }

    proptest::proptest! {
        #[test]
        fn document_words_are_the_words_of_each_paragraph(
            t in "[a-zA-Z '’\\-.\u{AD}\u{A0}\u{3000}éж\n\r\t#]{0,300}",
            markdown in proptest::bool::ANY,
        ) {
            let format = if markdown { Format::Markdown } else { Format::Text };
            let doc = Document::parse(&t, format);
            let got: Vec<std::ops::Range<usize>> = doc.words.iter().map(|w| w.span()).collect();
            let want: Vec<std::ops::Range<usize>> = doc
                .paragraphs
                .iter()
                .flat_map(|p| {
                    reference(&t[p.clone()])
                        .into_iter()
                        .map(move |r| r.start + p.start..r.end + p.start)
                })
                .collect();
            proptest::prop_assert_eq!(&got, &want);
            // The words with a char outside ASCII other than common Latin letters (`ж`).
            let unusual: Vec<u32> = (0..want.len() as u32)
                .filter(|&i| is_unusual(&t[want[i as usize].clone()]))
                .collect();
            proptest::prop_assert_eq!(doc.words.unusual(), &unusual[..]);
        }

        #[test]
        fn first_from_counts_the_words_before_any_offset(
            t in "[a-z '’\\-.é\n]{0,400}",
            lead in "[ \n]{0,70}",
        ) {
            // Words across and along block edges, after leading blank lines of any length.
            let t = format!("{lead}{t}");
            let doc = Document::parse(&t, Format::Text);
            let starts: Vec<usize> = doc.words.iter().map(|w| w.start()).collect();
            for offset in 0..t.len() + 70 {
                proptest::prop_assert_eq!(
                    doc.words.first_from(offset),
                    starts.partition_point(|&s| s < offset),
                    "{}", offset
                );
            }
        }

        #[test]
        fn scan_matches_the_definition(t in "[a-zA-Z0-9 '’\\-.,\u{AD}\u{200D}éß\u{301}—\n]{0,300}") {
            let mut got = Vec::new();
            super::scan(&t, 0..t.len(), &mut |r: std::ops::Range<usize>, unusual| {
                assert_eq!(unusual, is_unusual(&t[r.clone()]));
                got.push(r);
            });
            proptest::prop_assert_eq!(got, reference(&t));
        }
    }
}
