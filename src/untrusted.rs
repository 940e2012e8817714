//! Text that came from outside (an API response, a log, curl's own error
//! lines) and the one way to show it.
//!
//! Every such text becomes an [`Untrusted`] the moment it enters a
//! diagnosis: credentials are masked then, once. It has no `Deref` to `str`:
//! printed with `{}` it is made inert (controls and invisible or reordering
//! characters become visible escapes), and serialized it goes through
//! [`crate::output::write_json`], which escapes the same characters. So no
//! field can reach the terminal raw, and none can forget the redaction.

use std::borrow::Cow;
use std::fmt::{self, Write as _};
use std::sync::LazyLock;

use memchr::memmem::Finder;

use serde::{Serialize, Serializer};

/// Redacted text from input. Show it with `{}` (inert) or serialize it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Untrusted(Cow<'static, str>);

/// Bytes of one text kept: a whole log line can be 16 MiB, and nobody reads
/// that much in one field (this also bounds the cost of masking).
pub const MAX_TEXT: usize = 16 * 1024;

/// The longest prefix of `text` of at most `max` bytes that ends on a character boundary.
pub fn prefix(text: &str, max: usize) -> &str {
    let mut cut = text.len().min(max);
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    &text[..cut]
}

/// At most `chars` characters of `text`, with an ellipsis when cut.
pub fn shortened(text: &str, chars: usize) -> Cow<'_, str> {
    match text.char_indices().nth(chars) {
        Some((cut, _)) => Cow::Owned(format!("{}…", &text[..cut])),
        None => Cow::Borrowed(text),
    }
}

impl Untrusted {
    pub fn new(raw: &str) -> Untrusted {
        let kept = prefix(raw, MAX_TEXT);
        match kept.len() < raw.len() {
            true => Untrusted(format!("{}…", redact(kept)).into()),
            false => Untrusted(redact(raw).into_owned().into()),
        }
    }

    /// Like [`Untrusted::new`], keeping `raw`'s own buffer when nothing is masked or cut.
    pub fn from_string(raw: String) -> Untrusted {
        if raw.len() > MAX_TEXT {
            return Untrusted::new(&raw);
        }
        match redact(&raw) {
            Cow::Borrowed(_) => Untrusted(raw.into()),
            Cow::Owned(masked) => Untrusted(masked.into()),
        }
    }

    /// voiperr's own text (a catalog name) where input text may also stand: no copy.
    pub fn from_static(text: &'static str) -> Untrusted {
        Untrusted(text.into())
    }

    /// The redacted text itself, for matching and lookups, never for output.
    pub fn redacted(&self) -> &str {
        &self.0
    }

    /// At most `chars` characters, with an ellipsis when cut.
    pub fn truncated(&self, chars: usize) -> Untrusted {
        Untrusted(shortened(&self.0, chars).into_owned().into())
    }
}

impl fmt::Display for Untrusted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&inert(&self.0))
    }
}

