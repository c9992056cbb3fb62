//! The `panelpress` command: parses arguments, calls the library, prints what it returned
//! and chooses the exit code (0 success, 1 the site has errors, 2 the command could not run).

use clap::{Parser, Subcommand};
use panelpress::content::Date;
use panelpress::diagnostics::{self, render_human, Code, Diagnostic, SourceText, Summary};
use panelpress::pipeline::{self, BuildOptions, BuildReport, CheckOptions, Disposal};
use std::borrow::Cow;
use std::collections::HashMap;
use std::io::Write;
use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "panelpress",
    version,
    about = "Builds and checks plain-language health explainers"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Create a new site with one example page.
    Init {
        /// Folder to create the site in.
        dir: PathBuf,
    },
    /// Build the site into the output folder (default `public/`).
    Build {
        /// The site's folder (the one holding site.yaml).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Output folder (default: ROOT/public).
        #[arg(long)]
        out: Option<PathBuf>,
        /// Include pages marked `draft: true`.
        #[arg(long)]
        drafts: bool,
        /// Use this base URL instead of site.yaml's.
        #[arg(long)]
        base_url: Option<String>,
    },
    /// Check links, citations, claims and metadata; exit 1 when there are errors.
    Check {
        /// The site's folder (the one holding site.yaml).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
        /// The date review dates are compared against (default: today).
        #[arg(long, value_parser = parse_date)]
        today: Option<Date>,
        /// Exit 1 when there are warnings, too.
        #[arg(long)]
        deny_warnings: bool,
        /// Report only findings in files changed since this git ref (e.g. origin/main).
        #[arg(long, value_name = "GIT_REF")]
        changed_since: Option<String>,
        /// Also fetch every external http(s) link (online; see link_check in site.yaml).
        #[arg(long)]
        external: bool,
    },
    /// Explain a diagnostic code: what it checks, why, and an example.
    Explain {
        /// A code such as `claim/uncited`.
        code: String,
    },
    /// Build the site and serve it on http://127.0.0.1:1111/ for previewing.
    Serve {
        /// The site's folder (the one holding site.yaml).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Port to listen on (0 picks any free port).
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// Address to listen on; anything but loopback exposes the preview to the network.
        #[arg(long, default_value = "127.0.0.1")]
        bind: IpAddr,
        /// Open the preview in the default browser.
        #[arg(long)]
        open: bool,
        /// Include pages marked `draft: true`.
        #[arg(long)]
        drafts: bool,
    },
    /// Verify citations online (`lock`) and fill the bibliography from the lock (`fill`).
    Cite {
        #[command(subcommand)]
        action: Cite,
    },
}

