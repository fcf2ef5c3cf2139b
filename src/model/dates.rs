//! Publication dates as pages and other tools write them (ISO 8601 with or
//! without a time, RFC 2822, slashes and dots), shown in one form.

use chrono::{DateTime, NaiveDate, NaiveDateTime};

/// The calendar date of `published` as `YYYY-MM-DD` (the day as written in
/// its own time zone), or `None` when it is not a date chrono can read.
pub fn calendar_date(published: &str) -> Option<NaiveDate> {
    let s = published.trim();
    if let Ok(d) = DateTime::parse_from_rfc3339(s) {
        return Some(d.date_naive());
    }
    if let Ok(d) = DateTime::parse_from_rfc2822(s) {
        return Some(d.date_naive());
    }
    for f in [
        "%Y-%m-%dT%H:%M:%S%.f%z",
        "%Y-%m-%dT%H:%M%z",
        "%Y-%m-%d %H:%M:%S%.f%z",
    ] {
        if let Ok(d) = DateTime::parse_from_str(s, f) {
            return Some(d.date_naive());
        }
    }
    for f in [
        "%Y-%m-%dT%H:%M:%S%.f",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%d %H:%M",
    ] {
        if let Ok(d) = NaiveDateTime::parse_from_str(s, f) {
            return Some(d.date());
        }
    }
    for f in [
        "%Y-%m-%d",
        "%Y/%m/%d",
        "%Y.%m.%d",
        "%Y%m%d",
        "%B %d, %Y",
        "%b %d, %Y",
        "%d %B %Y",
        "%d %b %Y",
    ] {
        if let Ok(d) = NaiveDate::parse_from_str(s, f) {
            return Some(d);
        }
    }
    None
}

/// `published` for display: `YYYY-MM-DD` when it is a date, else as written.
pub fn display_date(published: &str) -> String {
    calendar_date(published).map_or_else(
        || published.trim().to_owned(),
        |d| d.format("%Y-%m-%d").to_string(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_the_forms_pages_use_show_one_way() {
        for s in [
            "2015-07-24T05:36:09+01:00",
            "2015-07-24T23:36:09-05:00",
            "2015-07-24T05:36:09.123Z",
            "2015-07-24T05:36:09+0100",
            "2015-07-24T05:36",
            "2015-07-24 05:36:09",
            "2015-07-24",
            "2015/07/24",
            "Fri, 24 Jul 2015 05:36:09 +0100",
            "July 24, 2015",
            "24 July 2015",
        ] {
            assert_eq!(display_date(s), "2015-07-24", "{s}");
        }
        // What is not a date is shown as written.
        assert_eq!(display_date(" last Tuesday "), "last Tuesday");
        assert_eq!(display_date(""), "");
        assert_eq!(display_date("2015-13-40"), "2015-13-40");
    }
}
