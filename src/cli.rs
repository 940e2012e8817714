//! Every command-line flag, in one place. Nothing else sees clap types.

use std::ffi::OsStr;
use std::path::PathBuf;

use clap::builder::{PossibleValue, StringValueParser, TypedValueParser};
use clap::{Args, Parser, Subcommand, ValueEnum, ValueHint};
use clap_complete::Shell;

use crate::catalog::Catalog;
use crate::status::Status;

pub const EXIT_CODES: &str = "\
Exit codes:
  0  found: every query was explained, or the input held an error, diagnosed
  1  not found: an unknown query, no match, or no error in the input
  2  usage or input error (bad flag, unreadable file, write failure)";

/// What a signal does to `diagnose`, after its exit codes.
pub const SIGNALS: &str = "\
Ctrl-C, SIGTERM or SIGHUP end diagnose's input: what was read is written whole,
and the code is the one the input would have given had it ended there.";

pub const FAIL_ON_EXIT_CODES: &str = "\
With --fail-on, diagnose's code says whether the run passes, for CI jobs:
  0  no error of a listed class (after the filters), even when the input holds none
  1  an error of a listed class
  2  usage or input error, as always";

/// Each variable, then what it does, in two columns (no line wider than 80).
const ENVIRONMENT: &str = "\
Environment:
  NO_COLOR               disables color when set and not empty (no-color.org)
  CLICOLOR_FORCE         forces color when set and not 0
  CLICOLOR=0, TERM=dumb  disable color
  VOIPERR_DOCS_URL       where `voiperr site` output is published (--docs-url)
  VOIPERR_PAGER, PAGER   the pager for long output on a terminal (default:
                         less -FRX; empty or cat: none)
  COLUMNS                the width to lay out for";

#[derive(Debug, Parser)]
#[command(
    name = "voiperr",
    version = crate::catalog::LONG_VERSION,
    author = env!("CARGO_PKG_AUTHORS"),
    about = "Explain VoIPbin API error reasons, and diagnose the errors an API call sent back.",
    after_help = format!("{EXIT_CODES}\n\n{ENVIRONMENT}"),
    propagate_version = true,
    disable_help_subcommand = true,
)]
pub struct Cli {
    /// When to use color.
    #[arg(long, value_enum, default_value_t = ColorWhen::Auto, global = true)]
    pub color: ColorWhen,

    /// Write directly, without a pager (on a terminal, long output goes through VOIPERR_PAGER,
    /// then PAGER, else `less -FRX`).
    #[arg(long, global = true)]
    pub no_pager: bool,

