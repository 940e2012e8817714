//! The formats CI servers read: GitHub Actions workflow commands
//! (`::error file=…,line=…::…`) and JUnit XML, one test case per failed call.

use std::borrow::Cow;
use std::fmt::Write as _;
use std::io::{self, Write};

use crate::diagnose::Diagnosis;
use crate::output::markup_text;
use crate::output::{Messages, Ui};

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
        properties.push(format!("file={}", property(file)));
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
/// it lists). Test cases are kept until the end: the counts come first.
#[derive(Default)]
pub struct Junit {
    suites: Vec<Suite>,
}

struct Suite {
    file: String,
    cases: Vec<Case>,
}

struct Case {
    name: String,
    failure: Option<(String, String)>,
    text: String,
}

impl Junit {
    /// Adds one failed call; `failed` makes it a failing test case.
    pub fn add(&mut self, ui: &Ui, d: &Diagnosis, file: &str, failed: bool) -> io::Result<()> {
        if self.suites.last().is_none_or(|s| s.file != file) {
            self.suites.push(Suite {
                file: file.to_owned(),
                cases: Vec::new(),
            });
        }
        let mut text = Vec::new();
        let mut sink = io::sink();
        let mut plain = Ui {
            out: &mut text,
            err: &mut sink,
            color: false,
            width: ui.width,
            terminal: false,
            messages: Messages::default(),
        };
        render::render(&mut plain, d, 1, None, None)?;
        let request = d
            .request_line
            .as_ref()
            .map_or(String::new(), |r| format!(" {r}"));
        let case = Case {
            name: format!("line {}:{request} {}", d.line, title(d)),
            failure: failed.then(|| (title(d), message(d))),
            text: String::from_utf8_lossy(&text).into_owned(),
        };
        if let Some(suite) = self.suites.last_mut() {
            suite.cases.push(case);
        }
        Ok(())
    }

    pub fn write(&self, out: &mut dyn Write) -> io::Result<()> {
        let failures = |cases: &[Case]| cases.iter().filter(|c| c.failure.is_some()).count();
        let tests: usize = self.suites.iter().map(|s| s.cases.len()).sum();
        let failed: usize = self.suites.iter().map(|s| failures(&s.cases)).sum();
        let mut xml = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        let _ = writeln!(
            xml,
            "<testsuites name=\"voiperr diagnose\" tests=\"{tests}\" failures=\"{failed}\" errors=\"0\" time=\"0\">"
        );
        for suite in &self.suites {
            let _ = writeln!(
                xml,
                "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"0\" skipped=\"0\" time=\"0\">",
                escape(&suite.file),
                suite.cases.len(),
                failures(&suite.cases)
            );
            for case in &suite.cases {
                let _ = writeln!(
                    xml,
                    "    <testcase name=\"{}\" classname=\"voiperr.diagnose\" time=\"0\">",
                    escape(&case.name)
                );
                match &case.failure {
                    Some((kind, message)) => {
                        let _ = writeln!(
                            xml,
                            "      <failure type=\"{}\" message=\"{}\">{}</failure>",
                            escape(kind),
                            escape(message),
                            markup_text(&case.text)
                        );
                    }
                    None => {
                        let _ = writeln!(
                            xml,
                            "      <system-out>{}</system-out>",
                            markup_text(&case.text)
                        );
                    }
                }
                xml.push_str("    </testcase>\n");
            }
            xml.push_str("  </testsuite>\n");
        }
        xml.push_str("</testsuites>\n");
        out.write_all(xml.as_bytes())
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
