//! `voiperr mcp`: a Model Context Protocol server over stdio, so an AI agent
//! can explain reasons and diagnose failed VoIPbin calls.
//!
//! Every tool calls the same library functions as the CLI and answers with
//! the same JSON schema (`voiperr man`, JSON OUTPUT). What a tool cannot do
//! (an unknown reason, nothing to diagnose, a bad path) is a tool result with
//! `isError` and a sentence the model can act on, never a protocol error.
//! A successful result also carries that JSON as `structuredContent`, which
//! matches the tool's `outputSchema` (derived from the view types).
//!
//! The catalog is also there to read as resources (`voiperr://reason/NAME`,
//! `voiperr://endpoint/METHOD/PATH`), and `diagnose_api_response` is a prompt
//! that walks a model through a failed call. The async runtime exists only
//! while this command runs.

use std::io;
use std::sync::Arc;

use rmcp::handler::server::router::prompt::PromptRouter;
use rmcp::handler::server::router::tool::ToolRouter;
use rmcp::handler::server::tool::schema_for_output;
use rmcp::handler::server::wrapper::Parameters;
use rmcp::model::{
    CallToolResult, ContentBlock, Implementation, JsonObject, ListResourceTemplatesResult,
    ListResourcesResult, PaginatedRequestParams, PromptMessage, ReadResourceRequestParams,
    ReadResourceResponse, ReadResourceResult, ResourceContents, Role, ServerCapabilities,
    ServerConfig,
};
use rmcp::service::RequestContext;
use rmcp::{
    ErrorData, RoleServer, ServerHandler, ServiceExt, prompt, prompt_handler, prompt_router,
    schemars, tool, tool_handler, tool_router,
};
use serde::{Deserialize, Serialize};

use crate::Outcome;
use crate::catalog::Catalog;
use crate::commands::{endpoint, explain, list, search};
use crate::diagnose::diagnose_first;
use crate::endpoint::Request;
use crate::matching::status_query;
use crate::output::write_json;
use crate::untrusted::redact;
use crate::view::{DiagnosisView, ReasonListView, SCHEMA_VERSION};

mod resources;
mod transport;

/// Text a tool accepts, at most: a failing response or the log lines around
/// it, not a whole log (`voiperr diagnose FILE` streams those).
pub const MAX_INPUT: usize = 1024 * 1024;

