//! The shape most HTTP libraries print a failure in: one sentence with a
//! status code, named as one (its reason phrase, or a word such as
//! `status`, `HTTP`, `code` before it), often a URL with its method, and
//! sometimes the body after it. Read in general, not library by library:
//!
//! * Python httpx `Client error '429 Too Many Requests' for url '…'`,
//!   aiohttp `ClientResponseError: 404, message='Not Found', url='…'`;
//! * Node got and ky `HTTPError: Request failed with status code 404 …: POST …`;
//! * Go `unexpected status: 404 Not Found: {…}`, Rust reqwest
//!   `HTTP status client error (429 Too Many Requests) for url (…)`;
//! * Java `IOException: … GET … failed: HTTP 429: {…}`, PHP Guzzle and
//!   `file_get_contents`, Ruby Net::HTTP and Faraday, newman, HTTPie
//!   `--check-status`, log lines `GET … -> 429 Too Many Requests; retry-after=17 body='…'`.

use memchr::memmem;

use super::{
    Named, Sentence, Shape, Shown, Step, any, failure_codes, phrase, request_from, trimmed,
};

const METHODS: [&str; 7] = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];

/// Words that name the number after them as an HTTP status code by themselves.
const HTTP_WORDS: [&str; 4] = ["http", "http error", "<response", "responded with"];

/// Words of failure that name a number after them as a status code when
/// a body follows it.
const FAILING: [&str; 3] = ["failed", "fail", "failure"];

/// Words that name the number after them as a status code.
const NAMING: [&str; 11] = [
    "status",
    "status code",
    "statuscode",
    "status_code",
    "http",
    "http error",
    "error",
    "code",
    "responded with",
    "<response",
    "returned",
];

fn sentence(line: &str) -> Option<Step<'_>> {
    // An HTML page's `<title>502 Bad Gateway</title>` is a body, not a client's line.
    if trimmed(line).starts_with('<') {
        return None;
    }
    // A code inside a JSON body is the body's: look before the first document.
    let head = &line[..json_start(line).unwrap_or(line.len())];
    let (at, code) = named_code(head)?;
    let mut tail = &line[at + 3..];
    if let Some(p) = phrase(code) {
        let skip = tail.len() - tail.trim_start_matches([' ', '\'', '"', '(', ',']).len();
        if let Some(words) = tail.get(skip..skip + p.len())
            && words.eq_ignore_ascii_case(p)
        {
            tail = &tail[skip + p.len()..];
        }
    }
    Some(Step::Sentence(Sentence {
        code,
        request: match url(line).or_else(|| method_and_path(line)) {
            Some((method, url)) => {
                let (shown, request) = request_from(method, url);
                Named::This(request.map(|r| (shown, r)))
            }
            None => Named::Earlier,
        },
        retry_after: retry_after(line),
        body: body(tail),
    }))
}

/// Where the first JSON object on the line starts (`{"`, `{ "`, `{'`), if any.
fn json_start(line: &str) -> Option<usize> {
    let bytes = line.as_bytes();
    memchr::memchr_iter(b'{', bytes).find(|&at| {
        let next = bytes[at + 1..].iter().find(|b| **b != b' ');
        matches!(next, Some(b'"' | b'\'') | None)
    })
}

/// The first number in `head` that is named as a status code of a failure:
/// where it starts, and the code.
fn named_code(head: &str) -> Option<(usize, u16)> {
    failure_codes(head).find(|&(at, code)| named(&head[..at], code, &head[at + 3..]))
}

