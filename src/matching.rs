//! Turning what a user typed into a catalog entry: exact name, alias, HTTP
//! code or status, or a confident fuzzy match.
//!
//! Fuzzy scoring mixes Jaro name similarity (clap's choice for suggestions)
//! with word overlap against the name and the cause, so a guessed name that
//! shares meaning (`CALL_ALREADY_ENDED`) finds `CALL_ALREADY_HANGUP`.

use std::sync::OnceLock;

use crate::catalog::{Ambiguity, Catalog, Reason, normalize_name};
use crate::status::Status;
use crate::untrusted::prefix;

/// How a query reached its reason.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MatchKind {
    Exact,
    Alias,
    /// The only reason whose name (or an alias) holds every word typed: `hangup`.
    Word,
    Fuzzy,
}

impl MatchKind {
    pub fn key(self) -> &'static str {
        match self {
            MatchKind::Exact => "exact",
            MatchKind::Alias => "alias",
            MatchKind::Word => "word",
            MatchKind::Fuzzy => "fuzzy",
        }
    }
}

/// What a query means.
#[derive(Debug)]
pub enum Lookup {
    Reason(&'static Reason, MatchKind),
    /// An HTTP code or canonical status: the statuses it stands for.
    Status {
        http: u16,
        statuses: Vec<Status>,
    },
    /// A name that could mean several reasons: the choice, and why.
    Ambiguous(&'static Ambiguity),
    /// Nothing confident; the closest names, best first.
    Miss(Vec<&'static Reason>),
}

/// Below this a candidate is not even suggested.
const SUGGEST_MIN: f64 = 0.55;
/// A fuzzy match is taken only at this score…
const CONFIDENT_MIN: f64 = 0.78;
/// …and this far ahead of the runner-up.
const CONFIDENT_MARGIN: f64 = 0.06;

/// The words `explain` compares (the site's search index holds the same).
pub fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| w.len() > 1)
        .map(|w| w.to_ascii_uppercase())
}

/// Whether one insertion, deletion or substitution turns `a` into `b` (or they are equal).
fn within_one_edit(a: &[u8], b: &[u8]) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if long.len() - short.len() > 1 {
        return false;
    }
    let prefix = short.iter().zip(long).take_while(|(x, y)| x == y).count();
    if short.len() == long.len() {
        short[prefix + 1.min(short.len() - prefix)..] == long[prefix + 1.min(long.len() - prefix)..]
    } else {
        short[prefix..] == long[prefix + 1..]
    }
}

/// Two words are the same word, allowing a typo or an inflection.
fn same_word(a: &str, b: &str) -> bool {
    let shortest = a.len().min(b.len());
    if a == b || (shortest >= 3 && within_one_edit(a.as_bytes(), b.as_bytes())) {
        return true;
    }
    // Jaro-Winkler favours a shared prefix; without one it cannot reach 0.9 on these words.
    shortest >= 4 && a.as_bytes()[0] == b.as_bytes()[0] && strsim::jaro_winkler(a, b) >= 0.9
}

/// A reason with the words of its cause, split once.
struct Prepared {
    reason: &'static Reason,
    cause_words: Vec<String>,
}

