//! Values of structured facts: counts (or ranges of counts), dates with their precision
//! (a day, a month, "early January 2020", a year, or a range), text, and yes/no; and
//! when two values are compatible (could both be true).
//!
//! Values are written as reporting words them. A count may be a lower bound (`at least
//! 121`, `121+`, `121 or more`: 121 and up; `more than 200`, `over 200`: 201 and up), an
//! upper bound (`up to 50`, `at most 50`: 0 to 50; `fewer than 50`, `under 50`: 0 to 49)
//! or an approximation (`about`, `around`, `some`, `roughly`, `approximately`, `circa`,
//! `~` 40,000: within 10%, 36,000 to 44,000; `nearly`, `almost` 40,000: 36,000 up to
//! 40,000). A date may be open (`before March 2020`: any day before 1 March 2020; `by
//! mid-January 2021`: up to 20 January; `after`, `since`). Two values are compatible when
//! their ranges overlap.

use std::fmt;

/// An inclusive range of days, as days since 1970-01-01.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
pub struct DayRange {
    pub first: i64,
    pub last: i64,
}

impl DayRange {
    pub fn overlaps(self, other: DayRange) -> bool {
        self.first <= other.last && other.first <= self.last
    }
}

/// A fact's value.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum Value {
    /// A number or an inclusive range of numbers ("3,000", 2500, "2-3").
    Count {
        low: f64,
        high: f64,
    },
    /// A date at the precision written, as the days it may be.
    Date(DayRange),
    /// Anything else: compared as text, without case.
    Text(String),
    Flag(bool),
}

/// The type of value a property takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueKind {
    Count,
    Date,
    Text,
    Flag,
}

/// Properties with a documented type; any other property's values are text.
pub const PROPERTIES: &[(&str, ValueKind)] = &[
    ("killed", ValueKind::Count),
    ("wounded", ValueKind::Count),
    ("troop-count", ValueKind::Count),
    ("count", ValueKind::Count),
    ("date", ValueKind::Date),
    ("start-date", ValueKind::Date),
    ("end-date", ValueKind::Date),
    ("status", ValueKind::Text),
    ("perpetrator", ValueKind::Text),
    ("location", ValueKind::Text),
    ("confirmed", ValueKind::Flag),
];

impl ValueKind {
    /// What a value of this kind looks like, for messages.
    pub fn description(self) -> &'static str {
        match self {
            ValueKind::Count => "a number or a range such as 2-3",
            ValueKind::Date => {
                "a date such as 2020-01-03, 2020-01, \"early January 2020\" or a range A..B"
            }
            ValueKind::Text => "text",
            ValueKind::Flag => "true or false",
        }
    }
}

pub fn kind_of(property: &str) -> ValueKind {
    PROPERTIES
        .iter()
        .find(|(name, _)| *name == property)
        .map_or(ValueKind::Text, |(_, kind)| *kind)
}

impl Value {
    /// Parses `text` as a value of `kind`; `None` when it is not one.
    pub fn parse(kind: ValueKind, text: &str) -> Option<Value> {
        let text = text.trim();
        match kind {
            ValueKind::Count => parse_count(text),
            ValueKind::Date => parse_date_range(text).map(Value::Date),
            ValueKind::Text => (!text.is_empty()).then(|| Value::Text(text.to_owned())),
            ValueKind::Flag => match text.to_ascii_lowercase().as_str() {
                "true" | "yes" => Some(Value::Flag(true)),
                "false" | "no" => Some(Value::Flag(false)),
                _ => None,
            },
        }
    }

    /// Whether both values could be true of the same thing at the same time.
    pub fn compatible(&self, other: &Value) -> bool {
        match (self, other) {
            (
                Value::Count { low, high },
                Value::Count {
                    low: other_low,
                    high: other_high,
                },
            ) => low <= other_high && other_low <= high,
            (Value::Date(a), Value::Date(b)) => a.overlaps(*b),
            (Value::Text(a), Value::Text(b)) => a.eq_ignore_ascii_case(b),
            (Value::Flag(a), Value::Flag(b)) => a == b,
            _ => false,
        }
    }
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Count { low, high } if low == high => write!(f, "{low}"),
            Value::Count { low, high } if high.is_infinite() => write!(f, "{low} or more"),
            Value::Count { low, high } => write!(f, "{low}–{high}"),
            Value::Date(range) if range.first == range.last => write!(f, "{}", civil(range.first)),
            Value::Date(range) if range.first == OPEN_START => {
                write!(f, "up to {}", civil(range.last))
            }
            Value::Date(range) if range.last == OPEN_END => {
                write!(f, "from {}", civil(range.first))
            }
            Value::Date(range) => write!(f, "{} to {}", civil(range.first), civil(range.last)),
            Value::Text(text) => f.write_str(text),
            Value::Flag(flag) => write!(f, "{}", if *flag { "yes" } else { "no" }),
        }
    }
}

