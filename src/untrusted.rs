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
#[cfg_attr(
    feature = "mcp",
    derive(schemars::JsonSchema),
    schemars(inline, description = "Text from the input, credentials masked.")
)]
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

/// How a key in `data/secret-keys.tsv` is recognised.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyShape {
    /// The end of any key, in any case (`token`: `access_token`, `X-Auth-Token`).
    Suffix,
    /// The whole key (`pass`: not `bypass` or `pass_count`).
    Whole,
    /// The whole key, before `=` only (`code=`, not `"code": 404`).
    Query,
}

/// Keys whose value is a credential, and how each is recognised (each ends
/// in a letter: [`redact`] relies on it).
pub static SECRET_KEYS: LazyLock<Vec<(&'static str, KeyShape)>> = LazyLock::new(|| {
    include_str!("../data/secret-keys.tsv")
        .lines()
        .filter(|line| !line.starts_with('#') && !line.trim().is_empty())
        .filter_map(|line| {
            let mut fields = line.split('\t');
            let key = fields.next()?;
            let shape = match fields.next()? {
                "suffix" => KeyShape::Suffix,
                "whole" => KeyShape::Whole,
                "query" => KeyShape::Query,
                _ => return None,
            };
            Some((key, shape))
        })
        .collect()
});

/// Authorization schemes: the word after one is a credential. `Bearer` is
/// looked for on its own; `token` and `basic` are common words, so on their
/// own the word after them must look like a credential ([`looks_secret`],
/// [`is_basic_credentials`]); `digest` counts only as a key's value.
const SCHEMES: &[&str] = &["bearer", "basic", "digest", "token"];

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

/// Past whitespace, and URL-encoded spaces (`%20`).
fn skip_spaces(text: &str, mut at: usize) -> usize {
    while at < text.len() {
        match space_at(text, at) {
            0 if starts_with_ci(text.as_bytes(), at, "%20") => at += 3,
            0 => break,
            n => at += n,
        }
    }
    at
}

/// URL-encoded characters that end a value: space, `"`, `&`, `'`, `,`, `;`, line ends.
const ENCODED_ENDS: &[&str] = &["%20", "%22", "%26", "%27", "%2c", "%3b", "%0a", "%0d"];

/// The end of a bare value: the next space or delimiter, plain or URL-encoded.
fn word_end(text: &str, from: usize) -> usize {
    let bytes = text.as_bytes();
    text[from..]
        .char_indices()
        .find(|&(i, c)| {
            c.is_whitespace()
                || matches!(c, '&' | '"' | '\'' | ',' | ';' | ')' | '<' | '>' | '\\')
                || (c == '%'
                    && ENCODED_ENDS
                        .iter()
                        .any(|e| starts_with_ci(bytes, from + i, e)))
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

/// A `key: value`, `key=value`, `key => value`, `"key": "value"`,
/// `key%3Dvalue` or `key%3A%20value` whose key ends at `name_end`: the
/// value's range. With `equals_only`, `:` does not separate.
fn keyed_value(text: &str, name_end: usize, equals_only: bool) -> Option<(usize, usize)> {
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
        Some(b':') if !equals_only => {
            at += 1;
            true
        }
        Some(b'=') => {
            // `=>` (Ruby, PHP, Perl hashes) too.
            at += if bytes.get(at + 1) == Some(&b'>') {
                2
            } else {
                1
            };
            false
        }
        // URL-encoded, a value ends where the encoded text does, not at the line's end.
        _ if starts_with_ci(bytes, at, "%3d") => {
            at += 3;
            false
        }
        _ if !equals_only && starts_with_ci(bytes, at, "%3a") => {
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

/// Where a scheme word (`bearer`, `basic`, `token`) may start: each `b` and `t`.
fn scheme_starts(bytes: &[u8]) -> impl Iterator<Item = usize> + '_ {
    memchr::memchr3_iter(b'b', b'B', b't', bytes).chain(memchr::memchr_iter(b'T', bytes))
}

/// Whether a text could hold a credential at all: every marker needs a
/// separator (`=`, `:`, `%3D`), a scheme word, or a token's `eyJ`. Most
/// messages have none, and are passed over without the full scan.
fn may_hold_secret(bytes: &[u8]) -> bool {
    if memchr::memchr3(b'=', b':', b'%', bytes).is_some() || JWT_START.find(bytes).is_some() {
        return true;
    }
    scheme_starts(bytes).any(|at| {
        ["bearer", "basic", "token"]
            .iter()
            .any(|s| starts_with_ci(bytes, at, s))
    })
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
        if bytes[sep] == b'%'
            && !starts_with_ci(bytes, sep, "%3d")
            && !starts_with_ci(bytes, sep, "%3a")
        {
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
            .filter(|(key, shape)| {
                let Some(start) = name_end.checked_sub(key.len()) else {
                    return false;
                };
                let whole = start == 0
                    || !matches!(bytes[start - 1], b'_' | b'0'..=b'9' | b'a'..=b'z' | b'A'..=b'Z');
                text.is_char_boundary(start)
                    && bytes[start..name_end].eq_ignore_ascii_case(key.as_bytes())
                    && (*shape == KeyShape::Suffix || whole)
            })
            .find_map(|(_, shape)| keyed_value(text, name_end, *shape == KeyShape::Query));
        masks.extend(found);
    }
    for at in scheme_starts(bytes) {
        masks.extend(bare_scheme_value(text, at));
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

/// Where a key would end before the separator at `sep`: past whitespace
/// (`%20` too), a closing quote, and the backslash of an escaped one (`\"password\":`).
fn key_end_before(bytes: &[u8], sep: usize) -> usize {
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
    fn every_secret_key_ends_in_a_letter_and_every_row_is_read() {
        let rows = include_str!("../data/secret-keys.tsv")
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .count();
        assert_eq!(
            super::SECRET_KEYS.len(),
            rows,
            "a row of data/secret-keys.tsv is not read"
        );
        assert!(
            super::SECRET_KEYS
                .iter()
                .all(|(k, _)| k.ends_with(|c: char| c.is_ascii_alphabetic()))
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
        const EQUALS: &[&str] = &["=", " = ", "\t=\t", " => ", "'=>'", "%3D", "%3d"];
        const OTHERS: &[&str] = &[": ", ":", "%3A%20", "\":\"", "\": \""];
        for &(key, shape) in SECRET_KEYS.iter() {
            for spelling in [key.to_owned(), key.to_uppercase()] {
                for sep in EQUALS.iter().chain(OTHERS) {
                    let close = &sep[sep.trim_end_matches(['"', '\'']).len()..];
                    let input = format!("GET /x?a=1&{spelling}{sep}Z9secret1{close} next");
                    let shown = redact(&input);
                    let masked = !shown.contains("Z9secret1");
                    let expected = shape != KeyShape::Query || EQUALS.contains(sep);
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
                shape != KeyShape::Suffix,
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
        ] {
            assert_eq!(redact(input), input, "{input:?}");
        }
        // The rest of an encoded query survives.
        assert_eq!(
            redact("h=Authorization%3A%20Bearer%20ZQX9&x=1"),
            "h=Authorization%3A%20***&x=1"
        );
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
