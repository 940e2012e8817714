//! No credential reaches any output: text, `--json`, `--format bundle`,
//! `github` and `junit`, `--summary`, `enrich --rsyslog`, and the MCP tool
//! and prompt. The
//! known shapes are the library's own tables (`data/secret-keys.tsv`,
//! `data/secret-tokens.tsv`), so a row added there is tested here.

use std::time::Duration;

use proptest::prelude::*;
use serde_json::{Value, json};
use voiperr::untrusted::{Body, KeyShape, SECRET_KEYS, SECRET_TOKENS, TokenShape};

use crate::common::{all_of, stdout_of, voiperr};
use crate::mcp::{INIT, INITIALIZED, exchange};

/// Every format `diagnose` writes, as its arguments.
const FORMATS: &[&[&str]] = &[
    &[],
    &["--json"],
    &["--format", "bundle"],
    &["--format", "github"],
    &["--format", "junit"],
    &["--summary"],
    &["--summary", "--json"],
];

/// What `diagnose` writes for `input` in each format, stdout and stderr,
/// what `enrich` answers for it as one log message, and what the MCP tool
/// and prompt answer for it.
fn every_output(input: &str) -> Vec<(String, String)> {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("input.log");
    std::fs::write(&file, input).expect("write");
    let mut outputs: Vec<(String, String)> = FORMATS
        .iter()
        .map(|args| {
            let out = voiperr()
                .arg("diagnose")
                .args(*args)
                .arg(&file)
                .timeout(Duration::from_secs(30))
                .output()
                .expect("runs");
            (format!("diagnose {args:?}"), all_of(&out))
        })
        .collect();
    let message = json!({"msg": input, "hostname": "web-1"}).to_string() + "\n";
    let enriched = voiperr()
        .args(["enrich", "--rsyslog"])
        .write_stdin(message)
        .timeout(Duration::from_secs(30))
        .output()
        .expect("runs");
    let answer: Value = serde_json::from_slice(&enriched.stdout).expect("enrich answers JSON");
    outputs.push((
        "enrich".to_owned(),
        json_text(&answer) + &String::from_utf8_lossy(&enriched.stderr),
    ));
    let tool = json!({"jsonrpc": "2.0", "id": 2, "method": "tools/call",
        "params": {"name": "diagnose_response", "arguments": {"text": input}}});
    let prompt = json!({"jsonrpc": "2.0", "id": 3, "method": "prompts/get",
        "params": {"name": "diagnose_api_response", "arguments": {"response": input}}});
    let (answers, _) = exchange(
        &[INIT, INITIALIZED, &tool.to_string(), &prompt.to_string()],
        false,
    );
    for (name, answer) in ["mcp tool", "mcp prompt"].iter().zip(&answers[1..]) {
        // Decoded: a secret escaped in JSON (`\u0041`) is still the secret.
        outputs.push((name.to_string(), json_text(answer)));
    }
    outputs
}

/// Every string in a JSON value, and its keys, one per line.
fn json_text(value: &Value) -> String {
    match value {
        Value::String(s) => format!("{s}\n"),
        Value::Array(items) => items.iter().map(json_text).collect(),
        Value::Object(map) => map
            .iter()
            .map(|(k, v)| format!("{k}\n{}", json_text(v)))
            .collect(),
        other => format!("{other}\n"),
    }
}

fn assert_nowhere(input: &str, secrets: &[&str]) {
    for (format, output) in every_output(input) {
        for secret in secrets {
            assert!(
                !output.contains(secret),
                "{format} shows {secret:?} of:\n{input}\n---\n{output}"
            );
        }
    }
}

/// A curl -v transcript of a failed call, with `request` and `response`
/// lines added to its headers.
fn curl_v(query: &str, request: &str, response: &str, message: &str) -> String {
    let envelope =
        json!({"error": {"status": "NOT_FOUND", "reason": "CALL_NOT_FOUND", "message": message}});
    format!(
        "> GET /v1.0/calls/x?{query} HTTP/1.1\n> Host: api.voipbin.net\n{request}\n>\n< HTTP/1.1 404 Not Found\n< Content-Type: application/json\n{response}\n<\n{envelope}\n"
    )
}

