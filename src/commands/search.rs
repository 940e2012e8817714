//! `voiperr search WORD...`: reasons containing every word, best first,
//! each saying where its words were found.

use std::io;

use super::list::render_reasons;
use crate::Outcome;
use crate::catalog::{Catalog, Reason};
use crate::cli::{Format, SearchArgs};
use crate::output::Ui;
use crate::untrusted::inert;
use crate::view::ReasonListView;

/// Where in a reason's text a searched word was found.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Place {
    Name,
    Alias,
    Cause,
    Fix,
    Endpoint,
    Note,
    /// A note of the reason's resource, shared by all its reasons.
    ResourceNote,
}

impl Place {
    /// The stable key in JSON (`matched`) and the table's words.
    pub fn key(self) -> &'static str {
        match self {
            Place::Name => "name",
            Place::Alias => "alias",
            Place::Cause => "cause",
            Place::Fix => "fix",
            Place::Endpoint => "endpoint",
            Place::Note => "note",
            Place::ResourceNote => "resource note",
        }
    }

    /// A hit in the name weighs most, then the cause, then the rest.
    pub fn points(self) -> u32 {
        match self {
            Place::Name | Place::Alias => 4,
            Place::Cause => 2,
            _ => 1,
        }
    }
}

/// A note that points to another table of the page ("see
/// INSUFFICIENT_BALANCE in the Generic / Cross-cutting Reasons table
/// above"). Its subject is the reason it names, which a search finds by
/// that reason's own text: a word found only here is no hit.
fn is_cross_reference(note: &str) -> bool {
    note.contains(" table above") || note.contains(" table below")
}

/// One reason that holds every word, and where.
#[derive(Debug)]
pub struct Hit {
    pub reason: &'static Reason,
    /// Every place a word was found, in [`Place`] order.
    pub matched: Vec<Place>,
    score: u32,
}

/// The texts a search looks in, lower case, each with where it is (the
/// site's search index holds the same).
pub fn texts(reason: &'static Reason) -> Vec<(Place, String)> {
    let lower = |text: &str| text.to_ascii_lowercase();
    let name = lower(reason.name()).replace('_', " ");
    std::iter::once((Place::Name, name))
        .chain(
            reason
                .aliases()
                .iter()
                .map(|a| (Place::Alias, lower(a).replace('_', " "))),
        )
        .chain([
            (Place::Cause, lower(reason.cause())),
            (Place::Fix, lower(reason.fix())),
        ])
        .chain(
            reason
                .endpoints()
                .iter()
                .map(|e| (Place::Endpoint, lower(e))),
        )
        .chain(reason.notes().iter().map(|n| (Place::Note, lower(n))))
        .chain(
            reason
                .section()
                .notes()
                .iter()
                .filter(|n| !is_cross_reference(n))
                .map(|n| (Place::ResourceNote, lower(n))),
        )
        .collect()
}

/// Where a reason holds every word, or None if one is missing.
fn hit(reason: &'static Reason, words: &[String]) -> Option<Hit> {
    let texts = texts(reason);
    let mut matched = Vec::new();
    let mut score = 0;
    for word in words {
        let places: Vec<Place> = texts
            .iter()
            .filter(|(place, text)| {
                text.contains(word.as_str())
                    || (*place == Place::Name && reason.name().eq_ignore_ascii_case(word))
            })
            .map(|(place, _)| *place)
            .collect();
        score += places.iter().map(|p| p.points()).max()?;
        matched.extend(places);
    }
    matched.sort_unstable();
    matched.dedup();
    Some(Hit {
        reason,
        matched,
        score,
    })
}

/// Matching reasons, best first (ties: published first, then catalog order).
pub fn search(words: &[String]) -> Vec<Hit> {
    let words: Vec<String> = words
        .iter()
        .flat_map(|w| w.split_whitespace())
        .map(|w| w.to_ascii_lowercase())
        .collect();
    let mut hits: Vec<Hit> = Catalog::get()
        .reasons()
        .iter()
        .filter_map(|r| hit(r, &words))
        .collect();
    hits.sort_by(|a, b| {
        b.score
            .cmp(&a.score)
            .then_with(|| b.reason.published.cmp(&a.reason.published))
    });
    hits
}

/// The hits as JSON (`search --json`, MCP's `search_reasons`): each reason
/// with `matched`, the places its words were found.
pub fn view(hits: &[Hit]) -> ReasonListView {
    let reasons: Vec<&'static Reason> = hits.iter().map(|h| h.reason).collect();
    let mut view = ReasonListView::new(&reasons, 0);
    for (shown, hit) in view.reasons.iter_mut().zip(hits) {
        shown.matched = Some(hit.matched.iter().map(|p| p.key()).collect());
    }
    view
}

pub fn run(args: &SearchArgs, ui: &mut Ui) -> io::Result<Outcome> {
    let found = search(&args.words);
    if args.json {
        crate::output::write_json(&mut *ui.out, &view(&found), true)?;
        writeln!(ui.out)?;
    } else if found.is_empty() {
        ui.error(&format!(
            "no reason mentions all of: {}",
            inert(&args.words.join(" "))
        ))?;
        ui.tip("use fewer words, or run 'voiperr explain <NAME>' for a typo-tolerant lookup")?;
    } else {
        let reasons: Vec<&'static Reason> = found.iter().map(|h| h.reason).collect();
        let matched: Vec<String> = found
            .iter()
            .map(|h| {
                let keys: Vec<&str> = h.matched.iter().map(|p| p.key()).collect();
                keys.join(", ")
            })
            .collect();
        render_reasons(ui, &reasons, Format::Table, 0, Some(&matched))?;
    }
    Ok(if found.is_empty() {
        Outcome::NotFound
    } else {
        Outcome::Found
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(q: &[&str]) -> Vec<&'static str> {
        search(&q.iter().map(|s| s.to_string()).collect::<Vec<_>>())
            .iter()
            .map(|h| h.reason.name())
            .collect()
    }

    #[test]
    fn every_word_must_match_and_names_rank_first() {
        let balance = names(&["balance"]);
        assert_eq!(balance[0], "INSUFFICIENT_BALANCE");
        assert!(names(&["recording", "stop"]).contains(&"RECORDING_ALREADY_ACTIVE"));
        assert!(names(&["zzzz"]).is_empty());
        assert!(names(&["BALANCE", "nonexistentword"]).is_empty());
    }

    #[test]
    fn a_note_pointing_at_another_table_is_no_hit() {
        // "POST /messages is billing-sensitive — see INSUFFICIENT_BALANCE in the … table above."
        let balance = names(&["balance"]);
        assert!(!balance.contains(&"MESSAGE_NOT_FOUND"), "{balance:?}");
        assert!(!balance.contains(&"EMAIL_NOT_FOUND"), "{balance:?}");
        // The cross-reference is still on the card, and its other words are found elsewhere.
        let message = Catalog::get()
            .reason("MESSAGE_NOT_FOUND")
            .expect("cataloged");
        assert!(message.all_notes().any(is_cross_reference));
    }

    #[test]
    fn each_hit_says_where() {
        let hits = search(&["balance".to_owned()]);
        assert_eq!(hits[0].matched[0], Place::Name);
        let talk = hits
            .iter()
            .find(|h| h.reason.name() == "CHAT_NOT_FOUND")
            .expect("a talk reason: its resource's note says it does not deduct balance");
        assert_eq!(talk.matched, [Place::ResourceNote]);
    }
}
