//! README and the `docs/` pages it links: their examples are real output, and every link
//! between them reaches a file and a heading that exist.

use std::path::Path;

use crate::common::{stdout_of, voiperr};

/// One documentation page (`README.md`, `docs/diagnose.md`, …) as it is in the checkout.
pub fn doc_page(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// README and every page in `docs/`, by their paths from the checkout's root.
fn pages() -> Vec<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut names = vec!["README.md".to_owned()];
    for entry in std::fs::read_dir(root.join("docs")).expect("docs/") {
        let name = entry
            .expect("an entry")
            .file_name()
            .to_string_lossy()
            .into_owned();
        if name.ends_with(".md") {
            names.push(format!("docs/{name}"));
        }
    }
    names.sort();
    names
        .into_iter()
        .map(|name| {
            let text = doc_page(&name);
            (name, text)
        })
        .collect()
}

#[test]
fn readme_examples_match_the_binary() {
    let docs: String = pages().into_iter().map(|(_, text)| text).collect();
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
            docs.contains(text.trim()),
            "the documentation's example of `voiperr {}` is out of date; it now prints:\n{text}",
            args.join(" ")
        );
    }
}

/// GitHub's anchor for a heading: lower case, punctuation dropped, spaces as `-`.
fn anchor_of(heading: &str) -> String {
    heading
        .trim()
        .to_lowercase()
        .chars()
        .filter(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | ' '))
        .map(|c| if c == ' ' { '-' } else { c })
        .collect()
}

/// The lines of a page outside its code blocks.
fn prose(text: &str) -> Vec<&str> {
    let mut fenced = false;
    text.lines()
        .filter(|line| {
            if line.starts_with("```") {
                fenced = !fenced;
                return false;
            }
            !fenced
        })
        .collect()
}

fn anchors(text: &str) -> Vec<String> {
    prose(text)
        .into_iter()
        .filter(|line| line.starts_with('#'))
        .filter_map(|line| line.trim_start_matches('#').strip_prefix(' '))
        .map(anchor_of)
        .collect()
}

#[test]
fn links_between_the_pages_reach_a_file_and_a_heading() {
    let pages = pages();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut broken = Vec::new();
    for (name, text) in &pages {
        let dir = Path::new(name).parent().unwrap_or(Path::new(""));
        for line in prose(text) {
            for link in line.split("](").skip(1) {
                let Some(target) = link.split(')').next() else {
                    continue;
                };
                if target.contains("://") || target.starts_with("mailto:") || target.contains(' ') {
                    continue;
                }
                let (file, anchor) = target.split_once('#').unwrap_or((target, ""));
                let file = if file.is_empty() {
                    name.clone()
                } else {
                    let joined = dir.join(file);
                    let mut parts: Vec<&str> = Vec::new();
                    for part in joined.to_str().unwrap_or_default().split('/') {
                        match part {
                            ".." => {
                                parts.pop();
                            }
                            "." | "" => {}
                            part => parts.push(part),
                        }
                    }
                    parts.join("/")
                };
                if !root.join(&file).exists() {
                    broken.push(format!("{name}: {target}: no file {file}"));
                    continue;
                }
                if anchor.is_empty() {
                    continue;
                }
                let Some((_, target_text)) = pages.iter().find(|(n, _)| *n == file) else {
                    broken.push(format!(
                        "{name}: {target}: an anchor into a file that is not a page"
                    ));
                    continue;
                };
                if !anchors(target_text).iter().any(|a| a == anchor) {
                    broken.push(format!("{name}: {target}: no heading #{anchor} in {file}"));
                }
            }
        }
    }
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
}

#[test]
fn readmes_top_fits_two_screens() {
    // The two commands, what voiperr is, a tour, install and the pages: everything before the
    // first reference table, at 80 columns (a longer line takes as many rows as it wraps to).
    let readme = doc_page("README.md");
    let top = readme
        .split("\n## Where voiperr runs")
        .next()
        .expect("a top part");
    let rows: usize = top
        .lines()
        .map(|l| l.chars().count().max(1).div_ceil(80))
        .sum();
    assert!(
        rows <= 2 * 24,
        "README's top part is {rows} rows at 80 columns"
    );
}