#[test]
fn bundle_masks_har_headers_cookies_and_query_strings() {
    let har = json!({"log": {"entries": [{"request": {
        "method": "GET", "url": "https://api.voipbin.net/v1.0/calls/x?accesskey=QSECRET1",
        "headers": [{"name": "X-Api-Key", "value": "HSECRET2"}, {"name": "Accept", "value": "application/json"}],
        "cookies": [{"name": "theme", "value": "CSECRET3"}],
        "queryString": [{"name": "accesskey", "value": "QSECRET4"}]},
        "response": {"status": 404, "headers": [{"value": "RSECRET5", "name": "X-Auth-Token"}],
            "content": {"text": "{\"error\":{\"status\":\"NOT_FOUND\",\"reason\":\"CALL_NOT_FOUND\",\"message\":\"no\"}}"}}}]}});
    let out = voiperr()
        .args(["diagnose", "--format", "bundle"])
        .write_stdin(har.to_string())
        .output()
        .expect("runs");
    let shown = all_of(&out);
    assert!(
        shown.contains("\"name\":\"X-Api-Key\",\"value\":\"***\""),
        "{shown}"
    );
    // Not a credential: shown.
    assert!(shown.contains("application/json"), "{shown}");
    for secret in ["QSECRET1", "HSECRET2", "CSECRET3", "QSECRET4", "RSECRET5"] {
        assert!(!shown.contains(secret), "{secret}: {shown}");
    }
}

#[test]
fn bundle_masks_keys_over_lines_in_encodings_and_in_every_language() {
    let request = [
        "> X-Auth-Key: SECRET01",
        "> Ocp-Apim-Subscription-Key: SECRET02",
        "> X-Api-Key:",
        ">     SECRET03",
        "> X-Debug: {\"secret_key\": \"SECRET04\"} {\"X-Api-Key\":[\"SECRET05\"]}",
        "> X-Debug: [('X-Api-Key', 'SECRET06')] <password>SECRET07</password>",
        "> X-Debug: SECRET_KEY=SECRET08 token%253DSECRET09 curl -u admin:SECRET10",
    ]
    .join("\n");
    let input = curl_v("page=1", &request, "< X-Trace: 1", "no such call");
    let out = voiperr()
        .args(["diagnose", "--format", "bundle"])
        .write_stdin(input.clone())
        .output()
        .expect("runs");
    let shown = all_of(&out);
    assert!(shown.contains("X-Auth-Key: ***"), "{shown}");
    for n in 1..=10 {
        let secret = format!("SECRET{n:02}");
        assert!(!shown.contains(&secret), "{secret}: {shown}");
    }
    // The lines keep their numbers: the masked value on the line after its key too.
    assert!(shown.contains("lines 1-"), "{shown}");
}

#[test]
fn tokens_known_by_their_shape_are_masked_in_every_format() {
    let tokens = [
        ("AKIA", "IOSFODNN7EXAMPLQ"),
        ("ghp_", "aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789"),
        ("sk_live_", "4eC39HqLyjWDarjtT1zdp7dc"),
        ("xoxb-", "1234567890-0987654321-AbCdEfGhIjKl"),
        ("sk-", "proj-aBcDeFgHiJkLmNoPqRsTuVwX"),
    ];
    let message = tokens
        .iter()
        .map(|(prefix, body)| format!("{prefix}{body}"))
        .collect::<Vec<_>>()
        .join(" ");
    let query = format!("AWSAccessKeyId=AKIA{}", "QRSTUVWXYZ234567");
    let input = curl_v(&query, "> X-Note: ok", "< X-Trace: 1", &message);
    let mut secrets: Vec<&str> = tokens.iter().map(|(_, body)| *body).collect();
    secrets.push("QRSTUVWXYZ234567");
    assert_nowhere(&input, &secrets);
    // What kind of credential stood there is still shown.
    let out = voiperr()
        .arg("diagnose")
        .write_stdin(input)
        .output()
        .expect("runs");
    assert!(all_of(&out).contains("ghp_***"), "{}", all_of(&out));
}

#[test]
fn the_mcp_prompt_masks_what_it_quotes() {
    let response = "HTTP/1.1 401\nAuthorization: Bearer PROMPTSECRET1\n\n{\"error\":{\"status\":\"UNAUTHENTICATED\",\"reason\":\"INVALID_TOKEN\",\"message\":\"token=PROMPTSECRET2 ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789\"}}";
    let prompt = json!({"jsonrpc": "2.0", "id": 2, "method": "prompts/get",
        "params": {"name": "diagnose_api_response", "arguments": {"response": response}}});
    let (answers, _) = exchange(&[INIT, INITIALIZED, &prompt.to_string()], false);
    let text = json_text(&answers[1]);
    assert!(
        text.contains("Bearer ***") || text.contains("Authorization: ***"),
        "{text}"
    );
    for secret in [
        "PROMPTSECRET1",
        "PROMPTSECRET2",
        "aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789",
    ] {
        assert!(!text.contains(secret), "{secret}: {text}");
    }
}

