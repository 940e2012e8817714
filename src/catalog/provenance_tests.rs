//! Proves `data/catalog.json` says what its sources say: every reason, HTTP
//! code, section, endpoint, cause and fix of the published page, and every
//! row of the unpublished-reasons TSV, with nothing invented.

use std::collections::{BTreeSet, HashMap};
use std::fs;
use std::path::Path;

use super::source::{CatalogSource, ReasonSource, RuleFileSource, validate, validate_rules};

const PAGE: &str = "data/source/restful_api_errors.rst";
const TSV: &str = "data/source/unpublished-reasons.tsv";
const BEHAVIOUR: &str = "data/source/server-behaviour.md";

fn read(path: &str) -> String {
    fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(path))
        .unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn catalog() -> CatalogSource {
    serde_json::from_str(&read("data/catalog.json")).expect("catalog parses")
}

/// One row of a list-table on the page.
struct PageRow {
    reason: String,
    http: u16,
    section_title: String,
    /// The "Cause → Fix" cell, with inline markup removed.
    text: String,
    /// `METHOD /path` code spans in the cell.
    endpoints: Vec<String>,
}

fn plain(text: &str) -> String {
    text.replace("``", "")
        .replace("**Fix:**", "")
        .replace("**", "")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn code_endpoints(cell: &str) -> Vec<String> {
    cell.split("``")
        .skip(1)
        .step_by(2)
        .filter(|span| {
            ["GET /", "POST /", "PUT /", "DELETE /", "PATCH /"]
                .iter()
                .any(|m| span.starts_with(m))
        })
        .map(str::to_owned)
        .collect()
}

fn page_rows() -> Vec<PageRow> {
    let page = read(PAGE);
    let lines: Vec<&str> = page.lines().collect();
    let mut rows = Vec::new();
    let mut section = String::new();
    for (i, line) in lines.iter().enumerate() {
        let underline = lines.get(i + 1).is_some_and(|n| {
            !n.is_empty() && (n.chars().all(|c| c == '^') || n.chars().all(|c| c == '-'))
        });
        if underline && !line.trim().is_empty() && !line.starts_with(' ') {
            section = (*line).to_owned();
        }
        if let Some(name) = line.strip_prefix("   * - ``") {
            let reason = name.trim_end_matches("``").to_owned();
            let http = lines[i + 1]
                .trim()
                .trim_start_matches("- ")
                .parse()
                .expect("HTTP code");
            let cell = lines[i + 2].trim().trim_start_matches("- ");
            rows.push(PageRow {
                reason,
                http,
                section_title: section.clone(),
                text: plain(cell),
                endpoints: code_endpoints(cell),
            });
        }
    }
    rows
}

fn sentences(text: &str) -> Vec<&str> {
    text.split(". ")
        .map(|s| s.trim().trim_end_matches('.'))
        .filter(|s| !s.is_empty())
        .collect()
}

#[test]
fn the_catalog_passes_its_own_checks() {
    assert_eq!(validate(&catalog()), Vec::<String>::new());
}

#[test]
fn the_validator_names_the_bad_entry() {
    let mut bad = catalog();
    bad.reasons[0].http = 418;
    bad.reasons[1].resource = "nowhere".into();
    bad.reasons[2].fix = " ".into();
    let dup = ReasonSource { ..serde_json::from_value(serde_json::to_value(serde_json::json!({
        "reason": bad.reasons[3].reason, "http": 404, "status": "NOT_FOUND", "resource": "call",
        "cause": "c", "fix": "f", "endpoints": [], "notes": [], "aliases": ["CALL_ALREADY_ENDED"], "published": true
    })).expect("json")).expect("reason") };
    bad.reasons.push(dup);
    let problems = validate(&bad).join("\n");
    let first = &bad.reasons[0].reason;
    assert!(
        problems.contains(&format!("reason `{first}`: HTTP 418 does not match")),
        "{problems}"
    );
    assert!(problems.contains("unknown section `nowhere`"), "{problems}");
    assert!(
        problems.contains(&format!("reason `{}`: empty fix", bad.reasons[2].reason)),
        "{problems}"
    );
    assert!(
        problems.contains(&format!(
            "reason `{}`: duplicate reason",
            bad.reasons[3].reason
        )),
        "{problems}"
    );
    assert!(
        problems.contains("duplicate alias `CALL_ALREADY_ENDED`"),
        "{problems}"
    );
}

#[test]
fn every_published_reason_matches_the_page() {
    let catalog = catalog();
    let rows = page_rows();
    assert_eq!(rows.len(), 77, "the page has 77 reasons");
    let titles: HashMap<&str, &str> = catalog
        .sections
        .iter()
        .map(|s| (s.key.as_str(), s.title.as_str()))
        .collect();
    let published: Vec<&ReasonSource> = catalog.reasons.iter().filter(|r| r.published).collect();
    let page_names: BTreeSet<&str> = rows.iter().map(|r| r.reason.as_str()).collect();
    let data_names: BTreeSet<&str> = published.iter().map(|r| r.reason.as_str()).collect();
    assert_eq!(
        page_names, data_names,
        "published reasons differ from the page"
    );

    for row in &rows {
        let entry = published
            .iter()
            .find(|r| r.reason == row.reason)
            .expect("checked above");
        let name = &row.reason;
        assert_eq!(entry.http, row.http, "{name}: HTTP");
        assert_eq!(
            titles[entry.resource.as_str()],
            row.section_title,
            "{name}: section"
        );
        // Nothing invented, nothing lost: endpoints.
        for endpoint in &entry.endpoints {
            assert!(
                row.endpoints.contains(endpoint),
                "{name}: endpoint {endpoint} is not on the page"
            );
        }
        let fix = plain(&entry.fix);
        for endpoint in &row.endpoints {
            assert!(
                entry.endpoints.contains(endpoint) || fix.contains(endpoint.as_str()),
                "{name}: endpoint {endpoint} from the page is missing"
            );
        }
        // Cause, fix and notes are the page's own sentences, and together hold all of them.
        let mut ours: Vec<String> = vec![entry.cause.clone()];
        if entry.fix_origin.is_none() {
            ours.push(entry.fix.clone());
        }
        ours.extend(entry.notes.iter().cloned());
        for text in &ours {
            for sentence in sentences(text) {
                assert!(
                    row.text.contains(sentence),
                    "{name}: '{sentence}' is not on the page"
                );
            }
        }
        let joined = ours.join(" ");
        for sentence in sentences(&row.text) {
            assert!(
                joined.contains(sentence),
                "{name}: the page's '{sentence}' is missing"
            );
        }
    }
}

#[test]
fn every_unpublished_reason_matches_the_tsv() {
    let catalog = catalog();
    let tsv = read(TSV);
    let mut lines = tsv.lines();
    assert_eq!(
        lines.next(),
        Some("reason\tstatus\thttp\tendpoints\tcause\tfix\tsource")
    );
    let mut seen = 0;
    for line in lines {
        let cols: Vec<&str> = line.split('\t').collect();
        let [reason, status, http, endpoints, cause, fix, _source] = cols[..] else {
            panic!("bad TSV row {line}")
        };
        seen += 1;
        let entry = catalog
            .reasons
            .iter()
            .find(|r| r.reason == reason)
            .unwrap_or_else(|| panic!("{reason} missing"));
        assert!(!entry.published, "{reason}: must be marked unpublished");
        assert_eq!(entry.status, status, "{reason}: status");
        assert_eq!(entry.http.to_string(), http, "{reason}: HTTP");
        assert_eq!(entry.cause, cause, "{reason}: cause");
        let listed: BTreeSet<String> = endpoints
            .split([';', ','])
            .flat_map(|part| part.split(" and "))
            .filter_map(|part| {
                let part = part.trim().trim_start_matches("also ");
                let (method, rest) = part.split_once(' ')?;
                let path = rest.split_whitespace().next()?;
                ["GET", "POST", "PUT", "DELETE"]
                    .contains(&method)
                    .then(|| format!("{method} {}", path.trim_start_matches("/v1.0")))
            })
            .collect();
        let ours: BTreeSet<String> = entry.endpoints.iter().cloned().collect();
        assert_eq!(ours, listed, "{reason}: endpoints");
        if let Some(known) = fix.strip_prefix("unclear") {
            assert_eq!(
                entry.fix_origin.as_deref(),
                Some("voiperr"),
                "{reason}: an unclear fix is ours"
            );
            assert!(
                entry.fix.contains("request_id"),
                "{reason}: an unclear fix sends the user to support"
            );
            let known = known.trim().trim_start_matches('(').trim_end_matches(')');
            assert!(
                entry.fix.contains(known),
                "{reason}: what is known must stay"
            );
        } else if let Some(known) = fix.strip_suffix("; otherwise unclear.") {
            assert!(
                entry.fix.starts_with(known) && entry.fix.contains("request_id"),
                "{reason}: fix"
            );
        } else {
            assert_eq!(entry.fix, fix, "{reason}: fix");
        }
    }
    assert_eq!(seen, 50);
    assert_eq!(
        catalog.reasons.iter().filter(|r| !r.published).count(),
        50,
        "no unpublished reason beyond the TSV"
    );
}

#[test]
fn the_bundled_sources_are_the_shared_ones() {
    // CI and developers have ../shared beside the checkout; a lone clone does not.
    let shared = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/catalog-source");
    if !shared.is_dir() {
        return;
    }
    for (ours, theirs) in [
        (PAGE, "restful_api_errors.rst"),
        (TSV, "unpublished-reasons.tsv"),
        ("data/source/field-notes.md", "field-notes.md"),
        (BEHAVIOUR, "server-behaviour.md"),
        ("data/source/SOURCE-README.md", "README.md"),
    ] {
        let theirs = fs::read_to_string(shared.join(theirs)).expect("shared source");
        assert_eq!(
            read(ours),
            theirs,
            "{ours} differs from ../shared/catalog-source: copy it again and re-check the catalog"
        );
    }
}

/// The rows of the Markdown table under the heading that starts with `heading`.
fn table_rows<'a>(text: &'a str, heading: &str) -> Vec<Vec<&'a str>> {
    let start = text
        .find(heading)
        .unwrap_or_else(|| panic!("no section {heading}"));
    text[start..]
        .lines()
        .skip(1)
        .skip_while(|l| !l.starts_with('|'))
        .take_while(|l| l.starts_with('|'))
        .filter(|l| !l.starts_with("| ---"))
        .skip(1)
        .map(|l| l.trim_matches('|').split(" | ").map(str::trim).collect())
        .collect()
}

