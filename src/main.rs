//! The `panelpress` command: parses the arguments and runs the command they name (its body
//! is in `cmd/<command>.rs`), which prints what the library returned and answers with the
//! exit code: 0 success, 1 the site has errors, 2 the command could not run.

#![forbid(unsafe_code)]

mod cmd;

use clap::{Parser, Subcommand};
use cmd::check::Format;
use cmd::Exit;
use panelpress::content::Date;
use panelpress::pipeline::{BuildOptions, CheckOptions, Disposal};
use panelpress::timings;
use std::net::IpAddr;
use std::path::PathBuf;
use std::process::ExitCode;

/// mimalloc instead of the system allocator: rendering a large site makes millions of small
/// allocations on several threads, which mimalloc serves faster.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

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

fn parse_date(text: &str) -> Result<Date, String> {
    Date::parse(text).ok_or_else(|| format!("`{text}` is not a date; write it as YYYY-MM-DD"))
}

fn main() -> ExitCode {
    timings::process_started();
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            // `--help` and `--version` come this way too, printed on standard output.
            let exit = if e.use_stderr() {
                Exit::CannotRun
            } else {
                Exit::Success
            };
            return exit.into();
        }
    };
    let exit = match cli.command {
        Command::Init { dir } => cmd::init::run(&dir),
        Command::Build {
            root,
            out,
            drafts,
            base_url,
        } => cmd::build::run(&BuildOptions {
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
        } => {
            let options = CheckOptions {
                root,
                today: today.unwrap_or_else(Date::today),
                changed_since,
                external,
                disposal: Disposal::LeaveToExit,
            };
            cmd::check::run(&options, format, deny_warnings)
        }
        Command::Explain { code } => cmd::explain::run(&code),
        Command::Serve {
            root,
            port,
            bind,
            open,
            drafts,
        } => cmd::serve::run(cmd::serve::Options {
            root,
            bind,
            port,
            open,
            drafts,
        }),
        Command::Cite { action } => match action {
            Cite::Lock {
                root,
                refresh_older_than,
                only,
            } => cmd::cite::lock(root, refresh_older_than, only),
            Cite::Fill { root } => cmd::cite::fill(&root),
        },
    };
    timings::total("done");
    exit.into()
}
