//! The source appendix rendered: one module per format over the engine's
//! [`Appendix`](claimcheck_engine::appendix::Appendix), and what they share.

pub mod csl_json;
pub mod html;
pub mod json;
pub mod markdown;
pub mod sourcing;

use claimcheck_engine::appendix::{Appendix, AppendixSource, Passage};

/// Characters of the content hash shown to readers: enough to tell copies apart.
pub const SHORT_HASH: usize = 12;

/// A partial date `YYYY[-MM[-DD]]` as `(year, month, day)`.
pub fn date_parts(date: &str) -> Vec<u32> {
    date.split('-')
        .filter_map(|part| part.parse().ok())
        .collect()
}

/// `2021-02-24` → `24 February 2021`, `2020-03` → `March 2020`.
pub fn long_date(date: &str) -> String {
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
    match date_parts(date).as_slice() {
        [year, month, day] => format!(
            "{day} {} {year}",
            MONTHS.get(*month as usize - 1).unwrap_or(&"?")
        ),
        [year, month] => format!("{} {year}", MONTHS.get(*month as usize - 1).unwrap_or(&"?")),
        [year] => year.to_string(),
        _ => date.to_owned(),
    }
}

/// The label of a passage not proven, in words, or nothing for a proven one.
pub fn unverified_label(passage: &Passage) -> Option<String> {
    passage.unverified.map(|code| {
        format!("NOT VERIFIED ({code}): the source no longer says this at the pinned span")
    })
}

/// Lines `12` or `12–14`, after the page for a PDF: `p. 3, line 12`.
pub fn lines(passage: &Passage) -> String {
    let lines = if passage.first_line == passage.last_line {
        format!("line {}", passage.first_line)
    } else {
        format!("lines {}–{}", passage.first_line, passage.last_line)
    };
    match passage.pages {
        Some((first, last)) if first == last => format!("p. {first}, {lines}"),
        Some((first, last)) => format!("pp. {first}–{last}, {lines}"),
        None => lines,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_read_as_written_with_their_precision() {
        assert_eq!(long_date("2021-02-24"), "24 February 2021");
        assert_eq!(long_date("2020-03"), "March 2020");
        assert_eq!(long_date("2020"), "2020");
        assert_eq!(date_parts("2020-03"), vec![2020, 3]);
    }
}
