//! The site's shape: which section each page belongs to, in what order, which tags exist,
//! and that no two things claim one URL.

use super::url::{folder_url, humanize, slugify};
use super::Page;
use crate::diagnostics::{Code, Diagnostic};
use rayon::prelude::*;
use rustc_hash::FxHashMap as HashMap;
use std::borrow::Cow;
use std::cmp::Ordering;
use std::collections::BTreeMap;

/// A folder of pages: its list page, its pages and its subsections, in reading order.
#[derive(Debug, Clone)]
pub struct Section {
    /// Folder inside `content/` (`compounds`), empty for the home page.
    pub(crate) dir: String,
    pub(crate) url: String,
    /// The section's own page (`_index.md`), if it has one.
    pub(crate) index: Option<usize>,
    pub(crate) title: String,
    /// Pages in order: `weight`, then newest `date`, then title.
    pub(crate) pages: Vec<usize>,
    pub(crate) subsections: Vec<usize>,
}

/// One tag and the pages carrying it.
#[derive(Debug, Clone)]
pub(crate) struct Term {
    /// The tag as first written.
    pub(crate) name: String,
    pub(crate) slug: String,
    pub(crate) url: String,
    pub(crate) pages: Vec<usize>,
}

/// Pages grouped into sections and tags. Indexes refer to the page slice it was built from.
#[derive(Debug, Default)]
pub(crate) struct SiteTree {
    /// `sections[0]` is the home page.
    pub(crate) sections: Vec<Section>,
    pub(crate) terms: Vec<Term>,
    /// For each page, its terms (indexes into `terms`) in the order its `tags` name them,
    /// each once: found here once, not again for every list the page appears in.
    pub(crate) page_terms: Vec<Vec<usize>>,
    /// For each page, the section it is listed in (`None` for section pages themselves).
    pub(crate) page_section: Vec<Option<usize>>,
    /// Content-relative path (`compounds/x.md`) → page index, for resolving links.
    pub(crate) by_rel: HashMap<String, usize>,
    /// The newest listed pages, for the home page (see [`super::related::latest`]).
    pub(crate) latest: Vec<usize>,
    /// For each page, the pages sharing its tags (see [`super::related::related`]).
    pub(crate) related: Vec<Vec<usize>>,
}

/// URL of the tag index page.
pub(crate) const TAGS_URL: &str = "/tags/";

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

/// What claims a URL, for [`SiteTree::url_conflicts`].
#[derive(Debug, Clone, Copy)]
enum Claimant {
    Generated,
    Section(usize),
    TagIndex,
    Term(usize),
    Page(usize),
    Alias(usize),
}

impl Claimant {
    /// How a conflict names it.
    fn describe(self, tree: &SiteTree, pages: &[Page]) -> String {
        match self {
            Claimant::Generated => "panelpress's generated files".into(),
            Claimant::Section(s) => match tree.sections[s].index {
                Some(i) => format!("`{}`", pages[i].source),
                None => format!(
                    "the generated list page of `content/{}`",
                    tree.sections[s].dir
                ),
            },
            Claimant::TagIndex => "the tag index".into(),
            Claimant::Term(t) => format!("the tag page `{}`", tree.terms[t].name),
            Claimant::Page(i) => format!("`{}`", pages[i].source),
            Claimant::Alias(i) => format!("an alias in `{}`", pages[i].source),
        }
    }

    /// The file and line a conflict is reported at when this is the later claimant.
    fn place(self, tree: &SiteTree, pages: &[Page]) -> (String, usize) {
        let source = |i: usize| pages[i].source.clone();
        match self {
            Claimant::Section(s) => (tree.sections[s].index.map_or_else(String::new, source), 1),
            Claimant::Page(i) => (source(i), pages[i].meta.line_of("slug")),
            Claimant::Alias(i) => (source(i), pages[i].meta.line_of("aliases")),
            _ => (String::new(), 1),
        }
    }
}

