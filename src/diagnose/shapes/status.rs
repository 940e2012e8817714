//! `429 Too Many Requests` on a line of its own (Node's `status statusText`).

use super::{Shape, Step, code, phrase, spaced, trimmed};

/// Only with the code's own reason phrase, so log prose is not mistaken for it.
fn bare_status(line: &str) -> Option<Step<'_>> {
    let t = trimmed(line);
    // The code, then a space: most lines are over at their first bytes.
    let digits = t.bytes().take_while(u8::is_ascii_digit).count();
    if digits < 3 || t.as_bytes().get(digits) != Some(&b' ') {
        return None;
    }
    let (digits, words) = t.split_at(digits);
    let http = code(digits)?;
    phrase(http)
        .is_some_and(|p| p.eq_ignore_ascii_case(words[1..].trim()))
        .then_some(Step::Status(http))
}

pub static BARE: Shape = Shape {
    name: "status and phrase",
    read: bare_status,
    first: |b| b.is_ascii_digit() || spaced(b),
    holds_code: true,
    starts_record: false,
    samples: &["429 Too Many Requests", "404 not found"],
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_with_the_codes_phrase() {
        assert_eq!(
            bare_status("429 Too Many Requests"),
            Some(Step::Status(429))
        );
        assert_eq!(bare_status("404 widgets were found"), None);
    }
}
