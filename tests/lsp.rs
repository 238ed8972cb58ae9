//! `wikilint lsp` at the protocol level: the real binary on a copy of `vault-fixtures/lsp`,
//! spoken to over JSON-RPC as an editor would, asserting what the editor would show.

mod lsp_support;

use lsp_support::{Server, Units, editor_capabilities};
use serde_json::{Value, json};

const FIXTURE: &str = "lsp";

fn start() -> Server {
    Server::start(FIXTURE, editor_capabilities())
}

fn codes(diagnostics: &[Value]) -> Vec<&str> {
    diagnostics.iter().filter_map(|d| d["code"].as_str()).collect()
}

/// The diagnostic whose range starts at `start`.
fn at_start<'a>(diagnostics: &'a [Value], start: &Value) -> Option<&'a Value> {
    diagnostics.iter().find(|d| &d["range"]["start"] == start)
}

fn labels(completion: &Value) -> Vec<String> {
    items(completion).iter().map(|i| i["label"].as_str().unwrap().to_string()).collect()
}

fn items(completion: &Value) -> Vec<Value> {
    completion["items"].as_array().or_else(|| completion.as_array()).cloned().unwrap_or_default()
}

fn item<'a>(items: &'a [Value], label: &str) -> &'a Value {
    items.iter().find(|i| i["label"] == label).unwrap_or_else(|| panic!("no item {label:?} in {}", json!(items)))
}

// ---------------------------------------------------------------------------------------------
// initialize, positions, shutdown

#[test]
fn initialize_announces_what_the_server_does() {
    let server = start();
    let caps = &server.initialize_result["capabilities"];
    assert_eq!(caps["positionEncoding"], "utf-16", "utf-16 unless the client offers utf-8");
    assert_eq!(caps["textDocumentSync"]["change"], 2, "incremental sync");
    assert_eq!(caps["textDocumentSync"]["openClose"], true);
    for provider in ["definitionProvider", "referencesProvider", "hoverProvider", "documentSymbolProvider"] {
        assert_eq!(caps[provider], true, "{provider}");
    }
    assert_eq!(caps["workspaceSymbolProvider"], true);
    assert_eq!(caps["renameProvider"]["prepareProvider"], true);
    let triggers = caps["completionProvider"]["triggerCharacters"].as_array().unwrap();
    for t in ["[", "#", "^", "("] {
        assert!(triggers.contains(&json!(t)), "completion triggers on {t}");
    }
    assert!(caps["codeActionProvider"]["codeActionKinds"].as_array().unwrap().contains(&json!("quickfix")));
    assert!(caps["workspace"]["fileOperations"]["willRename"].is_object());
    assert_eq!(server.initialize_result["serverInfo"]["name"], "wikilint");
    server.assert_vault_unchanged();
    assert!(server.shutdown().success(), "exit code 0 after shutdown and exit");
}

/// The same broken link after an accented letter, a BMP symbol and an emoji: its column is
/// counted in bytes when the client offers utf-8, else in UTF-16 units (the emoji is two).
#[test]
fn columns_are_counted_in_the_encoding_negotiated() {
    let mut caps = editor_capabilities();
    caps["general"]["positionEncodings"] = json!(["utf-8", "utf-16"]);
    for (caps, units, column) in [(caps, Units::Utf8, 15), (editor_capabilities(), Units::Utf16, 10)] {
        let mut server = Server::start(FIXTURE, caps);
        assert_eq!(server.units, units);
        let expected = match units {
            Units::Utf8 => "utf-8",
            Units::Utf16 => "utf-16",
        };
        assert_eq!(server.initialize_result["capabilities"]["positionEncoding"], expected);
        server.open("Reading List.md");
        let start = json!({ "line": 2, "character": column });
        let end = json!({ "line": 2, "character": column + "[[Trotsky]]".len() });
        let diagnostics = server.diagnostics_for("Reading List.md", |d| !d.is_empty());
        let d = at_start(&diagnostics, &start)
            .unwrap_or_else(|| panic!("no diagnostic at {start} ({units:?}): {}", json!(diagnostics)));
        assert_eq!(d["range"]["end"], end);
        assert_eq!(d["code"], "WL101");
        // And positions the client sends are read in the same units: hover on the link's last bracket.
        let hover = server
            .request("textDocument/hover", server.at("Reading List.md", json!({ "line": 2, "character": column + 10 })))
            .unwrap();
        assert!(hover["contents"]["value"].as_str().unwrap().contains("Trotsky"), "{hover}");
        server.assert_vault_unchanged();
        assert!(server.shutdown().success());
    }
}

// ---------------------------------------------------------------------------------------------
// diagnostics

#[test]
fn opening_a_note_publishes_its_findings_with_code_severity_docs_and_hint() {
    let mut server = start();
    server.open("Reading List.md");
    let diagnostics = server.diagnostics_for("Reading List.md", |d| !d.is_empty());
    // Two broken links, and the near miss's target counted as a missing note (info).
    assert_eq!(codes(&diagnostics), ["WL101", "WL101", "WL201"], "{}", json!(diagnostics));
    let forward = at_start(&diagnostics, &server.find("Reading List.md", "[[Trotsky]]", 0)).unwrap();
    assert_eq!(forward["severity"], 2, "a link to a note not written yet is a warning");
    assert_eq!(forward["source"], "wikilint");
    assert!(forward["message"].as_str().unwrap().contains("Trotsky"));
    let near = at_start(&diagnostics, &server.find("Reading List.md", "[[Reading-List]]", 0)).unwrap();
    assert_eq!(near["severity"], 1, "a near miss is an error");
    assert_eq!(near["range"], server.range_of("Reading List.md", "[[Reading-List]]"));
    let href = near["codeDescription"]["href"].as_str().expect("a link to the rule's docs");
    assert!(href.starts_with("file://") && href.ends_with("WL101-broken-link.md"), "{href}");
    let docs = std::fs::read_to_string(href.strip_prefix("file://").unwrap()).expect("the docs file exists");
    assert!(docs.contains("WL101"), "{docs}");
    let related = near["relatedInformation"].as_array().expect("the hint as related information");
    assert!(related[0]["message"].as_str().unwrap().contains("Reading List.md"), "{}", json!(related));
    assert_eq!(related[0]["location"]["uri"], server.uri("Reading List.md"));
    server.assert_vault_unchanged();
}

/// Breaking a heading in the unsaved text of one note breaks `[[Note#Heading]]` in another
/// open note, and the other note's diagnostics say so; mending it clears them.
#[test]
fn an_unsaved_change_in_one_note_updates_the_diagnostics_of_another() {
    let mut server = start();
    server.open("Lenin.md");
    server.open("Reading List.md");
    let link = server.find("Reading List.md", "[[Lenin#Early life]]", 0);
    let before = server.diagnostics_for("Reading List.md", |d| !d.is_empty());
    assert!(at_start(&before, &link).is_none(), "the heading exists: {}", json!(before));

    // `## Early life` → `## Youth`, as an editor sends it: a range replaced.
    let range = server.range_of("Lenin.md", "Early life");
    server.change("Lenin.md", vec![(Some(range), "Youth")]);
    let after = server.diagnostics_for("Reading List.md", |d| at_start(d, &link).is_some());
    let broken = at_start(&after, &link).unwrap();
    assert!(broken["message"].as_str().unwrap().contains("Early life"), "{broken}");

    // Undo: the heading is back, the finding goes.
    let lenin = server.read("Lenin.md");
    let at = lenin.find("Early life").unwrap();
    let start = server.position(&lenin, at);
    let end = json!({ "line": start["line"], "character": start["character"].as_u64().unwrap() + 5 });
    server.change("Lenin.md", vec![(Some(json!({ "start": start, "end": end })), "Early life")]);
    server.diagnostics_for("Reading List.md", |d| !d.is_empty() && at_start(d, &link).is_none());
    server.assert_vault_unchanged();
}

#[test]
fn notes_not_open_get_their_findings_published() {
    let mut server = start();
    let diagnostics = server.diagnostics_for("Notes/Essay.md", |d| !d.is_empty());
    assert_eq!(codes(&diagnostics), ["WL101", "WL105"], "{}", json!(diagnostics));
    server.assert_vault_unchanged();
}

/// A note deleted on disk (by git, by Obsidian) while the editor is open: the notes linking
/// it, open or not, get a broken-link finding, through the server's own watcher.
#[test]
fn a_note_deleted_on_disk_breaks_its_backlinks_through_the_servers_watcher() {
    let mut server = start();
    server.open("Lenin.md");
    let in_lenin = server.find("Lenin.md", "[[Marx]]", 0);
    let in_list = server.find("Reading List.md", "[[Marx]]", 0);
    server.diagnostics_for("Lenin.md", |d| !d.is_empty());
    std::fs::remove_file(server.root.join("Marx.md")).unwrap();
    let open = server.diagnostics_for("Lenin.md", |d| at_start(d, &in_lenin).is_some());
    assert_eq!(at_start(&open, &in_lenin).unwrap()["code"], "WL101");
    let closed = server.diagnostics_for("Reading List.md", |d| at_start(d, &in_list).is_some());
    assert_eq!(at_start(&closed, &in_list).unwrap()["code"], "WL101");
}

/// The same, when the editor watches files for the server (`workspace/didChangeWatchedFiles`).
#[test]
fn a_note_deleted_on_disk_breaks_its_backlinks_through_the_clients_watcher() {
    let mut caps = editor_capabilities();
    caps["workspace"]["didChangeWatchedFiles"] = json!({ "dynamicRegistration": true });
    let mut server = Server::start(FIXTURE, caps);
    let registration = server.wait_for("client/registerCapability", |_| true);
    assert_eq!(registration["registrations"][0]["method"], "workspace/didChangeWatchedFiles");
    server.diagnostics_for("Notes/Essay.md", |d| !d.is_empty());
    let in_list = server.find("Reading List.md", "[[Marx]]", 0);
    std::fs::remove_file(server.root.join("Marx.md")).unwrap();
    // The client watches, so the server does not: nothing changes until the client says so.
    // (A wait that can only miss a bug under heavy load, never invent one.)
    std::thread::sleep(std::time::Duration::from_millis(600));
    server.request("workspace/symbol", json!({ "query": "x" })).unwrap();
    let early = server.log.iter().any(|m| {
        m["method"] == "textDocument/publishDiagnostics"
            && m["params"]["uri"] == server.uri("Reading List.md")
            && at_start(m["params"]["diagnostics"].as_array().unwrap(), &in_list).is_some()
    });
    assert!(!early, "the server watched files itself although the client does");
    let uri = server.uri("Marx.md");
    server.notify("workspace/didChangeWatchedFiles", json!({ "changes": [{ "uri": uri, "type": 3 }] }));
    let closed = server.diagnostics_for("Reading List.md", |d| at_start(d, &in_list).is_some());
    assert_eq!(at_start(&closed, &in_list).unwrap()["code"], "WL101");
}

