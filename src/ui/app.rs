//! The app shell: which screen shows, who the trainee is, the records store and the loaded
//! content. Screens never change this state themselves: they push [`AppAction`]s, and the shell
//! applies them once per frame, after drawing.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::{Receiver, TryRecvError};

use eframe::egui::{self, RichText};
use serde::{Deserialize, Serialize};

use crate::call::{CallResult, CallRun, Compiled};
use crate::clock::Clock;
use crate::content::ContentSet;
use crate::exam::{AttemptRecord, Session};
use crate::store::{CallAttempt, Store, Trainee};

use super::catalogue::Catalogue;
use super::debrief::{DebriefEvent, DebriefView};
use super::exam_room::{ExamRoom, ExamRoomEvent};
use super::launch;
use super::player::{PlayMode, PlayerEvent, PlayerView};
use super::progress::{ProgressEvent, ProgressView};
use super::shot::{Shooter, ShotPlan};
use super::trainer::{CohortData, CohortRow, TrainerEvent, TrainerView};
use super::watch::{ContentWatcher, Reload};
use super::{glossary, home, settings};

/// The screens, as named on the navigation bar and by `--screen` (defined beside the command
/// line, which must build without the GUI).
pub use crate::cli::ScreenName;

/// What a screen asks the shell to do. Applied once per frame, after drawing.
#[derive(Debug, Clone, PartialEq)]
pub enum AppAction {
    /// Show another screen.
    Go(ScreenName),
    /// Pick (creating on first use) the trainee.
    SelectTrainee(String),
    /// Start a call on a scenario (by id).
    StartCall {
        /// Scenario id.
        scenario: String,
        /// Assessment mode (nothing shown until the debrief) instead of coached.
        assessment: bool,
    },
    /// Start a practice exam from a blueprint (by id).
    StartExam {
        /// Blueprint id.
        blueprint: String,
        /// Practice mode (feedback after each answer) instead of exam conditions.
        practice: bool,
    },
    /// Resume an unfinished exam attempt.
    ResumeExam(String),
    /// Resume the trainee's call in progress.
    ResumeCall,
    /// A spaced-repetition drill on the practice exam covering this domain (by id).
    StartDrill(String),
    /// Load the content folders again.
    Reload,
    /// A trainer's preview: the player on a scenario from a node with flags set.
    Preview {
        /// Scenario id.
        scenario: String,
        /// The node to start at (the scenario's start when none).
        from: Option<String>,
        /// Flags set on top of the scenario's own.
        flags: Vec<String>,
    },
    /// Load content from another folder.
    ChangeFolder(PathBuf),
    /// Open the store again (after fixing the problem it reported).
    RetryStore,
    /// Write the attempts kept in memory after a failed write.
    RetryPending,
    /// Open or close the glossary window.
    ToggleGlossary,
    /// Show the first-run walkthrough again.
    ShowWalkthrough,
    /// Close the walkthrough (and remember that it was seen).
    FinishWalkthrough,
    /// Dismiss the notice bar.
    DismissNotice,
    /// Write this data folder into the config file (used from the next start).
    SaveDataDir(String),
    /// Save the current trainee's cohort and extra exam time.
    SaveProfile {
        /// Cohort name, if any.
        cohort: Option<String>,
        /// Extra-time factor (1.0 for none).
        extra_time: f64,
    },
}

/// How the app starts.
pub struct AppOptions {
    /// The content folders (`scenarios/`, `question_banks/`).
    pub content_paths: Vec<PathBuf>,
    /// The data folder for the records, or why it could not be found.
    pub data_dir: Result<PathBuf, String>,
    /// Time, for timers and records.
    pub clock: Arc<dyn Clock>,
    /// The screen to open on (home when none).
    pub screen: Option<ScreenName>,
    /// Take a picture of one screen and close (`--screenshot`).
    pub shot: Option<ShotPlan>,
}

/// UI preferences kept in eframe's storage (never trainee data).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Prefs {
    /// Light, dark or follow the system.
    pub theme: egui::ThemePreference,
    /// Zoom factor for text and controls.
    pub zoom: f32,
    /// Whether the first-run walkthrough was closed.
    pub walkthrough_done: bool,
}

impl Default for Prefs {
    fn default() -> Self {
        Prefs {
            theme: egui::ThemePreference::System,
            zoom: 1.0,
            walkthrough_done: false,
        }
    }
}

/// The key of [`Prefs`] in eframe's storage.
pub const PREFS_KEY: &str = "rightparty-prefs";

/// Where content loading is. The folders are watched: an edit loads them again, keeping the
/// last good version of a file that broke.
pub enum ContentState {
    /// The first load is running on the watcher's thread.
    Loading,
    /// Loaded (possibly with diagnostics).
    Ready(Arc<ContentSet>),
    /// The worker went away without an answer.
    Failed(String),
}

/// The records store, or why it is not open. The app never quietly starts on an empty store:
/// when opening fails, nothing is recorded and the reason stays on screen.
pub enum StoreState {
    /// Open.
    Open(Store),
    /// Not open: the message names the file and what to do.
    Failed(String),
}

/// What the app knows about the current trainee, read from the store when they are picked
/// and after each recorded attempt.
#[derive(Debug, Clone)]
pub struct TraineeData {
    /// Their profile.
    pub trainee: Trainee,
    /// Their call attempts, oldest first.
    pub calls: Vec<CallAttempt>,
    /// Their finished exams, oldest first.
    pub exams: Vec<AttemptRecord>,
    /// Ids of their unfinished exams, oldest first.
    pub unfinished_exams: Vec<String>,
    /// Their call in progress, if any.
    pub call_in_progress: Option<crate::store::calls::CallInProgress>,
    /// Their certifications whose renewal is due within [`REMINDER_DAYS`] (or overdue).
    pub renewals: Vec<crate::store::certs::Certification>,
}

/// How far ahead Home reminds of a certification renewal.
pub const REMINDER_DAYS: u32 = 90;

