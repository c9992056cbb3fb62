//! Findings about the user's content: the one [`Diagnostic`] type every stage and check
//! shares, the [`Code`]s users' CI configs name, and renderers that turn a list of
//! diagnostics into human, JSON, SARIF or GitHub output.
//!
//! A diagnostic never stops the run by itself; the pipeline decides, from the code and the
//! file it is about, whether the site can still be rendered or one page is left out (see
//! [`Code::blocks_build`]).

mod code;
pub mod docs;
mod line_index;
mod render;
mod sarif;

pub use code::Code;
pub(crate) use code::Severity;
pub(crate) use line_index::{first_bad_byte, LineIndex, SAVE_AS_UTF8};
pub use render::{render_human, write_github, write_human, write_json, SourceText, Summary};
pub use sarif::write_sarif;

use std::borrow::Cow;
use std::path::Path;

/// A place in a file of the site: the file relative to the site root (`/` separators),
/// a 1-based line and a 1-based column in characters.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct Position {
    pub(crate) file: String,
    pub(crate) line: usize,
    pub(crate) column: usize,
}

/// One finding about the user's content, located in a file of the site.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub struct Diagnostic {
    /// File relative to the site root, with `/` separators (`content/compounds/x.md`).
    pub file: String,
    /// 1-based line, counted from the start of the file (front matter included).
    pub(crate) line: usize,
    /// 1-based column, in characters.
    pub(crate) column: usize,
    pub code: Code,
    pub(crate) severity: Severity,
    /// A lowercase phrase that names the thing (`link target \`x.md\` does not exist`).
    pub(crate) message: String,
    /// How to fix it, where we can say: most often the same words for every finding of a
    /// kind, borrowed rather than copied into each finding (a generated site of 50,000
    /// pages has 240,000).
    pub(crate) help: Option<Cow<'static, str>>,
    /// For a link finding, the site file the link points at (`content/x.md`, or
    /// `url:/x` for an address), so `--changed-since` can keep links to a page the change
    /// removed; for a missing anchor, followed by `#` and the fragment (`content/x.md#risks`),
    /// so it can keep links to a heading the change removed.
    #[serde(skip)]
    pub(crate) related: Option<String>,
}

impl Diagnostic {
    /// A diagnostic at `line:column` of `file`, with the code's default severity.
    /// A finding of `code` at `position`, with the code's default severity.
    pub(crate) fn at(code: Code, position: Position) -> Self {
        Diagnostic::new(code, position.file, (position.line, position.column))
    }

    pub(crate) fn new(code: Code, file: impl Into<String>, (line, column): (usize, usize)) -> Self {
        Diagnostic {
            file: file.into(),
            line: line.max(1),
            column: column.max(1),
            code,
            severity: code.default_severity(),
            message: String::new(),
            help: None,
            related: None,
        }
    }

    pub(crate) fn message(mut self, message: impl Into<String>) -> Self {
        self.message = message.into();
        self
    }

    pub(crate) fn help(mut self, help: impl Into<Cow<'static, str>>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The message with the help on a line of its own (`…\nhelp: …`), for formats that
    /// carry one text per finding (GitHub annotations, SARIF).
    pub(crate) fn message_and_help(&self) -> String {
        match &self.help {
            Some(help) => format!("{}\nhelp: {help}", self.message),
            None => self.message.clone(),
        }
    }
}

/// The path of `path` relative to `root`, with `/` separators, as diagnostics name files.
/// The site folder itself is `.`; a path outside it is shown as it is.
pub(crate) fn display_path(root: &Path, path: &Path) -> String {
    if let Some(plain) = plain_relative(root, path) {
        return plain.to_string();
    }
    let Ok(relative) = path.strip_prefix(root) else {
        return path.to_string_lossy().into_owned();
    };
    let parts: Vec<String> = relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if parts.is_empty() {
        ".".into()
    } else {
        parts.join("/")
    }
}

/// `path` relative to `root` by their text, when that is the answer [`display_path`] would
/// give: `path` is `root`, a `/`, and names that are none of `.`, `..` or empty. Every page and file
/// of a site is named this way (two names a page), so the common case is settled by text
/// rather than by comparing component by component.
#[cfg(unix)]
fn plain_relative<'p>(root: &Path, path: &'p Path) -> Option<&'p str> {
    let root = root.to_str().filter(|root| !root.is_empty())?;
    let rest = path.to_str()?.strip_prefix(root)?.strip_prefix('/')?;
    rest.split('/')
        .all(|name| !name.is_empty() && name != "." && name != "..")
        .then_some(rest)
}

#[cfg(not(unix))]
fn plain_relative<'p>(_: &Path, _: &'p Path) -> Option<&'p str> {
    None
}

/// The pages a finding met, as its message names them: `` `content/a.md` `` or
/// `` `content/a.md` and 3 other pages `` (one finding for a template line, not one per page).
pub(crate) fn pages_met(first: &str, others: usize) -> String {
    match others {
        0 => format!("`{first}`"),
        1 => format!("`{first}` and 1 other page"),
        others => format!("`{first}` and {others} other pages"),
    }
}

/// Sorts diagnostics by file, line, column and code (the order every report lists them in)
/// and drops exact repeats, such as one template error met by every page that uses the
/// template.
pub(crate) fn sort_and_dedup(diagnostics: &mut Vec<Diagnostic>) {
    diagnostics.sort();
    diagnostics.dedup();
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The shortcut by text gives what comparing component by component gives, or stands
    /// aside.
    #[test]
    fn plain_paths_are_named_as_their_components_name_them() {
        let cases = [
            ("/site", "/site/content/a.md", Some("content/a.md")),
            (".", "./content/a.md", Some("content/a.md")),
            ("site/./x", "site/./x/a.md", Some("a.md")),
            ("/site", "/site//content/a.md", None),
            ("/site", "/site/./a.md", None),
            ("/site", "/site/a/../b.md", None),
            ("/site", "/site/a/", None),
            ("/site", "/site", None),
            ("/site", "/sitemap/a.md", None),
            ("/", "/a.md", None),
            ("", "/a.md", None),
        ];
        for (root, path, plain) in cases {
            let (root, path) = (Path::new(root), Path::new(path));
            assert_eq!(plain_relative(root, path), plain, "{root:?} {path:?}");
            let by_components = {
                let parts: Vec<_> = path
                    .strip_prefix(root)
                    .map(|r| {
                        r.components()
                            .map(|c| c.as_os_str().to_string_lossy())
                            .collect()
                    })
                    .unwrap_or_default();
                parts.join("/")
            };
            if let Some(plain) = plain {
                assert_eq!(plain, by_components);
            }
            assert!(!display_path(root, path).is_empty());
        }
    }
}
