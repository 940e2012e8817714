//! Credentials in text from outside, found and masked: the values of keys
//! that name a credential (`data/secret-keys.tsv`), tokens known by their
//! shape alone (`data/secret-tokens.tsv`), the word after an authorization
//! scheme, a URL's `user:password@`, and JSON Web Tokens.
//!
//! Text is masked whole, not line by line: a value on the line after its
//! key, a pretty-printed `{"name": …, "value": …}` pair or a PEM block is
//! found across lines, and a mask keeps the line breaks it covers.

use std::borrow::Cow;
use std::sync::LazyLock;

use memchr::memmem::Finder;

/// How a key in `data/secret-keys.tsv` is recognised.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyShape {
    /// The end of any key, in any case (`token`: `access_token`, `X-Auth-Token`).
    Suffix,
    /// The whole key (`pass`: not `bypass` or `pass_count`).
    Whole,
    /// The whole key, before `=` only (`code=`, not `"code": 404`).
    Query,
    /// Anywhere in a key (`secret`: `SECRET_KEY_BASE`).
    Contains,
    /// The end of any key, when its value looks like a credential, not a word.
    Guarded,
    /// A command-line option whose next word is `user:password` (`curl -u`).
    UserOption,
}

/// What follows a token's prefix in `data/secret-tokens.tsv`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Body {
    /// At least `min` characters of `alphabet` (a bit per ASCII character).
    Run { alphabet: u128, min: usize },
    /// A PEM block whose header says `PRIVATE KEY`, to its `-----END`.
    Pem,
}

/// A credential known by its shape: a prefix, then its body.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TokenShape {
    pub prefix: &'static str,
    pub body: Body,
}

impl Body {
    /// Whether `b` may stand in a run of this body.
    pub fn allows(self, b: u8) -> bool {
        match self {
            Body::Run { alphabet, .. } => b < 128 && alphabet >> b & 1 == 1,
            Body::Pem => false,
        }
    }
}

// SECRET_KEYS and SECRET_TOKENS, checked and compiled in by build.rs.
include!(concat!(env!("OUT_DIR"), "/secrets_data.rs"));

/// Authorization schemes: the word after one is a credential. `Bearer` is
/// looked for on its own; `token` and `basic` are common words, so on their
/// own the word after them must look like a credential ([`looks_secret`],
/// [`is_basic_credentials`]); `digest` counts only as a key's value.
const SCHEMES: &[&str] = &["bearer", "basic", "digest", "token"];

const MASK: &str = "***";

