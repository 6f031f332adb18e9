//! Test support for keywright: a global allocator that counts, per thread, the bytes a
//! piece of code allocates, so tests can bound what a parser allocates for an input.
//!
//! ```
//! #[global_allocator]
//! static ALLOC: alloc_meter::Meter = alloc_meter::Meter;
//!
//! fn main() {
//!     let (len, usage) = alloc_meter::measure(|| vec![0u8; 4096].len());
//!     assert_eq!(len, 4096);
//!     assert!(usage.peak >= 4096 && usage.total >= 4096);
//! }
//! ```
//!
//! Only the calling thread is counted: other tests running at the same time do not disturb
//! the figures, and work a measured call hands to threads of its own is not seen.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

/// The system allocator, counting each thread's live and peak bytes.
#[derive(Debug, Clone, Copy, Default)]
pub struct Meter;

thread_local! {
    /// Bytes this thread has allocated and not freed (frees of memory other threads
    /// allocated count too, so it can go below zero).
    static LIVE: Cell<isize> = const { Cell::new(0) };
    /// The largest `LIVE` since the last reset.
    static PEAK: Cell<isize> = const { Cell::new(0) };
    /// Bytes allocated since the last reset, frees not subtracted.
    static TOTAL: Cell<usize> = const { Cell::new(0) };
}

fn note(grown: usize, freed: usize) {
    // `try_with`: allocations made while the thread's locals are torn down are not counted.
    let _ = LIVE.try_with(|live| {
        let now = live
            .get()
            .saturating_add_unsigned(grown)
            .saturating_sub_unsigned(freed);
        live.set(now);
        let _ = PEAK.try_with(|peak| peak.set(peak.get().max(now)));
    });
    let _ = TOTAL.try_with(|total| total.set(total.get().saturating_add(grown)));
}

// SAFETY: every call goes to `System` unchanged; the counters are thread-local `Cell`s
// with constant initialisers, which never allocate.
unsafe impl GlobalAlloc for Meter {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller's contract is `System.alloc`'s.
        let ptr = unsafe { System.alloc(layout) };
        if !ptr.is_null() {
            note(layout.size(), 0);
        }
        ptr
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: as `alloc`.
        let ptr = unsafe { System.alloc_zeroed(layout) };
        if !ptr.is_null() {
            note(layout.size(), 0);
        }
        ptr
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: the caller's contract is `System.dealloc`'s.
        unsafe { System.dealloc(ptr, layout) };
        note(0, layout.size());
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: the caller's contract is `System.realloc`'s.
        let new = unsafe { System.realloc(ptr, layout, new_size) };
        if !new.is_null() {
            // Counted as a new allocation and a free: at the moment of copying both exist.
            note(new_size, 0);
            note(0, layout.size());
        }
        new
    }
}

/// What a measured call allocated on its thread.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Usage {
    /// The most bytes it held at once, above what was live when it started.
    pub peak: usize,
    /// Every byte it allocated, frees not subtracted.
    pub total: usize,
}

/// Runs `f`, returning its value and what it allocated on this thread. Needs [`Meter`] as
/// the global allocator (otherwise the usage is zero).
pub fn measure<T>(f: impl FnOnce() -> T) -> (T, Usage) {
    let start = LIVE.with(Cell::get);
    PEAK.with(|peak| peak.set(start));
    let total_start = TOTAL.with(Cell::get);
    let value = f();
    let peak = PEAK.with(Cell::get).saturating_sub(start);
    let total = TOTAL.with(Cell::get).saturating_sub(total_start);
    let usage = Usage {
        peak: usize::try_from(peak).unwrap_or(0),
        total,
    };
    (value, usage)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[global_allocator]
    static ALLOC: Meter = Meter;

    #[test]
    fn counts_peak_and_total() {
        let ((), usage) = measure(|| {
            let a = vec![0u8; 1 << 20];
            drop(a);
            let b = vec![0u8; 1 << 10];
            drop(b);
        });
        assert!(
            usage.peak >= 1 << 20 && usage.peak < (1 << 20) + 4096,
            "{usage:?}"
        );
        assert!(usage.total >= (1 << 20) + (1 << 10), "{usage:?}");
        let (v, usage) = measure(|| 1 + 1);
        assert_eq!((v, usage.peak), (2, 0));
    }
}
