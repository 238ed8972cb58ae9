//! Vault-wide housekeeping that rewrites many notes at once: renaming a tag or a property
//! everywhere, converting the link syntax, cleaning unused attachments. Each operation plans
//! its edits from the index (so it sees every link as Obsidian resolves it), shows them as a
//! dry run, and writes only through `write.rs`. It sits beside `fix`, `moves` and `scaffold`.

pub mod attachments;
pub mod convert;
pub mod props;
pub mod tags;