#[derive(Subcommand)]
enum Cite {
    /// Ask PubMed, PMC, Crossref and ClinicalTrials.gov about every identifier and write
    /// citations.lock.
    Lock {
        /// The site's folder (the one holding site.yaml).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Re-ask only identifiers retrieved more than DAYS days ago (and new ones).
        #[arg(long, value_name = "DAYS")]
        refresh_older_than: Option<u32>,
        /// Ask only about these identifiers (`pmid:15110491`, `PMC11582493`, `doi:10.1000/x`).
        #[arg(long, value_name = "ID", num_args = 1..)]
        only: Vec<String>,
    },
    /// Copy title, authors, journal and year from citations.lock into empty fields of
    /// references.yaml, keeping its comments and order.
    Fill {
        /// The site's folder (the one holding site.yaml).
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum Format {
    Human,
    Json,
    Sarif,
    Github,
}

fn parse_date(text: &str) -> Result<Date, String> {
    Date::parse(text).ok_or_else(|| format!("`{text}` is not a date; write it as YYYY-MM-DD"))
}

/// The exit codes SPEC §6 defines.
#[derive(Clone, Copy)]
enum Exit {
    Success = 0,
    SiteHasErrors = 1,
    CannotRun = 2,
}

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

/// mimalloc instead of the system allocator: rendering a large site makes millions of small
/// allocations on several threads, where glibc's allocator spends a tenth of the time.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc options by their numbers in the pinned mimalloc 3 (the Rust bindings do not
/// name them); `tests/it/cli.rs` checks the names through mimalloc's own option listing,
/// so a version that renumbers them fails the tests.
#[cfg(target_os = "linux")]
const ARENA_EAGER_COMMIT: libmimalloc_sys::mi_option_t = 4;
#[cfg(target_os = "linux")]
const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Sets two mimalloc options before its first allocation (they must be set before it
/// reserves its arena, so this runs among the program's constructors):
/// - no eager commit of the 1 GiB arena: with transparent huge pages it touches memory in
///   2 MiB steps, which doubled the peak memory of a 1,000-page build (83 MB, not 44 MB);
/// - no returning of freed memory to the system during the run: pages are rendered into
///   fresh buffers, and faulting returned memory back in cost 8% of a 10,000-page build
///   (1.60 s to 1.47 s), with the same peak memory.
#[cfg(target_os = "linux")]
#[used]
#[link_section = ".init_array"]
static ALLOCATOR_OPTIONS: extern "C" fn() = {
    extern "C" fn set_allocator_options() {
        // SAFETY: sets allocator options; nothing else runs yet.
        unsafe {
            libmimalloc_sys::mi_option_set(ARENA_EAGER_COMMIT, 0);
            libmimalloc_sys::mi_option_set(PURGE_DELAY, -1);
        }
    }
    set_allocator_options
};

fn main() -> ExitCode {
    panelpress::timings::process_started();
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() {
                Exit::CannotRun as u8
            } else {
                0
            });
        }
    };
    let exit = match cli.command {
        Command::Init { dir } => init(&dir),
        Command::Build {
            root,
            out,
            drafts,
            base_url,
        } => build(&BuildOptions {
            root,
            out,
            drafts,
            base_url,
            disposal: Disposal::LeaveToExit,
        }),
        Command::Check {
            root,
            format,
            today,
            deny_warnings,
            changed_since,
            external,
        } => check(
            &CheckOptions {
                root,
                today: today.unwrap_or_else(Date::today),
                changed_since,
                external,
                disposal: Disposal::LeaveToExit,
            },
            format,
            deny_warnings,
        ),
        Command::Explain { code } => explain(&code),
        Command::Serve {
            root,
            port,
            bind,
            open,
            drafts,
        } => serve(root, port, bind, open, drafts),
        Command::Cite { action } => cite(action),
    };
    panelpress::timings::total("done");
    ExitCode::from(exit as u8)
}

fn init(dir: &Path) -> Exit {
    match panelpress::init::init(dir) {
        Ok(files) => {
            for file in files {
                say!("created {}", file.display());
            }
            say!(
                "\nnext: panelpress build --root {}  (the site is written to {}/public)",
                dir.display(),
                dir.display()
            );
            Exit::Success
        }
        Err(e) => fail(&e),
    }
}

/// A report never freed, left to the process's exit like the run's data (see [`Disposal`]):
/// freeing a large site's findings and the pages' text kept for quoting took 8 ms of a
/// 10,000-page `check` after its report was written.
fn leave_to_exit(report: pipeline::Report) -> std::mem::ManuallyDrop<pipeline::Report> {
    std::mem::ManuallyDrop::new(report)
}

fn build(options: &BuildOptions) -> Exit {
    let report = match pipeline::build(options) {
        Ok(report) => report,
        Err(e @ pipeline::Failure::Write { .. }) => {
            // SPEC §6: an I/O error fails the build (1); the command itself could run.
            fail(&e);
            return Exit::SiteHasErrors;
        }
        Err(e) => return fail(&e),
    };
    let report = leave_to_exit(report);
    panelpress::timings::total("built");
    say_raw!(
        "{}",
        human(&options.root, &shown(&report.diagnostics), &report.quoted)
    );
    if report.diagnostics.len() > BUILD_SHOWS {
        say!(
            "… and {} more findings: run `panelpress check` for the full list\n",
            report.diagnostics.len() - BUILD_SHOWS.max(blocking(&report.diagnostics).count())
        );
    }
    say!("{}", summary_line(&report));
    if report.written {
        Exit::Success
    } else {
        Exit::SiteHasErrors
    }
}

