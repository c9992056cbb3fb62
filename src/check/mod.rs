//! Checks: rules over the loaded site that produce findings, never failures. Each rule is
//! one unit with its code and docs, listed once in [`RULES`], so `check` and `build` run the
//! same list.

mod meta_missing;

use crate::config::Config;
use crate::content::Page;
use crate::diagnostics::{Code, Diagnostic};

/// What a rule may look at.
pub struct SiteView<'a> {
    pub config: &'a Config,
    pub pages: &'a [Page],
}

/// One check.
pub struct Rule {
    pub code: Code,
    /// What it does, why it matters, and an example (printed by `explain`).
    pub docs: &'static str,
    pub run: fn(&SiteView) -> Vec<Diagnostic>,
}

/// Every rule, in the order SPEC §5 lists their codes.
pub const RULES: &[Rule] = &[meta_missing::RULE];

/// Runs every rule.
pub fn run(site: &SiteView) -> Vec<Diagnostic> {
    RULES.iter().flat_map(|rule| (rule.run)(site)).collect()
}
