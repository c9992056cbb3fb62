//! What templates receive (documented in the manual, `docs/content/templates.md`). Built from
//! the loaded pages and the tree once per render, borrowing rather than cloning page data
//! where serde allows.

use crate::citations::references::Reference;
use crate::citations::Bibliography;
use crate::config::Config;
use crate::content::{Date, Page, Section, SiteTree, Term};
use crate::markdown::Rendered;
use serde::Serialize;
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// `site`: the same for every template.
#[derive(Debug, Serialize)]
pub(crate) struct SiteContext {
    pub(crate) title: String,
    pub(crate) base_url: String,
    pub(crate) base_path: String,
    pub(crate) language: String,
    pub(crate) description: Option<String>,
    /// Who writes the site: `site.yaml`'s `author`, else the site's title.
    pub(crate) author: String,
    /// `site.yaml`'s `extra` mapping, as written.
    pub(crate) extra: BTreeMap<String, serde_json::Value>,
    /// Top-level sections, for navigation.
    pub(crate) sections: Vec<Link>,
    /// The search page's URL when search is on (`site.yaml`'s `search.enabled`), for the
    /// search box; `None` when it is off.
    pub(crate) search: Option<String>,
}

/// A title and where it links.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Link {
    pub(crate) title: String,
    pub(crate) url: String,
}

/// A tag on a page.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct TagLink {
    pub(crate) name: String,
    pub(crate) url: String,
}

/// `page` in `page.html`.
#[derive(Debug, Serialize)]
pub(crate) struct PageContext<'a> {
    pub(crate) title: String,
    pub(crate) description: Option<&'a str>,
    pub(crate) url: String,
    pub(crate) permalink: String,
    pub(crate) content: &'a str,
    pub(crate) date: Option<Date>,
    pub(crate) updated: Option<Date>,
    pub(crate) reviewed: Option<Date>,
    pub(crate) review_due: Option<Date>,
    pub(crate) reviewed_by: Option<&'a str>,
    pub(crate) tags: Vec<TagLink>,
    pub(crate) weight: Option<i64>,
    pub(crate) draft: bool,
    pub(crate) extra: &'a BTreeMap<String, serde_json::Value>,
    pub(crate) word_count: usize,
    pub(crate) reading_minutes: usize,
    pub(crate) source: &'a str,
    pub(crate) section: Option<Link>,
    pub(crate) no_dose_figures: bool,
    /// The numbered References section, in order of first citation.
    pub(crate) references: Vec<Reference<'a>>,
    /// Whether the body has a code block: only then does the page link `highlight.css`.
    pub(crate) has_code: bool,
    /// The page's schema.org `MedicalWebPage` as JSON, safe to write inside `<script>`;
    /// filled by `templates::structured` from the rest of this context.
    pub(crate) structured_data: String,
    /// [`PageSummary`] values of pages sharing its tags: most shared first, then newest.
    pub(crate) related: Vec<tera::Value>,
}

/// A page in a list (`section.pages`, `term.pages`).
#[derive(Debug, Serialize)]
pub(crate) struct PageSummary<'a> {
    pub(crate) title: String,
    pub(crate) description: Option<&'a str>,
    pub(crate) url: String,
    pub(crate) date: Option<Date>,
    pub(crate) updated: Option<Date>,
    pub(crate) reviewed: Option<Date>,
    pub(crate) tags: Vec<TagLink>,
}

/// `section` in `section.html` and `index.html`.
#[derive(Debug, Serialize)]
pub(crate) struct SectionContext<'a> {
    pub(crate) title: String,
    pub(crate) description: Option<&'a str>,
    pub(crate) url: String,
    pub(crate) permalink: String,
    pub(crate) content: &'a str,
    pub(crate) extra: Option<&'a BTreeMap<String, serde_json::Value>>,
    pub(crate) source: Option<&'a str>,
    /// [`PageSummary`] values.
    pub(crate) pages: Vec<tera::Value>,
    pub(crate) subsections: Vec<SubsectionSummary<'a>>,
    /// References cited by the section's own text.
    pub(crate) references: Vec<Reference<'a>>,
    /// Whether the section's own text has a code block.
    pub(crate) has_code: bool,
    /// On the home page, the newest pages of the site ([`PageSummary`] values); else empty.
    pub(crate) latest: Vec<tera::Value>,
    /// A section of more than [`GROUP_PAST`] pages: its pages A–Z by first letter; else
    /// empty, and the theme lists `pages` in reading order.
    pub(crate) groups: Vec<LetterGroup>,
}