/// The inline code spans of a Markdown text.
fn spans(text: &str) -> Vec<&str> {
    text.split('`').skip(1).step_by(2).collect()
}

/// The paths a code span names (`GET`/`PUT`/`DELETE /x/{id}` gives `/x/{id}`).
fn span_path(span: &str) -> Option<&str> {
    let path = span.rsplit(' ').next()?;
    let file = path.ends_with(".go");
    (path.starts_with('/') || (path.starts_with("...") && !file)).then_some(path)
}

/// Whether some rule about `reason` (or one of its endpoints) covers `path`,
/// answering `http` when given.
fn rule_covers(reason: &str, endpoints: &[String], path: &str, http: Option<u16>) -> bool {
    let about = crate::rules::about(reason);
    if let Some(rest) = path.strip_prefix("...") {
        // `.../talk_chats/{id}/join`: a path the notes abbreviate.
        return about
            .iter()
            .any(|r| r.paths().iter().any(|p| p.ends_with(rest)));
    }
    let concrete = path.replace("...", "x");
    let Some(request) = crate::endpoint::Request::parse(&concrete) else {
        return false;
    };
    endpoints.iter().any(|e| request.matches(e))
        || about.iter().any(|rule| {
            rule.covers(&request)
                && http.is_none_or(|h| rule.http().is_empty() || rule.http().contains(&h))
        })
}

