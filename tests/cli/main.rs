//! End-to-end tests: every user-visible behaviour through the real binary.

mod behaviour;
mod bench_counts;
mod bundle;
#[cfg(feature = "check")]
mod check;
mod ci_commands;
mod ci_jobs;
mod clickhouse;
mod clients;
mod common;
mod completions;
mod compose;
mod diagnose;
mod enrich;
mod fixture_paths;
mod hardening;
mod hostile;
mod input_ends;
mod install;
mod journald;
mod json_lines;
mod live;
mod lookup;
mod mcp;
mod one_diagnosis;
mod reading;
mod readme;
mod received;
mod records;
mod rsyslog;
mod secrets;
mod server_index;
mod short;
mod site;
mod split;
mod untrusted;