    /// Where `voiperr site` output is published (or VOIPERR_DOCS_URL): JSON records get a
    /// `doc_url`, text a `See` line with the page's URL.
    #[arg(long, value_name = "URL", global = true, value_hint = ValueHint::Url)]
    pub docs_url: Option<String>,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ColorWhen {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Explain reasons, HTTP codes or statuses (typo-tolerant).
    #[command(after_help = EXIT_CODES)]
    Explain(ExplainArgs),
    /// List the catalog's reasons, filtered by resource or status.
    #[command(after_help = EXIT_CODES)]
    List(ListArgs),
    /// Find reasons whose name, cause, fix, endpoints or notes contain every word.
    #[command(after_help = EXIT_CODES)]
    Search(SearchArgs),
    /// Show what one endpoint answers (one merged list), or the nearest routes the server serves.
    #[command(after_help = EXIT_CODES)]
    Endpoint(EndpointArgs),
    /// Read an API response, curl output or log and say what went wrong.
    #[command(after_help = format!("{EXIT_CODES}
{SIGNALS}

{FAIL_ON_EXIT_CODES}"))]
    Diagnose(Box<DiagnoseArgs>),
    /// Print a shell completion script.
    Completions {
        /// The shell to complete for.
        shell: Shell,
    },
    /// Print a man page (roff), or write them all with --dir.
    Man(ManArgs),
    /// Write the catalog as a static site: a page per reason, endpoint, resource and HTTP code.
    #[command(after_help = EXIT_CODES)]
    Site(SiteArgs),
    /// Add each log message's diagnosis to it, inside a log shipper (rsyslog's mmexternal).
    #[command(after_help = ENRICH_EXIT_CODES)]
    Enrich(EnrichArgs),
    /// Serve the catalog and diagnosis to AI agents (Model Context Protocol over stdio).
    #[cfg(feature = "mcp")]
    Mcp,
}

pub const ENRICH_EXIT_CODES: &str = "\
Exit codes:
  0  the input ended (every line was answered)
  2  usage error, or the input could not be read
A line that is not a message (not JSON, invalid UTF-8, too large) is answered with {}:
it never ends the program, since rsyslog loses the message a dying program was given.";

#[derive(Debug, Args)]
pub struct EnrichArgs {
    /// Speak rsyslog's mmexternal protocol (`interface.input="fulljson"`): each input line is
    /// a message as JSON, each output line `{"$!":{"voiperr":{...}}}` for a VoIPbin error in
    /// its `msg`, else `{}`, written at once.
    #[arg(long, required = true)]
    pub rsyslog: bool,
}

#[derive(Debug, Args)]
pub struct SiteArgs {
    /// The directory to write the site into (created if missing; files of the same name are
    /// replaced). Open DIR/index.html, or publish DIR on any static host.
    #[arg(long, value_name = "DIR", value_hint = ValueHint::DirPath)]
    pub out: PathBuf,
}

#[derive(Debug, Args)]
pub struct ManArgs {
    /// The subcommand whose page to print (`explain`, `diagnose`...); the main page when absent.
    #[arg(value_name = "SUBCOMMAND", value_parser = subcommand_names(), hide_possible_values = true)]
    pub page: Option<String>,
    /// Write every page into DIR (`voiperr.1`, `voiperr-explain.1`...) instead.
    #[arg(long, value_name = "DIR", value_hint = ValueHint::DirPath, conflicts_with = "page")]
    pub dir: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// Reason names (any case, `-` or `_`), HTTP codes (`409`) or statuses (`NOT_FOUND`).
    #[arg(required = true, value_name = "QUERY", value_parser = reason_names(), hide_possible_values = true)]
    pub queries: Vec<String>,
    /// Take names literally: no alias, word or fuzzy match.
    #[arg(long)]
    pub exact: bool,
    /// Under an HTTP code or status, also list the reasons the page gives for it that the
    /// server never sends (every reason the catalog has for it).
    #[arg(long)]
    pub all: bool,
    /// Also show the routes, the page's endpoints and the server's source (`file:line`)
    /// behind each card; `--json` always has them.
    #[arg(short, long, conflicts_with = "json")]
    pub verbose: bool,
    /// Print a JSON array (schema: JSON OUTPUT in `voiperr man`).
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Only this resource: a key (`call`), a plural (`calls`) or a path (`/calls/{id}/hangup`).
    #[arg(long, value_name = "KEY", value_parser = section_keys(), hide_possible_values = true)]
    pub resource: Option<String>,
    /// Only this HTTP code (`409`) or canonical status (`NOT_FOUND`).
    #[arg(long, value_name = "STATUS", value_parser = statuses(), hide_possible_values = true)]
    pub status: Option<String>,
    /// Only generic (cross-cutting) or resource-prefixed reasons.
    #[arg(long, value_enum)]
    pub group: Option<Group>,
    /// Also show the reasons the server sends that are not on the published page.
    #[arg(long)]
    pub all: bool,
    /// List the resources (sections) with their reason counts instead.
    #[arg(long, conflicts_with_all = ["resource", "status", "group"])]
    pub resources: bool,
    /// How to print the list.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Same as `--format json`.
    #[arg(long, conflicts_with = "format")]
    pub json: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Group {
    Generic,
    Resource,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Table,
    Json,
    Csv,
    Markdown,
    /// One reason name per line.
    Plain,
}

#[derive(Debug, Args)]
pub struct SearchArgs {
    /// Words that must all appear (case-insensitive).
    #[arg(required = true, value_name = "WORD")]
    pub words: Vec<String>,
    /// Print a JSON array of the matching reasons (schema: JSON OUTPUT in `voiperr man`).
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct EndpointArgs {
    /// `METHOD /path` or a path; `/v1.0`, IDs and `-`/`_` spellings are matched loosely.
    #[arg(required = true, value_name = "REQUEST", num_args = 1..=2, value_parser = endpoint_words(), hide_possible_values = true)]
    pub request: Vec<String>,
    /// Also show each route's answers with the server's source (`file:line`) and the field
    /// notes' routes; `--json` always has them.
    #[arg(short, long, conflicts_with = "json")]
    pub verbose: bool,
    /// Print the endpoint's reasons and field notes as JSON (schema: JSON OUTPUT in `voiperr man`).
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct DiagnoseArgs {
    /// Inputs, read in order: response bodies, `curl -i`/`-v` output, logs, NDJSON, gzip-compressed
    /// or not, UTF-8 or UTF-16 with a byte order mark. `-` is stdin (paste on a terminal, end with
    /// Ctrl-D); none: stdin.
    #[arg(value_name = "FILE", value_hint = ValueHint::FilePath)]
    pub files: Vec<PathBuf>,
    /// One table of reason, count, HTTP code and fix instead of each error in turn (redrawn in
    /// place on a terminal while a stream is open; Ctrl-C prints it).
    #[arg(long)]
    pub summary: bool,
    /// Rows the summary table shows before the rest share one row (JSON lists all).
    #[arg(long, value_name = "N", default_value_t = 40, requires = "summary", value_hint = ValueHint::Other)]
    pub top: usize,
    /// JSON: one object per error (NDJSON), or one object with `--summary`.
    #[arg(long)]
    pub json: bool,
    /// Keep reading FILE as it grows, across rotation and truncation, like `tail -F` (a missing
    /// FILE is waited for).
    #[arg(short = 'f', long)]
    pub follow: bool,
    /// Threads that count a large file with `--summary`, each reading a part of it (the
    /// counts are the same with any number) [default: the number of CPUs].
    #[arg(short = 'j', long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..), value_hint = ValueHint::Other)]
    pub threads: Option<u16>,
    /// How to write the errors: `text`, `json` (as --json), `summary` (as --summary), `github`
    /// (workflow commands that annotate a GitHub Actions run), `junit` (JUnit XML, one test
    /// case per failed call) or `bundle` (each diagnosis, then its exchange's input lines,
    /// masked: one text for a support ticket, e.g. with --request-id).
    #[arg(long, value_enum, value_name = "FORMAT", conflicts_with_all = ["json", "summary"])]
    pub format: Option<DiagnoseFormat>,
    /// Exit 1 when an error of one of these classes is diagnosed, 0 when none is: any, 4xx,
    /// 5xx, a code (429) or range (500-504), a reason name, unknown (not in the catalog),
    /// not-retryable (the advice is not to retry unchanged), never-sent (a reason the server
    /// is not known to send). Comma-separated or repeated.
    #[arg(long, value_name = "CLASS", value_delimiter = ',', value_parser = fail_on_classes(), hide_possible_values = true)]
    pub fail_on: Vec<String>,
    /// Only errors with this reason (comma-separated or repeated: any of them).
    #[arg(long = "reason", value_name = "NAME", value_delimiter = ',', value_parser = reason_names(), hide_possible_values = true)]
    pub reasons: Vec<String>,
    /// Only errors with this HTTP code or range: 404, 4xx, 500-504 (comma-separated or repeated).
    #[arg(long = "status", value_name = "CODE", value_delimiter = ',', value_parser = code_ranges(), hide_possible_values = true)]
    pub statuses: Vec<String>,
    /// Only errors of requests to this endpoint, matched as `endpoint` matches: `/calls/{id}`,
    /// `POST /calls`, `/calls/*` (repeated: any of them).
    #[arg(long = "path", value_name = "PATTERN", value_parser = endpoint_words(), hide_possible_values = true)]
    pub paths: Vec<String>,
    /// Only errors with this request ID (the envelope's `request_id`, or an `X-Request-Id`
    /// header; comma-separated or repeated).
    #[arg(long = "request-id", value_name = "ID", value_delimiter = ',', value_hint = ValueHint::Other)]
    pub request_ids: Vec<String>,
    /// Only errors logged at or after this time, read from the input's lines (ISO 8601, Go's
    /// `log`, the common log format): 2026-11-24, 2026-11-24T10:00:00Z, '2026-11-24
    /// 10:00:00+01:00'. An error whose lines carry no time is left out.
    #[arg(long, value_name = "TIME", value_hint = ValueHint::Other)]
    pub since: Option<String>,
    /// Only errors logged at or before this time (see --since).
    #[arg(long, value_name = "TIME", value_hint = ValueHint::Other)]
    pub until: Option<String>,
    /// Confirm each diagnosis with one read-only GET to the VoIPbin API, where the catalog
    /// knows one (the call, number or flow the failed request named, or the account): it says
    /// what it found and whether that confirms, contradicts or leaves open the diagnosis. The
    /// access key is found as `vn` finds it: VN_ACCESS_KEY, else ~/.vn/config.yaml. Without
    /// --check voiperr never touches the network.
    #[arg(long, conflicts_with_all = ["summary", "follow"], help_heading = "Checking with the API")]
    pub check: bool,
    /// Most GETs one run sends (one per distinct resource).
    #[arg(
        long,
        value_name = "N",
        default_value_t = 10,
        requires = "check",
        help_heading = "Checking with the API"
    )]
    pub check_limit: usize,
    /// The ~/.vn/config.yaml profile whose access_key and api_url to use [default: its
    /// current_profile].
    #[arg(
        long,
        value_name = "NAME",
        requires = "check",
        help_heading = "Checking with the API"
    )]
    pub profile: Option<String>,
    /// The API base to check against [default: the profile's api_url, else
    /// https://api.voipbin.net/v1.0]: https only, or http to this machine (127.0.0.1, ::1, localhost).
    #[arg(long, value_name = "URL", value_hint = ValueHint::Url, requires = "check", help_heading = "Checking with the API")]
    pub api_url: Option<String>,
}

