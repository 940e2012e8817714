//! Node's `util.inspect` of an error object, as an uncaught exception or
//! `console.error(err)` prints it (axios, got, ky, superagent, undici):
//! an `…Error` line, its stack, then the error's properties, one per line,
//! to a `}` at the first column. The properties name the status
//! (`status: 404`, `statusCode: 404`), the request (`method`, `url`), the
//! headers (`'retry-after': '17'`, or `'retry-after' => { …, value: '17' }`)
//! and the body: a JSON string (`text: '{"error":…}'`), a string
//! (`data: '<html>…' +`), or an object (`data: { error: { reason: 'X', … } }`).

use std::borrow::Cow;

use super::fields::{RecordField, record_field};
use super::{Sentence, Shape, Shown, Step, trimmed};

/// The most of a body an inspected object's properties are kept for.
const MAX_BODY: usize = 16 * 1024 * 1024;

/// What a hidden body takes to see, in Node.
pub const HIDDEN_BODY: &str = "Print the response body itself (axios: error.response.data; superagent: err.response.text; undici: await body.text()), or inspect the error with a greater depth: it says which reason.";

/// `AxiosError: Request failed with status code 404`, `HTTPError: …`,
/// `<ref *4> Error: Not Found`, `[ResponseError: Response Error] {`: an
/// error object at the first column, whose properties follow.
fn error_line(line: &str) -> Option<Step<'_>> {
    let rest = line
        .strip_prefix("<ref *")
        .map_or(line, |r| r.split_once("> ").map_or(r, |(_, after)| after));
    let marked = rest.len() < line.len() || rest.starts_with('[');
    let rest = rest.strip_prefix('[').unwrap_or(rest);
    let name_end = rest.find(|c: char| !c.is_ascii_alphanumeric())?;
    let name = &rest[..name_end];
    // A bare `Error: …` is any program's (Rust's `main` prints one): only
    // an error class of its own, or an inspected `<ref *1> Error`, is Node's.
    if !name.ends_with("Error")
        || name == "Error" && !marked
        || !rest[name_end..].starts_with([':', ']'])
    {
        return None;
    }
    // The line also tells the status when it says it (`… status code 404`).
    let told = match (super::sentence::SENTENCE.read)(line) {
        Some(Step::Sentence(sentence)) => Some(Sentence {
            body: match sentence.body {
                Shown::Hidden(_) => Shown::Hidden(HIDDEN_BODY),
                Shown::Next(_) => Shown::Next(HIDDEN_BODY),
                shown => shown,
            },
            ..sentence
        }),
        _ => None,
    };
    Some(Step::Inspected(told))
}

pub static ERROR: Shape = Shape {
    name: "Node error object",
    read: error_line,
    first: |b| b.is_ascii_alphanumeric() || matches!(b, b'<' | b'['),
    holds_code: false,
    starts_record: true,
    samples: &[
        "AxiosError: Request failed with status code 404",
        "HTTPError: Request failed with status code 404 (Not Found): POST http://h/v1.0/calls/x/hangup",
        "<ref *4> Error: Not Found",
        "[ResponseError: Response Error] {",
    ],
};

/// Whether a line ends the inspected object: `}` at the first column (the
/// line is the object's, and taken), or any other line there (not taken).
pub fn ends_object(line: &str) -> Option<bool> {
    if line.starts_with('}') {
        return Some(true);
    }
    (!line.is_empty() && !line.starts_with([' ', '\t'])).then_some(false)
}

/// An inspected error object being read: what its properties said so far.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Inspected {
    method: Option<String>,
    url: Option<String>,
    /// A body object being read over several lines (`data: {` … `}`): its
    /// indent and its text so far.
    object: Option<(usize, String)>,
    /// The body (a string, or an object as JSON), read when the object ends:
    /// the URL may come after it.
    body: Option<String>,
    /// The string body goes on over the next lines (`'…' +`).
    string_goes_on: bool,
    /// `'content-length': '143'`: an empty string body was not the whole body.
    length: Option<u64>,
}

/// What a property tells about the exchange at once.
#[derive(Debug, PartialEq)]
pub enum Told {
    Nothing,
    /// The HTTP status (`status: 404`, `statusCode: 404`).
    Status(u16),
    /// A response header (`'retry-after': '17'`, `'x-request-id': …`).
    Header(String, String),
}

