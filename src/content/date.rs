//! Page dates (`date`, `updated`, `reviewed`): `YYYY-MM-DD`, or an RFC 3339 date-time of
//! which only the day is kept.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// A calendar day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(jiff::civil::Date);

impl Date {
    /// Parses `2026-01-05` or `2026-01-05T10:00:00Z`.
    pub fn parse(text: &str) -> Option<Date> {
        let text = text.trim();
        let day = text.get(..10)?;
        let rest = &text[10..];
        if !(rest.is_empty() || rest.starts_with(['T', 't', ' '])) {
            return None;
        }
        let well_formed_time = rest.is_empty()
            || text.parse::<jiff::Timestamp>().is_ok()
            || text.parse::<jiff::civil::DateTime>().is_ok();
        if !well_formed_time {
            return None;
        }
        day.parse::<jiff::civil::Date>().ok().map(Date)
    }

    /// Today's date in the local time zone.
    pub fn today() -> Date {
        Date(jiff::Zoned::now().date())
    }

    /// `days` later (earlier when negative), saturating at the last (first) date there is:
    /// a review interval of four billion days (a typo) then shows a review due in the year
    /// 9999 instead of ending the build with a panic.
    pub fn plus_days(self, days: i64) -> Date {
        match jiff::Span::new().try_days(days) {
            Ok(span) => Date(self.0.saturating_add(span)),
            Err(_) if days > 0 => Date(jiff::civil::Date::MAX),
            Err(_) => Date(jiff::civil::Date::MIN),
        }
    }

    /// `5 January 2026`, as the theme prints dates for readers.
    pub(crate) fn long(self) -> String {
        self.0.strftime("%-d %B %Y").to_string()
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl Serialize for Date {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Date::parse(&text).ok_or_else(|| {
            serde::de::Error::custom(format!("`{text}` is not a date; write it as YYYY-MM-DD"))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn adding_more_days_than_there_are_saturates() {
        let day = Date::parse("2026-01-05").unwrap();
        assert_eq!(day.plus_days(365).to_string(), "2027-01-05");
        assert_eq!(
            day.plus_days(i64::from(u32::MAX)),
            Date(jiff::civil::Date::MAX)
        );
        assert_eq!(day.plus_days(i64::MIN), Date(jiff::civil::Date::MIN));
        assert_eq!(day.plus_days(7_000_000), Date(jiff::civil::Date::MAX));
    }

    #[test]
    fn parses_days_and_date_times() {
        assert_eq!(Date::parse("2026-01-05").unwrap().to_string(), "2026-01-05");
        assert_eq!(
            Date::parse("2026-01-05T10:00:00Z").unwrap().to_string(),
            "2026-01-05"
        );
        assert_eq!(
            Date::parse("2026-01-05T10:00:00+02:00")
                .unwrap()
                .to_string(),
            "2026-01-05"
        );
        for bad in [
            "2026-13-01",
            "05/01/2026",
            "2026-01-05x",
            "2026-01-05Tnope",
            "",
        ] {
            assert_eq!(Date::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn formats_long_dates_and_adds_days() {
        let d = Date::parse("2026-01-05").unwrap();
        assert_eq!(d.long(), "5 January 2026");
        assert_eq!(d.plus_days(365).to_string(), "2027-01-05");
    }
}
