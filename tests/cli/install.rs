//! `scripts/install` into an empty home: the files land where each shell
//! and `man` look, the startup lines it prints are enough, and TAB completes
//! a reason name in real interactive bash (with bash-completion), zsh and
//! fish, driven in tmux. (`.ci/run` runs the script's build once; here it
//! installs the binary the tests built.)

use std::path::{Path, PathBuf};
use std::process::{Command as Process, Output};

use crate::common::Tmux;

const TYPED: &str = "voiperr explain CALL_ALREADY_HA";
const COMPLETED: &str = "CALL_ALREADY_HANGUP";
const SYSTEM_PATH: &str = "/usr/local/bin:/usr/bin:/bin";

fn script() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/install")
}

fn install(home: &Path, args: &[&str]) -> Output {
    install_with(home, args, &[])
}

fn install_with(home: &Path, args: &[&str], env: &[(&str, &Path)]) -> Output {
    run_script(Process::new("bash"), home, args, env)
}

/// The script, run by `bash` (given as `shell`, perhaps behind `setpriv`).
fn run_script(mut shell: Process, home: &Path, args: &[&str], env: &[(&str, &Path)]) -> Output {
    shell
        .arg(script())
        .arg("--binary")
        .arg(assert_cmd::cargo::cargo_bin!("voiperr"))
        .args(args)
        .env_clear()
        .env("HOME", home)
        .env("PATH", SYSTEM_PATH)
        .envs(env.iter().copied())
        // Run from elsewhere: the script must not need the repository as its directory.
        .current_dir(home)
        .output()
        .expect("bash runs")
}

/// The first text in `output` between `start` and `end`.
/// What the script said, once it has succeeded and put every file in place.
fn installed(out: &Output, files: &[PathBuf]) -> String {
    let said = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "{said}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for file in files {
        assert!(file.is_file(), "{} not installed:\n{said}", file.display());
    }
    said
}

fn between<'o>(output: &'o str, start: &str, end: &str) -> &'o str {
    let from = output
        .find(start)
        .unwrap_or_else(|| panic!("{start:?} in {output}"));
    let rest = &output[from..];
    &rest[..rest.find(end).unwrap_or(rest.len())]
}

/// Types `TYPED` and TAB into an interactive shell in tmux; the screen once
/// it shows the completion (or after 20 s, for the assertion to show).
fn tab(shell: &str, home: &Path, env: &[(&str, String)]) -> String {
    let mut start = format!("env -i HOME='{}' TERM=xterm-256color", home.display());
    for (name, value) in env {
        start.push_str(&format!(" {name}='{value}'"));
    }
    start.push(' ');
    start.push_str(shell);
    let name = format!("install-{}", shell.split(' ').next().unwrap_or(shell));
    let terminal = Tmux::start(&name, &start);
    // The startup files have run when the shell echoes a marker.
    terminal.keys("echo READY-X | tr X Y", true);
    terminal.keys("Enter", false);
    terminal.wait_for(|screen| screen.contains("READY-Y"));
    terminal.keys(TYPED, true);
    terminal.keys("Tab", false);
    terminal.wait_for(|screen| screen.contains(COMPLETED))
}

