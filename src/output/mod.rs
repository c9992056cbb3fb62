//! Stage 4: writing the site. Everything is written into a fresh staging folder and
//! swapped in only when the whole build succeeded ([`Staging`]), so a failed build leaves
//! the previous site untouched and files of deleted pages never linger; or into memory
//! ([`Memory`]) for the preview server.

pub(crate) mod feeds;
mod staging;

pub use staging::Staging;

use std::collections::BTreeMap;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// Where the build's files go: a staging folder on disk ([`Staging`]) or memory
/// ([`Memory`], for the preview server, which swaps whole builds atomically).
pub(crate) trait Sink: Sync {
    /// Writes `bytes` to `relative` (a `/`-separated path in the output).
    fn write(&self, relative: &str, bytes: &[u8]) -> io::Result<()>;
    /// Puts the file at `from` at `relative`.
    fn copy(&self, from: &Path, relative: &str) -> io::Result<()>;
}

/// A file of a build held in memory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Body {
    Bytes(Arc<[u8]>),
    /// A file copied verbatim (a page-bundle image, a `static/` file), served from disk.
    File(PathBuf),
}

/// A whole build in memory, by output path.
#[derive(Debug, Default)]
pub(crate) struct Memory {
    files: Mutex<BTreeMap<String, Body>>,
}

impl Memory {
    pub(crate) fn into_files(self) -> BTreeMap<String, Body> {
        self.files
            .into_inner()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn insert(&self, relative: &str, body: Body) {
        let mut files = self
            .files
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        files.insert(relative.to_string(), body);
    }
}

impl Sink for Memory {
    fn write(&self, relative: &str, bytes: &[u8]) -> io::Result<()> {
        self.insert(relative, Body::Bytes(Arc::from(bytes)));
        Ok(())
    }

    fn copy(&self, from: &Path, relative: &str) -> io::Result<()> {
        self.insert(relative, Body::File(from.to_path_buf()));
        Ok(())
    }
}

impl Sink for Staging {
    fn write(&self, relative: &str, bytes: &[u8]) -> io::Result<()> {
        Staging::write(self, relative, bytes)
    }

    fn copy(&self, from: &Path, relative: &str) -> io::Result<()> {
        Staging::copy(self, from, relative)
    }
}
