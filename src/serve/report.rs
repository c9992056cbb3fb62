//! The editor's report of the build being served, at [`REPORT_PATH`]: the same page
//! `panelpress report` writes, made from the preview's own build and its findings by the
//! same code. Each published build leaves, after its tabs were told to reload, what the
//! report is made of ([`Made`]: a few values per page and source, and the findings); the
//! counting and the page are done only when the report is asked for. It is never written
//! to disk and says `noindex` in its head and its headers: it names every file of the site
//! and is not for readers.

use crate::pipeline::session::Session;
use crate::pipeline::Report;
use crate::report::Facts;

/// Where the report is served (under the site's base path, if it has one).
pub(crate) const REPORT_PATH: &str = "/_panelpress/report/";

/// What the report of one build is made of: the facts about its pages and sources, as
/// `report` gathers them, its page count and every finding of its checks.
pub(crate) struct Made {
    facts: Facts,
    /// The build's page count and findings, as a check run reports them.
    report: Report,
}

impl Made {
    /// The report's inputs for the build `session` holds, whose checks found `diagnostics`.
    pub(crate) fn of(session: &Session, diagnostics: &[crate::diagnostics::Diagnostic]) -> Made {
        let report = Report {
            diagnostics: diagnostics.to_vec(),
            pages: session.pages(),
            written: false,
            reviews_due: Vec::new(),
            out: std::path::PathBuf::new(),
            elapsed: std::time::Duration::ZERO,
            quoted: std::collections::HashMap::new(),
        };
        Made {
            facts: session.report_facts(),
            report,
        }
    }

    /// The report's page for today, its files linked under the site folder `root`.
    pub(crate) fn page(&self, root: &std::path::Path) -> String {
        let today = crate::content::Date::today();
        let aggregates = crate::report::aggregate(
            &self.facts,
            &self.report.diagnostics,
            self.report.pages,
            today,
        );
        let root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
        crate::report::html::page(&aggregates, &root.to_string_lossy().replace('\\', "/"))
    }
}

/// The page shown while the checks of a new build still run: it asks again in a second.
pub(crate) const PENDING: &str = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">\
<meta name=\"robots\" content=\"noindex\"><meta http-equiv=\"refresh\" content=\"1\">\
<title>Report</title></head><body><p>The report is being made from the new build.</p></body></html>";