/// The credential forms [`redact`] guarantees to mask: each marker, and what
/// must follow the secret for it to be one (a URL's `@host`). The property
/// tests and the `redact` fuzz target place a secret after each.
pub const CREDENTIAL_MARKERS: &[(&str, &str)] = &[
    ("https://user:", "@api.voipbin.net"),
    ("Authorization: ", ""),
    ("authorization: Bearer ", ""),
    ("Bearer ", ""),
    ("bearer\t", ""),
    ("Bearer\u{a0}", ""),
    ("Bearer Bearer ", ""),
    ("token=", ""),
    ("token=Bearer ", ""),
    ("?accesskey=", ""),
    ("&access_key=", ""),
    ("api_key=", ""),
    ("apikey=", ""),
    ("X-Api-Key: ", ""),
    ("accesskey%3D", ""),
    ("password=", ""),
    ("\"password\":\"", ""),
    ("\"accesskey\": \"", ""),
    ("\"token\":\"", ""),
    ("{\"Authorization\":\"Basic ", ""),
    ("'password': '", ""),
    ("Cookie: ", ""),
    ("Set-Cookie: a=", ""),
    ("?key=", ""),
    ("&sig=", ""),
    ("X-Amz-Signature=", ""),
    ("&pass:", ""),
    ("PHPSESSID=", ""),
    // Standing on its own: the `token` of `mytoken ` is not a scheme.
    (" Token ", ""),
    ("Bearer: ", ""),
    ("bearer%20", ""),
    ("Authorization%3A%20Bearer%20", ""),
    ("accesskey => ", ""),
    ("accesskey\t=\t", ""),
    // Hardening IV: headers, encodings and languages.
    ("X-Auth-Key: ", ""),
    ("Ocp-Apim-Subscription-Key: ", ""),
    ("{\"secret_key\": \"", ""),
    ("\"X-Api-Key\":[\"", "\"]"),
    ("map[X-Api-Key:[", "]]"),
    ("X-Api-Key:\n    ", ""),
    ("\"password\":\n  \"", "\""),
    ("curl -u admin:", " https://api.voipbin.net"),
    ("curl --user 'admin:", "'"),
    ("[('X-Api-Key', '", "')]"),
    ("<password>", "</password>"),
    ("SECRET_KEY=", ""),
    ("export DB_PASSWORD=", ""),
    ("token%253D", ""),
    ("token%25253D", ""),
    ("{\"name\":\"X-Api-Key\",\"value\":\"", "\"}"),
    (
        "{\n  \"name\": \"Authorization\",\n  \"value\": \"",
        "\"\n}",
    ),
    ("{\"value\":\"", "\",\"name\":\"X-Auth-Token\"}"),
    ("\"cookies\":[{\"name\":\"theme\",\"value\":\"", "\"}]"),
    ("AWSAccessKeyId=", ""),
    ("password := \"", "\""),
    // An option stands on its own: `a--token` is not one.
    (" --token ", ""),
    ("requests.get(u, auth=('admin', '", "'))"),
    ("X-Functions-Key: ", ""),
    ("Authorization:\n  Bearer ", ""),
    // JSON in a JSON string in another: escaped twice.
    (r#"\\\"password\\\":\\n    \\\""#, r#"\\\""#),
    (
        r#"{\\n  \\\"name\\\": \\\"credential\\\",\\n  \\\"value\\\": \\\""#,
        r#"\\\"\\n}"#,
    ),
];

fn starts_with_ci(bytes: &[u8], at: usize, word: &str) -> bool {
    bytes
        .get(at..at + word.len())
        .is_some_and(|b| b.eq_ignore_ascii_case(word.as_bytes()))
}

/// A URL-encoded character at `at` (`%3D`, also encoded again: `%253D`,
/// `%25253D`): its length, or 0.
fn encoded(bytes: &[u8], at: usize, hex: &str) -> usize {
    let mut len = 1;
    if bytes.get(at) != Some(&b'%') {
        return 0;
    }
    while starts_with_ci(bytes, at + len, "25") && !starts_with_ci(bytes, at + len, hex) {
        len += 2;
    }
    if starts_with_ci(bytes, at + len, hex) {
        len + hex.len()
    } else {
        0
    }
}

/// Whitespace of any kind at `at`: its length in bytes.
fn space_at(text: &str, at: usize) -> usize {
    text[at..]
        .chars()
        .next()
        .filter(|c| c.is_whitespace())
        .map_or(0, char::len_utf8)
}

/// Past whitespace (line breaks too), URL-encoded spaces (`%20`, `%2520`)
/// and escaped line breaks and tabs of JSON inside JSON (`\n`, `\\n`).
fn skip_spaces(text: &str, mut at: usize) -> usize {
    let bytes = text.as_bytes();
    while at < text.len() {
        match space_at(text, at) {
            // `\n`, and `\\n` of JSON escaped twice.
            0 if bytes[at] == b'\\' => {
                let slashes = bytes[at..].iter().take_while(|&&b| b == b'\\').count();
                match bytes.get(at + slashes) {
                    Some(b'n' | b'r' | b't') => at += slashes + 1,
                    _ => break,
                }
            }
            0 => match encoded(bytes, at, "20") {
                0 => break,
                n => at += n,
            },
            n => at += n,
        }
    }
    at
}

/// URL-encoded characters that end a value: space, `"`, `&`, `'`, `,`, `;`, line ends.
const ENCODED_ENDS: &[&str] = &["20", "22", "26", "27", "2c", "3b", "0a", "0d"];

/// The end of a bare value: the next space or delimiter, plain or URL-encoded.
fn word_end(text: &str, from: usize) -> usize {
    let bytes = text.as_bytes();
    text[from..]
        .char_indices()
        .find(|&(i, c)| {
            c.is_whitespace()
                || matches!(
                    c,
                    '&' | '"' | '\'' | ',' | ';' | ')' | ']' | '<' | '>' | '\\'
                )
                || (c == '%' && ENCODED_ENDS.iter().any(|e| encoded(bytes, from + i, e) > 0))
        })
        .map_or(text.len(), |(e, _)| from + e)
}

fn is_scheme(word: &str) -> bool {
    SCHEMES.iter().any(|s| word.eq_ignore_ascii_case(s))
}

/// The credential after a scheme word (`Bearer x`, `Bearer: x`,
/// `bearer%20x`; in `Bearer Bearer x` the scheme word repeated is not the
/// secret, the word after it is).
fn after_scheme(text: &str, scheme_end: usize) -> Option<(usize, usize)> {
    let mut start = skip_spaces(text, scheme_end);
    if matches!(text.as_bytes().get(start), Some(b':' | b'=')) {
        start = skip_spaces(text, start + 1);
    }
    if start == scheme_end {
        return None;
    }
    let (mut word, mut end) = (start, word_end(text, start));
    while is_scheme(&text[word..end]) {
        let next = skip_spaces(text, end);
        let next_end = word_end(text, next);
        if next == end || next_end == next {
            break;
        }
        (word, end) = (next, next_end);
    }
    (end > start).then_some((start, end))
}

/// What stands between a key and its value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Separator {
    /// `=`, `=>`, `:=`, `%3D`.
    Equals,
    /// `:`.
    Colon,
    /// `%3A`: a value ends where the encoded text does, not at the line's end.
    EncodedColon,
    /// `,` in a tuple or list: `('X-Api-Key', 'v')`.
    Comma,
    /// `>` of an XML element: `<password>v</password>`.
    Element,
}

/// The separator at `sep`, and where what follows it starts.
fn separator_at(bytes: &[u8], sep: usize) -> Option<(Separator, usize)> {
    match bytes[sep] {
        b'=' if bytes.get(sep + 1) == Some(&b'>') => Some((Separator::Equals, sep + 2)),
        b'=' => Some((Separator::Equals, sep + 1)),
        b':' if bytes.get(sep + 1) == Some(&b'=') => Some((Separator::Equals, sep + 2)),
        b':' => Some((Separator::Colon, sep + 1)),
        b',' => Some((Separator::Comma, sep + 1)),
        b'>' => Some((Separator::Element, sep + 1)),
        _ => match (encoded(bytes, sep, "3d"), encoded(bytes, sep, "3a")) {
            (0, 0) => None,
            (0, n) => Some((Separator::EncodedColon, sep + n)),
            (n, _) => Some((Separator::Equals, sep + n)),
        },
    }
}

