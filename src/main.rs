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
