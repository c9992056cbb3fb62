//! `check --changed-since REF`: which lines and files of the site changed since a git ref,
//! so a pull request's check reports only what the change did: findings on the lines it
//! added or modified, in the files it added, and links elsewhere to a page it removed or
//! renamed. An edit to one line does not make the pull request answer for the old findings
//! of its file. The whole site is still loaded and resolved; this only filters what is
//! reported. Also where the site sits in its repository, for annotations that name files
//! from the repository's root.

use crate::diagnostics::Diagnostic;
use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::process::Command;

/// What changed since the ref; paths relative to the site root with `/` separators.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct Changes {
    /// Added, modified, or the new name of a renamed file (untracked files included).
    pub(crate) changed: HashSet<String>,
    /// Deleted, or the old name of a renamed file.
    pub(crate) removed: HashSet<String>,
    /// New files (added since the ref, or untracked): everything in them is the change's.
    added: HashSet<String>,
    /// The new names of renamed files: a relative link in a moved file may now lead
    /// elsewhere, so its link findings are the change's wherever they are.
    renamed: HashSet<String>,
    /// File → the line ranges (1-based, inclusive) the change added or modified.
    lines: HashMap<String, Vec<(usize, usize)>>,
    /// File → the headings and ids the change removed or rewrote, as the lines that held
    /// them before (lowercase, `-` and `_` read as spaces), so a link elsewhere to a
    /// section the change renamed is the change's.
    old_headings: HashMap<String, String>,
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
        let diff = git(&[
            "-c",
            "core.quotePath=false",
            "diff",
            "-U0",
            "-M",
            "--no-color",
            "--no-ext-diff",
            "--src-prefix=a/",
            "--dst-prefix=b/",
            reference,
            "--",
            ".",
        ])?;
        let mut changes = Changes::parse(&prefix, &status, &untracked);
        changes.read_lines(&prefix, &diff);
        Ok(changes)
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
                        changes.renamed.extend(local(new));
                    } else {
                        changes.added.extend(local(new));
                    }
                    changes.changed.extend(local(new));
                }
                [kind, path] if kind.starts_with('D') => changes.removed.extend(local(path)),
                [kind, path] => {
                    if kind.starts_with('A') {
                        changes.added.extend(local(path));
                    }
                    changes.changed.extend(local(path));
                }
                _ => {}
            }
        }
        for path in untracked.lines().filter_map(local) {
            changes.added.insert(path.clone());
            changes.changed.insert(path);
        }
        changes
    }

    /// Reads the lines each file gained from `git diff -U0` output (`+++ b/path` names the
    /// file, `@@ -a,b +c,d @@` its changed lines `c..c+d`). The `b + d` lines after a hunk
    /// header are its text, never read as a header (a line of text can look like one);
    /// of the text, only the old lines that held a heading or an id are kept.
    fn read_lines(&mut self, prefix: &str, diff: &str) {
        let mut file: Option<String> = None;
        let mut text_left = 0usize;
        for line in diff.lines() {
            if text_left > 0 {
                text_left -= 1;
                if let (Some(file), Some(old)) = (&file, line.strip_prefix('-')) {
                    let old = old.trim_start();
                    if old.starts_with('#') || old.contains("{#") || old.contains("id=") {
                        let text = self.old_headings.entry(file.clone()).or_default();
                        text.push_str(&words(old));
                        text.push('\n');
                    }
                }
                continue;
            }
            if let Some(path) = line.strip_prefix("+++ ") {
                file = unquote(path)
                    .strip_prefix("b/")
                    .and_then(|path| path.strip_prefix(prefix))
                    .map(str::to_string);
            } else if let Some(header) = line.strip_prefix("@@ ") {
                let Some((old, new)) = hunk(header) else {
                    continue;
                };
                text_left = old + new.1;
                if let (Some(file), true) = (&file, new.1 > 0) {
                    let range = (new.0, new.0 + new.1 - 1);
                    self.lines.entry(file.clone()).or_default().push(range);
                }
            }
        }
    }

    /// Keeps the diagnostics the change is answerable for: on lines it added or modified,
    /// in files it added, link findings in files it moved (their relative links may now
    /// lead elsewhere), and those elsewhere about links to a page the change removed or
    /// renamed (named by its file, or by its old URL) or to a heading it removed or
    /// renamed.
    pub(crate) fn filter(&self, diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
        let removed_urls: HashSet<String> = self
            .removed
            .iter()
            .filter_map(|file| file.strip_prefix("content/"))
            .filter(|rel| rel.ends_with(".md"))
            .map(|rel| url_key(&crate::content::url_for_rel(rel)))
            .collect();
        let on_changed_line = |d: &Diagnostic| {
            self.lines.get(&d.file).is_some_and(|ranges| {
                ranges
                    .iter()
                    .any(|&(first, last)| (first..=last).contains(&d.line))
            })
        };
        let caused_elsewhere = |related: &str| {
            let (target, fragment) = match related.split_once('#') {
                Some((target, fragment)) => (target, Some(fragment)),
                None => (related, None),
            };
            self.removed.contains(target)
                || removed_urls.contains(target)
                || fragment.is_some_and(|fragment| self.heading_removed(target, fragment))
        };
        diagnostics
            .into_iter()
            .filter(|d| {
                self.added.contains(&d.file)
                    || on_changed_line(d)
                    || (self.renamed.contains(&d.file) && d.code.as_str().starts_with("link/"))
                    || d.related.as_deref().is_some_and(caused_elsewhere)
            })
            .collect()
    }

    /// Whether the change removed or rewrote the heading or id `fragment` on `target` (a
    /// site file, or a page's address as [`url_key`] names it).
    fn heading_removed(&self, target: &str, fragment: &str) -> bool {
        let wanted = words(fragment);
        if wanted.trim().is_empty() {
            return false;
        }
        self.old_headings.iter().any(|(file, old)| {
            let names_it = file == target
                || file
                    .strip_prefix("content/")
                    .is_some_and(|rel| url_key(&crate::content::url_for_rel(rel)) == target);
            names_it && old.contains(wanted.as_str())
        })
    }
}