#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct ReasonArgs {
    /// A reason name as the API sent it (`CALL_NOT_FOUND`), in any case, or a
    /// name you guess (`CALL_ALREADY_ENDED`), an HTTP code (`409`) or a status (`NOT_FOUND`).
    pub reason: String,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct TextArgs {
    /// What the failing call printed: `curl -i`/`-v` output, a response body, a
    /// traceback, or log lines. Credentials in it are masked in the answer.
    pub text: String,
    /// Also confirm each diagnosis with one read-only GET to the VoIPbin API
    /// (the resource the failed request named, or the account), with the
    /// access key and base of this server's environment as the `vn` CLI keeps
    /// them (VN_ACCESS_KEY, else ~/.vn/config.yaml's current profile). The tool
    /// cannot choose the base or the key. Default false: no network.
    #[serde(default)]
    pub check: bool,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct EndpointArgs {
    /// The HTTP method (`POST`); leave out for any.
    pub method: Option<String>,
    /// The path or URL (`/v1.0/calls/{id}/hangup`); IDs may be real ones.
    pub path: String,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct SearchArgs {
    /// Words that must all appear in a reason's name, cause, fix, endpoints or notes.
    pub words: String,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct PromptArgs {
    /// What the failed call printed: curl -i/-v output, a response body, an SDK exception or log lines.
    pub response: String,
}

#[derive(Debug, Deserialize, schemars::JsonSchema)]
pub struct ListArgs {
    /// A resource key (`call`), plural (`calls`) or path (`/calls/{id}`).
    pub resource: Option<String>,
    /// An HTTP code (`404`) or canonical status (`NOT_FOUND`).
    pub status: Option<String>,
}

/// `explain_reason`'s structured result: `structuredContent` must be an
/// object, and `explain --json` prints an array.
#[derive(Serialize, schemars::JsonSchema)]
pub struct ExplainAnswer {
    pub schema_version: u32,
    /// The `explain --json` items.
    pub entries: Vec<explain::Entry>,
}

/// `diagnose_response`'s structured result, an object for the same reason.
#[derive(Serialize, schemars::JsonSchema)]
pub struct DiagnoseAnswer<'d> {
    pub schema_version: u32,
    /// How many errors the text holds.
    pub total: usize,
    /// The `diagnose --json` objects, one per error (with `check` when it
    /// was asked for): the first [`MAX_DIAGNOSES`] when there are more.
    pub diagnoses: Vec<DiagnosisView<'d>>,
    /// What `check` could not do: no access key, checks not sent.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

/// The checks of `diagnose_response` with `check`, made off the async runtime
/// (each is a blocking GET): one outcome per diagnosis, and the notes.
fn run_checks(
    diagnoses: &[crate::diagnose::Diagnosis],
) -> Result<(Vec<Option<crate::check::judge::Outcome>>, Vec<String>), String> {
    use crate::check::{Connection, Options, connect};
    let env = |name: &str| std::env::var(name).ok();
    let home = std::env::var_os("HOME")
        .filter(|h| !h.is_empty())
        .map(std::path::PathBuf::from);
    let options = Options {
        profile: None,
        api_url: None,
        limit: 10,
    };
    match connect(&options, &env, home.as_deref())? {
        Connection::NoKey(note) => Ok((vec![None; diagnoses.len()], vec![note])),
        Connection::Ready(mut checker) => {
            let outcomes = diagnoses.iter().map(|d| checker.check(d)).collect();
            Ok((outcomes, checker.closing_note().into_iter().collect()))
        }
    }
}

/// Diagnoses in one answer, at most: an agent reads the first ones, and
/// 1 MiB of `404` lines would otherwise be a 600 MB answer.
pub const MAX_DIAGNOSES: usize = 50;

/// The server: no state beyond its tools and prompt.
#[derive(Clone)]
pub struct Server {
    tool_router: ToolRouter<Server>,
    prompt_router: PromptRouter<Server>,
}

/// The output schema of a tool that answers `T`, without schemars's integer
/// formats (`uint16`…): validators that do not know them warn on each one
/// (the TypeScript SDK's Ajv does), and `minimum`/`maximum` say the same.
fn output_schema<T: schemars::JsonSchema + 'static>() -> Arc<JsonObject> {
    fn strip(value: &mut serde_json::Value) {
        match value {
            serde_json::Value::Object(map) => {
                if map
                    .get("format")
                    .and_then(serde_json::Value::as_str)
                    .is_some_and(|f| f.starts_with("uint") || f.starts_with("int"))
                {
                    map.remove("format");
                }
                map.values_mut().for_each(strip);
            }
            serde_json::Value::Array(items) => items.iter_mut().for_each(strip),
            _ => {}
        }
    }
    let mut schema = schema_for_output::<T>().as_ref().clone();
    schema.values_mut().for_each(strip);
    Arc::new(schema)
}

/// JSON as every voiperr JSON output is written (dangerous characters escaped).
fn json(value: &impl Serialize) -> String {
    let mut out = Vec::new();
    match write_json(&mut out, value, true) {
        Ok(()) => String::from_utf8_lossy(&out).into_owned(),
        Err(e) => format!("{{\"error\": \"cannot write JSON: {e}\"}}"),
    }
}

/// A successful result: `text` as the text block older clients read (what
/// the CLI prints), `structured` as `structuredContent`.
fn answer(text: &impl Serialize, structured: &impl Serialize) -> Result<CallToolResult, ErrorData> {
    let structured = serde_json::to_value(structured)
        .map_err(|e| ErrorData::internal_error(format!("cannot write JSON: {e}"), None))?;
    let mut result = CallToolResult::success(vec![ContentBlock::text(json(text))]);
    result.structured_content = Some(structured);
    Ok(result)
}

/// A result whose text and structured content are the same JSON.
fn same_answer(value: &impl Serialize) -> Result<CallToolResult, ErrorData> {
    answer(value, value)
}

/// A result the model can act on: what went wrong, as one sentence, and any JSON.
fn refusal(sentence: &str, detail: Option<String>) -> Result<CallToolResult, ErrorData> {
    let mut content = vec![ContentBlock::text(sentence.to_owned())];
    content.extend(detail.map(ContentBlock::text));
    Ok(CallToolResult::error(content))
}

/// Why an input of `len` bytes is refused, if it is.
fn over_limit(what: &str, len: usize) -> Option<String> {
    (len > MAX_INPUT).then(|| {
        format!(
            "{what} is {len} bytes; at most {MAX_INPUT} are read: pass the failing response or the log lines around it"
        )
    })
}

fn too_long(what: &str, len: usize) -> Option<Result<CallToolResult, ErrorData>> {
    over_limit(what, len).map(|why| refusal(&why, None))
}

#[tool_router]
impl Server {
    pub fn new() -> Server {
        Server {
            tool_router: Self::tool_router(),
            prompt_router: Self::prompt_router(),
        }
    }

    #[tool(
        description = "Explain a VoIPbin API error reason (the `error.reason` of a failed call): HTTP code, cause, fix, retry advice, and what the server really does where that differs from the documentation. Accepts guessed names, HTTP codes and statuses too. JSON, the schema of `voiperr explain --json` (structured: {schema_version, entries}).",
        output_schema = output_schema::<ExplainAnswer>()
    )]
    async fn explain_reason(
        &self,
        Parameters(args): Parameters<ReasonArgs>,
    ) -> Result<CallToolResult, ErrorData> {
        if let Some(refused) = too_long("reason", args.reason.len()) {
            return refused;
        }
        let entry = explain::entry(&args.reason, false);
        if entry.found() {
            let structured = ExplainAnswer {
                schema_version: SCHEMA_VERSION,
                entries: vec![entry],
            };
            return answer(&structured.entries, &structured);
        }
        let why = match &entry {
            explain::Entry::Miss(miss) if !miss.suggestions.is_empty() => {
                "not a known VoIPbin reason, HTTP code or status; the suggestions are the closest names (try search_reasons)"
            }
            _ => {
                "not a known VoIPbin reason, HTTP code or status, and no name is close to it; search_reasons finds reasons by the words of their cause and fix"
            }
        };
        refusal(why, Some(json(&vec![entry])))
    }

    #[tool(
        description = "Diagnose what a failed VoIPbin call printed (curl -i/-v output, a response body, an SDK exception, log lines): for each error, the reason, HTTP code, request, Retry-After and other facts, field notes and next steps; with `check`, one read-only GET to the VoIPbin API per diagnosis says whether it confirms, contradicts or leaves it open. JSON, one object per error (the first 50; `total` says how many there are), the schema of `voiperr diagnose --json` (structured: {schema_version, total, diagnoses, notes}).",
        output_schema = output_schema::<DiagnoseAnswer<'static>>()
    )]
    async fn diagnose_response(
        &self,
        Parameters(args): Parameters<TextArgs>,
    ) -> Result<CallToolResult, ErrorData> {
        if let Some(refused) = too_long("text", args.text.len()) {
            return refused;
        }
        let (diagnoses, total) = diagnose_first(args.text.as_bytes(), MAX_DIAGNOSES);
        if diagnoses.is_empty() {
            return refusal(
                "no VoIPbin error in the text: no error envelope, HTTP status, client error line or reason code; pass everything the client printed, status line and body",
                None,
            );
        }
        let (diagnoses, checked) = if args.check {
            let made = tokio::task::spawn_blocking(move || {
                let checked = run_checks(&diagnoses);
                (diagnoses, checked)
            })
            .await
            .map_err(|e| ErrorData::internal_error(format!("the checks stopped: {e}"), None))?;
            match made {
                (diagnoses, Ok(checked)) => (diagnoses, checked),
                (_, Err(sentence)) => return refusal(&sentence, None),
            }
        } else {
            let none = vec![None; diagnoses.len()];
            (diagnoses, (none, Vec::new()))
        };
        let (outcomes, notes) = checked;
        let structured = DiagnoseAnswer {
            schema_version: SCHEMA_VERSION,
            total,
            diagnoses: diagnoses
                .iter()
                .zip(&outcomes)
                .map(|(d, outcome)| DiagnosisView::new(d, "-").checked(outcome.as_ref()))
                .collect(),
            notes,
        };
        let mut result = answer(&structured.diagnoses, &structured)?;
        if total > diagnoses.len() {
            result.content.push(ContentBlock::text(format!(
                "The text holds {total} errors; these are the first {}. Pass the lines around the call you are after, or run `voiperr diagnose --summary` on the whole log to count them by reason.",
                diagnoses.len()
            )));
        }
        Ok(result)
    }

    #[tool(
        description = "What one VoIPbin endpoint can answer: the reasons documented for it and the field notes on how the server really responds (codes, empty bodies, quirks). JSON, the schema of `voiperr endpoint --json`.",
        output_schema = output_schema::<endpoint::EndpointView>()
    )]
    async fn endpoint_errors(
        &self,
        Parameters(args): Parameters<EndpointArgs>,
    ) -> Result<CallToolResult, ErrorData> {
        if let Some(refused) = too_long("path", args.path.len()) {
            return refused;
        }
        let text = format!("{} {}", args.method.unwrap_or_default(), args.path);
        match Request::parse(text.trim()) {
            Some(request) => {
                let view = endpoint::view(&request);
                if view.served {
                    return same_answer(&view);
                }
                let near = match view.did_you_mean.is_empty() {
                    true => "no served route is close to it".to_owned(),
                    false => format!("did you mean {}", view.did_you_mean.join(", ")),
                };
                refusal(
                    &format!(
                        "not served (404 ROUTE_NOT_FOUND): the server serves no such route, and answers any request to it 404 ROUTE_NOT_FOUND; {near}"
                    ),
                    Some(json(&view)),
                )
            }
            None => refusal(
                "not a request path; give a path like /calls/{id}/hangup (and a method like POST)",
                None,
            ),
        }
    }

    #[tool(
        description = "Find VoIPbin error reasons whose name, cause, fix, endpoints or notes contain every word (e.g. `balance`, `recording stop`). JSON: {count, reasons}.",
        output_schema = output_schema::<ReasonListView>()
    )]
    async fn search_reasons(
        &self,
        Parameters(args): Parameters<SearchArgs>,
    ) -> Result<CallToolResult, ErrorData> {
        if let Some(refused) = too_long("words", args.words.len()) {
            return refused;
        }
        let words: Vec<String> = args.words.split_whitespace().map(str::to_owned).collect();
        if words.is_empty() {
            return refusal("give at least one word to search for", None);
        }
        same_answer(&search::view(&search::search(&words)))
    }

    #[tool(
        description = "List VoIPbin error reasons, for one resource (`call`, `/calls/{id}`) and/or one HTTP code or status, unpublished ones included. JSON: {count, reasons}.",
        output_schema = output_schema::<ReasonListView>()
    )]
    async fn list_reasons(
        &self,
        Parameters(args): Parameters<ListArgs>,
    ) -> Result<CallToolResult, ErrorData> {
        let catalog = Catalog::get();
        let section = match args.resource.as_deref() {
            None => None,
            Some(input) => match catalog.resolve_section(input) {
                Some(section) => Some(section),
                None => {
                    let keys: Vec<&str> = catalog.sections().iter().map(|s| s.key()).collect();
                    return refusal(
                        &format!("not a known resource; use one of: {}", keys.join(", ")),
                        None,
                    );
                }
            },
        };
        let statuses = match args.status.as_deref() {
            None => None,
            Some(value) => match status_query(value) {
                Some((_, statuses)) => Some(statuses),
                None => {
                    return refusal(
                        "not an HTTP code or canonical status; use a code like 404 or a status like NOT_FOUND",
                        None,
                    );
                }
            },
        };
        let (reasons, _) = list::select(section, statuses.as_deref(), None, true);
        same_answer(&ReasonListView::new(&reasons, 0))
    }
}

