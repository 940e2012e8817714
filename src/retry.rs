//! Retry guidance, derived from the HTTP code alone.

/// What a client should do about retrying a failed call.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Retry {
    /// 4xx (but 429): the same request will fail the same way.
    DoNotRetry,
    /// 429: wait for `Retry-After`.
    AfterRetryAfter,
    /// 502-504: transient; back off (the API takes no idempotency key).
    Backoff,
    /// 500 and anything else: one retry, then support.
    RetryOnce,
    /// A reason the server never sends: no advice of its own.
    NotSent,
}

impl Retry {
    pub fn for_http(code: u16) -> Retry {
        match code {
            429 => Retry::AfterRetryAfter,
            502..=504 => Retry::Backoff,
            400..=499 => Retry::DoNotRetry,
            _ => Retry::RetryOnce,
        }
    }

    /// Stable machine key, used in JSON output.
    pub fn key(self) -> &'static str {
        match self {
            Retry::DoNotRetry => "do_not_retry",
            Retry::AfterRetryAfter => "after_retry_after",
            Retry::Backoff => "backoff",
            Retry::RetryOnce => "retry_once",
            Retry::NotSent => "not_sent",
        }
    }

    pub fn from_key(key: &str) -> Option<Retry> {
        [
            Retry::DoNotRetry,
            Retry::AfterRetryAfter,
            Retry::Backoff,
            Retry::RetryOnce,
        ]
        .into_iter()
        .find(|r| r.key() == key)
    }

    pub fn advice(self) -> &'static str {
        match self {
            Retry::DoNotRetry => {
                "Do not retry unchanged: the same request fails the same way until it is fixed."
            }
            Retry::AfterRetryAfter => {
                "Wait the number of seconds in the Retry-After header, then retry."
            }
            Retry::Backoff => {
                "Retry with exponential backoff; the API takes no idempotency key, so before re-sending a request that creates or changes something, check with a GET whether it took effect."
            }
            Retry::RetryOnce => "Retry once; if it fails again, give support the request_id.",
            Retry::NotSent => {
                "The server does not send this reason, so no retry advice follows from it: act on what the server really answers."
            }
        }
    }
}

/// Whether a next step says retrying cannot help (at least in a case it names).
pub fn says_retry_cannot_help(step: &str) -> bool {
    let step = step.to_ascii_lowercase();
    [
        "will not help",
        "does not help",
        "do not retry",
        "cannot succeed",
    ]
    .iter()
    .any(|words| step.contains(words))
}

/// Whether a next step says to send the same request again, with no
/// condition ("Retry once", "Wait 17 seconds, then retry"; not "fix it,
/// then retry").
pub fn says_retry(step: &str) -> bool {
    let lower = step.to_ascii_lowercase();
    ["retry", "wait ", "no retry-after came"]
        .iter()
        .any(|start| lower.starts_with(start))
        && !says_retry_cannot_help(step)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guidance_follows_the_code() {
        assert_eq!(Retry::for_http(404), Retry::DoNotRetry);
        assert_eq!(Retry::for_http(409), Retry::DoNotRetry);
        assert_eq!(Retry::for_http(429), Retry::AfterRetryAfter);
        assert_eq!(Retry::for_http(503), Retry::Backoff);
        assert_eq!(Retry::for_http(500), Retry::RetryOnce);
        assert_eq!(Retry::for_http(502), Retry::Backoff);
        assert_eq!(Retry::for_http(501), Retry::RetryOnce);
        assert_eq!(Retry::from_key("backoff"), Some(Retry::Backoff));
        assert_eq!(Retry::from_key("nope"), None);
    }
}
