//! Moodle GIFT to a question bank. Converts single-answer multiple choice, multiple-answer
//! (`~%50%` weights) and true/false questions, with feedback as the explanation; reports other
//! question types and syntax errors by line and converts the rest.
//!
//! It reads GIFT the way Moodle's own importer does: questions are separated by blank lines;
//! lines starting with `//` are comments (`[tag:...]` in them become tags); `$CATEGORY:` blocks
//! switch the category; `::title::` names a question; `[html]`, `[moodle]`, `[plain]` and
//! `[markdown]` set a text's format; `\\ \~ \= \# \{ \} \:` escape and `\n` is a line break;
//! the question type follows from the answer block in Moodle's order (essay, numerical,
//! multiple choice, matching, true/false, short answer). CRLF and old Mac line endings and a
//! UTF-8 byte-order mark are accepted.

use std::collections::HashSet;
use std::fmt;

use serde::Serialize;

use crate::model::{Date, Difficulty, Domain, Question, QuestionBank, QuestionKind};

/// What the converter needs besides the text.
#[derive(Debug, Clone, PartialEq)]
pub struct GiftOptions {
    /// The GIFT file's name as given (for `sources`).
    pub file_name: String,
    /// The GIFT file's stem: the default domain and the prefix of positional ids.
    pub file_stem: String,
    /// The bank's id.
    pub bank_id: String,
    /// Put every question in this domain (ignoring `$CATEGORY`).
    pub domain: Option<String>,
    /// The bank's track (default `imported`).
    pub track: Option<String>,
    /// The import date (the bank's `reviewed`).
    pub today: Date,
}

/// Error or warning.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The question was not converted.
    Error,
    /// Converted, but something was dropped or guessed.
    Warning,
}

/// A problem found in the GIFT file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GiftProblem {
    /// 1-based line in the GIFT file.
    pub line: usize,
    /// Error (question skipped) or warning.
    pub severity: Severity,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for GiftProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let level = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{}: {level}: {}", self.line, self.message)
    }
}

/// The result of a conversion.
#[derive(Debug, Clone, PartialEq)]
pub struct GiftImport {
    /// The bank with every question that converted.
    pub bank: QuestionBank,
    /// Every problem, in file order.
    pub problems: Vec<GiftProblem>,
    /// Question blocks that were not converted.
    pub skipped: usize,
}

impl GiftImport {
    /// Whether any question was skipped.
    pub fn has_errors(&self) -> bool {
        self.problems.iter().any(|p| p.severity == Severity::Error)
    }
}

/// One character of a block after escapes: `escaped` characters are never syntax.
#[derive(Debug, Clone, Copy)]
struct Ch {
    c: char,
    escaped: bool,
    line: usize,
}

type Text = [Ch];

/// Converts GIFT text into a bank.
pub fn import(text: &str, opts: &GiftOptions) -> GiftImport {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    // Moodle: a file with carriage returns but no line feeds uses old Mac line endings.
    let lines: Vec<&str> = if !text.contains('\n') && text.contains('\r') {
        text.split('\r').collect()
    } else {
        text.split('\n').collect()
    };

    let mut conv = Converter::new(opts);
    let mut block: Vec<(usize, &str)> = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let line = line.trim();
        if line.is_empty() {
            if !block.is_empty() {
                conv.block(&std::mem::take(&mut block));
            }
        } else {
            block.push((i + 1, line));
        }
    }
    if !block.is_empty() {
        conv.block(&block);
    }
    conv.finish()
}

struct Converter<'a> {
    opts: &'a GiftOptions,
    category: Option<(String, String)>,
    domains: Vec<Domain>,
    questions: Vec<Question>,
    problems: Vec<GiftProblem>,
    ids: HashSet<String>,
    position: usize,
    skipped: usize,
}

/// A parsed multiple-choice answer.
struct Choice {
    text: String,
    weight: f64,
    feedback: String,
    line: usize,
}

impl<'a> Converter<'a> {
    fn new(opts: &'a GiftOptions) -> Self {
        Converter {
            opts,
            category: None,
            domains: Vec::new(),
            questions: Vec::new(),
            problems: Vec::new(),
            ids: HashSet::new(),
            position: 0,
            skipped: 0,
        }
    }

    fn problem(&mut self, line: usize, severity: Severity, message: impl Into<String>) {
        self.problems.push(GiftProblem {
            line,
            severity,
            message: message.into(),
        });
    }

