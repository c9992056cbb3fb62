//! `review/overdue`: a page's `reviewed` date is older than its review interval
//! (`review_interval_days` in the page, else in site.yaml, default 365). Health
//! information goes stale; the reader is told when it was last checked.

use super::{Rule, SiteView};
use crate::config::Config;
use crate::content::{Date, Page};
use crate::diagnostics::{Code, Diagnostic};

pub(crate) const RULE: Rule = Rule {
    code: Code::ReviewOverdue,
    run,
};

/// A page's next review, for the editor's planning table.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ReviewDue {
    pub file: String,
    pub title: String,
    pub reviewed: Date,
    pub due: Date,
}

/// `(reviewed, due, interval)` for a page that has been reviewed.
pub(crate) fn due_date(page: &Page, config: &Config) -> Option<(Date, Date, u32)> {
    let reviewed = page.meta.reviewed?;
    let interval = page
        .meta
        .review_interval_days
        .unwrap_or(config.review_interval_days);
    Some((reviewed, reviewed.plus_days(i64::from(interval)), interval))
}

/// Pages whose review is due within `days` of `today` (overdue ones included), soonest
/// first.
pub(crate) fn upcoming(pages: &[Page], config: &Config, today: Date, days: i64) -> Vec<ReviewDue> {
    let horizon = today.plus_days(days);
    let mut due: Vec<ReviewDue> = pages
        .iter()
        .filter_map(|page| {
            let (reviewed, due, _) = due_date(page, config)?;
            (due <= horizon).then(|| ReviewDue {
                file: page.source.clone(),
                title: page.title(),
                reviewed,
                due,
            })
        })
        .collect();
    due.sort_by(|a, b| a.due.cmp(&b.due).then_with(|| a.file.cmp(&b.file)));
    due
}

fn run(site: &SiteView) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    for page in site.pages {
        let Some((reviewed, due, interval)) = due_date(page, site.config) else {
            continue;
        };
        if due < site.today {
            let line = page.meta.line_of("reviewed");
            found.push(
                Diagnostic::new(Code::ReviewOverdue, page.source.as_str(), (line, 1))
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
    fn lists_reviews_due_within_the_horizon_soonest_first() {
        let config = crate::config::Config::parse(CONFIG).unwrap();
        let page = |rel: &str, reviewed: &str| {
            let text = format!("---\ntitle: {rel}\nreviewed: {reviewed}\n---\n");
            let split = crate::content::front_matter::parse(rel, &text).unwrap();
            Page {
                source: rel.into(),
                rel: rel.into(),
                body_offset: split.body_offset,
                meta: split.front_matter,
                text,
                url: "/".into(),
                is_section_index: false,
                lines: Default::default(),
            }
        };
        let pages = [
            page("soon", "2025-12-10"),
            page("late", "2025-01-01"),
            page("fresh", "2026-06-01"),
        ];
        let today = Date::parse("2026-11-25").unwrap();
        let due: Vec<String> = upcoming(&pages, &config, today, 30)
            .into_iter()
            .map(|r| r.file)
            .collect();
        assert_eq!(due, ["late", "soon"]);
    }

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
