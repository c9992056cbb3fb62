//! The editor's report: after a check run, the whole site's state in aggregates — reviews
//! due, findings by code and by page, the sources' years and retracted, unverified and
//! unused entries, uncited figures and citation density. Input: the [`Facts`] taken from
//! the run and its sorted findings; output: [`Aggregates`] (plain data, written as JSON)
//! and one self-contained HTML page ([`html::page`]). It exists because a list of
//! hundreds of findings does not say which pages need a review this month.
//!
//! Every count comes from the same run as `check`'s findings, so the two always agree.

mod aggregate;
mod facts;
pub mod html;
mod svg;

pub use aggregate::aggregate;
pub(crate) use facts::Facts;
pub(crate) use facts::Sources;

use crate::content::Date;
use crate::diagnostics::Code;
use serde::Serialize;

/// How many days ahead the report counts reviews due.
pub const REVIEW_WINDOWS: [i64; 3] = [30, 90, 365];

/// Everything the report shows, as numbers and lists.
#[derive(Debug, Clone, Serialize)]
pub struct Aggregates {
    pub today: Date,
    pub pages: usize,
    pub errors: usize,
    pub warnings: usize,
    pub reviews: Reviews,
    pub findings: Findings,
    pub sources: SourcesSummary,
    pub claims: Claims,
}

/// When the pages' medical reviews are due.
#[derive(Debug, Clone, Serialize)]
pub struct Reviews {
    /// Pages whose review date has passed, most overdue first.
    pub overdue: Vec<ReviewRow>,
    /// How many pages (not overdue) are due within each of [`REVIEW_WINDOWS`] days.
    pub due_within: Vec<Window>,
    /// Reviews due within a year (overdue ones excluded), soonest first.
    pub upcoming: Vec<ReviewRow>,
    /// Every review due date, counted by month (`2026-12`), overdue ones included.
    pub by_month: Vec<Count>,
    /// Pages (not a section's own page) with no `reviewed` date.
    pub unreviewed: Vec<PageRow>,
    /// Pages (not a section's own page) with no `reviewed_by`.
    pub no_reviewer: Vec<PageRow>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ReviewRow {
    pub file: String,
    pub title: String,
    pub reviewed: Date,
    pub due: Date,
}

#[derive(Debug, Clone, Serialize)]
pub struct Window {
    pub days: i64,
    pub pages: usize,
}

/// A label and how many things carry it.
#[derive(Debug, Clone, Serialize)]
pub struct Count {
    pub label: String,
    pub count: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct PageRow {
    pub file: String,
    pub title: String,
}

/// The findings of the run, counted.
#[derive(Debug, Clone, Serialize)]
pub struct Findings {
    /// Most frequent first.
    pub by_code: Vec<CodeCount>,
    /// The pages (and other files) with the most errors, then warnings, first.
    pub by_file: Vec<FileFindings>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CodeCount {
    pub code: Code,
    pub errors: usize,
    pub warnings: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct FileFindings {
    pub file: String,
    pub errors: usize,
    pub warnings: usize,
    pub findings: Vec<Finding>,
}

/// One finding, where it is.
#[derive(Debug, Clone, Serialize)]
pub struct Finding {
    pub file: String,
    pub line: usize,
    pub code: Code,
    pub severity: &'static str,
    pub message: String,
}

/// The bibliography, as the pages use it.
#[derive(Debug, Clone, Serialize)]
pub struct SourcesSummary {
    pub entries: usize,
    /// Entries by publication year, oldest first, every year in between included.
    pub years: Vec<Count>,
    pub without_year: usize,
    pub retracted: Vec<Retracted>,
    /// `cite/unverified` findings.
    pub unverified: Vec<Finding>,
    /// `cite/unused` findings.
    pub unused: Vec<Finding>,
}

/// An entry marked `retracted: true`, and every citation of it.
#[derive(Debug, Clone, Serialize)]
pub struct Retracted {
    pub key: String,
    pub file: String,
    pub line: usize,
    pub cited_at: Vec<Place>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Place {
    pub file: String,
    pub line: usize,
}

/// Figures and the citations that support them.
#[derive(Debug, Clone, Serialize)]
pub struct Claims {
    /// Pages with `claim/uncited` findings, the most first.
    pub uncited: Vec<Uncited>,
    /// Citations per 1,000 words, by section.
    pub density: Vec<Density>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Uncited {
    pub file: String,
    pub count: usize,
    /// The line of the first one.
    pub line: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct Density {
    /// The folder under `content/` (`(top level)` for pages directly in it).
    pub section: String,
    pub pages: usize,
    pub words: usize,
    pub citations: usize,
    /// Rounded to one decimal.
    pub per_thousand_words: f64,
}
