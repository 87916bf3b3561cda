//! The classes of [`classify`](super::classify) with AVX2, for the processors that have it: the
//! word scan is the hottest loop of a run, and a build for every x86-64 processor may use SSE2
//! only.

use super::BlockClasses;
use crate::cpu::Avx2;
use std::arch::x86_64::*;

impl Avx2 {
    /// [`classify`](super::classify), with AVX2.
    #[inline(always)]
    pub(crate) fn classify(self, block: &[u8; 64]) -> BlockClasses {
        // SAFETY: the token exists only where the processor has AVX2 (`detect`).
        unsafe { classify_avx2(block) }
    }
}

/// The bit of each class of punctuation and space in [`NIBBLE_TABLES`].
const MARK_2X: u8 = 1; // `! , .`
const MARK_3X: u8 = 2; // `: ; ?`
const JOINER: u8 = 4; // `' -`
const SPACE: u8 = 8;
const TAB: u8 = 16;
const QUOTE: u8 = 32; // `"`

/// Bytes of the classes [`classify_avx2`] finds by table look-ups, each with its bit.
const NIBBLE_CLASSES: [(u8, &[u8]); 6] = [
    (MARK_2X, b"!,."),
    (MARK_3X, b":;?"),
    (JOINER, b"'-"),
    (SPACE, b" "),
    (TAB, b"\t"),
    (QUOTE, b"\""),
];

/// Two tables of class bits, by a byte's low and high four bits: a byte is in a class when both
/// of its halves' entries have the class's bit. That holds for exactly the bytes listed only if
/// each class's bytes are every pair of their low and high halves (`! , .` share the high half 2
/// and `: ; ?` the 3, hence two bits for the marks, and a tab is not a space); a test checks all
/// 256 bytes.
const NIBBLE_TABLES: ([u8; 16], [u8; 16]) = {
    let (mut low, mut high) = ([0u8; 16], [0u8; 16]);
    let mut c = 0;
    while c < NIBBLE_CLASSES.len() {
        let (bit, bytes) = NIBBLE_CLASSES[c];
        let mut i = 0;
        while i < bytes.len() {
            low[(bytes[i] & 0x0F) as usize] |= bit;
            high[(bytes[i] >> 4) as usize] |= bit;
            i += 1;
        }
        c += 1;
    }
    (low, high)
};

/// [`classify`](super::classify) thirty-two bytes at a time, the punctuation and spaces by two table look-ups
/// (`vpshufb`) instead of a compare per byte value: about a third of the instructions.
#[target_feature(enable = "avx2")]
#[inline]
fn classify_avx2(block: &[u8; 64]) -> BlockClasses {
    let table = |t: [u8; 16]| {
        let mut both = [0u8; 32];
        both[..16].copy_from_slice(&t);
        both[16..].copy_from_slice(&t);
        // SAFETY: `both` is 32 bytes; the load needs no alignment.
        unsafe { _mm256_loadu_si256(both.as_ptr().cast()) }
    };
    let (low_table, high_table) = (table(NIBBLE_TABLES.0), table(NIBBLE_TABLES.1));
    let nibble = _mm256_set1_epi8(0x0F);
    let zero = _mm256_setzero_si256();
    let bits = |m: __m256i| u64::from(_mm256_movemask_epi8(m) as u32);
    // Lanes within `lo..=hi`: moved so that the range starts at -128, one signed compare.
    let in_range = |v: __m256i, lo: u8, hi: u8| {
        let moved = _mm256_add_epi8(v, _mm256_set1_epi8(0x80u8.wrapping_sub(lo) as i8));
        _mm256_cmpgt_epi8(_mm256_set1_epi8((hi - lo) as i8 - 127), moved)
    };
    let mut c = BlockClasses::default();
    for half in 0..2 {
        let shift = 32 * half;
        // SAFETY: bytes `shift..shift + 32` are inside the 64 of `block`.
        let v = unsafe { _mm256_loadu_si256(block.as_ptr().add(shift).cast()) };
        let classes = _mm256_and_si256(
            _mm256_shuffle_epi8(low_table, _mm256_and_si256(v, nibble)),
            _mm256_shuffle_epi8(
                high_table,
                _mm256_and_si256(_mm256_srli_epi16(v, 4), nibble),
            ),
        );
        let any = |bit: u8| {
            let none =
                _mm256_cmpeq_epi8(_mm256_and_si256(classes, _mm256_set1_epi8(bit as i8)), zero);
            !bits(none) & 0xFFFF_FFFF
        };
        let non_ascii = bits(v);
        let letters = bits(in_range(
            _mm256_or_si256(v, _mm256_set1_epi8(0x20)),
            b'a',
            b'z',
        ));
        let lower = bits(in_range(v, b'a', b'z'));
        let digits = bits(in_range(v, b'0', b'9'));
        // A signed compare: below 0x20, and 0x80 and up, which are taken out.
        let low = bits(_mm256_or_si256(
            _mm256_cmpgt_epi8(_mm256_set1_epi8(0x20), v),
            _mm256_cmpeq_epi8(v, _mm256_set1_epi8(0x7F)),
        )) & !non_ascii;
        c.non_ascii |= non_ascii << shift;
        c.lower |= lower << shift;
        c.upper |= (letters & !lower) << shift;
        c.alnum |= (letters | digits) << shift;
        c.low |= low << shift;
        c.marks |= any(MARK_2X | MARK_3X) << shift;
        c.joiners |= any(JOINER) << shift;
        c.spaces |= any(SPACE | TAB) << shift;
        c.quotes |= any(QUOTE) << shift;
    }
    c
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tables_give_each_class_exactly_its_bytes() {
        for x in 0..=255u8 {
            let got = NIBBLE_TABLES.0[usize::from(x & 0x0F)] & NIBBLE_TABLES.1[usize::from(x >> 4)];
            let want = NIBBLE_CLASSES
                .iter()
                .filter(|(_, bytes)| bytes.contains(&x))
                .fold(0, |m, (bit, _)| m | bit);
            assert_eq!(got, want, "{x:#04x}");
        }
    }

    #[test]
    fn the_classes_are_those_of_the_portable_classifier() {
        // Only a processor with AVX2 can run it; the scan uses it on no other.
        let Some(avx2) = Avx2::detect() else {
            return;
        };
        // Every byte value at every offset, among neighbours of every kind.
        for step in [1usize, 7, 37, 101, 255] {
            for seed in 0..256 {
                let block: [u8; 64] = std::array::from_fn(|i| ((seed + i * step) % 256) as u8);
                assert_eq!(
                    avx2.classify(&block),
                    super::super::classify(&block),
                    "{block:?}"
                );
            }
        }
    }
}
