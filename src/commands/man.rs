//! `voiperr man [SUBCOMMAND]` and `voiperr man --dir DIR`: man pages from the
//! clap definitions, plus exit status, environment, JSON output and examples.

use std::io;
use std::path::Path;

use clap::CommandFactory;

use crate::Outcome;
use crate::catalog::Catalog;
use crate::cli::{Cli, EXIT_CODES, ManArgs};
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
        "voiperr explain --json TOO_MANY_REQUESTS",
        "A name that could mean two reasons: both, and what tells them apart, as JSON.",
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
        "mcp",
        "{\"mcpServers\": {\"voiperr\": {\"command\": \"voiperr\", \"args\": [\"mcp\"]}}}",
        "An MCP client's configuration for voiperr's tools (explain_reason, diagnose_response, endpoint_errors, search_reasons, list_reasons), its resources (voiperr://reason/NAME, voiperr://endpoint/METHOD/PATH) and its prompt (diagnose_api_response).",
    ),
];

const ENVIRONMENT: [(&str, &str); 5] = [
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
        "VOIPERR_DOCS_URL",
        "Where voiperr site output is published (as --docs-url): JSON records carry doc_url, text a See line.",
    ),
];

/// The JSON schema, for installed users who have no README (schema_version 1).
const JSON_OUTPUT: &[(&str, &str)] = &[
    (
        "Every object",
        "carries schema_version (1); fields are only ever added within a version. Every answer names the catalog's sources {page, page_date, page_blob, server_commit}; with a docs URL, records carry doc_url.",
    ),
    (
        "A reason",
        "(explain --json items of kind \"reason\", list and search \"reasons\", endpoint \"reasons\"): reason, http, status, resource, published, emitted, cause, fix, fix_from_page, endpoints, notes, field_note, retry {key, advice}, aliases, server {sends_reason, says, endpoints, answers, source, notes, commit} or null, field_notes, server_code {commit, routes, unserved_endpoints, another_customer, cause}, and for explain match and query.",
    ),
    (
        "explain --json",
        "prints an array of reasons, statuses {kind \"status\", query, http, statuses, retry, reasons}, ambiguous names {kind \"ambiguous\", query, why, candidates} and misses {kind \"miss\", query, suggestions, field_notes}.",
    ),
    (
        "A field note",
        "{id, kind (quirk, documented or success), methods, paths, http, reasons, says, next, source {notes, file, commit}}.",
    ),
    (
        "diagnose --json",
        "prints one object per error: kind, file, line, from, reason, known, published, http, status, catalog_http, message, request_id, request {line, method, path, resource, documented}, summary, cause, facts, warnings, field_notes, next_steps, suggestions, likely_reasons, body_hint.",
    ),
    (
        "diagnose --summary --json",
        "prints one object: total, distinct, skipped, reasons [{reason, count, http, known, fix}], always, with total 0 when nothing was found.",
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
    Catalog::get().source.server_source_date
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
    for line in EXIT_CODES.lines().skip(1) {
        if let Some((code, meaning)) = line.trim().split_once("  ") {
            tagged(&mut extra, code, meaning.trim());
        }
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