// ---------------------------------------------------------------------------------------------
// completion

/// Completion in `Scratch.md` whose unsaved text is `text`, the cursor at its `|` (or `‸`).
fn complete(server: &mut Server, text: &str) -> Value {
    // The cursor is `|`, or `‸` in a text that holds bars of its own.
    let cursor = if text.contains('‸') { '‸' } else { '|' };
    let at = text.find(cursor).expect("a cursor");
    let text = text.replacen(cursor, "", 1);
    server.change("Scratch.md", vec![(None, &text)]);
    let position = server.position(&text, at);
    server.request("textDocument/completion", server.at("Scratch.md", position)).unwrap()
}

fn new_text(item: &Value) -> &str {
    item["textEdit"]["newText"].as_str().unwrap_or_else(|| panic!("no text edit in {item}"))
}

#[test]
fn completion_of_link_targets_aliases_and_attachments() {
    let mut server = start();
    server.open("Scratch.md");
    let found = items(&complete(&mut server, "see [[Len|"));
    let lenin = item(&found, "Lenin");
    assert_eq!(new_text(lenin), "Lenin]]");
    assert_eq!(lenin["kind"], 17, "a file");
    let start = json!({ "line": 0, "character": 6 });
    assert_eq!(lenin["textEdit"]["range"], json!({ "start": start, "end": { "line": 0, "character": 9 } }));

    let found = items(&complete(&mut server, "see [[Ulya|"));
    assert_eq!(new_text(item(&found, "Ulyanov")), "Lenin|Ulyanov]]", "an alias links the note and shows the alias");

    let found = items(&complete(&mut server, "see [[diag|"));
    assert_eq!(new_text(item(&found, "diagram.png")), "diagram.png]]");

    // Closing brackets already typed are not doubled.
    let found = items(&complete(&mut server, "see [[Ma|]] here"));
    assert_eq!(new_text(item(&found, "Marx")), "Marx");

    let found = items(&complete(&mut server, "see ![[|"));
    assert!(found.iter().any(|i| i["label"] == "diagram.png"), "{}", json!(found));
    server.assert_vault_unchanged();
}

#[test]
fn completion_of_headings_and_blocks() {
    let mut server = start();
    server.open("Scratch.md");
    let found = labels(&complete(&mut server, "[[Lenin#|"));
    assert_eq!(found, ["Lenin", "Early life", "School", "Revolution"]);
    let found = items(&complete(&mut server, "[[Lenin#Rev|"));
    assert_eq!(new_text(item(&found, "Revolution")), "Revolution]]");
    let found = labels(&complete(&mut server, "[[Lenin#^|"));
    assert_eq!(found, ["intro-block", "school"]);
    let found = items(&complete(&mut server, "[[Marx#^c|"));
    assert_eq!(new_text(item(&found, "capital")), "capital]]");
    server.assert_vault_unchanged();
}

#[test]
fn completion_of_markdown_link_destinations() {
    let mut server = start();
    server.open("Scratch.md");
    let found = items(&complete(&mut server, "[list](Read|"));
    assert_eq!(new_text(item(&found, "Reading List.md")), "Reading%20List.md");
    let found = items(&complete(&mut server, "[essay](|"));
    // Obsidian's default `shortest` form: the name alone when it is unique.
    assert_eq!(new_text(item(&found, "Essay.md")), "Essay.md");
    let found = items(&complete(&mut server, "[x](Lenin.md#Early|"));
    assert_eq!(new_text(item(&found, "Early life")), "Early%20life");
    server.assert_vault_unchanged();
}

#[test]
fn completion_of_callouts_properties_values_and_tags() {
    let mut server = start();
    server.open("Scratch.md");
    let found = labels(&complete(&mut server, "> [!|"));
    for t in ["note", "warning", "quote"] {
        assert!(found.iter().any(|l| l == t), "callout {t} in {found:?}");
    }
    let found = items(&complete(&mut server, "---\nsta|\n---\nbody\n"));
    assert_eq!(new_text(item(&found, "status")), "status: ");
    let found = labels(&complete(&mut server, "---\nstatus: |\n---\nbody\n"));
    assert!(found.contains(&"draft".to_string()) && found.contains(&"done".to_string()), "{found:?}");
    let found = items(&complete(&mut server, "---\ntags: [per|]\n---\nbody\n"));
    assert_eq!(new_text(item(&found, "person")), "person");
    let found = items(&complete(&mut server, "---\ntags: [person, eco|]\n---\nbody\n"));
    assert_eq!(new_text(item(&found, "economics")), "economics");
    let found = items(&complete(&mut server, "---\ntags:\n  - per|\n---\nbody\n"));
    assert_eq!(new_text(item(&found, "person")), "person");
    let found = items(&complete(&mut server, "text #eco|"));
    assert_eq!(new_text(item(&found, "#economics")), "#economics");
    server.assert_vault_unchanged();
}

// ---------------------------------------------------------------------------------------------
// navigation

fn definition(server: &mut Server, path: &str, needle: &str, skip: usize) -> Value {
    let position = server.find(path, needle, skip);
    server.request("textDocument/definition", server.at(path, position)).unwrap()
}

#[test]
fn definition_leads_to_the_file_heading_or_block() {
    let mut server = start();
    let file = definition(&mut server, "Reading List.md", "[[Marx]]", 3);
    assert_eq!(file["uri"], server.uri("Marx.md"));
    assert_eq!(file["range"]["start"], json!({ "line": 0, "character": 0 }));

    let heading = definition(&mut server, "Reading List.md", "[[Lenin#Early life]]", 10);
    assert_eq!(heading["uri"], server.uri("Lenin.md"));
    assert_eq!(heading["range"], server.range_of("Lenin.md", "## Early life"), "the heading's line, not the next");

    let block = definition(&mut server, "Reading List.md", "[[Lenin#^school]]", 4);
    assert_eq!(block["uri"], server.uri("Lenin.md"));
    assert_eq!(block["range"]["start"], server.find("Lenin.md", "He studied law", 0));

    let markdown = definition(&mut server, "Notes/Essay.md", "(../Reading%20List.md)", 3);
    assert_eq!(markdown["uri"], server.uri("Reading List.md"));

    let nothing = definition(&mut server, "Reading List.md", "[[Trotsky]]", 3);
    assert_eq!(nothing, Value::Null, "an unresolved link leads nowhere");
    server.assert_vault_unchanged();
}

fn references(server: &mut Server, path: &str, needle: &str, skip: usize) -> Vec<(String, Value)> {
    let position = server.find(path, needle, skip);
    let mut params = server.at(path, position);
    params["context"] = json!({ "includeDeclaration": false });
    let found = server.request("textDocument/references", params).unwrap();
    let mut out: Vec<(String, Value)> = found
        .as_array()
        .unwrap()
        .iter()
        .map(|l| (l["uri"].as_str().unwrap().to_string(), l["range"]["start"].clone()))
        .collect();
    out.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.to_string().cmp(&b.1.to_string())));
    out
}

fn place(server: &Server, path: &str, needle: &str) -> (String, Value) {
    (server.uri(path), server.find(path, needle, 0))
}

#[test]
fn references_of_a_note_a_heading_and_a_tag() {
    let mut server = start();
    // From anywhere in a note (here, plain text): its backlinks.
    let mut expected = vec![
        place(&server, "Notes/Essay.md", "[[Lenin#Revolution]]"),
        place(&server, "Reading List.md", "[[Lenin#Early life]]"),
        place(&server, "Reading List.md", "[[Lenin#^school]]"),
    ];
    expected.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.to_string().cmp(&b.1.to_string())));
    assert_eq!(references(&mut server, "Lenin.md", "led the Bolsheviks", 2), expected);

    // From a heading: the links to that heading only.
    assert_eq!(
        references(&mut server, "Lenin.md", "## Early life", 4),
        [place(&server, "Reading List.md", "[[Lenin#Early life]]")]
    );

    // From a tag: every occurrence of it.
    let mut expected = vec![place(&server, "Marx.md", "#economics"), place(&server, "Reading List.md", "#economics")];
    expected.sort_by(|a, b| a.0.cmp(&b.0));
    assert_eq!(references(&mut server, "Marx.md", "#economics", 3), expected);

    // From a link to a missing note: every link naming it.
    assert_eq!(references(&mut server, "Reading List.md", "[[Trotsky]]", 2).len(), 3);
    server.assert_vault_unchanged();
}

fn hover(server: &mut Server, path: &str, needle: &str, skip: usize) -> String {
    let position = server.find(path, needle, skip);
    let answer = server.request("textDocument/hover", server.at(path, position)).unwrap();
    assert_eq!(answer["contents"]["kind"], "markdown", "{answer}");
    answer["contents"]["value"].as_str().unwrap().to_string()
}

#[test]
fn hover_shows_the_target_the_section_or_who_links_a_missing_note() {
    let mut server = start();
    let note = hover(&mut server, "Reading List.md", "[[Marx]]", 3);
    assert!(note.contains("Marx.md") && note.contains("# Marx") && note.contains("Wrote *Capital*"), "{note}");
    assert!(!note.contains("status: done"), "the frontmatter is left out: {note}");

    let section = hover(&mut server, "Reading List.md", "[[Lenin#Early life]]", 10);
    assert!(section.contains("## Early life") && section.contains("He studied law"), "{section}");
    assert!(!section.contains("Revolution") && !section.contains("led the Bolsheviks"), "{section}");

    let missing = hover(&mut server, "Reading List.md", "[[Trotsky]]", 3);
    assert!(missing.contains("Trotsky") && missing.contains("3 links from 3 notes"), "{missing}");
    for referrer in ["Lenin.md", "Notes/Essay.md", "Reading List.md"] {
        assert!(missing.contains(referrer), "{missing}");
    }
    server.assert_vault_unchanged();
}

