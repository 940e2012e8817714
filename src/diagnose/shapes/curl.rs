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

#[cfg(test)]
mod tests {
    use super::*;

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
