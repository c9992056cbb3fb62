//! The only place that knows the order of the stages:
//! config → bibliography → templates → content → tree → render + analyse → checks → swap.
//! Each stage returns data and diagnostics; this module decides, from the diagnostics'
//! codes, whether the site can be written. `check` runs the same stages without templates
//! or output.

mod analyse;
mod extras;
mod render;

use crate::check::{self, SiteView};
use crate::citations::Bibliography;
use crate::config::{Config, ConfigError};
use crate::content::{self, Date, LoadOptions, Page, SiteTree};
use crate::diagnostics::{self, Diagnostic};
use crate::output::Staging;
use crate::templates::Templates;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// What `panelpress build` was asked to do.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    pub root: PathBuf,
    /// Output folder; `ROOT/public` when `None`.
    pub out: Option<PathBuf>,
    pub drafts: bool,
    /// Replaces `base_url` from `site.yaml` (for previews and staging hosts).
    pub base_url: Option<String>,
}

/// What `panelpress check` was asked to do.
#[derive(Debug, Clone)]
pub struct CheckOptions {
    pub root: PathBuf,
    /// The day review dates are compared against.
    pub today: Date,
}

/// What a build or check did.
#[derive(Debug)]
pub struct Report {
    /// Sorted by file, line, column, code.
    pub diagnostics: Vec<Diagnostic>,
    /// Pages rendered or checked (sections and the home included).
    pub pages: usize,
    /// Whether the output folder now holds this build (always false for `check`).
    pub written: bool,
    pub out: PathBuf,
    pub elapsed: Duration,
}

/// The build's report.
pub type BuildReport = Report;

impl Report {
    pub fn errors(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.is_error()).count()
    }

    pub fn warnings(&self) -> usize {
        self.diagnostics.len() - self.errors()
    }
}

/// Why a build or check could not run at all.
#[derive(Debug, thiserror::Error)]
pub enum Failure {
    #[error("no `site.yaml` in `{}`: a site is the folder that holds it", .0.display())]
    NoSite(PathBuf),
    #[error("cannot read `{}`", .path.display())]
    Unreadable {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("the output folder `{}` would overwrite the site's own files", .0.display())]
    UnsafeOutput(PathBuf),
    #[error("{0}; write it like `--base-url https://staging.example.org/`")]
    BadBaseUrl(String),
    #[error("cannot write the output in `{}`", .path.display())]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

/// The site's inputs, loaded.
struct Inputs {
    config: Config,
    bibliography: Bibliography,
    pages: Vec<Page>,
    assets: Vec<content::Asset>,
    tree: SiteTree,
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
    let (bibliography, found) = Bibliography::load(root, &config);
    diagnostics.extend(check::apply_overrides(&config, found));
    let loaded = content::load(root, LoadOptions { drafts });
    diagnostics.extend(loaded.diagnostics);
    let (tree, found) = SiteTree::build(&loaded.pages);
    diagnostics.extend(found);
    Ok(Some(Inputs {
        config,
        bibliography,
        pages: loaded.pages,
        assets: loaded.assets,
        tree,
    }))
}

/// Builds the site at `options.root`. Findings come back in the report; only a site that
/// cannot be read or written at all is a [`Failure`].
pub fn build(options: &BuildOptions) -> Result<Report, Failure> {
    let started = Instant::now();
    let root = options.root.as_path();
    let out = options.out.clone().unwrap_or_else(|| root.join("public"));
    guard_output(root, &out)?;
    if let Some(url) = &options.base_url {
        crate::config::check_base_url(url).map_err(Failure::BadBaseUrl)?;
    }
    let finish = |mut diagnostics: Vec<Diagnostic>, pages: usize, written: bool| {
        diagnostics::sort_and_dedup(&mut diagnostics);
        Ok(Report {
            diagnostics,
            pages,
            written,
            out: out.clone(),
            elapsed: started.elapsed(),
        })
    };
    let mut diagnostics = Vec::new();
    let Some(mut inputs) = load_inputs(root, options.drafts, &mut diagnostics)? else {
        return finish(diagnostics, 0, false);
    };
    if let Some(base_url) = &options.base_url {
        inputs.config.base_url = base_url.clone();
    }
    let templates = Templates::load(root)
        .map_err(|d| diagnostics.extend(d))
        .ok();
    let Some(mut templates) = templates.filter(|_| !blocked(&diagnostics)) else {
        return finish(diagnostics, 0, false);
    };
    diagnostics.extend(render::unknown_templates(&templates, &inputs.pages));
    if blocked(&diagnostics) {
        return finish(diagnostics, 0, false);
    }
    let Inputs {
        config,
        bibliography,
        pages,
        assets,
        tree,
    } = &inputs;
    let builder = crate::templates::context::Builder {
        config,
        pages,
        tree,
        bibliography,
    };
    templates.set_global("site", &builder.site());

    let write_error = |source| Failure::Write {
        path: out.clone(),
        source,
    };
    let staging = Staging::new(&out).map_err(write_error)?;
    let site = render::Site {
        builder,
        templates: &templates,
        staging: &staging,
    };
    let rendered = render::render_all(&site).map_err(write_error)?;
    diagnostics.extend(rendered.diagnostics);
    if blocked(&diagnostics) {
        return finish(diagnostics, rendered.pages, false);
    }
    diagnostics.extend(check::run(&SiteView {
        config,
        pages,
        bibliography,
        analyses: &rendered.analyses,
        today: Date::today(),
    }));
    extras::write_all(&site, root, assets).map_err(write_error)?;
    staging.commit().map_err(write_error)?;
    finish(diagnostics, rendered.pages, true)
}

/// Checks the site at `options.root` without writing anything.
pub fn check(options: &CheckOptions) -> Result<Report, Failure> {
    let started = Instant::now();
    let root = options.root.as_path();
    let mut diagnostics = Vec::new();
    let inputs = load_inputs(root, false, &mut diagnostics)?;
    let mut pages = 0;
    if let Some(Inputs {
        config,
        bibliography,
        pages: loaded,
        tree,
        ..
    }) = &inputs
    {
        let analyses = analyse::analyse_all(config, loaded, bibliography);
        diagnostics.extend(check::run(&SiteView {
            config,
            pages: loaded,
            bibliography,
            analyses: &analyses,
            today: options.today,
        }));
        pages = loaded.iter().filter(|p| !p.is_section_index).count() + tree.sections.len();
    }
    diagnostics::sort_and_dedup(&mut diagnostics);
    Ok(Report {
        diagnostics,
        pages,
        written: false,
        out: PathBuf::new(),
        elapsed: started.elapsed(),
    })
}

fn blocked(diagnostics: &[Diagnostic]) -> bool {
    diagnostics.iter().any(|d| d.code.blocks_build())
}

/// Refuses an output folder that is the site itself, holds it, or sits inside one of its
/// input folders: swapping it in would delete the writer's files.
fn guard_output(root: &Path, out: &Path) -> Result<(), Failure> {
    let absolute = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    let (root, out_abs) = (absolute(root), absolute(out));
    let inputs = ["content", "templates", "static"].map(|d| root.join(d));
    let unsafe_out = root.starts_with(&out_abs)
        || inputs.iter().any(|input| out_abs.starts_with(input))
        || out_abs == root.join(crate::config::CONFIG_FILE);
    if unsafe_out {
        return Err(Failure::UnsafeOutput(out.to_path_buf()));
    }
    Ok(())
}
