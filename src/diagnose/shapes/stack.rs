//! Stack traces around a client's exception: Python's `Traceback` and
//! `File "…", line N`, JavaScript's and Java's `at …`, Ruby's `from …`,
//! PHP's `#0 …` and `Stack trace:`, a `path:line` location. They say
//! nothing about the exchange, and a body printed just before them still
//! belongs with the status the exception names after them.

use super::{Shape, Step, spaced};

/// A frame of a stack trace, or the first line of one printed before its
/// exception (Python's `Traceback …`, Node's location line).
fn frame(line: &str) -> Option<Step<'_>> {
    let t = line.trim_start();
    let indented = t.len() < line.len();
    if t == "Traceback (most recent call last):" || !indented && location(t) {
        return Some(Step::TraceHead);
    }
    is_frame(line).then_some(Step::Frame)
}

fn is_frame(line: &str) -> bool {
    let t = line.trim_start();
    let indented = t.len() < line.len();
    let digits_then = |s: &str, then: char| {
        let n = s.bytes().take_while(u8::is_ascii_digit).count();
        n > 0 && s[n..].starts_with(then)
    };
    t == "Stack trace:"
        || t == "^"
        || indented && t.starts_with("File \"") && t.contains("\", line ")
        || indented && t.starts_with("at ") && (t.ends_with(')') || t.ends_with(char::is_numeric))
        || line.starts_with("\tfrom ")
        || line.starts_with('#') && digits_then(&line[1..], ' ')
        || indented && !t.is_empty() && t.bytes().all(|b| b == b'^' || b == b'~')
}

/// `file:///app/x.mjs:12`, `node:internal/modules/run_main:123`, `/app/x.rb:3`.
fn location(t: &str) -> bool {
    if !(t.starts_with("file://") || t.starts_with("node:") || t.starts_with('/')) {
        return false;
    }
    let Some((path, line)) = t.rsplit_once(':') else {
        return false;
    };
    !line.is_empty() && line.bytes().all(|b| b.is_ascii_digit()) && !path.contains(' ')
}

pub static FRAME: Shape = Shape {
    name: "stack frame",
    read: frame,
    first: |b| b"TS^#fn/".contains(&b) || spaced(b),
    holds_code: false,
    starts_record: false,
    samples: &[
        "Traceback (most recent call last):",
        "  File \"/app/client.py\", line 12, in <module>",
        "    at Request.<anonymous> (file:///app/node_modules/got/dist/index.js:98:42)",
        "\tat Clients.main(Clients.java:27)",
        "\tfrom tests/clients/ruby_clients.rb:19:in `<main>'",
        "#0 /usr/share/php/GuzzleHttp/Middleware.php(69): GuzzleHttp\\Exception\\RequestException::create()",
        "Stack trace:",
        "node:internal/modules/run_main:123",
        "           ^^^^^^^^^^^^^^^^",
    ],
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn not_frames() {
        for line in [
            "at noon the call failed",
            "#hashtag",
            "http://h:8080",
            "a: 1",
            "C:\\x:12",
        ] {
            assert!(frame(line).is_none(), "{line}");
        }
    }
}
