//! `meta/missing`: a page lacks a front-matter key the site requires.

use super::{Rule, SiteView};
use crate::diagnostics::{Code, Diagnostic};

pub(crate) const RULE: Rule = Rule {
    code: Code::MetaMissing,
    run,
};

fn run(site: &SiteView) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    for page in site.pages {
        for field in &site.config.required_fields {
            if !has_field(page, field) {
                found.push(
                    Diagnostic::new(Code::MetaMissing, page.source.as_str(), (1, 1))
                        .message(format!("front matter has no `{field}`"))
                        .help(format!(
                            "add a line `{field}: …` between the `---` lines at the top of the page"
                        )),
                );
            }
        }
    }
    found
}

fn has_field(page: &crate::content::Page, field: &str) -> bool {
    let meta = &page.meta;
    let present = |value: &Option<String>| value.as_deref().is_some_and(|v| !v.trim().is_empty());
    match field {
        "title" => present(&meta.title),
        "description" => present(&meta.description),
        "reviewed_by" => present(&meta.reviewed_by),
        "date" => meta.date.is_some(),
        "updated" => meta.updated.is_some(),
        "reviewed" => meta.reviewed.is_some(),
        "tags" => !meta.tags.is_empty(),
        _ => meta.key_lines.iter().any(|(key, _)| key == field),
    }
}
