//! Signals while writing, and the temporary files in flight.
//!
//! Every temporary file a [`super::VaultWriter`] makes is registered here until it is renamed
//! or removed. Once a handler is installed (the first time a writer makes a temporary file,
//! or [`defer_interrupts`]), SIGINT, SIGTERM and SIGHUP no longer kill the process where it
//! stands:
//!
//! - while an [`InterruptGuard`] lives, the first signal only sets [`interrupted`], which the
//!   command polls between files to stop cleanly, undo or finish what it started, and say
//!   what it did; a second signal stops at once as below;
//! - otherwise the temporary files in flight are removed and the process exits with 130.
//!
//! A process killed outright (`kill -9`, a crash, a power cut) cannot clean up: the next run
//! does (`super::state`).
//!
//! One handler per process: a front end that installs its own first (`watch`) keeps it, and
//! then stops its writers its own way.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};

static INTERRUPTED: AtomicBool = AtomicBool::new(false);
static DEFERRING: AtomicUsize = AtomicUsize::new(0);
static IN_FLIGHT: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());
static HANDLER: OnceLock<bool> = OnceLock::new();

/// Installs the signal handler, once; `false` when another one was installed first.
pub fn catch_signals() -> bool {
    *HANDLER.get_or_init(|| ctrlc::set_handler(on_signal).is_ok())
}

fn on_signal() {
    if DEFERRING.load(Ordering::SeqCst) > 0 && !INTERRUPTED.swap(true, Ordering::SeqCst) {
        return;
    }
    // Held until the exit, so no new temporary file starts meanwhile.
    let in_flight = IN_FLIGHT.lock().unwrap_or_else(|e| e.into_inner());
    for path in in_flight.iter() {
        let _ = fs::remove_file(path);
    }
    // The record of where they were goes too, and wikilint's folder if that leaves it empty.
    for path in in_flight.iter() {
        if let Some(state) = path.parent().filter(|p| p.file_name().is_some_and(|n| n == super::state::FOLDER)) {
            let _ = fs::remove_dir(state);
        }
    }
    std::process::exit(130);
}

/// While it lives, a signal asks the command to stop ([`interrupted`]) instead of stopping
/// the process: made around a sequence of writes that must end in a known state (all of a
/// move or none of it; the stubs written so far, counted).
#[must_use = "signals are deferred only while the guard lives"]
#[derive(Debug)]
pub struct InterruptGuard(());

/// Defers signals until the guard is dropped (see the module's documentation).
pub fn defer_interrupts() -> InterruptGuard {
    catch_signals();
    DEFERRING.fetch_add(1, Ordering::SeqCst);
    InterruptGuard(())
}

impl Drop for InterruptGuard {
    fn drop(&mut self) {
        DEFERRING.fetch_sub(1, Ordering::SeqCst);
    }
}

/// Whether a signal asked the process to stop while an [`InterruptGuard`] lived.
pub fn interrupted() -> bool {
    INTERRUPTED.load(Ordering::SeqCst)
}

/// A file being written under a temporary name, removed by the signal handler if the process
/// is stopped while it exists. Dropping it only unregisters it (the file is renamed or
/// removed by its owner).
#[derive(Debug)]
pub struct InFlight(PathBuf);

/// Registers `path` as in flight until the returned value is dropped.
pub fn in_flight(path: &Path) -> InFlight {
    IN_FLIGHT.lock().unwrap_or_else(|e| e.into_inner()).push(path.to_path_buf());
    InFlight(path.to_path_buf())
}

impl Drop for InFlight {
    fn drop(&mut self) {
        let mut all = IN_FLIGHT.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(i) = all.iter().rposition(|p| *p == self.0) {
            all.swap_remove(i);
        }
    }
}

/// A test hook, not a feature: with `WIKILINT_TEST_CRASH_AFTER=N` in the environment, the
/// process aborts (as `kill -9` would stop it: no destructor, no cleanup) right after its N-th
/// change to the disk (a journal written, a temporary file complete, a rename, a link, an
/// unlink), so tests can stop a move at every step and check what the next run makes of it.
///
/// Likewise `WIKILINT_TEST_SIGNAL_AFTER=N` (Linux) sends the process a SIGINT right after its
/// N-th change and waits for the handler to take it, as a Ctrl-C at that moment would.
pub(crate) fn step() {
    static CRASH_AFTER: OnceLock<Option<u64>> = OnceLock::new();
    static SIGNAL_AFTER: OnceLock<Option<u64>> = OnceLock::new();
    static DONE: AtomicU64 = AtomicU64::new(0);
    let from_env = |name: &str| std::env::var(name).ok()?.parse::<u64>().ok();
    let crash = *CRASH_AFTER.get_or_init(|| from_env("WIKILINT_TEST_CRASH_AFTER"));
    let signal = *SIGNAL_AFTER.get_or_init(|| from_env("WIKILINT_TEST_SIGNAL_AFTER"));
    if crash.is_none() && signal.is_none() {
        return;
    }
    let done = DONE.fetch_add(1, Ordering::SeqCst) + 1;
    if crash.is_some_and(|n| done >= n) {
        std::process::abort();
    }
    #[cfg(target_os = "linux")]
    if signal == Some(done) {
        // SAFETY: kill(2) with this process's id and a signal number; no memory is involved.
        unsafe {
            libc::kill(libc::getpid(), libc::SIGINT);
        }
        // The handler runs on its own thread: wait for it (it exits the process itself when
        // no guard defers signals).
        for _ in 0..1000 {
            if interrupted() {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
    }
}
