//! The bodies of the commands `main.rs` dispatches to: each runs the library, prints what it
//! returned and answers with an [`Exit`]. What several commands print the same way (a
//! human report, an error that stopped the command) is here, once.

use panelpress::diagnostics::{render_human, Diagnostic, SourceText};
use panelpress::pipeline::Report;
use std::borrow::Cow;
use std::collections::HashMap;
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

/// `eprintln!` that cannot panic: when standard error is closed or its reader stopped
/// (`panelpress build 2>&1 | head -1`), the rest of the messages are dropped and the command
/// keeps its own exit code (where `eprintln!` would panic and exit 101).
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr(), $($arg)*);
    }};
}

/// `eprint!` that cannot panic (see [`say!`]).
macro_rules! say_raw {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = write!(std::io::stderr(), $($arg)*);
    }};
}

pub(crate) mod build;
pub(crate) mod check;
pub(crate) mod cite;
pub(crate) mod cli;
pub(crate) mod explain;
pub(crate) mod init;
pub(crate) mod report;
pub(crate) mod serve;

/// How a command ended, as its exit code.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Exit {
    /// It did what was asked (for `check`, the site has no errors).
    Success = 0,
    /// It ran, and the site has errors (or, with `--deny-warnings`, warnings).
    SiteHasErrors = 1,
    /// It could not run: bad arguments, no site, a failed read or write.
    CannotRun = 2,
}

impl From<Exit> for ExitCode {
    fn from(exit: Exit) -> Self {
        ExitCode::from(exit as u8)
    }
}

/// Prints an error that stopped the command, with its causes, and exits 2.
pub(crate) fn fail(error: &dyn std::error::Error) -> Exit {
    let mut message = format!("error: {error}");
    let mut source = error.source();
    while let Some(cause) = source {
        message.push_str(&format!(": {cause}"));
        source = cause.source();
    }
    say!("{message}");
    Exit::CannotRun
}

/// Writes a command's output to standard output, buffered. A reader that stops early
/// (`panelpress check | head`) is not an error: the rest is dropped, quietly. Any other
/// write error (a full disk) is reported, and the command could not run.
fn emit(write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>) -> Result<(), Exit> {
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    match write(&mut out).and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(fail(&WriteError(e))),
    }
}

/// Standard output could not be written.
#[derive(Debug, thiserror::Error)]
#[error("cannot write the output")]
struct WriteError(#[source] std::io::Error);

/// A report never freed, left to the process's exit like the run's data (see
/// [`panelpress::pipeline::Disposal`]): a large site's findings and the pages' text kept
/// for quoting are many small allocations, and the process is about to end.
fn leave_to_exit(report: Report) -> std::mem::ManuallyDrop<Report> {
    std::mem::ManuallyDrop::new(report)
}

/// The human report of `diagnostics` (see [`quoting`]).
fn human(root: &Path, diagnostics: &[Diagnostic], quoted: &HashMap<String, SourceText>) -> String {
    render_human(diagnostics, quoting(root, quoted))
}

/// A file's text for a report's snippets: kept from the run in `quoted`, else read now,
/// when it is inside the site. A finding about a link that leads outside the site
/// (`build/outside-site`) must not quote what the link reaches into a CI log.
fn quoting<'q>(
    root: &'q Path,
    quoted: &'q HashMap<String, SourceText>,
) -> impl Fn(&str) -> Option<Cow<'q, SourceText>> + Sync + 'q {
    move |file| match quoted.get(file) {
        Some(kept) => Some(Cow::Borrowed(kept)),
        None => {
            let path = std::fs::canonicalize(root.join(file)).ok()?;
            let inside = std::fs::canonicalize(root).is_ok_and(|root| path.starts_with(root));
            inside
                .then(|| std::fs::read_to_string(path).ok())
                .flatten()
                .map(|text| Cow::Owned(text.into()))
        }
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}
