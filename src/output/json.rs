//! The one JSON writer for everything voiperr prints: a serde serializer
//! that escapes, in a single pass over each string, what JSON requires and
//! what a terminal must not receive raw ([`is_dangerous`]).
//!
//! serde_json escapes strings one byte at a time and cannot be told about
//! DEL, C1 or bidi characters without a second pass over every fragment;
//! `diagnose --json` writes hundreds of string bytes per error, so this
//! writer checks 8 bytes at once and stops only where a byte needs care.
//! Its output is serde_json's (compact, or pretty with two spaces) except
//! that dangerous characters are `\uXXXX` escapes.

use std::fmt::{self, Display};
use std::io::{self, Write};

use serde::Serialize;
use serde::ser::{self, Impossible};

use crate::untrusted::{is_dangerous, starts_ci_marker};

/// Writes `value` as JSON, pretty or on one line.
pub fn write_json(mut out: impl Write, value: &impl Serialize, pretty: bool) -> io::Result<()> {
    let mut text = Vec::new();
    append_json(&mut text, value, pretty)?;
    out.write_all(&text)
}

/// Appends `value` as JSON to `text`, pretty or on one line.
pub fn append_json(text: &mut Vec<u8>, value: &impl Serialize, pretty: bool) -> io::Result<()> {
    let mut writer = JsonWriter {
        out: text,
        pretty,
        depth: 0,
    };
    value
        .serialize(&mut writer)
        .map_err(|Error(message)| io::Error::other(message))
}

struct JsonWriter<'t> {
    out: &'t mut Vec<u8>,
    pretty: bool,
    /// How deep the value being written is nested (for pretty indents).
    depth: usize,
}

/// A value JSON cannot hold (a map key that is not a string or a number), or
/// what a value's own `Serialize` refused.
#[derive(Debug)]
struct Error(String);

impl Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

impl ser::Error for Error {
    fn custom<T: Display>(message: T) -> Error {
        Error(message.to_string())
    }
}

type Result<T = ()> = std::result::Result<T, Error>;

/// Where the first byte among `word` sits that cannot be copied into a JSON
/// string as it is: a quote, a backslash, an ASCII control, a `#` (which may
/// start a CI runner's `##[command]`), or the start of a non-ASCII character
/// (which may be dangerous). Eight bytes are checked
/// at once in a `u64`; the borrows and carries of the arithmetic can only
/// mark bytes after a byte that really matches, so the first mark is exact.
fn first_care(word: [u8; 8]) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = ONES * 0x80;
    let x = u64::from_le_bytes(word);
    let zero = |v: u64| v.wrapping_sub(ONES) & !v & HIGHS;
    let controls = x.wrapping_sub(ONES * 0x20) & !x & HIGHS;
    let del_or_high = (x.wrapping_add(ONES) | x) & HIGHS;
    let care = controls
        | zero(x ^ (ONES * u64::from(b'"')))
        | zero(x ^ (ONES * u64::from(b'\\')))
        | zero(x ^ (ONES * u64::from(b'#')))
        | del_or_high;
    (care != 0).then(|| care.trailing_zeros() as usize / 8)
}

/// Where the first byte at or after `from` sits that needs care (see [`first_care`]).
fn next_care(bytes: &[u8], mut from: usize) -> Option<usize> {
    while let Some(word) = bytes[from..].first_chunk::<8>() {
        if let Some(at) = first_care(*word) {
            return Some(from + at);
        }
        from += 8;
    }
    // The last bytes, padded with spaces (which need no care).
    let mut word = [b' '; 8];
    let tail = &bytes[from..];
    word[..tail.len()].copy_from_slice(tail);
    first_care(word).map(|at| from + at)
}

