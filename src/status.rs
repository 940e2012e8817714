//! The closed set of canonical status strings an error envelope can carry.
//!
//! This file is also compiled into `build.rs` (via `#[path]`) so the build-time
//! catalog check and the library agree on one table.

/// A canonical `error.status` value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Status {
    InvalidArgument,
    Unauthenticated,
    PaymentRequired,
    PermissionDenied,
    NotFound,
    AlreadyExists,
    FailedPrecondition,
    ResourceExhausted,
    Unavailable,
    Internal,
}

impl Status {
    pub const ALL: [Status; 10] = [
        Status::InvalidArgument,
        Status::Unauthenticated,
        Status::PaymentRequired,
        Status::PermissionDenied,
        Status::NotFound,
        Status::AlreadyExists,
        Status::FailedPrecondition,
        Status::ResourceExhausted,
        Status::Unavailable,
        Status::Internal,
    ];

    /// The string as it appears in `error.status`.
    pub const fn name(self) -> &'static str {
        match self {
            Status::InvalidArgument => "INVALID_ARGUMENT",
            Status::Unauthenticated => "UNAUTHENTICATED",
            Status::PaymentRequired => "PAYMENT_REQUIRED",
            Status::PermissionDenied => "PERMISSION_DENIED",
            Status::NotFound => "NOT_FOUND",
            Status::AlreadyExists => "ALREADY_EXISTS",
            Status::FailedPrecondition => "FAILED_PRECONDITION",
            Status::ResourceExhausted => "RESOURCE_EXHAUSTED",
            Status::Unavailable => "UNAVAILABLE",
            Status::Internal => "INTERNAL",
        }
    }

    /// The HTTP code this status is sent with.
    pub const fn http(self) -> u16 {
        match self {
            Status::InvalidArgument => 400,
            Status::Unauthenticated => 401,
            Status::PaymentRequired => 402,
            Status::PermissionDenied => 403,
            Status::NotFound => 404,
            Status::AlreadyExists | Status::FailedPrecondition => 409,
            Status::ResourceExhausted => 429,
            Status::Unavailable => 503,
            Status::Internal => 500,
        }
    }

    /// What the status means, in one sentence.
    pub const fn meaning(self) -> &'static str {
        match self {
            Status::InvalidArgument => {
                "The request was malformed or a parameter failed validation."
            }
            Status::Unauthenticated => "No valid credentials came with the request.",
            Status::PaymentRequired => "The account balance does not cover the operation.",
            Status::PermissionDenied => "The caller is authenticated but not allowed to do this.",
            Status::NotFound => {
                "The resource or route does not exist, or belongs to another customer."
            }
            Status::AlreadyExists => "The resource being created already exists.",
            Status::FailedPrecondition => {
                "The resource is not in a state that allows the operation (the default for 409)."
            }
            Status::ResourceExhausted => "A rate or plan limit was reached.",
            Status::Unavailable => "A backend service was unavailable or timed out.",
            Status::Internal => {
                "An unexpected server error (also the fallback for any other code)."
            }
        }
    }

    /// The status with exactly this canonical name (`NOT_FOUND`).
    pub fn canonical(text: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|s| s.name() == text)
    }

    /// Parses `NOT_FOUND`, `not-found` or `Not Found`.
    pub fn from_name(text: &str) -> Option<Status> {
        // Servers send the canonical name: found by plain comparison first.
        if let Some(status) = Status::canonical(text) {
            return Some(status);
        }
        let text = text.trim();
        // Compared byte by byte, without building a string: diagnose asks per error.
        let same = |name: &str| {
            name.len() == text.len()
                && name.bytes().zip(text.bytes()).all(|(n, t)| {
                    n == match t {
                        b'-' | b' ' => b'_',
                        t => t.to_ascii_uppercase(),
                    }
                })
        };
        Status::ALL.into_iter().find(|s| same(s.name()))
    }

    /// The HTTP codes the API answers with an envelope, ascending.
    pub fn codes() -> Vec<u16> {
        let mut codes: Vec<u16> = Status::ALL.iter().map(|s| s.http()).collect();
        codes.sort_unstable();
        codes.dedup();
        codes
    }

    /// The statuses sent with an HTTP code, the canonical default first.
    pub fn for_http(code: u16) -> Vec<Status> {
        let mut found: Vec<Status> = Status::ALL
            .into_iter()
            .filter(|s| s.http() == code)
            .collect();
        // FAILED_PRECONDITION is the default for 409.
        found.sort_by_key(|s| *s != Status::FailedPrecondition);
        found
    }
}

/// The codes errors come with (the API's, and those of the gateways in
/// front of it), as numbers and as text, with their reason phrases (RFC
/// 9110; 429 from RFC 6585): what a status line or a client's exception
/// prints after the number.
const CODES: [(u16, &str, &str); 11] = [
    (400, "400", "Bad Request"),
    (401, "401", "Unauthorized"),
    (402, "402", "Payment Required"),
    (403, "403", "Forbidden"),
    (404, "404", "Not Found"),
    (409, "409", "Conflict"),
    (429, "429", "Too Many Requests"),
    (500, "500", "Internal Server Error"),
    (502, "502", "Bad Gateway"),
    (503, "503", "Service Unavailable"),
    (504, "504", "Gateway Timeout"),
];

/// The reason phrase of a code errors come with (`Too Many Requests`).
pub fn reason_phrase(http: u16) -> Option<&'static str> {
    CODES.iter().find(|c| c.0 == http).map(|c| c.2)
}

/// The codes errors come with, and their reason phrases.
pub fn phrases() -> impl Iterator<Item = (u16, &'static str)> {
    CODES.iter().map(|c| (c.0, c.2))
}

/// The codes errors come with, as text (`--status` completes them).
pub fn code_names() -> impl Iterator<Item = &'static str> {
    CODES.iter().map(|c| c.1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_the_api_answers_has_its_phrase_and_text() {
        for (http, text, _) in CODES {
            assert_eq!(text, http.to_string());
        }
        for http in Status::codes() {
            assert!(reason_phrase(http).is_some(), "{http}");
        }
    }
}
