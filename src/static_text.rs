//! The strings of the compiled-in tables (catalog, field notes, server
//! index): one string table, [`TEXT`], and offsets into it.
//!
//! A `&'static str` in a static is a pointer, and a position-independent
//! binary relocates every such pointer at start-up, on every run, whether
//! the command reads it or not (thousands for the server index). Offsets
//! need no relocation: the tables are read-only data that stays on disk
//! until a command reads it.

use std::fmt;

use serde::{Serialize, Serializer};

/// Every string of the tables, each once (`build.rs` writes it).
const TEXT: &str = include_str!(concat!(env!("OUT_DIR"), "/text.txt"));

// `TEXT_LISTS`: the strings of every `Texts`, one list after another.
include!(concat!(env!("OUT_DIR"), "/text_lists.rs"));

/// Where a run of items sits in one of the tables: `len` items from `at`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Span {
    at: u32,
    len: u32,
}

impl Span {
    pub(crate) const fn new(at: u32, len: u32) -> Span {
        Span { at, len }
    }

    /// Its items in `table`; `build.rs` made both, so it is in bounds.
    pub(crate) fn of<T>(self, table: &'static [T]) -> &'static [T] {
        &table[self.at as usize..][..self.len as usize]
    }
}

/// One string of the compiled-in tables.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Text(Span);

impl Text {
    /// The string at byte `at` of [`TEXT`], `len` bytes long.
    pub(crate) const fn at(at: u32, len: u32) -> Text {
        Text(Span::new(at, len))
    }

    pub fn get(self) -> &'static str {
        let Span { at, len } = self.0;
        &TEXT[at as usize..][..len as usize]
    }
}

impl AsRef<str> for Text {
    fn as_ref(&self) -> &str {
        self.get()
    }
}

impl fmt::Debug for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.get(), f)
    }
}

/// A list of strings from the compiled-in tables.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Texts(Span);

impl Texts {
    pub const EMPTY: Texts = Texts(Span::new(0, 0));

    /// The `len` lists items of [`TEXT_LISTS`] from `at`.
    pub(crate) const fn at(at: u32, len: u32) -> Texts {
        Texts(Span::new(at, len))
    }

    pub fn iter(self) -> TextsIter {
        TextsIter(self.as_slice().iter())
    }

    /// The strings as they are stored, each an `AsRef<str>`.
    pub fn as_slice(self) -> &'static [Text] {
        self.0.of(&TEXT_LISTS)
    }

    pub fn first(self) -> Option<&'static str> {
        self.as_slice().first().map(|text| text.get())
    }

    /// The strings with `separator` between them.
    pub fn join(self, separator: &str) -> String {
        let mut joined = String::new();
        for (i, text) in self.iter().enumerate() {
            if i > 0 {
                joined.push_str(separator);
            }
            joined.push_str(text);
        }
        joined
    }

    pub fn len(self) -> usize {
        self.0.len as usize
    }

    pub fn is_empty(self) -> bool {
        self.0.len == 0
    }

    pub fn contains(self, text: &str) -> bool {
        self.iter().any(|t| t == text)
    }
}

impl IntoIterator for Texts {
    type Item = &'static str;
    type IntoIter = TextsIter;

    fn into_iter(self) -> TextsIter {
        self.iter()
    }
}

/// The strings of a [`Texts`], in order.
#[derive(Clone, Debug)]
pub struct TextsIter(std::slice::Iter<'static, Text>);

impl Iterator for TextsIter {
    type Item = &'static str;

    fn next(&mut self) -> Option<&'static str> {
        self.0.next().map(|text| text.get())
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.0.size_hint()
    }
}

impl DoubleEndedIterator for TextsIter {
    fn next_back(&mut self) -> Option<&'static str> {
        self.0.next_back().map(|text| text.get())
    }
}

impl ExactSizeIterator for TextsIter {}

impl Serialize for Texts {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.iter())
    }
}

/// An array of strings, in the tools' output schemas.
#[cfg(feature = "mcp")]
impl schemars::JsonSchema for Texts {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Texts".into()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        <Vec<String>>::json_schema(generator)
    }
}
