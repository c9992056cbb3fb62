//! The only place that knows the order of the stages:
//! config → bibliography → templates → content → tree → render + analyse → checks → swap.
//! Each stage returns data and diagnostics; this module decides whether the site can be
//! rendered and whether it is written. Only site.yaml, the bibliography, the templates and
//! two things claiming one URL stop rendering; a page that cannot be read as written is left
//! out and reported, and every other page is still rendered and checked. `build` writes
//! nothing when the site has an error unless asked to (`allow_errors`, for a preview).
//! `check` runs the same stages and writes nothing.

mod analyse;
mod extras;
mod outcome;
mod output_folder;
mod render;

use outcome::{drop_later, finished, report};
pub use outcome::{
    BuildOptions, BuildReport, CheckOptions, Disposal, Failure, Report, REVIEW_HORIZON_DAYS,
};

pub(crate) mod session;

use crate::check::{self, SiteView};
use crate::citations::Bibliography;
use crate::config::{Config, ConfigError};
use crate::content::{self, Date, LoadOptions, Page, SiteTree};
use crate::diagnostics::{Diagnostic, SourceText};
use crate::links::OutputIndex;
use crate::output::{Body, Sink, Staging};
use crate::search::Records;
use crate::templates::Templates;
use crate::timings;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::time::Instant;

/// The site's inputs, loaded.
struct Inputs {
    config: Config,
    bibliography: Bibliography,
    pages: Vec<Page>,
    assets: Vec<content::Asset>,
    static_files: Vec<content::Asset>,
    tree: SiteTree,
    /// `citations.lock`, when the site has one.
    lock: Option<crate::registry::Lock>,
    /// What loading the bibliography found that does not stop rendering.
    bibliography_findings: Vec<Diagnostic>,
    /// Why pages were left out (and files skipped): reported, never stopping rendering.
    page_findings: Vec<Diagnostic>,
    /// The URL of each page left out, so links to it resolve (see `OutputIndex::add_left_out`).
    left_out: Vec<String>,
    /// The `draft: true` pages left out.
    drafts: Vec<content::Draft>,
}

/// Loads config, bibliography and content. `Err` carries the diagnostics of a site whose
/// config could not be read.
fn load_inputs(
    root: &Path,
    drafts: bool,
    diagnostics: &mut Vec<Diagnostic>,
) -> Result<Option<Inputs>, Failure> {
    let config = match Config::load(root) {
        Ok(config) => config,
        Err(ConfigError::Missing(path)) => return Err(Failure::NoSite(path)),
        Err(ConfigError::Unreadable { path, source }) => {
            return Err(Failure::Unreadable { path, source })
        }
        Err(ConfigError::Invalid(d)) => {
            diagnostics.push(*d);
            return Ok(None);
        }
    };
    // A large bibliography parses while the pages load.
    let mut watch = timings::Stopwatch::start();
    let ((mut bibliography, found), loaded) = rayon::join(
        || Bibliography::load(root, &config),
        || content::load(root, LoadOptions { drafts }),
    );
    watch.mark("load");
    // What would stop rendering is reported now; the rest is reported with the checks'
    // findings, where the site's severity overrides are applied to all of them at once.
    let (blocking, bibliography_findings) = found.into_iter().partition(|d| d.code.blocks_build());
    diagnostics.extend::<Vec<Diagnostic>>(blocking);
    let (tree, found) = SiteTree::build(&loaded.pages, &crate::search::generated(&config));
    diagnostics.extend(found);
    watch.mark("tree");
    let (lock, found) = crate::registry::Lock::load(root);
    diagnostics.extend(found);
    bibliography.attach_evidence(|id| lock.as_ref()?.evidence_of(id));
    Ok(Some(Inputs {
        bibliography_findings,
        page_findings: loaded.diagnostics,
        left_out: loaded.left_out,
        lock,
        config,
        bibliography,
        pages: loaded.pages,
        assets: loaded.assets,
        drafts: loaded.drafts,
        static_files: loaded.static_files,
        tree,
    }))
}

