//! The stdio transport of `voiperr mcp`: newline-delimited JSON-RPC, read by
//! voiperr rather than by the SDK, so that every message gets an answer and
//! memory stays bounded whatever the client sends or fails to read.
//!
//! - A message over [`MAX_MESSAGE`] bytes is never held whole: its first
//!   [`HEAD`] bytes are kept to find its id, the rest is skipped, and it is
//!   answered `Invalid Request`.
//! - What is not JSON-RPC (not UTF-8, not JSON, not one object, an id that is
//!   not a string or an integer, arguments the SDK cannot read) is answered
//!   with the JSON-RPC error and `"id"` as the request gave it, else `null`.
//! - Backpressure: at most [`IN_FLIGHT`] requests are read and not yet
//!   answered. A client that does not read its answers stops voiperr from
//!   reading more requests, instead of making it hold their answers.

use std::collections::HashSet;
use std::io::{self, BufRead, Write};
use std::sync::{Arc, Condvar, Mutex, PoisonError};

use rmcp::RoleServer;
use rmcp::model::{ClientRequest, GetMeta};
use rmcp::service::{RxJsonRpcMessage, TxJsonRpcMessage};
use rmcp::transport::Transport;
use serde::de::{DeserializeOwned, IgnoredAny};
use serde_json::Value;
use tokio::sync::mpsc;

use crate::input::{Line, read_line};
use crate::output::append_json;

/// The longest message read: a [`super::MAX_INPUT`] text, escaped as JSON, with room.
pub const MAX_MESSAGE: usize = 8 * 1024 * 1024;
/// What is kept of a longer message, to answer it with its id.
const HEAD: usize = 64 * 1024;
/// Requests read and not yet answered, at most.
pub const IN_FLIGHT: usize = 4;

/// JSON-RPC error codes.
const PARSE_ERROR: i64 = -32700;
const INVALID_REQUEST: i64 = -32600;
const INVALID_PARAMS: i64 = -32602;

/// The ids of requests read and not yet answered (as their JSON text).
#[derive(Default)]
struct InFlight {
    ids: Mutex<HashSet<String>>,
    freed: Condvar,
}

impl InFlight {
    fn wait_for_room(&self) {
        let mut ids = self.ids.lock().unwrap_or_else(PoisonError::into_inner);
        while ids.len() >= IN_FLIGHT {
            ids = self.freed.wait(ids).unwrap_or_else(PoisonError::into_inner);
        }
    }

    fn add(&self, id: String) {
        self.ids
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(id);
    }

    /// Waits until every request read so far is answered, so that an answer
    /// written here comes after theirs.
    fn wait_for_none(&self) {
        let mut ids = self.ids.lock().unwrap_or_else(PoisonError::into_inner);
        while !ids.is_empty() {
            ids = self.freed.wait(ids).unwrap_or_else(PoisonError::into_inner);
        }
    }

    fn remove(&self, id: &str) {
        self.ids
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .remove(id);
        self.freed.notify_all();
    }
}

/// What the writer thread is given.
enum Out {
    /// One message, and the id of the request it answers, if it does.
    Message {
        line: String,
        answers: Option<String>,
    },
    /// Everything before this is written: say so.
    Flushed(std::sync::mpsc::Sender<()>),
}

/// The transport handed to the SDK.
pub struct Stdio {
    incoming: mpsc::Receiver<RxJsonRpcMessage<RoleServer>>,
    outgoing: mpsc::Sender<Out>,
}

/// Waits until everything sent so far is written to stdout.
pub struct Flusher(mpsc::Sender<Out>);

impl Flusher {
    pub async fn flush(self) {
        let (done, written) = std::sync::mpsc::channel();
        if self.0.send(Out::Flushed(done)).await.is_ok() {
            // The writer answers at once, after the messages before it.
            let _ = tokio::task::spawn_blocking(move || written.recv()).await;
        }
    }
}

