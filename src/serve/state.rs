//! What the preview server serves: the latest good build, held in memory and replaced
//! whole, so a browser never sees half of one build and half of another; plus the event
//! stream that tells open tabs when to reload.

use super::report::Made;
use crate::diagnostics::Diagnostic;
use crate::output::Body;
use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;
use std::sync::{Arc, Mutex, RwLock};
use tokio::sync::watch;

/// One complete build.
#[derive(Debug, Default)]
pub(crate) struct Snapshot {
    pub(crate) files: BTreeMap<String, Body>,
    /// Output HTML file → the findings in the source file it shows.
    pub(crate) findings: HashMap<String, Vec<Diagnostic>>,
}

/// What open tabs are told.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Event {
    /// A new build is being served: reload.
    Reload,
    /// Only stylesheets changed: swap them without reloading.
    Css,
    /// The latest build failed; the previous one stays served. The JSON lists the errors.
    BuildError(String),
}

/// The server's shared state.
pub struct State {
    /// Shared with the search indexer, which adds each index it makes to the build served.
    snapshot: Arc<RwLock<Arc<Snapshot>>>,
    /// Makes the search index of each build in the background.
    indexer: super::search::Indexer,
    /// How many builds have been published (the version a page is served from).
    published: std::sync::atomic::AtomicU64,
    /// The errors of the latest build, as JSON, while it is failing.
    failing: Mutex<Option<String>>,
    /// The latest event and its sequence number (starts at 1); each event stream holds a
    /// receiver. Sending needs no runtime, so the synchronous build thread publishes.
    latest: watch::Sender<(u64, Event)>,
    /// Differs between server runs, so a tab reconnecting to a restarted server reloads.
    pub(crate) boot: u64,
    pub(crate) base_path: String,
    /// The site folder: files copied from it are served only if they really lie in it.
    pub(crate) root: PathBuf,
    /// What the editor's report of the build served is made of; `None` until the checks
    /// of that build have run.
    report: RwLock<Option<Arc<Made>>>,
}

impl State {
    pub fn new(root: PathBuf, base_path: String) -> State {
        let boot = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_millis() as u64);
        let snapshot = Arc::new(RwLock::new(Arc::new(Snapshot::default())));
        State {
            indexer: super::search::Indexer::start(Arc::clone(&snapshot)),
            snapshot,
            published: std::sync::atomic::AtomicU64::new(0),
            failing: Mutex::new(None),
            latest: watch::Sender::new((1, Event::Reload)),
            boot,
            base_path,
            root,
            report: RwLock::new(None),
        }
    }

    pub(crate) fn snapshot(&self) -> Arc<Snapshot> {
        Arc::clone(&self.snapshot.read().unwrap_or_else(|p| p.into_inner()))
    }

    /// Serves `snapshot` from now on and tells tabs with `event`. The search index served
    /// before stays served until this build's own is made ([`State::index_search`]).
    pub(crate) fn publish(&self, mut snapshot: Snapshot, event: Event) {
        {
            let mut slot = self.snapshot.write().unwrap_or_else(|p| p.into_inner());
            super::search::carry_over(&slot, &mut snapshot);
            *slot = Arc::new(snapshot);
        }
        self.published
            .fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        *self.failing.lock().unwrap_or_else(|p| p.into_inner()) = None;
        self.notify(event);
    }

    /// Makes the search index of `records` in the background and serves it once made.
    pub(crate) fn index_search(&self, records: Vec<Arc<crate::search::Record>>, language: String) {
        self.indexer.submit(records, language);
    }

    /// Replaces the findings of the build being served (checks finish after the reload).
    pub(crate) fn set_findings(&self, findings: HashMap<String, Vec<Diagnostic>>) {
        let mut slot = self.snapshot.write().unwrap_or_else(|p| p.into_inner());
        let files = slot.files.clone();
        *slot = Arc::new(Snapshot { files, findings });
    }

    /// Replaces what the report is made of (`None` while a new build's checks run).
    pub(crate) fn set_report(&self, made: Option<Made>) {
        *self.report.write().unwrap_or_else(|p| p.into_inner()) = made.map(Arc::new);
    }

    pub(crate) fn report(&self) -> Option<Arc<Made>> {
        self.report
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }

    /// Keeps serving the last good build and tells tabs why the new one failed.
    pub(crate) fn fail(&self, errors_json: String) {
        *self.failing.lock().unwrap_or_else(|p| p.into_inner()) = Some(errors_json.clone());
        self.notify(Event::BuildError(errors_json));
    }

    /// The version of the build being served (`boot-count`), embedded in each page.
    pub(crate) fn version(&self) -> String {
        format!(
            "{}-{}",
            self.boot,
            self.published.load(std::sync::atomic::Ordering::SeqCst)
        )
    }

    /// What a tab is told when it connects: the version served, and the current build
    /// errors (`ok` when there are none).
    pub(crate) fn hello(&self) -> String {
        let failing = self
            .failing
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone();
        format!(
            "{} {}",
            self.version(),
            failing.unwrap_or_else(|| "ok".into())
        )
    }

    fn notify(&self, event: Event) {
        self.latest
            .send_modify(|latest| *latest = (latest.0 + 1, event));
    }

    /// A receiver that is told of each event after this call (a tab that falls behind
    /// sees only the latest, which is all it needs).
    pub(crate) fn subscribe(&self) -> watch::Receiver<(u64, Event)> {
        self.latest.subscribe()
    }
}
