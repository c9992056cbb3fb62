//! Running rules over a site given as text, for the rules' own tests.

use super::SiteView;
use crate::citations::Bibliography;
use crate::config::Config;
use crate::content::{front_matter, Date, Page};
use crate::diagnostics::Diagnostic;
use crate::markdown;

/// Diagnostics of `rule` for pages `(path inside content/, text)` and a bibliography.
pub(crate) fn run(
    rule: &super::Rule,
    config: &str,
    pages: &[(&str, &str)],
    bibliography: &str,
) -> Vec<Diagnostic> {
    run_locked(rule, config, pages, bibliography, None)
}

/// [`run`] with `citations.lock` holding `lock` (no lock when `None`).
pub(crate) fn run_locked(
    rule: &super::Rule,
    config: &str,
    pages: &[(&str, &str)],
    bibliography: &str,
    lock: Option<&str>,
) -> Vec<Diagnostic> {
    let lock = lock.map(|text| crate::registry::Lock::parse(text).expect("test lock parses"));
    let config = Config::parse(config).expect("test config parses");
    let (mut bibliography, _) = Bibliography::parse("references.yaml", bibliography);
    bibliography.attach_evidence(|id| lock.as_ref()?.evidence_of(id));
    let pages: Vec<Page> = pages
        .iter()
        .map(|(rel, text)| {
            let source = format!("content/{rel}");
            let split = front_matter::parse(&source, text).expect("test front matter parses");
            Page {
                source,
                rel: rel.to_string(),
                text: text.to_string(),
                body_offset: split.body_offset,
                meta: split.front_matter,
                url: format!("/{rel}/"),
                is_section_index: false,
                lines: Default::default(),
            }
        })
        .collect();
    let analyses: Vec<_> = pages
        .iter()
        .map(|page| markdown::analyse(page.body(), &page.rel, &bibliography))
        .collect();
    let site = SiteView {
        config: &config,
        pages: &pages,
        bibliography: &bibliography,
        analyses: &analyses,
        today: Date::parse("2026-11-25").expect("a date"),
        built: None,
        lock: lock.as_ref(),
        drafts: &[],
    };
    (rule.run)(&site)
}

/// A minimal site.yaml.
pub(crate) const CONFIG: &str = "title: T\nbase_url: https://example.org/\n";

/// `(line, column, message)` of each diagnostic, for compact assertions.
pub(crate) fn positions(diagnostics: &[Diagnostic]) -> Vec<(usize, usize)> {
    diagnostics.iter().map(|d| (d.line, d.column)).collect()
}