/// Past this many pages a section's list is grouped A–Z: a reader looking for one name in
/// a long list finds it by letter, not by scrolling, and below it one list reads better.
pub(crate) const GROUP_PAST: usize = 50;

/// The pages of a long section whose titles start with one letter.
#[derive(Debug, Serialize)]
pub(crate) struct LetterGroup {
    /// `A`–`Z`, or `#` for titles not starting with a Latin letter.
    pub(crate) letter: char,
    /// The group's fragment id (`letter-a`, `letter-other`).
    pub(crate) id: String,
    /// [`PageSummary`] values, by title.
    pub(crate) pages: Vec<tera::Value>,
}

/// A section in `section.subsections`.
#[derive(Debug, Serialize)]
pub(crate) struct SubsectionSummary<'a> {
    pub(crate) title: String,
    pub(crate) description: Option<&'a str>,
    pub(crate) url: String,
    pub(crate) page_count: usize,
}

/// `taxonomy` in `taxonomy.html`.
#[derive(Debug, Serialize)]
pub(crate) struct TaxonomyContext {
    pub(crate) name: &'static str,
    pub(crate) url: String,
    pub(crate) terms: Vec<TermSummary>,
}

#[derive(Debug, Serialize)]
pub(crate) struct TermSummary {
    pub(crate) name: String,
    pub(crate) slug: String,
    pub(crate) url: String,
    pub(crate) page_count: usize,
}

/// `term` in `taxonomy.html` on a tag's own page.
#[derive(Debug, Serialize)]
pub(crate) struct TermContext {
    pub(crate) name: String,
    pub(crate) slug: String,
    pub(crate) url: String,
    /// [`PageSummary`] values.
    pub(crate) pages: Vec<tera::Value>,
}

/// Builds context values with the site's URL prefix applied.
pub struct Builder<'a> {
    pub(crate) config: &'a Config,
    pub(crate) pages: &'a [Page],
    pub(crate) tree: &'a SiteTree,
    pub(crate) bibliography: &'a Bibliography,
    /// Each page's summary as a template value, made on first use: a page is listed by
    /// its section and each of its tags, and a listed value is shared, not copied.
    summaries: Vec<OnceLock<tera::Value>>,
    /// The tag index as a template value, made on first use: every tag's page shows it,
    /// so a site of many tags shares one value instead of building it once per tag.
    taxonomy: OnceLock<tera::Value>,
    /// `config.base_path()` and the scheme and host before it, worked out once: every URL
    /// of every page is made with them.
    base_path: &'a str,
    host: &'a str,
}

