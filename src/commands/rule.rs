use crate::cli::RuleArgs;
use crate::rules;

pub fn run(args: &RuleArgs) -> Result<u8, miette::Report> {
    let mut out = String::new();
    match &args.name {
        None => {
            let width = rules::ALL.iter().map(|r| r.info().name.len()).max().unwrap_or(0);
            out.push_str(&format!(
                "{:<5}  {:<width$}  {:<8}  {:<7}  {}\n",
                "CODE", "NAME", "SEVERITY", "FIXABLE", "SUMMARY"
            ));
            for rule in rules::ALL {
                let r = rule.info();
                let fixable = match rule.fixable() {
                    None => "no",
                    Some(crate::diagnostic::Safety::Safe) => "safe",
                    Some(crate::diagnostic::Safety::Unsafe) => "unsafe",
                };
                out.push_str(&format!(
                    "{:<5}  {:<width$}  {:<8}  {:<7}  {}\n",
                    r.code,
                    r.name,
                    r.severity.as_str(),
                    fixable,
                    r.summary
                ));
            }
        }
        Some(name) => {
            let found = rules::matching(name);
            let info = match found.as_slice() {
                [one] => *one,
                _ => found
                    .iter()
                    .find(|i| i.code.eq_ignore_ascii_case(name))
                    .copied()
                    .ok_or_else(|| miette::miette!("no rule is called {name:?} (see `wikilint rule`)"))?,
            };
            out.push_str(&format!(
                "# {} {} ({})\n\n{}\n\n{}\n",
                info.code,
                info.name,
                info.severity.as_str(),
                info.summary,
                info.docs
            ));
        }
    }
    use std::io::Write;
    let _ = std::io::stdout().write_all(out.as_bytes());
    Ok(0)
}
