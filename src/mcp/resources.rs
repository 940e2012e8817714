//! The catalog as MCP resources: `voiperr://reason/NAME` is what `explain
//! --json NAME` says of one reason, `voiperr://endpoint/METHOD/PATH` (the path
//! URL-encoded, as an RFC 6570 `{path}` expands it) what `endpoint --json` says.

use rmcp::ErrorData;
use rmcp::model::{Resource, ResourceTemplate};
use serde_json::json;

use super::json;
use crate::catalog::Catalog;
use crate::commands::{endpoint, explain};
use crate::endpoint::Request;
use crate::untrusted::shortened;

pub const MIME_TYPE: &str = "application/json";
const REASON: &str = "voiperr://reason/";
const ENDPOINT: &str = "voiperr://endpoint/";

/// Every reason, unpublished ones included.
pub fn list() -> Vec<Resource> {
    Catalog::get()
        .reasons()
        .iter()
        .map(|reason| {
            Resource::new(format!("{REASON}{}", reason.name()), reason.name())
                .with_description(reason.cause_on_server().into_owned())
                .with_mime_type(MIME_TYPE)
        })
        .collect()
}

pub fn templates() -> Vec<ResourceTemplate> {
    vec![
        ResourceTemplate::new(format!("{REASON}{{name}}"), "reason")
            .with_title("A VoIPbin error reason")
            .with_description(
                "One reason as `voiperr explain --json` shows it: HTTP code, cause, fix, retry advice and what the server really does. NAME as the API sends it (CALL_NOT_FOUND).",
            )
            .with_mime_type(MIME_TYPE),
        ResourceTemplate::new(format!("{ENDPOINT}{{method}}/{{path}}"), "endpoint")
            .with_title("What a VoIPbin endpoint can answer")
            .with_description(
                "The reasons and field notes of one endpoint, as `voiperr endpoint --json` shows them. METHOD like POST; PATH URL-encoded, like %2Fcalls%2F%7Bid%7D%2Fhangup.",
            )
            .with_mime_type(MIME_TYPE),
    ]
}

/// The JSON text of the resource at `uri`.
pub fn read(uri: &str) -> Result<String, ErrorData> {
    if let Some(name) = uri.strip_prefix(REASON) {
        let name = decoded(name)
            .ok_or_else(|| not_found(uri, "the reason name is not valid URL encoding"))?;
        return match explain::entry(&name, true) {
            explain::Entry::Reason(view) => Ok(json(&view)),
            _ => Err(not_found(
                uri,
                "no VoIPbin reason has that name; resources/list lists every reason, and the search_reasons tool finds them by words",
            )),
        };
    }
    if let Some(rest) = uri.strip_prefix(ENDPOINT) {
        let (method, path) = rest.split_once('/').ok_or_else(|| {
            not_found(
                uri,
                "an endpoint URI is voiperr://endpoint/METHOD/PATH, the path URL-encoded",
            )
        })?;
        let path =
            decoded(path).ok_or_else(|| not_found(uri, "the path is not valid URL encoding"))?;
        return match Request::parse(&format!("{method} {path}")) {
            Some(request) if request.method.is_some() => Ok(json(&endpoint::view(&request))),
            _ => Err(not_found(
                uri,
                "not a method and a request path; write voiperr://endpoint/POST/%2Fcalls%2F%7Bid%7D%2Fhangup",
            )),
        };
    }
    Err(not_found(
        uri,
        "not a voiperr resource; the URIs are voiperr://reason/NAME and voiperr://endpoint/METHOD/PATH",
    ))
}

fn not_found(uri: &str, sentence: &str) -> ErrorData {
    ErrorData::resource_not_found(
        sentence.to_owned(),
        Some(json!({ "uri": shortened(uri, 200) })),
    )
}

/// `text` with its `%XX` escapes decoded, if they are all valid and make UTF-8.
fn decoded(text: &str) -> Option<String> {
    let mut bytes = Vec::with_capacity(text.len());
    let mut rest = text.as_bytes();
    while let Some((&byte, after)) = rest.split_first() {
        rest = after;
        if byte != b'%' {
            bytes.push(byte);
            continue;
        }
        let [high, low, after @ ..] = rest else {
            return None;
        };
        let digit = |b: &u8| char::from(*b).to_digit(16);
        bytes.push(u8::try_from(digit(high)? * 16 + digit(low)?).ok()?);
        rest = after;
    }
    String::from_utf8(bytes).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_decode_and_bad_ones_are_refused() {
        assert_eq!(
            decoded("%2Fcalls%2F%7Bid%7D%2Fhangup").as_deref(),
            Some("/calls/{id}/hangup")
        );
        assert_eq!(decoded("/calls/abc").as_deref(), Some("/calls/abc"));
        assert_eq!(decoded("%C3%A9").as_deref(), Some("é"));
        for bad in ["%", "%2", "%zz", "%+F", "%FF", "a%2"] {
            assert_eq!(decoded(bad), None, "{bad}");
        }
    }

    #[test]
    fn a_reason_and_an_endpoint_read_as_the_cli_writes_them() {
        let reason = read("voiperr://reason/CALL_NOT_FOUND").expect("a reason");
        assert_eq!(reason, json(&explain::entry("CALL_NOT_FOUND", true)));
        let request = Request::parse("POST /calls/{id}/hangup").expect("a request");
        assert_eq!(
            read("voiperr://endpoint/POST/%2Fcalls%2F%7Bid%7D%2Fhangup").expect("an endpoint"),
            json(&endpoint::view(&request))
        );
    }

    #[test]
    fn what_is_not_a_resource_is_not_found() {
        for uri in [
            "voiperr://reason/NO_SUCH_REASON_XYZ",
            "voiperr://reason/404",
            "voiperr://reason/%zz",
            "voiperr://endpoint/POST",
            "voiperr://endpoint/FETCH/%2Fcalls",
            "voiperr://endpoint//%2Fcalls",
            "voiperr://endpoint/POST/calls",
            "file:///etc/passwd",
        ] {
            let error = read(uri).expect_err(uri);
            assert_eq!(
                error.code,
                rmcp::model::ErrorCode::RESOURCE_NOT_FOUND,
                "{uri}"
            );
        }
    }

    #[test]
    fn every_listed_resource_reads() {
        for resource in list() {
            assert!(read(&resource.uri).is_ok(), "{}", resource.uri);
        }
    }
}
