//! The claim rules through `check --format json`: `claim/uncited` (one finding
//! per claim unit, at its first figure), `policy/dose-figure`, the opt-out comment and
//! `check/invalid-allow`, and the original seed article converted naively.

use crate::findings::check;
use crate::fixture::Site;

/// Guards `claim/uncited` over every kind of claim unit: a paragraph, a list item, a
/// blockquote paragraph, a callout, a whole table and a paragraph whose footnote cites
/// nothing each give one warning at their first figure, and nothing else is reported.
#[test]
fn claim_uncited_one_finding_per_unit_at_its_first_figure() {
    let site = Site::new("check-uncited");
    let page = "content/uncited.md";
    let checked = check(&site, &[]);
    checked
        .expect(&[
            ("claim/uncited", page, 5, 31, "warning"),
            ("claim/uncited", page, 7, 22, "warning"),
            ("claim/uncited", page, 10, 27, "warning"),
            ("claim/uncited", page, 13, 11, "warning"),
            ("claim/uncited", page, 17, 22, "warning"),
            ("claim/uncited", page, 20, 43, "warning"),
        ])
        .expect_clean("content/cited.md");
    let first: Vec<&str> = checked
        .findings
        .iter()
        .map(|f| f.message.as_str())
        .collect();
    assert!(first[0].contains("`49%`"), "{first:?}");
    assert!(first[1].contains("`2-fold`"), "{first:?}");
    assert!(
        first[4].contains("`14.37%`"),
        "the table's first figure: {first:?}"
    );
    assert_eq!(checked.run.code, 0, "warnings alone pass");
}

/// Guards what counts as cited: a citation in the unit, a key, a PMCID, or a footnote whose
/// text cites; figures in headings, inline code and fenced code are no claims at all.
#[test]
fn cited_units_headings_and_code_are_not_reported() {
    let site = Site::new("check-uncited");
    site.write(
        "content/uncited.md",
        "---\ntitle: Gone\ndescription: Emptied so only the cited page is checked.\n---\nA 3-fold rise (PMID 8708565).\n",
    );
    check(&site, &[]).expect(&[]);
}

/// Guards the footnote rule both ways: the same sentence is cited when its footnote holds
/// a citation and uncited when its footnote does not.
#[test]
fn a_footnote_cites_only_when_its_text_holds_a_citation() {
    let site = Site::new("check-uncited");
    let page = |note: &str| {
        format!("---\ntitle: F\ndescription: D\n---\nAbout 12% of vials.[^n]\n\n[^n]: {note}\n\nCited elsewhere: PMID 8708565, PMID 15110491, PMC11582493.\n")
    };
    site.write("content/uncited.md", page("Counted by hand."));
    site.write(
        "content/cited.md",
        "---\ntitle: C\ndescription: D\n---\nNothing.\n",
    );
    check(&site, &[]).expect(&[("claim/uncited", "content/uncited.md", 5, 7, "warning")]);
    site.write("content/uncited.md", page("Source: PMID 8708565."));
    check(&site, &[]).expect(&[]);
}

/// Guards `policy/dose-figure` on a `no_dose_figures: true` page: a cited study does not
/// excuse a dose, a `type: label` citation does; one error per unit at its first dose,
/// listing every dose; a table is one unit; percentages are not doses.
#[test]
fn policy_dose_figure_on_no_dose_pages_only() {
    let site = Site::new("check-dose");
    let page = "content/no-doses.md";
    let checked = check(&site, &[]);
    checked
        .expect(&[
            ("policy/dose-figure", page, 6, 20, "error"),
            ("claim/uncited", page, 14, 12, "warning"),
            ("policy/dose-figure", page, 14, 12, "error"),
            ("policy/dose-figure", page, 18, 14, "error"),
        ])
        .expect_clean("content/doses-allowed.md")
        .expect_clean("content/opted-out.md");
    let forums = &checked.findings[0].message;
    assert!(
        forums.contains("`50 mcg/day`") && forums.contains("`100 mcg per dose`"),
        "{forums}"
    );
    let table = &checked.findings[2].message;
    assert!(
        table.contains("`2 mg`") && table.contains("`1–2 mg/day`"),
        "{table}"
    );
    assert!(checked.findings[3].message.contains("`5 mg`"));
}

