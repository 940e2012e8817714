//! `voiperr site`: every page there, deterministic, no broken link or
//! anchor, no external request, and the site in a real browser.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command as Process;

use crate::common::{listed_reasons, voiperr};

fn build(dir: &Path) {
    let out = voiperr()
        .args(["site", "--out"])
        .arg(dir)
        .output()
        .expect("runs");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("pages"));
}

fn files(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut found = BTreeMap::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(next) = todo.pop() {
        for entry in std::fs::read_dir(&next).expect("readable") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                todo.push(path);
            } else {
                let bytes = std::fs::read(&path).expect("readable");
                found.insert(path.strip_prefix(dir).expect("inside").to_path_buf(), bytes);
            }
        }
    }
    found
}

/// The values of one attribute (`href="…"`) or Markdown link targets in a page.
fn attribute_values(text: &str, attribute: &str) -> Vec<String> {
    let needle = format!("{attribute}=\"");
    text.match_indices(&needle)
        .filter_map(|(at, _)| {
            let rest = &text[at + needle.len()..];
            rest.find('"').map(|end| rest[..end].replace("&amp;", "&"))
        })
        .collect()
}

fn markdown_links(text: &str) -> Vec<String> {
    text.match_indices("](")
        .filter_map(|(at, _)| {
            let rest = &text[at + 2..];
            rest.find(')').map(|end| rest[..end].to_owned())
        })
        .collect()
}

#[test]
fn every_reason_alias_and_route_has_a_page_and_two_runs_write_the_same_bytes() {
    let (a, b) = (
        tempfile::tempdir().expect("dir"),
        tempfile::tempdir().expect("dir"),
    );
    build(a.path());
    build(b.path());
    let first = files(a.path());
    assert_eq!(first, files(b.path()), "two runs differ");
    let has = |path: &str| first.contains_key(Path::new(path));
    for reason in listed_reasons() {
        let name = reason["reason"].as_str().expect("name");
        for ext in ["html", "md"] {
            assert!(has(&format!("reasons/{name}.{ext}")), "{name}.{ext}");
        }
        for alias in reason["aliases"].as_array().expect("aliases") {
            let alias = alias.as_str().expect("alias");
            let page = String::from_utf8_lossy(&first[Path::new(&format!("reasons/{alias}.html"))])
                .into_owned();
            assert!(
                page.contains(&format!("{name}.html#alias-{alias}")),
                "{alias}"
            );
        }
    }
    let index: serde_json::Value =
        serde_json::from_str(include_str!("../../data/server-index.json")).expect("index");
    let endpoints = first
        .keys()
        .filter(|p| p.starts_with("endpoints") && p.extension().is_some_and(|e| e == "html"))
        .count();
    // Every route (and the page's routes the server does not serve), plus the list.
    assert!(
        endpoints > index["routes"].as_array().expect("routes").len(),
        "{endpoints}"
    );
    for code in ["400", "401", "403", "404", "409", "429", "500"] {
        assert!(has(&format!("codes/{code}.html")), "{code}");
    }
    let llms = String::from_utf8_lossy(&first[Path::new("llms.txt")]).into_owned();
    assert!(llms.starts_with("# voiperr"));
    assert!(llms.contains("(reasons/CALL_NOT_FOUND.md)"), "{llms}");
    // A reason page says what `explain` says, in its order: meaning, fix
    // and retry; what the server does; the page's text; routes and sources.
    let page =
        String::from_utf8_lossy(&first[Path::new("reasons/FLOW_NOT_FOUND.html")]).into_owned();
    assert!(page.contains("<html lang=\"en\">"));
    let page = &page[page.find("<main").expect("main")..];
    let at = |text: &str| page.find(text).unwrap_or_else(|| panic!("{text}: {page}"));
    let order = [
        at("Cause"),
        at("403 PERMISSION_DENIED"),
        at("Fix"),
        at("Retry"),
        at("What the server does"),
        at("What the published page says"),
        at("Routes and sources"),
        at("Sent by"),
        at("Source"),
    ];
    assert!(order.is_sorted(), "{order:?}: {page}");
    assert!(page.contains("../endpoints/get-flows-id.html"));
    // An endpoint page: what it answers before the server's code and its sources.
    let page = String::from_utf8_lossy(&first[Path::new("endpoints/post-calls.html")]).into_owned();
    let page = &page[page.find("<main").expect("main")..];
    let at = |text: &str| page.find(text).unwrap_or_else(|| panic!("{text}: {page}"));
    let order = [
        at("POST /v1.0/calls"),
        at("IDENTITY_VERIFICATION_REQUIRED"),
        at("id=\"server\""),
        at("calls.go:"),
    ];
    assert!(order.is_sorted(), "{order:?}: {page}");
    assert!(!page.contains("Fired by POST /numbers"), "{page}");
    // A route only the page names: not served, and the nearest served routes.
    let page =
        String::from_utf8_lossy(&first[Path::new("endpoints/post-contacts-id-phone-numbers.html")])
            .into_owned();
    assert!(
        page.contains("The server serves no such route") && page.contains("Did you mean"),
        "{page}"
    );
    assert!(
        page.contains("POST /v1.0/contacts/{id}/addresses"),
        "{page}"
    );
}

