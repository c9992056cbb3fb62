//! The link cache, `ROOT/.panelpress-cache/links.json`: URLs that answered well recently,
//! so a second `check --external` within the cache's age does not ask again. Failures are
//! never stored: a broken link is asked about on every run until it works.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// The cache folder under the site root.
pub(crate) const CACHE_DIR: &str = ".panelpress-cache";
/// The file in it.
pub(crate) const CACHE_FILE: &str = "links.json";

/// One URL that worked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Entry {
    /// When it was checked (seconds since 1970).
    pub(crate) checked: u64,
    /// Where a permanent redirect sent it, so the warning is repeated from the cache.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) moved_to: Option<String>,
}

#[derive(Debug, Default, Serialize, Deserialize)]
pub(crate) struct Cache {
    #[serde(default)]
    links: BTreeMap<String, Entry>,
    #[serde(skip)]
    max_age: Duration,
}

pub(crate) fn path(root: &Path) -> PathBuf {
    root.join(CACHE_DIR).join(CACHE_FILE)
}

pub(crate) fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

impl Cache {
    /// The cache at `path`, without entries older than `max_age` (a zero age, a missing
    /// or unreadable file: empty).
    pub(crate) fn load(path: &Path, max_age: Duration) -> Cache {
        let mut cache: Cache = std::fs::read(path)
            .ok()
            .and_then(|bytes| serde_json::from_slice(&bytes).ok())
            .unwrap_or_default();
        cache.max_age = max_age;
        let now = now();
        cache.links.retain(|_, e| {
            max_age > Duration::ZERO && now.saturating_sub(e.checked) < max_age.as_secs()
        });
        cache
    }

    /// The entry for `url`, when it is fresh.
    pub(crate) fn get(&self, url: &str) -> Option<&Entry> {
        self.links.get(url)
    }

    pub(crate) fn store(&mut self, url: &str, entry: Entry) {
        self.links.insert(url.to_string(), entry);
    }

    pub(crate) fn forget(&mut self, url: &str) {
        self.links.remove(url);
    }

    /// Writes the cache (a temporary file renamed over the old one); nothing when the
    /// cache is turned off.
    pub(crate) fn save(&self, path: &Path) -> std::io::Result<()> {
        if self.max_age == Duration::ZERO || (self.links.is_empty() && !path.exists()) {
            return Ok(());
        }
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let text = serde_json::to_string_pretty(self).map_err(std::io::Error::other)?;
        let temporary = path.with_extension("json.tmp");
        std::fs::write(&temporary, text + "\n")?;
        std::fs::rename(&temporary, path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_fresh_entries_only() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let file = path(dir.path());
        let mut cache = Cache::load(&file, Duration::from_secs(3600));
        cache.store(
            "https://a.org/",
            Entry {
                checked: now(),
                moved_to: None,
            },
        );
        cache.store(
            "https://old.org/",
            Entry {
                checked: now() - 7200,
                moved_to: None,
            },
        );
        cache.save(&file).expect("saved");
        let again = Cache::load(&file, Duration::from_secs(3600));
        assert!(again.get("https://a.org/").is_some());
        assert!(again.get("https://old.org/").is_none());
        assert!(Cache::load(&file, Duration::ZERO)
            .get("https://a.org/")
            .is_none());
    }
}