/// A credential in one of the forms voiperr knows, and the secret in it.
#[derive(Clone, Debug)]
enum Credential {
    /// A key of `data/secret-keys.tsv` and its value, written one of several ways.
    Keyed {
        key: &'static str,
        shape: KeyShape,
        form: usize,
    },
    /// A token of `data/secret-tokens.tsv`.
    Token(TokenShape),
    /// `Authorization: Bearer`, `Basic` of `user:password`, a URL's userinfo.
    Scheme(usize),
}

/// The ways a keyed value is written (`KEY` and `V` replaced); the ones a
/// query key (`code=`) takes come first.
const KEYED_FORMS: &[&str] = &[
    "KEY=V",
    "KEY%3DV",
    "KEY%253DV",
    "KEY: V",
    "{\"KEY\": \"V\"}",
    "{\"KEY\":\n    \"V\"}",
    "KEY:\n    V",
    "[('KEY', 'V')]",
    "<KEY>V</KEY>",
    "map[KEY:[V]]",
    "{\"name\": \"KEY\", \"value\": \"V\"}",
    "{\n  \"name\": \"KEY\",\n  \"value\": \"V\"\n}",
    " --KEY V",
];

/// A credential written out: the text, and the secret in it.
fn written(credential: &Credential, secret: &str) -> (String, String) {
    match credential {
        Credential::Keyed { key, shape, form } => {
            let text = match shape {
                KeyShape::UserOption => format!(" {key} admin:{secret}"),
                _ => KEYED_FORMS[*form].replace("KEY", key).replace('V', secret),
            };
            (text, secret.to_owned())
        }
        Credential::Token(shape) => match shape.body {
            Body::Pem => (
                format!(
                    "{} EC PRIVATE KEY-----\nMHc{secret}\nAwEH{secret}\n-----END EC PRIVATE KEY-----",
                    shape.prefix
                ),
                secret.to_owned(),
            ),
            Body::Run { min, .. } => {
                let allowed: Vec<char> = (0..128u8)
                    .filter(|&b| shape.body.allows(b))
                    .map(char::from)
                    .collect();
                let body: String = secret
                    .bytes()
                    .cycle()
                    .take(min.max(secret.len()))
                    .map(|b| allowed[usize::from(b) % allowed.len()])
                    .collect();
                (format!("{}{body}", shape.prefix), body)
            }
        },
        Credential::Scheme(0) => (format!("Authorization: Bearer {secret}"), secret.to_owned()),
        Credential::Scheme(1) => {
            let user_password = format!("admin:{secret}");
            let encoded = base64(user_password.as_bytes());
            (format!("Authorization: Basic {encoded}"), encoded)
        }
        Credential::Scheme(_) => (
            format!("https://admin:{secret}@api.voipbin.net/v1.0/calls"),
            secret.to_owned(),
        ),
    }
}

fn base64(bytes: &[u8]) -> String {
    const DIGITS: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, &b)| n | u32::from(b) << (16 - 8 * i));
        for i in 0..=chunk.len() {
            out.push(char::from(DIGITS[(n >> (18 - 6 * i) & 63) as usize]));
        }
        out.extend(std::iter::repeat_n('=', 3 - chunk.len()));
    }
    out
}

fn credential() -> impl Strategy<Value = Credential> {
    let keyed = proptest::sample::select(SECRET_KEYS).prop_flat_map(|(key, shape)| {
        // A query key is a credential before `=` only.
        let forms = if shape == KeyShape::Query {
            3
        } else {
            KEYED_FORMS.len()
        };
        (0..forms).prop_map(move |form| Credential::Keyed { key, shape, form })
    });
    prop_oneof![
        3 => keyed,
        2 => proptest::sample::select(SECRET_TOKENS).prop_map(Credential::Token),
        1 => (0..3usize).prop_map(Credential::Scheme),
    ]
}

/// Where in an input the credential goes.
#[derive(Clone, Copy, Debug)]
enum Place {
    Query,
    RequestHeader,
    ResponseHeader,
    Message,
    LogLineBefore,
    HarHeader,
    HarPostData,
    HarPretty,
    HarQueryString,
    HarCookie,
    /// A field of a JSON log record that carries the failed call.
    LogRecord,
    /// The envelope's message, in a JSON log record's `body` string (escaped twice).
    EscapedBody,
}