/// `diagnose --format`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum DiagnoseFormat {
    Text,
    Json,
    Summary,
    Github,
    Junit,
    /// Each error's diagnosis, then the input lines of its exchange, masked.
    Bundle,
}

fn fail_on_classes() -> OpenValues {
    OpenValues {
        values: || crate::diagnose::select::CLASS_WORDS.to_vec(),
    }
}

/// Accepts any string but offers `values` to completions, so fuzzy input still works.
#[derive(Clone)]
pub struct OpenValues {
    values: fn() -> Vec<&'static str>,
}

impl TypedValueParser for OpenValues {
    type Value = String;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &OsStr,
    ) -> Result<String, clap::Error> {
        StringValueParser::new().parse_ref(cmd, arg, value)
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = PossibleValue> + '_>> {
        Some(Box::new((self.values)().into_iter().map(describe)))
    }
}

fn reason_names() -> OpenValues {
    OpenValues {
        values: || Catalog::get().reasons().iter().map(|r| r.name()).collect(),
    }
}

/// A reason the server never sends says so where a shell shows descriptions.
fn describe(value: &'static str) -> PossibleValue {
    match Catalog::get().reason(value) {
        Some(reason) if !reason.emitted => {
            PossibleValue::new(value).help("never sent by the server")
        }
        _ => PossibleValue::new(value),
    }
}

