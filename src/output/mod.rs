//! Stage 4: writing the site. Everything is written into a fresh staging folder beside the
//! output folder and swapped in only when the whole build succeeded, so a failed build
//! leaves the previous site untouched and files of deleted pages never linger.

pub(crate) mod feeds;

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

/// An output folder being written. Dropping it without [`Staging::commit`] deletes it.
#[derive(Debug)]
pub struct Staging {
    dir: PathBuf,
    target: PathBuf,
    committed: bool,
}

impl Staging {
    /// Creates an empty staging folder next to `target` (same file system, so the swap is
    /// a rename).
    pub(crate) fn new(target: &Path) -> io::Result<Staging> {
        let parent = target.parent().unwrap_or(Path::new("."));
        std::fs::create_dir_all(parent)?;
        let name = target
            .file_name()
            .map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned());
        let dir = parent.join(format!(".{name}.staging-{}", std::process::id()));
        if dir.exists() {
            remove_tree(&dir)?;
        }
        std::fs::create_dir(&dir)?;
        Ok(Staging {
            dir,
            target: target.to_path_buf(),
            committed: false,
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

    /// Replaces the target folder with the staged one.
    pub(crate) fn commit(mut self) -> io::Result<()> {
        let old = self.dir.with_file_name(format!(
            "{}.old",
            self.dir
                .file_name()
                .map_or_else(String::new, |n| n.to_string_lossy().into_owned())
        ));
        let had_previous = self.target.exists();
        if had_previous {
            if old.exists() {
                remove_tree(&old)?;
            }
            std::fs::rename(&self.target, &old)?;
        }
        if let Err(e) = std::fs::rename(&self.dir, &self.target) {
            if had_previous {
                // Put the previous site back rather than leave no site at all.
                std::fs::rename(&old, &self.target).ok();
            }
            return Err(e);
        }
        self.committed = true;
        if had_previous {
            remove_tree(&old)?;
        }
        Ok(())
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

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            remove_tree(&self.dir).ok();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commit_replaces_the_whole_folder() {
        let tmp = tempfile::tempdir().unwrap();
        let target = tmp.path().join("public");
        std::fs::create_dir(&target).unwrap();
        std::fs::write(target.join("stale.html"), "old").unwrap();
        let staging = Staging::new(&target).unwrap();
        staging.write("a/index.html", b"new").unwrap();
        staging.commit().unwrap();
        assert!(!target.join("stale.html").exists());
        assert_eq!(
            std::fs::read_to_string(target.join("a/index.html")).unwrap(),
            "new"
        );
        assert_eq!(
            std::fs::read_dir(tmp.path()).unwrap().count(),
            1,
            "no staging left over"
        );
    }

    #[test]
    fn commit_removes_a_nested_previous_site_but_not_what_its_links_point_at() {
        let tmp = tempfile::tempdir().unwrap();
        let target = tmp.path().join("public");
        let outside = tmp.path().join("outside");
        std::fs::create_dir(&outside).unwrap();
        std::fs::write(outside.join("keep.txt"), "kept").unwrap();
        for page in 0..50 {
            let folder = target.join(format!("section/page-{page}/deeper/and/deeper/still"));
            std::fs::create_dir_all(&folder).unwrap();
            std::fs::write(folder.join("index.html"), "old").unwrap();
        }
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(&outside, target.join("section/linked")).unwrap();
            std::os::unix::fs::symlink(outside.join("keep.txt"), target.join("file-link")).unwrap();
        }
        let staging = Staging::new(&target).unwrap();
        staging.write("index.html", b"new").unwrap();
        staging.commit().unwrap();
        let left: Vec<_> = std::fs::read_dir(&target)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(left, ["index.html"]);
        assert_eq!(
            std::fs::read_to_string(outside.join("keep.txt")).unwrap(),
            "kept"
        );
        let mut siblings: Vec<_> = std::fs::read_dir(tmp.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        siblings.sort();
        assert_eq!(siblings, ["outside", "public"]);
    }

    #[test]
    fn nothing_is_written_outside_the_staging_folder() {
        let tmp = tempfile::tempdir().unwrap();
        let staging = Staging::new(&tmp.path().join("site/public")).unwrap();
        for outside in [
            "../escaped.html",
            "a/../../escaped.html",
            "/tmp/escaped.html",
            "",
        ] {
            let error = staging.write(outside, b"x").unwrap_err();
            assert_eq!(error.kind(), io::ErrorKind::InvalidInput, "{outside}");
            assert!(staging.copy(Path::new("Cargo.toml"), outside).is_err());
        }
        assert!(!tmp.path().join("site/escaped.html").exists());
        staging.write("a/b/index.html", b"x").unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn a_link_given_as_the_old_output_is_removed_not_followed() {
        let tmp = tempfile::tempdir().unwrap();
        let elsewhere = tmp.path().join("elsewhere");
        std::fs::create_dir(&elsewhere).unwrap();
        std::fs::write(elsewhere.join("keep.txt"), "kept").unwrap();
        let link = tmp.path().join("link");
        std::os::unix::fs::symlink(&elsewhere, &link).unwrap();
        remove_tree(&link).unwrap();
        assert!(std::fs::symlink_metadata(&link).is_err());
        assert_eq!(
            std::fs::read_to_string(elsewhere.join("keep.txt")).unwrap(),
            "kept"
        );
    }

    #[test]
    fn dropping_without_commit_keeps_the_previous_output() {
        let tmp = tempfile::tempdir().unwrap();
        let target = tmp.path().join("public");
        std::fs::create_dir(&target).unwrap();
        std::fs::write(target.join("index.html"), "old").unwrap();
        {
            let staging = Staging::new(&target).unwrap();
            staging.write("index.html", b"half").unwrap();
        }
        assert_eq!(
            std::fs::read_to_string(target.join("index.html")).unwrap(),
            "old"
        );
        assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 1);
    }
}
