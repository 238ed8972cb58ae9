use clap::Parser;
use std::process::ExitCode;

// Reading and parsing in parallel makes many small, short-lived allocations on every
// thread; mimalloc keeps them fast and the heap compact.
#[global_allocator]
static ALLOCATOR: Mimalloc = Mimalloc;

/// mimalloc, asked for plain `mi_malloc` blocks whenever their alignment is enough.
/// `mimalloc::MiMalloc` calls `mi_malloc_aligned` for every allocation, and mimalloc 3 takes
/// its slow, over-allocating path for any block whose size is not a power of two (a 24-byte
/// `String`, a 136-byte `Link`): that was 4% of a check's instructions, and a bigger block.
/// Every `mi_malloc` block is at least word-aligned (block sizes are whole words and pages
/// start 16-aligned), so a layout that asks for no more than that needs nothing else.
struct Mimalloc;

/// Asks Linux not to back this process with transparent huge pages, unless the user chose
/// otherwise through mimalloc's own `MIMALLOC_ALLOW_THP`.
/// mimalloc marks its arenas `MADV_HUGEPAGE`, and on a virtual machine a huge-page fault can
/// cost far more than the 512 small faults it saves: on the 2-core benchmark VM the 100k-note
/// check spent 2.3 s of system time with huge pages against 0.8 s without (wall 2.56 s against
/// 1.83 s), and 10k notes took 0.195 s against 0.170 s. A check touches each page a few times
/// and exits, so huge pages' fewer TLB misses do not pay for their faults.
fn refuse_transparent_huge_pages() {
    #[cfg(target_os = "linux")]
    if std::env::var_os("MIMALLOC_ALLOW_THP").is_none() {
        // SAFETY: PR_SET_THP_DISABLE takes integer arguments only and changes no memory; on
        // a kernel without it the call fails harmlessly and huge pages stay as they were.
        unsafe {
            libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
        }
    }
}

const WORD: usize = std::mem::size_of::<usize>();

unsafe impl std::alloc::GlobalAlloc for Mimalloc {
    #[inline]
    unsafe fn alloc(&self, layout: std::alloc::Layout) -> *mut u8 {
        // SAFETY: mimalloc's allocation functions accept any size and a power-of-two alignment.
        unsafe {
            if layout.align() <= WORD {
                libmimalloc_sys::mi_malloc(layout.size()).cast()
            } else {
                libmimalloc_sys::mi_malloc_aligned(layout.size(), layout.align()).cast()
            }
        }
    }

    #[inline]
    unsafe fn alloc_zeroed(&self, layout: std::alloc::Layout) -> *mut u8 {
        // SAFETY: as in `alloc`.
        unsafe {
            if layout.align() <= WORD {
                libmimalloc_sys::mi_zalloc(layout.size()).cast()
            } else {
                libmimalloc_sys::mi_zalloc_aligned(layout.size(), layout.align()).cast()
            }
        }
    }

    #[inline]
    unsafe fn dealloc(&self, ptr: *mut u8, _layout: std::alloc::Layout) {
        // SAFETY: `ptr` came from one of mimalloc's allocation functions above.
        unsafe { libmimalloc_sys::mi_free(ptr.cast()) }
    }

    #[inline]
    unsafe fn realloc(&self, ptr: *mut u8, layout: std::alloc::Layout, new_size: usize) -> *mut u8 {
        // SAFETY: `ptr` came from mimalloc with `layout`'s alignment, which the new block keeps.
        unsafe {
            if layout.align() <= WORD {
                libmimalloc_sys::mi_realloc(ptr.cast(), new_size).cast()
            } else {
                libmimalloc_sys::mi_realloc_aligned(ptr.cast(), new_size, layout.align()).cast()
            }
        }
    }
}

fn main() -> ExitCode {
    refuse_transparent_huge_pages();
    // Error messages name paths; do not wrap them at 80 columns when stderr is not a terminal.
    let _ = miette::set_hook(Box::new(|_| Box::new(miette::MietteHandlerOpts::new().width(200).build())));
    let cli = wikilint::cli::Cli::parse();
    match wikilint::commands::run(cli) {
        Ok(code) => ExitCode::from(code),
        Err(report) => {
            eprintln!("{report:?}");
            ExitCode::from(2)
        }
    }
}
