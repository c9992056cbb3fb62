//! What the build produced, as link targets: every output file, every page's element ids,
//! and the aliases that redirect. Links are resolved against this, not against the input,
//! so a link to a template-added anchor or a generated tag page is checked like any other.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::sync::Arc;

/// The element ids of one page. Each page's set is made on the thread that rendered it and
/// shared with the index, so putting together the index of a large site is not a serial
/// copying and hashing of every id.
pub(crate) type Ids = Arc<HashSet<String>>;

/// The site as written.
#[derive(Debug, Default)]
pub(crate) struct OutputIndex {
    /// Output path → what is there: every file (`compounds/x/index.html`), and every
    /// folder with an `index.html` (`compounds/x`, `` for the root). One table, holding the
    /// ids too, because a large site resolves hundreds of thousands of links to pages no
    /// longer in the cache: a lookup here is one probe, where separate tables for folders,
    /// files and ids would take three.
    targets: HashMap<Box<str>, Target>,
    /// Alias URL (`/old/`) → the page URL it redirects to.
    aliases: HashMap<String, String>,
}

/// What is at one output path.
#[derive(Debug, Clone, Default)]
struct Target {
    /// A folder, standing for its `index.html`.
    folder: bool,
    /// The ids of the HTML page there; `None` for a file that is not a rendered page.
    ids: Option<Ids>,
    /// A page left out of this build because it could not be read as written: links to it
    /// resolve, and their `#fragment`s are not checked, since its ids are not known until
    /// it renders. Its own finding is the one to fix, not every link to it.
    left_out: bool,
}

/// Where a link lands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Resolution {
    Found,
    /// Through an alias: the link works but should name the page's new URL. The alias's
    /// redirect keeps the fragment, so it is looked up on the page the alias leads to:
    /// `missing_anchor` names that page's output file when the fragment is not there.
    Alias {
        target: String,
        missing_anchor: Option<String>,
    },
    MissingFile,
    MissingAnchor {
        file: String,
    },
}

impl OutputIndex {
    pub(crate) fn add_file(&mut self, file: String) {
        self.add(file, None);
    }

    pub(crate) fn add_page(&mut self, file: String, ids: Ids) {
        self.add(file, Some(ids));
    }

    /// Adds `file` and, for an `index.html`, its folder; `ids` are added to any the file
    /// already has.
    fn add(&mut self, file: String, ids: Option<Ids>) {
        let folder = folder_of(&file);
        let target = self.targets.entry(file.into_boxed_str()).or_default();
        // A file named like a folder (`a/b` beside `a/b/index.html`) is the file.
        if target.folder {
            *target = Target::default();
        }
        target.ids = match (target.ids.take(), ids) {
            (Some(mut known), Some(more)) => {
                Arc::make_mut(&mut known).extend(more.iter().cloned());
                Some(known)
            }
            (known, more) => known.or(more),
        };
        let ids = target.ids.clone();
        if let Some(folder) = folder {
            let entry = self
                .targets
                .entry(folder.into_boxed_str())
                .or_insert(Target {
                    folder: true,
                    ..Target::default()
                });
            if entry.folder {
                entry.ids = ids;
            }
        }
    }

    /// Adds the output file of a page left out of this build (see [`Target::left_out`]),
    /// unless something the build wrote is there.
    pub(crate) fn add_left_out(&mut self, file: String) {
        if self.targets.contains_key(file.as_str()) {
            return;
        }
        let folder = folder_of(&file);
        self.add_file(file.clone());
        for key in std::iter::once(file).chain(folder) {
            if let Some(target) = self.targets.get_mut(key.as_str()) {
                target.left_out = true;
            }
        }
    }

    pub(crate) fn add_alias(&mut self, alias: String, target: String) {
        self.add_file(crate::content::output_file(&alias));
        self.aliases.insert(alias, target);
    }

    /// Resolves a root-relative path (base path already removed, `%`-escapes decoded) and
    /// an optional fragment.
    pub(crate) fn resolve(&self, path: &str, fragment: Option<&str>) -> Resolution {
        // Most sites have no aliases: skip building the `path/` key then.
        if !self.aliases.is_empty() {
            let alias = self
                .aliases
                .get(path)
                .or_else(|| self.aliases.get(&format!("{path}/")));
            if let Some(target) = alias {
                let missing_anchor = match self.resolve_file(target, fragment) {
                    Resolution::MissingAnchor { file } => Some(file),
                    _ => None,
                };
                return Resolution::Alias {
                    target: target.clone(),
                    missing_anchor,
                };
            }
        }
        self.resolve_file(path, fragment)
    }

    /// [`Self::resolve`] among the files the build wrote, aliases aside.
    fn resolve_file(&self, path: &str, fragment: Option<&str>) -> Resolution {
        let Some((key, target)) = self.target(path) else {
            return Resolution::MissingFile;
        };
        match fragment {
            Some(fragment)
                if !fragment.is_empty()
                    && !target.left_out
                    && (target.folder || key.ends_with(".html")) =>
            {
                let has = target
                    .ids
                    .as_ref()
                    .is_some_and(|ids| ids.contains(fragment));
                if has {
                    Resolution::Found
                } else {
                    Resolution::MissingAnchor {
                        file: file_of(key, target),
                    }
                }
            }
            _ => Resolution::Found,
        }
    }

