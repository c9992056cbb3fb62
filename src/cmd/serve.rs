//! `panelpress serve`: builds the site in memory, serves the build for previewing, and
//! rebuilds on every change until interrupted. Writes nothing to disk.

use super::{fail, human, Exit};
use panelpress::config::{Config, ConfigError};
use panelpress::pipeline::BuildOptions;
use panelpress::serve::{self, watch::Changes, State};
use std::net::IpAddr;
use std::path::PathBuf;
use std::sync::Arc;

/// What `serve` is asked to do, from its flags.
pub(crate) struct Options {
    /// The site's folder.
    pub(crate) root: PathBuf,
    /// Where to listen (port 0 picks any free port).
    pub(crate) bind: IpAddr,
    pub(crate) port: u16,
    /// Open the preview in the default browser once it is served.
    pub(crate) open: bool,
    /// Include pages marked `draft: true`.
    pub(crate) drafts: bool,
}

pub(crate) fn run(options: Options) -> Exit {
    let Options {
        root,
        bind,
        port,
        open,
        drafts,
    } = options;
    let config = match Config::load(&root) {
        Ok(config) => Some(config),
        Err(ConfigError::Invalid(_)) => None,
        Err(e) => return fail(&e),
    };
    let base_path = config
        .as_ref()
        .map(|c| c.base_path().to_string())
        .unwrap_or_default();
    let bibliography = config
        .as_ref()
        .map(|c| c.bibliography_path())
        .unwrap_or_else(|| "references.yaml".into());
    let listeners = match serve::listen(bind, port) {
        Ok(listeners) => listeners,
        Err(e) => return fail(&e),
    };
    let options = BuildOptions {
        root: root.clone(),
        drafts,
        ..BuildOptions::default()
    };
    let state = Arc::new(State::new(root.clone(), base_path.clone()));
    let mut changes = match Changes::watch(&root, &serve::watched(&root, &bibliography)) {
        Ok(changes) => changes,
        Err(e) => return fail(&e),
    };
    let mut session = None;
    match serve::rebuild(&options, &mut session, &state, &[]) {
        Ok(rebuilt) => {
            say_raw!(
                "{}",
                human(&root, &rebuilt.report.diagnostics, &rebuilt.report.quoted)
            );
            say!("{}", rebuilt.line("first build"));
        }
        Err(e) => return fail(&e),
    }
    let url = serve::url_of(&listeners[0], &base_path);
    say!("serving {} at {url} (press Ctrl+C to stop)", root.display());
    if let Err(e) = serve::run(listeners, Arc::clone(&state)) {
        return fail(&e);
    }
    if open {
        open_browser(&url);
    }
    while let Some(changed) = changes.wait() {
        let why = match changed.as_slice() {
            [one] => format!("{one} changed"),
            [first, rest @ ..] => format!("{first} and {} more changed", rest.len()),
            [] => continue,
        };
        match serve::rebuild(&options, &mut session, &state, &changed) {
            Ok(rebuilt) => say!("{}", rebuilt.line(&why)),
            Err(e) => say!("{why}: {e}"),
        }
    }
    Exit::Success
}

/// Best effort: a preview that does not open a browser is still a preview.
fn open_browser(url: &str) {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else {
        "xdg-open"
    };
    if std::process::Command::new(opener).arg(url).spawn().is_err() {
        say!("could not start `{opener}`; open {url} yourself");
    }
}