#[test]
fn no_page_has_a_broken_link_anchor_or_external_request() {
    let dir = tempfile::tempdir().expect("dir");
    build(dir.path());
    let all = files(dir.path());
    let ids: BTreeMap<&PathBuf, BTreeSet<String>> = all
        .iter()
        .map(|(path, bytes)| {
            let text = String::from_utf8_lossy(bytes);
            (path, attribute_values(&text, "id").into_iter().collect())
        })
        .collect();
    let mut checked = 0;
    for (path, bytes) in &all {
        let text = String::from_utf8_lossy(bytes);
        let targets = match path.extension().and_then(|e| e.to_str()) {
            Some("html") => {
                let mut t = attribute_values(&text, "href");
                t.extend(attribute_values(&text, "src"));
                t
            }
            Some("md") => markdown_links(&text),
            _ => continue,
        };
        for target in targets {
            assert!(
                !target.contains("://") && !target.starts_with("//"),
                "{}: external {target}",
                path.display()
            );
            let (file, anchor) = target.split_once('#').unwrap_or((&target, ""));
            let resolved = if file.is_empty() {
                path.clone()
            } else {
                let joined = path.parent().unwrap_or(Path::new("")).join(file);
                let mut clean = PathBuf::new();
                for part in joined.components() {
                    match part {
                        std::path::Component::ParentDir => {
                            assert!(clean.pop(), "{}: {target} leaves the site", path.display());
                        }
                        other => clean.push(other),
                    }
                }
                clean
            };
            assert!(
                all.contains_key(&resolved),
                "{}: broken link {target}",
                path.display()
            );
            if !anchor.is_empty() && resolved.extension().is_some_and(|e| e == "html") {
                assert!(
                    ids[&resolved].contains(anchor),
                    "{}: no #{anchor} in {}",
                    path.display(),
                    resolved.display()
                );
            }
            checked += 1;
        }
    }
    assert!(checked > 5_000, "{checked} links checked");
}

#[test]
fn an_unwritable_directory_is_one_sentence_and_exit_2() {
    let dir = tempfile::tempdir().expect("dir");
    let file = dir.path().join("a-file");
    std::fs::write(&file, "x").expect("write");
    let out = voiperr()
        .args(["site", "--out"])
        .arg(file.join("site"))
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.starts_with("error: cannot write the site into"),
        "{stderr}"
    );
    assert_eq!(stderr.trim_end().lines().count(), 1, "{stderr}");
}

#[test]
fn links_inside_the_directory_are_never_written_through() {
    let root = tempfile::tempdir().expect("tempdir");
    let outside = root.path().join("outside");
    std::fs::create_dir_all(outside.join("elsewhere")).expect("mkdir");
    std::fs::write(outside.join("target.html"), "KEEP").expect("write");
    let site = root.path().join("site");
    std::fs::create_dir(&site).expect("mkdir");
    // A link where a page goes: replaced by the page, its target untouched.
    std::os::unix::fs::symlink(outside.join("target.html"), site.join("index.html")).expect("link");
    build(&site);
    assert_eq!(
        std::fs::read_to_string(outside.join("target.html")).expect("read"),
        "KEEP"
    );
    let index = std::fs::symlink_metadata(site.join("index.html")).expect("index");
    assert!(index.file_type().is_file(), "{index:?}");
    assert!(
        std::fs::read_to_string(site.join("index.html"))
            .expect("read")
            .contains("<html")
    );
    // A link where a folder goes: refused, nothing written outside.
    let site = root.path().join("site2");
    std::fs::create_dir(&site).expect("mkdir");
    std::os::unix::fs::symlink(outside.join("elsewhere"), site.join("codes")).expect("link");
    let out = voiperr()
        .args(["site", "--out"])
        .arg(&site)
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("codes is a symbolic link") && stderr.lines().count() == 1,
        "{stderr}"
    );
    assert_eq!(
        std::fs::read_dir(outside.join("elsewhere"))
            .expect("read")
            .count(),
        0
    );
    // No file left behind on the way.
    assert!(std::fs::read_dir(&site).expect("read").all(|e| {
        !e.expect("entry")
            .file_name()
            .to_string_lossy()
            .contains(".voiperr-")
    }));
}

