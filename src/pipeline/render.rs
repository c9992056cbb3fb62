//! Rendering every HTML page of the site, in parallel: Markdown to HTML, then the page's
//! template, then straight to the staging folder, so no page's HTML outlives its write.
//! Each page's analysis is kept for the checks that run after.

use super::analyse::page_urls;
use crate::content::{output_file, tree::TAGS_URL, Page};
use crate::diagnostics::{Code, Diagnostic};
use crate::links::html::Found;
use crate::links::{PageLinks, RenderedPage};
use crate::markdown::{self, Analysis, LinkContext, RenderContext, TocEntry};
use crate::output::Sink;
use crate::search::{self, Record, Records};
use crate::templates::context::Builder;
use crate::templates::Templates;
use crate::text;
use rayon::prelude::*;
use std::sync::Arc;
use tera::Context;

/// Everything rendering reads.
pub(crate) struct Site<'a> {
    pub(crate) builder: Builder<'a>,
    pub(crate) templates: &'a Templates,
    /// Where pages are written; `None` for `check`, which renders without writing.
    pub(crate) sink: Option<&'a dyn Sink>,
    /// What becomes of each page's search record.
    pub(crate) records: Records<'a>,
}

/// One output page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Job {
    Page(usize),
    Section(usize),
    TagIndex,
    Term(usize),
    NotFound,
    /// The search page, when search is on.
    Search,
}

/// What [`render_all`] produced.
pub(crate) struct Rendered {
    pub(crate) diagnostics: Vec<Diagnostic>,
    pub(crate) pages: usize,
    /// By page index.
    pub(crate) analyses: Vec<Analysis>,
    pub(crate) html: Vec<RenderedPage>,
    /// By page index: what each page that search covers offers to the index (shared, so
    /// the preview hands every record to its background indexer without copying).
    pub(crate) search: Vec<Option<Arc<Record>>>,
}

/// What one job produced.
#[derive(Default)]
pub(crate) struct Output {
    /// A template error, with what was being rendered (see [`template_errors`]).
    pub(crate) diagnostic: Option<(Diagnostic, String)>,
    pub(crate) analysis: Option<(usize, Analysis)>,
    pub(crate) html: Option<RenderedPage>,
    /// The page's search record, when search covers it.
    pub(crate) search: Option<Arc<Record>>,
}

/// `template:` naming a template that exists neither in the theme nor in `templates/`.
pub(crate) fn unknown_templates(templates: &Templates, pages: &[Page]) -> Vec<Diagnostic> {
    pages
        .iter()
        .filter_map(|page| {
            let name = page.meta.template.as_deref()?;
            (!templates.has(name)).then(|| {
                Diagnostic::new(
                    Code::BuildTemplate,
                    page.source.as_str(),
                    (page.meta.line_of("template"), 1),
                )
                .message(format!("template `{name}` does not exist"))
                .help(format!(
                    "create `templates/{name}` or remove the `template` line"
                ))
            })
        })
        .collect()
}

/// How many pages one parallel run renders. Rayon splits a list into a few long runs and
/// never splits a run once it has started: the last run (hundreds of pages) would go on
/// alone on one core while the other sits idle. Runs of a few pages leave no such tail
/// (the checks, which do far less work a page, use runs of 64 for the same reason).
const PAGES_PER_RUN: usize = 8;

/// The pages rendered by a job of their own ([`Job::Page`]; a section's own page is its
/// list's), in page order.
fn page_order(pages: &[Page]) -> Vec<usize> {
    (0..pages.len())
        .filter(|&i| !pages[i].is_section_index)
        .collect()
}

/// Renders and writes every page, section, tag page and the 404 page.
pub(crate) fn render_all(site: &Site) -> std::io::Result<Rendered> {
    let pages = site.builder.pages;
    let tree = site.builder.tree;
    let links = page_urls(pages);
    // Listing pages first: a section of 10,000 pages is one long job, and started last it
    // would run alone on one core after every other job has finished.
    let mut jobs: Vec<Job> = (0..tree.sections.len()).map(Job::Section).collect();
    jobs.push(Job::TagIndex);
    jobs.extend((0..tree.terms.len()).map(Job::Term));
    jobs.push(Job::NotFound);
    if site.builder.config.search.enabled {
        jobs.push(Job::Search);
    }
    jobs.extend(page_order(pages).into_iter().map(Job::Page));
    let count = jobs.len();
    let outputs: Vec<std::io::Result<Output>> = jobs
        .into_par_iter()
        .with_max_len(PAGES_PER_RUN)
        .map(|job| render_job(site, &links, job))
        .collect();
    let mut rendered = Rendered {
        diagnostics: Vec::new(),
        pages: count,
        analyses: vec![Analysis::default(); pages.len()],
        html: Vec::with_capacity(count),
        search: vec![None; pages.len()],
    };
    let mut errors = Vec::new();
    for output in outputs {
        let output = output?;
        errors.extend(output.diagnostic);
        if let Some((index, analysis)) = output.analysis {
            rendered.search[index] = output.search;
            rendered.analyses[index] = analysis;
        }
        rendered.html.extend(output.html);
    }
    rendered.diagnostics = template_errors(errors);
    Ok(rendered)
}