/// The fence around a text that contains no run of backticks as long as it.
fn fence(text: &str) -> String {
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    "`".repeat(longest.max(2) + 1)
}

#[prompt_router]
impl Server {
    #[prompt(
        name = "diagnose_api_response",
        description = "Diagnose a failed VoIPbin API call from what it printed, and explain the reason, its cause and the next steps."
    )]
    async fn diagnose_api_response(
        &self,
        Parameters(args): Parameters<PromptArgs>,
    ) -> Result<Vec<PromptMessage>, ErrorData> {
        if let Some(why) = over_limit("response", args.response.len()) {
            return Err(ErrorData::invalid_params(why, None));
        }
        // The prompt goes into the model's context and transcript: masked as every answer is.
        let response = redact(&args.response);
        let fence = fence(&response);
        Ok(vec![PromptMessage::new_text(
            Role::User,
            format!(
                "A call to the VoIPbin API failed. Call the `diagnose_response` tool with the text below, exactly as given (the text only, not the fence).\n\n\
                 Then, for each diagnosis it returns, explain:\n\
                 1. the reason (`reason`; if `known` is false, say so and look at `suggestions` and `likely_reasons`),\n\
                 2. its cause (`cause`, `summary` and the `field_notes`, which say what the server really does),\n\
                 3. the next steps, in the order of `next_steps`, and whether to retry (`facts.retry_after`).\n\n\
                 Branch on `reason`, never on `message`: the message is free text that changes. \
                 If there is a `request_id`, tell the user to give it to VoIPbin support. \
                 If the tool finds no error, say what to capture instead (the status line and the body, e.g. with `curl -i`).\n\n\
                 What the call printed (credentials masked):\n{fence}\n{response}\n{fence}",
            ),
        )])
    }
}

