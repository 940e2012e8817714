//! Where `diagnose` reads from: files (gzip-compressed or not), stdin, and a
//! followed file (`--follow`, like `tail -F`).
//!
//! Reading happens on a thread of its own that sends chunks over a channel,
//! so the scanner can tell "input is waiting" (flush, redraw the summary)
//! from "input is flowing" (batch), and a signal is noticed even while a
//! read blocks.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, Sender, SyncSender};
use std::thread;
use std::time::Duration;

use flate2::read::MultiGzDecoder;

use crate::untrusted::inert;

/// One input, as given on the command line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Source {
    Stdin,
    File(PathBuf),
}

impl Source {
    pub fn from_arg(arg: &Path) -> Source {
        if arg.as_os_str() == "-" {
            Source::Stdin
        } else {
            Source::File(arg.to_owned())
        }
    }

    /// The name a diagnosis gives for where it came from (`-` for stdin).
    pub fn name(&self) -> String {
        match self {
            Source::Stdin => "-".to_owned(),
            Source::File(path) => inert(&path.display().to_string()).into_owned(),
        }
    }
}

/// What the reading thread sends. Every `Start` is followed by one `End`,
/// however the input ends, so the scanner flushes what it holds for that
/// input and starts the next from a clean state.
#[derive(Debug)]
pub enum Message {
    /// The next input begins (also a followed file's next file, after
    /// rotation or truncation: its lines are counted from 1 again).
    Start(String),
    Chunk(Vec<u8>),
    /// The input ended: whole (None), or cut short by a read error (the
    /// sentence to say, after what was read before it is diagnosed).
    End(Option<String>),
    /// The input (its name) could not be opened: one sentence, said by the caller.
    Failed {
        name: String,
        sentence: String,
    },
    /// Something the user should know about a followed file (waiting for
    /// it, rotated, truncated): one sentence.
    Note(String),
}

/// Bytes read at a time: large enough that a big file costs few messages.
const CHUNK: usize = 256 * 1024;
/// Chunks in flight: bounds memory when the scanner is slower than the disk.
pub const IN_FLIGHT: usize = 4;
/// How often a followed file is looked at again when it has not grown.
const FOLLOW_POLL: Duration = Duration::from_millis(200);

/// What is read, as it arrives; [`Reading::recycle`] hands a chunk's
/// buffer back when its bytes are read, so the next chunk is read into it
/// (a new buffer would be zeroed first: 4% of a large file's scan).
pub struct Reading {
    pub messages: Receiver<Message>,
    spent: Sender<Vec<u8>>,
}

impl Reading {
    pub fn recycle(&self, chunk: Vec<u8>) {
        // The reading thread may have ended: the buffer is then dropped.
        let _ = self.spent.send(chunk);
    }
}

/// The reading thread's side: messages out, spent buffers back.
struct Outbox {
    messages: SyncSender<Message>,
    spent: Receiver<Vec<u8>>,
}

impl Outbox {
    fn send(&self, message: Message) -> Result<(), mpsc::SendError<Message>> {
        self.messages.send(message)
    }
}

/// Starts reading `sources` in order on a thread of its own.
pub fn read_all(sources: Vec<Source>, follow: bool) -> Reading {
    let (messages, rx) = mpsc::sync_channel(IN_FLIGHT);
    let (spent, spent_rx) = mpsc::channel();
    let tx = Outbox {
        messages,
        spent: spent_rx,
    };
    thread::spawn(move || {
        for source in sources {
            if read_one(&source, follow, &tx).is_err() {
                return; // the scanner stopped listening
            }
        }
    });
    Reading {
        messages: rx,
        spent,
    }
}

