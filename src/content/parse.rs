//! Turns the bytes of one file into a typed document, or into diagnostics that say why not:
//! size and encoding checks, the top-level struct name that says what the file is, and ron's
//! spanned syntax and type errors.

use std::path::Path;
use std::sync::Arc;

use ron::extensions::Extensions;

use super::diagnostic::{Diagnostic, Level};
use super::locate::skip_trivia;
use super::source::SourceFile;
use crate::model::{ContentKind, ExamBlueprint, QuestionBank, Scenario, StateRules};

/// Files larger than this are refused before they are read (the generated 20,000-question
/// benchmark bank is about 12 MiB).
pub const MAX_FILE_BYTES: u64 = 32 * 1024 * 1024;

/// Deepest nesting of brackets ron will follow before it reports the file as too deep.
pub const MAX_DEPTH: usize = 64;

/// A parsed content file.
#[derive(Debug, Clone, PartialEq)]
#[allow(clippy::large_enum_variant)] // one per file, moved straight into the content set
pub enum Document {
    /// A call.
    Scenario(Scenario),
    /// Exam questions.
    QuestionBank(QuestionBank),
    /// How to assemble an exam.
    ExamBlueprint(ExamBlueprint),
    /// One state's collection law.
    StateRules(StateRules),
}

impl Document {
    /// Which format this is.
    pub fn kind(&self) -> ContentKind {
        match self {
            Document::Scenario(_) => ContentKind::Scenario,
            Document::QuestionBank(_) => ContentKind::QuestionBank,
            Document::ExamBlueprint(_) => ContentKind::ExamBlueprint,
            Document::StateRules(_) => ContentKind::StateRules,
        }
    }
}

/// The ron options every content file is read with: `Some(...)` may be left out around
/// optional values, and nesting is limited.
pub fn ron_options() -> ron::Options {
    ron::Options::default()
        .with_default_extension(Extensions::IMPLICIT_SOME)
        .with_recursion_limit(MAX_DEPTH)
}

/// Checks the bytes are usable text: not too large, UTF-8.
pub fn decode(path: &Path, bytes: Vec<u8>) -> Result<SourceFile, Box<Diagnostic>> {
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(Box::new(too_large(path, bytes.len() as u64)));
    }
    match String::from_utf8(bytes) {
        Ok(text) => Ok(SourceFile::new(path, text)),
        Err(e) => {
            let good = &e.as_bytes()[..e.utf8_error().valid_up_to()];
            let good = std::str::from_utf8(good).unwrap_or_default();
            let line = good.matches('\n').count() + 1;
            let col = good.rsplit('\n').next().unwrap_or("").chars().count() + 1;
            Err(Box::new(Diagnostic::whole_file(
                path,
                (line, col),
                Level::Error,
                "not-utf8",
                format!("the file is not UTF-8 text (invalid byte at line {line}, column {col})"),
                Some("save the file as UTF-8; content files are plain text".into()),
            )))
        }
    }
}

/// The diagnostic for a file over [`MAX_FILE_BYTES`].
pub fn too_large(path: &Path, len: u64) -> Diagnostic {
    Diagnostic::whole_file(
        path,
        (1, 1),
        Level::Error,
        "file-too-large",
        format!(
            "the file is {} MiB; the limit is {} MiB",
            len.div_ceil(1024 * 1024),
            MAX_FILE_BYTES / (1024 * 1024)
        ),
        Some("split the content into several files".into()),
    )
}

/// Reads the top-level struct name that says what the file is.
pub fn sniff_kind(file: &SourceFile) -> Result<ContentKind, Box<Diagnostic>> {
    let text = file.text();
    let b = text.as_bytes();
    let mut i = skip_trivia(b, 0);
    // Skip `#![enable(...)]` attributes.
    while b[i..].starts_with(b"#") {
        let close = text[i..].find(']').map_or(b.len(), |j| i + j + 1);
        i = skip_trivia(b, close);
    }
    let names = "`Scenario(`, `QuestionBank(`, `ExamBlueprint(` or `StateRules(`";
    if i >= b.len() {
        return Err(Box::new(Diagnostic::at_span(
            file,
            (0, 0),
            Level::Error,
            "empty-file",
            "the file is empty",
            Some(format!("a content file starts with {names}")),
        )));
    }
    let end = i + text[i..]
        .find(|c: char| !(c.is_alphanumeric() || c == '_'))
        .unwrap_or(text.len() - i);
    let after = skip_trivia(b, end);
    let name = &text[i..end];
    if name.is_empty() || after >= b.len() || b[after] != b'(' {
        let tok_end = (i + text[i..].chars().next().map_or(1, char::len_utf8)).max(end);
        return Err(Box::new(Diagnostic::at_span(
            file,
            (i, tok_end),
            Level::Error,
            "no-top-level-name",
            "the file does not say what it is: the top-level value has no struct name",
            Some(format!("start the file with {names}")),
        )));
    }
    ContentKind::from_struct_name(name).ok_or_else(|| {
        let hint = match super::suggest(name, ContentKind::ALL.iter().map(|k| k.struct_name())) {
            Some(s) => format!("did you mean `{s}`? A content file starts with {names}"),
            None => format!("a content file starts with {names}"),
        };
        Box::new(Diagnostic::at_span(
            file,
            (i, end),
            Level::Error,
            "unknown-kind",
            format!("`{name}` is not a kind of content file"),
            Some(hint),
        ))
    })
}

