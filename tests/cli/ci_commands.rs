//! Text from outside never forms a CI runner's command: GitHub Actions reads
//! `##[command]` anywhere in a line of a job's log (stdout and stderr), and
//! `::command::` at a line's start after any whitespace. Only `--format
//! github`'s own lines are commands. And what was typed as an argument or a
//! setting reaches the terminal inert.

use serde_json::Value;

use crate::common::{all_of, stdout_of, voiperr};

/// A line a GitHub runner would take for a command.
fn is_command(line: &str) -> bool {
    line.contains("##[") || line.trim_start().starts_with("::")
}

/// Invisible characters an escape must not use (the masking would flag them).
fn has_invisible(text: &str) -> bool {
    text.contains(['\u{200b}', '\u{200c}', '\u{200d}', '\u{2060}', '\u{feff}'])
}

const FORGED: &str = "x ##[error title=Forged]forged";

/// A failed call whose message, request ID and reason carry forged commands,
/// and a word long enough to be broken over lines right before a `::`.
fn forged_input() -> String {
    let long = format!("{}::error::broken", "w".repeat(86));
    format!(
        "{{\"error\":{{\"status\":\"NOT_FOUND\",\"reason\":\"::warning::R\",\"message\":\"{FORGED} ::error::start {long} ##[group]g\",\"request_id\":\"##[set-output name=a]1\"}}}}\n"
    )
}

#[test]
fn no_output_format_lets_input_form_a_ci_command() {
    let input = forged_input();
    for args in [
        &["diagnose"][..],
        &["diagnose", "--json"],
        &["diagnose", "--format", "bundle"],
        &["diagnose", "--format", "junit"],
        &["diagnose", "--format", "github"],
        &["diagnose", "--summary"],
        &["diagnose", "--summary", "--json"],
    ] {
        for columns in ["40", "100"] {
            let out = voiperr()
                .args(args)
                .env("COLUMNS", columns)
                .write_stdin(input.clone())
                .output()
                .expect("runs");
            let github = args.contains(&"github");
            for line in stdout_of(&out).lines() {
                // `--format github`'s own commands start its lines; only they may.
                let own =
                    github && (line.starts_with("::error ") || line.starts_with("::warning "));
                let forged = if own {
                    line.contains("##[")
                } else {
                    is_command(line)
                };
                assert!(!forged, "{args:?}: {line}");
            }
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert!(stderr.lines().all(|l| !is_command(l)), "{args:?}: {stderr}");
            assert!(!has_invisible(&all_of(&out)), "{args:?}");
        }
    }
}

/// `enrich --rsyslog` answers with JSON fields a log pipeline prints: the
/// same forged commands are inert there, and read back as sent.
#[test]
fn enrich_fields_form_no_ci_command_and_read_back_as_sent() {
    let message = serde_json::json!({"msg": forged_input(), "hostname": "web-1"}).to_string();
    let out = voiperr()
        .args(["enrich", "--rsyslog"])
        .write_stdin(message + "\n")
        .output()
        .expect("runs");
    let answer = stdout_of(&out);
    assert!(!is_command(&answer) && !has_invisible(&answer), "{answer}");
    let fields: Value = serde_json::from_str(&answer).expect("JSON");
    let fields = &fields["$!"]["voiperr"];
    assert_eq!(fields["request_id"], "##[set-output name=a]1", "{answer}");
    assert_eq!(fields["reason"], "::warning::R", "{answer}");
}

#[test]
fn json_keeps_the_text_and_text_shows_it_recognisably() {
    let input = forged_input();
    let out = voiperr()
        .args(["diagnose", "--json"])
        .write_stdin(input.clone())
        .output()
        .expect("runs");
    let written = stdout_of(&out);
    assert!(
        written.contains(r"\u0023#[error title=Forged]"),
        "{written}"
    );
    let d: Value = serde_json::from_str(&written).expect("JSON");
    assert!(
        d["message"].as_str().is_some_and(|m| m.starts_with(FORGED)),
        "{d}"
    );
    assert_eq!(d["request_id"], "##[set-output name=a]1");
    let out = voiperr()
        .arg("diagnose")
        .write_stdin(input)
        .output()
        .expect("runs");
    let text = stdout_of(&out);
    assert!(
        text.contains(r"x \x23#[error title=Forged]forged"),
        "{text}"
    );
    assert!(text.contains(r"\x3a:error::start"), "{text}");
}

#[test]
fn an_html_title_in_a_note_forms_no_command_in_github_mode() {
    let page = "<html><head><title>502 ##[error title=Forged]x ::error::y</title></head></html>\n";
    let out = voiperr()
        .args(["diagnose", "--format", "github"])
        .write_stdin(page)
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("HTML page"), "{stderr}");
    assert!(stderr.lines().all(|l| !is_command(l)), "{stderr}");
}

#[test]
fn arguments_and_settings_reach_the_terminal_inert() {
    let osc = "\u{1b}]0;owned\u{7}";
    let csi = "\u{1b}[31m";
    let runs: Vec<Vec<String>> = vec![
        vec![
            "--docs-url".into(),
            format!("https://docs.example/{osc}"),
            "explain".into(),
            "CALL_NOT_FOUND".into(),
        ],
        vec![
            "--docs-url".into(),
            "https://docs.example/\nnote: forged".into(),
            "list".into(),
        ],
        vec![
            "diagnose".into(),
            "--since".into(),
            format!("{csi}x"),
            "-".into(),
        ],
        vec![
            "diagnose".into(),
            "--until".into(),
            format!("2026{osc}"),
            "-".into(),
        ],
        vec![
            "diagnose".into(),
            "--status".into(),
            format!("{csi}4xx\n::error::x"),
            "-".into(),
        ],
        vec![
            "diagnose".into(),
            "--fail-on".into(),
            format!("{csi}5xx ##[error]x"),
            "-".into(),
        ],
        vec![
            "site".into(),
            "--out".into(),
            format!("/proc/{csi}site\nnote: x"),
        ],
    ];
    for args in runs {
        let out = voiperr()
            .args(&args)
            .write_stdin("")
            .output()
            .expect("runs");
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let shown = all_of(&out);
        assert!(
            !shown.contains(['\u{1b}', '\u{7}']) && shown.lines().count() == 1,
            "{args:?}: {shown:?}"
        );
        assert!(
            shown.starts_with("error: ") && (shown.contains(r"\x1b") || shown.contains(r"\x0a")),
            "{args:?}: {shown}"
        );
        assert!(!is_command(&shown), "{args:?}: {shown}");
    }
    // Read from the environment too, and never printed in a `See` line.
    let out = voiperr()
        .args(["explain", "CALL_NOT_FOUND"])
        .env("VOIPERR_DOCS_URL", format!("https://docs.example/{osc}"))
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(!all_of(&out).contains('\u{1b}'), "{}", all_of(&out));
}
