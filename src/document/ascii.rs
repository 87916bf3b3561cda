//! Byte-level helpers that look at sixteen bytes at a time with vector instructions (through
//! `wide`, which uses SSE2 on x86-64, NEON on ARM and plain code elsewhere), and the word scan's
//! classifier for AVX2 (`avx2`), chosen while running.
//!
//! Most bytes of news copy are ASCII letters and spaces that no rule cares about; these helpers
//! find the few that matter without a branch per byte.

use wide::u8x16;

#[cfg(target_arch = "x86_64")]
mod avx2;

/// Sixteen bytes at `i` as a vector.
#[inline]
fn load(b: &[u8], i: usize) -> u8x16 {
    let mut a = [0u8; 16];
    a.copy_from_slice(&b[i..i + 16]);
    u8x16::from(a)
}

/// Lanes of `v` equal to `x`, as all-ones lanes.
#[inline]
pub(crate) fn eq(v: u8x16, x: u8) -> u8x16 {
    v.simd_eq(u8x16::splat(x))
}

/// Lanes of `v` within `lo..=hi`, as all-ones lanes.
#[inline]
pub(crate) fn in_range(v: u8x16, lo: u8, hi: u8) -> u8x16 {
    v.max(u8x16::splat(lo)).min(u8x16::splat(hi)).simd_eq(v)
}

/// One bit per lane: bit `k` is set when lane `k` of `m` is.
#[inline]
fn bits(m: u8x16) -> u64 {
    u64::from(m.to_bitmask())
}

/// Where the run of ASCII letters that ends at `end` starts (`end` itself if there is none): the
/// start of the word before a space, a comma or a full stop.
#[inline]
pub(crate) fn letters_before(b: &[u8], end: usize) -> usize {
    b[..end]
        .iter()
        .rposition(|c| !c.is_ascii_alphabetic())
        .map_or(0, |k| k + 1)
}

/// The offset of the first byte ≥ 0x80 at or after `i`.
#[inline]
pub(crate) fn next_non_ascii(b: &[u8], mut i: usize) -> Option<usize> {
    while i + 16 <= b.len() {
        // The top bit of each byte is its lane's mask bit already.
        let m = load(b, i).to_bitmask();
        if m != 0 {
            return Some(i + m.trailing_zeros() as usize);
        }
        i += 16;
    }
    b.get(i..)?.iter().position(|&x| x >= 0x80).map(|k| i + k)
}

/// The offset of every byte of `b` that `select` marks, in order. `select` gets sixteen bytes at
/// a time and the sixteen bytes one before them (`prev`: the byte before each lane), and returns
/// the lanes it wants. Before the first byte and after the last, the bytes are `pad`, which
/// `select` must not mark. `maybe` is a cheaper test of sixteen bytes alone that marks every lane
/// `select` may mark (and more, if it likes; only the top bit of each lane counts): a block of 64
/// bytes where it marks none is passed over without `select`.
pub(crate) fn selected_bytes<'b>(
    b: &'b [u8],
    pad: u8,
    maybe: impl Fn(u8x16) -> u8x16 + 'b,
    mut select: impl FnMut(u8x16, u8x16) -> u8x16 + 'b,
) -> impl Iterator<Item = usize> + 'b {
    let mut next = 0;
    set_bits(move || {
        // Whole vectors while they last (the first and the last padded), then none; four at
        // a time where the text allows, for one branch per 64 bytes of plain text.
        if next >= b.len() {
            return None;
        }
        let base = next;
        if next >= 1 && next + 64 <= b.len() {
            next += 64;
            // Not `array::map`, which the compiler left as a call that copies.
            let v = [
                load(b, base),
                load(b, base + 16),
                load(b, base + 32),
                load(b, base + 48),
            ];
            if (maybe(v[0]) | maybe(v[1]) | maybe(v[2]) | maybe(v[3])).to_bitmask() == 0 {
                return Some((base, 0));
            }
            let mask = (0..4).fold(0, |m, k| {
                m | bits(select(v[k], load(b, base + 16 * k - 1))) << (16 * k)
            });
            return Some((base, mask));
        }
        let (cur, prev) = if next >= 1 && next + 16 <= b.len() {
            (load(b, next), load(b, next - 1))
        } else {
            // `window[j]` is byte `next - 1 + j`, or `pad` outside the text.
            let mut window = [pad; 17];
            for (j, slot) in window.iter_mut().enumerate() {
                if let Some(&x) = (next + j).checked_sub(1).and_then(|k| b.get(k)) {
                    *slot = x;
                }
            }
            let cur: [u8; 16] = window[1..].try_into().expect("sixteen bytes");
            let prev: [u8; 16] = window[..16].try_into().expect("sixteen bytes");
            (u8x16::from(cur), u8x16::from(prev))
        };
        next += 16;
        Some((base, bits(select(cur, prev))))
    })
}

