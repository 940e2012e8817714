//! A response object printed as its class's text: `Name{key=value, …}`,
//! `Name(key=value, …)` or `Name[key=value, …]`, with its status code and
//! often its URL and method as fields. Java and Kotlin print objects so:
//!
//! * OkHttp and Retrofit `Response{protocol=http/1.1, code=404, message=Not Found, url=…}`,
//!   as its recipes throw it (`"Unexpected code " + response`);
//! * Lombok's `@ToString` and Kotlin data classes `ApiResponse(status=429, url=…)`,
//!   Java records `ApiResponse[statusCode=502, method=GET, url=…]`.
//!
//! The URL ends with its field, not with the object's closing bracket.

use super::{Named, Sentence, Shape, Shown, Step, any, code, request_from};

/// Field names of the status code.
const CODE_KEYS: [&str; 4] = ["code", "status", "statusCode", "status_code"];

/// The fields of the first object text on the line that holds a status code
/// field: name and value, in order.
fn fields(line: &str) -> Option<Vec<(&str, &str)>> {
    for (open, _) in line.match_indices(['{', '(', '[']) {
        let named = line[..open]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_ascii_alphanumeric() || c == '_');
        let close = match &line[open..=open] {
            "{" => '}',
            "(" => ')',
            _ => ']',
        };
        let Some(inner) = named.then(|| &line[open + 1..]).and_then(|rest| {
            let end = rest.rfind(close)?;
            Some(&rest[..end])
        }) else {
            continue;
        };
        let fields: Option<Vec<(&str, &str)>> =
            inner.split(", ").map(|pair| pair.split_once('=')).collect();
        if let Some(fields) = fields
            && fields.iter().any(|(k, _)| CODE_KEYS.contains(k))
        {
            return Some(fields);
        }
    }
    None
}

fn fields_text(line: &str) -> Option<Step<'_>> {
    let fields = fields(line)?;
    let value = |keys: &[&str]| {
        fields
            .iter()
            .find(|(k, _)| keys.contains(k))
            .map(|(_, v)| *v)
    };
    let code = code(value(&CODE_KEYS)?)?;
    (code >= 400).then_some(())?;
    let url = value(&["url", "uri"]).filter(|u| u.starts_with("http") || u.starts_with('/'));
    Some(Step::Sentence(Sentence {
        code,
        request: match url {
            Some(url) => {
                let (shown, request) = request_from(value(&["method"]), url);
                Named::This(request.map(|r| (shown, r)))
            }
            None => Named::Earlier,
        },
        retry_after: None,
        body: Shown::Hidden(
            "Have the client print the response body as well (the response object's text leaves it out): it says which reason.",
        ),
    }))
}

pub static FIELDS_TEXT: Shape = Shape {
    name: "object's fields text",
    read: fields_text,
    first: any,
    holds_code: true,
    starts_record: false,
    samples: &[
        r#"Exception in thread "main" java.io.IOException: Unexpected code Response{protocol=http/1.1, code=404, message=Not Found, url=http://127.0.0.1:8080/v1.0/billing_accounts}"#,
        "ApiResponse(status=429, method=GET, url=https://api.voipbin.net/v1.0/calls)",
        "failed: ApiResponse[statusCode=502, url=/v1.0/agents]",
    ],
};

#[cfg(test)]
mod tests {
    use super::*;

    fn read(line: &str) -> Option<(u16, Option<String>, Option<String>)> {
        let Some(Step::Sentence(s)) = fields_text(line) else {
            return None;
        };
        let (shown, path) = match s.request {
            Named::This(Some((shown, request))) => (Some(shown), Some(request.path())),
            _ => (None, None),
        };
        Some((s.code, shown, path))
    }

    #[test]
    fn the_code_and_the_request_without_the_closing_bracket() {
        let (code, shown, path) = read(FIELDS_TEXT.samples[0]).expect("read");
        assert_eq!(code, 404);
        assert_eq!(
            shown.as_deref(),
            Some("http://127.0.0.1:8080/v1.0/billing_accounts")
        );
        assert_eq!(path.as_deref(), Some("/billing_accounts"));
        let (code, shown, path) = read(FIELDS_TEXT.samples[1]).expect("read");
        assert_eq!(code, 429);
        assert_eq!(
            shown.as_deref(),
            Some("GET https://api.voipbin.net/v1.0/calls")
        );
        assert_eq!(path.as_deref(), Some("/calls"));
        assert_eq!(read(FIELDS_TEXT.samples[2]).map(|r| r.0), Some(502));
        assert_eq!(
            read("Response{code=404, url=http://h/v1.0/calls/{id}}").and_then(|r| r.1),
            Some("http://h/v1.0/calls/{id}".to_owned())
        );
    }

    #[test]
    fn other_objects_and_codes_are_not_read() {
        for line in [
            "Response{protocol=h2, code=200, message=OK, url=http://h/v1.0/calls}",
            "Page{size=404, code=x}",
            "level=error status=404 url=http://h/v1.0/calls",
            "{code=404}",
            "Retry(attempts=3, code=429 reason)",
        ] {
            assert_eq!(read(line), None, "{line}");
        }
    }
}