#[test]
fn install_into_an_empty_home_completes_in_three_shells_and_man_renders() {
    let home = tempfile::tempdir().expect("tempdir");
    let home = home.path();
    let files = [
        ".local/bin/voiperr",
        ".local/share/bash-completion/completions/voiperr",
        ".local/share/zsh/site-functions/_voiperr",
        ".config/fish/completions/voiperr.fish",
        ".local/share/man/man1/voiperr.1",
        ".local/share/man/man1/voiperr-diagnose.1",
    ];
    let said = installed(&install(home, &[]), &files.map(|file| home.join(file)));
    for file in files {
        assert!(
            said.contains(&home.join(file).display().to_string()) || file.ends_with(".1"),
            "{file} not said:\n{said}"
        );
    }
    // What it says to add: PATH (the bin directory is not on it), and zsh's fpath.
    let path_line = between(&said, "export PATH=", ";");
    let fpath_line = between(&said, "fpath=(", "\n");
    let fish_line = between(&said, "fish_add_path ", "\n");
    let bin = home.join(".local/bin");
    let path = format!("{}:{SYSTEM_PATH}", bin.display());

    // bash: an empty home has no ~/.bashrc to load bash-completion, so the script says how
    // (unless the system's own bashrc loads it, as Arch's does).
    let loader_line = if said.contains("nothing loads bash-completion") {
        between(&said, "[ -r /", "\n")
    } else {
        ""
    };
    let bashrc = format!(
        "{loader_line}\n{}\n",
        path_line.replace("$PATH", SYSTEM_PATH)
    );
    std::fs::write(home.join(".bashrc"), bashrc).expect("write .bashrc");
    let screen = tab("bash -i", home, &[("PATH", SYSTEM_PATH.to_owned())]);
    assert!(screen.contains(COMPLETED), "bash:\n{screen}");

    // zsh, with the lines the script printed.
    let zshrc = format!(
        "{}\n{fpath_line}\n",
        path_line.replace("$PATH", SYSTEM_PATH)
    );
    std::fs::write(home.join(".zshrc"), zshrc).expect("write .zshrc");
    let screen = tab("zsh -i", home, &[("PATH", SYSTEM_PATH.to_owned())]);
    assert!(screen.contains(COMPLETED), "zsh:\n{screen}");

    // fish reads ~/.config/fish/completions by itself; PATH as the script said.
    let config = home.join(".config/fish/config.fish");
    std::fs::write(&config, format!("fish_add_path {fish_line}\n")).expect("write config.fish");
    let screen = tab("fish -i", home, &[("PATH", SYSTEM_PATH.to_owned())]);
    assert!(screen.contains(COMPLETED), "fish:\n{screen}");

    // man finds ~/.local/share/man from ~/.local/bin on PATH.
    let man = Process::new("man")
        .arg("voiperr-diagnose")
        .env_clear()
        .env("HOME", home)
        .env("PATH", &path)
        .env("MANPAGER", "cat")
        .env("MANWIDTH", "100")
        .output()
        .expect("man runs");
    let page = String::from_utf8_lossy(&man.stdout);
    assert!(
        man.status.success(),
        "{page}{}",
        String::from_utf8_lossy(&man.stderr)
    );
    assert!(
        page.contains("voiperr-diagnose") && page.contains("--fail-on"),
        "{page}"
    );
}

#[test]
fn install_under_a_prefix_and_its_usage_errors() {
    let dir = tempfile::tempdir().expect("tempdir");
    let prefix = dir.path().join("opt/voiperr");
    let files = [
        "bin/voiperr",
        "share/bash-completion/completions/voiperr",
        "share/zsh/site-functions/_voiperr",
        "share/fish/vendor_completions.d/voiperr.fish",
        "share/man/man1/voiperr-explain.1",
    ];
    let said = installed(
        &install(dir.path(), &["--prefix", prefix.to_str().expect("utf-8")]),
        &files.map(|file| prefix.join(file)),
    );
    assert!(said.contains("fish_complete_path"), "{said}");
    for (args, wanted) in [
        (&["--prefix"][..], "--prefix needs a directory"),
        (
            &["--binary", "/nonexistent/voiperr"],
            "is not an executable voiperr",
        ),
        (&["--binary", "/bin/true"], "is not an executable voiperr"),
        (&["--prefx", "/tmp"], "unknown option '--prefx'"),
        (&["/usr/local"], "give --prefix /usr/local"),
        (
            &["--binary", "/bin/true", "--no-default-features"],
            "build flags (--no-default-features) would do nothing",
        ),
    ] {
        let out = Process::new("bash")
            .arg(script())
            .args(args)
            .env("HOME", dir.path())
            .output()
            .expect("runs");
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains(wanted) && stderr.lines().count() == 1,
            "{stderr}"
        );
    }
}