/// A call on screen: the view, and what recording it needs.
pub struct ActiveCall {
    /// The player.
    pub view: PlayerView,
    /// The scenario played.
    pub compiled: Arc<Compiled>,
    /// The content hash of the scenario file when the call began.
    pub content_hash: String,
    /// A trainer's preview (started at a node with chosen flags): not recorded, not resumed.
    pub preview: bool,
}

impl TraineeData {
    /// The best call result per scenario id (passed first, then the highest lowest axis).
    /// Borrowed, not cloned: the library asks for it every frame.
    pub fn best_calls(&self) -> HashMap<&str, &CallResult> {
        let key = |r: &CallResult| {
            let s = r.scores;
            (
                r.passed,
                s.negotiation.min(s.composure).min(s.compliance),
                s.negotiation + s.composure + s.compliance,
            )
        };
        let mut best: HashMap<&str, &CallResult> = HashMap::new();
        for r in self.calls.iter().map(|a| &a.result) {
            match best.get(r.scenario.as_str()) {
                Some(b) if key(b) >= key(r) => {}
                _ => {
                    best.insert(&r.scenario, r);
                }
            }
        }
        best
    }
}

/// The progress screen's report.
pub enum ProgressState {
    /// Nothing asked for yet.
    None,
    /// Being read on a worker thread.
    Loading(Receiver<Result<crate::store::report::ProgressReport, String>>),
    /// Ready to draw.
    Ready(Box<ProgressView>),
    /// Could not be read.
    Failed(String),
}

/// A short message across the top of the window.
#[derive(Debug, Clone, PartialEq)]
pub struct Notice {
    /// The words.
    pub text: String,
    /// Whether it reports a problem.
    pub error: bool,
}

/// The desktop app.
pub struct RightpartyApp {
    /// The content folders.
    pub content_paths: Vec<PathBuf>,
    /// The loaded content.
    pub content: ContentState,
    /// Loads and watches the content folders.
    watcher: ContentWatcher,
    /// The data folder, or why there is none.
    pub data_dir: Result<PathBuf, String>,
    /// The records.
    pub store: StoreState,
    /// The current trainee and their records.
    pub trainee: Option<TraineeData>,
    /// Every trainee in the store, by name (read when the store opens and after a new one).
    pub known_trainees: Vec<Trainee>,
    /// The screen showing.
    pub screen: ScreenName,
    /// UI preferences.
    pub prefs: Prefs,
    /// The message bar.
    pub notice: Option<Notice>,
    /// Whether the glossary window is open.
    pub glossary_open: bool,
    /// The walkthrough step showing, if it is open.
    pub walkthrough: Option<usize>,
    /// Time.
    pub clock: Arc<dyn Clock>,
    /// The library's search, filters and open problem.
    pub catalogue: Catalogue,
    /// The exam in progress (or its results), if any.
    pub exam_room: Option<ExamRoom>,
    /// The call in progress, if any.
    pub call: Option<ActiveCall>,
    /// The debrief of the last call, if open.
    pub debrief: Option<(DebriefView, PlayMode)>,
    /// The progress screen's report.
    pub progress: ProgressState,
    /// The trainer screen.
    pub trainer: TrainerView,
    /// The cohort table on the trainer screen (read when the screen opens).
    pub cohort: Option<CohortData>,
    cohort_rx: Option<Receiver<Result<CohortData, String>>>,
    /// The home screen's fields.
    pub home: home::HomeState,
    /// The settings screen's fields.
    pub settings: settings::SettingsState,
    compiled: HashMap<String, Arc<Compiled>>,
    actions: Vec<AppAction>,
    repaint: Option<egui::Context>,
    /// The screen still to set up once content has loaded (`--screen`).
    pending_screen: Option<ScreenName>,
    shooter: Option<Shooter>,
    styled: bool,
}

impl RightpartyApp {
    /// Starts the app: opens the store and starts loading content on a worker thread.
    /// `ctx` is asked to repaint when loading finishes (none in tests that wait instead).
    pub fn new(opts: AppOptions, ctx: Option<&egui::Context>, prefs: Prefs) -> Self {
        let store = open_store(&opts.data_dir);
        let mut app = RightpartyApp {
            watcher: ContentWatcher::start(opts.content_paths.clone(), ctx.cloned()),
            content_paths: opts.content_paths,
            content: ContentState::Loading,
            data_dir: opts.data_dir,
            store,
            trainee: None,
            known_trainees: Vec::new(),
            screen: ScreenName::Home,
            walkthrough: (!prefs.walkthrough_done).then_some(0),
            prefs,
            notice: None,
            glossary_open: false,
            clock: opts.clock,
            catalogue: Catalogue::default(),
            exam_room: None,
            call: None,
            debrief: None,
            progress: ProgressState::None,
            trainer: TrainerView::new(),
            cohort: None,
            cohort_rx: None,
            home: home::HomeState::default(),
            settings: settings::SettingsState::default(),
            compiled: HashMap::new(),
            actions: Vec::new(),
            repaint: ctx.cloned(),
            pending_screen: opts.screen.or(opts.shot.as_ref().map(|s| s.screen)),
            shooter: opts.shot.map(Shooter::new),
            styled: false,
        };
        app.settings.data_dir_text = app
            .data_dir
            .as_ref()
            .map(|d| d.display().to_string())
            .unwrap_or_default();
        app.refresh_trainees();
        app.trainer.set_folder(&content_root(&app.content_paths));
        app
    }

    fn refresh_trainees(&mut self) {
        self.known_trainees = match &self.store {
            StoreState::Open(store) => match store.trainees() {
                Ok(list) => list,
                Err(e) => {
                    self.say(format!("Could not list the trainees: {e}"), true);
                    Vec::new()
                }
            },
            StoreState::Failed(_) => Vec::new(),
        };
    }

    /// Loads (and watches) the content folders again from scratch.
    pub fn start_loading(&mut self) {
        self.watcher = ContentWatcher::start(self.content_paths.clone(), self.repaint.clone());
        if self.content().is_none() {
            self.content = ContentState::Loading;
        }
    }

