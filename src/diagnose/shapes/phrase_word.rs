//! A status code whose reason phrase is written as one word, the way an
//! enum or a class names it: `500 InternalServerError`, `429 TOO_MANY_REQUESTS`,
//! `404 NotFound`. Ruby Excon says `Expected([200]) <=> Actual(500 InternalServerError)`
//! (its phrases have no spaces), Spring's `HttpStatus` and .NET's
//! `HttpStatusCode` print their names so. Asked after the status sentence,
//! which reads a phrase with its spaces.

use super::{Named, Sentence, Shape, Shown, Step, any, failure_codes, phrase};

fn phrase_word(line: &str) -> Option<Step<'_>> {
    let code = failure_codes(line).find_map(|(at, code)| {
        let word = line[at + 3..].strip_prefix(' ')?;
        let end = word
            .find(|c: char| !(c.is_ascii_alphabetic() || c == '_'))
            .unwrap_or(word.len());
        if word[end..].starts_with(|c: char| c.is_ascii_alphanumeric()) {
            return None;
        }
        let word = &word[..end];
        let spelled = phrase(code)?.bytes().filter(|b| *b != b' ');
        let letters = word.bytes().filter(|b| *b != b'_');
        (word.len() > 3
            && spelled
                .map(|b| b.to_ascii_lowercase())
                .eq(letters.map(|b| b.to_ascii_lowercase())))
        .then_some(code)
    })?;
    Some(Step::Sentence(Sentence {
        code,
        request: Named::Earlier,
        retry_after: None,
        body: Shown::Hidden(super::sentence::PRINT_THE_BODY),
    }))
}

pub static PHRASE_WORD: Shape = Shape {
    name: "reason phrase as one word",
    read: phrase_word,
    first: any,
    holds_code: true,
    starts_record: false,
    samples: &[
        "/usr/share/rubygems-integration/all/gems/excon-0.88.0/lib/excon/middlewares/expects.rb:13:in `response_call': Expected([200]) <=> Actual(500 InternalServerError) (Excon::Error::InternalServerError)",
        "org.springframework.web.client.HttpClientErrorException$TooManyRequests: 429 TOO_MANY_REQUESTS",
    ],
};

#[cfg(test)]
mod tests {
    use super::*;

    fn code(line: &str) -> Option<u16> {
        match phrase_word(line)? {
            Step::Sentence(s) => Some(s.code),
            _ => None,
        }
    }

    #[test]
    fn the_code_before_its_phrase_in_one_word() {
        assert_eq!(code(PHRASE_WORD.samples[0]), Some(500));
        assert_eq!(code(PHRASE_WORD.samples[1]), Some(429));
        assert_eq!(code("response: 404 NotFound"), Some(404));
        assert_eq!(code("got 502 bad_gateway from the proxy"), Some(502));
    }

    #[test]
    fn other_words_after_a_number_are_not_read() {
        for line in [
            "took 404 ms",
            "404 NotFoundHere",
            "500 Internal",
            "id 500 InternalServerError2",
            "418 Teapot",
            "404 Not Found",
        ] {
            assert_eq!(code(line), None, "{line}");
        }
    }
}
