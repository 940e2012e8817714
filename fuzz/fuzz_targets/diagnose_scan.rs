//! Feeds arbitrary bytes through the diagnose scanner and the diagnosis of
//! everything it finds: nothing may panic, and the scanner's shortcuts must
//! report exactly what the reference (no-shortcut) scanner reports.
#![no_main]

use std::io;

use libfuzzer_sys::fuzz_target;
use voiperr::diagnose::diagnose;
use voiperr::diagnose::scan::{Event, Scanner};

/// Every event as text, the input fed in pieces of `piece` bytes.
fn events(data: &[u8], piece: usize, reference: bool) -> Vec<String> {
    let mut seen = Vec::new();
    let mut sink = |event: Event<'_>| {
        if let Event::Error {
            found,
            exchange,
            line,
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
    for part in data.chunks(piece) {
        let _ = scanner.feed(part);
    }
    let stats = scanner.finish();
    drop(scanner);
    seen.push(format!("{stats:?}"));
    seen
}

fuzz_target!(|data: &[u8]| {
    let piece = data.first().map_or(1, |b| usize::from(*b) * 97 + 1);
    assert_eq!(events(data, piece, false), events(data, data.len().max(1), true));
});
