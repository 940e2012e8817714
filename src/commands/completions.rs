//! `voiperr completions SHELL`: a completion script from the clap definitions,
//! plus what clap_complete's generators leave out, each addition tested in
//! the real shell (`tests/cli/completions.rs`):
//!
//! - bash: reason names in any case and with `-` (`call_al` → `CALL_AL…`),
//!   `--resource=ca`, and files (not options) for `diagnose FILE`;
//! - zsh: the same case- and separator-blind matching, scoped to voiperr;
//! - fish: the values of positional arguments (reasons, shells, endpoint
//!   paths, man pages), which its generator omits.
//!
//! clap_complete's dynamic completion (`CompleteEnv`) would cover these too,
//! but it is still behind an `unstable-dynamic` feature and makes every TAB
//! run the binary; the static scripts plus these few lines are what ships.

use std::io;

use clap::{CommandFactory, ValueEnum};
use clap_complete::Shell;

use crate::Outcome;
use crate::catalog::Catalog;
use crate::cli::Cli;
use crate::commands::man::subcommands;
use crate::output::Ui;

const BASH: &str = r#"
# voiperr: reason names in any case (`call_al` completes to CALL_AL...),
# `--flag=value`, and files for `diagnose`.
_voiperr_any_case() {
    local cur="$2" prev="$3" word
    if [[ "$prev" == "=" && $COMP_CWORD -ge 2 ]]; then
        prev="${COMP_WORDS[COMP_CWORD-2]}"
    fi
    for word in "${COMP_WORDS[@]:1:COMP_CWORD-1}"; do
        # A FILE, unless the word before is an option that takes a value.
        if [[ "$word" == diagnose && "$cur" != -* ]]; then
            case "$prev" in
                @DIAGNOSE_VALUE_OPTIONS@) break ;;
            esac
            compopt -o filenames 2>/dev/null
            COMPREPLY=($(compgen -f -- "$cur"))
            return 0
        fi
    done
    _voiperr "$1" "$cur" "$prev"
    if [[ "$cur" != -* ]]; then
        # A value was asked for: options only when nothing else fits.
        local values=() candidate
        for candidate in "${COMPREPLY[@]}"; do
            [[ "$candidate" != -* ]] && values+=("$candidate")
        done
        [[ ${#values[@]} -gt 0 ]] && COMPREPLY=("${values[@]}")
    fi
    if [[ ${#COMPREPLY[@]} -eq 0 && -n "$cur" && "$cur" != -* ]]; then
        local upper="${cur^^}"
        upper="${upper//-/_}"
        local typed="${COMP_WORDS[COMP_CWORD]}"
        COMP_WORDS[COMP_CWORD]="$upper"
        _voiperr "$1" "$upper" "$prev"
        COMP_WORDS[COMP_CWORD]="$typed"
    fi
}
if [[ "${BASH_VERSINFO[0]}" -eq 4 && "${BASH_VERSINFO[1]}" -ge 4 || "${BASH_VERSINFO[0]}" -gt 4 ]]; then
    complete -F _voiperr_any_case -o nosort -o bashdefault -o default voiperr
else
    complete -F _voiperr_any_case -o bashdefault -o default voiperr
fi
"#;

/// zsh: match `call_al` against CALL_AL… (case and `-`/`_` blind), only for
/// voiperr (`matcher`, unlike `matcher-list`, is looked up with the command in
/// the context).
const ZSH: &str = "zstyle ':completion:*:*:voiperr*:*' matcher 'm:{a-z}={A-Z} m:-=_'\n";

/// The fish lines for the positional values its generator leaves out.
fn fish() -> String {
    let reasons: Vec<&str> = Catalog::get().reasons().iter().map(|r| r.name()).collect();
    let shells: Vec<String> = Shell::value_variants()
        .iter()
        .filter_map(ValueEnum::to_possible_value)
        .map(|v| v.get_name().to_owned())
        .collect();
    let endpoint = Cli::command()
        .find_subcommand("endpoint")
        .and_then(|c| c.get_arguments().find(|a| a.get_id() == "request").cloned())
        .map(|a| {
            a.get_possible_values()
                .iter()
                .map(|v| v.get_name().to_owned())
                .collect::<Vec<_>>()
        })
        .unwrap_or_default();
    let line = |sub: &str, values: &[String]| {
        format!(
            "complete -c voiperr -n \"__fish_voiperr_using_subcommand {sub}\" -f -a \"{}\"\n",
            values.join(" ")
        )
    };
    let owned = |items: &[&str]| items.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
    format!(
        "\n# voiperr: the values of positional arguments.\n{}{}{}{}",
        line("explain", &owned(&reasons)),
        line("completions", &shells),
        line("endpoint", &endpoint),
        line("man", &owned(&subcommands())),
    )
}

/// `--top|-j|--threads|…`: diagnose's options that take a value, whose
/// completion is the value's (or none), never a file name.
fn diagnose_value_options() -> String {
    let mut command = Cli::command();
    // Built, so the global options (`--color`) are among diagnose's.
    command.build();
    let Some(diagnose) = command.find_subcommand("diagnose") else {
        return String::new();
    };
    let mut spellings = Vec::new();
    for arg in diagnose.get_arguments() {
        if arg.is_positional() || !arg.get_action().takes_values() {
            continue;
        }
        spellings.extend(arg.get_long().map(|long| format!("--{long}")));
        spellings.extend(arg.get_short().map(|short| format!("-{short}")));
    }
    spellings.join("|")
}

/// The script for one shell. Generated into memory first: `clap_complete::generate`
/// panics on a write error, and a closed pipe must not panic.
pub fn script(shell: Shell) -> Vec<u8> {
    let mut buffer = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "voiperr", &mut buffer);
    match shell {
        Shell::Bash => {
            let script = BASH.replace("@DIAGNOSE_VALUE_OPTIONS@", &diagnose_value_options());
            buffer.extend_from_slice(script.as_bytes());
        }
        Shell::Fish => buffer.extend_from_slice(fish().as_bytes()),
        Shell::Zsh => {
            // Before the last block, which runs the completion or registers it.
            let text = String::from_utf8_lossy(&buffer).into_owned();
            let at = text
                .rfind("if [ \"$funcstack[1]\" = \"_voiperr\" ]")
                .unwrap_or(text.len());
            buffer = format!("{}{ZSH}\n{}", &text[..at], &text[at..]).into_bytes();
        }
        _ => {}
    }
    buffer
}

pub fn run(shell: Shell, ui: &mut Ui) -> io::Result<Outcome> {
    ui.out.write_all(&script(shell))?;
    Ok(Outcome::Found)
}
