//! The preview's build, kept in memory between saves so that editing the text of one page
//! of a 10,000-page site re-renders that page, not the site.
//!
//! [`Session::update`] takes the incremental path only when it is safe: every changed file
//! is an existing page that still parses, and either its front matter is byte-for-byte
//! unchanged, so no other output can depend on what changed (pages link by URL, and URLs
//! come from front matter and paths), or it keeps the page's URL, aliases, tags, template
//! and draft status, so the site's lists hold the same pages and only show them
//! differently (a title, a date) or in another order (a weight): then the page's section,
//! its tags' pages, the feed and the sitemap are rendered again too. A section's own page
//! is not such a page: its title is in every page's navigation. Anything else (a
//! template, site.yaml, the bibliography, a new or deleted page) rebuilds everything.
//! Checks run separately ([`Session::check`]), so the browser can reload before they
//! finish.

use super::render::{self, Job, Site};
use super::BuildOptions;
use super::{blocked, extras, prepare, report, Failure, Inputs, Preview, Rendering, Run};
use crate::content::{parse_page, Date, LoadOptions, Page, Read, SiteTree};
use crate::diagnostics::Diagnostic;
use crate::output::{Body, Memory, Sink};
use crate::search::{Record, Records};
use crate::templates::Templates;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

/// A successful build held for updates.
pub struct Session {
    options: BuildOptions,
    inputs: Inputs,
    templates: Templates,
    rendering: Rendering,
    files: BTreeMap<String, Body>,
    /// The files of an update that failed: what is served predates them, so the next
    /// update reads them again with its own.
    pending: Vec<String>,
}

/// What an update produced.
pub(crate) struct Updated {
    pub(crate) preview: Preview,
    /// How many pages were rendered again.
    pub(crate) rendered: usize,
}

impl Session {
    /// Builds everything. Returns the session when the build succeeded, and the preview
    /// either way (with the findings that stopped it, if it failed).
    pub(crate) fn open(options: &BuildOptions) -> Result<(Option<Session>, Preview), Failure> {
        let started = Instant::now();
        let root = options.root.as_path();
        let mut diagnostics = Vec::new();
        let Some((inputs, mut templates)) = prepare(root, options.drafts, &mut diagnostics)? else {
            let report = report(diagnostics, 0, false, PathBuf::new(), started);
            return Ok((None, Preview::failed(report)));
        };
        let memory = Memory::default();
        let io_error = |source| Failure::Unreadable {
            path: root.to_path_buf(),
            source,
        };
        let run = Run {
            root,
            inputs: &inputs,
            today: Date::today(),
            external: false,
            records: Records::Keep,
        };
        let rendering = run
            .render_and_check(&mut templates, Some(&memory as &dyn Sink), &mut diagnostics)
            .map_err(io_error)?;
        // A page left out for its front matter fails the preview too, as a template error
        // does: while a writer fixes a typo, the last good build stays served and the
        // overlay names the file and line.
        if blocked(&diagnostics) {
            let report = report(diagnostics, rendering.pages, false, PathBuf::new(), started);
            return Ok((None, Preview::failed(report)));
        }
        extras::write_all(&memory, &rendering.extras).map_err(io_error)?;
        let files = memory.into_files();
        let preview = Preview {
            report: report(diagnostics, rendering.pages, true, PathBuf::new(), started),
            files: Some(files.clone()),
            sources: rendering.sources.clone(),
        };
        let session = Session {
            options: options.clone(),
            inputs,
            templates,
            rendering,
            files,
            pending: Vec::new(),
        };
        Ok((Some(session), preview))
    }

