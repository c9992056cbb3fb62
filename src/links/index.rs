//! What the build produced, as link targets: every output file, every page's element ids,
//! and the aliases that redirect. Links are resolved against this, not against the input,
//! so a link to a template-added anchor or a generated tag page is checked like any other.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::sync::Arc;

/// The element ids of one page. Each page's set is made on the thread that rendered it and
/// shared with the index, so putting together the index of a large site is not a serial
/// copying and hashing of every id.
pub type Ids = Arc<HashSet<String>>;

/// The site as written.
#[derive(Debug, Default)]
pub struct OutputIndex {
    /// Output file paths relative to the output folder (`compounds/x/index.html`).
    files: HashSet<String>,
    /// Folder (`compounds/x`, `` for the root) → its `index.html`: a link to a folder is
    /// looked up without building the file's name for every link.
    folders: HashMap<String, String>,
    /// Output HTML file → the ids its elements carry.
    ids: HashMap<String, Ids>,
    /// Alias URL (`/old/`) → the page URL it redirects to.
    aliases: HashMap<String, String>,
}

/// Where a link lands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolution {
    Found,
    /// Through an alias: the link works but should name the page's new URL.
    Alias {
        target: String,
    },
    MissingFile,
    MissingAnchor {
        file: String,
    },
}

impl OutputIndex {
    pub fn add_file(&mut self, file: String) {
        let folder = file
            .strip_suffix("index.html")
            .filter(|rest| rest.is_empty() || rest.ends_with('/'))
            .map(|rest| rest.strip_suffix('/').unwrap_or(rest));
        if let Some(folder) = folder {
            self.folders.insert(folder.to_string(), file.clone());
        }
        self.files.insert(file);
    }

    pub fn add_page(&mut self, file: String, ids: Ids) {
        match self.ids.entry(file.clone()) {
            std::collections::hash_map::Entry::Occupied(mut known) => {
                Arc::make_mut(known.get_mut()).extend(ids.iter().cloned());
            }
            std::collections::hash_map::Entry::Vacant(new) => {
                new.insert(ids);
            }
        }
        self.add_file(file);
    }

    pub fn add_alias(&mut self, alias: String, target: String) {
        self.add_file(crate::content::output_file(&alias));
        self.aliases.insert(alias, target);
    }

    /// Resolves a root-relative path (base path already removed, `%`-escapes decoded) and
    /// an optional fragment.
    pub fn resolve(&self, path: &str, fragment: Option<&str>) -> Resolution {
        // Most sites have no aliases: skip building the `path/` key then.
        if !self.aliases.is_empty() {
            let alias = self
                .aliases
                .get(path)
                .or_else(|| self.aliases.get(&format!("{path}/")));
            if let Some(target) = alias {
                return Resolution::Alias {
                    target: target.clone(),
                };
            }
        }
        let Some(file) = self.file_for(path) else {
            return Resolution::MissingFile;
        };
        match fragment {
            Some(fragment) if !fragment.is_empty() && file.ends_with(".html") => {
                let has = self.ids.get(file).is_some_and(|ids| ids.contains(fragment));
                if has {
                    Resolution::Found
                } else {
                    Resolution::MissingAnchor {
                        file: file.to_string(),
                    }
                }
            }
            _ => Resolution::Found,
        }
    }

    /// The output file a path names: the file itself, or a folder's `index.html`.
    pub fn file_for(&self, path: &str) -> Option<&str> {
        let trimmed = path.trim_start_matches('/');
        let folder = trimmed.is_empty() || trimmed.ends_with('/');
        if !folder {
            if let Some(file) = self.files.get(trimmed) {
                return Some(file);
            }
        }
        let folder = trimmed.strip_suffix('/').unwrap_or(trimmed);
        self.folders.get(folder).map(String::as_str)
    }

    /// The ids of output file `file`, sorted (for suggestions).
    pub fn ids_of(&self, file: &str) -> Vec<&str> {
        let mut ids: Vec<&str> = self
            .ids
            .get(file)
            .map(|s| s.iter().map(String::as_str).collect())
            .unwrap_or_default();
        ids.sort_unstable();
        ids
    }

    /// Every HTML page's URL path (`/compounds/x/`), sorted (for suggestions).
    pub fn page_paths(&self) -> Vec<String> {
        let mut paths: Vec<String> = self
            .ids
            .keys()
            .map(|file| format!("/{}", file.strip_suffix("index.html").unwrap_or(file)))
            .collect();
        paths.sort();
        paths
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
        index
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
                target: "/compounds/x/".into()
            }
        );
        assert_eq!(
            index.resolve("/old", None),
            Resolution::Alias {
                target: "/compounds/x/".into()
            }
        );
    }
}
