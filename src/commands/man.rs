//! `voiperr man [SUBCOMMAND]` and `voiperr man --dir DIR`: man pages from the
//! clap definitions, plus exit status, environment, JSON output and examples.

use std::io;
use std::path::Path;

use clap::CommandFactory;

use crate::Outcome;
use crate::catalog::Catalog;
use crate::cli::{Cli, ENRICH_EXIT_CODES, EXIT_CODES, FAIL_ON_EXIT_CODES, ManArgs, SIGNALS};
use crate::output::Ui;
use crate::untrusted::inert;

/// Every subcommand with a page of its own, `voiperr-NAME(1)`.
pub fn subcommands() -> Vec<&'static str> {
    let mut names = vec![
        "explain",
        "list",
        "search",
        "endpoint",
        "diagnose",
        "completions",
        "man",
        "site",
        "enrich",
    ];
    if cfg!(feature = "mcp") {
        names.push("mcp");
    }
    names
}

/// Examples, each with the subcommand it belongs to.
const EXAMPLES: &[(&str, &str, &str)] = &[
    (
        "explain",
        "voiperr explain CALL_ALREADY_ENDED",
        "What really happens when a call already ended (the reason people guess), then the page's text.",
    ),
    (
        "explain",
        "voiperr explain 409",
        "Explain an HTTP code and list its reasons.",
    ),
    (
        "explain",
        "voiperr explain 'Too Many Requests'",
        "An HTTP reason phrase: its code, every reason the server sends with it, and how they differ on retrying.",
    ),
    (
        "explain",
        "voiperr explain hangup",
        "A word of one reason's name finds that reason (here CALL_ALREADY_HANGUP); a word of several lists them.",
    ),
    (
        "list",
        "voiperr list --resource /calls/{id}/hangup --format json",
        "The reasons of the resource a path belongs to, as JSON.",
    ),
    (
        "list",
        "voiperr list --all --status 404",
        "Every reason sent with 404, unpublished ones included.",
    ),
    (
        "search",
        "voiperr search balance",
        "Reasons whose text mentions every word.",
    ),
    (
        "endpoint",
        "voiperr endpoint POST /calls/{id}/hangup",
        "What one endpoint can really answer.",
    ),
    (
        "diagnose",
        "curl -si https://api.voipbin.net/v1.0/calls/ID | voiperr diagnose",
        "Say what went wrong and what to do next.",
    ),
    (
        "diagnose",
        "tail -f app.log | voiperr diagnose --json",
        "Each error of a live log as a JSON line, as it happens.",
    ),
    (
        "diagnose",
        "voiperr diagnose --summary --follow app.log",
        "A table of reasons redrawn as the log grows, across rotation; Ctrl-C prints it.",
    ),
    (
        "diagnose",
        "voiperr diagnose app.log.2.gz app.log.1 app.log",
        "Several inputs in order, gzip-compressed ones included.",
    ),
    (
        "diagnose",
        "voiperr diagnose --format github --fail-on 5xx,unknown api.log",
        "A CI step: annotate the GitHub Actions run with each error, and fail it (exit 1) on a server error or a reason the catalog does not know.",
    ),
    (
        "diagnose",
        "VN_ACCESS_KEY=... voiperr diagnose --check failed-call.txt",
        "Confirm each diagnosis with one read-only GET to the API (the call, number or flow it named, or the account).",
    ),
    (
        "completions",
        "voiperr completions zsh > ~/.zfunc/_voiperr",
        "Install zsh completions.",
    ),
    (
        "man",
        "voiperr man --dir ~/.local/share/man/man1",
        "Install every man page.",
    ),
    (
        "site",
        "voiperr site --out site",
        "Write the catalog as a static site (a page per reason, endpoint, resource and HTTP code, in HTML and Markdown, with search and llms.txt); open site/index.html or publish site/.",
    ),
    (
        "explain",
        "VOIPERR_DOCS_URL=https://docs.example.org/voiperr voiperr explain CALL_NOT_FOUND",
        "Also print the reason's page on the published site (a See line; doc_url in JSON).",
    ),
    (
        "enrich",
        "action(type=\"mmexternal\" binary=\"/usr/local/bin/voiperr enrich --rsyslog\" interface.input=\"fulljson\")",
        "In rsyslog.conf: add $!voiperr (reason, http, status, known, cause, retry, next_step, request, request_id, catalog) to every message that holds a VoIPbin error.",
    ),
    (
        "mcp",
        "{\"mcpServers\": {\"voiperr\": {\"command\": \"voiperr\", \"args\": [\"mcp\"]}}}",
        "An MCP client's configuration for voiperr's tools (explain_reason, diagnose_response, endpoint_errors, search_reasons, list_reasons), its resources (voiperr://reason/NAME, voiperr://endpoint/METHOD/PATH) and its prompt (diagnose_api_response).",
    ),
];

