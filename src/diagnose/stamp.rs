//! Timestamps on log lines, for `diagnose --since/--until`: ISO 8601 and
//! RFC 3339 (`2026-11-24T10:00:00.123Z`, `2026-11-24 10:00:00,123+01:00`),
//! Go's `log` (`2026/11/24 10:00:00`) and the common log format
//! (`[24/Nov/2026:10:00:00 +0000]`), as seconds since the Unix epoch. A
//! time without a zone is taken as UTC, on the line and in the argument alike.

/// How far into a line a timestamp is looked for (after a level, a host,
/// an IP address or a JSON record's first key).
const LOOK: usize = 64;

/// The first timestamp near the start of `line`; a journal entry's own time.
pub fn line_time(line: &[u8]) -> Option<i64> {
    if let Some(time) = super::journal::time(line) {
        return Some(time);
    }
    let head = &line[..line.len().min(LOOK)];
    (0..head.len())
        .filter(|&at| head[at].is_ascii_digit() && (at == 0 || !head[at - 1].is_ascii_digit()))
        .find_map(|at| time_at(&line[at..]))
}

/// A time as RFC 3339 in UTC, to the second: `2026-11-24T10:00:00Z`.
pub fn rfc3339(seconds: i64) -> String {
    let (days, clock) = (seconds.div_euclid(86_400), seconds.rem_euclid(86_400));
    // Howard Hinnant's civil_from_days, the inverse of `days`.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let of_era = z - era * 146_097;
    let year_of_era = (of_era - of_era / 1460 + of_era / 36_524 - of_era / 146_096) / 365;
    let of_year = of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let shifted_month = (5 * of_year + 2) / 153;
    let day = of_year - (153 * shifted_month + 2) / 5 + 1;
    let month = if shifted_month < 10 {
        shifted_month + 3
    } else {
        shifted_month - 9
    };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        clock / 3600,
        clock / 60 % 60,
        clock % 60
    )
}

/// A `--since`/`--until` value: a timestamp as on a line, or a date alone
/// (its midnight).
pub fn parse_time(text: &str) -> Result<i64, String> {
    let text = text.trim();
    let bytes = text.as_bytes();
    let date_only = bytes.len() == 10 && date(bytes, b'-').is_some();
    let parsed = if date_only {
        date(bytes, b'-').map(|(y, m, d)| days(y, m, d) * 86_400)
    } else {
        time_at(bytes).filter(|_| !text.is_empty())
    };
    parsed.ok_or_else(|| {
        format!(
            "'{text}' is not a time: give one like 2026-11-24, 2026-11-24T10:00:00Z or '2026-11-24 10:00:00+01:00'"
        )
    })
}

/// A timestamp starting at the first byte of `text`.
fn time_at(text: &[u8]) -> Option<i64> {
    iso(text).or_else(|| common_log(text))
}

/// `YYYY-MM-DD[T ]HH:MM[:SS[.fff]][Z|±HH[:]MM]`, or with `/` in the date.
fn iso(text: &[u8]) -> Option<i64> {
    let separator = *text.get(4)?;
    if !matches!(separator, b'-' | b'/') {
        return None;
    }
    let (year, month, day) = date(text.get(..10)?, separator)?;
    if !matches!(text.get(10), Some(b'T' | b' ')) {
        return None;
    }
    let (clock, mut rest) = clock(&text[11..])?;
    // A fraction of a second: `.123` or `,123`.
    if matches!(rest.first(), Some(b'.' | b',')) {
        let digits = rest[1..].iter().take_while(|b| b.is_ascii_digit()).count();
        rest = &rest[1 + digits..];
    }
    Some(days(year, month, day) * 86_400 + clock - offset(rest))
}

/// `DD/Mon/YYYY:HH:MM:SS ±HHMM`.
fn common_log(text: &[u8]) -> Option<i64> {
    const MONTHS: [&[u8]; 12] = [
        b"Jan", b"Feb", b"Mar", b"Apr", b"May", b"Jun", b"Jul", b"Aug", b"Sep", b"Oct", b"Nov",
        b"Dec",
    ];
    let day = number(text.get(..2)?)?;
    if text.get(2) != Some(&b'/') || text.get(6) != Some(&b'/') || text.get(11) != Some(&b':') {
        return None;
    }
    let name = text.get(3..6)?;
    let month = MONTHS.iter().position(|m| *m == name)? as i64 + 1;
    let year = number(text.get(7..11)?)?;
    let (clock, rest) = clock(&text[12..])?;
    let rest = rest.strip_prefix(b" ").unwrap_or(rest);
    valid(year, month, day)?;
    Some(days(year, month, day) * 86_400 + clock - offset(rest))
}

