//! `voiperr man`: the roff man page, from the clap definitions plus examples.

use std::io;

use clap::CommandFactory;

use crate::Outcome;
use crate::cli::{Cli, EXIT_CODES};
use crate::output::Ui;

const EXAMPLES: &[(&str, &str)] = &[
    (
        "voiperr explain CALL_ALREADY_ENDED",
        "Typo-tolerant lookup: shows CALL_ALREADY_HANGUP and says so on stderr.",
    ),
    (
        "voiperr explain 409",
        "Explain an HTTP code and list its reasons.",
    ),
    (
        "voiperr list --resource /calls/{id}/hangup --format json",
        "The reasons of the resource a path belongs to, as JSON.",
    ),
    (
        "voiperr search balance",
        "Reasons whose text mentions every word.",
    ),
    (
        "voiperr endpoint POST /calls/{id}/recording_start",
        "Every reason and field note documented for one endpoint.",
    ),
    (
        "curl -si https://api.voipbin.net/v1.0/calls/ID | voiperr diagnose",
        "Say what went wrong and what to do next.",
    ),
    (
        "voiperr diagnose --summary api-errors.log",
        "Count the errors in a log, most frequent first.",
    ),
];

fn roff_escape(text: &str) -> String {
    text.replace('\\', "\\e").replace('-', "\\-")
}

/// The whole page: clap_mangen's sections, then exit codes, environment and examples.
pub fn page() -> io::Result<Vec<u8>> {
    let mut buffer = Vec::new();
    let man = clap_mangen::Man::new(Cli::command());
    man.render_title(&mut buffer)?;
    man.render_name_section(&mut buffer)?;
    man.render_synopsis_section(&mut buffer)?;
    man.render_description_section(&mut buffer)?;
    man.render_options_section(&mut buffer)?;
    man.render_subcommands_section(&mut buffer)?;
    let mut extra = String::from(".SH \"EXIT STATUS\"\n");
    for line in EXIT_CODES.lines().skip(1) {
        let line = line.trim();
        if let Some((code, meaning)) = line.split_once("  ") {
            extra.push_str(&format!(
                ".TP\n.B {code}\n{}\n",
                roff_escape(meaning.trim())
            ));
        }
    }
    extra.push_str(".SH ENVIRONMENT\n");
    for (name, meaning) in [
        (
            "NO_COLOR",
            "When set and not empty, disables color (no-color.org).",
        ),
        (
            "CLICOLOR_FORCE",
            "When set and not 0, forces color even when stdout is not a terminal.",
        ),
        ("CLICOLOR", "When 0, disables color; TERM=dumb does too."),
        ("COLUMNS", "Width to wrap text and tables at."),
    ] {
        extra.push_str(&format!(".TP\n.B {name}\n{}\n", roff_escape(meaning)));
    }
    extra.push_str(".SH EXAMPLES\n");
    for (command, meaning) in EXAMPLES {
        extra.push_str(&format!(
            ".TP\n.B {}\n{}\n",
            roff_escape(command),
            roff_escape(meaning)
        ));
    }
    buffer.extend_from_slice(extra.as_bytes());
    man.render_version_section(&mut buffer)?;
    man.render_authors_section(&mut buffer)?;
    Ok(buffer)
}

pub fn run(ui: &mut Ui) -> io::Result<Outcome> {
    ui.out.write_all(&page()?)?;
    Ok(Outcome::Found)
}