/// What each page's DESCRIPTION says, beyond the one line of NAME.
const DESCRIPTIONS: &[(Option<&str>, &str)] = &[
    (
        None,
        "voiperr knows every error reason the VoIPbin REST API documents, and what its server really sends: voiperr explain and voiperr diagnose answer most questions. explain looks up a reason, an HTTP code, a status or a reason phrase; list, search and endpoint browse the catalog; diagnose reads what a failed call printed and says what went wrong and what to do. Every listing has a stable --json.",
    ),
    (
        Some("explain"),
        "Explains each QUERY: a reason's name in any case and with - or _, an alias, a word of one reason's name (hangup), an HTTP code (429), a canonical status (NOT_FOUND) or a reason phrase (Too Many Requests, forbidden). A reason gets its card, the answer first: its cause, fix and retry advice; then what the server really does and the page's text, in one 80x24 screen; --verbose adds the routes, the page's endpoints and the server's source (file:line), which --json always has. A code or status lists the reasons the server sends with it, unpublished ones included (marked *), with retry advice per reason where it differs. A query that names nothing confidently exits 1 with the closest names.",
    ),
    (
        Some("list"),
        "Lists the catalog's reasons, filtered by resource, HTTP code or status and group, as a table, JSON, CSV, Markdown or plain names. Reasons that are not on the published page are left out unless --all is given; a filter that matches nothing says so in a sentence and exits 1.",
    ),
    (
        Some("search"),
        "Finds the reasons whose name, aliases, cause, fix, endpoints or notes contain every WORD, best first, and says where each row's words were found. A note that only points to another table of the page is not a match.",
    ),
    (
        Some("endpoint"),
        "Shows what one endpoint can answer, named as the server serves it (POST /v1.0/calls; /v1.0 may be left out): one list merged from the page's table, the field notes and the server's code, what each condition (an unknown, deleted or foreign ID, a caller without the role, an access key) receives, and the field notes with their next steps; --verbose adds each reason's cause and source, the answers every route shares and the server's code with file:line. A route the server does not serve, the page's included, is not served (404 ROUTE_NOT_FOUND): exit 1, with the nearest served routes.",
    ),
    (
        Some("diagnose"),
        "Reads what a failed API call printed (a response body, curl -i or -v output, HTTPie, wget -S, a HAR file, an SDK exception, a log or NDJSON; gzip-compressed or not) and, for each error the API sent, says what it means and what to do next: the reason's cause, what the server's code answers on that route, the retry advice, and numbered steps. --summary counts errors by reason instead; --format github and --format junit report to CI; --fail-on makes the exit code a CI verdict. The input's text never reaches the terminal with control characters, and credentials in it are masked.",
    ),
    (
        Some("completions"),
        "Prints a completion script for SHELL, completing subcommands, flags, reason names, endpoint paths and flag values.",
    ),
    (
        Some("man"),
        "Prints a man page as roff, the main page or a subcommand's, or writes every page into a directory with --dir.",
    ),
    (
        Some("site"),
        "Writes the catalog as a static site: a page per reason, endpoint, resource and HTTP code, in HTML and Markdown, with a search box and llms.txt.",
    ),
    (
        Some("mcp"),
        "Serves the catalog and diagnosis to AI agents over the Model Context Protocol on stdin and stdout: tools, resources and a prompt.",
    ),
];

