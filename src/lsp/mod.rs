//! `wikilint lsp`: the vault in an editor, over the Language Server Protocol on stdio. A
//! front end like the CLI and the watcher: the live check (`live.rs`) holds the vault with the
//! editor's unsaved texts laid over it, `ide/` answers the questions, and this module only
//! speaks the protocol. It writes no file: every change goes to the editor as a WorkspaceEdit.

pub mod convert;
mod requests;

use crate::config::{Config, Overrides};
use crate::live::{LiveCheck, Sync};
use crate::watch::{VaultChange, classify, is_setting};
use convert::{Encoding, Lines, path_to_uri, uri_to_path};
use crossbeam_channel::Sender;
use lsp_server::{Connection, Message, Notification, Request, RequestId, Response};
use lsp_types as lsp;
use serde_json::{Value, json};
use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

/// How many files' findings are published between two looks at the editor's messages.
const PUBLISH_CHUNK: usize = 50;

/// What the main loop wakes up for.
enum Event {
    Client(Message),
    /// The client closed its end (or stdin ended).
    Gone,
    Files(notify_debouncer_full::DebounceEventResult),
}

/// Runs the server until the client says `exit` or goes away; the exit code the protocol
/// asks for (0 after `shutdown`, 1 for an `exit` without it). `vault` overrides the folder the
/// client names as its workspace.
pub fn run(vault: Option<PathBuf>) -> Result<u8, String> {
    let (connection, io_threads) = Connection::stdio();
    let (id, params) = connection.initialize_start().map_err(|e| format!("initialize: {e}"))?;
    let init: lsp::InitializeParams =
        serde_json::from_value(params).map_err(|e| format!("initialize: cannot read the parameters: {e}"))?;
    let encoding = choose_encoding(&init);
    let insisted = vault.is_some();
    let folder = vault.or_else(|| workspace_folder(&init));
    let result = json!({
        "capabilities": capabilities(encoding),
        "serverInfo": { "name": "wikilint", "version": env!("CARGO_PKG_VERSION") },
    });
    connection.initialize_finish(id, result).map_err(|e| format!("initialize: {e}"))?;

    let (tx, rx) = mpsc::channel::<Event>();
    let forward = tx.clone();
    let receiver = connection.receiver.clone();
    std::thread::spawn(move || {
        for message in receiver {
            if forward.send(Event::Client(message)).is_err() {
                return;
            }
        }
        let _ = forward.send(Event::Gone);
    });
    // No workspace folder (an editor started on one file): the vault is found from the first
    // file opened, which is then handled as if it came after.
    let (root, first_open) = match folder {
        Some(folder) => (vault_root(&folder), None),
        None => match wait_for_first_document(&connection.sender, &rx) {
            Waited::Opened(root, open) => (root, Some(open)),
            Waited::Exit(code) => {
                drop(connection);
                let _ = io_threads.join();
                return Ok(code);
            }
        },
    };
    // As every command: a folder with no vault marker that is the file system's root or the home
    // folder (or above it) is not read whole by accident; `--vault` insists.
    let marked = root.join(".obsidian").is_dir() || root.join(crate::config::FILE_NAME).is_file();
    if !insisted && !marked && crate::discover::is_too_wide(&root) {
        let message = format!(
            "wikilint: no .obsidian/ or wikilint.toml in {} or above: it is not a vault, and checking it would read \
             everything below it. Open the vault's folder, or start `wikilint lsp --vault DIR`",
            root.display()
        );
        let params = json!({ "type": 1, "message": message });
        let _ = connection.sender.send(Message::Notification(Notification::new("window/showMessage".into(), params)));
        // The reader would wait for the editor to hang up: only the writer is given time to
        // send the message.
        drop(connection);
        drop(io_threads);
        std::thread::sleep(Duration::from_millis(200));
        return Err(message);
    }
    let options = Options::from(&init);
    let mut server = Server::new(connection.sender.clone(), root, encoding, options)?;
    if let Some(open) = first_open {
        server.on_notification(open);
    }
    // File events: from the client when it offers to watch for us, else our own watcher.
    let _watcher = if server.options.client_watches {
        server.register_file_watching();
        None
    } else {
        server.start_watching(tx.clone())
    };
    let outcome = server.main_loop(&rx);
    // The writer thread ends once every sender is gone, the server's too.
    drop(server);
    drop(connection);
    let _ = io_threads.join();
    outcome
}

