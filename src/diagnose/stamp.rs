//! Times as logs and clients write them, and as `--since`/`--until` take
//! them: ISO 8601 and RFC 3339 (`2026-11-24T10:00:00.123Z`,
//! `2026-11-24 10:00:00,123+01:00`, `2026-11-24 10:30:00 -0500`, Go's `log`
//! `2026/11/24 10:00:00`), the common log format (`24/Nov/2026:10:00:00
//! +0000`), an HTTP date (`Tue, 24 Nov 2026 10:00:00 GMT`), epoch numbers in
//! JSON records, and the year-less syslog (`Nov 24 10:00:00`) and glog
//! (`1124 10:00:00.123456`) stamps. A time without a zone is UTC, on a line
//! and in an argument alike.

/// What `--since` and `--until` accept, for the sentence that refuses a value.
pub const FORMS: &str = "give a date (2026-11-24) or a date and time (2026-11-24T10:00:00Z, '2026-11-24 10:00:00+01:00', '2026-11-24 10:30:00 -0500'); a time without a zone is UTC";

/// A time read from the input.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stamp {
    /// Seconds since the Unix epoch.
    At(i64),
    /// A time of a year that is not said (syslog, glog): seconds into the
    /// year's `month` and `day`, counted as in a year of 365 or 366 days.
    OfYear { month: u8, day: u8, seconds: u32 },
}

impl Stamp {
    /// Seconds since the epoch; a year-less stamp is placed in the year of
    /// `now` (or the year before, when that would put it more than a day
    /// after `now`, as a log written over New Year is read in January).
    pub fn resolve(self, now: Option<i64>) -> Option<i64> {
        match self {
            Stamp::At(seconds) => Some(seconds),
            Stamp::OfYear {
                month,
                day,
                seconds,
            } => {
                let now = now?;
                let year = civil(now.div_euclid(86_400)).0;
                let at = |year: i64| {
                    valid(year, i64::from(month), i64::from(day))
                        .map(|(y, m, d)| days(y, m, d) * 86_400 + i64::from(seconds))
                };
                match at(year) {
                    Some(t) if t <= now + 86_400 => Some(t),
                    _ => at(year - 1),
                }
            }
        }
    }
}

/// Now, in seconds since the epoch (None on a clock before 1970).
pub fn now() -> Option<i64> {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .ok()
        .and_then(|since| i64::try_from(since.as_secs()).ok())
}

/// A time as RFC 3339 in UTC, to the second: `2026-11-24T10:00:00Z`.
pub fn rfc3339(seconds: i64) -> String {
    let (year, month, day) = civil(seconds.div_euclid(86_400));
    let clock = seconds.rem_euclid(86_400);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        clock / 3600,
        clock / 60 % 60,
        clock % 60
    )
}

/// A `--since`/`--until` value: a date alone (its midnight, UTC), or a date
/// and time with nothing after it.
pub fn parse_time(text: &str) -> Result<i64, String> {
    let trimmed = text.trim();
    let bytes = trimmed.as_bytes();
    let date_only = (bytes.len() == 10)
        .then(|| date(bytes, b'-'))
        .flatten()
        .map(|(y, m, d)| days(y, m, d) * 86_400);
    let parsed = date_only.or_else(|| {
        iso(bytes)
            .filter(|(_, len)| *len == bytes.len())
            .map(|(t, _)| t)
    });
    parsed.ok_or_else(|| format!("'{trimmed}' is not a time: {FORMS}"))
}

/// An ISO 8601 / RFC 3339 date and time at the start of `text`, with `-` or
/// `/` in the date, `T` or a space before the clock, an optional fraction,
/// and an optional zone (`Z`, `±hh:mm`, `±hhmm`, `±hh`, or ` ±hhmm`/` ±hh:mm`
/// after a space): seconds since the epoch, and the bytes it takes.
pub fn iso(text: &[u8]) -> Option<(i64, usize)> {
    let separator = *text.get(4)?;
    if !matches!(separator, b'-' | b'/') {
        return None;
    }
    let (year, month, day) = date(text.get(..10)?, separator)?;
    if !matches!(text.get(10), Some(b'T' | b't' | b' ')) {
        return None;
    }
    let (clock, mut at) = clock(text, 11)?;
    // A fraction of a second: `.123` or `,123`.
    if matches!(text.get(at), Some(b'.' | b',')) {
        let digits = digits_at(text, at + 1);
        if digits > 0 {
            at += 1 + digits;
        }
    }
    let (offset, zone) = zone(&text[at..]);
    Some((days(year, month, day) * 86_400 + clock - offset, at + zone))
}

