//! Text from input, shown: invisible characters escaped (the issue's nine and
//! every code point of the Unicode properties behind them) and credentials
//! masked (every key of `data/secret-keys.tsv`, in many spellings).

use std::time::Duration;

use regex_syntax::hir::{Class, HirKind};
use serde_json::Value;

use crate::common::{all_of, voiperr};

/// `voiperr ARGS` on `input`: exit code and everything it printed.
fn run(args: &[&str], input: &str) -> (i32, String) {
    let out = voiperr()
        .args(args)
        .write_stdin(input.as_bytes().to_vec())
        .timeout(Duration::from_secs(60))
        .output()
        .expect("runs");
    let all = all_of(&out);
    assert!(!all.contains("panicked"), "{all}");
    (out.status.code().unwrap_or(-1), all)
}

/// One error envelope line whose message is `message`.
fn envelope(message: &str) -> String {
    let envelope = serde_json::json!({"error": {"status": "NOT_FOUND", "reason": "CALL_NOT_FOUND",
        "message": message, "request_id": "r"}});
    format!("{envelope}\n")
}

/// The characters issue 23 found printed raw.
const NINE: &[char] = &[
    '\u{ad}',
    '\u{34f}',
    '\u{115f}',
    '\u{3164}',
    '\u{fe0f}',
    '\u{2065}',
    '\u{e0100}',
    '\u{180b}',
    '\u{ffa0}',
];

/// Every code point that is Default_Ignorable_Code_Point, Cf or
/// Variation_Selector, by the regex-syntax crate's Unicode tables (not voiperr's).
fn invisible_property() -> Vec<char> {
    let hir = regex_syntax::Parser::new()
        .parse(r"[\p{Default_Ignorable_Code_Point}\p{Cf}\p{Variation_Selector}]")
        .expect("a class");
    match hir.kind() {
        HirKind::Class(Class::Unicode(class)) => class
            .iter()
            .flat_map(|range| range.start()..=range.end())
            .collect(),
        other => panic!("not a Unicode class: {other:?}"),
    }
}

#[test]
fn the_issues_nine_invisible_characters_are_escaped() {
    for &c in NINE {
        let message = format!("a{c}b");
        let (code, text) = run(&["diagnose"], &envelope(&message));
        assert_eq!(code, 0, "{text}");
        assert!(!text.contains(c), "{c:?} printed raw:\n{text}");
        // voiperr's escapes: `\xad` up to U+00FF, `\u{fe0f}` above.
        let escape = match u32::from(c) {
            code @ ..=0xff => format!("a\\x{code:02x}b"),
            code => format!("a\\u{{{code:x}}}b"),
        };
        assert!(
            text.contains(&escape),
            "{c:?} not shown as {escape}:\n{text}"
        );

        let (_, json) = run(&["diagnose", "--json"], &envelope(&message));
        assert!(!json.contains(c), "{c:?} raw in JSON:\n{json}");
        let parsed: Value = serde_json::from_str(json.trim()).expect("one JSON line");
        assert_eq!(parsed["message"], message, "JSON keeps the text exactly");
    }
}

#[test]
fn every_code_point_of_the_invisible_properties_is_escaped() {
    let all = invisible_property();
    assert!(all.len() > 4000, "{}", all.len());
    assert!(NINE.iter().all(|c| all.contains(c)));
    // 64 to a message, each between two letters: one line per message.
    let input: String = all
        .chunks(64)
        .map(|chunk| envelope(&chunk.iter().map(|c| format!("x{c}")).collect::<String>()))
        .collect();
    for args in [&["diagnose"][..], &["diagnose", "--json"]] {
        let (code, shown) = run(args, &input);
        assert_eq!(code, 0, "{args:?}");
        if let Some(c) = shown.chars().find(|c| all.contains(c)) {
            panic!("{args:?}: U+{:04X} printed raw", u32::from(c));
        }
    }
}

/// The rows of `data/secret-keys.tsv`: key and shape.
fn secret_keys() -> Vec<(String, String)> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/secret-keys.tsv");
    std::fs::read_to_string(path)
        .expect("data/secret-keys.tsv")
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let mut fields = l.split('\t');
            let key = fields.next().expect("key").to_owned();
            (key, fields.next().expect("shape").to_owned())
        })
        .collect()
}

#[test]
fn every_secret_key_is_masked_in_a_message_and_a_request_line() {
    let keys = secret_keys();
    assert!(keys.len() >= 29, "{keys:?}");
    for (key, shape) in keys {
        // A command-line option (`curl -u`) takes its value as the next word:
        // tests/cli/secrets.rs plants those.
        if shape == "user" {
            continue;
        }
        let mut separators = vec!["=", " => ", "%3D", "\t=\t"];
        if shape != "query" {
            separators.extend([": ", "%3A%20"]);
        }
        for sep in separators {
            let secret = "Z9Secret7";
            let message = format!("upstream rejected /x?a=1&{key}{sep}{secret} end");
            let curl = format!(
                "> GET /v1.0/calls?{key}{sep}{secret} HTTP/1.1\n> Host: api.voipbin.net\n>\n< HTTP/1.1 404 Not Found\n<\n{}",
                envelope(&message)
            );
            for args in [&["diagnose"][..], &["diagnose", "--json"]] {
                let (code, all) = run(args, &curl);
                assert_eq!(code, 0, "{key} {sep:?}: {all}");
                assert!(!all.contains(secret), "{key} {sep:?} ({args:?}): {all}");
                assert!(all.contains("***"), "{key} {sep:?}: {all}");
            }
        }
    }
}

#[test]
fn the_spellings_hardening_iii_found_printed_are_masked() {
    for spelled in [
        "?key=ZQX9k",
        "&sig=ZQX9k",
        "&X-Amz-Signature=ZQX9k",
        "&X-Amz-Credential=ZQX9k",
        "pass=ZQX9k",
        "pwd=ZQX9k",
        "auth=ZQX9k",
        "session=ZQX9k",
        "sid=ZQX9k",
        "jwt=ZQX9k",
        "?code=ZQX9k",
        "private_key=ZQX9k",
        "PHPSESSID=ZQX9k",
        "sessionid=ZQX9k",
        "Basic dXNlcjpaUVg5aw==",
        "token ZQX9k",
        "Token ZQX9k",
        "Bearer: ZQX9k",
        "bearer%20ZQX9k",
        "Authorization%3A%20Bearer%20ZQX9k",
        "accesskey => ZQX9k",
        "accesskey\t=\tZQX9k",
        "pass:ZQX9k",
    ] {
        for args in [&["diagnose"][..], &["diagnose", "--json"]] {
            let (code, all) = run(args, &envelope(&format!("sent {spelled} here")));
            assert_eq!(code, 0, "{spelled:?}: {all}");
            assert!(
                !all.contains("ZQX9k") && !all.contains("dXNlcjpaUVg5aw"),
                "{spelled:?} ({args:?}): {all}"
            );
        }
    }
    // What is not a credential is still shown: a status code, prose.
    let (_, all) = run(
        &["diagnose"],
        &envelope("status_code=404: the token expired, basic plan"),
    );
    assert!(
        all.contains("status_code=404: the token expired, basic plan"),
        "{all}"
    );
}
