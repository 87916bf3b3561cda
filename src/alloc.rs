//! The allocator the `copydesk` binary runs with: the system's, asking Linux to back large blocks
//! with transparent huge pages.
//!
//! A large file's text and the lists a document keeps of it (a 100 MB story holds some 19 million
//! words) are read by every rule in turn. With 4 KiB pages a pass over them needs a new address
//! translation every 4 KiB, and the processor's table of them covers a few MiB: past that, each
//! pass misses it again and again, and a large file costs more per MB than a small one. A 2 MiB
//! page needs one entry for what took 512. Many Linux systems hand out huge pages only to memory
//! marked for them (`/sys/kernel/mm/transparent_hugepage/enabled` set to `madvise`), so this
//! allocator marks every block of [`HugePages::THRESHOLD`] bytes or more with
//! `madvise(MADV_HUGEPAGE)` as soon as the system allocator hands it out, before its pages are
//! touched. The advice is a hint: it changes no byte, and where huge pages are off or the call
//! fails, the block is used as it is. Blocks of a story's size are left alone.
//!
//! ```
//! #[global_allocator]
//! static ALLOCATOR: copydesk::alloc::HugePages = copydesk::alloc::HugePages;
//! # fn main() {}
//! ```

use std::alloc::{GlobalAlloc, Layout, System};

/// The system allocator, with large blocks marked for transparent huge pages on Linux.
#[derive(Debug, Clone, Copy, Default)]
pub struct HugePages;

impl HugePages {
    /// The smallest block that is marked: twice a huge page, so that at least one whole huge
    /// page lies within it wherever it starts.
    pub const THRESHOLD: usize = 4 << 20;
}

/// Marks the pages that hold `ptr..ptr + len` for huge pages. A page that holds any byte of the
/// block belongs to the process, and the mark changes no content, so the range is widened to
/// whole pages rather than narrowed.
#[cfg(target_os = "linux")]
pub fn advise_huge_pages(ptr: *mut u8, len: usize) {
    const PAGE: usize = 4096;
    if ptr.is_null() || len == 0 {
        return;
    }
    let start = ptr as usize & !(PAGE - 1);
    let end = (ptr as usize).saturating_add(len).next_multiple_of(PAGE);
    // SAFETY: madvise only reads the range's mappings; MADV_HUGEPAGE sets a flag on them and
    // moves no data. Every page of the range holds part of the block, so it is mapped.
    unsafe {
        libc::madvise(start as *mut libc::c_void, end - start, libc::MADV_HUGEPAGE);
    }
}

/// Elsewhere there is nothing to ask for.
#[cfg(not(target_os = "linux"))]
pub fn advise_huge_pages(_ptr: *mut u8, _len: usize) {}

// SAFETY: every call is passed on to the system allocator unchanged; the advice given after it
// neither moves nor changes the block it returns.
unsafe impl GlobalAlloc for HugePages {
    #[inline]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let ptr = unsafe { System.alloc(layout) };
        if layout.size() >= Self::THRESHOLD {
            advise_huge_pages(ptr, layout.size());
        }
        ptr
    }

    #[inline]
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let ptr = unsafe { System.alloc_zeroed(layout) };
        if layout.size() >= Self::THRESHOLD {
            advise_huge_pages(ptr, layout.size());
        }
        ptr
    }

    #[inline]
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }

    #[inline]
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let new = unsafe { System.realloc(ptr, layout, new_size) };
        // A block that grows past the threshold is marked once it has moved; only the part the
        // move copied has been touched, and the rest gets huge pages as it is written.
        if new_size >= Self::THRESHOLD {
            advise_huge_pages(new, new_size);
        }
        new
    }
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use super::*;

    /// Whether the mapping that holds `addr` carries the huge-page mark (`hg` in its VmFlags).
    fn marked(addr: usize) -> bool {
        let smaps = std::fs::read_to_string("/proc/self/smaps").unwrap();
        let mut inside = false;
        for line in smaps.lines() {
            if let Some((range, _)) = line.split_once(' ') {
                if let Some((lo, hi)) = range.split_once('-') {
                    if let (Ok(lo), Ok(hi)) =
                        (usize::from_str_radix(lo, 16), usize::from_str_radix(hi, 16))
                    {
                        inside = (lo..hi).contains(&addr);
                        continue;
                    }
                }
            }
            if inside {
                if let Some(flags) = line.strip_prefix("VmFlags:") {
                    return flags.split_whitespace().any(|f| f == "hg");
                }
            }
        }
        false
    }

    #[test]
    fn large_blocks_are_marked_before_use_and_after_growing() {
        // A kernel built without transparent huge pages refuses the advice, and then there is
        // no mark to look for; the blocks must still work.
        let supported = std::path::Path::new("/sys/kernel/mm/transparent_hugepage").exists();
        let layout = Layout::from_size_align(HugePages::THRESHOLD * 2, 8).unwrap();
        // SAFETY: the blocks are written within their layouts and freed with them.
        unsafe {
            let big = HugePages.alloc(layout);
            assert!(!big.is_null());
            big.write_bytes(7, layout.size());
            assert_eq!(marked(big as usize + layout.size() / 2), supported);
            assert_eq!(*big.add(layout.size() - 1), 7);
            let grown = HugePages.realloc(big, layout, layout.size() * 2);
            assert_eq!(marked(grown as usize + layout.size() * 3 / 2), supported);
            assert_eq!(*grown.add(layout.size() - 1), 7, "the move kept the bytes");
            HugePages.dealloc(
                grown,
                Layout::from_size_align(layout.size() * 2, 8).unwrap(),
            );
        }
    }
}