/// Where a key would end before the separator at `sep`: past whitespace
/// (`%20` too), a closing quote, and the backslashes of an escaped one
/// (`\"password\":`, `\\\"password\\\":`).
fn key_end_before(bytes: &[u8], sep: usize) -> (usize, bool) {
    let mut end = sep;
    loop {
        if end > 0 && bytes[end - 1].is_ascii_whitespace() {
            end -= 1;
        } else if end >= 3 && bytes[end - 3..end].eq_ignore_ascii_case(b"%20") {
            end -= 3;
        } else {
            break;
        }
    }
    let mut quoted = false;
    if end > 0 && matches!(bytes[end - 1], b'"' | b'\'') {
        end -= 1;
        quoted = true;
        // Escaped once or more: JSON in a JSON string, and in another.
        while end > 0 && bytes[end - 1] == b'\\' {
            end -= 1;
        }
    }
    (end, quoted)
}

fn is_key_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.')
}

/// Where the key ending at `end` starts: letters, digits, `_`, `-` and `.`.
fn key_start(bytes: &[u8], end: usize) -> usize {
    bytes[..end]
        .iter()
        .rposition(|&b| !is_key_byte(b))
        .map_or(0, |at| at + 1)
}

/// The shapes of the rows of [`SECRET_KEYS`] the key ending at `name_end`
/// matches, in the file's order (options aside).
fn key_shapes(bytes: &[u8], name_end: usize) -> impl Iterator<Item = KeyShape> + '_ {
    let start_of_key = key_start(bytes, name_end);
    let last = name_end
        .checked_sub(1)
        .map(|at| bytes[at].to_ascii_lowercase());
    SECRET_KEYS.iter().filter_map(move |&(key, shape)| {
        let ends_alike = last == key.as_bytes().last().map(u8::to_ascii_lowercase);
        let matched = match shape {
            KeyShape::UserOption => false,
            KeyShape::Contains => bytes[start_of_key..name_end]
                .windows(key.len())
                .any(|w| w.eq_ignore_ascii_case(key.as_bytes())),
            _ if !ends_alike => false,
            _ => name_end.checked_sub(key.len()).is_some_and(|start| {
                bytes[start..name_end].eq_ignore_ascii_case(key.as_bytes())
                    && (matches!(shape, KeyShape::Suffix | KeyShape::Guarded)
                        || start == 0
                        || !matches!(bytes[start - 1], b'_' | b'0'..=b'9' | b'a'..=b'z' | b'A'..=b'Z'))
            }),
        };
        matched.then_some(shape)
    })
}

/// Whether a whole text (a HAR entry's `name`) is a key that names a credential.
fn names_a_secret(name: &str) -> bool {
    key_shapes(name.as_bytes(), name.len()).any(|shape| shape != KeyShape::Query)
}

/// The value that starts after a separator at `from`: a quoted string to its
/// quote, a list or tuple (`[…]`, `(…)`) to its end, a header's value
/// (`runs_to_line_end`) to the end of its line, else one word (with the word
/// after a scheme: `token=Bearer x`).
fn value_at(text: &str, from: usize, runs_to_line_end: bool) -> Option<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut at = skip_spaces(text, from);
    // On the next line, after the marker a client puts before each line (`> `, `< `, `* `).
    if text[from..at].contains('\n') {
        let marker = bytes[at..]
            .iter()
            .take(4)
            .take_while(|b| matches!(b, b'>' | b'<' | b'*' | b'|'))
            .count();
        if marker > 0 {
            at = skip_spaces(text, at + marker);
        }
    }
    if let Some(&open @ (b'[' | b'(')) = bytes.get(at) {
        let close = if open == b'[' { b']' } else { b')' };
        let mut depth = 0usize;
        let end = bytes[at..]
            .iter()
            .position(|&b| {
                depth += usize::from(b == open);
                depth -= usize::from(b == close);
                depth == 0
            })
            .map_or(text.len(), |e| at + e);
        return (end > at + 1).then_some((at + 1, end));
    }
    // A quoted value runs to its closing quote (an escaped one inside a JSON
    // string, escaped once or more).
    let slashes = bytes[at..].iter().take_while(|&&b| b == b'\\').count();
    let escaped = slashes > 0;
    let quote_at = at + slashes;
    if let Some(&q @ (b'"' | b'\'')) = bytes.get(quote_at) {
        let from = quote_at + 1;
        let end = text[from..]
            .find(|c: char| c as u32 == u32::from(q) || (escaped && c == '\\'))
            .map_or(text.len(), |e| from + e);
        return (end > from).then_some((from, end));
    }
    let end = if runs_to_line_end {
        text[at..].find('\n').map_or(text.len(), |e| at + e)
    } else {
        word_end(text, at)
    };
    let end = match is_scheme(&text[at..word_end(text, at)]) {
        true => after_scheme(text, word_end(text, at)).map_or(end, |(_, e)| e.max(end)),
        false => end,
    };
    (end > at).then_some((at, end))
}

/// Bytes looked at around a HAR-style `value` for its object's `name`.
const PAIR_REACH: usize = 1024;

