//! Error envelopes and the other error bodies, found inside any JSON value.

use std::borrow::Cow;

use serde::Deserialize;
use serde_json::{Map, Value};

/// `{"error": {status, reason, message, request_id, details?}}`, read leniently:
/// a number where a string belongs is kept as text, a null is absent.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Envelope {
    pub status: Option<String>,
    pub reason: Option<String>,
    pub message: Option<String>,
    pub request_id: Option<String>,
    pub details: Vec<Map<String, Value>>,
}

/// One error the scanner found.
#[derive(Clone, Debug, PartialEq)]
pub enum Found {
    Envelope(Envelope),
    /// The older `{"msg": "…"}` body of parameter-binding failures.
    Legacy(String),
    /// A line that is only a reason code.
    BareReason(String),
    /// A curl error: the request never got an HTTP answer.
    Transport(String),
    /// A response with no envelope (empty, `{}`, HTML or plain text body).
    NoEnvelope,
}

/// Deeper than this, nested values are not searched (serde_json stops at 128 anyway).
const MAX_DEPTH: usize = 64;

fn text(value: Option<&Value>) -> Option<String> {
    match value? {
        Value::String(s) => Some(s.clone()),
        Value::Null => None,
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        other => Some(other.to_string()),
    }
}

impl Envelope {
    fn from_object(error: &Map<String, Value>) -> Envelope {
        let details = match error.get("details") {
            Some(Value::Array(items)) => items
                .iter()
                .filter_map(|d| d.as_object().cloned())
                .collect(),
            Some(Value::Object(one)) => vec![one.clone()],
            _ => Vec::new(),
        };
        Envelope {
            status: text(error.get("status")),
            reason: text(error.get("reason")),
            message: text(error.get("message")),
            request_id: text(error.get("request_id")),
            details,
        }
    }

    /// The first `details` entry's value for `key`, as text.
    pub fn detail(&self, key: &str) -> Option<String> {
        self.details.iter().find_map(|d| text(d.get(key)))
    }

    /// Reads what it can from the start of a cut-off envelope: its reason and request_id.
    pub fn salvage(cut: &str) -> Option<Envelope> {
        let field = |name: &str| -> Option<String> {
            let key = format!("\"{name}\"");
            let after = &cut[cut.find(&key)? + key.len()..];
            let value = after
                .trim_start()
                .strip_prefix(':')?
                .trim_start()
                .strip_prefix('"')?;
            let end = value.find('"')?;
            Some(value[..end].to_owned())
        };
        let reason = field("reason")?;
        Some(Envelope {
            status: field("status"),
            reason: Some(reason),
            message: None,
            request_id: field("request_id"),
            details: Vec::new(),
        })
    }
}

/// The common case, `{"error": {…}}` with string fields, read without building
/// a `Value` tree; anything else goes the general way.
#[derive(Deserialize)]
struct PlainEnvelope<'a> {
    #[serde(borrow)]
    error: Option<PlainError<'a>>,
}

#[derive(Deserialize)]
struct PlainError<'a> {
    #[serde(borrow)]
    status: Option<Cow<'a, str>>,
    #[serde(borrow)]
    reason: Option<Cow<'a, str>>,
    #[serde(borrow)]
    message: Option<Cow<'a, str>>,
    #[serde(borrow)]
    request_id: Option<Cow<'a, str>>,
    details: Option<Vec<Map<String, Value>>>,
}

/// A parsed JSON document: the errors in it, and whether it was just `{}`.
pub struct Document {
    pub errors: Vec<Found>,
    pub empty_object: bool,
}

/// Reads a JSON document (None if it is not JSON) and finds its errors (see [`find_errors`]).
pub fn read_document(text: &str) -> Option<Document> {
    if text
        .trim_start()
        .strip_prefix('{')
        .is_some_and(|rest| rest.trim_start().starts_with("\"error\""))
        && let Ok(PlainEnvelope { error: Some(e) }) = serde_json::from_str::<PlainEnvelope>(text)
        && (e.reason.is_some() || e.status.is_some())
    {
        let owned = |v: Option<Cow<str>>| v.map(Cow::into_owned);
        let envelope = Envelope {
            status: owned(e.status),
            reason: owned(e.reason),
            message: owned(e.message),
            request_id: owned(e.request_id),
            details: e.details.unwrap_or_default(),
        };
        return Some(Document {
            errors: vec![Found::Envelope(envelope)],
            empty_object: false,
        });
    }
    let value = serde_json::from_str::<Value>(text).ok()?;
    let mut errors = Vec::new();
    find_errors(&value, 0, &mut errors);
    Some(Document {
        errors,
        empty_object: value.as_object().is_some_and(Map::is_empty),
    })
}