/// The offset of every line feed and carriage return in `b`, in order: each 64 bytes are
/// tested at once and the set bits read off, with no call per line (on lines of about a hundred
/// bytes, a `memchr2` search from each line end to the next spends more on its calls than on
/// the bytes).
pub(crate) fn line_breaks(b: &[u8]) -> impl Iterator<Item = usize> + '_ {
    let mut next = 0;
    let breaks = |v: u8x16| bits(eq(v, b'\n') | eq(v, b'\r'));
    set_bits(move || {
        if next >= b.len() {
            return None;
        }
        let base = next;
        next += 64;
        let mask = match b[base..].first_chunk::<64>() {
            Some(block) => (0..4).fold(0, |m, k| m | breaks(load(block, 16 * k)) << (16 * k)),
            None => {
                // The last block, padded with bytes that are neither.
                let mut last = [0u8; 64];
                last[..b.len() - base].copy_from_slice(&b[base..]);
                (0..4).fold(0, |m, k| m | breaks(load(&last, 16 * k)) << (16 * k))
            }
        };
        Some((base, mask))
    })
}

/// The offset of every C0 control other than tab, line feed and carriage return, and of every
/// DEL, in `b`, in order. A block of 64 bytes
/// is first asked only whether it has a byte below 0x20 or DEL, three operations per sixteen
/// bytes; most blocks of copy have none, and the few that do (a line feed is enough) are then
/// tested exactly.
pub(crate) fn control_bytes(b: &[u8]) -> impl Iterator<Item = usize> + '_ {
    let low = |v: u8x16| v.min(u8x16::splat(0x1F)).simd_eq(v) | eq(v, 0x7F);
    selected_bytes(b, b' ', low, move |v, _| {
        low(v) & !(eq(v, b'\t') | eq(v, b'\n') | eq(v, b'\r'))
    })
}

/// The offsets of the set bits of the masks `block` returns, in order: it gives the offset of a
/// block of text and the mask of its bytes (bit `k` for the byte at offset + `k`), or `None`
/// at the end.
#[inline]
fn set_bits(mut block: impl FnMut() -> Option<(usize, u64)>) -> impl Iterator<Item = usize> {
    let (mut base, mut pending) = (0, 0u64);
    std::iter::from_fn(move || loop {
        if pending != 0 {
            let k = pending.trailing_zeros() as usize;
            pending &= pending - 1;
            return Some(base + k);
        }
        (base, pending) = block()?;
    })
}

/// The offset of every byte of `b` that `then` marks right after a byte that `first` marks, in
/// order (never offset 0). Each test runs once per byte, 64 bytes at a time, and the pairs come
/// from shifting the mask of `first` by one: half the compares of [`selected_bytes`] with a test
/// of the byte before. `then` must not mark `pad`, which fills the last block.
pub(crate) fn byte_pairs<'b>(
    b: &'b [u8],
    pad: u8,
    first: impl Fn(u8x16) -> u8x16 + 'b,
    then: impl Fn(u8x16) -> u8x16 + 'b,
) -> impl Iterator<Item = usize> + 'b {
    let mut next = 0;
    // Whether `first` marks the last byte of the block before.
    let mut carry = 0u64;
    set_bits(move || {
        if next >= b.len() {
            return None;
        }
        let masks = |block: &[u8; 64]| {
            (0..4).fold((0u64, 0u64), |(f, t), k| {
                let v = load(block, 16 * k);
                (
                    f | bits(first(v)) << (16 * k),
                    t | bits(then(v)) << (16 * k),
                )
            })
        };
        let (f, t) = match b[next..].first_chunk() {
            Some(whole) => masks(whole),
            None => {
                let mut last = [pad; 64];
                last[..b.len() - next].copy_from_slice(&b[next..]);
                masks(&last)
            }
        };
        let picked = t & (f << 1 | carry);
        carry = f >> 63;
        next += 64;
        Some((next - 64, picked))
    })
}

