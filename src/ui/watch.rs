//! Live reload of a content folder: one worker thread loads the paths, then watches them
//! (`notify`) and reloads after changes settle, merging each load with the previous one so a
//! file that breaks keeps its last good items ([`merge_last_good`]). The UI thread only polls.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::time::Duration;

use eframe::egui;
use notify::{EventKind, RecursiveMode, Watcher};

use crate::content::reload::merge_last_good;
use crate::content::{CheckOptions, ContentSet, load_paths};

/// How long the files must stay quiet after a change before they are reloaded.
pub const DEBOUNCE: Duration = Duration::from_millis(200);

/// One finished load.
#[derive(Debug, Clone)]
pub struct Reload {
    /// The content, merged with the previous load: items of files that broke since are the
    /// last good version and listed in [`ContentSet::kept`]; the diagnostics are the new ones.
    pub content: Arc<ContentSet>,
    /// 1 for the first load, then one more per reload.
    pub generation: u64,
    /// Why live reload is off, when the paths could not be watched (the load itself still
    /// happened; its problems are in `content`).
    pub watch_error: Option<String>,
}

/// What the worker thread hears.
enum Msg {
    Fs(notify::Result<notify::Event>),
    Stop,
}

/// Loads content on a worker thread and reloads it when the files change.
pub struct ContentWatcher {
    paths: Vec<PathBuf>,
    rx: Receiver<Reload>,
    control: Sender<Msg>,
    loading: Arc<AtomicBool>,
}

impl ContentWatcher {
    /// Loads `paths` on a worker thread now, then watches them (debounced by [`DEBOUNCE`]) and
    /// reloads on change. `repaint`, when given, is asked to repaint after every load.
    pub fn start(paths: Vec<PathBuf>, repaint: Option<egui::Context>) -> Self {
        Self::start_with_options(paths, CheckOptions::default(), repaint)
    }

    /// [`ContentWatcher::start`] with explicit check options (tests pin "today").
    pub fn start_with_options(
        paths: Vec<PathBuf>,
        opts: CheckOptions,
        repaint: Option<egui::Context>,
    ) -> Self {
        let (tx, rx) = mpsc::channel();
        let (control, events) = mpsc::channel();
        let loading = Arc::new(AtomicBool::new(true));
        let worker = Worker {
            paths: paths.clone(),
            opts,
            repaint,
            out: tx,
            loading: Arc::clone(&loading),
            prev: None,
            generation: 0,
        };
        let fs_tx = control.clone();
        let spawned = std::thread::Builder::new()
            .name("content-watcher".into())
            .spawn(move || worker.run(fs_tx, events));
        if spawned.is_err() {
            loading.store(false, Ordering::SeqCst);
        }
        ContentWatcher {
            paths,
            rx,
            control,
            loading,
        }
    }

    /// The paths being watched.
    pub fn paths(&self) -> &[PathBuf] {
        &self.paths
    }

    /// The newest finished load since the last call, if any. Never blocks.
    pub fn poll(&mut self) -> Option<Reload> {
        self.rx.try_iter().last()
    }

    /// Whether a load is running now.
    pub fn loading(&self) -> bool {
        self.loading.load(Ordering::SeqCst)
    }
}

impl Drop for ContentWatcher {
    fn drop(&mut self) {
        let _ = self.control.send(Msg::Stop);
    }
}

struct Worker {
    paths: Vec<PathBuf>,
    opts: CheckOptions,
    repaint: Option<egui::Context>,
    out: Sender<Reload>,
    loading: Arc<AtomicBool>,
    prev: Option<Arc<ContentSet>>,
    generation: u64,
}