#[test]
fn every_correction_of_the_server_behaviour_notes_is_in_the_data() {
    let notes = read(BEHAVIOUR);
    let catalog = catalog();
    let by_name: HashMap<&str, &ReasonSource> = catalog
        .reasons
        .iter()
        .map(|r| (r.reason.as_str(), r))
        .collect();
    let rules = crate::rules::rules();
    let server_files: Vec<String> = catalog
        .reasons
        .iter()
        .filter_map(|r| r.server.as_ref().map(|s| s.source.clone()))
        .chain(
            rules
                .iter()
                .filter_map(|r| r.source().file().map(str::to_owned)),
        )
        .collect();

    // The ended call: each row's request and code is a rule about CALL_ALREADY_HANGUP.
    for row in table_rows(&notes, "## The user's own example") {
        let path = spans(row[0])
            .into_iter()
            .find_map(span_path)
            .expect("a path");
        let http: u16 = row[1]
            .split(|c: char| !c.is_ascii_digit())
            .find(|w| w.len() == 3)
            .and_then(|w| w.parse().ok())
            .expect("a code");
        assert!(
            rule_covers("CALL_ALREADY_HANGUP", &[], path, Some(http)),
            "no rule about CALL_ALREADY_HANGUP says {path} answers {http}"
        );
    }
    assert!(!by_name["CALL_ALREADY_HANGUP"].emitted);

    // Published reasons: never sent, the endpoints they name, their server files.
    for row in table_rows(&notes, "## Published reasons: corrections") {
        let name = spans(row[0])[0];
        let reason = by_name
            .get(name)
            .unwrap_or_else(|| panic!("{name} not in the catalog"));
        let server = reason
            .server
            .as_ref()
            .unwrap_or_else(|| panic!("{name}: no server block"));
        let text = row[1];
        let endpoints: Vec<String> = reason
            .endpoints
            .iter()
            .chain(&server.endpoints)
            .cloned()
            .collect();
        if text.contains("ever sent") || text.contains("Never reaches") {
            assert!(
                !reason.emitted,
                "{name} is never sent: mark it emitted: false"
            );
        }
        for span in spans(text) {
            if let Some(path) = span_path(span) {
                assert!(
                    rule_covers(name, &endpoints, path, None),
                    "{name}: nothing in the data about {span}"
                );
            } else if span.starts_with("bin-") || span.starts_with("...") || span.ends_with(".go") {
                let file = span.rsplit('/').next().unwrap_or(span);
                assert!(
                    server_files.iter().any(|f| f.contains(file)),
                    "{name}: the source file {span} is cited nowhere"
                );
            }
        }
    }

    // `/v1.0/auth/…` answers 404 ROUTE_NOT_FOUND.
    let v1 = crate::endpoint::Request::parse("POST /v1.0/auth/signup").expect("parses");
    assert!(rules.iter().any(|r| {
        r.covers(&v1) && r.http() == [404] && r.reasons().iter().eq(["ROUTE_NOT_FOUND"])
    }));

    // Aliases that mislead are no one's alias; they are listed as ambiguous.
    for row in table_rows(&notes, "## Aliases that mislead") {
        for alias in spans(row[0]) {
            if by_name.contains_key(alias) {
                continue; // the target, not the alias
            }
            assert!(
                catalog
                    .reasons
                    .iter()
                    .all(|r| !r.aliases.iter().any(|a| a == alias)),
                "{alias} is still an alias"
            );
            assert!(
                catalog.ambiguous.iter().any(|a| a.name == alias),
                "{alias} is not listed as ambiguous"
            );
        }
    }

    // The reasons that reach no REST caller are not in the catalog.
    let start = notes
        .find("## Reasons the server builds that reach no")
        .expect("section");
    let end = notes[start..]
        .find("\n## ")
        .map_or(notes.len(), |e| start + e + 1);
    for name in spans(&notes[start..end]) {
        let name = name.trim_end_matches('*').trim_end_matches('_');
        assert!(
            !catalog.reasons.iter().any(|r| r.reason.starts_with(name)),
            "{name} reaches no caller and must not be in the catalog"
        );
    }
}