impl Serialize for Untrusted {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

mod invisible;

/// Characters that must never reach a terminal as they are: controls (C0,
/// DEL, C1), line and paragraph separators, and every character a terminal
/// draws as nothing or that changes what is drawn around it: bidi marks and
/// overrides, zero-width and other format characters, fillers, variation
/// selectors, tags ([`invisible::INVISIBLE`], from the Unicode properties
/// Default_Ignorable_Code_Point, Cf and Variation_Selector).
pub fn is_dangerous(c: char) -> bool {
    // Most text is ASCII, where only the controls are.
    if c.is_ascii() {
        return c.is_ascii_control();
    }
    let code = u32::from(c);
    // The first invisible character is U+00AD: below it, only the C1 controls.
    if code < 0xad {
        return c.is_control();
    }
    matches!(c, '\u{2028}' | '\u{2029}')
        || invisible::INVISIBLE
            .binary_search_by(|&(first, last)| match (first > code, last < code) {
                (true, _) => std::cmp::Ordering::Greater,
                (_, true) => std::cmp::Ordering::Less,
                _ => std::cmp::Ordering::Equal,
            })
            .is_ok()
}

/// Replaces every dangerous character (see [`is_dangerous`]) with a visible
/// escape (`\x1b`, `\u{202e}`), so text cannot move the cursor, retitle the
/// window, write the clipboard or reorder what is shown.
pub fn inert(text: &str) -> Cow<'_, str> {
    if !text.contains(is_dangerous) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if is_dangerous(c) {
            let code = c as u32;
            if code <= 0xff {
                let _ = write!(out, "\\x{code:02x}");
            } else {
                let _ = write!(out, "\\u{{{code:x}}}");
            }
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Names whose value is a credential, matched anywhere and in any case
/// (`X-Api-Key`, `access_token`, `client_secret`, `Set-Cookie` included).
/// Keys whose value is a secret (each ends in a letter: [`redact`] relies on it).
const SECRET_KEYS: &[&str] = &[
    "authorization",
    "cookie",
    "api-key",
    "api_key",
    "apikey",
    "accesskey",
    "access_key",
    "access-key",
    "token",
    "password",
    "passwd",
    "secret",
];

/// Authorization schemes: the word after one is a credential. Only
/// `Bearer` is looked for on its own ("basic" is a common English word);
/// the others count as the value of a key (`token=Basic x`).
const SCHEMES: &[&str] = &["bearer", "basic", "digest"];

const MASK: &str = "***";

/// The credential shapes [`redact`] guarantees to mask: each marker, and what
/// must follow the secret for it to be one (a URL's `@host`). The property
/// test and the `redact` fuzz target place a secret after each.
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
];

fn starts_with_ci(bytes: &[u8], at: usize, word: &str) -> bool {
    bytes
        .get(at..at + word.len())
        .is_some_and(|b| b.eq_ignore_ascii_case(word.as_bytes()))
}

/// Whitespace of any kind at `at`: its length in bytes.
fn space_at(text: &str, at: usize) -> usize {
    text[at..]
        .chars()
        .next()
        .filter(|c| c.is_whitespace())
        .map_or(0, char::len_utf8)
}

fn skip_spaces(text: &str, mut at: usize) -> usize {
    while at < text.len() {
        match space_at(text, at) {
            0 => break,
            n => at += n,
        }
    }
    at
}

/// The end of a bare value: the next space or delimiter.
fn word_end(text: &str, from: usize) -> usize {
    text[from..]
        .find(|c: char| {
            c.is_whitespace() || matches!(c, '&' | '"' | '\'' | ',' | ';' | ')' | '<' | '>' | '\\')
        })
        .map_or(text.len(), |e| from + e)
}

fn is_scheme(word: &str) -> bool {
    SCHEMES.iter().any(|s| word.eq_ignore_ascii_case(s))
}

/// The credential after a scheme word (`Bearer x`; in `Bearer Bearer x`
/// the scheme word repeated is not the secret, the word after it is).
fn after_scheme(text: &str, scheme_end: usize) -> Option<(usize, usize)> {
    let start = skip_spaces(text, scheme_end);
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

/// A `key: value`, `key=value`, `"key": "value"` or `key%3Dvalue` whose key
/// ends at `name_end`: the value's range.
fn keyed_value(text: &str, name_end: usize) -> Option<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut at = name_end;
    // The key's closing quote, possibly escaped inside a JSON string.
    let mut quoted = false;
    if bytes.get(at) == Some(&b'\\') && matches!(bytes.get(at + 1), Some(b'"' | b'\'')) {
        at += 2;
        quoted = true;
    } else if matches!(bytes.get(at), Some(b'"' | b'\'')) {
        at += 1;
        quoted = true;
    }
    at = skip_spaces(text, at);
    let colon = match bytes.get(at) {
        Some(b':') => {
            at += 1;
            true
        }
        Some(b'=') => {
            at += 1;
            false
        }
        _ if starts_with_ci(bytes, at, "%3d") => {
            at += 3;
            false
        }
        _ => return None,
    };
    at = skip_spaces(text, at);
    // A quoted value runs to its closing quote.
    let escaped = bytes.get(at) == Some(&b'\\');
    let quote_at = at + usize::from(escaped);
    if let Some(&q @ (b'"' | b'\'')) = bytes.get(quote_at) {
        let from = quote_at + 1;
        let end = text[from..]
            .find(|c: char| c as u32 == u32::from(q) || (escaped && c == '\\'))
            .map_or(text.len(), |e| from + e);
        return (end > from).then_some((from, end));
    }
    // A header (`Authorization: …`) runs to the end of the line.
    let end = if colon && !quoted {
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

/// Whether a text could hold a credential at all: every marker needs a
/// separator (`=`, `:`, `%3D`), the word `bearer`, or a token's `eyJ`. Most
/// messages have none, and are passed over without the full scan.
fn may_hold_secret(bytes: &[u8]) -> bool {
    if memchr::memchr3(b'=', b':', b'%', bytes).is_some() || JWT_START.find(bytes).is_some() {
        return true;
    }
    memchr::memchr2_iter(b'b', b'B', bytes).any(|at| starts_with_ci(bytes, at, "bearer"))
}

/// Masks credentials: header values (`Authorization`, `Cookie`, `X-Api-Key`),
/// words after `Bearer`/`Basic`, `token=`/`accesskey=`/`password=`-style
/// values (also `%3D`-encoded and as JSON fields), `user:pass@` in URLs,
/// and bare JWTs. Each becomes `***`.
pub fn redact(text: &str) -> Cow<'_, str> {
    let bytes = text.as_bytes();
    if !may_hold_secret(bytes) {
        return Cow::Borrowed(text);
    }
    let mut masks: Vec<(usize, usize)> = Vec::new();
    // Keyed values: every one has a separator; the key is the word before it.
    for sep in memchr::memchr3_iter(b'=', b':', b'%', bytes) {
        if bytes[sep] == b'%' && !starts_with_ci(bytes, sep, "%3d") {
            continue;
        }
        if bytes[sep..].starts_with(b"://") {
            masks.extend(userinfo(text, sep + 3));
            continue;
        }
        let name_end = key_end_before(bytes, sep);
        // Every key ends in a letter: a time's `10:00` is over here.
        if !name_end
            .checked_sub(1)
            .is_some_and(|last| bytes[last].is_ascii_alphabetic())
        {
            continue;
        }
        let found = SECRET_KEYS
            .iter()
            .filter(|key| {
                name_end >= key.len()
                    && text.is_char_boundary(name_end - key.len())
                    && bytes[name_end - key.len()..name_end].eq_ignore_ascii_case(key.as_bytes())
            })
            .find_map(|_| keyed_value(text, name_end));
        masks.extend(found);
    }
    for at in memchr::memchr2_iter(b'b', b'B', bytes) {
        if starts_with_ci(bytes, at, "bearer") {
            masks.extend(after_scheme(text, at + "bearer".len()));
        }
    }
    for at in JWT_START.find_iter(bytes) {
        masks.extend(jwt_end(text, at).map(|end| (at, end)));
    }
    if masks.is_empty() {
        return Cow::Borrowed(text);
    }
    // Ranges overlap when a key sits inside another's value: merged, all masked.
    masks.sort_unstable();
    let mut out = String::with_capacity(text.len());
    let mut rest = 0;
    let mut open: Option<(usize, usize)> = None;
    for (from, end) in masks {
        match &mut open {
            Some(current) if from <= current.1 => current.1 = current.1.max(end),
            _ => {
                if let Some((f, e)) = open.replace((from, end)) {
                    out.push_str(&text[rest..f]);
                    out.push_str(MASK);
                    rest = e;
                }
            }
        }
    }
    if let Some((f, e)) = open {
        out.push_str(&text[rest..f]);
        out.push_str(MASK);
        rest = e;
    }
    out.push_str(&text[rest..]);
    Cow::Owned(out)
}

/// Where a key would end before the separator at `sep`: past spaces, a
/// closing quote, and the backslash of an escaped one (`\"password\":`).
fn key_end_before(bytes: &[u8], sep: usize) -> usize {
    let mut end = sep;
    while end > 0 && bytes[end - 1] == b' ' {
        end -= 1;
    }
    if end > 0 && matches!(bytes[end - 1], b'"' | b'\'') {
        end -= 1;
        if end > 0 && bytes[end - 1] == b'\\' {
            end -= 1;
        }
    }
    end
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_secret_key_ends_in_a_letter() {
        assert!(
            super::SECRET_KEYS
                .iter()
                .all(|k| k.ends_with(|c: char| c.is_ascii_alphabetic()))
        );
    }

    use proptest::prelude::*;

    use super::*;

    #[test]
    fn inert_neutralizes_controls_and_invisible_characters() {
        assert_eq!(inert("plain"), "plain");
        assert_eq!(inert("a\x1b[31mb"), "a\\x1b[31mb");
        assert_eq!(
            inert("bell\x07\r\n\x08\x7f"),
            "bell\\x07\\x0d\\x0a\\x08\\x7f"
        );
        assert_eq!(inert("c1\u{9b}"), "c1\\x9b");
        assert_eq!(inert("rtl\u{202e}"), "rtl\\u{202e}");
        for c in [
            '\u{61c}',
            '\u{200b}',
            '\u{2028}',
            '\u{2029}',
            '\u{feff}',
            '\u{e0041}',
        ] {
            assert!(!inert(&format!("x{c}y")).contains(c), "{c:?}");
        }
        assert_eq!(inert("日本語 é"), "日本語 é");
    }

    /// Default_Ignorable_Code_Point, Cf and Variation_Selector by the
    /// regex-syntax crate's own Unicode tables, as inclusive ranges.
    fn invisible_by_regex_syntax() -> Vec<(u32, u32)> {
        use regex_syntax::hir::{Class, HirKind};
        let hir = regex_syntax::Parser::new()
            .parse(r"[\p{Default_Ignorable_Code_Point}\p{Cf}\p{Variation_Selector}]")
            .expect("a class");
        match hir.kind() {
            HirKind::Class(Class::Unicode(class)) => class
                .iter()
                .map(|r| (u32::from(r.start()), u32::from(r.end())))
                .collect(),
            other => panic!("not a Unicode class: {other:?}"),
        }
    }

    #[test]
    fn invisible_table_is_unicodes() {
        assert_eq!(
            invisible::INVISIBLE,
            invisible_by_regex_syntax(),
            "src/untrusted/invisible.rs (Unicode {}) differs from regex-syntax's tables: run scripts/gen-invisible with a newer Unicode Character Database",
            invisible::UNICODE_VERSION
        );
        assert!(
            invisible::INVISIBLE
                .windows(2)
                .all(|w| w[0].0 <= w[0].1 && w[0].1 + 1 < w[1].0)
        );
    }

    #[test]
    fn every_invisible_code_point_is_dangerous_and_its_neighbours_are_not() {
        for &(first, last) in invisible::INVISIBLE {
            for c in (first..=last).filter_map(char::from_u32) {
                assert!(is_dangerous(c), "U+{:04X}", u32::from(c));
                assert!(!inert(&c.to_string()).contains(c), "U+{:04X}", u32::from(c));
            }
            // Just outside a range: an ordinary character (unless a control or separator).
            for c in [first - 1, last + 1].into_iter().filter_map(char::from_u32) {
                let expected = c.is_control() || matches!(c, '\u{2028}' | '\u{2029}');
                assert_eq!(is_dangerous(c), expected, "U+{:04X}", u32::from(c));
            }
        }
        for c in [
            '\u{ad}',
            '\u{34f}',
            '\u{115f}',
            '\u{3164}',
            '\u{fe0f}',
            '\u{2065}',
            '\u{e0100}',
            '\u{180b}',
            '\u{ffa0}',
        ] {
            assert!(is_dangerous(c), "{c:?}");
        }
        for c in ['a', 'é', 'ß', '日', '\u{a0}', '€', '😀', '\u{10ffff}'] {
            assert!(!is_dangerous(c), "{c:?}");
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
            ("u?accesskey%3DS1%26x", "u?accesskey%3D***"),
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
    }
}