fn place() -> impl Strategy<Value = Place> {
    proptest::sample::select(vec![
        Place::Query,
        Place::RequestHeader,
        Place::ResponseHeader,
        Place::Message,
        Place::LogLineBefore,
        Place::HarHeader,
        Place::HarPostData,
        Place::HarPretty,
        Place::HarQueryString,
        Place::HarCookie,
        Place::LogRecord,
        Place::EscapedBody,
    ])
}

/// An input holding `text` at `place`.
fn input_with(text: &str, place: Place) -> String {
    let envelope = "{\"error\":{\"status\":\"NOT_FOUND\",\"reason\":\"CALL_NOT_FOUND\",\"message\":\"no such call\"}}";
    let har_with = |headers: Value, post: &str, query: Value, cookies: Value| {
        json!({"log": {"entries": [{"request": {"method": "POST",
            "url": "https://api.voipbin.net/v1.0/calls/x?page=1",
            "headers": headers, "queryString": query, "cookies": cookies,
            "postData": {"mimeType": "text/plain", "text": post}},
            "response": {"status": 404, "content": {"text": envelope}}}]}})
    };
    let har = |headers: Value, post: &str| har_with(headers, post, json!([]), json!([]));
    let prefixed = |mark: &str| {
        text.lines()
            .map(|l| format!("{mark}{l}"))
            .collect::<Vec<_>>()
            .join("\n")
    };
    match place {
        Place::Query => curl_v(
            &format!("page=1&{text}"),
            "> Accept: */*",
            "< X-Trace: 1",
            "no",
        ),
        Place::RequestHeader => curl_v("page=1", &prefixed("> "), "< X-Trace: 1", "no"),
        Place::ResponseHeader => curl_v("page=1", "> Accept: */*", &prefixed("< "), "no"),
        Place::Message => curl_v(
            "page=1",
            "> Accept: */*",
            "< X-Trace: 1",
            &format!("bad {text} here"),
        ),
        Place::LogLineBefore => format!(
            "2026-11-24T10:00:00Z DEBUG sending {text}\n{}",
            curl_v("page=1", "> Accept: */*", "< X-Trace: 1", "no")
        ),
        Place::HarHeader => har(json!([{"name": "X-Debug", "value": text}]), "a=1").to_string(),
        Place::HarPostData => har(json!([]), text).to_string(),
        Place::HarPretty => {
            serde_json::to_string_pretty(&har(json!([{"name": "X-Debug", "value": text}]), text))
                .expect("JSON")
        }
        Place::HarQueryString => har_with(
            json!([]),
            "a=1",
            json!([{"name": "debug", "value": text}]),
            json!([]),
        )
        .to_string(),
        Place::HarCookie => har_with(
            json!([]),
            "a=1",
            json!([]),
            json!([{"name": "debug", "value": text}]),
        )
        .to_string(),
        Place::LogRecord => json!({"time": "2026-11-24T10:00:00Z", "level": "error",
            "method": "GET", "url": "https://api.voipbin.net/v1.0/calls/x", "status": 404,
            "request_headers": text, "body": envelope})
        .to_string(),
        Place::EscapedBody => {
            let body = json!({"error": {"status": "NOT_FOUND", "reason": "CALL_NOT_FOUND",
                "message": format!("bad {text} here")}});
            json!({"time": "2026-11-24T10:00:00Z", "level": "error", "status": 404,
                "url": "https://api.voipbin.net/v1.0/calls/x", "body": body.to_string()})
            .to_string()
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn no_output_format_shows_a_planted_credential(
        credential in credential(),
        place in place(),
        secret in "[A-Za-z0-9]{13}",
    ) {
        // Distinct from anything else in the input, and looking like a credential.
        let secret = format!("Zq9{secret}");
        let (text, secret) = written(&credential, &secret);
        let input = input_with(&text, place);
        // The input is read as the failed call it is, secret and all.
        let out = voiperr().args(["diagnose", "--json"]).write_stdin(input.clone()).output().expect("runs");
        prop_assert!(stdout_of(&out).contains("CALL_NOT_FOUND"), "not diagnosed:\n{}", input);
        prop_assert!(input.contains(&secret));
        assert_nowhere(&input, &[&secret]);
    }
}
