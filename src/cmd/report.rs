//! `panelpress report`: checks the site as `check` does and writes the editor's report of
//! the run — one self-contained HTML page (default `ROOT/panelpress-report.html`), or the
//! same aggregates as JSON (to standard output unless `--out` is given). It exits 0 when
//! the report is written, whatever the site's findings, and 2 when it could not run. The
//! report is never written where the site is published from (`public/`, `static/`): it
//! names every file of the site and is not for readers.

use super::{emit, fail, leave_to_exit, plural, Exit};
use panelpress::pipeline::{self, CheckOptions};
use std::path::{Path, PathBuf};

/// How `report` writes the aggregates.
#[derive(Clone, Copy, clap::ValueEnum)]
pub(crate) enum Format {
    Html,
    Json,
}

/// Why the report could not be written.
#[derive(Debug, thiserror::Error)]
enum ReportError {
    #[error("the report `{}` would be published with the site: write it outside `public/` and `static/`", .0.display())]
    Published(PathBuf),
    #[error("`{}` is a folder: give a file name, e.g. `--out report.html`", .0.display())]
    Folder(PathBuf),
    #[error("cannot write the report `{}`", .path.display())]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot write the report as JSON")]
    Json(#[source] serde_json::Error),
}

pub(crate) fn run(options: &CheckOptions, format: Format, out: Option<PathBuf>) -> Exit {
    let out = match (format, out) {
        (Format::Html, None) => Some(options.root.join("panelpress-report.html")),
        (_, out) => out,
    };
    if let Some(out) = &out {
        if let Err(e) = writable(&options.root, out) {
            return fail(&e);
        }
    }
    let (report, aggregates) = match pipeline::check_for_report(options) {
        Ok(ran) => ran,
        Err(e) => return fail(&e),
    };
    let report = leave_to_exit(report);
    let text = match format {
        Format::Html => panelpress::report::html::page(&aggregates, &files_address(&options.root)),
        Format::Json => match serde_json::to_string_pretty(&aggregates) {
            Ok(json) => json + "\n",
            Err(e) => return fail(&ReportError::Json(e)),
        },
    };
    panelpress::timings::total("reported");
    let Some(out) = out else {
        return match emit(|stdout| stdout.write_all(text.as_bytes())) {
            Ok(()) => Exit::Success,
            Err(exit) => exit,
        };
    };
    if let Err(source) = std::fs::write(&out, text) {
        return fail(&ReportError::Write { path: out, source });
    }
    say!(
        "wrote the report of {} page{} ({} error{}, {} warning{}) to {}",
        report.pages,
        plural(report.pages),
        report.errors(),
        plural(report.errors()),
        report.warnings(),
        plural(report.warnings()),
        out.display()
    );
    Exit::Success
}

/// Refuses an `out` that is a folder or that the site would publish.
fn writable(root: &Path, out: &Path) -> Result<(), ReportError> {
    if out.is_dir() {
        return Err(ReportError::Folder(out.to_path_buf()));
    }
    let resolved = resolved(out);
    let published = ["public", "static"].map(|folder| resolved_dir(&root.join(folder)));
    if published.iter().any(|folder| resolved.starts_with(folder)) {
        return Err(ReportError::Published(out.to_path_buf()));
    }
    Ok(())
}

/// `path` absolute, its folder's links resolved (the file itself may not exist yet).
fn resolved(path: &Path) -> PathBuf {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    match (absolute.parent(), absolute.file_name()) {
        (Some(folder), Some(name)) => resolved_dir(folder).join(name),
        _ => absolute,
    }
}

fn resolved_dir(folder: &Path) -> PathBuf {
    folder
        .canonicalize()
        .or_else(|_| std::path::absolute(folder))
        .unwrap_or_else(|_| folder.to_path_buf())
}

/// The site's absolute folder with `/` separators, which the report links files under.
fn files_address(root: &Path) -> String {
    resolved_dir(root).to_string_lossy().replace('\\', "/")
}