/// Starts the reader and writer threads over stdin and stdout.
pub fn stdio() -> (Stdio, Flusher) {
    let in_flight = Arc::new(InFlight::default());
    let (outgoing, to_write) = mpsc::channel(IN_FLIGHT);
    let (to_serve, incoming) = mpsc::channel(IN_FLIGHT);
    {
        let in_flight = Arc::clone(&in_flight);
        std::thread::spawn(move || write_all(to_write, io::stdout().lock(), &in_flight));
    }
    {
        let outgoing = outgoing.clone();
        std::thread::spawn(move || read_all(io::stdin().lock(), &to_serve, &outgoing, &in_flight));
    }
    let flusher = Flusher(outgoing.clone());
    (Stdio { incoming, outgoing }, flusher)
}

fn write_all(mut messages: mpsc::Receiver<Out>, mut stdout: impl Write, in_flight: &InFlight) {
    let mut broken = false;
    while let Some(out) = messages.blocking_recv() {
        match out {
            Out::Message { line, answers } => {
                // A client that closed its end gets nothing more, but every
                // request is still counted as answered.
                if !broken {
                    broken = stdout
                        .write_all(line.as_bytes())
                        .and_then(|()| stdout.write_all(b"\n"))
                        .and_then(|()| stdout.flush())
                        .is_err();
                }
                if let Some(id) = answers {
                    in_flight.remove(&id);
                }
            }
            Out::Flushed(done) => {
                let _ = done.send(());
            }
        }
    }
}

fn read_all(
    mut stdin: impl BufRead,
    to_serve: &mpsc::Sender<RxJsonRpcMessage<RoleServer>>,
    outgoing: &mpsc::Sender<Out>,
    in_flight: &InFlight,
) {
    let mut line = Vec::new();
    // Until a session starts, the SDK takes any notification or answer for
    // a broken handshake and ends the server: such messages wait for nothing
    // and are dropped (the `initialize` or `ping` after them is answered).
    let mut started = false;
    loop {
        in_flight.wait_for_room();
        let read = match read_line(&mut stdin, &mut line, MAX_MESSAGE, HEAD) {
            Ok(Some(read)) => read,
            // The end of stdin (or a read error: nothing more can come) ends the session.
            Ok(None) | Err(_) => return,
        };
        let message = match read {
            Line::Whole => {
                if line.trim_ascii().is_empty() {
                    continue;
                }
                message(&line)
            }
            Line::TooLong(len) => Err(Refusal {
                code: INVALID_REQUEST,
                message: format!(
                    "Invalid Request: the message is over {len} bytes; at most {MAX_MESSAGE} are read"
                ),
                id: id_in_head(&line),
            }),
        };
        let sent = match message {
            Ok(message)
                if !started && !matches!(message, RxJsonRpcMessage::<RoleServer>::Request(_)) =>
            {
                true
            }
            Ok(message) => {
                match &message {
                    RxJsonRpcMessage::<RoleServer>::Request(request) => {
                        started |= starts_session(&request.request);
                        in_flight.add(id_text(&request.id));
                    }
                    RxJsonRpcMessage::<RoleServer>::Notification(notification) => {
                        if let Some(id) = cancelled_id(&notification.notification) {
                            in_flight.remove(&id);
                        }
                    }
                    _ => {}
                }
                to_serve.blocking_send(message).is_ok()
            }
            Err(Refusal { id: None, .. }) if is_notification(&line) => true,
            Err(refusal) => {
                in_flight.wait_for_none();
                outgoing.blocking_send(refusal.answer()).is_ok()
            }
        };
        if !sent {
            return;
        }
    }
}

/// Whether the SDK starts a session with this request: `initialize`, or a
/// request that carries its protocol version inline (not a `ping` or
/// `server/discover`, answered before one).
fn starts_session(request: &ClientRequest) -> bool {
    match request {
        ClientRequest::InitializeRequest(_) => true,
        ClientRequest::PingRequest(_) | ClientRequest::DiscoverRequest(_) => false,
        other => other.get_meta().protocol_version().is_some(),
    }
}

