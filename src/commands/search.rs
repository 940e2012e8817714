//! `voiperr search WORD...`: reasons containing every word, best first.

use std::io;

use super::list::render_reasons;
use crate::Outcome;
use crate::catalog::{Catalog, Reason};
use crate::cli::{Format, SearchArgs};
use crate::output::Ui;
use crate::untrusted::inert;

/// How strongly a reason matches every word (None if one is missing):
/// a hit in the name weighs most, then the cause, then the rest.
fn relevance(reason: &Reason, words: &[String]) -> Option<u32> {
    let name = reason.name().to_ascii_lowercase().replace('_', " ");
    let cause = reason.cause().to_ascii_lowercase();
    let rest = [reason.fix()]
        .into_iter()
        .chain(reason.endpoints().iter())
        .chain(reason.all_notes())
        .chain(reason.aliases().iter())
        .collect::<Vec<_>>()
        .join("\n")
        .to_ascii_lowercase();
    words.iter().try_fold(0, |total, word| {
        let points = if name.contains(word.as_str()) || reason.name().eq_ignore_ascii_case(word) {
            4
        } else if cause.contains(word.as_str()) {
            2
        } else if rest.contains(word.as_str()) {
            1
        } else {
            return None;
        };
        Some(total + points)
    })
}

/// Matching reasons, best first (ties in catalog order).
pub fn search(words: &[String]) -> Vec<&'static Reason> {
    let words: Vec<String> = words
        .iter()
        .flat_map(|w| w.split_whitespace())
        .map(|w| w.to_ascii_lowercase())
        .collect();
    let mut hits: Vec<(u32, &'static Reason)> = Catalog::get()
        .reasons()
        .iter()
        .filter_map(|r| relevance(r, &words).map(|score| (score, r)))
        .collect();
    hits.sort_by(|a, b| {
        b.0.cmp(&a.0)
            .then_with(|| b.1.published.cmp(&a.1.published))
    });
    hits.into_iter().map(|(_, r)| r).collect()
}

pub fn run(args: &SearchArgs, ui: &mut Ui) -> io::Result<Outcome> {
    let found = search(&args.words);
    if found.is_empty() && !args.json {
        ui.error(&format!(
            "no reason mentions all of: {}",
            inert(&args.words.join(" "))
        ))?;
        ui.tip("use fewer words, or run 'voiperr explain <NAME>' for a typo-tolerant lookup")?;
        return Ok(Outcome::NotFound);
    }
    let format = if args.json {
        Format::Json
    } else {
        Format::Table
    };
    render_reasons(ui, &found, format, 0)?;
    Ok(if found.is_empty() {
        Outcome::NotFound
    } else {
        Outcome::Found
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_word_must_match_and_names_rank_first() {
        let names = |q: &[&str]| -> Vec<&str> {
            search(&q.iter().map(|s| s.to_string()).collect::<Vec<_>>())
                .iter()
                .map(|r| r.name())
                .collect()
        };
        let balance = names(&["balance"]);
        assert_eq!(balance[0], "INSUFFICIENT_BALANCE");
        assert!(names(&["recording", "stop"]).contains(&"RECORDING_ALREADY_ACTIVE"));
        assert!(names(&["zzzz"]).is_empty());
        assert!(names(&["BALANCE", "nonexistentword"]).is_empty());
    }
}
