//! Long output on a terminal goes through a pager, as git's and `rustc
//! --explain`'s do: `VOIPERR_PAGER`, then `PAGER`, else `less -FRX` (which
//! shows output that fits on one screen directly). Never when stdout is not
//! a terminal; `--no-pager`, an empty value or `cat` turn it off; a pager
//! that is not installed, or that fails without showing anything, means
//! direct output.

use std::io::{self, Stdout, Write};
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

/// What a pager is given and may not have shown: when it cannot run (it
/// exits at once with an error), this much is written to the terminal
/// instead. A pager that was shown more than a pipe holds did run.
const REPLAYED: usize = 256 * 1024;

/// A running pager, reading what is written to it. A pager that cannot
/// run, or exits with an error without reading, is no pager: what it was
/// given goes to stdout directly, with a note (see [`Pager::finish`]).
pub struct Pager {
    child: Child,
    input: Option<ChildStdin>,
    command: String,
    /// What was written, while it is at most [`REPLAYED`] bytes.
    written: Option<Vec<u8>>,
    /// Once the pager failed: where the output goes instead.
    direct: Option<Stdout>,
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
        let mut child = shell.spawn().ok()?;
        let input = child.stdin.take();
        Some(Pager {
            child,
            input,
            command,
            written: Some(Vec::new()),
            direct: None,
        })
    }

    /// Whether the pager ended with an error (not by a signal, as a reader's
    /// Ctrl-C may end it): then it did not run, or could not show its input.
    fn failed(&mut self) -> Option<i32> {
        drop(self.input.take());
        let status = self.child.wait().ok()?;
        status.code().filter(|code| *code != 0)
    }

    /// After a failure: what the pager was given, written to stdout, which
    /// takes the rest. False when too much was given to replay (it ran).
    fn fall_back(&mut self) -> io::Result<bool> {
        let Some(written) = self.written.take() else {
            return Ok(false);
        };
        let mut stdout = io::stdout();
        stdout.write_all(&written)?;
        self.direct = Some(stdout);
        Ok(true)
    }

    /// Waits for the reader to quit the pager (the output must be written
    /// and flushed first), so the shell's prompt comes back after it. Ctrl-C
    /// then goes to the pager, not to voiperr, which would leave it behind.
    /// A pager that failed without showing its input: the note to print (the
    /// input was written directly).
    pub fn finish(mut self) -> io::Result<Option<String>> {
        if self.direct.is_some() {
            return Ok(Some(self.failure_note()));
        }
        let ignored = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let _ = signal_hook::flag::register(signal_hook::consts::SIGINT, ignored);
        if self.failed().is_some() && self.fall_back()? {
            return Ok(Some(self.failure_note()));
        }
        Ok(None)
    }

    fn failure_note(&self) -> String {
        format!(
            "the pager '{}' failed, so the output is shown directly; set VOIPERR_PAGER to one that works, or give --no-pager",
            self.command
        )
    }
}

impl Write for Pager {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if let Some(direct) = &mut self.direct {
            return direct.write(buf);
        }
        let Some(input) = &mut self.input else {
            return Err(io::ErrorKind::BrokenPipe.into());
        };
        match input.write(buf) {
            Ok(n) => {
                if let Some(written) = &mut self.written {
                    match written.len() + n <= REPLAYED {
                        true => written.extend_from_slice(&buf[..n]),
                        false => self.written = None,
                    }
                }
                Ok(n)
            }
            // The pager is gone: quit by its reader, or it never ran.
            Err(e) if e.kind() == io::ErrorKind::BrokenPipe => {
                if self.failed().is_some() && self.fall_back()? {
                    return self.write(buf);
                }
                Err(e)
            }
            Err(e) => Err(e),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match (&mut self.direct, &mut self.input) {
            (Some(direct), _) => direct.flush(),
            (None, Some(input)) => input.flush(),
            (None, None) => Ok(()),
        }
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
