//! Checks `data/catalog.json` and compiles it into static tables, so the binary
//! reads nothing from disk and a bad entry fails the build by name.

use std::fmt::Write as _;
use std::path::Path;
use std::{env, fs, process};

#[path = "src/status.rs"]
#[allow(dead_code)]
mod status;

#[path = "src/catalog/source.rs"]
mod source;

#[path = "src/request_path.rs"]
#[allow(dead_code)]
mod request_path;

use source::{BODY_KINDS, CatalogSource, PRESENCES, RULE_KINDS, RuleFileSource};
use status::Status;

const CATALOG: &str = "data/catalog.json";
const RULES: &str = "data/field-notes.json";
const SERVER_INDEX: &str = "data/server-index.json";
const SECRET_KEYS: &str = "data/secret-keys.tsv";
const SECRET_TOKENS: &str = "data/secret-tokens.tsv";

fn main() {
    println!("cargo::rerun-if-changed={CATALOG}");
    let text = fs::read_to_string(CATALOG)
        .unwrap_or_else(|e| fail(&format!("cannot read {CATALOG}: {e}")));
    let catalog: CatalogSource = serde_json::from_str(&text)
        .unwrap_or_else(|e| fail(&format!("{CATALOG} is malformed: {e}")));
    let problems = source::validate(&catalog);
    if !problems.is_empty() {
        fail(&format!(
            "{CATALOG} is inconsistent:\n  {}",
            problems.join("\n  ")
        ));
    }
    // The routes the server serves and what each answers (scripts/index-server).
    println!("cargo::rerun-if-changed={SERVER_INDEX}");
    let text = fs::read_to_string(SERVER_INDEX)
        .unwrap_or_else(|e| fail(&format!("cannot read {SERVER_INDEX}: {e}")));
    let index: serde_json::Value = serde_json::from_str(&text)
        .unwrap_or_else(|e| fail(&format!("{SERVER_INDEX} is malformed: {e}")));
    let routes = server_routes(&index);
    // The catalog's short name (`short_name()`) names one server commit for both.
    let index_commit = index_text(&index, "commit");
    if index_commit != catalog.source.server_commit {
        fail(&format!(
            "{SERVER_INDEX} was made at server commit {index_commit}, {CATALOG} read at {}: run scripts/index-server at the catalog's commit",
            catalog.source.server_commit
        ));
    }

    let out_dir = env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    let out = Path::new(&out_dir).join("catalog_data.rs");
    let unsent: Vec<String> = index["unsent"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|u| index_text(u, "reason"))
        .collect();
    fs::write(&out, generate(&catalog, &routes, &unsent))
        .unwrap_or_else(|e| fail(&format!("cannot write {}: {e}", out.display())));

    // The field notes are compiled in too: nothing is parsed at run time.
    println!("cargo::rerun-if-changed={RULES}");
    let text =
        fs::read_to_string(RULES).unwrap_or_else(|e| fail(&format!("cannot read {RULES}: {e}")));
    let rules: RuleFileSource =
        serde_json::from_str(&text).unwrap_or_else(|e| fail(&format!("{RULES} is malformed: {e}")));
    let problems = source::validate_rules(&rules, &catalog);
    if !problems.is_empty() {
        fail(&format!(
            "{RULES} is inconsistent:\n  {}",
            problems.join("\n  ")
        ));
    }
    let out = Path::new(&out_dir).join("rules_data.rs");
    fs::write(&out, generate_rules(&rules))
        .unwrap_or_else(|e| fail(&format!("cannot write {}: {e}", out.display())));

    let out = Path::new(&out_dir).join("server_index_data.rs");
    fs::write(&out, generate_server_index(&index, &routes))
        .unwrap_or_else(|e| fail(&format!("cannot write {}: {e}", out.display())));

    // What redaction masks: keys whose value is a credential, and credential shapes.
    let mut code = String::new();
    for (file, generate) in [
        (
            SECRET_KEYS,
            generate_secret_keys as fn(&[Vec<&str>]) -> String,
        ),
        (SECRET_TOKENS, generate_secret_tokens),
    ] {
        println!("cargo::rerun-if-changed={file}");
        let text =
            fs::read_to_string(file).unwrap_or_else(|e| fail(&format!("cannot read {file}: {e}")));
        let rows: Vec<Vec<&str>> = text
            .lines()
            .filter(|line| !line.starts_with('#') && !line.trim().is_empty())
            .map(|line| line.split('\t').collect())
            .collect();
        if let Some(row) = rows.iter().find(|row| row.len() != 4 && row.len() != 5) {
            fail(&format!("{file}: a row has {} fields: {row:?}", row.len()));
        }
        code.push_str(&generate(&rows));
    }
    let out = Path::new(&out_dir).join("secrets_data.rs");
    fs::write(&out, code).unwrap_or_else(|e| fail(&format!("cannot write {}: {e}", out.display())));
}

