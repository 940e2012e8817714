//! openapi-generator's clients: `(429)` (alone or after `…Exception: `),
//! then `Reason: …`; its `HTTP response headers: HTTPHeaderDict({…})` and
//! `HTTP response body: …` are labelled fields ([`super::labelled`]).

use super::{Shape, Step, any, code, trimmed};

/// `(429)` alone or after `…Exception: `: the status of the response whose
/// reason phrase, headers and body follow.
fn parenthesized_code(line: &str) -> Option<Step<'_>> {
    let t = trimmed(line);
    // `(404)` alone, or after `…Exception: ` or `Exception when calling CallsApi->…_post: `.
    let at = t.len().checked_sub(5)?;
    let (before, status) = (t.get(..at)?, t.get(at..)?);
    let status = code(status.strip_prefix('(')?.strip_suffix(')')?)?;
    (before.is_empty() || before.ends_with(": ")).then_some(Step::Status(status))
}

pub static CODE: Shape = Shape {
    name: "openapi status",
    read: parenthesized_code,
    first: any,
    holds_code: true,
    starts_record: true,
    samples: &[
        "(429)",
        "voipbin_client.exceptions.ApiException: (404)",
        "Exception when calling CallsApi->v1_0_calls_id_hangup_post: (400)",
    ],
};

/// The reason phrase openapi-generator prints after `(429)`.
pub static REASON: Shape = Shape {
    name: "openapi reason phrase",
    read: |line| line.starts_with("Reason: ").then_some(Step::ReasonPhrase),
    first: |b| b == b'R',
    holds_code: false,
    starts_record: false,
    samples: &["Reason: Too Many Requests"],
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes() {
        assert_eq!(parenthesized_code("(429)"), Some(Step::Status(429)));
        assert_eq!(
            parenthesized_code("voipbin_client.exceptions.ApiException: (404)"),
            Some(Step::Status(404))
        );
    }
}