fn parse_number(text: &str) -> Option<f64> {
    let digits: String = text
        .trim()
        .chars()
        .filter(|c| *c != ',' && *c != '_')
        .collect();
    digits.parse().ok().filter(|n: &f64| n.is_finite())
}

/// The range of counts a qualified figure stands for.
type CountRange = fn(f64) -> (f64, f64);

/// Words that open a count as reporting words it, with the range they give `n`.
const COUNT_QUALIFIERS: &[(&str, CountRange)] = &[
    ("at least ", |n| (n, f64::INFINITY)),
    ("no fewer than ", |n| (n, f64::INFINITY)),
    ("not less than ", |n| (n, f64::INFINITY)),
    ("more than ", |n| (next_above(n), f64::INFINITY)),
    ("over ", |n| (next_above(n), f64::INFINITY)),
    ("upwards of ", |n| (next_above(n), f64::INFINITY)),
    ("up to ", |n| (0.0, n)),
    ("at most ", |n| (0.0, n)),
    ("no more than ", |n| (0.0, n)),
    ("fewer than ", |n| (0.0, next_below(n))),
    ("less than ", |n| (0.0, next_below(n))),
    ("under ", |n| (0.0, next_below(n))),
    ("about ", |n| (n * 0.9, n * 1.1)),
    ("around ", |n| (n * 0.9, n * 1.1)),
    ("some ", |n| (n * 0.9, n * 1.1)),
    ("roughly ", |n| (n * 0.9, n * 1.1)),
    ("approximately ", |n| (n * 0.9, n * 1.1)),
    ("circa ", |n| (n * 0.9, n * 1.1)),
    ("~", |n| (n * 0.9, n * 1.1)),
    ("nearly ", |n| (n * 0.9, n)),
    ("almost ", |n| (n * 0.9, n)),
];

/// The next count above `n` (201 for "more than 200"); a fraction stays as it is.
fn next_above(n: f64) -> f64 {
    if n.fract() == 0.0 { n + 1.0 } else { n }
}

fn next_below(n: f64) -> f64 {
    if n.fract() == 0.0 {
        (n - 1.0).max(0.0)
    } else {
        n
    }
}

fn parse_count(text: &str) -> Option<Value> {
    if let Some(n) = parse_number(text) {
        return Some(Value::Count { low: n, high: n });
    }
    let lower = text.to_lowercase();
    for (qualifier, range) in COUNT_QUALIFIERS {
        if let Some(rest) = lower.strip_prefix(qualifier) {
            let (low, high) = range(parse_number(rest)?);
            return Some(Value::Count { low, high });
        }
    }
    for suffix in ["+", " or more", " and more", " or over"] {
        if let Some(rest) = lower.strip_suffix(suffix) {
            return Some(Value::Count {
                low: parse_number(rest)?,
                high: f64::INFINITY,
            });
        }
    }
    let (low, high) = text
        .split_once("..")
        .or_else(|| text.split_once(" to "))
        .or_else(|| text.split_once('–'))
        .or_else(|| text.split_once('-'))?;
    let (low, high) = (parse_number(low)?, parse_number(high)?);
    (low <= high).then_some(Value::Count { low, high })
}

/// English month names, January first, in lower case.
pub const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// Days from 1970-01-01 to a civil date (Howard Hinnant's algorithm).
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month = month as i64;
    let day_of_year =
        (153 * (if month > 2 { month - 3 } else { month + 9 }) + 2) / 5 + day as i64 - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// `YYYY-MM-DD` of a day number (days since 1970-01-01).
