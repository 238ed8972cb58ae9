//! The link graph as a tool: backlinks, orphans, the graph in DOT, JSON and GraphML, and the
//! HTML health page. Built from the index's resolutions; nothing here touches the file system.

pub mod attachments;
pub mod context;
pub mod export;
pub mod html;
pub mod model;

pub use attachments::{UnusedAttachments, unused_attachments};
pub use model::{Backlink, Edge, Graph, GraphOptions, Node, NodeKind, backlinks, linked_from_elsewhere, orphans};