fn looks_like_error_object(map: &Map<String, Value>) -> bool {
    map.contains_key("reason")
        && (map.contains_key("status")
            || map.contains_key("request_id")
            || map.contains_key("message"))
}

/// Collects every error in `value`, outermost first: envelopes (also nested in
/// log records or JSON-encoded strings), bare error objects, and `{"msg": …}`.
pub fn find_errors(value: &Value, depth: usize, found: &mut Vec<Found>) {
    if depth > MAX_DEPTH {
        return;
    }
    match value {
        Value::Object(map) => {
            if let Some(Value::Object(error)) = map.get("error")
                && (error.contains_key("reason") || error.contains_key("status"))
            {
                found.push(Found::Envelope(Envelope::from_object(error)));
                return;
            }
            if looks_like_error_object(map) {
                found.push(Found::Envelope(Envelope::from_object(map)));
                return;
            }
            if map.len() == 1
                && let Some(Value::String(msg)) = map.get("msg")
            {
                found.push(Found::Legacy(msg.clone()));
                return;
            }
            for item in map.values() {
                find_errors(item, depth + 1, found);
            }
        }
        Value::Array(items) => {
            for item in items {
                find_errors(item, depth + 1, found);
            }
        }
        Value::String(s) if s.trim_start().starts_with('{') && s.contains("\"error\"") => {
            if let Ok(inner) = serde_json::from_str::<Value>(s) {
                find_errors(&inner, depth + 1, found);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn errors(json: &str) -> Vec<Found> {
        let mut found = Vec::new();
        find_errors(
            &serde_json::from_str(json).expect("valid test JSON"),
            0,
            &mut found,
        );
        found
    }

    #[test]
    fn finds_envelopes_wherever_they_sit() {
        let plain = r#"{"error":{"status":"NOT_FOUND","reason":"CALL_NOT_FOUND","message":"m","request_id":"r1"}}"#;
        let Found::Envelope(e) = &errors(plain)[0] else {
            panic!()
        };
        assert_eq!(e.reason.as_deref(), Some("CALL_NOT_FOUND"));
        assert_eq!(e.request_id.as_deref(), Some("r1"));
        assert_eq!(
            errors(r#"{"ts":1,"resp":{"error":{"reason":"X","status":"INTERNAL"}}}"#).len(),
            1
        );
        assert_eq!(
            errors(r#"{"status":"NOT_FOUND","reason":"CALL_NOT_FOUND","request_id":"r"}"#).len(),
            1
        );
        assert_eq!(
            errors(r#"[{"error":{"reason":"A"}},{"error":{"reason":"B"}}]"#).len(),
            2
        );
        assert_eq!(
            errors(r#"{"body":"{\"error\":{\"reason\":\"A\"}}"}"#).len(),
            1
        );
        assert_eq!(
            errors(r#"{"msg":"Query argument page_size is required, but not found"}"#),
            [Found::Legacy(
                "Query argument page_size is required, but not found".into()
            )]
        );
        assert!(errors(r#"{"ok":true}"#).is_empty());
    }

    #[test]
    fn odd_types_are_kept_as_text() {
        let Found::Envelope(e) =
            &errors(r#"{"error":{"status":404,"reason":null,"request_id":["x"]}}"#)[0]
        else {
            panic!()
        };
        assert_eq!(e.status.as_deref(), Some("404"));
        assert_eq!(e.reason, None);
        assert_eq!(e.request_id.as_deref(), Some("[\"x\"]"));
    }

    #[test]
    fn salvages_a_cut_envelope() {
        let e =
            Envelope::salvage(r#"{"error":{"status":"NOT_FOUND","reason":"CALL_NOT_FOUND","mess"#)
                .expect("salvaged");
        assert_eq!(e.reason.as_deref(), Some("CALL_NOT_FOUND"));
        assert!(Envelope::salvage(r#"{"error":{"sta"#).is_none());
    }
}
