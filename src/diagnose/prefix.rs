//! What loggers put before a message: a time and a level. Peeled once from
//! every line before any client shape, the JSON reader or the header machine
//! reads it, so each reads a line the same way with or without them, and the
//! time is the record's.
//!
//! | prefix | seen in |
//! | --- | --- |
//! | `2026-11-24T10:00:00Z`, `2026-11-24 10:00:00,845`, `… -0500`, `[…]` | ISO 8601 / RFC 3339 loggers, Python `logging`, Ruby, Rails, Docker `--timestamps` |
//! | `2026/11/24 10:00:00 ` | Go's `log` |
//! | `Nov 24 10:00:00 host app[42]: ` | syslog (RFC 3164), with `<34>` before it when raw |
//! | `127.0.0.1 - - [24/Nov/2026:10:00:00 +0000] ` | the common log format |
//! | `E1124 10:00:00.123456    42 client.go:12] ` | glog, klog |
//! | `I, [2026-11-24T10:00:00.1 #42]  INFO -- app: ` | Ruby's `Logger` |
//! | `ERROR `, `[error] `, `WARNING:voipbin.client:`, `app.ERROR: ` | levels, Python `logging`'s default format, Monolog |

use super::stamp::{self, Stamp};

/// How far into a line the common log format's bracket is looked for.
const CLF_LOOK: usize = 96;

/// A line's prefix: how many bytes it takes, and the time it gives.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Prefix {
    pub len: usize,
    pub stamp: Option<Stamp>,
}

/// The time and level before a line's message, if any.
pub fn peel(line: &str) -> Prefix {
    let bytes = line.as_bytes();
    // Most lines of a JSON log or a client's output are over at their first byte.
    let Some(&first) = bytes.first() else {
        return Prefix::default();
    };
    if !(first.is_ascii_alphanumeric() || first == b'[' || first == b'<') {
        return Prefix::default();
    }
    let (stamp, at) = time(bytes).map_or((None, 0), |(stamp, at)| (Some(stamp), at));
    let at = level(bytes, skip_blank(bytes, at)).unwrap_or(at);
    let len = match (stamp, at) {
        (None, 0) => 0,
        _ => skip_blank(bytes, at),
    };
    Prefix { len, stamp }
}

/// A time at the start of a line, in any of the forms above, and where its
/// part of the prefix ends (after its brackets, host or pid).
fn time(bytes: &[u8]) -> Option<(Stamp, usize)> {
    let (pri, bytes_at) = syslog_priority(bytes);
    let text = &bytes[bytes_at..];
    let (stamp, len) = match text.first()? {
        b'0'..=b'9' => match stamp::iso(text) {
            Some((t, len)) => (Stamp::At(t), len),
            None => return common_log(bytes),
        },
        b'[' => {
            let inner = &text[1..];
            let (t, len) = stamp::iso(inner).or_else(|| stamp::common_log(inner))?;
            let close = 1 + len + usize::from(inner.get(len) == Some(&b']'));
            return Some((Stamp::At(t), bytes_at + close));
        }
        b'A'..=b'Z' => match stamp::syslog(text) {
            Some((stamp, len)) => {
                let host = syslog_host(&text[len..]);
                return Some((stamp, bytes_at + len + host));
            }
            None if pri => return None,
            None => return glog(text).or_else(|| ruby_logger(text)),
        },
        _ if pri => return None,
        _ => return common_log(bytes),
    };
    // RFC 5424 after its priority: `<34>1 2026-…Z host app - - - message`.
    Some((stamp, bytes_at + len))
}

/// `<34>` (and RFC 5424's version `1 `) before a raw syslog line.
fn syslog_priority(bytes: &[u8]) -> (bool, usize) {
    if bytes.first() != Some(&b'<') {
        return (false, 0);
    }
    let digits = bytes[1..].iter().take_while(|b| b.is_ascii_digit()).count();
    if !(1..=3).contains(&digits) || bytes.get(1 + digits) != Some(&b'>') {
        return (false, 0);
    }
    let at = 2 + digits;
    match bytes.get(at..at + 2) {
        Some(b"1 ") => (true, at + 2),
        _ => (true, at),
    }
}

