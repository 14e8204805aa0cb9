//! Content problems as data: every problem found in every file, each with its file, 1-based
//! line:column, a stable code, a message and a hint. Rendering lives in `render`.

use std::path::PathBuf;
use std::sync::Arc;

use serde::Serialize;

use super::source::SourceFile;

/// How bad a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// The file (or the item) cannot be used as it is.
    Error,
    /// Usable, but probably not what the author meant, or out of date.
    Warning,
}

impl Level {
    /// `error` or `warning`.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Error => "error",
            Level::Warning => "warning",
        }
    }
}

/// One problem in one content file.
#[derive(Debug, Clone, Serialize)]
pub struct Diagnostic {
    /// Error or warning.
    pub level: Level,
    /// A stable, kebab-case code such as `unknown-node` (listed in `docs/authoring.md`).
    pub code: &'static str,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
    /// The file, as it was named when loading.
    pub file: PathBuf,
    /// 1-based line of the start.
    pub line: usize,
    /// 1-based column (in characters) of the start.
    pub column: usize,
    /// 1-based line of the end.
    pub end_line: usize,
    /// 1-based column of the end (exclusive).
    pub end_column: usize,
    /// Byte range in the file, for renderers.
    #[serde(skip)]
    pub span: (usize, usize),
    /// The file's text, for renderers (absent when the file could not be read as text).
    #[serde(skip)]
    pub source: Option<Arc<str>>,
}

impl Diagnostic {
    /// A problem at a byte span of `file`.
    pub fn at_span(
        file: &SourceFile,
        span: (usize, usize),
        level: Level,
        code: &'static str,
        message: impl Into<String>,
        hint: Option<String>,
    ) -> Self {
        let (line, column) = file.position(span.0);
        let (end_line, end_column) = file.position(span.1.max(span.0));
        Diagnostic {
            level,
            code,
            message: message.into(),
            hint,
            file: file.path().to_path_buf(),
            line,
            column,
            end_line,
            end_column,
            span: (span.0, span.1.max(span.0)),
            source: Some(file.shared_text()),
        }
    }

    /// A problem with a file whose text is unusable (not UTF-8, too large): placed at 1:1 or
    /// at the given position, with no source to show.
    pub fn whole_file(
        file: impl Into<PathBuf>,
        (line, column): (usize, usize),
        level: Level,
        code: &'static str,
        message: impl Into<String>,
        hint: Option<String>,
    ) -> Self {
        Diagnostic {
            level,
            code,
            message: message.into(),
            hint,
            file: file.into(),
            line,
            column,
            end_line: line,
            end_column: column,
            span: (0, 0),
            source: None,
        }
    }

    /// `path:line:col: level[code]: message`, the first line of every rendered diagnostic.
    pub fn header(&self) -> String {
        format!(
            "{}:{}:{}: {}[{}]: {}",
            self.file.display(),
            self.line,
            self.column,
            self.level.as_str(),
            self.code,
            self.message
        )
    }
}

/// A problem found by a semantic check, located by the dotted path of the value it is about
/// (see `locate`). Turned into a [`Diagnostic`] once the file's index is at hand.
#[derive(Debug, Clone)]
pub struct Finding {
    /// Error or warning.
    pub level: Level,
    /// Stable code.
    pub code: &'static str,
    /// Dotted path of the offending value, e.g. `nodes.3.choices.1.next`.
    pub path: String,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub hint: Option<String>,
}

/// Collects findings for one file.
#[derive(Debug, Default)]
pub struct Findings(pub Vec<Finding>, pub(crate) Hints);

/// What the hints for unknown names of one file reuse: the list of defined names of each kind,
/// built once, and how many unknown names still get a search for a close spelling ("did you
/// mean ...?"). Each search compares the name with every defined one, so a file with thousands
/// of broken names (generated, not typed) would otherwise take quadratic time.
#[derive(Debug)]
pub(crate) struct Hints {
    pub(crate) searches_left: std::cell::Cell<u32>,
    pub(crate) lists: std::cell::RefCell<std::collections::HashMap<String, String>>,
}

/// Unknown names per file that get a close-spelling search.
pub const SPELLING_SEARCHES: u32 = 64;

impl Default for Hints {
    fn default() -> Self {
        Hints {
            searches_left: std::cell::Cell::new(SPELLING_SEARCHES),
            lists: Default::default(),
        }
    }
}

impl Findings {
    /// Records an error at `path`.
    pub fn error(
        &mut self,
        code: &'static str,
        path: impl Into<String>,
        message: impl Into<String>,
        hint: impl Into<Option<String>>,
    ) {
        self.push(Level::Error, code, path, message, hint);
    }

    /// Records a warning at `path`.
    pub fn warning(
        &mut self,
        code: &'static str,
        path: impl Into<String>,
        message: impl Into<String>,
        hint: impl Into<Option<String>>,
    ) {
        self.push(Level::Warning, code, path, message, hint);
    }

    fn push(
        &mut self,
        level: Level,
        code: &'static str,
        path: impl Into<String>,
        message: impl Into<String>,
        hint: impl Into<Option<String>>,
    ) {
        self.0.push(Finding {
            level,
            code,
            path: path.into(),
            message: message.into(),
            hint: hint.into(),
        });
    }

    /// Locates every finding in `file`.
    pub fn into_diagnostics(self, file: &SourceFile) -> Vec<Diagnostic> {
        self.0
            .into_iter()
            .map(|f| {
                let span = file.locate(&f.path);
                Diagnostic::at_span(file, span, f.level, f.code, f.message, f.hint)
            })
            .collect()
    }
}