fn id_text(id: &impl serde::Serialize) -> String {
    serde_json::to_string(id).unwrap_or_default()
}

/// The request a `notifications/cancelled` gives up, whose answer may never come.
fn cancelled_id(notification: &rmcp::model::ClientNotification) -> Option<String> {
    match notification {
        rmcp::model::ClientNotification::CancelledNotification(cancelled) => {
            cancelled.params.request_id.as_ref().map(id_text)
        }
        _ => None,
    }
}

/// A notification (a method and no id) is never answered, even when wrong.
fn is_notification(line: &[u8]) -> bool {
    serde_json::from_slice::<Value>(line)
        .ok()
        .and_then(|v| {
            v.as_object()
                .map(|o| o.get("method").is_some_and(Value::is_string) && !o.contains_key("id"))
        })
        .unwrap_or(false)
}

/// A JSON-RPC error answer for a message that is not a request the server can read.
#[derive(Debug)]
struct Refusal {
    code: i64,
    message: String,
    /// The request's id, when it has a valid one.
    id: Option<Value>,
}

impl Refusal {
    fn invalid(message: &str, id: Option<Value>) -> Refusal {
        Refusal {
            code: INVALID_REQUEST,
            message: format!("Invalid Request: {message}"),
            id,
        }
    }

    fn answer(self) -> Out {
        #[derive(serde::Serialize)]
        struct Answer<'a> {
            jsonrpc: &'static str,
            id: &'a Value,
            error: ErrorObject<'a>,
        }
        #[derive(serde::Serialize)]
        struct ErrorObject<'a> {
            code: i64,
            message: &'a str,
        }
        let id = self.id.unwrap_or(Value::Null);
        let answer = Answer {
            jsonrpc: "2.0",
            id: &id,
            error: ErrorObject {
                code: self.code,
                message: &self.message,
            },
        };
        Out::Message {
            line: line(&answer).unwrap_or_default(),
            answers: (!id.is_null()).then(|| id_text(&id)),
        }
    }
}

/// One message as a line, written as all voiperr JSON is: a character a
/// terminal must not receive raw (C1 controls, bidi marks…) is a `\uXXXX`
/// escape, in structuredContent and an echoed id as in the text blocks.
fn line(message: &impl serde::Serialize) -> io::Result<String> {
    let mut bytes = Vec::new();
    append_json(&mut bytes, message, false)?;
    String::from_utf8(bytes).map_err(io::Error::other)
}

/// A JSON-RPC id the SDK reads: a string or a 64-bit integer.
fn valid_id(id: &Value) -> bool {
    id.is_string() || id.is_i64()
}

