//! `claim/uncited`: a paragraph, list item, blockquote paragraph or table states a
//! quantitative figure (a percentage, a fold change, a multiplier, a natural frequency, a
//! lab value, a dose) and cites nothing, so a reader cannot check it. One finding per unit,
//! at its first figure. A heading is a title, not a claim: never reported here.

use super::allow::allows;
use super::{at, per_page, Rule, SiteView};
use crate::diagnostics::{Code, Diagnostic};

pub(crate) const RULE: Rule = Rule {
    code: Code::ClaimUncited,
    run,
};

fn run(site: &SiteView) -> Vec<Diagnostic> {
    per_page(site, |page, analysis, found| {
        for unit in analysis.units.iter().filter(|unit| !unit.heading) {
            let Some(first) = unit.figures.first() else {
                continue;
            };
            if analysis.unit_citations(unit).next().is_some()
                || allows(page, unit.start, Code::ClaimUncited)
            {
                continue;
            }
            let figure = first.quote(page.body());
            found.push(
                at(Code::ClaimUncited, page, first.span.start)
                    .message(format!("`{figure}` is a figure with no source in the same paragraph, item or table"))
                    .help("cite the source next to it, e.g. (PMID 12345678) or [@key]; if no source is needed, put <!-- panelpress: allow claim/uncited \"why\" --> on the line before"),
            );
        }
    })
}

#[cfg(test)]
mod tests {
    use super::super::testing::{self, CONFIG};
    use super::*;

    #[test]
    fn one_finding_per_uncited_unit_at_its_first_figure() {
        let page = "---\ntitle: t\n---\nUp 49% and 65%.\n\nUp 49% (PMID 15110491).\n\n- a 2-fold rise\n- cited 3-fold[^n]\n\n[^n]: Source: PMID 8708565.\n\n| a | b |\n|---|---|\n| 5% | x |\n\n> Quote 7%.\n";
        let found = testing::run(&RULE, CONFIG, &[("a.md", page)], "");
        assert_eq!(
            testing::positions(&found),
            vec![(4, 4), (8, 5), (15, 3), (17, 9)]
        );
        assert!(found[0].message.contains("`49%`"));
    }

    #[test]
    fn an_allow_comment_with_a_reason_opts_a_unit_out() {
        let page = "---\ntitle: t\n---\n<!-- panelpress: allow claim/uncited \"our own arithmetic\" -->\nThat is 50% of 2.\n\nAnd 60%.\n";
        let found = testing::run(&RULE, CONFIG, &[("a.md", page)], "");
        assert_eq!(testing::positions(&found), vec![(7, 5)]);
    }

    #[test]
    fn figures_in_headings_and_code_are_not_claims() {
        let page =
            "---\ntitle: t\n---\n## A 50% heading of 5 mg\n\n```\n60%\n```\n\nInline `70%` code.\n";
        assert_eq!(testing::run(&RULE, CONFIG, &[("a.md", page)], ""), vec![]);
    }
}
