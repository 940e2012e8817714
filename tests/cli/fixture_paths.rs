//! Fixtures carry no path of the machine they were captured on: not the
//! capturing checkout, not a temporary directory, not a home directory other
//! than the neutral `/home/dev/app` that `tests/clients/capture.sh` writes in
//! their place. An interpreter's or a library's own paths in a stack trace
//! (`/usr/lib/ruby/…`, `/root/.pyenv/versions/…/site-packages/…`) are what
//! any machine prints, and stay.

use std::path::{Path, PathBuf};

use crate::common::fixture;

/// The directory capture.sh writes for the checkout's `tests/clients`.
const NEUTRAL: &str = "/home/dev/app";

/// Where a path of the capturing machine starts: temporary directories (Linux,
/// macOS), home and work directories.
const MACHINE_ROOTS: &[&str] = &[
    "/tmp/",
    "/var/tmp/",
    "/var/folders/",
    "/private/var/",
    "/dev/shm/",
    "/home/",
    "/Users/",
    "/work/",
];

/// Whether a path starting at `at` in `line` begins a path of its own (not a
/// URL's `//` or path, not the middle of a word); `file:///tmp/…` does.
fn starts_path(line: &str, at: usize) -> bool {
    let before = &line[..at];
    if line[at..].starts_with("//") {
        return false;
    }
    match before.chars().next_back() {
        None => true,
        Some('/') => before.ends_with("file://"),
        Some(c) => !(c.is_alphanumeric() || "._~-".contains(c)),
    }
}

/// The machine paths in one line: each from a machine root, or holding the
/// checkout's `tests/clients` (whatever its root), or one of `extra` (the
/// running checkout and temporary directory), to its end.
fn machine_paths(line: &str, extra: &[String]) -> Vec<String> {
    let mut found = Vec::new();
    for (at, _) in line.match_indices('/') {
        if !starts_path(line, at) {
            continue;
        }
        let path = line[at..]
            .split(|c: char| c.is_whitespace() || "\"'`()<>,;[]{}".contains(c))
            .next()
            .unwrap_or_default();
        let neutral = path == NEUTRAL || path.starts_with(&format!("{NEUTRAL}/"));
        let machine = MACHINE_ROOTS.iter().any(|root| path.starts_with(root))
            || path.contains("/tests/clients/")
            || extra.iter().any(|dir| path.starts_with(dir.as_str()));
        if machine && !neutral {
            found.push(path.to_owned());
        }
    }
    found
}

pub fn files_under(dir: &Path, files: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("reads tests/fixtures") {
        let path = entry.expect("an entry").path();
        if path.is_dir() {
            files_under(&path, files);
        } else {
            files.push(path);
        }
    }
}

#[test]
fn fixtures_carry_no_path_of_the_capturing_machine() {
    let root = fixture("");
    let mut files = Vec::new();
    files_under(&root, &mut files);
    files.sort();
    assert!(files.len() > 300, "only {} fixtures", files.len());
    let checkout = env!("CARGO_MANIFEST_DIR").trim_end_matches('/').to_owned();
    let temp = std::env::temp_dir()
        .to_string_lossy()
        .trim_end_matches('/')
        .to_owned();
    let extra: Vec<String> = [checkout, temp]
        .into_iter()
        .filter(|dir| dir.len() > 1 && dir != NEUTRAL)
        .collect();
    let mut found = Vec::new();
    for file in &files {
        let text =
            String::from_utf8_lossy(&std::fs::read(file).expect("reads a fixture")).into_owned();
        for (n, line) in text.lines().enumerate() {
            for path in machine_paths(line, &extra) {
                let name = file.strip_prefix(&root).unwrap_or(file).display();
                found.push(format!("tests/fixtures/{name}:{}: {path}", n + 1));
            }
        }
    }
    assert!(
        found.is_empty(),
        "{} machine paths in tests/fixtures (capture with tests/clients/capture.sh, which writes {NEUTRAL} for them):\n{}",
        found.len(),
        found.join("\n")
    );
}

#[test]
fn machine_paths_are_told_from_an_interpreters_and_a_urls() {
    let none: &[String] = &[];
    let found = |line: &str| machine_paths(line, none);
    assert_eq!(
        found(r#"  File "/work/wt-x/tests/clients/python_clients.py", line 71, in main"#),
        ["/work/wt-x/tests/clients/python_clients.py"]
    );
    assert_eq!(
        found("    at async file:///tmp/tmp.x1/node_clients.mjs:69:3"),
        ["/tmp/tmp.x1/node_clients.mjs:69:3"]
    );
    assert_eq!(
        found("#10 /srv/ci/voiperr/tests/clients/php_clients.php(16): x"),
        ["/srv/ci/voiperr/tests/clients/php_clients.php"]
    );
    assert_eq!(
        found("rootdir: /home/alice/voiperr"),
        ["/home/alice/voiperr"]
    );
    assert!(found(r#"  File "/home/dev/app/python_clients.py", line 71"#).is_empty());
    assert!(found("rootdir: /home/dev/app").is_empty());
    assert!(found(
        r#"  File "/root/.pyenv/versions/3.11.7/lib/python3.11/site-packages/requests/models.py""#
    )
    .is_empty());
    assert!(found("GET http://127.0.0.1:8080/tmp/calls/work/ -> 404").is_empty());
    assert!(found("from /usr/lib/ruby/vendor_ruby/restclient/request.rb:63").is_empty());
    let checkout = ["/opt/build/voiperr".to_owned()];
    assert_eq!(
        machine_paths("at /opt/build/voiperr/src/x.rs:3", &checkout),
        ["/opt/build/voiperr/src/x.rs:3"]
    );
}
