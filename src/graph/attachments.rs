//! The attachments no file reaches (`wikilint orphans --attachments`).
//!
//! Which files count: by default the images, audio, video and PDFs Obsidian shows itself
//! (`vault::is_media_name`); wikilint.toml `[attachments] extensions` chooses others. Canvases
//! and `.base` files are documents the owner opens, like notes, and other types (`.txt`,
//! `.zip`, `.docx`) are often kept for their own sake, so neither is listed unless named there.
//!
//! Which links count: every resolved link of every note and canvas (`VaultIndex::targets`):
//! wikilinks, embeds, Markdown links and images, property links, canvas file cards and the
//! links in canvas text cards, links inside `%%` comments and inside ```` ```ad- ```` blocks
//! (the owner sees those images), and links from files that are not reported on (excluded
//! files, templates): deleting what they show would break them.

use crate::config::AttachmentsConfig;
use crate::index::{FileId, VaultIndex};
use crate::vault::Vault;

use super::model::linked_from_elsewhere;

/// How many attachments of the types considered the vault holds, and those no file links to
/// among the ones `reported` accepts, in path order.
pub struct UnusedAttachments {
    pub attachments: usize,
    pub unused: Vec<FileId>,
}

pub fn unused_attachments(
    vault: &Vault,
    index: &VaultIndex,
    types: &AttachmentsConfig,
    reported: impl Fn(&str) -> bool,
) -> UnusedAttachments {
    let linked = linked_from_elsewhere(vault, index);
    let attachments: Vec<FileId> =
        vault.live_ids().filter(|&id| !vault.files[id].is_note && types.considers(&vault.files[id].path)).collect();
    let mut unused: Vec<FileId> =
        attachments.iter().copied().filter(|&id| !linked[id] && reported(&vault.files[id].path)).collect();
    unused.sort_by(|&a, &b| vault.files[a].path.cmp(&vault.files[b].path));
    UnusedAttachments { attachments: attachments.len(), unused }
}
