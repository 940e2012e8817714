//! The formats CI servers read: GitHub Actions workflow commands
//! (`::error file=…,line=…::…`) and JUnit XML, one test case per failed call.

use std::borrow::Cow;
use std::fmt::Write as _;
use std::io::{self, Read, Seek, SeekFrom, Write};

use tempfile::SpooledTempFile;

use crate::diagnose::Diagnosis;
use crate::output::{Messages, Ui, markup_text};
use crate::untrusted::inert;

use super::render;

/// What a failed call is, in one line: `CALL_NOT_FOUND (HTTP 404)`.
fn title(d: &Diagnosis) -> String {
    let name = match (d.reason, &d.reason_name) {
        (Some(reason), _) => reason.name().to_owned(),
        (None, Some(name)) => name.to_string(),
        (None, None) => d.kind.title().to_owned(),
    };
    match d.http() {
        Some(http) => format!("{name} (HTTP {http})"),
        None => name,
    }
}

/// What happened and the first thing to do.
fn message(d: &Diagnosis) -> String {
    let what = d
        .summary
        .clone()
        .or_else(|| d.reason.map(|r| r.cause_on_server().into_owned()))
        .or_else(|| d.message.as_ref().map(ToString::to_string))
        .unwrap_or_default();
    let request = d
        .request_line
        .as_ref()
        .map_or(String::new(), |r| format!("{r}: "));
    match d.steps.first() {
        Some(step) => format!("{request}{what} Next: {step}"),
        None => format!("{request}{what}"),
    }
}

/// One workflow command: an `error` (fails the run's view) or a `warning`.
pub fn github(out: &mut dyn Write, d: &Diagnosis, file: &str, error: bool) -> io::Result<()> {
    let level = if error { "error" } else { "warning" };
    let mut properties = Vec::new();
    if file != "-" {
        properties.push(format!("file={}", property(&inert(file))));
    }
    properties.push(format!("line={}", d.line));
    properties.push(format!("title={}", property(&title(d))));
    writeln!(
        out,
        "::{level} {}::{}",
        properties.join(","),
        data(&message(d))
    )
}

/// Workflow command data: `%`, CR and LF escaped, so text from the input
/// can never end the command and start another.
fn data(text: &str) -> Cow<'_, str> {
    if !text.contains(['%', '\r', '\n']) {
        return Cow::Borrowed(text);
    }
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
        .into()
}

/// A workflow command property value: data, and `:` and `,` escaped too.
fn property(text: &str) -> String {
    data(text).replace(':', "%3A").replace(',', "%2C")
}

/// JUnit XML: a test suite per input, a test case per failed call (a
/// failure, or a pass when `--fail-on` is given and the call is of no class
/// it lists), and an error per input that could not be read. The counts
/// come first, in attributes, and are known only at the end: the test
/// cases are kept as XML in a spool (in memory up to [`IN_MEMORY`], then in
/// a temporary file), so memory stays flat whatever the input holds.
#[derive(Default)]
pub struct Junit {
    /// The test cases written so far, suite after suite.
    spool: Option<SpooledTempFile>,
    suites: Vec<Suite>,
    /// One test case, reused.
    case: String,
    /// One diagnosis as text, reused.
    text: Vec<u8>,
}

/// Bytes of test cases kept in memory before the spool goes to a file.
const IN_MEMORY: usize = 8 << 20;

/// One input's counts, and the bytes of its test cases in the spool.
struct Suite {
    file: String,
    tests: u64,
    failures: u64,
    errors: u64,
    bytes: u64,
}

impl Junit {
    /// The suite of `file` (the last one, or a new one after it).
    fn suite(&mut self, file: &str) -> &mut Suite {
        if self.suites.last().is_none_or(|s| s.file != file) {
            self.suites.push(Suite {
                file: file.to_owned(),
                tests: 0,
                failures: 0,
                errors: 0,
                bytes: 0,
            });
        }
        let last = self.suites.len() - 1;
        &mut self.suites[last]
    }

    /// Appends the test case in `self.case` to `file`'s suite.
    fn spool_case(&mut self, file: &str) -> io::Result<()> {
        let spool = self
            .spool
            .get_or_insert_with(|| SpooledTempFile::new(IN_MEMORY));
        spool.write_all(self.case.as_bytes()).map_err(|e| {
            io::Error::new(
                e.kind(),
                format!("cannot keep the JUnit report's test cases in a temporary file ({e}); set TMPDIR to a directory with room"),
            )
        })?;
        let bytes = self.case.len() as u64;
        self.suite(file).bytes += bytes;
        Ok(())
    }

