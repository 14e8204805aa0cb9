//! The command line: argument definitions (clap) and the subcommands that work in a terminal.
//! Exit codes follow ripgrep's convention: 0 success, 1 content errors, 2 usage or I/O failure.

pub mod analyze;
pub mod cert;
pub mod exam;
pub mod import;
pub mod play;
pub mod report;
pub mod trainee;
pub mod validate;
pub mod writer;

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

/// Process exit codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// Everything ran and the content has no errors.
    Ok = 0,
    /// The content has errors.
    ContentErrors = 1,
    /// Bad usage, or a path that could not be read.
    Usage = 2,
}

/// rightparty: practice collection calls and certification-style exams.
///
/// With no command, opens the desktop app.
#[derive(Debug, Parser)]
#[command(name = "rightparty", version, about, long_about = None)]
pub struct Args {
    /// Folder holding `scenarios/` and `question_banks/` (default: the current folder).
    #[arg(long, global = true, value_name = "DIR")]
    pub content: Option<PathBuf>,
    /// Folder holding the trainee records, `rightparty.sqlite3` (created if missing; default:
    /// $RIGHTPARTY_DATA_DIR, else the folder in the config file, else the OS data folder).
    #[arg(long, global = true, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
    /// Open the app, show one screen, save a picture of the window as a PNG to FILE and exit
    /// (exit 1 when the picture is blank or cannot be taken).
    #[arg(long, value_name = "FILE", requires = "screen")]
    pub screenshot: Option<PathBuf>,
    /// The screen the app opens on (with --screenshot: the screen pictured; there the player and
    /// debrief show the first scenario played by its first choices and the exam room the first
    /// practice exam, as "Sample trainee" in the data folder).
    #[arg(long, value_enum, value_name = "NAME")]
    pub screen: Option<ScreenName>,
    /// Measurement aid for `cargo bench --bench startup`: open a window (`app`, or a `minimal`
    /// eframe window with the same features), close it after its first frame, exit.
    #[arg(long, value_enum, hide = true)]
    pub probe_startup: Option<ProbeStartup>,
    /// What to run.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check scenarios, question banks and blueprints and report every problem.
    Validate(validate::ValidateArgs),
    /// Play a practice call in the terminal (or scripted with --choices), then the debrief.
    Play(play::PlayArgs),
    /// Explore every path of scenarios: best and worst results, endings, rules, coverage.
    Analyze(analyze::AnalyzeArgs),
    /// Take a practice exam drawn from a blueprint (interactive, or scripted with --answers).
    Exam(exam::ExamArgs),
    /// Convert questions from another format into a question bank.
    Import(import::ImportArgs),
    /// The trainee records: recorded attempts, or `--verify` to check none was edited.
    Report(report::ReportArgs),
    /// A trainee's settings (cohort, extra exam time), and their records exported or deleted.
    Trainee(trainee::TraineeArgs),
    /// Certifications trainees earned, and renewal reminders.
    Cert(cert::CertArgs),
    /// Records one call over and over, printing `saved <n>` after each (for the crash test).
    #[command(hide = true)]
    RecordsWriter(writer::WriterArgs),
}

/// The app's screens: the navigation bar's names, and what `--screen` opens.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, ValueEnum)]
pub enum ScreenName {
    /// Trainee, continue, recent results.
    Home,
    /// Scenario cards and practice exams.
    Library,
    /// A call in progress.
    Player,
    /// The debrief after a call.
    Debrief,
    /// The exam room.
    Exam,
    /// Charts and what to practice next.
    Progress,
    /// Content folder, problems, scenario map, cohort.
    Trainer,
    /// Theme, text size, data folder.
    Settings,
}

impl ScreenName {
    /// The word on the navigation bar.
    pub fn label(self) -> &'static str {
        match self {
            ScreenName::Home => "Home",
            ScreenName::Library => "Library",
            ScreenName::Player => "Call",
            ScreenName::Debrief => "Debrief",
            ScreenName::Exam => "Exam room",
            ScreenName::Progress => "Progress",
            ScreenName::Trainer => "Trainer",
            ScreenName::Settings => "Settings",
        }
    }
}

/// Which window `--probe-startup` opens.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ProbeStartup {
    /// The app, on the home screen.
    App,
    /// A bare eframe window with the same features and options.
    Minimal,
}

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Human-readable text.
    Text,
    /// One JSON document.
    Json,
}

