use std::process::ExitCode;

fn main() -> ExitCode {
    voiperr::start(std::env::args_os())
}
