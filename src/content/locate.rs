//! Where each value sits in a RON file. ron reports spans only for syntax and type errors, so
//! semantic checks name the value they complain about by a path such as
//! `nodes.3.choices.1.next`, and this index turns the path into a byte span.
//!
//! The index is a single forward scan over the text that tracks nesting; it is built only when a
//! file has something to report. It never panics and always advances, whatever the input.

use std::collections::HashMap;

/// Byte spans of values in one file, keyed by dotted path (`""` is the top-level value).
#[derive(Debug, Default)]
pub struct Locator {
    spans: HashMap<String, (usize, usize)>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Root,
    Paren,
    Bracket,
    Brace,
}

struct Frame {
    kind: Kind,
    path: String,
    index: usize,
    /// `Some(x)`: the inner value takes the wrapper's own path.
    transparent: bool,
    /// In a map: the key of the value that comes next.
    key: Option<String>,
}

impl Locator {
    /// Scans `text` and records where every value starts.
    pub fn index(text: &str) -> Self {
        let b = text.as_bytes();
        let mut spans = HashMap::new();
        let mut stack = vec![Frame {
            kind: Kind::Root,
            path: String::new(),
            index: 0,
            transparent: true,
            key: None,
        }];
        let mut i = 0;
        while i < b.len() {
            i = skip_trivia(b, i);
            if i >= b.len() {
                break;
            }
            let c = b[i];
            match c {
                b'#' => {
                    // `#![enable(...)]` attribute: skip to its closing bracket.
                    i = skip_balanced(b, i);
                    continue;
                }
                b',' | b':' => {
                    i += 1;
                    continue;
                }
                b')' | b']' | b'}' => {
                    if stack.len() > 1 {
                        stack.pop();
                    }
                    i += 1;
                    continue;
                }
                _ => {}
            }
            let top = stack.last_mut().expect("root frame is never popped");
            // A field name (`name:`) in a struct, or a key in a map.
            if top.kind == Kind::Paren && is_ident_start(c) {
                let end = ident_end(b, i);
                let after = skip_trivia(b, end);
                if after < b.len() && b[after] == b':' && b.get(after + 1) != Some(&b':') {
                    let name = &text[i..end];
                    let name = name.strip_prefix("r#").unwrap_or(name);
                    top.key = Some(name.to_string());
                    i = after + 1;
                    continue;
                }
            }
            if top.kind == Kind::Brace && top.key.is_none() {
                let end = token_end(b, i);
                let key = text[i..end].trim_matches('"').to_string();
                top.key = Some(key);
                let after = skip_trivia(b, end);
                i = if after < b.len() && b[after] == b':' {
                    after + 1
                } else {
                    end.max(i + 1)
                };
                continue;
            }
            // A value starts here: work out its path.
            let path = match top.key.take() {
                Some(key) => join(&top.path, &key),
                None if top.transparent => top.path.clone(),
                None => {
                    let p = join(&top.path, &top.index.to_string());
                    top.index += 1;
                    p
                }
            };
            match c {
                b'(' | b'[' | b'{' => {
                    spans.insert(path.clone(), (i, i + 1));
                    stack.push(Frame {
                        kind: match c {
                            b'(' => Kind::Paren,
                            b'[' => Kind::Bracket,
                            _ => Kind::Brace,
                        },
                        path,
                        index: 0,
                        transparent: false,
                        key: None,
                    });
                    i += 1;
                }
                _ => {
                    let end = token_end(b, i);
                    spans.insert(path.clone(), (i, end));
                    let after = skip_trivia(b, end);
                    if is_ident_start(c) && after < b.len() && b[after] == b'(' {
                        // `Name(...)`: a struct or enum variant; `Some(x)` is see-through.
                        let transparent = &text[i..end] == "Some";
                        stack.push(Frame {
                            kind: Kind::Paren,
                            path,
                            index: 0,
                            transparent,
                            key: None,
                        });
                        i = after + 1;
                    } else {
                        i = end.max(i + 1);
                    }
                }
            }
        }
        Locator { spans }
    }

    /// The span of the value at `path`, or of the nearest enclosing value that exists.
    pub fn find(&self, path: &str) -> Option<(usize, usize)> {
        let mut p = path;
        loop {
            if let Some(span) = self.spans.get(p) {
                return Some(*span);
            }
            if p.is_empty() {
                return None;
            }
            p = match p.rfind('.') {
                Some(dot) => &p[..dot],
                None => "",
            };
        }
    }
}

fn join(parent: &str, seg: &str) -> String {
    if parent.is_empty() {
        seg.to_string()
    } else {
        format!("{parent}.{seg}")
    }
}

fn is_ident_start(c: u8) -> bool {
    c.is_ascii_alphabetic() || c == b'_' || c >= 0x80
}