    /// Waits (up to a minute) for the first load to finish: tests and screenshots; the window
    /// polls instead.
    pub fn wait_for_content(&mut self) {
        let until = std::time::Instant::now() + std::time::Duration::from_secs(60);
        while matches!(self.content, ContentState::Loading) {
            if let Some(reload) = self.watcher.poll() {
                self.on_reload(reload);
                return;
            }
            if std::time::Instant::now() > until {
                self.content = ContentState::Failed("loading took over a minute".into());
                return;
            }
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
    }

    /// Takes in a finished load: the new content, and the open call moved onto its scenario's
    /// new version where the call still fits it.
    fn on_reload(&mut self, reload: Reload) {
        let first = matches!(self.content, ContentState::Loading);
        self.content = ContentState::Ready(reload.content);
        self.compiled.clear();
        if let Some(e) = reload.watch_error {
            self.say(
                format!("Content loaded, but changes will not be picked up: {e}"),
                true,
            );
        }
        if first {
            return;
        }
        let Some(old) = self.call.as_ref().map(|c| c.compiled.clone()) else {
            return;
        };
        let id = old.scenario.id.clone();
        let Ok(new) = self.compiled(&id) else {
            self.say(
                "The scenario of this call now has errors; the call goes on with the last good version.",
                true,
            );
            return;
        };
        if *new.scenario == *old.scenario {
            return;
        }
        let hash = self.scenario_hash(&id).unwrap_or_default();
        let Some(call) = &mut self.call else { return };
        let state = call.view.state().clone();
        let mode = call.view.mode();
        match PlayerView::restore(new.clone(), state, mode, self.clock.clone()) {
            Ok(view) => {
                call.view = view;
                call.compiled = new;
                call.content_hash = hash;
                self.say(
                    "The scenario changed on disk; the call goes on from the same place in the new version.",
                    false,
                );
            }
            Err(e) => self.say(
                format!(
                    "The scenario changed on disk in a way this call cannot follow ({e}); it goes on with the version it started with."
                ),
                true,
            ),
        }
    }

    /// The loaded content, once ready.
    pub fn content(&self) -> Option<&Arc<ContentSet>> {
        match &self.content {
            ContentState::Ready(set) => Some(set),
            _ => None,
        }
    }

    /// The open store, if any.
    pub fn store(&self) -> Option<&Store> {
        match &self.store {
            StoreState::Open(s) => Some(s),
            StoreState::Failed(_) => None,
        }
    }

    /// Queues an action (screens and tests).
    pub fn push(&mut self, action: AppAction) {
        self.actions.push(action);
    }

    /// The compiled scenario with this id (compiled once per load).
    pub fn compiled(&mut self, id: &str) -> Result<Arc<Compiled>, String> {
        if let Some(c) = self.compiled.get(id) {
            return Ok(c.clone());
        }
        let set = self
            .content()
            .ok_or_else(|| "the content is still loading".to_string())?;
        let loaded = launch::usable_by_id(&set.scenarios, id, |s| &s.id, "scenario")?;
        let compiled = Compiled::new(Arc::new(loaded.item.clone()))
            .map(Arc::new)
            .map_err(|e| format!("scenario `{id}` cannot be played: {e}"))?;
        self.compiled.insert(id.to_string(), compiled.clone());
        Ok(compiled)
    }

    fn say(&mut self, text: impl Into<String>, error: bool) {
        self.notice = Some(Notice {
            text: text.into(),
            error,
        });
    }

    /// Saves a running exam (and call) so the next start resumes it; the window calls this on
    /// close. Failures are printed: the window is going away.
    pub fn save_open_work(&mut self) {
        self.save_call_progress();
        if let Some(room) = &mut self.exam_room
            && room.result().is_none()
            && let Err(e) = room.save()
        {
            eprintln!("rightparty: could not save the open exam: {e}");
        }
    }

    /// Reads the current trainee's records again.
    pub fn refresh_trainee(&mut self) {
        let Some(name) = self.trainee.as_ref().map(|t| t.trainee.name.clone()) else {
            return;
        };
        match self.load_trainee(&name) {
            Ok(data) => self.trainee = Some(data),
            Err(e) => self.say(format!("Could not read {name}'s records: {e}"), true),
        }
    }

    fn load_trainee(&self, name: &str) -> Result<TraineeData, String> {
        use crate::exam::SessionSaver;
        let store = self
            .store()
            .ok_or_else(|| "the records store is not open".to_string())?;
        let trainee = store.trainee(name).map_err(|e| e.to_string())?;
        let calls = store.call_attempts(Some(name)).map_err(|e| e.to_string())?;
        let exams = store.exam_attempts(Some(name)).map_err(|e| e.to_string())?;
        let unfinished_exams = store.unfinished(name).map_err(|e| e.to_string())?;
        let call_in_progress = store.call_in_progress(name).map_err(|e| e.to_string())?;
        let today = self.clock.wall().date_naive();
        let renewals = store
            .renewals_due(today, REMINDER_DAYS)
            .map_err(|e| e.to_string())?
            .into_iter()
            .filter(|c| c.trainee == name)
            .collect();
        Ok(TraineeData {
            trainee,
            calls,
            exams,
            unfinished_exams,
            call_in_progress,
            renewals,
        })
    }

    /// Applies the queued actions.
    pub fn apply_actions(&mut self) {
        for action in std::mem::take(&mut self.actions) {
            self.apply(action);
        }
    }

    fn apply(&mut self, action: AppAction) {
        match action {
            AppAction::Go(ScreenName::Progress) => {
                self.screen = ScreenName::Progress;
                self.load_progress();
            }
            AppAction::Go(ScreenName::Trainer) => {
                self.screen = ScreenName::Trainer;
                self.load_cohort();
            }
            AppAction::Go(screen) => self.screen = screen,
            AppAction::SelectTrainee(name) => {
                let name = name.trim().to_string();
                if name.is_empty() {
                    self.say("Type a name first.", true);
                    return;
                }
                match self.load_trainee(&name) {
                    Ok(data) => {
                        self.say(format!("Training as {name}."), false);
                        self.trainee = Some(data);
                        self.refresh_trainees();
                    }
                    Err(e) => self.say(format!("Could not open {name}'s records: {e}"), true),
                }
            }
            AppAction::StartCall {
                scenario,
                assessment,
            } => {
                let mode = if assessment {
                    PlayMode::Assessment
                } else {
                    PlayMode::Coached
                };
                let clock = self.clock.clone();
                self.open_call(&scenario, |compiled| {
                    PlayerView::new(compiled, crate::clock::random_seed(), mode, clock)
                });
            }
            AppAction::ResumeCall => {
                let Some(saved) = self
                    .trainee
                    .as_ref()
                    .and_then(|t| t.call_in_progress.clone())
                else {
                    self.say("There is no call to resume.", true);
                    return;
                };
                let mode = if saved.mode == "assessment" {
                    PlayMode::Assessment
                } else {
                    PlayMode::Coached
                };
                let clock = self.clock.clone();
                let state = saved.state.clone();
                self.open_call(&saved.scenario_id, |compiled| {
                    PlayerView::restore(compiled, state, mode, clock)
                });
                if let Some(call) = &self.call
                    && call.content_hash != saved.content_hash
                {
                    self.say(
                        "The scenario was edited since this call began; it resumes on the new version.",
                        false,
                    );
                }
            }
            AppAction::SaveDataDir(text) => self.save_data_dir(&text),
            AppAction::SaveProfile { cohort, extra_time } => {
                let (Some(store), Some(t)) = (self.store().cloned(), self.trainee.as_ref()) else {
                    return;
                };
                let name = t.trainee.name.clone();
                match store.set_trainee(&name, cohort.as_deref(), extra_time) {
                    Ok(_) => {
                        self.refresh_trainee();
                        self.refresh_trainees();
                        self.say(format!("Saved {name}'s profile."), false);
                    }
                    Err(e) => self.say(format!("Could not save the profile: {e}"), true),
                }
            }
            AppAction::StartExam {
                blueprint,
                practice,
            } => self.open_exam(|set, trainee, env| {
                launch::start_exam(
                    set,
                    &blueprint,
                    practice,
                    &trainee.trainee,
                    &trainee.exams,
                    crate::clock::random_seed(),
                    env,
                )
            }),
            AppAction::ResumeExam(id) => self.open_exam(|_set, _trainee, env| {
                Session::resume(&id, env).map_err(|e| format!("Could not resume exam {id}: {e}"))
            }),
            AppAction::StartDrill(domain) => {
                let now = self.clock.wall();
                self.open_exam(|set, trainee, env| {
                    launch::start_drill(
                        set,
                        &domain,
                        &trainee.trainee,
                        &trainee.exams,
                        now,
                        crate::clock::random_seed(),
                        env,
                    )
                })
            }
            AppAction::Reload => self.start_loading(),
            AppAction::Preview {
                scenario,
                from,
                flags,
            } => self.open_preview(&scenario, from.as_deref(), &flags),
            AppAction::ChangeFolder(dir) => {
                self.content_paths = content_paths_in(&dir);
                self.trainer.set_folder(&dir);
                self.content = ContentState::Loading;
                self.start_loading();
                self.say(format!("Content from {}.", dir.display()), false);
            }
            AppAction::RetryStore => {
                self.store = open_store(&self.data_dir);
                if let StoreState::Open(_) = self.store {
                    self.say("The records store is open.", false);
                }
                self.refresh_trainees();
            }
            AppAction::RetryPending => {
                if let Some(store) = self.store().cloned() {
                    match store.retry_pending() {
                        Ok(n) => {
                            self.say(format!("{n} waiting attempts written."), false);
                            self.refresh_trainee();
                        }
                        Err(e) => self.say(format!("Still cannot write: {e}"), true),
                    }
                }
            }
            AppAction::ToggleGlossary => self.glossary_open = !self.glossary_open,
            AppAction::ShowWalkthrough => self.walkthrough = Some(0),
            AppAction::FinishWalkthrough => {
                self.walkthrough = None;
                self.prefs.walkthrough_done = true;
            }
            AppAction::DismissNotice => self.notice = None,
        }
    }

    /// Starts an exam session built by `make` (which gets the content, the trainee and the
    /// session environment) and shows the exam room. Needs a trainee.
    fn open_exam(
        &mut self,
        make: impl FnOnce(&ContentSet, &TraineeData, crate::exam::Env) -> Result<Session, String>,
    ) {
        if self
            .exam_room
            .as_ref()
            .is_some_and(|r| r.result().is_none())
        {
            self.screen = ScreenName::Exam;
            self.say(
                "An exam is already open: finish it, or leave it to resume later, first.",
                true,
            );
            return;
        }
        let Some(trainee) = self.trainee.clone() else {
            self.screen = ScreenName::Home;
            self.say("Choose a trainee first: exams are kept under a name.", true);
            return;
        };
        let Some(set) = self.content().cloned() else {
            self.say("The content is still loading.", true);
            return;
        };
        let env = launch::env(self.clock.clone(), self.store());
        match make(&set, &trainee, env) {
            Ok(session) => {
                self.exam_room = Some(ExamRoom::new(session));
                self.screen = ScreenName::Exam;
                self.notice = None;
            }
            Err(e) => self.say(e, true),
        }
    }

    /// Opens the player on a scenario (by id) with a view built by `make`. Needs a trainee:
    /// calls are recorded under a name.
    fn open_call(
        &mut self,
        scenario: &str,
        make: impl FnOnce(Arc<Compiled>) -> Result<PlayerView, crate::call::CallError>,
    ) {
        if self.call.is_some() {
            self.screen = ScreenName::Player;
            self.say(
                "A call is already open: finish it, or leave it to resume later, first.",
                true,
            );
            return;
        }
        if self.trainee.is_none() {
            self.screen = ScreenName::Home;
            self.say("Choose a trainee first: calls are kept under a name.", true);
            return;
        }
        let compiled = match self.compiled(scenario) {
            Ok(c) => c,
            Err(e) => return self.say(e, true),
        };
        let content_hash = match self.scenario_hash(scenario) {
            Ok(h) => h,
            Err(e) => return self.say(e, true),
        };
        match make(compiled.clone()) {
            Ok(view) => {
                self.call = Some(ActiveCall {
                    view,
                    compiled,
                    content_hash,
                    preview: false,
                });
                self.debrief = None;
                self.screen = ScreenName::Player;
                self.notice = None;
                self.save_call_progress();
            }
            Err(e) => self.say(format!("The call could not start: {e}"), true),
        }
    }

    /// The content hash of the scenario file with this id (the version being played).
    fn scenario_hash(&self, id: &str) -> Result<String, String> {
        let set = self.content().ok_or("the content is still loading")?;
        let loaded = launch::usable_by_id(&set.scenarios, id, |s| &s.id, "scenario")?;
        std::fs::read(&loaded.path)
            .map(|b| crate::store::content_hash(&b))
            .map_err(|e| format!("cannot read {}: {e}", loaded.path.display()))
    }

    /// Saves the open call so it resumes after a restart.
    fn save_call_progress(&mut self) {
        let (Some(call), Some(store), Some(t)) = (&self.call, self.store(), &self.trainee) else {
            return;
        };
        if call.view.result().is_some() || call.preview {
            return;
        }
        let mode = match call.view.mode() {
            PlayMode::Coached => "coached",
            PlayMode::Assessment => "assessment",
        };
        if let Err(e) = store.save_call_in_progress(
            &t.trainee.name,
            &call.content_hash,
            mode,
            call.view.state(),
        ) {
            let msg = format!("The call could not be saved for resuming: {e}");
            self.say(msg, true);
        }
    }

    fn show_player(&mut self, ui: &mut egui::Ui) {
        let Some(call) = &mut self.call else {
            egui::CentralPanel::default().show(ui, |ui| {
                ui.heading("Call");
                ui.label("No call is open. Pick a scenario in the library.");
            });
            return;
        };
        match call.view.show(ui) {
            Some(PlayerEvent::Decided(_)) => self.save_call_progress(),
            Some(PlayerEvent::Finished { result, state }) => {
                let Some(call) = self.call.take() else { return };
                let mode = call.view.mode();
                if let (Some(store), Some(t), false) = (self.store(), &self.trainee, call.preview)
                    && let Err(e) = store.record_call(&t.trainee.name, &result, &call.content_hash)
                {
                    let msg = format!("The call could not be recorded: {e}");
                    self.say(msg, true)
                }
                self.refresh_trainee();
                self.debrief = Some((DebriefView::new(call.compiled, *result, state), mode));
                self.screen = ScreenName::Debrief;
            }
            Some(PlayerEvent::Left(_)) => {
                self.save_call_progress();
                self.call = None;
                self.refresh_trainee();
                self.screen = ScreenName::Home;
                self.say(
                    "The call is saved; resume it from Home when you are ready.",
                    false,
                );
            }
            None => {}
        }
    }

    fn show_debrief(&mut self, ui: &mut egui::Ui) {
        let Some((view, mode)) = &mut self.debrief else {
            egui::CentralPanel::default().show(ui, |ui| {
                ui.heading("Debrief");
                ui.label("Finish a call to see its debrief.");
            });
            return;
        };
        let mode = *mode;
        match view.show(ui) {
            Some(DebriefEvent::ReplayFrom { state }) => {
                let scenario = state.scenario.clone();
                let clock = self.clock.clone();
                self.open_call(&scenario, |compiled| {
                    PlayerView::restore(compiled, *state, mode, clock)
                });
            }
            Some(DebriefEvent::Done) => {
                self.debrief = None;
                self.screen = ScreenName::Library;
            }
            None => {}
        }
    }

    /// Writes the data folder into the config file.
    fn save_data_dir(&mut self, text: &str) {
        let text = text.trim();
        if text.is_empty() {
            return self.say("Type a folder first.", true);
        }
        match crate::store::location::write_config_data_dir(std::path::Path::new(text)) {
            Ok(path) => self.say(
                format!(
                    "Saved in {}; the app uses {text} from its next start.",
                    path.display()
                ),
                false,
            ),
            Err(e) => self.say(format!("Could not save the data folder: {e}"), true),
        }
    }

    /// A trainer's preview: not recorded, no trainee needed.
    fn open_preview(&mut self, scenario: &str, from: Option<&str>, flags: &[String]) {
        if self.call.is_some() {
            self.screen = ScreenName::Player;
            return self.say(
                "A call is already open: finish it, or leave it, before a preview.",
                true,
            );
        }
        let compiled = match self.compiled(scenario) {
            Ok(c) => c,
            Err(e) => return self.say(e, true),
        };
        let run = match CallRun::start_with_flags(compiled.clone(), 1, from, flags) {
            Ok(r) => r,
            Err(e) => return self.say(format!("The preview could not start: {e}"), true),
        };
        self.call = Some(ActiveCall {
            view: PlayerView::from_run(run, PlayMode::Coached, self.clock.clone()),
            compiled,
            content_hash: String::new(),
            preview: true,
        });
        self.debrief = None;
        self.screen = ScreenName::Player;
        self.say("Preview: this call is not recorded.", false);
    }

    /// Reads the cohort table for the trainer screen in the background.
    fn load_cohort(&mut self) {
        let (Some(store), Some(set)) = (self.store().cloned(), self.content().cloned()) else {
            return;
        };
        let index = crate::store::report::ContentIndex::from_content(&set);
        let (tx, rx) = std::sync::mpsc::channel();
        let ctx = self.repaint.clone();
        std::thread::spawn(move || {
            let rows = store
                .cohort_report(None, &index)
                .map(|r| cohort_data(&r))
                .map_err(|e| e.to_string());
            let _ = tx.send(rows);
            if let Some(ctx) = ctx {
                ctx.request_repaint();
            }
        });
        self.cohort_rx = Some(rx);
    }

    fn show_trainer(&mut self, ui: &mut egui::Ui) {
        if let Some(rx) = &self.cohort_rx {
            match rx.try_recv() {
                Ok(Ok(c)) => {
                    self.cohort = Some(c);
                    self.cohort_rx = None;
                }
                Ok(Err(e)) => {
                    self.cohort_rx = None;
                    self.say(format!("Could not read the cohort: {e}"), true);
                }
                Err(TryRecvError::Empty) => {}
                Err(TryRecvError::Disconnected) => self.cohort_rx = None,
            }
        }
        let Some(set) = self.content().cloned() else {
            egui::CentralPanel::default().show(ui, |ui| {
                ui.label("Loading content…");
            });
            return;
        };
        let run = self.call.as_ref().map(|c| c.view.state().clone());
        let event = egui::CentralPanel::default()
            .show(ui, |ui| {
                self.trainer
                    .show_with_run(ui, &set, self.cohort.as_ref(), run.as_ref())
            })
            .inner;
        match event {
            Some(TrainerEvent::Preview {
                scenario_id,
                from,
                flags,
            }) => self.push(AppAction::Preview {
                scenario: scenario_id,
                from,
                flags,
            }),
            Some(TrainerEvent::ChangeFolder(dir)) => self.push(AppAction::ChangeFolder(dir)),
            None => {}
        }
    }

    /// Reads the trainee's progress report in the background.
    fn load_progress(&mut self) {
        let (Some(store), Some(t), Some(set)) = (
            self.store().cloned(),
            self.trainee.as_ref().map(|t| t.trainee.name.clone()),
            self.content().cloned(),
        ) else {
            self.progress = ProgressState::None;
            return;
        };
        self.progress = ProgressState::Loading(launch::progress_in_background(
            store,
            t,
            &set,
            self.repaint.clone(),
        ));
    }

    fn show_exam(&mut self, ui: &mut egui::Ui) {
        let Some(room) = &mut self.exam_room else {
            egui::CentralPanel::default().show(ui, |ui| {
                ui.heading("Exam room");
                ui.label("No exam is open. Start one from the library.");
            });
            return;
        };
        match room.show(ui) {
            Some(ExamRoomEvent::Finished(result)) => {
                self.refresh_trainee();
                self.say(
                    format!(
                        "Exam submitted: {} ({}).",
                        crate::exam::scoring::format_percent(result.percent),
                        if result.passed {
                            "passed"
                        } else {
                            "not passed"
                        }
                    ),
                    false,
                );
            }
            Some(ExamRoomEvent::Left) => {
                self.exam_room = None;
                self.refresh_trainee();
                self.screen = ScreenName::Home;
                self.say(
                    "The exam is saved; resume it from Home when you are ready.",
                    false,
                );
            }
            Some(ExamRoomEvent::Closed) => {
                self.exam_room = None;
                self.screen = ScreenName::Home;
            }
            None => {}
        }
    }

    fn show_progress(&mut self, ui: &mut egui::Ui) {
        if let ProgressState::Loading(rx) = &self.progress {
            match rx.try_recv() {
                Ok(Ok(report)) => {
                    self.progress = ProgressState::Ready(Box::new(ProgressView::new(report)))
                }
                Ok(Err(e)) => self.progress = ProgressState::Failed(e),
                Err(TryRecvError::Empty) => {}
                Err(TryRecvError::Disconnected) => {
                    self.progress = ProgressState::Failed("the report thread stopped".into())
                }
            }
        }
        egui::CentralPanel::default().show(ui, |ui| {
            if self.trainee.is_none() {
                ui.heading("Progress");
                ui.label("Choose a trainee on Home to see their progress.");
                return;
            }
            match &mut self.progress {
                ProgressState::None => {
                    ui.heading("Progress");
                    ui.label("Progress needs the records store and the content.");
                }
                ProgressState::Loading(_) => {
                    ui.horizontal(|ui| {
                        ui.spinner();
                        ui.label("Reading the records…");
                    });
                }
                ProgressState::Failed(e) => {
                    ui.colored_label(
                        ui.visuals().error_fg_color,
                        format!("Could not read the progress report: {e}"),
                    );
                }
                ProgressState::Ready(view) => match view.show(ui) {
                    Some(ProgressEvent::PracticeScenario(id)) => {
                        self.actions.push(AppAction::StartCall {
                            scenario: id,
                            assessment: false,
                        })
                    }
                    Some(ProgressEvent::DrillDomain(d)) => {
                        self.actions.push(AppAction::StartDrill(d))
                    }
                    None => {}
                },
            }
        });
    }

    fn poll_content(&mut self) {
        if let Some(reload) = self.watcher.poll() {
            self.on_reload(reload);
        }
    }

    /// Draws the whole window into `ui` and applies what the screens asked for.
    pub fn show(&mut self, ui: &mut egui::Ui) {
        self.poll_content();
        let ctx = ui.ctx().clone();
        if !self.styled {
            self.styled = true;
            readable_text(&ctx);
        }
        ctx.set_theme(self.prefs.theme);
        if (ctx.zoom_factor() - self.prefs.zoom).abs() > f32::EPSILON {
            ctx.set_zoom_factor(self.prefs.zoom);
        }
        self.keyboard(&ctx);
        self.top_bar(ui);
        egui::Panel::bottom("footer").show(ui, |ui| {
            ui.label(RichText::new(crate::DISCLAIMER).weak());
        });
        match self.screen {
            ScreenName::Exam => self.show_exam(ui),
            ScreenName::Player => self.show_player(ui),
            ScreenName::Debrief => self.show_debrief(ui),
            ScreenName::Progress => self.show_progress(ui),
            ScreenName::Trainer => self.show_trainer(ui),
            screen => {
                egui::CentralPanel::default().show(ui, |ui| match screen {
                    ScreenName::Home => home::show(self, ui),
                    ScreenName::Library => super::catalogue::show(self, ui),
                    ScreenName::Settings => settings::show(self, ui),
                    // Drawn above, outside a central panel of ours.
                    _ => {}
                });
            }
        }
        if self.glossary_open {
            let mut open = true;
            glossary::window(&ctx, &mut open);
            if !open {
                self.glossary_open = false;
            }
        }
        if let Some(step) = self.walkthrough
            && let Some(action) = glossary::walkthrough(&ctx, step)
        {
            match action {
                glossary::WalkthroughStep::Go(n) => self.walkthrough = Some(n),
                glossary::WalkthroughStep::Done => self.push(AppAction::FinishWalkthrough),
            }
        }
        self.apply_actions();
        let ready = self.open_pending_screen();
        if let Some(shooter) = &mut self.shooter {
            shooter.frame(&ctx, ready);
        }
    }

    /// Sets up the `--screen` asked for once content is there: Ok(true) when it shows.
    fn open_pending_screen(&mut self) -> Result<bool, String> {
        let Some(screen) = self.pending_screen else {
            return Ok(true);
        };
        match &self.content {
            ContentState::Loading => return Ok(false),
            ContentState::Failed(e) => return Err(format!("content did not load: {e}")),
            ContentState::Ready(_) => {}
        }
        self.pending_screen = None;
        // Only a picture plays a sample call or exam (as "Sample trainee"); a plain `--screen`
        // opens the screen as it is.
        if self.shooter.is_some() {
            self.open_sample(screen)?;
        } else {
            self.apply(AppAction::Go(screen));
        }
        Ok(true)
    }

    /// Opens `screen` as a picture of it shows it: the player and debrief on the first
    /// scenario played by its first choices, the exam room on the first practice exam begun
    /// (both as [`Self::SAMPLE_TRAINEE`]), any other screen as it is. Content must be loaded.
    pub fn open_sample(&mut self, screen: ScreenName) -> Result<(), String> {
        match screen {
            ScreenName::Exam => self.sample_exam(),
            ScreenName::Player => self.sample_call(false),
            ScreenName::Debrief => self.sample_call(true),
            _ => {
                self.apply(AppAction::Go(screen));
                Ok(())
            }
        }
    }

    /// The trainee used for `--screen` pictures of the player, debrief and exam room.
    pub const SAMPLE_TRAINEE: &str = "Sample trainee";

    /// `--screen player` / `debrief`: the first scenario, coached, played by its first choices
    /// (two decisions for the player; to the end for the debrief).
    fn sample_call(&mut self, to_the_end: bool) -> Result<(), String> {
        self.apply(AppAction::SelectTrainee(Self::SAMPLE_TRAINEE.into()));
        let set = self.content().cloned().ok_or("no content")?;
        let id = set
            .scenarios
            .iter()
            .find(|s| s.usable())
            .ok_or("there is no playable scenario in the content")?
            .item
            .id
            .clone();
        let clock = self.clock.clone();
        self.open_call(&id, |compiled| {
            PlayerView::new(compiled, 1, PlayMode::Coached, clock)
        });
        let steps = if to_the_end { 500 } else { 2 };
        for _ in 0..steps {
            let Some(call) = &mut self.call else {
                return Err("the call did not open".into());
            };
            match call.view.pick(1) {
                Some(PlayerEvent::Finished { result, state }) => {
                    let call = self.call.take().ok_or("no call")?;
                    let mut view = DebriefView::new(call.compiled, *result, state);
                    view.wait_for_alternatives();
                    self.debrief = Some((view, PlayMode::Coached));
                    self.screen = ScreenName::Debrief;
                    return Ok(());
                }
                Some(_) => {}
                None => return Err("the first choice could not be picked".into()),
            }
        }
        if to_the_end {
            return Err("the call did not end within 500 first choices".into());
        }
        self.notice = None;
        Ok(())
    }

    /// `--screen exam`: the first practice exam, begun, with two questions answered and one
    /// flagged.
    fn sample_exam(&mut self) -> Result<(), String> {
        use crate::exam::Action;
        self.apply(AppAction::SelectTrainee(Self::SAMPLE_TRAINEE.into()));
        let trainee = self
            .trainee
            .clone()
            .ok_or_else(|| "no records store to keep the sample trainee".to_string())?;
        let set = self.content().cloned().ok_or("no content")?;
        let bp = set
            .blueprints
            .first()
            .ok_or("there is no practice exam in the content")?
            .item
            .id
            .clone();
        let env = launch::env(self.clock.clone(), self.store());
        let mut session = launch::start_exam(&set, &bp, false, &trainee.trainee, &[], 1, env)?;
        let err = |e: crate::exam::SessionError| e.to_string();
        session.apply(Action::Begin).map_err(err)?;
        session.apply(Action::Answer(vec![1])).map_err(err)?;
        session.apply(Action::Next).map_err(err)?;
        session.apply(Action::Answer(vec![0])).map_err(err)?;
        session.apply(Action::Flag).map_err(err)?;
        session.apply(Action::Next).map_err(err)?;
        let mut room = ExamRoom::new(session);
        room.clear_notice();
        self.exam_room = Some(room);
        self.screen = ScreenName::Exam;
        self.notice = None;
        Ok(())
    }

    fn keyboard(&mut self, ctx: &egui::Context) {
        // F1 opens the glossary anywhere; Esc goes home from the browsing screens (the player and
        // the exam room use Esc themselves).
        if ctx.input(|i| i.key_pressed(egui::Key::F1)) {
            self.push(AppAction::ToggleGlossary);
        }
        let browsing = matches!(
            self.screen,
            ScreenName::Library | ScreenName::Progress | ScreenName::Settings | ScreenName::Trainer
        );
        if browsing
            && self.walkthrough.is_none()
            && !self.glossary_open
            && ctx.input(|i| i.key_pressed(egui::Key::Escape))
        {
            self.push(AppAction::Go(ScreenName::Home));
        }
    }

    fn top_bar(&mut self, ui: &mut egui::Ui) {
        egui::Panel::top("nav").show(ui, |ui| {
            ui.horizontal(|ui| {
                ui.heading("rightparty");
                ui.separator();
                // The screens always there, then those of an open call, debrief or exam.
                let open = [
                    (ScreenName::Home, true),
                    (ScreenName::Library, true),
                    (ScreenName::Progress, true),
                    (ScreenName::Trainer, true),
                    (ScreenName::Settings, true),
                    (ScreenName::Player, self.call.is_some()),
                    (ScreenName::Debrief, self.debrief.is_some()),
                    (ScreenName::Exam, self.exam_room.is_some()),
                ];
                for (screen, shown) in open {
                    if shown
                        && ui
                            .selectable_label(self.screen == screen, screen.label())
                            .clicked()
                    {
                        self.push(AppAction::Go(screen));
                    }
                }
                if ui.button("Glossary (F1)").clicked() {
                    self.push(AppAction::ToggleGlossary);
                }
                ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                    match &self.trainee {
                        Some(t) => ui.label(format!("Trainee: {}", t.trainee.name)),
                        None => ui.label(RichText::new("No trainee chosen").weak()),
                    };
                    if self.watcher.loading() {
                        ui.spinner();
                        ui.label("Loading content…");
                    }
                });
            });
            if let Some(n) = self.notice.clone() {
                ui.horizontal(|ui| {
                    let color = if n.error {
                        ui.visuals().error_fg_color
                    } else {
                        ui.visuals().text_color()
                    };
                    ui.colored_label(color, &n.text);
                    if ui.small_button("Dismiss").clicked() {
                        self.push(AppAction::DismissNotice);
                    }
                });
            }
            if let StoreState::Open(store) = &self.store
                && store.pending() > 0
            {
                let n = store.pending();
                let path = store.path().display().to_string();
                ui.horizontal_wrapped(|ui| {
                    ui.colored_label(
                        ui.visuals().error_fg_color,
                        format!(
                            "{n} finished attempt(s) are kept in memory because {path} could not be written. Keep the app open, free space or fix the folder, then write them."
                        ),
                    );
                    if ui.small_button("Write them now").clicked() {
                        self.push(AppAction::RetryPending);
                    }
                });
            }
            if let StoreState::Failed(msg) = &self.store {
                let msg = msg.clone();
                ui.horizontal_wrapped(|ui| {
                    ui.colored_label(
                        ui.visuals().error_fg_color,
                        format!("Records are not being saved: {msg}"),
                    );
                    if ui.small_button("Try again").clicked() {
                        self.push(AppAction::RetryStore);
                    }
                });
            }
        });
    }
}

