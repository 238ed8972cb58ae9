//! Issue 24 §5: the HTML report is a place to work from. It lists every finding, grouped by
//! note, with its line and the text at its span, filterable by rule and severity and
//! searchable; its totals are `check`'s; it says what is not reported on; the missing notes
//! are a ranked list whose referrers are one click away.
//!
//! The page's data is read from the JSON embedded in it; what its script draws is read from
//! the DOM a real headless Chromium dumps after running it. Those tests skip (pass, saying so)
//! when no Chromium is installed: CI installs nothing by itself.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::Duration;

use assert_cmd::Command;
use serde_json::Value;
use tempfile::TempDir;

const SEED: &str = "vault-fixtures/seed";
const GRAPH: &str = "vault-fixtures/graph";
const HOSTILE_NOTE: &str = "<img src=x onerror=alert(1)>.md";

fn manifest() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn wikilint(args: &[&str]) -> (Option<i32>, String, String) {
    let out = Command::cargo_bin("wikilint")
        .unwrap()
        .current_dir(manifest())
        .env("NO_COLOR", "1")
        .args(args)
        .timeout(Duration::from_secs(120))
        .output()
        .unwrap();
    let (stdout, stderr) =
        (String::from_utf8_lossy(&out.stdout).into_owned(), String::from_utf8_lossy(&out.stderr).into_owned());
    assert!(!stderr.contains("panicked"), "the binary panicked:\n{stderr}");
    (out.status.code(), stdout, stderr)
}

fn vault(files: &[(&str, &str)]) -> TempDir {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir_all(dir.path().join(".obsidian")).unwrap();
    for (path, text) in files {
        let p = dir.path().join(path);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(p, text).unwrap();
    }
    dir
}

/// `report VAULT --html` into a temp dir: the folder (kept alive), the page's path and text.
fn report(vault: &Path) -> (TempDir, PathBuf, String) {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("report.html");
    let (code, _, stderr) = wikilint(&["report", vault.to_str().unwrap(), "--html", page.to_str().unwrap()]);
    assert_eq!(code, Some(0), "{stderr}");
    let html = fs::read_to_string(&page).unwrap();
    (dir, page, html)
}

/// The JSON the page embeds for its script.
fn data(html: &str) -> Value {
    let start = r#"<script type="application/json" id="wikilint-data">"#;
    let json = html.split(start).nth(1).and_then(|s| s.split("</script>").next()).expect("no embedded data");
    serde_json::from_str(json).expect("the embedded data is not JSON")
}

fn check_totals(vault: &Path) -> Value {
    let (_, stdout, stderr) = wikilint(&["check", vault.to_str().unwrap(), "--format", "json"]);
    let json: Value = serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{e}: {stdout}{stderr}"));
    json["totals"].clone()
}

/// One finding of the embedded data, by name: `[note, line, column, rule, severity, message, text, hint]`.
#[derive(Debug)]
struct Finding {
    path: String,
    line: u64,
    rule: String,
    severity: String,
    message: String,
    text: String,
}

fn findings(data: &Value) -> Vec<Finding> {
    let paths = data["paths"].as_array().unwrap();
    let rules = data["rules"].as_array().unwrap();
    data["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| Finding {
            path: paths[f[0].as_u64().unwrap() as usize].as_str().unwrap().to_string(),
            line: f[1].as_u64().unwrap(),
            rule: rules[f[3].as_u64().unwrap() as usize]["name"].as_str().unwrap().to_string(),
            severity: f[4].as_str().unwrap().to_string(),
            message: f[5].as_str().unwrap().to_string(),
            text: f[6].as_str().unwrap().to_string(),
        })
        .collect()
}

// ---------------------------------------------------------------------------------------
// the page's data
// ---------------------------------------------------------------------------------------

