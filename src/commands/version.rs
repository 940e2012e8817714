//! `voiperr --version [--json]`: the version and the catalog it carries.

use std::io;

use crate::Outcome;
use crate::catalog::LONG_VERSION;
use crate::output::{Ui, write_json};
use crate::view::VersionView;

pub fn run(json: bool, ui: &mut Ui) -> io::Result<Outcome> {
    if json {
        write_json(&mut *ui.out, &VersionView::new(), true)?;
        writeln!(ui.out)?;
    } else {
        writeln!(ui.out, "voiperr {LONG_VERSION}")?;
    }
    Ok(Outcome::Found)
}
