//! Feeds arbitrary bytes through the diagnose scanner and the diagnosis of
//! everything it finds: nothing may panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use voiperr::diagnose::diagnose;
use voiperr::diagnose::scan::{Event, scan};

fuzz_target!(|data: &[u8]| {
    let _ = scan(data, &mut |event| {
        if let Event::Error {
            found,
            exchange,
            line,
        } = event
        {
            let _ = diagnose(found, exchange, line);
        }
        Ok(())
    });
});
