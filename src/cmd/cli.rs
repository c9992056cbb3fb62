//! The command line: every command, its flags and their help, as clap reads them.

use super::check::Format;
use super::report::Format as ReportFormat;
use clap::{Parser, Subcommand};
use panelpress::content::Date;
use std::net::IpAddr;
use std::path::PathBuf;

#[derive(Parser)]
#[command(
    name = "panelpress",
    version,
    about = "Builds and checks plain-language health explainers"
)]
pub(crate) struct Cli {
    #[command(subcommand)]
    pub(crate) command: Command,
}

#[derive(Subcommand)]
pub(crate) enum Command {
    /// Create a new site with one example page.
    Init {
        /// Folder to create the site in.
        dir: PathBuf,
    },
    /// Build the site into the output folder (default `public/`); with any error, write nothing.
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
        /// Write the site even when it has errors (for a staging preview); still exit 1.
        #[arg(long)]
        allow_errors: bool,
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
        /// Report only findings on lines changed since this git ref (e.g. origin/main).
        #[arg(long, value_name = "GIT_REF")]
        changed_since: Option<String>,
        /// Also fetch every external http(s) link (online; see link_check in site.yaml).
        #[arg(long)]
        external: bool,
        /// Check pages marked `draft: true` too.
        #[arg(long)]
        drafts: bool,
    },
    /// Check the site and write the editor's report: reviews due, findings, sources, claims.
    Report {
        /// The site's folder (the one holding site.yaml).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// File to write (default: ROOT/panelpress-report.html; JSON: standard output).
        #[arg(long)]
        out: Option<PathBuf>,
        /// The date review dates are compared against (default: today).
        #[arg(long, value_parser = parse_date)]
        today: Option<Date>,
        /// Output format: one self-contained HTML page, or the aggregates as JSON.
        #[arg(long, value_enum, default_value_t = ReportFormat::Html)]
        format: ReportFormat,
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
pub(crate) enum Cite {
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
