//! The `rightparty` binary: parses arguments, runs a terminal subcommand, or with none opens the
//! desktop app. Exit codes: 0 success, 1 content errors, 2 usage or I/O failure.

use std::process::ExitCode;

use clap::Parser;
use rightparty::cli::{self, Args, Exit};

fn main() -> ExitCode {
    let args = Args::parse();
    let code = match &args.command {
        Some(command) => cli::run(
            &args,
            command,
            &mut std::io::stdout().lock(),
            &mut std::io::stderr(),
            &mut std::io::stdin().lock(),
        ),
        None => open_app(&args),
    };
    ExitCode::from(code as u8)
}

#[cfg(feature = "gui")]
fn open_app(args: &Args) -> Exit {
    match rightparty::ui::run(args.default_content_paths()) {
        Ok(()) => Exit::Ok,
        Err(e) => {
            eprintln!("rightparty: error: cannot open the window: {e:#}");
            Exit::Usage
        }
    }
}

#[cfg(not(feature = "gui"))]
fn open_app(_args: &Args) -> Exit {
    eprintln!(
        "rightparty: this build has no desktop app (built without the `gui` feature); try `rightparty --help`"
    );
    Exit::Usage
}
