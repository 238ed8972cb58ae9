//! A progress bar on stderr for long work (reading a large vault, writing many stubs), shown
//! only to a person watching a terminal: never in a pipe, a log or a test's captured output,
//! and never with `--quiet`.
//!
//! ```no_run
//! use wikilint::progress::Progress;
//! let files = vec!["a.md", "b.md"];
//! let progress = Progress::for_files(files.len(), "Moving", false);
//! for _f in &files {
//!     // ... the work ...
//!     progress.inc(); // safe from rayon threads too
//! }
//! progress.finish(); // clears the line
//! ```

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;

/// Below this many files the work is over before a bar would be worth drawing.
pub const MIN_FILES: usize = 2000;

/// Whether to draw a bar: a person is looking (stderr is a terminal), they did not ask for
/// quiet, and there is enough work to wait for.
pub fn enabled(n: usize, stderr_is_terminal: bool, quiet: bool) -> bool {
    stderr_is_terminal && !quiet && n >= MIN_FILES
}

/// A bar, or nothing at all: every method is a no-op when it is disabled. Cloning shares the
/// bar, and `inc` is one atomic add, so rayon workers can each hold a clone or a reference.
#[derive(Clone)]
pub struct Progress(Option<ProgressBar>);

impl Progress {
    /// A bar counting `n` files labelled `label` ("Reading", "Creating stubs"), when
    /// [`enabled`] says so for stderr as it is now.
    pub fn for_files(n: usize, label: &str, quiet: bool) -> Progress {
        if !enabled(n, std::io::stderr().is_terminal(), quiet) {
            return Progress::none();
        }
        let bar = labelled(ProgressBar::with_draw_target(Some(n as u64), ProgressDrawTarget::stderr()), label);
        Progress(Some(bar))
    }

    /// A bar for work whose size is learnt as it goes (files read while the walk still lists
    /// them): [`Progress::found`] adds one to the total, and the bar appears once the total
    /// reaches [`MIN_FILES`], if [`enabled`] would allow it.
    pub fn growing(label: &str, quiet: bool) -> Progress {
        if !enabled(MIN_FILES, std::io::stderr().is_terminal(), quiet) {
            return Progress::none();
        }
        // Hidden until the total is worth a bar.
        let bar = labelled(ProgressBar::with_draw_target(Some(0), ProgressDrawTarget::hidden()), label);
        Progress(Some(bar))
    }

    /// One more file to do (a [`Progress::growing`] bar).
    pub fn found(&self) {
        if let Some(bar) = &self.0 {
            bar.inc_length(1);
            if bar.length() == Some(MIN_FILES as u64) {
                bar.set_draw_target(ProgressDrawTarget::stderr());
            }
        }
    }

    /// A progress that shows nothing.
    pub fn none() -> Progress {
        Progress(None)
    }

    pub fn is_visible(&self) -> bool {
        self.0.is_some()
    }

    /// One more file done.
    pub fn inc(&self) {
        if let Some(bar) = &self.0 {
            bar.inc(1);
        }
    }

    /// Removes the bar, leaving the terminal line as it was.
    pub fn finish(&self) {
        if let Some(bar) = &self.0 {
            bar.finish_and_clear();
        }
    }
}

fn labelled(bar: ProgressBar, label: &str) -> ProgressBar {
    let style = ProgressStyle::with_template("{msg} {bar:30} {pos}/{len} files ({elapsed})")
        .unwrap_or_else(|_| ProgressStyle::default_bar());
    bar.set_style(style);
    bar.set_message(label.to_string());
    bar
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_large_work_on_a_terminal_without_quiet() {
        assert!(enabled(MIN_FILES, true, false));
        assert!(enabled(100_000, true, false));
        assert!(!enabled(MIN_FILES - 1, true, false), "small vaults are done before a bar helps");
        assert!(!enabled(100_000, false, false), "not a terminal: a pipe, a file, a test");
        assert!(!enabled(100_000, true, true), "--quiet");
        assert!(!enabled(0, false, true));
    }

    #[test]
    fn a_disabled_progress_does_nothing_from_many_threads() {
        use rayon::prelude::*;
        // Under `cargo test` stderr is captured, not a terminal: never visible.
        let p = Progress::for_files(10_000, "Reading", false);
        assert!(!p.is_visible() || std::io::stderr().is_terminal());
        (0..10_000).into_par_iter().for_each(|_| p.inc());
        p.finish();
        assert!(!Progress::none().is_visible());
    }
}
