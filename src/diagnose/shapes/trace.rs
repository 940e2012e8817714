//! curl's `--trace`/`--trace-ascii` dump: what each line is, and the bytes
//! of a block rebuilt from its data lines.

/// What one line of curl's `--trace`/`--trace-ascii` output is.
#[derive(Debug, PartialEq, Eq)]
pub enum TraceLine {
    /// `=> Send header, 89 bytes (0x59)` and the like: a block begins.
    Block(TraceBlock),
    /// `== Info: …`
    Info,
    /// `0000: …`: the offset and the data (hex pairs and text, or text).
    Data(usize, String),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TraceBlock {
    SendHeader,
    SendData,
    RecvHeader,
    RecvData,
    /// SSL data and the like: not read.
    Other,
}

pub fn trace_line(line: &str) -> Option<TraceLine> {
    // Every line asks: most start with none of `=`, `<` or a hex digit.
    if !line
        .bytes()
        .next()
        .is_some_and(|b| b == b'=' || b == b'<' || b.is_ascii_hexdigit())
    {
        return None;
    }
    if line.starts_with("== Info:") {
        return Some(TraceLine::Info);
    }
    for (prefix, block) in [
        ("=> Send header,", TraceBlock::SendHeader),
        ("=> Send data,", TraceBlock::SendData),
        ("<= Recv header,", TraceBlock::RecvHeader),
        ("<= Recv data,", TraceBlock::RecvData),
        ("=> Send SSL data,", TraceBlock::Other),
        ("<= Recv SSL data,", TraceBlock::Other),
    ] {
        if line.starts_with(prefix) {
            return Some(TraceLine::Block(block));
        }
    }
    // `0000: …`: hex digits, then `: ` (checked byte by byte: every line asks).
    let digits = line.bytes().take_while(u8::is_ascii_hexdigit).count();
    if digits < 4 || line.as_bytes().get(digits..digits + 2) != Some(b": ") {
        return None;
    }
    let (offset, data) = (&line[..digits], &line[digits + 2..]);
    let offset = usize::from_str_radix(offset, 16).ok()?;
    Some(TraceLine::Data(offset, data.to_owned()))
}

/// Rebuilds the bytes of one trace block from its data lines. `--trace`
/// lines are 16 hex pairs and then the text; `--trace-ascii` lines are text
/// of up to 64 bytes, where a line that ends before the next offset had a
/// line break (`\r\n` or `\n`) there.
#[derive(Debug, Default)]
pub struct TraceBlockBytes {
    pub bytes: Vec<u8>,
    /// The offset the next line should have, and whether the last line was text.
    expected: usize,
    text_line_open: bool,
}

impl TraceBlockBytes {
    pub fn push(&mut self, offset: usize, data: &str) {
        if let Some(hex) = hex_pairs(data) {
            self.bytes.extend(hex);
            self.expected = offset + 16;
            return;
        }
        // ASCII: the gap between where the text ended and the next offset is the line break.
        if self.text_line_open && offset > self.expected {
            let gap = (offset - self.expected).min(2);
            self.bytes
                .extend_from_slice(if gap == 2 { b"\r\n" } else { b"\n" });
        }
        self.bytes.extend_from_slice(data.as_bytes());
        self.expected = offset + data.len();
        self.text_line_open = true;
    }

    /// The block is over: a final line break the dump leaves implicit.
    pub fn finish(&mut self, total: Option<usize>) {
        if let Some(total) = total
            && self.text_line_open
            && total > self.expected
        {
            self.bytes.extend_from_slice(if total - self.expected >= 2 {
                b"\r\n"
            } else {
                b"\n"
            });
        }
    }
}

/// `48 54 54 50 …  HTTP…`: the bytes of a `--trace` hex line, or None for
/// text. A hex line is always 16 columns of `hh ` (blank when short), 48
/// characters, then the text.
fn hex_pairs(data: &str) -> Option<Vec<u8>> {
    let columns = data.get(..48)?;
    if data.len() == 48 {
        return None;
    }
    let mut bytes = Vec::with_capacity(16);
    for column in columns.as_bytes().chunks(3) {
        match column {
            [b' ', b' ', b' '] => {}
            [hi, lo, b' '] => {
                let pair = [*hi, *lo];
                let text = std::str::from_utf8(&pair).ok()?;
                bytes.push(u8::from_str_radix(text, 16).ok()?);
            }
            _ => return None,
        }
    }
    (!bytes.is_empty()).then_some(bytes)
}

/// The byte count a trace block header announces (`… 190 bytes (0xbe)`).
pub fn trace_block_size(line: &str) -> Option<usize> {
    let (_, rest) = line.split_once(", ")?;
    rest.split_whitespace().next()?.parse().ok()
}

/// Removes HTTP/1.1 chunked framing (`56\r\n…\r\n0\r\n\r\n`) when the body has it.
pub fn dechunk(body: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    let mut rest = body;
    loop {
        let end = rest.windows(2).position(|w| w == b"\r\n")?;
        let size = std::str::from_utf8(&rest[..end]).ok()?;
        let size = usize::from_str_radix(size.split(';').next()?.trim(), 16).ok()?;
        rest = &rest[end + 2..];
        if size == 0 {
            return Some(out);
        }
        out.extend_from_slice(rest.get(..size)?);
        rest = rest.get(size..)?.strip_prefix(b"\r\n")?;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trace_blocks_rebuild_their_bytes() {
        assert_eq!(
            trace_line("<= Recv data, 190 bytes (0xbe)"),
            Some(TraceLine::Block(TraceBlock::RecvData))
        );
        assert_eq!(
            trace_block_size("<= Recv data, 190 bytes (0xbe)"),
            Some(190)
        );
        let mut ascii = TraceBlockBytes::default();
        for line in ["0000: 5", "0003: {\"a\":", "0008: 1}", "000c: 0", "000f: "] {
            let Some(TraceLine::Data(offset, data)) = trace_line(line) else {
                panic!("{line}")
            };
            ascii.push(offset, &data);
        }
        ascii.finish(Some(17));
        assert_eq!(ascii.bytes, b"5\r\n{\"a\":1}\r\n0\r\n\r\n");
        let mut hex = TraceBlockBytes::default();
        let Some(TraceLine::Data(offset, data)) = trace_line(
            "0000: 48 54 54 50 2f 31 2e 31 20 34 30 34 0d 0a             HTTP/1.1 404..",
        ) else {
            panic!()
        };
        hex.push(offset, &data);
        assert_eq!(hex.bytes, b"HTTP/1.1 404\r\n");
        assert_eq!(
            dechunk(b"3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n").as_deref(),
            Some(&b"abcde"[..])
        );
        assert_eq!(dechunk(b"{\"a\":1}"), None);
    }
}
