//! Failure status codes in text: a number from 400 to 599 that stands
//! alone (not part of a word, an ID, a version or a longer number). Many
//! shapes' lines hold one; most log lines do not, so the registry asks those
//! shapes only about lines that hold one, and this search is the fast one.

/// Each failure status code in `text`: where it starts, and the code.
pub fn failure_codes(text: &str) -> impl Iterator<Item = (usize, u16)> + '_ {
    let bytes = text.as_bytes();
    let mut from = 0;
    std::iter::from_fn(move || {
        while let Some(at) = next_code_start(bytes, from) {
            from = at + 1;
            let digits = bytes.get(at..at + 3)?;
            let after = bytes.get(at + 3).copied();
            if !digits.iter().all(u8::is_ascii_digit)
                || after.is_some_and(|b| b.is_ascii_alphanumeric())
                || after == Some(b'.') && bytes.get(at + 4).is_some_and(u8::is_ascii_digit)
            {
                continue;
            }
            let code = digits
                .iter()
                .fold(0, |code, d| code * 10 + u16::from(d - b'0'));
            return Some((at, code));
        }
        None
    })
}

/// Whether a byte may stand before a status code: not one that goes on a
/// word, an ID or a version. Branch-free, so masks of it are vector compares.
fn before_a_code(b: u8) -> bool {
    let digit = b.wrapping_sub(b'0') < 10;
    let letter = (b | 0x20).wrapping_sub(b'a') < 26;
    !(digit | letter | (b == b'.') | (b == b'-') | (b == b'_') | (b == b'/'))
}

/// Where the next number from `from` on that may be a failure's status code
/// starts: a `4` or `5` after a byte [`before_a_code`] allows. IDs and
/// timestamps hold many fours and fives and few such starts, so the line is
/// read 16 bytes at a time, in a form the compiler turns into vector compares.
fn next_code_start(bytes: &[u8], from: usize) -> Option<usize> {
    if from == 0 && code_start(bytes, 0) {
        return Some(0);
    }
    // Each block is read with the 16 bytes one before it.
    let from = from.max(1);
    let (Some(blocks), Some(befores)) = (bytes.get(from..), bytes.get(from - 1..)) else {
        return None;
    };
    let pairs = blocks.chunks_exact(16).zip(befores.chunks_exact(16));
    for (n, (block, before)) in pairs.enumerate() {
        let (Ok(block), Ok(before)) = (block.try_into(), before.try_into()) else {
            break;
        };
        let starts = block_starts(block, before);
        if starts != 0 {
            return Some(from + 16 * n + (starts.trailing_zeros() / 8) as usize);
        }
    }
    // The last block of the line overlaps the one before: what was read is masked off.
    let at = from + (bytes.len() - from) / 16 * 16;
    if at >= bytes.len() {
        return None;
    }
    let Some(start) = bytes.len().checked_sub(16).filter(|&start| start >= 1) else {
        // A line shorter than a block and the byte before it.
        return (at..bytes.len()).find(|&i| code_start(bytes, i));
    };
    let (block, before) = (&bytes[start..], &bytes[start - 1..bytes.len() - 1]);
    let (Ok(block), Ok(before)) = (block.try_into(), before.try_into()) else {
        return None;
    };
    let starts = block_starts(block, before) >> (8 * (at - start));
    (starts != 0).then(|| at + (starts.trailing_zeros() / 8) as usize)
}

/// One byte a position of `block` that starts a code, zero elsewhere.
fn block_starts(block: &[u8; 16], before: &[u8; 16]) -> u128 {
    let starts: [u8; 16] = std::array::from_fn(|i| {
        u8::from((block[i] == b'4') | (block[i] == b'5')) & u8::from(before_a_code(before[i]))
    });
    u128::from_le_bytes(starts)
}

/// Whether a status code may start at `at` (see [`next_code_start`]).
fn code_start(bytes: &[u8], at: usize) -> bool {
    bytes.get(at).is_some_and(|b| matches!(b, b'4' | b'5'))
        && at.checked_sub(1).is_none_or(|i| before_a_code(bytes[i]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_that_stand_alone() {
        let codes = |text| {
            failure_codes(text)
                .map(|(_, code)| code)
                .collect::<Vec<_>>()
        };
        assert_eq!(codes("HTTPError: 404 Client Error"), [404]);
        assert_eq!(codes("(429)"), [429]);
        assert_eq!(codes("502"), [502]);
        assert_eq!(
            codes("x 4040 v4.04.1 a404 -404 /500 _503 404.5 404b 200"),
            Vec::<u16>::new()
        );
        assert_eq!(codes("(status 503): 404. then:429"), [503, 404, 429]);
    }

    proptest::proptest! {
        /// The block scan finds the same starts as reading byte by byte.
        #[test]
        fn code_starts_are_found_as_byte_by_byte(
            line in proptest::collection::vec(proptest::sample::select(
                b"45-/. a4(:\xc3\xa9Z09".to_vec()), 0..70),
        ) {
            let mut by_blocks = Vec::new();
            let mut from = 0;
            while let Some(at) = next_code_start(&line, from) {
                by_blocks.push(at);
                from = at + 1;
            }
            let by_bytes: Vec<usize> = (0..line.len()).filter(|&i| code_start(&line, i)).collect();
            proptest::prop_assert_eq!(by_blocks, by_bytes);
        }
    }
}
