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
    let screen = args.screen;
    if let Some(kind) = args.probe_startup {
        let minimal = kind == rightparty::cli::ProbeStartup::Minimal;
        return match rightparty::ui::probe_startup(minimal, app_options(args, None, None)) {
            Ok(()) => Exit::Ok,
            Err(e) => {
                eprintln!("rightparty: error: cannot open the window: {e:#}");
                Exit::Usage
            }
        };
    }
    let outcome = rightparty::ui::ShotOutcome::default();
    let shot = match (&args.screenshot, screen) {
        (Some(file), Some(screen)) => Some(rightparty::ui::ShotPlan {
            file: file.clone(),
            screen,
            outcome: outcome.clone(),
        }),
        _ => None,
    };
    match rightparty::ui::run(app_options(args, screen, shot.clone())) {
        Ok(()) if shot.is_some() => {
            let taken = outcome.lock().map(|o| o.clone()).unwrap_or(None);
            match taken {
                Some(Ok(file)) => {
                    eprintln!("rightparty: wrote {}", file.display());
                    Exit::Ok
                }
                Some(Err(e)) => {
                    eprintln!("rightparty: error: screenshot failed: {e}");
                    Exit::ContentErrors
                }
                None => {
                    eprintln!("rightparty: error: the window closed before the screenshot");
                    Exit::ContentErrors
                }
            }
        }
        Ok(()) => Exit::Ok,
        Err(e) => {
            eprintln!("rightparty: error: cannot open the window: {e:#}");
            Exit::Usage
        }
    }
}

#[cfg(feature = "gui")]
fn app_options(
    args: &Args,
    screen: Option<rightparty::ui::ScreenName>,
    shot: Option<rightparty::ui::ShotPlan>,
) -> rightparty::ui::AppOptions {
    let data_dir = rightparty::store::data_dir(args.data_dir.as_deref())
        .map(|(dir, _)| dir)
        .map_err(|e| e.to_string());
    rightparty::ui::AppOptions {
        content_paths: args.default_content_paths(),
        data_dir,
        clock: std::sync::Arc::new(rightparty::clock::SystemClock::new()),
        screen,
        shot,
    }
}

#[cfg(not(feature = "gui"))]
fn open_app(_args: &Args) -> Exit {
    eprintln!(
        "rightparty: this build has no desktop app (built without the `gui` feature); try `rightparty --help`"
    );
    Exit::Usage
}
