//! logfmt: `level=error status=404 reason=CALL_NOT_FOUND request_id=…`.

use std::sync::LazyLock;

use memchr::memmem::Finder;

use super::{Shape, Step, code, find, spaced, trimmed};

/// What a logfmt line without a reason hides.
pub const HIDDEN_BODY: &str = "Log the response body too: it says which reason.";

static REASON: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new("reason="));
static STATUS: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new("status="));

/// One logfmt line's fields (`key=value`, `key="quoted value"`), when it
/// names a reason or a failed request (`status=502 method=GET url=…`).
fn logfmt(line: &str) -> Option<Vec<(&str, String)>> {
    // A logfmt line starts with `key=`: most lines are over at their first word.
    let mut rest = trimmed(line);
    let key = rest
        .bytes()
        .take_while(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.'))
        .count();
    if key == 0 || rest.as_bytes().get(key) != Some(&b'=') {
        return None;
    }
    if find(&REASON, line).is_none() && find(&STATUS, line).is_none() {
        return None;
    }
    let mut fields = Vec::new();
    while !rest.is_empty() {
        let (key, after) = rest.split_once('=')?;
        if key.is_empty()
            || !key
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'.')
        {
            return None;
        }
        let (value, next) = match after.strip_prefix('"') {
            Some(quoted) => {
                let end = quoted.find('"')?;
                (quoted[..end].to_owned(), &quoted[end + 1..])
            }
            None => {
                let end = after.find(' ').unwrap_or(after.len());
                (after[..end].to_owned(), &after[end..])
            }
        };
        fields.push((key, value));
        rest = next.trim_start();
    }
    let value = |key: &str| {
        fields
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, v)| v.as_str())
    };
    let upper = value("reason").is_some_and(|r| {
        !r.is_empty()
            && r.bytes()
                .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_')
    });
    let failed_request = value("status").and_then(code).is_some_and(|c| c >= 400)
        && (value("url").is_some() || value("path").is_some());
    ((upper || failed_request) && fields.len() >= 2).then_some(fields)
}

pub static RECORD: Shape = Shape {
    name: "logfmt",
    read: |line| logfmt(line).map(Step::Record),
    first: |b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.') || spaced(b),
    holds_code: false,
    starts_record: true,
    samples: &[
        r#"level=error status=404 reason=CALL_NOT_FOUND message="The call was not found." request_id=r1"#,
        "status=502 method=GET url=https://x/v1.0/agents",
    ],
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn logfmt_lines() {
        let fields = logfmt(r#"level=error status=404 reason=CALL_NOT_FOUND message="The call was not found." request_id=r1"#)
            .expect("logfmt");
        assert!(fields.contains(&("message", "The call was not found.".to_owned())));
        assert!(fields.contains(&("reason", "CALL_NOT_FOUND".to_owned())));
        assert!(logfmt("the reason=unknown here").is_none());
        assert!(logfmt("status=200 url=https://x/v1.0/agents").is_none());
        assert!(logfmt("reason=CALL_NOT_FOUND").is_none());
    }
}