/// Reads one line as a message for the SDK, or says why it is not one.
fn message(line: &[u8]) -> Result<RxJsonRpcMessage<RoleServer>, Refusal> {
    let text = std::str::from_utf8(line).map_err(|e| Refusal {
        code: PARSE_ERROR,
        message: format!(
            "Parse error: the message is not UTF-8 (byte {})",
            e.valid_up_to()
        ),
        id: None,
    })?;
    let value: Value = serde_json::from_str(text).map_err(|e| {
        // Well-formed JSON with a number serde cannot hold (an id of 1e400).
        if e.to_string().starts_with("number out of range") {
            Refusal::invalid(&format!("{e}"), None)
        } else {
            Refusal {
                code: PARSE_ERROR,
                message: format!("Parse error: {e}"),
                id: None,
            }
        }
    })?;
    let Some(object) = value.as_object() else {
        return Err(Refusal::invalid(
            "a message is one JSON object (batches are not supported)",
            None,
        ));
    };
    let id = match object.get("id") {
        None => None,
        Some(id) if valid_id(id) => Some(id.clone()),
        Some(_) => {
            return Err(Refusal::invalid(
                "the id is not a string or an integer",
                None,
            ));
        }
    };
    if object.get("jsonrpc").and_then(Value::as_str) != Some("2.0") {
        return Err(Refusal::invalid("\"jsonrpc\" is not \"2.0\"", id));
    }
    let is_answer = object.contains_key("result") || object.contains_key("error");
    let method = match object.get("method") {
        Some(Value::String(method)) => method.clone(),
        Some(_) => return Err(Refusal::invalid("the method is not a string", id)),
        None if is_answer && id.is_some() => String::new(),
        None => return Err(Refusal::invalid("no method", id)),
    };
    let invalid_params = |why: &dyn std::fmt::Display, id| Refusal {
        code: INVALID_PARAMS,
        message: format!("Invalid params: the params of {method:?} cannot be read ({why})"),
        id,
    };
    let request = serde_json::json!({"method": method, "params": object.get("params")});
    let message: RxJsonRpcMessage<RoleServer> =
        serde_json::from_value(value).map_err(|e| invalid_params(&e, id.clone()))?;
    // The SDK reads a known method whose params do not fit as an unknown one.
    if let RxJsonRpcMessage::<RoleServer>::Request(r) = &message
        && matches!(r.request, ClientRequest::CustomRequest(_))
        && let Some(why) = misfit(&method, &request)
    {
        return Err(invalid_params(&why, id));
    }
    Ok(message)
}

/// Why `request` (`{"method", "params"}`) is not what its method takes, for
/// the methods this server answers; None for any other.
fn misfit(method: &str, request: &Value) -> Option<String> {
    fn check<M: ConstString, T: DeserializeOwned>(method: &str, request: &Value) -> Option<String> {
        (method == M::VALUE)
            .then(|| serde_json::from_value::<T>(request.clone()).err())
            .flatten()
            .map(|e| e.to_string())
    }
    use rmcp::model::*;
    let checks: &[fn(&str, &Value) -> Option<String>] = &[
        check::<InitializeResultMethod, InitializeRequest>,
        check::<PingRequestMethod, PingRequest>,
        check::<ListToolsRequestMethod, ListToolsRequest>,
        check::<CallToolRequestMethod, CallToolRequest>,
        check::<ListPromptsRequestMethod, ListPromptsRequest>,
        check::<GetPromptRequestMethod, GetPromptRequest>,
        check::<ListResourcesRequestMethod, ListResourcesRequest>,
        check::<ListResourceTemplatesRequestMethod, ListResourceTemplatesRequest>,
        check::<ReadResourceRequestMethod, ReadResourceRequest>,
        check::<CompleteRequestMethod, CompleteRequest>,
    ];
    checks.iter().find_map(|check| check(method, request))
}

/// The id of a message cut short, when it stands before the cut at the top level.
fn id_in_head(head: &[u8]) -> Option<Value> {
    /// One JSON value at the start of `bytes`, and the bytes it took.
    fn one<T: DeserializeOwned>(bytes: &[u8]) -> Option<(T, usize)> {
        let mut values = serde_json::Deserializer::from_slice(bytes).into_iter::<T>();
        let value = values.next()?.ok()?;
        Some((value, values.byte_offset()))
    }
    let mut rest = head.trim_ascii_start().strip_prefix(b"{")?;
    loop {
        let (key, used) = one::<String>(rest)?;
        rest = rest[used..].trim_ascii_start().strip_prefix(b":")?;
        if key == "id" {
            // A number at the very end may go on after the cut.
            let (id, used) = one::<Value>(rest)?;
            return (valid_id(&id) && used < rest.len()).then_some(id);
        }
        let (IgnoredAny, used) = one::<IgnoredAny>(rest)?;
        rest = rest[used..].trim_ascii_start().strip_prefix(b",")?;
    }
}

impl Transport<RoleServer> for Stdio {
    type Error = io::Error;

