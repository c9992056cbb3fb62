//! The preview's search index, made off the rebuild's path: a saved page reaches the
//! browser as soon as it is rendered, and the index catches up in the background.
//!
//! One thread makes indexes, newest request first: requests that arrive while it works
//! replace one another, so a burst of saves makes one index, not one per save. Until a new
//! index is ready, the one before it stays served (see [`super::State::publish`]).

use super::Snapshot;
use crate::output::Body;
use crate::search::{self, Record};
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, Mutex, RwLock};

/// What to index: every record of the build, and the site's language.
struct Request {
    records: Vec<Arc<Record>>,
    language: String,
}

/// The background indexer of one server.
pub(crate) struct Indexer {
    sender: Mutex<Sender<Request>>,
}

impl Indexer {
    /// Starts the indexing thread, which adds each index it makes to the build served in
    /// `served`. It ends when the indexer is dropped.
    pub(crate) fn start(served: Arc<RwLock<Arc<Snapshot>>>) -> Indexer {
        let (sender, receiver) = mpsc::channel();
        let spawned = std::thread::Builder::new()
            .name("search-index".into())
            .spawn(move || {
                yield_to_rebuilds();
                run(&receiver, &served)
            });
        // Without the thread the preview has no index, and everything else still works.
        drop(spawned);
        Indexer {
            sender: Mutex::new(sender),
        }
    }

    /// Asks for an index of `records`; returns at once.
    pub(crate) fn submit(&self, records: Vec<Arc<Record>>, language: String) {
        let sender = self.sender.lock().unwrap_or_else(|p| p.into_inner());
        // A send fails only when the thread is gone: then there is no index to update.
        let _ = sender.send(Request { records, language });
    }
}

/// Lowers this thread's scheduling priority (Linux gives each thread its own): an index
/// being made must not slow the rebuild of the next save, which a writer is waiting for.
/// Where that cannot be done the index is made at the usual priority.
#[cfg(target_os = "linux")]
fn yield_to_rebuilds() {
    let _ = rustix::process::setpriority_process(Some(rustix::thread::gettid()), 10);
}

#[cfg(not(target_os = "linux"))]
fn yield_to_rebuilds() {}

fn run(receiver: &Receiver<Request>, served: &RwLock<Arc<Snapshot>>) {
    while let Ok(mut request) = receiver.recv() {
        while let Ok(newer) = receiver.try_recv() {
            request = newer;
        }
        // An index that cannot be made leaves the previous one served; the build's own
        // findings are unaffected.
        if let Ok(files) = search::index(request.records, &request.language) {
            install(served, files);
        }
    }
}

/// Serves `files` as the index, in place of any index served before.
fn install(served: &RwLock<Arc<Snapshot>>, files: Vec<search::File>) {
    let mut slot = served.write().unwrap_or_else(|p| p.into_inner());
    let mut updated = Snapshot {
        files: slot.files.clone(),
        findings: slot.findings.clone(),
    };
    let prefix = format!("{}/", search::FOLDER);
    updated.files.retain(|path, _| !path.starts_with(&prefix));
    for file in files {
        updated
            .files
            .insert(file.path, Body::Bytes(file.bytes.into()));
    }
    *slot = Arc::new(updated);
}

/// The index files of `previous`, carried into `next` while `next`'s own index is being
/// made, when `next` has search on (it serves the search script).
pub(crate) fn carry_over(previous: &Snapshot, next: &mut Snapshot) {
    if !next.files.contains_key(search::SCRIPT_FILE) {
        return;
    }
    let prefix = format!("{}/", search::FOLDER);
    for (path, body) in previous.files.range(prefix.clone()..) {
        if !path.starts_with(&prefix) {
            break;
        }
        next.files
            .entry(path.clone())
            .or_insert_with(|| body.clone());
    }
}