    /// What a path names, with its key: the file itself, or a folder (standing for its
    /// `index.html`). A path ending in `/` names only a folder.
    fn target(&self, path: &str) -> Option<(&str, &Target)> {
        let trimmed = path.trim_start_matches('/');
        let (key, folder_only) = match trimmed.strip_suffix('/') {
            Some(folder) => (folder, true),
            None => (trimmed, trimmed.is_empty()),
        };
        let (key, target) = self.targets.get_key_value(key)?;
        (target.folder || !folder_only).then_some((&**key, target))
    }

    /// The ids of output file `file`, sorted (for suggestions).
    pub(crate) fn ids_of(&self, file: &str) -> Vec<&str> {
        let mut ids: Vec<&str> = self
            .targets
            .get(file)
            .and_then(|target| target.ids.as_ref())
            .map(|s| s.iter().map(String::as_str).collect())
            .unwrap_or_default();
        ids.sort_unstable();
        ids
    }

    /// Every HTML page's URL path (`/compounds/x/`), sorted (for suggestions).
    pub(crate) fn page_paths(&self) -> Vec<String> {
        let mut paths: Vec<String> = self
            .targets
            .iter()
            .filter(|(_, target)| !target.folder && target.ids.is_some())
            .map(|(file, _)| format!("/{}", file.strip_suffix("index.html").unwrap_or(file)))
            .collect();
        paths.sort();
        paths
    }
}

/// The folder an `index.html` stands for (`a/b` for `a/b/index.html`, `` for the root's).
fn folder_of(file: &str) -> Option<String> {
    file.strip_suffix("index.html")
        .filter(|rest| rest.is_empty() || rest.ends_with('/'))
        .map(|rest| rest.strip_suffix('/').unwrap_or(rest).to_string())
}

/// The output file at `key`: a folder's is its `index.html`.
fn file_of(key: &str, target: &Target) -> String {
    match (target.folder, key) {
        (false, file) => file.to_string(),
        (true, "") => "index.html".to_string(),
        (true, folder) => format!("{folder}/index.html"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index() -> OutputIndex {
        let mut index = OutputIndex::default();
        index.add_page("index.html".into(), Ids::default());
        index.add_page(
            "compounds/x/index.html".into(),
            Arc::new(HashSet::from_iter(["risks".into()])),
        );
        index.add_file("img/vial.png".into());
        index.add_alias("/old/".into(), "/compounds/x/".into());
        index.add_left_out("guides/broken/index.html".into());
        index
    }

    /// Guards a page left out for its front matter: a link to it, with any fragment,
    /// resolves, so its one finding is not repeated at every link to it.
    #[test]
    fn a_left_out_page_resolves_with_any_fragment() {
        let index = index();
        for (path, fragment) in [
            ("/guides/broken/", None),
            ("/guides/broken/", Some("any-part")),
            ("/guides/broken/index.html", Some("x")),
        ] {
            assert_eq!(index.resolve(path, fragment), Resolution::Found);
        }
        assert!(!index.page_paths().contains(&"/guides/broken/".to_string()));
    }

    #[test]
    fn resolves_pages_files_anchors_and_aliases() {
        let index = index();
        assert_eq!(index.resolve("/", None), Resolution::Found);
        assert_eq!(
            index.resolve("/compounds/x/", Some("risks")),
            Resolution::Found
        );
        assert_eq!(index.resolve("/compounds/x", None), Resolution::Found);
        assert_eq!(
            index.resolve("/compounds/x//", None),
            Resolution::MissingFile
        );
        assert_eq!(index.resolve("/img/", None), Resolution::MissingFile);
        assert_eq!(index.resolve("/img/vial.png", None), Resolution::Found);
        assert_eq!(
            index.resolve("/compounds/y/", None),
            Resolution::MissingFile
        );
        assert_eq!(
            index.resolve("/compounds/x/", Some("dose")),
            Resolution::MissingAnchor {
                file: "compounds/x/index.html".into()
            }
        );
        assert_eq!(
            index.resolve("/old/", None),
            Resolution::Alias {
                target: "/compounds/x/".into(),
                missing_anchor: None,
            }
        );
        assert_eq!(
            index.resolve("/old", None),
            Resolution::Alias {
                target: "/compounds/x/".into(),
                missing_anchor: None,
            }
        );
        assert_eq!(
            index.resolve("/old/", Some("risks")),
            Resolution::Alias {
                target: "/compounds/x/".into(),
                missing_anchor: None,
            }
        );
        assert_eq!(
            index.resolve("/old/", Some("dose")),
            Resolution::Alias {
                target: "/compounds/x/".into(),
                missing_anchor: Some("compounds/x/index.html".into()),
            }
        );
    }
}