impl SiteTree {
    /// Builds the tree. Pages must be sorted by `rel` (as [`super::load`] returns them).
    /// `generated` are URLs the build writes besides [`GENERATED`] (the search page when
    /// search is on): no page may claim them either.
    pub(crate) fn build(pages: &[Page], generated: &[&str]) -> (SiteTree, Vec<Diagnostic>) {
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
                tree.page_section[i] = Some(s);
            }
        }
        // Every list (a section's pages, a tag's) is in reading order: the site is sorted
        // once, and each list filled by walking that order. Sorting each tag's list on its
        // own would compare the same scattered pages again for every tag, in this serial
        // stage.
        let mut ranked: Vec<usize> = (0..pages.len()).collect();
        // Stable like `sort_by` (the same order), on both cores.
        ranked.par_sort_by(|&a, &b| reading_order(&pages[a], &pages[b]));
        tree.order(pages, &ranked);
        tree.collect_terms(pages, &ranked);
        tree.latest = super::related::latest(
            pages,
            (0..pages.len()).filter(|&i| tree.page_section[i].is_some()),
        );
        let term_pages: Vec<&[usize]> = tree.terms.iter().map(|t| t.pages.as_slice()).collect();
        tree.related = super::related::related(pages, &tree.page_terms, &term_pages);
        let diagnostics = tree.url_conflicts(pages, generated);
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
        });
        if let Some(p) = parent {
            self.sections[p].subsections.push(s);
        }
        by_dir.insert(dir.to_string(), s);
        s
    }

    /// Puts each section's pages in the site's reading order `ranked`, and its subsections
    /// in theirs.
    fn order(&mut self, pages: &[Page], ranked: &[usize]) {
        for &i in ranked {
            if let Some(s) = self.page_section[i] {
                self.sections[s].pages.push(i);
            }
        }
        let weight_of =
            |sections: &[Section], s: usize| sections[s].index.and_then(|i| pages[i].meta.weight);
        for s in 0..self.sections.len() {
            let mut subs = std::mem::take(&mut self.sections[s].subsections);
            subs.sort_by(|&a, &b| {
                let (wa, wb) = (weight_of(&self.sections, a), weight_of(&self.sections, b));
                by_weight(wa, wb).then_with(|| self.sections[a].title.cmp(&self.sections[b].title))
            });
            self.sections[s].subsections = subs;
        }
    }

    /// Finds the site's tags, each with its pages in the site's reading order `ranked`.
    fn collect_terms(&mut self, pages: &[Page], ranked: &[usize]) {
        // A site has a few dozen tags on thousands of pages: each name is slugified once,
        // when first met, and each tag of each page is then one lookup.
        // Name → the number of its slug (in the order slugs are first met); `None` for a
        // name with no slug.
        let mut number_of: HashMap<&str, Option<usize>> = HashMap::default();
        let mut numbered: HashMap<String, usize> = HashMap::default();
        // By number: the slug and the name it was first written as (pages come in order).
        let mut first_written: Vec<(String, &str)> = Vec::new();
        let mut page_terms: Vec<Vec<usize>> = Vec::with_capacity(pages.len());
        // By number: the last page (counted from 1) that named the tag, so a tag named twice
        // on one page is listed once without searching the page's list (a page may have
        // thousands of tags).
        let mut last_seen_on: Vec<usize> = Vec::new();
        for (seen_on, page) in (1..).zip(pages) {
            let mut found: Vec<usize> = Vec::new();
            for name in &page.meta.tags {
                let number = *number_of.entry(name).or_insert_with(|| {
                    let slug = slugify(name);
                    if slug.is_empty() {
                        return None;
                    }
                    let next = first_written.len();
                    let number = *numbered.entry(slug.clone()).or_insert(next);
                    if number == next {
                        first_written.push((slug, name));
                    }
                    Some(number)
                });
                let Some(number) = number else { continue };
                if last_seen_on.len() <= number {
                    last_seen_on.resize(number + 1, 0);
                }
                if last_seen_on[number] != seen_on {
                    last_seen_on[number] = seen_on;
                    found.push(number);
                }
            }
            page_terms.push(found);
        }
        // Terms are listed by slug.
        let mut by_slug: Vec<usize> = (0..first_written.len()).collect();
        by_slug.sort_by(|&a, &b| first_written[a].0.cmp(&first_written[b].0));
        let mut term_of = vec![0; by_slug.len()];
        for (t, &number) in by_slug.iter().enumerate() {
            term_of[number] = t;
        }
        let mut terms: Vec<Term> = by_slug
            .iter()
            .map(|&number| {
                let (slug, name) = &first_written[number];
                Term {
                    name: name.trim().to_string(),
                    slug: slug.clone(),
                    url: format!("{TAGS_URL}{slug}/"),
                    pages: Vec::new(),
                }
            })
            .collect();
        for found in &mut page_terms {
            for number in found.iter_mut() {
                *number = term_of[*number];
            }
        }
        for &i in ranked {
            for &t in &page_terms[i] {
                terms[t].pages.push(i);
            }
        }
        self.page_terms = page_terms;
        self.terms = terms;
    }

    /// Every URL claimed twice, reported at the later claimant. Who claimed a URL is put
    /// into words only for a conflict: a large site has tens of thousands of claims.
    fn url_conflicts<'a>(&'a self, pages: &'a [Page], generated: &[&'a str]) -> Vec<Diagnostic> {
        let mut claims: HashMap<Cow<'a, str>, Claimant> = HashMap::default();
        claims.reserve(pages.len() + self.sections.len() + self.terms.len() + GENERATED.len() + 1);
        let mut diagnostics = Vec::new();
        let mut claim = |url: Cow<'a, str>, who: Claimant| match claims.get(same_place(&url)) {
            Some(first) => {
                let (file, line) = who.place(self, pages);
                diagnostics.push(
                    Diagnostic::new(Code::BuildUrlConflict, file, (line, 1))
                        .message(format!(
                            "`{url}` is claimed by both {} and {}",
                            first.describe(self, pages),
                            who.describe(self, pages)
                        ))
                        .help(
                            "give one of them another `slug`, rename its file, or remove the alias",
                        ),
                );
            }
            None => {
                let key = match url {
                    Cow::Borrowed(url) => Cow::Borrowed(same_place(url)),
                    Cow::Owned(url) => Cow::Owned(same_place(&url).to_string()),
                };
                claims.insert(key, who);
            }
        };
        for url in GENERATED.iter().chain(generated) {
            claim(Cow::Borrowed(url), Claimant::Generated);
        }
        for (s, section) in self.sections.iter().enumerate() {
            claim(Cow::Borrowed(&section.url), Claimant::Section(s));
        }
        claim(Cow::Borrowed(TAGS_URL), Claimant::TagIndex);
        for (t, term) in self.terms.iter().enumerate() {
            claim(Cow::Borrowed(&term.url), Claimant::Term(t));
        }
        for (i, page) in pages
            .iter()
            .enumerate()
            .filter(|(_, p)| !p.is_section_index)
        {
            claim(Cow::Borrowed(&page.url), Claimant::Page(i));
        }
        for (i, page) in pages.iter().enumerate() {
            for alias in &page.meta.aliases {
                claim(Cow::Owned(normalize_alias(alias)), Claimant::Alias(i));
            }
        }
        diagnostics
    }
}