fn ident_end(b: &[u8], mut i: usize) -> usize {
    if b[i..].starts_with(b"r#") {
        i += 2;
    }
    while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_' || b[i] >= 0x80) {
        i += 1;
    }
    i
}

/// Skips white space and comments (`//` to end of line; `/* */`, which nest in RON).
pub(crate) fn skip_trivia(b: &[u8], mut i: usize) -> usize {
    loop {
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        if b[i..].starts_with(b"//") {
            while i < b.len() && b[i] != b'\n' {
                i += 1;
            }
        } else if b[i..].starts_with(b"/*") {
            let mut depth = 0usize;
            while i < b.len() {
                if b[i..].starts_with(b"/*") {
                    depth += 1;
                    i += 2;
                } else if b[i..].starts_with(b"*/") {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    i += 1;
                }
            }
        } else if b[i..].starts_with("\u{feff}".as_bytes()) {
            i += 3;
        } else {
            return i;
        }
    }
}

/// Skips a bracketed group such as `#![enable(implicit_some)]`.
fn skip_balanced(b: &[u8], mut i: usize) -> usize {
    let mut depth = 0usize;
    while i < b.len() {
        match b[i] {
            b'[' | b'(' => depth += 1,
            b']' | b')' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return i + 1;
                }
            }
            b'"' => {
                i = token_end(b, i);
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    i
}

/// The end of one scalar token: a string, raw string, char, identifier or number.
fn token_end(b: &[u8], i: usize) -> usize {
    let c = b[i];
    // Raw strings: r"..." r#"..."# br"...".
    let raw_start = if c == b'r' {
        Some(i + 1)
    } else if b[i..].starts_with(b"br") {
        Some(i + 2)
    } else {
        None
    };
    if let Some(mut j) = raw_start {
        let mut hashes = 0;
        while j < b.len() && b[j] == b'#' {
            hashes += 1;
            j += 1;
        }
        if j < b.len() && b[j] == b'"' {
            j += 1;
            while j < b.len() {
                if b[j] == b'"'
                    && b[j + 1..]
                        .iter()
                        .take(hashes)
                        .filter(|&&h| h == b'#')
                        .count()
                        == hashes
                {
                    return (j + 1 + hashes).min(b.len());
                }
                j += 1;
            }
            return b.len();
        }
    }
    let quote = if c == b'"' || c == b'\'' {
        Some((c, i + 1))
    } else if c == b'b' && matches!(b.get(i + 1), Some(b'"') | Some(b'\'')) {
        Some((b[i + 1], i + 2))
    } else {
        None
    };
    if let Some((q, mut j)) = quote {
        while j < b.len() {
            match b[j] {
                b'\\' => j += 2,
                x if x == q => return j + 1,
                _ => j += 1,
            }
        }
        return b.len();
    }
    let mut j = i;
    while j < b.len() && !b"(),[]{}:\"".contains(&b[j]) && !b[j].is_ascii_whitespace() {
        j += 1;
    }
    j.max(i + 1).min(b.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at<'a>(text: &'a str, loc: &Locator, path: &str) -> &'a str {
        let (s, e) = loc.find(path).unwrap();
        &text[s..e]
    }

    #[test]
    fn finds_nested_fields_and_indices() {
        let text = r##"// a comment
Scenario(
    id: "x", /* block /* nested */ */
    nodes: [
        Node(id: "a", choices: [Choice(text: "hi", next: "b")]),
        Node(id: "b", ending: Some(Ending(outcome: PromiseToPay))),
    ],
    weights: {"comm": 25, "ethics": 75},
    when: All([Flag("x"), Chance(5)]),
    raw: r#"a " quote"#,
)"##;
        let loc = Locator::index(text);
        assert_eq!(at(text, &loc, ""), "Scenario");
        assert_eq!(at(text, &loc, "id"), "\"x\"");
        assert_eq!(at(text, &loc, "nodes.0.choices.0.next"), "\"b\"");
        assert_eq!(at(text, &loc, "nodes.1.id"), "\"b\"");
        assert_eq!(at(text, &loc, "nodes.1.ending.outcome"), "PromiseToPay");
        assert_eq!(at(text, &loc, "weights.ethics"), "75");
        assert_eq!(at(text, &loc, "when.0.1"), "Chance");
        assert_eq!(at(text, &loc, "raw"), "r#\"a \" quote\"#");
        // Missing leaf: falls back to the enclosing value.
        assert_eq!(at(text, &loc, "nodes.0.choices.0.citation"), "Choice");
    }

    #[test]
    fn never_panics_on_garbage() {
        for text in [
            "",
            "(",
            ")))",
            "\"unterminated",
            "r#\"x",
            "/* open",
            "a:b:c",
            "#![",
            "{:}",
            "b'",
            "'\\",
        ] {
            let _ = Locator::index(text);
        }
    }
}