#[test]
fn every_finding_is_in_the_page_with_its_line_and_the_text_at_its_span() {
    let v = vault(&[
        ("A.md", "---\ntags: []\n---\nFirst line.\nSee [[Gone]] and [[B#Nowhere]].\n"),
        ("B.md", "# Here\nA typo: [[A ]] and [[ Gone]].\n"),
    ]);
    let (_dir, _, html) = report(v.path());
    let data = data(&html);
    let found = findings(&data);
    // Every finding `check` has (JSON keeps the missing notes that concise folds into their link).
    let (_, json, _) = wikilint(&["check", v.path().to_str().unwrap(), "--format", "json"]);
    let json: Value = serde_json::from_str(&json).unwrap();
    assert_eq!(found.len(), json["diagnostics"].as_array().unwrap().len(), "{found:#?}\n{json}");
    let at = |path: &str, line: u64, rule: &str| {
        found
            .iter()
            .find(|f| f.path == path && f.line == line && f.rule == rule)
            .unwrap_or_else(|| panic!("no {rule} at {path}:{line} in {found:#?}"))
    };
    assert_eq!(at("A.md", 5, "broken-link").text, "[[Gone]]");
    assert!(at("A.md", 5, "broken-link").message.contains("Gone"));
    assert_eq!(at("A.md", 5, "broken-heading").text, "[[B#Nowhere]]");
    assert_eq!(at("B.md", 2, "padded-link").text, "[[A ]]");
    // Sorted as `check` sorts them: by note, then by place.
    let order: Vec<(&str, u64)> = found.iter().map(|f| (f.path.as_str(), f.line)).collect();
    let mut sorted = order.clone();
    sorted.sort();
    assert_eq!(order, sorted);
    for f in &found {
        assert!(["error", "warning", "info"].contains(&f.severity.as_str()), "{f:?}");
    }
}

