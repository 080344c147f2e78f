//! The allocator of the `frontline` binary and its benchmarks: mimalloc, asked for plain
//! allocations whenever that gives the alignment a layout needs.
//!
//! The `mimalloc` crate's allocator hands every request to `mi_malloc_aligned`, which checks the
//! alignment of the block it finds before it returns it (about three times the instructions of
//! `mi_malloc` per call). Extraction allocates a few hundred thousand small blocks per megabyte of
//! text, almost all of alignment 8 or less; mimalloc's blocks are at least word aligned (their
//! sizes are multiples of the word and pages start on 16 bytes), so those go to `mi_malloc` and
//! only the rest (alignment above 8, or above the size) to the aligned entry points.

use std::alloc::{GlobalAlloc, Layout};
use std::ffi::c_void;

use libmimalloc_sys as mi;

/// The alignment every mimalloc block has (a machine word).
const WORD_ALIGN: usize = std::mem::size_of::<usize>();

/// mimalloc as the global allocator (see the module's comment).
pub struct Mimalloc;

/// True when a plain mimalloc block of `size` bytes is aligned enough for `align`.
#[inline]
fn plain(align: usize, size: usize) -> bool {
    align <= WORD_ALIGN && align <= size
}

// SAFETY: every pointer handed out comes from mimalloc, aligned as the layout asks (a plain
// block is word aligned, and `plain` only lets alignments up to the word through), and every
// pointer taken back is freed or reallocated by mimalloc, which accepts blocks from any of its
// entry points.
unsafe impl GlobalAlloc for Mimalloc {
    #[inline]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: mimalloc's allocation functions accept any size and a power-of-two alignment
        unsafe {
            if plain(layout.align(), layout.size()) {
                mi::mi_malloc(layout.size()).cast()
            } else {
                mi::mi_malloc_aligned(layout.size(), layout.align()).cast()
            }
        }
    }

    #[inline]
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: as for `alloc`
        unsafe {
            if plain(layout.align(), layout.size()) {
                mi::mi_zalloc(layout.size()).cast()
            } else {
                mi::mi_zalloc_aligned(layout.size(), layout.align()).cast()
            }
        }
    }

    #[inline]
    unsafe fn dealloc(&self, ptr: *mut u8, _layout: Layout) {
        // SAFETY: `ptr` came from this allocator, so from mimalloc
        unsafe { mi::mi_free(ptr.cast::<c_void>()) }
    }

    #[inline]
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: `ptr` came from this allocator; the new block is aligned as `alloc` would
        // align a block of `new_size` bytes
        unsafe {
            if plain(layout.align(), new_size) {
                mi::mi_realloc(ptr.cast::<c_void>(), new_size).cast()
            } else {
                mi::mi_realloc_aligned(ptr.cast::<c_void>(), new_size, layout.align()).cast()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fill(p: *mut u8, n: usize) {
        for i in 0..n {
            // SAFETY: the callers' blocks are at least `n` bytes
            unsafe { *p.add(i) = (i % 251) as u8 };
        }
    }

    fn holds(p: *const u8, n: usize) -> bool {
        // SAFETY: the callers' blocks are at least `n` bytes
        (0..n).all(|i| unsafe { *p.add(i) } == (i % 251) as u8)
    }

    /// Every layout of a range of sizes and alignments gets a block aligned as asked, which keeps
    /// its bytes when it grows or shrinks (plain blocks becoming aligned ones and back), and
    /// zeroed blocks are zero.
    #[test]
    fn blocks_are_aligned_and_keep_their_bytes() {
        let a = Mimalloc;
        for align in [1usize, 2, 4, 8, 16, 32, 64, 4096] {
            for size in [1usize, 3, 7, 8, 9, 15, 16, 17, 24, 40, 100, 1000, 70_000] {
                let layout = Layout::from_size_align(size, align).unwrap();
                for new_size in [1usize, 8, 9, 33, 5000] {
                    let grown = Layout::from_size_align(new_size, align).unwrap();
                    // SAFETY: non-zero sizes; each block is used within its size and freed once
                    // by the allocator that made it, with the layout it has
                    unsafe {
                        let p = a.alloc(layout);
                        assert_eq!(p as usize % align, 0, "size {size} align {align}");
                        fill(p, size);
                        let q = a.realloc(p, layout, new_size);
                        assert_eq!(q as usize % align, 0, "{size} -> {new_size}, align {align}");
                        assert!(holds(q, size.min(new_size)));
                        let back = a.realloc(q, grown, size);
                        assert_eq!(
                            back as usize % align,
                            0,
                            "{new_size} -> {size}, align {align}"
                        );
                        assert!(holds(back, size.min(new_size)));
                        a.dealloc(back, layout);
                        let z = a.alloc_zeroed(grown);
                        assert_eq!(z as usize % align, 0);
                        assert!((0..new_size).all(|i| *z.add(i) == 0));
                        a.dealloc(z, grown);
                    }
                }
            }
        }
    }
}
