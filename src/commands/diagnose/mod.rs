//! `voiperr diagnose [FILE]...`: read responses, curl output or logs, live
//! or not, and explain each error (or count them with `--summary`).

mod bundle;
mod ci;
mod lines;
mod render;
mod split;
mod summary;
mod window;

use std::io::{self, IsTerminal};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::{RecvTimeoutError, TryRecvError};
use std::time::{Duration, Instant};

use crate::Outcome;
use crate::catalog::{Catalog, normalize_name, short_name};
use crate::check::{self, Checker, Connection};
use crate::cli::{DiagnoseArgs, DiagnoseFormat};
use crate::diagnose::scan::{Event, Scanner, Sink, Skip, Stats};
use crate::diagnose::select::{Class, Codes, FailOn, Filters, Selection, Verdict};
use crate::diagnose::stamp::parse_time;
use crate::diagnose::{diagnose, summary_key};
use crate::input::{self, Message, Source};
use crate::matching::{Lookup, MatchKind, lookup};
use crate::output::{Ui, append_json, write_json};
use crate::untrusted::Untrusted;
use crate::view::{DiagnosisView, SCHEMA_VERSION, SummaryView};
use lines::JsonLines;
use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
use summary::Tally;

/// How often a live summary is redrawn, at most.
const REDRAW_EVERY: Duration = Duration::from_secs(1);
/// How long the loop waits for input before it looks at signals and the clock.
const TICK: Duration = Duration::from_millis(100);

/// How each error is written (the summary is [`Reporter::summary`]).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Each {
    Text,
    Json,
    Github,
    Junit,
    Bundle,
}

/// What `diagnose` does with each event: render it, or count it.
struct Reporter<'r, 'u> {
    ui: &'r mut Ui<'u>,
    each: Each,
    summary: bool,
    selection: Selection,
    /// Errors of a `--fail-on` class.
    failing: u64,
    /// Errors left out by `--since`/`--until` for having no time of their own.
    undated: u64,
    junit: ci::Junit,
    /// The last lines of the input, for `--format bundle`.
    window: window::Window,
    /// The current input's name (`-` for stdin).
    file: String,
    /// Whether text output names the file (several inputs).
    name_files: bool,
    shown: u64,
    skipped: u64,
    tally: Tally,
    /// The last line skipped or cut off in this input, and why.
    last_skip: Option<(u64, Skip)>,
    /// The tally changed since it was last drawn.
    dirty: bool,
    /// One JSON line, reused (output to a terminal, each line as it is made).
    line: Vec<u8>,
    /// Otherwise JSON lines are made on a second thread.
    lines: Option<JsonLines>,
    /// With `--check` and an access key: each diagnosis's confirming read.
    checker: Option<Checker>,
}