/// Reads one input to its end (or forever when followed); Err when the receiver is gone.
fn read_one(source: &Source, follow: bool, tx: &Outbox) -> Result<(), ()> {
    let send = |m: Message| tx.send(m).map_err(|_| ());
    let name = source.name();
    if let (Source::File(path), true) = (source, follow) {
        return match follow_file(path, &name, tx) {
            Err(Stop::Gone) => Err(()),
            // Never ends by itself; a read error ends the file it was reading.
            Ok(()) => Ok(()),
            Err(Stop::Read(e)) => send(Message::End(Some(format!("cannot read '{name}': {e}")))),
        };
    }
    let opened = match source {
        Source::Stdin => Ok(Box::new(io::stdin()) as Box<dyn Read + Send>),
        Source::File(path) => open(path),
    };
    let reader = match opened {
        Ok(reader) => reader,
        Err(sentence) => return send(Message::Failed { name, sentence }),
    };
    let (reader, format) = match decoded(reader, &name) {
        Ok(decoded) => decoded,
        Err(sentence) => return send(Message::Failed { name, sentence }),
    };
    send(Message::Start(name.clone()))?;
    match pump(reader, tx) {
        Ok(()) => send(Message::End(None)),
        Err(Stop::Gone) => Err(()),
        Err(Stop::Read(e)) => send(Message::End(Some(format.damaged(&name, &e)))),
    }
}

enum Stop {
    /// The receiver is gone.
    Gone,
    Read(io::Error),
}

/// Opens a file: one clear sentence when it cannot be read. A FIFO is opened
/// like any file, so the open waits for a writer, as `cat` does.
fn open(path: &Path) -> Result<Box<dyn Read + Send>, String> {
    let name = inert(&path.display().to_string()).into_owned();
    match std::fs::metadata(path) {
        Ok(meta) if meta.is_dir() => Err(format!(
            "'{name}' is a directory; give a file with the API response or log"
        )),
        Ok(_) => File::open(path)
            .map(|f| Box::new(f) as Box<dyn Read + Send>)
            .map_err(|e| format!("cannot read '{name}': {e}")),
        Err(e) => Err(format!("cannot read '{name}': {e}")),
    }
}

/// How [`read_line`] read a line into its buffer.
#[derive(Debug, PartialEq, Eq)]
pub enum Line {
    /// The whole line, without its line end (`\n` or `\r\n`).
    Whole,
    /// A line of this many bytes, over the limit: only its first bytes are kept.
    TooLong(usize),
}

/// Reads one line of a protocol that sends a message a line (MCP,
/// rsyslog's mmexternal) into `line`, never holding more than `max` bytes
/// of it: of a longer line, only its first `head` bytes. `None` at the end
/// of the input; a last line without its newline still counts.
pub fn read_line(
    input: &mut impl BufRead,
    line: &mut Vec<u8>,
    max: usize,
    head: usize,
) -> io::Result<Option<Line>> {
    line.clear();
    let mut len = 0;
    loop {
        let available = match input.fill_buf() {
            Ok(available) => available,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if available.is_empty() {
            return Ok((len > 0).then(|| finished(line, len, max)));
        }
        let (part, end) = match memchr::memchr(b'\n', available) {
            Some(at) => (&available[..at], Some(at + 1)),
            None => (available, None),
        };
        len += part.len();
        let room = if len > max { head } else { max };
        if len > max && line.len() > head {
            line.truncate(head);
        }
        let take = room.saturating_sub(line.len()).min(part.len());
        line.extend_from_slice(&part[..take]);
        let used = end.unwrap_or(available.len());
        input.consume(used);
        if end.is_some() {
            return Ok(Some(finished(line, len, max)));
        }
    }
}

fn finished(line: &mut Vec<u8>, len: usize, max: usize) -> Line {
    if len > max {
        return Line::TooLong(len);
    }
    if line.last() == Some(&b'\r') {
        line.pop();
    }
    Line::Whole
}

/// Whether `path` is a regular file that can be read as it is stored
/// (not compressed, not UTF-16), so it can be counted in parts at once.
pub fn is_plain_file(path: &Path) -> bool {
    std::fs::metadata(path).is_ok_and(|m| m.is_file())
        && File::open(path).is_ok_and(|f| {
            decoded(Box::new(f), "").is_ok_and(|(_, format)| format == Format::Plain)
        })
}

/// How an input's bytes are stored, by their first bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Format {
    Plain,
    /// Rotated logs: decompressed on the fly.
    Gzip,
    /// What PowerShell's `>` writes (with its byte order mark): decoded.
    Utf16 {
        big_endian: bool,
    },
    /// UTF-8 after a byte order mark (Notepad): the mark is dropped.
    Utf8Bom,
}

