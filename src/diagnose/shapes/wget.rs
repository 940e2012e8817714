//! wget's lines: the URL it fetches, and its own chatter around a response.

use super::{Shape, Step, spaced};
use crate::endpoint::Request;

/// `wget -S` indents the status line and headers it prints.
pub fn indented(line: &str) -> bool {
    line.starts_with(' ')
}

/// What `wget -S` shows of a failed response is its status and headers.
pub const HIDDEN_BODY: &str =
    "Run wget with --content-on-error to see the body: it says which reason.";

/// wget's `--2026-11-24 10:00:00--  https://api.voipbin.net/v1.0/calls`: the URL.
fn url(line: &str) -> Option<Step<'_>> {
    let rest = line.strip_prefix("--")?;
    let (stamp, url) = rest.split_once("--")?;
    if !stamp.bytes().next().is_some_and(|b| b.is_ascii_digit()) {
        return None;
    }
    let url = url.trim();
    if !url.contains("://") {
        return None;
    }
    Some(Step::Request(url.to_owned(), Request::parse(url)?))
}

pub static URL: Shape = Shape {
    name: "wget URL",
    read: url,
    first: |b| b == b'-',
    holds_code: false,
    starts_record: true,
    samples: &["--2026-11-24 10:00:00--  https://api.voipbin.net/v1.0/calls?x=1"],
};

/// wget's own lines between the headers and the body (`wget -d`, `-S`):
/// progress, socket and file chatter, `---response end---`, `ERROR 404: …`.
pub static CHATTER: Shape = Shape {
    name: "wget chatter",
    read: |line| chatter(line).then_some(Step::Chatter),
    first: |b| b.is_ascii_alphanumeric() || b == b'-' || spaced(b),
    holds_code: false,
    starts_record: false,
    samples: &[
        "---response end---",
        "2026-11-24 23:55:00 ERROR 404: Not Found.",
        "Saving to: 'x'",
    ],
};

fn chatter(line: &str) -> bool {
    const STARTS: [&str; 16] = [
        "---request ",
        "---response ",
        "Registered socket",
        "URI content encoding",
        "Saving to:",
        "Length:",
        "HTTP request sent",
        "Skipping ",
        "Disabling further reuse",
        "Closed fd",
        "Created socket",
        "Releasing ",
        "Deleting unused",
        "Connecting to ",
        "Resolving ",
        "Reusing existing connection",
    ];
    let t = line.trim_start();
    let Some(first) = t.bytes().next() else {
        return false;
    };
    if !first.is_ascii_alphanumeric() && first != b'-' {
        return false;
    }
    if STARTS
        .iter()
        .any(|s| s.as_bytes()[0] == first && t.starts_with(s))
    {
        return true;
    }
    // `     0K ....  100%  917K=0s` and `2026-11-24 10:00:00 ERROR 404: Not Found.`
    let progress = line.starts_with("  ")
        && t.split_whitespace().next().is_some_and(|w| {
            w.ends_with('K') && w[..w.len() - 1].bytes().all(|b| b.is_ascii_digit())
        });
    let stamped_error = line.get(19..26) == Some(" ERROR ")
        && line.as_bytes()[4] == b'-'
        && line.get(29..30) == Some(":");
    progress || stamped_error
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_and_chatter() {
        let Some(Step::Request(shown, request)) =
            url("--2026-11-24 10:00:00--  https://api.voipbin.net/v1.0/calls?x=1")
        else {
            panic!("a URL")
        };
        assert_eq!(shown, "https://api.voipbin.net/v1.0/calls?x=1");
        assert_eq!(request.path(), "/calls");
        assert!(url("--help--  nothing").is_none());
        assert!(chatter("---response end---"));
        assert!(chatter("2026-11-24 23:55:00 ERROR 404: Not Found."));
        assert!(chatter(
            "     0K                                                        0.00 =0s"
        ));
        assert!(!chatter("ERROR: the call failed"));
    }
}
