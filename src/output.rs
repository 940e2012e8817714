//! Where output goes and how it looks: the color decision, the terminal
//! width, and making untrusted text inert before it is shown.

use std::borrow::Cow;
use std::cell::Cell;
use std::io::{self, Write};

use colored::{ColoredString, Colorize};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use crate::untrusted::{inert, starts_ci_marker};

mod json;
pub use json::{append_json, write_json};

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

/// The streams and settings every command renders with.
pub struct Ui<'a> {
    pub out: &'a mut dyn Write,
    pub err: &'a mut dyn Write,
    pub color: bool,
    /// Columns to wrap prose at.
    pub width: usize,
    /// Whether stdout is a terminal (bars and hints are for people).
    pub terminal: bool,
    /// Set once stdout's reader has left ([`QuietOnClose`]): what is written
    /// is dropped, and work that only makes output can stop.
    pub closed: &'a Cell<bool>,
    pub messages: Messages,
}

/// A stream whose reader may leave early (`| head -1`, a pager quit): from
/// then on what is written is dropped and `closed` is set, so a command
/// still ends with its own verdict. Dying by SIGPIPE would fail a passing
/// `pipefail` step; exiting 0 would pass a failing one.
pub struct QuietOnClose<'c, W> {
    inner: W,
    closed: &'c Cell<bool>,
}

impl<'c, W: Write> QuietOnClose<'c, W> {
    pub fn new(inner: W, closed: &'c Cell<bool>) -> QuietOnClose<'c, W> {
        QuietOnClose { inner, closed }
    }

    fn quiet<T>(&self, result: io::Result<T>, otherwise: T) -> io::Result<T> {
        match result {
            Err(e) if e.kind() == io::ErrorKind::BrokenPipe => {
                self.closed.set(true);
                Ok(otherwise)
            }
            other => other,
        }
    }
}

impl<W: Write> Write for QuietOnClose<'_, W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.closed.get() {
            return Ok(buf.len());
        }
        let written = self.inner.write(buf);
        self.quiet(written, buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        if self.closed.get() {
            return Ok(());
        }
        let flushed = self.inner.flush();
        self.quiet(flushed, ())
    }
}

/// How notes, tips and errors reach stderr.
#[derive(Debug, Default)]
pub struct Messages {
    /// Held until the output is complete, each said once: on a terminal
    /// they come after the output (and after the pager), not before it or
    /// scrolled away inside it. [`Messages::take`] gives them.
    pub held: Option<Vec<String>>,
    /// Wrapped at this many columns (when stderr is a terminal), so no word is cut in two.
    pub width: Option<usize>,
}

impl Messages {
    /// The messages held so far, to write to stderr once the output is done.
    pub fn take(&mut self) -> String {
        self.held.take().unwrap_or_default().concat()
    }
}

impl Ui<'_> {
    /// `error: …` on stderr. Every message is made inert: it may quote an
    /// argument, a path or a setting, as typed (one sentence, one line).
    pub fn error(&mut self, message: &str) -> io::Result<()> {
        self.say("", "error:".red().bold(), message)
    }

    /// `note: …` on stderr, inert.
    pub fn note(&mut self, message: &str) -> io::Result<()> {
        self.say("", "note:".yellow().bold(), message)
    }

    /// `tip: …` on stderr, inert.
    pub fn tip(&mut self, message: &str) -> io::Result<()> {
        self.say("  ", "tip:".green().bold(), message)
    }

    /// One message, wrapped under its label where stderr is a terminal,
    /// and held or written.
    fn say(&mut self, indent: &str, label: ColoredString, message: &str) -> io::Result<()> {
        // The label's width, whether or not it carries color codes.
        let hanging = indent.len() + label.input.len() + 1;
        let message = inert(message);
        let text = match self.messages.width {
            Some(width) => Cow::Owned(wrap(&message, width, hanging)),
            None => message,
        };
        let said = format!("{indent}{label} {text}\n");
        if let Some(held) = &mut self.messages.held {
            if !held.contains(&said) {
                held.push(said);
            }
            return Ok(());
        }
        // On a terminal, what was written to stdout shows before what comes
        // on stderr (a table is whole before the note after it). A failed
        // flush shows at stdout's next write.
        if self.terminal {
            let _ = self.out.flush();
        }
        self.err.write_all(said.as_bytes())
    }
}

