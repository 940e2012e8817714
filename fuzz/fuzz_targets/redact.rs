//! Redaction: a secret placed after any credential marker, or a token of any
//! known shape (`data/secret-tokens.tsv`), in any surrounding text, never
//! survives `Untrusted::new`, and showing the result never lets a dangerous
//! character through nor forms a CI runner's command.
#![no_main]

use libfuzzer_sys::fuzz_target;
use voiperr::untrusted::{Body, CREDENTIAL_MARKERS, SECRET_TOKENS, Untrusted, is_dangerous};

/// Bytes that end a secret, as the fuzzer may choose them.
const ENDS: &[&str] = &["", " ", "\"", "'", "&", ";", "\n", ",", "\t"];

/// Bytes that may stand right before a token (the start of a word).
const STARTS: &[&str] = &[" ", "=", ":", "\"", "(", "\n", "%3D", "%253D", "\\n"];

fuzz_target!(|data: &[u8]| {
    let Some((&choice, rest)) = data.split_first() else {
        return;
    };
    let Some((&which, rest)) = rest.split_first() else {
        return;
    };
    let text = String::from_utf8_lossy(rest);
    let (before, after) = text.split_at(
        text.char_indices()
            .nth(text.chars().count() / 2)
            .map_or(0, |(i, _)| i),
    );
    let end = ENDS[usize::from(choice / 32) % ENDS.len()];
    let secret = "Zq9SeCrEt7";
    if before.contains(secret) || after.contains(secret) {
        return;
    }
    let (input, kept) = if choice % 2 == 0 {
        let (marker, then) = CREDENTIAL_MARKERS[usize::from(which) % CREDENTIAL_MARKERS.len()];
        (format!("{before}{marker}{secret}{then}{end}{after}"), secret.to_owned())
    } else {
        let shape = &SECRET_TOKENS[usize::from(which) % SECRET_TOKENS.len()];
        let start = STARTS[usize::from(choice / 2) % STARTS.len()];
        let body = match shape.body {
            Body::Pem => format!(" RSA PRIVATE KEY-----\n{secret}\n-----END RSA PRIVATE KEY-----"),
            Body::Run { min, .. } => {
                let allowed: Vec<u8> = (0..128u8).filter(|&b| shape.body.allows(b)).collect();
                secret
                    .bytes()
                    .cycle()
                    .take(min.max(secret.len()))
                    .map(|b| char::from(allowed[usize::from(b) % allowed.len()]))
                    .collect()
            }
        };
        let kept = if shape.body == Body::Pem { secret.to_owned() } else { body.clone() };
        // A separator after the token: a run of its alphabet would go on.
        (format!("{before}{start}{}{body} {end}{after}", shape.prefix), kept)
    };
    if before.contains(&kept) || after.contains(&kept) {
        return;
    }
    let shown = Untrusted::new(&input);
    assert!(!shown.redacted().contains(&kept), "{input:?}");
    let displayed = shown.to_string();
    assert!(!displayed.contains(is_dangerous), "{input:?}");
    assert!(!displayed.contains("##["), "{input:?}");
});