/// Slightly larger text than egui's defaults, in both themes: this is read for long stretches.
fn readable_text(ctx: &egui::Context) {
    use egui::{FontFamily, FontId, TextStyle};
    ctx.all_styles_mut(|style| {
        style.text_styles = [
            (
                TextStyle::Small,
                FontId::new(11.5, FontFamily::Proportional),
            ),
            (TextStyle::Body, FontId::new(14.5, FontFamily::Proportional)),
            (
                TextStyle::Button,
                FontId::new(14.5, FontFamily::Proportional),
            ),
            (
                TextStyle::Heading,
                FontId::new(21.0, FontFamily::Proportional),
            ),
            (
                TextStyle::Monospace,
                FontId::new(13.5, FontFamily::Monospace),
            ),
        ]
        .into();
    });
}

/// The trainer screen's rows from a cohort report (pass rates as fractions).
fn cohort_data(r: &crate::store::report::CohortReport) -> CohortData {
    let frac = |p: &crate::store::report::PassRate| p.percent.map(|x| x / 100.0);
    CohortData {
        rows: r
            .trainees
            .iter()
            .map(|t| CohortRow {
                name: t.trainee.clone(),
                call_attempts: t.calls.attempts,
                call_pass_rate: frac(&t.calls),
                exam_attempts: t.exams.attempts,
                exam_pass_rate: frac(&t.exams),
                weakest_domains: t.weakest.iter().map(|d| d.name.clone()).collect(),
            })
            .collect(),
    }
}

