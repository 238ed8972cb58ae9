//! The requests an editor makes, each translated to an `ide` question and back.

use super::Server;
use super::convert::{Lines, path_to_uri};
use crate::ide::{self, Change, Place};
use lsp_server::{ErrorCode, Request, Response};
use lsp_types as lsp;
use serde::de::DeserializeOwned;
use serde_json::Value;
use std::collections::BTreeMap;

/// `RequestFailed`: the request was valid but could not be done (a refused rename).
const REQUEST_FAILED: i32 = -32803;

impl Server {
    pub(super) fn on_request(&mut self, req: Request) -> Response {
        let id = req.id.clone();
        let result = match req.method.as_str() {
            "textDocument/completion" => self.handle(req, Self::completion),
            "textDocument/definition" => self.handle(req, Self::definition),
            "textDocument/references" => self.handle(req, Self::references),
            "textDocument/hover" => self.handle(req, Self::hover),
            "textDocument/documentSymbol" => self.handle(req, Self::document_symbols),
            "workspace/symbol" => self.handle(req, Self::workspace_symbols),
            "textDocument/codeAction" => self.handle(req, Self::code_actions),
            "textDocument/prepareRename" => self.handle(req, Self::prepare_rename),
            "textDocument/rename" => self.handle(req, Self::rename),
            "workspace/willRenameFiles" => self.handle(req, Self::will_rename_files),
            method => Err((ErrorCode::MethodNotFound as i32, format!("{method} is not supported"))),
        };
        match result {
            Ok(value) => Response::new_ok(id, value),
            Err((code, message)) => Response::new_err(id, code, message),
        }
    }

    fn handle<P: DeserializeOwned>(
        &mut self,
        req: Request,
        f: fn(&mut Self, P) -> Result<Value, String>,
    ) -> Result<Value, (i32, String)> {
        let params: P = serde_json::from_value(req.params)
            .map_err(|e| (ErrorCode::InvalidParams as i32, format!("{}: {e}", req.method)))?;
        f(self, params).map_err(|e| (REQUEST_FAILED, e))
    }

    /// The vault path, text and byte offset of a position in a document.
    fn at(&self, doc: &lsp::TextDocumentPositionParams) -> Option<(String, String, usize)> {
        let path = self.vault_path(&doc.text_document.uri)?;
        let text = self.text_of(&path)?;
        let offset = Lines::new(&text, self.encoding).offset(doc.position);
        Some((path, text, offset))
    }

    fn location(&self, place: &Place) -> lsp::Location {
        let text = self.text_of(&place.path).unwrap_or_default();
        let range = Lines::new(&text, self.encoding).range(place.span.start, place.span.end);
        lsp::Location { uri: self.uri_of(&place.path), range }
    }

    fn locations(&self, places: &[Place]) -> Vec<lsp::Location> {
        // Each file's text read and indexed once however many places it holds.
        let mut by_file: BTreeMap<&str, Vec<&Place>> = BTreeMap::new();
        for p in places {
            by_file.entry(&p.path).or_default().push(p);
        }
        let mut out = Vec::new();
        for (path, places) in by_file {
            let text = self.text_of(path).unwrap_or_default();
            let lines = Lines::new(&text, self.encoding);
            let uri = self.uri_of(path);
            out.extend(
                places
                    .into_iter()
                    .map(|p| lsp::Location { uri: uri.clone(), range: lines.range(p.span.start, p.span.end) }),
            );
        }
        out
    }

