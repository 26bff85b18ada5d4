//! Dates as HR systems export them (SPEC §10 record status): ISO (`2026-10-30`, with a time
//! or Workday's offset `2026-10-30-07:00`), `YYYY/MM/DD`, day and month in numbers
//! (`10/30/2026`, `30.10.2026`) and with a month name (`30-Oct-2026`, `Oct 30, 2026`, `30
//! October 2026`). Whether `03/04/2026` is March or April cannot be told from the value: the
//! file's other values decide (a first number above 12 is a day, a second one a month), and
//! a file that never tells is an input error at the first such value, as is a two-digit year.

use crate::model::Date;

/// Which number comes first in a file's `NN/NN/YYYY` dates.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum DayMonth {
    /// `10/30/2026` (US).
    MonthFirst,
    /// `30/10/2026`.
    DayFirst,
}

/// What a file's slash and dash dates show of their order, value by value.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct OrderEvidence {
    /// The line of the first value whose first number is above 12 (a day).
    pub day_first_at: Option<u32>,
    /// The line of the first value whose second number is above 12 (a day).
    pub month_first_at: Option<u32>,
}

impl OrderEvidence {
    /// Looks at one cell, found on `line`.
    pub fn look_at(&mut self, text: &str, line: u32) {
        let Some((first, second, _)) = numeric_parts(text.trim()) else {
            return;
        };
        if first > 12 && second <= 12 {
            self.day_first_at.get_or_insert(line);
        } else if second > 12 && first <= 12 {
            self.month_first_at.get_or_insert(line);
        }
    }

    /// The order the file shows; `Err` with both lines when it shows both.
    pub fn order(&self) -> Result<Option<DayMonth>, (u32, u32)> {
        match (self.day_first_at, self.month_first_at) {
            (Some(day), Some(month)) => Err((day, month)),
            (Some(_), None) => Ok(Some(DayMonth::DayFirst)),
            (None, Some(_)) => Ok(Some(DayMonth::MonthFirst)),
            (None, None) => Ok(None),
        }
    }
}

/// What the date forms are, for messages.
pub(crate) const EXPECTED: &str = "expected a date such as 2026-10-30, 10/30/2026, 30.10.2026 \
     or 30-Oct-2026 (four-digit years)";

/// Reads one date. `order` is the file's day-month order, when its values tell; `Err` says
/// what is wrong with the value.
pub(crate) fn parse(text: &str, order: Option<DayMonth>) -> Result<Date, String> {
    let text = text.trim();
    if let Some(date) = iso(text) {
        return Ok(date);
    }
    if let Some((first, second, dots)) = numeric_parts(text) {
        return numeric(text, first, second, dots, order);
    }
    with_month_name(text).ok_or_else(|| format!("cannot read this date: {EXPECTED}"))
}

/// `YYYY-MM-DD` or `YYYY/MM/DD`, then nothing, a time (`T…`, ` …`) or an offset (`Z`,
/// `+01:00`, Workday's `-07:00`).
fn iso(text: &str) -> Option<Date> {
    let head = text.get(..10)?;
    let rest = &text[10..];
    let bytes = head.as_bytes();
    let separator = bytes[4];
    let shaped = (separator == b'-' || separator == b'/')
        && bytes[7] == separator
        && head
            .bytes()
            .enumerate()
            .all(|(i, b)| i == 4 || i == 7 || b.is_ascii_digit());
    let suffix_ok = rest.is_empty() || rest.starts_with(['T', ' ', 'Z', '+', '-']);
    if !shaped || !suffix_ok {
        return None;
    }
    let number = |range: std::ops::Range<usize>| head[range].parse::<u32>().ok();
    Date::from_ymd_opt(number(0..4)? as i32, number(5..7)?, number(8..10)?)
}

/// The two leading numbers and whether dots separate them, of `N/N/YYYY`, `N-N-YYYY` or
/// `N.N.YYYY` (a time may follow after a space); the year is checked by [`numeric`].
fn numeric_parts(text: &str) -> Option<(u32, u32, bool)> {
    let date = text.split(' ').next()?;
    let separator = date.chars().find(|c| matches!(c, '/' | '-' | '.'))?;
    let mut parts = date.split(separator);
    let (first, second, year) = (parts.next()?, parts.next()?, parts.next()?);
    let short =
        |part: &str| (1..=2).contains(&part.len()) && part.bytes().all(|b| b.is_ascii_digit());
    let year_digits = !year.is_empty() && year.bytes().all(|b| b.is_ascii_digit());
    if parts.next().is_some() || !short(first) || !short(second) || !year_digits {
        return None;
    }
    Some((first.parse().ok()?, second.parse().ok()?, separator == '.'))
}