    /// Brings the build up to date with `changed` (paths relative to the site root).
    /// Returns `None` when only a full rebuild ([`Session::open`]) can. After a failed
    /// build it is as it was; after an error (a file that cannot be written) it may be half
    /// updated, and is to be dropped.
    pub(crate) fn update(&mut self, changed: &[String]) -> Result<Option<Updated>, Failure> {
        let started = Instant::now();
        let root = self.options.root.clone();
        let options = LoadOptions {
            drafts: self.options.drafts,
        };
        let mut changed: Vec<String> = std::mem::take(&mut self.pending)
            .into_iter()
            .chain(changed.iter().cloned())
            .collect();
        changed.sort_unstable();
        changed.dedup();
        let mut edits = Vec::new();
        for file in &changed {
            let Some(index) = self.inputs.pages.iter().position(|p| &p.source == file) else {
                return Ok(None);
            };
            // A page saved as a symbolic link may now lead outside the site: the full
            // rebuild's walk decides that.
            let path = root.join(file);
            if std::fs::symlink_metadata(&path).map_or(true, |m| m.file_type().is_symlink()) {
                return Ok(None);
            }
            let Ok(bytes) = std::fs::read(path) else {
                return Ok(None);
            };
            let Ok(text) = String::from_utf8(bytes) else {
                return Ok(None);
            };
            let page = &self.inputs.pages[index];
            let Ok(Read::Page(edited)) = parse_page(file.clone(), &page.rel, text, options) else {
                return Ok(None);
            };
            let metadata =
                edited.text.get(..edited.body_offset) != Some(&page.text[..page.body_offset]);
            if metadata && !lists_alike(page, &edited) {
                return Ok(None);
            }
            edits.push((index, *edited, metadata));
        }
        let metadata_edited: Vec<usize> = edits
            .iter()
            .filter(|(_, _, metadata)| *metadata)
            .map(|(index, _, _)| *index)
            .collect();
        let mut previous = Vec::new();
        for (index, edited, _) in edits {
            previous.push((
                index,
                std::mem::replace(&mut self.inputs.pages[index], edited),
            ));
        }
        let mut previous_tree = None;
        if !metadata_edited.is_empty() {
            // The same sections, tags and URLs (see `lists_alike`), but perhaps in another
            // order: weights, dates and titles order the lists.
            let generated = crate::search::generated(&self.inputs.config);
            let (tree, found) = SiteTree::build(&self.inputs.pages, &generated);
            if !found.is_empty() {
                for (index, page) in previous {
                    self.inputs.pages[index] = page;
                }
                return Ok(None);
            }
            previous_tree = Some(std::mem::replace(&mut self.inputs.tree, tree));
        }
        let mut jobs: Vec<Job> = previous
            .iter()
            .map(|(index, _)| {
                match self
                    .inputs
                    .tree
                    .sections
                    .iter()
                    .position(|s| s.index == Some(*index))
                {
                    Some(section) => Job::Section(section),
                    None => Job::Page(*index),
                }
            })
            .collect();
        // A page's metadata also shows in its section's list, its tags' pages, the feed
        // and the sitemap.
        for &index in &metadata_edited {
            let tree = &self.inputs.tree;
            jobs.extend(tree.page_section[index].map(Job::Section));
            jobs.extend(tree.page_terms[index].iter().copied().map(Job::Term));
        }
        // And in the home page's latest and other pages' related lists, before or after.
        let trees = std::iter::once(&self.inputs.tree).chain(previous_tree.as_ref());
        for tree in trees.filter(|_| !metadata_edited.is_empty()) {
            if tree.latest.iter().any(|i| metadata_edited.contains(i)) {
                jobs.push(Job::Section(0));
            }
            jobs.extend(
                (0..tree.related.len())
                    .filter(|&j| tree.page_section[j].is_some())
                    .filter(|&j| tree.related[j].iter().any(|i| metadata_edited.contains(i)))
                    .map(Job::Page),
            );
        }
        jobs.sort_unstable();
        jobs.dedup();
        let memory = Memory::default();
        let links = super::analyse::page_urls(&self.inputs.pages);
        let run = Run {
            root: &root,
            inputs: &self.inputs,
            today: Date::today(),
            external: false,
            records: Records::Keep,
        };
        let site = Site {
            builder: run.builder(),
            templates: &self.templates,
            sink: Some(&memory),
            records: Records::Keep,
        };
        let mut diagnostics = Vec::new();
        let io_error = |source| Failure::Unreadable {
            path: root.clone(),
            source,
        };
        if !metadata_edited.is_empty() {
            extras::write_all(&memory, &extras::feed_files(&site)).map_err(io_error)?;
        }
        let mut outputs = Vec::with_capacity(jobs.len());
        let mut errors = Vec::new();
        for job in &jobs {
            let mut output = render::render_job(&site, &links, *job).map_err(io_error)?;
            errors.extend(output.diagnostic.take());
            outputs.push(output);
        }
        diagnostics.extend(render::template_errors(errors));
        if blocked(&diagnostics) {
            // Back to the last good build, which is what is served, with these files read
            // again at the next save: a fix of one of them then renders every page and
            // list this save changed, not only the page fixed.
            for (index, page) in previous {
                self.inputs.pages[index] = page;
            }
            if let Some(tree) = previous_tree {
                self.inputs.tree = tree;
            }
            self.pending = changed;
            let preview = Preview::failed(report(
                diagnostics,
                jobs.len(),
                false,
                PathBuf::new(),
                started,
            ));
            return Ok(Some(Updated {
                preview,
                rendered: jobs.len(),
            }));
        }
        for output in outputs {
            if let Some((index, analysis)) = output.analysis {
                self.rendering.search[index] = output.search;
                self.rendering.analyses[index] = analysis;
            }
            if let Some(html) = output.html {
                match self.rendering.html.iter_mut().find(|h| h.file == html.file) {
                    Some(slot) => *slot = html,
                    None => self.rendering.html.push(html),
                }
            }
        }
        for (path, body) in memory.into_files() {
            // A full build copies page-bundle and `static/` files last, so a site's own
            // `robots.txt` (or even a page's `index.html`) replaces the generated one: it
            // still does.
            if !matches!(self.files.get(&path), Some(Body::File(_))) {
                self.files.insert(path, body);
            }
        }
        let preview = Preview {
            report: report(diagnostics, jobs.len(), true, PathBuf::new(), started),
            files: Some(self.files.clone()),
            sources: self.rendering.sources.clone(),
        };
        Ok(Some(Updated {
            preview,
            rendered: jobs.len(),
        }))
    }

