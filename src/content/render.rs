//! Diagnostics for people and for programs: the text form (a `path:line:col: level[code]:
//! message` header, then miette's rendering of the source line with a marker and the hint) and
//! the JSON form of `validate --format json`.

use std::fmt;

use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, NamedSource, SourceSpan};
use serde::Serialize;

use super::{ContentSet, Diagnostic, Level, Summary};

/// Wraps a diagnostic so miette can draw it.
struct Miette<'a> {
    d: &'a Diagnostic,
    source: Option<NamedSource<std::sync::Arc<str>>>,
}

impl fmt::Debug for Miette<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.d.message)
    }
}

impl fmt::Display for Miette<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.d.message)
    }
}

impl std::error::Error for Miette<'_> {}

impl miette::Diagnostic for Miette<'_> {
    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.d.level {
            Level::Error => miette::Severity::Error,
            Level::Warning => miette::Severity::Warning,
        })
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.d
            .hint
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        self.source.as_ref().map(|s| s as &dyn miette::SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        self.source.as_ref()?;
        let (start, end) = self.d.span;
        let span = SourceSpan::from(start..end);
        Some(Box::new(std::iter::once(
            LabeledSpan::new_primary_with_span(Some(self.d.code.to_string()), span),
        )))
    }
}

/// Renders diagnostics as text.
pub struct TextRenderer {
    handler: GraphicalReportHandler,
}

impl TextRenderer {
    /// A renderer; `color` adds ANSI colors (for terminals).
    pub fn new(color: bool) -> Self {
        let theme = if color {
            GraphicalTheme::unicode()
        } else {
            GraphicalTheme::unicode_nocolor()
        };
        TextRenderer {
            handler: GraphicalReportHandler::new_themed(theme)
                .with_width(100)
                .with_links(false)
                .with_context_lines(1),
        }
    }

    /// The header line, then the snippet with its marker and the hint.
    pub fn render(&self, d: &Diagnostic) -> String {
        let mut out = d.header();
        out.push('\n');
        let source = d
            .source
            .as_ref()
            .map(|text| NamedSource::new(d.file.display().to_string(), text.clone()));
        let m = Miette { d, source };
        let mut body = String::new();
        if self.handler.render_report(&mut body, &m).is_ok() {
            out.push_str(&body);
        } else if let Some(h) = &d.hint {
            out.push_str(&format!("  help: {h}\n"));
        }
        if !out.ends_with('\n') {
            out.push('\n');
        }
        out
    }
}

/// The JSON document `validate --format json` prints.
#[derive(Debug, Serialize)]
pub struct JsonReport<'a> {
    /// Every diagnostic.
    pub diagnostics: &'a [Diagnostic],
    /// The same counts as the text summary line.
    pub summary: Summary,
}

impl<'a> JsonReport<'a> {
    /// The report for a loaded set.
    pub fn of(set: &'a ContentSet) -> Self {
        JsonReport {
            diagnostics: &set.diagnostics,
            summary: set.summary(),
        }
    }
}