#[test]
fn document_symbols_are_the_headings_nested() {
    let mut server = start();
    let uri = server.uri("Lenin.md");
    let symbols = server.request("textDocument/documentSymbol", json!({ "textDocument": { "uri": uri } })).unwrap();
    fn outline(symbols: &Value) -> Value {
        Value::Array(
            symbols
                .as_array()
                .unwrap()
                .iter()
                .map(|s| json!([s["name"], outline(s.get("children").unwrap_or(&json!([])))]))
                .collect(),
        )
    }
    assert_eq!(outline(&symbols), json!([["Lenin", [["Early life", [["School", []]]], ["Revolution", []]]]]));
    // The selection is the heading's text; the range its whole section (for breadcrumbs).
    let early = &symbols[0]["children"][0];
    assert_eq!(early["selectionRange"], server.range_of("Lenin.md", "Early life"));
    assert_eq!(early["range"]["start"], server.find("Lenin.md", "## Early life", 0));
    assert_eq!(
        early["range"]["end"],
        server.find("Lenin.md", "He studied law. ^school", "He studied law. ^school".len())
    );
    let lenin = &symbols[0]["range"];
    assert_eq!(lenin["end"], server.find("Lenin.md", "[[Trotsky]].", "[[Trotsky]].".len()));
    server.assert_vault_unchanged();
}

#[test]
fn workspace_symbols_find_notes_aliases_and_headings() {
    let mut server = start();
    let found = server.request("workspace/symbol", json!({ "query": "ulya" })).unwrap();
    let alias = &found[0];
    assert_eq!(alias["name"], "Ulyanov", "{found}");
    assert_eq!(alias["containerName"], "Lenin");
    assert_eq!(alias["location"]["uri"], server.uri("Lenin.md"));

    let found = server.request("workspace/symbol", json!({ "query": "early" })).unwrap();
    let heading = found.as_array().unwrap().iter().find(|s| s["name"] == "Early life").expect("the heading");
    assert_eq!(heading["location"]["range"], server.range_of("Lenin.md", "## Early life"), "the line, not the next");

    let found = server.request("workspace/symbol", json!({ "query": "essay" })).unwrap();
    let note = found.as_array().unwrap().iter().find(|s| s["name"] == "Essay").expect("the note");
    assert_eq!(note["location"]["uri"], server.uri("Notes/Essay.md"));
    assert_eq!(note["kind"], 1, "a file");
    server.assert_vault_unchanged();
}

// ---------------------------------------------------------------------------------------------
// code actions

fn code_actions(server: &mut Server, path: &str, needle: &str) -> Vec<Value> {
    let range = server.range_of(path, needle);
    let params = json!({
        "textDocument": { "uri": server.uri(path) },
        "range": range,
        "context": { "diagnostics": [] },
    });
    server.request("textDocument/codeAction", params).unwrap().as_array().cloned().unwrap_or_default()
}

#[test]
fn a_safe_fix_is_the_preferred_quick_fix() {
    let mut server = start();
    let actions = code_actions(&mut server, "Notes/Essay.md", "[[ Marx]]");
    let fix = actions.iter().find(|a| a["isPreferred"] == true).unwrap_or_else(|| panic!("{}", json!(actions)));
    assert_eq!(fix["kind"], "quickfix");
    assert_eq!(fix["diagnostics"][0]["code"], "WL105");
    let ops = fix["edit"]["documentChanges"].as_array().unwrap();
    assert_eq!(ops.len(), 1, "{}", json!(ops));
    assert_eq!(ops[0]["textDocument"]["uri"], server.uri("Notes/Essay.md"));
    let edit = &ops[0]["edits"][0];
    let text = server.read("Notes/Essay.md");
    let at = text.find("[[ Marx]]").unwrap();
    assert_eq!(edit["range"]["start"], server.position(&text, at + 2));
    assert_eq!(edit["range"]["end"], server.position(&text, at + 7));
    assert_eq!(edit["newText"], "Marx");
    server.assert_vault_unchanged();
}

#[test]
fn create_note_makes_the_stub_in_its_folder_from_the_template() {
    let mut server = start();
    let actions = code_actions(&mut server, "Reading List.md", "[[Trotsky]]");
    let create = actions
        .iter()
        .find(|a| a["title"].as_str().unwrap().starts_with("Create note"))
        .unwrap_or_else(|| panic!("{}", json!(actions)));
    assert_eq!(create["title"], "Create note Stubs/Trotsky.md");
    assert_eq!(create["kind"], "quickfix");
    assert_ne!(create["isPreferred"], true);
    let ops = create["edit"]["documentChanges"].as_array().unwrap();
    let uri = server.uri("Stubs/Trotsky.md");
    assert_eq!(ops[0]["kind"], "create");
    assert_eq!(ops[0]["uri"], uri);
    assert_eq!(ops[0]["options"]["overwrite"], false, "never over an existing file");
    assert_eq!(ops[1]["textDocument"]["uri"], uri);
    let content = ops[1]["edits"][0]["newText"].as_str().unwrap();
    assert!(content.starts_with("---\ntags: [stub]\n---\n# Trotsky\n"), "from the template: {content}");
    for referrer in ["Lenin", "Reading List", "Essay"] {
        assert!(content.contains(referrer), "{{{{mentions}}}} lists {referrer}: {content}");
    }
    server.assert_vault_unchanged();
}

#[test]
fn no_create_note_for_a_near_miss() {
    let mut server = start();
    let actions = code_actions(&mut server, "Reading List.md", "[[Reading-List]]");
    let titles: Vec<&str> = actions.iter().map(|a| a["title"].as_str().unwrap()).collect();
    assert!(!titles.iter().any(|t| t.starts_with("Create note")), "{titles:?}");
    let fix = actions.iter().find(|a| a["title"].as_str().unwrap().contains("Reading List.md"));
    let fix = fix.unwrap_or_else(|| panic!("the fix links the note it nearly names: {titles:?}"));
    assert_eq!(fix["isPreferred"], false, "an unsafe fix is never applied without asking");
    assert!(fix["title"].as_str().unwrap().contains("unsafe"), "{fix}");
    assert_eq!(fix["edit"]["documentChanges"][0]["edits"][0]["newText"], "Reading List|Reading-List");
    server.assert_vault_unchanged();
}

// ---------------------------------------------------------------------------------------------
// rename

fn rename(server: &mut Server, path: &str, needle: &str, skip: usize, new_name: &str) -> Result<Value, Value> {
    let position = server.find(path, needle, skip);
    let mut params = server.at(path, position);
    params["newName"] = json!(new_name);
    server.request("textDocument/rename", params)
}

/// Pairs of vault paths, or of a vault path and a text.
type Pairs = Vec<(String, String)>;

/// The edits of a WorkspaceEdit applied to the texts on disk, by vault path; and its renames.
fn apply(server: &Server, edit: &Value) -> (Pairs, Pairs) {
    let prefix = server.uri("");
    let path_of = |uri: &Value| uri.as_str().unwrap().strip_prefix(&prefix).unwrap().replace("%20", " ");
    let mut texts = Vec::new();
    let mut renames = Vec::new();
    for op in edit["documentChanges"].as_array().expect("documentChanges") {
        if op["kind"] == "rename" {
            renames.push((path_of(&op["oldUri"]), path_of(&op["newUri"])));
            continue;
        }
        assert!(op.get("kind").is_none(), "only edits and renames: {op}");
        let path = path_of(&op["textDocument"]["uri"]);
        let mut text = server.read(&path);
        let mut edits: Vec<&Value> = op["edits"].as_array().unwrap().iter().collect();
        // From the end, so earlier offsets hold.
        edits.sort_by_key(|e| {
            std::cmp::Reverse((e["range"]["start"]["line"].as_u64(), e["range"]["start"]["character"].as_u64()))
        });
        for e in edits {
            let (start, end) = (offset(&text, &e["range"]["start"]), offset(&text, &e["range"]["end"]));
            text.replace_range(start..end, e["newText"].as_str().unwrap());
        }
        texts.push((path, text));
    }
    texts.sort();
    (texts, renames)
}

/// The byte offset of a UTF-16 position.
fn offset(text: &str, position: &Value) -> usize {
    let line = position["line"].as_u64().unwrap() as usize;
    let start: usize = text.split_inclusive('\n').take(line).map(str::len).sum();
    let mut units = position["character"].as_u64().unwrap() as usize;
    let mut at = start;
    for c in text[start..].chars() {
        if units == 0 || c == '\n' {
            break;
        }
        units -= c.len_utf16();
        at += c.len_utf8();
    }
    at
}

#[test]
fn renaming_a_note_from_a_link_renames_the_file_and_rewrites_every_link() {
    let mut server = start();
    let position = server.find("Reading List.md", "[[Marx]]", 3);
    let prepared = server.request("textDocument/prepareRename", server.at("Reading List.md", position)).unwrap();
    assert_eq!(prepared["placeholder"], "Marx");
    assert_eq!(prepared["range"], server.range_of("Reading List.md", "[[Marx]]"));

    let edit = rename(&mut server, "Reading List.md", "[[Marx]]", 3, "Karl Marx").unwrap();
    let (texts, renames) = apply(&server, &edit);
    assert_eq!(renames, [("Marx.md".to_string(), "Karl Marx.md".to_string())]);
    let changed: Vec<&str> = texts.iter().map(|(p, _)| p.as_str()).collect();
    assert_eq!(changed, ["Lenin.md", "Notes/Essay.md", "Reading List.md"]);
    for (path, text) in &texts {
        assert!(!text.contains("[[Marx") && !text.contains("[[ Marx"), "{path}: {text}");
    }
    let list = &texts[2].1;
    assert!(list.contains("Also [[Karl Marx]] and") && list.contains("[[Karl Marx#Works]]"), "{list}");
    server.assert_vault_unchanged();
}