/// Builds the site at `options.root`. Findings come back in the report; only a site that
/// cannot be read or written at all is a [`Failure`].
pub fn build(options: &BuildOptions) -> Result<Report, Failure> {
    let started = Instant::now();
    let root = options.root.as_path();
    let out = options.out.clone().unwrap_or_else(|| root.join("public"));
    let folder = output_folder::output_folder(root, &out)?;
    if let Some(url) = &options.base_url {
        crate::config::check_base_url(url).map_err(Failure::BadBaseUrl)?;
    }
    let mut diagnostics = Vec::new();
    let prepared = prepare(root, options.drafts, &mut diagnostics)?;
    let Some((mut inputs, mut templates)) = prepared else {
        return Ok(report(diagnostics, 0, false, out, started));
    };
    if let Some(base_url) = &options.base_url {
        inputs.config.base_url = base_url.clone();
    }
    let write_error = |source| Failure::Write {
        path: out.clone(),
        source,
    };
    let staging = Staging::new(&folder).map_err(write_error)?;
    // Started before the render, so it reads each page's words while others render.
    let indexer = inputs.config.search.enabled.then(|| {
        // Every page takes its turn: a page by its own job, a section's page by its list's.
        crate::search::Indexer::start((0..inputs.pages.len()).collect(), &inputs.config.language)
    });
    let run = Run {
        root,
        inputs: &inputs,
        today: Date::today(),
        external: false,
        records: indexer
            .as_ref()
            .map_or_else(Default::default, Records::Feed),
    };
    let rendering = run
        .render_and_check(
            &mut templates,
            Some(&staging as &dyn Sink),
            &mut diagnostics,
        )
        .map_err(write_error)?;
    let refused = !options.allow_errors && diagnostics.iter().any(Diagnostic::is_error);
    if rendering.stopped || refused {
        // The staging folder is removed when dropped: the previous output stays as it was.
        return Ok(report(diagnostics, rendering.pages, false, out, started));
    }
    let mut watch = timings::Stopwatch::start();
    // The index first: `static/` (in the extras) is copied last, so a site's own file
    // replaces a generated one here as it does everywhere.
    if let Some(indexer) = indexer {
        let files = indexer
            .finish()
            .map_err(|e| Failure::SearchIndex(e.to_string()))?;
        for file in &files {
            staging
                .write(&file.path, &file.bytes)
                .map_err(write_error)?;
        }
        watch.mark("search index");
    }
    extras::write_all(&staging, &rendering.extras).map_err(write_error)?;
    watch.mark("extras");
    staging.commit().map_err(write_error)?;
    watch.mark("commit");
    let report = report(diagnostics, rendering.pages, true, out, started);
    finished((inputs, templates, rendering), options.disposal);
    Ok(report)
}

/// A build held in memory, for the preview server.
pub(crate) struct Preview {
    pub(crate) report: Report,
    /// Every output file; `None` when a finding blocked the build.
    pub(crate) files: Option<BTreeMap<String, Body>>,
    /// Output HTML file → the source file it shows.
    pub(crate) sources: Vec<(String, String)>,
}

impl Preview {
    /// A build that a finding stopped: its report, and nothing to serve.
    pub(crate) fn failed(report: Report) -> Preview {
        Preview {
            report,
            files: None,
            sources: Vec::new(),
        }
    }
}

/// Checks the site at `options.root`: the same stages as a build, rendering in memory and
/// writing nothing.
pub fn check(options: &CheckOptions) -> Result<Report, Failure> {
    checked(options, false).map(|(report, _)| report)
}

/// Checks the site as [`check`] does and gathers, from the same run, what the editor's
/// report shows (see [`crate::report`]). A site that could not be rendered has only its
/// findings in the report.
pub fn check_for_report(
    options: &CheckOptions,
) -> Result<(Report, crate::report::Aggregates), Failure> {
    let (report, facts) = checked(options, true)?;
    let aggregates = crate::report::aggregate(
        &facts.unwrap_or_default(),
        &report.diagnostics,
        report.pages,
        options.today,
    );
    Ok((report, aggregates))
}