    fn skip(&mut self, line: usize, message: impl Into<String>) {
        self.skipped += 1;
        self.problem(line, Severity::Error, message);
    }

    /// One block of non-blank lines: comments, then a category switch or a question.
    fn block(&mut self, lines: &[(usize, &str)]) {
        let mut comments = String::new();
        let mut body: Vec<(usize, &str)> = Vec::new();
        for &(n, line) in lines {
            if line.starts_with("//") {
                comments.push_str(line);
                comments.push('\n');
            } else {
                body.push((n, line));
            }
        }
        if body.is_empty() {
            return; // comments only
        }
        if body[0].1.starts_with("$CATEGORY:") {
            let name = body[0].1["$CATEGORY:".len()..].trim().to_string();
            self.set_category(body[0].0, &name);
            if body.len() > 1 {
                self.problem(
                    body[1].0,
                    Severity::Warning,
                    "a `$CATEGORY:` line should be followed by a blank line (Moodle reads the rest of the block as part of the category name); read as a question",
                );
                self.question(&body[1..], &comments);
            }
            return;
        }
        self.question(&body, &comments);
    }

    fn set_category(&mut self, line: usize, path: &str) {
        if self.opts.domain.is_some() {
            return;
        }
        // Moodle writes a `/` inside a category name as `//`.
        let placeholder = '\u{0}';
        let unescaped = path.replace("//", &placeholder.to_string());
        let name = unescaped
            .split('/')
            .map(|s| s.replace(placeholder, "/").trim().to_string())
            .rfind(|s| {
                !s.is_empty()
                    && !matches!(
                        s.as_str(),
                        "$course$" | "$system$" | "$module$" | "$cat$" | "top"
                    )
            });
        match name {
            Some(name) if !slug(&name).is_empty() => {
                self.category = Some((slug(&name), name));
            }
            _ => {
                self.problem(
                    line,
                    Severity::Warning,
                    format!(
                        "category `{path}` has no name to use as a domain; its questions go to the domain `{}`",
                        self.opts.file_stem
                    ),
                );
                self.category = None;
            }
        }
    }

    /// The domain for the next question: `--domain`, the category, or the file stem.
    fn domain(&mut self) -> String {
        let (id, name) = if let Some(d) = &self.opts.domain {
            let id = if slug(d).is_empty() {
                "imported".to_string()
            } else {
                slug(d)
            };
            (id, d.clone())
        } else if let Some((id, name)) = &self.category {
            (id.clone(), name.clone())
        } else {
            let stem = &self.opts.file_stem;
            let id = if slug(stem).is_empty() {
                "imported".to_string()
            } else {
                slug(stem)
            };
            (id, stem.clone())
        };
        if !self.domains.iter().any(|d| d.id == id) {
            self.domains.push(Domain {
                id: id.clone(),
                name,
            });
        }
        id
    }

