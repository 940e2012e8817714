//! `voiperr enrich --rsyslog`: voiperr inside rsyslog, as an mmexternal
//! message modification program (`interface.input="fulljson"`).
//!
//! rsyslog writes each message as one line of JSON (its whole message
//! object: `msg`, `hostname`, `timereported`, …) and waits for exactly one
//! line back: the properties to set. A message whose text holds a VoIPbin
//! error is answered `{"$!":{"voiperr":{…}}}` ([`EnrichView`]), any other
//! line `{}`. The message is read as `diagnose` reads a whole input (one
//! message is one record: a multi-line one, joined by imfile's
//! `startmsg.regex`, too).
//!
//! The program must outlive every bad line: rsyslog restarts a program that
//! dies and loses the message it was handling. So a line that is not a JSON
//! object with a string `msg`, or whose message is not UTF-8, empty or too
//! large, is answered `{}`, and only the end of the input ends it (exit 0). rsyslog reads the program's stderr from the same
//! pipe as its answers, so nothing is written there while it serves.

use std::borrow::Cow;
use std::io::{self, IsTerminal};

use serde::Deserialize;
use serde::de::{self, Deserializer as _, Visitor};

use crate::Outcome;
use crate::cli::EnrichArgs;
use crate::diagnose::diagnose_record;
use crate::diagnose::scan::MAX_DOCUMENT;
use crate::diagnose::stamp::now;
use crate::input::{Line, read_line};
use crate::output::{Ui, append_json};
use crate::view::EnrichView;

/// Input lines longer than this are answered `{}` without being held whole:
/// rsyslog's JSON holds the message twice (`msg` and `rawmsg`), escaped, so
/// a message the scanner reads whole ([`MAX_DOCUMENT`]) fits.
const MAX_LINE: usize = 4 * MAX_DOCUMENT;

/// Buffers grown past this by a large message are given back after it, so
/// memory stays flat over a long run.
const KEPT_CAPACITY: usize = 1 << 20;

/// The answer that sets nothing.
const NOTHING: &[u8] = b"{}\n";

/// The part of a message object voiperr reads, when `msg` is not its first key.
#[derive(Deserialize)]
struct Message<'a> {
    #[serde(borrow)]
    msg: Option<Cow<'a, str>>,
}

/// A JSON string, borrowed from the line when it has no escape.
struct Text;

impl<'de> Visitor<'de> for Text {
    type Value = Cow<'de, str>;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a string")
    }

    fn visit_borrowed_str<E: de::Error>(self, text: &'de str) -> Result<Self::Value, E> {
        Ok(Cow::Borrowed(text))
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<Self::Value, E> {
        Ok(Cow::Owned(text.to_owned()))
    }

    fn visit_string<E: de::Error>(self, text: String) -> Result<Self::Value, E> {
        Ok(Cow::Owned(text))
    }
}

/// The text of the message in `line`, an object with a string `msg`.
/// rsyslog writes `msg` first, then a second copy (`rawmsg`) and twenty-odd
/// properties: its value is read from there and the rest is not parsed
/// (half the cost of a message), only required to close the object. An
/// object with `msg` elsewhere is parsed whole.
fn message_text(line: &[u8]) -> Option<Cow<'_, str>> {
    let line = line.trim_ascii();
    let members = line.strip_prefix(b"{")?.strip_suffix(b"}")?;
    let first = members
        .trim_ascii_start()
        .strip_prefix(br#""msg""#)
        .and_then(|rest| rest.trim_ascii_start().strip_prefix(b":"));
    match first {
        Some(value) => serde_json::Deserializer::from_slice(value)
            .deserialize_str(Text)
            .ok(),
        None => serde_json::from_slice::<Message>(line).ok()?.msg,
    }
}

