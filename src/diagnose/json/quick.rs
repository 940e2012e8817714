//! The reader's shortcut for the documents most log lines hold: strict JSON,
//! whole on one line, whose keys are an error's own or say nothing about an
//! exchange (`{"error":{…}}`, `{"time":…,"level":…,"step":{…}}`).
//!
//! It reads such a document in one pass with no state and no copies, and
//! copies text only for the error it finds. Anything else — a key of a log
//! record or HAR entry, `details`, a string that may hold JSON, a single
//! quote, a trailing comma, the line ending first — makes it give up before
//! anything is reported, and the full reader reads the document. So it never
//! decides differently, only sooner: a property test and the fuzz target hold
//! both readers to the same events.

use std::borrow::Cow;

use super::{
    Fields, Keep, Key, MAX_FIELD, Times, error_of, is_word, raw_text, skip_spaces, string_end,
    unescape,
};
use crate::diagnose::envelope::Found;
use crate::diagnose::stamp::value_time;

/// Containers nested deeper than this are left to the full reader.
const MAX_DEPTH: usize = 16;

/// Whether a scalar (None: `null`) reads as an HTTP code, which makes a
/// `status` key say which exchange this is: then the full reader decides.
fn is_code(value: Option<Text>) -> Option<bool> {
    let raw = match value {
        // Escapes and over-long text are read by the full reader's rules.
        Some(Text::Quoted(raw) | Text::Bare(raw)) if raw.len() > MAX_FIELD => return None,
        Some(Text::Quoted(raw)) if raw.contains('\\') => return None,
        Some(Text::Quoted(raw) | Text::Bare(raw)) => raw,
        None => return Some(false),
    };
    let code = raw.parse::<u16>().ok();
    Some(code.is_some_and(|c| (100..=599).contains(&c)))
}

/// A scalar value as it sits in the line (`null` is None), copied only when
/// it is part of an error. A slice of the line's text, so already UTF-8.
#[derive(Clone, Copy)]
enum Text<'a> {
    /// A string's content, between its quotes.
    Quoted(&'a str),
    /// A number or bare word.
    Bare(&'a str),
}

impl<'a> Text<'a> {
    /// Its text: most strings have no escape and are the line's own text.
    fn text(self) -> Cow<'a, str> {
        match self {
            Text::Quoted(raw) if raw.len() <= MAX_FIELD && !raw.contains('\\') => raw.into(),
            Text::Quoted(raw) => unescape(raw.as_bytes()).into(),
            Text::Bare(raw) => raw_text(raw.as_bytes()).into(),
        }
    }
}

/// A document the shortcut read.
pub(super) struct Document {
    /// The offset just after its closing `}`.
    pub end: usize,
    /// Whether it was `{}`.
    pub empty: bool,
    pub found: Option<Found>,
    /// Its top-level time field's time (read only when dated).
    pub times: Times,
    /// It has a time or level field of its own: a log record.
    pub logged: bool,
}

/// Reads the document whose `{` is at `open`, or None to leave it to the
/// full reader. `dated`: its time fields are read (a nested one is left to
/// the full reader).
pub(super) fn document(text: &str, open: usize, keep: Keep, dated: bool) -> Option<Document> {
    let line = text.as_bytes();
    let mut own = Fields::<Text>::default();
    let mut child: Option<Fields<Text>> = None;
    let mut keys = 0;
    let mut time = None;
    let mut logged = false;
    // Unread, a time field is any other key.
    let key_of = |name: &[u8]| match Key::of(name) {
        Key::Time if !dated => Key::Other,
        key => key,
    };
    let end = object(line, open + 1, |name, at| {
        keys += 1;
        logged |= matches!(Key::of(name), Key::Time | Key::Level);
        let key = key_of(name);
        match line.get(at) {
            Some(b'{') if key == Key::Error => {
                let mut fields = Fields::default();
                let end = object(line, at + 1, |name, at| {
                    let key = key_of(name);
                    if key == Key::Time {
                        return None;
                    }
                    let (value, end) = scalar(text, at)?;
                    let is_string = matches!(value, Some(Text::Quoted(_)));
                    fields.keep(key, is_string, || value);
                    Some(end)
                })?;
                child = Some(fields);
                Some(end)
            }
            Some(b'{' | b'[') if matches!(key, Key::Other | Key::Error | Key::Level) => {
                inert(text, at, 1, dated)
            }
            Some(b'{' | b'[') => None,
            _ => {
                let (value, end) = scalar(text, at)?;
                match key {
                    Key::Other | Key::Error | Key::Level => {}
                    Key::Time => {
                        if time.is_none() {
                            time = value.and_then(|v| value_time(&v.text()));
                        }
                    }
                    Key::Status if is_code(value)? => return None,
                    Key::Status | Key::Reason | Key::Message | Key::RequestId | Key::Msg => {
                        let is_string = matches!(value, Some(Text::Quoted(_)));
                        own.keep(key, is_string, || value);
                    }
                    _ => return None,
                }
                Some(end)
            }
        }
    })?;
    Some(Document {
        end,
        empty: keys == 0,
        found: error_of(child, own, false, keys, Text::text, keep),
        times: Times {
            own: time,
            nested: None,
        },
        logged,
    })
}

