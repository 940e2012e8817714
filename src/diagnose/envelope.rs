//! What the scanner finds: error envelopes and the other error bodies.
//! [`super::json`] reads them out of JSON-like text.

/// `{"error": {status, reason, message, request_id, details?}}`, read leniently:
/// a number where a string belongs is kept as text, a null is absent.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Envelope {
    pub status: Option<String>,
    pub reason: Option<String>,
    pub message: Option<String>,
    pub request_id: Option<String>,
    /// The scalar fields of the `details` objects, in order: (key, value or null).
    pub details: Vec<(String, Option<String>)>,
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
    /// A status code whose body the client did not print (`curl -f`, a traceback).
    StatusOnly,
}

impl Envelope {
    /// The first `details` value for `key`.
    pub fn detail(&self, key: &str) -> Option<String> {
        self.details
            .iter()
            .find_map(|(k, v)| (k == key).then(|| v.clone()).flatten())
    }

    /// Whether some `details` entry has `key`, even as null.
    pub fn has_detail(&self, key: &str) -> bool {
        self.details.iter().any(|(k, _)| k == key)
    }
}