/// `data/secret-keys.tsv` as `SECRET_KEYS`: key, shape, what, reference.
fn generate_secret_keys(rows: &[Vec<&str>]) -> String {
    let mut code = String::from("pub static SECRET_KEYS: &[(&str, KeyShape)] = &[\n");
    for row in rows {
        let [key, shape, what, reference] = row.as_slice() else {
            fail(&format!(
                "{SECRET_KEYS}: {row:?} is not key, shape, what, reference"
            ));
        };
        let shape = match *shape {
            "suffix" => "Suffix",
            "whole" => "Whole",
            "query" => "Query",
            "contains" => "Contains",
            "guarded" => "Guarded",
            "user" => "UserOption",
            other => fail(&format!("{SECRET_KEYS}: {key}: unknown shape {other:?}")),
        };
        let letters = key.trim_start_matches('-');
        if !letters.ends_with(|c: char| c.is_ascii_alphabetic())
            || !letters
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
            || (shape == "UserOption") != key.starts_with('-')
        {
            fail(&format!(
                "{SECRET_KEYS}: {key:?} must be letters, digits, _ and -, end in a letter, and start with - exactly when it is an option"
            ));
        }
        if what.trim().is_empty()
            || !(reference.starts_with("gitleaks ") || reference.starts_with("detect-secrets "))
        {
            fail(&format!(
                "{SECRET_KEYS}: {key}: say what it is and cite a gitleaks or detect-secrets rule"
            ));
        }
        let _ = writeln!(code, "    ({key:?}, KeyShape::{shape}),");
    }
    code.push_str("];\n");
    code
}

/// `data/secret-tokens.tsv` as `SECRET_TOKENS`: prefix, alphabet, min, what, reference.
fn generate_secret_tokens(rows: &[Vec<&str>]) -> String {
    let mut code = String::from("pub static SECRET_TOKENS: &[TokenShape] = &[\n");
    for row in rows {
        let [prefix, alphabet, min, what, reference] = row.as_slice() else {
            fail(&format!(
                "{SECRET_TOKENS}: {row:?} is not prefix, alphabet, min, what, reference"
            ));
        };
        if prefix.is_empty() || !prefix.bytes().all(|b| b.is_ascii_graphic()) {
            fail(&format!(
                "{SECRET_TOKENS}: the prefix {prefix:?} must be printable ASCII"
            ));
        }
        if what.trim().is_empty()
            || !(reference.starts_with("gitleaks ") || reference.starts_with("detect-secrets "))
        {
            fail(&format!(
                "{SECRET_TOKENS}: {prefix}: say what it is and cite a gitleaks or detect-secrets rule"
            ));
        }
        let body = if *alphabet == "pem" {
            if *min != "-" {
                fail(&format!(
                    "{SECRET_TOKENS}: {prefix}: a pem block has no min (-)"
                ));
            }
            "Body::Pem".to_owned()
        } else {
            let min: usize = min.parse().ok().filter(|m| *m > 0).unwrap_or_else(|| {
                fail(&format!(
                    "{SECRET_TOKENS}: {prefix}: min {min:?} is not a positive number"
                ))
            });
            format!(
                "Body::Run {{ alphabet: {:#x}, min: {min} }}",
                character_class(prefix, alphabet)
            )
        };
        let _ = writeln!(
            code,
            "    TokenShape {{ prefix: {prefix:?}, body: {body} }},"
        );
    }
    code.push_str("];\n");
    code
}

