//! Checks `data/catalog.json` and compiles it into static tables, so the binary
//! reads nothing from disk and a bad entry fails the build by name.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::Path;
use std::{env, fs, process};

#[path = "src/status.rs"]
#[allow(dead_code)]
mod status;

#[path = "src/catalog/source.rs"]
mod source;

#[path = "src/catalog/names.rs"]
mod names;

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
    // The reasons the server makes that never reach a client correct no cause.
    let unsent: Vec<String> = index["unsent"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|u| index_text(u, "reason"))
        .collect();
    let mut tables = Tables::default();
    write(
        &out_dir,
        "catalog_data.rs",
        &generate(&catalog, &routes, &unsent, &mut tables),
    );

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
    write(
        &out_dir,
        "rules_data.rs",
        &generate_rules(&rules, &mut tables),
    );
    write(
        &out_dir,
        "server_index_data.rs",
        &generate_server_index(&index, &routes, &mut tables),
    );
    write(&out_dir, "text.txt", &tables.text);
    write(
        &out_dir,
        "text_lists.rs",
        &array("TEXT_LISTS", "Text", &tables.lists),
    );
}

fn write(out_dir: &str, name: &str, contents: &str) {
    let out = Path::new(out_dir).join(name);
    fs::write(&out, contents)
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

/// The one string table the compiled-in tables point into, by offset: a
/// `&'static str` in a static would be a pointer, which a
/// position-independent binary relocates at every start (src/static_text.rs).
/// Each string and each list of strings is stored once.
#[derive(Default)]
struct Tables {
    /// Every string, one after another (`TEXT`).
    text: String,
    /// Where each string sits in `text`.
    texts: HashMap<String, String>,
    /// The strings of every list, one list after another (`TEXT_LISTS`).
    lists: Vec<String>,
    /// Where each list sits in `lists`.
    list_spans: HashMap<Vec<String>, String>,
}

impl Tables {
    /// `Text::at(…)` for `text`.
    fn text(&mut self, text: &str) -> String {
        if let Some(found) = self.texts.get(text) {
            return found.clone();
        }
        let at = format!("Text::at({}, {})", self.text.len(), text.len());
        self.text.push_str(text);
        self.texts.insert(text.to_owned(), at.clone());
        at
    }

    /// `Some(Text::at(…))` or `None`.
    fn option(&mut self, text: Option<&str>) -> String {
        text.map_or("None".to_owned(), |t| format!("Some({})", self.text(t)))
    }

    /// `Texts::at(…)` for a list of strings.
    fn list(&mut self, items: &[String]) -> String {
        if items.is_empty() {
            return "Texts::EMPTY".to_owned();
        }
        if let Some(found) = self.list_spans.get(items) {
            return found.clone();
        }
        let at = format!("Texts::at({}, {})", self.lists.len(), items.len());
        for item in items {
            let text = self.text(item);
            self.lists.push(text);
        }
        self.list_spans.insert(items.to_vec(), at.clone());
        at
    }
}

/// `static NAME: [TYPE; N] = [items];`, of items written as Rust.
fn array(name: &str, item_type: &str, items: &[String]) -> String {
    format!(
        "pub(crate) static {name}: [{item_type}; {}] = [\n    {}\n];\n",
        items.len(),
        items.join(",\n    ")
    )
}

/// `Span::new(…)` for `items` appended to `table`.
fn span<T: ToString>(table: &mut Vec<String>, items: &[T]) -> String {
    let at = format!("Span::new({}, {})", table.len(), items.len());
    table.extend(items.iter().map(T::to_string));
    at
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

fn generate_server_index(
    index: &serde_json::Value,
    routes: &[IndexRoute],
    tables: &mut Tables,
) -> String {
    let mut code = format!(
        "pub(crate) const SERVER_INDEX_COMMIT: &str = {:?};\npub(crate) const SERVER_PAGE_BLOB: &str = {:?};\npub(crate) const SERVER_REPOSITORY: &str = {:?};\n",
        index_text(index, "commit"),
        index_text(index, "page_blob"),
        index_text(index, "repository")
    );
    let mut answers = Vec::new();
    let mut conditions = Vec::new();
    let mut server_routes = Vec::new();
    for route in routes {
        let own: Vec<String> = route
            .answers
            .iter()
            .map(|a| {
                format!(
                    "ServerAnswer {{ http: {}, reason: {}, why: {}, file: {}, line: {} }}",
                    a.http,
                    tables.text(&a.reason),
                    tables.text(&a.why),
                    tables.text(&a.file),
                    a.line
                )
            })
            .collect();
        let own_conditions: Vec<String> = route
            .conditions
            .iter()
            .map(|c| {
                format!(
                    "ServerCondition {{ condition: Condition::{}, param: {}, traced: {}, http: {}, reason: {}, at: {}, via: {}, note: {} }}",
                    c.condition,
                    tables.option(c.param.as_deref()),
                    c.traced,
                    c.http,
                    tables.text(&c.reason),
                    tables.text(&c.at),
                    tables.list(&c.via),
                    tables.text(&c.note)
                )
            })
            .collect();
        server_routes.push(format!(
            "ServerRoute {{ method: {}, path: {}, segments: {}, versioned: {}, answers: {}, conditions: {} }}",
            tables.text(&route.method),
            tables.text(&route.path),
            tables.list(&route.segments),
            route.versioned,
            span(&mut answers, &own),
            span(&mut conditions, &own_conditions)
        ));
    }
    code.push_str(&array("SERVER_ROUTES", "ServerRoute", &server_routes));
    code.push_str(&array("SERVER_ANSWERS", "ServerAnswer", &answers));
    code.push_str(&array("SERVER_CONDITIONS", "ServerCondition", &conditions));
    let edge: Vec<String> = index["edge"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|e| {
            format!(
                "({}, {}, {})",
                tables.text(&index_text(e, "reason")),
                tables.text(&index_text(e, "file")),
                index_number(e, "line")
            )
        })
        .collect();
    code.push_str(&array("SERVER_EDGE", "(Text, Text, u32)", &edge));
    let mut instead = Vec::new();
    let mut unsent = Vec::new();
    for u in index["unsent"].as_array().into_iter().flatten() {
        let own: Vec<String> = u["instead"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|i| {
                format!(
                    "Instead {{ route: {}, http: {}, reason: {}, at: {} }}",
                    tables.text(&index_text(i, "route")),
                    index_number(i, "http"),
                    tables.text(&index_text(i, "reason")),
                    tables.text(&index_text(i, "at"))
                )
            })
            .collect();
        let why: Vec<String> = u["why"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|w| w.as_str().map(str::to_owned))
            .collect();
        unsent.push(format!(
            "Unsent {{ reason: {}, why: {}, instead: {} }}",
            tables.text(&index_text(u, "reason")),
            tables.list(&why),
            span(&mut instead, &own)
        ));
    }
    code.push_str(&array("SERVER_UNSENT", "Unsent", &unsent));
    code.push_str(&array("SERVER_INSTEAD", "Instead", &instead));
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

fn generate_rules(rules: &RuleFileSource, tables: &mut Tables) -> String {
    let mut http = Vec::new();
    let mut items = Vec::new();
    for r in &rules.rules {
        let kind = variant(&RULE_KINDS, &r.kind, "RuleKind")
            .trim_start_matches("Some(")
            .trim_end_matches(')')
            .replace("None", "RuleKind::Quirk");
        items.push(format!(
            "Rule {{ id: {}, kind: {kind}, methods: {}, paths: {}, http: {}, reasons: {}, body: {}, retry_after: {}, retry: {}, about: {}, says: {}, card: {}, next: {}, source: RuleSource {{ notes: {}, file: {}, commit: {} }} }}",
            tables.text(&r.id),
            tables.list(&r.methods),
            tables.list(&r.paths),
            span(&mut http, &r.http),
            tables.list(&r.reasons),
            variant(&BODY_KINDS, &r.body, "BodyKind"),
            variant(&PRESENCES, &r.retry_after, "Presence"),
            tables.option(r.retry.as_deref()),
            tables.list(&r.about),
            tables.text(&r.says),
            tables.option(r.card.as_deref()),
            tables.text(&r.next),
            tables.text(&r.source.notes),
            tables.option(r.source.file.as_deref()),
            tables.text(&r.source.commit)
        ));
    }
    let server_code = format!(
        "/// `source.notes` of a field note read from the server's code itself.\npub const SERVER_CODE: &str = {:?};\n",
        source::SERVER_CODE
    );
    server_code + &array("RULES", "Rule", &items) + &array("RULE_HTTP", "u16", &http)
}

fn fail(message: &str) -> ! {
    eprintln!("error: {message}");
    process::exit(1);
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
/// customer's ID 403 where the page says the reason covers those; and
/// whether there is that check.
fn server_code(
    r: &source::ReasonSource,
    routes: &[IndexRoute],
    unsent: &[String],
    tables: &mut Tables,
    route_indexes: &mut Vec<String>,
) -> (String, bool) {
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
                .map(|(_, c)| c)
        })
        .flatten();
    let owner_check = owner.map_or("None".to_owned(), |c| {
        let (file, line) = c.at.rsplit_once(':').expect("file:line");
        format!(
            "Some(({}, {line}, {}))",
            tables.text(file),
            tables.text(&c.note)
        )
    });
    let code = format!(
        "ServerCode {{ routes: {}, unserved_endpoints: {}, owner_check: {owner_check} }}",
        span(route_indexes, &sending),
        tables.list(&unserved)
    );
    (code, owner.is_some())
}

fn generate(
    catalog: &CatalogSource,
    routes: &[IndexRoute],
    unsent: &[String],
    tables: &mut Tables,
) -> String {
    let mut code = String::new();
    let info = &catalog.source;
    let _ = writeln!(
        code,
        "pub(crate) static SOURCE: SourceInfo = SourceInfo {{ page: {}, page_date: {}, server_source_date: {}, server_commit: {}, server_notes: {}, license: {} }};",
        tables.text(&info.page),
        tables.text(&info.page_date),
        tables.text(&info.server_source_date),
        tables.text(&info.server_commit),
        tables.text(&info.server_notes),
        tables.text(&info.license)
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
    let sections: Vec<String> = catalog
        .sections
        .iter()
        .map(|s| {
            format!(
                "Section {{ key: {}, title: {}, description: {}, prefixes: {}, notes: {}, published: {} }}",
                tables.text(&s.key),
                tables.text(&s.title),
                tables.text(&s.description),
                tables.list(&s.prefixes),
                tables.list(&s.notes),
                s.published
            )
        })
        .collect();
    code.push_str(&array("SECTIONS", "Section", &sections));
    let mut route_indexes = Vec::new();
    let mut reasons = Vec::new();
    for r in &catalog.reasons {
        let status = Status::from_name(&r.status).expect("validated");
        let server = r.server.as_ref().map_or("None".to_owned(), |s| {
            format!(
                "Some(ServerBehaviour {{ says: {}, endpoints: {}, source: {} }})",
                tables.text(&s.says),
                tables.list(&s.endpoints),
                tables.text(&s.source)
            )
        });
        let (code, owner_check) = server_code(r, routes, unsent, tables, &mut route_indexes);
        // Where an ownership check answers another customer's ID 403, the
        // cause as the server has it drops the page's "or belongs to another customer".
        let cause_on_server = match owner_check {
            true => r
                .cause
                .replacen(source::ANOTHER_CUSTOMER, source::OWNER_CHECK_ANSWERS, 1),
            false => r.cause.clone(),
        };
        reasons.push(format!(
            "Reason {{ name: {}, http: {}, status: Status::{:?}, section: {}, cause: {}, cause_on_server: {}, fix: {}, fix_from_page: {}, endpoints: {}, notes: {}, aliases: {}, published: {}, emitted: {}, field_note: {}, retry_override: {}, server: {server}, server_code: {code} }}",
            tables.text(&r.reason),
            r.http,
            status,
            tables.text(&r.resource),
            tables.text(&r.cause),
            tables.text(&cause_on_server),
            tables.text(&r.fix),
            r.fix_origin.is_none(),
            tables.list(&r.endpoints),
            tables.list(&r.notes),
            tables.list(&r.aliases),
            r.published,
            r.emitted,
            tables.option(r.field_note.as_deref()),
            tables.option(r.retry.as_deref()),
        ));
    }
    code.push_str(&array("REASONS", "Reason", &reasons));
    code.push_str(&array("ROUTE_INDEXES", "u16", &route_indexes));
    let names: Vec<String> = names::slots(catalog.reasons.iter().map(|r| r.reason.as_str()))
        .iter()
        .map(u16::to_string)
        .collect();
    code.push_str(&array("NAME_TABLE", "u16", &names));
    let ambiguous: Vec<String> = catalog
        .ambiguous
        .iter()
        .map(|a| {
            format!(
                "Ambiguity {{ name: {}, candidates: {}, why: {} }}",
                tables.text(&a.name),
                tables.list(&a.candidates),
                tables.text(&a.why)
            )
        })
        .collect();
    code.push_str(&array("AMBIGUOUS", "Ambiguity", &ambiguous));
    code
}