#[test]
fn the_rule_validator_names_the_bad_rule() {
    let catalog = catalog();
    let real: RuleFileSource =
        serde_json::from_str(&read("data/field-notes.json")).expect("field notes parse");
    assert!(validate_rules(&real, &catalog).is_empty());
    let bad: RuleFileSource = serde_json::from_str(
        r#"{"rules": [
            {"id": "x", "paths": ["calls"], "says": "", "next": "n", "retry": "maybe",
             "about": ["NOPE"], "kind": "success", "http": [404],
             "source": {"notes": "elsewhere.md", "commit": "1"}},
            {"id": "x", "methods": ["FETCH"], "says": "s", "next": "n",
             "source": {"notes": "field-notes.md", "commit": "2bf22fa4"}}
        ]}"#,
    )
    .expect("parses");
    let problems = validate_rules(&bad, &catalog).join("\n");
    for expected in [
        "rule `x`: path `calls` must start with `/`",
        "rule `x`: empty says or next",
        "rule `x`: unknown retry `maybe`",
        "rule `x`: about unknown reason `NOPE`",
        "rule `x`: a success answers 2xx",
        "rule `x`: source must be",
        "rule `x`: duplicate id",
        "rule `x`: must name a path or a reason",
        "rule `x`: unknown method `FETCH`",
    ] {
        assert!(problems.contains(expected), "{expected}:\n{problems}");
    }
}