pub fn civil(days: i64) -> String {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z - era * 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let mp = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

fn days_in_month(year: i64, month: u32) -> u32 {
    let next = if month == 12 {
        days_from_civil(year + 1, 1, 1)
    } else {
        days_from_civil(year, month + 1, 1)
    };
    (next - days_from_civil(year, month, 1)) as u32
}

fn month_range(year: i64, month: u32, first_day: u32, last_day: Option<u32>) -> Option<DayRange> {
    if !(1..=12).contains(&month) {
        return None;
    }
    let length = days_in_month(year, month);
    let last_day = last_day.unwrap_or(length).min(length);
    (first_day >= 1 && first_day <= last_day).then(|| DayRange {
        first: days_from_civil(year, month, first_day),
        last: days_from_civil(year, month, last_day),
    })
}

/// A date at its precision: `2020`, `2020-01`, `2020-01-03`, `January 2020`,
/// `3 January 2020`, `early|mid|late January 2020` (days 1–10, 11–20, 21–end).
pub fn parse_date(text: &str) -> Option<DayRange> {
    let text = text.trim();
    let numeric: Vec<&str> = text.split('-').collect();
    if numeric
        .iter()
        .all(|part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit()))
    {
        let year: i64 = numeric.first()?.parse().ok()?;
        return match numeric.as_slice() {
            [_] => Some(DayRange {
                first: days_from_civil(year, 1, 1),
                last: days_from_civil(year, 12, 31),
            }),
            [_, month] => month_range(year, month.parse().ok()?, 1, None),
            [_, month, day] => {
                let day: u32 = day.parse().ok()?;
                month_range(year, month.parse().ok()?, day, Some(day))
                    .filter(|range| range.first == range.last)
            }
            _ => None,
        };
    }
    let words: Vec<String> = text
        .split_whitespace()
        .map(|word| word.trim_end_matches(',').to_lowercase())
        .collect();
    let month_of = |word: &str| {
        MONTHS
            .iter()
            .position(|month| *month == word)
            .map(|index| index as u32 + 1)
    };
    let year_of = |word: &str| word.parse::<i64>().ok();
    match words
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        [month, year] => month_range(year_of(year)?, month_of(month)?, 1, None),
        [part @ ("early" | "mid" | "late"), month, year] => {
            let (first, last) = match *part {
                "early" => (1, Some(10)),
                "mid" => (11, Some(20)),
                _ => (21, None),
            };
            month_range(year_of(year)?, month_of(month)?, first, last)
        }
        [day, month, year] => {
            let day: u32 = day.parse().ok()?;
            month_range(year_of(year)?, month_of(month)?, day, Some(day))
                .filter(|range| range.first == range.last)
        }
        _ => None,
    }
}

/// The first day of a date open at its start (`before`, `by`): any day before.
const OPEN_START: i64 = i64::MIN / 4;
/// The last day of a date open at its end (`after`, `since`).
const OPEN_END: i64 = i64::MAX / 4;

