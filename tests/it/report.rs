//! `panelpress report` on `tests/fixtures/report`, a site with planted overdue reviews, a
//! retracted source cited on two pages, uncited figures, an unused and an unverified entry:
//! the JSON aggregates (snapshot), the HTML page (self-contained, one document, escaped,
//! its counts those of `check`), where it may be written, and the page in real Chromium.

use super::browser::shot;
use super::browser_driver::Browser;
use super::findings::check;
use super::fixture::{run, Run, Site};
use serde_json::Value;
use std::collections::BTreeMap;
use std::ffi::OsStr;

const TODAY: &str = "2026-12-06";

/// `panelpress report --root ROOT --today TODAY` with `args` after it.
fn report(site: &Site, args: &[&str]) -> Run {
    let mut all: Vec<&OsStr> = vec!["report".as_ref(), "--root".as_ref(), site.root.as_ref()];
    all.extend(["--today", TODAY].iter().map(OsStr::new));
    all.extend(args.iter().map(OsStr::new));
    run(&all)
}

fn aggregates(site: &Site) -> Value {
    let run = report(site, &["--format", "json"]);
    run.expect_code(0);
    serde_json::from_str(&run.stdout).expect("one JSON document")
}

#[test]
fn aggregates_of_the_planted_site() {
    let site = Site::new("report");
    let json = serde_json::to_string_pretty(&aggregates(&site)).unwrap();
    insta::assert_snapshot!(json);
}

/// The report's counts are the findings of `check` on the same site, code by code.
#[test]
fn counts_agree_with_check() {
    let site = Site::new("report");
    let report = aggregates(&site);
    let checked = check(&site, &["--today", TODAY]);
    let mut by_code: BTreeMap<String, u64> = BTreeMap::new();
    for finding in &checked.findings {
        *by_code.entry(finding.code.clone()).or_default() += 1;
    }
    let counted: BTreeMap<String, u64> = report["findings"]["by_code"]
        .as_array()
        .expect("by_code")
        .iter()
        .map(|c| {
            let total = c["errors"].as_u64().unwrap() + c["warnings"].as_u64().unwrap();
            (c["code"].as_str().unwrap().to_string(), total)
        })
        .collect();
    assert_eq!(counted, by_code);
    assert_eq!(report["pages"].as_u64(), Some(checked.pages));
    let overdue = report["reviews"]["overdue"].as_array().unwrap().len() as u64;
    assert_eq!(Some(&overdue), by_code.get("review/overdue"));
    let uncited: u64 = report["claims"]["uncited"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["count"].as_u64().unwrap())
        .sum();
    assert_eq!(Some(&uncited), by_code.get("claim/uncited"));
    let cited_retracted: usize = report["sources"]["retracted"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["cited_at"].as_array().unwrap().len())
        .sum();
    assert_eq!(
        Some(&(cited_retracted as u64)),
        by_code.get("cite/retracted")
    );
}

/// The HTML page: written to the default place, one document, nothing loaded from
/// anywhere, no script, every title escaped, and the summary of `check`.
#[test]
fn the_page_is_one_self_contained_document() {
    let site = Site::new("report");
    report(&site, &[]).expect_code(0);
    let html = std::fs::read_to_string(site.root.join("panelpress-report.html")).unwrap();
    assert!(html.starts_with("<!doctype html>\n<html lang=\"en\">"));
    assert_eq!(html.matches("<html").count(), 1);
    assert_eq!(html.matches("</html>").count(), 1);
    assert_eq!(html.matches("<body").count(), 1);
    assert!(html.trim_end().ends_with("</html>"));
    for attribute in ["src=", "srcset=", "<script", "<link", "@import", "url("] {
        assert!(!html.contains(attribute), "the page has {attribute}");
    }
    for href in html.split("href=\"").skip(1) {
        assert!(
            href.starts_with("file:///"),
            "a link that is not to a file: {href:.60}"
        );
    }
    assert!(!html.contains("http://") && !html.contains("https://"));
    assert!(html.contains("Overdue &lt;b&gt;review&lt;/b&gt;"));
    assert!(!html.contains("<b>review"));
    let checked = check(&site, &["--today", TODAY]);
    let errors = checked.with_code("cite/retracted").len();
    let warnings = checked.findings.len() - errors;
    assert!(html.contains(&format!(
        "Checked {} pages on {TODAY}: <strong>{errors} errors</strong>, {warnings} warnings.",
        checked.pages
    )));
    // Six charts, each with its text alternative.
    assert_eq!(html.matches("<svg ").count(), 6);
    assert_eq!(html.matches("role=\"img\" aria-labelledby").count(), 6);
    assert_eq!(html.matches("<title id=").count(), 6);
}

