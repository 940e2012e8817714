//! End-to-end tests: every user-visible behaviour through the real binary.

mod common;
mod completions;
mod diagnose;
mod hardening;
mod hostile;
mod lookup;
mod readme;
