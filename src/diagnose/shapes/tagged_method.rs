//! A request tagged with its method in brackets, then its URL (quoted or
//! not) and the status with its reason phrase: `[POST] "https://…": 404 Not Found`.
//! ofetch and everything built on it (Nuxt's `$fetch`, h3) print their
//! `FetchError` so; request loggers print `[GET] /v1.0/calls -> 429 Too Many Requests`.

use super::{Named, Sentence, Shape, Shown, Step, any, failure_codes, phrase, request_from};
use crate::request_path::METHODS;

fn tagged_method(line: &str) -> Option<Step<'_>> {
    let (open, method) = METHODS
        .iter()
        .filter_map(|m| line.find(&format!("[{m}]")).map(|at| (at, *m)))
        .min()?;
    let rest = line[open + method.len() + 2..].trim_start();
    let rest = rest.strip_prefix(['"', '\'', '`']).unwrap_or(rest);
    (rest.starts_with("http://") || rest.starts_with("https://") || rest.starts_with('/'))
        .then_some(())?;
    let end = rest
        .find(|c: char| c.is_whitespace() || "\"'`".contains(c))
        .unwrap_or(rest.len());
    let url = rest[..end].trim_end_matches([':', ',']);
    let after = &rest[end..];
    // The first code after the URL, with its reason phrase after it.
    let (at, code) = failure_codes(after).next()?;
    let lead = &after[..at];
    (!lead.contains(|c: char| c.is_ascii_alphanumeric())).then_some(())?;
    let said = after[at + 3..].trim_start();
    let p = phrase(code)?;
    said.get(..p.len())
        .is_some_and(|w| w.eq_ignore_ascii_case(p))
        .then_some(())?;
    let (shown, request) = request_from(Some(method), url);
    Some(Step::Sentence(Sentence {
        code,
        request: Named::This(request.map(|r| (shown, r))),
        retry_after: None,
        body: Shown::Hidden(
            "Catch the error and print its data (the parsed body the error keeps): it says which reason.",
        ),
    }))
}

pub static TAGGED_METHOD: Shape = Shape {
    name: "method in brackets",
    read: tagged_method,
    first: any,
    holds_code: true,
    starts_record: false,
    samples: &[
        r#"FetchError: [POST] "http://127.0.0.1:8080/v1.0/calls/x/hangup?accesskey=K": 404 Not Found"#,
        "[GET] /v1.0/calls -> 429 Too Many Requests",
    ],
};

#[cfg(test)]
mod tests {
    use super::*;

    fn read(line: &str) -> Option<(u16, String)> {
        let Some(Step::Sentence(Sentence {
            code,
            request: Named::This(Some((shown, _))),
            ..
        })) = tagged_method(line)
        else {
            return None;
        };
        Some((code, shown))
    }

    #[test]
    fn the_method_the_url_and_the_code() {
        assert_eq!(
            read(TAGGED_METHOD.samples[0]),
            Some((
                404,
                "POST http://127.0.0.1:8080/v1.0/calls/x/hangup?accesskey=K".to_owned()
            ))
        );
        assert_eq!(
            read(TAGGED_METHOD.samples[1]),
            Some((429, "GET /v1.0/calls".to_owned()))
        );
    }

    #[test]
    fn a_code_without_its_phrase_or_a_tag_without_a_url_is_not_read() {
        for line in [
            "[GET] /v1.0/calls 404 12ms",
            "[GET] 404 Not Found",
            "[POST] \"http://h/v1.0/calls\": took 404 ms, Not Found",
            "GET http://h/v1.0/calls: 404 Not Found",
        ] {
            assert_eq!(read(line), None, "{line}");
        }
    }
}