impl Default for Server {
    fn default() -> Server {
        Server::new()
    }
}

#[tool_handler(router = self.tool_router)]
#[prompt_handler(router = self.prompt_router)]
impl ServerHandler for Server {
    fn get_info(&self) -> ServerConfig {
        ServerConfig::new(
            ServerCapabilities::builder()
                .enable_tools()
                .enable_resources()
                .enable_prompts()
                .build(),
        )
        .with_server_info(Implementation::new("voiperr", env!("CARGO_PKG_VERSION")))
        .with_instructions(
            "VoIPbin API errors: call diagnose_response with what a failed call printed, or explain_reason with an error.reason. Branch on `reason`, never on `message`; give support the request_id. Each reason is also a resource (voiperr://reason/NAME), and so is each endpoint (voiperr://endpoint/METHOD/PATH, the path URL-encoded).",
        )
    }

    async fn list_resources(
        &self,
        _request: Option<PaginatedRequestParams>,
        _context: RequestContext<RoleServer>,
    ) -> Result<ListResourcesResult, ErrorData> {
        Ok(ListResourcesResult::with_all_items(resources::list()))
    }

    async fn list_resource_templates(
        &self,
        _request: Option<PaginatedRequestParams>,
        _context: RequestContext<RoleServer>,
    ) -> Result<ListResourceTemplatesResult, ErrorData> {
        Ok(ListResourceTemplatesResult::with_all_items(
            resources::templates(),
        ))
    }