/// `DD/Mon/YYYY:HH:MM:SS ±HHMM` (the common log format's, inside its brackets).
pub fn common_log(text: &[u8]) -> Option<(i64, usize)> {
    let day = number(text.get(..2)?)?;
    if text.get(2) != Some(&b'/') || text.get(6) != Some(&b'/') || text.get(11) != Some(&b':') {
        return None;
    }
    let month = month(text.get(3..6)?)?;
    let year = number(text.get(7..11)?)?;
    let (clock, at) = clock(text, 12)?;
    let (year, month, day) = valid(year, month, day)?;
    let (offset, zone) = zone(&text[at..]);
    Some((days(year, month, day) * 86_400 + clock - offset, at + zone))
}

/// An HTTP date (`Tue, 24 Nov 2026 10:00:00 GMT`), as a `Date` header has it.
pub fn http_date(text: &[u8]) -> Option<i64> {
    let text = text.trim_ascii();
    let rest = text.get(5..)?;
    if text.get(3..5) != Some(b", ") {
        return None;
    }
    let day = number(rest.get(..2)?)?;
    let month = month(rest.get(3..6)?)?;
    let year = number(rest.get(7..11)?)?;
    if rest.get(2) != Some(&b' ') || rest.get(6) != Some(&b' ') || rest.get(11) != Some(&b' ') {
        return None;
    }
    let (clock, at) = clock(rest, 12)?;
    let (year, month, day) = valid(year, month, day)?;
    matches!(rest.get(at..)?, b" GMT" | b" UTC" | b"")
        .then(|| days(year, month, day) * 86_400 + clock)
}

/// syslog's `Mmm dd HH:MM:SS` (the day space-padded: `Nov  4`): the stamp
/// and the bytes it takes.
pub fn syslog(text: &[u8]) -> Option<(Stamp, usize)> {
    let month = month(text.get(..3)?)?;
    if text.get(3) != Some(&b' ') {
        return None;
    }
    let day = match text.get(4..6)? {
        [b' ', d] if d.is_ascii_digit() => i64::from(d - b'0'),
        two => number(two)?,
    };
    if text.get(6) != Some(&b' ') {
        return None;
    }
    let (clock, mut at) = clock(text, 7)?;
    if text.get(at) == Some(&b'.') && digits_at(text, at + 1) > 0 {
        at += 1 + digits_at(text, at + 1);
    }
    of_year(month, day, clock).map(|stamp| (stamp, at))
}

/// glog's and klog's `mmdd HH:MM:SS.uuuuuu` (after its level letter).
pub fn glog(text: &[u8]) -> Option<(Stamp, usize)> {
    let month = number(text.get(..2)?)?;
    let day = number(text.get(2..4)?)?;
    if text.get(4) != Some(&b' ') {
        return None;
    }
    let (clock, mut at) = clock(text, 5)?;
    if text.get(at) == Some(&b'.') && digits_at(text, at + 1) > 0 {
        at += 1 + digits_at(text, at + 1);
    }
    of_year(month, day, clock).map(|stamp| (stamp, at))
}

/// A time given as a value of a log record's field: an ISO or HTTP date,
/// or a number of seconds, milliseconds, microseconds or nanoseconds since
/// the epoch (told apart by size: `1795514400`, `1795514400123`).
pub fn value_time(text: &str) -> Option<i64> {
    let bytes = text.trim().as_bytes();
    if bytes.first().is_some_and(u8::is_ascii_digit) {
        let whole = digits_at(bytes, 0);
        let fraction = match bytes.get(whole) {
            Some(b'.') => 1 + digits_at(bytes, whole + 1),
            _ => 0,
        };
        if whole + fraction == bytes.len() && (9..=19).contains(&whole) {
            let n: i64 = std::str::from_utf8(&bytes[..whole]).ok()?.parse().ok()?;
            return Some(match whole {
                ..=11 => n,
                12..=14 => n / 1_000,
                15..=17 => n / 1_000_000,
                _ => n / 1_000_000_000,
            });
        }
    }
    iso(bytes).map(|(t, _)| t).or_else(|| http_date(bytes))
}

fn month(name: &[u8]) -> Option<i64> {
    const MONTHS: [&[u8]; 12] = [
        b"Jan", b"Feb", b"Mar", b"Apr", b"May", b"Jun", b"Jul", b"Aug", b"Sep", b"Oct", b"Nov",
        b"Dec",
    ];
    MONTHS.iter().position(|m| *m == name).map(|m| m as i64 + 1)
}

fn of_year(month: i64, day: i64, clock: i64) -> Option<Stamp> {
    // Any year: a leap year has every day a month can have.
    valid(2000, month, day)?;
    Some(Stamp::OfYear {
        month: u8::try_from(month).ok()?,
        day: u8::try_from(day).ok()?,
        seconds: u32::try_from(clock).ok()?,
    })
}