/// Reads an object's members from just after its `{`: `member` is given each
/// key and where its value starts, and returns where the value ends. Returns
/// the offset after the closing `}`.
fn object<'a>(
    line: &'a [u8],
    mut i: usize,
    mut member: impl FnMut(&'a [u8], usize) -> Option<usize>,
) -> Option<usize> {
    i = skip_spaces(line, i);
    if line.get(i) == Some(&b'}') {
        return Some(i + 1);
    }
    loop {
        if line.get(i) != Some(&b'"') {
            return None;
        }
        let close = string_end(line, i)?;
        let name = &line[i + 1..close];
        i = skip_spaces(line, close + 1);
        if line.get(i) != Some(&b':') {
            return None;
        }
        let end = member(name, skip_spaces(line, i + 1))?;
        i = skip_spaces(line, end);
        match line.get(i) {
            Some(b',') => i = skip_spaces(line, i + 1),
            Some(b'}') => return Some(i + 1),
            _ => return None,
        }
    }
}

/// A string, number or bare word at `at`, and where it ends. A string that
/// may hold JSON (it starts with `{`) is the full reader's to open.
fn scalar(text: &str, at: usize) -> Option<(Option<Text<'_>>, usize)> {
    let line = text.as_bytes();
    match *line.get(at)? {
        b'"' => {
            let close = string_end(line, at)?;
            // Quotes are ASCII: the slice between them is whole characters.
            let raw = text.get(at + 1..close)?;
            if raw.as_bytes().get(skip_spaces(raw.as_bytes(), 0)) == Some(&b'{') {
                return None;
            }
            Some((Some(Text::Quoted(raw)), close + 1))
        }
        b if is_word(b) => {
            let len = line[at..].iter().take_while(|b| is_word(**b)).count();
            let word = text.get(at..at + len)?;
            let value = match word {
                "null" | "None" => None,
                _ => Some(Text::Bare(word)),
            };
            Some((value, at + len))
        }
        _ => None,
    }
}

/// Skips a container that can hold no error and say nothing of an exchange:
/// every key in it is one the reader ignores. Returns the offset after it.
fn inert(text: &str, at: usize, depth: usize, dated: bool) -> Option<usize> {
    if depth > MAX_DEPTH {
        return None;
    }
    let line = text.as_bytes();
    let value = |at: usize| match line.get(at) {
        Some(b'{' | b'[') => inert(text, at, depth + 1, dated),
        _ => scalar(text, at).map(|(_, end)| end),
    };
    if line.get(at) == Some(&b'{') {
        return object(line, at + 1, |name, at| {
            let ignored = match Key::of(name) {
                Key::Other | Key::Level => true,
                Key::Time => !dated,
                _ => false,
            };
            ignored.then_some(())?;
            value(at)
        });
    }
    let mut i = skip_spaces(line, at + 1);
    if line.get(i) == Some(&b']') {
        return Some(i + 1);
    }
    loop {
        i = skip_spaces(line, value(i)?);
        match line.get(i) {
            Some(b',') => i = skip_spaces(line, i + 1),
            Some(b']') => return Some(i + 1),
            _ => return None,
        }
    }
}
