//! The one request a check makes: a GET to the configured base, the key in
//! the `accesskey` query parameter (as `vn` sends it), over rustls. No
//! redirect is followed, bodies are read up to [`BODY_LIMIT`], and what goes
//! wrong becomes a sentence that never holds the URL (it holds the key).

use std::time::Duration;

use ureq::Agent;
use ureq::config::Config;

use super::Fetch;
use super::base::ApiBase;
use super::credentials::{AccessKey, query_value};
use super::judge::Answer;
use super::plan::host_of;

/// How long a check waits to connect, and then for each part of the answer.
pub const TIMEOUT: Duration = Duration::from_secs(5);
/// The largest body read: a model object is a few KiB.
pub const BODY_LIMIT: usize = 256 * 1024;

pub struct Client {
    agent: Agent,
    base: ApiBase,
    key: AccessKey,
}

/// `NO_PROXY` as curl reads it: `*`, or hosts and domains (`.example.com`,
/// `example.com` also covers its subdomains), comma-separated.
pub fn bypasses_proxy(no_proxy: &str, host: &str) -> bool {
    no_proxy
        .split(',')
        .map(|entry| {
            entry
                .trim()
                .trim_start_matches("*.")
                .trim_start_matches('.')
        })
        .filter(|entry| !entry.is_empty())
        .any(|entry| {
            let entry = entry
                .split(':')
                .next()
                .unwrap_or(entry)
                .to_ascii_lowercase();
            entry == "*" || host == entry || host.ends_with(&format!(".{entry}"))
        })
}

/// The proxy for `base` from the environment, as curl picks it: `HTTPS_PROXY`
/// (or `https_proxy`) for https, `http_proxy` for http, else `ALL_PROXY`;
/// none for a host `NO_PROXY` names.
fn proxy_for(
    base: &ApiBase,
    env: &dyn Fn(&str) -> Option<String>,
) -> Result<Option<ureq::Proxy>, String> {
    let set = |name: &str| env(name).filter(|v| !v.trim().is_empty());
    let no_proxy = set("NO_PROXY")
        .or_else(|| set("no_proxy"))
        .unwrap_or_default();
    if bypasses_proxy(&no_proxy, &base.host) {
        return Ok(None);
    }
    let names: &[&str] = if base.url.starts_with("https:") {
        &["HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy"]
    } else {
        &["http_proxy", "ALL_PROXY", "all_proxy"]
    };
    let Some((name, value)) = names.iter().find_map(|name| set(name).map(|v| (*name, v))) else {
        return Ok(None);
    };
    ureq::Proxy::new(value.trim()).map(Some).map_err(|_| {
        format!("{name} is not a proxy URL voiperr can use; fix it or unset it for --check")
    })
}

impl Client {
    pub fn new(
        base: ApiBase,
        key: AccessKey,
        env: &dyn Fn(&str) -> Option<String>,
    ) -> Result<Client, String> {
        let config: Config = Agent::config_builder()
            .timeout_connect(Some(TIMEOUT))
            .timeout_recv_response(Some(TIMEOUT))
            .timeout_recv_body(Some(TIMEOUT))
            .http_status_as_error(false)
            // A redirect would take the key along: it is reported, not followed.
            .max_redirects(0)
            .proxy(proxy_for(&base, env)?)
            .user_agent(concat!(
                "voiperr/",
                env!("CARGO_PKG_VERSION"),
                " (diagnose --check)"
            ))
            .build();
        Ok(Client {
            agent: config.into(),
            base,
            key,
        })
    }

    /// Why a request got no answer, in words that never include the URL.
    fn failure(&self, error: &ureq::Error) -> String {
        let host = &self.base.host;
        match error {
            ureq::Error::Timeout(_) => {
                format!("no answer from {host} within {} s", TIMEOUT.as_secs())
            }
            ureq::Error::HostNotFound => {
                format!("cannot resolve {host}: check the base URL and DNS")
            }
            ureq::Error::Io(e) if e.kind() == std::io::ErrorKind::ConnectionRefused => {
                format!("{host} refused the connection: is the base URL right?")
            }
            ureq::Error::Io(e) if e.kind() == std::io::ErrorKind::TimedOut => {
                format!("no answer from {host} within {} s", TIMEOUT.as_secs())
            }
            // rustls reports a failed handshake as invalid data.
            ureq::Error::Io(e)
                if e.kind() == std::io::ErrorKind::InvalidData
                    && self.base.url.starts_with("https:") =>
            {
                format!("TLS with {host} failed ({e})")
            }
            ureq::Error::Io(e) => format!("the connection to {host} failed ({})", e.kind()),
            ureq::Error::Tls(why) => format!("TLS with {host} failed: {why}"),
            ureq::Error::Rustls(e) => format!("TLS with {host} failed: {e}"),
            ureq::Error::ConnectProxyFailed(_) | ureq::Error::InvalidProxyUrl => {
                "the proxy refused or failed the connection: check HTTPS_PROXY and NO_PROXY"
                    .to_owned()
            }
            _ => format!("the request to {host} failed (not an HTTP answer)"),
        }
    }
}

impl Fetch for Client {
    fn get(&mut self, path: &str) -> Answer {
        let url = format!(
            "{}{path}?accesskey={}",
            self.base.url,
            query_value(self.key.expose())
        );
        let mut response = match self
            .agent
            .get(&url)
            .header("Accept", "application/json")
            .call()
        {
            Ok(response) => response,
            Err(error) => return Answer::Failed(self.failure(&error)),
        };
        let status = response.status().as_u16();
        let header = |name: &str| {
            response
                .headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned)
        };
        let retry_after = header("retry-after");
        let redirect_host =
            header("location").map(|to| host_of(&to).unwrap_or_else(|| self.base.host.clone()));
        match response
            .body_mut()
            .with_config()
            .limit(BODY_LIMIT as u64)
            .read_to_vec()
        {
            Ok(body) => Answer::Response {
                status,
                body,
                retry_after,
                redirect_host,
            },
            Err(ureq::Error::BodyExceedsLimit(_)) => Answer::TooLarge {
                status,
                limit: BODY_LIMIT,
            },
            Err(error) => Answer::Failed(self.failure(&error)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_proxy_matches_hosts_and_domains_as_curl_does() {
        assert!(bypasses_proxy("localhost, 127.0.0.1", "127.0.0.1"));
        assert!(bypasses_proxy(".voipbin.net", "api.voipbin.net"));
        assert!(bypasses_proxy("voipbin.net", "api.voipbin.net"));
        assert!(bypasses_proxy("*", "api.voipbin.net"));
        assert!(!bypasses_proxy("bin.net", "api.voipbin.net"));
        assert!(!bypasses_proxy("", "api.voipbin.net"));
    }

    #[test]
    fn the_proxy_is_chosen_by_the_base_scheme() {
        let base = ApiBase::parse("https://api.voipbin.net/v1.0", "t").expect("ok");
        let env = |name: &str| (name == "http_proxy").then(|| "http://127.0.0.1:3128".to_owned());
        assert!(
            proxy_for(&base, &env).expect("ok").is_none(),
            "http_proxy is for http"
        );
        let env = |name: &str| (name == "HTTPS_PROXY").then(|| "http://127.0.0.1:3128".to_owned());
        assert!(proxy_for(&base, &env).expect("ok").is_some());
        let env = |name: &str| match name {
            "HTTPS_PROXY" => Some("http://127.0.0.1:3128".to_owned()),
            "NO_PROXY" => Some("voipbin.net".to_owned()),
            _ => None,
        };
        assert!(proxy_for(&base, &env).expect("ok").is_none());
    }
}
