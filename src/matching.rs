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
    Fuzzy,
}

impl MatchKind {
    pub fn key(self) -> &'static str {
        match self {
            MatchKind::Exact => "exact",
            MatchKind::Alias => "alias",
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

/// An HTTP code (`409`) or canonical status (`not-found`): the code and its statuses.
pub fn status_query(text: &str) -> Option<(u16, Vec<Status>)> {
    let text = text.trim();
    if let Ok(http) = text.parse::<u16>() {
        return (100..=599)
            .contains(&http)
            .then(|| (http, Status::for_http(http)));
    }
    Status::from_name(&normalize_name(text)).map(|s| (s.http(), vec![s]))
}

/// Resolves a query. With `exact`, no fuzzy match is taken (a miss still suggests).
pub fn lookup(catalog: &'static Catalog, query: &str, exact: bool) -> Lookup {
    let trimmed = query.trim();
    if let Some(reason) = catalog.reason(trimmed) {
        return Lookup::Reason(reason, MatchKind::Exact);
    }
    if let Some((http, statuses)) = status_query(trimmed) {
        return Lookup::Status { http, statuses };
    }
    if !exact && let Some(reason) = catalog.by_alias(trimmed) {
        return Lookup::Reason(reason, MatchKind::Alias);
    }
    if !exact && let Some(ambiguity) = catalog.ambiguity(trimmed) {
        return Lookup::Ambiguous(ambiguity);
    }
    let ranked = ranked(catalog, trimmed);
    if !exact && let Some(&(best, reason)) = ranked.first() {
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