fn browser_ready() -> bool {
    Path::new("/usr/bin/chromium").exists()
        && Process::new("python3")
            .args(["-c", "import selenium"])
            .status()
            .is_ok_and(|s| s.success())
}

/// Runs a script of tests/site on a site just built, with `args` after the
/// site's directory; its report, after checking it passed.
fn in_the_browser(script: &str, args: &[&std::ffi::OsStr]) -> String {
    assert!(
        browser_ready(),
        "headless Chromium and Selenium are required: apt-get install chromium chromium-driver; python3 -m pip install selenium (scripts/test does)"
    );
    let dir = tempfile::tempdir().expect("dir");
    build(dir.path());
    let script = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/site")
        .join(script);
    let out = Process::new("python3")
        .arg(script)
        .arg(dir.path())
        .args(args)
        .output()
        .expect("python3 runs");
    let report = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "{report}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    report
}

#[test]
fn the_site_works_in_a_real_browser() {
    let shots = tempfile::tempdir().expect("dir");
    let report = in_the_browser("browser.py", &[shots.path().as_os_str()]);
    assert!(report.contains("0 failed"), "{report}");
    assert!(shots.path().join("site-reason-390.png").exists());
}

/// The site's search box answers the shared queries (tests/site/queries.txt)
/// as `voiperr endpoint`, `explain` and `search` do, in Chromium.
#[test]
fn the_sites_search_answers_as_the_cli_does() {
    let queries = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/site/queries.txt");
    let shared = std::fs::read_to_string(&queries).expect("queries");
    let count = shared
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .count();
    assert!(count >= 40, "{count} queries");
    let voiperr = assert_cmd::cargo::cargo_bin!("voiperr");
    let report = in_the_browser("search.py", &[voiperr.as_os_str(), queries.as_os_str()]);
    assert!(
        report.contains(&format!("{count} passed, 0 failed")),
        "{report}"
    );
}

const ENVELOPE: &str = "HTTP/1.1 404 Not Found\r\n\r\n{\"error\":{\"status\":\"NOT_FOUND\",\"reason\":\"CALL_NOT_FOUND\",\"message\":\"m\",\"request_id\":\"r\"}}\n";

/// The `doc_url` of every record in one command's JSON output.
fn doc_urls(args: &[&str], env: Option<&str>) -> Vec<Option<String>> {
    let mut command = voiperr();
    command.env_remove("VOIPERR_DOCS_URL");
    if let Some(base) = env {
        command.env("VOIPERR_DOCS_URL", base);
    }
    let out = command
        .args(args)
        .write_stdin(ENVELOPE)
        .output()
        .expect("runs");
    let text = String::from_utf8_lossy(&out.stdout);
    let mut urls = Vec::new();
    for value in serde_json::Deserializer::from_str(&text).into_iter::<serde_json::Value>() {
        let value = value.expect("JSON");
        let records: Vec<&serde_json::Value> = match &value {
            serde_json::Value::Array(items) => items.iter().collect(),
            v if v.get("reasons").is_some_and(serde_json::Value::is_array)
                && v.get("kind").is_none() =>
            {
                let mut r = vec![v];
                r.extend(v["reasons"].as_array().into_iter().flatten());
                r
            }
            v => vec![v],
        };
        urls.extend(
            records
                .into_iter()
                .map(|r| r.get("doc_url").and_then(|u| u.as_str()).map(str::to_owned)),
        );
    }
    urls
}

