//! Word tokens.

use super::Word;
use std::ops::Range;

/// Whether `c` can be part of a word.
#[inline]
pub fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric()
    } else {
        c.is_alphanumeric() || is_combining(c)
    }
}

fn is_combining(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F)
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

pub(super) fn words(text: &str, paragraphs: &[Range<usize>]) -> Words {
    let mut out = Words::with_capacity(text.len() / 6);
    for p in paragraphs {
        scan(text, p.clone(), |span| out.push(span));
    }
    out
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
}

impl Words {
    fn with_capacity(n: usize) -> Words {
        Words {
            starts: Vec::with_capacity(n),
            lens: Vec::with_capacity(n),
            long: Vec::new(),
        }
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

    /// The start offsets and lengths (capped at `u8::MAX`) of all words, for loops that read
    /// every word and need no more.
    pub(crate) fn raw(&self) -> (&[u32], &[u8]) {
        (&self.starts, &self.lens)
    }

    /// The index of the first word starting at or after `offset`.
    #[inline]
    pub fn first_from(&self, offset: usize) -> usize {
        self.starts.partition_point(|&s| (s as usize) < offset)
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

/// How an ASCII byte takes part in a word.
#[derive(Clone, Copy, PartialEq)]
enum Class {
    Other,
    Word,
    Joiner,
    /// The lead or continuation byte of a multi-byte character.
    NonAscii,
}

static CLASS: [Class; 256] = {
    let mut t = [Class::NonAscii; 256];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        t[b] = if c.is_ascii_alphanumeric() {
            Class::Word
        } else if c == b'\'' || c == b'-' {
            Class::Joiner
        } else {
            Class::Other
        };
        b += 1;
    }
    t
};

/// The class and length of the char at `i`.
#[inline(always)]
fn class_at(text: &str, i: usize) -> (Class, usize) {
    match CLASS[text.as_bytes()[i] as usize] {
        Class::NonAscii => non_ascii_class(text, i),
        class => (class, 1),
    }
}

#[inline(never)]
fn non_ascii_class(text: &str, i: usize) -> (Class, usize) {
    let c = text[i..].chars().next().unwrap_or('\u{FFFD}');
    let class = if is_word_char(c) {
        Class::Word
    } else if is_joiner(c) {
        Class::Joiner
    } else {
        Class::Other
    };
    (class, c.len_utf8())
}

/// Calls `emit` with the span of every word in `range`.
pub fn scan(text: &str, range: Range<usize>, mut emit: impl FnMut(Range<usize>)) {
    let bytes = text.as_bytes();
    let end = range.end;
    let mut i = range.start;
    while i < end {
        // Between words: skip ASCII that cannot start one.
        match bytes[i..end]
            .iter()
            .position(|&b| matches!(CLASS[b as usize], Class::Word | Class::NonAscii))
        {
            Some(k) => i += k,
            None => break,
        }
        let (class, len) = class_at(text, i);
        if class != Class::Word {
            i += len;
            continue;
        }
        let start = i;
        i += len;
        // In a word: runs of ASCII letters and digits, then one char that may continue it.
        let word_end = loop {
            let run = bytes[i..end]
                .iter()
                .position(|&b| CLASS[b as usize] != Class::Word)
                .unwrap_or(end - i);
            i += run;
            if i >= end {
                break i;
            }
            let (class, len) = class_at(text, i);
            match class {
                Class::Word => {}
                // A joiner only counts when a word char follows it.
                Class::Joiner if i + len < end && class_at(text, i + len).0 == Class::Word => {}
                Class::Joiner => {
                    let e = i;
                    i += len;
                    break e;
                }
                _ => break i,
            }
            i += len;
        };
        emit(start..word_end);
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

    proptest::proptest! {
        #[test]
        fn scan_matches_the_definition(t in "[a-zA-Z0-9 '’\\-.,\u{AD}\u{200D}éß\u{301}—\n]{0,40}") {
            let mut got = Vec::new();
            super::scan(&t, 0..t.len(), |r| got.push(r));
            proptest::prop_assert_eq!(got, reference(&t));
        }
    }
}