    fn completion(&mut self, p: lsp::CompletionParams) -> Result<Value, String> {
        let Some((path, text, offset)) = self.at(&p.text_document_position) else { return Ok(Value::Null) };
        let found = ide::complete::complete(&self.live, &path, &text, offset);
        let lines = Lines::new(&text, self.encoding);
        let items: Vec<lsp::CompletionItem> = found
            .items
            .into_iter()
            .enumerate()
            .map(|(i, item)| {
                use ide::complete::ItemKind as K;
                let kind = match item.kind {
                    K::Note | K::Attachment => lsp::CompletionItemKind::FILE,
                    K::Alias | K::Block => lsp::CompletionItemKind::REFERENCE,
                    K::Heading => lsp::CompletionItemKind::TEXT,
                    K::Callout => lsp::CompletionItemKind::ENUM_MEMBER,
                    K::Property => lsp::CompletionItemKind::PROPERTY,
                    K::Value => lsp::CompletionItemKind::VALUE,
                    K::Tag => lsp::CompletionItemKind::KEYWORD,
                };
                let range = lines.range(item.replace.start, item.replace.end);
                lsp::CompletionItem {
                    label: item.label,
                    kind: Some(kind),
                    detail: item.detail,
                    filter_text: Some(item.filter),
                    // Our ranking, not the editor's alphabetical order.
                    sort_text: Some(format!("{i:04}")),
                    text_edit: Some(lsp::CompletionTextEdit::Edit(lsp::TextEdit { range, new_text: item.insert })),
                    ..lsp::CompletionItem::default()
                }
            })
            .collect();
        to_value(lsp::CompletionList { is_incomplete: found.incomplete, items })
    }

    fn definition(&mut self, p: lsp::GotoDefinitionParams) -> Result<Value, String> {
        let Some((path, _, offset)) = self.at(&p.text_document_position_params) else { return Ok(Value::Null) };
        match ide::navigate::definition(&self.live, &path, offset) {
            Some(place) => to_value(self.location(&place)),
            None => Ok(Value::Null),
        }
    }

    fn references(&mut self, p: lsp::ReferenceParams) -> Result<Value, String> {
        let Some((path, _, offset)) = self.at(&p.text_document_position) else { return Ok(Value::Null) };
        let places = ide::navigate::references(&self.live, &path, offset);
        to_value(self.locations(&places))
    }

    fn hover(&mut self, p: lsp::HoverParams) -> Result<Value, String> {
        let Some((path, text, offset)) = self.at(&p.text_document_position_params) else { return Ok(Value::Null) };
        let Some((span, markdown)) = ide::navigate::hover(&self.live, &path, offset) else { return Ok(Value::Null) };
        let range = Lines::new(&text, self.encoding).range(span.start, span.end);
        to_value(lsp::Hover {
            contents: lsp::HoverContents::Markup(lsp::MarkupContent {
                kind: lsp::MarkupKind::Markdown,
                value: markdown,
            }),
            range: Some(range),
        })
    }

    fn document_symbols(&mut self, p: lsp::DocumentSymbolParams) -> Result<Value, String> {
        let Some(path) = self.vault_path(&p.text_document.uri) else { return Ok(Value::Null) };
        let Some((_, note)) = ide::note_at(&self.live, &path) else { return Ok(Value::Null) };
        let text = self.text_of(&path).unwrap_or_default();
        let lines = Lines::new(&text, self.encoding);
        #[allow(deprecated)]
        fn convert(lines: &Lines, s: ide::navigate::Symbol) -> lsp::DocumentSymbol {
            lsp::DocumentSymbol {
                name: s.name,
                detail: Some("#".repeat(usize::from(s.level))),
                kind: lsp::SymbolKind::STRING,
                tags: None,
                deprecated: None,
                range: lines.range(s.section.start, s.section.end),
                selection_range: lines.range(s.span.start, s.span.end),
                children: Some(s.children.into_iter().map(|c| convert(lines, c)).collect()),
            }
        }
        let symbols: Vec<lsp::DocumentSymbol> =
            ide::navigate::document_symbols(note, &text).into_iter().map(|s| convert(&lines, s)).collect();
        to_value(symbols)
    }