/// Parses a file whose kind is known.
pub fn parse(file: &SourceFile, kind: ContentKind) -> Result<Document, Box<Diagnostic>> {
    let opts = ron_options();
    let text = file.text();
    let result = match kind {
        ContentKind::Scenario => opts.from_str(text).map(Document::Scenario),
        ContentKind::QuestionBank => opts.from_str(text).map(Document::QuestionBank),
        ContentKind::ExamBlueprint => opts.from_str(text).map(Document::ExamBlueprint),
        ContentKind::StateRules => opts.from_str(text).map(Document::StateRules),
    };
    result.map_err(|e| Box::new(ron_diagnostic(file, &e)))
}

/// Turns a ron error into a located diagnostic with our own wording where ron's is terse.
pub fn ron_diagnostic(file: &SourceFile, e: &ron::error::SpannedError) -> Diagnostic {
    use ron::Error as E;
    let start = file.offset(e.span.start.line, e.span.start.col);
    let mut end = file.offset(e.span.end.line, e.span.end.col).max(start);
    if end == start {
        end = start
            + file.text()[start..]
                .chars()
                .next()
                .map_or(0, char::len_utf8);
    }
    let list = |xs: &[&str]| {
        xs.iter()
            .map(|x| format!("`{x}`"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let in_outer = |outer: &Option<String>| {
        outer
            .as_ref()
            .map(|o| format!(" in `{o}`"))
            .unwrap_or_default()
    };
    let (code, message, hint) = match &e.code {
        E::NoSuchStructField {
            expected,
            found,
            outer,
        } => (
            "unknown-field",
            format!("unknown field `{found}`{}", in_outer(outer)),
            Some(match super::suggest(found, expected.iter().copied()) {
                Some(s) => format!("did you mean `{s}`? Fields here: {}", list(expected)),
                None => format!("fields here: {}", list(expected)),
            }),
        ),
        E::MissingStructField { field, outer } => (
            "missing-field",
            format!("missing field `{field}`{}", in_outer(outer)),
            Some(format!("add `{field}: ...` (see docs/authoring.md)")),
        ),
        E::DuplicateStructField { field, outer } => (
            "duplicate-field",
            format!("field `{field}` is given twice{}", in_outer(outer)),
            Some("keep one of them".into()),
        ),
        E::NoSuchEnumVariant {
            expected,
            found,
            outer,
        } => (
            "unknown-variant",
            format!("`{found}` is not a known value{}", in_outer(outer)),
            Some(match super::suggest(found, expected.iter().copied()) {
                Some(s) => format!("did you mean `{s}`? Known values: {}", list(expected)),
                None => format!("known values: {}", list(expected)),
            }),
        ),
        E::ExceededRecursionLimit => (
            "too-deep",
            format!("nesting is deeper than {MAX_DEPTH} levels"),
            Some("content never needs this much nesting; look for an unclosed bracket".into()),
        ),
        E::ExpectedDifferentStructName { expected, found } => (
            "wrong-struct-name",
            format!("expected `{expected}` here, found `{found}`"),
            Some(format!("write `{expected}(...)`")),
        ),
        E::Message(m) if is_chrono_message(m) => (
            "invalid-value",
            format!("not a valid date or time: {m}"),
            Some("write dates as \"YYYY-MM-DD\" and date-times as \"YYYY-MM-DDTHH:MM:SS\"".into()),
        ),
        E::InvalidValueForType { .. }
        | E::Message(_)
        | E::IntegerOutOfBounds
        | E::ExpectedDifferentLength { .. } => (
            "invalid-value",
            lower_first(&e.code.to_string()),
            Some("check the value's type and range in docs/authoring.md".into()),
        ),
        other => (
            "syntax",
            lower_first(&other.to_string()),
            Some("check brackets, commas and quotes near here".into()),
        ),
    };
    Diagnostic::at_span(file, (start, end), Level::Error, code, message, hint)
}

/// chrono's parse errors, which reach us as plain serde messages.
fn is_chrono_message(m: &str) -> bool {
    [
        "input is out of range",
        "input contains invalid characters",
        "premature end of input",
        "trailing input",
        "input is not enough for unique date and time",
        "no possible date and time matching input",
        "bad or unsupported format string",
    ]
    .contains(&m)
}

fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}

/// Reads bytes into a document: the whole per-file pipeline before semantic checks.
/// Returns the source (when the bytes were text) and the document or the reason there is none.
pub fn read_document(
    path: &Path,
    bytes: Vec<u8>,
) -> (Option<Arc<SourceFile>>, Result<Document, Box<Diagnostic>>) {
    let file = match decode(path, bytes) {
        Ok(f) => Arc::new(f),
        Err(d) => return (None, Err(d)),
    };
    let doc = sniff_kind(&file).and_then(|kind| parse(&file, kind));
    (Some(file), doc)
}
