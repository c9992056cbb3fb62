//! Where a build may write: the output folder resolved and refused when replacing it would
//! delete the site's own files or a folder no build made.

use super::Failure;
use std::path::{Path, PathBuf};

/// The folder a build replaces: `out` with its symbolic links and `..` resolved, so a
/// `public` that links to the web server's folder is written there (the link kept), and
/// refused when it is the site itself, holds it, sits inside one of its input folders, is
/// a file, or is a folder of other files. Swapping in the build deletes what the folder
/// held: a writer's pages, a `.git` folder, the folder a link points at.
pub(super) fn output_folder(root: &Path, out: &Path) -> Result<PathBuf, Failure> {
    let (root, resolved) = (resolve(root), resolve(out));
    let inputs = ["content", "templates", "static"].map(|d| root.join(d));
    if root.starts_with(&resolved) || inputs.iter().any(|input| resolved.starts_with(input)) {
        return Err(Failure::UnsafeOutput(out.to_path_buf()));
    }
    let Ok(meta) = std::fs::metadata(&resolved) else {
        // A link that leads nowhere cannot be replaced by a folder.
        if std::fs::symlink_metadata(&resolved).is_ok() {
            return Err(Failure::OutputNotFolder(out.to_path_buf()));
        }
        return Ok(resolved);
    };
    if !meta.is_dir() {
        return Err(Failure::OutputNotFolder(out.to_path_buf()));
    }
    // Every build writes a sitemap: a folder without one was not made by a build. A folder
    // kept in git by a `.gitkeep` (or holding a Finder `.DS_Store`) counts as empty.
    let placeholder = |name: &std::ffi::OsStr| {
        [".gitkeep", ".keep", ".DS_Store"]
            .iter()
            .any(|kept| name == std::ffi::OsStr::new(kept))
    };
    let empty = std::fs::read_dir(&resolved).is_ok_and(|mut entries| {
        entries.all(|entry| entry.is_ok_and(|entry| placeholder(&entry.file_name())))
    });
    if !empty && !resolved.join("sitemap.xml").is_file() {
        return Err(Failure::OutputNotBuilt(out.to_path_buf()));
    }
    Ok(resolved)
}

/// `path` made absolute, with the links of the part that exists resolved and `.` and `..`
/// applied to the rest.
fn resolve(path: &Path) -> PathBuf {
    use std::path::Component;
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut existing = absolute.as_path();
    let mut rest = Vec::new();
    loop {
        if let Ok(mut resolved) = existing.canonicalize() {
            for part in rest.into_iter().rev() {
                match part {
                    Component::ParentDir => {
                        resolved.pop();
                    }
                    Component::Normal(name) => resolved.push(name),
                    _ => {}
                }
            }
            return resolved;
        }
        match (existing.parent(), existing.components().next_back()) {
            (Some(parent), Some(last)) => {
                rest.push(last);
                existing = parent;
            }
            _ => return absolute,
        }
    }
}
