//! Watching the site's inputs: file events collected until they go quiet for a moment
//! (a burst of saves, or an editor's write-to-temp-then-rename, makes one rebuild), then
//! reported as the list of changed files.

use notify::{EventKind, RecursiveMode, Watcher};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// How long the inputs must be quiet before a rebuild starts.
pub(crate) const QUIET: Duration = Duration::from_millis(25);
/// A rebuild starts at the latest this long after the first change, even if saves go on.
const MAX_WAIT: Duration = Duration::from_millis(500);

/// A running watcher.
pub struct Changes {
    watcher: notify::RecommendedWatcher,
    events: mpsc::Receiver<notify::Result<notify::Event>>,
    root: PathBuf,
    /// Paths to watch, and whether each is watched yet (a folder the writer creates
    /// while the preview runs is picked up then).
    paths: Vec<(PathBuf, bool, bool)>,
}

impl Changes {
    /// Watches `paths` (`(path, recursive)`); those that do not exist yet are watched
    /// once they appear.
    pub fn watch(root: &Path, paths: &[(PathBuf, bool)]) -> notify::Result<Changes> {
        let (sender, events) = mpsc::channel();
        let watcher = notify::recommended_watcher(sender)?;
        let mut changes = Changes {
            watcher,
            events,
            root: root.to_path_buf(),
            paths: paths
                .iter()
                .map(|(path, recursive)| (path.clone(), *recursive, false))
                .collect(),
        };
        changes.watch_new()?;
        Ok(changes)
    }

    /// Starts watching every path that exists and is not watched yet.
    fn watch_new(&mut self) -> notify::Result<()> {
        for (path, recursive, watched) in &mut self.paths {
            if !*watched && path.exists() {
                let mode = if *recursive {
                    RecursiveMode::Recursive
                } else {
                    RecursiveMode::NonRecursive
                };
                self.watcher.watch(path, mode)?;
                *watched = true;
            }
        }
        Ok(())
    }

    /// Blocks until inputs changed and went quiet; returns the changed files, relative to
    /// the site root. `None` when the watcher stopped.
    pub fn wait(&mut self) -> Option<Vec<String>> {
        let mut changed: Vec<String> = Vec::new();
        let first = loop {
            let event = self.events.recv().ok()?;
            self.collect(event, &mut changed);
            if !changed.is_empty() {
                break Instant::now();
            }
        };
        while first.elapsed() < MAX_WAIT {
            match self.events.recv_timeout(QUIET) {
                Ok(event) => self.collect(event, &mut changed),
                Err(mpsc::RecvTimeoutError::Timeout) => break,
                Err(mpsc::RecvTimeoutError::Disconnected) => return None,
            }
        }
        // A folder created meanwhile (`templates/`, `static/`) is watched from now on.
        self.watch_new().ok();
        changed.sort();
        changed.dedup();
        Some(changed)
    }

    fn collect(&self, event: notify::Result<notify::Event>, changed: &mut Vec<String>) {
        let Ok(event) = event else { return };
        if matches!(event.kind, EventKind::Access(_)) {
            return;
        }
        for path in event.paths {
            let relative = crate::diagnostics::display_path(&self.root, &path);
            if is_input(&relative) {
                changed.push(relative);
            }
        }
    }
}

/// Whether a changed path (relative to the site root) is something the site is built
/// from: not the output, not version control, not an editor's swap or backup file.
pub(crate) fn is_input(relative: &str) -> bool {
    let name = relative.rsplit('/').next().unwrap_or(relative);
    let first = relative.split('/').next().unwrap_or(relative);
    let editor_file = name.starts_with('.')
        || name.starts_with('#')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || name == "4913";
    let output = matches!(first, "public" | "target" | ".git");
    !(editor_file || output || relative == ".")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ignores_output_and_editor_files() {
        for path in [
            "content/a.md",
            "site.yaml",
            "templates/page.html",
            "static/style.css",
            "references.yaml",
        ] {
            assert!(is_input(path), "{path}");
        }
        for path in [
            "public/index.html",
            "content/.a.md.swp",
            "content/a.md~",
            "content/4913",
            ".git/index",
            "content/#a.md#",
        ] {
            assert!(!is_input(path), "{path}");
        }
    }

    #[test]
    fn a_burst_of_saves_makes_one_batch() {
        let dir = tempfile::tempdir().unwrap();
        let content = dir.path().join("content");
        std::fs::create_dir(&content).unwrap();
        let mut changes = Changes::watch(dir.path(), &[(content.clone(), true)]).unwrap();
        for i in 0..5 {
            std::fs::write(content.join("a.md"), format!("save {i}")).unwrap();
        }
        // Rename-and-replace, as vim and VS Code save.
        std::fs::write(content.join("b.md.tmp"), "new").unwrap();
        std::fs::rename(content.join("b.md.tmp"), content.join("b.md")).unwrap();
        let batch = changes.wait().unwrap();
        assert_eq!(batch, ["content/a.md", "content/b.md"]);
    }

    #[test]
    fn a_folder_created_later_is_watched() {
        let dir = tempfile::tempdir().unwrap();
        let templates = dir.path().join("templates");
        let watched = [(dir.path().to_path_buf(), false), (templates.clone(), true)];
        let mut changes = Changes::watch(dir.path(), &watched).unwrap();
        std::fs::create_dir(&templates).unwrap();
        assert_eq!(changes.wait().unwrap(), ["templates"]);
        std::fs::write(templates.join("page.html"), "x").unwrap();
        assert_eq!(changes.wait().unwrap(), ["templates/page.html"]);
    }
}