/// A date, a range `A..B` of two dates (from the first day of A to the last of B), or a
/// date open at one end: `before A` (days before A), `by A` (up to A's last day),
/// `after A` (days after A), `since A` (from A's first day).
pub fn parse_date_range(text: &str) -> Option<DayRange> {
    let lower = text.trim().to_lowercase();
    let open = |prefix: &str| {
        lower
            .strip_prefix(prefix)
            .map(|rest| parse_date(&rest.replace('-', " ")).or_else(|| parse_date(rest)))
    };
    if let Some(date) = open("before ") {
        let date = date?;
        return Some(DayRange {
            first: OPEN_START,
            last: date.first - 1,
        });
    }
    if let Some(date) = open("by ") {
        return Some(DayRange {
            first: OPEN_START,
            last: date?.last,
        });
    }
    if let Some(date) = open("after ") {
        let date = date?;
        return Some(DayRange {
            first: date.last + 1,
            last: OPEN_END,
        });
    }
    if let Some(date) = open("since ") {
        return Some(DayRange {
            first: date?.first,
            last: OPEN_END,
        });
    }
    match text.split_once("..") {
        Some((from, to)) => {
            let (from, to) = (parse_date(from)?, parse_date(to)?);
            (from.first <= to.last).then_some(DayRange {
                first: from.first,
                last: to.last,
            })
        }
        None => parse_date(text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> Value {
        Value::parse(ValueKind::Date, text).unwrap()
    }

    fn count(text: &str) -> Value {
        Value::parse(ValueKind::Count, text).unwrap()
    }

    #[test]
    fn dates_overlap_at_their_precision() {
        assert!(date("2020-01").compatible(&date("2020-01-03")));
        assert!(date("early January 2020").compatible(&date("2020-01-03")));
        assert!(!date("early January 2020").compatible(&date("2019-12-27")));
        assert!(!date("late January 2020").compatible(&date("3 January 2020")));
        assert!(date("2020").compatible(&date("December 2020")));
        assert!(date("2019-12..2020-01").compatible(&date("2019-12-27")));
        assert!(!date("2020-02-01").compatible(&date("2020-01-31")));
        assert_eq!(
            date("late February 2020"),
            Value::Date(parse_date_range("2020-02-21..2020-02-29").unwrap())
        );
    }

    #[test]
    fn counts_compare_as_numbers_and_ranges() {
        assert!(count("3,000").compatible(&count("3000")));
        assert!(!count("2").compatible(&count("3")));
        assert!(count("2-3").compatible(&count("3")));
        assert!(count("10 to 12").compatible(&count("11")));
        assert!(!count("2..3").compatible(&count("4")));
        assert_eq!(Value::parse(ValueKind::Count, "three"), None);
        assert_eq!(Value::parse(ValueKind::Count, "5-2"), None);
    }

    #[test]
    fn counts_as_reported_are_bounds_and_approximations() {
        for (bounded, fits, does_not) in [
            ("at least 121", "121", "120"),
            ("121+", "5000", "100"),
            ("121 or more", "121", "120"),
            ("more than 200", "201", "200"),
            ("over 200", "250", "200"),
            ("fewer than 50", "49", "50"),
            ("up to 50", "50", "51"),
            ("about 40,000", "43,000", "45,000"),
            ("some 3,000", "2,700", "2,600"),
            ("nearly 40,000", "37,000", "41,000"),
            ("~100", "110", "111"),
        ] {
            assert!(
                count(bounded).compatible(&count(fits)),
                "{bounded} / {fits}"
            );
            assert!(
                !count(bounded).compatible(&count(does_not)),
                "{bounded} / {does_not}"
            );
        }
        assert!(count("at least 121").compatible(&count("more than 200")));
        assert!(!count("fewer than 50").compatible(&count("more than 60")));
        assert_eq!(count("at least 121").to_string(), "121 or more");
        assert_eq!(Value::parse(ValueKind::Count, "at least many"), None);
    }

    #[test]
    fn dates_as_reported_may_be_open() {
        assert!(date("before March 2020").compatible(&date("2020-02-29")));
        assert!(!date("before March 2020").compatible(&date("2020-03-01")));
        assert!(date("by mid-January 2021").compatible(&date("2021-01-20")));
        assert!(!date("by mid-January 2021").compatible(&date("2021-01-21")));
        assert!(date("after 10 October 2020").compatible(&date("2021-02")));
        assert!(!date("after 10 October 2020").compatible(&date("2020-10-10")));
        assert!(date("since 2020").compatible(&date("2020-01-01")));
        assert_eq!(date("since 2020").to_string(), "from 2020-01-01");
        assert_eq!(date("by mid January 2021").to_string(), "up to 2021-01-20");
    }

    #[test]
    fn text_and_flags() {
        assert!(
            Value::parse(ValueKind::Text, "Kataib Hezbollah")
                .unwrap()
                .compatible(&Value::Text("kataib hezbollah".into()))
        );
        assert!(!Value::Flag(true).compatible(&Value::Flag(false)));
        assert_eq!(Value::parse(ValueKind::Flag, "maybe"), None);
    }

    #[test]
    fn civil_dates_round_trip() {
        for (y, m, d) in [(1970, 1, 1), (2020, 2, 29), (2021, 12, 31), (1999, 3, 1)] {
            assert_eq!(
                civil(days_from_civil(y, m, d)),
                format!("{y:04}-{m:02}-{d:02}")
            );
        }
        assert_eq!(date("2020-02").to_string(), "2020-02-01 to 2020-02-29");
    }
}
