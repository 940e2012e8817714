//! Python's `HTTPError`: requests' `raise_for_status()` and urllib's.

use std::sync::LazyLock;

use memchr::memmem::Finder;

use super::{Named, Sentence, Shape, Shown, Step, any, code, find};
use crate::endpoint::Request;

static HTTP_ERROR: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new("HTTPError: "));

/// `requests.exceptions.HTTPError: 404 Client Error: Not Found for url: …`
/// (also `urllib.error.HTTPError: HTTP Error 404: Not Found`): code and URL.
fn http_error(line: &str) -> Option<Step<'_>> {
    let at = find(&HTTP_ERROR, line)?;
    let rest = &line[at + "HTTPError: ".len()..];
    let sentence = |code, url: Option<(String, Request)>| {
        Some(Step::Sentence(Sentence {
            code,
            // The traceback names its own URL, or none.
            request: Named::This(url),
            retry_after: None,
            body: Shown::Hidden(
                "Print resp.text before raise_for_status(): the body says which reason.",
            ),
        }))
    };
    if let Some(after) = rest.strip_prefix("HTTP Error ") {
        return sentence(code(after.get(..3)?)?, None);
    }
    let http = code(rest.get(..3)?)?;
    if !rest[3..].starts_with(" Client Error") && !rest[3..].starts_with(" Server Error") {
        return None;
    }
    let url = rest
        .split_once(" for url: ")
        .map(|(_, url)| url.trim())
        .and_then(|url| Some((url.to_owned(), Request::parse(url)?)));
    sentence(http, url)
}

pub static HTTP_ERROR_SHAPE: Shape = Shape {
    name: "Python HTTPError",
    read: http_error,
    first: any,
    holds_code: true,
    starts_record: true,
    samples: &[
        "requests.exceptions.HTTPError: 404 Client Error: Not Found for url: https://api.voipbin.net/v1.0/calls/x",
        "urllib.error.HTTPError: HTTP Error 502: Bad Gateway",
    ],
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_and_url() {
        let Some(Step::Sentence(s)) = http_error(
            "requests.exceptions.HTTPError: 404 Client Error: Not Found for url: https://api.voipbin.net/v1.0/calls/x",
        ) else {
            panic!("read")
        };
        assert_eq!(s.code, 404);
        let Named::This(Some((_, request))) = s.request else {
            panic!("a URL")
        };
        assert_eq!(request.path(), "/calls/x");
        assert!(http_error("HTTPError: 404 widgets").is_none());
    }
}