#[test]
fn totals_are_checks_totals() {
    // The templates folder and wikilint.toml's `exclude` are not reported on by `check`.
    let manifest_graph = manifest().join(GRAPH);
    let hand_made = vault(&[
        (".obsidian/templates.json", r#"{"folder": "Templates"}"#),
        (".obsidian/app.json", r#"{"userIgnoreFilters": ["Private/"]}"#),
        ("wikilint.toml", "exclude = [\"Archive/**\"]\n"),
        ("Templates/Daily.md", "[[{{date}}]] [[Nowhere]]\n"),
        ("Templates/Weekly.md", "[[Gone]]\n"),
        ("Archive/Old.md", "[[Gone]] [[Also gone]]\n"),
        ("Private/Diary.md", "[[Secret]]\n"),
        ("Index.md", "[[Gone]] [[Here]] [[Here#Nope]]\n"),
        ("Here.md", ""),
    ]);
    for v in [manifest_graph.as_path(), manifest().join(SEED).as_path(), hand_made.path()] {
        let (_dir, _, html) = report(v);
        let page = data(&html)["totals"].clone();
        let check = check_totals(v);
        for (key, n) in check.as_object().unwrap() {
            assert_eq!(&page[key], n, "{key} in {}: page {page}, check {check}", v.display());
        }
        // The cards show the same numbers.
        for (card, key) in [("notes", "notes"), ("links", "links"), ("broken-links", "broken_links")] {
            let shown = format!(r#"<dd id="total-{card}">{}</dd>"#, check[key]);
            assert!(html.contains(&shown), "{shown} not in the page for {}", v.display());
        }
    }
}

#[test]
fn what_is_not_reported_on_is_said_with_counts() {
    let v = vault(&[
        (".obsidian/templates.json", r#"{"folder": "Templates"}"#),
        (".obsidian/app.json", r#"{"userIgnoreFilters": ["Private/", "/Drafts?/"]}"#),
        ("wikilint.toml", "exclude = [\"Archive/**\"]\n"),
        ("Templates/Daily.md", ""),
        ("Templates/Weekly.md", ""),
        ("Archive/Old.md", ""),
        ("Archive/Older.md", ""),
        ("Archive/Oldest.md", ""),
        ("Private/Diary.md", ""),
        ("Index.md", ""),
        ("pic.png", ""),
    ]);
    let (_dir, _, html) = report(v.path());
    let data = data(&html);
    let excluded = &data["excluded"];
    assert_eq!(excluded["templates"], 2, "{excluded}");
    assert_eq!(excluded["exclude"], 3, "{excluded}");
    assert_eq!(excluded["ignore_filters"], 1, "{excluded}");
    let section = &html[html.find(r#"id="not-reported""#).expect("no section on what is not reported")..];
    let section = &section[..section.find("</section>").unwrap()];
    for said in [
        "6 notes are not reported on",
        "2 in the templates folder <code>Templates/</code>",
        "3 matched by <code>exclude</code> in wikilint.toml",
        "1 in Obsidian’s excluded files",
        "Archive/Oldest.md",
    ] {
        assert!(section.contains(said), "{said:?} not in {section}");
    }
    // Nothing excluded: the page says so in one line.
    let plain = vault(&[("Index.md", "")]);
    let (_dir, _, html) = report(plain.path());
    assert!(html.contains("Every note is reported on."), "{html}");
}

#[test]
fn missing_notes_are_ranked_with_their_referrers() {
    let (_dir, _, html) = report(&manifest().join(GRAPH));
    let data = data(&html);
    let missing = data["missing"].as_array().unwrap();
    let titles: Vec<&str> = missing.iter().map(|m| m["title"].as_str().unwrap()).collect();
    assert_eq!(titles[0], "Missing Idea", "most linked first: {titles:?}");
    let first = &missing[0];
    assert_eq!((first["links"].as_u64(), first["notes"].as_u64()), (Some(3), Some(2)));
    let paths = data["paths"].as_array().unwrap();
    let refs: Vec<(String, u64, String)> = first["refs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let path = paths[r[0].as_u64().unwrap() as usize].as_str().unwrap().to_string();
            (path, r[1].as_u64().unwrap(), r[3].as_str().unwrap().to_string())
        })
        .collect();
    assert_eq!(
        refs,
        [
            ("Index.md".to_string(), 5, "[[Missing Idea]]".to_string()),
            ("Index.md".to_string(), 5, "[[missing idea]]".to_string()),
            ("People/Trotsky.md".to_string(), 3, "[[Missing Idea]]".to_string()),
        ]
    );
}

#[test]
fn hostile_names_and_link_text_stay_text() {
    let v = vault(&[
        (HOSTILE_NOTE, "[[<script>alert(2)</script>]] and [[Gone\"><b>x</b>]]\n"),
        ("{{data}}.md", "[[</script><script>alert(3)</script>]]\n"),
    ]);
    let (_dir, _, html) = report(v.path());
    for raw in ["<img", "<script>alert", "<b>x</b>", "</script><script>"] {
        assert!(!html.contains(raw), "raw markup {raw:?} in the page");
    }
    let data = data(&html);
    let paths: Vec<&str> = data["paths"].as_array().unwrap().iter().map(|p| p.as_str().unwrap()).collect();
    assert!(paths.contains(&HOSTILE_NOTE), "{paths:?}");
    assert!(findings(&data).iter().any(|f| f.text == "[[<script>alert(2)</script>]]"));
}

// ---------------------------------------------------------------------------------------
// the page in a real browser
// ---------------------------------------------------------------------------------------

fn chromium() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    let names = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"];
    let found = names.iter().flat_map(|n| std::env::split_paths(&path).map(move |d| d.join(n))).find(|p| p.is_file());
    if found.is_none() {
        println!("SKIPPED: no Chromium (chromium, chromium-browser, google-chrome) on PATH; the page was not run");
    }
    found
}

/// The DOM of `page#hash` after its script ran, checked for script errors.
fn dom(chromium: &Path, page: &Path, hash: &str) -> String {
    let profile = tempfile::tempdir().unwrap();
    let out = Command::new(chromium)
        .args(["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--virtual-time-budget=5000"])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg("--dump-dom")
        .arg(format!("file://{}{hash}", page.display()))
        .timeout(Duration::from_secs(180))
        .output()
        .unwrap();
    let dom = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(out.status.success() && !dom.is_empty(), "chromium failed: {}", String::from_utf8_lossy(&out.stderr));
    let errors = dom.split(r#"<div id="js-errors" role="alert">"#).nth(1).and_then(|s| s.split("</div>").next());
    assert_eq!(errors, Some(""), "the page's script reported errors");
    assert!(dom.contains(r#"data-ok="1""#), "the page's script did not finish:\n{dom}");
    dom
}

/// Runs `probe` in the page (after its own script, in a copy of it) as a user's clicks and
/// typing would, and returns what the probe wrote into `#probe` as JSON.
fn probe(chromium: &Path, page: &Path, probe: &str) -> Value {
    let html = fs::read_to_string(page).unwrap();
    let script = format!("<pre id=\"probe\"></pre><script>\"use strict\";{probe}</script></body>");
    let probed = page.with_file_name("probed.html");
    fs::write(&probed, html.replacen("</body>", &script, 1)).unwrap();
    let drawn = dom(chromium, &probed, "");
    let out = text_of(&drawn, "probe").replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">");
    serde_json::from_str(&out).unwrap_or_else(|e| panic!("the probe wrote {out:?}: {e}"))
}

/// The values of `attr` on the elements of class `class`, in document order, unescaped.
fn attrs(dom: &str, class: &str, attr: &str) -> Vec<String> {
    dom.split(&format!(r#"class="{class}""#))
        .skip(1)
        .map(|tag| {
            let tag = &tag[..tag.find('>').unwrap()];
            let at = tag.find(&format!(r#"{attr}=""#)).unwrap_or_else(|| panic!("no {attr} in {tag}"));
            let value = &tag[at + attr.len() + 2..];
            let value = &value[..value.find('"').unwrap()];
            value.replace("&quot;", "\"").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
        })
        .collect()
}

/// The DOM with every attribute's value emptied: what is left is elements and text.
fn without_attribute_values(dom: &str) -> String {
    let mut out = String::with_capacity(dom.len());
    let mut rest = dom;
    while let Some(i) = rest.find("=\"") {
        out.push_str(&rest[..i + 2]);
        rest = &rest[i + 2..];
        rest = &rest[rest.find('"').unwrap()..];
    }
    out.push_str(rest);
    out
}

/// `40,040`, as the page writes counts.
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The text of the element with this id.
fn text_of<'a>(dom: &'a str, id: &str) -> &'a str {
    let at = dom.find(&format!(r#"id="{id}""#)).unwrap_or_else(|| panic!("no #{id}"));
    let rest = &dom[at..];
    let rest = &rest[rest.find('>').unwrap() + 1..];
    &rest[..rest.find('<').unwrap()]
}

#[test]
fn browser_lists_the_findings_grouped_by_note() {
    let Some(chromium) = chromium() else { return };
    let (_dir, page, html) = report(&manifest().join(SEED));
    let all = findings(&data(&html));
    let dom = dom(&chromium, &page, "");
    // Every finding of the seed vault is listed (it has fewer than a page), under its note.
    let groups = attrs(&dom, "note-group", "data-path");
    let mut notes: Vec<&str> = all.iter().map(|f| f.path.as_str()).collect();
    notes.dedup();
    assert_eq!(groups, notes);
    assert_eq!(attrs(&dom, "finding", "data-rule").len(), all.len());
    assert_eq!(text_of(&dom, "shown-count"), format!("{} of {}", thousands(all.len()), thousands(all.len())));
    // A row shows the line, the rule, the message and the link's text.
    let glued = all.iter().find(|f| f.rule == "glued-link").expect("the seed has a glued link");
    let row = dom.split(r#"class="finding""#).find(|r| r.contains(r#"data-rule="glued-link""#)).unwrap();
    let row = &row[..row.find("</tr>").unwrap()];
    assert!(row.contains(&format!(">{}<", glued.line)), "{row}");
    assert!(row.contains(&glued.text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")), "{row}");
    // The rule and severity filters offer what the page holds, with their counts.
    assert!(dom.contains(r#"<option value="broken-link">"#), "no rule filter");
    for sev in ["error", "warning", "info"] {
        assert!(dom.contains(&format!(r#"data-severity-toggle="{sev}""#)), "no {sev} filter");
    }
}

#[test]
fn browser_filters_come_from_the_address() {
    let Some(chromium) = chromium() else { return };
    let (_dir, page, html) = report(&manifest().join(SEED));
    let all = findings(&data(&html));
    let count = |pred: &dyn Fn(&Finding) -> bool| all.iter().filter(|f| pred(f)).count();

    let dom1 = dom(&chromium, &page, "#rule=missing-note");
    let rules = attrs(&dom1, "finding", "data-rule");
    assert_eq!(rules.len(), count(&|f| f.rule == "missing-note"));
    assert!(rules.iter().all(|r| r == "missing-note"), "{rules:?}");
    assert!(dom1.contains(r#"<option value="missing-note" selected"#), "the select shows the filter");

    let dom2 = dom(&chromium, &page, "#severity=warning");
    let sevs = attrs(&dom2, "finding", "data-severity");
    assert_eq!(sevs.len(), count(&|f| f.severity == "warning"));
    assert!(sevs.iter().all(|s| s == "warning"));

    // The search looks at the message, the link's text and the note's path, ignoring case.
    let dom3 = dom(&chromium, &page, "#q=trotskyism");
    let expected = count(&|f| {
        let q = "trotskyism";
        f.message.to_lowercase().contains(q) || f.text.to_lowercase().contains(q) || f.path.to_lowercase().contains(q)
    });
    assert!(expected > 0);
    assert_eq!(attrs(&dom3, "finding", "data-rule").len(), expected);
    assert_eq!(text_of(&dom3, "shown-count"), format!("{} of {}", thousands(expected), thousands(all.len())));
}

#[test]
fn browser_filters_follow_clicks_and_typing() {
    let Some(chromium) = chromium() else { return };
    let (_dir, page, html) = report(&manifest().join(SEED));
    let all = findings(&data(&html));
    let count = |pred: &dyn Fn(&Finding) -> bool| all.iter().filter(|f| pred(f)).count();
    let got = probe(
        &chromium,
        &page,
        r##"
        var out = {};
        function rows() { return document.querySelectorAll("tr.finding").length; }
        out.all = rows();
        document.querySelector('[data-severity-toggle="info"]').click();
        out.no_info = rows(); out.hash_no_info = decodeURIComponent(location.hash);
        document.querySelector("#rule-summary tbody tr").click();
        out.first_rule = rows(); out.hash_rule = location.hash;
        document.querySelector("#rule-summary tbody tr").click();
        out.rule_again = rows();
        document.getElementById("clear-filters").click();
        out.cleared = rows(); out.hash_cleared = location.hash;
        var select = document.getElementById("rule-filter");
        select.value = "glued-link"; select.dispatchEvent(new Event("change"));
        out.glued = rows();
        document.getElementById("clear-filters").click();
        var search = document.getElementById("finding-search");
        search.value = "Second International"; search.dispatchEvent(new Event("input"));
        setTimeout(function () {
          out.searched = rows();
          var row = document.querySelector(".missing-row");
          row.querySelector("summary").click();
          out.opened = row.open;
          var filter = document.getElementById("missing-filter");
          filter.value = "TROTSKYI"; filter.dispatchEvent(new Event("input"));
          setTimeout(function () {
            out.missing_filtered = Array.prototype.map.call(document.querySelectorAll(".missing-row"),
              function (r) { return r.getAttribute("data-title"); });
            document.getElementById("probe").textContent = JSON.stringify(out);
          }, 400);
        }, 400);
        "##,
    );
    assert_eq!(got["all"], all.len());
    assert_eq!(got["no_info"], count(&|f| f.severity != "info"));
    assert_eq!(got["hash_no_info"], "#severity=error,warning");
    // The first row of the table by rule is its rule with errors or the most warnings: broken-link.
    assert_eq!(got["first_rule"], count(&|f| f.rule == "broken-link" && f.severity != "info"));
    assert_eq!(got["hash_rule"], "#rule=broken-link&severity=error%2Cwarning");
    assert_eq!(got["rule_again"], got["no_info"], "a second click shows every rule again");
    assert_eq!((&got["cleared"], &got["hash_cleared"]), (&Value::from(all.len()), &Value::from("")));
    assert_eq!(got["glued"], count(&|f| f.rule == "glued-link"));
    let q = "second international";
    assert_eq!(
        got["searched"],
        count(&|f| {
            let hay = format!("{} {} {}", f.message, f.text, f.path).to_lowercase();
            q.split(' ').all(|w| hay.contains(w))
        })
    );
    assert_eq!(got["opened"], true);
    assert_eq!(got["missing_filtered"], serde_json::json!(["Trotskyism"]));
}

#[test]
fn browser_ranks_the_missing_notes_with_referrers_one_click_away() {
    let Some(chromium) = chromium() else { return };
    let (_dir, page, html) = report(&manifest().join(GRAPH));
    let drawn = dom(&chromium, &page, "");
    let ranked = attrs(&drawn, "missing-row", "data-title");
    assert_eq!(ranked.first().map(String::as_str), Some("Missing Idea"), "{ranked:?}");
    assert_eq!(ranked.len(), data(&html)["missing"].as_array().unwrap().len());
    // The row opens on its referrers: note, line and link text.
    let row = drawn.split(r#"class="missing-row""#).nth(1).unwrap();
    let row = &row[..row.find("</details>").unwrap()];
    assert!(row.contains("<summary"), "{row}");
    for said in ["People/Trotsky.md", ">3<", "[[Missing Idea]]", "[[missing idea]]"] {
        assert!(row.contains(said), "{said} not in {row}");
    }
    assert!(!row.contains(" open="), "rows start closed: {row}");
    // `#missing=TITLE` opens that row (any case), as a link to it would.
    let opened = dom(&chromium, &page, "#missing=nowhere");
    assert!(opened.contains(r#"<details class="missing-row" data-title="Nowhere" open="">"#), "not opened");
}

#[test]
fn browser_shows_hostile_names_as_text() {
    let Some(chromium) = chromium() else { return };
    let v = vault(&[(HOSTILE_NOTE, "[[<script>alert(2)</script>]] and [[Gone\"><b>x</b>]]\n")]);
    let (_dir, page, _) = report(v.path());
    let dom = dom(&chromium, &page, "");
    let markup = without_attribute_values(&dom);
    assert!(!markup.contains("<img"), "a note's name became an element");
    assert!(!markup.contains("<b>x</b>"), "link text became markup");
    assert!(dom.contains("&lt;img src=x onerror=alert(1)&gt;.md"), "the note's name is not shown as text");
    assert!(dom.contains("[[&lt;script&gt;alert(2)&lt;/script&gt;]]"), "the link's text is not shown");
}

/// 40 000 findings: the data is all there, the page draws one page of them and says how many
/// there are, and the script stays fast (its own measure, with a wide margin for a loaded machine).
#[test]
fn browser_stays_fast_on_forty_thousand_findings() {
    let Some(chromium) = chromium() else { return };
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join(".obsidian")).unwrap();
    let links: String = (0..40).map(|i| format!("[[Missing {i}]] ")).collect();
    for n in 0..1000 {
        fs::write(dir.path().join(format!("Note {n:04}.md")), format!("{links}\n")).unwrap();
    }
    let (_out, page, html) = report(dir.path());
    let total = data(&html)["findings"].as_array().unwrap().len();
    assert!(total >= 40_000, "{total}");
    let dom = dom(&chromium, &page, "");
    let rows = attrs(&dom, "finding", "data-rule").len();
    assert!((100..=1000).contains(&rows), "{rows} rows drawn at once");
    assert_eq!(text_of(&dom, "shown-count"), format!("{} of {}", thousands(total), thousands(total)));
    assert!(dom.contains(r#"id="show-more""#), "no way to see the rest");
    let got = probe(
        &chromium,
        &page,
        r##"
        var before = document.querySelectorAll("tr.finding").length;
        document.getElementById("show-more").click();
        var after = document.querySelectorAll("tr.finding").length;
        var groups = document.querySelectorAll(".note-group").length;
        document.getElementById("probe").textContent = JSON.stringify([before, after, groups]);
        "##,
    );
    assert_eq!(got[1].as_u64().unwrap(), 2 * got[0].as_u64().unwrap(), "Show more draws the next page: {got}");
    // A note's findings split across two pages stay in one group.
    // Every note has 40 findings or more: a note's findings split across two pages stay one group.
    assert!(got[2].as_u64().unwrap() <= got[1].as_u64().unwrap() / 40 + 1, "{got}");
    let ms: f64 = attrs(&dom, "report-body", "data-render-ms")[0].parse().unwrap();
    assert!(ms < 3000.0, "the script took {ms} ms");
}