    /// A unique id: from the title, else from the file stem and position.
    fn id(&mut self, title: Option<&str>) -> String {
        let base = title
            .map(slug)
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| {
                let stem = slug(&self.opts.file_stem);
                let stem = if stem.is_empty() {
                    "q".to_string()
                } else {
                    stem
                };
                format!("{stem}-{:03}", self.position)
            });
        let mut id = base.clone();
        let mut n = 2;
        while self.ids.contains(&id) {
            id = format!("{base}-{n}");
            n += 1;
        }
        self.ids.insert(id.clone());
        id
    }

    fn question(&mut self, body: &[(usize, &str)], comments: &str) {
        self.position += 1;
        let chars = unescape(body);
        let start_line = body[0].0;
        let text = trim(&chars);

        // ::title::
        let (title, text) = if starts_with(text, "::") {
            match find(&text[2..], "::") {
                Some(end) => {
                    let title = plain(trim(&text[2..2 + end]));
                    (Some(title), trim(&text[2 + end + 2..]))
                }
                None => {
                    self.id(None);
                    self.skip(
                        start_line,
                        "the title opened with `::` is never closed (escape a literal colon as `\\:`)",
                    );
                    return;
                }
            }
        } else {
            (None, text)
        };
        let id = self.id(title.as_deref());
        let name = match &title {
            Some(t) => format!("question `{t}`"),
            None => format!("question {}", self.position),
        };

        let opens: Vec<usize> = positions(text, '{');
        let closes: Vec<usize> = positions(text, '}');
        let (open, close) = match (opens.as_slice(), closes.as_slice()) {
            ([], []) => {
                self.skip(
                    start_line,
                    format!("{name} is a description (no answer block): not a question rightparty can ask"),
                );
                return;
            }
            ([o], []) => {
                self.skip(
                    text[*o].line,
                    format!("{name}: the answer block opened here has no closing `}}`"),
                );
                return;
            }
            ([], [c, ..]) => {
                self.skip(
                    text[*c].line,
                    format!(
                        "{name}: `}}` without an opening `{{` (escape a literal brace as `\\}}`)"
                    ),
                );
                return;
            }
            ([o], [c]) if o < c => (*o, *c),
            ([o], [c]) => {
                self.skip(
                    text[*c].line,
                    format!(
                        "{name}: `}}` comes before the answer block's `{{` on line {}",
                        text[*o].line
                    ),
                );
                return;
            }
            _ => {
                let second = opens.get(1).or(closes.get(1)).copied().unwrap_or(0);
                self.skip(
                    text[second].line,
                    format!("{name} has more than one `{{` or `}}`: GIFT takes one answer block per question (escape literal braces as `\\{{` and `\\}}`)"),
                );
                return;
            }
        };
        let before = trim(&text[..open]);
        let after = trim(&text[close + 1..]);
        let mut answer = trim(&text[open + 1..close]);
        let block_line = text[open].line;

        // Question text: missing-word format puts a blank where the answers were.
        let mut stem_chars: Vec<Ch> = before.to_vec();
        if !after.is_empty() {
            if !stem_chars.is_empty() {
                stem_chars.push(plain_ch(' ', block_line));
            }
            stem_chars.extend("_____".chars().map(|c| plain_ch(c, block_line)));
            stem_chars.push(plain_ch(' ', block_line));
            stem_chars.extend_from_slice(after);
        }
        let (format, stem_text) = split_format(trim(&stem_chars), Format::Moodle);

        // ####general feedback
        let general = match rfind(answer, "####") {
            Some(at) => {
                let g = trim(&answer[at + 4..]);
                answer = trim(&answer[..at]);
                split_format(g, format)
            }
            None => (format, &[][..]),
        };
        let general = render(general.1, general.0);
        let stem = render(stem_text, format);
        if stem.is_empty() {
            self.skip(start_line, format!("{name} has no question text"));
            return;
        }

        let is = |c: char| answer.iter().any(|ch| ch.c == c && !ch.escaped);
        let kind_name = if answer.is_empty() {
            Some("essay")
        } else if answer[0].c == '#' && !answer[0].escaped {
            Some("numerical")
        } else if is('~') {
            None
        } else if is('=') && find(answer, "->").is_some() {
            Some("matching")
        } else {
            let tf = match find_char(answer, '#') {
                Some(at) => trim(&answer[..at]),
                None => answer,
            };
            let tf = plain(tf);
            if ["T", "TRUE", "F", "FALSE"].contains(&tf.as_str()) {
                self.true_false(id, &stem, answer, format, general, comments);
                return;
            }
            Some("short answer")
        };
        if let Some(kind) = kind_name {
            let article = if kind.starts_with(['a', 'e', 'i', 'o', 'u']) {
                "an"
            } else {
                "a"
            };
            self.skip(
                start_line,
                format!("{name} is {article} {kind} question; rightparty imports multiple choice, multiple answer and true/false only"),
            );
            return;
        }
        self.multiple_choice(
            id, &name, stem, answer, format, general, comments, start_line,
        );
    }

    fn true_false(
        &mut self,
        id: String,
        stem: &str,
        answer: &Text,
        format: Format,
        general: String,
        comments: &str,
    ) {
        let parts = split_char(answer, '#', 3);
        let value = plain(trim(parts[0]));
        let is_true = value == "T" || value == "TRUE";
        let feedback = |i: usize| {
            parts
                .get(i)
                .map(|p| {
                    let (f, t) = split_format(trim(p), format);
                    render(t, f)
                })
                .unwrap_or_default()
        };
        // Moodle: `{T#shown when wrong#shown when right}`.
        let (wrong, right) = (feedback(1), feedback(2));
        let (fb_true, fb_false) = if is_true {
            (right, wrong)
        } else {
            (wrong, right)
        };
        let mut per = Vec::new();
        if !fb_true.is_empty() {
            per.push(format!("True: {fb_true}"));
        }
        if !fb_false.is_empty() {
            per.push(format!("False: {fb_false}"));
        }
        let domain = self.domain();
        self.questions.push(Question {
            id,
            domain,
            tags: tags_in(comments),
            kind: QuestionKind::TrueFalse,
            excerpt: vec![],
            stem: stem.to_string(),
            options: vec![],
            pinned: vec![],
            shuffle: true,
            key: if is_true { "T" } else { "F" }.to_string(),
            explanation: explanation(&general, &per),
            citation: None,
            difficulty: Difficulty::Intermediate,
        });
    }

    #[allow(clippy::too_many_arguments)]
    fn multiple_choice(
        &mut self,
        id: String,
        name: &str,
        stem: String,
        answer: &Text,
        format: Format,
        general: String,
        comments: &str,
        line: usize,
    ) {
        let single = answer.iter().any(|c| c.c == '=' && !c.escaped);
        // Every unescaped `=` or `~` starts an answer (Moodle splits on both).
        let mut starts: Vec<usize> = answer
            .iter()
            .enumerate()
            .filter(|(_, c)| !c.escaped && (c.c == '=' || c.c == '~'))
            .map(|(i, _)| i)
            .collect();
        let lead = trim(&answer[..starts.first().copied().unwrap_or(answer.len())]);
        if !lead.is_empty() {
            self.skip(
                lead[0].line,
                format!(
                    "{name}: `{}` comes before the first answer; every answer starts with `=` (right) or `~` (wrong)",
                    plain(lead)
                ),
            );
            return;
        }
        starts.push(answer.len());
        let mut choices = Vec::new();
        for w in starts.windows(2) {
            let marker = answer[w[0]].c;
            let body = trim(&answer[w[0] + 1..w[1]]);
            let line = answer[w[0]].line;
            let (weight, body) = if marker == '=' {
                (1.0, body)
            } else {
                match parse_weight(body) {
                    Some((weight, rest)) => (weight, trim(rest)),
                    None => (0.0, body),
                }
            };
            let (text, fb) = match find_char(body, '#') {
                Some(at) => (trim(&body[..at]), trim(&body[at + 1..])),
                None => (body, &[][..]),
            };
            let (tf, tt) = split_format(text, format);
            let (ff, ft) = split_format(fb, format);
            choices.push(Choice {
                text: render(tt, tf),
                weight,
                feedback: render(ft, ff),
                line,
            });
        }
        if choices.len() < 2 {
            self.skip(line, format!("{name} needs at least two answers"));
            return;
        }
        if let Some(c) = choices.iter().find(|c| c.text.is_empty()) {
            let l = c.line;
            self.skip(l, format!("{name} has an empty answer"));
            return;
        }
        if choices.len() > 26 {
            self.skip(
                line,
                format!(
                    "{name} has {} answers; at most 26 can be lettered",
                    choices.len()
                ),
            );
            return;
        }
        let mut seen = HashSet::new();
        for c in &choices {
            if !seen.insert(normalize(&c.text)) {
                let l = c.line;
                let t = c.text.clone();
                self.skip(l, format!("{name} lists the answer `{t}` twice"));
                return;
            }
        }
        let keyed: Vec<usize> = if single {
            choices
                .iter()
                .enumerate()
                .filter(|(_, c)| c.weight >= 1.0 - 1e-9)
                .map(|(i, _)| i)
                .collect()
        } else {
            choices
                .iter()
                .enumerate()
                .filter(|(_, c)| c.weight > 0.0)
                .map(|(i, _)| i)
                .collect()
        };
        let kind = match (single, keyed.len()) {
            (_, 0) => {
                self.skip(
                    line,
                    format!("{name} has no right answer (no `=` and no positive `~%n%` weight)"),
                );
                return;
            }
            (true, 1) => QuestionKind::Single,
            (true, n) => {
                self.skip(
                    line,
                    format!("{name} marks {n} answers right with `=`; a single-answer question takes one (use `~%n%` weights for multiple answers)"),
                );
                return;
            }
            (false, 1) => {
                self.problem(
                    line,
                    Severity::Warning,
                    format!("{name}: only one answer has a positive weight, so it is imported as a single-answer question"),
                );
                QuestionKind::Single
            }
            (false, _) if choices.len() < 3 => {
                self.skip(
                    line,
                    format!("{name}: a multiple-answer question needs at least three answers"),
                );
                return;
            }
            (false, _) => QuestionKind::Multiple,
        };
        if single {
            for c in choices
                .iter()
                .filter(|c| c.weight > 0.0 && c.weight < 1.0 - 1e-9)
            {
                let (l, t, w) = (c.line, c.text.clone(), c.weight * 100.0);
                self.problem(
                    l,
                    Severity::Warning,
                    format!(
                        "{name}: partial credit ({w}%) for `{t}` is dropped; it counts as wrong"
                    ),
                );
            }
        }
        let per: Vec<String> = choices
            .iter()
            .filter(|c| !c.feedback.is_empty())
            .map(|c| format!("\"{}\": {}", c.text, c.feedback))
            .collect();
        let domain = self.domain();
        self.questions.push(Question {
            id,
            domain,
            tags: tags_in(comments),
            kind,
            excerpt: vec![],
            stem,
            options: choices.iter().map(|c| c.text.clone()).collect(),
            pinned: vec![],
            shuffle: true,
            key: keyed.iter().map(|&i| (b'A' + i as u8) as char).collect(),
            explanation: explanation(&general, &per),
            citation: None,
            difficulty: Difficulty::Intermediate,
        });
    }

    fn finish(self) -> GiftImport {
        let opts = self.opts;
        GiftImport {
            bank: QuestionBank {
                id: opts.bank_id.clone(),
                title: format!("Imported from {}", opts.file_name),
                track: opts.track.clone().unwrap_or_else(|| "imported".to_string()),
                domains: self.domains,
                reviewed: opts.today,
                sources: vec![format!(
                    "GIFT file {}, imported {} (review each question and add its citation)",
                    opts.file_name, opts.today
                )],
                questions: self.questions,
            },
            problems: self.problems,
            skipped: self.skipped,
        }
    }
}

