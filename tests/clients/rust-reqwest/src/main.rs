//! usage: reqwest-clients STYLE METHOD URL
//!
//! - `reqwest-debug`: `error_for_status()?` in a `main` that returns
//!   `Result<(), Box<dyn Error>>`, so Rust prints the error's `Debug`:
//!   `Error: reqwest::Error { kind: Status(404, …), url: "…" }`.
//! - `reqwest-display`: the error printed with `eprintln!("Error: {err}")`
//!   (as anyhow's `main` does): `HTTP status client error (404 Not Found) for url (…)`.

use std::error::Error;
use std::process::ExitCode;

fn call(method: &str, url: &str) -> Result<String, reqwest::Error> {
    let method = reqwest::Method::from_bytes(method.as_bytes()).expect("an HTTP method");
    let client = reqwest::blocking::Client::new();
    client.request(method, url).send()?.error_for_status()?.text()
}

fn main() -> Result<ExitCode, Box<dyn Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [style, method, url] = args.as_slice() else {
        return Err("usage: reqwest-clients STYLE METHOD URL".into());
    };
    match style.as_str() {
        "reqwest-debug" => {
            println!("{}", call(method, url)?);
        }
        "reqwest-display" => match call(method, url) {
            Ok(body) => println!("{body}"),
            Err(err) => {
                eprintln!("Error: {err}");
                return Ok(ExitCode::FAILURE);
            }
        },
        other => return Err(format!("unknown style {other}").into()),
    }
    Ok(ExitCode::SUCCESS)
}