/// Template errors, each once, saying which page met it: the template's line alone does
/// not tell a writer which page's front matter lacks what the template reads. A template
/// line that fails on many pages is one finding, worded as Tera worded it for the first
/// page (source files first, then lists without one, by URL), naming that page and how
/// many more met it, not ten thousand findings (Tera's message may name a page's own
/// fields, so it differs from page to page).
pub(crate) fn template_errors(errors: Vec<(Diagnostic, String)>) -> Vec<Diagnostic> {
    type Place = (String, usize, usize, Code);
    let mut met: std::collections::BTreeMap<Place, Vec<(bool, String, Diagnostic)>> =
        Default::default();
    for (diagnostic, rendering) in errors {
        let place = (
            diagnostic.file.clone(),
            diagnostic.line,
            diagnostic.column,
            diagnostic.code,
        );
        met.entry(place)
            .or_default()
            .push((rendering.starts_with('/'), rendering, diagnostic));
    }
    met.into_values()
        .map(|mut renderings| {
            renderings.sort_unstable();
            renderings.dedup_by(|a, b| a.1 == b.1);
            let others = renderings.len() - 1;
            let (_, first, mut diagnostic) = renderings.swap_remove(0);
            let pages = crate::diagnostics::pages_met(&first, others);
            diagnostic.message = format!("{} (rendering {pages})", diagnostic.message);
            diagnostic
        })
        .collect()
}

/// What rendering a page's Markdown body reads: the site and every page's URL.
struct Bodies<'s, 'a> {
    site: &'s Site<'a>,
    links: &'s crate::markdown::links::PageUrls,
}

impl<'s> Bodies<'s, '_> {
    /// `page`'s body rendered, with its words for the index where a record is wanted and
    /// search covers the page.
    fn of(&self, page: &Page) -> markdown::Rendered {
        let builder = &self.site.builder;
        let context = RenderContext {
            links: LinkContext {
                page_rel: &page.rel,
                pages: self.links,
                base_path: builder.config.base_path(),
            },
            bibliography: builder.bibliography,
            plain_text: !matches!(self.site.records, Records::Skip)
                && search::covers(builder.config, page),
        };
        markdown::render(page.body(), &context)
    }

    /// Lays out page `i` into `html`; its analysis and search record go to `output`.
    fn page(&self, i: usize, output: &mut Output, html: &mut Vec<u8>) -> Laid<'s> {
        let (site, builder) = (self.site, &self.site.builder);
        let page = &builder.pages[i];
        let template = page.meta.template.as_deref().unwrap_or("page.html");
        let mut body = self.of(page);
        let plain = body.plain.take();
        let mut context = common(&body.toc);
        let mut page_context = builder.page(i, &body);
        page_context.structured_data =
            crate::templates::structured::medical_web_page(builder, &page_context);
        let section = page_context.section.as_ref().map(|s| s.title.clone());
        output.search = plain.map(|plain| Arc::new(Record::of(page, section, plain)));
        context.insert("page", &page_context);
        let laid_out = lay_out(site, &page.url, template, context, html);
        output.analysis = Some((i, with_words(body)));
        (page.url.as_str(), laid_out)
    }

    /// Lays out section `s`'s list into `html`; its own page's analysis and search record
    /// go to `output`.
    fn section(&self, s: usize, output: &mut Output, html: &mut Vec<u8>) -> Laid<'s> {
        let (site, builder) = (self.site, &self.site.builder);
        let section = &builder.tree.sections[s];
        let index = section.index.map(|i| &builder.pages[i]);
        let default = if s == 0 { "index.html" } else { "section.html" };
        let template = index
            .and_then(|p| p.meta.template.as_deref())
            .unwrap_or(default);
        let mut body = index.map(|page| self.of(page)).unwrap_or_default();
        output.search = index
            .zip(body.plain.take())
            .map(|(page, plain)| Arc::new(Record::of(page, None, plain)));
        let mut context = common(&body.toc);
        context.insert("section", &builder.section(s, &body));
        let laid_out = lay_out(site, &section.url, template, context, html);
        if let Some(i) = section.index {
            output.analysis = Some((i, with_words(body)));
        }
        (section.url.as_str(), laid_out)
    }
}

