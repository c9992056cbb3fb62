//! The staging folder a build writes into, and the swap that puts it in place of the
//! output folder.
//!
//! Staging folders live in `.panelpress/` beside the output folder (in the site folder for
//! the default `public/`): on the output's file system, so the swap is a rename, and with a
//! generated `.gitignore` of `*`, so `git status` never shows them. Each build holds a lock
//! on `lock-<id>` (`<id>` is its process id and a counter) while `staging-<id>` and
//! `old-<id>` exist; a build that finds such folders whose lock nobody holds removes them,
//! as the leftovers of a build that was killed.
//!
//! What remains:
//! - On Linux and macOS the swap is one exchange of the two folders (`renameat2` with
//!   `RENAME_EXCHANGE`, `renamex_np` with `RENAME_SWAP`): a reader finds the old site or the
//!   new one, never none. Where the file system cannot exchange (some network file systems)
//!   and on other platforms it is two renames, with a moment in between when the output
//!   folder does not exist; a build killed in that moment leaves the previous site in
//!   `old-<id>`, where the next build removes it.
//! - Without `flock` (platforms other than Unix) a leftover cannot be told from a running
//!   build's folder, so leftovers are not removed there.
//! - A reader already inside the old folder (a server whose working folder it is, a file
//!   held open) keeps the old files until it looks the path up again.

use std::fs::File;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

/// The folder beside the output that holds staging folders.
pub(crate) const AREA: &str = ".panelpress";

/// An output folder being written. Dropping it without [`Staging::commit`] deletes it.
#[derive(Debug)]
pub struct Staging {
    /// `AREA/staging-<id>`: the new site while it is written (after an exchange, the old).
    dir: PathBuf,
    target: PathBuf,
    /// `AREA/lock-<id>`, held while this staging folder exists.
    lock: Option<(PathBuf, File)>,
}

/// Builds started by this process, to tell apart two of them running at once.
static STARTED: AtomicUsize = AtomicUsize::new(0);

impl Staging {
    /// Creates an empty staging folder for `target` in `.panelpress/` beside it, first
    /// removing what dead builds left there.
    pub(crate) fn new(target: &Path) -> io::Result<Staging> {
        let parent = target.parent().unwrap_or(Path::new("."));
        let area = parent.join(AREA);
        std::fs::create_dir_all(&area)?;
        let ignore = area.join(".gitignore");
        if !ignore.exists() {
            std::fs::write(
                &ignore,
                "# Made by panelpress builds, never committed.\n*\n",
            )?;
        }
        remove_leftovers(&area);
        let id = format!(
            "{}-{}",
            std::process::id(),
            STARTED.fetch_add(1, Ordering::Relaxed)
        );
        let lock = take_lock(&area.join(format!("lock-{id}")))?;
        let dir = area.join(format!("staging-{id}"));
        if dir.exists() {
            remove_tree(&dir)?;
        }
        std::fs::create_dir(&dir)?;
        Ok(Staging {
            dir,
            target: target.to_path_buf(),
            lock,
        })
    }

    /// Writes `bytes` to `relative` (a `/`-separated path) inside the staging folder.
    pub(crate) fn write(&self, relative: &str, bytes: &[u8]) -> io::Result<()> {
        let path = self.dir.join(inside(relative)?);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(path, bytes)
    }

    /// Copies the file at `from` to `relative`.
    pub(crate) fn copy(&self, from: &Path, relative: &str) -> io::Result<()> {
        let path = self.dir.join(inside(relative)?);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::copy(from, path).map(|_| ())
    }

    /// Replaces the target folder with the staged one: one exchange where the platform
    /// has it, else two renames (see the module's notes).
    pub(crate) fn commit(self) -> io::Result<()> {
        if !self.target.exists() {
            return std::fs::rename(&self.dir, &self.target);
        }
        if exchange(&self.dir, &self.target).is_ok() {
            // `dir` now holds the previous site.
            return remove_tree(&self.dir);
        }
        let old = self
            .dir
            .with_file_name(self.dir.file_name().map_or_else(String::new, |n| {
                n.to_string_lossy().replacen("staging-", "old-", 1)
            }));
        std::fs::rename(&self.target, &old)?;
        if let Err(e) = std::fs::rename(&self.dir, &self.target) {
            // Put the previous site back rather than leave no site at all.
            std::fs::rename(&old, &self.target).ok();
            return Err(e);
        }
        remove_tree(&old)
    }
}

#[cfg(test)]
impl Staging {
    fn dir_name(&self) -> &str {
        self.dir
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default()
    }

    fn lock_name(&self) -> &str {
        let lock = self.lock.as_ref().map(|(path, _)| path.as_path());
        lock.and_then(Path::file_name)
            .and_then(|n| n.to_str())
            .unwrap_or_default()
    }
}

impl Drop for Staging {
    /// Removes the staging folder: a build that failed, or the previous site an exchange
    /// left there. After a swap by renames the path names nothing and this does nothing.
    fn drop(&mut self) {
        remove_tree(&self.dir).ok();
        // The lock goes last: until then no other build takes the folders for leftovers.
        if let Some((path, file)) = self.lock.take() {
            std::fs::remove_file(path).ok();
            drop(file);
        }
    }
}

