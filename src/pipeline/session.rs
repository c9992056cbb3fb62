//! The preview's build, kept in memory between saves so that editing the text of one page
//! of a 10,000-page site re-renders that page, not the site.
//!
//! [`Session::update`] takes the incremental path only when it is safe: every changed file
//! is an existing page whose front matter is byte-for-byte unchanged, so no list, tag page,
//! feed or other page's HTML can depend on what changed (pages link by URL, and URLs come
//! from front matter and paths). Anything else (a template, site.yaml, the bibliography, a
//! new or deleted page, edited metadata) rebuilds everything. Checks run separately
//! ([`Session::check`]), so the browser can reload before they finish.

use super::render::{self, Job, Site};
use super::BuildOptions;
use super::{blocked, extras, prepare, report, Failure, Inputs, Preview, Rendering, Run};
use crate::content::{front_matter, Date};
use crate::diagnostics::Diagnostic;
use crate::output::{Body, Memory, Sink};
use crate::templates::Templates;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Instant;

/// A successful build held for updates.
pub struct Session {
    options: BuildOptions,
    inputs: Inputs,
    templates: Templates,
    rendering: Rendering,
    files: BTreeMap<String, Body>,
}

/// What an update produced.
pub struct Updated {
    pub preview: Preview,
    /// How many pages were rendered again.
    pub rendered: usize,
}

impl Session {
    /// Builds everything. Returns the session when the build succeeded, and the preview
    /// either way (with the findings that stopped it, if it failed).
    pub fn open(options: &BuildOptions) -> Result<(Option<Session>, Preview), Failure> {
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
        };
        let rendering = run
            .render_and_check(&mut templates, Some(&memory as &dyn Sink), &mut diagnostics)
            .map_err(io_error)?;
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
        };
        Ok((Some(session), preview))
    }

    /// Brings the build up to date with `changed` (paths relative to the site root).
    /// Returns `None` when only a full rebuild ([`Session::open`]) can.
    pub fn update(&mut self, changed: &[String]) -> Result<Option<Updated>, Failure> {
        let started = Instant::now();
        let root = self.options.root.clone();
        let mut edits = Vec::new();
        for file in changed {
            let Some(index) = self.inputs.pages.iter().position(|p| &p.source == file) else {
                return Ok(None);
            };
            let Ok(bytes) = std::fs::read(root.join(file)) else {
                return Ok(None);
            };
            let Ok(text) = String::from_utf8(bytes) else {
                return Ok(None);
            };
            let page = &self.inputs.pages[index];
            let unchanged_metadata =
                text.get(..page.body_offset) == Some(&page.text[..page.body_offset]);
            if !unchanged_metadata || front_matter::parse(file, &text).is_err() {
                return Ok(None);
            }
            edits.push((index, text));
        }
        for (index, text) in edits.iter().cloned() {
            let page = &mut self.inputs.pages[index];
            page.text = text;
            page.lines = Default::default();
        }
        let jobs: Vec<Job> = edits
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
        let memory = Memory::default();
        let links = super::analyse::page_urls(&self.inputs.pages);
        let run = Run {
            root: &root,
            inputs: &self.inputs,
            today: Date::today(),
        };
        let site = Site {
            site: run.builder().site(),
            builder: run.builder(),
            templates: &self.templates,
            sink: Some(&memory),
        };
        let mut diagnostics = Vec::new();
        for job in &jobs {
            let io_error = |source| Failure::Unreadable {
                path: root.clone(),
                source,
            };
            let output = render::render_job(&site, &links, *job).map_err(io_error)?;
            diagnostics.extend(output.diagnostic);
            if let Some((index, analysis)) = output.analysis {
                self.rendering.analyses[index] = analysis;
            }
            if let Some(html) = output.html {
                match self.rendering.html.iter_mut().find(|h| h.file == html.file) {
                    Some(slot) => *slot = html,
                    None => self.rendering.html.push(html),
                }
            }
        }
        if blocked(&diagnostics) {
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
        self.files.extend(memory.into_files());
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
    pub fn check(&self) -> Vec<Diagnostic> {
        let run = Run {
            root: &self.options.root,
            inputs: &self.inputs,
            today: Date::today(),
        };
        let mut diagnostics = run.check(&self.templates, &self.rendering);
        crate::diagnostics::sort_and_dedup(&mut diagnostics);
        diagnostics
    }

    /// Output HTML file → the source file it shows.
    pub fn sources(&self) -> &[(String, String)] {
        &self.rendering.sources
    }
}
