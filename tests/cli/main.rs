//! End-to-end tests: every user-visible behaviour through the real binary.

mod behaviour;
mod bench_counts;
mod ci_jobs;
mod clients;
mod common;
mod completions;
mod compose;
mod diagnose;
mod hardening;
mod hostile;
mod input_ends;
mod install;
mod json_lines;
mod live;
mod lookup;
mod mcp;
mod one_diagnosis;
mod reading;
mod readme;
mod records;
mod server_index;
mod site;
mod split;
mod untrusted;
