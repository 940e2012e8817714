//! Redaction: a secret placed after any credential marker, in any
//! surrounding text, never survives `Untrusted::new`, and showing the result
//! never lets a dangerous character through.
#![no_main]

use libfuzzer_sys::fuzz_target;
use voiperr::untrusted::{Untrusted, is_dangerous};

const MARKERS: &[(&str, &str)] = &[
    ("https://user:", "@api.voipbin.net"),
    ("Authorization: ", ""),
    ("authorization: Bearer ", ""),
    ("Bearer ", ""),
    ("bearer\t", ""),
    ("Bearer\u{a0}", ""),
    ("Bearer Bearer ", ""),
    ("token=", ""),
    ("token=Bearer ", ""),
    ("?accesskey=", ""),
    ("&access_key=", ""),
    ("api_key=", ""),
    ("X-Api-Key: ", ""),
    ("accesskey%3D", ""),
    ("password=", ""),
    ("\"password\":\"", ""),
    ("\"accesskey\": \"", ""),
    ("\"token\":\"", ""),
    ("{\"Authorization\":\"Basic ", ""),
    ("'password': '", ""),
    ("Cookie: ", ""),
];

/// Bytes that end a secret, as the fuzzer may choose them.
const ENDS: &[&str] = &["", " ", "\"", "'", "&", ";", "\n", ",", "\t"];

fuzz_target!(|data: &[u8]| {
    let Some((&choice, rest)) = data.split_first() else {
        return;
    };
    let text = String::from_utf8_lossy(rest);
    let (before, after) = text.split_at(
        text.char_indices()
            .nth(text.chars().count() / 2)
            .map_or(0, |(i, _)| i),
    );
    let (marker, then) = MARKERS[usize::from(choice) % MARKERS.len()];
    let end = ENDS[usize::from(choice / 32) % ENDS.len()];
    let secret = "Zq9SeCrEt7";
    if before.contains(secret) || after.contains(secret) {
        return;
    }
    let input = format!("{before}{marker}{secret}{then}{end}{after}");
    let shown = Untrusted::new(&input);
    assert!(!shown.redacted().contains(secret), "{input:?}");
    assert!(!shown.to_string().contains(is_dangerous), "{input:?}");
});