impl<'a> Builder<'a> {
    pub(crate) fn new(
        config: &'a Config,
        pages: &'a [Page],
        tree: &'a SiteTree,
        bibliography: &'a Bibliography,
    ) -> Builder<'a> {
        let (base_url, base_path) = (config.base_url(), config.base_path());
        Builder {
            config,
            pages,
            tree,
            bibliography,
            summaries: (0..pages.len()).map(|_| OnceLock::new()).collect(),
            taxonomy: OnceLock::new(),
            base_path,
            host: &base_url[..base_url.len() - base_path.len()],
        }
    }

    /// The absolute URL of `url`, a root-relative URL that already has the base path.
    pub(crate) fn absolute(&self, url: &str) -> String {
        [self.host, url].concat()
    }

    /// A root-relative URL with the base path (`/docs/compounds/`).
    pub(crate) fn url(&self, url: &str) -> String {
        [self.base_path, url].concat()
    }

    /// The absolute URL (`https://example.org/docs/compounds/`).
    pub(crate) fn permalink(&self, url: &str) -> String {
        [self.host, self.base_path, url].concat()
    }

    pub(crate) fn site(&self) -> SiteContext {
        let home = &self.tree.sections[0];
        SiteContext {
            title: self.config.title.clone(),
            base_url: self.config.base_url().to_string(),
            base_path: self.config.base_path().to_string(),
            language: self.config.language.clone(),
            description: self.config.description.clone(),
            author: self.author().to_string(),
            extra: self.config.extra.clone(),
            sections: home
                .subsections
                .iter()
                .map(|&s| Link {
                    title: self.tree.sections[s].title.clone(),
                    url: self.url(&self.tree.sections[s].url),
                })
                .collect(),
            search: self
                .config
                .search
                .enabled
                .then(|| self.url(crate::search::PAGE_URL)),
        }
    }

    /// Who writes the site: `site.yaml`'s `author`, else the site's title.
    pub(crate) fn author(&self) -> &str {
        self.config.author.as_deref().unwrap_or(&self.config.title)
    }

    /// The tags of page `index`, linked to their pages.
    pub(crate) fn tags(&self, index: usize) -> Vec<TagLink> {
        self.tree.page_terms[index]
            .iter()
            .map(|&t| {
                let term = &self.tree.terms[t];
                TagLink {
                    name: term.name.clone(),
                    url: self.url(&term.url),
                }
            })
            .collect()
    }

    /// References in number order, for a body rendered into `rendered`.
    pub(crate) fn references(&self, rendered: &Rendered) -> Vec<Reference<'a>> {
        rendered
            .references
            .iter()
            .enumerate()
            .map(|(i, &entry)| {
                let mut reference = self.bibliography.reference(i + 1, entry);
                let marks = rendered.marks.get(i).copied().unwrap_or(0);
                reference.citations = (1..=marks)
                    .map(|nth| crate::theme::citation_id(i + 1, nth))
                    .collect();
                reference
            })
            .collect()
    }

    pub(crate) fn page<'r>(&self, index: usize, rendered: &'r Rendered) -> PageContext<'r>
    where
        'a: 'r,
    {
        let (content, word_count) = (rendered.html.as_str(), rendered.word_count);
        let page = &self.pages[index];
        let meta = &page.meta;
        let interval = i64::from(
            meta.review_interval_days
                .unwrap_or(self.config.review_interval_days),
        );
        let mut context = PageContext {
            title: page.title(),
            description: meta.description.as_deref(),
            url: self.url(&page.url),
            permalink: self.permalink(&page.url),
            content,
            date: meta.date,
            updated: meta.updated,
            reviewed: meta.reviewed,
            review_due: meta.reviewed.map(|d| d.plus_days(interval)),
            reviewed_by: meta.reviewed_by.as_deref(),
            tags: self.tags(index),
            weight: meta.weight,
            draft: meta.draft,
            extra: &meta.extra,
            word_count,
            reading_minutes: word_count.div_ceil(200).max(1),
            source: &page.source,
            section: self.tree.page_section[index]
                .filter(|&s| s != 0 || self.tree.sections[0].index.is_some())
                .map(|s| Link {
                    title: self.section_title(&self.tree.sections[s]),
                    url: self.url(&self.tree.sections[s].url),
                }),
            no_dose_figures: meta.no_dose_figures.unwrap_or(self.config.no_dose_figures),
            references: self.references(rendered),
            has_code: rendered.has_code,
            structured_data: String::new(),
            related: Vec::new(),
        };
        context.related = self.tree.related[index]
            .iter()
            .map(|&i| self.summary(i))
            .collect();
        context
    }

    pub(crate) fn section_title(&self, section: &Section) -> String {
        if section.dir.is_empty() && section.title.is_empty() {
            "Home".into()
        } else {
            section.title.clone()
        }
    }

    /// What the builder made on first use, to be dropped off the critical path (a large
    /// site's summaries are a hundred thousand small allocations).
    pub(crate) fn into_cache(self) -> impl Send + 'static {
        self.summaries
    }

    /// Page `index` as `section.pages` and `term.pages` list it.
    pub(crate) fn summary(&self, index: usize) -> tera::Value {
        self.summaries[index]
            .get_or_init(|| tera::Value::from_serializable(&self.summarize(index)))
            .clone()
    }

    fn summarize(&self, index: usize) -> PageSummary<'a> {
        let page = &self.pages[index];
        PageSummary {
            title: page.title(),
            description: page.meta.description.as_deref(),
            url: self.url(&page.url),
            date: page.meta.date,
            updated: page.meta.updated,
            reviewed: page.meta.reviewed,
            tags: self.tags(index),
        }
    }

    pub(crate) fn section<'r>(&self, s: usize, rendered: &'r Rendered) -> SectionContext<'r>
    where
        'a: 'r,
    {
        let content = rendered.html.as_str();
        let section = &self.tree.sections[s];
        let index = section.index.map(|i| &self.pages[i]);
        SectionContext {
            title: if s == 0 && index.and_then(|p| p.meta.title.as_ref()).is_none() {
                self.config.title.clone()
            } else {
                section.title.clone()
            },
            description: index
                .and_then(|p| p.meta.description.as_deref())
                .or(if s == 0 {
                    self.config.description.as_deref()
                } else {
                    None
                }),
            url: self.url(&section.url),
            permalink: self.permalink(&section.url),
            content,
            extra: index.map(|p| &p.meta.extra),
            source: index.map(|p| p.source.as_str()),
            pages: section.pages.iter().map(|&i| self.summary(i)).collect(),
            subsections: section
                .subsections
                .iter()
                .map(|&c| {
                    let child = &self.tree.sections[c];
                    SubsectionSummary {
                        title: child.title.clone(),
                        description: child
                            .index
                            .and_then(|i| self.pages[i].meta.description.as_deref()),
                        url: self.url(&child.url),
                        page_count: child.pages.len(),
                    }
                })
                .collect(),
            references: self.references(rendered),
            has_code: rendered.has_code,
            latest: if s == 0 {
                self.tree.latest.iter().map(|&i| self.summary(i)).collect()
            } else {
                Vec::new()
            },
            groups: self.letter_groups(&section.pages),
        }
    }

    /// `pages` A–Z in [`LetterGroup`]s when there are more than [`GROUP_PAST`], else none.
    fn letter_groups(&self, pages: &[usize]) -> Vec<LetterGroup> {
        if pages.len() <= GROUP_PAST {
            return Vec::new();
        }
        crate::content::related::by_letter(self.pages, pages)
            .into_iter()
            .map(|(letter, listed)| LetterGroup {
                letter,
                id: match letter {
                    '#' => "letter-other".into(),
                    c => format!("letter-{}", c.to_ascii_lowercase()),
                },
                pages: listed.into_iter().map(|i| self.summary(i)).collect(),
            })
            .collect()
    }

    /// The tag index (every tag with its page count), shared by the tag pages.
    pub(crate) fn taxonomy(&self) -> tera::Value {
        self.taxonomy
            .get_or_init(|| tera::Value::from_serializable(&self.taxonomy_context()))
            .clone()
    }

    fn taxonomy_context(&self) -> TaxonomyContext {
        TaxonomyContext {
            name: "tags",
            url: self.url(crate::content::tree::TAGS_URL),
            terms: self
                .tree
                .terms
                .iter()
                .map(|t| TermSummary {
                    name: t.name.clone(),
                    slug: t.slug.clone(),
                    url: self.url(&t.url),
                    page_count: t.pages.len(),
                })
                .collect(),
        }
    }

    pub(crate) fn term(&self, term: &Term) -> TermContext {
        TermContext {
            name: term.name.clone(),
            slug: term.slug.clone(),
            url: self.url(&term.url),
            pages: term.pages.iter().map(|&i| self.summary(i)).collect(),
        }
    }
}
