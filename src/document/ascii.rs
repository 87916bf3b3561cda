//! Byte-level helpers for skipping ASCII text eight bytes at a time.

/// Eight bytes at `i` as one little-endian word.
#[inline]
pub(crate) fn word_at(b: &[u8], i: usize) -> u64 {
    let mut w = [0u8; 8];
    w.copy_from_slice(&b[i..i + 8]);
    u64::from_le_bytes(w)
}

const LO: u64 = 0x0101_0101_0101_0101;
const HI: u64 = 0x8080_8080_8080_8080;

/// The offset of the first byte ≥ 0x80 at or after `i`.
#[inline]
pub(crate) fn next_non_ascii(b: &[u8], mut i: usize) -> Option<usize> {
    while i + 8 <= b.len() && word_at(b, i) & HI == 0 {
        i += 8;
    }
    b.get(i..)?.iter().position(|&x| x >= 0x80).map(|k| i + k)
}

/// The high bit of each byte of `w` that is ASCII and within `lo..=hi` (1 ≤ lo ≤ hi < 128).
#[inline]
fn in_range(w: u64, lo: u8, hi: u8) -> u64 {
    // With the high bits cleared, adding up to 0x7F per byte never carries into the next byte.
    let low7 = w & !HI;
    let ge_lo = low7.wrapping_add(LO * u64::from(0x80 - lo));
    let gt_hi = low7.wrapping_add(LO * u64::from(0x80 - (hi + 1)));
    ge_lo & !gt_hi & !w & HI
}

/// The high bit of each byte of `w` packed into eight bits: bit `k` is the high bit of byte `k`.
#[inline]
pub(crate) fn movemask(w: u64) -> u64 {
    // Each high bit, moved to the bottom of its byte, lands on a distinct bit of the top byte
    // of the product.
    ((w & HI) >> 7).wrapping_mul(0x0102_0408_1020_4080) >> 56
}

/// The high bit of each byte of `w` that equals `b`; exact, as no addition carries between bytes.
#[inline]
pub(crate) fn eq_bytes(w: u64, b: u8) -> u64 {
    let t = w ^ (LO * u64::from(b));
    !((t & !HI).wrapping_add(!HI) | t) & HI
}

/// The high bit of each byte of `w` below 0x20 (the C0 controls); exact.
#[inline]
pub(crate) fn below_space(w: u64) -> u64 {
    // With the high bits cleared, adding 0x60 sets a byte's high bit exactly when it is ≥ 0x20.
    !((w & !HI).wrapping_add(LO * 0x60)) & !w & HI
}

/// The offset of every byte of `b` that `select` marks: `select` gets eight bytes at a time, in
/// order, as a little-endian word and returns the high bit of each byte it wants. The last few
/// bytes are padded with `pad`, which `select` must not mark.
pub(crate) fn selected_bytes<'b>(
    b: &'b [u8],
    pad: u8,
    mut select: impl FnMut(u64) -> u64 + 'b,
) -> impl Iterator<Item = usize> + 'b {
    let mut next = 0;
    let mut base = 0;
    let mut pending = 0u64;
    std::iter::from_fn(move || loop {
        if pending != 0 {
            let k = pending.trailing_zeros() as usize / 8;
            pending &= pending - 1;
            return Some(base + k);
        }
        // Whole words while they last, then the tail, padded.
        let w = if next + 8 <= b.len() {
            word_at(b, next)
        } else if next < b.len() {
            let mut chunk = [pad; 8];
            chunk[..b.len() - next].copy_from_slice(&b[next..]);
            u64::from_le_bytes(chunk)
        } else {
            return None;
        };
        pending = select(w) & HI;
        base = next;
        next += 8;
    })
}

/// Bit masks of one block of 64 bytes: bit `k` stands for byte `k`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct BlockClasses {
    /// ASCII letters and digits.
    pub alnum: u64,
    /// Apostrophes and hyphens.
    pub joiners: u64,
    /// First bytes of characters of two or more bytes.
    pub leads: u64,
}

/// Classifies the 64 bytes of `block`, eight at a time.
#[inline]
pub(crate) fn classify(block: &[u8; 64]) -> BlockClasses {
    let mut c = BlockClasses {
        alnum: 0,
        joiners: 0,
        leads: 0,
    };
    for (k, chunk) in block.chunks_exact(8).enumerate() {
        let mut b = [0u8; 8];
        b.copy_from_slice(chunk);
        let w = u64::from_le_bytes(b);
        let a = in_range(w, b'0', b'9') | in_range(w | (LO * 0x20), b'a', b'z');
        c.alnum |= movemask(a) << (8 * k);
        c.joiners |= movemask(eq_bytes(w, b'\'') | eq_bytes(w, b'-')) << (8 * k);
        // Lead bytes are 0xC0 and up: both top bits set.
        c.leads |= movemask(w & (w << 1)) << (8 * k);
    }
    c
}

/// The offset of every ASCII capital that directly follows an ASCII lowercase letter (`dC` in
/// `openedDepartment`), in order: eight bytes at a time, since in prose they are rare.
pub(crate) fn lower_upper_seams(b: &[u8]) -> impl Iterator<Item = usize> + '_ {
    // High bit of byte 0 set: the last byte of the previous word was lowercase.
    let mut carry = 0u64;
    selected_bytes(b, b' ', move |w| {
        let lower = in_range(w, b'a', b'z');
        let seams = ((lower << 8) | carry) & in_range(w, b'A', b'Z');
        carry = (lower >> 56) & 0x80;
        seams
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seams_match_a_byte_by_byte_scan() {
        let samples: [&[u8]; 6] = [
            b"openedDepartment officials aB",
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

    #[test]
    fn block_masks_match_a_byte_by_byte_classification() {
        let mut block = [0u8; 64];
        for first in 0..=255u8 {
            for (k, b) in block.iter_mut().enumerate() {
                *b = first.wrapping_add((k as u8).wrapping_mul(37));
            }
            let c = classify(&block);
            for (k, &b) in block.iter().enumerate() {
                assert_eq!(
                    c.alnum >> k & 1 == 1,
                    b.is_ascii_alphanumeric(),
                    "{b:#x} at {k}"
                );
                assert_eq!(
                    c.joiners >> k & 1 == 1,
                    b == b'\'' || b == b'-',
                    "{b:#x} at {k}"
                );
                assert_eq!(c.leads >> k & 1 == 1, b >= 0xC0, "{b:#x} at {k}");
            }
        }
    }

    #[test]
    fn selected_bytes_match_a_byte_by_byte_scan() {
        let text: Vec<u8> = (0..=255u8).chain(b"tail\n\x01x".iter().copied()).collect();
        for start in 0..9 {
            let b = &text[start..];
            let got: Vec<usize> =
                selected_bytes(b, b' ', |w| below_space(w) | eq_bytes(w, 0xC2)).collect();
            let want: Vec<usize> = (0..b.len())
                .filter(|&i| b[i] < 0x20 || b[i] == 0xC2)
                .collect();
            assert_eq!(got, want);
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
            for pos in 0..8 {
                let mut w = [b'a'; 8];
                w[pos] = x;
                let w = u64::from_le_bytes(w);
                let bit = 0x80u64 << (8 * pos);
                assert_eq!(below_space(w), if x < 0x20 { bit } else { 0 }, "{x:#x}");
                assert_eq!(eq_bytes(w, 0xC2), if x == 0xC2 { bit } else { 0 }, "{x:#x}");
                assert_eq!(eq_bytes(w, 0x7F), if x == 0x7F { bit } else { 0 }, "{x:#x}");
            }
        }
    }
}