enum Waited {
    /// The vault of the first file opened, and its `didOpen`.
    Opened(PathBuf, Notification),
    /// The client ended the session first: the exit code.
    Exit(u8),
}

/// Until a file is opened there is no vault: requests get empty answers, `shutdown` and
/// `exit` end the session as usual.
fn wait_for_first_document(sender: &Sender<Message>, rx: &mpsc::Receiver<Event>) -> Waited {
    let mut shutting_down = false;
    while let Ok(event) = rx.recv() {
        match event {
            Event::Client(Message::Request(req)) => {
                let response = match req.method.as_str() {
                    _ if shutting_down => {
                        Response::new_err(req.id, lsp_server::ErrorCode::InvalidRequest as i32, "shutting down".into())
                    }
                    "shutdown" => {
                        shutting_down = true;
                        Response::new_ok(req.id, ())
                    }
                    "workspace/symbol" | "textDocument/references" => Response::new_ok(req.id, json!([])),
                    _ => Response::new_ok(req.id, Value::Null),
                };
                let _ = sender.send(Message::Response(response));
            }
            Event::Client(Message::Notification(n)) if n.method == "exit" => {
                return Waited::Exit(if shutting_down { 0 } else { 1 });
            }
            Event::Client(Message::Notification(n)) if n.method == "textDocument/didOpen" => {
                let file = n
                    .params
                    .pointer("/textDocument/uri")
                    .and_then(Value::as_str)
                    .and_then(|u| u.parse::<lsp::Uri>().ok())
                    .and_then(|u| uri_to_path(&u));
                if let Some(folder) = file.as_deref().and_then(Path::parent) {
                    return Waited::Opened(vault_root(folder), n);
                }
            }
            Event::Client(_) | Event::Files(_) => {}
            Event::Gone => break,
        }
    }
    Waited::Exit(0)
}

/// What the client can do, read once from `initialize`.
#[derive(Debug, Default)]
struct Options {
    client_watches: bool,
    document_changes: bool,
    resource_operations: bool,
    /// Publish the findings of every note (the default), or only of the open ones
    /// (`initializationOptions: {"diagnostics": "open"}`).
    workspace_diagnostics: bool,
}

impl From<&lsp::InitializeParams> for Options {
    fn from(init: &lsp::InitializeParams) -> Options {
        let workspace = init.capabilities.workspace.as_ref();
        let client_watches = workspace
            .and_then(|w| w.did_change_watched_files.as_ref())
            .and_then(|d| d.dynamic_registration)
            .unwrap_or(false);
        let edit = workspace.and_then(|w| w.workspace_edit.as_ref());
        let document_changes = edit.and_then(|e| e.document_changes).unwrap_or(false);
        let ops = edit.and_then(|e| e.resource_operations.as_ref());
        let resource_operations = ops.is_some_and(|ops| {
            ops.contains(&lsp::ResourceOperationKind::Create) && ops.contains(&lsp::ResourceOperationKind::Rename)
        });
        let workspace_diagnostics =
            init.initialization_options.as_ref().and_then(|o| o.get("diagnostics")).and_then(Value::as_str)
                != Some("open");
        Options { client_watches, document_changes, resource_operations, workspace_diagnostics }
    }
}

fn choose_encoding(init: &lsp::InitializeParams) -> Encoding {
    let offered = init.capabilities.general.as_ref().and_then(|g| g.position_encodings.as_ref());
    if offered.is_some_and(|e| e.contains(&lsp::PositionEncodingKind::UTF8)) { Encoding::Utf8 } else { Encoding::Utf16 }
}

fn workspace_folder(init: &lsp::InitializeParams) -> Option<PathBuf> {
    if let Some(folder) = init.workspace_folders.as_ref().and_then(|f| f.first()) {
        return uri_to_path(&folder.uri);
    }
    #[allow(deprecated)]
    init.root_uri.as_ref().and_then(uri_to_path)
}

/// The vault a workspace folder belongs to: the nearest folder from it upwards holding
/// `.obsidian/` or wikilint.toml, else the folder itself. Canonical, as file events are.
fn vault_root(folder: &Path) -> PathBuf {
    let folder = folder.canonicalize().unwrap_or_else(|_| folder.to_path_buf());
    let marked = |d: &Path| d.join(".obsidian").is_dir() || d.join(crate::config::FILE_NAME).is_file();
    folder.ancestors().find(|d| marked(d)).map_or(folder.clone(), Path::to_path_buf)
}