impl Format {
    /// The sentence for a read error partway through.
    fn damaged(self, name: &str, error: &io::Error) -> String {
        match self {
            Format::Gzip => format!(
                "'{name}' is a damaged or cut-off gzip file ({error}); what came before the damage was diagnosed"
            ),
            _ => {
                format!("cannot read '{name}' to its end ({error}); what came before was diagnosed")
            }
        }
    }
}

/// Compressions that are not read, by their magic bytes: (bytes, name, the command that decompresses).
const UNREAD_COMPRESSIONS: &[(&[u8], &str, &str)] = &[
    (&[0x28, 0xb5, 0x2f, 0xfd], "zstd", "zstd -dc"),
    (&[0xfd, b'7', b'z', b'X', b'Z', 0x00], "xz", "xz -dc"),
    (&[0x04, 0x22, 0x4d, 0x18], "lz4", "lz4 -dc"),
    (b"PK\x03\x04", "zip", "unzip -p"),
];

/// Whether `head` begins a bzip2 stream: `BZh`, a block size digit, then a
/// block's or the end's magic number (so a text line starting `BZh9` is text).
fn is_bzip2(head: &[u8]) -> bool {
    head.len() >= 10
        && head.starts_with(b"BZh")
        && (b'1'..=b'9').contains(&head[3])
        && (head[4..10] == [0x31, 0x41, 0x59, 0x26, 0x53, 0x59]
            || head[4..10] == [0x17, 0x72, 0x45, 0x38, 0x50, 0x90])
}

/// The reader, decoded by its first bytes: gzip is decompressed, UTF-16
/// with a byte order mark becomes UTF-8, a UTF-8 byte order mark is
/// dropped. Another compression is one sentence naming it and the command
/// that decompresses it.
fn decoded(
    reader: Box<dyn Read + Send>,
    name: &str,
) -> Result<(Box<dyn Read + Send>, Format), String> {
    let mut buffered = BufReader::with_capacity(CHUNK, reader);
    let head = loop {
        match buffered.fill_buf() {
            Ok(head) => break head,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(format!("cannot read '{name}': {e}")),
        }
    };
    if let Some((_, what, command)) = UNREAD_COMPRESSIONS
        .iter()
        .find(|(magic, ..)| head.starts_with(magic))
    {
        return Err(unread(name, what, command));
    }
    if is_bzip2(head) {
        return Err(unread(name, "bzip2", "bzip2 -dc"));
    }
    let format = match head {
        [0x1f, 0x8b, ..] => Format::Gzip,
        [0xff, 0xfe, rest @ ..] if looks_utf16(rest) => Format::Utf16 { big_endian: false },
        [0xfe, 0xff, rest @ ..] if looks_utf16(rest) => Format::Utf16 { big_endian: true },
        [0xef, 0xbb, 0xbf, ..] => Format::Utf8Bom,
        _ => Format::Plain,
    };
    let reader: Box<dyn Read + Send> = match format {
        Format::Gzip => Box::new(MultiGzDecoder::new(buffered)),
        Format::Utf16 { big_endian } => {
            buffered.consume(2);
            Box::new(Utf16::new(buffered, big_endian))
        }
        Format::Utf8Bom => {
            buffered.consume(3);
            Box::new(buffered)
        }
        Format::Plain => Box::new(buffered),
    };
    Ok((reader, format))
}

/// Whether what follows a UTF-16 byte order mark is UTF-16 text: logs and
/// API responses are mostly ASCII, which has a NUL every other byte in
/// UTF-16 and never in UTF-8. (Bytes that happen to start FF FE stay bytes.)
fn looks_utf16(after_mark: &[u8]) -> bool {
    after_mark.is_empty() || after_mark[..after_mark.len().min(256)].contains(&0)
}

fn unread(name: &str, what: &str, command: &str) -> String {
    format!(
        "'{name}' is {what}-compressed, which diagnose does not read: decompress it first ({command} '{name}' | voiperr diagnose)"
    )
}