    /// Every check over the current build (the same findings `check` would report).
    pub(crate) fn check(&self) -> Vec<Diagnostic> {
        let run = Run {
            root: &self.options.root,
            inputs: &self.inputs,
            today: Date::today(),
            external: false,
            records: Records::Skip,
        };
        let mut diagnostics = run.check(&self.templates, &self.rendering);
        crate::diagnostics::sort_and_dedup(&mut diagnostics);
        diagnostics
    }

    /// What the editor's report needs of the current build, gathered as `report` gathers
    /// it from its check run.
    pub(crate) fn report_facts(&self) -> crate::report::Facts {
        crate::report::Facts::gather(&crate::report::Sources {
            config: &self.inputs.config,
            pages: &self.inputs.pages,
            analyses: &self.rendering.analyses,
            bibliography: &self.inputs.bibliography,
        })
    }

    /// Every search record of the current build and the site's language, for the search
    /// index; `None` when search is off.
    pub(crate) fn search_records(&self) -> Option<(Vec<Arc<Record>>, String)> {
        let config = &self.inputs.config;
        config.search.enabled.then(|| {
            let records = self.rendering.search.iter().flatten().cloned().collect();
            (records, config.language.clone())
        })
    }

    /// How many pages the whole build renders (an update renders fewer).
    pub(crate) fn pages(&self) -> usize {
        self.rendering.pages
    }

    /// Output HTML file → the source file it shows.
    pub(crate) fn sources(&self) -> &[(String, String)] {
        &self.rendering.sources
    }
}

