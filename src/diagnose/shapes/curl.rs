//! curl -v's markup around the exchange: `* info`, `> request`,
//! `< response`, `{ [171 bytes data]`. The scanner reads what is marked as
//! the request line, status line, headers and their end it is, and still
//! searches the line for JSON, so a log line that happens to start like a
//! marker loses nothing.

/// What a marked line is.
#[derive(Debug, PartialEq)]
pub enum Marked<'l> {
    /// curl's own information (`* Connected to …`, `{ [171 bytes data]`).
    Info,
    /// A line of the request sent (`> POST /v1.0/calls HTTP/1.1`), unmarked.
    Sent(&'l str),
    /// A line of the response (`< HTTP/1.1 404`, `< Retry-After: 17`, `<`), unmarked.
    Received(&'l str),
}

pub fn marked(line: &str) -> Option<Marked<'_>> {
    if line.starts_with("* ") || line == "*" || line.starts_with("{ [") || line.starts_with("} [") {
        return Some(Marked::Info);
    }
    // `> ` and `< ` and nothing else: `<html>` is a body.
    let after = |mark: char| {
        line.strip_prefix(mark)
            .filter(|rest| rest.is_empty() || rest.starts_with(' '))
            .map(str::trim)
    };
    after('>')
        .map(Marked::Sent)
        .or_else(|| after('<').map(Marked::Received))
}

/// The request a curl command line makes (`curl --request POST
/// 'https://…'`, as Hurl prints it to rerun a request, or a script's
/// `$ curl -X POST …`): its method and URL. GET unless `-X`/`--request`
/// or a data option says otherwise.
pub fn command(line: &str) -> Option<(Option<&str>, &str)> {
    let t = line.trim_start_matches(['*', '$', '+', ' ']);
    let mut words = t.strip_prefix("curl ")?.split_whitespace();
    let (mut method, mut url, mut data) = (None, None, false);
    while let Some(word) = words.next() {
        match word {
            "-X" | "--request" => method = words.next().map(|m| m.trim_matches(['\'', '"'])),
            _ if word.starts_with("-d") || word.starts_with("--data") || word == "--json" => {
                data = true;
            }
            _ => {
                let bare = word.trim_matches(['\'', '"']);
                if url.is_none() && (bare.starts_with("http://") || bare.starts_with("https://")) {
                    url = Some(bare);
                }
            }
        }
    }
    let method = method.or(data.then_some("POST")).or(Some("GET"));
    url.map(|url| (method, url))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn command_lines() {
        assert_eq!(
            command("* curl --request POST 'http://h/v1.0/calls'"),
            Some((Some("POST"), "http://h/v1.0/calls"))
        );
        assert_eq!(
            command("* curl 'http://h/v1.0/calls'"),
            Some((Some("GET"), "http://h/v1.0/calls"))
        );
        assert_eq!(
            command("$ curl -d '{}' https://h/v1.0/calls"),
            Some((Some("POST"), "https://h/v1.0/calls"))
        );
        assert_eq!(command("* curl --version"), None);
        assert_eq!(command("* Connected to h"), None);
    }

    #[test]
    fn markers() {
        assert_eq!(marked("* Connected to h"), Some(Marked::Info));
        assert_eq!(
            marked("> GET /v1.0/calls HTTP/1.1"),
            Some(Marked::Sent("GET /v1.0/calls HTTP/1.1"))
        );
        assert_eq!(
            marked("< Retry-After: 17"),
            Some(Marked::Received("Retry-After: 17"))
        );
        assert_eq!(marked("<"), Some(Marked::Received("")));
        assert_eq!(marked("<html>"), None);
        assert_eq!(marked("*bold*"), None);
    }
}
