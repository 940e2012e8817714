//! One module per subcommand: each turns its arguments into output.

pub mod completions;
pub mod diagnose;
pub mod endpoint;
pub mod enrich;
pub mod explain;
pub mod list;
pub mod man;
pub mod search;

pub mod site;

mod card;