/// Whether `edited` (the page saved again with other metadata) leaves every list the build
/// makes as it was, but for what a list shows of a page and its order: the same URL,
/// aliases, tags and template, and still published. A section's own page is never alike:
/// its title is in the site's navigation, on every page.
fn lists_alike(page: &Page, edited: &Page) -> bool {
    !page.is_section_index
        && page.url == edited.url
        && page.meta.draft == edited.meta.draft
        && page.meta.tags == edited.meta.tags
        && page.meta.aliases == edited.meta.aliases
        && page.meta.template == edited.meta.template
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    /// A copy of the `basic` fixture (sections, weights, tags, aliases, a bundle) to edit.
    fn basic() -> tempfile::TempDir {
        let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/basic");
        let dir = tempfile::tempdir().unwrap();
        for entry in walkdir::WalkDir::new(&from) {
            let entry = entry.unwrap();
            let to = dir.path().join(entry.path().strip_prefix(&from).unwrap());
            if entry.file_type().is_dir() {
                std::fs::create_dir_all(&to).unwrap();
            } else {
                std::fs::copy(entry.path(), &to).unwrap();
            }
        }
        dir
    }

    fn open(root: &Path) -> (Session, Preview) {
        let options = BuildOptions {
            root: root.to_path_buf(),
            ..BuildOptions::default()
        };
        let (session, preview) = Session::open(&options).unwrap();
        (session.expect("the fixture builds"), preview)
    }

    /// Replaces `from` with `to` in the site's file `file`.
    fn edit(root: &Path, file: &str, from: &str, to: &str) {
        let path = root.join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{file} has no {from:?}");
        std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
    }

    const ALPHA: &str = "content/guides/alpha.md";

    /// Guards the preview's shortcut for edited metadata: saving a page with a new title,
    /// description, review date and weight (which reorders its section's list) renders that
    /// page, its section, its tags' pages and every list showing it again, and serves exactly what a full build of
    /// the saved site serves, with the same findings.
    #[test]
    fn edited_metadata_renders_the_page_and_its_lists_as_a_full_build_does() {
        let site = basic();
        let root = site.path();
        let (mut session, before) = open(root);
        edit(
            root,
            ALPHA,
            "title: Alpha guide",
            "title: Alpha guide, revised",
        );
        edit(
            root,
            ALPHA,
            "description: The alpha",
            "description: The revised alpha",
        );
        edit(root, ALPHA, "reviewed: 2026-01-12", "reviewed: 2026-02-01");
        edit(root, ALPHA, "weight: 2", "weight: 9");
        let updated = session
            .update(&[ALPHA.to_string()])
            .unwrap()
            .expect("a metadata edit that keeps the lists updates in place");
        // The page, `guides/`, the tags `labels` and `basics`, the home page (whose latest
        // explainers list it) and the two pages listing it as related.
        assert_eq!(updated.rendered, 7);
        let (fresh, rebuilt) = open(root);
        let files = updated.preview.files.expect("the update built");
        assert_eq!(files, rebuilt.files.expect("the site builds"));
        assert_ne!(Some(&files), before.files.as_ref(), "the edit shows");
        assert_eq!(session.check(), fresh.check());
        assert_eq!(session.sources(), fresh.sources());
    }

    /// Guards the limits of that shortcut: metadata that changes a URL, a tag list, whether
    /// a page is published, or a section's own page (whose title is in every page's
    /// navigation) needs a full rebuild, and the session says so.
    #[test]
    fn metadata_that_changes_a_list_needs_a_full_rebuild() {
        let cases = [
            (ALPHA, "weight: 2", "weight: 2\nslug: alpha-moved"),
            (ALPHA, "tags: [labels, basics]", "tags: [labels]"),
            (ALPHA, "weight: 2", "weight: 2\ndraft: true"),
            (ALPHA, "aliases: [/old/alpha/, ", "aliases: ["),
            (
                "content/guides/_index.md",
                "title: Guides",
                "title: Guides to labels",
            ),
        ];
        for (file, from, to) in cases {
            let site = basic();
            let (mut session, _) = open(site.path());
            edit(site.path(), file, from, to);
            assert!(
                session.update(&[file.to_string()]).unwrap().is_none(),
                "{file}: {to}"
            );
        }
    }

    /// Guards a site's own files: a `static/robots.txt` and a `static/guides/index.html`
    /// replace the generated ones in a full build, and still do after a metadata edit
    /// renders the sitemap, the feed, `robots.txt` and the `guides/` list again.
    #[test]
    fn a_sites_own_static_files_still_win_after_an_update() {
        let site = basic();
        let root = site.path();
        std::fs::write(
            root.join("static/robots.txt"),
            "User-agent: *\nDisallow: /\n",
        )
        .unwrap();
        std::fs::create_dir_all(root.join("static/tags/labels")).unwrap();
        std::fs::write(
            root.join("static/tags/labels/index.html"),
            "<p>Our own list</p>",
        )
        .unwrap();
        let (mut session, _) = open(root);
        edit(root, ALPHA, "weight: 2", "weight: 9");
        let updated = session
            .update(&[ALPHA.to_string()])
            .unwrap()
            .expect("a weight edit updates in place");
        let files = updated.preview.files.expect("the update built");
        let own = |path: &str| Body::File(root.join("static").join(path));
        assert_eq!(files.get("robots.txt"), Some(&own("robots.txt")));
        assert_eq!(
            files.get("tags/labels/index.html"),
            Some(&own("tags/labels/index.html"))
        );
        let (_, rebuilt) = open(root);
        assert_eq!(files, rebuilt.files.expect("the site builds"));
    }

    /// Guards a failed update: two pages saved together, one of which the site's template
    /// cannot render, are both served from the next good save, not only the page fixed.
    #[test]
    fn after_a_failed_update_the_next_save_renders_what_it_left_out() {
        let site = basic();
        let root = site.path();
        std::fs::create_dir_all(root.join("templates")).unwrap();
        std::fs::write(
            root.join("templates/page.html"),
            "<h1>{{ page.title }}</h1>{% if page.extra.sponsored %}<p>Sponsored by \
             {{ page.extra.sponsor_name }}</p>{% endif %}{{ page.content | safe }}",
        )
        .unwrap();
        let (mut session, _) = open(root);
        const BETA: &str = "content/guides/beta.md";
        edit(
            root,
            ALPHA,
            "title: Alpha guide",
            "title: Alpha guide, revised",
        );
        edit(root, BETA, "\n---\n", "\nextra:\n  sponsored: true\n---\n");
        let both = [ALPHA.to_string(), BETA.to_string()];
        let failed = session.update(&both).unwrap().expect("a metadata edit");
        assert!(failed.preview.files.is_none(), "no sponsor name: no build");
        assert!(failed
            .preview
            .report
            .diagnostics
            .iter()
            .any(|d| d.file == "templates/page.html"
                && d.message.ends_with("(rendering `content/guides/beta.md`)")));
        edit(
            root,
            BETA,
            "sponsored: true",
            "sponsored: true\n  sponsor_name: Acme",
        );
        let updated = session
            .update(&[BETA.to_string()])
            .unwrap()
            .expect("a metadata edit");
        let files = updated.preview.files.expect("the fix builds");
        let (fresh, rebuilt) = open(root);
        assert_eq!(files, rebuilt.files.expect("the site builds"));
        assert_eq!(session.check(), fresh.check());
    }
}
