//! Node's `util.inspect` of an error object, as an uncaught exception or
//! `console.error(err)` prints it (axios, got, ky, superagent, undici):
//! an `…Error` line, its stack, then the error's properties, one per line,
//! to a `}` at the first column. The properties name the status
//! (`status: 404`, `statusCode: 404`), the request (`method`, `url`), the
//! headers (`'retry-after': '17'`, or `'retry-after' => { …, value: '17' }`)
//! and the body: a JSON string (`text: '{"error":…}'`), a string
//! (`data: '<html>…' +`), or an object (`data: { error: { reason: 'X', … } }`).

use std::borrow::Cow;

use super::{Sentence, Shape, Shown, Step, trimmed};

/// What a hidden body takes to see, in Node.
pub const HIDDEN_BODY: &str = "print the response body itself (axios: error.response.data; superagent: err.response.text; undici: await body.text()), or inspect the error with a greater depth: it says which reason";

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
    starts_record: true,
    samples: &[
        "AxiosError: Request failed with status code 404",
        "HTTPError: Request failed with status code 404 (Not Found): POST http://h/v1.0/calls/x/hangup",
        "<ref *4> Error: Not Found",
        "[ResponseError: Response Error] {",
    ],
};

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
