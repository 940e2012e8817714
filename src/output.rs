//! Where output goes and how it looks: the color decision, the terminal
//! width, and making untrusted text inert before it is shown.

use std::borrow::Cow;
use std::fmt::Write as _;
use std::io::{self, Write};

use colored::Colorize;

/// Decides color once. `forced` is `--color always|never` (None for auto);
/// `env` reads an environment variable. Order: flag, `CLICOLOR_FORCE`,
/// `NO_COLOR`, `CLICOLOR=0` / `TERM=dumb`, then whether stdout is a terminal.
pub fn decide_color(
    forced: Option<bool>,
    env: &dyn Fn(&str) -> Option<String>,
    stdout_is_terminal: bool,
) -> bool {
    if let Some(choice) = forced {
        return choice;
    }
    let set = |name: &str| env(name).filter(|v| !v.is_empty());
    if set("CLICOLOR_FORCE").is_some_and(|v| v != "0") {
        return true;
    }
    if set("NO_COLOR").is_some() {
        return false;
    }
    if set("CLICOLOR").is_some_and(|v| v == "0") || set("TERM").is_some_and(|v| v == "dumb") {
        return false;
    }
    stdout_is_terminal
}

/// Replaces every control character (C0, DEL, C1) and bidi override in text
/// that came from outside, so it cannot move the cursor, retitle the window
/// or reorder what is shown. Each becomes a visible `\x1b`-style escape.
pub fn inert(text: &str) -> Cow<'_, str> {
    let dangerous = |c: char| {
        c.is_control()
            || matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
    };
    if !text.contains(dangerous) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if dangerous(c) {
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

/// Masks credentials in text taken from input: bearer tokens, `Authorization`
/// and `Cookie` header values, and `accesskey=` / `token=` query values.
pub fn redact(text: &str) -> Cow<'_, str> {
    let lower = text.to_ascii_lowercase();
    let markers = [
        "bearer ",
        "authorization:",
        "cookie:",
        "accesskey=",
        "token=",
    ];
    if !markers.iter().any(|m| lower.contains(m)) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = 0;
    let mut i = 0;
    while i < text.len() {
        let hit = markers.iter().find(|m| lower[i..].starts_with(**m));
        let Some(marker) = hit else {
            i += lower[i..].chars().next().map_or(1, char::len_utf8);
            continue;
        };
        let value_start = i + marker.len();
        // Header values run to the end of the line; the others to a delimiter.
        let whole_line = marker.ends_with(':');
        let skip_space =
            text[value_start..].len() - text[value_start..].trim_start_matches(' ').len();
        let from = value_start + skip_space;
        let end = text[from..]
            .find(|c: char| {
                if whole_line {
                    c == '\n'
                } else {
                    c.is_whitespace() || matches!(c, '&' | '"' | '\'' | ',' | ';')
                }
            })
            .map_or(text.len(), |e| from + e);
        if end > from {
            out.push_str(&text[rest..from]);
            out.push_str("***");
            rest = end;
        }
        i = end.max(value_start);
    }
    out.push_str(&text[rest..]);
    Cow::Owned(out)
}

/// Text from input, made safe to show: credentials masked, controls neutralized.
pub fn shown(text: &str) -> String {
    inert(&redact(text)).into_owned()
}

/// The streams and settings every command renders with.
pub struct Ui<'a> {
    pub out: &'a mut dyn Write,
    pub err: &'a mut dyn Write,
    pub color: bool,
    /// Columns to wrap prose at.
    pub width: usize,
    /// Whether stdout is a terminal (bars and hints are for people).
    pub terminal: bool,
}

impl Ui<'_> {
    /// `error: …` on stderr.
    pub fn error(&mut self, message: &str) -> io::Result<()> {
        writeln!(self.err, "{} {message}", "error:".red().bold())
    }

    /// `note: …` on stderr.
    pub fn note(&mut self, message: &str) -> io::Result<()> {
        writeln!(self.err, "{} {message}", "note:".yellow().bold())
    }

    /// `tip: …` on stderr.
    pub fn tip(&mut self, message: &str) -> io::Result<()> {
        writeln!(self.err, "  {} {message}", "tip:".green().bold())
    }
}