#[test]
fn renaming_a_heading_rewrites_it_and_the_links_to_it() {
    let mut server = start();
    let position = server.find("Lenin.md", "## Early life", 5);
    let prepared = server.request("textDocument/prepareRename", server.at("Lenin.md", position)).unwrap();
    assert_eq!(prepared["range"], server.range_of("Lenin.md", "Early life"), "the heading's text is what is renamed");
    assert_eq!(prepared["placeholder"], "Early life");
    let edit = rename(&mut server, "Lenin.md", "## Early life", 5, "Youth").unwrap();
    let (texts, renames) = apply(&server, &edit);
    assert!(renames.is_empty());
    let by_path: std::collections::BTreeMap<_, _> = texts.into_iter().collect();
    assert!(by_path["Lenin.md"].contains("\n## Youth\n"), "{}", by_path["Lenin.md"]);
    assert!(by_path["Reading List.md"].contains("[[Lenin#Youth]]"), "{}", by_path["Reading List.md"]);
    server.assert_vault_unchanged();
}

#[test]
fn a_refused_rename_is_an_error_response() {
    let mut server = start();
    // Onto a note that exists: `mv` refuses, so does the server.
    let error = rename(&mut server, "Reading List.md", "[[Marx]]", 3, "Lenin").unwrap_err();
    assert_eq!(error["code"], -32803, "{error}");
    assert!(error["message"].as_str().unwrap().contains("Lenin"), "{error}");
    // A tag is not renamed this way.
    let position = server.find("Marx.md", "#economics", 2);
    let error = server.request("textDocument/prepareRename", server.at("Marx.md", position)).unwrap_err();
    assert!(error["message"].as_str().unwrap().contains("renamed"), "{error}");
    // A link to nothing names nothing to rename.
    assert!(rename(&mut server, "Reading List.md", "[[Trotsky]]", 3, "Leon").is_err());
    server.assert_vault_unchanged();
}

#[test]
fn will_rename_files_returns_the_link_edits_only() {
    let mut server = start();
    let params = json!({ "files": [{ "oldUri": server.uri("Marx.md"), "newUri": server.uri("Karl Marx.md") }] });
    let edit = server.request("workspace/willRenameFiles", params).unwrap();
    let (texts, renames) = apply(&server, &edit);
    assert!(renames.is_empty(), "the editor renames the file itself: {edit}");
    let changed: Vec<&str> = texts.iter().map(|(p, _)| p.as_str()).collect();
    assert_eq!(changed, ["Lenin.md", "Notes/Essay.md", "Reading List.md"]);
    assert!(texts[0].1.contains("Read [[Karl Marx]] closely"), "{}", texts[0].1);
    server.assert_vault_unchanged();
}

// ---------------------------------------------------------------------------------------------
// edge cases an editor meets

/// Completing again inside a link already written replaces its target, it does not insert a
/// second one before the rest (`[[Lenin#Early life]]ly life]]`).
#[test]
fn completion_inside_a_written_link_replaces_its_target() {
    let mut server = start();
    server.open("Scratch.md");
    let text = "see [[Lenin#Ear|ly life]] here";
    let found = items(&complete(&mut server, text));
    let early = item(&found, "Early life");
    assert_eq!(new_text(early), "Early life");
    let plain = text.replace('|', "");
    let from = plain.find("Ear").unwrap();
    let range =
        json!({ "start": server.position(&plain, from), "end": server.position(&plain, from + "Early life".len()) });
    assert_eq!(early["textEdit"]["range"], range);

    let text = "see [[Len|in#Early life]] here";
    let found = items(&complete(&mut server, text));
    let lenin = item(&found, "Lenin");
    assert_eq!(new_text(lenin), "Lenin");
    let plain = text.replace('|', "");
    let from = plain.find("Len").unwrap();
    let range = json!({ "start": server.position(&plain, from), "end": server.position(&plain, from + "Lenin".len()) });
    assert_eq!(lenin["textEdit"]["range"], range);

    // A link opened before another on the line is not taken for closed by the other's `]]`.
    let found = items(&complete(&mut server, "see [[Ma| and [[Lenin]]"));
    assert_eq!(new_text(item(&found, "Marx")), "Marx]]");
    server.assert_vault_unchanged();
}

/// An incremental change on a line with an emoji, in UTF-16 units, lands where the editor put it.
#[test]
fn incremental_changes_are_read_in_utf16_units() {
    let mut server = start();
    server.open("Reading List.md");
    server.diagnostics_for("Reading List.md", |d| !d.is_empty());
    // Replace `Trotsky` (after the emoji) by `Marx`: the forward link goes.
    let range = server.range_of("Reading List.md", "Trotsky");
    server.change("Reading List.md", vec![(Some(range), "Marx")]);
    let trotsky = server.find("Reading List.md", "[[Trotsky]]", 0);
    let diagnostics = server.diagnostics_for("Reading List.md", |d| at_start(d, &trotsky).is_none());
    assert_eq!(codes(&diagnostics), ["WL101", "WL201"], "{}", json!(diagnostics));
    // The buffer is what the editor holds: hover reads `[[Marx]]` where `[[Trotsky]]` was.
    let hover = server.request("textDocument/hover", server.at("Reading List.md", trotsky)).unwrap();
    assert!(hover["contents"]["value"].as_str().unwrap().contains("Marx.md"), "{hover}");
    server.assert_vault_unchanged();
}

/// A note open in the editor but not saved yet is a note: links to it resolve.
#[test]
fn an_unsaved_new_note_resolves_the_links_to_it() {
    let mut server = start();
    let link = server.find("Notes/Essay.md", "[[Trotsky]]", 0);
    server.diagnostics_for("Notes/Essay.md", |d| at_start(d, &link).is_some());
    let uri = server.uri("Trotsky.md");
    server.notify(
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": uri, "languageId": "markdown", "version": 1, "text": "# Trotsky\n" } }),
    );
    server.diagnostics_for("Notes/Essay.md", |d| at_start(d, &link).is_none());
    let found = server.request("textDocument/definition", server.at("Notes/Essay.md", link.clone())).unwrap();
    assert_eq!(found["uri"], uri);
    // Closed without saving: it is gone again.
    server.notify("textDocument/didClose", json!({ "textDocument": { "uri": uri } }));
    server.diagnostics_for("Notes/Essay.md", |d| at_start(d, &link).is_some());
    server.assert_vault_unchanged();
}

/// Closing a note with unsaved changes: its findings are those of the file on disk again.
#[test]
fn closing_a_note_goes_back_to_its_text_on_disk() {
    let mut server = start();
    server.open("Notes/Essay.md");
    server.diagnostics_for("Notes/Essay.md", |d| codes(d) == ["WL101", "WL105"]);
    server.change("Notes/Essay.md", vec![(None, "# Essay\n\nNothing to see.\n")]);
    server.diagnostics_for("Notes/Essay.md", <[Value]>::is_empty);
    let uri = server.uri("Notes/Essay.md");
    server.notify("textDocument/didClose", json!({ "textDocument": { "uri": uri } }));
    server.diagnostics_for("Notes/Essay.md", |d| codes(d) == ["WL101", "WL105"]);
    server.assert_vault_unchanged();
}

/// wikilint.toml edited while the server runs: the findings follow the new configuration.
#[test]
fn the_configuration_is_reloaded_when_it_changes() {
    let mut server = start();
    server.open("Notes/Essay.md");
    server.diagnostics_for("Notes/Essay.md", |d| codes(d) == ["WL101", "WL105"]);
    let config = server.root.join("wikilint.toml");
    let mut text = std::fs::read_to_string(&config).unwrap();
    text.push_str("\n[severity]\npadded-link = \"off\"\n");
    std::fs::write(&config, text).unwrap();
    server.diagnostics_for("Notes/Essay.md", |d| codes(d) == ["WL101"]);
}

/// A workspace folder inside the vault: the vault is the folder above holding `.obsidian/`.
#[test]
fn a_workspace_folder_inside_the_vault_serves_the_whole_vault() {
    let mut server = Server::start_in(FIXTURE, editor_capabilities(), "Notes");
    let link = server.find("Notes/Essay.md", "[[Lenin#Revolution]]", 3);
    let found = server.request("textDocument/definition", server.at("Notes/Essay.md", link)).unwrap();
    assert_eq!(found["uri"], server.uri("Lenin.md"));
    server.assert_vault_unchanged();
}

/// Rename from anywhere in a note but a link or heading renames the note itself; Markdown
/// links to it keep their form (relative, `%20`).
#[test]
fn renaming_a_note_from_inside_it_rewrites_markdown_links_with_their_encoding() {
    let mut server = start();
    let position = server.find("Reading List.md", "A spelling", 2);
    let prepared = server.request("textDocument/prepareRename", server.at("Reading List.md", position)).unwrap();
    assert_eq!(prepared["placeholder"], "Reading List");
    let edit = rename(&mut server, "Reading List.md", "A spelling", 2, "Books to Read").unwrap();
    let (texts, renames) = apply(&server, &edit);
    assert_eq!(renames, [("Reading List.md".to_string(), "Books to Read.md".to_string())]);
    let essay = &texts.iter().find(|(p, _)| p == "Notes/Essay.md").expect("the essay's link rewritten").1;
    assert!(essay.contains("[the list](../Books%20to%20Read.md)"), "{essay}");
    server.assert_vault_unchanged();
}

#[test]
fn will_rename_a_folder_rewrites_the_links_into_it() {
    let mut server = start();
    // A path-qualified link into the folder, from an open note's unsaved text.
    server.open("Scratch.md");
    server.change("Scratch.md", vec![(None, "see [[Notes/Essay]]\n")]);
    let params = json!({ "files": [{ "oldUri": server.uri("Notes"), "newUri": server.uri("Essays") }] });
    let edit = server.request("workspace/willRenameFiles", params).unwrap();
    let ops = edit["documentChanges"].as_array().unwrap_or_else(|| panic!("{edit}"));
    let scratch = ops.iter().find(|o| o["textDocument"]["uri"] == server.uri("Scratch.md")).expect("Scratch edited");
    assert_eq!(scratch["textDocument"]["version"], 2, "the version of the buffer the edit is for");
    // `shortest` link format: the name alone reaches the moved note, so the folder goes.
    let mut buffer = "see [[Notes/Essay]]\n".to_string();
    let e = &scratch["edits"][0];
    let (from, to) = (offset(&buffer, &e["range"]["start"]), offset(&buffer, &e["range"]["end"]));
    buffer.replace_range(from..to, e["newText"].as_str().unwrap());
    assert_eq!(buffer, "see [[Essay]]\n");
    server.assert_vault_unchanged();
}