#[test]
fn a_docs_url_puts_each_records_page_in_json_and_a_see_line_in_text() {
    let site = tempfile::tempdir().expect("dir");
    build(site.path());
    let base = "https://docs.example.org/voiperr/";
    let page_of = |url: &str| {
        let path = url.strip_prefix(base).expect("under the base");
        assert!(
            site.path().join(path).exists(),
            "{url} is not a page of the site"
        );
    };
    for args in [
        &["explain", "--json", "CALL_NOT_FOUND", "409"][..],
        &["list", "--json", "--resource", "call"],
        &["search", "--json", "balance"],
        &["diagnose", "--json"],
    ] {
        let urls = doc_urls(args, Some(base));
        assert!(!urls.is_empty(), "{args:?}");
        for url in urls.iter().flatten() {
            page_of(url);
        }
        let reason_records = urls.iter().filter(|u| u.is_some()).count();
        assert!(reason_records > 0, "{args:?}: {urls:?}");
    }
    let urls = doc_urls(
        &[
            "endpoint",
            "--json",
            "GET",
            "/flows/6f1c5a52-0f5f-4c7e-9a59-1a2b3c4d5e6f",
        ],
        Some(base),
    );
    assert_eq!(
        urls[0].as_deref(),
        Some("https://docs.example.org/voiperr/endpoints/get-flows-id.html")
    );
    page_of(urls[0].as_deref().expect("url"));
    // The flag wins over the environment.
    let urls = doc_urls(
        &[
            "--docs-url",
            "https://flag.example/",
            "explain",
            "--json",
            "CALL_NOT_FOUND",
        ],
        Some(base),
    );
    assert_eq!(
        urls[0].as_deref(),
        Some("https://flag.example/reasons/CALL_NOT_FOUND.html")
    );
    // Text: a See line.
    for args in [
        &["explain", "CALL_NOT_FOUND"][..],
        &["explain", "404"],
        &["endpoint", "GET", "/flows/{id}"],
        &["diagnose"],
    ] {
        let out = voiperr()
            .env("VOIPERR_DOCS_URL", base)
            .args(args)
            .write_stdin(ENVELOPE)
            .output()
            .expect("runs");
        let text = String::from_utf8_lossy(&out.stdout);
        let see = text
            .lines()
            .find_map(|l| l.trim_start().strip_prefix("See    "))
            .unwrap_or_else(|| panic!("{args:?}: no See line:\n{text}"));
        page_of(see.trim());
    }
}

#[test]
fn without_a_docs_url_nothing_names_a_host() {
    for args in [
        &["explain", "--json", "CALL_NOT_FOUND", "409"][..],
        &["list", "--json"],
        &["endpoint", "--json", "GET", "/flows/{id}"],
        &["diagnose", "--json"],
    ] {
        assert!(doc_urls(args, None).iter().all(Option::is_none), "{args:?}");
        assert!(
            doc_urls(args, Some("")).iter().all(Option::is_none),
            "{args:?}"
        );
    }
    let out = voiperr()
        .env_remove("VOIPERR_DOCS_URL")
        .args(["explain", "CALL_NOT_FOUND"])
        .output()
        .expect("runs");
    assert!(!String::from_utf8_lossy(&out.stdout).contains("See "));
    // Not a URL, or one of a scheme voiperr does not support: one sentence,
    // exit 2, from the flag or the environment.
    for (flag, env, said) in [
        (Some("docs.example.org"), None, "is not a URL"),
        (None, Some("ftp://x"), "the ftp scheme is not supported"),
    ] {
        let mut command = voiperr();
        if let Some(env) = env {
            command.env("VOIPERR_DOCS_URL", env);
        }
        if let Some(flag) = flag {
            command.args(["--docs-url", flag]);
        }
        let out = command
            .args(["explain", "CALL_NOT_FOUND"])
            .output()
            .expect("runs");
        assert_eq!(out.status.code(), Some(2));
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains(said), "{stderr}");
        assert!(out.stdout.is_empty());
    }
}

#[test]
fn mcp_results_carry_the_doc_url_too() {
    let requests = [
        r#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}"#,
        r#"{"jsonrpc":"2.0","method":"notifications/initialized"}"#,
        r#"{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"explain_reason","arguments":{"reason":"CALL_NOT_FOUND"}}}"#,
    ]
    .join("\n")
        + "\n";
    let out = voiperr()
        .env("VOIPERR_DOCS_URL", "https://docs.example.org/voiperr")
        .arg("mcp")
        .write_stdin(requests)
        .output()
        .expect("runs");
    let text = String::from_utf8_lossy(&out.stdout);
    let answer: serde_json::Value = text
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .find(|v| v["id"] == 2)
        .unwrap_or_else(|| panic!("no answer: {text}"));
    let entry = &answer["result"]["structuredContent"]["entries"][0];
    assert_eq!(
        entry["doc_url"],
        "https://docs.example.org/voiperr/reasons/CALL_NOT_FOUND.html"
    );
}