/// The place on disk a URL names: a folder's URL and a file's of the same name
/// (`/sitemap.xml/` for `slug: sitemap.xml`, and the generated `/sitemap.xml`) cannot both
/// be written, so they claim one place.
fn same_place(url: &str) -> &str {
    match url.trim_end_matches('/') {
        "" => "/",
        place => place,
    }
}

/// An alias as a root-relative URL: `old/page` → `/old/page/`. A folder's `index.html` is
/// the folder's URL (`/about/index.html` → `/about/`): it is the same file, so it must
/// claim the same URL, or the redirect would replace the page there without a conflict.
pub(crate) fn normalize_alias(alias: &str) -> String {
    let trimmed = alias.trim().trim_start_matches('/');
    let trimmed = match trimmed.strip_suffix("index.html") {
        Some(folder) if folder.is_empty() || folder.ends_with('/') => folder,
        _ => trimmed,
    };
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
        .then_with(|| a.title_ref().cmp(&b.title_ref()))
        .then_with(|| a.url.cmp(&b.url))
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    fn page(rel: &str, tags: &str) -> Page {
        page_with(rel, &format!("tags: [{tags}]"))
    }

    /// A page whose front matter has `title: REL` and the lines `yaml`.
    pub(crate) fn page_with(rel: &str, yaml: &str) -> Page {
        let text = format!("---\ntitle: {rel}\n{yaml}\n---\nBody.\n");
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
        let (tree, _) = SiteTree::build(&pages, &[]);
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
    fn sections_and_tags_list_pages_by_weight_then_newest_date_then_title() {
        let pages = [
            page_with("a/old.md", "date: 2020-01-01\ntags: [t]"),
            page_with("a/new.md", "date: 2024-01-01\ntags: [t]"),
            page_with("a/weighted.md", "weight: 1\ntags: [t]"),
            page_with("a/undated-b.md", "tags: [t]"),
            page_with("a/undated-a.md", "tags: [t]"),
            page_with("other.md", "date: 2022-01-01\ntags: [t]"),
        ];
        let (tree, _) = SiteTree::build(&pages, &[]);
        let rels =
            |list: &[usize]| -> Vec<&str> { list.iter().map(|&i| pages[i].rel.as_str()).collect() };
        let section = tree.sections.iter().find(|s| s.dir == "a").unwrap();
        assert_eq!(
            rels(&section.pages),
            [
                "a/weighted.md",
                "a/new.md",
                "a/old.md",
                "a/undated-a.md",
                "a/undated-b.md"
            ]
        );
        assert_eq!(
            rels(&tree.terms[0].pages),
            [
                "a/weighted.md",
                "a/new.md",
                "other.md",
                "a/old.md",
                "a/undated-a.md",
                "a/undated-b.md"
            ]
        );
    }

    #[test]
    fn normalizes_aliases() {
        assert_eq!(normalize_alias("old/page"), "/old/page/");
        assert_eq!(normalize_alias("/old/page/"), "/old/page/");
        assert_eq!(normalize_alias("/legacy.html"), "/legacy.html");
        assert_eq!(normalize_alias("/index.html"), "/");
        assert_eq!(normalize_alias("about/index.html"), "/about/");
        assert_eq!(normalize_alias("/old-index.html"), "/old-index.html");
    }

    #[test]
    fn each_kind_of_claimant_is_named_in_a_conflict() {
        // A page at a tag page's URL (its folder a section at the tag index's URL), a page at
        // a section's URL (the section has no page of its own), an alias onto a page.
        let mut aliased = page("old.md", "");
        aliased.meta.aliases = vec!["/a/".into()];
        let pages = [
            page("a.md", "x"),
            page("guides/one.md", ""),
            page("guides.md", ""),
            aliased,
            page("tags/x.md", ""),
        ];
        let (_, found) = SiteTree::build(&pages, &[]);
        let messages: Vec<(&str, &str)> = found
            .iter()
            .map(|d| (d.file.as_str(), d.message.as_str()))
            .collect();
        assert_eq!(
            messages,
            [
                (
                    "",
                    "`/tags/` is claimed by both the generated list page of `content/tags` and the tag index"
                ),
                (
                    "content/guides.md",
                    "`/guides/` is claimed by both the generated list page of `content/guides` and `content/guides.md`"
                ),
                (
                    "content/tags/x.md",
                    "`/tags/x/` is claimed by both the tag page `x` and `content/tags/x.md`"
                ),
                (
                    "content/old.md",
                    "`/a/` is claimed by both `content/a.md` and an alias in `content/old.md`"
                ),
            ]
        );
    }
}