const ENVIRONMENT: [(&str, &str); 9] = [
    (
        "NO_COLOR",
        "When set and not empty, disables color (no-color.org).",
    ),
    (
        "CLICOLOR_FORCE",
        "When set and not 0, forces color even when stdout is not a terminal.",
    ),
    ("CLICOLOR", "When 0, disables color; TERM=dumb does too."),
    ("COLUMNS", "Width to wrap text and tables at."),
    (
        "VOIPERR_PAGER, PAGER",
        "The pager for long output on a terminal, in that order; the default is less -FRX. Empty or cat: no pager (as --no-pager).",
    ),
    (
        "VOIPERR_DOCS_URL",
        "Where voiperr site output is published (as --docs-url): JSON records carry doc_url, text a See line.",
    ),
    (
        "VN_ACCESS_KEY",
        "The VoIPbin access key diagnose --check sends (in the accesskey query parameter), as the vn CLI reads it; else the profile's access_key in ~/.vn/config.yaml. Never printed.",
    ),
    (
        "HOME",
        "Where diagnose --check finds vn's profiles: $HOME/.vn/config.yaml (current_profile, profiles.NAME.access_key and api_url).",
    ),
    (
        "HTTPS_PROXY, http_proxy, ALL_PROXY, NO_PROXY",
        "The proxy diagnose --check connects through, as curl picks it (HTTPS_PROXY for an https base, http_proxy for http, else ALL_PROXY); none for a host NO_PROXY names.",
    ),
];

/// The JSON schema, for installed users who have no README (schema_version 2).
const JSON_OUTPUT: &[(&str, &str)] = &[
    (
        "Every object",
        "carries schema_version (2); fields are only ever added within a version. Every answer names the catalog it comes from, \"catalog\": \"2026-08-05/2bf22fa4\" (the page's date and the server commit); with a docs URL, records carry doc_url.",
    ),
    (
        "voiperr --version --json",
        "prints {name, version, catalog, sources {page, page_date, page_blob, server_repository, server_commit, server_source_date, server_notes, license}, reasons {published, unpublished}}.",
    ),
    (
        "A reason",
        "(explain --json items of kind \"reason\", list and search \"reasons\", endpoint \"reasons\"): reason, http, status, resource, published, emitted, cause, fix, fix_from_page, endpoints, notes, field_note, retry {key, advice}, aliases, server {sends_reason, says, endpoints, answers, source, notes, commit} or null, field_notes, server_code {commit, routes, unserved_endpoints, another_customer, cause, received [{kind, text, routes}]}, for explain match (exact, alias, word or fuzzy) and query, and for search matched (where its words were found).",
    ),
    (
        "endpoint --json",
        "method, path, resource, served, served_as (the routes as the server serves them), did_you_mean (for a route not served: the nearest served ones), answers [{http, reason, cause, from (page, server, field note), sources}] (the merged list), reasons (the page's and the field notes'), field_notes, page_only, server {commit, routes [{method, path, answers [{http, reason, why, source}], conditions [{condition, param, traced, http, reason, source, via, note, text}]}], every_route}: per route, what an unknown ID (per ID in the path), a deleted one, another customer's, a caller without the role, an access key and any ID receive, or traced false with why.",
    ),
    (
        "explain --json",
        "prints an array of reasons, statuses {kind \"status\", query, http, phrase, statuses, retry, reasons (all the server sends with it), retry_by_reason, never_sent, which}, ambiguous names {kind \"ambiguous\", query, why, candidates} and misses {kind \"miss\", query, suggestions, field_notes}.",
    ),
    (
        "A field note",
        "{id, kind (quirk, documented or success), methods, paths, http, reasons, says, next, source {notes, file, commit}}.",
    ),
    (
        "diagnose --json",
        "prints one object per error: kind, file, line, from, reason, known, published, http, status, catalog_http, message, request_id, request {line, method, path, resource, documented}, summary, cause, facts, warnings, field_notes, next_steps, suggestions, likely_reasons, body_hint; with --check, check {check, request {method, path}, sent, http, state, found, verdict (confirms, contradicts or inconclusive), summary}.",
    ),
    (
        "enrich --rsyslog",
        "answers each message with {} or {\"$!\": {\"voiperr\": {time, kind, reason, known, http, status, cause, retry {key, advice}, next_step, request {line, method, path, resource, documented}, request_id, catalog}}}, named as in diagnose --json.",
    ),
    (
        "diagnose --summary --json",
        "prints one object: total, distinct (rows that name a reason), skipped, reasons [{reason, count, http, known, fix}], always, with total 0 when nothing was found.",
    ),
];

