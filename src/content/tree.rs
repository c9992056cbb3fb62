//! The site's shape: which section each page belongs to, in what order, which tags exist,
//! and that no two things claim one URL.

use super::url::{folder_url, humanize, slugify};
use super::Page;
use crate::diagnostics::{Code, Diagnostic};
use std::cmp::Ordering;
use rustc_hash::FxHashMap as HashMap;
use std::collections::BTreeMap;

/// A folder of pages: its list page, its pages and its subsections, in reading order.
#[derive(Debug, Clone)]
pub struct Section {
    /// Folder inside `content/` (`compounds`), empty for the home page.
    pub dir: String,
    pub url: String,
    /// The section's own page (`_index.md`), if it has one.
    pub index: Option<usize>,
    pub title: String,
    /// Pages in order: `weight`, then newest `date`, then title.
    pub pages: Vec<usize>,
    pub subsections: Vec<usize>,
    pub parent: Option<usize>,
}

/// One tag and the pages carrying it.
#[derive(Debug, Clone)]
pub struct Term {
    /// The tag as first written.
    pub name: String,
    pub slug: String,
    pub url: String,
    pub pages: Vec<usize>,
}

/// Pages grouped into sections and tags. Indexes refer to the page slice it was built from.
#[derive(Debug, Default)]
pub struct SiteTree {
    /// `sections[0]` is the home page.
    pub sections: Vec<Section>,
    pub terms: Vec<Term>,
    /// For each page, its terms (indexes into `terms`) in the order its `tags` name them,
    /// each once: found here once, not again for every list the page appears in.
    pub page_terms: Vec<Vec<usize>>,
    /// For each page, the section it is listed in (`None` for section pages themselves).
    pub page_section: Vec<Option<usize>>,
    /// Content-relative path (`compounds/x.md`) → page index, for resolving links.
    pub by_rel: HashMap<String, usize>,
}

/// URL of the tag index page.
pub const TAGS_URL: &str = "/tags/";

/// Files the build writes itself, so no page may claim them.
const GENERATED: &[&str] = &[
    "/404.html",
    "/sitemap.xml",
    "/atom.xml",
    "/robots.txt",
    "/style.css",
    "/highlight.css",
    "/favicon.svg",
];

impl SiteTree {
    /// Builds the tree. Pages must be sorted by `rel` (as [`super::load`] returns them).
    pub fn build(pages: &[Page]) -> (SiteTree, Vec<Diagnostic>) {
        let mut tree = SiteTree {
            page_section: vec![None; pages.len()],
            ..SiteTree::default()
        };
        let mut by_dir: BTreeMap<String, usize> = BTreeMap::new();
        tree.section_for("", &mut by_dir);
        for (i, page) in pages.iter().enumerate() {
            tree.by_rel.insert(page.rel.clone(), i);
            let dir = parent_dir(&page.rel);
            if page.is_section_index {
                let s = tree.section_for(dir, &mut by_dir);
                tree.sections[s].index = Some(i);
                tree.sections[s].title = page.title();
            } else {
                // A bundle's `index.md` is listed in the section holding its folder.
                let dir = if page.rel.ends_with("/index.md") || page.rel == "index.md" {
                    parent_dir(dir)
                } else {
                    dir
                };
                let s = tree.section_for(dir, &mut by_dir);
                tree.sections[s].pages.push(i);
                tree.page_section[i] = Some(s);
            }
        }
        tree.order(pages);
        tree.collect_terms(pages);
        let diagnostics = tree.url_conflicts(pages);
        (tree, diagnostics)
    }

