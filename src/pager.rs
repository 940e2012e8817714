//! Long output on a terminal goes through a pager, as git's and `rustc
//! --explain`'s do: `VOIPERR_PAGER`, then `PAGER`, else `less -FRX` (which
//! shows output that fits on one screen directly). Never when stdout is not
//! a terminal; `--no-pager`, an empty value or `cat` turn it off; a pager
//! that is not installed means direct output.

use std::path::Path;
use std::process::{Child, ChildStdin, Command, Stdio};

/// The default: quit at once when the output fits (F), keep colors (R), and
/// leave the output on the screen afterwards (X).
const DEFAULT: &str = "less -FRX";

/// The pager command line the environment asks for, if any.
pub fn command(env: &dyn Fn(&str) -> Option<String>) -> Option<String> {
    let chosen = env("VOIPERR_PAGER")
        .or_else(|| env("PAGER"))
        .unwrap_or_else(|| DEFAULT.to_owned());
    let chosen = chosen.trim();
    (!chosen.is_empty() && chosen != "cat").then(|| chosen.to_owned())
}

/// Whether the program a command line starts with can be run: a path to
/// it, or a name found on `PATH`.
fn installed(command: &str, path: Option<&str>) -> bool {
    let Some(program) = command.split_whitespace().next() else {
        return false;
    };
    if program.contains('/') {
        return Path::new(program).is_file();
    }
    path.unwrap_or_default()
        .split(':')
        .filter(|dir| !dir.is_empty())
        .any(|dir| Path::new(dir).join(program).is_file())
}

/// A running pager, reading what is written to [`Pager::input`].
pub struct Pager {
    child: Child,
}

impl Pager {
    /// Starts the pager the environment asks for; None (write directly) when
    /// there is none or it cannot be started.
    pub fn start(env: &dyn Fn(&str) -> Option<String>) -> Option<Pager> {
        let command = command(env)?;
        if !installed(&command, env("PATH").as_deref()) {
            return None;
        }
        let mut shell = Command::new("sh");
        shell.args(["-c", &command]).stdin(Stdio::piped());
        if env("LESS").is_none() {
            // For `PAGER=less` alone, as git does.
            shell.env("LESS", "FRX");
        }
        shell.spawn().ok().map(|child| Pager { child })
    }

    /// Where the output goes.
    pub fn input(&mut self) -> Option<ChildStdin> {
        self.child.stdin.take()
    }

    /// Waits for the reader to quit the pager (the input must be closed
    /// first), so the shell's prompt comes back after it. Ctrl-C then goes
    /// to the pager, not to voiperr, which would leave it behind.
    pub fn wait(mut self) {
        let ignored = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let _ = signal_hook::flag::register(signal_hook::consts::SIGINT, ignored);
        let _ = self.child.wait();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn voiperr_pager_then_pager_then_less() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |name: &str| {
                pairs
                    .iter()
                    .find(|(k, _)| *k == name)
                    .map(|(_, v)| (*v).to_owned())
            }
        };
        assert_eq!(command(&env(&[])), Some("less -FRX".to_owned()));
        assert_eq!(command(&env(&[("PAGER", "more")])), Some("more".to_owned()));
        assert_eq!(
            command(&env(&[("PAGER", "more"), ("VOIPERR_PAGER", "most -s")])),
            Some("most -s".to_owned())
        );
        assert_eq!(
            command(&env(&[("VOIPERR_PAGER", ""), ("PAGER", "more")])),
            None
        );
        assert_eq!(command(&env(&[("PAGER", "cat")])), None);
    }

    #[test]
    fn a_pager_must_be_installed() {
        assert!(installed("sh -c x", Some("/usr/bin:/bin")));
        assert!(!installed("no-such-pager-here -R", Some("/usr/bin:/bin")));
        assert!(!installed("/no/such/pager", None));
    }
}