/// The one check run behind [`check`] and [`check_for_report`]; with `gather`, also the facts about
/// each page and source that the report aggregates.
fn checked(
    options: &CheckOptions,
    gather: bool,
) -> Result<(Report, Option<crate::report::Facts>), Failure> {
    let started = Instant::now();
    let root = options.root.as_path();
    let mut diagnostics = Vec::new();
    let mut pages = 0;
    let mut reviews_due = Vec::new();
    let mut quoted = HashMap::new();
    let mut facts = None;
    if let Some((mut inputs, mut templates)) = prepare(root, options.drafts, &mut diagnostics)? {
        let run = Run {
            root,
            inputs: &inputs,
            today: options.today,
            external: options.external,
            records: Records::Skip,
        };
        let io_error = |source| Failure::Unreadable {
            path: root.to_path_buf(),
            source,
        };
        let rendering = run
            .render_and_check(&mut templates, None, &mut diagnostics)
            .map_err(io_error)?;
        pages = rendering.pages;
        reviews_due = crate::check::review_overdue::upcoming(
            &inputs.pages,
            &inputs.config,
            options.today,
            REVIEW_HORIZON_DAYS,
        );
        if gather {
            facts = Some(crate::report::Facts::gather(&crate::report::Sources {
                config: &inputs.config,
                pages: &inputs.pages,
                analyses: &rendering.analyses,
                bibliography: &inputs.bibliography,
            }));
        }
        quoted = quote(&mut inputs.pages, &diagnostics);
        finished((inputs, templates, rendering), options.disposal);
    }
    if let Some(reference) = &options.changed_since {
        let changes = crate::changes::Changes::since(root, reference).map_err(Failure::Changes)?;
        diagnostics = changes.filter(diagnostics);
        reviews_due.retain(|review| changes.changed.contains(&review.file));
    }
    let report = Report {
        reviews_due,
        quoted,
        ..report(diagnostics, pages, false, PathBuf::new(), started)
    };
    Ok((report, facts))
}

/// Takes the text (and line index) of each page that `diagnostics` name out of `pages`.
fn quote(pages: &mut [Page], diagnostics: &[Diagnostic]) -> HashMap<String, SourceText> {
    let named: rustc_hash::FxHashSet<&str> = diagnostics.iter().map(|d| d.file.as_str()).collect();
    pages
        .iter_mut()
        .filter(|page| named.contains(page.source.as_str()))
        .map(|page| {
            let text = SourceText {
                text: std::mem::take(&mut page.text),
                lines: std::mem::take(&mut page.lines),
            };
            (page.source.clone(), text)
        })
        .collect()
}

/// Loads the inputs and templates; `None` when a finding already stops rendering (the
/// findings of pages left out are added then too).
fn prepare(
    root: &Path,
    drafts: bool,
    diagnostics: &mut Vec<Diagnostic>,
) -> Result<Option<(Inputs, Templates)>, Failure> {
    let Some(inputs) = load_inputs(root, drafts, diagnostics)? else {
        return Ok(None);
    };
    let mut watch = timings::Stopwatch::start();
    let templates = Templates::load(root)
        .map_err(|d| diagnostics.extend(d))
        .ok();
    watch.mark("templates");
    if let Some(templates) = &templates {
        diagnostics.extend(render::unknown_templates(templates, &inputs.pages));
    }
    match templates {
        Some(templates) if !blocked(diagnostics) => Ok(Some((inputs, templates))),
        _ => {
            diagnostics.extend(inputs.page_findings);
            Ok(None)
        }
    }
}

/// What rendering produced besides the findings.
struct Rendering {
    /// Whether a finding stopped rendering (a template error): nothing can be written.
    stopped: bool,
    pages: usize,
    extras: Vec<extras::Extra>,
    /// Output HTML file → the source file it shows.
    sources: Vec<(String, String)>,
    /// What each page's body holds, by page index.
    analyses: Vec<crate::markdown::Analysis>,
    /// Every HTML page as written (ids and links, for the link checks).
    html: Vec<crate::links::RenderedPage>,
    /// By page index: each page's search record, when search covers it.
    search: Vec<Option<std::sync::Arc<crate::search::Record>>>,
}

/// One build or check over loaded inputs.
struct Run<'a> {
    root: &'a Path,
    inputs: &'a Inputs,
    today: Date,
    /// Also fetch every external link (`check --external`).
    external: bool,
    /// What becomes of each page's search record.
    records: Records<'a>,
}