impl Inspected {
    /// One line inside the object; `status_known` once the exchange has its
    /// status (a body is the status's body only then).
    pub fn line(&mut self, line: &str, status_known: bool) -> Told {
        if let Some((indent, text)) = &mut self.object {
            if text.len() + line.len() < MAX_BODY {
                text.push_str(line.trim());
                text.push(' ');
            }
            let rest = line.trim_start();
            if rest.starts_with('}') && line.len() - rest.len() == *indent {
                let (_, text) = self.object.take().unwrap_or_default();
                self.body = to_json(text.trim_end().trim_end_matches(','));
            }
            return Told::Nothing;
        }
        let (indent, key, value) = match property(line) {
            Some(p) => (p.indent, p.key, p.value),
            None if self.string_goes_on => match string_piece(line) {
                Some(value) => (usize::MAX, "", value),
                None => return Told::Nothing,
            },
            None => return Told::Nothing,
        };
        let field = record_field(key.as_bytes());
        let body_key = (key == "data" || field == Some(RecordField::Body)) && self.body.is_none();
        match value {
            Value::Open if body_key && status_known && line.ends_with('{') => {
                self.object = Some((indent, "{ ".to_owned()));
            }
            // `data: { msg: '…' }` on one line; `{ error: [Object] }` hides the envelope.
            Value::Other(literal)
                if body_key
                    && status_known
                    && literal.starts_with('{')
                    && !literal.contains("error: [Object]") =>
            {
                self.body = to_json(literal);
            }
            Value::Number(code)
                if (key == "status" || field == Some(RecordField::HttpCode)) && !status_known =>
            {
                if let Ok(code @ 100..=599) = u16::try_from(code) {
                    return Told::Status(code);
                }
            }
            Value::Text { text, .. }
                if field == Some(RecordField::Method) && self.method.is_none() =>
            {
                self.method = Some(text.to_ascii_uppercase()).filter(|m| !m.is_empty());
            }
            Value::Text { text, .. } if field == Some(RecordField::Url) && self.url.is_none() => {
                self.url = Some(text.into_owned()).filter(|u| u.contains("://"));
            }
            Value::Text { text, .. } if key == "content-length" => {
                self.length = text.parse().ok();
            }
            Value::Text { text, .. }
                if field == Some(RecordField::RetryAfter) || key == "x-request-id" =>
            {
                return Told::Header(key.to_owned(), text.into_owned());
            }
            Value::Text { text, continued } if status_known && (key.is_empty() || body_key) => {
                self.string_goes_on = continued;
                let body = self.body.get_or_insert_with(String::new);
                if body.len() + text.len() <= MAX_BODY {
                    body.push_str(&text);
                }
            }
            _ => {}
        }
        Told::Nothing
    }

    /// The object is over: the method and URL it named, and the body it
    /// showed (None when it hid it: undici keeps only JSON and text bodies,
    /// so `body: ''` with a length is a hidden one).
    pub fn end(self) -> (Option<(Option<String>, String)>, Option<String>) {
        let cut = self.length.is_some_and(|n| n > 0);
        let body = self.body.filter(|b| !b.is_empty() || !cut);
        (self.url.map(|url| (self.method, url)), body)
    }
}

/// One property line of an inspected object.
#[derive(Debug, PartialEq)]
pub struct Property<'l> {
    pub indent: usize,
    pub key: &'l str,
    pub value: Value<'l>,
}

#[derive(Debug, PartialEq)]
pub enum Value<'l> {
    Number(u64),
    /// A string, its escapes undone; `continued` when `' +` joins the next line's.
    Text {
        text: Cow<'l, str>,
        continued: bool,
    },
    /// An object or array that opens here and goes on over the next lines.
    Open,
    /// Anything else, as written: `undefined`, `[Function: x]`, `{ msg: 'x' }`.
    Other(&'l str),
}

/// `  key: value,` (the key bare or quoted), or a Map entry
/// `  'key' => { name: 'key', value: 'v' },`.
pub fn property(line: &str) -> Option<Property<'_>> {
    let rest = line.trim_start();
    let indent = line.len() - rest.len();
    let (key, value) = match rest.split_once(" => ") {
        Some((key, entry)) => (
            key,
            entry
                .split_once("value: ")?
                .1
                .trim_end_matches([' ', '}', ',']),
        ),
        None => rest.split_once(": ")?,
    };
    let key = key.trim_matches('\'');
    if key.is_empty()
        || !key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
    {
        return None;
    }
    let value = value.strip_suffix(',').unwrap_or(value);
    Some(Property {
        indent,
        key,
        value: parse_value(value),
    })
}

fn parse_value(value: &str) -> Value<'_> {
    if let Ok(n) = value.parse() {
        return Value::Number(n);
    }
    if value == "{" || value == "[" {
        return Value::Open;
    }
    let (quoted, continued) = match value.strip_suffix(" +") {
        Some(v) => (v, true),
        None => (value, false),
    };
    match quoted.strip_prefix('\'').and_then(|q| q.strip_suffix('\'')) {
        Some(inner) => Value::Text {
            text: unescape(inner),
            continued,
        },
        None => Value::Other(value),
    }
}

/// The text of a `'…'` literal as `util.inspect` writes it.
pub fn unescape(inner: &str) -> Cow<'_, str> {
    if !inner.contains('\\') {
        return Cow::Borrowed(inner);
    }
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('r') => out.push('\r'),
            Some(other) => out.push(other),
            None => {}
        }
    }
    Cow::Owned(out)
}