/// `text` lowercased, with `-` and `_` read as spaces: how a heading's words and the id
/// made from them are compared.
fn words(text: &str) -> String {
    text.to_lowercase().replace(['-', '_'], " ")
}

/// The old line count and the new `(start, count)` of a hunk header's
/// `-a[,b] +c[,d] @@`; a count left out is 1.
fn hunk(header: &str) -> Option<(usize, (usize, usize))> {
    let mut parts = header.split(' ');
    let range = |part: Option<&str>, sign: char| -> Option<(usize, usize)> {
        let part = part?.strip_prefix(sign)?;
        let (start, count) = part.split_once(',').unwrap_or((part, "1"));
        Some((start.parse().ok()?, count.parse().ok()?))
    };
    let old = range(parts.next(), '-')?;
    let new = range(parts.next(), '+')?;
    Some((old.1, new))
}

/// A path as git prints it: as it is, or in double quotes with C escapes when it holds a
/// quote, a backslash or a control character.
fn unquote(path: &str) -> String {
    let Some(quoted) = path.strip_prefix('"').and_then(|p| p.strip_suffix('"')) else {
        return path.to_string();
    };
    let mut bytes = Vec::with_capacity(quoted.len());
    let mut rest = quoted.bytes().peekable();
    while let Some(byte) = rest.next() {
        if byte != b'\\' {
            bytes.push(byte);
            continue;
        }
        match rest.next() {
            Some(b'n') => bytes.push(b'\n'),
            Some(b't') => bytes.push(b'\t'),
            Some(digit @ b'0'..=b'7') => {
                let mut value = u32::from(digit - b'0');
                for _ in 0..2 {
                    if let Some(next) = rest.next_if(|b| (b'0'..=b'7').contains(b)) {
                        value = value * 8 + u32::from(next - b'0');
                    }
                }
                bytes.push(u8::try_from(value).unwrap_or(b'?'));
            }
            Some(other) => bytes.push(other),
            None => {}
        }
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

/// Where the site sits in its git repository (`docs/` for a site in `docs/`), so that
/// annotations can name files from the repository's root; empty when the site is the
/// root, or not in a repository (or git cannot run).
pub fn repository_prefix(root: &Path) -> String {
    let output = Command::new("git")
        .arg("-C")
        .arg(root)
        .args(["rev-parse", "--show-prefix"])
        .output();
    match output {
        Ok(output) if output.status.success() => {
            String::from_utf8_lossy(&output.stdout).trim().to_string()
        }
        _ => String::new(),
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
    fn keeps_changed_lines_and_links_to_removed_pages() {
        let mut changes = Changes::parse("", "M\tcontent/a.md\nD\tcontent/gone.md\n", "");
        changes.read_lines(
            "",
            "diff --git a/content/a.md b/content/a.md\n--- a/content/a.md\n+++ b/content/a.md\n@@ -3 +3,2 @@ title\n-old\n+new\n+more\n",
        );
        let mut to_gone = Diagnostic::new(Code::LinkBroken, "content/b.md", (1, 1));
        to_gone.related = Some("content/gone.md".into());
        let on_line = Diagnostic::new(Code::ClaimUncited, "content/a.md", (4, 1));
        let kept = changes.filter(vec![
            Diagnostic::new(Code::ClaimUncited, "content/a.md", (2, 1)),
            on_line.clone(),
            Diagnostic::new(Code::ClaimUncited, "content/a.md", (5, 1)),
            Diagnostic::new(Code::ClaimUncited, "content/b.md", (1, 1)),
            to_gone.clone(),
        ]);
        assert_eq!(kept, vec![on_line, to_gone]);
    }

    #[test]
    fn keeps_everything_in_added_files() {
        let changes = Changes::parse("", "A\tcontent/new.md\n", "content/untracked.md\n");
        let kept = changes.filter(vec![
            Diagnostic::new(Code::ClaimUncited, "content/new.md", (9, 1)),
            Diagnostic::new(Code::ClaimUncited, "content/untracked.md", (2, 1)),
            Diagnostic::new(Code::ClaimUncited, "content/old.md", (2, 1)),
        ]);
        assert_eq!(kept.len(), 2);
    }

    /// A line of text that looks like a file header or a hunk header is text.
    #[test]
    fn hunk_text_is_never_read_as_a_header() {
        let mut changes = Changes::default();
        changes.read_lines(
            "site/",
            "+++ b/site/content/a.md\n@@ -1,0 +2,2 @@\n+++ b/site/content/b.md\n+@@ -1 +9 @@\n@@ -7 +8,0 @@\n-gone\n+++ \"b/site/content/\\303\\251 \\\"q\\\".md\"\n@@ -0,0 +1 @@\n+x\n",
        );
        let mut lines: Vec<_> = changes.lines.into_iter().collect();
        lines.sort();
        assert_eq!(
            lines,
            [
                ("content/a.md".to_string(), vec![(2, 3)]),
                ("content/é \"q\".md".to_string(), vec![(1, 1)]),
            ]
        );
    }
}
