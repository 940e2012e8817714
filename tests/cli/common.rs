//! Shared helpers: run the real binary with a clean, color-free environment.

use std::path::PathBuf;

use assert_cmd::Command;

/// `voiperr` with color variables cleared, so results do not depend on the caller's shell.
pub fn voiperr() -> Command {
    let mut cmd = Command::new(assert_cmd::cargo::cargo_bin!("voiperr"));
    for var in [
        "NO_COLOR",
        "CLICOLOR",
        "CLICOLOR_FORCE",
        "FORCE_COLOR",
        "COLUMNS",
        "TERM",
    ] {
        cmd.env_remove(var);
    }
    cmd.env("COLUMNS", "100");
    cmd
}

pub fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// Stdout of a run as a string.
pub fn stdout_of(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// Stdout and stderr of a run, together (what a user would see).
pub fn all_of(output: &std::process::Output) -> String {
    format!(
        "{}{}",
        stdout_of(output),
        String::from_utf8_lossy(&output.stderr)
    )
}

/// Runs `voiperr ARGS` with stdout on `/dev/full` and checks the one-line
/// write error and exit 2.
pub fn assert_full_device_fails(args: &[&str]) {
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .expect("/dev/full");
    let out = std::process::Command::new(assert_cmd::cargo::cargo_bin!("voiperr"))
        .args(args)
        .stdout(full)
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2), "{args:?}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.starts_with("error: cannot write the output"),
        "{stderr}"
    );
    assert_eq!(stderr.lines().count(), 1);
}

/// A shell (or any program) running in a detached tmux session, for tests
/// that need a real interactive terminal. The session ends when dropped.
pub struct Tmux {
    session: String,
}

impl Tmux {
    /// Starts `command` in a 200x50 terminal.
    pub fn start(name: &str, command: &str) -> Tmux {
        // Never a name a session that just ended had: its server may still
        // be exiting, and a new one under its name would go with it.
        static STARTED: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = STARTED.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let session = format!("voiperr-{name}-{}-{n}", std::process::id());
        let tmux = Tmux { session };
        let started = tmux.run(&[
            "new-session",
            "-d",
            "-s",
            &tmux.session,
            "-x",
            "200",
            "-y",
            "50",
            command,
        ]);
        assert!(
            started.status.success(),
            "{}",
            String::from_utf8_lossy(&started.stderr)
        );
        tmux
    }

    /// Each session has a tmux server of its own (`-L`): tests run at once,
    /// and a shared server exits under another test when its last session ends.
    fn run(&self, args: &[&str]) -> std::process::Output {
        std::process::Command::new("tmux")
            .args(["-L", &self.session])
            .args(args)
            .output()
            .expect("tmux runs")
    }

    /// Types `text` as it is (`-l`), or presses a key by its tmux name (`Tab`, `Enter`).
    pub fn keys(&self, text: &str, literal: bool) {
        let mut args = vec!["send-keys", "-t", &self.session];
        if literal {
            args.push("-l");
        }
        args.push(text);
        self.run(&args);
    }

    pub fn screen(&self) -> String {
        String::from_utf8_lossy(
            &self
                .run(&["capture-pane", "-p", "-t", &self.session])
                .stdout,
        )
        .into_owned()
    }

    /// The screen once `done` holds for it, or after about 20 s (for the assertion to show).
    pub fn wait_for(&self, done: impl Fn(&str) -> bool) -> String {
        let mut last = String::new();
        for _ in 0..100 {
            last = self.screen();
            if done(&last) {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(200));
        }
        last
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        self.run(&["kill-server"]);
    }
}

/// Every reason of the catalog, as `voiperr list --all --json` gives it.
pub fn listed_reasons() -> Vec<serde_json::Value> {
    let out = voiperr()
        .args(["list", "--all", "--json"])
        .output()
        .expect("runs");
    let list: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    list["reasons"].as_array().expect("reasons").clone()
}

/// Runs `voiperr ARGS` with stdin from `input` and stdout to /dev/null: its
/// exit code and peak resident memory in KiB (getrusage, through python3,
/// which every CI machine here has).
pub fn exit_and_peak_rss_kib(args: &[&str], input: &std::path::Path) -> (i32, u64) {
    let out = std::process::Command::new("python3")
        .args([
            "-c",
            // /dev/null opened write-only, as a shell's `>/dev/null` does (read-write
            // is what a closed stdout becomes: voiperr refuses it).
            "import os, resource, subprocess, sys\nwith open(sys.argv[1], 'rb') as i, open(os.devnull, 'w') as o:\n    code = subprocess.run(sys.argv[2:], stdin=i, stdout=o, stderr=o).returncode\nprint(code, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)",
        ])
        .arg(input)
        .arg(assert_cmd::cargo::cargo_bin!("voiperr"))
        .args(args)
        .output()
        .expect("python3 runs");
    let said = String::from_utf8_lossy(&out.stdout);
    let mut numbers = said
        .split_whitespace()
        .map(|n| n.parse::<i64>().expect("a number"));
    let code = numbers.next().expect("exit code");
    let peak = numbers.next().expect("peak");
    (
        i32::try_from(code).unwrap_or(-1),
        u64::try_from(peak).unwrap_or(0),
    )
}

/// `sh -c SCRIPT` in a terminal of 30 rows and `cols` columns (`script`): what it shows.
pub fn shell_on_a_terminal(cols: u16, script: &str) -> String {
    let bin_dir = assert_cmd::cargo::cargo_bin!("voiperr")
        .parent()
        .expect("bin dir")
        .display()
        .to_string();
    let path = format!("{bin_dir}:{}", std::env::var("PATH").unwrap_or_default());
    let out = std::process::Command::new("script")
        .args([
            "-qec",
            &format!("stty rows 30 cols {cols}; {script}"),
            "/dev/null",
        ])
        .env("PATH", path)
        .env_remove("COLUMNS")
        .env_remove("PAGER")
        .env_remove("VOIPERR_PAGER")
        .output()
        .expect("script runs");
    String::from_utf8_lossy(&out.stdout).replace('\r', "")
}

/// The next steps `diagnose --json` gives for `curl -v`-style output of one exchange.
pub fn steps_for(request: &str, status: &str, status_name: &str, reason: &str) -> Vec<String> {
    let input = format!(
        "> {request} HTTP/1.1\n< HTTP/1.1 {status}\n<\n{{\"error\":{{\"status\":\"{status_name}\",\"reason\":\"{reason}\",\"message\":\"m\",\"request_id\":\"r\"}}}}\n"
    );
    let out = voiperr()
        .args(["diagnose", "--json"])
        .write_stdin(input)
        .output()
        .expect("runs");
    let d: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    d["next_steps"]
        .as_array()
        .expect("steps")
        .iter()
        .filter_map(|s| s.as_str().map(str::to_owned))
        .collect()
}

/// `diagnose --json ARGS` on `input`: each diagnosis.
pub fn diagnoses_of(input: &str, args: &[&str]) -> Vec<serde_json::Value> {
    let out = voiperr()
        .args(["diagnose", "--json"])
        .args(args)
        .write_stdin(input)
        .output()
        .expect("runs");
    stdout_of(&out)
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect()
}