/// The answer to one input line (without its line ending), written to
/// `reply` as one line ending in `\n`.
pub fn answer(line: &[u8], reply: &mut Vec<u8>) {
    reply.clear();
    let message =
        message_text(line).filter(|msg| !msg.trim().is_empty() && msg.len() <= MAX_DOCUMENT);
    let Some((diagnosis, time)) = message.and_then(|msg| diagnose_record(msg.as_bytes(), now()))
    else {
        reply.extend_from_slice(NOTHING);
        return;
    };
    reply.extend_from_slice(br#"{"$!":{"voiperr":"#);
    match append_json(reply, &EnrichView::new(&diagnosis, time), false) {
        Ok(()) => reply.extend_from_slice(b"}}\n"),
        // Never a half line: rsyslog would read it as the next message's answer.
        Err(_) => {
            reply.clear();
            reply.extend_from_slice(NOTHING);
        }
    }
}

pub fn run(_args: &EnrichArgs, ui: &mut Ui) -> io::Result<Outcome> {
    let stdin = io::stdin();
    if stdin.is_terminal() {
        ui.note("answering rsyslog's messages: one JSON object per line (Ctrl-D ends)")?;
    }
    let mut input = stdin.lock();
    let mut line = Vec::new();
    let mut reply = Vec::new();
    loop {
        match read_line(&mut input, &mut line, MAX_LINE, 0) {
            Ok(None) => return Ok(Outcome::Found),
            Ok(Some(Line::Whole)) => answer(&line, &mut reply),
            Ok(Some(Line::TooLong(_))) => {
                reply.clear();
                reply.extend_from_slice(NOTHING);
            }
            Err(e) => {
                ui.error(&format!(
                    "cannot read the messages ({e}); check what feeds voiperr enrich"
                ))?;
                return Ok(Outcome::Failed);
            }
        }
        // rsyslog waits for this line before it sends the next message.
        ui.out.write_all(&reply)?;
        ui.out.flush()?;
        for buffer in [&mut line, &mut reply] {
            if buffer.capacity() > KEPT_CAPACITY {
                *buffer = Vec::new();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use serde_json::Value;

    use super::*;

    fn answered(line: &[u8]) -> String {
        let mut reply = Vec::new();
        answer(line, &mut reply);
        String::from_utf8(reply).expect("answers are UTF-8")
    }

    /// rsyslog's message object for `msg`, as rsyslogd 8.2302 writes it.
    fn message(msg: &str) -> Vec<u8> {
        let mut object = serde_json::json!({
            "msg": msg, "rawmsg": msg, "timereported": "2026-11-24T10:00:00.000000+00:00",
            "hostname": "web-1", "syslogtag": "app", "inputname": "imfile",
            "$!": {"metadata": {"filename": "/var/log/app.log", "fileoffset": "0"}}
        });
        object["uuid"] = Value::Null;
        serde_json::to_vec(&object).expect("JSON")
    }

    fn fields(reply: &str) -> Value {
        let value: Value = serde_json::from_str(reply).expect("the answer is JSON");
        value["$!"]["voiperr"].clone()
    }

    #[test]
    fn an_envelope_in_the_message_is_answered_with_its_diagnosis() {
        let reply = answered(&message(
            r#"2026-11-24T10:00:00Z ERROR POST https://api.voipbin.net/v1.0/calls/0b9c8a1e-8f2a-4a0e-9a55-3f1e2d4c5b6a/hangup -> 404 Not Found body='{"error":{"status":"NOT_FOUND","reason":"CALL_NOT_FOUND","message":"gone","request_id":"req_1"}}'"#,
        ));
        assert!(
            reply.ends_with("}}\n") && reply.lines().count() == 1,
            "{reply}"
        );
        let v = fields(&reply);
        assert_eq!(v["reason"], "CALL_NOT_FOUND");
        assert_eq!(v["http"], 404);
        assert_eq!(v["status"], "NOT_FOUND");
        assert_eq!(v["known"], true);
        assert_eq!(v["request_id"], "req_1");
        assert_eq!(v["request"]["method"], "POST");
        assert_eq!(v["request"]["path"], "/calls/{id}/hangup");
        assert_eq!(v["retry"]["key"], "do_not_retry");
        assert!(v["cause"].as_str().is_some_and(|c| !c.is_empty()));
        assert!(v["next_step"].as_str().is_some_and(|s| !s.is_empty()));
        assert_eq!(v["catalog"], crate::catalog::short_name());
        assert_eq!(v["time"], "2026-11-24T10:00:00Z");
        assert!(v.get("doc_url").is_none(), "no docs URL configured");
    }

    #[test]
    fn anything_else_is_answered_with_nothing() {
        for line in [
            message("2026-11-24T10:00:00Z INFO call answered in 120 ms"),
            message(""),
            message("   "),
            br#"{"hostname":"web-1"}"#.to_vec(),
            br#"{"msg":42}"#.to_vec(),
            b"not json at all".to_vec(),
            b"".to_vec(),
            br#"{"msg":"{\"error\":{\"reason\":\"CALL_NOT_FOUND\"}}""#.to_vec(),
            b"{\"msg\":\"\xff\xfe {\\\"error\\\":{\\\"reason\\\":\\\"CALL_NOT_FOUND\\\"}}\"}"
                .to_vec(),
            br#"[1,2,3]"#.to_vec(),
            br#"{"msg":"{\"error\":{\"reason\":\"CALL_NOT_FOUND\"}}"} and more"#.to_vec(),
            br#"{"msg":null,"rawmsg":"CALL_NOT_FOUND"}"#.to_vec(),
        ] {
            assert_eq!(
                answered(&line),
                "{}\n",
                "{}",
                String::from_utf8_lossy(&line)
            );
        }
    }

    #[test]
    fn msg_is_read_wherever_it_is_in_the_object() {
        for line in [
            r#"{"msg":"{\"error\":{\"reason\":\"CALL_NOT_FOUND\"}}"}"#,
            r#"{ "msg" : "{\"error\":{\"reason\":\"CALL_NOT_FOUND\"}}", "rawmsg": "x" }"#,
            r#"{"hostname":"web-1","msg":"{\"error\":{\"reason\":\"CALL_NOT_FOUND\"}}"}"#,
        ] {
            assert_eq!(
                fields(&answered(line.as_bytes()))["reason"],
                "CALL_NOT_FOUND",
                "{line}"
            );
        }
    }

    #[test]
    fn a_message_past_the_scanners_limit_is_answered_with_nothing() {
        let mut msg = r#"{"error":{"reason":"CALL_NOT_FOUND","status":"NOT_FOUND"}} "#.to_owned();
        msg.push_str(&"x".repeat(MAX_DOCUMENT));
        assert_eq!(answered(&message(&msg)), "{}\n");
    }

    #[test]
    fn credentials_in_the_message_are_never_copied() {
        let reply = answered(&message(
            r#"GET https://api.voipbin.net/v1.0/calls?accesskey=SECRETKEY123 -> 401 Unauthorized body='{"error":{"status":"UNAUTHENTICATED","reason":"INVALID_CREDENTIALS","message":"bad token Bearer SECRETTOKEN456","request_id":"req_2"}}'"#,
        ));
        let v = fields(&reply);
        assert_eq!(v["reason"], "INVALID_CREDENTIALS");
        assert!(
            v["request"]["line"]
                .as_str()
                .is_some_and(|l| l.contains("accesskey=***"))
        );
        assert!(
            !reply.contains("SECRETKEY123") && !reply.contains("SECRETTOKEN456"),
            "{reply}"
        );
    }

    proptest! {
        /// Whatever a line holds, the answer is one line of JSON: nothing, or
        /// voiperr's fields under `$!`.
        #[test]
        fn every_line_gets_one_line_of_json(
            line in prop::collection::vec(any::<u8>(), 0..300)
                .prop_filter("one line", |l| !l.contains(&b'\n')),
        ) {
            let mut reply = Vec::new();
            answer(&line, &mut reply);
            prop_assert!(reply.ends_with(b"\n"));
            prop_assert_eq!(memchr::memchr_iter(b'\n', &reply).count(), 1);
            let value: Value = serde_json::from_slice(&reply).expect("JSON");
            let nothing = value == serde_json::json!({});
            prop_assert!(nothing || value["$!"]["voiperr"].is_object());
        }

        /// A message around an envelope, with a credential anywhere in it:
        /// the credential never reaches the answer.
        #[test]
        fn no_credential_reaches_the_answer(
            before in "[ -~]{0,40}",
            secret in "[A-Za-z0-9]{12,24}",
            key in prop::sample::select(vec!["accesskey=", "token=", "Authorization: Bearer ", "password="]),
        ) {
            let msg = format!(
                r#"{before} POST https://api.voipbin.net/v1.0/calls?{key}{secret} -> 429 Too Many Requests body='{{"error":{{"status":"RESOURCE_EXHAUSTED","reason":"RATE_LIMIT_EXCEEDED","message":"{key}{secret}","request_id":"req_{key}{secret}"}}}}'"#
            );
            let reply = answered(&message(&msg));
            prop_assert!(!reply.contains(&secret), "{}", reply);
        }
    }
}
