//! voiperr: the VoIPbin error-reason catalog, reason matching, and diagnosis
//! of API responses. The binary (`main.rs`) only parses arguments and calls [`run`].

#![deny(clippy::print_stdout, clippy::print_stderr, clippy::unwrap_used)]
#![cfg_attr(test, allow(clippy::unwrap_used))]

pub mod catalog;
pub mod check;
pub mod cli;
pub mod commands;
pub mod diagnose;
pub mod doc_url;
pub mod endpoint;
pub mod input;
pub mod matching;
#[cfg(feature = "mcp")]
pub mod mcp;
pub mod output;
pub mod pager;
pub mod request_path;
pub mod retry;
pub mod rules;
pub mod server_index;
pub mod static_text;
pub mod status;
pub mod untrusted;
pub mod view;
pub mod wire;

use std::cell::Cell;
use std::io::{self, BufWriter, IsTerminal, Write};
use std::process::ExitCode;

use cli::{Cli, ColorWhen, Command};
use colored::Colorize;
use output::{QuietOnClose, Ui};

/// How a command ended; ordered so the worst of several wins.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Outcome {
    /// Exit 0: found, explained, diagnosed.
    Found,
    /// Exit 1: not found, unknown, nothing recognisable.
    NotFound,
    /// Exit 2: usage or input error.
    Failed,
}

impl From<Outcome> for ExitCode {
    fn from(outcome: Outcome) -> ExitCode {
        ExitCode::from(match outcome {
            Outcome::Found => 0,
            Outcome::NotFound => 1,
            Outcome::Failed => 2,
        })
    }
}

/// Whether a write failed because the reader went away (`| head -1`).
fn is_broken_pipe(error: &io::Error) -> bool {
    error.kind() == io::ErrorKind::BrokenPipe
}

/// Columns to lay out for: `COLUMNS`, else the terminal's width, also when
/// stdout is a pipe into `less` or `head` (the controlling terminal's, as
/// git and gh do), else 100.
fn terminal_width() -> usize {
    use terminal_size::{Width, terminal_size_of};
    let from_env = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse::<usize>().ok());
    let from_terminal = || {
        terminal_size_of(io::stdout())
            .or_else(|| {
                std::fs::File::open("/dev/tty")
                    .ok()
                    .and_then(|tty| terminal_size_of(&tty))
            })
            .map(|(Width(width), _)| usize::from(width))
            .filter(|width| *width > 0)
    };
    from_env
        .or_else(from_terminal)
        .unwrap_or(100)
        .clamp(40, 200)
}

/// Whether a command's output may be long enough to page: not a stream
/// that keeps coming (see [`commands::diagnose::pages`]), not a script for
/// another program.
fn pages(command: &Command) -> bool {
    match command {
        Command::Explain(_) | Command::List(_) | Command::Search(_) | Command::Endpoint(_) => true,
        Command::Diagnose(args) => commands::diagnose::pages(args),
        _ => false,
    }
}

/// Parses the command line and runs it. clap's own help, version and
/// errors are printed here rather than by clap, so a failed write is exit 2
/// like everywhere else and argument text echoed in an error stays inert.
pub fn start(args: impl IntoIterator<Item = std::ffi::OsString>) -> ExitCode {
    use clap::{CommandFactory, FromArgMatches};
    let mut command = Cli::command();
    let parsed = command
        .try_get_matches_from_mut(args)
        .and_then(|mut matches| Cli::from_arg_matches_mut(&mut matches))
        .map_err(|error| error.format(&mut command));
    // Freeing the command tree is a twentieth of a lookup, and the process ends soon.
    std::mem::forget(command);
    let error = match parsed {
        Ok(cli) => return run(cli),
        Err(error) => error,
    };
    let rendered = error.render();
    if !error.use_stderr() {
        let stdout = io::stdout();
        let color =
            output::decide_color(None, &|name| std::env::var(name).ok(), stdout.is_terminal());
        let text = if color {
            rendered.ansi().to_string()
        } else {
            rendered.to_string()
        };
        let mut out = stdout.lock();
        return match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
            Err(e) => {
                let _ = writeln!(
                    io::stderr(),
                    "error: cannot write the output ({e}); check the destination and try again"
                );
                Outcome::Failed.into()
            }
        };
    }
    let mut err = io::stderr().lock();
    for line in rendered.to_string().lines() {
        let _ = writeln!(err, "{}", untrusted::inert(line));
    }
    Outcome::Failed.into()
}

/// Whether stdout was closed when voiperr started (`>&-`). Rust's runtime
/// puts /dev/null, opened read-write, in its place, so every write would
/// succeed and the output be lost; a shell's `>/dev/null` opens it write-only.
#[cfg(target_os = "linux")]
fn stdout_was_closed() -> bool {
    use std::os::unix::fs::{FileTypeExt, MetadataExt};
    let rdev = |path: &str| {
        std::fs::metadata(path)
            .ok()
            .filter(|m| m.file_type().is_char_device())
            .map(|m| m.rdev())
    };
    let is_null = rdev("/proc/self/fd/1").is_some_and(|dev| Some(dev) == rdev("/dev/null"));
    let read_write = || {
        let info = std::fs::read_to_string("/proc/self/fdinfo/1").unwrap_or_default();
        info.lines()
            .find_map(|l| l.strip_prefix("flags:"))
            .and_then(|flags| u32::from_str_radix(flags.trim(), 8).ok())
            .is_some_and(|flags| flags & 0o3 == 0o2)
    };
    is_null && read_write()
}