/// syslog's ` host app[42]:` after its time: how many bytes they take.
fn syslog_host(rest: &[u8]) -> usize {
    let word = |at: usize| {
        rest.get(at..).map_or(0, |r| {
            r.iter()
                .take_while(|b| !b.is_ascii_whitespace() && **b != b':')
                .count()
        })
    };
    if rest.first() != Some(&b' ') {
        return 0;
    }
    let host = word(1);
    let tag_at = 1 + host + 1;
    if host == 0 || rest.get(1 + host) != Some(&b' ') {
        return 0;
    }
    let tag = word(tag_at);
    let tag_text = &rest[tag_at..tag_at + tag];
    let name = tag_text.split(|b| *b == b'[').next().unwrap_or_default();
    let is_tag = tag > 0
        && !name.is_empty()
        && name
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || b"_-./".contains(b))
        && (tag_text.len() == name.len() || tag_text.ends_with(b"]"));
    if is_tag && rest.get(tag_at + tag) == Some(&b':') {
        tag_at + tag + 1
    } else {
        1 + host
    }
}

/// The common log format: `host ident user [24/Nov/2026:10:00:00 +0000] `.
fn common_log(bytes: &[u8]) -> Option<(Stamp, usize)> {
    let head = &bytes[..bytes.len().min(CLF_LOOK)];
    let mut words = 0;
    let mut at = 0;
    while words < 3 {
        let space = head[at..].iter().position(|b| *b == b' ')?;
        if space == 0 {
            return None;
        }
        at += space + 1;
        words += 1;
    }
    let inner = bytes.get(at..)?.strip_prefix(b"[")?;
    let (t, len) = stamp::common_log(inner)?;
    (inner.get(len) == Some(&b']')).then_some((Stamp::At(t), at + 1 + len + 1))
}

/// glog's `E1124 10:00:00.123456    42 client.go:12] `: the level letter,
/// time, thread and source, up to the `] `.
fn glog(text: &[u8]) -> Option<(Stamp, usize)> {
    if !matches!(text.first()?, b'I' | b'W' | b'E' | b'F') {
        return None;
    }
    let (stamp, len) = stamp::glog(&text[1..])?;
    let close = text[1 + len..].iter().position(|b| *b == b']')?;
    let end = 1 + len + close + 1;
    text[1 + len..end - 1]
        .iter()
        .all(|b| *b != b'[')
        .then_some((stamp, end))
}

/// Ruby's `Logger`: `I, [2026-11-24T10:00:00.123456 #42]  INFO -- app: `.
fn ruby_logger(text: &[u8]) -> Option<(Stamp, usize)> {
    if !matches!(text.first()?, b'D' | b'I' | b'W' | b'E' | b'F' | b'A')
        || text.get(1..4)? != b", ["
    {
        return None;
    }
    let (t, len) = stamp::iso(&text[4..])?;
    let close = 4 + len + text[4 + len..].iter().position(|b| *b == b']')?;
    let mut at = skip_blank(text, close + 1);
    at = level_word(text, at).map_or(at, |end| skip_blank(text, end));
    if let Some(rest) = text.get(at..).and_then(|r| r.strip_prefix(b"-- ")) {
        let name = rest.iter().position(|b| *b == b':').filter(|n| *n < 64);
        at += 3 + name.map_or(0, |n| n + 1);
    }
    Some((Stamp::At(t), at))
}

/// A level at `at`: `ERROR`, `WARN:`, `[error]`, Python's `WARNING:name:`,
/// Monolog's `app.ERROR:`; where it ends.
fn level(bytes: &[u8], at: usize) -> Option<usize> {
    let rest = bytes.get(at..)?;
    if rest.first() == Some(&b'[') {
        let close = rest.iter().take(12).position(|b| *b == b']')?;
        let word = &rest[1..close];
        return LEVELS
            .iter()
            .any(|l| l.as_bytes().eq_ignore_ascii_case(word))
            .then_some(at + close + 1);
    }
    // Monolog: `channel.LEVEL: `.
    let dot = rest
        .iter()
        .take(40)
        .position(|b| !(b.is_ascii_alphanumeric() || *b == b'_' || *b == b'-'));
    if let Some(dot) = dot.filter(|d| *d > 0 && rest[*d] == b'.')
        && let Some(end) = level_word(bytes, at + dot + 1)
        && bytes.get(end) == Some(&b':')
    {
        return Some(end + 1);
    }
    let end = level_word(bytes, at)?;
    match bytes.get(end) {
        // Python's default format: `WARNING:voipbin.client:message`.
        Some(b':') => {
            let name = bytes[end + 1..]
                .iter()
                .take(80)
                .position(|b| !(b.is_ascii_alphanumeric() || b"_.-".contains(b)));
            match name {
                Some(n) if n > 0 && bytes[end + 1 + n] == b':' => Some(end + 1 + n + 1),
                _ => Some(end + 1),
            }
        }
        None | Some(b' ' | b'\t') => Some(end),
        _ => None,
    }
}

