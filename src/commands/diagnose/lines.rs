//! `--json` lines made on a second thread. The main thread reads and
//! diagnoses; a worker turns batches of diagnoses into JSON lines, and the
//! main thread writes them, in order. Writing the JSON costs almost as much
//! as reading and diagnosing, so on a big log both run at once.
//!
//! Diagnoses go over in batches (a channel send per error would cost what
//! the thread saves), at most [`IN_FLIGHT`] at a time, so memory stays flat.

use std::io::{self, Write};
use std::sync::mpsc::{self, Receiver, SyncSender};
use std::thread::JoinHandle;

use crate::diagnose::Diagnosis;
use crate::output::append_json;
use crate::view::DiagnosisView;

/// A batch is sent when it holds this many diagnoses…
const BATCH: usize = 1024;
/// …or this many bytes of text from the input (a line may hold 16 KiB per field).
const BATCH_BYTES: usize = 1 << 20;
/// Batches sent and not yet written back. Fewer, larger batches cost less:
/// each one sent may wake the worker, and each wake-up costs microseconds.
const IN_FLIGHT: usize = 2;

/// About how many bytes of input text a diagnosis holds.
fn text_size(d: &Diagnosis) -> usize {
    let texts = [
        &d.reason_name,
        &d.status,
        &d.message,
        &d.request_id,
        &d.request_line,
    ];
    let prose = d.summary.iter().chain(&d.warnings).map(String::len);
    texts
        .into_iter()
        .flatten()
        .chain(d.facts.iter().map(|fact| &fact.value))
        .map(|text| text.redacted().len())
        .chain(prose)
        .sum()
}

/// Diagnoses of one input file, and the JSON lines they became.
#[derive(Default)]
struct Batch {
    file: String,
    diagnoses: Vec<Diagnosis>,
    /// The input text its diagnoses hold ([`text_size`]).
    text: usize,
    lines: Vec<u8>,
}

impl Batch {
    /// Makes the JSON lines (on the worker).
    fn render(&mut self) -> io::Result<()> {
        self.lines.clear();
        for d in &self.diagnoses {
            append_json(&mut self.lines, &DiagnosisView::new(d, &self.file), false)?;
            self.lines.push(b'\n');
        }
        Ok(())
    }
}

/// The main thread's end of the worker.
pub struct JsonLines {
    current: Batch,
    to_worker: Option<SyncSender<Batch>>,
    from_worker: Receiver<io::Result<Batch>>,
    worker: Option<JoinHandle<()>>,
    in_flight: usize,
    /// Batches written back, kept for reuse (their buffers keep their size).
    spare: Vec<Batch>,
}

impl JsonLines {
    pub fn new() -> JsonLines {
        let (to_worker, batches) = mpsc::sync_channel::<Batch>(IN_FLIGHT);
        let (done, from_worker) = mpsc::sync_channel(IN_FLIGHT);
        let worker = std::thread::spawn(move || {
            for mut batch in batches {
                let rendered = batch.render().map(|()| batch);
                if done.send(rendered).is_err() {
                    break;
                }
            }
        });
        JsonLines {
            current: Batch::default(),
            to_worker: Some(to_worker),
            from_worker,
            worker: Some(worker),
            in_flight: 0,
            spare: Vec::new(),
        }
    }

    /// Adds one diagnosis of `file`; writes the lines of batches already made.
    pub fn push(&mut self, d: Diagnosis, file: &str, out: &mut dyn Write) -> io::Result<()> {
        if self.current.file != file {
            self.send(out)?;
            file.clone_into(&mut self.current.file);
        }
        self.current.text += text_size(&d);
        self.current.diagnoses.push(d);
        if self.current.diagnoses.len() >= BATCH || self.current.text >= BATCH_BYTES {
            self.send(out)?;
        }
        Ok(())
    }

    /// Sends the current batch to the worker (waiting for one to come back
    /// when [`IN_FLIGHT`] are out).
    fn send(&mut self, out: &mut dyn Write) -> io::Result<()> {
        if self.current.diagnoses.is_empty() {
            return Ok(());
        }
        if self.in_flight == IN_FLIGHT {
            self.write_one(out)?;
        }
        let next = Batch {
            file: self.current.file.clone(),
            ..self.spare.pop().unwrap_or_default()
        };
        let batch = std::mem::replace(&mut self.current, next);
        let sent = self.to_worker.as_ref().map(|worker| worker.send(batch));
        if !matches!(sent, Some(Ok(()))) {
            return Err(io::Error::other("the JSON writer thread stopped"));
        }
        self.in_flight += 1;
        Ok(())
    }

    /// Writes the oldest batch out, once the worker has made it.
    fn write_one(&mut self, out: &mut dyn Write) -> io::Result<()> {
        let mut batch = self
            .from_worker
            .recv()
            .map_err(|_| io::Error::other("the JSON writer thread stopped"))??;
        self.in_flight -= 1;
        out.write_all(&batch.lines)?;
        // Freed here, where they were made: glibc frees memory of another thread's arena slowly.
        batch.diagnoses.clear();
        batch.text = 0;
        self.spare.push(batch);
        Ok(())
    }

    /// Writes every diagnosis pushed so far (the input is waiting, or ended).
    pub fn drain(&mut self, out: &mut dyn Write) -> io::Result<()> {
        self.send(out)?;
        while self.in_flight > 0 {
            self.write_one(out)?;
        }
        Ok(())
    }
}

impl Drop for JsonLines {
    fn drop(&mut self) {
        // Closing the channel ends the worker's loop.
        self.to_worker = None;
        if let Some(worker) = self.worker.take() {
            let _ = worker.join();
        }
    }
}