impl Run<'_> {
    /// Renders every page (writing it when `sink` is given), then runs the checks over
    /// what was rendered. The findings of pages left out are added either way.
    fn render_and_check(
        &self,
        templates: &mut Templates,
        sink: Option<&dyn Sink>,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> std::io::Result<Rendering> {
        let mut watch = timings::Stopwatch::start();
        let mut rendering = self.render(templates, sink, diagnostics)?;
        watch.mark("render");
        rendering.stopped = blocked(diagnostics);
        if rendering.stopped {
            diagnostics.extend(self.inputs.page_findings.iter().cloned());
        } else {
            let found = self.check(templates, &rendering);
            // A large site's checks find hundreds of thousands of things: taken as they
            // are when nothing was found before them, rather than copied.
            if diagnostics.is_empty() {
                *diagnostics = found;
            } else {
                diagnostics.extend(found);
            }
        }
        watch.mark("checks");
        Ok(rendering)
    }

    fn builder(&self) -> crate::templates::context::Builder<'_> {
        let Inputs {
            config,
            bibliography,
            pages,
            tree,
            ..
        } = self.inputs;
        crate::templates::context::Builder::new(config, pages, tree, bibliography)
    }

    /// Renders every page, writing it when `sink` is given.
    fn render(
        &self,
        templates: &mut Templates,
        sink: Option<&dyn Sink>,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> std::io::Result<Rendering> {
        templates.set_global("site", &self.builder().site());
        let site = render::Site {
            builder: self.builder(),
            templates,
            sink,
            records: self.records,
        };
        let mut watch = timings::Stopwatch::start();
        // The sitemap and feed need no rendered page: planned while the pages render.
        let (rendered, extras) = rayon::join(
            || render::render_all(&site),
            || extras::plan(&site, &self.inputs.assets, &self.inputs.static_files),
        );
        let rendered = rendered?;
        watch.mark("pages");
        diagnostics.extend(rendered.diagnostics);
        let pages = self.inputs.pages.as_slice();
        diagnostics.extend(extras::replaced_pages(
            self.root,
            &extras,
            &rendered.html,
            pages,
        ));
        let sources = rendered
            .html
            .iter()
            .filter_map(|h| Some((h.file.clone(), pages[h.page?].source.clone())))
            .collect();
        drop_later(site.builder.into_cache());
        Ok(Rendering {
            stopped: false,
            pages: rendered.pages,
            extras,
            sources,
            analyses: rendered.analyses,
            html: rendered.html,
            search: rendered.search,
        })
    }

    /// Every finding about a rendering of these inputs that does not stop rendering: the
    /// bibliography's, the rules', the external links' when asked for, and why pages were
    /// left out. The one place the site's `checks:` severity overrides are applied (a page
    /// left out is reported as it is: its codes cannot be overridden).
    fn check(&self, templates: &Templates, rendering: &Rendering) -> Vec<Diagnostic> {
        let Inputs {
            config,
            bibliography,
            pages,
            lock,
            drafts,
            ..
        } = self.inputs;
        let mut watch = timings::Stopwatch::start();
        let index = output_index(self.inputs, &rendering.html, &rendering.extras);
        watch.mark("link index");
        let mut found = self.inputs.bibliography_findings.clone();
        found.extend(check::run(&SiteView {
            config,
            pages,
            bibliography,
            analyses: &rendering.analyses,
            today: self.today,
            built: Some(check::Built {
                index: &index,
                pages: &rendering.html,
                templates,
            }),
            lock: lock.as_ref(),
            drafts,
        }));
        if self.external {
            found.extend(crate::linkcheck::check(
                self.root,
                config,
                pages,
                &rendering.analyses,
            ));
        }
        let mut found = check::apply_overrides(config, found);
        found.extend(self.inputs.page_findings.iter().cloned());
        found
    }
}

/// Everything the build writes, as link targets, and the pages left out.
fn output_index(
    inputs: &Inputs,
    html: &[crate::links::RenderedPage],
    extras: &[extras::Extra],
) -> OutputIndex {
    let pages = &inputs.pages;
    let mut index = OutputIndex::default();
    for page in html {
        index.add_page(page.file.clone(), page.ids.clone());
    }
    for extra in extras {
        index.add_file(extra.path().to_string());
    }
    for page in pages {
        for alias in &page.meta.aliases {
            index.add_alias(
                crate::content::tree::normalize_alias(alias),
                page.url.clone(),
            );
        }
    }
    for url in &inputs.left_out {
        index.add_left_out(crate::content::output_file(url));
    }
    index
}

/// Whether a finding among `diagnostics` stops rendering. `build` and `check` ask before
/// the findings of pages left out are added (those codes block only their own page); the
/// preview asks after, to keep serving its last good build while a page is mistyped.
fn blocked(diagnostics: &[Diagnostic]) -> bool {
    diagnostics.iter().any(|d| d.code.blocks_build())
}
