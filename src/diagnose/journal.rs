//! The systemd journal as `journalctl -o json` prints it: one entry per
//! line, a JSON object whose keys are journal fields (upper case, digits
//! and `_`). Its text is `MESSAGE` (a string, or an array of bytes when it
//! holds a control character or is not UTF-8), its time
//! `__REALTIME_TIMESTAMP` (microseconds since the epoch, as a string).
//! The scanner reads an entry's message as the log line it was, and its
//! time as the record's time.

use std::borrow::Cow;

use memchr::memmem;
use serde::Deserialize;

const REALTIME: &[u8] = b"\"__REALTIME_TIMESTAMP\":\"";

/// Whether `line` can be an entry: an object whose first key is a journal
/// field name. (A log record's keys are rarely all upper case, so most JSON
/// lines are told apart by their third byte.)
fn may_be_entry(line: &[u8]) -> bool {
    line.starts_with(b"{\"")
        && line
            .get(2)
            .is_some_and(|b| *b == b'_' || b.is_ascii_uppercase())
        && memmem::find(line, REALTIME).is_some()
}

/// The entry's time, in seconds since the epoch.
pub fn time(line: &[u8]) -> Option<i64> {
    if !may_be_entry(line) {
        return None;
    }
    let from = memmem::find(line, REALTIME)? + REALTIME.len();
    let digits = &line[from..];
    let digits = &digits[..digits.iter().take_while(|b| b.is_ascii_digit()).count()];
    let micros: i64 = std::str::from_utf8(digits).ok()?.parse().ok()?;
    Some(micros / 1_000_000)
}

#[derive(Deserialize)]
struct Entry {
    #[serde(rename = "MESSAGE")]
    message: Option<serde_json::Value>,
}

/// The message of an entry, or None when `line` is not one (or its message
/// is missing: journalctl prints `null` for one over 4 KiB without `--all`).
pub fn message(line: &str) -> Option<Cow<'static, str>> {
    if !may_be_entry(line.as_bytes()) {
        return None;
    }
    match serde_json::from_str::<Entry>(line).ok()?.message? {
        serde_json::Value::String(text) => Some(Cow::Owned(text)),
        serde_json::Value::Array(bytes) => {
            let bytes: Vec<u8> = bytes
                .iter()
                .map(|b| b.as_u64().and_then(|b| u8::try_from(b).ok()))
                .collect::<Option<_>>()?;
            Some(Cow::Owned(String::from_utf8_lossy(&bytes).into_owned()))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ENTRY: &str = r#"{"_PID":"4242","__REALTIME_TIMESTAMP":"1795514401250000","MESSAGE":"GET /v1.0/calls -> 404 Not Found","PRIORITY":"3"}"#;

    #[test]
    fn an_entry_has_a_message_and_a_time() {
        assert_eq!(
            message(ENTRY).as_deref(),
            Some("GET /v1.0/calls -> 404 Not Found")
        );
        assert_eq!(time(ENTRY.as_bytes()), Some(1_795_514_401));
        let bytes = r#"{"__REALTIME_TIMESTAMP":"1795514401250000","MESSAGE":[27,91,51,49,109,69,82,82,10,120]}"#;
        assert_eq!(message(bytes).as_deref(), Some("\x1b[31mERR\nx"));
    }

    #[test]
    fn other_lines_are_not_entries() {
        for line in [
            r#"{"error":{"reason":"CALL_NOT_FOUND"}}"#,
            r#"{"MESSAGE":"no time, so not journalctl's"}"#,
            r#"{"__REALTIME_TIMESTAMP":"1795514401250000","MESSAGE":null}"#,
            r#"{"__REALTIME_TIMESTAMP":"1795514401250000","MESSAGE":[300]}"#,
            r#"{"__REALTIME_TIMESTAMP":"1795514401250000","MESSAGE":"cut"#,
            "MESSAGE=x",
        ] {
            assert_eq!(message(line), None, "{line}");
        }
        assert_eq!(time(br#"{"time":"__REALTIME_TIMESTAMP"}"#), None);
    }
}