fn prepared(catalog: &'static Catalog) -> &'static [Prepared] {
    static PREPARED: OnceLock<Vec<Prepared>> = OnceLock::new();
    PREPARED.get_or_init(|| {
        catalog
            .reasons()
            .iter()
            .map(|reason| Prepared {
                reason,
                cause_words: words(reason.cause()).collect(),
            })
            .collect()
    })
}

/// Longer queries are not reason names; this bounds the work on hostile input.
const MAX_QUERY: usize = 96;
const MAX_QUERY_WORDS: usize = 8;

/// How well `query` (normalized) names the reason, from 0 to about 1.
fn score(query: &str, candidate: &Prepared) -> f64 {
    let query_words: Vec<&str> = query
        .split('_')
        .filter(|w| !w.is_empty())
        .take(MAX_QUERY_WORDS)
        .collect();
    if query_words.is_empty() {
        return 0.0;
    }
    let reason = candidate.reason;
    // Whether each query word appears in the cause does not depend on the name.
    let in_cause: Vec<bool> = query_words
        .iter()
        .map(|q| candidate.cause_words.iter().any(|c| same_word(q, c)))
        .collect();
    let names = std::iter::once(reason.name()).chain(reason.aliases().iter());
    names
        .map(|name| {
            let name_words: Vec<&str> = name.split('_').collect();
            // Separators are a guess too: CONFERENCE_NOTFOUND is CONFERENCE_NOT_FOUND.
            let compact = |s: &str| s.replace('_', "");
            if compact(query) == compact(name) {
                return 1.0;
            }
            let similarity = strsim::jaro(query, name);
            let in_name: Vec<bool> = query_words
                .iter()
                .map(|q| name_words.iter().any(|n| same_word(q, n)))
                .collect();
            let shared = in_name.iter().filter(|hit| **hit).count();
            let overlap = shared as f64 / query_words.len().max(name_words.len()) as f64;
            let explained = in_name
                .iter()
                .zip(&in_cause)
                .filter(|(name_hit, cause_hit)| **name_hit || **cause_hit)
                .count() as f64
                / query_words.len() as f64;
            0.45 * similarity + 0.35 * overlap + 0.2 * explained
        })
        .fold(0.0, f64::max)
}

/// Candidates scored against the query, best first, above the suggestion floor.
pub fn ranked(catalog: &'static Catalog, query: &str) -> Vec<(f64, &'static Reason)> {
    let mut query = normalize_name(query);
    let kept = prefix(&query, MAX_QUERY).len();
    query.truncate(kept);
    let mut scored: Vec<(f64, &'static Reason)> = prepared(catalog)
        .iter()
        .map(|p| (score(&query, p), p.reason))
        .filter(|(s, _)| *s >= SUGGEST_MIN)
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.name().cmp(b.1.name())));
    scored
}

/// An HTTP code (`409`), canonical status (`not-found`) or reason phrase
/// (`Too Many Requests`, `forbidden`, `HTTP/1.1 429 Too Many Requests`):
/// the code and its statuses.
pub fn status_query(text: &str) -> Option<(u16, Vec<Status>)> {
    let text = text.trim();
    if let Ok(http) = text.parse::<u16>() {
        return (100..=599)
            .contains(&http)
            .then(|| (http, Status::for_http(http)));
    }
    let name = normalize_name(text);
    if let Some(status) = Status::from_name(&name) {
        return Some((status.http(), vec![status]));
    }
    phrase_code(&name).map(|http| (http, Status::for_http(http)))
}

/// The code whose reason phrase `text` is (`Service Unavailable`: 503),
/// also where `text` is a reason's name as well.
pub fn reason_phrase_of(text: &str) -> Option<u16> {
    let name = normalize_name(text);
    (text.trim().parse::<u16>().is_err() && Status::from_name(&name).is_none())
        .then(|| phrase_code(&name))
        .flatten()
}

/// The code a reason phrase names, written any way a client prints it:
/// any case, glued (`TooManyRequests`), with one typo (`Unauthorised`),
/// after the code and `HTTP/1.1` (which must then agree).
fn phrase_code(name: &str) -> Option<u16> {
    let mut words: Vec<&str> = name.split('_').collect();
    // `HTTP/1.1 404 Not Found`, `HTTP/2 404`, `HTTP 404`: the version goes.
    if words.first() == Some(&"HTTP") {
        words.remove(0);
        while words.len() > 1 && words[0].len() == 1 && words[1].len() <= 1 {
            words.remove(0);
        }
        if words.first().is_some_and(|w| w.len() == 1) && words.len() > 1 {
            words.remove(0);
        }
    }
    let code = words
        .first()
        .filter(|w| w.len() == 3)
        .and_then(|w| w.parse::<u16>().ok())
        .filter(|code| (100..=599).contains(code));
    if code.is_some() {
        words.remove(0);
    }
    let typed: String = words.concat();
    if typed.is_empty() {
        return code;
    }
    let same = |phrase: &str| {
        let phrase: String = phrase
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .map(|c| c.to_ascii_uppercase())
            .collect();
        typed == phrase
            || (typed.len() >= 6 && within_one_edit(typed.as_bytes(), phrase.as_bytes()))
    };
    let (named, _) = crate::status::phrases().find(|(_, phrase)| same(phrase))?;
    code.is_none_or(|code| code == named).then_some(named)
}

