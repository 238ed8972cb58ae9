//! Stub templates: the placeholders of Obsidian's core Templates plugin (`{{title}}`,
//! `{{date}}`, `{{time}}`, `{{date:FORMAT}}`, `{{time:FORMAT}}`) and `{{mentions}}`, the
//! list of notes that link to the stub. A template is parsed once, before anything is
//! written, so an unknown placeholder stops the command while the vault is untouched.

use super::moment;
use chrono::{DateTime, FixedOffset};

/// The built-in template.
pub const DEFAULT: &str = "---\ntags: [stub]\ncreated: {{date}}\n---\n# {{title}}\n\n## Mentioned in\n\n{{mentions}}\n";

#[derive(Debug, Clone, PartialEq, Eq)]
enum Part {
    Text(String),
    Title,
    Date(Option<String>),
    Time(Option<String>),
    Mentions,
}

#[derive(Debug, Clone)]
pub struct Template {
    parts: Vec<Part>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateError {
    pub message: String,
    /// 1-based line and column (code points) of the placeholder.
    pub line: usize,
    pub column: usize,
}

/// What the placeholders stand for in one stub.
pub struct Values<'a> {
    /// The stub's file name without `.md` (Obsidian's `{{title}}`).
    pub title: &'a str,
    pub now: &'a DateTime<FixedOffset>,
    /// `.obsidian/templates.json` `dateFormat` / `timeFormat`, or Obsidian's defaults.
    pub date_format: &'a str,
    pub time_format: &'a str,
    pub mentions: &'a str,
}

impl Template {
    pub fn parse(text: &str) -> Result<Template, TemplateError> {
        let mut parts = Vec::new();
        let mut literal = String::new();
        let mut rest = text;
        while let Some(open) = rest.find("{{") {
            let line_end = rest[open..].find('\n').map_or(rest.len(), |i| open + i);
            // Like the plugin's regular expressions, a placeholder stays on one line.
            let Some(close) = rest[open + 2..line_end].find("}}").map(|i| open + 2 + i) else {
                literal.push_str(&rest[..line_end]);
                rest = &rest[line_end..];
                continue;
            };
            literal.push_str(&rest[..open]);
            let inner = rest[open + 2..close].trim();
            let (name, format) = match inner.split_once(':') {
                Some((n, f)) => (n.trim(), Some(f.to_string())),
                None => (inner, None),
            };
            let part = match (name.to_lowercase().as_str(), format) {
                ("title", None) => Part::Title,
                ("mentions", None) => Part::Mentions,
                ("date", f) => Part::Date(f),
                ("time", f) => Part::Time(f),
                (n @ ("title" | "mentions"), Some(_)) => {
                    return Err(error(text, rest, open, format!("{{{{{n}}}}} takes no format")));
                }
                _ => {
                    return Err(error(
                        text,
                        rest,
                        open,
                        format!(
                            "unknown placeholder {{{{{inner}}}}}; known: {{{{title}}}}, {{{{date}}}}, {{{{time}}}}, \
                             {{{{date:FORMAT}}}}, {{{{time:FORMAT}}}}, {{{{mentions}}}}"
                        ),
                    ));
                }
            };
            if !literal.is_empty() {
                parts.push(Part::Text(std::mem::take(&mut literal)));
            }
            parts.push(part);
            rest = &rest[close + 2..];
        }
        literal.push_str(rest);
        if !literal.is_empty() {
            parts.push(Part::Text(literal));
        }
        Ok(Template { parts })
    }

    pub fn render(&self, v: &Values) -> String {
        let mut out = String::new();
        for part in &self.parts {
            match part {
                Part::Text(t) => out.push_str(t),
                Part::Title => out.push_str(v.title),
                Part::Date(f) => out.push_str(&moment::format(f.as_deref().unwrap_or(v.date_format), v.now)),
                Part::Time(f) => out.push_str(&moment::format(f.as_deref().unwrap_or(v.time_format), v.now)),
                Part::Mentions => out.push_str(v.mentions.trim_end_matches('\n')),
            }
        }
        out
    }

    pub fn uses_mentions(&self) -> bool {
        self.parts.contains(&Part::Mentions)
    }
}

fn error(text: &str, rest: &str, open: usize, message: String) -> TemplateError {
    let at = text.len() - rest.len() + open;
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().unwrap_or(before).chars().count() + 1;
    TemplateError { message, line, column }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(t: &str) -> String {
        let now = DateTime::parse_from_rfc3339("2026-01-02T14:30:05+00:00").unwrap();
        let v =
            Values { title: "Lenin", now: &now, date_format: "YYYY-MM-DD", time_format: "HH:mm", mentions: "- x\n" };
        Template::parse(t).unwrap().render(&v)
    }

    #[test]
    fn every_placeholder() {
        assert_eq!(
            render("{{title}} {{date}} {{time}} {{date:dddd D MMMM}} {{time:h:mm A}} {{ Title }}\n{{mentions}}\n"),
            "Lenin 2026-01-02 14:30 Friday 2 January 2:30 PM Lenin\n- x\n"
        );
        assert_eq!(render(DEFAULT), "---\ntags: [stub]\ncreated: 2026-01-02\n---\n# Lenin\n\n## Mentioned in\n\n- x\n");
    }

    #[test]
    fn text_that_is_not_a_placeholder_stays() {
        assert_eq!(render("a {{ b\n}} {x} }}"), "a {{ b\n}} {x} }}");
    }

    #[test]
    fn unknown_placeholders_are_errors_with_a_position() {
        let e = Template::parse("---\ntags: x\n---\nHi {{author}}\n").unwrap_err();
        assert_eq!((e.line, e.column), (4, 4));
        assert!(e.message.contains("{{author}}"), "{}", e.message);
        assert!(Template::parse("{{}}").is_err());
        assert!(Template::parse("{{title:upper}}").is_err());
        assert!(Template::parse("{{mentions:x}}").is_err());
    }
}