/// Every cite in the data holds its quote at the server commit: the index
/// (`scripts/index-server`, which fails on a cite whose line lacks its
/// quote) records each cited line, and no line it records is cited by
/// nothing.
#[test]
fn every_cite_of_the_data_holds_its_quote_in_the_servers_source() {
    let index: serde_json::Value =
        serde_json::from_str(&read("data/server-index.json")).expect("the index parses");
    let lines = index["cited"].as_object().expect("cited lines");
    let catalog = catalog();
    let rules: RuleFileSource =
        serde_json::from_str(&read("data/field-notes.json")).expect("field notes parse");
    let cites: Vec<(&str, &super::source::Cite)> = catalog
        .reasons
        .iter()
        .flat_map(|r| r.cites.iter().map(move |c| (r.reason.as_str(), c)))
        .chain(
            rules
                .rules
                .iter()
                .flat_map(|r| r.cites.iter().map(move |c| (r.id.as_str(), c))),
        )
        .collect();
    assert!(cites.len() >= 15, "{}", cites.len());
    for (owner, cite) in &cites {
        let line = lines
            .get(&cite.at)
            .and_then(serde_json::Value::as_str)
            .unwrap_or_else(|| {
                panic!(
                    "{owner}: {} is not in the index: run scripts/index-server",
                    cite.at
                )
            });
        assert!(
            line.contains(&cite.quote),
            "{owner}: {} reads {line:?}, not {:?}",
            cite.at,
            cite.quote
        );
    }
    for at in lines.keys() {
        assert!(
            cites.iter().any(|(_, c)| &c.at == at),
            "the index records {at}, which nothing cites: run scripts/index-server"
        );
    }
    // Every server line a reason's note names is one it cites, so checked.
    for reason in &catalog.reasons {
        let note = reason.field_note.as_deref().unwrap_or_default();
        for word in note.split([' ', '(', ')', ',']) {
            let at = word.trim_end_matches(['.', ';', ':']);
            if at.starts_with("bin-") && at.contains(".go:") {
                assert!(
                    reason.cites.iter().any(|c| c.at == at),
                    "{}: the note names {at}, which it does not cite",
                    reason.reason
                );
            }
        }
    }
}
