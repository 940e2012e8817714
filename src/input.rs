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
use std::sync::mpsc::{self, Receiver, SyncSender};
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

/// What the reading thread sends.
#[derive(Debug)]
pub enum Message {
    /// The next input begins.
    Start(String),
    Chunk(Vec<u8>),
    /// The input ended.
    End,
    /// The input could not be opened or read: one sentence, said by the caller.
    Failed(String),
}

/// Bytes read at a time: large enough that a big file costs few messages.
const CHUNK: usize = 256 * 1024;
/// Chunks in flight: bounds memory when the scanner is slower than the disk.
pub const IN_FLIGHT: usize = 4;
/// How often a followed file is looked at again when it has not grown.
const FOLLOW_POLL: Duration = Duration::from_millis(200);

/// Starts reading `sources` in order on a thread of its own.
pub fn read_all(sources: Vec<Source>, follow: bool) -> Receiver<Message> {
    let (tx, rx) = mpsc::sync_channel(IN_FLIGHT);
    thread::spawn(move || {
        for source in sources {
            if read_one(&source, follow, &tx).is_err() {
                return; // the scanner stopped listening
            }
        }
    });
    rx
}

/// Reads one input to its end (or forever when followed); Err when the receiver is gone.
fn read_one(source: &Source, follow: bool, tx: &SyncSender<Message>) -> Result<(), ()> {
    let send = |m: Message| tx.send(m).map_err(|_| ());
    let name = source.name();
    let opened = match source {
        Source::Stdin => Ok(Box::new(io::stdin()) as Box<dyn Read + Send>),
        Source::File(path) => open(path),
    };
    let reader = match opened {
        Ok(reader) => reader,
        Err(sentence) => return send(Message::Failed(sentence)),
    };
    send(Message::Start(name.clone()))?;
    let reader = match decompressed(reader) {
        Ok(reader) => reader,
        Err(e) => return send(Message::Failed(format!("cannot read '{name}': {e}"))),
    };
    let outcome = match (source, follow) {
        (Source::File(path), true) => follow_file(reader, path, tx),
        _ => pump(reader, tx),
    };
    match outcome {
        Ok(()) => send(Message::End),
        Err(Stop::Gone) => Err(()),
        Err(Stop::Read(e)) => send(Message::Failed(format!("cannot read '{name}': {e}"))),
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

/// Whether `path` is a regular file that can be read, not gzip-compressed.
pub fn is_plain_file(path: &Path) -> bool {
    let mut magic = [0; 2];
    std::fs::metadata(path).is_ok_and(|m| m.is_file())
        && File::open(path)
            .is_ok_and(|mut f| f.read(&mut magic).is_ok_and(|n| magic[..n] != [0x1f, 0x8b]))
}

/// The reader, gunzipped when it starts with gzip's magic bytes (rotated logs).
fn decompressed(reader: Box<dyn Read + Send>) -> io::Result<Box<dyn Read + Send>> {
    let mut buffered = BufReader::with_capacity(CHUNK, reader);
    let gzip = loop {
        match buffered.fill_buf() {
            Ok(head) => break head.starts_with(&[0x1f, 0x8b]),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        }
    };
    Ok(if gzip {
        Box::new(MultiGzDecoder::new(buffered))
    } else {
        Box::new(buffered)
    })
}

/// Reads one chunk; Ok(None) at the end.
fn next_chunk(reader: &mut dyn Read) -> Result<Option<Vec<u8>>, Stop> {
    let mut buffer = vec![0; CHUNK];
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

fn pump(mut reader: Box<dyn Read + Send>, tx: &SyncSender<Message>) -> Result<(), Stop> {
    while let Some(chunk) = next_chunk(&mut reader)? {
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

/// `tail -F`: reads to the end, then keeps reading as the file grows. A
/// file replaced under the same name (rotation) is re-opened from its start;
/// a file that shrank (truncation) is read again from its start. Polls
/// every [`FOLLOW_POLL`]: cheap, and the same on every file system.
fn follow_file(
    mut reader: Box<dyn Read + Send>,
    path: &Path,
    tx: &SyncSender<Message>,
) -> Result<(), Stop> {
    let mut current = std::fs::metadata(path).map(|m| identity(&m)).ok();
    let mut position: u64 = 0;
    loop {
        while let Some(chunk) = next_chunk(&mut reader)? {
            position += chunk.len() as u64;
            tx.send(Message::Chunk(chunk)).map_err(|_| Stop::Gone)?;
        }
        thread::sleep(FOLLOW_POLL);
        let Ok(meta) = std::fs::metadata(path) else {
            continue; // rotated away, not yet re-created
        };
        let replaced = current != Some(identity(&meta));
        if replaced || meta.len() < position {
            let Ok(file) = File::open(path) else {
                continue;
            };
            current = file.metadata().map(|m| identity(&m)).ok();
            reader = Box::new(file);
            position = 0;
        }
    }
}