/// A numeric date whose leading numbers are `first` and `second`.
fn numeric(
    text: &str,
    first: u32,
    second: u32,
    dots: bool,
    order: Option<DayMonth>,
) -> Result<Date, String> {
    let year_text = text
        .split(' ')
        .next()
        .and_then(|date| date.rsplit(['/', '-', '.']).next())
        .unwrap_or("");
    if year_text.len() != 4 {
        return Err(format!(
            "a year of {} digits leaves the century to guess: {EXPECTED}",
            year_text.len()
        ));
    }
    let year: i32 = year_text.parse().map_err(|_| EXPECTED.to_owned())?;
    let order = if dots || first > 12 {
        Some(DayMonth::DayFirst)
    } else if second > 12 || first == second {
        Some(DayMonth::MonthFirst)
    } else {
        order
    };
    let (month, day) = match order {
        Some(DayMonth::MonthFirst) => (first, second),
        Some(DayMonth::DayFirst) => (second, first),
        None => {
            return Err(format!(
                "this date could be day/month or month/day, and no other date of the file \
                 tells (none has a number above 12 in either place): write dates as \
                 {year}-MM-DD, or {EXPECTED}"
            ))
        }
    };
    Date::from_ymd_opt(year, month, day)
        .ok_or_else(|| format!("no such day ({month} is the month): {EXPECTED}"))
}

/// `30-Oct-2026`, `30 Oct 2026`, `30 October 2026`, `Oct 30, 2026`, `October 30 2026`.
fn with_month_name(text: &str) -> Option<Date> {
    let parts: Vec<&str> = text
        .split([' ', '-', ',', '/'])
        .filter(|p| !p.is_empty())
        .collect();
    let [a, b, year] = parts.get(..3)? else {
        return None;
    };
    if parts.len() > 3 && !parts[3].contains(':') {
        return None;
    }
    let (month, day) = match (month_number(a), month_number(b)) {
        (Some(month), None) => (month, b),
        (None, Some(month)) => (month, a),
        _ => return None,
    };
    if year.len() != 4 || day.len() > 2 {
        return None;
    }
    Date::from_ymd_opt(year.parse().ok()?, month, day.parse().ok()?)
}

/// The month a name or abbreviation (`Oct`, `Sept`, `October`; any case) means.
fn month_number(word: &str) -> Option<u32> {
    const MONTHS: [&str; 12] = [
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
    let word = word.trim_end_matches('.').to_ascii_lowercase();
    if word.len() < 3 {
        return None;
    }
    let index = MONTHS.iter().position(|m| m.starts_with(&word))?;
    u32::try_from(index + 1).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> Date {
        Date::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn iso_dates_with_times_and_offsets() {
        for text in [
            "2026-10-30",
            " 2026-10-30 ",
            "2026/10/30",
            "2026-10-30T00:00:00Z",
            "2026-10-30 09:15:00",
            "2026-10-30-07:00",
            "2026-10-30+01:00",
        ] {
            assert_eq!(parse(text, None), Ok(day(2026, 10, 30)), "{text}");
        }
        assert!(parse("2026-02-30", None).is_err());
    }

    #[test]
    fn numeric_dates_take_the_files_order_when_the_value_does_not_tell() {
        assert_eq!(parse("10/30/2026", None), Ok(day(2026, 10, 30)));
        assert_eq!(parse("30/10/2026", None), Ok(day(2026, 10, 30)));
        assert_eq!(parse("30.10.2026", None), Ok(day(2026, 10, 30)));
        assert_eq!(parse("03.04.2026", None), Ok(day(2026, 4, 3)));
        assert_eq!(parse("4/4/2026", None), Ok(day(2026, 4, 4)));
        assert_eq!(parse("8/19/2021 1:25:31 PM", None), Ok(day(2021, 8, 19)));
        let ambiguous = parse("03/04/2026", None).unwrap_err();
        assert!(ambiguous.contains("day/month or month/day"), "{ambiguous}");
        let us = Some(DayMonth::MonthFirst);
        assert_eq!(parse("03/04/2026", us), Ok(day(2026, 3, 4)));
        let europe = Some(DayMonth::DayFirst);
        assert_eq!(parse("03-04-2026", europe), Ok(day(2026, 4, 3)));
        assert!(parse("03/04/26", us).unwrap_err().contains("century"));
        assert!(parse("02/30/2026", us).is_err());
    }

    #[test]
    fn dates_with_month_names() {
        for text in [
            "30-Oct-2026",
            "30 Oct 2026",
            "30 October 2026",
            "Oct 30, 2026",
            "October 30 2026",
            "30-OCT-2026",
            "30 Oct. 2026",
        ] {
            assert_eq!(parse(text, None), Ok(day(2026, 10, 30)), "{text}");
        }
        assert_eq!(parse("1 Sept 2026", None), Ok(day(2026, 9, 1)));
        for bad in [
            "soon",
            "30 Oct",
            "Oct 2026",
            "30-Oct-26",
            "ma 30 2026",
            "-",
            "/",
        ] {
            assert!(parse(bad, None).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_files_values_tell_its_order_unless_they_disagree() {
        let mut evidence = OrderEvidence::default();
        evidence.look_at("03/04/2026", 2);
        assert_eq!(evidence.order(), Ok(None));
        evidence.look_at("10/30/2026", 3);
        evidence.look_at("2026-01-01", 4);
        assert_eq!(evidence.order(), Ok(Some(DayMonth::MonthFirst)));
        evidence.look_at("30/10/2026", 5);
        assert_eq!(evidence.order(), Err((5, 3)));
    }
}