/// The two kinds of punctuation pairs the punctuation rules start from, noted by the scan that
/// finds the words (see [`crate::document::words::scan`]).
#[derive(Debug, Default)]
pub(crate) struct PunctPairs {
    /// Every mark (`. , ; : ! ?`) right after a mark, a space or a tab: where stray punctuation
    /// can be (`. .`, `,,`, ` .`).
    pub after_mark_or_space: Vec<u32>,
    /// Every ASCII letter or digit right after a mark: where a space can be missing
    /// (`Tuesday.Critics`) and where numbers are grouped (`1.500.000`).
    pub alnum_after_mark: Vec<u32>,
    /// The second byte of every run of spaces and tabs (`drew  thousands`): where two spaces
    /// can stand for a dropped word.
    pub double_space: Vec<u32>,
    /// Every ASCII capital right after an ASCII lowercase letter (`dC` in `closedCity`):
    /// where two words can have run together.
    pub seams: Vec<u32>,
    /// Every C0 control but tab, line feed and carriage return, and every DEL.
    pub controls: Vec<u32>,
}

/// Bit masks of one block of 64 bytes: bit `k` stands for byte `k`.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub(crate) struct BlockClasses {
    /// ASCII letters and digits.
    pub alnum: u64,
    /// Apostrophes and hyphens.
    pub joiners: u64,
    /// Bytes of characters of two or more bytes (0x80 and up): each lane's top bit, without a
    /// compare.
    pub non_ascii: u64,
    /// The marks `. , ; : ! ?`.
    pub marks: u64,
    /// Spaces and tabs.
    pub spaces: u64,
    /// ASCII lowercase letters; with `alnum`, digits and capitals are told apart.
    pub lower: u64,
    /// ASCII capitals.
    pub upper: u64,
    /// Bytes below 0x20 (line feeds and tabs among them) and DEL.
    pub low: u64,
    /// Straight double quotes.
    pub quotes: u64,
}

impl BlockClasses {
    /// The pairs the punctuation rules look at, given the block before's last byte: whether it
    /// was a mark, and whether it was a mark or a space. Returns marks after a mark or a space,
    /// and letters and digits after a mark.
    #[inline]
    pub(crate) fn punct_pairs(&self, mark_before: bool, mark_or_space_before: bool) -> (u64, u64) {
        let mark_space = self.marks | self.spaces;
        (
            self.marks & (mark_space << 1 | u64::from(mark_or_space_before)),
            self.alnum & (self.marks << 1 | u64::from(mark_before)),
        )
    }
}

/// Classifies the 64 bytes of `block`, sixteen at a time.
#[inline]
pub(crate) fn classify(block: &[u8; 64]) -> BlockClasses {
    let mut c = BlockClasses::default();
    for k in 0..4 {
        let v = load(block, 16 * k);
        let letters = bits(in_range(v | u8x16::splat(0x20), b'a', b'z'));
        let lower = bits(in_range(v, b'a', b'z'));
        c.lower |= lower << (16 * k);
        c.upper |= (letters & !lower) << (16 * k);
        c.low |= bits(v.min(u8x16::splat(0x1F)).simd_eq(v) | eq(v, 0x7F)) << (16 * k);
        c.alnum |= (bits(in_range(v, b'0', b'9')) | letters) << (16 * k);
        c.joiners |= bits(eq(v, b'\'') | eq(v, b'-')) << (16 * k);
        c.non_ascii |= bits(v) << (16 * k);
        let marks =
            eq(v, b'.') | eq(v, b',') | eq(v, b';') | eq(v, b':') | eq(v, b'!') | eq(v, b'?');
        c.marks |= bits(marks) << (16 * k);
        c.spaces |= bits(eq(v, b' ') | eq(v, b'\t')) << (16 * k);
        c.quotes |= bits(eq(v, b'"')) << (16 * k);
    }
    c
}

/// The first bytes (0xC0 and up) of the characters of two or more bytes in `block`; asked only
/// of the blocks that have such characters.
#[inline]
pub(crate) fn leads(block: &[u8; 64]) -> u64 {
    (0..4).fold(0, |m, k| {
        m | bits(in_range(load(block, 16 * k), 0xC0, 0xFF)) << (16 * k)
    })
}