    /// The section for folder `dir`, creating it and its parents on first use.
    fn section_for(&mut self, dir: &str, by_dir: &mut BTreeMap<String, usize>) -> usize {
        if let Some(&s) = by_dir.get(dir) {
            return s;
        }
        let parent = (!dir.is_empty()).then(|| self.section_for(parent_dir(dir), by_dir));
        let s = self.sections.len();
        let name = dir.rsplit('/').next().unwrap_or(dir);
        self.sections.push(Section {
            dir: dir.to_string(),
            url: folder_url(dir),
            index: None,
            title: if dir.is_empty() {
                String::new()
            } else {
                humanize(name)
            },
            pages: Vec::new(),
            subsections: Vec::new(),
            parent,
        });
        if let Some(p) = parent {
            self.sections[p].subsections.push(s);
        }
        by_dir.insert(dir.to_string(), s);
        s
    }

    fn order(&mut self, pages: &[Page]) {
        let weight_of =
            |sections: &[Section], s: usize| sections[s].index.and_then(|i| pages[i].meta.weight);
        for s in 0..self.sections.len() {
            let mut list = std::mem::take(&mut self.sections[s].pages);
            list.sort_by(|&a, &b| reading_order(&pages[a], &pages[b]));
            self.sections[s].pages = list;
            let mut subs = std::mem::take(&mut self.sections[s].subsections);
            subs.sort_by(|&a, &b| {
                let (wa, wb) = (weight_of(&self.sections, a), weight_of(&self.sections, b));
                by_weight(wa, wb).then_with(|| self.sections[a].title.cmp(&self.sections[b].title))
            });
            self.sections[s].subsections = subs;
        }
    }

    fn collect_terms(&mut self, pages: &[Page]) {
        // A site has a few dozen tags on thousands of pages: each name is slugified once.
        let mut slugs: HashMap<&str, String> = HashMap::default();
        for name in pages.iter().flat_map(|page| &page.meta.tags) {
            if !slugs.contains_key(name.as_str()) {
                slugs.insert(name, slugify(name));
            }
        }
        let mut terms: BTreeMap<String, Term> = BTreeMap::new();
        for (i, page) in pages.iter().enumerate() {
            for name in &page.meta.tags {
                let slug = slugs[name.as_str()].clone();
                if slug.is_empty() {
                    continue;
                }
                let term = terms.entry(slug.clone()).or_insert_with(|| Term {
                    name: name.trim().to_string(),
                    url: format!("{TAGS_URL}{slug}/"),
                    slug,
                    pages: Vec::new(),
                });
                // Pages come in order, so a page naming a tag twice is the last one listed.
                if term.pages.last() != Some(&i) {
                    term.pages.push(i);
                }
            }
        }
        self.terms = terms.into_values().collect();
        let by_slug: HashMap<&str, usize> = self
            .terms
            .iter()
            .enumerate()
            .map(|(t, term)| (term.slug.as_str(), t))
            .collect();
        self.page_terms = pages
            .iter()
            .map(|page| {
                let mut found: Vec<usize> = Vec::new();
                for name in &page.meta.tags {
                    if let Some(&t) = by_slug.get(slugs[name.as_str()].as_str()) {
                        if !found.contains(&t) {
                            found.push(t);
                        }
                    }
                }
                found
            })
            .collect();
        for term in &mut self.terms {
            term.pages
                .sort_by(|&a, &b| reading_order(&pages[a], &pages[b]));
        }
    }