/// An upper-case level word at `at` (not part of a longer word): where it ends.
fn level_word(bytes: &[u8], at: usize) -> Option<usize> {
    let rest = bytes.get(at..)?;
    let len = rest.iter().take_while(|b| b.is_ascii_uppercase()).count();
    let word = &rest[..len];
    let ends = rest
        .get(len)
        .is_none_or(|b| !b.is_ascii_alphanumeric() && *b != b'_');
    (ends && LEVELS.iter().any(|l| l.as_bytes() == word)).then_some(at + len)
}

const LEVELS: [&str; 15] = [
    "TRACE", "DEBUG", "INFO", "NOTICE", "WARN", "WARNING", "ERROR", "ERR", "FATAL", "CRITICAL",
    "CRIT", "ALERT", "EMERG", "SEVERE", "PANIC",
];

fn skip_blank(bytes: &[u8], mut at: usize) -> usize {
    while matches!(bytes.get(at), Some(b' ' | b'\t')) {
        at += 1;
    }
    at
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEN: i64 = 1_795_514_400; // 2026-11-24T10:00:00Z

    /// The message each line leaves, and its time.
    fn peeled(line: &str) -> (&str, Option<i64>) {
        let prefix = peel(line);
        (
            &line[prefix.len..],
            prefix.stamp.and_then(|s| s.resolve(Some(TEN))),
        )
    }

    #[test]
    fn times_and_levels_are_peeled() {
        for (line, message) in [
            (
                "2026-11-24T10:00:00Z ERROR level=error status=401",
                "level=error status=401",
            ),
            ("2026-11-24T10:00:00Z INFO  x", "x"),
            (
                "2026-11-24 10:00:00,845 WARNING voipbin.client: GET",
                "voipbin.client: GET",
            ),
            ("2026-11-24 05:00:00 -0500 ERROR x", "x"),
            ("2026-11-24T11:00:00+01:00 x", "x"),
            ("[2026-11-24 10:00:00] production.ERROR: x", "x"),
            ("[2026-11-24T10:00:00Z] [error] x", "x"),
            ("2026/11/24 10:00:00 voipbin: x", "voipbin: x"),
            ("Nov 24 10:00:00 api-1 app[42]: x", "x"),
            ("<34>Nov 24 10:00:00 api-1 app: x", "x"),
            (
                "<34>1 2026-11-24T10:00:00Z api-1 app - - - x",
                "api-1 app - - - x",
            ),
            (
                "127.0.0.1 - - [24/Nov/2026:10:00:00 +0000] \"GET / HTTP/1.1\" 404",
                "\"GET / HTTP/1.1\" 404",
            ),
            ("E1124 10:00:00.123456    42 client.go:12] x", "x"),
            ("I, [2026-11-24T10:00:00.123456 #42]  INFO -- app: x", "x"),
            (
                "2026-11-24 10:00:00 ERROR 404: Not Found.",
                "404: Not Found.",
            ),
        ] {
            assert_eq!(peeled(line), (message, Some(TEN)), "{line}");
        }
        for (line, message) in [
            ("ERROR request failed: {}", "request failed: {}"),
            ("WARNING:voipbin.client:GET x", "GET x"),
            ("[ERROR] x", "x"),
            ("ERROR: x", "x"),
        ] {
            assert_eq!(peeled(line), (message, None), "{line}");
        }
    }

    #[test]
    fn other_lines_are_left_whole() {
        for line in [
            "{\"error\":{}}",
            "HTTP/1.1 404 Not Found",
            "< HTTP/1.1 404",
            "> POST /v1.0/calls HTTP/1.1",
            "404",
            "429 Too Many Requests",
            "Error: HTTP 404: {}",
            "AxiosError: Request failed with status code 404",
            "ERRORS happen",
            "INFOrmation",
            "E       assert 404 == 200",
            "--2026-11-24 10:00:00--  https://x",
            "Traceback (most recent call last):",
            "status=404 reason=X",
            "<html>",
            "(429)",
            "Nov is a month",
            "",
        ] {
            assert_eq!(peel(line), Prefix::default(), "{line}");
        }
    }
}