/// Guards the site-wide `no_dose_figures: true` default: it reaches a page without the
/// key, while a page that sets `no_dose_figures: false` stays exempt.
#[test]
fn site_wide_no_dose_figures_and_the_page_override() {
    let site = Site::new("check-dose");
    site.write(
        "site.yaml",
        "title: Dose figures\nbase_url: https://example.org/\nno_dose_figures: true\n",
    );
    let checked = check(&site, &[]);
    let allowed = checked.one("policy/dose-figure", "content/doses-allowed.md", 5);
    assert_eq!(allowed.column, 19);
    assert!(
        allowed.message.contains("`1.5 mg/kg a day`"),
        "{}",
        allowed.message
    );
    checked.expect_clean("content/opted-out.md");
}

/// Guards the opt-out comment: with a reason, on the line right before a paragraph or a
/// list, it silences exactly that unit; the next unit, and a unit after a blank line,
/// are still reported.
#[test]
fn an_allow_comment_silences_exactly_the_next_unit() {
    let site = Site::new("check-allow");
    let page = "content/allowed.md";
    check(&site, &[]).expect(&[
        ("claim/uncited", page, 8, 36, "warning"),
        ("claim/uncited", page, 12, 9, "warning"),
        ("claim/uncited", page, 16, 18, "warning"),
        ("check/invalid-allow", "content/invalid.md", 5, 1, "error"),
        ("claim/uncited", "content/invalid.md", 6, 13, "warning"),
        ("check/invalid-allow", "content/invalid.md", 8, 1, "error"),
        ("claim/uncited", "content/invalid.md", 9, 17, "warning"),
    ]);
}

/// Guards `check/invalid-allow`: a comment without a reason and one naming an unknown
/// code are errors that say which, and neither silences its unit.
#[test]
fn invalid_allow_comments_are_errors_and_silence_nothing() {
    let site = Site::new("check-allow");
    let checked = check(&site, &[]);
    let no_reason = checked.one("check/invalid-allow", "content/invalid.md", 5);
    assert!(no_reason.message.contains("no reason"), "{no_reason:?}");
    let unknown = checked.one("check/invalid-allow", "content/invalid.md", 8);
    assert!(unknown.message.contains("claim/uncitd"), "{unknown:?}");
    assert!(unknown.help.is_some());
    checked.one("claim/uncited", "content/invalid.md", 6);
    checked.one("claim/uncited", "content/invalid.md", 9);
    assert_eq!(checked.run.code, 1);
}

/// Guards the original seed article, converted naively (no citations added): exactly the
/// uncited "29% to 39%" paragraph, the Increlex dose paragraph and the comparison table
/// (uncited, and dose figures on a `no_dose_figures` page), and the two entries it never
/// cites. The cited figures (1.5- to 2-fold, 49%/65%, 7.7%/14.37%/99%) are not reported.
#[test]
fn the_seed_article_reports_its_uncited_figures_and_doses() {
    let site = Site::new("check-seed");
    let page = "content/igf-1-lr3.md";
    let checked = check(&site, &[]);
    checked.expect(&[
        ("claim/uncited", page, 31, 119, "warning"),
        ("policy/dose-figure", page, 31, 119, "error"),
        ("claim/uncited", page, 37, 42, "warning"),
        ("policy/dose-figure", page, 37, 42, "error"),
        ("claim/uncited", page, 62, 141, "warning"),
        ("cite/unused", "references.yaml", 19, 1, "warning"),
        ("cite/unused", "references.yaml", 25, 1, "warning"),
    ]);
    let dose = &checked.findings[1].message;
    assert!(
        dose.contains("`0.04 to 0.08 mg per kilogram`") && dose.contains("`0.12 mg/kg`"),
        "{dose}"
    );
    let table = &checked.findings[3].message;
    assert!(
        table.contains("`0.04–0.08 mg/kg`") && table.contains("`0.12 mg/kg`"),
        "{table}"
    );
    assert!(checked.findings[4].message.contains("`29%`"));
    assert!(checked.findings[5].message.contains("increlex-label"));
    assert!(checked.findings[6].message.contains("wada-prohibited-list"));
    for cited_line in [13, 52, 60] {
        let at_line: Vec<_> = checked
            .findings
            .iter()
            .filter(|f| f.line == cited_line)
            .collect();
        assert!(
            at_line.is_empty(),
            "line {cited_line} is cited: {at_line:#?}"
        );
    }
}
