//! Authored files to validated content: reading files and folders, parsing, the semantic checks
//! and the checks across files. Every problem in every file is collected as a [`Diagnostic`];
//! a broken file never stops the others from loading.

pub mod diagnostic;
pub mod locate;
pub mod parse;
pub mod reload;
pub mod render;
pub mod source;
pub mod synth;
pub mod validate;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Serialize;

pub use diagnostic::{Diagnostic, Finding, Findings, Level};
pub use parse::{Document, MAX_DEPTH, MAX_FILE_BYTES};
pub use source::SourceFile;
pub use validate::CheckOptions;

use crate::model::{ExamBlueprint, QuestionBank, Scenario, StateRules};

/// A path given to the loader could not be used at all (exit code 2 in the CLI).
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// The path does not exist.
    #[error("{0}: no such file or folder")]
    NotFound(PathBuf),
    /// A path that is not a regular file or folder (a pipe, a device, a socket): never opened,
    /// since reading one can block forever or never end.
    #[error("{0}: not a regular file (pipes, devices and sockets are never read)")]
    NotRegular(PathBuf),
    /// A file or folder exists but cannot be read.
    #[error("{path}: cannot read: {source}")]
    Io {
        /// What could not be read.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
}

/// A successfully parsed item with where it came from and how many problems its file has.
#[derive(Debug, Clone)]
pub struct Loaded<T> {
    /// The file it came from.
    pub path: PathBuf,
    /// The item.
    pub item: T,
    /// Errors in its file (semantic ones included). Items with errors are not usable.
    pub errors: usize,
    /// Warnings in its file.
    pub warnings: usize,
}

impl<T> Loaded<T> {
    /// Whether the item can be played or drawn from: it parsed and has no errors.
    pub fn usable(&self) -> bool {
        self.errors == 0
    }
}

/// Everything loaded from a set of paths, with all the problems found.
#[derive(Debug, Default)]
pub struct ContentSet {
    /// Every file looked at, in load order.
    pub files: Vec<PathBuf>,
    /// Scenarios that parsed (check [`Loaded::usable`]).
    pub scenarios: Vec<Loaded<Scenario>>,
    /// Banks that parsed.
    pub banks: Vec<Loaded<QuestionBank>>,
    /// Blueprints that parsed.
    pub blueprints: Vec<Loaded<ExamBlueprint>>,
    /// State rule files that parsed.
    pub states: Vec<Loaded<StateRules>>,
    /// Every problem, sorted by file, then position.
    pub diagnostics: Vec<Diagnostic>,
    /// Files or folders that could not be read.
    pub io_errors: Vec<LoadError>,
    /// Files whose items are the last good version, kept while the file on disk is broken
    /// (filled by [`reload::merge_last_good`]; empty after a plain load).
    pub kept: Vec<PathBuf>,
}

/// The counts in the `validate` summary line.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// Files checked.
    pub files: usize,
    /// Scenario files that parsed.
    pub scenarios: usize,
    /// Questions in banks that parsed.
    pub questions: usize,
    /// Blueprint files that parsed.
    pub blueprints: usize,
    /// Errors found.
    pub errors: usize,
    /// Warnings found.
    pub warnings: usize,
}

impl std::fmt::Display for Summary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "checked {} files: {} scenarios, {} questions, {} blueprints; {} errors, {} warnings",
            self.files, self.scenarios, self.questions, self.blueprints, self.errors, self.warnings
        )
    }
}

impl ContentSet {
    /// The counts for the summary line.
    pub fn summary(&self) -> Summary {
        Summary {
            files: self.files.len(),
            scenarios: self.scenarios.len(),
            questions: self.banks.iter().map(|b| b.item.questions.len()).sum(),
            blueprints: self.blueprints.len(),
            errors: self
                .diagnostics
                .iter()
                .filter(|d| d.level == Level::Error)
                .count(),
            warnings: self
                .diagnostics
                .iter()
                .filter(|d| d.level == Level::Warning)
                .count(),
        }
    }