/// The block's lines joined with line breaks, escapes resolved (Moodle's order: `\\` first,
/// then `\: \# \= \{ \} \~`, and `\n` as a line break). Other backslashes stay as they are.
fn unescape(body: &[(usize, &str)]) -> Vec<Ch> {
    let mut out = Vec::new();
    for (k, &(line, text)) in body.iter().enumerate() {
        if k > 0 {
            out.push(plain_ch('\n', line));
        }
        let mut it = text.chars().peekable();
        while let Some(c) = it.next() {
            if c == '\\' {
                match it.peek().copied() {
                    Some(n @ ('\\' | ':' | '#' | '=' | '{' | '}' | '~')) => {
                        it.next();
                        out.push(Ch {
                            c: n,
                            escaped: true,
                            line,
                        });
                        continue;
                    }
                    Some('n') => {
                        it.next();
                        out.push(Ch {
                            c: '\n',
                            escaped: true,
                            line,
                        });
                        continue;
                    }
                    _ => {}
                }
            }
            out.push(plain_ch(c, line));
        }
    }
    out
}

fn plain_ch(c: char, line: usize) -> Ch {
    Ch {
        c,
        escaped: false,
        line,
    }
}

fn trim(t: &Text) -> &Text {
    let start = t
        .iter()
        .position(|c| !c.c.is_whitespace())
        .unwrap_or(t.len());
    let end = t
        .iter()
        .rposition(|c| !c.c.is_whitespace())
        .map_or(start, |e| e + 1);
    &t[start..end.max(start)]
}

