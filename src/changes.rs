//! `check --changed-since REF`: which files of the site changed since a git ref, so a pull
//! request's check reports only what the change touched. The whole site is still loaded
//! and resolved; this only filters what is reported.

use crate::diagnostics::Diagnostic;
use std::collections::HashSet;
use std::path::Path;
use std::process::Command;

/// Files changed since the ref, relative to the site root with `/` separators.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct Changes {
    /// Added, modified, or the new name of a renamed file (untracked files included).
    pub(crate) changed: HashSet<String>,
    /// Deleted, or the old name of a renamed file.
    pub(crate) removed: HashSet<String>,
}

/// Why the changes could not be listed.
#[derive(Debug, thiserror::Error)]
pub enum ChangesError {
    #[error("cannot run git (is it installed?)")]
    NoGit(#[source] std::io::Error),
    #[error("git could not compare with `{reference}`: {message}")]
    Git { reference: String, message: String },
}

impl Changes {
    /// Asks git what changed in the working tree since `reference`.
    pub(crate) fn since(root: &Path, reference: &str) -> Result<Changes, ChangesError> {
        let git = |args: &[&str]| -> Result<String, ChangesError> {
            let output = Command::new("git")
                .arg("-C")
                .arg(root)
                .args(args)
                .output()
                .map_err(ChangesError::NoGit)?;
            if !output.status.success() {
                return Err(ChangesError::Git {
                    reference: reference.to_string(),
                    message: String::from_utf8_lossy(&output.stderr).trim().to_string(),
                });
            }
            Ok(String::from_utf8_lossy(&output.stdout).into_owned())
        };
        let prefix = git(&["rev-parse", "--show-prefix"])?.trim().to_string();
        let status = git(&["diff", "--name-status", "-M", reference, "--", "."])?;
        let untracked = git(&[
            "ls-files",
            "--others",
            "--exclude-standard",
            "--full-name",
            "--",
            ".",
        ])?;
        Ok(Changes::parse(&prefix, &status, &untracked))
    }

    /// Reads `git diff --name-status` and `git ls-files --others` output; paths are made
    /// relative to the site root (`prefix` is the root's path inside the repository).
    pub(crate) fn parse(prefix: &str, status: &str, untracked: &str) -> Changes {
        let local = |path: &str| path.strip_prefix(prefix).map(str::to_string);
        let mut changes = Changes::default();
        for line in status.lines() {
            let fields: Vec<&str> = line.split('\t').collect();
            match fields.as_slice() {
                [kind, old, new] if kind.starts_with('R') || kind.starts_with('C') => {
                    if kind.starts_with('R') {
                        changes.removed.extend(local(old));
                    }
                    changes.changed.extend(local(new));
                }
                [kind, path] if kind.starts_with('D') => changes.removed.extend(local(path)),
                [_, path] => changes.changed.extend(local(path)),
                _ => {}
            }
        }
        changes.changed.extend(untracked.lines().filter_map(local));
        changes
    }

    /// Keeps the diagnostics located in changed files, and those elsewhere about links to
    /// a page the change removed or renamed (named by its file, or by its old URL).
    pub(crate) fn filter(&self, diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
        let removed_urls: HashSet<String> = self
            .removed
            .iter()
            .filter_map(|file| file.strip_prefix("content/"))
            .filter(|rel| rel.ends_with(".md"))
            .map(|rel| url_key(&crate::content::url_for_rel(rel)))
            .collect();
        diagnostics
            .into_iter()
            .filter(|d| {
                self.changed.contains(&d.file)
                    || d.related.as_ref().is_some_and(|target| {
                        self.removed.contains(target) || removed_urls.contains(target)
                    })
            })
            .collect()
    }
}

/// How a link to a URL path (`/compounds/x/`) is named in [`Diagnostic::related`], next to
/// links named by their file. A trailing slash is ignored.
pub(crate) fn url_key(path: &str) -> String {
    format!("url:{}", path.trim_end_matches('/'))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Code;

    #[test]
    fn reads_git_status_relative_to_the_site() {
        let status = "M\tsite/content/a.md\nD\tsite/content/gone.md\nR087\tsite/content/old.md\tsite/content/new.md\nM\tother/x.md\n";
        let changes = Changes::parse("site/", status, "site/content/draft.md\n");
        let mut changed: Vec<&str> = changes.changed.iter().map(String::as_str).collect();
        changed.sort();
        assert_eq!(
            changed,
            ["content/a.md", "content/draft.md", "content/new.md"]
        );
        let mut removed: Vec<&str> = changes.removed.iter().map(String::as_str).collect();
        removed.sort();
        assert_eq!(removed, ["content/gone.md", "content/old.md"]);
    }

    #[test]
    fn keeps_root_relative_links_to_removed_pages() {
        let changes = Changes::parse("", "R100\tcontent/target.md\tcontent/moved.md\n", "");
        let mut to_old_url = Diagnostic::new(Code::LinkBroken, "content/linker.md", (7, 1));
        to_old_url.related = Some(url_key("/target/"));
        assert_eq!(changes.filter(vec![to_old_url.clone()]), vec![to_old_url]);
    }

    #[test]
    fn keeps_changed_files_and_links_to_removed_pages() {
        let changes = Changes::parse("", "M\tcontent/a.md\nD\tcontent/gone.md\n", "");
        let mut to_gone = Diagnostic::new(Code::LinkBroken, "content/b.md", (1, 1));
        to_gone.related = Some("content/gone.md".into());
        let kept = changes.filter(vec![
            Diagnostic::new(Code::ClaimUncited, "content/a.md", (1, 1)),
            Diagnostic::new(Code::ClaimUncited, "content/b.md", (1, 1)),
            to_gone.clone(),
        ]);
        assert_eq!(kept.len(), 2);
        assert_eq!(kept[1], to_gone);
    }
}