impl Worker {
    fn run(mut self, fs_tx: Sender<Msg>, events: Receiver<Msg>) {
        // Watch first, so a change made during the first load is not missed.
        let mut watcher = match notify::recommended_watcher(move |ev| {
            let _ = fs_tx.send(Msg::Fs(ev));
        }) {
            Ok(w) => w,
            Err(e) => {
                self.load(Some(format!("cannot watch for changes: {e}")));
                return;
            }
        };
        let mut watched: Vec<Option<(PathBuf, RecursiveMode)>> = vec![None; self.paths.len()];
        let error = rewatch(&mut watcher, &self.paths, &mut watched);
        if !self.load(error) {
            return;
        }
        loop {
            // Wait for a change that matters.
            match events.recv() {
                Ok(Msg::Fs(ev)) if relevant(&ev) => {}
                Ok(Msg::Fs(_)) => continue,
                Ok(Msg::Stop) | Err(_) => return,
            }
            // Let it settle: reload once nothing has happened for DEBOUNCE.
            loop {
                match events.recv_timeout(DEBOUNCE) {
                    Ok(Msg::Fs(_)) => continue,
                    Ok(Msg::Stop) | Err(RecvTimeoutError::Disconnected) => return,
                    Err(RecvTimeoutError::Timeout) => break,
                }
            }
            // A path that appeared or turned into a folder is watched anew.
            let error = rewatch(&mut watcher, &self.paths, &mut watched);
            if !self.load(error) {
                return;
            }
        }
    }

    /// Loads, merges with the last load and sends; false when nobody listens any more.
    fn load(&mut self, watch_error: Option<String>) -> bool {
        self.loading.store(true, Ordering::SeqCst);
        let next = load_paths(&self.paths, &self.opts);
        let merged = match &self.prev {
            Some(prev) => merge_last_good(prev, next),
            None => next,
        };
        let content = Arc::new(merged);
        self.prev = Some(Arc::clone(&content));
        self.generation += 1;
        let sent = self.out.send(Reload {
            content,
            generation: self.generation,
            watch_error,
        });
        self.loading.store(false, Ordering::SeqCst);
        if let Some(ctx) = &self.repaint {
            ctx.request_repaint();
        }
        sent.is_ok()
    }
}

/// What to watch for a path: a folder recursively; a file (or a path that does not exist yet)
/// through its parent folder, since editors often save by writing a new file and renaming it
/// over the old one, which a watch on the file itself would lose.
fn target(p: &Path) -> (PathBuf, RecursiveMode) {
    if p.is_dir() {
        (p.to_path_buf(), RecursiveMode::Recursive)
    } else {
        let parent = match p.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        };
        (parent.to_path_buf(), RecursiveMode::NonRecursive)
    }
}

/// Brings the watches up to date with what each path is now; says which could not be watched.
fn rewatch(
    watcher: &mut notify::RecommendedWatcher,
    paths: &[PathBuf],
    watched: &mut [Option<(PathBuf, RecursiveMode)>],
) -> Option<String> {
    let mut errors = Vec::new();
    for (p, slot) in paths.iter().zip(watched.iter_mut()) {
        let want = target(p);
        if slot.as_ref() == Some(&want) {
            continue;
        }
        if let Some((old, _)) = slot.take() {
            let _ = watcher.unwatch(&old);
        }
        match watcher.watch(&want.0, want.1) {
            Ok(()) => *slot = Some(want),
            Err(e) => errors.push(format!("cannot watch {} for changes: {e}", p.display())),
        }
    }
    (!errors.is_empty()).then(|| errors.join("; "))
}

/// Whether an event may change the content: not a mere read, and about a `.ron` file or a
/// folder (not an editor's swap or backup file).
fn relevant(ev: &notify::Result<notify::Event>) -> bool {
    let Ok(ev) = ev else {
        return true; // an error from the watcher: reload to be safe
    };
    if matches!(ev.kind, EventKind::Access(_)) {
        return false;
    }
    ev.paths.is_empty() || ev.paths.iter().any(|p| content_path(p))
}

fn content_path(p: &Path) -> bool {
    let name = p
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    if name.starts_with('.') || name.ends_with('~') {
        return false;
    }
    match p.extension() {
        Some(ext) => ext == "ron",
        None => true, // a folder (or a file without extension: cheap to reload)
    }
}
