//! What the scanner finds: error envelopes and the other error bodies.
//! [`super::json`] reads them out of JSON-like text.

use std::borrow::Cow;

use crate::catalog::Catalog;
use crate::status::Status;

/// `error.reason` as sent. A catalog name, as the server sends it, is kept
/// as its place in the catalog: no copy per error, and no second lookup.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReasonName {
    /// Exactly the name of the catalog's reason at this index.
    Catalog(usize),
    /// Anything else (it may still match once normalized, or be unknown).
    Sent(String),
}

impl ReasonName {
    /// The name for `text`, copied (when borrowed) only if it is not a catalog name.
    pub fn new<'a>(text: impl Into<Cow<'a, str>>) -> ReasonName {
        let text = text.into();
        match Catalog::get().position(&text) {
            Some(at) => ReasonName::Catalog(at),
            None => ReasonName::Sent(text.into_owned()),
        }
    }

    pub fn as_str(&self) -> &str {
        match self {
            ReasonName::Catalog(at) => Catalog::get().reasons()[*at].name(),
            ReasonName::Sent(text) => text,
        }
    }
}

/// `error.status` as sent: a canonical status name is kept as the status.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StatusName {
    Canonical(Status),
    Sent(String),
}

impl StatusName {
    /// The name for `text`, copied (when borrowed) only if it is not a canonical status name.
    pub fn new<'a>(text: impl Into<Cow<'a, str>>) -> StatusName {
        let text = text.into();
        match Status::canonical(&text) {
            Some(status) => StatusName::Canonical(status),
            None => StatusName::Sent(text.into_owned()),
        }
    }

    pub fn as_str(&self) -> &str {
        match self {
            StatusName::Canonical(status) => status.name(),
            StatusName::Sent(text) => text,
        }
    }

    /// The status it names, also when not written canonically (`not-found`).
    pub fn status(&self) -> Option<Status> {
        match self {
            StatusName::Canonical(status) => Some(*status),
            StatusName::Sent(text) => Status::from_name(text),
        }
    }
}

/// `{"error": {status, reason, message, request_id, details?}}`, read leniently:
/// a number where a string belongs is kept as text, a null is absent.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Envelope {
    pub status: Option<StatusName>,
    pub reason: Option<ReasonName>,
    pub message: Option<String>,
    pub request_id: Option<String>,
    /// The scalar fields of the `details` objects, in order: (key, value or null).
    pub details: Vec<(String, Option<String>)>,
    /// A hash of `request_id` (0: none), kept also when a summary reads
    /// leanly and keeps no text: two errors are one call's only when these
    /// agree ([`Found::same_call`]), in a summary as in `--json`.
    pub call: u64,
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

impl Found {
    /// Whether `other` is this error again (a body printed twice, an
    /// exception that prints the body it got): the same reason and status,
    /// and the same `request_id` when both have one. A message may be cut
    /// short in one of them.
    pub fn same_call(&self, other: &Found) -> bool {
        match (self, other) {
            (Found::Envelope(a), Found::Envelope(b)) => {
                a.reason == b.reason
                    && a.status == b.status
                    && (a.call == b.call || a.call == 0 || b.call == 0)
            }
            (a, b) => a == b,
        }
    }
}

/// The [`Envelope::call`] of a `request_id`.
pub fn call_key(request_id: &str) -> u64 {
    // FNV-1a: short IDs, no need for more.
    let hash = request_id.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    });
    hash.max(1)
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
