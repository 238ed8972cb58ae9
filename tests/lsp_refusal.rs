//! `wikilint lsp` refuses, as every command does, to take the home folder (or the file system's
//! root) for a vault when nothing marks it as one: it says why in the editor and stops, rather
//! than reading everything below.

use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Command, Stdio};

fn frame(body: &str) -> Vec<u8> {
    format!("Content-Length: {}\r\n\r\n{body}", body.len()).into_bytes()
}

fn read_message(out: &mut BufReader<std::process::ChildStdout>) -> Option<serde_json::Value> {
    let mut length = 0;
    loop {
        let mut line = String::new();
        if out.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim();
        if line.is_empty() {
            break;
        }
        if let Some(v) = line.strip_prefix("Content-Length:") {
            length = v.trim().parse().ok()?;
        }
    }
    let mut body = vec![0; length];
    out.read_exact(&mut body).ok()?;
    serde_json::from_slice(&body).ok()
}

#[test]
fn the_home_folder_without_a_vault_marker_is_refused_with_a_message() {
    let home = tempfile::tempdir().unwrap();
    std::fs::write(home.path().join("note.md"), "[[x]]\n").unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_wikilint"))
        .arg("lsp")
        .env("HOME", home.path())
        .env("XDG_CACHE_HOME", home.path().join(".cache"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let uri = format!("file://{}", home.path().display());
    let init = serde_json::json!({"jsonrpc": "2.0", "id": 1, "method": "initialize",
        "params": {"processId": null, "rootUri": uri, "capabilities": {}}});
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(&frame(&init.to_string())).unwrap();
    stdin.flush().unwrap();
    let mut out = BufReader::new(child.stdout.take().unwrap());
    let reply = read_message(&mut out).unwrap();
    assert_eq!(reply["id"], 1, "{reply}");
    let initialized = serde_json::json!({"jsonrpc": "2.0", "method": "initialized", "params": {}});
    stdin.write_all(&frame(&initialized.to_string())).unwrap();
    stdin.flush().unwrap();
    let message = read_message(&mut out).expect("a message before stopping");
    assert_eq!(message["method"], "window/showMessage", "{message}");
    let text = message["params"]["message"].as_str().unwrap();
    assert!(text.contains("not a vault") && text.contains("--vault"), "{text}");
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(2));
    assert_eq!(std::fs::read_to_string(home.path().join("note.md")).unwrap(), "[[x]]\n");
}
