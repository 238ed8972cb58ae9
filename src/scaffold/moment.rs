//! Date formats as Obsidian's core Templates plugin reads them: moment.js tokens
//! (`YYYY-MM-DD`, `HH:mm`, `dddd, MMMM Do`), `[escaped text]`, other characters literal.

use chrono::{DateTime, Datelike, FixedOffset, Timelike};

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const DAYS: [&str; 7] = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

/// The tokens, longest first so that `MMMM` is not read as `MM` `MM`.
const TOKENS: &[&str] = &[
    "YYYYYY", "YYYY", "GGGG", "gggg", "MMMM", "MMM", "DDDD", "dddd", "SSS", "YY", "GG", "gg", "MM", "Mo", "DDD", "DD",
    "Do", "ddd", "dd", "do", "WW", "Wo", "ww", "wo", "HH", "hh", "kk", "mm", "ss", "SS", "ZZ", "Qo", "M", "D", "d",
    "E", "e", "W", "w", "H", "h", "k", "m", "s", "S", "A", "a", "Q", "X", "x", "Z", "Y",
];

pub fn format(fmt: &str, t: &DateTime<FixedOffset>) -> String {
    let mut out = String::new();
    let mut rest = fmt;
    while let Some(c) = rest.chars().next() {
        if c == '['
            && let Some(end) = rest.find(']')
        {
            out.push_str(&rest[1..end]);
            rest = &rest[end + 1..];
            continue;
        }
        match TOKENS.iter().find(|tok| rest.starts_with(**tok)) {
            Some(tok) => {
                out.push_str(&token(tok, t));
                rest = &rest[tok.len()..];
            }
            None => {
                out.push(c);
                rest = &rest[c.len_utf8()..];
            }
        }
    }
    out
}

fn ordinal(n: u32) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

/// moment's `en` locale week: starts on Sunday, week 1 holds January 1st.
fn locale_week(t: &DateTime<FixedOffset>) -> (i32, u32) {
    let date = t.date_naive();
    let sunday = date - chrono::Days::new(u64::from(date.weekday().num_days_from_sunday()));
    let saturday = sunday + chrono::Days::new(6);
    let year = saturday.year();
    let jan1 = chrono::NaiveDate::from_ymd_opt(year, 1, 1).expect("January 1st exists");
    let first_sunday = jan1 - chrono::Days::new(u64::from(jan1.weekday().num_days_from_sunday()));
    (year, ((sunday - first_sunday).num_days() / 7 + 1) as u32)
}