    fn send(
        &mut self,
        item: TxJsonRpcMessage<RoleServer>,
    ) -> impl Future<Output = Result<(), io::Error>> + Send + 'static {
        let answers = match &item {
            TxJsonRpcMessage::<RoleServer>::Response(response) => Some(id_text(&response.id)),
            TxJsonRpcMessage::<RoleServer>::Error(error) => error.id.as_ref().map(id_text),
            _ => None,
        };
        let line = line(&item);
        let outgoing = self.outgoing.clone();
        async move {
            let line = line.map_err(io::Error::other)?;
            outgoing
                .send(Out::Message { line, answers })
                .await
                .map_err(|_| io::Error::new(io::ErrorKind::BrokenPipe, "stdout is closed"))
        }
    }

    fn receive(&mut self) -> impl Future<Output = Option<RxJsonRpcMessage<RoleServer>>> + Send {
        self.incoming.recv()
    }

    fn close(&mut self) -> impl Future<Output = Result<(), io::Error>> + Send {
        self.incoming.close();
        std::future::ready(Ok(()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn code_and_id(line: &str) -> (i64, Option<Value>) {
        match message(line.as_bytes()) {
            Ok(_) => (0, None),
            Err(refusal) => (refusal.code, refusal.id),
        }
    }

    #[test]
    fn requests_the_sdk_reads_pass() {
        for line in [
            r#"{"jsonrpc":"2.0","id":1,"method":"ping"}"#,
            r#"{"jsonrpc":"2.0","id":"a","method":"tools/list"}"#,
            r#"{"jsonrpc":"2.0","method":"notifications/initialized"}"#,
            r#"{"jsonrpc":"2.0","id":3,"method":"some/unknown"}"#,
        ] {
            assert_eq!(code_and_id(line), (0, None), "{line}");
        }
    }

    #[test]
    fn what_is_not_a_request_is_refused_with_its_id_when_valid() {
        for (line, code, id) in [
            ("not json", PARSE_ERROR, None),
            (
                r#"{"jsonrpc":"2.0","id":1e400,"method":"ping"}"#,
                INVALID_REQUEST,
                None,
            ),
            (
                r#"{"jsonrpc":"2.0","id":1.5,"method":"ping"}"#,
                INVALID_REQUEST,
                None,
            ),
            (
                r#"{"jsonrpc":"2.0","id":[1],"method":"ping"}"#,
                INVALID_REQUEST,
                None,
            ),
            ("[]", INVALID_REQUEST, None),
            (
                r#"{"jsonrpc":"1.0","id":2,"method":"ping"}"#,
                INVALID_REQUEST,
                Some(json!(2)),
            ),
            (
                r#"{"jsonrpc":"2.0","id":"x","method":7}"#,
                INVALID_REQUEST,
                Some(json!("x")),
            ),
            (
                r#"{"jsonrpc":"2.0","id":4,"method":"tools/call","params":"no"}"#,
                INVALID_PARAMS,
                Some(json!(4)),
            ),
        ] {
            assert_eq!(code_and_id(line), (code, id), "{line}");
        }
        assert_eq!(code_and_id("{\"a\":\"\u{fffd}\"}").0, INVALID_REQUEST);
        let (code, _) = match message(b"{\"id\":\"\xff\"}") {
            Err(r) => (r.code, r.id),
            Ok(_) => (0, None),
        };
        assert_eq!(code, PARSE_ERROR);
    }

    #[test]
    fn the_id_of_a_cut_message_is_found_before_the_cut() {
        for (head, id) in [
            (
                r#"{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"x":"#,
                Some(json!(7)),
            ),
            (
                r#" { "method" : "a", "params": {"b":[1,{"c":"}"}]}, "id" : "q", "#,
                Some(json!("q")),
            ),
            (
                r#"{"jsonrpc":"2.0","method":"ping","params":{"pad":"yyyy"#,
                None,
            ),
            (r#"{"jsonrpc":"2.0","id":true,"#, None),
            (r#"{"id":12"#, None),
            ("[1,2", None),
        ] {
            assert_eq!(id_in_head(head.as_bytes()), id, "{head}");
        }
    }
}
