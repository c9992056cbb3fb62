//! `panelpress serve`: the site built in memory and served over HTTP on loopback, rebuilt
//! when a file changes, with open tabs reloaded once the new build is complete.
//!
//! [`server`] runs hyper on a small tokio runtime of its own, with limits on request size,
//! connections and idle time, and answers only to the server's own address; [`http`] maps
//! requests to files of the current [`Snapshot`]; [`watch`] turns file changes into
//! rebuilds; [`inject`] is the script that reloads tabs and shows errors in the page;
//! [`report`] is the editor's report of the build served; [`search`] makes each build's
//! search index in the background. The build itself stays synchronous.

mod http;
mod inject;
mod report;
mod search;
mod server;
mod state;
pub mod watch;

pub use state::State;
pub(crate) use state::{Event, Snapshot};

use crate::diagnostics::Diagnostic;
use crate::pipeline::session::Session;
use crate::pipeline::{BuildOptions, Failure, Report};
use std::collections::HashMap;
use std::io;
use std::net::{IpAddr, Ipv6Addr, SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Why the server could not start.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error("port {port} on {bind} is already in use{}", next_free.map(|p| format!("; port {p} is free: run again with `--port {p}` (or `--port 0` for any free port)")).unwrap_or_default())]
    PortInUse {
        bind: IpAddr,
        port: u16,
        next_free: Option<u16>,
    },
    #[error("cannot listen on {bind}:{port}")]
    Bind {
        bind: IpAddr,
        port: u16,
        #[source]
        source: io::Error,
    },
}

/// Opens the listening sockets. A taken port is an error that names the next free one, so
/// the writer is never left guessing. On the default loopback address the same port is
/// also opened on `[::1]`, so `localhost` works whichever address the browser tries.
pub fn listen(bind: IpAddr, port: u16) -> Result<Vec<TcpListener>, ServeError> {
    let first = match TcpListener::bind(SocketAddr::new(bind, port)) {
        Ok(listener) => listener,
        Err(e) if e.kind() == io::ErrorKind::AddrInUse => {
            return Err(ServeError::PortInUse {
                bind,
                port,
                next_free: (port.saturating_add(1)..=port.saturating_add(50))
                    .find(|&p| TcpListener::bind(SocketAddr::new(bind, p)).is_ok()),
            })
        }
        Err(source) => return Err(ServeError::Bind { bind, port, source }),
    };
    let mut listeners = vec![first];
    if bind == IpAddr::from([127, 0, 0, 1]) {
        let port = listeners[0].local_addr().map_or(port, |a| a.port());
        listeners.extend(TcpListener::bind(SocketAddr::new(Ipv6Addr::LOCALHOST.into(), port)).ok());
    }
    Ok(listeners)
}

/// The URL to print for a listener (`http://127.0.0.1:1111/`, `http://[::1]:1111/`).
pub fn url_of(listener: &TcpListener, base_path: &str) -> String {
    let address = listener
        .local_addr()
        .map_or_else(|_| "127.0.0.1".to_string(), |a| a.to_string());
    format!("http://{address}{base_path}/")
}

/// Serves the build on every listener from a thread of its own. Returns once it runs; an
/// error means the server's runtime or the listeners could not be set up.
pub fn run(listeners: Vec<TcpListener>, state: Arc<State>) -> io::Result<()> {
    server::start(listeners, state, server::LIMITS)
}

/// What one rebuild did, for the terminal line.
#[derive(Debug)]
pub struct Rebuilt {
    /// Findings of the whole site after the rebuild (or what stopped it).
    pub report: Report,
    pub(crate) published: bool,
    /// Pages rendered again (all of them unless only pages changed, see [`Session`]).
    pub(crate) rendered: usize,
    /// From the start of the rebuild to the moment tabs were told to reload.
    pub(crate) to_reload: Duration,
}

impl Rebuilt {
    /// `content/x.md changed: rebuilt 1 page in 38 ms, 0 errors, 1 warning`.
    pub fn line(&self, why: &str) -> String {
        let (errors, warnings) = (self.report.errors(), self.report.warnings());
        let plural = |n: usize| if n == 1 { "" } else { "s" };
        let outcome = if self.published {
            "rebuilt"
        } else {
            "build failed, still serving the last good build; rendered"
        };
        format!(
            "{why}: {outcome} {} page{} in {} ms, {errors} error{}, {warnings} warning{}",
            self.rendered,
            plural(self.rendered),
            self.to_reload.as_millis(),
            plural(errors),
            plural(warnings),
        )
    }
}

