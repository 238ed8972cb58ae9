use crate::cli::RuleArgs;
use crate::rules;

pub fn run(args: &RuleArgs) -> Result<u8, miette::Report> {
    let mut out = String::new();
    match &args.name {
        None => {
            for r in rules::ALL.iter().map(|r| r.info()) {
                out.push_str(&format!("{}  {:<20} {:<8} {}\n", r.code, r.name, r.severity.as_str(), r.summary));
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
