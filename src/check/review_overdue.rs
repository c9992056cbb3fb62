//! `review/overdue`: a page's `reviewed` date is older than its review interval
//! (`review_interval_days` in the page, else in site.yaml, default 365). Health
//! information goes stale; the reader is told when it was last checked.

use super::{Rule, SiteView};
use crate::diagnostics::{Code, Diagnostic};

pub const RULE: Rule = Rule {
    code: Code::ReviewOverdue,
    run,
};

fn run(site: &SiteView) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    for page in site.pages {
        let Some(reviewed) = page.meta.reviewed else {
            continue;
        };
        let interval = page
            .meta
            .review_interval_days
            .unwrap_or(site.config.review_interval_days);
        let due = reviewed.plus_days(i64::from(interval));
        if due < site.today {
            found.push(
                Diagnostic::new(
                    Code::ReviewOverdue,
                    page.source.as_str(),
                    (page.meta.line_of("reviewed"), 1),
                )
                .message(format!(
                    "last reviewed {reviewed}; a review was due by {due} (every {interval} days)"
                ))
                .help("have the page reviewed, then update `reviewed:` to the review's date"),
            );
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::super::testing::{self, CONFIG};
    use super::*;

    #[test]
    fn reports_pages_past_their_interval_at_the_reviewed_line() {
        let old = "---\ntitle: t\nreviewed: 2025-11-24\n---\nx\n";
        let fresh = "---\ntitle: t\nreviewed: 2025-11-25\n---\nx\n";
        let own = "---\ntitle: t\nreviewed: 2026-10-01\nreview_interval_days: 30\n---\nx\n";
        let found = testing::run(
            &RULE,
            CONFIG,
            &[("old.md", old), ("fresh.md", fresh), ("own.md", own)],
            "",
        );
        let files: Vec<(&str, usize)> = found.iter().map(|d| (d.file.as_str(), d.line)).collect();
        assert_eq!(files, vec![("content/old.md", 3), ("content/own.md", 3)]);
    }
}