impl Sink for Reporter<'_, '_> {
    fn event(&mut self, event: Event<'_>) -> io::Result<()> {
        match event {
            Event::Skipped { line, why } => {
                // A client that prints a body twice (`curl --trace -`) cuts it off twice.
                if self.last_skip.replace((line, why)) == Some((line, why)) {
                    return Ok(());
                }
                self.skipped += 1;
                let at = if self.name_files {
                    format!("{}:{line}", self.file)
                } else {
                    format!("line {line}")
                };
                self.ui.note(&match why {
                    Skip::TooLarge => {
                        format!("{at}: a line or JSON document over 16 MiB was skipped")
                    }
                    Skip::Truncated => {
                        format!("{at}: the JSON starting here is cut off (truncated input?)")
                    }
                })
            }
            Event::Error {
                found,
                exchange,
                line,
                from,
            } => {
                // Filters and --fail-on read the call before any diagnosis:
                // nothing is done for them when they are not given.
                let fails = match self.selection.judge(&found, exchange, line) {
                    Some(Verdict::Dropped) => return Ok(()),
                    Some(Verdict::Undated) => {
                        self.undated += 1;
                        return Ok(());
                    }
                    Some(Verdict::Kept { fails }) => fails,
                    None => None,
                };
                self.failing += u64::from(fails == Some(true));
                if self.summary {
                    if let Some((key, http)) = summary_key(&found, exchange) {
                        self.tally.add(key, http);
                        self.dirty = true;
                    }
                    return Ok(());
                }
                let Some(d) = diagnose(found, exchange, line) else {
                    return Ok(());
                };
                let d = d.starting_on(from);
                self.shown += 1;
                // Its reader has left: the diagnosis counts for the verdict only.
                if self.ui.closed.get() {
                    return Ok(());
                }
                if self.each == Each::Github {
                    return ci::github(self.ui.out, &d, &self.file, fails.unwrap_or(true));
                }
                if self.each == Each::Junit {
                    return self
                        .junit
                        .add(self.ui, &d, &self.file, fails.unwrap_or(true));
                }
                if self.each == Each::Bundle {
                    if self.shown == 1 {
                        bundle::header(self.ui)?;
                    }
                    return bundle::write(self.ui, &d, self.shown, &self.file, from, &self.window);
                }
                let checked = self.checker.as_mut().and_then(|c| c.check(&d));
                if let Some(lines) = &mut self.lines {
                    lines.push(d, &self.file, self.ui.out)?;
                } else if self.each == Each::Json {
                    // Made whole in memory, then written at once: one write per error.
                    self.line.clear();
                    let view = DiagnosisView::new(&d, &self.file).checked(checked.as_ref());
                    append_json(&mut self.line, &view, false)?;
                    self.line.push(b'\n');
                    self.ui.out.write_all(&self.line)?;
                } else {
                    if self.shown > 1 {
                        writeln!(self.ui.out)?;
                    }
                    let file = self.name_files.then_some(self.file.as_str());
                    render::render(self.ui, &d, self.shown, file, checked.as_ref())?;
                }
                // On a terminal each diagnosis is shown as soon as it is made.
                if self.ui.terminal {
                    self.ui.out.flush()?;
                }
                Ok(())
            }
        }
    }
}

impl Reporter<'_, '_> {
    /// Whether more input can no longer change the exit code's verdict: an
    /// error of a `--fail-on` class was found, or an input could not be read.
    /// (Without `--fail-on`, an input further on that cannot be read would
    /// still turn a run that found errors into a failed one.)
    fn settled(&self, failed: bool) -> bool {
        failed || (!self.selection.fail_on.classes.is_empty() && self.failing > 0)
    }

    /// An input that could not be read, or not to its end: said on stderr,
    /// and an error in a JUnit report.
    fn unreadable(&mut self, file: &str, sentence: &str) -> io::Result<()> {
        self.ui.error(sentence)?;
        match self.each == Each::Junit && !self.summary {
            true => self.junit.error(file, sentence),
            false => Ok(()),
        }
    }

    /// Writes out the JSON lines still being made.
    fn drain(&mut self) -> io::Result<()> {
        match &mut self.lines {
            Some(lines) => lines.drain(self.ui.out),
            None => Ok(()),
        }
    }
}

/// The inputs to read, or None (after saying why) when there is nothing to read.
fn sources(args: &DiagnoseArgs, ui: &mut Ui) -> io::Result<Option<Vec<Source>>> {
    let sources = named_sources(args);
    if args.follow && !matches!(sources.as_slice(), [Source::File(_)]) {
        ui.error("--follow reads one file by name, like tail -F: give exactly one FILE (not -)")?;
        return Ok(None);
    }
    let stdin_terminal = io::stdin().is_terminal();
    if args.files.is_empty() {
        if stdin_terminal {
            ui.error("nothing to diagnose: pipe a response in (curl -si URL | voiperr diagnose), give a file, or '-' to paste")?;
            return Ok(None);
        }
        return Ok(Some(sources));
    }
    if stdin_terminal && sources.contains(&Source::Stdin) {
        ui.note("reading what you paste; end with Ctrl-D on a line of its own")?;
    }
    Ok(Some(sources))
}