fn capabilities(encoding: Encoding) -> Value {
    let position_encoding = match encoding {
        Encoding::Utf8 => "utf-8",
        Encoding::Utf16 => "utf-16",
    };
    json!({
        "positionEncoding": position_encoding,
        "textDocumentSync": { "openClose": true, "change": 2, "save": { "includeText": false } },
        "completionProvider": { "triggerCharacters": ["[", "#", "^", "(", "!", "/"], "resolveProvider": false },
        "definitionProvider": true,
        "referencesProvider": true,
        "hoverProvider": true,
        "documentSymbolProvider": true,
        "workspaceSymbolProvider": true,
        "codeActionProvider": { "codeActionKinds": ["quickfix", "source.fixAll"] },
        "renameProvider": { "prepareProvider": true },
        "workspace": {
            "workspaceFolders": { "supported": true },
            "fileOperations": {
                "willRename": { "filters": [{ "scheme": "file", "pattern": { "glob": "**/*" } }] }
            }
        }
    })
}

/// An open document: the editor's text, which the check reads instead of the file.
struct Doc {
    uri: lsp::Uri,
    version: i32,
    text: String,
}

struct Server {
    sender: Sender<Message>,
    root: PathBuf,
    encoding: Encoding,
    options: Options,
    live: LiveCheck,
    /// Open documents by vault path.
    docs: HashMap<String, Doc>,
    /// Open documents whose text changed since the check last read it.
    dirty: BTreeSet<String>,
    /// Files with findings published (to clear them when they have none).
    published: HashSet<String>,
    shutting_down: bool,
    /// The findings of the whole vault are still to be published (at start-up, when idle).
    publish_pending: bool,
    /// Files whose findings are still to be published (the last first), a chunk at a time.
    to_publish: Vec<String>,
    next_id: i32,
    rule_docs: Option<PathBuf>,
}

impl Server {
    fn new(sender: Sender<Message>, root: PathBuf, encoding: Encoding, options: Options) -> Result<Server, String> {
        // A mistake in wikilint.toml is said, not fatal: the editor keeps a working server, on
        // the defaults until the file is fixed (a change to it is taken in as usual).
        let mut config_error = None;
        let config = match Config::load(&root, &Overrides::default(), crate::rules::catalog()) {
            Ok(config) => config,
            Err(e) => {
                config_error =
                    Some(format!("wikilint.toml: {e:?}; checking with the default settings until it is fixed"));
                Config::without_file(&root, crate::rules::catalog()).map_err(|e| format!("{e:?}"))?
            }
        };
        let live = LiveCheck::new(&root, config);
        Ok(Server {
            sender,
            rule_docs: write_rule_docs(),
            root,
            encoding,
            options,
            live,
            docs: HashMap::new(),
            dirty: BTreeSet::new(),
            published: HashSet::new(),
            shutting_down: false,
            publish_pending: true,
            to_publish: Vec::new(),
            next_id: 0,
        })
        .inspect(|server| {
            if let Some(message) = config_error {
                server.notify("window/showMessage", json!({ "type": 1, "message": message }));
            }
        })
    }
}

