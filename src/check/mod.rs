//! Checks: rules over the loaded and analysed site that produce findings, never failures.
//! Each rule is one unit (a file with its code and its test), listed once in [`RULES`], so
//! `check` and `build` run the same list. What each code means for a writer is in
//! `diagnostics::docs` (printed by `panelpress explain CODE`).

mod allow;
mod cite_id_conflict;
mod cite_lock_retracted;
mod cite_malformed;
mod cite_mismatch;
mod cite_retracted;
mod cite_unknown;
mod cite_unused;
mod cite_unverified;
mod claim_uncited;
mod evidence;
mod evidence_animal_only;
mod evidence_preprint;
mod link_help;
mod links;
mod meta_missing;
mod policy_dose_figure;
pub(crate) mod review_overdue;

use crate::citations::Bibliography;
use crate::config::{CheckLevel, Config};
use crate::content::{Date, Page};
use crate::diagnostics::{Code, Diagnostic, Severity};
use crate::markdown::Analysis;
use rayon::prelude::*;

/// What a rule may look at.
pub(crate) struct SiteView<'a> {
    pub(crate) config: &'a Config,
    pub(crate) pages: &'a [Page],
    pub(crate) bibliography: &'a Bibliography,
    /// What each page's body holds, by page index.
    pub(crate) analyses: &'a [Analysis],
    /// The day `review/overdue` compares against.
    pub(crate) today: Date,
    /// What the build produced, for the link checks (`None` when not rendered).
    pub(crate) built: Option<Built<'a>>,
    /// `citations.lock`, when the site has one (the lock checks are off without it).
    pub(crate) lock: Option<&'a crate::registry::Lock>,
    /// The `draft: true` pages left out, so a link to one can say it is a draft.
    pub(crate) drafts: &'a [crate::content::Draft],
}

/// The built site as the link checks see it.
pub(crate) struct Built<'a> {
    /// Everything the build wrote, as link targets.
    pub(crate) index: &'a crate::links::OutputIndex,
    /// Every HTML page as written.
    pub(crate) pages: &'a [crate::links::RenderedPage],
    /// The templates, to point a finding about a link a template writes at its line.
    pub(crate) templates: &'a crate::templates::Templates,
}

/// One check.
pub(crate) struct Rule {
    pub(crate) code: Code,
    pub(crate) run: fn(&SiteView) -> Vec<Diagnostic>,
}

/// How many pages a rule checks in one parallel run. Rayon never splits a run once it has
/// started, and left to itself makes runs of thousands of pages: the last one then goes on
/// alone on one core. Runs this short leave no such tail.
const PAGES_PER_RUN: usize = 64;

/// Every rule, in the order of their codes in [`Code::ALL`].
pub(crate) const RULES: &[Rule] = &[
    meta_missing::RULE,
    links::RULE,
    cite_malformed::RULE,
    cite_unknown::RULE,
    cite_retracted::RULE,
    cite_lock_retracted::RULE,
    cite_unused::RULE,
    claim_uncited::RULE,
    policy_dose_figure::RULE,
    review_overdue::RULE,
    cite_unverified::RULE,
    cite_mismatch::RULE,
    cite_id_conflict::RULE,
    evidence_animal_only::RULE,
    evidence_preprint::RULE,
    allow::RULE,
];

/// Runs every rule, in parallel; the site's `checks:` overrides are applied by the caller,
/// to these findings and the others it collects, at once ([`apply_overrides`]).
pub(crate) fn run(site: &SiteView) -> Vec<Diagnostic> {
    RULES
        .par_iter()
        .flat_map_iter(|rule| {
            let mut watch = crate::timings::Stopwatch::start();
            let found = (rule.run)(site);
            watch.mark(rule.code.as_str());
            found
        })
        .collect()
}

/// `checks: {claim/uncited: error, cite/unused: off}` from `site.yaml`.
pub(crate) fn apply_overrides(config: &Config, diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
    diagnostics
        .into_iter()
        .filter_map(|mut d| {
            match config.checks.get(d.code.as_str()) {
                Some(CheckLevel::Off) => return None,
                Some(CheckLevel::Error) => d.severity = Severity::Error,
                Some(CheckLevel::Warning) => d.severity = Severity::Warning,
                None => {}
            }
            Some(d)
        })
        .collect()
}

/// The file position of body offset `offset` of `page`.
fn locate(page: &Page, offset: usize) -> (usize, usize) {
    page.position(page.body_offset + offset)
}

/// A diagnostic at body offset `offset` of `page`.
fn at(code: Code, page: &Page, offset: usize) -> Diagnostic {
    Diagnostic::new(code, page.source.as_str(), locate(page, offset))
}

/// Pages with their analyses.
fn analysed<'a>(site: &'a SiteView) -> impl Iterator<Item = (&'a Page, &'a Analysis)> + 'a {
    site.pages.iter().zip(site.analyses.iter())
}

/// Runs `check` on every page with its analysis, in parallel short runs, and gathers what
/// it finds in page order. A rule that walked every citation of a large site one page after
/// another would run on alone at the end of the checks while the other core sits idle.
fn per_page<F>(site: &SiteView, check: F) -> Vec<Diagnostic>
where
    F: Fn(&Page, &Analysis, &mut Vec<Diagnostic>) + Sync,
{
    site.pages
        .par_iter()
        .zip(site.analyses.par_iter())
        .with_max_len(PAGES_PER_RUN)
        .flat_map_iter(|(page, analysis)| {
            let mut found = Vec::new();
            check(page, analysis, &mut found);
            found
        })
        .collect()
}

#[cfg(test)]
pub(crate) mod testing;