/// UTF-16 text decoded to UTF-8 as it is read; an unpaired surrogate
/// becomes U+FFFD, as a lossy UTF-8 read does.
struct Utf16<R> {
    inner: R,
    big_endian: bool,
    /// Bytes read but not yet decoded: an odd byte, a high surrogate
    /// waiting for its pair.
    undecoded: Vec<u8>,
    decoded: Vec<u8>,
    /// How much of `decoded` was handed out.
    given: usize,
}

impl<R: Read> Utf16<R> {
    fn new(inner: R, big_endian: bool) -> Utf16<R> {
        Utf16 {
            inner,
            big_endian,
            undecoded: Vec::new(),
            decoded: Vec::new(),
            given: 0,
        }
    }

    /// Decodes what can be decoded of `undecoded` (all of it at the end).
    fn decode(&mut self, at_end: bool) {
        let unit = |pair: &[u8]| match self.big_endian {
            true => u16::from_be_bytes([pair[0], pair[1]]),
            false => u16::from_le_bytes([pair[0], pair[1]]),
        };
        let mut units: Vec<u16> = self.undecoded.chunks_exact(2).map(unit).collect();
        let mut keep = self.undecoded.len() % 2;
        if !at_end && units.last().is_some_and(|u| (0xd800..0xdc00).contains(u)) {
            units.pop();
            keep += 2;
        }
        for c in char::decode_utf16(units) {
            let c = c.unwrap_or(char::REPLACEMENT_CHARACTER);
            self.decoded
                .extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes());
        }
        if at_end && keep % 2 == 1 {
            self.decoded.extend_from_slice("\u{fffd}".as_bytes());
            keep = 0;
        }
        let from = self.undecoded.len() - keep;
        self.undecoded.drain(..from);
    }
}

impl<R: Read> Read for Utf16<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        while self.given == self.decoded.len() {
            self.decoded.clear();
            self.given = 0;
            let mut raw = vec![0; CHUNK];
            let n = self.inner.read(&mut raw)?;
            self.undecoded.extend_from_slice(&raw[..n]);
            self.decode(n == 0);
            if n == 0 && self.decoded.is_empty() {
                return Ok(0);
            }
        }
        let n = buf.len().min(self.decoded.len() - self.given);
        buf[..n].copy_from_slice(&self.decoded[self.given..self.given + n]);
        self.given += n;
        Ok(n)
    }
}

/// Reads one chunk, into a buffer the scanner is done with when there is
/// one; Ok(None) at the end.
fn next_chunk(reader: &mut dyn Read, spent: &Receiver<Vec<u8>>) -> Result<Option<Vec<u8>>, Stop> {
    let mut buffer = spent.try_recv().unwrap_or_default();
    // Zeroes only what the buffer's last read did not fill.
    buffer.resize(CHUNK, 0);
    loop {
        match reader.read(&mut buffer) {
            Ok(0) => return Ok(None),
            Ok(n) => {
                buffer.truncate(n);
                return Ok(Some(buffer));
            }
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(Stop::Read(e)),
        }
    }
}

fn pump(mut reader: Box<dyn Read + Send>, tx: &Outbox) -> Result<(), Stop> {
    while let Some(chunk) = next_chunk(&mut reader, &tx.spent)? {
        tx.send(Message::Chunk(chunk)).map_err(|_| Stop::Gone)?;
    }
    Ok(())
}

/// Which file a path names now: a rotated log is a new file under the old name.
#[cfg(unix)]
fn identity(meta: &std::fs::Metadata) -> (u64, u64) {
    use std::os::unix::fs::MetadataExt;
    (meta.dev(), meta.ino())
}

#[cfg(not(unix))]
fn identity(_: &std::fs::Metadata) -> (u64, u64) {
    (0, 0)
}

/// Why a followed file cannot be read now.
fn unreadable(path: &Path) -> Option<String> {
    match std::fs::metadata(path) {
        Ok(meta) if meta.is_dir() => Some("is a directory".to_owned()),
        Ok(_) => File::open(path).err().map(|e| e.to_string()),
        Err(e) => Some(e.to_string()),
    }
}