impl Server {
    fn main_loop(&mut self, rx: &mpsc::Receiver<Event>) -> Result<u8, String> {
        loop {
            // Typing sends a burst of changes: take in all that are queued, then check once.
            let event = match rx.try_recv() {
                Ok(e) => e,
                Err(mpsc::TryRecvError::Empty) => {
                    self.flush();
                    // The whole vault's findings once the editor's first messages (the notes it
                    // opened while the vault was read) are answered: those come first.
                    if std::mem::take(&mut self.publish_pending) && !self.shutting_down {
                        self.publish_all();
                    }
                    // Fifty files at a time, looking at the editor's messages in
                    // between: typing is answered while a large vault's findings go out.
                    if !self.to_publish.is_empty() && !self.shutting_down {
                        let rest = self.to_publish.split_off(self.to_publish.len().saturating_sub(PUBLISH_CHUNK));
                        self.publish(rest);
                        continue;
                    }
                    match rx.recv() {
                        Ok(e) => e,
                        Err(_) => return Ok(0),
                    }
                }
                Err(mpsc::TryRecvError::Disconnected) => return Ok(0),
            };
            match event {
                Event::Gone => return Ok(0),
                Event::Files(result) => self.on_file_events(result),
                Event::Client(Message::Request(req)) => {
                    if self.shutting_down {
                        self.respond(Response::new_err(
                            req.id,
                            lsp_server::ErrorCode::InvalidRequest as i32,
                            "shutting down".into(),
                        ));
                        continue;
                    }
                    if req.method == "shutdown" {
                        self.shutting_down = true;
                        self.respond(Response::new_ok(req.id, ()));
                        continue;
                    }
                    self.flush();
                    // A bug in one answer is an error response, not the editor's server gone.
                    let (id, method) = (req.id.clone(), req.method.clone());
                    let response = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| self.on_request(req)))
                        .unwrap_or_else(|_| {
                            let message = format!("wikilint failed on {method} (a bug: please report it)");
                            Response::new_err(id, lsp_server::ErrorCode::InternalError as i32, message)
                        });
                    self.respond(response);
                }
                Event::Client(Message::Notification(n)) => {
                    if n.method == "exit" {
                        if !self.shutting_down {
                            eprintln!("wikilint lsp: `exit` before `shutdown`");
                        }
                        return Ok(if self.shutting_down { 0 } else { 1 });
                    }
                    let method = n.method.clone();
                    if std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| self.on_notification(n))).is_err() {
                        eprintln!("wikilint lsp: failed on {method} (a bug: please report it)");
                    }
                }
                Event::Client(Message::Response(_)) => {}
            }
        }
    }

    fn respond(&self, response: Response) {
        let _ = self.sender.send(Message::Response(response));
    }

    fn notify(&self, method: &str, params: impl serde::Serialize) {
        let _ = self.sender.send(Message::Notification(Notification::new(method.to_string(), params)));
    }

    /// The vault path of a document, if it lies in the vault.
    fn vault_path(&self, uri: &lsp::Uri) -> Option<String> {
        let path = uri_to_path(uri)?;
        let rel = path.strip_prefix(&self.root).ok().map(Path::to_path_buf).or_else(|| {
            // The editor may name the file through a symbolic link to the vault.
            let parent = path.parent()?.canonicalize().ok()?;
            Some(parent.join(path.file_name()?).strip_prefix(&self.root).ok()?.to_path_buf())
        })?;
        let rel = rel.to_str()?.replace('\\', "/");
        (!rel.is_empty()).then(|| crate::text::nfc(&rel))
    }

    fn uri_of(&self, path: &str) -> lsp::Uri {
        match self.docs.get(path) {
            Some(doc) => doc.uri.clone(),
            None => path_to_uri(&self.root.join(path)),
        }
    }

    /// The text of a file as the check reads it (the editor's for an open one).
    fn text_of(&self, path: &str) -> Option<String> {
        if let Some(doc) = self.docs.get(path) {
            return Some(doc.text.clone());
        }
        self.live
            .file_id(path)
            .and_then(|id| self.live.text(id))
            .or_else(|| std::fs::read_to_string(self.root.join(path)).ok())
    }

    fn on_notification(&mut self, n: Notification) {
        match n.method.as_str() {
            "textDocument/didOpen" => {
                let Ok(p) = serde_json::from_value::<lsp::DidOpenTextDocumentParams>(n.params) else { return };
                let Some(path) = self.vault_path(&p.text_document.uri) else { return };
                let doc =
                    Doc { uri: p.text_document.uri, version: p.text_document.version, text: p.text_document.text };
                self.docs.insert(path.clone(), doc);
                // Published even when nothing changed (`flush` publishes every document it
                // takes in): an editor shows a file's findings once open.
                self.dirty.insert(path);
                self.flush();
            }
            "textDocument/didChange" => {
                let Ok(p) = serde_json::from_value::<lsp::DidChangeTextDocumentParams>(n.params) else { return };
                let Some(path) = self.vault_path(&p.text_document.uri) else { return };
                let encoding = self.encoding;
                let Some(doc) = self.docs.get_mut(&path) else { return };
                for change in p.content_changes {
                    match change.range {
                        Some(range) => {
                            let lines = Lines::new(&doc.text, encoding);
                            let (start, end) = (lines.offset(range.start), lines.offset(range.end));
                            doc.text.replace_range(start..end.max(start), &change.text);
                        }
                        None => doc.text = change.text,
                    }
                }
                doc.version = p.text_document.version;
                self.dirty.insert(path);
            }
            "textDocument/didClose" => {
                let Ok(p) = serde_json::from_value::<lsp::DidCloseTextDocumentParams>(n.params) else { return };
                let Some(path) = self.vault_path(&p.text_document.uri) else { return };
                if self.docs.remove(&path).is_some() {
                    self.dirty.remove(&path);
                    let delta = self.live.set_overlay(&path, None);
                    let mut touched = affected(&delta);
                    touched.insert(path);
                    self.publish(touched);
                }
            }
            "workspace/didChangeWatchedFiles" => {
                let Ok(p) = serde_json::from_value::<lsp::DidChangeWatchedFilesParams>(n.params) else { return };
                let mut syncs = Vec::new();
                let mut reload = false;
                for change in p.changes {
                    let Some(path) = self.vault_path(&change.uri) else { continue };
                    if is_setting(&path) {
                        reload = true;
                    } else if !path.split('/').any(|c| c.starts_with('.')) {
                        syncs.push(Sync(path));
                    }
                }
                self.take_changes(syncs, reload);
            }
            _ => {}
        }
    }

    fn on_file_events(&mut self, result: notify_debouncer_full::DebounceEventResult) {
        let Ok(events) = result else { return };
        let mut syncs = Vec::new();
        let mut reload = false;
        let changes: Vec<VaultChange> = events.iter().flat_map(|e| classify(&self.root, &e.event)).collect();
        for change in changes {
            match change {
                VaultChange::Sync(s) => syncs.push(s),
                VaultChange::Reload => reload = true,
                VaultChange::Rescan => {
                    let delta = self.live.rescan();
                    self.publish(affected(&delta));
                }
                VaultChange::RootGone => {}
            }
        }
        self.take_changes(syncs, reload);
    }

    fn take_changes(&mut self, syncs: Vec<Sync>, reload: bool) {
        if reload {
            self.reload();
            return;
        }
        if !syncs.is_empty() {
            let delta = self.live.apply(&syncs);
            self.publish(affected(&delta));
        }
    }

    /// wikilint.toml or a setting in `.obsidian/` changed: check again with the new settings.
    fn reload(&mut self) {
        let config = match Config::load(&self.root, &Overrides::default(), crate::rules::catalog()) {
            Ok(c) => c,
            Err(e) => {
                let message = format!("wikilint.toml: {e:?}; keeping the previous configuration");
                self.notify("window/showMessage", json!({ "type": 1, "message": message }));
                return;
            }
        };
        self.live = LiveCheck::new(&self.root, config);
        self.dirty.extend(self.docs.keys().cloned());
        self.flush();
        self.publish_all();
    }

    /// Takes the open documents' new texts into the check and publishes what changed.
    fn flush(&mut self) {
        if self.dirty.is_empty() {
            return;
        }
        let mut touched = BTreeSet::new();
        for path in std::mem::take(&mut self.dirty) {
            let Some(doc) = self.docs.get(&path) else { continue };
            let delta = self.live.set_overlay(&path, Some(doc.text.clone()));
            touched.extend(affected(&delta));
            touched.insert(path);
        }
        self.publish(touched);
    }

    /// Every file with findings (or only the open ones, when so configured): the open ones at
    /// once, the others queued for when the editor has nothing to ask.
    fn publish_all(&mut self) {
        let open: Vec<String> = self.docs.keys().cloned().collect();
        let mut paths: BTreeSet<String> = self.published.iter().cloned().collect();
        if self.options.workspace_diagnostics {
            paths.extend(self.live.diagnostics().into_iter().map(|d| d.path));
        }
        for path in &open {
            paths.remove(path);
        }
        self.publish(open);
        self.to_publish = paths.into_iter().rev().collect();
    }

    fn publish(&mut self, paths: impl IntoIterator<Item = String>) {
        for path in paths {
            let open = self.docs.contains_key(&path);
            if !open && !self.options.workspace_diagnostics && !self.published.contains(&path) {
                continue;
            }
            let findings: Vec<crate::diagnostic::Diagnostic> = if open || self.options.workspace_diagnostics {
                self.live.findings_in(&path).into_iter().cloned().collect()
            } else {
                Vec::new()
            };
            if findings.is_empty() && !self.published.contains(&path) && !open {
                continue;
            }
            let text = if findings.is_empty() { String::new() } else { self.text_of(&path).unwrap_or_default() };
            let lines = Lines::new(&text, self.encoding);
            let uri = self.uri_of(&path);
            let diagnostics: Vec<lsp::Diagnostic> = findings.iter().map(|d| self.diagnostic(&uri, &lines, d)).collect();
            if diagnostics.is_empty() {
                self.published.remove(&path);
            } else {
                self.published.insert(path.clone());
            }
            let version = self.docs.get(&path).map(|d| d.version);
            self.notify("textDocument/publishDiagnostics", lsp::PublishDiagnosticsParams { uri, diagnostics, version });
        }
    }

    fn diagnostic(&self, uri: &lsp::Uri, lines: &Lines, d: &crate::diagnostic::Diagnostic) -> lsp::Diagnostic {
        let range = lines.range(d.loc.span.start, d.loc.span.end);
        let severity = match d.severity {
            crate::diagnostic::Severity::Error => lsp::DiagnosticSeverity::ERROR,
            crate::diagnostic::Severity::Warning => lsp::DiagnosticSeverity::WARNING,
            crate::diagnostic::Severity::Info => lsp::DiagnosticSeverity::INFORMATION,
        };
        let related_information = d.hint.as_ref().map(|hint| {
            vec![lsp::DiagnosticRelatedInformation {
                location: lsp::Location { uri: uri.clone(), range },
                message: hint.clone(),
            }]
        });
        let code_description = self
            .rule_docs
            .as_ref()
            .map(|dir| lsp::CodeDescription { href: path_to_uri(&dir.join(format!("{}-{}.md", d.code, d.name))) });
        lsp::Diagnostic {
            range,
            severity: Some(severity),
            code: Some(lsp::NumberOrString::String(d.code.to_string())),
            code_description,
            source: Some("wikilint".to_string()),
            message: format!("{} [{}]", d.message, d.name),
            related_information,
            tags: None,
            data: Some(json!({ "name": d.name, "fixable": d.fix.is_some() })),
        }
    }

    fn register_file_watching(&mut self) {
        self.next_id += 1;
        let params = json!({ "registrations": [{
            "id": "wikilint-files",
            "method": "workspace/didChangeWatchedFiles",
            "registerOptions": { "watchers": [{ "globPattern": "**/*" }] },
        }]});
        let request = Request::new(
            RequestId::from(format!("wikilint-{}", self.next_id)),
            "client/registerCapability".into(),
            params,
        );
        let _ = self.sender.send(Message::Request(request));
    }

    /// Our own watcher, for a client that does not watch files for its servers.
    fn start_watching(
        &self,
        tx: mpsc::Sender<Event>,
    ) -> Option<notify_debouncer_full::Debouncer<notify::RecommendedWatcher, notify_debouncer_full::RecommendedCache>>
    {
        let mut debouncer = notify_debouncer_full::new_debouncer(Duration::from_millis(100), None, move |r| {
            let _ = tx.send(Event::Files(r));
        })
        .ok()?;
        debouncer.watch(&self.root, notify::RecursiveMode::Recursive).ok()?;
        Some(debouncer)
    }
}

/// The files whose findings a batch changed.
fn affected(delta: &crate::live::Delta) -> BTreeSet<String> {
    delta.new.iter().chain(&delta.resolved).chain(&delta.changed).map(|d| d.path.clone()).collect()
}

/// Each rule's documentation as a Markdown file in the user's cache folder, for the link a
/// diagnostic carries (`codeDescription`): the docs live in the binary, an editor opens files.
fn write_rule_docs() -> Option<PathBuf> {
    let base = std::env::var_os("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")))?;
    let dir = base.join("wikilint").join(env!("CARGO_PKG_VERSION")).join("rules");
    std::fs::create_dir_all(&dir).ok()?;
    for rule in crate::rules::ALL {
        let info = rule.info();
        let file = dir.join(format!("{}-{}.md", info.code, info.name));
        if !file.exists() {
            let text = format!("# {} {}\n\n{}\n\n{}\n", info.code, info.name, info.summary, info.docs.trim());
            std::fs::write(&file, text).ok()?;
        }
    }
    Some(dir)
}