#[test]
fn exit_without_shutdown_is_an_error_exit() {
    let mut server = start();
    server.notify("exit", Value::Null);
    let status = server.wait_exit();
    assert_eq!(status.code(), Some(1), "the protocol says 1 when `exit` comes before `shutdown`");
}

#[test]
fn requests_after_shutdown_are_refused() {
    let mut server = start();
    server.request("shutdown", Value::Null).unwrap();
    let position = server.find("Reading List.md", "[[Marx]]", 3);
    let error = server.request("textDocument/hover", server.at("Reading List.md", position)).unwrap_err();
    assert_eq!(error["code"], -32600, "{error}");
    server.notify("exit", Value::Null);
    assert!(server.wait_exit().success());
}

/// Every request at every position of notes with an emoji, a callout, frontmatter and links
/// (including inside a surrogate pair and past the ends of lines): an answer each time, never a
/// crash, and no file written.
#[test]
fn every_request_at_every_position_is_answered() {
    let mut server = start();
    server.open("Lenin.md");
    for path in ["Reading List.md", "Lenin.md", "Notes/Essay.md"] {
        let text = server.read(path);
        for (line, content) in text.split('\n').enumerate() {
            let width = content.encode_utf16().count() + 2;
            for character in 0..=width {
                let position = json!({ "line": line, "character": character });
                let at = server.at(path, position.clone());
                for method in [
                    "textDocument/completion",
                    "textDocument/hover",
                    "textDocument/definition",
                    "textDocument/prepareRename",
                ] {
                    let answer = server.request(method, at.clone());
                    if let Err(error) = &answer {
                        assert_eq!(error["code"], -32803, "{method} at {path} {position}: {error}");
                    }
                }
                let mut params = at.clone();
                params["context"] = json!({ "includeDeclaration": true });
                server.request("textDocument/references", params).unwrap();
                let range = json!({ "start": position, "end": position });
                let params =
                    json!({ "textDocument": at["textDocument"], "range": range, "context": { "diagnostics": [] } });
                server.request("textDocument/codeAction", params).unwrap();
            }
        }
    }
    // Past the last line, and a document the server has never seen.
    let far = server.at("Lenin.md", json!({ "line": 9999, "character": 9999 }));
    server.request("textDocument/hover", far).unwrap();
    let elsewhere =
        json!({ "textDocument": { "uri": "file:///nonexistent/x.md" }, "position": { "line": 0, "character": 0 } });
    assert_eq!(server.request("textDocument/definition", elsewhere), Ok(Value::Null));
    let malformed = server.request("textDocument/hover", json!({ "textDocument": 3 })).unwrap_err();
    assert_eq!(malformed["code"], -32602, "{malformed}");
    server.assert_vault_unchanged();
    assert!(server.shutdown().success());
}

#[test]
fn links_within_the_same_note() {
    let mut server = start();
    server.open("Scratch.md");
    let found = labels(&complete(&mut server, "# Top\n\n## Second\n\nsee [[#|"));
    assert_eq!(found, ["Top", "Second"]);
    let text = "# Top\n\n## Second\n\nsee [[#Second]] and ^[[#^blk]]\n\nA block. ^blk\n";
    server.change("Scratch.md", vec![(None, text)]);
    let position = server.position(text, text.find("[[#Second").unwrap() + 4);
    let found = server.request("textDocument/definition", server.at("Scratch.md", position)).unwrap();
    assert_eq!(found["uri"], server.uri("Scratch.md"));
    assert_eq!(found["range"]["start"], json!({ "line": 2, "character": 0 }));
    // References of the heading, from the heading: the link in the same note.
    let mut params = server.at("Scratch.md", json!({ "line": 2, "character": 4 }));
    params["context"] = json!({ "includeDeclaration": false });
    let refs = server.request("textDocument/references", params).unwrap();
    assert_eq!(refs.as_array().unwrap().len(), 1, "{refs}");
    assert_eq!(refs[0]["range"]["start"], server.position(text, text.find("[[#Second").unwrap()));
    server.assert_vault_unchanged();
}

#[test]
fn references_of_a_block_from_its_id() {
    let mut server = start();
    assert_eq!(
        references(&mut server, "Lenin.md", "^school", 2),
        [place(&server, "Reading List.md", "[[Lenin#^school]]")]
    );
    server.assert_vault_unchanged();
}

/// A link typed in the editor (not saved) to a note nobody wrote: "Create note" lists the
/// unsaved note among the referrers, in the stub folder.
#[test]
fn create_note_for_a_link_just_typed() {
    let mut server = start();
    server.open("Scratch.md");
    let text = "Then came [[Bukharin]].\n";
    server.change("Scratch.md", vec![(None, text)]);
    let at = text.find("[[Bukharin]]").unwrap();
    let range = json!({ "start": server.position(text, at + 3), "end": server.position(text, at + 3) });
    let params = json!({
        "textDocument": { "uri": server.uri("Scratch.md") },
        "range": range,
        "context": { "diagnostics": [], "only": ["quickfix"] },
    });
    let actions = server.request("textDocument/codeAction", params).unwrap();
    let create = actions
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["title"] == "Create note Stubs/Bukharin.md")
        .unwrap_or_else(|| panic!("{actions}"));
    let content = create["edit"]["documentChanges"][1]["edits"][0]["newText"].as_str().unwrap();
    assert!(content.contains("# Bukharin") && content.contains("Scratch"), "{content}");
    server.assert_vault_unchanged();
}

/// An embed of a missing image is a broken link, but not a note to create.
#[test]
fn no_create_note_for_a_missing_attachment() {
    let mut server = start();
    server.open("Scratch.md");
    let text = "![[chart.png]]\n";
    server.change("Scratch.md", vec![(None, text)]);
    let diagnostics = server.diagnostics_for("Scratch.md", |d| !d.is_empty());
    assert_eq!(codes(&diagnostics)[0], "WL101", "{}", json!(diagnostics));
    let range = json!({ "start": { "line": 0, "character": 4 }, "end": { "line": 0, "character": 4 } });
    let params = json!({ "textDocument": { "uri": server.uri("Scratch.md") }, "range": range, "context": { "diagnostics": [] } });
    let actions = server.request("textDocument/codeAction", params).unwrap();
    let titles: Vec<&str> = actions.as_array().unwrap().iter().map(|a| a["title"].as_str().unwrap()).collect();
    assert!(!titles.iter().any(|t| t.starts_with("Create note")), "{titles:?}");
    server.assert_vault_unchanged();
}

/// A note created on disk while the server runs: the links to it resolve, in notes not open too.
#[test]
fn a_note_created_on_disk_resolves_its_links() {
    let mut server = start();
    let link = server.find("Notes/Essay.md", "[[Trotsky]]", 0);
    server.diagnostics_for("Notes/Essay.md", |d| at_start(d, &link).is_some());
    std::fs::write(server.root.join("Trotsky.md"), "# Trotsky\n").unwrap();
    server.diagnostics_for("Notes/Essay.md", |d| at_start(d, &link).is_none());
}

/// `initializationOptions: {"diagnostics": "open"}`: only open notes get findings.
#[test]
fn diagnostics_of_open_notes_only_when_asked() {
    let mut server = Server::start_with(FIXTURE, editor_capabilities(), json!({ "diagnostics": "open" }));
    server.open("Notes/Essay.md");
    server.diagnostics_for("Notes/Essay.md", |d| !d.is_empty());
    // Everything received so far (the open note's answer came last): nothing for other notes.
    assert!(server.log.iter().any(|m| m["method"] == "textDocument/publishDiagnostics"));
    let elsewhere: Vec<&Value> = server
        .log
        .iter()
        .filter(|m| m["method"] == "textDocument/publishDiagnostics")
        .filter(|m| m["params"]["uri"] != server.uri("Notes/Essay.md"))
        .filter(|m| !m["params"]["diagnostics"].as_array().unwrap().is_empty())
        .collect();
    assert!(elsewhere.is_empty(), "{}", json!(elsewhere));
    server.assert_vault_unchanged();
}

#[test]
fn hover_on_an_image_embed_shows_the_image() {
    let mut server = start();
    let shown = hover(&mut server, "Reading List.md", "![[diagram.png]]", 4);
    assert!(shown.contains("diagram.png") && shown.contains("!["), "{shown}");
    server.assert_vault_unchanged();
}

#[test]
fn definition_on_a_markdown_link_to_a_heading() {
    let mut server = start();
    server.open("Scratch.md");
    let text = "[youth](Lenin.md#Early%20life)\n";
    server.change("Scratch.md", vec![(None, text)]);
    let position = server.position(text, 10);
    let found = server.request("textDocument/definition", server.at("Scratch.md", position)).unwrap();
    assert_eq!(found["uri"], server.uri("Lenin.md"));
    assert_eq!(found["range"]["start"], server.find("Lenin.md", "## Early life", 0));
    server.assert_vault_unchanged();
}

/// Files an editor may open that are not notes (settings, wikilint.toml): no findings, no
/// notes made of them.
#[test]
fn opening_settings_files_makes_no_notes_of_them() {
    let mut server = start();
    for path in [".obsidian/app.json", "wikilint.toml"] {
        let text = server.read(path);
        let uri = server.uri(path);
        server.notify(
            "textDocument/didOpen",
            json!({ "textDocument": { "uri": uri, "languageId": "plaintext", "version": 1, "text": text } }),
        );
    }
    let found = server.request("workspace/symbol", json!({ "query": "app" })).unwrap();
    assert!(
        found.as_array().unwrap().iter().all(|s| !s["location"]["uri"].as_str().unwrap().contains(".obsidian")),
        "{found}"
    );
    // Symbols are the notes', not every file's (the issue: notes, aliases, headings).
    for query in ["wikilint", "diagram"] {
        let found = server.request("workspace/symbol", json!({ "query": query })).unwrap();
        assert_eq!(found, json!([]), "{query}");
    }
    server.open("Notes/Essay.md");
    server.diagnostics_for("Notes/Essay.md", |d| !d.is_empty());
    let settings: Vec<&Value> = server
        .log
        .iter()
        .filter(|m| m["method"] == "textDocument/publishDiagnostics")
        .filter(|m| {
            let uri = m["params"]["uri"].as_str().unwrap();
            (uri.contains(".obsidian") || uri.ends_with("wikilint.toml"))
                && !m["params"]["diagnostics"].as_array().unwrap().is_empty()
        })
        .collect();
    assert!(settings.is_empty(), "{}", json!(settings));
    server.assert_vault_unchanged();
}

