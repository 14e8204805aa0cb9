//! `rightparty validate`: load every file under the given paths and print every problem, then a
//! summary line (or one JSON document).

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use clap::Parser;

use super::{Args, Exit, Format};
use crate::content::render::{JsonReport, TextRenderer};
use crate::content::{CheckOptions, load_paths};

/// Arguments of `validate`.
#[derive(Debug, Parser)]
pub struct ValidateArgs {
    /// Files or folders to check (default: `scenarios` and `question_banks`).
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
    /// Treat this date as today for the stale-review warning (for reproducible tests).
    #[arg(long, value_name = "YYYY-MM-DD", hide = true)]
    pub today: Option<chrono::NaiveDate>,
}

/// Runs `validate`.
pub fn run(args: &Args, v: &ValidateArgs, out: &mut dyn Write, err: &mut dyn Write) -> Exit {
    let paths = if v.paths.is_empty() {
        args.default_content_paths()
    } else {
        v.paths.clone()
    };
    let mut opts = CheckOptions::default();
    if let Some(today) = v.today {
        opts.today = today;
    }
    let set = load_paths(&paths, &opts);
    for e in &set.io_errors {
        let _ = writeln!(err, "rightparty: error: {e}");
    }
    let written = match v.format {
        Format::Text => {
            let color = std::env::var_os("NO_COLOR").is_none() && std::io::stdout().is_terminal();
            let renderer = TextRenderer::new(color);
            let mut r = Ok(());
            for d in &set.diagnostics {
                r = r.and_then(|_| writeln!(out, "{}", renderer.render(d)));
            }
            r.and_then(|_| writeln!(out, "{}", set.summary()))
        }
        Format::Json => {
            let report = JsonReport::of(&set);
            serde_json::to_writer_pretty(&mut *out, &report)
                .map_err(std::io::Error::from)
                .and_then(|_| writeln!(out))
        }
    };
    if let Err(e) = written
        && e.kind() != std::io::ErrorKind::BrokenPipe
    {
        let _ = writeln!(err, "rightparty: error: cannot write output: {e}");
        return Exit::Usage;
    }
    if !set.io_errors.is_empty() {
        Exit::Usage
    } else if set.has_errors() {
        Exit::ContentErrors
    } else {
        Exit::Ok
    }
}