fn date(text: &[u8], separator: u8) -> Option<(i64, i64, i64)> {
    if text.len() != 10 || text[4] != separator || text[7] != separator {
        return None;
    }
    valid(
        number(&text[..4])?,
        number(&text[5..7])?,
        number(&text[8..10])?,
    )
}

/// The date, if the calendar has it (`2026-02-31` it has not).
fn valid(year: i64, month: i64, day: i64) -> Option<(i64, i64, i64)> {
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let last = match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        1..=12 => 31,
        _ => return None,
    };
    (1..=last).contains(&day).then_some((year, month, day))
}

/// `HH:MM[:SS]` at `at`: seconds into the day, and where it ends.
fn clock(text: &[u8], at: usize) -> Option<(i64, usize)> {
    let hours = number(text.get(at..at + 2)?)?;
    if text.get(at + 2) != Some(&b':') {
        return None;
    }
    let minutes = number(text.get(at + 3..at + 5)?)?;
    let (seconds, end) = match (text.get(at + 5), text.get(at + 6..at + 8).and_then(number)) {
        (Some(b':'), Some(seconds)) => (seconds, at + 8),
        _ => (0, at + 5),
    };
    // Another digit right after is no clock (`10:00:001`).
    if text.get(end).is_some_and(u8::is_ascii_digit) {
        return None;
    }
    (hours < 24 && minutes < 60 && seconds <= 60)
        .then_some((hours * 3600 + minutes * 60 + seconds, end))
}

/// A zone right after a clock: seconds east of UTC, and the bytes it takes
/// (none: UTC, nothing taken). A zone after a space is only `±hhmm` or
/// `±hh:mm`, so `10:00:00 -1 retries` keeps its words.
fn zone(text: &[u8]) -> (i64, usize) {
    match text.first() {
        Some(b'Z' | b'z') => (0, 1),
        Some(b'+' | b'-') => offset(text, false).unwrap_or((0, 0)),
        Some(b' ') => match offset(&text[1..], true) {
            Some((seconds, len)) => (seconds, len + 1),
            None => (0, 0),
        },
        _ => (0, 0),
    }
}