fn check(options: &CheckOptions, format: Format, deny_warnings: bool) -> Exit {
    let report = match pipeline::check(options) {
        Ok(report) => report,
        Err(e) => return fail(&e),
    };
    let report = leave_to_exit(report);
    panelpress::timings::total("checked");
    let diagnostics = &report.diagnostics;
    let summary = Summary::count(report.pages, diagnostics);
    let printed = emit(|out| match format {
        Format::Human => {
            diagnostics::write_human(
                &mut *out,
                diagnostics,
                quoting(&options.root, &report.quoted),
            )?;
            out.write_all(review_table(&report, options.today).as_bytes())?;
            writeln!(
                out,
                "checked {} pages in {:.2}s: {} error{}, {} warning{}",
                report.pages,
                report.elapsed.as_secs_f64(),
                summary.errors,
                plural(summary.errors),
                summary.warnings,
                plural(summary.warnings)
            )
        }
        Format::Json => {
            diagnostics::write_json(&mut *out, diagnostics, summary)?;
            writeln!(out)
        }
        Format::Sarif => {
            diagnostics::write_sarif(&mut *out, diagnostics)?;
            writeln!(out)
        }
        Format::Github => diagnostics::write_github(&mut *out, diagnostics),
    });
    if let Err(exit) = printed {
        return exit;
    }
    if summary.errors > 0 || (deny_warnings && summary.warnings > 0) {
        Exit::SiteHasErrors
    } else {
        Exit::Success
    }
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

/// The editor's planning table: pages whose review is due within 30 days.
fn review_table(report: &pipeline::Report, today: Date) -> String {
    if report.reviews_due.is_empty() {
        return String::new();
    }
    let mut table = format!(
        "reviews due by {} ({} page{}):\n",
        today.plus_days(pipeline::REVIEW_HORIZON_DAYS),
        report.reviews_due.len(),
        plural(report.reviews_due.len())
    );
    let width = report
        .reviews_due
        .iter()
        .map(|r| r.file.len())
        .max()
        .unwrap_or(0);
    for review in &report.reviews_due {
        let state = if review.due < today { "overdue" } else { "due" };
        table.push_str(&format!(
            "  {state:<7} {due}  {file:<width$}  {title} (last reviewed {reviewed})\n",
            due = review.due,
            file = review.file,
            title = review.title,
            reviewed = review.reviewed,
        ));
    }
    table.push('\n');
    table
}

fn explain(name: &str) -> Exit {
    match Code::from_name(name) {
        Some(code) => {
            match emit(|out| out.write_all(diagnostics::docs::explain(code).as_bytes())) {
                Ok(()) => Exit::Success,
                Err(exit) => exit,
            }
        }
        None => {
            let known: Vec<&str> = Code::ALL.iter().map(|c| c.as_str()).collect();
            say!(
                "error: `{name}` is not a panelpress code; the codes are: {}",
                known.join(", ")
            );
            Exit::CannotRun
        }
    }
}

/// Builds in memory, serves the build, and rebuilds on every change until interrupted.
/// Writes nothing to disk.
fn serve(root: PathBuf, port: u16, bind: IpAddr, open: bool, drafts: bool) -> Exit {
    use panelpress::serve::{self, watch::Changes, State};
    let config = match panelpress::config::Config::load(&root) {
        Ok(config) => Some(config),
        Err(panelpress::config::ConfigError::Invalid(_)) => None,
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
    let state = std::sync::Arc::new(State::new(root.clone(), base_path.clone()));
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
    serve::run(listeners, std::sync::Arc::clone(&state));
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

fn cite(action: Cite) -> Exit {
    use panelpress::registry::{fill, lock};
    match action {
        Cite::Lock {
            root,
            refresh_older_than,
            only,
        } => {
            let options = lock::LockOptions {
                root,
                refresh_older_than,
                only,
                api_key: std::env::var("NCBI_API_KEY").ok().filter(|k| !k.is_empty()),
                today: Date::today(),
            };
            let report = match lock::lock(&options, &mut |line| say!("{line}")) {
                Ok(report) => report,
                Err(e) => return fail(&e),
            };
            for key in &report.not_found {
                say!("not found: {key} (recorded with `error: not found`)");
            }
            for key in &report.retracted {
                say!("retracted: {key}");
            }
            say!(
                "wrote {}: {} asked, {} kept, {} not found, {} retracted",
                report.path.display(),
                report.asked,
                report.kept,
                report.not_found.len(),
                report.retracted.len()
            );
            Exit::Success
        }
        Cite::Fill { root } => match fill::fill(&root) {
            Ok(report) => {
                for (key, field) in &report.filled {
                    say!("filled {key}: {field}");
                }
                say!(
                    "{} field{} filled in {}",
                    report.filled.len(),
                    plural(report.filled.len()),
                    report.path.display()
                );
                Exit::Success
            }
            Err(e) => fail(&e),
        },
    }
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

/// How many findings `build` prints; `check` is where a writer reads them all.
const BUILD_SHOWS: usize = 20;

fn blocking(diagnostics: &[Diagnostic]) -> impl Iterator<Item = &Diagnostic> {
    diagnostics.iter().filter(|d| d.code.blocks_build())
}

/// What `build` prints: every finding that stopped it, then others up to [`BUILD_SHOWS`].
fn shown(diagnostics: &[Diagnostic]) -> Vec<Diagnostic> {
    let mut shown: Vec<Diagnostic> = blocking(diagnostics).cloned().collect();
    let room = BUILD_SHOWS.saturating_sub(shown.len());
    shown.extend(
        diagnostics
            .iter()
            .filter(|d| !d.code.blocks_build())
            .take(room)
            .cloned(),
    );
    shown.sort();
    shown
}

fn summary_line(report: &BuildReport) -> String {
    let counts = format!(
        "{} error{}, {} warning{}",
        report.errors(),
        plural(report.errors()),
        report.warnings(),
        plural(report.warnings())
    );
    if report.written {
        format!(
            "built {} pages in {:.2}s into {} ({counts})",
            report.pages,
            report.elapsed.as_secs_f64(),
            report.out.display()
        )
    } else if report.out.exists() {
        format!(
            "build failed ({counts}); the previous output in {} was left untouched",
            report.out.display()
        )
    } else {
        format!("build failed ({counts}); nothing was written")
    }
}

/// The human report of `diagnostics` (see [`quoting`]).
fn human(root: &Path, diagnostics: &[Diagnostic], quoted: &HashMap<String, SourceText>) -> String {
    render_human(diagnostics, quoting(root, quoted))
}

/// A file's text for a report's snippets: kept from the run in `quoted`, else read now.
fn quoting<'q>(
    root: &'q Path,
    quoted: &'q HashMap<String, SourceText>,
) -> impl Fn(&str) -> Option<Cow<'q, SourceText>> + Sync + 'q {
    move |file| match quoted.get(file) {
        Some(kept) => Some(Cow::Borrowed(kept)),
        None => std::fs::read_to_string(root.join(file))
            .ok()
            .map(|text| Cow::Owned(text.into())),
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// Prints an error that stopped the command, with its causes, and exits 2.
fn fail(error: &dyn std::error::Error) -> Exit {
    let mut message = format!("error: {error}");
    let mut source = error.source();
    while let Some(cause) = source {
        message.push_str(&format!(": {cause}"));
        source = cause.source();
    }
    say!("{message}");
    Exit::CannotRun
}