fn token(tok: &str, t: &DateTime<FixedOffset>) -> String {
    let hour12 = match t.hour() % 12 {
        0 => 12,
        h => h,
    };
    let iso = t.iso_week();
    let offset = t.offset().local_minus_utc() / 60;
    let zone = |sep: &str| {
        let sign = if offset < 0 { '-' } else { '+' };
        format!("{sign}{:02}{sep}{:02}", offset.abs() / 60, offset.abs() % 60)
    };
    match tok {
        "YYYYYY" => format!("{:+07}", t.year()),
        "YYYY" => format!("{:04}", t.year()),
        "YY" => format!("{:02}", t.year().rem_euclid(100)),
        "Y" => t.year().to_string(),
        "GGGG" => format!("{:04}", iso.year()),
        "GG" => format!("{:02}", iso.year().rem_euclid(100)),
        "gggg" => format!("{:04}", locale_week(t).0),
        "gg" => format!("{:02}", locale_week(t).0.rem_euclid(100)),
        "MMMM" => MONTHS[t.month0() as usize].to_string(),
        "MMM" => MONTHS[t.month0() as usize][..3].to_string(),
        "MM" => format!("{:02}", t.month()),
        "Mo" => ordinal(t.month()),
        "M" => t.month().to_string(),
        "Q" => ((t.month0() / 3) + 1).to_string(),
        "Qo" => ordinal((t.month0() / 3) + 1),
        "DDDD" => format!("{:03}", t.ordinal()),
        "DDD" => t.ordinal().to_string(),
        "DD" => format!("{:02}", t.day()),
        "Do" => ordinal(t.day()),
        "D" => t.day().to_string(),
        "dddd" => DAYS[t.weekday().num_days_from_sunday() as usize].to_string(),
        "ddd" => DAYS[t.weekday().num_days_from_sunday() as usize][..3].to_string(),
        "dd" => DAYS[t.weekday().num_days_from_sunday() as usize][..2].to_string(),
        "do" => ordinal(t.weekday().num_days_from_sunday()),
        "d" | "e" => t.weekday().num_days_from_sunday().to_string(),
        "E" => t.weekday().number_from_monday().to_string(),
        "WW" => format!("{:02}", iso.week()),
        "Wo" => ordinal(iso.week()),
        "W" => iso.week().to_string(),
        "ww" => format!("{:02}", locale_week(t).1),
        "wo" => ordinal(locale_week(t).1),
        "w" => locale_week(t).1.to_string(),
        "HH" => format!("{:02}", t.hour()),
        "H" => t.hour().to_string(),
        "hh" => format!("{hour12:02}"),
        "h" => hour12.to_string(),
        "kk" => format!("{:02}", if t.hour() == 0 { 24 } else { t.hour() }),
        "k" => (if t.hour() == 0 { 24 } else { t.hour() }).to_string(),
        "mm" => format!("{:02}", t.minute()),
        "m" => t.minute().to_string(),
        "ss" => format!("{:02}", t.second()),
        "s" => t.second().to_string(),
        "SSS" => format!("{:03}", t.timestamp_subsec_millis()),
        "SS" => format!("{:02}", t.timestamp_subsec_millis() / 10),
        "S" => (t.timestamp_subsec_millis() / 100).to_string(),
        "A" => (if t.hour() < 12 { "AM" } else { "PM" }).to_string(),
        "a" => (if t.hour() < 12 { "am" } else { "pm" }).to_string(),
        "X" => t.timestamp().to_string(),
        "x" => t.timestamp_millis().to_string(),
        "Z" => zone(":"),
        "ZZ" => zone(""),
        _ => tok.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(s).unwrap()
    }

    #[test]
    fn formats_like_moment() {
        let t = at("2026-01-02T09:05:07+01:00");
        assert_eq!(format("YYYY-MM-DD", &t), "2026-01-02");
        assert_eq!(format("HH:mm", &t), "09:05");
        assert_eq!(format("dddd, MMMM Do YYYY", &t), "Friday, January 2nd 2026");
        assert_eq!(format("ddd D MMM YY h:mm:ss a", &t), "Fri 2 Jan 26 9:05:07 am");
        assert_eq!(format("[Week] W, [Q]Q, DDDD", &t), "Week 1, Q1, 002");
        assert_eq!(format("YYYY/MM/[notes]", &t), "2026/01/notes");
        assert_eq!(format("Z ZZ X", &t), "+01:00 +0100 1767341107");
        assert_eq!(format("gggg-[W]ww e E", &t), "2026-W01 5 5");
        assert_eq!(format("hh A k", &at("2026-12-31T00:30:00Z")), "12 AM 24");
        assert_eq!(format("Do", &at("2026-03-11T00:00:00Z")), "11th");
        assert_eq!(format("Do", &at("2026-03-23T00:00:00Z")), "23rd");
    }

    #[test]
    fn iso_week_at_year_end() {
        // 2026-12-31 is a Thursday: ISO week 53 of 2026; 2027-01-01 (Friday) too.
        assert_eq!(format("GGGG-[W]WW", &at("2027-01-01T12:00:00Z")), "2026-W53");
        // In moment's en locale 2026-12-31 is in week 1 of 2027 (the week holding Jan 1st).
        assert_eq!(format("gggg-ww", &at("2026-12-31T12:00:00Z")), "2027-01");
    }
}