/// Wraps `text` to `width` columns, every line after the first indented by `indent`.
pub fn wrap(text: &str, width: usize, indent: usize) -> String {
    let room = width.saturating_sub(indent).max(20);
    let mut out = String::with_capacity(text.len() + 16);
    let mut line_len = 0;
    for word in text.split_whitespace() {
        let len = word.chars().count();
        if line_len > 0 && line_len + 1 + len > room {
            out.push('\n');
            out.extend(std::iter::repeat_n(' ', indent));
            line_len = 0;
        } else if line_len > 0 {
            out.push(' ');
            line_len += 1;
        }
        out.push_str(word);
        line_len += len;
    }
    out
}

/// Quotes one CSV field (RFC 4180).
pub fn csv_field(text: &str) -> Cow<'_, str> {
    if text.contains([',', '"', '\n', '\r']) {
        Cow::Owned(format!("\"{}\"", text.replace('"', "\"\"")))
    } else {
        Cow::Borrowed(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env_of(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let pairs: Vec<(String, String)> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        move |name| {
            pairs
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.clone())
        }
    }

    #[test]
    fn color_precedence() {
        let none = env_of(&[]);
        assert!(decide_color(
            Some(true),
            &env_of(&[("NO_COLOR", "1")]),
            false
        ));
        assert!(!decide_color(
            Some(false),
            &env_of(&[("CLICOLOR_FORCE", "1")]),
            true
        ));
        assert!(decide_color(
            None,
            &env_of(&[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")]),
            false
        ));
        assert!(!decide_color(
            None,
            &env_of(&[("CLICOLOR_FORCE", "0")]),
            false
        ));
        assert!(!decide_color(None, &env_of(&[("NO_COLOR", "1")]), true));
        // An empty NO_COLOR is not set (no-color.org).
        assert!(decide_color(None, &env_of(&[("NO_COLOR", "")]), true));
        assert!(!decide_color(None, &env_of(&[("CLICOLOR", "0")]), true));
        assert!(!decide_color(None, &env_of(&[("TERM", "dumb")]), true));
        assert!(decide_color(None, &none, true));
        assert!(!decide_color(None, &none, false));
    }

    #[test]
    fn inert_neutralizes_controls() {
        assert_eq!(inert("plain"), "plain");
        assert_eq!(inert("a\x1b[31mb"), "a\\x1b[31mb");
        assert_eq!(inert("bell\x07\r\n\x08"), "bell\\x07\\x0d\\x0a\\x08");
        assert_eq!(inert("c1\u{9b}"), "c1\\x9b");
        assert_eq!(inert("rtl\u{202e}"), "rtl\\u{202e}");
    }

    #[test]
    fn redacts_credentials() {
        assert_eq!(
            redact("Authorization: Bearer abc.def"),
            "Authorization: ***"
        );
        assert_eq!(redact("x Bearer abc.def y"), "x Bearer *** y");
        assert_eq!(
            redact("/calls?accesskey=SECRET&page=1"),
            "/calls?accesskey=***&page=1"
        );
        assert_eq!(
            redact("GET /ws?token=abc HTTP/1.1"),
            "GET /ws?token=*** HTTP/1.1"
        );
        assert_eq!(redact("cookie: a=b; c=d"), "cookie: ***");
        assert_eq!(redact("nothing here"), "nothing here");
        assert_eq!(redact("token="), "token=");
    }

    #[test]
    fn wraps_and_quotes() {
        assert_eq!(wrap("aa bb cc", 25, 0), "aa bb cc");
        assert_eq!(
            wrap("word ".repeat(10).trim(), 24, 2),
            "word word word word\n  word word word word\n  word word"
        );
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
    }
}
