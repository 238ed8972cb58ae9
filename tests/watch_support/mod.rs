//! Shared by the end-to-end watch tests: the real `wikilint watch --format json` on a temp
//! vault, and what its batches add up to, compared with a fresh `wikilint check`.

#![allow(dead_code)]

use serde_json::Value;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// How long a change may take to show; a pass is much quicker, only a failure waits this long.
pub const PATIENCE: Duration = Duration::from_secs(20);

/// One finding without its hint, as both commands print it.
fn key(d: &Value) -> String {
    let s = |k: &str| d[k].as_str().unwrap_or_default().to_string();
    format!("{}:{}:{} {} {} {}", s("path"), d["line"], d["column"], s("severity"), s("code"), s("message"))
}

fn hint(d: &Value) -> Option<String> {
    d["hint"].as_str().map(String::from)
}

/// What `wikilint check --format json` says now: its findings (sorted, hint appended) and
/// totals (errors, warnings, infos, missing notes).
pub fn fresh_check(root: &Path) -> (Vec<String>, Vec<u64>) {
    let out = Command::new(env!("CARGO_BIN_EXE_wikilint")).args(["check", "--format", "json"]).arg(root).output();
    let out = out.unwrap();
    assert!(matches!(out.status.code(), Some(0 | 1)), "{}", String::from_utf8_lossy(&out.stderr));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut findings: Vec<String> =
        v["diagnostics"].as_array().unwrap().iter().map(|d| format!("{} hint={:?}", key(d), hint(d))).collect();
    findings.sort();
    (findings, totals(&v["totals"]))
}

fn totals(t: &Value) -> Vec<u64> {
    ["errors", "warnings", "infos", "missing_notes"].iter().map(|k| t[*k].as_u64().unwrap()).collect()
}

/// A running `wikilint watch --format json`, and what its batches add up to.
pub struct Watch {
    child: Child,
    lines: mpsc::Receiver<String>,
    findings: Vec<(String, Option<String>)>,
    totals: Vec<u64>,
    /// Every line seen (batches and stub-created events), for the failure messages and the
    /// tests that look at them.
    pub batches: Vec<Value>,
    stderr: std::sync::Arc<std::sync::Mutex<String>>,
    probes: usize,
}

impl Watch {
    pub fn start(root: &Path, args: &[&str]) -> Watch {
        let mut child = Command::new(env!("CARGO_BIN_EXE_wikilint"))
            .args(["watch", "--format", "json", "--debounce", "50"])
            .args(args)
            .arg(root)
            .env("WIKILINT_DATE", "2026-01-02")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                let _ = tx.send(line);
            }
        });
        let stderr = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
        let (pipe, sink) = (child.stderr.take().unwrap(), stderr.clone());
        std::thread::spawn(move || {
            for line in BufReader::new(pipe).lines().map_while(Result::ok) {
                let mut all = sink.lock().unwrap();
                all.push_str(&line);
                all.push('\n');
            }
        });
        let mut w =
            Watch { child, lines, findings: Vec::new(), totals: Vec::new(), batches: Vec::new(), stderr, probes: 0 };
        let first = w.next(PATIENCE).expect("the initial batch");
        assert_eq!(first["initial"], true, "{first}");
        assert_eq!(w.state(), fresh_check(root), "at the start");
        // Changes made at once would be in the same second as the initial read.
        std::thread::sleep(Duration::from_millis(300));
        w
    }

    /// The next batch within `wait`, taken into the state (other lines are returned as they are).
    pub fn next(&mut self, wait: Duration) -> Option<Value> {
        let line = self.lines.recv_timeout(wait).ok()?;
        let v: Value = serde_json::from_str(&line).unwrap();
        if v.get("totals").is_some() {
            for d in v["resolved"].as_array().unwrap() {
                let at = self.findings.iter().position(|(k, h)| *k == key(d) && *h == hint(d));
                self.findings.remove(at.unwrap_or_else(|| panic!("resolved but never seen: {d}")));
            }
            for d in v["changed"].as_array().unwrap() {
                let at = self.findings.iter().position(|(k, _)| *k == key(d));
                self.findings[at.unwrap_or_else(|| panic!("changed but never seen: {d}"))].1 = hint(d);
            }
            for d in v["new"].as_array().unwrap() {
                self.findings.push((key(d), hint(d)));
            }
            self.totals = totals(&v["totals"]);
        }
        self.batches.push(v.clone());
        Some(v)
    }

    pub fn state(&self) -> (Vec<String>, Vec<u64>) {
        let mut findings: Vec<String> = self.findings.iter().map(|(k, h)| format!("{k} hint={h:?}")).collect();
        findings.sort();
        (findings, self.totals.clone())
    }

    /// Waits until the watcher's findings and totals equal a fresh check's, and stay so for a
    /// second (a late batch with a ghost would undo it). Fails after [`PATIENCE`].
    pub fn agrees_with_check(&mut self, root: &Path, what: &str) {
        let expected = fresh_check(root);
        let deadline = Instant::now() + PATIENCE;
        loop {
            if self.state() == expected {
                match self.next(Duration::from_secs(1)) {
                    None => return,
                    Some(_) => continue,
                }
            }
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() || self.next(left).is_none() {
                let (found, totals) = self.state();
                panic!(
                    "{what}: the watcher does not agree with check\n watcher: {found:#?} {totals:?}\n   check: {:#?} {:?}\n batches: {:#?}",
                    expected.0, expected.1, self.batches
                );
            }
        }
    }

    /// What the watcher said on stderr so far (refused stubs, errors).
    pub fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }

    /// The paths of the stubs created so far, in order.
    pub fn created(&self) -> Vec<String> {
        self.batches
            .iter()
            .filter(|v| v["event"] == "stub-created")
            .map(|v| v["path"].as_str().unwrap().to_string())
            .collect()
    }

    /// Writes a new note with a link to a new name (`Probe 1`, `Probe 2`, ...), and waits for
    /// that name's stub and the batch that follows it: every target that was due as early
    /// (settled before the probe's link was even written) has had its stub by then. Returns the
    /// stubs created so far.
    pub fn created_after_probe(&mut self, root: &Path) -> Vec<String> {
        self.probes += 1;
        let probe = format!("Probe {}", self.probes);
        std::fs::write(root.join(format!("{probe} source.md")), format!("[[{probe}]]\n")).unwrap();
        let stub = format!("{probe}.md");
        let deadline = Instant::now() + PATIENCE;
        let mut probed = false;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let Some(v) = self.next(left) else {
                panic!("no stub for the probe: {:#?}\nstderr: {}", self.batches, self.stderr());
            };
            if v["event"] == "stub-created" && v["path"] == stub.as_str() {
                probed = true;
            } else if probed && v.get("totals").is_some() {
                return self.created();
            }
        }
    }

    pub fn stop(mut self) {
        let ok = Command::new("kill").args(["-INT", &self.child.id().to_string()]).status().unwrap().success();
        assert!(ok);
        assert_eq!(self.child.wait().unwrap().code(), Some(0));
    }
}

pub fn vault() -> tempfile::TempDir {
    let dir = tempfile::TempDir::new().unwrap();
    std::fs::create_dir(dir.path().join(".obsidian")).unwrap();
    dir
}