/// An inspected object literal (`{ error: { reason: 'X', details: [ [Object] ] } }`)
/// as JSON, for the JSON reader: bare keys quoted, `'…'` strings as JSON
/// strings, `undefined` and what inspect left out (`[Object]`, `[Array]`,
/// `[Function: f]`) as null. None for what is not such a literal.
pub fn to_json(literal: &str) -> Option<String> {
    let mut out = String::with_capacity(literal.len() + 16);
    let mut rest = literal.trim();
    while let Some(c) = rest.chars().next() {
        match c {
            '{' | '}' | '[' | ']' | ',' | ':'
                if !rest.starts_with("[O")
                    && !rest.starts_with("[A")
                    && !rest.starts_with("[F") =>
            {
                out.push(c);
                rest = &rest[1..];
            }
            '[' => {
                // `[Object]`, `[Array]`, `[Function: f]`: left out by inspect.
                let end = rest.find(']')?;
                out.push_str("null");
                rest = &rest[end + 1..];
            }
            '\'' => {
                let mut end = 1;
                let bytes = rest.as_bytes();
                while end < bytes.len() && bytes[end] != b'\'' {
                    end += if bytes[end] == b'\\' { 2 } else { 1 };
                }
                let inner = rest.get(1..end)?;
                out.push_str(&serde_json::to_string(&unescape(inner)).ok()?);
                rest = rest.get(end + 1..)?;
            }
            c if c.is_whitespace() => rest = rest.trim_start(),
            c if c == '-' || c.is_ascii_digit() => {
                let end = rest
                    .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '+')))
                    .unwrap_or(rest.len());
                out.push_str(&rest[..end]);
                rest = &rest[end..];
            }
            c if c.is_ascii_alphabetic() || c == '_' || c == '$' => {
                let end = rest
                    .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '$'))
                    .unwrap_or(rest.len());
                let word = &rest[..end];
                rest = &rest[end..];
                if rest.trim_start().starts_with(':') {
                    out.push('"');
                    out.push_str(word);
                    out.push('"');
                } else {
                    out.push_str(match word {
                        "true" | "false" | "null" => word,
                        _ => "null",
                    });
                }
            }
            _ => return None,
        }
    }
    Some(out)
}

/// A `'…' +` line that goes on a string begun on an earlier line.
pub fn string_piece(line: &str) -> Option<Value<'_>> {
    let value = trimmed(line);
    let value = value.strip_suffix(',').unwrap_or(value);
    match parse_value(value) {
        text @ Value::Text { .. } => Some(text),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn properties() {
        let p = property("  status: 404,").expect("a property");
        assert_eq!(
            (p.indent, p.key, p.value),
            (2, "status", Value::Number(404))
        );
        let p = property("          'retry-after' => { name: 'retry-after', value: '17' },")
            .expect("a Map entry");
        assert_eq!(p.key, "retry-after");
        assert_eq!(
            p.value,
            Value::Text {
                text: Cow::Borrowed("17"),
                continued: false
            }
        );
        let p = property(r#"      text: '{"error": {"reason": "X", "message": "it\'s"}}',"#)
            .expect("text");
        let Value::Text { text, .. } = p.value else {
            panic!("a string")
        };
        assert_eq!(text, r#"{"error": {"reason": "X", "message": "it's"}}"#);
        assert_eq!(property("    data: {").map(|p| p.value), Some(Value::Open));
        assert_eq!(
            property("    data: { error: [Object] },").map(|p| p.value),
            Some(Value::Other("{ error: [Object] }"))
        );
        let Some(Value::Text {
            continued: true, ..
        }) = property("    data: '<html>\\n' +").map(|p| p.value)
        else {
            panic!("a continued string")
        };
        assert!(property("    at Request.callback (/x.js:1:2)").is_none());
    }

    #[test]
    fn object_literals_as_json() {
        assert_eq!(
            to_json(
                "{ error: { status: 'NOT_FOUND', reason: 'X', details: [ { limited_by: 'ip' } ] } }"
            )
            .as_deref(),
            Some(
                r#"{"error":{"status":"NOT_FOUND","reason":"X","details":[{"limited_by":"ip"}]}}"#
            )
        );
        assert_eq!(
            to_json("{ msg: 'it\\'s \"x\"', n: 1.5, u: undefined, d: [ [Object] ] }").as_deref(),
            Some(r#"{"msg":"it's \"x\"","n":1.5,"u":null,"d":[null]}"#)
        );
        assert_eq!(
            to_json("{ error: [Object] }").as_deref(),
            Some(r#"{"error":null}"#)
        );
        assert_eq!(to_json("{ a: Symbol(x) }"), None);
    }

    #[test]
    fn error_lines() {
        assert!(
            matches!(error_line("AxiosError: Request failed with status code 429"), Some(Step::Inspected(Some(s))) if s.code == 429)
        );
        assert!(matches!(
            error_line("<ref *4> Error: Not Found"),
            Some(Step::Inspected(None))
        ));
        assert!(error_line("requests.exceptions.HTTPError: 404").is_none());
        assert!(error_line("Errors: none").is_none());
    }
}