/// The content paths for a folder: its `scenarios/` and `question_banks/` when it has either,
/// else the folder itself.
pub fn content_paths_in(dir: &Path) -> Vec<PathBuf> {
    let (s, q) = (dir.join("scenarios"), dir.join("question_banks"));
    if s.is_dir() || q.is_dir() {
        vec![s, q]
    } else {
        vec![dir.to_path_buf()]
    }
}

/// The folder the content paths come from (the trainer screen's folder field), absolute.
fn content_root(paths: &[PathBuf]) -> PathBuf {
    let root = match paths {
        [s, q]
            if s.file_name().is_some_and(|n| n == "scenarios")
                && q.file_name().is_some_and(|n| n == "question_banks") =>
        {
            s.parent().map(Path::to_path_buf).unwrap_or_default()
        }
        [one] => one.clone(),
        _ => paths.first().cloned().unwrap_or_default(),
    };
    let root = if root.as_os_str().is_empty() {
        PathBuf::from(".")
    } else {
        root
    };
    std::path::absolute(&root).unwrap_or(root)
}

fn open_store(dir: &Result<PathBuf, String>) -> StoreState {
    match dir {
        Ok(dir) => match Store::open(dir) {
            Ok(store) => StoreState::Open(store),
            Err(e) => StoreState::Failed(e.to_string()),
        },
        Err(e) => StoreState::Failed(e.clone()),
    }
}

impl eframe::App for RightpartyApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.show(ui);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, PREFS_KEY, &self.prefs);
    }

    fn on_exit(&mut self, _gl: Option<&eframe::glow::Context>) {
        self.save_open_work();
    }
}
