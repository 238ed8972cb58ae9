//! File and folder names a stub may have: what Obsidian and the common file systems
//! (ext4, APFS, NTFS, FAT) all accept. A name that fails is refused, never rewritten.

/// Windows reserves these names, with or without an extension, in any case.
const DEVICE_NAMES: &[&str] = &[
    "con", "prn", "aux", "nul", "com0", "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8", "com9", "com¹",
    "com²", "com³", "lpt0", "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9", "lpt¹", "lpt²",
    "lpt³", "conin$", "conout$",
];

/// The longest file name most file systems take: 255 bytes (ext4, APFS) and 255 UTF-16
/// units (NTFS); the stricter of the two is applied.
pub const MAX_NAME: usize = 255;

/// `s` in double quotes for a message: control characters as `\u{…}`, the rest as is, and
/// past 60 characters cut with `…`.
pub fn quote(s: &str) -> String {
    let mut out = String::from("\"");
    for (i, c) in s.chars().enumerate() {
        if i == 60 {
            out.push('…');
            break;
        }
        if c.is_control() {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    out.push('"');
    out
}

/// Why `name` (one path segment, extension included) cannot be a file or folder name, or
/// `None` when it can.
pub fn problem(name: &str) -> Option<String> {
    if name.is_empty() {
        return Some("an empty name".into());
    }
    if let Some(c) = name.chars().find(|c| matches!(c, '\\' | '/' | ':' | '*' | '?' | '"' | '<' | '>' | '|')) {
        return Some(format!("'{c}', which file systems refuse in names"));
    }
    if let Some(c) = name.chars().find(|c| matches!(c, '#' | '^' | '[' | ']')) {
        return Some(format!("'{c}', which breaks links in Obsidian"));
    }
    if name.contains("%%") {
        return Some("\"%%\", which starts a comment in Obsidian".into());
    }
    if let Some(c) = name.chars().find(|c| c.is_control()) {
        return Some(format!("the control character U+{:04X}", c as u32));
    }
    if name.starts_with('.') {
        return Some("a leading \".\", which hides the file from Obsidian".into());
    }
    if name.starts_with(char::is_whitespace) {
        return Some("a leading space, which Obsidian's links cannot reach".into());
    }
    if name.ends_with(char::is_whitespace) {
        return Some("a trailing space, which Windows drops".into());
    }
    if name.ends_with('.') {
        return Some("a trailing \".\", which Windows drops".into());
    }
    let stem = name.split('.').next().unwrap_or(name).trim_end().to_lowercase();
    if DEVICE_NAMES.contains(&stem.as_str()) {
        return Some(format!("the Windows device name \"{}\"", name.split('.').next().unwrap_or(name)));
    }
    let units: usize = name.chars().map(char::len_utf16).sum();
    if name.len() > MAX_NAME || units > MAX_NAME {
        return Some(format!("{} bytes, over the {MAX_NAME} a file name may have", name.len()));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::problem;

    #[test]
    fn accepts_ordinary_names() {
        for ok in [
            "Lenin.md",
            "The State and Revolution (1917).md",
            "2024.01.15.md",
            "Café.md",
            "Console.md",
            "COM10.md",
            "Rosa Luxemburg",
            "Socialism Didn't Fail, Stalinism Did.md",
            "économie & société.md",
        ] {
            assert_eq!(problem(ok), None, "{ok}");
        }
    }

    #[test]
    fn refuses_what_obsidian_or_a_file_system_refuses() {
        for bad in [
            "What?.md",
            "a:b.md",
            "a*b.md",
            "a\"b.md",
            "a<b.md",
            "a>b.md",
            "a|b.md",
            "a\\b.md",
            "a#b.md",
            "a^b.md",
            "a[b.md",
            "a]b.md",
            "a%%b.md",
            ".bashrc.md",
            ".hidden",
            "..",
            "trailing ",
            "Trailing dot.",
            " leading.md",
            "CON.md",
            "con.md",
            "Nul.txt.md",
            "LPT1.md",
            "COM¹.md",
            "tab\there.md",
            "",
        ] {
            assert!(problem(bad).is_some(), "{bad:?} was accepted");
        }
        let long = format!("{}.md", "x".repeat(252));
        assert!(problem(&long).is_none());
        let long = format!("{}.md", "x".repeat(253));
        assert!(problem(&long).is_some());
        // 100 three-byte characters: 300 bytes, over the limit though only 100 characters.
        assert!(problem(&format!("{}.md", "語".repeat(100))).is_some());
    }
}