/// A job's URL and whether its template rendered.
type Laid<'s> = (&'s str, Result<(), crate::diagnostics::Diagnostic>);

/// Renders one job; a template error is returned as a diagnostic, an I/O error as an error.
pub(crate) fn render_job(
    site: &Site,
    links: &crate::markdown::links::PageUrls,
    job: Job,
) -> std::io::Result<Output> {
    let builder = &site.builder;
    let bodies = Bodies { site, links };
    let mut output = Output::default();
    let mut html = PageBuffer::take();
    let (url, laid_out) = match job {
        Job::Page(i) => bodies.page(i, &mut output, &mut html),
        Job::Section(s) => bodies.section(s, &mut output, &mut html),
        Job::TagIndex | Job::Term(_) => {
            let term = match job {
                Job::Term(t) => Some(&builder.tree.terms[t]),
                _ => None,
            };
            let url = term.map_or(TAGS_URL, |term| term.url.as_str());
            let mut context = common(&[]);
            context.insert_value("taxonomy", builder.taxonomy());
            match term {
                Some(term) => context.insert("term", &builder.term(term)),
                None => context.insert("term", &None::<()>),
            }
            (url, lay_out(site, url, "taxonomy.html", context, &mut html))
        }
        Job::NotFound => {
            let laid_out = lay_out(site, "/404.html", "404.html", common(&[]), &mut html);
            ("/404.html", laid_out)
        }
        Job::Search => {
            let url = search::PAGE_URL;
            let laid_out = lay_out(site, url, "search.html", common(&[]), &mut html);
            (url, laid_out)
        }
    };
    let page = output.analysis.as_ref().map(|(i, _)| *i);
    // Every page's turn, record or not, before anything below can fail; handed over, not
    // kept: a build needs each record only in the index.
    if let (Some(i), Records::Feed(indexer)) = (page, site.records) {
        indexer.feed(i, output.search.take());
    }
    // A page is named by its source file; a list without one (a tag's page) by its URL.
    let rendering = || match page {
        Some(i) => builder.pages[i].source.clone(),
        None => builder.url(url),
    };
    match laid_out {
        Ok(()) => {
            output.html = Some(written(site, url, page, &html)?);
        }
        Err(diagnostic) => {
            output.diagnostic = Some((diagnostic, rendering()));
        }
    }
    Ok(output)
}

/// A body's analysis with its word count, which the report's citation density reads.
fn with_words(body: markdown::Rendered) -> Analysis {
    Analysis {
        words: body.word_count,
        ..body.analysis
    }
}

/// Lays out the page at `url` with `template` into `html`.
fn lay_out(
    site: &Site,
    url: &str,
    template: &str,
    mut context: Context,
    html: &mut Vec<u8>,
) -> Result<(), crate::diagnostics::Diagnostic> {
    context.insert("current_url", &site.builder.url(url));
    context.insert("permalink", &site.builder.permalink(url));
    site.templates.render_into(template, &context, html)
}

/// Writes a rendered page (when there is somewhere to write) and reads its ids and links
/// back.
fn written(
    site: &Site,
    url: &str,
    page: Option<usize>,
    html: &[u8],
) -> std::io::Result<RenderedPage> {
    let file = output_file(url);
    if let Some(sink) = site.sink {
        sink.write(&file, html)?;
    }
    Ok(read_back(file, site.builder.url(url), page, html))
}

thread_local! {
    /// The page being rendered on this thread: one buffer, grown to the largest page and
    /// reused, instead of a fresh one per page.
    static PAGE_BUFFER: std::cell::Cell<Vec<u8>> = const { std::cell::Cell::new(Vec::new()) };
    /// What [`read_back`] finds on this thread's page, gathered in buffers that keep their
    /// size from page to page.
    static FOUND: std::cell::RefCell<(Vec<String>, PageLinks)> = Default::default();
}