/// A note with a byte-order mark and CRLF line ends: positions as the editor counts them
/// (the mark is not in its buffer), and the fix's edit lands on the link, from disk and open.
#[test]
fn bom_and_crlf_notes_get_the_editors_positions() {
    let mut server = start();
    let diagnostics = server.diagnostics_for("Windows.md", |d| !d.is_empty());
    let padded = diagnostics.iter().find(|d| d["code"] == "WL105").unwrap_or_else(|| panic!("{}", json!(diagnostics)));
    let link = json!({ "start": { "line": 2, "character": 4 }, "end": { "line": 2, "character": 16 } });
    assert_eq!(padded["range"], link);
    let symbols = server
        .request("textDocument/documentSymbol", json!({ "textDocument": { "uri": server.uri("Windows.md") } }))
        .unwrap();
    assert_eq!(symbols[0]["range"]["start"], json!({ "line": 0, "character": 0 }), "the mark is not a column");
    assert_eq!(symbols[0]["range"]["end"], json!({ "line": 2, "character": 30 }), "the section, without its CRLF");
    let selection = json!({ "start": { "line": 0, "character": 2 }, "end": { "line": 0, "character": 9 } });
    assert_eq!(symbols[0]["selectionRange"], selection);

    // Opened in an editor, which keeps the mark aside and the CRLFs in its buffer.
    let text = server.read("Windows.md").trim_start_matches('\u{FEFF}').to_string();
    let uri = server.uri("Windows.md");
    server.notify(
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": uri, "languageId": "markdown", "version": 1, "text": text } }),
    );
    let diagnostics = server.diagnostics_for("Windows.md", |d| d.iter().any(|d| d["code"] == "WL105"));
    let padded = diagnostics.iter().find(|d| d["code"] == "WL105").unwrap();
    assert_eq!(padded["range"], link);
    let params = json!({ "textDocument": { "uri": uri }, "range": link, "context": { "diagnostics": [] } });
    let actions = server.request("textDocument/codeAction", params).unwrap();
    let fix =
        actions.as_array().unwrap().iter().find(|a| a["isPreferred"] == true).unwrap_or_else(|| panic!("{actions}"));
    let edit = &fix["edit"]["documentChanges"][0]["edits"][0];
    assert_eq!(edit["range"], json!({ "start": { "line": 2, "character": 6 }, "end": { "line": 2, "character": 14 } }));
    assert_eq!(edit["newText"], "Scratch");
    server.assert_vault_unchanged();
}

/// An editor started on one file names no workspace folder: the vault is the nearest folder
/// above the first opened file that holds `.obsidian/` (the rule), not a failed start.
#[test]
fn without_a_workspace_folder_the_vault_is_found_from_the_first_file_opened() {
    let mut server = Server::start_without_folder(FIXTURE, editor_capabilities());
    // Asked before any file is open: an empty answer, not an error.
    assert_eq!(server.request("workspace/symbol", json!({ "query": "lenin" })), Ok(json!([])));
    server.open("Notes/Essay.md");
    let diagnostics = server.diagnostics_for("Notes/Essay.md", |d| !d.is_empty());
    assert_eq!(codes(&diagnostics), ["WL101", "WL105"]);
    let link = server.find("Notes/Essay.md", "[[Lenin#Revolution]]", 3);
    let found = server.request("textDocument/definition", server.at("Notes/Essay.md", link)).unwrap();
    assert_eq!(found["uri"], server.uri("Lenin.md"), "resolved in the whole vault, not in Notes/");
    server.assert_vault_unchanged();
    assert!(server.shutdown().success());
}

/// Two notes named alike in different folders: completion writes the path that reaches the
/// one chosen, as Obsidian would write a new link.
#[test]
fn completion_writes_the_path_when_the_name_is_ambiguous() {
    let mut server =
        Server::start_plus(FIXTURE, &[("Archive/Lenin.md", "# Lenin (old)\n"), ("Archive/Old notes.md", "old\n")]);
    server.open("Scratch.md");
    let found = items(&complete(&mut server, "see [[Lenin|"));
    let written: Vec<&str> = found.iter().filter(|i| i["label"] == "Lenin").map(new_text).collect();
    assert_eq!(written.len(), 2, "{}", json!(found));
    assert!(written.contains(&"Lenin]]") && written.contains(&"Archive/Lenin]]"), "{written:?}");
    // The one at the root, the shortest path, comes first.
    assert_eq!(written[0], "Lenin]]");
    server.assert_vault_unchanged();
}

#[test]
fn fix_all_applies_every_safe_fix_of_the_note() {
    let mut server = start();
    server.open("Scratch.md");
    let text = "[[ Marx]] and [[Lenin ]] and [[Trotsky]]\n";
    server.change("Scratch.md", vec![(None, text)]);
    let whole = json!({ "start": { "line": 0, "character": 0 }, "end": { "line": 1, "character": 0 } });
    let params = json!({
        "textDocument": { "uri": server.uri("Scratch.md") },
        "range": whole,
        "context": { "diagnostics": [], "only": ["source.fixAll"] },
    });
    let actions = server.request("textDocument/codeAction", params).unwrap();
    let actions = actions.as_array().unwrap();
    assert_eq!(actions.len(), 1, "only what was asked for: {}", json!(actions));
    assert_eq!(actions[0]["kind"], "source.fixAll");
    let mut buffer = text.to_string();
    let ops = actions[0]["edit"]["documentChanges"].as_array().unwrap();
    assert_eq!(ops[0]["textDocument"]["version"], 2);
    let mut edits: Vec<&Value> = ops[0]["edits"].as_array().unwrap().iter().collect();
    edits.reverse();
    for e in edits {
        let (from, to) = (offset(&buffer, &e["range"]["start"]), offset(&buffer, &e["range"]["end"]));
        buffer.replace_range(from..to, e["newText"].as_str().unwrap());
    }
    assert_eq!(buffer, "[[Marx]] and [[Lenin]] and [[Trotsky]]\n");
    server.assert_vault_unchanged();
}

/// wikilint.toml's severities are the editor's.
#[test]
fn severities_come_from_the_configuration() {
    let mut server = Server::start_plus(
        FIXTURE,
        &[(
            "wikilint.toml",
            "[stubs]\nfolder = \"Stubs\"\ntemplate = \"Templates/Stub.md\"\n\n[severity]\npadded-link = \"error\"\nbroken-link = \"info\"\n",
        )],
    );
    let diagnostics = server.diagnostics_for("Notes/Essay.md", |d| !d.is_empty());
    let severity = |code: &str| diagnostics.iter().find(|d| d["code"] == code).map(|d| d["severity"].clone());
    assert_eq!(severity("WL105"), Some(json!(1)));
    assert_eq!(severity("WL101"), Some(json!(3)));
    server.assert_vault_unchanged();
}

#[test]
fn renaming_an_attachment_from_its_embed_keeps_its_extension() {
    let mut server = start();
    let edit = rename(&mut server, "Reading List.md", "![[diagram.png]]", 5, "chart").unwrap();
    let (texts, renames) = apply(&server, &edit);
    assert_eq!(renames, [("diagram.png".to_string(), "chart.png".to_string())]);
    assert!(texts[0].1.contains("![[chart.png]]"), "{}", texts[0].1);
    server.assert_vault_unchanged();
}

#[test]
fn renaming_a_note_into_a_folder() {
    let mut server = start();
    let edit = rename(&mut server, "Reading List.md", "[[Marx]]", 3, "People/Marx").unwrap();
    let (_, renames) = apply(&server, &edit);
    assert_eq!(renames, [("Marx.md".to_string(), "People/Marx.md".to_string())]);
    server.assert_vault_unchanged();
}

/// A note with findings deleted or renamed on disk: its findings are cleared in the editor
/// (no stale problems for a file that is gone), and the renamed file gets them.
#[test]
fn findings_of_a_file_gone_from_disk_are_cleared() {
    let mut server = start();
    server.diagnostics_for("Notes/Essay.md", |d| !d.is_empty());
    server.diagnostics_for("Windows.md", |d| !d.is_empty());
    std::fs::remove_file(server.root.join("Notes/Essay.md")).unwrap();
    server.diagnostics_for("Notes/Essay.md", <[Value]>::is_empty);
    std::fs::rename(server.root.join("Windows.md"), server.root.join("Windows 11.md")).unwrap();
    server.diagnostics_for("Windows.md", <[Value]>::is_empty);
    server.diagnostics_for("Windows 11.md", |d| !d.is_empty());
}

/// Completing with the cursor inside a word already written replaces the whole word, for
/// every kind of completion, as it does inside a wikilink.
#[test]
fn completion_inside_a_word_replaces_the_word() {
    let mut server = start();
    server.open("Scratch.md");
    // (text with the cursor, label, what the text becomes)
    let cases = [
        ("[list](Rea|ding List.md)", "Reading List.md", "[list](Reading%20List.md)"),
        ("[x](Lenin.md#Ear|ly%20life)", "Early life", "[x](Lenin.md#Early%20life)"),
        ("text #eco|nomics here", "#economics", "text #economics here"),
        ("> [!no|te] Title", "note", "> [!note] Title"),
        ("---\nsta|tus: draft\n---\n", "status", "---\nstatus: draft\n---\n"),
        ("---\nstatus: dr|aft\n---\n", "draft", "---\nstatus: draft\n---\n"),
        ("---\ntags: [per|son, economics]\n---\n", "person", "---\ntags: [person, economics]\n---\n"),
        ("---\ntags:\n  - eco|nomics\n---\n", "economics", "---\ntags:\n  - economics\n---\n"),
        ("see [[Len|in]] here", "Lenin", "see [[Lenin]] here"),
    ];
    for (text, label, expected) in cases {
        let found = items(&complete(&mut server, text));
        let chosen = item(&found, label);
        let mut buffer = text.replacen('|', "", 1);
        let e = &chosen["textEdit"];
        let (from, to) = (offset(&buffer, &e["range"]["start"]), offset(&buffer, &e["range"]["end"]));
        buffer.replace_range(from..to, e["newText"].as_str().unwrap());
        assert_eq!(buffer, expected, "{text}");
    }
    server.assert_vault_unchanged();
}