/// Whether the number between `before` and `after` reads as a status code:
/// its reason phrase follows, a naming word precedes, or it answers a URL
/// (`(POST https://…) 400`, `https://… -> 429`).
fn named(before: &str, code: u16, after: &str) -> bool {
    // `<title>502 Bad Gateway</title>`: a page's text, wherever the page is printed.
    if before.trim_end().ends_with('>') && before.contains('<') {
        return false;
    }
    let follows = phrase(code).is_some_and(|p| {
        let window = &after.as_bytes()[..after.len().min(p.len() + 16)];
        window
            .windows(p.len())
            .any(|w| w.eq_ignore_ascii_case(p.as_bytes()))
    });
    if follows {
        return true;
    }
    let lead = before
        .trim_end_matches([' ', ':', '=', '(', '[', '"', '\'', '`'])
        .as_bytes();
    let word = NAMING.iter().find(|w| {
        lead.len() >= w.len()
            && lead[lead.len() - w.len()..].eq_ignore_ascii_case(w.as_bytes())
            && word_start(lead, w.len())
    });
    // `status` or `code` alone names a number in any prose (`cache status:
    // 404 entries`): only on a line about a request or a failure.
    let words = word.is_some_and(|w| HTTP_WORDS.contains(w) || about_a_request(before, after));
    let answers = before.contains("://")
        && (before.trim_end().ends_with(')') || before.trim_end().ends_with("->"));
    // `print(resp.status, resp.data)`: `404 b'{…}'`, `400 b''`, `404 {…}`;
    // `request failed 400 <Buffer >`, `failed 502 <html>…`.
    let failing = FAILING.iter().any(|w| {
        lead.len() >= w.len()
            && lead[lead.len() - w.len()..].eq_ignore_ascii_case(w.as_bytes())
            && word_start(lead, w.len())
    });
    let then_body = (before.is_empty() || failing)
        && [" b'", " b\"", " {", " '{", " <"]
            .iter()
            .any(|b| after.starts_with(b));
    words || answers || then_body
}

/// Whether the line around a code is about a request or a failure: a URL,
/// a method and path, or a word of failure.
fn about_a_request(before: &str, after: &str) -> bool {
    const WORDS: [&str; 8] = [
        "error",
        "fail",
        "exception",
        "unexpected",
        "http",
        "://",
        "request",
        "respon",
    ];
    let holds = |text: &str, word: &str| {
        text.as_bytes()
            .windows(word.len())
            .any(|w| w.eq_ignore_ascii_case(word.as_bytes()))
    };
    let method_and_path = METHODS
        .iter()
        .any(|m| before.contains(&format!("{m} /")) || before.contains(&format!("{m} http")));
    method_and_path || WORDS.iter().any(|w| holds(before, w) || holds(after, w))
}

/// Whether the last `len` bytes of `text` begin a word.
fn word_start(text: &[u8], len: usize) -> bool {
    let at = text.len() - len;
    at == 0 || !text[at - 1].is_ascii_alphanumeric()
}

/// The URL on the line, and the method just before it.
fn url(line: &str) -> Option<(Option<&str>, &str)> {
    let scheme = memmem::find(line.as_bytes(), b"://")?;
    let start = line[..scheme]
        .char_indices()
        .rev()
        .find(|(_, c)| !c.is_ascii_alphabetic())
        .map_or(0, |(i, c)| i + c.len_utf8());
    if !matches!(&line[start..scheme], "http" | "https") {
        return None;
    }
    let rest = &line[start..];
    let end = rest
        .find(|c: char| c.is_whitespace() || "'\"`)>]".contains(c))
        .unwrap_or(rest.len());
    let url = rest[..end].trim_end_matches([':', ',', '.', ';']);
    let method = line[..start]
        .trim_end_matches(['(', '`', '\'', '"', ' '])
        .rsplit(' ')
        .next()
        .map(|w| w.trim_start_matches(['(', '`', '\'', '"']))
        .filter(|w| METHODS.contains(w));
    Some((method, url))
}

/// `GET /v1.0/calls` on a line with no URL: the method and the path.
fn method_and_path(line: &str) -> Option<(Option<&str>, &str)> {
    let mut words = line.split_whitespace();
    while let Some(word) = words.next() {
        if METHODS.contains(&word.trim_start_matches(['(', '"', '\'', '`', '['])) {
            let path = words
                .next()?
                .trim_end_matches([')', '"', '\'', '`', ']', ',', ':']);
            if path.starts_with('/') {
                return Some((
                    Some(word.trim_start_matches(['(', '"', '\'', '`', '['])),
                    path,
                ));
            }
        }
    }
    None
}

/// `retry-after=17`, `Retry-After: 17`: the value, when one is given.
fn retry_after(line: &str) -> Option<String> {
    let lower = line.to_ascii_lowercase();
    let at = memmem::find(lower.as_bytes(), b"retry-after")? + "retry-after".len();
    let value = line[at..].trim_start_matches(['\'', '"', ':', '=', ' ']);
    let value = &value[..value
        .find(|c: char| c.is_whitespace() || ";,'\"".contains(c))
        .unwrap_or(value.len())];
    (!value.is_empty() && !matches!(value, "None" | "null" | "nil" | "undefined"))
        .then(|| value.to_owned())
}