    /// Adds one failed call; `failed` makes it a failing test case.
    pub fn add(&mut self, ui: &Ui, d: &Diagnosis, file: &str, failed: bool) -> io::Result<()> {
        self.text.clear();
        let mut sink = io::sink();
        let mut plain = Ui {
            out: &mut self.text,
            err: &mut sink,
            color: false,
            width: ui.width,
            terminal: false,
            closed: ui.closed,
            messages: Messages::default(),
        };
        render::render(&mut plain, d, 1, None, None)?;
        let text = markup_text(&String::from_utf8_lossy(&self.text));
        let request = d
            .request_line
            .as_ref()
            .map_or(String::new(), |r| format!(" {r}"));
        self.case.clear();
        let _ = writeln!(
            self.case,
            "    <testcase name=\"{}\" classname=\"voiperr.diagnose\" time=\"0\">",
            escape(&format!("line {}:{request} {}", d.line, title(d)))
        );
        if failed {
            let _ = writeln!(
                self.case,
                "      <failure type=\"{}\" message=\"{}\">{text}</failure>",
                escape(&title(d)),
                escape(&message(d)),
            );
        } else {
            let _ = writeln!(self.case, "      <system-out>{text}</system-out>");
        }
        self.case.push_str("    </testcase>\n");
        self.spool_case(file)?;
        let suite = self.suite(file);
        suite.tests += 1;
        suite.failures += u64::from(failed);
        Ok(())
    }

    /// Adds an input that could not be read (or not to its end): an error.
    pub fn error(&mut self, file: &str, sentence: &str) -> io::Result<()> {
        self.case.clear();
        let _ = writeln!(
            self.case,
            "    <testcase name=\"reading {}\" classname=\"voiperr.diagnose\" time=\"0\">\n      <error type=\"unreadable input\" message=\"{}\"/>\n    </testcase>",
            escape(file),
            escape(sentence)
        );
        self.spool_case(file)?;
        let suite = self.suite(file);
        suite.tests += 1;
        suite.errors += 1;
        Ok(())
    }

    /// Writes the report: the counts, then each suite's test cases from the spool.
    pub fn write(&mut self, out: &mut dyn Write) -> io::Result<()> {
        let total = |count: fn(&Suite) -> u64| self.suites.iter().map(count).sum::<u64>();
        writeln!(
            out,
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"voiperr diagnose\" tests=\"{}\" failures=\"{}\" errors=\"{}\" time=\"0\">",
            total(|s| s.tests),
            total(|s| s.failures),
            total(|s| s.errors)
        )?;
        if let Some(spool) = &mut self.spool {
            spool.seek(SeekFrom::Start(0))?;
        }
        for suite in &self.suites {
            writeln!(
                out,
                "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"0\" time=\"0\">",
                escape(&suite.file),
                suite.tests,
                suite.failures,
                suite.errors
            )?;
            if let Some(spool) = &mut self.spool {
                io::copy(&mut Read::take(&mut *spool, suite.bytes), out)?;
            }
            writeln!(out, "  </testsuite>")?;
        }
        writeln!(out, "</testsuites>")
    }
}

/// Text as an XML 1.0 attribute value (see [`text`]), line breaks kept.
fn escape(value: &str) -> String {
    markup_text(value).replace('\n', "&#10;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn workflow_commands_cannot_be_ended_by_the_input() {
        assert_eq!(data("a%b\r\n::error::x"), "a%25b%0D%0A::error::x");
        assert_eq!(property("a:b,c"), "a%3Ab%2Cc");
    }

    #[test]
    fn xml_text_holds_only_what_xml_allows() {
        assert_eq!(escape("<a & \"b\">"), "&lt;a &amp; &quot;b&quot;&gt;");
        assert_eq!(escape("x\u{1}\u{b}y\u{FFFE}"), "x\u{FFFD}\u{FFFD}y\u{FFFD}");
        assert_eq!(escape("a\nb"), "a&#10;b");
        assert_eq!(markup_text("a\nb"), "a\nb");
    }
}