    /// Every URL claimed twice, reported at the later claimant.
    fn url_conflicts(&self, pages: &[Page]) -> Vec<Diagnostic> {
        let mut claims: HashMap<String, String> = HashMap::default();
        let mut diagnostics = Vec::new();
        let mut claim = |url: String, who: String, file: &str, line: usize| {
            if let Some(first) = claims.get(&url) {
                diagnostics.push(
                    Diagnostic::new(Code::BuildUrlConflict, file, (line, 1))
                        .message(format!("`{url}` is claimed by both {first} and {who}"))
                        .help(
                            "give one of them another `slug`, rename its file, or remove the alias",
                        ),
                );
            } else {
                claims.insert(url, who);
            }
        };
        for url in GENERATED {
            claim(
                url.to_string(),
                "panelpress's generated files".into(),
                "",
                1,
            );
        }
        for section in &self.sections {
            let who = match section.index {
                Some(i) => format!("`{}`", pages[i].source),
                None => format!("the generated list page of `content/{}`", section.dir),
            };
            let file = section.index.map_or("", |i| pages[i].source.as_str());
            claim(section.url.clone(), who, file, 1);
        }
        claim(TAGS_URL.into(), "the tag index".into(), "", 1);
        for term in &self.terms {
            claim(
                term.url.clone(),
                format!("the tag page `{}`", term.name),
                "",
                1,
            );
        }
        for page in pages.iter().filter(|p| !p.is_section_index) {
            let line = page.meta.line_of("slug");
            claim(
                page.url.clone(),
                format!("`{}`", page.source),
                &page.source,
                line,
            );
        }
        for page in pages {
            let line = page.meta.line_of("aliases");
            for alias in &page.meta.aliases {
                let who = format!("an alias in `{}`", page.source);
                claim(normalize_alias(alias), who, &page.source, line);
            }
        }
        diagnostics
    }
}

/// An alias as a root-relative URL: `old/page` → `/old/page/`.
pub fn normalize_alias(alias: &str) -> String {
    let trimmed = alias.trim().trim_start_matches('/');
    let last = trimmed.rsplit('/').next().unwrap_or("");
    if trimmed.is_empty() || trimmed.ends_with('/') || last.contains('.') {
        format!("/{trimmed}")
    } else {
        format!("/{trimmed}/")
    }
}

fn parent_dir(rel: &str) -> &str {
    rel.rsplit_once('/').map_or("", |(dir, _)| dir)
}

fn by_weight(a: Option<i64>, b: Option<i64>) -> Ordering {
    match (a, b) {
        (Some(a), Some(b)) => a.cmp(&b),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
}

/// `weight` first (pages with one before pages without), then newest `date`, then title,
/// then URL so the order never depends on the file system.
fn reading_order(a: &Page, b: &Page) -> Ordering {
    by_weight(a.meta.weight, b.meta.weight)
        .then_with(|| b.meta.date.cmp(&a.meta.date))
        .then_with(|| a.title().cmp(&b.title()))
        .then_with(|| a.url.cmp(&b.url))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(rel: &str, tags: &str) -> Page {
        let text = format!("---\ntitle: {rel}\ntags: [{tags}]\n---\nBody.\n");
        let split = super::super::front_matter::parse(rel, &text).expect("front matter parses");
        Page {
            source: format!("content/{rel}"),
            rel: rel.to_string(),
            body_offset: split.body_offset,
            meta: split.front_matter,
            url: format!("/{}/", rel.trim_end_matches(".md")),
            is_section_index: false,
            lines: Default::default(),
            text,
        }
    }

    #[test]
    fn each_page_lists_its_terms_once_in_its_own_order() {
        let pages = [
            page("a.md", "Safety, growth hormone, Growth-Hormone, safety"),
            page("b.md", "Growth hormone"),
            page("c.md", ""),
        ];
        let (tree, _) = SiteTree::build(&pages);
        let slugs = |p: usize| -> Vec<&str> {
            tree.page_terms[p]
                .iter()
                .map(|&t| tree.terms[t].slug.as_str())
                .collect()
        };
        assert_eq!(slugs(0), ["safety", "growth-hormone"]);
        assert_eq!(slugs(1), ["growth-hormone"]);
        assert!(slugs(2).is_empty());
        let term = |slug: &str| tree.terms.iter().find(|t| t.slug == slug).unwrap();
        assert_eq!(term("safety").pages, [0]);
        assert_eq!(term("growth-hormone").pages.len(), 2);
    }

    #[test]
    fn normalizes_aliases() {
        assert_eq!(normalize_alias("old/page"), "/old/page/");
        assert_eq!(normalize_alias("/old/page/"), "/old/page/");
        assert_eq!(normalize_alias("/legacy.html"), "/legacy.html");
    }
}
