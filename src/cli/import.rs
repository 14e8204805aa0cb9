//! `rightparty import gift FILE -o BANK.ron`: converts a Moodle GIFT file into a question bank,
//! reports what it could not convert by line, and checks the written bank with the validator.

use std::io::Write;
use std::path::PathBuf;

use clap::{Parser, Subcommand};

use super::{Args, Exit};
use crate::content::{CheckOptions, Level, load_texts};
use crate::exam::gift::{self, GiftOptions};

/// Arguments of `import`.
#[derive(Debug, Parser)]
pub struct ImportArgs {
    /// The format to import.
    #[command(subcommand)]
    pub format: ImportFormat,
}

/// Formats `import` reads.
#[derive(Debug, Subcommand)]
pub enum ImportFormat {
    /// Moodle GIFT: multiple choice, multiple answer (`~%50%` weights) and true/false.
    Gift(GiftArgs),
}

/// Arguments of `import gift`.
#[derive(Debug, Parser)]
pub struct GiftArgs {
    /// The GIFT file.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// The bank to write (RON); its file stem becomes the bank's id.
    #[arg(short = 'o', long = "output", value_name = "BANK.ron")]
    pub output: PathBuf,
    /// Put every question in this domain (default: `$CATEGORY` lines, else the file's stem).
    #[arg(long, value_name = "NAME")]
    pub domain: Option<String>,
    /// The bank's track (default: `imported`).
    #[arg(long, value_name = "NAME")]
    pub track: Option<String>,
    /// Treat this date as today (the bank's `reviewed`), for reproducible tests.
    #[arg(long, value_name = "YYYY-MM-DD", hide = true)]
    pub today: Option<chrono::NaiveDate>,
}

/// Runs `import`.
pub fn run(_args: &Args, i: &ImportArgs, out: &mut dyn Write, err: &mut dyn Write) -> Exit {
    match &i.format {
        ImportFormat::Gift(g) => run_gift(g, out, err),
    }
}

fn run_gift(g: &GiftArgs, out: &mut dyn Write, err: &mut dyn Write) -> Exit {
    let shown = g.file.display().to_string();
    let bytes = match crate::content::read_file(&g.file) {
        Ok(b) => b,
        Err(e) => {
            let _ = writeln!(err, "rightparty: error: {shown}: cannot read: {e}");
            return Exit::Usage;
        }
    };
    if let (Ok(a), Ok(b)) = (
        std::fs::canonicalize(&g.file),
        std::fs::canonicalize(&g.output),
    ) && a == b
    {
        let _ = writeln!(
            err,
            "rightparty: error: the output {} is the GIFT file itself",
            g.output.display()
        );
        return Exit::Usage;
    }
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let line = e.as_bytes()[..at].iter().filter(|&&b| b == b'\n').count() + 1;
            let _ = writeln!(
                err,
                "{shown}:{line}: error: not UTF-8 text (save the file as UTF-8, as Moodle expects)"
            );
            return Exit::ContentErrors;
        }
    };
    let today = g.today.unwrap_or_else(|| chrono::Local::now().date_naive());
    let stem = |p: &PathBuf| {
        p.file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default()
    };
    let bank_id = match gift::slug(&stem(&g.output)) {
        s if s.is_empty() => "imported".to_string(),
        s => s,
    };
    let opts = GiftOptions {
        file_name: g
            .file
            .file_name()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| shown.clone()),
        file_stem: stem(&g.file),
        bank_id,
        domain: g.domain.clone(),
        track: g.track.clone(),
        today,
    };
    let result = gift::import(&text, &opts);
    for p in &result.problems {
        let _ = writeln!(err, "{shown}:{p}");
    }
    let converted = result.bank.questions.len();
    let total = converted + result.skipped;
    if converted == 0 {
        let _ = writeln!(
            err,
            "rightparty: error: no question in {shown} could be converted; {} not written",
            g.output.display()
        );
        return Exit::ContentErrors;
    }
    let header = format!(
        "Imported from {} by `rightparty import gift` on {today}.\nReview every question against current law and add a citation to each before use.\nTraining material, not legal advice.",
        opts.file_name
    );
    let ron = match gift::to_ron(&result.bank, &header) {
        Ok(r) => r,
        Err(e) => {
            let _ = writeln!(err, "rightparty: error: cannot write the bank as RON: {e}");
            return Exit::Usage;
        }
    };
    if let Err(e) = std::fs::write(&g.output, &ron) {
        let _ = writeln!(
            err,
            "rightparty: error: {}: cannot write: {e}",
            g.output.display()
        );
        return Exit::Usage;
    }
    // Check what was written with the same validator as `rightparty validate`.
    let out_name = g.output.display().to_string();
    let set = load_texts([(out_name.as_str(), ron.as_str())], &CheckOptions { today });
    for d in &set.diagnostics {
        let _ = writeln!(err, "{}", d.header());
    }
    let summary = set.summary();
    let _ = writeln!(
        out,
        "converted {converted} of {total} questions from {shown} into {out_name} ({} skipped); the bank has {} errors, {} warnings",
        result.skipped, summary.errors, summary.warnings
    );
    if result.skipped > 0 || set.diagnostics.iter().any(|d| d.level == Level::Error) {
        Exit::ContentErrors
    } else {
        Exit::Ok
    }
}