    fn workspace_symbols(&mut self, p: lsp::WorkspaceSymbolParams) -> Result<Value, String> {
        let found = ide::navigate::workspace_symbols(&self.live, &p.query, 200);
        let places: Vec<Place> = found.iter().map(|f| f.place.clone()).collect();
        let locations = self.locations(&places);
        // `locations` groups by file; find each one back by its place.
        let mut by_place: BTreeMap<(String, usize, usize), lsp::Location> = BTreeMap::new();
        let mut sorted = places.clone();
        sorted.sort_by(|a, b| a.path.cmp(&b.path));
        for (place, location) in sorted.iter().zip(locations) {
            by_place.insert((place.path.clone(), place.span.start, place.span.end), location);
        }
        let symbols: Vec<lsp::WorkspaceSymbol> = found
            .into_iter()
            .filter_map(|f| {
                let location = by_place.get(&(f.place.path.clone(), f.place.span.start, f.place.span.end))?.clone();
                let kind = match f.kind {
                    ide::navigate::FoundKind::Note => lsp::SymbolKind::FILE,
                    ide::navigate::FoundKind::Alias => lsp::SymbolKind::CONSTANT,
                    ide::navigate::FoundKind::Heading => lsp::SymbolKind::STRING,
                };
                Some(lsp::WorkspaceSymbol {
                    name: f.name,
                    kind,
                    tags: None,
                    container_name: f.container,
                    location: lsp::OneOf::Left(location),
                    data: None,
                })
            })
            .collect();
        to_value(symbols)
    }

    fn code_actions(&mut self, p: lsp::CodeActionParams) -> Result<Value, String> {
        let Some(path) = self.vault_path(&p.text_document.uri) else { return Ok(Value::Null) };
        let text = self.text_of(&path).unwrap_or_default();
        let lines = Lines::new(&text, self.encoding);
        let span = crate::note::Span { start: lines.offset(p.range.start), end: lines.offset(p.range.end) };
        let only = p.context.only.unwrap_or_default();
        let wanted = |kind: &lsp::CodeActionKind| {
            only.is_empty()
                || only
                    .iter()
                    .any(|o| kind.as_str() == o.as_str() || kind.as_str().starts_with(&format!("{}.", o.as_str())))
        };
        let uri = self.uri_of(&path);
        let mut out = Vec::new();
        let actions = ide::actions::actions(&self.live, &path, span);
        for action in actions {
            let kind = match action.kind {
                ide::actions::ActionKind::QuickFix => lsp::CodeActionKind::QUICKFIX,
                ide::actions::ActionKind::FixAll => lsp::CodeActionKind::SOURCE_FIX_ALL,
            };
            if !wanted(&kind) {
                continue;
            }
            let Some(edit) = self.workspace_edit(&action.change) else { continue };
            let diagnostics = action.diagnostic.as_ref().map(|d| vec![self.diagnostic(&uri, &lines, d)]);
            out.push(lsp::CodeActionOrCommand::CodeAction(lsp::CodeAction {
                title: action.title,
                kind: Some(kind),
                diagnostics,
                edit: Some(edit),
                command: None,
                is_preferred: Some(action.preferred),
                disabled: None,
                data: None,
            }));
        }
        to_value(out)
    }

    fn prepare_rename(&mut self, p: lsp::TextDocumentPositionParams) -> Result<Value, String> {
        let Some((path, text, offset)) = self.at(&p) else { return Ok(Value::Null) };
        let r = ide::actions::renamable(&self.live, &path, offset)?;
        let range = Lines::new(&text, self.encoding).range(r.span.start, r.span.end);
        to_value(lsp::PrepareRenameResponse::RangeWithPlaceholder { range, placeholder: r.current })
    }

    fn rename(&mut self, p: lsp::RenameParams) -> Result<Value, String> {
        let Some((path, _, offset)) = self.at(&p.text_document_position) else { return Ok(Value::Null) };
        let change = ide::actions::rename(&self.live, &path, offset, p.new_name.trim())?;
        let can_rename_files = self.options.document_changes && self.options.resource_operations;
        if !change.renames.is_empty() && !can_rename_files {
            return Err("this editor cannot rename files through the language server: rename the file in the editor (the links follow), or run `wikilint mv`".into());
        }
        to_value(self.workspace_edit(&change))
    }