#[test]
fn install_follows_the_xdg_variables() {
    let home = tempfile::tempdir().expect("tempdir");
    let home = home.path();
    let (bin, data, config) = (home.join("b"), home.join("d"), home.join("c"));
    let out = install_with(
        home,
        &[],
        &[
            ("XDG_BIN_HOME", &bin),
            ("XDG_DATA_HOME", &data),
            ("XDG_CONFIG_HOME", &config),
        ],
    );
    let said = installed(
        &out,
        &[
            bin.join("voiperr"),
            data.join("bash-completion/completions/voiperr"),
            data.join("zsh/site-functions/_voiperr"),
            config.join("fish/completions/voiperr.fish"),
            data.join("man/man1/voiperr-diagnose.1"),
        ],
    );
    assert!(
        !home.join(".local").exists() && !home.join(".config").exists(),
        "{said}"
    );
    // man looks beside each PATH entry's parent, which d/man is not: the script says so.
    let manpath = format!("export MANPATH=\"{}:$MANPATH\"", data.join("man").display());
    assert!(said.contains(&manpath), "{said}");
}

/// Every path under `dir`, for a before-and-after comparison.
fn tree(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(next) = todo.pop() {
        let Ok(entries) = std::fs::read_dir(&next) else {
            continue;
        };
        for entry in entries.map_while(Result::ok) {
            let path = entry.path();
            if path.is_dir() && !path.is_symlink() {
                todo.push(path.clone());
            }
            found.push(path);
        }
    }
    found.sort();
    found
}

/// Runs the script with `args` as a user the file permissions hold for:
/// root writes anywhere, so as root it runs as `nobody` (setpriv).
fn install_unprivileged(home: &Path, args: &[&str]) -> Output {
    let shell = match running_as_root() {
        true => {
            let mut c = Process::new("setpriv");
            c.args(["--reuid=65534", "--regid=65534", "--clear-groups", "bash"]);
            c
        }
        false => Process::new("bash"),
    };
    // Its temporary directory where `nobody` can write too.
    run_script(shell, home, args, &[("TMPDIR", home)])
}

fn running_as_root() -> bool {
    Process::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

#[test]
fn a_failed_install_is_one_sentence_exit_2_and_leaves_nothing_behind() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    // Open to `nobody`, who runs the script when the tests run as root.
    std::fs::set_permissions(root, std::fs::Permissions::from_mode(0o777)).expect("chmod");
    let mode = |path: &Path, mode: u32| {
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).expect("chmod");
    };
    let file = root.join("a-file");
    std::fs::write(&file, "x").expect("write");
    let read_only = root.join("read-only");
    std::fs::create_dir(&read_only).expect("mkdir");
    mode(&read_only, 0o555);
    // A directory where the binary goes.
    let blocked = root.join("blocked");
    std::fs::create_dir_all(blocked.join("bin/voiperr")).expect("mkdir");
    // A man directory that cannot be written in, the others not there yet.
    let man = root.join("man-read-only");
    std::fs::create_dir_all(man.join("share/man/man1")).expect("mkdir");
    for path in tree(root) {
        mode(&path, if path.is_dir() { 0o777 } else { 0o666 });
    }
    mode(&read_only, 0o555);
    mode(&man.join("share/man/man1"), 0o555);
    for (prefix, wanted) in [
        (file.display().to_string(), "is not a directory"),
        (read_only.join("p").display().to_string(), "cannot create"),
        ("-p6".to_owned(), "starts with '-'"),
        (blocked.display().to_string(), "bin/voiperr' is in the way"),
        (man.display().to_string(), "cannot write in"),
    ] {
        let before = tree(root);
        let out = install_unprivileged(root, &[&format!("--prefix={prefix}")]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{prefix}: {stderr}");
        assert!(
            stderr.contains(wanted) && stderr.lines().count() == 1 && !stderr.contains("''"),
            "{prefix}: {stderr}"
        );
        assert_eq!(tree(root), before, "{prefix}: something was left behind");
    }
}