fn matches_at(t: &Text, at: usize, pat: &str) -> bool {
    let mut i = at;
    for p in pat.chars() {
        match t.get(i) {
            Some(c) if c.c == p && !c.escaped => i += 1,
            _ => return false,
        }
    }
    true
}

fn starts_with(t: &Text, pat: &str) -> bool {
    matches_at(t, 0, pat)
}

fn find(t: &Text, pat: &str) -> Option<usize> {
    (0..t.len()).find(|&i| matches_at(t, i, pat))
}

fn rfind(t: &Text, pat: &str) -> Option<usize> {
    (0..t.len()).rev().find(|&i| matches_at(t, i, pat))
}

fn find_char(t: &Text, c: char) -> Option<usize> {
    t.iter().position(|x| x.c == c && !x.escaped)
}

fn positions(t: &Text, c: char) -> Vec<usize> {
    t.iter()
        .enumerate()
        .filter(|(_, x)| x.c == c && !x.escaped)
        .map(|(i, _)| i)
        .collect()
}

/// Splits at the first `max - 1` unescaped `c`.
fn split_char(t: &Text, c: char, max: usize) -> Vec<&Text> {
    let mut parts = Vec::new();
    let mut rest = t;
    while parts.len() + 1 < max {
        match find_char(rest, c) {
            Some(at) => {
                parts.push(&rest[..at]);
                rest = &rest[at + 1..];
            }
            None => break,
        }
    }
    parts.push(rest);
    parts
}