/// What the rest of the sentence, after the code, shows of the body.
fn body(tail: &str) -> Shown<'_> {
    if let Some(at) = memmem::find(tail.as_bytes(), b"<Buffer") {
        return buffer(&tail[at + "<Buffer".len()..]);
    }
    if let Some(at) = tail.find(['{', '<']) {
        return Shown::Text(&tail[at..]);
    }
    let t = trimmed(tail);
    if ["body=''", "body=\"\"", "b''", "b\"\""]
        .iter()
        .any(|empty| t.ends_with(empty))
    {
        return Shown::Empty;
    }
    // `(POST …) 404`, `… resulted in a `404 Not Found` response:`: a
    // program printed the status, and the body may be on the next lines.
    let end = t.trim_end_matches(['`', '\'', '"', ')', ']']);
    if end.is_empty() || t.ends_with(':') {
        return Shown::Next(PRINT_THE_BODY);
    }
    Shown::Hidden(PRINT_THE_BODY)
}

/// A body printed as Node prints a `Buffer`: `<Buffer >` is empty,
/// `<Buffer 7b 22 65 …>` its bytes in hex, `… 83 more bytes>` cut short.
fn buffer(rest: &str) -> Shown<'_> {
    const CUT: &str = "Print the body as text (body.toString()): Node shows only a Buffer's first 50 bytes, and it says which reason.";
    let inner = rest.split('>').next().unwrap_or_default().trim();
    if inner.is_empty() {
        return Shown::Empty;
    }
    if inner.contains("more byte") {
        return Shown::Hidden(CUT);
    }
    let bytes: Option<Vec<u8>> = inner
        .split_ascii_whitespace()
        .map(|pair| {
            u8::from_str_radix(pair, 16)
                .ok()
                .filter(|_| pair.len() == 2)
        })
        .collect();
    match bytes {
        Some(bytes) => Shown::Decoded(String::from_utf8_lossy(&bytes).into_owned()),
        None => Shown::Hidden(CUT),
    }
}

/// The hint for a status read from a sentence that left the body out.
pub const PRINT_THE_BODY: &str = "Have the client print the response body as well (most HTTP libraries keep it on the error's response): it says which reason.";

pub static SENTENCE: Shape = Shape {
    name: "status sentence",
    read: sentence,
    // A JSON document's own `"status": 404` line reads like one.
    first: any,
    holds_code: true,
    starts_record: false,
    samples: &[
        "httpx.HTTPStatusError: Client error '429 Too Many Requests' for url 'http://127.0.0.1:8080/v1.0/calls'",
        "aiohttp.client_exceptions.ClientResponseError: 404, message='Not Found', url='http://h/v1.0/calls/x/hangup'",
        "2026/12/01 14:36:09 voipbin: unexpected status: 429 Too Many Requests",
        r#"2026/12/01 voipbin: POST http://h/v1.0/calls/x/hangup: unexpected status: 404 Not Found: {"error": {"reason": "CALL_NOT_FOUND"}}"#,
        "Error: HTTP status client error (429 Too Many Requests) for url (http://h/v1.0/calls)",
        "Error: reqwest::Error { kind: Status(404, None), url: \"http://h/v1.0/calls/x\" }",
        r#"Exception in thread "main" java.io.IOException: VoIPbin GET http://h/v1.0/calls failed: HTTP 429: {"error": {}}"#,
        "(POST http://h/auth/login) 400",
        "PHP Fatal error:  Uncaught GuzzleHttp\\Exception\\ClientException: Client error: `POST http://h/auth/login` resulted in a `400 Bad Request` response",
        "PHP Warning:  file_get_contents(http://h/v1.0/calls): Failed to open stream: HTTP request failed! HTTP/1.1 404 Not Found",
        "/usr/lib/ruby/3.1.0/net/http/response.rb:124:in `error!': 429 \"Too Many Requests\" (Net::HTTPServerException)",
        "raise_error.rb:22:in `on_complete': the server responded with status 404 (Faraday::ResourceNotFound)",
        "  POST http://h/v1.0/calls/x/hangup [404 Not Found, 332B, 18ms]",
        "http: warning: HTTP 502 Bad Gateway",
        "2026-12-01 14:35:46,845 WARNING voipbin.client: GET http://h/v1.0/calls -> 429 Too Many Requests; retry-after=17 body=''",
        "E        +  where 400 = <Response [400]>.status_code",
        "400 b''",
        "Error: request failed 400 <Buffer >",
    ],
};