fn date(text: &[u8], separator: u8) -> Option<(i64, i64, i64)> {
    if text.len() != 10 || text[4] != separator || text[7] != separator {
        return None;
    }
    let (year, month, day) = (
        number(&text[..4])?,
        number(&text[5..7])?,
        number(&text[8..10])?,
    );
    valid(year, month, day)
}

fn valid(year: i64, month: i64, day: i64) -> Option<(i64, i64, i64)> {
    ((1..=12).contains(&month) && (1..=31).contains(&day)).then_some((year, month, day))
}

/// `HH:MM[:SS]`: seconds into the day, and what follows.
fn clock(text: &[u8]) -> Option<(i64, &[u8])> {
    let hours = number(text.get(..2)?)?;
    if text.get(2) != Some(&b':') {
        return None;
    }
    let minutes = number(text.get(3..5)?)?;
    let (seconds, rest) = match (text.get(5), text.get(6..8).and_then(number)) {
        (Some(b':'), Some(seconds)) => (seconds, &text[8..]),
        _ => (0, &text[5..]),
    };
    (hours < 24 && minutes < 60 && seconds < 61)
        .then_some((hours * 3600 + minutes * 60 + seconds, rest))
}

/// `Z`, `+01:00`, `-0500`: seconds east of UTC; none is UTC.
fn offset(text: &[u8]) -> i64 {
    let sign = match text.first() {
        Some(b'+') => 1,
        Some(b'-') => -1,
        _ => return 0,
    };
    let hours = text.get(1..3).and_then(number);
    let minutes = match text.get(3) {
        Some(b':') => text.get(4..6),
        _ => text.get(3..5),
    }
    .and_then(number);
    match (hours, minutes) {
        (Some(h), Some(m)) if h < 24 && m < 60 => sign * (h * 3600 + m * 60),
        (Some(h), None) if h < 24 => sign * h * 3600,
        _ => 0,
    }
}

fn number(digits: &[u8]) -> Option<i64> {
    (!digits.is_empty() && digits.iter().all(u8::is_ascii_digit))
        .then(|| digits.iter().fold(0, |n, d| n * 10 + i64::from(d - b'0')))
}

/// Days from 1970-01-01 to a date of the proleptic Gregorian calendar.
fn days(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let of_era = year - era * 400;
    let of_year = (153 * (month + if month > 2 { -3 } else { 9 }) + 2) / 5 + day - 1;
    let of_era_days = of_era * 365 + of_era / 4 - of_era / 100 + of_year;
    era * 146_097 + of_era_days - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOON: i64 = 1_795_514_400; // 2026-11-24T10:00:00Z

    #[test]
    fn the_common_shapes() {
        for line in [
            "2026-11-24T10:00:00Z INFO x",
            "2026-11-24T10:00:00.123456Z x",
            "2026-11-24 10:00:00,845 WARNING x",
            "2026-11-24T11:00:00+01:00 x",
            "2026-11-24T05:00:00-0500 x",
            "2026/11/24 10:00:00 voipbin: x",
            "127.0.0.1 - - [24/Nov/2026:10:00:00 +0000] \"GET / HTTP/1.1\" 404",
            "{\"time\":\"2026-11-24T10:00:00Z\",\"level\":\"error\"}",
            "level=error ts=2026-11-24T10:00:00Z msg=x",
            "E 2026-11-24 10:00 x",
        ] {
            assert_eq!(line_time(line.as_bytes()), Some(NOON), "{line}");
        }
        for line in [
            "no time here",
            "v2026-11-24",
            "2026-13-24T10:00:00Z",
            "10:00:00 only",
            "",
        ] {
            assert_eq!(line_time(line.as_bytes()), None, "{line}");
        }
    }

    #[test]
    fn times_are_written_as_they_are_read() {
        assert_eq!(rfc3339(NOON), "2026-11-24T10:00:00Z");
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339(951_782_399), "2000-02-28T23:59:59Z");
        assert_eq!(rfc3339(-1), "1969-12-31T23:59:59Z");
        for seconds in (-5_000_000_000..5_000_000_000).step_by(86_399 * 97) {
            assert_eq!(parse_time(&rfc3339(seconds)), Ok(seconds));
        }
    }

    #[test]
    fn arguments() {
        assert_eq!(parse_time("2026-11-24T10:00:00Z"), Ok(NOON));
        assert_eq!(parse_time("2026-11-24"), Ok(NOON - 10 * 3600));
        assert_eq!(parse_time("1970-01-01"), Ok(0));
        assert!(parse_time("yesterday").is_err());
        assert!(parse_time("2026-11-24T25:00:00Z").is_err());
    }
}
