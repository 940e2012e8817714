//! Text that came from outside (an API response, a log, curl's own error
//! lines) and the one way to show it.
//!
//! Every such text becomes an [`Untrusted`] the moment it enters a
//! diagnosis: credentials are masked then, once. It has no `Deref` to `str`:
//! printed with `{}` it is made inert (controls and invisible or reordering
//! characters become visible escapes), and serialized it goes through
//! [`crate::output::write_json`], which escapes the same characters. So no
//! field can reach the terminal raw, and none can forget the redaction.

use serde::{Serialize, Serializer};
use std::borrow::Cow;
use std::fmt::{self, Write as _};

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
mod redact;

pub use redact::{
    Body, CREDENTIAL_MARKERS, KeyShape, SECRET_KEYS, SECRET_TOKENS, TokenShape, redact,
};

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

/// Whether `text` holds what a CI runner may read as a command: GitHub
/// Actions reads `##[command]` anywhere in a line of a job's log, and
/// `::command::` at a line's start, after any whitespace.
fn may_form_ci_command(text: &str) -> bool {
    memchr::memmem::find(text.as_bytes(), b"##").is_some()
        || memchr::memmem::find(text.as_bytes(), b"::").is_some()
}

/// Whether the `#` at `at` starts `##[`, or a `##` that ends the text (the
/// `[` may come next).
pub fn starts_ci_marker(text: &str, at: usize) -> bool {
    let rest = &text.as_bytes()[at..];
    rest.starts_with(b"##[") || rest == b"##"
}

/// Replaces every dangerous character (see [`is_dangerous`]) with a visible
/// escape (`\x1b`, `\u{202e}`), so text cannot move the cursor, retitle the
/// window, write the clipboard or reorder what is shown; and escapes the
/// `#` of `##[` and the first `:` of a `::` that starts a word (`\x23#[`,
/// `\x3a:`), so no CI runner reads it as a command, wherever a line is
/// wrapped. No invisible character is used: they are dangerous themselves.
pub fn inert(text: &str) -> Cow<'_, str> {
    let ci = may_form_ci_command(text);
    if !ci && !text.contains(is_dangerous) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    let mut after_space = true;
    for (at, c) in text.char_indices() {
        if is_dangerous(c) {
            let code = c as u32;
            if code <= 0xff {
                let _ = write!(out, "\\x{code:02x}");
            } else {
                let _ = write!(out, "\\u{{{code:x}}}");
            }
        } else if ci && c == '#' && starts_ci_marker(text, at) {
            out.push_str("\\x23");
        } else if ci && c == ':' && after_space && text[at..].starts_with("::") {
            out.push_str("\\x3a");
        } else {
            out.push(c);
        }
        after_space = c.is_whitespace();
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
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

    #[test]
    fn inert_text_forms_no_ci_command() {
        assert_eq!(inert("x ##[error]y"), "x \\x23#[error]y");
        assert_eq!(inert("###[a"), "#\\x23#[a");
        assert_eq!(inert("ends ##"), "ends \\x23#");
        assert_eq!(inert("::error::x"), "\\x3a:error::x");
        assert_eq!(inert("a ::warning::x"), "a \\x3a:warning::x");
        assert_eq!(inert("a\n::set-output"), "a\\x0a\\x3a:set-output");
        // Where no runner looks, nothing changes.
        assert_eq!(inert("a::b #1 ## x"), "a::b #1 ## x");
        assert_eq!(inert("10:00:00"), "10:00:00");
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
}
