#!/usr/bin/env bash
# Regenerates the committed completion scripts from the binary.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --quiet
for pair in bash:voiperr.bash zsh:_voiperr fish:voiperr.fish powershell:_voiperr.ps1 elvish:voiperr.elv; do
  ./target/debug/voiperr completions "${pair%%:*}" > "completions/${pair#*:}"
done