fn plain(t: &Text) -> String {
    t.iter().map(|c| c.c).collect()
}

/// A Moodle answer weight `%50%`, `%-33.3333%`, `%100%` at the start: the weight as a fraction
/// and the rest.
fn parse_weight(t: &Text) -> Option<(f64, &Text)> {
    if !starts_with(t, "%") {
        return None;
    }
    let end = 1 + find_char(&t[1..], '%')?;
    let number = plain(&t[1..end]);
    let digits = number.trim_start_matches('-');
    let first = digits.chars().next()?;
    if !first.is_ascii_digit() || !digits.chars().all(|c| c.is_ascii_digit() || c == '.') {
        return None;
    }
    let value: f64 = number.parse().ok()?;
    Some((value / 100.0, &t[end + 1..]))
}

/// A text's format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Moodle,
    Html,
    Plain,
    Markdown,
}

/// A leading `[html]`, `[moodle]`, `[plain]` or `[markdown]` tag, or the default.
fn split_format(t: &Text, default: Format) -> (Format, &Text) {
    if !starts_with(t, "[") {
        return (default, t);
    }
    let Some(end) = find_char(t, ']') else {
        return (default, t);
    };
    let f = match plain(&t[1..end]).as_str() {
        "html" => Format::Html,
        "moodle" => Format::Moodle,
        "plain" => Format::Plain,
        "markdown" => Format::Markdown,
        _ => return (default, t),
    };
    (f, trim(&t[end + 1..]))
}

/// A text as plain text for a bank: HTML tags dropped and entities decoded for `[html]`; the
/// others are already readable as they are.
fn render(t: &Text, format: Format) -> String {
    let s = plain(t);
    let s = match format {
        Format::Html => html_to_text(&s),
        Format::Moodle | Format::Plain | Format::Markdown => s,
    };
    s.trim().to_string()
}