impl Args {
    /// The content folders to load by default: `scenarios` and `question_banks` under
    /// `--content` or the current folder, and `rules` (state rule files) where it exists.
    pub fn default_content_paths(&self) -> Vec<PathBuf> {
        let base = self.content.clone().unwrap_or_default();
        let mut paths = vec![base.join("scenarios"), base.join("question_banks")];
        if base.join("rules").is_dir() {
            paths.push(base.join("rules"));
        }
        paths
    }
}

/// Opens the records store in the data folder, or says why not on `err` and gives exit 2.
pub fn open_store(args: &Args, err: &mut dyn std::io::Write) -> Result<crate::store::Store, Exit> {
    let dir = match crate::store::data_dir(args.data_dir.as_deref()) {
        Ok((dir, _)) => dir,
        Err(e) => {
            let _ = writeln!(err, "rightparty: error: {e}");
            return Err(Exit::Usage);
        }
    };
    crate::store::Store::open(&dir).map_err(|e| {
        let _ = writeln!(err, "rightparty: error: {e}");
        Exit::Usage
    })
}

/// After a command recorded to `store`: when attempts wait in memory because the file could
/// not be written, tries again, and when interactive asks the trainee to fix the problem and
/// press Enter, until they are written or the trainee gives up. Returns `exit`, or 2 when an
/// attempt was left unwritten (it is said so).
pub fn flush_pending(
    store: &crate::store::Store,
    interactive: bool,
    input: &mut dyn std::io::BufRead,
    err: &mut dyn std::io::Write,
    exit: Exit,
) -> Exit {
    while store.pending() > 0 {
        match store.retry_pending() {
            Ok(n) => {
                let _ = writeln!(
                    err,
                    "rightparty: {n} waiting attempt(s) written to {}",
                    store.path().display()
                );
                return exit;
            }
            Err(e) => {
                let _ = writeln!(err, "rightparty: error: {e}");
            }
        }
        let mut line = String::new();
        let give_up = !interactive || {
            let _ = write!(
                err,
                "Fix the problem, then press Enter to try again (or type `q` to give up): "
            );
            let _ = err.flush();
            matches!(input.read_line(&mut line), Ok(0) | Err(_)) || line.trim() == "q"
        };
        if give_up {
            let _ = writeln!(
                err,
                "rightparty: error: {} attempt(s) were not recorded and are lost when this \
                 command ends",
                store.pending()
            );
            return Exit::Usage;
        }
    }
    exit
}

/// The exit code once a command's output is written: its own code, 0 when the reader went away
/// (a closed pipe is not an error), 2 when the output could not be written.
pub fn exit_after_output(written: std::io::Result<Exit>, err: &mut dyn std::io::Write) -> Exit {
    match written {
        Ok(exit) => exit,
        Err(x) if x.kind() == std::io::ErrorKind::BrokenPipe => Exit::Ok,
        Err(x) => {
            let _ = writeln!(err, "rightparty: error: cannot write output: {x}");
            Exit::Usage
        }
    }
}

/// Runs a subcommand and returns its exit code. Output goes to the given writers so tests and
/// the binary share one path.
pub fn run(
    args: &Args,
    command: &Command,
    out: &mut dyn std::io::Write,
    err: &mut dyn std::io::Write,
    input: &mut dyn std::io::BufRead,
) -> Exit {
    match command {
        Command::Validate(v) => validate::run(args, v, out, err),
        Command::Play(p) => play::run(args, p, out, err, input),
        Command::Analyze(a) => analyze::run(a, out, err),
        Command::Exam(e) => exam::run(args, e, out, err, input),
        Command::Import(i) => import::run(args, i, out, err),
        Command::Report(r) => report::run(args, r, out, err),
        Command::Trainee(t) => trainee::run(args, t, out, err),
        Command::Cert(c) => cert::run(args, c, out, err),
        Command::RecordsWriter(w) => writer::run(args, w, out, err),
    }
}

/// Parses a trainee name given on the command line (clap reports the reason and exits 2).
pub(crate) fn trainee_name(s: &str) -> Result<String, String> {
    crate::store::check_trainee_name(s).map(|()| s.to_string())
}