/// A class like `A-Za-z0-9_-` as a bit per ASCII character.
fn character_class(prefix: &str, class: &str) -> u128 {
    let chars: Vec<char> = class.chars().collect();
    let mut bits = 0u128;
    let mut i = 0;
    while i < chars.len() {
        let (first, last, used) = if i + 2 < chars.len() && chars[i + 1] == '-' {
            (chars[i], chars[i + 2], 3)
        } else {
            (chars[i], chars[i], 1)
        };
        if !first.is_ascii_graphic() || !last.is_ascii_graphic() || first > last {
            fail(&format!(
                "{SECRET_TOKENS}: {prefix}: {class:?} is not a class of printable ASCII characters"
            ));
        }
        for c in first..=last {
            bits |= 1 << (c as u32);
        }
        i += used;
    }
    bits
}

/// A string field of the server index; a missing one fails the build.
fn index_text(v: &serde_json::Value, key: &str) -> String {
    v[key]
        .as_str()
        .unwrap_or_else(|| fail(&format!("{SERVER_INDEX}: a `{key}` is missing")))
        .to_owned()
}

/// A number field of the server index; a missing one fails the build.
fn index_number(v: &serde_json::Value, key: &str) -> u64 {
    v[key]
        .as_u64()
        .unwrap_or_else(|| fail(&format!("{SERVER_INDEX}: a `{key}` is missing")))
}

fn generate_server_index(index: &serde_json::Value, routes: &[IndexRoute]) -> String {
    let mut code = format!(
        "pub(crate) const SERVER_INDEX_COMMIT: &str = {:?};\npub(crate) const SERVER_PAGE_BLOB: &str = {:?};\npub(crate) static SERVER_ROUTES: &[ServerRoute] = &[\n",
        index_text(index, "commit"),
        index_text(index, "page_blob")
    );
    for route in routes {
        let answers: Vec<String> = route
            .answers
            .iter()
            .map(|a| {
                format!(
                    "ServerAnswer {{ http: {}, reason: {:?}, why: {:?}, file: {:?}, line: {} }}",
                    a.http, a.reason, a.why, a.file, a.line
                )
            })
            .collect();
        let conditions: Vec<String> = route
            .conditions
            .iter()
            .map(|c| {
                format!(
                    "ServerCondition {{ condition: Condition::{}, param: {:?}, traced: {}, http: {}, reason: {:?}, at: {:?}, via: {}, note: {:?} }}",
                    c.condition, c.param, c.traced, c.http, c.reason, c.at, strings(&c.via), c.note
                )
            })
            .collect();
        let _ = writeln!(
            code,
            "    ServerRoute {{ method: {:?}, path: {:?}, segments: {}, versioned: {}, answers: &[{}], conditions: &[{}] }},",
            route.method,
            route.path,
            strings(&route.segments),
            route.versioned,
            answers.join(", "),
            conditions.join(", ")
        );
    }
    code.push_str("];\npub(crate) static SERVER_EDGE: &[(&str, &str, u32)] = &[\n");
    for e in index["edge"].as_array().into_iter().flatten() {
        let _ = writeln!(
            code,
            "    ({:?}, {:?}, {}),",
            index_text(e, "reason"),
            index_text(e, "file"),
            index_number(e, "line")
        );
    }
    code.push_str("];\npub(crate) static SERVER_UNSENT: &[Unsent] = &[\n");
    for u in index["unsent"].as_array().into_iter().flatten() {
        let instead: Vec<String> = u["instead"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|i| {
                format!(
                    "Instead {{ route: {:?}, http: {}, reason: {:?}, at: {:?} }}",
                    index_text(i, "route"),
                    index_number(i, "http"),
                    index_text(i, "reason"),
                    index_text(i, "at")
                )
            })
            .collect();
        let why: Vec<String> = u["why"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|w| w.as_str().map(str::to_owned))
            .collect();
        let _ = writeln!(
            code,
            "    Unsent {{ reason: {:?}, why: {}, instead: &[{}] }},",
            index_text(u, "reason"),
            strings(&why),
            instead.join(", ")
        );
    }
    code.push_str("];\n");
    code
}

