//! Where parse time goes, on one thread, over every note of a vault held in memory:
//! pulldown-cmark alone (the floor every Markdown linter pays) against our whole `parse_bytes`,
//! and the frontmatter and wikilink passes on their own.
//!
//!   cargo run --release --example parse_bench -- /tmp/wikilint-bench-10000 [REPEAT]
use std::time::Instant;

fn main() {
    let mut args = std::env::args().skip(1);
    let root = args.next().expect("usage: parse_bench VAULT [REPEAT]");
    let repeat: usize = args.next().and_then(|r| r.parse().ok()).unwrap_or(5);
    let files: Vec<Vec<u8>> = walkdir::WalkDir::new(&root)
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'))
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        .map(|e| std::fs::read(e.path()).expect("readable note"))
        .collect();
    let texts: Vec<&str> = files.iter().filter_map(|b| std::str::from_utf8(b).ok()).collect();
    let bytes: usize = texts.iter().map(|t| t.len()).sum();
    println!("{} notes, {:.1} MB, best of {repeat} runs", texts.len(), bytes as f64 / 1e6);
    let time = |name: &str, f: &dyn Fn(&str) -> usize| -> f64 {
        let mut best = f64::INFINITY;
        let mut n = 0;
        for _ in 0..repeat {
            let t = Instant::now();
            n = texts.iter().map(|s| f(s)).sum::<usize>();
            best = best.min(t.elapsed().as_secs_f64());
        }
        println!("{name:>12}: {:7.1} ms {:6.0} MB/s   ({n} items)", best * 1e3, bytes as f64 / best / 1e6);
        best
    };
    use wikilint::parse::{frontmatter, markdown_options, wikilink};
    let floor =
        time("pulldown", &|s| pulldown_cmark::Parser::new_ext(s, markdown_options()).into_offset_iter().count());
    time("frontmatter", &|s| {
        let lines = wikilint::text::LineIndex::new(s);
        let block = frontmatter::locate(s, 0);
        block.map_or(0, |b| frontmatter::parse(s, b, &lines, &mut Vec::new(), &mut Vec::new()).properties.len())
    });
    time("wikilinks", &|s| wikilink::scan(s, 0, s.len(), |_, _| false).len());
    let all = time("parse_bytes", &|s| wikilint::vault::parse_bytes(s.as_bytes()).links.len());
    println!("parse_bytes is {:.2}x pulldown-cmark alone", all / floor);
}