/// Brings the served build up to date with `changed` files (relative to the site root):
/// a good build replaces the one served and reloads tabs (only swapping stylesheets when
/// only CSS changed); a failed one keeps the last good build and shows its errors over it.
/// Only the pages that changed (and the lists showing their metadata) are rendered again
/// when that is safe (see [`Session`]); the checks run after tabs were told, and their
/// findings follow.
pub fn rebuild(
    options: &BuildOptions,
    session: &mut Option<Session>,
    state: &State,
    changed: &[String],
) -> Result<Rebuilt, Failure> {
    let started = Instant::now();
    let css_only = !changed.is_empty() && changed.iter().all(|f| f.ends_with(".css"));
    // Taken out while it updates, and put back only when it did: a session that failed
    // with an error (perhaps half updated) or that only a full build can follow is gone,
    // so if that full build fails too, the next save builds everything rather than
    // update a session behind the files.
    let updated = match session.take() {
        Some(mut current) if !changed.is_empty() => {
            let updated = current.update(changed)?;
            if updated.is_some() {
                *session = Some(current);
            }
            updated
        }
        _ => None,
    };
    let (preview, rendered, incremental) = match updated {
        Some(updated) => (updated.preview, updated.rendered, true),
        None => {
            let (opened, preview) = Session::open(options)?;
            *session = opened;
            let pages = preview.report.pages;
            (preview, pages, false)
        }
    };
    let mut report = preview.report;
    let published = match preview.files {
        Some(files) => {
            let findings = findings_by_page(&report.diagnostics, &preview.sources);
            let event = if css_only { Event::Css } else { Event::Reload };
            // The report of the build served follows below, once its findings are known.
            state.set_report(None);
            state.publish(Snapshot { files, findings }, event);
            true
        }
        None => {
            let errors: Vec<&Diagnostic> =
                report.diagnostics.iter().filter(|d| d.is_error()).collect();
            state.fail(serde_json::to_string(&errors).unwrap_or_else(|_| "[]".into()));
            false
        }
    };
    let to_reload = started.elapsed();
    if let (true, Some(current)) = (published, session.as_ref()) {
        if let Some((records, language)) = current.search_records() {
            state.index_search(records, language);
        }
        if incremental {
            report.diagnostics = current.check();
            state.set_findings(findings_by_page(&report.diagnostics, current.sources()));
        }
        state.set_report(Some(report::Made::of(current, &report.diagnostics)));
    }
    Ok(Rebuilt {
        report,
        published,
        rendered,
        to_reload,
    })
}

/// Each output page's findings: those located in the file it was rendered from.
fn findings_by_page(
    diagnostics: &[Diagnostic],
    sources: &[(String, String)],
) -> HashMap<String, Vec<Diagnostic>> {
    let mut by_source: HashMap<&str, Vec<Diagnostic>> = HashMap::new();
    for d in diagnostics {
        by_source
            .entry(d.file.as_str())
            .or_default()
            .push(d.clone());
    }
    sources
        .iter()
        .filter_map(|(html, source)| Some((html.clone(), by_source.get(source.as_str())?.clone())))
        .collect()
}

/// The folders and files a preview watches (the output folder never).
pub fn watched(root: &Path, bibliography: &Path) -> Vec<(PathBuf, bool)> {
    let mut watched: Vec<(PathBuf, bool)> = vec![(root.to_path_buf(), false)];
    for dir in ["content", "templates", "static"] {
        watched.push((root.join(dir), true));
    }
    if let Some(parent) = root.join(bibliography).parent() {
        if parent != root {
            watched.push((parent.to_path_buf(), false));
        }
    }
    watched
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Guards the preview against serving a site behind its files: a save that cannot be
    /// built in place and whose full build fails with an error (here `site.yaml` is gone)
    /// leaves no session, so the next save builds everything, including a page whose
    /// earlier save failed.
    #[test]
    fn after_a_full_build_error_the_next_save_builds_everything() {
        let site = tempfile::tempdir().unwrap();
        let root = site.path();
        let write = |file: &str, text: &str| {
            let path = root.join(file);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        };
        let config = "title: Health\nbase_url: https://example.org/\n";
        write("site.yaml", config);
        write(
            "templates/page.html",
            "<h1>{{ page.title }}</h1>{% if page.extra.sponsored %}{{ page.extra.sponsor }}\
             {% endif %}",
        );
        write("content/a.md", "---\ntitle: A\n---\nA.\n");
        write("content/b.md", "---\ntitle: B\n---\nB.\n");
        let options = BuildOptions {
            root: root.to_path_buf(),
            ..BuildOptions::default()
        };
        let state = State::new(root.to_path_buf(), String::new());
        let mut session = None;
        let changed = |files: &[&str]| files.iter().map(|f| f.to_string()).collect::<Vec<_>>();
        assert!(
            rebuild(&options, &mut session, &state, &[])
                .unwrap()
                .published
        );
        // A retitled and a sponsored page without a sponsor, saved together: not built.
        write("content/a.md", "---\ntitle: A, retitled\n---\nA.\n");
        write(
            "content/b.md",
            "---\ntitle: B\nextra:\n  sponsored: true\n---\nB.\n",
        );
        let both = changed(&["content/a.md", "content/b.md"]);
        assert!(
            !rebuild(&options, &mut session, &state, &both)
                .unwrap()
                .published
        );
        std::fs::remove_file(root.join("site.yaml")).unwrap();
        let gone = changed(&["site.yaml"]);
        assert!(rebuild(&options, &mut session, &state, &gone).is_err());
        assert!(session.is_none(), "no session behind the files");
        write("site.yaml", config);
        write("content/b.md", "---\ntitle: B\n---\nB.\n");
        let fixed = changed(&["content/b.md"]);
        assert!(
            rebuild(&options, &mut session, &state, &fixed)
                .unwrap()
                .published
        );
        let served = state.snapshot();
        let Some(crate::output::Body::Bytes(page)) = served.files.get("a/index.html") else {
            panic!("a/index.html is served from memory");
        };
        assert!(String::from_utf8_lossy(page).contains("<h1>A, retitled</h1>"));
    }
}
