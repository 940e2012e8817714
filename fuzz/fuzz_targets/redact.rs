//! Redaction: a secret placed after any credential marker, in any
//! surrounding text, never survives `Untrusted::new`, and showing the result
//! never lets a dangerous character through.
#![no_main]

use libfuzzer_sys::fuzz_target;
use voiperr::untrusted::{CREDENTIAL_MARKERS, Untrusted, is_dangerous};

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
    let (marker, then) = CREDENTIAL_MARKERS[usize::from(choice) % CREDENTIAL_MARKERS.len()];
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