/// The inputs named on the command line (none: stdin).
fn named_sources(args: &DiagnoseArgs) -> Vec<Source> {
    match args.files.is_empty() {
        true => vec![Source::Stdin],
        false => args.files.iter().map(|f| Source::from_arg(f)).collect(),
    }
}

/// Whether `diagnose`'s output may go through a pager: not when it keeps
/// coming (`--follow`; a summary of a stream, redrawn in place), nor while
/// the terminal is its input.
pub fn pages(args: &DiagnoseArgs) -> bool {
    let sources = named_sources(args);
    let summary = args.summary || args.format == Some(DiagnoseFormat::Summary);
    let reads_terminal = sources.contains(&Source::Stdin) && io::stdin().is_terminal();
    !(args.follow || summary && is_stream(&sources, args.follow) || reads_terminal)
}

/// The files of a summary that can be counted in parts at once: all inputs
/// are regular files, none gzip-compressed (else None: read them in turn).
fn splittable(sources: &[Source]) -> Option<Vec<PathBuf>> {
    sources
        .iter()
        .map(|source| match source {
            Source::File(path) if input::is_plain_file(path) => Some(path.clone()),
            _ => None,
        })
        .collect()
}

/// Whether input may keep coming after a pause (a pipe, a FIFO, a followed file):
/// then a summary on a terminal is redrawn as it grows.
fn is_stream(sources: &[Source], follow: bool) -> bool {
    follow
        || sources.iter().any(|s| match s {
            Source::Stdin => true,
            Source::File(path) => std::fs::metadata(path).is_ok_and(|m| !m.is_file()),
        })
}

/// The verdict when the input held no error at all.
fn explain_nothing(reporter: &mut Reporter, stats: &Stats) -> io::Result<Outcome> {
    if !reporter.selection.fail_on.classes.is_empty() {
        // The run's verdict says it: nothing to fail on.
        return Ok(Outcome::Found);
    }
    let ui = &mut *reporter.ui;
    if !reporter.selection.filters.is_empty() && stats.bytes > 0 {
        ui.note(
            "no error in the input matched the filters (--reason, --status, --path, --request-id, --since, --until)",
        )?;
        return Ok(Outcome::NotFound);
    }
    if stats.bytes == 0 || stats.blank {
        ui.error("the input is empty; pipe in the API response (curl -si …) or give a file")?;
        return Ok(Outcome::NotFound);
    }
    if let Some(title) = &stats.html {
        let what = if title.is_empty() {
            String::new()
        } else {
            format!(" ('{}')", Untrusted::new(title))
        };
        ui.error(&format!("the input is an HTML page{what}, not a VoIPbin error: it came from a proxy or load balancer, not the API; retry with backoff and check the network path"))?;
        return Ok(Outcome::NotFound);
    }
    if stats.not_text {
        ui.error("the input is not text (invalid UTF-8 or NUL bytes) and holds no error envelope; pass the raw HTTP response or a log")?;
        return Ok(Outcome::Failed);
    }
    let lines = stats.lines;
    ui.error(&format!(
        "no VoIPbin error in {lines} line{}: no error envelope, HTTP status, client error line or reason code",
        if lines == 1 { "" } else { "s" }
    ))?;
    ui.tip("if a call failed, pass everything its client printed, status and body: curl -si URL | voiperr diagnose")?;
    Ok(Outcome::NotFound)
}

