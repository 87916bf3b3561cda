//! Looking offsets up in the sorted offset lists of a large document.

/// A coarse index over a sorted list of offsets (line starts): for every 4 KiB of
/// text, how many offsets come before it. A lookup then searches only the offsets of one block.
///
/// A binary search over the whole list touches memory all over it: on a 100 MB file, with
/// hundreds of thousands of line starts, most of its steps miss the cache, and a position is
/// looked up for every finding. Lists of a story's size fit in the cache and are
/// searched whole.
#[derive(Debug, Clone, Default)]
pub(crate) struct Seek {
    /// `blocks[b]`: how many offsets are below `b << SHIFT`; empty for a short list.
    blocks: Vec<u32>,
}

const SHIFT: u32 = 12;
/// Offsets a block can hold at most (the offsets are distinct).
const PER_BLOCK: usize = 1 << SHIFT;
/// Lists shorter than this are searched whole.
const MIN_LEN: usize = 1 << 13;

impl Seek {
    /// The index of `offsets`, which must be sorted and distinct.
    pub(crate) fn new(offsets: &[u32]) -> Seek {
        let Some(&last) = offsets.last().filter(|_| offsets.len() >= MIN_LEN) else {
            return Seek::default();
        };
        // One entry past the block of the last offset, which holds the whole list's length.
        let n = (last >> SHIFT) as usize + 2;
        let mut blocks = Vec::with_capacity(n);
        let mut i = 0;
        for b in 0..n {
            let start = (b as u64) << SHIFT;
            let end = (i + PER_BLOCK + 1).min(offsets.len());
            i += offsets[i..end].partition_point(|&o| u64::from(o) < start);
            blocks.push(i as u32);
        }
        Seek { blocks }
    }

    /// How many of `offsets` (the list this index was built from) are below `offset`.
    #[inline]
    pub(crate) fn count_below(&self, offsets: &[u32], offset: usize) -> usize {
        let b = offset >> SHIFT;
        if self.blocks.is_empty() {
            return offsets.partition_point(|&o| (o as usize) < offset);
        }
        let (Some(&lo), Some(&hi)) = (self.blocks.get(b), self.blocks.get(b + 1)) else {
            // Past the block of the last offset: every offset is below.
            return offsets.len();
        };
        let (lo, hi) = (lo as usize, hi as usize);
        lo + offsets[lo..hi].partition_point(|&o| (o as usize) < offset)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn counts_like_a_search_of_the_whole_list(
            dense in any::<bool>(),
            gaps in proptest::collection::vec(1u32..9000, 0..20_000),
            probes in proptest::collection::vec(0usize..100_000_000, 1..200),
        ) {
            // Sparse lists have about one offset a block, dense ones thousands.
            let gap = |g: u32| if dense { g % 2 + 1 } else { g };
            let offsets: Vec<u32> =
                gaps.iter().scan(0u32, |at, &g| { *at += gap(g); Some(*at) }).collect();
            let seek = Seek::new(&offsets);
            prop_assert_eq!(seek.blocks.is_empty(), offsets.len() < MIN_LEN);
            let last = offsets.last().map_or(0, |&o| o as usize);
            let near = offsets.iter().step_by(97).flat_map(|&o| [o as usize, o as usize + 1, (o as usize).saturating_sub(1)]);
            for p in probes.into_iter().map(|p| p % (last + 10_000)).chain(near).chain([0, last, last + 1, usize::MAX >> 1]) {
                prop_assert_eq!(seek.count_below(&offsets, p), offsets.partition_point(|&o| (o as usize) < p));
            }
        }
    }
}
