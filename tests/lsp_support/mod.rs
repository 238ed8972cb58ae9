//! A small language-server client for the protocol tests: starts `wikilint lsp` on a copy of a
//! fixture vault, frames JSON-RPC with `Content-Length` over the child's stdin/stdout, keeps
//! the notifications that arrive while it waits for a response, and answers the server's own
//! requests (`client/registerCapability`) as an editor would.
#![allow(dead_code)]

use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, ExitStatus, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};
use tempfile::TempDir;

/// How long to wait for any one answer or notification before failing the test.
pub const TIMEOUT: Duration = Duration::from_secs(20);

/// The client capabilities of a plain editor: UTF-16 positions, WorkspaceEdits with document
/// changes and file operations, no file watching for the server.
pub fn editor_capabilities() -> Value {
    json!({
        "general": { "positionEncodings": ["utf-16"] },
        "workspace": {
            "workspaceEdit": { "documentChanges": true, "resourceOperations": ["create", "rename", "delete"] }
        },
        "textDocument": { "completion": { "completionItem": { "snippetSupport": false } } }
    })
}

thread_local! {
    /// Files `start_plus` adds to the copy of the fixture.
    static EXTRA: std::cell::RefCell<Vec<(String, String)>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Column units the server chose.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Units {
    Utf8,
    Utf16,
}

pub struct Server {
    child: Child,
    stdin: ChildStdin,
    incoming: Receiver<Value>,
    /// Notifications (and server requests) received but not yet looked at.
    pub pending: Vec<Value>,
    /// Every message the server sent, in order.
    pub log: Vec<Value>,
    next_id: i64,
    _dir: TempDir,
    /// The vault's folder (canonical, as the server names files).
    pub root: PathBuf,
    pub initialize_result: Value,
    pub units: Units,
    snapshot: BTreeMap<PathBuf, Vec<u8>>,
    versions: BTreeMap<String, i64>,
}

impl Server {
    /// The server on a copy of `vault-fixtures/<fixture>`, initialized with `capabilities`.
    pub fn start(fixture: &str, capabilities: Value) -> Server {
        Server::start_with(fixture, capabilities, Value::Null)
    }

    /// The server on a copy of `fixture`, the editor's workspace folder being `folder` in it.
    pub fn start_in(fixture: &str, capabilities: Value, folder: &str) -> Server {
        Server::launch(fixture, capabilities, Value::Null, Some(folder))
    }

    /// The server with no workspace folder at all (an editor started on a single file).
    pub fn start_without_folder(fixture: &str, capabilities: Value) -> Server {
        Server::launch(fixture, capabilities, Value::Null, None)
    }

    pub fn start_with(fixture: &str, capabilities: Value, initialization_options: Value) -> Server {
        Server::launch(fixture, capabilities, initialization_options, Some(""))
    }

    /// The server on a copy of `fixture` with these files added (or replaced).
    pub fn start_plus(fixture: &str, files: &[(&str, &str)]) -> Server {
        EXTRA.with(|extra| *extra.borrow_mut() = files.iter().map(|(p, t)| (p.to_string(), t.to_string())).collect());
        Server::launch(fixture, editor_capabilities(), Value::Null, Some(""))
    }

    fn launch(fixture: &str, capabilities: Value, initialization_options: Value, folder: Option<&str>) -> Server {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("vault");
        copy_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("vault-fixtures").join(fixture), &root);
        for (path, text) in EXTRA.with(|extra| std::mem::take(&mut *extra.borrow_mut())) {
            let file = root.join(path);
            std::fs::create_dir_all(file.parent().unwrap()).unwrap();
            std::fs::write(file, text).unwrap();
        }
        let root = root.canonicalize().unwrap();
        let cache = dir.path().join("cache");
        let mut child = Command::new(env!("CARGO_BIN_EXE_wikilint"))
            .arg("lsp")
            .current_dir(dir.path())
            .env("XDG_CACHE_HOME", &cache)
            .env("NO_COLOR", "1")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("wikilint lsp starts");
        let stdin = child.stdin.take().unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, incoming) = channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            while let Some(message) = read_message(&mut reader) {
                if tx.send(message).is_err() {
                    return;
                }
            }
        });
        let snapshot = snapshot(&root);
        let mut server = Server {
            child,
            stdin,
            incoming,
            pending: Vec::new(),
            log: Vec::new(),
            next_id: 0,
            _dir: dir,
            root,
            initialize_result: Value::Null,
            units: Units::Utf16,
            snapshot,
            versions: BTreeMap::new(),
        };
        let root_uri = folder.map(|f| file_uri(&server.root.join(f)));
        let folders = root_uri.as_ref().map(|uri| json!([{ "uri": uri, "name": "vault" }]));
        let params = json!({
            "processId": null,
            "rootUri": root_uri,
            "workspaceFolders": folders,
            "capabilities": capabilities,
            "initializationOptions": initialization_options,
        });
        let result = server.request("initialize", params).expect("initialize succeeds");
        server.units = match result["capabilities"]["positionEncoding"].as_str() {
            Some("utf-8") => Units::Utf8,
            _ => Units::Utf16,
        };
        server.initialize_result = result;
        server.notify("initialized", json!({}));
        server
    }

    fn send(&mut self, message: &Value) {
        let body = serde_json::to_vec(message).unwrap();
        write!(self.stdin, "Content-Length: {}\r\n\r\n", body.len()).unwrap();
        self.stdin.write_all(&body).unwrap();
        self.stdin.flush().unwrap();
    }

    pub fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({ "jsonrpc": "2.0", "method": method, "params": params }));
    }

    /// Sends a request and waits for its response: `Ok(result)` or `Err(error)`.
    pub fn request(&mut self, method: &str, params: Value) -> Result<Value, Value> {
        self.next_id += 1;
        let id = self.next_id;
        self.send(&json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }));
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let message = self.receive(deadline).unwrap_or_else(|| panic!("no answer to {method} within {TIMEOUT:?}"));
            if message.get("method").is_none() && message["id"] == json!(id) {
                return match message.get("error") {
                    Some(error) => Err(error.clone()),
                    None => Ok(message.get("result").cloned().unwrap_or(Value::Null)),
                };
            }
            self.pending.push(message);
        }
    }

    /// The next message, answering the server's requests on the way; `None` at the deadline.
    fn receive(&mut self, deadline: Instant) -> Option<Value> {
        let left = deadline.saturating_duration_since(Instant::now());
        let message = match self.incoming.recv_timeout(left) {
            Ok(m) => m,
            Err(RecvTimeoutError::Timeout) => return None,
            Err(RecvTimeoutError::Disconnected) => panic!("the server closed its output"),
        };
        self.log.push(message.clone());
        if message.get("method").is_some() && message.get("id").is_some() {
            // A request from the server: an editor says yes.
            let answer = json!({ "jsonrpc": "2.0", "id": message["id"], "result": null });
            self.send(&answer);
        }
        Some(message)
    }

    /// Waits for a notification `method` for which `keep` holds, and takes it.
    pub fn wait_for(&mut self, method: &str, keep: impl Fn(&Value) -> bool) -> Value {
        self.wait_dropping(method, keep, |_| false)
    }

    /// Waits for a notification `method` for which `keep` holds, and takes it; the ones of
    /// `method` before it for which `stale` holds (earlier states of the same thing) are dropped,
    /// the others kept for later waits.
    fn wait_dropping(&mut self, method: &str, keep: impl Fn(&Value) -> bool, stale: impl Fn(&Value) -> bool) -> Value {
        let deadline = Instant::now() + TIMEOUT;
        let mut seen = Vec::new();
        loop {
            if let Some(i) = self.pending.iter().position(|m| m["method"] == method && keep(&m["params"])) {
                return self.pending.remove(i)["params"].clone();
            }
            for m in self.pending.iter().filter(|m| m["method"] == method && stale(&m["params"])) {
                seen.push(m["params"].clone());
            }
            self.pending.retain(|m| !(m["method"] == method && stale(&m["params"])));
            match self.receive(deadline) {
                Some(m) => self.pending.push(m),
                None => panic!("no {method} as expected within {TIMEOUT:?}; saw {}", json!(seen)),
            }
        }
    }

    /// The next diagnostics published for `path` for which `keep` holds (those published for
    /// it before are dropped; those for other files kept).
    pub fn diagnostics_for(&mut self, path: &str, keep: impl Fn(&[Value]) -> bool) -> Vec<Value> {
        let uri = self.uri(path);
        let params = self.wait_dropping(
            "textDocument/publishDiagnostics",
            |p| p["uri"] == uri.as_str() && keep(p["diagnostics"].as_array().map_or(&[][..], Vec::as_slice)),
            |p| p["uri"] == uri.as_str(),
        );
        params["diagnostics"].as_array().cloned().unwrap_or_default()
    }

    /// The `file:` URI of the vault folder.
    pub fn folder_uri(&self) -> String {
        file_uri(&self.root)
    }

    /// The `file:` URI of a vault path, written as the server writes it.
    pub fn uri(&self, path: &str) -> String {
        file_uri(&self.root.join(path))
    }

    pub fn read(&self, path: &str) -> String {
        std::fs::read_to_string(self.root.join(path)).unwrap()
    }

    /// Opens a note in the editor with its text on disk.
    pub fn open(&mut self, path: &str) {
        let text = self.read(path);
        self.versions.insert(path.to_string(), 1);
        let uri = self.uri(path);
        self.notify(
            "textDocument/didOpen",
            json!({ "textDocument": { "uri": uri, "languageId": "markdown", "version": 1, "text": text } }),
        );
    }

    /// Sends changes to an open note: each `(range, text)`, `None` for the whole text.
    pub fn change(&mut self, path: &str, changes: Vec<(Option<Value>, &str)>) {
        let version = self.versions.entry(path.to_string()).or_insert(1);
        *version += 1;
        let version = *version;
        let content: Vec<Value> = changes
            .into_iter()
            .map(|(range, text)| match range {
                Some(range) => json!({ "range": range, "text": text }),
                None => json!({ "text": text }),
            })
            .collect();
        let uri = self.uri(path);
        self.notify(
            "textDocument/didChange",
            json!({ "textDocument": { "uri": uri, "version": version }, "contentChanges": content }),
        );
    }

    /// The position of byte `at` of `text` in the server's column units.
    pub fn position(&self, text: &str, at: usize) -> Value {
        let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
        let line = text[..at].matches('\n').count();
        let segment = &text[line_start..at];
        let character = match self.units {
            Units::Utf8 => segment.len(),
            Units::Utf16 => segment.encode_utf16().count(),
        };
        json!({ "line": line, "character": character })
    }

    /// The position `skip` bytes into the first occurrence of `needle` in the note `path` on disk.
    pub fn find(&self, path: &str, needle: &str, skip: usize) -> Value {
        let text = self.read(path);
        let at = text.find(needle).unwrap_or_else(|| panic!("{needle:?} is not in {path}"));
        self.position(&text, at + skip)
    }

    /// The range of the first occurrence of `needle` in `path` on disk.
    pub fn range_of(&self, path: &str, needle: &str) -> Value {
        let text = self.read(path);
        let at = text.find(needle).unwrap_or_else(|| panic!("{needle:?} is not in {path}"));
        json!({ "start": self.position(&text, at), "end": self.position(&text, at + needle.len()) })
    }

    /// `params` for a request at a position of a document.
    pub fn at(&self, path: &str, position: Value) -> Value {
        json!({ "textDocument": { "uri": self.uri(path) }, "position": position })
    }

    /// The files of the vault changed since the server started (none, if it wrote nothing).
    pub fn assert_vault_unchanged(&self) {
        self.assert_vault_unchanged_but(&[]);
    }

    /// The same, but for the files the test changed itself.
    pub fn assert_vault_unchanged_but(&self, changed_by_the_test: &[&str]) {
        let now = snapshot(&self.root);
        let changed: Vec<&PathBuf> = self
            .snapshot
            .keys()
            .chain(now.keys())
            .filter(|p| self.snapshot.get(*p) != now.get(*p))
            .filter(|p| !changed_by_the_test.iter().any(|c| Path::new(c) == p.as_path()))
            .collect();
        assert!(changed.is_empty(), "the server changed files of the vault: {changed:?}");
    }

    /// `shutdown` then `exit`; the process's exit status.
    pub fn shutdown(mut self) -> ExitStatus {
        let answer = self.request("shutdown", Value::Null);
        assert_eq!(answer, Ok(Value::Null), "shutdown answers null");
        self.notify("exit", Value::Null);
        self.wait_exit()
    }

    /// Waits for the process to end; its exit status.
    pub fn wait_exit(&mut self) -> ExitStatus {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            assert!(Instant::now() < deadline, "the server did not exit within {TIMEOUT:?} of `exit`");
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if self.child.try_wait().ok().flatten().is_none() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// One framed message, `None` at the end of the stream.
fn read_message(reader: &mut impl BufRead) -> Option<Value> {
    let mut length = None;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some((name, value)) = line.split_once(':')
            && name.eq_ignore_ascii_case("content-length")
        {
            length = value.trim().parse::<usize>().ok();
        }
    }
    let mut body = vec![0; length?];
    reader.read_exact(&mut body).ok()?;
    Some(serde_json::from_slice(&body).expect("the server sends JSON"))
}

/// A `file:` URI with every byte but `A-Za-z0-9/-._~` percent-encoded.
pub fn file_uri(path: &Path) -> String {
    let mut s = String::from("file://");
    for b in path.to_str().unwrap().bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~".contains(&b) {
            s.push(b as char);
        } else {
            s.push_str(&format!("%{b:02X}"));
        }
    }
    s
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

fn snapshot(root: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let entry = entry.unwrap();
            if entry.file_type().unwrap().is_dir() {
                stack.push(entry.path());
            } else {
                out.insert(
                    entry.path().strip_prefix(root).unwrap().to_path_buf(),
                    std::fs::read(entry.path()).unwrap(),
                );
            }
        }
    }
    out
}