/// The run's checker, None without `--check` or without an access key
/// (after a note), or Err after saying why `--check` cannot be (exit 2).
fn checker(
    args: &DiagnoseArgs,
    format: DiagnoseFormat,
    ui: &mut Ui,
) -> io::Result<Result<Option<Checker>, ()>> {
    if !args.check {
        return Ok(Ok(None));
    }
    let elsewhere = match format {
        DiagnoseFormat::Text | DiagnoseFormat::Json => None,
        DiagnoseFormat::Summary => Some("summary"),
        DiagnoseFormat::Github => Some("github"),
        DiagnoseFormat::Junit => Some("junit"),
        DiagnoseFormat::Bundle => Some("bundle"),
    };
    if let Some(name) = elsewhere {
        ui.error(&format!(
            "--check adds to text and --json output, not to --format {name}; drop one of the two"
        ))?;
        return Ok(Err(()));
    }
    let env = |name: &str| std::env::var(name).ok();
    let home = std::env::var_os("HOME")
        .filter(|h| !h.is_empty())
        .map(PathBuf::from);
    let options = check::Options {
        profile: args.profile.as_deref(),
        api_url: args.api_url.as_deref(),
        limit: args.check_limit,
    };
    match check::connect(&options, &env, home.as_deref()) {
        Ok(Connection::Ready(checker)) => Ok(Ok(Some(checker))),
        Ok(Connection::NoKey(note)) => {
            ui.note(&note)?;
            Ok(Ok(None))
        }
        Err(sentence) => {
            ui.error(&sentence)?;
            Ok(Err(()))
        }
    }
}

/// The filters and `--fail-on` classes given, or None (after saying why)
/// when one cannot be read.
fn selection(args: &DiagnoseArgs, ui: &mut Ui) -> io::Result<Option<Selection>> {
    let catalog = Catalog::get();
    let mut notes = Vec::new();
    // A reason's name or alias as cataloged; any other name as typed (a log
    // may carry reasons the catalog does not know), with a note.
    let mut reason = |typed: &str| {
        let name = normalize_name(typed);
        let (kept, note) = match lookup(catalog, typed, false) {
            Lookup::Reason(r, MatchKind::Exact) => (r.name().to_owned(), None),
            Lookup::Reason(r, MatchKind::Alias) => (
                r.name().to_owned(),
                Some(format!(
                    "{name} is an alias of {}: errors that carry {} match",
                    r.name(),
                    r.name()
                )),
            ),
            Lookup::Reason(r, _) => (
                name.clone(),
                Some(format!(
                    "{name} is not a reason in the catalog (did you mean {}?): only errors that carry {name} match",
                    r.name()
                )),
            ),
            Lookup::Miss(close) if !close.is_empty() => (
                name.clone(),
                Some(format!(
                    "{name} is not a reason in the catalog (close: {}): only errors that carry it match",
                    close[0].name()
                )),
            ),
            _ => (
                name.clone(),
                Some(format!(
                    "{name} is not a reason in the catalog: only errors that carry it match"
                )),
            ),
        };
        if let Some(note) = note
            && !notes.contains(&note)
        {
            notes.push(note);
        }
        kept
    };
    let reasons: Vec<String> = args.reasons.iter().map(|r| reason(r)).collect();
    let mut classes = Vec::new();
    for text in &args.fail_on {
        match Class::parse(text) {
            // A name the catalog does not have would pass every run silently:
            // `unknown` is the class for reasons it lacks.
            Ok(Class::Reason(name)) => match lookup(catalog, &name, false) {
                Lookup::Reason(_, MatchKind::Exact | MatchKind::Alias) => {
                    classes.push(Class::Reason(reason(&name)));
                }
                other => {
                    let meant = match other {
                        Lookup::Reason(r, _) => Some(r.name()),
                        Lookup::Miss(close) => close.first().map(|r| r.name()),
                        _ => None,
                    };
                    ui.error(&crate::diagnose::select::not_a_class(text, meant))?;
                    return Ok(None);
                }
            },
            Ok(class) => classes.push(class),
            Err(sentence) => {
                ui.error(&sentence)?;
                return Ok(None);
            }
        }
    }
    let mut codes = Vec::new();
    for text in &args.statuses {
        match Codes::parse(text) {
            Ok(range) => codes.push(range),
            Err(sentence) => {
                ui.error(&sentence)?;
                return Ok(None);
            }
        }
    }
    for note in notes {
        ui.note(&note)?;
    }
    let mut times = [None, None];
    for (time, given) in times.iter_mut().zip([&args.since, &args.until]) {
        if let Some(text) = given {
            match parse_time(text) {
                Ok(seconds) => *time = Some(seconds),
                Err(sentence) => {
                    ui.error(&sentence)?;
                    return Ok(None);
                }
            }
        }
    }
    let [since, until] = times;
    Ok(Some(Selection {
        filters: Filters {
            reasons,
            codes,
            paths: args.paths.clone(),
            request_ids: args.request_ids.clone(),
            since,
            until,
        },
        fail_on: FailOn { classes },
    }))
}

