//! Heading ids and the table of contents. Ids follow GitHub's rule so an anchor that works
//! in GitHub's file view works on the site: lowercase; keep letters, digits, spaces, `-` and
//! `_`; spaces become `-`; a repeated id gets `-1`, `-2` ….

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use serde::Serialize;

/// Hands out unique ids within one page.
#[derive(Debug, Default)]
pub(crate) struct Slugger {
    used: HashSet<String>,
    /// The suffix to try next for each base id that has repeated. Every `base-k` below it
    /// was taken when it was last looked at, and ids are never released, so the search
    /// resumes there: a page of many equal headings costs linear time, not quadratic.
    next_suffix: HashMap<String, usize>,
}

impl Slugger {
    /// A slugger with ids already taken: the theme's own, and every `{#id}` the author
    /// wrote anywhere on the page (so a generated id never repeats a later custom one).
    pub(crate) fn with_reserved(theme: &[&str], explicit: &[String]) -> Self {
        let mut slugger = Slugger::default();
        for id in theme
            .iter()
            .copied()
            .chain(explicit.iter().map(String::as_str))
        {
            slugger.reserve(id);
        }
        slugger
    }

    /// Reserves an id written by the author (`## Title {#id}`), so generated ids avoid it.
    pub(crate) fn reserve(&mut self, id: &str) {
        self.used.insert(id.to_string());
    }

    /// The GitHub-style id for heading text, made unique on this page.
    pub(crate) fn slug(&mut self, text: &str) -> String {
        let base = github_slug(text);
        if !self.used.contains(&base) {
            self.used.insert(base.clone());
            return base;
        }
        let mut n = self.next_suffix.get(&base).copied().unwrap_or(1);
        let mut candidate = format!("{base}-{n}");
        while self.used.contains(&candidate) {
            n += 1;
            candidate = format!("{base}-{n}");
        }
        self.next_suffix.insert(base, n + 1);
        self.used.insert(candidate.clone());
        candidate
    }
}

/// The `{#id}` attributes written on ATX heading lines (`## Title {#id}`).
pub(crate) fn explicit_ids(body: &str) -> Vec<String> {
    // Most pages have none: one vectorised search (`memchr`'s) instead of a pass over
    // every line.
    if memchr::memmem::find(body.as_bytes(), b"{#").is_none() {
        return Vec::new();
    }
    body.lines()
        .filter(|line| line.trim_start().starts_with('#') && line.contains("{#"))
        .filter_map(|line| {
            let start = line.rfind("{#")? + 2;
            let end = start + line[start..].find(['}', ' ', '.'])?;
            (end > start).then(|| line[start..end].to_string())
        })
        .collect()
}

/// GitHub's anchor for a heading's text, before de-duplication.
pub(crate) fn github_slug(text: &str) -> String {
    text.trim()
        .chars()
        .flat_map(char::to_lowercase)
        .filter_map(|c| match c {
            ' ' => Some('-'),
            '-' | '_' => Some(c),
            c if c.is_alphanumeric() => Some(c),
            _ => None,
        })
        .collect()
}

/// One table-of-contents entry, with the headings under it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct TocEntry {
    pub(crate) level: u8,
    pub(crate) id: String,
    pub(crate) title: String,
    pub(crate) children: Vec<TocEntry>,
}

/// Nests headings (in document order) under the nearest preceding heading of a higher
/// level. The page title is the `<h1>`, so level-1 headings in the body are left out.
pub(crate) fn build_toc(headings: Vec<(u8, String, String)>) -> Vec<TocEntry> {
    let mut root: Vec<TocEntry> = Vec::new();
    for (level, id, title) in headings.into_iter().filter(|(level, ..)| *level >= 2) {
        let entry = TocEntry {
            level,
            id,
            title,
            children: Vec::new(),
        };
        insert(&mut root, entry);
    }
    root
}

fn insert(list: &mut Vec<TocEntry>, entry: TocEntry) {
    match list.last_mut() {
        Some(last) if last.level < entry.level => insert(&mut last.children, entry),
        _ => list.push(entry),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_githubs_anchor_rule() {
        let cases = [
            ("What is IGF-1 LR3?", "what-is-igf-1-lr3"),
            (
                "What \u{201c}doses\u{201d} do people cite, and why treat them with caution?",
                "what-doses-do-people-cite-and-why-treat-them-with-caution",
            ),
            ("snake_case and  two spaces", "snake_case-and--two-spaces"),
            ("Überblick: Dosis", "überblick-dosis"),
            ("100% (approx.)", "100-approx"),
        ];
        for (text, id) in cases {
            assert_eq!(github_slug(text), id, "{text}");
        }
    }

    #[test]
    fn repeats_get_numbered_and_reserved_ids_are_skipped() {
        let mut slugger = Slugger::default();
        slugger.reserve("risks-1");
        assert_eq!(slugger.slug("Risks"), "risks");
        assert_eq!(slugger.slug("Risks"), "risks-2");
        assert_eq!(slugger.slug("Risks"), "risks-3");
    }

    /// Guards against quadratic work: each repeat used to search its suffix from `-1`.
    #[test]
    fn many_equal_headings_take_linear_time_and_keep_the_same_ids() {
        let mut slugger = Slugger::default();
        assert_eq!(slugger.slug("H"), "h");
        assert_eq!(slugger.slug("H 2"), "h-2");
        assert_eq!(slugger.slug("H"), "h-1");
        assert_eq!(slugger.slug("H"), "h-3");
        let started = std::time::Instant::now();
        let last = (0..20_000).map(|_| slugger.slug("H")).last();
        assert_eq!(last.as_deref(), Some("h-20003"));
        assert!(started.elapsed() < std::time::Duration::from_secs(2));
    }

    #[test]
    fn finds_explicit_ids() {
        let body = "## Risks\n\n## Older {#risks}\n\n## With class {#x .wide}\n\nText {#not}\n";
        assert_eq!(explicit_ids(body), ["risks", "x"]);
    }

    #[test]
    fn nests_headings_by_level() {
        let toc = build_toc(vec![
            (1, "t".into(), "Title".into()),
            (2, "a".into(), "A".into()),
            (3, "a1".into(), "A1".into()),
            (4, "a1x".into(), "A1x".into()),
            (2, "b".into(), "B".into()),
            (3, "b1".into(), "B1".into()),
        ]);
        assert_eq!(toc.len(), 2);
        assert_eq!(toc[0].children[0].id, "a1");
        assert_eq!(toc[0].children[0].children[0].id, "a1x");
        assert_eq!(toc[1].children[0].id, "b1");
    }
}