/// Swaps the folders `a` and `b` in one step.
#[cfg(any(target_os = "linux", target_os = "android", target_vendor = "apple"))]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    use rustix::fs::{renameat_with, RenameFlags, CWD};
    renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).map_err(io::Error::from)
}

#[cfg(not(any(target_os = "linux", target_os = "android", target_vendor = "apple")))]
fn exchange(_: &Path, _: &Path) -> io::Result<()> {
    Err(io::ErrorKind::Unsupported.into())
}

/// Creates and locks `path` for as long as the returned file is open. The file is locked
/// under another name (`pending-<id>`) and renamed, so no build ever sees it unlocked and
/// takes it for a leftover.
#[cfg(unix)]
fn take_lock(path: &Path) -> io::Result<Option<(PathBuf, File)>> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().replacen("lock-", "pending-", 1));
    let pending = path.with_file_name(name.unwrap_or_default());
    let file = File::create(&pending)?;
    rustix::fs::flock(&file, rustix::fs::FlockOperation::NonBlockingLockExclusive)?;
    std::fs::rename(&pending, path)?;
    Ok(Some((path.to_path_buf(), file)))
}

#[cfg(not(unix))]
fn take_lock(_: &Path) -> io::Result<Option<(PathBuf, File)>> {
    Ok(None)
}

/// Removes the folders of builds that are gone: `staging-<id>` and `old-<id>` whose
/// `lock-<id>` no running build holds. Best effort: a leftover that cannot be removed now
/// is tried again by the next build.
#[cfg(unix)]
fn remove_leftovers(area: &Path) {
    let Ok(entries) = std::fs::read_dir(area) else {
        return;
    };
    let names: Vec<String> = entries
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .collect();
    let ids: std::collections::BTreeSet<&str> = names
        .iter()
        .filter_map(|name| {
            ["staging-", "old-", "lock-"]
                .iter()
                .find_map(|kind| name.strip_prefix(kind))
        })
        .collect();
    for id in ids {
        let lock = area.join(format!("lock-{id}"));
        if is_held(&lock) {
            continue;
        }
        for kind in ["staging-", "old-"] {
            let folder = area.join(format!("{kind}{id}"));
            if std::fs::symlink_metadata(&folder).is_ok() {
                remove_tree(&folder).ok();
            }
        }
        // Last, so a removal cut short is found again by the next build.
        std::fs::remove_file(lock).ok();
    }
}

#[cfg(not(unix))]
fn remove_leftovers(_: &Path) {}

/// Whether a running build holds the lock file `path` (a missing file is held by nobody).
#[cfg(unix)]
fn is_held(path: &Path) -> bool {
    use rustix::fs::{flock, FlockOperation};
    let Ok(file) = File::open(path) else {
        return false;
    };
    match flock(&file, FlockOperation::NonBlockingLockShared) {
        Ok(()) => {
            flock(&file, FlockOperation::Unlock).ok();
            false
        }
        Err(_) => true,
    }
}

/// `relative` when it names a place inside the output: only plain names, no `..`, `.`, root
/// or drive. The loader refuses what would produce anything else (an alias with `..`); this
/// is the last guard, so no input can make a build write outside its folder.
fn inside(relative: &str) -> io::Result<&Path> {
    let path = Path::new(relative);
    let plain = path
        .components()
        .all(|part| matches!(part, std::path::Component::Normal(_)));
    if plain && path.components().next().is_some() {
        return Ok(path);
    }
    Err(io::Error::new(
        io::ErrorKind::InvalidInput,
        format!("`{relative}` is not a path inside the output folder"),
    ))
}

/// Removes the folder `dir` and everything in it, as [`std::fs::remove_dir_all`] does
/// (a symbolic link is removed, never followed), with the folders inside it emptied in
/// parallel. Building over a previous site removes the whole previous site, a folder per
/// page, and that work is the kernel's: emptying folders in parallel spreads it over the
/// cores.
fn remove_tree(dir: &Path) -> io::Result<()> {
    // A link is removed, never followed, at the top as below: emptying the folder it points
    // at would delete files that were never the build's.
    if !std::fs::symlink_metadata(dir)?.is_dir() {
        return std::fs::remove_file(dir);
    }
    remove_tree_from(dir, 0)
}

/// How many levels of folders are emptied in parallel; below them, `remove_dir_all` (a site's
/// pages sit two or three levels down, and a deeper tree gets no deeper recursion here).
const PARALLEL_LEVELS: usize = 4;

fn remove_tree_from(dir: &Path, level: usize) -> io::Result<()> {
    use rayon::prelude::*;
    if level >= PARALLEL_LEVELS {
        return std::fs::remove_dir_all(dir);
    }
    let gone = |result: io::Result<()>| match result {
        // Already gone (removed by someone else meanwhile) is what we wanted.
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        other => other,
    };
    let entries = std::fs::read_dir(dir)?.collect::<io::Result<Vec<_>>>()?;
    entries.par_iter().try_for_each(|entry| {
        // The entry's own type: a link to a folder is not a folder here.
        if entry.file_type()?.is_dir() {
            remove_tree_from(&entry.path(), level + 1)
        } else {
            gone(std::fs::remove_file(entry.path()))
        }
    })?;
    gone(std::fs::remove_dir(dir))
}

#[cfg(test)]
mod tests;