    /// Whether any content error was found.
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(|d| d.level == Level::Error)
    }

    /// Whether the items from `path` are a kept last good version (the file itself is broken).
    pub fn is_kept(&self, path: &Path) -> bool {
        self.kept.iter().any(|k| k == path)
    }

    /// The diagnostics of one file.
    pub fn diagnostics_for<'a>(
        &'a self,
        path: &'a Path,
    ) -> impl Iterator<Item = &'a Diagnostic> + 'a {
        self.diagnostics.iter().filter(move |d| d.file == path)
    }
}

/// The `*.ron` files under the given paths (files are taken as given, folders are walked in
/// name order). Missing paths and unreadable folders are reported, the rest still listed.
pub fn collect_files(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<LoadError>) {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for p in paths {
        match std::fs::metadata(p) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                errors.push(LoadError::NotFound(p.clone()))
            }
            Err(e) => errors.push(LoadError::Io {
                path: p.clone(),
                source: e,
            }),
            Ok(m) if m.is_dir() => walk(p, &mut files, &mut errors),
            Ok(m) if m.is_file() => files.push(p.clone()),
            Ok(_) => errors.push(LoadError::NotRegular(p.clone())),
        }
    }
    (files, errors)
}

fn walk(dir: &Path, files: &mut Vec<PathBuf>, errors: &mut Vec<LoadError>) {
    let entries = match std::fs::read_dir(dir) {
        Ok(rd) => rd.collect::<Result<Vec<_>, _>>(),
        Err(e) => Err(e),
    };
    let mut entries = match entries {
        Ok(es) => es,
        Err(e) => {
            errors.push(LoadError::Io {
                path: dir.to_path_buf(),
                source: e,
            });
            return;
        }
    };
    entries.sort_by_key(|e| e.file_name());
    for e in entries {
        let path = e.path();
        let name = e.file_name();
        if name.to_string_lossy().starts_with('.') {
            continue;
        }
        match e.file_type() {
            Ok(t) if t.is_dir() => walk(&path, files, errors),
            Ok(_) if path.extension().is_some_and(|x| x == "ron") => {
                // A link is judged by what it points to (a linked folder is not walked: links
                // can make cycles).
                match std::fs::metadata(&path) {
                    Ok(m) if m.is_file() => files.push(path),
                    Ok(_) => errors.push(LoadError::NotRegular(path)),
                    Err(source) => errors.push(LoadError::Io { path, source }),
                }
            }
            Ok(_) => {}
            Err(err) => errors.push(LoadError::Io { path, source: err }),
        }
    }
}

/// Loads and checks every content file under `paths`.
pub fn load_paths(paths: &[PathBuf], opts: &CheckOptions) -> ContentSet {
    let (files, mut io_errors) = collect_files(paths);
    let mut inputs = Vec::with_capacity(files.len());
    for f in files {
        match read_file(&f) {
            Ok(bytes) => inputs.push((f, Ok(bytes))),
            Err(ReadError::TooLarge(len)) => {
                inputs.push((f.clone(), Err(parse::too_large(&f, len))))
            }
            Err(ReadError::NotRegular) => io_errors.push(LoadError::NotRegular(f)),
            Err(ReadError::Io(e)) => io_errors.push(LoadError::Io { path: f, source: e }),
        }
    }
    let mut set = load_inputs(inputs, opts);
    set.io_errors = io_errors;
    set
}

/// Why a file was not read.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// Not a regular file: a pipe, a device or a socket, which could block or never end.
    #[error("not a regular file (pipes, devices and sockets are never read)")]
    NotRegular,
    /// Larger than [`MAX_FILE_BYTES`] (the size seen).
    #[error("the file is {0} bytes, over the {limit} MiB limit", limit = MAX_FILE_BYTES >> 20)]
    TooLarge(u64),
    /// The system refused.
    #[error("{0}")]
    Io(#[from] std::io::Error),
}