pub fn run(args: &DiagnoseArgs, ui: &mut Ui) -> io::Result<Outcome> {
    let Some(selection) = selection(args, ui)? else {
        return Ok(Outcome::Failed);
    };
    let format = args.format.unwrap_or(DiagnoseFormat::Text);
    let summary = args.summary || format == DiagnoseFormat::Summary;
    let json = args.json || format == DiagnoseFormat::Json;
    let each = match format {
        DiagnoseFormat::Github => Each::Github,
        DiagnoseFormat::Junit => Each::Junit,
        DiagnoseFormat::Bundle => Each::Bundle,
        _ if json => Each::Json,
        _ => Each::Text,
    };
    if matches!(each, Each::Github | Each::Junit | Each::Bundle) {
        // Read by CI servers or attached to a ticket, not read on a terminal.
        colored::control::set_override(false);
    }
    let fail_on = !selection.fail_on.classes.is_empty();
    // Before any input is read: a bad base or profile is a usage error.
    let Ok(checker) = checker(args, format, ui)? else {
        return Ok(Outcome::Failed);
    };
    let Some(sources) = sources(args, ui)? else {
        return Ok(Outcome::Failed);
    };
    // A signal ends the reading: what was read is still diagnosed and
    // written, whole records only, then the summary (if asked) is printed.
    let interrupted = Arc::new(AtomicBool::new(false));
    let signal = Arc::new(AtomicUsize::new(0));
    for number in [SIGINT, SIGTERM, SIGHUP] {
        signal_hook::flag::register(number, Arc::clone(&interrupted))?;
        signal_hook::flag::register_usize(number, Arc::clone(&signal), number as usize)?;
    }
    let live = summary && ui.terminal && is_stream(&sources, args.follow);
    let name_files = sources.len() > 1;
    let threads = args.threads.map_or_else(
        || std::thread::available_parallelism().map_or(1, usize::from),
        usize::from,
    );
    let timed = selection.filters.timed();
    let keep_lines = each == Each::Bundle;
    let in_parts = summary && !live && !args.follow && threads > 1;
    let split_files = in_parts.then(|| splittable(&sources)).flatten();
    // On a terminal each line is shown as soon as it is made; a check is made
    // before its line is.
    let made_apart = each == Each::Json && !summary && !ui.terminal && checker.is_none();
    let mut scanner = Scanner::new(Reporter {
        ui,
        each,
        summary,
        selection,
        failing: 0,
        undated: 0,
        junit: ci::Junit::default(),
        window: window::Window::default(),
        // Named before its first byte comes (a live summary says what it reads).
        file: sources.first().map_or_else(|| "-".to_owned(), Source::name),
        name_files,
        shown: 0,
        skipped: 0,
        last_skip: None,
        tally: Tally::default(),
        // A live summary says what it is reading before any error comes.
        dirty: live,
        line: Vec::new(),
        lines: made_apart.then(JsonLines::new),
        checker,
    });
    // A lean summary keeps no request IDs: a filter on them needs them.
    if summary && args.request_ids.is_empty() {
        scanner = scanner.lean();
    }
    if timed {
        // A year-less stamp (syslog) is of the year it is now.
        scanner = scanner.dated(crate::diagnose::stamp::now());
    }
    let mut stats = Stats::empty();
    let mut failed = false;
    let mut drawn_lines = 0;
    let mut drawn_at: Option<Instant> = None;
    let mut redraw = |reporter: &mut Reporter, force: bool| -> io::Result<()> {
        let due = drawn_at.is_none_or(|at| at.elapsed() >= REDRAW_EVERY);
        if live && reporter.dirty && (due || force) {
            let rows = reporter.tally.rows();
            let watching = match reporter.file.as_str() {
                "-" => "standard input".to_owned(),
                file => Untrusted::new(file).to_string(),
            };
            drawn_lines = summary::redraw(
                reporter.ui,
                &rows,
                args.top,
                reporter.skipped,
                drawn_lines,
                &watching,
            )?;
            drawn_at = Some(Instant::now());
            reporter.dirty = false;
        }
        Ok(())
    };
    if let Some(files) = split_files {
        for file in files {
            scanner.sink().file = Source::File(file.clone()).name();
            scanner.sink().last_skip = None;
            match split::summarize(&file, threads, &mut scanner, &interrupted) {
                Ok(read) => stats.merge(read),
                Err(e) => {
                    let name = scanner.sink().file.clone();
                    scanner
                        .sink()
                        .ui
                        .error(&format!("cannot read '{name}': {e}"))?;
                    failed = true;
                }
            }
            if interrupted.load(Ordering::Relaxed) {
                break;
            }
        }
    } else {
        // Nothing more is shown once stdout's reader has left: read on only as
        // far as the verdict needs (a followed file has no end to read to).
        let done = |reporter: &Reporter, failed: bool| {
            reporter.ui.closed.get() && (args.follow || reporter.settled(failed))
        };
        let reading = input::read_all(sources, args.follow);
        let messages = &reading.messages;
        let mut draining: Option<usize> = None;
        // Between an input's Start and its End.
        let mut open = false;
        'read: loop {
            let message = match messages.try_recv() {
                Ok(message) => message,
                Err(TryRecvError::Disconnected) => break,
                Err(TryRecvError::Empty) => {
                    // The input is waiting: show what there is before waiting too.
                    scanner.sink().drain()?;
                    scanner.sink().ui.out.flush()?;
                    let mut paused = false;
                    loop {
                        if interrupted.load(Ordering::Relaxed) || done(scanner.sink(), failed) {
                            break 'read;
                        }
                        redraw(scanner.sink(), false)?;
                        match messages.recv_timeout(TICK) {
                            Ok(message) => break message,
                            // Waiting a while (a live stream, not the next
                            // chunk): what the scanner holds for the lines
                            // that may follow is shown now.
                            Err(RecvTimeoutError::Timeout) if !paused => {
                                paused = true;
                                scanner.idle()?;
                                scanner.sink().drain()?;
                                scanner.sink().ui.out.flush()?;
                            }
                            Err(RecvTimeoutError::Timeout) => {}
                            Err(RecvTimeoutError::Disconnected) => break 'read,
                        }
                    }
                }
            };
            if interrupted.load(Ordering::Relaxed) {
                // What was read before the signal is still diagnosed (the queue
                // holds a few chunks at most); nothing more is read.
                let left = draining.get_or_insert(input::IN_FLIGHT + 1);
                if *left == 0 {
                    break;
                }
                *left -= 1;
            }
            match message {
                Message::Start(name) => {
                    scanner.sink().window.restart();
                    scanner.sink().file = name;
                    scanner.sink().last_skip = None;
                    open = true;
                }
                Message::Chunk(bytes) => {
                    if keep_lines {
                        scanner.sink().window.push(&bytes);
                    }
                    scanner.feed(&bytes)?;
                    reading.recycle(bytes);
                }
                Message::End(cut_short) => {
                    open = false;
                    stats.merge(scanner.finish()?);
                    if let Some(sentence) = cut_short {
                        let file = scanner.sink().file.clone();
                        scanner.sink().unreadable(&file, &sentence)?;
                        failed = true;
                    }
                }
                Message::Failed { name, sentence } => {
                    scanner.sink().unreadable(&name, &sentence)?;
                    failed = true;
                }
                Message::Note(sentence) => scanner.sink().ui.note(&sentence)?,
            }
            redraw(scanner.sink(), false)?;
            if done(scanner.sink(), failed) {
                break;
            }
        }
        // Cut short by a signal: the input ends here, with what it held. (Left
        // because nothing more is shown: what is left unread is no cut input.)
        if open && !done(scanner.sink(), failed) {
            stats.merge(scanner.finish()?);
        }
    }
    let signalled = interrupted.load(Ordering::Relaxed);
    if signalled && !args.follow {
        let name = match signal.load(Ordering::Relaxed) as i32 {
            SIGTERM => "SIGTERM",
            SIGHUP => "SIGHUP",
            _ => "Ctrl-C",
        };
        let lines = stats.lines;
        scanner.sink().ui.note(&format!(
            "interrupted by {name} after {lines} line{}: what was read is shown",
            if lines == 1 { "" } else { "s" }
        ))?;
    }
    let reporter = scanner.sink();
    reporter.drain()?;
    if reporter.undated > 0 {
        let n = reporter.undated;
        reporter.ui.note(&format!(
            "{n} error{} with no time of {} own (no time prefix, time field or time= key) left out by --since/--until",
            if n == 1 { "" } else { "s" },
            if n == 1 { "its" } else { "their" },
        ))?;
    }
    if let Some(note) = reporter.checker.as_ref().and_then(Checker::closing_note) {
        reporter.ui.note(&note)?;
    }
    if reporter.each == Each::Junit && !summary {
        reporter.junit.write(reporter.ui.out)?;
    }
    let outcome = verdict(
        reporter,
        args,
        summary,
        json,
        live,
        &stats,
        failed,
        &mut redraw,
    )?;
    if !fail_on || failed {
        return Ok(outcome);
    }
    if reporter.failing == 0 {
        reporter
            .ui
            .note("no error of a --fail-on class: the run passes")?;
        return Ok(Outcome::Found);
    }
    Ok(Outcome::NotFound)
}