#[test]
fn the_report_is_never_written_where_the_site_is_published() {
    let site = Site::new("report");
    std::fs::create_dir_all(site.out()).unwrap();
    let inside = site.out().join("report.html");
    report(&site, &["--out", inside.to_str().unwrap()])
        .expect_code(2)
        .expect_stderr("would be published with the site");
    assert!(!inside.exists());
    report(&site, &["--out", site.root.to_str().unwrap()])
        .expect_code(2)
        .expect_stderr("is a folder");
    let beside = site.tmp().join("report.json");
    report(
        &site,
        &["--format", "json", "--out", beside.to_str().unwrap()],
    )
    .expect_code(0);
    let written: Value = serde_json::from_str(&std::fs::read_to_string(beside).unwrap()).unwrap();
    assert_eq!(written, aggregates(&site));
}

#[test]
fn a_folder_without_a_site_cannot_be_reported() {
    let empty = tempfile::tempdir().unwrap();
    let out = empty.path().join("r.html");
    let args: Vec<&OsStr> = vec![
        "report".as_ref(),
        "--root".as_ref(),
        empty.path().as_ref(),
        "--out".as_ref(),
        out.as_ref(),
    ];
    run(&args).expect_code(2).expect_stderr("no `site.yaml`");
    assert!(!out.exists());
}

/// The page opened from `file://` in Chromium at a desktop and a phone width: every
/// chart is drawn (an SVG with a size) and no bar runs past the page's width.
#[test]
fn the_charts_render_in_chromium_at_desktop_and_phone_widths() {
    let Some(browser) = Browser::start() else {
        return;
    };
    let site = Site::new("report");
    report(&site, &[]).expect_code(0);
    let page = site.root.join("panelpress-report.html");
    for width in [1280, 390] {
        browser.resize(width, 900);
        browser.goto(&format!("file://{}", page.display()));
        let sizes = browser.eval(
            "[...document.querySelectorAll('svg.chart')].map((s) => { \
               const r = s.getBoundingClientRect(); return [r.width, r.height]; })",
        );
        let sizes = sizes.as_array().expect("the charts' sizes");
        assert_eq!(sizes.len(), 6, "{sizes:?}");
        for size in sizes {
            assert!(size[0].as_f64().unwrap() > 100.0, "{width}px: {size}");
            assert!(size[1].as_f64().unwrap() > 20.0, "{width}px: {size}");
        }
        let bars = browser.eval("document.querySelectorAll('svg.chart rect').length");
        assert!(bars.as_u64().unwrap() > 20, "{bars}");
        let overflow = browser.eval("document.documentElement.scrollWidth > innerWidth");
        assert_eq!(
            overflow,
            Value::Bool(false),
            "{width}px: the page scrolls sideways"
        );
        for part in ["reviews", "findings-by-code", "sources", "claims"] {
            browser.eval(&format!(
                "document.getElementById('{part}').scrollIntoView() || true"
            ));
            browser.screenshot(&shot(&format!("report-{width}-{part}.png")));
        }
    }
    // In a dark scheme the page and its bars take the dark colours.
    browser.prefer_dark();
    browser.eval("document.getElementById('reviews').scrollIntoView() || true");
    let background = browser.eval("getComputedStyle(document.body).backgroundColor");
    assert_eq!(background, Value::from("rgb(22, 23, 27)"));
    let bar = browser.eval("getComputedStyle(document.querySelector('svg .bar:not(.alert)')).fill");
    assert_eq!(bar, Value::from("rgb(127, 168, 232)"));
    browser.screenshot(&shot("report-390-dark.png"));
}