/// Opens a followed file, waiting while it cannot be read (missing,
/// unreadable, a directory), like `tail -F`: one note when the wait starts.
fn open_followed(path: &Path, name: &str, tx: &Outbox) -> Result<File, Stop> {
    let mut said = false;
    loop {
        if let Ok(file) = File::open(path)
            && file.metadata().is_ok_and(|m| !m.is_dir())
        {
            return Ok(file);
        }
        if !said {
            let why = unreadable(path).unwrap_or_else(|| "cannot be read".to_owned());
            let note = format!("'{name}' {why}: waiting for it to appear (Ctrl-C to stop)");
            tx.send(Message::Note(note)).map_err(|_| Stop::Gone)?;
            said = true;
        }
        thread::sleep(FOLLOW_POLL);
    }
}

/// Sends everything `file` holds now; returns how many bytes that was.
fn drain(file: &mut File, tx: &Outbox) -> Result<u64, Stop> {
    let mut sent = 0;
    while let Some(chunk) = next_chunk(file, &tx.spent)? {
        sent += chunk.len() as u64;
        tx.send(Message::Chunk(chunk)).map_err(|_| Stop::Gone)?;
    }
    Ok(sent)
}

/// `tail -F`: reads to the end, then keeps reading as the file grows, until
/// the receiver goes away. Each file under the name is one input (its lines
/// counted from 1): a file replaced under the same name (rotation) is read
/// to its end first, then the new one from its start; a file that shrank
/// (truncation) ends its input, so a line it held unfinished is not joined
/// to the new text, and is read again from its start. A name that cannot
/// be read is waited for, with one note. Polls every [`FOLLOW_POLL`]:
/// cheap, and the same on every file system. Read as stored (not
/// decompressed): a followed file is a live log.
fn follow_file(path: &Path, name: &str, tx: &Outbox) -> Result<(), Stop> {
    let send = |m: Message| tx.send(m).map_err(|_| Stop::Gone);
    let mut file = open_followed(path, name, tx)?;
    loop {
        let current = file.metadata().map(|m| identity(&m)).ok();
        send(Message::Start(name.to_owned()))?;
        let mut position = drain(&mut file, tx)?;
        let mut said_gone = false;
        let next = loop {
            thread::sleep(FOLLOW_POLL);
            position += drain(&mut file, tx)?;
            match std::fs::metadata(path) {
                Ok(meta) if !meta.is_dir() && current != Some(identity(&meta)) => {
                    // Rotated: what the old file got since the last poll is read first.
                    drain(&mut file, tx)?;
                    break "was replaced: following the new file from its start";
                }
                Ok(meta) if !meta.is_dir() && meta.len() < position => {
                    break "was truncated: reading it again from its start";
                }
                Ok(meta) if !meta.is_dir() => said_gone = false,
                _ if !said_gone => {
                    let why = unreadable(path).unwrap_or_else(|| "cannot be read".to_owned());
                    send(Message::Note(format!(
                        "'{name}' {why}: waiting for it to come back"
                    )))?;
                    said_gone = true;
                }
                _ => {}
            }
        };
        send(Message::End(None))?;
        send(Message::Note(format!("'{name}' {next}")))?;
        file = open_followed(path, name, tx)?;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_is_never_held_over_the_limit() {
        let long = format!("{}\nnext\n", "x".repeat(100));
        let mut input = io::BufReader::with_capacity(16, long.as_bytes());
        let mut line = Vec::new();
        assert_eq!(
            read_line(&mut input, &mut line, 50, 8).expect("reads"),
            Some(Line::TooLong(100))
        );
        assert_eq!(line.len(), 8);
        assert_eq!(
            read_line(&mut input, &mut line, 50, 8).expect("reads"),
            Some(Line::Whole)
        );
        assert_eq!(line, b"next");
        assert_eq!(
            read_line(&mut input, &mut line, 50, 8).expect("reads"),
            None
        );
        let mut input = io::BufReader::new(&b"a\r\n\nb"[..]);
        for want in [&b"a"[..], b"", b"b"] {
            let read = read_line(&mut input, &mut line, 50, 8).expect("reads");
            assert_eq!((read, line.as_slice()), (Some(Line::Whole), want));
        }
        let mut input = io::BufReader::new(&b"too long\n"[..]);
        assert_eq!(
            read_line(&mut input, &mut line, 4, 0).expect("reads"),
            Some(Line::TooLong(8))
        );
        assert!(line.is_empty());
    }
}