/// Reads a content file (a scenario, bank, blueprint or GIFT file): only a regular file, and no
/// more than [`MAX_FILE_BYTES`], read with a bounded reader so a file that grows while it is
/// read is caught too. A pipe or device is refused before it is opened.
pub fn read_file(path: &Path) -> Result<Vec<u8>, ReadError> {
    use std::io::Read;
    let meta = std::fs::metadata(path)?;
    if !meta.is_file() {
        return Err(ReadError::NotRegular);
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(ReadError::TooLarge(meta.len()));
    }
    let f = std::fs::File::open(path)?;
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    // Read one byte past the limit so a file that grew after `metadata` is still caught.
    f.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(ReadError::TooLarge(bytes.len() as u64));
    }
    Ok(bytes)
}

/// Loads and checks content given as (name, text) pairs: the same pipeline as files on disk.
pub fn load_texts<'a>(
    texts: impl IntoIterator<Item = (&'a str, &'a str)>,
    opts: &CheckOptions,
) -> ContentSet {
    load_bytes(
        texts
            .into_iter()
            .map(|(name, text)| (name, text.as_bytes())),
        opts,
    )
}

/// Loads and checks content given as (name, bytes) pairs, which need not be text.
pub fn load_bytes<'a>(
    items: impl IntoIterator<Item = (&'a str, &'a [u8])>,
    opts: &CheckOptions,
) -> ContentSet {
    load_inputs(
        items.into_iter().map(|(name, bytes)| {
            let path = PathBuf::from(name);
            if bytes.len() as u64 > MAX_FILE_BYTES {
                let d = parse::too_large(&path, bytes.len() as u64);
                (path, Err(d))
            } else {
                (path, Ok(bytes.to_vec()))
            }
        }),
        opts,
    )
}

struct Parsed {
    file: Option<Arc<SourceFile>>,
    findings: Findings,
}

fn load_inputs(
    inputs: impl IntoIterator<Item = (PathBuf, Result<Vec<u8>, Diagnostic>)>,
    opts: &CheckOptions,
) -> ContentSet {
    let mut set = ContentSet::default();
    let mut parsed: Vec<Parsed> = Vec::new();
    // Which parsed file each loaded item came from.
    let (mut sc_file, mut bank_file, mut bp_file) = (Vec::new(), Vec::new(), Vec::new());
    for (path, bytes) in inputs {
        set.files.push(path.clone());
        let (file, doc) = match bytes {
            Ok(bytes) => parse::read_document(&path, bytes),
            Err(d) => (None, Err(Box::new(d))),
        };
        let doc = match doc {
            Ok(doc) => doc,
            Err(d) => {
                set.diagnostics.push(*d);
                continue;
            }
        };
        let mut findings = Findings::default();
        let slot = parsed.len();
        match doc {
            Document::Scenario(s) => {
                validate::scenario::check(&s, opts, &mut findings);
                sc_file.push(slot);
                set.scenarios.push(Loaded {
                    path,
                    item: s,
                    errors: 0,
                    warnings: 0,
                });
            }
            Document::QuestionBank(b) => {
                validate::bank::check(&b, opts, &mut findings);
                bank_file.push(slot);
                set.banks.push(Loaded {
                    path,
                    item: b,
                    errors: 0,
                    warnings: 0,
                });
            }
            Document::ExamBlueprint(bp) => {
                validate::blueprint::check(&bp, opts, &mut findings);
                bp_file.push(slot);
                set.blueprints.push(Loaded {
                    path,
                    item: bp,
                    errors: 0,
                    warnings: 0,
                });
            }
            Document::StateRules(st) => {
                validate::state::check(&st, &path, opts, &mut findings);
                set.states.push(Loaded {
                    path,
                    item: st,
                    errors: 0,
                    warnings: 0,
                });
            }
        }
        parsed.push(Parsed { file, findings });
    }
    cross_checks(&set, &sc_file, &bank_file, &bp_file, &mut parsed);
    for p in parsed {
        if let Some(file) = p.file {
            set.diagnostics.extend(p.findings.into_diagnostics(&file));
        }
    }
    // Per-item counts, then a stable order for output.
    let mut counts: HashMap<PathBuf, (usize, usize)> = HashMap::new();
    for d in &set.diagnostics {
        let c = counts.entry(d.file.clone()).or_default();
        match d.level {
            Level::Error => c.0 += 1,
            Level::Warning => c.1 += 1,
        }
    }
    let apply = |path: &PathBuf| counts.get(path).copied().unwrap_or_default();
    for s in &mut set.scenarios {
        (s.errors, s.warnings) = apply(&s.path);
    }
    for b in &mut set.banks {
        (b.errors, b.warnings) = apply(&b.path);
    }
    for b in &mut set.blueprints {
        (b.errors, b.warnings) = apply(&b.path);
    }
    for st in &mut set.states {
        (st.errors, st.warnings) = apply(&st.path);
    }
    let order: HashMap<PathBuf, usize> = set
        .files
        .iter()
        .enumerate()
        .map(|(i, f)| (f.clone(), i))
        .collect();
    set.diagnostics.sort_by_cached_key(|d| {
        (
            order.get(&d.file).copied().unwrap_or(usize::MAX),
            d.line,
            d.column,
        )
    });
    set
}

