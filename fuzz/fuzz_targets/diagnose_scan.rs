//! Feeds arbitrary bytes through the diagnose scanner and the diagnosis of
//! everything it finds: nothing may panic, the scanner's shortcuts must
//! report exactly what the reference (no-shortcut) scanner reports (reading
//! records' times or not, as the third byte picks), and the bytes cut into
//! two inputs read by one scanner must yield per input what each yields
//! alone, with a summary counting what `--json` lists.
#![no_main]

use std::io;

use libfuzzer_sys::fuzz_target;
use voiperr::diagnose::{diagnose, summary_key};
use voiperr::diagnose::scan::{Event, Scanner};

/// Every event as text, the input fed in pieces of `piece` bytes.
fn events(data: &[u8], piece: usize, reference: bool, dated: bool) -> Vec<String> {
    let mut seen = Vec::new();
    let mut sink = |event: Event<'_>| {
        if let Event::Error {
            found,
            exchange,
            line,
            ..
        } = &event
            && !reference
        {
            let _ = diagnose(found.clone(), exchange, *line);
        }
        seen.push(format!("{event:?}"));
        Ok(())
    };
    let mut scanner = Scanner::new(&mut sink as &mut dyn FnMut(Event<'_>) -> io::Result<()>);
    if reference {
        scanner = scanner.reference();
    }
    if dated {
        // 2026-11-24T10:00:00Z: the year of a year-less (syslog) time.
        scanner = scanner.dated(Some(1_795_514_400));
    }
    for part in data.chunks(piece) {
        let _ = scanner.feed(part);
    }
    let stats = scanner.finish();
    drop(scanner);
    seen.push(format!("{stats:?}"));
    seen
}

/// Per input, read one after another by one scanner: its events and how
/// many errors it counts (`lean`: as `--summary` does, else as `--json`).
fn per_input(inputs: &[&[u8]], lean: bool) -> Vec<(Vec<String>, usize)> {
    let mut seen = vec![(Vec::new(), 0); inputs.len()];
    let at = std::cell::Cell::new(0);
    let mut sink = |event: Event<'_>| {
        let (events, count) = &mut seen[at.get()];
        if let Event::Error {
            found,
            exchange,
            line,
            ..
        } = &event
        {
            let counted = match lean {
                true => summary_key(found, exchange).is_some(),
                false => diagnose(found.clone(), exchange, *line).is_some(),
            };
            *count += usize::from(counted);
        }
        events.push(format!("{event:?}"));
        Ok(())
    };
    let mut scanner = Scanner::new(&mut sink as &mut dyn FnMut(Event<'_>) -> io::Result<()>);
    if lean {
        scanner = scanner.lean();
    }
    for (i, input) in inputs.iter().enumerate() {
        at.set(i);
        let _ = scanner.feed(input);
        let _ = scanner.finish();
    }
    drop(scanner);
    seen
}

fuzz_target!(|data: &[u8]| {
    let piece = data.first().map_or(1, |b| usize::from(*b) * 97 + 1);
    let dated = data.get(2).is_some_and(|b| b & 1 == 1);
    assert_eq!(
        events(data, piece, false, dated),
        events(data, data.len().max(1), true, dated)
    );
    let cut = data.get(1).map_or(0, |b| usize::from(*b) * data.len() / 256);
    let files = [&data[..cut], &data[cut..]];
    let full = per_input(&files, false);
    let lean = per_input(&files, true);
    for (i, file) in files.iter().enumerate() {
        assert_eq!(full[i].0, per_input(&[file], false)[0].0, "input {i} alone");
        assert_eq!(full[i].1, lean[i].1, "input {i}: summary and --json");
    }
});
