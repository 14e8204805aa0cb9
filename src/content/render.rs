//! Diagnostics for people and for programs: the text form (a `path:line:col: level[code]:
//! message` header, then miette's rendering of the source line with a marker and the hint) and
//! the JSON form of `validate --format json`.

use std::fmt;

use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError, MietteSpanContents,
    SourceCode, SourceSpan, SpanContents,
};
use serde::Serialize;

use super::{ContentSet, Diagnostic, Level, Summary};

/// Characters of a line shown before the marked column; the snippet shows at most
/// [`WINDOW`] characters of each line.
const BEFORE: usize = 40;
/// The widest piece of a line a snippet shows.
const WINDOW: usize = 120;
/// What a clipped line starts or ends with.
const MORE: &str = "…";

/// The lines around a diagnostic's span, a line longer than [`WINDOW`] characters cut to a
/// window around the marked column, with their true line numbers: a diagnostic on a 60 KB line
/// prints a few hundred bytes, and a column far along a line never reaches miette's formatting
/// limits.
struct Clipped {
    name: String,
    data: String,
    /// The first line's number, from 0.
    first_line: usize,
    /// The span within `data`.
    span: (usize, usize),
    /// The span's column in the file, from 0.
    column: usize,
}

impl Clipped {
    /// The snippet for `span` of `text`, which starts on `line` at `column` (both from 1).
    fn of(name: String, text: &str, span: (usize, usize), line: usize, column: usize) -> Self {
        let floor = |mut i: usize| {
            i = i.min(text.len());
            while !text.is_char_boundary(i) {
                i -= 1;
            }
            i
        };
        let (start, end) = (floor(span.0), floor(span.1.max(span.0)));
        let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
        let end = end.min(line_end);
        let col = text[line_start..start].chars().count();
        let long = text[line_start..line_end].chars().count() > WINDOW;
        let from = if long { col.saturating_sub(BEFORE) } else { 0 };
        let prefix = if from > 0 { MORE } else { "" };
        let cut = |l: &str| {
            let l = l.strip_suffix('\r').unwrap_or(l);
            if from == 0 && l.chars().count() <= WINDOW {
                return l.to_string();
            }
            let mut out = String::from(prefix);
            let mut chars = l.chars().skip(from);
            out.extend(chars.by_ref().take(WINDOW));
            if chars.next().is_some() {
                out.push_str(MORE);
            }
            out
        };
        // One line of context either side, as the handler asks for.
        let mut data = String::new();
        let mut first_line = line.saturating_sub(1);
        if line_start > 0 {
            let prev = text[..line_start - 1].rfind('\n').map_or(0, |i| i + 1);
            data.push_str(&cut(&text[prev..line_start - 1]));
            data.push('\n');
            first_line = first_line.saturating_sub(1);
        }
        let shown_start = data.len() + prefix.len();
        let marked_from = shown_start + char_bytes(&text[line_start..start], from);
        let visible = (from + WINDOW).saturating_sub(col);
        let marked_len: usize = text[start..end]
            .chars()
            .take(visible)
            .map(char::len_utf8)
            .sum();
        data.push_str(&cut(&text[line_start..line_end]));
        if line_end < text.len() {
            let next = text[line_end + 1..]
                .find('\n')
                .map_or(text.len(), |i| line_end + 1 + i);
            data.push('\n');
            data.push_str(&cut(&text[line_end + 1..next]));
        }
        let marked_from = marked_from.min(data.len());
        Clipped {
            name,
            first_line,
            span: (marked_from, (marked_from + marked_len).min(data.len())),
            column: column.saturating_sub(1),
            data,
        }
    }
}

/// The bytes of `s` after its first `skip` characters.
fn char_bytes(s: &str, skip: usize) -> usize {
    s.chars().skip(skip).map(char::len_utf8).sum()
}

impl SourceCode for Clipped {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let c = self.data.as_str().read_span(span, before, after)?;
        // Lines keep their numbers in the file; the marked span its true column.
        let column = if span.offset() == self.span.0 {
            self.column
        } else {
            c.column()
        };
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            c.data(),
            *c.span(),
            c.line() + self.first_line,
            column,
            c.line_count(),
        )))
    }
}

/// Wraps a diagnostic so miette can draw it.
struct Miette<'a> {
    d: &'a Diagnostic,
    source: Option<Clipped>,
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
        let (start, end) = self.source.as_ref()?.span;
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
            .map(|text| Clipped::of(d.file.display().to_string(), text, d.span, d.line, d.column));
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