/// The `name` of the `{"name": …, "value": …}` object around the key that
/// starts at `key_at` (`Name: "…"` in Go's and other languages' printing).
fn pair_name(text: &str, key_at: usize) -> Option<&str> {
    let bytes = text.as_bytes();
    let low = key_at.saturating_sub(PAIR_REACH);
    let open = low + bytes[low..key_at].iter().rposition(|&b| b == b'{')?;
    if bytes[open..key_at].contains(&b'}') {
        return None;
    }
    let high = (key_at + PAIR_REACH).min(bytes.len());
    let close = key_at + bytes[key_at..high].iter().position(|&b| b == b'}')?;
    let object = &text[open..close];
    let at = (0..object.len().saturating_sub(4)).find(|&i| {
        starts_with_ci(object.as_bytes(), i, "name")
            && (i == 0 || !is_key_byte(object.as_bytes()[i - 1]))
            && !object
                .as_bytes()
                .get(i + 4)
                .is_some_and(|&b| is_key_byte(b))
    })?;
    // Quotes may be escaped: a HAR entry in a JSON string.
    let rest = object[at + 4..]
        .trim_start_matches(['"', '\'', '\\'])
        .trim_start();
    let rest = rest.strip_prefix([':', '='])?.trim_start();
    let rest = rest.trim_start_matches('\\');
    let quote = rest.chars().next().filter(|c| matches!(c, '"' | '\''))?;
    let name = &rest[1..];
    Some(name[..name.find(quote)?].trim_end_matches('\\'))
}

/// The masked ranges of keyed values: `key=value`, `"key": "value"`,
/// `key%3Dvalue`, `('key', 'value')`, `<key>value</key>`, a HAR pair's
/// `value`, and a URL's `user:password@`.
fn keyed_values(text: &str, masks: &mut Vec<(usize, usize)>) {
    let bytes = text.as_bytes();
    let separators = memchr::memchr3_iter(b'=', b':', b'%', bytes)
        .chain(memchr::memchr2_iter(b',', b'>', bytes));
    for sep in separators {
        if bytes[sep..].starts_with(b"://") {
            masks.extend(userinfo(text, sep + 3));
            continue;
        }
        let Some((separator, after)) = separator_at(bytes, sep) else {
            continue;
        };
        let (name_end, quoted) = key_end_before(bytes, sep);
        // Every key ends in a letter: a time's `10:00` is over here.
        if !name_end
            .checked_sub(1)
            .is_some_and(|last| bytes[last].is_ascii_alphabetic())
        {
            continue;
        }
        let start = key_start(bytes, name_end);
        let before_key = start
            .checked_sub(1 + usize::from(quoted))
            .map(|at| bytes[at]);
        let value = match separator {
            // Only a tuple's or list's first item is a key: `('X-Api-Key', 'v')`.
            Separator::Comma => {
                let opened = bytes[..start.saturating_sub(1)]
                    .iter()
                    .rev()
                    .find(|b| !b.is_ascii_whitespace());
                if !quoted || !matches!(opened, Some(b'(' | b'[')) {
                    continue;
                }
                value_at(text, after, false)
            }
            Separator::Element => {
                if quoted || before_key != Some(b'<') {
                    continue;
                }
                let end = text[after..].find('<').map_or(text.len(), |e| after + e);
                (end > after).then_some((after, end))
            }
            Separator::Equals | Separator::Colon | Separator::EncodedColon => {
                // A header (`Authorization: …`) runs to the end of its line.
                let header = separator == Separator::Colon && !quoted;
                if bytes[start..name_end].eq_ignore_ascii_case(b"value") {
                    if pair_name(text, start).is_some_and(names_a_secret) {
                        masks.extend(value_at(text, after, header));
                    }
                    continue;
                }
                // Most keys name no credential: their values are not looked for.
                if key_shapes(bytes, name_end).next().is_none() {
                    continue;
                }
                value_at(text, after, header)
            }
        };
        let Some((from, end)) = value else {
            continue;
        };
        let found = key_shapes(bytes, name_end).any(|shape| match shape {
            KeyShape::Query => separator == Separator::Equals,
            KeyShape::Guarded => {
                let word = &text[from..word_end(text, from).clamp(from, end)];
                looks_secret(word) || word.len() >= 16
            }
            _ => true,
        });
        if found {
            masks.push((from, end));
        }
    }
}

/// `-u user:password`, `--user 'user:password'`, `--token VALUE`: the
/// value of a command-line option that names a credential, given as the
/// next word (`--token=VALUE` is a keyed value).
fn option_values(text: &str, masks: &mut Vec<(usize, usize)>) {
    let bytes = text.as_bytes();
    for at in memchr::memchr_iter(b'-', bytes) {
        if at > 0 && (bytes[at - 1].is_ascii_alphanumeric() || matches!(bytes[at - 1], b'-' | b'_'))
        {
            continue;
        }
        let name_end = at
            + bytes[at..]
                .iter()
                .position(|&b| !(b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-')))
                .unwrap_or(bytes.len() - at);
        if !bytes.get(name_end).is_some_and(u8::is_ascii_whitespace) {
            continue;
        }
        let option = &text[at..name_end];
        let user = SECRET_KEYS
            .iter()
            .any(|&(key, shape)| shape == KeyShape::UserOption && key == option);
        if !user && !option.starts_with("--") {
            continue;
        }
        // The next word, on the same line, unless it is another option.
        let from = name_end
            + text[name_end..]
                .find(|c: char| !c.is_whitespace() || c == '\n')
                .unwrap_or(0);
        if matches!(bytes.get(from), None | Some(b'-' | b'\n')) {
            continue;
        }
        let Some((from, end)) = value_at(text, from, false) else {
            continue;
        };
        let value = &text[from..end];
        let secret = match user {
            true => value.contains(':'),
            false => key_shapes(bytes, name_end).any(|shape| match shape {
                KeyShape::Query | KeyShape::UserOption => false,
                KeyShape::Guarded => looks_secret(value) || value.len() >= 16,
                _ => true,
            }),
        };
        if secret {
            masks.push((from, end));
        }
    }
}

/// How a JSON Web Token starts (built once: a search is made for every message).
static JWT_START: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new("eyJ"));

/// A JSON Web Token starting at `at` (`eyJ…`): its end.
fn jwt_end(text: &str, at: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    if bytes.get(at..at + 3) != Some(b"eyJ") {
        return None;
    }
    let b64 = |b: u8| b.is_ascii_alphanumeric() || b == b'-' || b == b'_';
    if at > 0 && b64(bytes[at - 1]) {
        return None;
    }
    let mut end = at;
    while end < bytes.len() && (b64(bytes[end]) || bytes[end] == b'.') {
        end += 1;
    }
    // A token has at least a header and a payload: `eyJ….eyJ…`.
    let dotted = text[at..end].split('.').filter(|p| !p.is_empty()).count() >= 2;
    (dotted && end - at >= 10).then_some(end)
}

/// `scheme://user:password@host`: the `user:password` range.
fn userinfo(text: &str, after_slashes: usize) -> Option<(usize, usize)> {
    let rest = &text[after_slashes..];
    let end =
        rest.find(|c: char| c.is_whitespace() || matches!(c, '/' | '?' | '#' | '@' | '"' | '\''))?;
    (rest.as_bytes()[end] == b'@' && rest[..end].contains(':'))
        .then_some((after_slashes, after_slashes + end))
}

/// Where a scheme word (`bearer`, `basic`, `token`) may start: each `b` and `t`.
fn scheme_starts(bytes: &[u8]) -> impl Iterator<Item = usize> + '_ {
    memchr::memchr3_iter(b'b', b'B', b't', bytes).chain(memchr::memchr_iter(b'T', bytes))
}