/// `LIMITED` is `LIMIT`, `HANGUPS` is `HANGUP`: a word without the ending
/// an inflection adds.
fn stem(word: &str) -> &str {
    ["ING", "ED", "ES", "S"]
        .iter()
        .find_map(|ending| word.strip_suffix(ending).filter(|rest| rest.len() >= 3))
        .unwrap_or(word)
}

/// How a typed word is one of a name's words: as typed, inflected or
/// several of the name's words glued (`RATELIMIT`): `Some(true)`; with one
/// typo, when long enough to tell (`ALREDY`): `Some(false)`.
fn names_word(typed: &str, name_words: &[&str]) -> Option<bool> {
    let like = |word: &str| {
        if typed == word || stem(typed) == stem(word) {
            Some(true)
        } else {
            (typed.len().min(word.len()) >= 5 && within_one_edit(typed.as_bytes(), word.as_bytes()))
                .then_some(false)
        }
    };
    let glued = (0..name_words.len()).flat_map(|from| {
        (from + 2..=name_words.len()).map(move |to| name_words[from..to].concat())
    });
    name_words
        .iter()
        .map(|word| like(word))
        .chain(glued.map(|word| like(&word)))
        .flatten()
        .max()
}

/// The reasons whose name or an alias holds every word of the query, each
/// with whether it did without a typo.
fn named_by_words(catalog: &'static Catalog, query: &str) -> Vec<(&'static Reason, bool)> {
    let name = normalize_name(prefix(query, MAX_QUERY));
    let typed: Vec<&str> = name
        .split('_')
        .filter(|w| !w.is_empty())
        .take(MAX_QUERY_WORDS)
        .collect();
    if typed.is_empty() {
        return Vec::new();
    }
    catalog
        .reasons()
        .iter()
        .filter_map(|reason| {
            std::iter::once(reason.name())
                .chain(reason.aliases().iter())
                .filter_map(|name| {
                    let words: Vec<&str> = name.split('_').collect();
                    typed
                        .iter()
                        .map(|t| names_word(t, &words))
                        .collect::<Option<Vec<bool>>>()
                        .map(|exact| exact.iter().all(|e| *e))
                })
                .max()
                .map(|exact| (reason, exact))
        })
        .collect()
}