/// This thread's [`PAGE_BUFFER`] while a job uses it, given back however the job ends.
struct PageBuffer(Vec<u8>);

impl PageBuffer {
    fn take() -> PageBuffer {
        PageBuffer(PAGE_BUFFER.take())
    }
}

impl std::ops::Deref for PageBuffer {
    type Target = Vec<u8>;
    fn deref(&self) -> &Vec<u8> {
        &self.0
    }
}

impl std::ops::DerefMut for PageBuffer {
    fn deref_mut(&mut self) -> &mut Vec<u8> {
        &mut self.0
    }
}

impl Drop for PageBuffer {
    fn drop(&mut self) {
        PAGE_BUFFER.set(std::mem::take(&mut self.0));
    }
}

/// The ids and links of a page just rendered. They are gathered in the thread's buffers,
/// then copied once at their exact size: grown from empty, a page's links and ids would
/// be copied a dozen times and keep up to twice the room they need, for every page of the
/// site until the checks have run.
fn read_back(file: String, url: String, page: Option<usize>, html: &[u8]) -> RenderedPage {
    FOUND.with_borrow_mut(|(ids, links)| {
        scan_into(html, ids, links);
        let kept = links.clone();
        links.clear();
        let mut set =
            rustc_hash::FxHashSet::with_capacity_and_hasher(ids.len(), Default::default());
        set.extend(ids.drain(..));
        RenderedPage {
            file,
            url,
            page,
            ids: set.into(),
            links: kept,
        }
    })
}

/// Adds the ids and links of `html` to `ids` and `links`.
fn scan_into(html: &[u8], ids: &mut Vec<String>, links: &mut PageLinks) {
    // Links come in document order: walk forward once, counting lines and characters,
    // instead of indexing every page.
    let (mut line, mut column, mut counted) = (1, 1, 0);
    crate::links::html::scan(html, |found| match found {
        Found::Id(id) => ids.push(id.into_owned()),
        Found::Link(href, offset) => {
            let between = &html[counted..offset];
            let newlines = text::newlines(between);
            let (line_start, base) = match memchr::memrchr(b'\n', between) {
                Some(at) => (at + 1, 1),
                None => (0, column),
            };
            line += newlines;
            column = base + text::chars(&between[line_start..]);
            counted = offset;
            links.push(&href, line, column);
        }
    });
}

fn common(toc: &[TocEntry]) -> Context {
    let mut context = Context::new();
    context.insert("toc", toc);
    context
}

#[cfg(test)]
mod tests {
    use crate::diagnostics::{Code, Diagnostic};

    /// Guards how a template error names the pages that met it: once per template place,
    /// with the first page (source files before lists named by URL) and how many more.
    #[test]
    fn a_template_error_names_the_first_page_that_met_it_and_how_many_more() {
        let error = |line| {
            Diagnostic::new(Code::BuildTemplate, "templates/page.html", (line, 7))
                .message("template error: Variable `author` is not defined")
        };
        let errors = vec![
            (error(5), "content/b.md".to_string()),
            (error(9), "/tags/dosing/".to_string()),
            (error(5), "/guides/".to_string()),
            (error(5), "content/a.md".to_string()),
            // Tera's message may name the page's own fields: still the same finding.
            (
                error(5).message("template error: Variable `author` is not defined here"),
                "content/c.md".to_string(),
            ),
        ];
        let messages: Vec<(usize, String)> = super::template_errors(errors)
            .into_iter()
            .map(|d| (d.line, d.message))
            .collect();
        assert_eq!(
            messages,
            [
                (
                    5,
                    "template error: Variable `author` is not defined \
                     (rendering `content/a.md` and 3 other pages)"
                        .to_string()
                ),
                (
                    9,
                    "template error: Variable `author` is not defined \
                     (rendering `/tags/dosing/`)"
                        .to_string()
                ),
            ]
        );
    }

    #[test]
    fn links_read_back_at_their_line_and_column() {
        let html = "<p>é <a href=\"/a/\">x</a> <a href=\"/b/\">y</a>\n\n  <img src=\"/c.png\">\n€<a href=\"#d\">";
        let page = super::read_back("x/index.html".into(), "/x/".into(), None, html.as_bytes());
        let at: Vec<(&str, usize, usize)> = page.links.iter().collect();
        assert_eq!(
            at,
            [
                ("/a/", 1, 9),
                ("/b/", 1, 29),
                ("/c.png", 3, 8),
                ("#d", 4, 5)
            ]
        );
    }
}
