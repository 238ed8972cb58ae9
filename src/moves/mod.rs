//! Link-preserving moves (`wikilint mv`): plan which files move and which links get which
//! new text, so that every link keeps resolving to the file it resolved to; then apply the
//! plan. Planning reads and decides (a [`Plan`] is data); only [`apply::apply`] writes.

pub mod apply;
pub mod canvas;
pub mod edit;
pub mod heading;
pub mod journal;
pub mod plan;

pub use plan::{Disk, Entry, Move, NewlyResolved, Plan, RealDisk, Rewrite, plan_move};

use crate::index::VaultIndex;
use crate::linktext::LinkSettings;
use crate::vault::Vault;

/// Plans `wikilint mv SRC DST`: a heading rename when `SRC` holds a `#`, else a move of a
/// file or folder.
pub fn plan(
    vault: &Vault,
    index: &VaultIndex,
    settings: LinkSettings,
    disk: &dyn Disk,
    src: &str,
    dst: &str,
) -> Result<Plan, String> {
    let plan = if src.contains('#') {
        heading::plan_heading(vault, index, disk, src, dst)?
    } else {
        plan_move(vault, index, settings, disk, src, dst)?
    };
    plan::refuse_read_only(disk, &plan)?;
    Ok(plan)
}