/// Escapes text for a roff line: backslashes, hyphens (so `--json` stays
/// ASCII), and a leading dot or quote that roff would read as a request.
fn roff_escape(text: &str) -> String {
    let escaped = text.replace('\\', "\\e").replace('-', "\\-");
    match escaped.starts_with(['.', '\'']) {
        true => format!("\\&{escaped}"),
        false => escaped,
    }
}

fn tagged(out: &mut String, tag: &str, text: &str) {
    out.push_str(&format!(
        ".TP\n.B {}\n{}\n",
        roff_escape(tag),
        roff_escape(text)
    ));
}

/// The date in the title line: the day of the catalog this build carries.
fn date() -> &'static str {
    Catalog::get().source().server_source_date()
}

/// The page of `voiperr`, or of one subcommand (`voiperr-explain`).
pub fn page(subcommand: Option<&str>) -> io::Result<Vec<u8>> {
    let mut root = Cli::command();
    // Built first, so global flags (`--color`) and the version reach the subcommands.
    root.build();
    let (command, name) = match subcommand {
        None => (root, "voiperr".to_owned()),
        Some(sub) => {
            let command = root
                .find_subcommand(sub)
                .cloned()
                .ok_or_else(|| io::Error::new(io::ErrorKind::NotFound, sub.to_owned()))?;
            let name = format!("voiperr-{sub}");
            let command = command
                .display_name(name.clone())
                .bin_name(format!("voiperr {sub}"))
                .author(env!("CARGO_PKG_AUTHORS"))
                .version(crate::catalog::LONG_VERSION);
            (command, name)
        }
    };
    let command = match DESCRIPTIONS.iter().find(|(page, _)| *page == subcommand) {
        Some((_, text)) => command.long_about(*text),
        None => command,
    };
    let usage = synopsis(&command);
    let command = command.override_usage(usage);
    let man = clap_mangen::Man::new(command)
        .title(name.to_uppercase())
        .section("1")
        .date(date())
        .source(format!("voiperr {}", env!("CARGO_PKG_VERSION")))
        .manual("voiperr manual");
    let mut buffer = Vec::new();
    man.render_title(&mut buffer)?;
    man.render_name_section(&mut buffer)?;
    man.render_synopsis_section(&mut buffer)?;
    man.render_description_section(&mut buffer)?;
    man.render_options_section(&mut buffer)?;
    if subcommand.is_none() {
        man.render_subcommands_section(&mut buffer)?;
    }
    let mut extra = String::from(".SH \"EXIT STATUS\"\n");
    let codes = match subcommand {
        Some("enrich") => ENRICH_EXIT_CODES,
        _ => EXIT_CODES,
    };
    for line in codes.lines().skip(1) {
        if let Some((code, meaning)) = line.trim().split_once("  ") {
            tagged(&mut extra, code, meaning.trim());
        }
    }
    if subcommand == Some("diagnose") {
        let mut lines = FAIL_ON_EXIT_CODES.lines();
        let heading = lines.next().unwrap_or_default();
        extra.push_str(&format!(".PP\n{}\n", roff_escape(heading)));
        for line in lines {
            if let Some((code, meaning)) = line.trim().split_once("  ") {
                tagged(&mut extra, code, meaning.trim());
            }
        }
        extra.push_str(&format!(
            ".PP\n{}\n",
            roff_escape(&SIGNALS.replace('\n', " "))
        ));
    }
    extra.push_str(".SH ENVIRONMENT\n");
    for (variable, meaning) in ENVIRONMENT {
        tagged(&mut extra, variable, meaning);
    }
    let json = matches!(
        subcommand,
        None | Some("explain" | "list" | "search" | "endpoint" | "diagnose")
    );
    if subcommand.is_none() {
        extra.push_str(".SH \"JSON OUTPUT\"\n");
        for (what, schema) in JSON_OUTPUT {
            tagged(&mut extra, what, schema);
        }
    } else if json {
        extra.push_str(".SH \"JSON OUTPUT\"\nThe schema of --json is in the JSON OUTPUT section of\n.BR voiperr (1).\n");
    }
    extra.push_str(".SH EXAMPLES\n");
    for (sub, command, meaning) in EXAMPLES {
        if subcommand.is_none_or(|s| s == *sub) {
            tagged(&mut extra, command, meaning);
        }
    }
    if subcommand.is_some() {
        extra.push_str(".SH \"SEE ALSO\"\n.BR voiperr (1)\n");
    }
    buffer.extend_from_slice(extra.as_bytes());
    man.render_version_section(&mut buffer)?;
    man.render_authors_section(&mut buffer)?;
    Ok(buffer)
}