fn section_keys() -> OpenValues {
    OpenValues {
        values: || Catalog::get().sections().iter().map(|s| s.key()).collect(),
    }
}

/// Methods, and every endpoint path the catalog and its field notes name.
fn endpoint_words() -> OpenValues {
    OpenValues {
        values: || {
            let catalog = Catalog::get();
            let documented = catalog
                .reasons()
                .iter()
                .flat_map(|r| {
                    r.endpoints()
                        .iter()
                        .chain(r.server().into_iter().flat_map(|s| s.endpoints()))
                })
                .filter_map(|e| e.split_once(' ').map(|(_, path)| path));
            let noted = crate::rules::rules().iter().flat_map(|r| r.paths().iter());
            let mut words: Vec<&'static str> = ["GET", "POST", "PUT", "DELETE", "PATCH"]
                .into_iter()
                .chain(documented)
                .chain(noted.filter(|p| !p.contains('*')))
                .collect();
            words[5..].sort_unstable();
            words.dedup();
            words
        },
    }
}

/// The subcommands that have a man page.
fn subcommand_names() -> OpenValues {
    OpenValues {
        values: crate::commands::man::subcommands,
    }
}

/// The codes errors come with and their classes, for `--status`.
fn code_ranges() -> OpenValues {
    OpenValues {
        values: || {
            ["4xx", "5xx"]
                .into_iter()
                .chain(crate::status::code_names())
                .collect()
        },
    }
}

fn statuses() -> OpenValues {
    OpenValues {
        values: || Status::ALL.iter().map(|s| s.name()).collect(),
    }
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    use super::*;

    #[test]
    fn cli_is_well_formed() {
        Cli::command().debug_assert();
    }

    /// `--help` describes every argument of every subcommand.
    #[test]
    fn every_argument_has_a_description() {
        let mut command = Cli::command();
        command.build();
        let mut missing = Vec::new();
        for sub in std::iter::once(&command).chain(command.get_subcommands()) {
            for arg in sub.get_arguments() {
                if arg
                    .get_help()
                    .is_none_or(|h| h.to_string().trim().is_empty())
                {
                    missing.push(format!("{} {}", sub.get_name(), arg.get_id()));
                }
            }
        }
        assert!(
            missing.is_empty(),
            "arguments without a description: {missing:?}"
        );
    }
}
