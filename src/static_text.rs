//! The strings of the compiled-in tables (catalog, field notes, server
//! index), reached through methods so that how the tables hold them can
//! change without touching their readers.

use std::fmt;

use serde::{Serialize, Serializer};

/// One string of the compiled-in tables.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Text(&'static str);

impl Text {
    /// The string as `build.rs` writes it.
    pub(crate) const fn new(text: &'static str) -> Text {
        Text(text)
    }

    pub fn get(self) -> &'static str {
        self.0
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
pub struct Texts(&'static [Text]);

impl Texts {
    pub const EMPTY: Texts = Texts(&[]);

    /// The list as `build.rs` writes it.
    pub(crate) const fn new(texts: &'static [Text]) -> Texts {
        Texts(texts)
    }

    pub fn iter(self) -> TextsIter {
        TextsIter(self.0.iter())
    }

    pub fn first(self) -> Option<&'static str> {
        self.0.first().map(|text| text.get())
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

    /// The strings as they are stored, each an `AsRef<str>`.
    pub fn as_slice(self) -> &'static [Text] {
        self.0
    }

    pub fn len(self) -> usize {
        self.0.len()
    }

    pub fn is_empty(self) -> bool {
        self.0.is_empty()
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
