//! Pagefind's indexer on a thread of its own, fed records while the pages still render.
//!
//! The indexer takes one record at a time (its interface holds its state's lock while it
//! reads a record), so a large site's records take most of a core. Started before the
//! render, it reads each page's words while the other pages render, instead of after.
//!
//! Invariant: records reach the indexer in page order, whatever order the parallel render
//! finishes them in (a record that arrives early waits in `early`): the indexer numbers
//! pages in the order it receives them, and that numbering is in the bytes it writes.

use super::{client_reads, File, IndexError, Record, FOLDER};
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::Arc;
use std::thread::JoinHandle;

/// One page's turn: its index, and its record when search covers it.
type Turn = (usize, Option<Arc<Record>>);

/// A running indexer. Dropped without [`Indexer::finish`] (a build that stopped or was
/// refused), it tells its thread to stop at the next record.
pub(crate) struct Indexer {
    sender: Option<Sender<Turn>>,
    thread: Option<JoinHandle<Result<Vec<File>, IndexError>>>,
    stop: Arc<AtomicBool>,
}

impl Drop for Indexer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

impl Indexer {
    /// Starts indexing pages in `order` (page indexes, each fed once with [`Indexer::feed`])
    /// for a site written in `language` (an ISO 639-1 code, which picks the word stemming).
    pub(crate) fn start(order: Vec<usize>, language: &str) -> Indexer {
        let (sender, receiver) = mpsc::channel();
        let stop = Arc::new(AtomicBool::new(false));
        let work = Work {
            order,
            turns: receiver,
            language: language.to_string(),
            stop: Arc::clone(&stop),
        };
        let thread = std::thread::Builder::new()
            .name("search-index".into())
            .spawn(move || run(work))
            .map_err(|e| IndexError(format!("no thread to index on: {e}")));
        match thread {
            Ok(thread) => Indexer {
                sender: Some(sender),
                thread: Some(thread),
                stop,
            },
            Err(e) => Indexer {
                sender: None,
                thread: Some(std::thread::spawn(move || Err(e))),
                stop,
            },
        }
    }

    /// Page `page`'s turn, with its record when search covers it; returns at once.
    pub(crate) fn feed(&self, page: usize, record: Option<Arc<Record>>) {
        // A send fails only when the thread has stopped on an error, which `finish` returns.
        if let Some(sender) = &self.sender {
            let _ = sender.send((page, record));
        }
    }

    /// Waits for the index: every file of it, sorted by path.
    pub(crate) fn finish(mut self) -> Result<Vec<File>, IndexError> {
        drop(self.sender.take());
        let unexpected = || IndexError("the indexer stopped unexpectedly".into());
        let thread = self.thread.take().ok_or_else(unexpected)?;
        thread.join().unwrap_or_else(|_| Err(unexpected()))
    }
}

fn failed(e: &dyn std::fmt::Display) -> IndexError {
    IndexError(e.to_string())
}

/// What the indexing thread works from.
struct Work {
    order: Vec<usize>,
    turns: Receiver<Turn>,
    language: String,
    stop: Arc<AtomicBool>,
}

fn run(work: Work) -> Result<Vec<File>, IndexError> {
    let Work {
        order,
        turns,
        language,
        stop,
    } = work;
    let stopped = || IndexError("the build stopped".into());
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .map_err(|e| failed(&e))?;
    let options = pagefind::options::PagefindServiceConfig::builder()
        .force_language(language.clone())
        .write_playground(false)
        .build();
    let mut indexer = pagefind::api::PagefindIndex::new(Some(options)).map_err(|e| failed(&e))?;
    let files = runtime.block_on(async {
        let mut early: HashMap<usize, Option<Arc<Record>>> = HashMap::new();
        for page in order {
            let record = match early.remove(&page) {
                Some(record) => record,
                None => loop {
                    match turns.recv() {
                        Ok((turn, record)) if turn == page => break record,
                        Ok((turn, record)) => {
                            early.insert(turn, record);
                        }
                        // The render stopped before this page: no index to make.
                        Err(_) => return Err(IndexError("the pages were not all rendered".into())),
                    }
                },
            };
            if stop.load(Ordering::Relaxed) {
                return Err(stopped());
            }
            if let Some(record) = record {
                let (meta, filters) = (record.meta(), record.filters());
                indexer
                    .add_custom_record(
                        record.url.clone(),
                        record.content(),
                        language.clone(),
                        Some(meta),
                        Some(filters),
                        None,
                    )
                    .await
                    .map_err(|e| failed(&e))?;
            }
        }
        if stop.load(Ordering::Relaxed) {
            return Err(stopped());
        }
        indexer.get_files().await.map_err(|e| failed(&e))
    })?;
    let mut files: Vec<File> = files
        .into_iter()
        .filter(|file| client_reads(&file.filename.to_string_lossy()))
        .map(|file| File {
            path: format!("{FOLDER}/{}", file.filename.to_string_lossy()),
            bytes: file.contents,
        })
        .collect();
    files.sort_unstable_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}
