//! Fixes: applying the edits that rules attach to their findings, to a fixed point, and
//! writing the result back safely.

mod apply;

pub use apply::{Applied, apply_fixes};