/// Appends `text` between quotes, escaped.
fn write_string(out: &mut Vec<u8>, text: &str) {
    let bytes = text.as_bytes();
    out.reserve(bytes.len() + 2);
    out.push(b'"');
    let mut copied = 0;
    let mut at = 0;
    while let Some(found) = next_care(bytes, at) {
        at = found;
        let escape: &[u8] = match bytes[at] {
            b'"' => b"\\\"",
            b'\\' => b"\\\\",
            b'\n' => b"\\n",
            b'\r' => b"\\r",
            b'\t' => b"\\t",
            0x08 => b"\\b",
            0x0c => b"\\f",
            // `##[` read back as it was, but no CI runner takes it for a command.
            b'#' if starts_ci_marker(text, at) => b"\\u0023",
            b'#' => {
                at += 1;
                continue;
            }
            _ => {
                // A control or DEL, or the first byte of a non-ASCII character.
                let c = text[at..].chars().next().unwrap_or_default();
                if is_dangerous(c) {
                    out.extend_from_slice(&bytes[copied..at]);
                    let mut units = [0u16; 2];
                    for unit in c.encode_utf16(&mut units) {
                        // Writing to a Vec cannot fail.
                        let _ = write!(out, "\\u{unit:04x}");
                    }
                    copied = at + c.len_utf8();
                }
                at += c.len_utf8();
                continue;
            }
        };
        out.extend_from_slice(&bytes[copied..at]);
        out.extend_from_slice(escape);
        at += 1;
        copied = at;
    }
    out.extend_from_slice(&bytes[copied..]);
    out.push(b'"');
}

/// Appends an integer without going through `fmt`.
fn write_integer(out: &mut Vec<u8>, negative: bool, mut value: u64) {
    let mut digits = [0u8; 21];
    let mut start = digits.len();
    loop {
        start -= 1;
        digits[start] = b'0' + (value % 10) as u8;
        value /= 10;
        if value == 0 {
            break;
        }
    }
    if negative {
        start -= 1;
        digits[start] = b'-';
    }
    out.extend_from_slice(&digits[start..]);
}

impl<'t> JsonWriter<'t> {
    #[inline]
    fn open(&mut self, bracket: u8) {
        self.depth += 1;
        self.out.push(bracket);
    }

    /// Before an element or a key: the comma, and in pretty output the line break and indent.
    #[inline]
    fn element(&mut self, first: bool) {
        if !first {
            self.out.push(b',');
        }
        if self.pretty {
            self.new_line();
        }
    }

    #[inline]
    fn close(&mut self, bracket: u8, empty: bool) {
        self.depth -= 1;
        if self.pretty && !empty {
            self.new_line();
        }
        self.out.push(bracket);
    }

    /// Pretty output's line break and indent (kept out of line: `--json` lines have none).
    #[inline(never)]
    fn new_line(&mut self) {
        self.out.push(b'\n');
        for _ in 0..self.depth {
            self.out.extend_from_slice(b"  ");
        }
    }

    #[inline]
    fn colon(&mut self) {
        self.out
            .extend_from_slice(if self.pretty { b": " } else { b":" });
    }

    /// `{"variant":` before an enum variant's contents.
    fn open_variant(&mut self, variant: &str) {
        self.open(b'{');
        self.element(true);
        write_string(self.out, variant);
        self.colon();
    }

    fn compound<'w>(&'w mut self, bracket: u8, in_variant: bool) -> Compound<'w, 't> {
        self.open(bracket);
        Compound {
            writer: self,
            first: true,
            in_variant,
        }
    }
}

/// An array or object being written; `first` until its first element.
struct Compound<'w, 't> {
    writer: &'w mut JsonWriter<'t>,
    first: bool,
    /// Inside `{"variant": …}`, which closes after it.
    in_variant: bool,
}

impl Compound<'_, '_> {
    fn element<T: ?Sized + Serialize>(&mut self, value: &T) -> Result {
        self.writer.element(self.first);
        self.first = false;
        value.serialize(&mut *self.writer)
    }

    fn field<T: ?Sized + Serialize>(&mut self, key: &'static str, value: &T) -> Result {
        self.writer.element(self.first);
        self.first = false;
        // A field name is an identifier in voiperr's own code (or its rename):
        // nothing in it needs escaping, so it is not checked on every write.
        debug_assert!(next_care(key.as_bytes(), 0).is_none(), "field {key}");
        self.writer.out.push(b'"');
        self.writer.out.extend_from_slice(key.as_bytes());
        self.writer.out.push(b'"');
        self.writer.colon();
        value.serialize(&mut *self.writer)
    }

    fn close(self, bracket: u8) -> Result {
        self.writer.close(bracket, self.first);
        if self.in_variant {
            self.writer.close(b'}', false);
        }
        Ok(())
    }
}

