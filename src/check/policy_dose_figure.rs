//! `policy/dose-figure`: on a page that promises to print no dose figures
//! (`no_dose_figures: true`, or the site default), a unit states a dose and does not cite
//! a `type: label` entry (an official prescribing label). One finding per unit, at its
//! first dose figure, listing every dose figure in it. A heading is a unit of its own here
//! (a citation in the heading covers it); a lab value (`126 mg/dL`) is never a dose.

use super::allow::allows;
use super::{analysed, at, Rule, SiteView};
use crate::citations::EntryType;
use crate::diagnostics::{Code, Diagnostic};

pub(crate) const RULE: Rule = Rule {
    code: Code::PolicyDoseFigure,
    run,
};

fn run(site: &SiteView) -> Vec<Diagnostic> {
    let bibliography = site.bibliography;
    let mut found = Vec::new();
    for (page, analysis) in analysed(site) {
        if !page
            .meta
            .no_dose_figures
            .unwrap_or(site.config.no_dose_figures)
        {
            continue;
        }
        for unit in &analysis.units {
            let doses: Vec<String> = unit
                .figures
                .iter()
                .filter(|f| f.dose)
                .map(|f| f.quote(page.body()))
                .collect();
            let Some(first) = unit.figures.iter().find(|f| f.dose) else {
                continue;
            };
            let cites_label = analysis.unit_citations(unit).any(|c| {
                c.entries
                    .iter()
                    .flatten()
                    .any(|&e| bibliography.entries[e].entry_type == EntryType::Label)
            });
            if cites_label || allows(page, unit.start, Code::PolicyDoseFigure) {
                continue;
            }
            let list = doses
                .iter()
                .map(|d| format!("`{d}`"))
                .collect::<Vec<_>>()
                .join(", ");
            found.push(
                at(Code::PolicyDoseFigure, page, first.span.start)
                    .message(format!("this page promises no dose figures (`no_dose_figures`), but this passage gives {list}"))
                    .help("remove the dose, or cite the official label it comes from (a bibliography entry with `type: label`)"),
            );
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::super::testing::{self, CONFIG};
    use super::*;

    const BIB: &str =
        "increlex-label:\n  type: label\n  url: https://example.org/label\nstudy:\n  pmid: \"1\"\n";

    #[test]
    fn only_label_citations_excuse_doses_on_no_dose_pages() {
        let page = "---\ntitle: t\nno_dose_figures: true\n---\nTake 5 mg or 10 mg (PMID 1).\n\nLabel: 0.04 to 0.08 mg/kg [@increlex-label].\n\nUp 49% (PMID 1).\n";
        let found = testing::run(&RULE, CONFIG, &[("a.md", page)], BIB);
        assert_eq!(testing::positions(&found), vec![(5, 6)]);
        assert!(
            found[0].message.contains("`5 mg`, `10 mg`"),
            "{}",
            found[0].message
        );
    }

    #[test]
    fn pages_without_the_promise_are_not_checked() {
        let page = "---\ntitle: t\n---\nTake 5 mg.\n";
        assert_eq!(testing::run(&RULE, CONFIG, &[("a.md", page)], BIB), vec![]);
        let site_wide = "title: T\nbase_url: https://e.org\nno_dose_figures: true\n";
        assert_eq!(
            testing::run(&RULE, site_wide, &[("a.md", page)], BIB).len(),
            1
        );
    }

    /// Guards headings (their own unit, covered by a label cited in them), dose columns of
    /// a table, and lab values, which are never doses.
    #[test]
    fn headings_dose_columns_and_lab_values() {
        let page = "---\ntitle: t\nno_dose_figures: true\n---\n## Is 500 mcg a day safe?\n\n## The 0.25 mg start [@increlex-label]\n\n| Product | Strength (mg) |\n|---|---|\n| Pen A | 0.25 |\n\nA fasting blood sugar above 126 mg/dL (PMID 1).\n";
        let found = testing::run(&RULE, CONFIG, &[("a.md", page)], BIB);
        assert_eq!(testing::positions(&found), vec![(5, 7), (11, 11)]);
        assert!(found[0].message.contains("`500 mcg a day`"));
        assert!(
            found[1].message.contains("`0.25 mg`"),
            "{}",
            found[1].message
        );
    }
}