/// What the run found, written (the summary) and as an exit code, as
/// without `--fail-on`.
#[allow(clippy::too_many_arguments)]
fn verdict(
    reporter: &mut Reporter,
    args: &DiagnoseArgs,
    summary: bool,
    json: bool,
    live: bool,
    stats: &Stats,
    failed: bool,
    redraw: &mut dyn FnMut(&mut Reporter, bool) -> io::Result<()>,
) -> io::Result<Outcome> {
    let read_failed = if failed {
        Outcome::Failed
    } else {
        Outcome::Found
    };
    if !summary {
        if reporter.shown == 0 && !failed {
            return explain_nothing(reporter, stats);
        }
        return Ok(read_failed);
    }
    let rows = reporter.tally.rows();
    // Any error diagnosed is a finding, unknown reasons included: whether
    // the run fails on one is --fail-on's to say.
    let outcome = read_failed;
    if json {
        // Always one object, so `| jq .total` works on any input.
        let view = SummaryView {
            schema_version: SCHEMA_VERSION,
            catalog: short_name(),
            total: rows.iter().map(|r| r.count).sum(),
            distinct: summary::distinct_reasons(&rows),
            skipped: reporter.skipped,
            reasons: rows,
        };
        write_json(&mut *reporter.ui.out, &view, true)?;
        writeln!(reporter.ui.out)?;
        if view.total == 0 && !failed {
            return explain_nothing(reporter, stats);
        }
        return Ok(outcome);
    }
    if rows.is_empty() {
        if failed {
            return Ok(Outcome::Failed);
        }
        return explain_nothing(reporter, stats);
    }
    if live {
        reporter.dirty = true;
        redraw(reporter, true)?;
    } else {
        summary::render(reporter.ui, &rows, args.top, reporter.skipped)?;
    }
    Ok(outcome)
}