/// A word that looks like a credential rather than prose: a digit, a symbol,
/// or a capital after its first letter (`ZQX`, `ghp_1x`, not `expired` or `Expired`).
fn looks_secret(word: &str) -> bool {
    word.len() >= 3
        && (word.chars().skip(1).any(|c| !c.is_lowercase())
            || word.starts_with(|c: char| !c.is_alphabetic()))
}

/// Base64 of `user:password`, as HTTP Basic sends it (not the English word after "basic").
fn is_basic_credentials(word: &str) -> bool {
    let digits = word.trim_end_matches('=');
    if digits.len() < 4 || word.len() - digits.len() > 2 {
        return false;
    }
    let value = |b: u8| match b {
        b'A'..=b'Z' => Some(b - b'A'),
        b'a'..=b'z' => Some(b - b'a' + 26),
        b'0'..=b'9' => Some(b - b'0' + 52),
        b'+' | b'-' => Some(62),
        b'/' | b'_' => Some(63),
        _ => None,
    };
    let Some(sextets) = digits.bytes().map(value).collect::<Option<Vec<u8>>>() else {
        return false;
    };
    let decoded: Vec<u8> = sextets
        .chunks(4)
        .flat_map(|c| {
            let n = c
                .iter()
                .enumerate()
                .fold(0u32, |n, (i, &v)| n | (u32::from(v) << (18 - 6 * i)));
            let bytes = n.to_be_bytes();
            bytes[1..c.len()].to_vec()
        })
        .collect();
    decoded.contains(&b':') && decoded.iter().all(|b| b.is_ascii_graphic() || *b == b' ')
}

/// The credential after a scheme word standing on its own at `at`, if any.
fn bare_scheme_value(text: &str, at: usize) -> Option<(usize, usize)> {
    let bytes = text.as_bytes();
    if starts_with_ci(bytes, at, "bearer") {
        return after_scheme(text, at + "bearer".len());
    }
    // `token` and `basic` start a word: not the `token` of `access_token`.
    if at > 0 && (bytes[at - 1].is_ascii_alphanumeric() || matches!(bytes[at - 1], b'_' | b'-')) {
        return None;
    }
    let (scheme, check): (&str, fn(&str) -> bool) = if starts_with_ci(bytes, at, "basic") {
        ("basic", is_basic_credentials)
    } else if starts_with_ci(bytes, at, "token") {
        ("token", looks_secret)
    } else {
        return None;
    };
    let (from, end) = after_scheme(text, at + scheme.len())?;
    check(&text[from..word_end(text, from)]).then_some((from, end))
}

/// The token shapes by the first byte of their prefix: a quick pass over
/// text looks only at the few that start with the byte at hand.
static TOKENS_BY_FIRST_BYTE: LazyLock<Vec<Vec<&'static TokenShape>>> = LazyLock::new(|| {
    let mut by_first = vec![Vec::new(); 256];
    for shape in SECRET_TOKENS {
        by_first[usize::from(shape.prefix.as_bytes()[0])].push(shape);
    }
    by_first
});

/// A byte a token prefix starts with, in [`BYTE_CLASS`].
const FIRST: u8 = 1;
/// A byte that may separate a key from its value (`=`, `:`, `%`, `,`, `>`).
const SEPARATOR: u8 = 2;
/// The `-` an option starts with.
const DASH: u8 = 4;
/// A byte a scheme word starts with (`b`, `t`).
const SCHEME: u8 = 8;
/// The `e` of a JSON Web Token's `eyJ`.
const JWT: u8 = 16;

