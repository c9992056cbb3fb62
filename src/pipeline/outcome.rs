//! What a build or a check is asked to do ([`BuildOptions`], [`CheckOptions`]) and what
//! comes of it: a [`Report`] of findings, or a [`Failure`] when the site cannot be read
//! or written at all; and how a finished run's data is disposed of.

use crate::content::Date;
use crate::diagnostics::{self, Diagnostic, SourceText};
use crate::timings;
use std::collections::HashMap;
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// What `panelpress build` was asked to do.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    pub root: PathBuf,
    /// Output folder; `ROOT/public` when `None`.
    pub out: Option<PathBuf>,
    pub drafts: bool,
    /// Replaces `base_url` from `site.yaml` (for previews and staging hosts).
    pub base_url: Option<String>,
    /// Write the site even when it has errors (a staging preview), as long as it can be
    /// rendered. Without it a build with any error writes nothing, so a deploy that runs
    /// only `build` never publishes a page `check` refuses.
    pub allow_errors: bool,
    /// Leave the run's data to the process's exit: see [`Disposal`].
    pub disposal: Disposal,
}

/// What becomes of a finished run's data.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Disposal {
    /// Freed on another thread, off the report's path (a library caller, a test).
    #[default]
    Free,
    /// Never freed: for a command that exits right after the run (the CLI), since exiting
    /// returns all the memory at once. Freeing a large site's millions of allocations would
    /// only compete for a core with printing the report.
    LeaveToExit,
}

/// How far ahead `check` lists upcoming reviews.
pub const REVIEW_HORIZON_DAYS: i64 = 30;

/// What `panelpress check` was asked to do.
#[derive(Debug, Clone)]
pub struct CheckOptions {
    pub root: PathBuf,
    /// The day review dates are compared against.
    pub today: Date,
    /// Report only findings in files changed since this git ref.
    pub changed_since: Option<String>,
    /// Also fetch every external URL (`check --external`); otherwise no network at all.
    pub external: bool,
    /// Check pages marked `draft: true` too, as `build --drafts` publishes them.
    pub drafts: bool,
    pub disposal: Disposal,
}

/// What a build or check did.
#[derive(Debug)]
pub struct Report {
    /// Sorted by file, line, column, code.
    pub diagnostics: Vec<Diagnostic>,
    /// Pages rendered or checked (sections and the home included).
    pub pages: usize,
    /// Whether the output folder now holds this build (always false for `check`).
    pub written: bool,
    /// `check`: pages whose review is due within 30 days, for the editor's table.
    pub reviews_due: Vec<crate::check::review_overdue::ReviewDue>,
    pub out: PathBuf,
    pub elapsed: Duration,
    /// `check`: the text of each page with findings, by its diagnostic path, kept from the
    /// run so the report quotes exactly what was checked, without reading every file with a
    /// finding a second time.
    pub quoted: HashMap<String, SourceText>,
}

/// The build's report.
pub type BuildReport = Report;

impl Report {
    pub fn errors(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.is_error()).count()
    }

    pub fn warnings(&self) -> usize {
        self.diagnostics.len() - self.errors()
    }
}

/// Why a build or check could not run at all.
#[derive(Debug, thiserror::Error)]
pub enum Failure {
    #[error("no `site.yaml` in `{}`: a site is the folder that holds it", .0.display())]
    NoSite(PathBuf),
    #[error("cannot read `{}`", .path.display())]
    Unreadable {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("the output folder `{}` would overwrite the site's own files", .0.display())]
    UnsafeOutput(PathBuf),
    #[error("the output `{}` is a file, or a link that leads nowhere: give a folder, e.g. `--out public`", .0.display())]
    OutputNotFolder(PathBuf),
    #[error("the output folder `{}` holds files no build wrote (it has no sitemap.xml), and a build replaces the whole folder: empty it, or give a new folder", .0.display())]
    OutputNotBuilt(PathBuf),
    #[error(transparent)]
    Changes(#[from] crate::changes::ChangesError),
    #[error("{0}; write it like `--base-url https://staging.example.org/`")]
    BadBaseUrl(String),
    /// Pagefind's indexer failed (its message); the previous output stays as it was.
    #[error("the search index could not be made: {0}")]
    SearchIndex(String),
    #[error("cannot write the output in `{}`", .path.display())]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

pub(super) fn report(
    mut diagnostics: Vec<Diagnostic>,
    pages: usize,
    written: bool,
    out: PathBuf,
    started: Instant,
) -> Report {
    let mut watch = timings::Stopwatch::start();
    diagnostics::sort_and_dedup(&mut diagnostics);
    watch.mark("sort");
    Report {
        diagnostics,
        pages,
        written,
        out,
        elapsed: started.elapsed(),
        reviews_due: Vec::new(),
        quoted: HashMap::new(),
    }
}

/// Disposes of a finished run's data as asked.
pub(super) fn finished<T: Send + 'static>(value: T, disposal: Disposal) {
    match disposal {
        Disposal::Free => drop_later(value),
        Disposal::LeaveToExit => std::mem::forget(value),
    }
}

/// Frees a finished run's inputs and renderings on another thread. A large site holds
/// millions of small allocations (pages, ids, links) whose freeing would otherwise delay
/// the report.
pub(super) fn drop_later<T: Send + 'static>(value: T) {
    let spawned = std::thread::Builder::new()
        .name("drop".into())
        .spawn(move || drop(value));
    // Without a thread, the value was dropped with the failed spawn's closure: fine too.
    drop(spawned);
}