/// Resolves a query: a reason's name, an alias, a code, status or reason
/// phrase, a name that could mean several reasons, the words of one
/// reason's name, then a confident fuzzy match. With `exact`, only names
/// and codes (a miss still suggests).
pub fn lookup(catalog: &'static Catalog, query: &str, exact: bool) -> Lookup {
    let trimmed = query.trim();
    if let Some(reason) = catalog.reason(trimmed) {
        return Lookup::Reason(reason, MatchKind::Exact);
    }
    if !exact && let Some(reason) = catalog.by_alias(trimmed) {
        return Lookup::Reason(reason, MatchKind::Alias);
    }
    if let Some((http, statuses)) = status_query(trimmed) {
        return Lookup::Status { http, statuses };
    }
    if !exact && let Some(ambiguity) = catalog.ambiguity(trimmed) {
        return Lookup::Ambiguous(ambiguity);
    }
    let ranked = ranked(catalog, trimmed);
    if exact {
        return Lookup::Miss(ranked.into_iter().take(5).map(|(_, r)| r).collect());
    }
    // Only the separators differ (CONFERENCE_NOTFOUND): that name.
    if let [(best, reason), rest @ ..] = ranked.as_slice()
        && *best >= 1.0
        && rest.first().is_none_or(|(next, _)| *next < 1.0)
    {
        return Lookup::Reason(reason, MatchKind::Fuzzy);
    }
    // Words that several names hold are a choice, not a match (`limit`,
    // `call`): those names are the suggestions, best first.
    let named = named_by_words(catalog, trimmed);
    match named.as_slice() {
        [(only, true)] => return Lookup::Reason(only, MatchKind::Word),
        [(only, false)] => return Lookup::Reason(only, MatchKind::Fuzzy),
        [] => {}
        several => {
            let rank = |reason: &&Reason| {
                ranked
                    .iter()
                    .position(|(_, r)| r.name() == reason.name())
                    .unwrap_or(usize::MAX)
            };
            let mut choice: Vec<&'static Reason> = several.iter().map(|(r, _)| *r).collect();
            // Stable: names the scorer does not rank stay in catalog order.
            choice.sort_by_key(rank);
            choice.truncate(5);
            return Lookup::Miss(choice);
        }
    }
    if let Some(&(best, reason)) = ranked.first() {
        let runner_up = ranked.get(1).map_or(0.0, |r| r.0);
        if best >= CONFIDENT_MIN && best - runner_up >= CONFIDENT_MARGIN {
            return Lookup::Reason(reason, MatchKind::Fuzzy);
        }
    }
    Lookup::Miss(ranked.into_iter().take(5).map(|(_, r)| r).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(query: &str) -> Option<(&'static str, MatchKind)> {
        match lookup(Catalog::get(), query, false) {
            Lookup::Reason(r, how) => Some((r.name(), how)),
            _ => None,
        }
    }

    #[test]
    fn exact_alias_and_fuzzy() {
        assert_eq!(
            found("call-not-found"),
            Some(("CALL_NOT_FOUND", MatchKind::Exact))
        );
        assert_eq!(
            found("CALL_ALREADY_ENDED"),
            Some(("CALL_ALREADY_HANGUP", MatchKind::Alias))
        );
        assert_eq!(
            found("RECORDNG_NOT_FOUND"),
            Some(("RECORDING_NOT_FOUND", MatchKind::Fuzzy))
        );
        assert_eq!(
            found("CALL_ALREADY_HANGEDUP"),
            Some(("CALL_ALREADY_HANGUP", MatchKind::Fuzzy))
        );
        assert_eq!(
            found("CONFERENCE_NOTFOUND"),
            Some(("CONFERENCE_NOT_FOUND", MatchKind::Fuzzy))
        );
        assert_eq!(
            found("CAL_NOT_FOUND"),
            Some(("CALL_NOT_FOUND", MatchKind::Fuzzy))
        );
    }

    #[test]
    fn one_edit_apart() {
        for (a, b, near) in [
            ("CALL", "CALL", true),
            ("CAL", "CALL", true),
            ("CALL", "CELL", true),
            ("RECORDNG", "RECORDING", true),
            ("CALL", "CLAL", false),
            ("A", "ABC", false),
            ("", "A", true),
        ] {
            assert_eq!(within_one_edit(a.as_bytes(), b.as_bytes()), near, "{a} {b}");
            assert_eq!(
                within_one_edit(a.as_bytes(), b.as_bytes()),
                strsim::levenshtein(a, b) <= 1,
                "{a} {b}"
            );
        }
    }

    #[test]
    fn vague_queries_are_not_confident() {
        for query in ["NOT_FOUND_THING", "XYZZY", "CALL", "ID"] {
            assert!(found(query).is_none(), "{query} -> {:?}", found(query));
        }
    }

    #[test]
    fn a_word_of_one_name_finds_it_and_a_word_of_several_does_not() {
        for (typed, name) in [
            ("hangup", "CALL_ALREADY_HANGUP"),
            ("hangups", "CALL_ALREADY_HANGUP"),
            ("ratelimit", "RATE_LIMIT_EXCEEDED"),
            ("ratelimited", "RATE_LIMIT_EXCEEDED"),
            ("balance", "INSUFFICIENT_BALANCE"),
            ("frozen", "ACCOUNT_FROZEN"),
            ("call hangup", "CALL_ALREADY_HANGUP"),
            ("expired", "INVALID_CREDENTIALS"),
        ] {
            assert_eq!(found(typed), Some((name, MatchKind::Word)), "{typed}");
        }
        // A typo is a fuzzy match, not a word match.
        assert_eq!(
            found("call alredy hangup"),
            Some(("CALL_ALREADY_HANGUP", MatchKind::Fuzzy))
        );
        // Words several names hold: those names, no guess among them.
        for (typed, names) in [
            (
                "limit exceeded",
                &["RATE_LIMIT_EXCEEDED", "RESOURCE_LIMIT_EXCEEDED"][..],
            ),
            (
                "recording active",
                &["RECORDING_ALREADY_ACTIVE", "RECORDING_NOT_ACTIVE"],
            ),
        ] {
            match lookup(Catalog::get(), typed, false) {
                Lookup::Miss(close) => {
                    let mut close: Vec<&str> = close.iter().map(|r| r.name()).collect();
                    close.sort_unstable();
                    let mut names = names.to_vec();
                    names.sort_unstable();
                    assert_eq!(close, names, "{typed}");
                }
                other => panic!("{typed}: {other:?}"),
            }
        }
        for vague in ["call", "not", "found", "too", "many", "invalid", "a"] {
            assert!(found(vague).is_none(), "{vague} -> {:?}", found(vague));
        }
    }

    #[test]
    fn reason_phrases_lead_to_their_codes() {
        let catalog = Catalog::get();
        let mut codes = Status::codes();
        codes.extend([502, 504]);
        for http in codes {
            let phrase = crate::status::reason_phrase(http).expect("a phrase");
            for typed in [
                phrase.to_owned(),
                phrase.to_ascii_lowercase(),
                phrase.to_ascii_uppercase(),
                phrase.replace(' ', ""),
                format!("{http} {phrase}"),
                format!("HTTP/1.1 {http} {phrase}"),
                format!("HTTP/2 {http}"),
            ] {
                match lookup(catalog, &typed, false) {
                    Lookup::Status { http: code, .. } => assert_eq!(code, http, "{typed}"),
                    // A phrase that is also a reason's name or alias (Service Unavailable,
                    // Internal Server Error) is that reason; explain says whose phrase it is.
                    Lookup::Reason(reason, MatchKind::Exact | MatchKind::Alias) => {
                        assert_eq!(reason.http, http, "{typed}");
                        assert_eq!(reason_phrase_of(&typed), Some(http), "{typed}");
                    }
                    other => panic!("{typed}: {other:?}"),
                }
            }
        }
        assert_eq!(status_query("Unauthorised").map(|s| s.0), Some(401));
        assert_eq!(status_query("forbiden").map(|s| s.0), Some(403));
        // The code and the phrase must agree.
        assert!(status_query("404 Conflict").is_none());
        assert!(status_query("Conflicts of interest").is_none());
    }

    #[test]
    fn exact_mode_refuses_guesses_but_still_suggests() {
        match lookup(Catalog::get(), "RECORDNG_NOT_FOUND", true) {
            Lookup::Miss(suggestions) => assert_eq!(suggestions[0].name(), "RECORDING_NOT_FOUND"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn codes_and_statuses() {
        match lookup(Catalog::get(), "409", false) {
            Lookup::Status { http, statuses } => {
                assert_eq!(http, 409);
                assert_eq!(
                    statuses,
                    [Status::FailedPrecondition, Status::AlreadyExists]
                );
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            lookup(Catalog::get(), "not-found", false),
            Lookup::Status { http: 404, .. }
        ));
        // A reason that is also a status name is the reason.
        assert_eq!(
            found("PERMISSION_DENIED"),
            Some(("PERMISSION_DENIED", MatchKind::Exact))
        );
    }
}