/// An editor whose WorkspaceEdits hold no document changes (Neovim 0.7): text edits come as
/// `changes`; a rename that must rename a file is refused with a message saying what to do.
#[test]
fn an_editor_without_document_changes_gets_plain_edits() {
    let mut caps = editor_capabilities();
    caps["workspace"]["workspaceEdit"] = json!({ "resourceOperations": ["rename", "create", "delete"] });
    let mut server = Server::start(FIXTURE, caps);
    let edit = rename(&mut server, "Lenin.md", "## Revolution", 4, "October").unwrap();
    assert!(edit.get("documentChanges").is_none(), "{edit}");
    let changes = edit["changes"].as_object().unwrap_or_else(|| panic!("{edit}"));
    assert_eq!(changes.len(), 2, "the heading and the link to it: {edit}");
    assert_eq!(changes[&server.uri("Notes/Essay.md")][0]["newText"], "October");
    let error = rename(&mut server, "Reading List.md", "[[Marx]]", 3, "Karl Marx").unwrap_err();
    assert!(error["message"].as_str().unwrap().contains("wikilint mv"), "{error}");
    // "Create note" needs a file created: not offered.
    let actions = code_actions(&mut server, "Reading List.md", "[[Trotsky]]");
    assert!(actions.iter().all(|a| !a["title"].as_str().unwrap().starts_with("Create note")), "{}", json!(actions));
    server.assert_vault_unchanged();
}

/// Two files renamed at once (a multi-selection dragged in the editor's explorer), linked
/// in turns from one note: the edits do not overlap (an editor refuses a WorkspaceEdit whose
/// edits do) and together rewrite every link; a long note keeps the text between its links
/// untouched by the edits.
#[test]
fn will_rename_several_files_gives_edits_that_do_not_overlap() {
    let filler = "Untouched line.\n".repeat(50);
    let both = format!("[[Marx]] and [[Lenin]]\n{filler}then [[Marx]] again\n");
    let mut server = Server::start_plus(FIXTURE, &[("Both.md", &both)]);
    let params = json!({ "files": [
        { "oldUri": server.uri("Marx.md"), "newUri": server.uri("Karl Marx.md") },
        { "oldUri": server.uri("Lenin.md"), "newUri": server.uri("Vladimir Lenin.md") },
    ] });
    let edit = server.request("workspace/willRenameFiles", params).unwrap();
    let ops = edit["documentChanges"].as_array().unwrap();
    let uri = server.uri("Both.md");
    let edits: Vec<&Value> =
        ops.iter().filter(|o| o["textDocument"]["uri"] == uri).flat_map(|o| o["edits"].as_array().unwrap()).collect();
    let mut spans: Vec<(usize, usize)> =
        edits.iter().map(|e| (offset(&both, &e["range"]["start"]), offset(&both, &e["range"]["end"]))).collect();
    spans.sort();
    for pair in spans.windows(2) {
        assert!(pair[0].1 <= pair[1].0, "overlapping edits {pair:?}: {}", json!(edits));
    }
    assert!(spans.iter().all(|(s, e)| !both[*s..*e].contains("Untouched")), "{spans:?}");
    let (texts, _) = apply(&server, &json!({ "documentChanges": ops }));
    let text = &texts.iter().find(|(p, _)| p == "Both.md").unwrap().1;
    assert_eq!(text, &format!("[[Karl Marx]] and [[Vladimir Lenin]]\n{filler}then [[Karl Marx]] again\n"));
    server.assert_vault_unchanged();
}

/// Links in properties are links: definition and hover work on them.
#[test]
fn links_in_properties_lead_somewhere() {
    let mut server = start();
    server.open("Scratch.md");
    let text = "---\nrelated: \"[[Lenin]]\"\n---\nbody\n";
    server.change("Scratch.md", vec![(None, text)]);
    let position = server.position(text, text.find("Lenin").unwrap());
    let found = server.request("textDocument/definition", server.at("Scratch.md", position.clone())).unwrap();
    assert_eq!(found["uri"], server.uri("Lenin.md"), "{found}");
    let hover = server.request("textDocument/hover", server.at("Scratch.md", position)).unwrap();
    assert!(hover["contents"]["value"].as_str().unwrap().contains("led the Bolsheviks"), "{hover}");
    let completion = complete(&mut server, "---\nrelated: \"[[Mar|\"\n---\nbody\n");
    assert!(labels(&completion).contains(&"Marx".to_string()));
    server.assert_vault_unchanged();
}

/// Names `mv` refuses are refused here too, with its reason.
#[test]
fn renames_to_names_obsidian_forbids_are_refused() {
    let mut server = start();
    for bad in ["Marx: Karl", "Marx|Karl", "Ma#rx", "../../outside", ""] {
        let answer = rename(&mut server, "Reading List.md", "[[Marx]]", 3, bad);
        assert!(answer.is_err(), "{bad:?} accepted: {}", answer.unwrap());
    }
    for bad in ["A|B", "A#B", "A]]B", ""] {
        let answer = rename(&mut server, "Lenin.md", "## Revolution", 4, bad);
        assert!(answer.is_err(), "heading {bad:?} accepted: {}", answer.unwrap());
    }
    server.assert_vault_unchanged();
}

/// Several changes in one `didChange` apply in order, each to the text the one before left.
#[test]
fn several_changes_in_one_notification_apply_in_order() {
    let mut server = start();
    server.open("Scratch.md");
    server.diagnostics_for("Scratch.md", <[Value]>::is_empty);
    let at = |line: u32, character: u32| json!({ "line": line, "character": character });
    let range = |a: Value, b: Value| Some(json!({ "start": a, "end": b }));
    // "scratch\n" → "😀 [[Nobody]]\nscratch\n" → "😀 [[Nobody]]\nscratch [[Marx]]\n" → "😀 [[Lenin]]\n…"
    server.change(
        "Scratch.md",
        vec![
            (range(at(0, 0), at(0, 0)), "😀 [[Nobody]]\n"),
            (range(at(1, 7), at(1, 7)), " [[Marx]]"),
            (range(at(0, 5), at(0, 11)), "Lenin"),
        ],
    );
    let hover = server.request("textDocument/hover", server.at("Scratch.md", at(0, 6))).unwrap();
    assert!(hover["contents"]["value"].as_str().unwrap().contains("Lenin.md"), "{hover}");
    let hover = server.request("textDocument/hover", server.at("Scratch.md", at(1, 12))).unwrap();
    assert!(hover["contents"]["value"].as_str().unwrap().contains("Marx.md"), "{hover}");
    server.diagnostics_for("Scratch.md", <[Value]>::is_empty);
    server.assert_vault_unchanged();
}

/// A wikilint.toml with a mistake: the server still starts (on the defaults), says what is
/// wrong in a message, and checks the vault; fixing the file takes effect.
#[test]
fn a_broken_configuration_is_reported_not_fatal() {
    let mut server = Server::start_plus(FIXTURE, &[("wikilint.toml", "[severity]\npadded-link = \"loud\"\n")]);
    let message = server.wait_for("window/showMessage", |_| true);
    assert!(message["message"].as_str().unwrap().contains("wikilint.toml"), "{message}");
    assert_eq!(message["type"], 1);
    server.diagnostics_for("Notes/Essay.md", |d| codes(d) == ["WL101", "WL105"]);
    std::fs::write(server.root.join("wikilint.toml"), "[severity]\npadded-link = \"off\"\n").unwrap();
    server.diagnostics_for("Notes/Essay.md", |d| codes(d) == ["WL101"]);
    server.assert_vault_unchanged_but(&["wikilint.toml"]);
}

/// Notes `check` does not report on (excluded in wikilint.toml, Obsidian's templates folder)
/// get no findings in the editor either, open or not.
#[test]
fn excluded_notes_and_templates_get_no_findings() {
    let config = "exclude = [\"Notes/\"]\n\n[stubs]\nfolder = \"Stubs\"\ntemplate = \"Templates/Stub.md\"\n";
    let template = "---\ntags: [stub]\n---\n# {{title}}\n\nSee [[{{missing}}]] and [[ Marx]].\n";
    let mut server = Server::start_plus(FIXTURE, &[("wikilint.toml", config), ("Templates/Stub.md", template)]);
    server.open("Notes/Essay.md");
    server.open("Templates/Stub.md");
    server.open("Lenin.md");
    server.diagnostics_for("Lenin.md", |d| !d.is_empty());
    let reported: Vec<&Value> = server
        .log
        .iter()
        .filter(|m| m["method"] == "textDocument/publishDiagnostics")
        .filter(|m| {
            let uri = m["params"]["uri"].as_str().unwrap();
            (uri.contains("/Notes/") || uri.contains("/Templates/"))
                && !m["params"]["diagnostics"].as_array().unwrap().is_empty()
        })
        .collect();
    assert!(reported.is_empty(), "{}", json!(reported));
    server.assert_vault_unchanged();
}

/// A folder renamed on disk (by git, by a file manager): its notes' findings move with it,
/// through the server's own watcher.
#[test]
fn a_folder_renamed_on_disk_moves_its_findings() {
    let mut server = start();
    server.diagnostics_for("Notes/Essay.md", |d| !d.is_empty());
    std::fs::rename(server.root.join("Notes"), server.root.join("Archive")).unwrap();
    server.diagnostics_for("Notes/Essay.md", <[Value]>::is_empty);
    // (The missing note's own finding, WL201, sits at its first link in path order: here now.)
    server.diagnostics_for("Archive/Essay.md", |d| codes(d) == ["WL101", "WL201", "WL105"]);
}