/// Checks that span files: ids unique across files, scenario domains declared by a bank,
/// blueprints' banks and domains, and whether the banks can fill each blueprint.
fn cross_checks(
    set: &ContentSet,
    sc_file: &[usize],
    bank_file: &[usize],
    bp_file: &[usize],
    parsed: &mut [Parsed],
) {
    fn dup<'a>(
        ids: impl IntoIterator<Item = (usize, String, &'a str, &'a Path)>,
        what: &str,
        parsed: &mut [Parsed],
    ) {
        let mut first: HashMap<&str, &Path> = HashMap::new();
        for (slot, path, id, file) in ids {
            match first.get(id) {
                Some(other) if *other != file => parsed[slot].findings.error(
                    "duplicate-id",
                    path,
                    format!("{what} id `{id}` is also used in {}", other.display()),
                    Some(format!("{what} ids must be unique across all files")),
                ),
                Some(_) => {} // same file: reported by the file's own checks
                None => {
                    first.insert(id, file);
                }
            }
        }
    }
    dup(
        set.scenarios
            .iter()
            .zip(sc_file)
            .map(|(s, &slot)| (slot, "id".to_string(), s.item.id.as_str(), s.path.as_path())),
        "scenario",
        parsed,
    );
    dup(
        set.banks
            .iter()
            .zip(bank_file)
            .map(|(b, &slot)| (slot, "id".to_string(), b.item.id.as_str(), b.path.as_path())),
        "bank",
        parsed,
    );
    dup(
        set.blueprints
            .iter()
            .zip(bp_file)
            .map(|(b, &slot)| (slot, "id".to_string(), b.item.id.as_str(), b.path.as_path())),
        "blueprint",
        parsed,
    );
    dup(
        set.banks.iter().zip(bank_file).flat_map(|(b, &slot)| {
            b.item.questions.iter().enumerate().map(move |(i, q)| {
                (
                    slot,
                    format!("questions.{i}.id"),
                    q.id.as_str(),
                    b.path.as_path(),
                )
            })
        }),
        "question",
        parsed,
    );

    // Domains: scenario choices name domains declared by some bank (checked when banks are loaded).
    let all_domains: HashSet<&str> = set
        .banks
        .iter()
        .flat_map(|b| b.item.domains.iter().map(|d| d.id.as_str()))
        .collect();
    if !all_domains.is_empty() {
        for (s, &slot) in set.scenarios.iter().zip(sc_file) {
            for (n, node) in s.item.nodes.iter().enumerate() {
                for (c, choice) in node.choices.iter().enumerate() {
                    for (k, d) in choice.domains.iter().enumerate() {
                        if !all_domains.contains(d.as_str()) {
                            parsed[slot].findings.error(
                                "unknown-domain",
                                format!("nodes.{n}.choices.{c}.domains.{k}"),
                                format!("domain `{d}` is not declared by any question bank"),
                                Some(validate::unknown_name_hint(
                                    d,
                                    all_domains.iter().copied(),
                                    "domain",
                                )),
                            );
                        }
                    }
                }
            }
        }
    }

    // Each track's questions together: near-duplicate stems and the spread of keys.
    let mut tracks: BTreeMap<&str, Vec<validate::bank_quality::Located<'_>>> = BTreeMap::new();
    for (b, &slot) in set.banks.iter().zip(bank_file) {
        for (i, q) in b.item.questions.iter().enumerate() {
            tracks
                .entry(b.item.track.as_str())
                .or_default()
                .push((slot, i, q));
        }
    }
    for (track, questions) in &tracks {
        validate::bank_quality::check_track(track, questions, |slot, code, path, message, hint| {
            parsed[slot].findings.warning(code, path, message, hint)
        });
    }

    // Blueprints against their banks.
    let banks: HashMap<&str, &QuestionBank> = set
        .banks
        .iter()
        .map(|b| (b.item.id.as_str(), &b.item))
        .collect();
    for (bp, &slot) in set.blueprints.iter().zip(bp_file) {
        let bp = &bp.item;
        let out = &mut parsed[slot].findings;
        let mut available: BTreeMap<&str, usize> = BTreeMap::new();
        let mut all_known = true;
        for (i, id) in bp.banks.iter().enumerate() {
            match banks.get(id.as_str()) {
                None => {
                    all_known = false;
                    out.error(
                        "unknown-bank",
                        format!("banks.{i}"),
                        format!("bank `{id}` is not among the loaded question banks"),
                        Some(validate::unknown_name_hint(
                            id,
                            banks.keys().copied(),
                            "bank",
                        )),
                    );
                }
                Some(bank) => {
                    if bank.track != bp.track {
                        out.warning(
                            "track-mismatch",
                            format!("banks.{i}"),
                            format!(
                                "bank `{id}` is for track `{}`, the blueprint for `{}`",
                                bank.track, bp.track
                            ),
                            None,
                        );
                    }
                    for d in &bank.domains {
                        available.entry(d.id.as_str()).or_default();
                    }
                    for q in &bank.questions {
                        *available.entry(q.domain.as_str()).or_default() += 1;
                    }
                }
            }
        }
        if !all_known {
            continue;
        }
        let allocation = bp.allocate();
        for (domain, &weight) in &bp.domain_weights {
            let path = format!("domain_weights.{domain}");
            match available.get(domain.as_str()) {
                None => out.error(
                    "unknown-domain",
                    path,
                    format!("domain `{domain}` is not declared by the blueprint's banks"),
                    Some(validate::unknown_name_hint(
                        domain,
                        available.keys().copied(),
                        "domain",
                    )),
                ),
                Some(&have) => {
                    let need = allocation.get(domain).copied().unwrap_or(0) as usize;
                    if need > have {
                        out.error(
                            "domain-shortfall",
                            path,
                            format!(
                                "weight {weight}% of {} questions asks {need} from domain `{domain}`, but the banks hold {have}",
                                bp.question_count
                            ),
                            Some("add questions to the domain, lower its weight, or ask fewer questions".to_string()),
                        );
                    }
                }
            }
        }
    }
}

/// The candidate closest in spelling to `name`, if it is close enough to be a likely typo.
pub fn suggest<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let len = name.chars().count();
    let limit = (len / 3).max(1);
    let name = name.to_lowercase();
    candidates
        .into_iter()
        // A length difference is a lower bound on the distance: skip those before comparing,
        // first by byte length (no need to read the text: a character is 1 to 4 bytes).
        .filter(|c| c.len() + limit >= len && c.len() <= 4 * (len + limit))
        .filter(|c| c.chars().count().abs_diff(len) <= limit)
        .map(|c| (edit_distance_within(&name, &c.to_lowercase(), limit), c))
        .filter(|&(d, _)| d <= limit)
        .min_by_key(|&(d, c)| (d, c))
        .map(|(_, c)| c)
}

/// The edit distance between `a` and `b`, or `limit + 1` as soon as it is sure to be more than
/// `limit` (a row of the table whose smallest entry is over the limit only grows).
fn edit_distance_within(a: &str, b: &str, limit: usize) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.chars().enumerate() {
        cur[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != cb))
                .min(prev[j + 1] + 1)
                .min(cur[j] + 1);
        }
        if cur.iter().min().is_some_and(|&m| m > limit) {
            return limit + 1;
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}