impl<'w, 't> ser::Serializer for &'w mut JsonWriter<'t> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Compound<'w, 't>;
    type SerializeTuple = Compound<'w, 't>;
    type SerializeTupleStruct = Compound<'w, 't>;
    type SerializeTupleVariant = Compound<'w, 't>;
    type SerializeMap = Compound<'w, 't>;
    type SerializeStruct = Compound<'w, 't>;
    type SerializeStructVariant = Compound<'w, 't>;

    fn serialize_bool(self, v: bool) -> Result {
        self.out
            .extend_from_slice(if v { b"true" } else { b"false" });
        Ok(())
    }
    fn serialize_i8(self, v: i8) -> Result {
        self.serialize_i64(v.into())
    }
    fn serialize_i16(self, v: i16) -> Result {
        self.serialize_i64(v.into())
    }
    fn serialize_i32(self, v: i32) -> Result {
        self.serialize_i64(v.into())
    }
    fn serialize_i64(self, v: i64) -> Result {
        write_integer(self.out, v < 0, v.unsigned_abs());
        Ok(())
    }
    fn serialize_i128(self, v: i128) -> Result {
        let _ = write!(self.out, "{v}");
        Ok(())
    }
    fn serialize_u8(self, v: u8) -> Result {
        self.serialize_u64(v.into())
    }
    fn serialize_u16(self, v: u16) -> Result {
        self.serialize_u64(v.into())
    }
    fn serialize_u32(self, v: u32) -> Result {
        self.serialize_u64(v.into())
    }
    fn serialize_u64(self, v: u64) -> Result {
        write_integer(self.out, false, v);
        Ok(())
    }
    fn serialize_u128(self, v: u128) -> Result {
        let _ = write!(self.out, "{v}");
        Ok(())
    }
    fn serialize_f32(self, v: f32) -> Result {
        // serde_json's float text (shortest round trip, null for NaN and infinities).
        serde_json::to_writer(&mut *self.out, &v).map_err(ser::Error::custom)
    }
    fn serialize_f64(self, v: f64) -> Result {
        serde_json::to_writer(&mut *self.out, &v).map_err(ser::Error::custom)
    }
    fn serialize_char(self, v: char) -> Result {
        self.serialize_str(v.encode_utf8(&mut [0; 4]))
    }
    fn serialize_str(self, v: &str) -> Result {
        write_string(self.out, v);
        Ok(())
    }
    fn serialize_bytes(self, v: &[u8]) -> Result {
        ser::Serializer::collect_seq(self, v)
    }
    fn serialize_none(self) -> Result {
        self.serialize_unit()
    }
    fn serialize_some<T: ?Sized + Serialize>(self, value: &T) -> Result {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result {
        self.out.extend_from_slice(b"null");
        Ok(())
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result {
        self.serialize_unit()
    }
    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result {
        self.serialize_str(variant)
    }
    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result {
        self.open_variant(variant);
        value.serialize(&mut *self)?;
        self.close(b'}', false);
        Ok(())
    }
    fn serialize_seq(self, _len: Option<usize>) -> Result<Self::SerializeSeq> {
        Ok(self.compound(b'[', false))
    }
    fn serialize_tuple(self, len: usize) -> Result<Self::SerializeTuple> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        len: usize,
    ) -> Result<Self::SerializeTupleStruct> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleVariant> {
        self.open_variant(variant);
        Ok(self.compound(b'[', true))
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<Self::SerializeMap> {
        Ok(self.compound(b'{', false))
    }
    fn serialize_struct(self, _name: &'static str, len: usize) -> Result<Self::SerializeStruct> {
        self.serialize_map(Some(len))
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStructVariant> {
        self.open_variant(variant);
        Ok(self.compound(b'{', true))
    }
}

/// serde's compound traits differ only in name: arrays (sequences, tuples,
/// tuple structs and variants) write elements, structs write named fields.
macro_rules! compound {
    ($($array:ident :: $element:ident),* ; $($object:ident),*) => {
        $(impl ser::$array for Compound<'_, '_> {
            type Ok = ();
            type Error = Error;
            fn $element<T: ?Sized + Serialize>(&mut self, value: &T) -> Result {
                self.element(value)
            }
            fn end(self) -> Result {
                self.close(b']')
            }
        })*
        $(impl ser::$object for Compound<'_, '_> {
            type Ok = ();
            type Error = Error;
            fn serialize_field<T: ?Sized + Serialize>(&mut self, key: &'static str, value: &T) -> Result {
                self.field(key, value)
            }
            fn end(self) -> Result {
                self.close(b'}')
            }
        })*
    };
}

compound!(
    SerializeSeq::serialize_element,
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field,
    SerializeTupleVariant::serialize_field;
    SerializeStruct,
    SerializeStructVariant
);

impl ser::SerializeMap for Compound<'_, '_> {
    type Ok = ();
    type Error = Error;
    fn serialize_key<T: ?Sized + Serialize>(&mut self, key: &T) -> Result {
        self.writer.element(self.first);
        self.first = false;
        key.serialize(MapKey(&mut *self.writer))?;
        self.writer.colon();
        Ok(())
    }
    fn serialize_value<T: ?Sized + Serialize>(&mut self, value: &T) -> Result {
        value.serialize(&mut *self.writer)
    }
    fn end(self) -> Result {
        self.close(b'}')
    }
}

/// A map key: JSON keys are strings, so numbers are written quoted (as serde_json does).
struct MapKey<'w, 't>(&'w mut JsonWriter<'t>);

impl MapKey<'_, '_> {
    fn quoted(self, negative: bool, value: u64) -> Result {
        self.0.out.push(b'"');
        write_integer(self.0.out, negative, value);
        self.0.out.push(b'"');
        Ok(())
    }

    fn not_a_key() -> Error {
        Error("a JSON object key must be a string or a number".to_owned())
    }
}

impl ser::Serializer for MapKey<'_, '_> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Impossible<(), Error>;
    type SerializeTuple = Impossible<(), Error>;
    type SerializeTupleStruct = Impossible<(), Error>;
    type SerializeTupleVariant = Impossible<(), Error>;
    type SerializeMap = Impossible<(), Error>;
    type SerializeStruct = Impossible<(), Error>;
    type SerializeStructVariant = Impossible<(), Error>;

    fn serialize_str(self, v: &str) -> Result {
        write_string(self.0.out, v);
        Ok(())
    }
    fn serialize_char(self, v: char) -> Result {
        self.serialize_str(v.encode_utf8(&mut [0; 4]))
    }
    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result {
        self.serialize_str(variant)
    }
    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result {
        value.serialize(self)
    }
    fn serialize_i8(self, v: i8) -> Result {
        self.serialize_i64(v.into())
    }
    fn serialize_i16(self, v: i16) -> Result {
        self.serialize_i64(v.into())
    }
    fn serialize_i32(self, v: i32) -> Result {
        self.serialize_i64(v.into())
    }
    fn serialize_i64(self, v: i64) -> Result {
        self.quoted(v < 0, v.unsigned_abs())
    }
    fn serialize_u8(self, v: u8) -> Result {
        self.serialize_u64(v.into())
    }
    fn serialize_u16(self, v: u16) -> Result {
        self.serialize_u64(v.into())
    }
    fn serialize_u32(self, v: u32) -> Result {
        self.serialize_u64(v.into())
    }
    fn serialize_u64(self, v: u64) -> Result {
        self.quoted(false, v)
    }
    fn serialize_bool(self, _v: bool) -> Result {
        Err(Self::not_a_key())
    }
    fn serialize_f32(self, _v: f32) -> Result {
        Err(Self::not_a_key())
    }
    fn serialize_f64(self, _v: f64) -> Result {
        Err(Self::not_a_key())
    }
    fn serialize_bytes(self, _v: &[u8]) -> Result {
        Err(Self::not_a_key())
    }
    fn serialize_none(self) -> Result {
        Err(Self::not_a_key())
    }
    fn serialize_some<T: ?Sized + Serialize>(self, _value: &T) -> Result {
        Err(Self::not_a_key())
    }
    fn serialize_unit(self) -> Result {
        Err(Self::not_a_key())
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result {
        Err(Self::not_a_key())
    }
    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _value: &T,
    ) -> Result {
        Err(Self::not_a_key())
    }
    fn serialize_seq(self, _len: Option<usize>) -> Result<Self::SerializeSeq> {
        Err(Self::not_a_key())
    }
    fn serialize_tuple(self, _len: usize) -> Result<Self::SerializeTuple> {
        Err(Self::not_a_key())
    }
    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleStruct> {
        Err(Self::not_a_key())
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleVariant> {
        Err(Self::not_a_key())
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<Self::SerializeMap> {
        Err(Self::not_a_key())
    }
    fn serialize_struct(self, _name: &'static str, _len: usize) -> Result<Self::SerializeStruct> {
        Err(Self::not_a_key())
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStructVariant> {
        Err(Self::not_a_key())
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use proptest::prelude::*;
    use serde_json::{Value, json};

    use super::*;
    use crate::catalog::Catalog;
    use crate::view::ReasonView;

    fn compact(value: &impl Serialize) -> String {
        let mut out = Vec::new();
        write_json(&mut out, value, false).expect("writes");
        String::from_utf8(out).expect("UTF-8")
    }

    fn pretty(value: &impl Serialize) -> String {
        let mut out = Vec::new();
        write_json(&mut out, value, true).expect("writes");
        String::from_utf8(out).expect("UTF-8")
    }

    #[test]
    fn same_text_as_serde_json() {
        let values = [
            json!(null),
            json!([]),
            json!({}),
            json!([[], {}, [[]], {"a": {}}]),
            json!({"a": [1, -2, 3.5, u64::MAX, i64::MIN], "b": {"c": null, "d": true}, "e": "x\"\\\n\t\r\u{8}\u{c}\u{1}"}),
            json!("plain text longer than one sixteen byte block, twice over"),
        ];
        for value in &values {
            assert_eq!(compact(value), serde_json::to_string(value).unwrap());
            assert_eq!(pretty(value), serde_json::to_string_pretty(value).unwrap());
        }
        for reason in Catalog::get().reasons() {
            let view = ReasonView::new(reason);
            assert_eq!(compact(&view), serde_json::to_string(&view).unwrap());
            assert_eq!(pretty(&view), serde_json::to_string_pretty(&view).unwrap());
        }
    }

    #[test]
    fn keys_numbers_and_enums() {
        #[derive(Serialize)]
        enum Shape {
            Unit,
            Newtype(u8),
            Tuple(u8, u8),
            Struct { a: u8 },
        }
        let map: BTreeMap<i32, Shape> = [
            (-1, Shape::Unit),
            (2, Shape::Newtype(1)),
            (3, Shape::Tuple(1, 2)),
            (4, Shape::Struct { a: 1 }),
        ]
        .into();
        assert_eq!(compact(&map), serde_json::to_string(&map).unwrap());
        assert_eq!(pretty(&map), serde_json::to_string_pretty(&map).unwrap());
        let bad: BTreeMap<bool, u8> = [(true, 1)].into();
        assert!(write_json(Vec::new(), &bad, false).is_err());
    }

    #[test]
    fn a_ci_command_becomes_an_escape_that_reads_back() {
        assert_eq!(
            compact(&"x ##[error]y ##"),
            r#""x \u0023#[error]y \u0023#""#
        );
        assert_eq!(compact(&"# #a"), r##""# #a""##);
    }

    #[test]
    fn dangerous_characters_become_escapes() {
        let text = "a\u{7f}b\u{9b}c\u{202e}d\u{e0041}e";
        assert_eq!(compact(&text), r#""a\u007fb\u009bc\u202ed\udb40\udc41e""#);
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        /// The eight-at-once search finds exactly the first byte a plain
        /// byte-by-byte search finds, from any start.
        #[test]
        fn word_search_finds_the_first_byte_that_needs_care(
            bytes in proptest::collection::vec(
                prop_oneof![any::<u8>(), Just(b'"'), Just(b'\\'), Just(b'#'), Just(0x1f), Just(0x20), Just(0x7e), Just(0x7f), Just(0xff)],
                0..40,
            ),
            from in 0usize..40,
        ) {
            let from = from.min(bytes.len());
            let plain = bytes[from..]
                .iter()
                .position(|&b| b < 0x20 || b == b'"' || b == b'\\' || b == b'#' || b >= 0x7f)
                .map(|at| from + at);
            prop_assert_eq!(next_care(&bytes, from), plain);
        }

        /// Any text reads back unchanged, carries no dangerous character
        /// raw nor a CI runner's `##[`, and is serde_json's text where it had neither.
        #[test]
        fn strings_read_back(text in prop_oneof![any::<String>(), "[#\\[a ]{0,12}"]) {
            let written = compact(&text);
            prop_assert_eq!(serde_json::from_str::<Value>(&written).unwrap(), Value::String(text.clone()));
            prop_assert!(!written.contains(is_dangerous));
            prop_assert!(!written.contains("##["));
            if !text.contains(is_dangerous) && !text.contains("##") {
                prop_assert_eq!(written, serde_json::to_string(&text).unwrap());
            }
        }
    }
}