/// `Some(Variant)` for a validated value of one of the rule enums.
fn variant(table: &[(&str, &str)], value: &Option<String>, enum_name: &str) -> String {
    match value {
        None => "None".to_owned(),
        Some(v) => {
            let (_, variant) = table.iter().find(|(key, _)| key == v).expect("validated");
            format!("Some({enum_name}::{variant})")
        }
    }
}

fn generate_rules(rules: &RuleFileSource) -> String {
    let mut code = format!(
        "/// `source.notes` of a field note read from the server's code itself.\npub const SERVER_CODE: &str = {:?};\npub(crate) static RULES: &[Rule] = &[\n",
        source::SERVER_CODE
    );
    for r in &rules.rules {
        let kind = variant(&RULE_KINDS, &r.kind, "RuleKind")
            .trim_start_matches("Some(")
            .trim_end_matches(')')
            .replace("None", "RuleKind::Quirk");
        let http: Vec<String> = r.http.iter().map(u16::to_string).collect();
        let _ = writeln!(
            code,
            "    Rule {{ id: {:?}, kind: {kind}, methods: {}, paths: {}, http: &[{}], reasons: {}, body: {}, retry_after: {}, retry: {:?}, about: {}, says: {:?}, card: {:?}, next: {:?}, source: RuleSource {{ notes: {:?}, file: {:?}, commit: {:?} }} }},",
            r.id,
            strings(&r.methods),
            strings(&r.paths),
            http.join(", "),
            strings(&r.reasons),
            variant(&BODY_KINDS, &r.body, "BodyKind"),
            variant(&PRESENCES, &r.retry_after, "Presence"),
            r.retry,
            strings(&r.about),
            r.says,
            r.card,
            r.next,
            r.source.notes,
            r.source.file,
            r.source.commit
        );
    }
    code.push_str("];\n");
    code
}

fn fail(message: &str) -> ! {
    eprintln!("error: {message}");
    process::exit(1);
}

fn strings(items: &[String]) -> String {
    let quoted: Vec<String> = items.iter().map(|s| format!("Text::new({s:?})")).collect();
    format!("Texts::new(&[{}])", quoted.join(", "))
}

/// One route of the server index, normalized as `endpoint` matches it.
struct IndexRoute {
    method: String,
    path: String,
    segments: Vec<String>,
    versioned: bool,
    answers: Vec<IndexAnswer>,
    conditions: Vec<IndexCondition>,
}

/// What a client receives in one condition (`scripts/index-server`).
struct IndexCondition {
    /// The `Condition` variant.
    condition: &'static str,
    param: Option<String>,
    traced: bool,
    /// 0 where the request goes on (no error of its own).
    http: u64,
    reason: String,
    at: String,
    via: Vec<String>,
    /// What it means there, or why it is not traced.
    note: String,
}

/// A condition's key in the index, as its Rust variant.
const CONDITIONS: [(&str, &str); 6] = [
    ("unknown_id", "UnknownId"),
    ("deleted_id", "DeletedId"),
    ("another_customer", "AnotherCustomer"),
    ("no_role", "NoRole"),
    ("access_key", "AccessKey"),
    ("any_id", "AnyId"),
];