#[cfg(test)]
mod tests {
    use super::*;

    fn read(line: &str) -> Option<Sentence<'_>> {
        match sentence(line) {
            Some(Step::Sentence(s)) => Some(s),
            _ => None,
        }
    }

    #[test]
    fn the_code_the_request_and_the_body() {
        let s = read("2026-12-01 WARNING x: GET http://h/v1.0/calls?accesskey=K -> 429 Too Many Requests; retry-after=17 body='{\"error\":{}}'").expect("read");
        assert_eq!(s.code, 429);
        assert_eq!(s.retry_after.as_deref(), Some("17"));
        assert_eq!(s.body, Shown::Text("{\"error\":{}}'"));
        let Named::This(Some((shown, request))) = s.request else {
            panic!("a request")
        };
        assert_eq!(shown, "GET http://h/v1.0/calls?accesskey=K");
        assert_eq!(request.path(), "/calls");
        let s = read("x: POST http://h/auth/login -> 400 Bad Request; retry-after=None body=''")
            .expect("read");
        assert_eq!((s.retry_after, s.body), (None, Shown::Empty));
        let s = read("GET /v1.0/calls status=404 failed").expect("read");
        let Named::This(Some((shown, _))) = s.request else {
            panic!("a request")
        };
        assert_eq!(shown, "GET /v1.0/calls");
        let s = read("voipbin: unexpected status: 502 Bad Gateway: <html>").expect("read");
        assert_eq!(s.body, Shown::Text("<html>"));
        let s = read("Error: request failed 400 <Buffer >").expect("read");
        assert_eq!((s.code, s.body), (400, Shown::Empty));
        let s = read("request failed 404 <Buffer 7b 7d>").expect("read");
        assert_eq!(s.body, Shown::Decoded("{}".to_owned()));
        let s = read("request failed 404 <Buffer 7b 22 65 ... 83 more bytes>").expect("read");
        assert!(matches!(s.body, Shown::Hidden(_)));
        let s = read("request failed 502 <html><head><title>x").expect("read");
        assert_eq!(s.body, Shown::Text("<html><head><title>x"));
        assert!(matches!(
            read("the server responded with status 404").map(|s| s.body),
            Some(Shown::Next(_))
        ));
    }

    proptest::proptest! {
        /// A code among any text, multi-byte characters included, never panics.
        #[test]
        fn any_text_around_a_code_is_read_without_panic(
            before in "\\PC{0,12}",
            word in proptest::sample::select(vec!["", "status ", "HTTP ", "(", "code: "]),
            code in 395u16..610,
            after in "\\PC{0,24}",
        ) {
            let _ = sentence(&format!("{before}{word}{code}{after}"));
            let _ = sentence(&format!("{before}{word}{code} Not Fé{after}"));
            let _ = sentence(&format!("{before}://{after} {word}{code}"));
            let _ = sentence(&format!("{word}{code} {before}://{after}"));
        }
    }

    #[test]
    fn multi_byte_text_after_a_code() {
        assert_eq!(read("HTTP 404é").map(|s| s.code), Some(404));
        assert_eq!(
            read("request status 404 Nét Found").map(|s| s.code),
            Some(404)
        );
        assert_eq!(read("status 404 (htté://h/x)").map(|s| s.code), Some(404));
    }

    #[test]
    fn numbers_that_are_not_named_as_codes_are_not_read() {
        for line in [
            "took 404 ms",
            "2026-12-01 14:35:46,404 INFO started",
            "listening on port 5000",
            "GET /v1.0/calls 404 12ms",
            "error 4040 happened",
            "version 4.04.1",
            "status 200 OK",
            "400 apples, 404 oranges",
            "<title>502 Bad Gateway</title>",
            "<center><h1>502 Bad Gateway</h1></center>",
            "E         <head><title>502 Bad Gateway</title></head>",
            "INFO cache status: 404 entries evicted",
            "the exit code 500 was seen",
            r#"log: {"status": 404, "reason": "X"}"#,
        ] {
            assert!(read(line).is_none(), "{line}");
        }
    }
}