/// `voiperr diagnose [--top N] [-f|--follow] … [FILE]...`: each option with
/// its value's name, and `...` after what may be given more than once.
fn synopsis(command: &clap::Command) -> String {
    let name = command
        .get_bin_name()
        .unwrap_or_else(|| command.get_name())
        .to_owned();
    let mut parts = vec![name];
    let value = |arg: &clap::Arg| {
        arg.get_value_names()
            .map(|names| names.join(" "))
            .unwrap_or_else(|| arg.get_id().as_str().to_ascii_uppercase())
    };
    let repeats = |arg: &clap::Arg| matches!(arg.get_action(), clap::ArgAction::Append);
    for arg in command
        .get_arguments()
        .filter(|a| !a.is_positional() && !a.is_hide_set())
    {
        let flag = match (arg.get_short(), arg.get_long()) {
            (Some(short), Some(long)) => format!("-{short}|--{long}"),
            (None, Some(long)) => format!("--{long}"),
            (Some(short), None) => format!("-{short}"),
            (None, None) => continue,
        };
        let taken = match arg.get_action().takes_values() {
            true => format!(" {}", value(arg)),
            false => String::new(),
        };
        let more = if repeats(arg) { "..." } else { "" };
        parts.push(format!("[{flag}{taken}]{more}"));
    }
    for arg in command.get_positionals().filter(|a| !a.is_hide_set()) {
        let more = if repeats(arg) { "..." } else { "" };
        parts.push(match arg.is_required_set() {
            true => format!("<{}>{more}", value(arg)),
            false => format!("[{}]{more}", value(arg)),
        });
    }
    if command.has_subcommands() {
        parts.push("<COMMAND>".to_owned());
    }
    parts.join(" ")
}

/// Writes every page into `dir`: `voiperr.1`, `voiperr-explain.1`, …
fn write_all(dir: &Path) -> io::Result<Vec<String>> {
    std::fs::create_dir_all(dir)?;
    let mut written = Vec::new();
    for sub in std::iter::once(None).chain(subcommands().into_iter().map(Some)) {
        let name = sub.map_or("voiperr.1".to_owned(), |s| format!("voiperr-{s}.1"));
        std::fs::write(dir.join(&name), page(sub)?)?;
        written.push(name);
    }
    Ok(written)
}

pub fn run(args: &ManArgs, ui: &mut Ui) -> io::Result<Outcome> {
    if let Some(dir) = &args.dir {
        let shown = inert(&dir.display().to_string()).into_owned();
        return match write_all(dir) {
            Ok(written) => {
                ui.note(&format!("wrote {} pages to {shown}", written.len()))?;
                Ok(Outcome::Found)
            }
            Err(e) => {
                ui.error(&format!("cannot write the man pages to '{shown}': {e}"))?;
                Ok(Outcome::Failed)
            }
        };
    }
    let page_name = args.page.as_deref();
    if let Some(name) = page_name
        && !subcommands().contains(&name)
    {
        ui.error(&format!(
            "'{}' has no man page; one of: {}",
            inert(name),
            subcommands().join(", ")
        ))?;
        return Ok(Outcome::Failed);
    }
    ui.out.write_all(&page(page_name)?)?;
    Ok(Outcome::Found)
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    use crate::cli::Cli;

    #[test]
    fn every_subcommand_has_a_page() {
        let clap: Vec<String> = Cli::command()
            .get_subcommands()
            .map(|c| c.get_name().to_owned())
            .collect();
        assert_eq!(clap, super::subcommands());
    }
}