fn index_condition(c: &serde_json::Value) -> IndexCondition {
    let key = index_text(c, "condition");
    let condition = CONDITIONS
        .iter()
        .find(|(k, _)| *k == key)
        .map(|(_, variant)| *variant)
        .unwrap_or_else(|| fail(&format!("{SERVER_INDEX}: unknown condition `{key}`")));
    let traced = c["traced"].as_bool().unwrap_or(false);
    let text = |k: &str| c[k].as_str().unwrap_or_default().to_owned();
    IndexCondition {
        condition,
        param: c["param"].as_str().map(str::to_owned),
        traced,
        http: c["http"].as_u64().unwrap_or(0),
        reason: text("reason"),
        at: text("at"),
        via: c["via"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|v| v.as_str().map(str::to_owned))
            .collect(),
        note: if traced {
            text("note")
        } else {
            index_text(c, "why")
        },
    }
}

struct IndexAnswer {
    http: u64,
    reason: String,
    why: String,
    file: String,
    line: u64,
}

fn server_routes(index: &serde_json::Value) -> Vec<IndexRoute> {
    let routes = index["routes"].as_array().into_iter().flatten();
    routes
        .map(|route| {
            let path = index_text(route, "path");
            let pattern = request_path::route_path(&path);
            IndexRoute {
                method: index_text(route, "method"),
                segments: request_path::segments(pattern),
                versioned: request_path::is_versioned(pattern),
                answers: route["answers"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .map(|a| IndexAnswer {
                        http: index_number(a, "http"),
                        reason: index_text(a, "reason"),
                        why: index_text(a, "why"),
                        file: index_text(a, "file"),
                        line: index_number(a, "line"),
                    })
                    .collect(),
                conditions: route["conditions"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .map(index_condition)
                    .collect(),
                path,
            }
        })
        .collect()
}

/// The routes that serve one endpoint of the data, as a router picks them.
fn serving(endpoint: &str, routes: &[IndexRoute]) -> Vec<usize> {
    let Some(request) = request_path::Request::parse(endpoint) else {
        return Vec::new();
    };
    let matched: Vec<(usize, &str, &[String])> = routes
        .iter()
        .enumerate()
        .filter(|(_, r)| request.matches_parts(Some(&r.method), &r.segments, r.versioned))
        .map(|(i, r)| (i, r.method.as_str(), r.segments.as_slice()))
        .collect();
    request_path::most_specific(&request, &matched)
}

/// What the server index says of one reason: the routes that send it, the
/// page's endpoints no route serves, and the check that answers another
/// customer's ID 403 where the page says the reason covers those.
fn server_code(r: &source::ReasonSource, routes: &[IndexRoute], unsent: &[String]) -> String {
    let sends = |route: &IndexRoute| {
        route.answers.iter().any(|a| {
            a.reason == r.reason
                && matches!(a.why.as_str(), "constructed" | "manager" | "translated")
        })
    };
    let sending: Vec<usize> = (0..routes.len()).filter(|&i| sends(&routes[i])).collect();
    let mut unserved = Vec::new();
    // The page's routes, then those where it means an unknown ID.
    let mut page = Vec::new();
    for endpoint in &r.endpoints {
        let served = serving(endpoint, routes);
        if served.is_empty() {
            unserved.push(endpoint.clone());
        }
        page.extend(served);
    }
    let candidates: Vec<usize> = page
        .iter()
        .copied()
        .chain((0..routes.len()).filter(|&i| {
            routes[i]
                .conditions
                .iter()
                .any(|c| c.condition == "UnknownId" && c.traced && c.reason == r.reason)
        }))
        .collect();
    // A page's route first, the plainest first: `GET /{resource}/{id}` loads just it.
    // A reason never sent corrects nothing: what arrives instead is said.
    let owner = (r.cause.contains(source::ANOTHER_CUSTOMER) && !unsent.contains(&r.reason))
        .then(|| {
            candidates
                .iter()
                .filter_map(|&i| {
                    let route = &routes[i];
                    let check = route
                        .conditions
                        .iter()
                        .find(|c| c.condition == "AnotherCustomer" && c.traced && c.http == 403)?;
                    Some((
                        (
                            !page.contains(&i),
                            route.method != "GET",
                            !route.path.ends_with("{id}"),
                        ),
                        check,
                    ))
                })
                .min_by_key(|(rank, _)| *rank)
                .map(|(_, c)| {
                    let (file, line) = c.at.rsplit_once(':').expect("file:line");
                    format!("Some(({file:?}, {line}, {:?}))", c.note)
                })
        })
        .flatten()
        .unwrap_or_else(|| "None".to_owned());
    format!(
        "ServerCode {{ routes: &{sending:?}, unserved_endpoints: {}, owner_check: {owner} }}",
        strings(&unserved)
    )
}

fn generate(catalog: &CatalogSource, routes: &[IndexRoute], unsent: &[String]) -> String {
    let mut code = format!(
        "/// How the page says a `*_NOT_FOUND` also covers other customers' IDs.\npub(crate) const ANOTHER_CUSTOMER: &str = {:?};\n",
        source::ANOTHER_CUSTOMER
    );
    let info = &catalog.source;
    let _ = writeln!(
        code,
        "pub(crate) static SOURCE: SourceInfo = SourceInfo {{ page: {:?}, page_date: {:?}, server_source_date: {:?}, server_commit: {:?}, server_notes: {:?}, license: {:?} }};",
        info.page,
        info.page_date,
        info.server_source_date,
        info.server_commit,
        info.server_notes,
        info.license
    );
    let _ = writeln!(
        code,
        "pub(crate) const SHORT_NAME: &str = \"{}/{}\";",
        info.page_date, info.server_commit
    );
    let published = catalog.reasons.iter().filter(|r| r.published).count();
    let _ = writeln!(
        code,
        "pub const LONG_VERSION: &str = \"{} (catalog: {published} published + {} unpublished reasons; page of {}; server code at {})\";",
        env::var("CARGO_PKG_VERSION").unwrap_or_default(),
        catalog.reasons.len() - published,
        info.page_date,
        info.server_commit
    );
    code.push_str("pub(crate) static SECTIONS: &[Section] = &[\n");
    for s in &catalog.sections {
        let _ = writeln!(
            code,
            "    Section {{ key: {:?}, title: {:?}, description: {:?}, prefixes: {}, notes: {}, published: {} }},",
            s.key,
            s.title,
            s.description,
            strings(&s.prefixes),
            strings(&s.notes),
            s.published
        );
    }
    code.push_str("];\n");
    code.push_str("pub(crate) static REASONS: &[Reason] = &[\n");
    for r in &catalog.reasons {
        let status = Status::from_name(&r.status).expect("validated");
        let _ = writeln!(
            code,
            "    Reason {{ name: {:?}, http: {}, status: Status::{:?}, section: {:?}, cause: {:?}, fix: {:?}, fix_from_page: {}, endpoints: {}, notes: {}, aliases: {}, published: {}, emitted: {}, field_note: {:?}, retry_override: {:?}, server: {}, server_code: {} }},",
            r.reason,
            r.http,
            status,
            r.resource,
            r.cause,
            r.fix,
            r.fix_origin.is_none(),
            strings(&r.endpoints),
            strings(&r.notes),
            strings(&r.aliases),
            r.published,
            r.emitted,
            r.field_note,
            r.retry,
            r.server.as_ref().map_or("None".to_owned(), |s| format!(
                "Some(ServerBehaviour {{ says: {:?}, endpoints: {}, source: {:?} }})",
                s.says,
                strings(&s.endpoints),
                s.source
            )),
            server_code(r, routes, unsent)
        );
    }
    code.push_str("];\n");
    code.push_str("pub(crate) static AMBIGUOUS: &[Ambiguity] = &[\n");
    for a in &catalog.ambiguous {
        let _ = writeln!(
            code,
            "    Ambiguity {{ name: {:?}, candidates: {}, why: {:?} }},",
            a.name,
            strings(&a.candidates),
            a.why
        );
    }
    code.push_str("];\n");
    code
}
