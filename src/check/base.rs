//! The API base a check may go to, decided before any connection: https,
//! or http to this machine (tests, local proxies), and nothing else.

use std::net::{IpAddr, Ipv6Addr};

/// Where `vn` sends requests when nothing else is configured.
pub const DEFAULT_BASE: &str = "https://api.voipbin.net/v1.0";

/// A checked API base: `scheme://host[:port][/path]`, no trailing slash.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiBase {
    /// The whole base, as requests are built on it.
    pub url: String,
    /// Lower case, without brackets or port.
    pub host: String,
    /// The path part (`/v1.0`), empty for none.
    pub path: String,
}

/// Whether `host` is this machine: `localhost`, 127.0.0.0/8 or ::1.
fn is_loopback(host: &str) -> bool {
    host == "localhost"
        || host
            .parse::<IpAddr>()
            .is_ok_and(|ip| ip.is_loopback() || ip == IpAddr::V6(Ipv6Addr::LOCALHOST))
}

impl ApiBase {
    /// Checks a base URL; the error is one sentence for the user. `from`
    /// says where it came from (`--api-url`, a profile).
    pub fn parse(text: &str, from: &str) -> Result<ApiBase, String> {
        let refuse = |why: &str| {
            Err(format!(
                "{from} '{}' {why}; give an https URL such as {DEFAULT_BASE} (http only to this machine: http://127.0.0.1:PORT/v1.0)",
                crate::untrusted::Untrusted::new(text)
            ))
        };
        let text = text.trim();
        let Some((scheme, rest)) = text.split_once("://") else {
            return refuse("is not a URL");
        };
        let scheme = scheme.to_ascii_lowercase();
        if scheme != "https" && scheme != "http" {
            return refuse("is not an http or https URL");
        }
        if rest.contains(['?', '#']) {
            return refuse("has a query or fragment");
        }
        let (authority, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
        if authority.contains('@') {
            return refuse("carries credentials");
        }
        let (host, port) = match authority.strip_prefix('[') {
            Some(v6) => match v6.split_once(']') {
                Some((host, port)) => (host, port),
                None => return refuse("has an unclosed IPv6 address"),
            },
            None => authority.split_at(authority.find(':').unwrap_or(authority.len())),
        };
        let port_ok = match port.strip_prefix(':') {
            Some(digits) => digits.parse::<u16>().is_ok_and(|p| p > 0),
            None => port.is_empty(),
        };
        let host_ok = !host.is_empty()
            && host
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':'));
        if !host_ok || !port_ok {
            return refuse("has no valid host and port");
        }
        let host = host.to_ascii_lowercase();
        if scheme == "http" && !is_loopback(&host) {
            return refuse(
                "is plain http to another machine, which would send the access key unencrypted",
            );
        }
        let path = path.trim_end_matches('/');
        if !path
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '/' | '.' | '-' | '_'))
        {
            return refuse("has a path with characters a base path does not have");
        }
        Ok(ApiBase {
            url: format!("{scheme}://{}{path}", authority.to_ascii_lowercase()),
            host,
            path: path.to_owned(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn https_anywhere_and_http_to_this_machine_only() {
        let base = ApiBase::parse("https://API.voipbin.net/v1.0/", "--api-url").expect("ok");
        assert_eq!(base.url, "https://api.voipbin.net/v1.0");
        assert_eq!(
            (base.host.as_str(), base.path.as_str()),
            ("api.voipbin.net", "/v1.0")
        );
        for local in [
            "http://127.0.0.1:8080/v1.0",
            "http://localhost:1/v1.0",
            "http://[::1]:9/x",
            "http://127.3.2.1",
        ] {
            assert!(ApiBase::parse(local, "--api-url").is_ok(), "{local}");
        }
        for refused in [
            "http://example.invalid/v1.0",
            "http://10.0.0.1/v1.0",
            "ftp://api.voipbin.net",
            "api.voipbin.net/v1.0",
            "https://user:pw@api.voipbin.net/v1.0",
            "https://api.voipbin.net/v1.0?accesskey=x",
            "https://api.voipbin.net:0/v1.0",
            "https:///v1.0",
            "https://api.voipbin.net/v1.0/%2e%2e",
            "http://localhost.example.invalid/v1.0",
        ] {
            let error = ApiBase::parse(refused, "--api-url").expect_err(refused);
            assert!(error.starts_with("--api-url '"), "{error}");
        }
    }
}
