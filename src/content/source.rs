//! A content file's text with its path, and conversions between byte offsets and the 1-based
//! line:column positions (columns in characters, as ron counts them) that diagnostics show.

use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use super::locate::Locator;

/// The text of one content file. Cheap to share; the line table and the value index are built
/// on first use, so files with nothing to report never pay for them.
#[derive(Debug)]
pub struct SourceFile {
    path: PathBuf,
    text: Arc<str>,
    line_starts: OnceLock<Vec<usize>>,
    locator: OnceLock<Locator>,
}

impl SourceFile {
    /// Wraps a file's text.
    pub fn new(path: impl Into<PathBuf>, text: impl Into<Arc<str>>) -> Self {
        SourceFile {
            path: path.into(),
            text: text.into(),
            line_starts: OnceLock::new(),
            locator: OnceLock::new(),
        }
    }

    /// Where the file was read from.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The whole text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The text as a shared string (diagnostics keep it for rendering).
    pub fn shared_text(&self) -> Arc<str> {
        Arc::clone(&self.text)
    }

    fn line_starts(&self) -> &[usize] {
        self.line_starts.get_or_init(|| {
            std::iter::once(0)
                .chain(self.text.match_indices('\n').map(|(i, _)| i + 1))
                .collect()
        })
    }

    /// 1-based line and character column of a byte offset (clamped to the text).
    pub fn position(&self, offset: usize) -> (usize, usize) {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let starts = self.line_starts();
        let line = starts.partition_point(|&s| s <= offset).max(1);
        let col = self.text[starts[line - 1]..offset].chars().count() + 1;
        (line, col)
    }

    /// Byte offset of a 1-based line and character column (clamped to the text).
    pub fn offset(&self, line: usize, col: usize) -> usize {
        let starts = self.line_starts();
        let Some(&start) = starts.get(line.max(1) - 1) else {
            return self.text.len();
        };
        let rest = &self.text[start..];
        let line_text = &rest[..rest.find('\n').unwrap_or(rest.len())];
        start
            + line_text
                .char_indices()
                .nth(col.max(1) - 1)
                .map_or(line_text.len(), |(i, _)| i)
    }

    /// The byte span of the value at a dotted path (see [`Locator`]); the nearest enclosing value
    /// when the path itself is absent; the start of the file when nothing matches.
    pub fn locate(&self, path: &str) -> (usize, usize) {
        self.locator
            .get_or_init(|| Locator::index(&self.text))
            .find(path)
            .unwrap_or((0, 0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_round_trip() {
        let f = SourceFile::new("x.ron", "ab\nçd\n\nxyz");
        assert_eq!(f.position(0), (1, 1));
        assert_eq!(f.position(3), (2, 1));
        assert_eq!(f.position(5), (2, 2)); // after the two-byte ç
        assert_eq!(f.position(7), (3, 1));
        assert_eq!(f.position(100), (4, 4));
        assert_eq!(f.offset(2, 2), 5);
        assert_eq!(f.offset(4, 3), 10);
        assert_eq!(f.offset(9, 1), f.text().len());
    }
}