#[cfg(not(target_os = "linux"))]
fn stdout_was_closed() -> bool {
    false
}

/// Runs one parsed command line against real stdout and stderr.
pub fn run(cli: Cli) -> ExitCode {
    if stdout_was_closed() {
        let _ = writeln!(
            io::stderr(),
            "error: cannot write the output (standard output is closed); redirect it to a file, or to /dev/null to discard it"
        );
        return Outcome::Failed.into();
    }
    let env_docs = std::env::var("VOIPERR_DOCS_URL").ok();
    if let Err(sentence) = doc_url::configure(cli.docs_url.as_deref(), env_docs.as_deref()) {
        let _ = writeln!(io::stderr(), "error: {}", untrusted::inert(&sentence));
        return Outcome::Failed.into();
    }
    // The MCP server owns stdin and stdout itself (the protocol): no locked,
    // buffered stdout is made for it.
    #[cfg(feature = "mcp")]
    if let Command::Mcp = cli.command {
        return match mcp::run() {
            Ok(outcome) => outcome.into(),
            Err(error) => {
                let error = error.to_string();
                let _ = writeln!(
                    io::stderr(),
                    "error: the MCP server stopped: {}",
                    untrusted::inert(&error)
                );
                Outcome::Failed.into()
            }
        };
    }
    let stdout = io::stdout();
    let stdout_is_terminal = stdout.is_terminal();
    let forced = match cli.color {
        ColorWhen::Auto => None,
        ColorWhen::Always => Some(true),
        ColorWhen::Never => Some(false),
    };
    let color = output::decide_color(forced, &|name| std::env::var(name).ok(), stdout_is_terminal);
    // Always set: colored would otherwise read NO_COLOR on its own, treating an empty one as set.
    colored::control::set_override(color);

    let finite = pages(&cli.command);
    let mut pager = (stdout_is_terminal && !cli.no_pager && finite)
        .then(|| pager::Pager::start(&|name| std::env::var(name).ok()))
        .flatten();
    // A reader that leaves early (`| head -1`, a pager quit) ends the output,
    // not the command: it still ends with its own verdict.
    let closed = Cell::new(false);
    let stderr_closed = Cell::new(false);
    let sink: Box<dyn Write + '_> = match pager.as_mut() {
        Some(pager) => Box::new(pager),
        None => Box::new(stdout.lock()),
    };
    let mut out = BufWriter::new(QuietOnClose::new(sink, &closed));
    let mut err = QuietOnClose::new(io::stderr().lock(), &stderr_closed);
    let width = terminal_width();
    let mut ui = Ui {
        out: &mut out,
        err: &mut err,
        color,
        width,
        terminal: stdout_is_terminal,
        closed: &closed,
        messages: output::Messages {
            // A stream's notes are news (a file rotated): said as they come.
            held: (stdout_is_terminal && finite).then(Vec::new),
            width: io::stderr().is_terminal().then_some(width),
        },
    };
    let mut result = dispatch(cli.command, &mut ui).and_then(|outcome| {
        ui.out.flush()?;
        Ok(outcome)
    });
    let held = ui.messages.take();
    drop(out);
    if let Some(pager) = pager {
        // The pager ends when its input does (just now).
        match pager.finish() {
            Ok(Some(note)) => {
                let _ = writeln!(
                    io::stderr(),
                    "{} {}",
                    "note:".yellow().bold(),
                    untrusted::inert(&note)
                );
            }
            Ok(None) => {}
            Err(error) => result = Err(error),
        }
    }
    let _ = err.write_all(held.as_bytes());
    match result {
        Ok(outcome) => outcome.into(),
        Err(error) => {
            let _ = writeln!(
                io::stderr(),
                "error: cannot write the output ({error}); check the destination and try again"
            );
            Outcome::Failed.into()
        }
    }
}

fn dispatch(command: Command, ui: &mut Ui) -> io::Result<Outcome> {
    match command {
        Command::Explain(args) => commands::explain::run(&args, ui),
        Command::List(args) => commands::list::run(&args, ui),
        Command::Search(args) => commands::search::run(&args, ui),
        Command::Endpoint(args) => commands::endpoint::run(&args, ui),
        Command::Diagnose(args) => commands::diagnose::run(&args, ui),
        Command::Completions { shell } => commands::completions::run(shell, ui),
        Command::Man(args) => commands::man::run(&args, ui),
        Command::Site(args) => commands::site::run(&args, ui),
        Command::Enrich(args) => commands::enrich::run(&args, ui),
        #[cfg(feature = "mcp")]
        Command::Mcp => unreachable!("run() serves MCP before any output is set up"),
    }
}
