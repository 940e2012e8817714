//! VoIPbin's `vn` CLI: `Error: API error (status 502): <html>…`.

use std::sync::LazyLock;

use memchr::memmem::Finder;

use super::{Named, Sentence, Shape, Shown, Step, any, code, find};

static VN_ERROR: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new("API error (status "));

fn vn_error(line: &str) -> Option<Step<'_>> {
    let at = find(&VN_ERROR, line)?;
    let rest = &line[at + "API error (status ".len()..];
    let (digits, body) = rest.split_once("):")?;
    let body = body.trim_start();
    Some(Step::Sentence(Sentence {
        code: code(digits)?,
        request: Named::Earlier,
        retry_after: None,
        // vn prints the body as it came, an empty one as nothing.
        body: if body.is_empty() {
            Shown::Empty
        } else {
            Shown::Text(body)
        },
    }))
}

pub static ERROR: Shape = Shape {
    name: "vn error",
    read: vn_error,
    first: any,
    holds_code: true,
    starts_record: true,
    samples: &[
        "Error: API error (status 502): <html>",
        r#"Error: API error (status 404): {"error":{"reason":"CALL_NOT_FOUND"}}"#,
    ],
};