/// The offset of every ASCII capital that directly follows an ASCII lowercase letter (`dC` in
/// `closedCity`), in order: in prose they are rare. (The word scan notes them as it
/// goes; this is its definition.)
#[cfg(test)]
pub(crate) fn lower_upper_seams(b: &[u8]) -> impl Iterator<Item = usize> + '_ {
    byte_pairs(
        b,
        b' ',
        |v| in_range(v, b'a', b'z'),
        |v| in_range(v, b'A', b'Z'),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn is_control(x: u8) -> bool {
        (x < 0x20 && !matches!(x, b'\t' | b'\n' | b'\r')) || x == 0x7F
    }

    #[test]
    fn line_breaks_match_a_byte_by_byte_scan() {
        for len in [0, 1, 15, 16, 63, 64, 65, 127, 128, 130, 200] {
            for at in [0, 1, 15, 16, 31, 47, 62, 63, 64, 65, 127, 128, 129] {
                for x in [b'\n', b'\r', 0x0B, 0x8A, 0x8D] {
                    let mut v = b"The council met on Monday.\tIt voted\r\n".repeat(6);
                    v.truncate(len);
                    if let Some(slot) = v.get_mut(at) {
                        *slot = x;
                    }
                    let naive: Vec<usize> = (0..v.len())
                        .filter(|&i| matches!(v[i], b'\n' | b'\r'))
                        .collect();
                    assert_eq!(line_breaks(&v).collect::<Vec<_>>(), naive, "{v:?}");
                }
            }
        }
    }

    #[test]
    fn control_bytes_match_a_byte_by_byte_scan() {
        let mut all: Vec<Vec<u8>> = vec![Vec::new(), b"\x01".to_vec(), b"plain text\n".to_vec()];
        // Every byte value at every offset around the 64-byte blocks, in texts of lengths that
        // end inside and at the end of a block.
        for len in [63, 64, 65, 130] {
            for x in 0..=255u8 {
                for at in [0, 1, 15, 16, 31, 47, 62, 63] {
                    let mut v = b"The council met on Monday.\tIt voted\r\n".repeat(4);
                    v.truncate(len);
                    if let Some(slot) = v.get_mut(at) {
                        *slot = x;
                    }
                    all.push(v);
                }
            }
        }
        for s in all {
            let naive: Vec<usize> = (0..s.len()).filter(|&i| is_control(s[i])).collect();
            assert_eq!(control_bytes(&s).collect::<Vec<_>>(), naive, "{s:?}");
        }
    }

    #[test]
    fn seams_match_a_byte_by_byte_scan() {
        let samples: [&[u8]; 6] = [
            b"closedCity officials aB",
            b"abcdefgHijklmnoPqrstuvwXyZaBcDeF",
            b"\xc3\xa9A aZ\xffB zA",
            b"",
            b"aB",
            b"ALL CAPS and lower, McDonald iPhone",
        ];
        let mut all: Vec<Vec<u8>> = samples.iter().map(|s| s.to_vec()).collect();
        // Every pair of interesting bytes at every offset around the chunk boundaries.
        for a in [
            b'a', b'z', b'A', b'Z', b'`', b'{', b'@', b'[', 0xC3, 0xE1, 0xFF,
        ] {
            for c in [
                b'a', b'z', b'A', b'Z', b'`', b'{', b'@', b'[', 0xC3, 0xE1, 0xFF,
            ] {
                for at in 0..18 {
                    let mut v = vec![b'.'; 20];
                    v[at] = a;
                    v[at + 1] = c;
                    all.push(v);
                }
            }
        }
        for s in all {
            let want: Vec<usize> = (1..s.len())
                .filter(|&i| s[i - 1].is_ascii_lowercase() && s[i].is_ascii_uppercase())
                .collect();
            assert_eq!(lower_upper_seams(&s).collect::<Vec<_>>(), want, "{s:?}");
        }
    }

    /// A class's name, its mask of a block, and what it should hold.
    type ClassCheck = (&'static str, u64, fn(u8) -> bool);

    #[test]
    fn block_masks_match_a_byte_by_byte_classification() {
        let mut block = [0u8; 64];
        for first in 0..=255u8 {
            for (k, b) in block.iter_mut().enumerate() {
                *b = first.wrapping_add((k as u8).wrapping_mul(37));
            }
            let c = classify(&block);
            let classes: [ClassCheck; 5] = [
                ("alnum", c.alnum, |b| b.is_ascii_alphanumeric()),
                ("joiners", c.joiners, |b| b == b'\'' || b == b'-'),
                ("non_ascii", c.non_ascii, |b| b >= 0x80),
                ("marks", c.marks, |b| b".,;:!?".contains(&b)),
                ("spaces", c.spaces, |b| b == b' ' || b == b'\t'),
            ];
            for (k, &b) in block.iter().enumerate() {
                for (name, mask, want) in classes {
                    assert_eq!(mask >> k & 1 == 1, want(b), "{name}: {b:#x} at {k}");
                }
                assert_eq!(leads(&block) >> k & 1 == 1, b >= 0xC0, "{b:#x} at {k}");
            }
        }
    }

    #[test]
    fn selected_bytes_match_a_byte_by_byte_scan() {
        let text: Vec<u8> = (0..=255u8)
            .chain(b"tail\n\x01x .. , ,yx".iter().copied())
            .collect();
        for start in 0..18 {
            for end in [
                text.len(),
                text.len() - 1,
                text.len() - 9,
                start + 17,
                start + 1,
                start,
            ] {
                let b = &text[start..end.max(start)];
                // A byte below a space or C2, or an `x` right after a `y` or a dot.
                // `maybe` ignores the byte before, so some blocks it lets through have none.
                let maybe = |cur| in_range(cur, 0, 0x1F) | eq(cur, 0xC2) | eq(cur, b'x');
                let got: Vec<usize> = selected_bytes(b, b' ', maybe, |cur, prev| {
                    in_range(cur, 0, 0x1F)
                        | eq(cur, 0xC2)
                        | eq(cur, b'x') & (eq(prev, b'y') | eq(prev, b'.'))
                })
                .collect();
                let want: Vec<usize> = (0..b.len())
                    .filter(|&i| {
                        b[i] < 0x20
                            || b[i] == 0xC2
                            || b[i] == b'x' && i > 0 && matches!(b[i - 1], b'y' | b'.')
                    })
                    .collect();
                assert_eq!(got, want, "{start}..{end}");
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn selected_bytes_match_at_any_length_and_alignment(
            b in proptest::collection::vec(proptest::sample::select(&b"xy. a\x01\xC2"[..]), 0..300),
        ) {
            let maybe = |cur| eq(cur, 0xC2) | eq(cur, b'x');
            let got: Vec<usize> = selected_bytes(&b, b' ', maybe, |cur, prev| {
                eq(cur, 0xC2) | eq(cur, b'x') & (eq(prev, b'y') | eq(prev, b'.'))
            })
            .collect();
            let want: Vec<usize> = (0..b.len())
                .filter(|&i| b[i] == 0xC2 || b[i] == b'x' && i > 0 && matches!(b[i - 1], b'y' | b'.'))
                .collect();
            proptest::prop_assert_eq!(got, want);
        }
    }

    proptest::proptest! {
        #[test]
        fn byte_pairs_match_at_any_length_and_alignment(
            b in proptest::collection::vec(proptest::sample::select(&b"xy. a\x01\xC2"[..]), 0..300),
        ) {
            // An `x` or C2 right after a `y` or a dot.
            let got: Vec<usize> = byte_pairs(
                &b,
                b' ',
                |v| eq(v, b'y') | eq(v, b'.'),
                |v| eq(v, b'x') | eq(v, 0xC2),
            )
            .collect();
            let want: Vec<usize> = (1..b.len())
                .filter(|&i| matches!(b[i], b'x' | 0xC2) && matches!(b[i - 1], b'y' | b'.'))
                .collect();
            proptest::prop_assert_eq!(got, want);
        }
    }

    #[test]
    fn next_non_ascii_finds_the_first() {
        let t = "plain ascii text, then é and ü".as_bytes();
        assert_eq!(next_non_ascii(t, 0), Some(23));
        assert_eq!(next_non_ascii(t, 25), Some(30));
        assert_eq!(next_non_ascii(b"only ascii here", 0), None);
        assert_eq!(next_non_ascii(b"", 0), None);
    }

    #[test]
    fn byte_tests_are_exact() {
        for x in 0..=255u8 {
            for lane in 0..16 {
                let mut a = [b'a'; 16];
                a[lane] = x;
                let v = u8x16::from(a);
                let bit = |yes: bool| if yes { 1u64 << lane } else { 0 };
                let others = |m: u8x16| bits(m) & !(1u64 << lane);
                assert_eq!(bits(eq(v, 0xC2)), bit(x == 0xC2), "{x:#x}");
                assert_eq!(bits(in_range(v, 0, 0x1F)), bit(x < 0x20), "{x:#x}");
                assert_eq!(bits(in_range(v, 0xC0, 0xFF)), bit(x >= 0xC0), "{x:#x}");
                let letters = in_range(v, b'b', b'y');
                assert_eq!(
                    bits(letters) >> lane & 1,
                    u64::from((b'b'..=b'y').contains(&x))
                );
                assert_eq!(others(letters), 0);
            }
        }
    }
}