    fn will_rename_files(&mut self, p: lsp::RenameFilesParams) -> Result<Value, String> {
        let mut all = Change::default();
        for f in &p.files {
            let (Ok(old), Ok(new)) = (f.old_uri.parse::<lsp::Uri>(), f.new_uri.parse::<lsp::Uri>()) else { continue };
            let (Some(from), Some(to)) = (self.vault_path(&old), self.vault_path(&new)) else { continue };
            let change = ide::actions::will_rename(&self.live, &from, &to)?;
            all.edits.extend(change.edits);
        }
        if all.edits.is_empty() {
            return Ok(Value::Null);
        }
        to_value(self.workspace_edit(&all))
    }

    /// A change as the protocol's WorkspaceEdit: text edits first (at the files' present
    /// names), then files created, then renames. `None` when it needs what the client lacks.
    pub(super) fn workspace_edit(&self, change: &Change) -> Option<lsp::WorkspaceEdit> {
        let mut by_file: BTreeMap<&str, Vec<lsp::TextEdit>> = BTreeMap::new();
        for e in &change.edits {
            let text = self.text_of(&e.path).unwrap_or_default();
            let range = Lines::new(&text, self.encoding).range(e.span.start, e.span.end);
            by_file.entry(&e.path).or_default().push(lsp::TextEdit { range, new_text: e.replacement.clone() });
        }
        let resources = !change.creates.is_empty() || !change.renames.is_empty();
        if !self.options.document_changes {
            if resources {
                return None;
            }
            // lsp-types keys the map by `Uri`, which clippy suspects of interior mutability: it
            // has none that hashing sees.
            #[allow(clippy::mutable_key_type)]
            let changes = by_file.into_iter().map(|(path, edits)| (self.uri_of(path), edits)).collect();
            return Some(lsp::WorkspaceEdit { changes: Some(changes), ..lsp::WorkspaceEdit::default() });
        }
        if resources && !self.options.resource_operations {
            return None;
        }
        let mut ops: Vec<lsp::DocumentChangeOperation> = Vec::new();
        for (path, edits) in by_file {
            ops.push(lsp::DocumentChangeOperation::Edit(lsp::TextDocumentEdit {
                text_document: lsp::OptionalVersionedTextDocumentIdentifier {
                    uri: self.uri_of(path),
                    version: self.docs.get(path).map(|d| d.version),
                },
                edits: edits.into_iter().map(lsp::OneOf::Left).collect(),
            }));
        }
        for (path, content) in &change.creates {
            let uri = path_to_uri(&self.root.join(path));
            ops.push(lsp::DocumentChangeOperation::Op(lsp::ResourceOp::Create(lsp::CreateFile {
                uri: uri.clone(),
                options: Some(lsp::CreateFileOptions { overwrite: Some(false), ignore_if_exists: Some(true) }),
                annotation_id: None,
            })));
            let start = lsp::Position { line: 0, character: 0 };
            ops.push(lsp::DocumentChangeOperation::Edit(lsp::TextDocumentEdit {
                text_document: lsp::OptionalVersionedTextDocumentIdentifier { uri, version: None },
                edits: vec![lsp::OneOf::Left(lsp::TextEdit {
                    range: lsp::Range { start, end: start },
                    new_text: content.clone(),
                })],
            }));
        }
        for (from, to) in &change.renames {
            ops.push(lsp::DocumentChangeOperation::Op(lsp::ResourceOp::Rename(lsp::RenameFile {
                old_uri: self.uri_of(from),
                new_uri: path_to_uri(&self.root.join(to)),
                options: Some(lsp::RenameFileOptions { overwrite: Some(false), ignore_if_exists: Some(false) }),
                annotation_id: None,
            })));
        }
        Some(lsp::WorkspaceEdit {
            document_changes: Some(lsp::DocumentChanges::Operations(ops)),
            ..lsp::WorkspaceEdit::default()
        })
    }
}

fn to_value(v: impl serde::Serialize) -> Result<Value, String> {
    serde_json::to_value(v).map_err(|e| format!("cannot encode the answer: {e}"))
}
