//! Figures as health writers write them, through `check --format json`, on a realistic
//! `no_dose_figures: true` explainer (`tests/fixtures/check-figures`): every dose form is
//! `policy/dose-figure` at its line, lab values and other figures are only
//! `claim/uncited`, and numbers that are not figures are not reported at all.

use crate::findings::check;
use crate::fixture::Site;

const PAGE: &str = "content/compounded-semaglutide.md";

/// The 1-based line of the page's only line holding `text`.
#[track_caller]
fn line_of(source: &str, text: &str) -> u64 {
    let lines: Vec<usize> = source
        .lines()
        .enumerate()
        .filter(|(_, line)| line.contains(text))
        .map(|(i, _)| i + 1)
        .collect();
    assert_eq!(lines.len(), 1, "`{text}` should be on exactly one line");
    lines[0] as u64
}

/// Guards the dose forms (spelled out, any case, attached or hyphenated, `cc`, ranges, per
/// body weight and per time, in a heading, in a dose column), lab values that are not
/// doses, multipliers and natural frequencies, and the numbers that are no figures: years,
/// `IGF-1`, `type 2 diabetes`, `Phase 3`, list numbering. Each message quotes the figure
/// whole with its unit.
#[test]
fn figures_as_writers_write_them() {
    let site = Site::new("check-figures");
    let source = std::fs::read_to_string(site.root.join(PAGE)).expect("read the page");
    let checked = check(&site, &["--today", "2026-12-06"]);
    let lines_with = |code: &str| -> Vec<u64> {
        let mut lines: Vec<u64> = checked
            .findings
            .iter()
            .filter(|f| f.code == code && f.file == PAGE)
            .map(|f| f.line)
            .collect();
        lines.dedup();
        lines
    };
    let doses: Vec<u64> = [
        "250 micrograms a day",
        "0.25-mg",
        "250-mcg",
        "250 MCG daily",
        "0.5 cc",
        "2 milligrams per kilogram",
        "5 milligrams",
        "0.04 to 0.08 mg per kilogram",
        "0.04-0.08 mg/kg",
        "250mcg",
        "2.4 mg per week",
        "1.7 Mg/week",
        "10 units",
        "## Is \"500 mcg a day\" safe?",
        "| Pen A | 0.25 |",
        "| Shop one | 250 | 199 |",
    ]
    .iter()
    .map(|text| line_of(&source, text))
    .collect();
    assert_eq!(lines_with("policy/dose-figure"), doses);
    let figures_only: Vec<u64> = [
        "126 mg/dL",
        "30 mL/min",
        "100 mg/dL",
        "2x",
        "2×",
        "3 times",
        "1 in 3",
    ]
    .iter()
    .map(|text| line_of(&source, text))
    .collect();
    let uncited = lines_with("claim/uncited");
    for line in &figures_only {
        assert!(
            uncited.contains(line),
            "line {line} holds an uncited figure"
        );
        assert!(!doses.contains(line), "line {line} holds no dose");
    }
    for text in [
        "label says about 0.25 mg",
        "50 ng/L",
        "14.9 per cent",
        "in 2019",
        "IGF-1",
        "type 2 diabetes",
        "Phase 3",
        "GLP-1",
        "1. Talk",
        "2. Ask",
    ] {
        let line = line_of(&source, text);
        let at: Vec<_> = checked.findings.iter().filter(|f| f.line == line).collect();
        assert!(at.is_empty(), "`{text}` is not reported: {at:#?}");
    }
    let lines: Vec<String> = checked
        .findings
        .iter()
        .map(|f| {
            format!(
                "{}:{}:{} {} {}: {}",
                f.file, f.line, f.column, f.severity, f.code, f.message
            )
        })
        .collect();
    insta::assert_snapshot!(lines.join("\n"));
}