/// Wraps `text` to `width` terminal columns, every line after the first
/// indented by `indent`. Widths are display widths (a CJK character takes
/// two columns). A word wider than a line gets a line of its own, whole: a
/// URL or path broken in two could not be copied. Only text with wide
/// characters (CJK, which has no spaces) is broken between characters, never
/// right before a `::` (words of text from outside that start with one are
/// escaped already: see [`inert`]).
///
/// [`inert`]: crate::untrusted::inert
pub fn wrap(text: &str, width: usize, indent: usize) -> String {
    let room = width.saturating_sub(indent).max(20);
    let mut out = String::with_capacity(text.len() + 16);
    let mut line_len = 0;
    let new_line = |out: &mut String, line_len: &mut usize| {
        out.push('\n');
        out.extend(std::iter::repeat_n(' ', indent));
        *line_len = 0;
    };
    for word in text.split_whitespace() {
        let len = word.width();
        if line_len > 0 && line_len + 1 + len > room {
            new_line(&mut out, &mut line_len);
        } else if line_len > 0 {
            out.push(' ');
            line_len += 1;
        }
        if len <= room || word.chars().all(|c| c.width().unwrap_or(0) < 2) {
            out.push_str(word);
            line_len += len;
            continue;
        }
        for (at, c) in word.char_indices() {
            let w = c.width().unwrap_or(0);
            if line_len + w > room {
                new_line(&mut out, &mut line_len);
            }
            // A CI runner reads `::command::` at a line's start: not from a broken word.
            if line_len == 0 && word[at..].starts_with("::") {
                out.push_str("\\x3a");
            } else {
                out.push(c);
            }
            line_len += w;
        }
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

/// Text as XML 1.0 and HTML character data (and attribute values): markup
/// escaped, and characters XML cannot hold (most controls) replaced. A CI
/// runner's `##[` and a line-leading `::` become character references
/// (`&#35;#[`, `&#58;:`): the same text to an XML reader, no command in a
/// job's log.
pub fn markup_text(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut line_start = true;
    for (at, c) in raw.char_indices() {
        let starts_line = line_start;
        line_start = c == '\n' || (line_start && matches!(c, ' ' | '\t'));
        match c {
            '#' if starts_ci_marker(raw, at) => out.push_str("&#35;"),
            ':' if starts_line && raw[at..].starts_with("::") => out.push_str("&#58;"),
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' | '\t' => out.push(c),
            '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'.. => out.push(c),
            _ => out.push('\u{FFFD}'),
        }
    }
    out
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
    fn wraps_and_quotes() {
        assert_eq!(wrap("aa bb cc", 25, 0), "aa bb cc");
        assert_eq!(
            wrap("word ".repeat(10).trim(), 24, 2),
            "word word word word\n  word word word word\n  word word"
        );
        // A URL is never cut: it takes a line of its own.
        let url = "https://api.voipbin.net/v1.0/calls/0b9c8a1e-8f2a-4a0e-9a55-3f1e2d4c5b6a/hangup";
        assert_eq!(
            wrap(&format!("POST {url} now"), 40, 2),
            format!("POST\n  {url}\n  now")
        );
        let cjk = wrap(&"通話が見つかりません".repeat(6), 30, 2);
        for line in cjk.lines() {
            assert!(line.width() <= 30, "{line:?} is {} columns", line.width());
        }
        // A word broken over lines (wide characters) never puts `::` at a line's start.
        let broken = wrap(&format!("{}::error::x", "通".repeat(10)), 20, 0);
        assert!(
            broken.lines().all(|l| !l.trim_start().starts_with("::")),
            "{broken}"
        );
        assert!(broken.contains("\\x3a:error"), "{broken}");
        assert_eq!(
            markup_text("::a ##[e]\n  ::w::y <"),
            "&#58;:a &#35;#[e]\n  &#58;:w::y &lt;"
        );
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
    }
}