/// Each byte's classes, so one pass over a text says which searches it needs
/// (most text from outside holds none of what they look for).
static BYTE_CLASS: LazyLock<[u8; 256]> = LazyLock::new(|| {
    let mut class = [0u8; 256];
    for shape in SECRET_TOKENS {
        class[usize::from(shape.prefix.as_bytes()[0])] |= FIRST;
    }
    for (bytes, bit) in [
        (&b"=:%,>"[..], SEPARATOR),
        (b"-", DASH),
        (b"bBtT", SCHEME),
        (b"e", JWT),
    ] {
        for &b in bytes {
            class[usize::from(b)] |= bit;
        }
    }
    class
});

/// Whether a token may start at `at`: at the start of a word, or right after
/// a URL-encoded character (`%3D`, `%253D`) or a JSON escape (`\n`).
fn token_may_start(bytes: &[u8], at: usize) -> bool {
    let Some(&before) = at.checked_sub(1).and_then(|i| bytes.get(i)) else {
        return true;
    };
    if !(before.is_ascii_alphanumeric() || before == b'_') {
        return true;
    }
    let hex = |i: usize| bytes.get(i).is_some_and(u8::is_ascii_hexdigit);
    let escaped = at >= 2 && bytes[at - 2] == b'\\' && matches!(before, b'n' | b'r' | b't');
    let percent = at >= 3
        && hex(at - 1)
        && hex(at - 2)
        && (bytes[at - 3] == b'%'
            || (at >= 5 && bytes[at - 5..at - 2].eq_ignore_ascii_case(b"%25")));
    escaped || percent
}

/// A PEM private key block whose `-----BEGIN` is at `at`: the range from the
/// end of its header to its `-----END` (or the end of the text).
fn pem_body(text: &str, at: usize) -> Option<(usize, usize)> {
    let header_from = at + "-----BEGIN".len();
    let header_len = super::prefix(&text[header_from..], 120).find("-----")?;
    let header = &text[header_from..header_from + header_len];
    if !header.contains("PRIVATE KEY")
        || !header.bytes().all(|b| {
            b.is_ascii_uppercase() || b.is_ascii_digit() || matches!(b, b' ' | b'_' | b'-')
        })
    {
        return None;
    }
    let from = header_from + header_len + "-----".len();
    let end = text[from..]
        .find("-----END")
        .map_or(text.len(), |e| from + e);
    (end > from).then_some((from, end))
}

/// The bodies of tokens known by their shape (`ghp_…`, `AKIA…`, PEM blocks).
fn shaped_tokens(text: &str, masks: &mut Vec<(usize, usize)>) {
    let bytes = text.as_bytes();
    let class = &*BYTE_CLASS;
    let mut at = 0;
    while let Some(next) = bytes[at..]
        .iter()
        .position(|&b| class[usize::from(b)] & FIRST != 0)
    {
        at += next;
        if !token_may_start(bytes, at) {
            at += 1;
            continue;
        }
        let shapes = &TOKENS_BY_FIRST_BYTE[usize::from(bytes[at])];
        let found = shapes
            .iter()
            .filter(|shape| bytes[at..].starts_with(shape.prefix.as_bytes()))
            .find_map(|shape| {
                let from = at + shape.prefix.len();
                match shape.body {
                    Body::Pem => pem_body(text, at),
                    Body::Run { min, .. } => {
                        let run = bytes[from..]
                            .iter()
                            .position(|&b| !shape.body.allows(b))
                            .unwrap_or(bytes.len() - from);
                        (run >= min).then_some((from, from + run))
                    }
                }
            });
        match found {
            Some(range) => {
                masks.push(range);
                at = range.1.max(at + 1);
            }
            None => at += 1,
        }
    }
}