/// `±hh:mm`, `±hhmm`, or (unless `spaced`) `±hh`, ending there.
fn offset(text: &[u8], spaced: bool) -> Option<(i64, usize)> {
    let sign = match text.first()? {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let hours = number(text.get(1..3)?)?;
    let (minutes, len) = match (text.get(3), text.get(4)) {
        (Some(b':'), _) => (number(text.get(4..6)?)?, 6),
        (Some(d), Some(_)) if d.is_ascii_digit() => (number(text.get(3..5)?)?, 5),
        _ if !spaced => (0, 3),
        _ => return None,
    };
    if text.get(len).is_some_and(u8::is_ascii_alphanumeric) || hours > 23 || minutes > 59 {
        return None;
    }
    Some((sign * (hours * 3600 + minutes * 60), len))
}

fn digits_at(text: &[u8], at: usize) -> usize {
    text.get(at..)
        .map_or(0, |t| t.iter().take_while(|b| b.is_ascii_digit()).count())
}

fn number(digits: &[u8]) -> Option<i64> {
    (!digits.is_empty() && digits.iter().all(u8::is_ascii_digit))
        .then(|| digits.iter().fold(0, |n, d| n * 10 + i64::from(d - b'0')))
}

/// Days from 1970-01-01 to a date of the proleptic Gregorian calendar
/// (Howard Hinnant's `days_from_civil`).
pub fn days(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let of_era = year - era * 400;
    let of_year = (153 * (month + if month > 2 { -3 } else { 9 }) + 2) / 5 + day - 1;
    let of_era_days = of_era * 365 + of_era / 4 - of_era / 100 + of_year;
    era * 146_097 + of_era_days - 719_468
}

/// The year, month and day of a day since 1970-01-01 (`civil_from_days`).
fn civil(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let of_era = z - era * 146_097;
    let year_of_era = (of_era - of_era / 1460 + of_era / 36_524 - of_era / 146_096) / 365;
    let of_year = of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let mp = (5 * of_year + 2) / 153;
    let day = of_year - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    (year_of_era + era * 400 + i64::from(month <= 2), month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEN: i64 = 1_795_514_400; // 2026-11-24T10:00:00Z

    #[test]
    fn iso_forms_and_zones() {
        for (text, len) in [
            ("2026-11-24T10:00:00Z INFO x", 20),
            ("2026-11-24T10:00:00.123456Z x", 27),
            ("2026-11-24 10:00:00,845 WARNING x", 23),
            ("2026-11-24T11:00:00+01:00 x", 25),
            ("2026-11-24T05:00:00-0500 x", 24),
            ("2026-11-24 05:00:00 -0500 x", 25),
            ("2026-11-24 11:00:00 +01:00", 26),
            ("2026/11/24 10:00:00 voipbin: x", 19),
            ("2026-11-24 10:00 x", 16),
            ("2026-11-24T11:00:00+01 x", 22),
        ] {
            assert_eq!(iso(text.as_bytes()), Some((TEN, len)), "{text}");
        }
        // A number after a space is words, not a zone.
        assert_eq!(iso(b"2026-11-24 10:00:00 -1 retries"), Some((TEN, 19)));
        assert_eq!(iso(b"2026-11-24 10:00:00 +1:00"), Some((TEN, 19)));
        for text in [
            "2026-13-24T10:00:00Z",
            "2026-02-31T10:00:00Z",
            "2026-11-24T25:00:00Z",
            "2026-11-24T10:00:001",
            "v2026-11-24",
            "2026-11-24",
            "",
        ] {
            assert_eq!(iso(text.as_bytes()), None, "{text}");
        }
    }

    #[test]
    fn other_forms() {
        assert_eq!(
            common_log(b"24/Nov/2026:10:00:00 +0000] x"),
            Some((TEN, 26))
        );
        assert_eq!(common_log(b"24/Nov/2026:11:00:00 +0100]"), Some((TEN, 26)));
        assert_eq!(http_date(b"Tue, 24 Nov 2026 10:00:00 GMT"), Some(TEN));
        assert_eq!(value_time("1795514400"), Some(TEN));
        assert_eq!(value_time("1795514400.25"), Some(TEN));
        assert_eq!(value_time("1795514400123"), Some(TEN));
        assert_eq!(value_time("1795514400123456"), Some(TEN));
        assert_eq!(value_time("2026-11-24T10:00:00Z"), Some(TEN));
        assert_eq!(value_time("soon"), None);
        assert_eq!(value_time("404"), None);
        let (stamp, len) = syslog(b"Nov 24 10:00:00 host app[1]: x").expect("syslog");
        assert_eq!((stamp.resolve(Some(TEN)), len), (Some(TEN), 15));
        let (stamp, _) = syslog(b"Nov  4 10:00:00 host").expect("padded day");
        assert_eq!(stamp.resolve(Some(TEN)), Some(TEN - 20 * 86_400));
        // A December stamp read in January is last year's.
        let (stamp, _) = syslog(b"Dec 31 23:00:00 h").expect("syslog");
        let january = days(2027, 1, 1) * 86_400 + 3600;
        assert_eq!(stamp.resolve(Some(january)), Some(january - 2 * 3600));
        assert_eq!(stamp.resolve(None), None);
        let (stamp, len) = glog(b"1124 10:00:00.123456    1 x.go:12] y").expect("glog");
        assert_eq!((stamp.resolve(Some(TEN)), len), (Some(TEN), 20));
        assert_eq!(syslog(b"Nov 31 10:00:00 h"), None);
    }

    #[test]
    fn times_are_written_as_they_are_read() {
        assert_eq!(rfc3339(TEN), "2026-11-24T10:00:00Z");
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339(951_782_399), "2000-02-28T23:59:59Z");
        assert_eq!(rfc3339(-1), "1969-12-31T23:59:59Z");
        for seconds in (-5_000_000_000..5_000_000_000).step_by(86_399 * 97) {
            assert_eq!(parse_time(&rfc3339(seconds)), Ok(seconds));
        }
    }

    #[test]
    fn arguments() {
        assert_eq!(parse_time("2026-11-24T10:00:00Z"), Ok(TEN));
        assert_eq!(parse_time("2026-11-24"), Ok(TEN - 10 * 3600));
        assert_eq!(parse_time("1970-01-01"), Ok(0));
        assert_eq!(parse_time("2026-11-24 05:00:00 -0500"), Ok(TEN));
        assert_eq!(parse_time(" 2026-11-24 11:00:00+01:00 "), Ok(TEN));
        for bad in [
            "yesterday",
            "2026-11-24T25:00:00Z",
            "2026-11-24T10:00:00Z garbage",
            "2026-11-24T10:00:00+1:00",
            "2026-02-31",
            "2026-02-30T10:00:00Z",
            "10:04:00Z",
            "",
        ] {
            let refused = parse_time(bad).expect_err(bad);
            assert!(refused.contains("2026-11-24T10:00:00Z"), "{refused}");
        }
    }

    #[test]
    fn days_and_dates_round_trip() {
        for day in [-800_000, -1, 0, 59, 365, 20_781, 800_000] {
            let (y, m, d) = civil(day);
            assert_eq!(days(y, m, d), day);
        }
    }
}