/// Drops tags (a `<br>`, `</p>` or `</li>` becomes a line break) and decodes entities.
fn html_to_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(lt) = rest.find('<') {
        out.push_str(&rest[..lt]);
        match rest[lt..].find('>') {
            Some(gt) => {
                let tag = rest[lt + 1..lt + gt].trim().to_ascii_lowercase();
                let name: String = tag
                    .trim_start_matches('/')
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric())
                    .collect();
                if name == "br"
                    || (tag.starts_with('/') && matches!(name.as_str(), "p" | "li" | "div"))
                {
                    out.push('\n');
                }
                rest = &rest[lt + gt + 1..];
            }
            None => {
                out.push_str(&rest[lt..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    let decoded = decode_entities(&out);
    decoded
        .lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

fn decode_entities(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let tail = &rest[amp..];
        let end = tail.find(';').filter(|&e| e <= 10);
        let decoded = end.and_then(|e| {
            let name = &tail[1..e];
            let c = match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" | "#39" => Some('\''),
                "nbsp" => Some(' '),
                _ => name
                    .strip_prefix("#x")
                    .or_else(|| name.strip_prefix("#X"))
                    .and_then(|h| u32::from_str_radix(h, 16).ok())
                    .or_else(|| name.strip_prefix('#').and_then(|d| d.parse().ok()))
                    .and_then(char::from_u32),
            };
            c.map(|c| (c, e))
        });
        match decoded {
            Some((c, e)) => {
                out.push(c);
                rest = &tail[e + 1..];
            }
            None => {
                out.push('&');
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// General feedback, then each answer's feedback on its own line.
fn explanation(general: &str, per_answer: &[String]) -> Option<String> {
    let mut parts: Vec<&str> = Vec::new();
    if !general.trim().is_empty() {
        parts.push(general.trim());
    }
    parts.extend(per_answer.iter().map(|s| s.as_str()));
    (!parts.is_empty()).then(|| parts.join("\n"))
}

/// `[tag:name]` tokens in the comment lines before a question (Moodle's convention).
fn tags_in(comments: &str) -> Vec<String> {
    let mut tags = Vec::new();
    let mut rest = comments;
    while let Some(at) = rest.find("[tag:") {
        rest = &rest[at + 5..];
        let mut tag = String::new();
        let mut chars = rest.char_indices();
        let mut consumed = rest.len();
        while let Some((i, c)) = chars.next() {
            if c == '\\' && rest[i + 1..].starts_with(']') {
                tag.push(']');
                chars.next();
            } else if c == ']' {
                consumed = i + 1;
                break;
            } else if c == '\n' {
                tag.clear();
                consumed = i;
                break;
            } else {
                tag.push(c);
            }
        }
        rest = &rest[consumed..];
        let tag = tag.trim().to_string();
        if !tag.is_empty() && !tags.contains(&tag) {
            tags.push(tag);
        }
    }
    tags
}

/// Whitespace-collapsed, lower-case text, for spotting repeated answers.
fn normalize(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// An id from a name: lower case ASCII letters and digits, `_` kept, anything else becomes a
/// single `-`; at most 64 characters.
pub fn slug(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if c.is_ascii_alphanumeric() || c == '_' {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let mut out = out.trim_end_matches('-').to_string();
    if out.len() > 64 {
        out.truncate(64);
        out = out.trim_end_matches('-').to_string();
    }
    out
}

/// Writes a bank as RON for `question_banks/`, with a header saying where it came from.
pub fn to_ron(bank: &QuestionBank, header: &str) -> Result<String, ron::Error> {
    let config = ron::ser::PrettyConfig::new()
        .struct_names(true)
        .indentor("    ".to_string());
    let body = ron::Options::default()
        .with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
        .to_string_pretty(bank, config)?;
    // RON escapes apostrophes, which double-quoted strings do not need: `\'` reads as `'`, and
    // an escaped backslash before an apostrophe (`\\\'`) still reads as backslash, apostrophe.
    let body = body.replace("\\'", "'");
    let mut out = String::new();
    for line in header.lines() {
        out.push_str("// ");
        out.push_str(line);
        out.push('\n');
    }
    out.push_str(&body);
    out.push('\n');
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        assert_eq!(slug("Q1 Time of day"), "q1-time-of-day");
        assert_eq!(slug("validation_disputes"), "validation_disputes");
        assert_eq!(slug("  --Élan: 2!! "), "lan-2");
        assert_eq!(slug("???"), "");
    }

    #[test]
    fn html_becomes_text() {
        assert_eq!(
            html_to_text("<p>Is <b>this</b> &amp; that &lt;ok&gt;?</p><p>Yes&#33;</p>"),
            "Is this & that <ok>?\nYes!"
        );
    }

    #[test]
    fn weights_parse_like_moodle() {
        let t = unescape(&[(1, "%50%half")]);
        let (w, rest) = parse_weight(&t).unwrap();
        assert_eq!(w, 0.5);
        assert_eq!(plain(rest), "half");
        let t = unescape(&[(1, "%-33.33333%x")]);
        assert!((parse_weight(&t).unwrap().0 + 0.3333333).abs() < 1e-9);
        assert!(parse_weight(&unescape(&[(1, "%abc%x")])).is_none());
        assert!(parse_weight(&unescape(&[(1, "50%")])).is_none());
    }

    #[test]
    fn written_ron_reads_back_as_the_same_bank() {
        let opts = GiftOptions {
            file_name: "t.gift".into(),
            file_stem: "t".into(),
            bank_id: "t".into(),
            domain: None,
            track: None,
            today: Date::from_ymd_opt(2026, 11, 23).unwrap(),
        };
        let gift = "::It's::Don't \\' say \"it\"?{=It's \\\\' fine#Isn't it? ~No \\n way}";
        let result = import(gift, &opts);
        assert!(result.problems.is_empty(), "{:?}", result.problems);
        let ron = to_ron(&result.bank, "header").unwrap();
        assert!(ron.contains("\"It's \\\\' fine\""), "{ron}");
        let back: QuestionBank = crate::content::parse::ron_options()
            .from_str(ron.trim_start_matches("// header\n"))
            .unwrap();
        assert_eq!(back, result.bank);
        assert_eq!(back.questions[0].options[0], "It's \\' fine");
    }

    #[test]
    fn tags_come_from_comments() {
        assert_eq!(
            tags_in("// [tag:fdcpa] [tag: time of day ]\n// [id:X1]\n"),
            ["fdcpa", "time of day"]
        );
    }
}