/// The same when the editor watches: it may name only the folder.
#[test]
fn a_folder_renamed_reported_by_the_client_moves_its_findings() {
    let mut caps = editor_capabilities();
    caps["workspace"]["didChangeWatchedFiles"] = json!({ "dynamicRegistration": true });
    let mut server = Server::start(FIXTURE, caps);
    server.diagnostics_for("Notes/Essay.md", |d| !d.is_empty());
    std::fs::rename(server.root.join("Notes"), server.root.join("Archive")).unwrap();
    let changes = json!({ "changes": [
        { "uri": server.uri("Notes"), "type": 3 },
        { "uri": server.uri("Archive"), "type": 1 },
    ] });
    server.notify("workspace/didChangeWatchedFiles", changes);
    server.diagnostics_for("Notes/Essay.md", <[Value]>::is_empty);
    // (The missing note's own finding, WL201, sits at its first link in path order: here now.)
    server.diagnostics_for("Archive/Essay.md", |d| codes(d) == ["WL101", "WL201", "WL105"]);
}

/// Properties the schema declares are offered even before any note uses them, with their
/// allowed values.
#[test]
fn completion_offers_the_schemas_properties_and_values() {
    let config = "[stubs]\nfolder = \"Stubs\"\n\n[properties.rating]\nallowed = [\"WIP\", \"done\", \"[[Lenin]]\"]\n";
    let mut server = Server::start_plus(FIXTURE, &[("wikilint.toml", config)]);
    server.open("Scratch.md");
    let found = items(&complete(&mut server, "---\nrat|\n---\nbody\n"));
    assert_eq!(new_text(item(&found, "rating")), "rating: ");
    let found = items(&complete(&mut server, "---\nrating: |\n---\nbody\n"));
    assert_eq!(new_text(item(&found, "WIP")), "WIP");
    assert_eq!(new_text(item(&found, "[[Lenin]]")), "\"[[Lenin]]\"", "quoted, or YAML reads a list");
    server.assert_vault_unchanged();
}

/// Opening a note publishes its findings once (not the same list twice).
#[test]
fn opening_a_note_publishes_once() {
    let mut server = Server::start_with(FIXTURE, editor_capabilities(), json!({ "diagnostics": "open" }));
    server.open("Notes/Essay.md");
    // Answered after everything the open caused has been sent.
    server.request("workspace/symbol", json!({ "query": "x" })).unwrap();
    let uri = server.uri("Notes/Essay.md");
    let published = server
        .log
        .iter()
        .filter(|m| m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri)
        .count();
    assert_eq!(published, 1);
    server.assert_vault_unchanged();
}

/// In a table cell a bare `|` ends the cell: an alias completion writes `\|`, as Obsidian does.
#[test]
fn alias_completion_in_a_table_escapes_the_bar() {
    let mut server = start();
    server.open("Scratch.md");
    let found = items(&complete(&mut server, "| who | what |\n| --- | --- |\n| [[Ulya‸ | leader |\n"));
    assert_eq!(new_text(item(&found, "Ulyanov")), "Lenin\\|Ulyanov]]");
    // Inside a link already written in a cell, the escaped bar is kept.
    let text = "| who | what |\n| --- | --- |\n| [[Len‸in\\|him]] | leader |\n";
    let found = items(&complete(&mut server, text));
    let lenin = item(&found, "Lenin");
    let mut buffer = text.replace('‸', "");
    let e = &lenin["textEdit"];
    let (from, to) = (offset(&buffer, &e["range"]["start"]), offset(&buffer, &e["range"]["end"]));
    buffer.replace_range(from..to, e["newText"].as_str().unwrap());
    assert!(buffer.contains("| [[Lenin\\|him]] |"), "{buffer}");
    let found = items(&complete(&mut server, "not a table [[Ulya|\n"));
    assert_eq!(new_text(item(&found, "Ulyanov")), "Lenin|Ulyanov]]");
    server.assert_vault_unchanged();
}

/// A heading with characters a link cannot hold is written as Obsidian writes its link
/// (`stripHeadingForLink`): `Q&A: Part 1` → `Q&A Part 1`.
#[test]
fn heading_completion_writes_the_heading_as_obsidian_links_it() {
    let topics = "# Topics\n\n## Q&A: Part 1\n\n## C# | F#\n";
    let mut server = Server::start_plus(FIXTURE, &[("Topics.md", topics)]);
    server.open("Scratch.md");
    let found = items(&complete(&mut server, "[[Topics#Q‸"));
    assert_eq!(new_text(item(&found, "Q&A: Part 1")), "Q&A Part 1]]");
    let found = items(&complete(&mut server, "[[Topics#C‸"));
    assert_eq!(new_text(item(&found, "C# | F#")), "C F]]");
    let found = items(&complete(&mut server, "[x](Topics.md#Q‸"));
    assert_eq!(new_text(item(&found, "Q&A: Part 1")), "Q&A%20Part%201");
    server.assert_vault_unchanged();
}

/// "Link this mention" on a note's name (or alias) written as plain text: the edit makes it a
/// link, as `wikilint mentions --link` writes it; nothing elsewhere.
#[test]
fn link_this_mention() {
    let mut server = start();
    server.open("Scratch.md");
    let text = "I read Vladimir Ilyich and Marx today, not `Marx` in code.\n";
    server.change("Scratch.md", vec![(None, text)]);
    let action_at = |server: &mut Server, needle: &str, skip: usize| -> Vec<Value> {
        let at = server.position(text, text.find(needle).unwrap() + skip);
        let params = json!({
            "textDocument": { "uri": server.uri("Scratch.md") },
            "range": { "start": at, "end": at },
            "context": { "diagnostics": [] },
        });
        let actions = server.request("textDocument/codeAction", params).unwrap();
        actions
            .as_array()
            .unwrap()
            .iter()
            .filter(|a| a["title"].as_str().unwrap().starts_with("Link"))
            .cloned()
            .collect()
    };
    let found = action_at(&mut server, "Ilyich", 2);
    assert_eq!(found.len(), 1, "{}", json!(found));
    let edit = &found[0]["edit"]["documentChanges"][0]["edits"][0];
    assert_eq!(edit["newText"], "[[Lenin|Vladimir Ilyich]]");
    let at = text.find("Vladimir").unwrap();
    let range =
        json!({ "start": server.position(text, at), "end": server.position(text, at + "Vladimir Ilyich".len()) });
    assert_eq!(edit["range"], range);
    let found = action_at(&mut server, "Marx today", 1);
    assert_eq!(found[0]["edit"]["documentChanges"][0]["edits"][0]["newText"], "[[Marx]]");
    assert!(action_at(&mut server, "today", 1).is_empty());
    assert!(action_at(&mut server, "`Marx`", 2).is_empty(), "not in code");
    server.assert_vault_unchanged();
}

/// A name taken by a note open in the editor but not saved yet is taken: the rename is refused.
#[test]
fn a_rename_onto_an_unsaved_new_note_is_refused() {
    let mut server = start();
    let uri = server.uri("Karl.md");
    server.notify(
        "textDocument/didOpen",
        json!({ "textDocument": { "uri": uri, "languageId": "markdown", "version": 1, "text": "# Karl\n" } }),
    );
    let error = rename(&mut server, "Reading List.md", "[[Marx]]", 3, "Karl").unwrap_err();
    assert!(error["message"].as_str().unwrap().contains("Karl"), "{error}");
    server.assert_vault_unchanged();
}

/// Shut down before any file was opened (so before there was a vault): a clean exit.
#[test]
fn shutdown_before_any_file_is_opened() {
    let server = Server::start_without_folder(FIXTURE, editor_capabilities());
    assert!(server.shutdown().success());
    let mut server = Server::start_without_folder(FIXTURE, editor_capabilities());
    server.notify("exit", Value::Null);
    assert_eq!(server.wait_exit().code(), Some(1));
}

/// References of a tag include the notes that carry it in their `tags` property (Obsidian
/// counts both in its tag pane).
#[test]
fn references_of_a_tag_include_the_tags_property() {
    let mut server = start();
    server.open("Scratch.md");
    let text = "about #Person here\n";
    server.change("Scratch.md", vec![(None, text)]);
    let mut params = server.at("Scratch.md", server.position(text, 8));
    params["context"] = json!({ "includeDeclaration": true });
    let found = server.request("textDocument/references", params).unwrap();
    let lenin = found
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["uri"] == server.uri("Lenin.md"))
        .unwrap_or_else(|| panic!("the property's tag is not among {found}"));
    assert_eq!(lenin["range"], server.range_of("Lenin.md", "person"));
    assert!(found.as_array().unwrap().iter().any(|l| l["uri"] == server.uri("Scratch.md")));
    server.assert_vault_unchanged();
}

/// Hover on a link to nothing that is a near miss says what it nearly names, rather than
/// that a note is to be written.
#[test]
fn hover_on_a_near_miss_names_the_note_it_nearly_is() {
    let mut server = start();
    let shown = hover(&mut server, "Reading List.md", "[[Reading-List]]", 3);
    assert!(shown.contains("Reading List.md") && shown.contains("a spelling"), "{shown}");
    assert!(!shown.contains("does not exist yet"), "{shown}");
    server.assert_vault_unchanged();
}

/// A link that names a folder gets its stub in that folder, not in `[stubs] folder`.
#[test]
fn create_note_for_a_folder_qualified_link() {
    let mut server = start();
    server.open("Scratch.md");
    let text = "See [[People/Bukharin]].\n";
    server.change("Scratch.md", vec![(None, text)]);
    let at = server.position(text, 8);
    let params = json!({
        "textDocument": { "uri": server.uri("Scratch.md") },
        "range": { "start": at, "end": at },
        "context": { "diagnostics": [] },
    });
    let actions = server.request("textDocument/codeAction", params).unwrap();
    let titles: Vec<&str> = actions.as_array().unwrap().iter().map(|a| a["title"].as_str().unwrap()).collect();
    assert!(titles.contains(&"Create note People/Bukharin.md"), "{titles:?}");
    server.assert_vault_unchanged();
}