    async fn read_resource(
        &self,
        request: ReadResourceRequestParams,
        _context: RequestContext<RoleServer>,
    ) -> Result<ReadResourceResponse, ErrorData> {
        let text = resources::read(&request.uri)?;
        Ok(ReadResourceResult::new(vec![
            ResourceContents::text(text, request.uri).with_mime_type(resources::MIME_TYPE),
        ])
        .into())
    }
}

/// Serves MCP on stdin/stdout until the client closes stdin, then writes
/// every answer still queued.
pub fn run() -> io::Result<Outcome> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async {
        let (stdio, flusher) = transport::stdio();
        let service = Server::new().serve(stdio).await.map_err(io::Error::other)?;
        service.waiting().await.map_err(io::Error::other)?;
        flusher.flush().await;
        Ok(Outcome::Found)
    })
}

#[cfg(test)]
mod tests {
    use serde_json::Value;

    use super::*;

    /// Whether some object in `schema` forbids fields it does not name.
    fn closed(schema: &Value) -> bool {
        match schema {
            Value::Object(map) => {
                map.get("additionalProperties") == Some(&Value::Bool(false))
                    || map.get("unevaluatedProperties") == Some(&Value::Bool(false))
                    || map.values().any(closed)
            }
            Value::Array(items) => items.iter().any(closed),
            _ => false,
        }
    }

    #[test]
    fn every_tool_declares_an_object_output_schema_open_to_new_fields() {
        let tools = Server::new().tool_router.list_all();
        assert_eq!(tools.len(), 5);
        for tool in tools {
            let schema = Value::Object(
                tool.output_schema
                    .as_deref()
                    .cloned()
                    .unwrap_or_else(|| panic!("{} has no outputSchema", tool.name)),
            );
            assert_eq!(schema["type"], "object", "{}", tool.name);
            assert_eq!(
                schema["properties"]["schema_version"]["type"], "integer",
                "{}",
                tool.name
            );
            assert!(!closed(&schema), "{}: {schema}", tool.name);
            assert!(
                !schema.to_string().contains("\"format\":\"uint"),
                "{schema}"
            );
        }
    }

    #[test]
    fn a_fence_is_longer_than_any_backticks_inside() {
        assert_eq!(fence("plain"), "```");
        assert_eq!(fence("a ``` b"), "````");
        assert_eq!(fence("`````"), "``````");
    }
}