/// Masks credentials: values of keys that name one (`data/secret-keys.tsv`:
/// headers, query strings, JSON, dicts, tuples, XML, env files, options),
/// tokens known by their shape (`data/secret-tokens.tsv`), words after
/// `Bearer`/`Basic`, `user:pass@` in URLs, and bare JWTs. Each becomes
/// `***` (a token keeps its prefix: `ghp_***`); a mask over several lines
/// is one `***` per line, so the text keeps its lines.
pub fn redact(text: &str) -> Cow<'_, str> {
    let bytes = text.as_bytes();
    let class = &*BYTE_CLASS;
    let holds = bytes.iter().fold(0, |all, &b| all | class[usize::from(b)]);
    let mut masks: Vec<(usize, usize)> = Vec::new();
    if holds & SEPARATOR != 0 {
        keyed_values(text, &mut masks);
    }
    if holds & DASH != 0 {
        option_values(text, &mut masks);
    }
    if holds & SCHEME != 0 {
        for at in scheme_starts(bytes) {
            masks.extend(bare_scheme_value(text, at));
        }
    }
    if holds & JWT != 0 {
        for at in JWT_START.find_iter(bytes) {
            masks.extend(jwt_end(text, at).map(|end| (at, end)));
        }
    }
    if holds & FIRST != 0 {
        shaped_tokens(text, &mut masks);
    }
    if masks.is_empty() {
        return Cow::Borrowed(text);
    }
    // Ranges overlap when a key sits inside another's value: merged, all masked.
    masks.sort_unstable();
    let mut merged: Vec<(usize, usize)> = Vec::with_capacity(masks.len());
    for (from, end) in masks {
        match merged.last_mut() {
            Some(last) if from <= last.1 => last.1 = last.1.max(end),
            _ => merged.push((from, end)),
        }
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = 0;
    for (from, end) in merged {
        out.push_str(&text[rest..from]);
        for (i, line) in text[from..end].split('\n').enumerate() {
            if i > 0 {
                out.push('\n');
            }
            match line.trim() {
                "" => out.push_str(line),
                _ => out.push_str(MASK),
            }
        }
        rest = end;
    }
    out.push_str(&text[rest..]);
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn every_row_of_the_data_files_is_read() {
        for (file, rows) in [
            (
                include_str!("../../data/secret-keys.tsv"),
                SECRET_KEYS.len(),
            ),
            (
                include_str!("../../data/secret-tokens.tsv"),
                SECRET_TOKENS.len(),
            ),
        ] {
            let lines = file
                .lines()
                .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
                .count();
            assert_eq!(lines, rows, "a row of a data/secret-*.tsv file is not read");
        }
    }

    #[test]
    fn redacts_credentials() {
        for (input, expected) in [
            ("Authorization: Bearer abc.def", "Authorization: ***"),
            ("x Bearer abc.def y", "x Bearer *** y"),
            (
                "/calls?accesskey=SECRET&page=1",
                "/calls?accesskey=***&page=1",
            ),
            ("GET /ws?token=abc HTTP/1.1", "GET /ws?token=*** HTTP/1.1"),
            ("cookie: a=b; c=d", "cookie: ***"),
            ("nothing here", "nothing here"),
            ("token=", "token="),
            ("Bearer\tS1 x", "Bearer\t*** x"),
            ("Bearer\u{a0}S1 x", "Bearer\u{a0}*** x"),
            (
                r#"{"Authorization":"Basic dXNlcjpw"}"#,
                r#"{"Authorization":"***"}"#,
            ),
            ("Bearer Bearer S1 x", "Bearer *** x"),
            ("token=Bearer S1 x", "token=*** x"),
            ("X-Api-Key: S1", "X-Api-Key: ***"),
            ("a?api_key=S1&access_key=S2", "a?api_key=***&access_key=***"),
            ("u?accesskey%3DS1%26x", "u?accesskey%3D***%26x"),
            ("password=S1 next", "password=*** next"),
            (
                "https://user:S1@api.voipbin.net/x",
                "https://***@api.voipbin.net/x",
            ),
            (
                r#"{"password": "S1", "accesskey":"S2","token":"S3"}"#,
                r#"{"password": "***", "accesskey":"***","token":"***"}"#,
            ),
            (
                r#"body "{\"password\":\"S1\"}""#,
                r#"body "{\"password\":\"***\"}""#,
            ),
            (
                "jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOjF9.c2ln end",
                "jwt *** end",
            ),
        ] {
            assert_eq!(redact(input), expected, "{input}");
        }
    }

    /// Each key of `data/secret-keys.tsv`, with every separator its shape
    /// allows: the value is masked; where the shape forbids, it is not.
    #[test]
    fn every_secret_key_is_masked_with_every_separator() {
        const EQUALS: &[&str] = &["=", " = ", "\t=\t", " => ", "'=>'", "%3D", "%3d", "%253D"];
        const OTHERS: &[&str] = &[": ", ":", "%3A%20", "\":\"", "\": \""];
        for &(key, shape) in SECRET_KEYS {
            if shape == KeyShape::UserOption {
                continue;
            }
            // A guarded row for the same key masks a value that looks secret anyway.
            let guarded = SECRET_KEYS.contains(&(key, KeyShape::Guarded));
            for spelling in [key.to_owned(), key.to_uppercase()] {
                for sep in EQUALS.iter().chain(OTHERS) {
                    let close = &sep[sep.trim_end_matches(['"', '\'']).len()..];
                    let input = format!("GET /x?a=1&{spelling}{sep}Z9secret1{close} next");
                    let shown = redact(&input);
                    let masked = !shown.contains("Z9secret1");
                    let expected = shape != KeyShape::Query || EQUALS.contains(sep) || guarded;
                    assert_eq!(masked, expected, "{shape:?} {input:?} -> {shown:?}");
                    // A header's value runs to the line's end; others end at the space.
                    if EQUALS.contains(sep) {
                        assert!(shown.contains("next"), "{input:?} -> {shown:?}");
                    }
                }
            }
            // Suffix keys end longer keys; whole and query keys do not.
            let longer = format!("my_{key}=Z9secret1");
            assert_eq!(
                redact(&longer).contains("Z9secret1"),
                matches!(shape, KeyShape::Whole | KeyShape::Query) && !guarded,
                "{shape:?} {longer:?}"
            );
        }
    }

    #[test]
    fn redacts_the_spellings_of_hardening_iii() {
        for input in [
            "?key=ZQX9",
            "&sig=ZQX9",
            "&X-Amz-Signature=ZQX9",
            "&X-Amz-Credential=ZQX9",
            "pass=ZQX9",
            "pwd=ZQX9",
            "auth=ZQX9",
            "session=ZQX9",
            "sid=ZQX9",
            "jwt=ZQX9",
            "?code=ZQX9",
            "private_key=ZQX9",
            "PHPSESSID=ZQX9",
            "sessionid=ZQX9",
            "Authorization was Basic dXNlcjpaUVg5",
            "sent Basic dXNlcjpaUVg5 then",
            "token ZQX9",
            "Token ZQX9",
            "Bearer: ZQX9",
            "bearer%20ZQX9",
            "h=Authorization%3A%20Bearer%20ZQX9&x=1",
            "accesskey => ZQX9",
            "accesskey\t=\tZQX9",
            "pass:ZQX9",
            "{:accesskey => 'ZQX9'}",
            "$c = ['pass' => 'ZQX9'];",
        ] {
            let shown = redact(input);
            assert!(
                !shown.contains("ZQX9") && !shown.contains("dXNlcjpaUVg5"),
                "{input:?} -> {shown:?}"
            );
        }
        // Prose and diagnostics stay: status codes, English after "token"/"basic".
        for input in [
            "status_code=404",
            "{\"code\": 404}",
            "the token expired",
            "Token Expired",
            "basic information",
            "monkey=1",
            "bypass=1",
            "passport=1",
            "session_count=3",
            "sort_key=name",
            "partition-key: calls",
            "sort -u file",
            "curl -u admin https://x",
            "a task-manager: ok",
            "SKIPPED 3 tests",
        ] {
            assert_eq!(redact(input), input, "{input:?}");
        }
        // The rest of an encoded query survives.
        assert_eq!(
            redact("h=Authorization%3A%20Bearer%20ZQX9&x=1"),
            "h=Authorization%3A%20***&x=1"
        );
    }

    #[test]
    fn redacts_the_forms_of_hardening_iv() {
        for (input, expected) in [
            (
                r#"[{"name":"X-Api-Key","value":"S1"},{"name":"Accept","value":"json"}]"#,
                r#"[{"name":"X-Api-Key","value":"***"},{"name":"Accept","value":"json"}]"#,
            ),
            (
                "{\n  \"name\": \"X-Auth-Key\",\n  \"value\": \"S1\"\n}",
                "{\n  \"name\": \"X-Auth-Key\",\n  \"value\": \"***\"\n}",
            ),
            (
                r#""cookies":[{"name":"theme","value":"S1"}]"#,
                r#""cookies":[***]"#,
            ),
            (r#""X-Api-Key":["S1"]"#, r#""X-Api-Key":[***]"#),
            (
                "map[Accept:[json] X-Api-Key:[S1]]",
                "map[Accept:[json] X-Api-Key:[***]]",
            ),
            ("X-Api-Key:\n  S1\nnext", "X-Api-Key:\n  ***\nnext"),
            ("+ curl -u admin:S1 https://x", "+ curl -u *** https://x"),
            (
                "[('X-Api-Key', 'S1'), ('Accept', 'json')]",
                "[('X-Api-Key', '***'), ('Accept', 'json')]",
            ),
            (
                "<user>me</user><password>S1</password>",
                "<user>me</user><password>***</password>",
            ),
            ("SECRET_KEY=S1", "SECRET_KEY=***"),
            ("a?token%253DS1%2526b=1", "a?token%253D***%2526b=1"),
            (
                "Ocp-Apim-Subscription-Key: S1",
                "Ocp-Apim-Subscription-Key: ***",
            ),
            (
                "AWSAccessKeyId=S1&Expires=1",
                "AWSAccessKeyId=***&Expires=1",
            ),
            ("password := \"S1\"", "password := \"***\""),
            ("app --token S1 --verbose", "app --token *** --verbose"),
            ("auth=('admin', 'S1')", "auth=(***)"),
            ("key AKIAIOSFODNN7EXAMPL3 here", "key AKIA*** here"),
            (
                "-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIB\nAAKCAQEA\n-----END RSA PRIVATE KEY-----",
                "-----BEGIN RSA PRIVATE KEY-----\n***\n***\n-----END RSA PRIVATE KEY-----",
            ),
        ] {
            assert_eq!(redact(input), expected, "{input}");
        }
    }

    /// A token of `shape` whose body is `body` repeated to the shape's least length.
    fn token(shape: &TokenShape, body: &str) -> String {
        match shape.body {
            Body::Pem => format!("{}{body}", shape.prefix),
            Body::Run { min, .. } => {
                let chars: String = body
                    .bytes()
                    .filter(|&b| shape.body.allows(b))
                    .map(char::from)
                    .collect();
                let allowed = (0..128u8)
                    .find(|&b| shape.body.allows(b))
                    .map_or('Z', char::from);
                let chars = if chars.is_empty() {
                    allowed.to_string()
                } else {
                    chars
                };
                let body: String = chars.chars().cycle().take(min.max(chars.len())).collect();
                format!("{}{body}", shape.prefix)
            }
        }
    }

    proptest! {
        #[test]
        fn a_secret_after_any_marker_never_survives(
            before in "\\PC{0,30}",
            (marker, then) in proptest::sample::select(CREDENTIAL_MARKERS),
            secret in "[A-Za-z0-9]{6,24}",
            after in "([ \"'&;@\n]\\PC{0,30})?",
        ) {
            let secret = format!("Z9{secret}");
            prop_assume!(!before.contains(&secret) && !after.contains(&secret));
            let input = format!("{before}{marker}{secret}{then}{after}");
            let shown = redact(&input);
            prop_assert!(!shown.contains(&secret), "{input:?} -> {shown:?}");
        }

        #[test]
        fn a_token_of_any_known_shape_never_survives(
            before in "(\\PC{0,30}[ =:\"'(\n])?",
            shape in proptest::sample::select(SECRET_TOKENS),
            body in "[A-Za-z0-9]{8,40}",
            after in "([ \"'&;,)\n]\\PC{0,30})?",
        ) {
            let pem = shape.body == Body::Pem;
            let secret = if pem {
                format!("{} RSA PRIVATE KEY-----\nMIIE{body}\nAAKC{body}\n-----END RSA PRIVATE KEY-----", shape.prefix)
            } else {
                token(&shape, &body)
            };
            let input = format!("{before}{secret}{after}");
            let shown = redact(&input);
            let body_shown = &secret[shape.prefix.len()..];
            let kept = if pem { format!("MIIE{body}") } else { body_shown.to_owned() };
            prop_assert!(!shown.contains(&kept), "{input:?} -> {shown:?}");
        }
    }
}
