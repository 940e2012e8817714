//! README's examples are real output: each must appear in README verbatim.

use crate::common::{stdout_of, voiperr};

#[test]
fn readme_examples_match_the_binary() {
    let readme = include_str!("../../README.md");
    for args in [
        &["explain", "CALL_ALREADY_ENDED"][..],
        &["explain", "429"],
        &["list", "--resource", "call"],
        &["endpoint", "POST", "/calls/{id}/recording_start"],
        &["diagnose", "tests/fixtures/curl-v-hangup.txt"],
        &["diagnose", "tests/fixtures/curl-i-http2-rate-limit.txt"],
        &["diagnose", "--summary", "tests/fixtures/log-lines.log"],
        &["--version", "--json"],
    ] {
        let out = voiperr()
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .args(args)
            .output()
            .expect("runs");
        let text = stdout_of(&out);
        assert!(
            readme.contains(text.trim()),
            "README's example of `voiperr {}` is out of date; it now prints:\n{text}",
            args.join(" ")
        );
    }
}
