//! The built-in theme as a reader meets it, in a real headless Chromium
//! ([`super::browser_driver`]): the `kitchen-sink` fixture (every component the theme has)
//! is built, served from a small file server, and laid out on a 390 px phone and a
//! 1280 px screen, with enlarged text and in dark mode. Each test guards one defect a reader
//! met before the theme fixed it. Without ChromeDriver they are skipped, except on CI.
//!
//! `PANELPRESS_AXE` may name a copy of axe-core's `axe.min.js`; the accessibility audit
//! runs only then (it is not a dependency of the tests, and needs no network).

use super::browser_driver::Browser;
use super::fixture::{Site, BIN};
use super::static_files::Files;
use serde_json::{json, Value};
use std::path::Path;

const PAGE: &str = "/guides/kitchen-sink/";

/// The kitchen-sink site, built and served, and a browser (dropped first).
struct Reader {
    browser: Browser,
    files: Files,
    _site: Site,
}

/// How a page is looked at.
#[derive(Clone, Copy)]
struct View {
    width: u32,
    dark: bool,
    /// The root font size, as a reader's text-size setting makes it (`"200%"`).
    text: &'static str,
}

const PHONE_BIG_TEXT: View = View {
    width: 390,
    dark: false,
    text: "200%",
};

const PHONE: View = View {
    text: "100%",
    ..PHONE_BIG_TEXT
};

impl Reader {
    /// `None` when no browser can run here (and this is not CI).
    fn start() -> Option<Reader> {
        let browser = Browser::start()?;
        let site = Site::new("kitchen-sink");
        // The kitchen sink cites a retracted source on purpose (an error): written anyway.
        site.build(&["--allow-errors"]).expect_code(1);
        let files = Files::serve(site.out());
        Some(Reader {
            browser,
            files,
            _site: site,
        })
    }

    /// Opens `path` as `view` shows it.
    fn open(&self, path: &str, view: View) {
        self.browser.cdp(
            "Emulation.setDeviceMetricsOverride",
            json!({"width": view.width, "height": 844, "deviceScaleFactor": 1, "mobile": false}),
        );
        let scheme = if view.dark { "dark" } else { "light" };
        self.browser.cdp(
            "Emulation.setEmulatedMedia",
            json!({"features": [{"name": "prefers-color-scheme", "value": scheme}]}),
        );
        self.browser
            .goto(&format!("http://127.0.0.1:{}{path}", self.files.port));
        let script = format!(
            "document.documentElement.style.fontSize = {:?}; return document.readyState;",
            view.text
        );
        self.browser.try_eval(&script).expect("set the text size");
    }

    fn eval(&self, expression: &str) -> Value {
        self.browser.eval(expression)
    }
}

/// Guards the review box at 200% text on a 390 px phone: its columns were sized to their
/// content, so the dates were squeezed to a 0 px column and the page scrolled sideways.
#[test]
fn the_review_box_reflows_with_enlarged_text_on_a_phone() {
    let Some(reader) = Reader::start() else {
        return;
    };
    reader.open(PAGE, PHONE_BIG_TEXT);
    let widths = reader.eval(
        "[document.documentElement.scrollWidth, innerWidth,
          ...[...document.querySelectorAll('.meta dd')].map((d) => d.getBoundingClientRect().width)]",
    );
    let widths: Vec<f64> = widths
        .as_array()
        .expect("numbers")
        .iter()
        .filter_map(Value::as_f64)
        .collect();
    assert!(
        widths[0] <= widths[1],
        "the page scrolls sideways: {widths:?}"
    );
    assert!(widths.len() > 4, "{widths:?}");
    for &width in &widths[2..] {
        assert!(
            width > 100.0,
            "a value of the review box is squeezed: {widths:?}"
        );
    }
    let date_lines = reader.eval(
        "(() => { const t = document.querySelector('.meta time');
           const r = t.getClientRects(); return r.length; })()",
    );
    assert!(
        date_lines.as_u64().unwrap_or(9) <= 2,
        "the date breaks over {date_lines} lines"
    );
}

/// Guards wide tables on a phone: the region scrolls, shows a shadow at the edge with more
/// table beyond it, is named after its heading (uniquely), keeps its row headers in view,
/// and its first column is made of row headers.
#[test]
fn a_wide_table_shows_that_it_scrolls_and_keeps_its_row_headers() {
    let Some(reader) = Reader::start() else {
        return;
    };
    reader.open(PAGE, PHONE);
    let table = reader.eval(
        "(() => { const w = document.querySelector('.table-wrap'); const s = getComputedStyle(w);
           const names = [...document.querySelectorAll('.table-wrap')].map((x) => x.getAttribute('aria-label'));
           const th = w.querySelector('tbody tr > :first-child');
           w.scrollLeft = 120;
           const after = th.getBoundingClientRect().left - w.getBoundingClientRect().left;
           return { scrolls: w.scrollWidth > w.clientWidth, image: s.backgroundImage,
             attachment: s.backgroundAttachment, names, first: th.tagName + ' ' + th.getAttribute('scope'),
             stuck: after, scrollPage: document.documentElement.scrollWidth <= innerWidth }; })()",
    );
    assert_eq!(table["scrolls"], true, "{table}");
    assert_eq!(table["scrollPage"], true, "{table}");
    let image = table["image"].as_str().unwrap_or_default();
    assert!(
        image.matches("radial-gradient").count() == 2,
        "no scroll shadow: {table}"
    );
    assert!(
        table["attachment"]
            .as_str()
            .unwrap_or_default()
            .contains("local"),
        "{table}"
    );
    assert_eq!(
        table["names"],
        json!([
            "What the studies compared",
            "What the studies compared (table 2)"
        ])
    );
    assert_eq!(table["first"], "TH row", "{table}");
    assert!(
        table["stuck"].as_f64().unwrap_or(-1.0).abs() < 2.0,
        "row header scrolled away: {table}"
    );
}

/// Guards retractions: the inline mark says "retracted" in its text and its name, and the
/// list's "Retracted." label is not struck through and reads at 4.5:1 in both schemes.
#[test]
fn a_retracted_source_is_marked_inline_and_in_the_list() {
    let Some(reader) = Reader::start() else {
        return;
    };
    for dark in [false, true] {
        reader.open(
            PAGE,
            View {
                width: 1280,
                dark,
                text: "100%",
            },
        );
        let found = reader.eval(&format!(
            "(() => {{ {CONTRAST}
               const mark = document.querySelector('a[href=\"#ref-2\"]');
               const label = document.querySelector('#ref-2 .retracted');
               let struck = false;
               for (let e = label; e; e = e.parentElement) {{
                 if (getComputedStyle(e).textDecorationLine.includes('line-through')) struck = true;
               }}
               return {{ text: mark.textContent, name: mark.getAttribute('aria-label'), struck,
                 ratio: contrast(label), markRatio: contrast(mark) }}; }})()"
        ));
        assert_eq!(found["text"], "[2, retracted]", "{found}");
        assert_eq!(found["name"], "Reference 2, retracted", "{found}");
        assert_eq!(found["struck"], false, "{found}");
        for key in ["ratio", "markRatio"] {
            let ratio = found[key].as_f64().unwrap_or(0.0);
            assert!(ratio >= 4.5, "{key} {ratio:.2} (dark: {dark}): {found}");
        }
    }
}

/// The contrast of an element's text colour on the first opaque background behind it.
const CONTRAST: &str = "
  const rgb = (c) => (c.match(/[\\d.]+/g) || []).map(Number);
  const lum = ([r, g, b]) => [r, g, b].map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; })
    .reduce((s, v, i) => s + v * [0.2126, 0.7152, 0.0722][i], 0);
  const contrast = (el) => {
    let bg = null;
    for (let e = el; e && !bg; e = e.parentElement) {
      const c = rgb(getComputedStyle(e).backgroundColor);
      if (c.length === 3 || (c.length === 4 && c[3] === 1)) bg = c;
    }
    const [a, b] = [lum(rgb(getComputedStyle(el).color)), lum(bg || [255, 255, 255])];
    return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
  };";

/// Guards the structured data: the page's JSON-LD parses as a `MedicalWebPage` with its
/// review date, reviewer, sources and breadcrumb, a source's `</script>` did not end the
/// script early, and the page has Open Graph and Twitter card tags.
#[test]
fn the_page_has_medical_web_page_json_ld_and_a_link_card() {
    let Some(reader) = Reader::start() else {
        return;
    };
    reader.open(
        PAGE,
        View {
            width: 1280,
            dark: false,
            text: "100%",
        },
    );
    let data = reader.eval(
        "(() => { const s = [...document.querySelectorAll('script[type=\"application/ld+json\"]')];
           const d = JSON.parse(s[0].text);
           return { scripts: document.scripts.length, type: d['@type'], reviewed: d.lastReviewed,
             by: d.reviewedBy.name, citations: d.citation.map((c) => c.name),
             crumbs: d.breadcrumb.itemListElement.length,
             og: document.querySelector('meta[property=\"og:title\"]').content,
             card: document.querySelector('meta[name=\"twitter:card\"]').content }; })()",
    );
    // The structured data and the search box's script.
    assert_eq!(data["scripts"], 2, "{data}");
    assert_eq!(data["type"], "MedicalWebPage", "{data}");
    assert_eq!(data["reviewed"], "2026-03-02", "{data}");
    assert_eq!(data["by"], "Dr. Ada Example, consultant nephrologist");
    assert_eq!(
        data["citations"].as_array().map(Vec::len),
        Some(3),
        "{data}"
    );
    let second = data["citations"][1].as_str().unwrap_or_default();
    assert!(
        second.ends_with("</script><script>alert(1)</script>"),
        "{data}"
    );
    assert_eq!(data["crumbs"], 3, "{data}");
    assert_eq!(
        data["og"],
        "Metformin, kidneys and everything the theme shows"
    );
    assert_eq!(data["card"], "summary");
}

/// Guards citation and footnote marks on a phone: each is a target of at least 24 × 24
/// CSS px, and the mark after a PubMed link does not touch it.
#[test]
fn citation_marks_are_targets_of_24_px_apart_from_links() {
    let Some(reader) = Reader::start() else {
        return;
    };
    reader.open(PAGE, PHONE);
    let sizes = reader.eval(
        "[...document.querySelectorAll('.cite-ref a, .footnote-ref a')].map((a) => {
           const r = a.getBoundingClientRect(); return [a.textContent, r.width, r.height]; })",
    );
    let sizes = sizes.as_array().expect("marks");
    assert!(sizes.len() >= 5, "{sizes:?}");
    for size in sizes {
        let (w, h) = (
            size[1].as_f64().unwrap_or(0.0),
            size[2].as_f64().unwrap_or(0.0),
        );
        assert!(w >= 24.0 && h >= 24.0, "{size}");
    }
    let gap = reader.eval(
        "(() => { const link = document.querySelector('.content a[href*=\"pubmed\"]');
           const mark = link.nextElementSibling.querySelector('a');
           return mark.getBoundingClientRect().left - link.getBoundingClientRect().right; })()",
    );
    assert!(gap.as_f64().unwrap_or(0.0) >= 2.0, "gap {gap}");
}

/// Screenshots of the kitchen sink for a person to look at: a phone with 200% text and a
/// wide screen in dark mode, in `target/browser-shots/`.
#[test]
fn kitchen_sink_screenshots() {
    let Some(reader) = Reader::start() else {
        return;
    };
    let target = Path::new(BIN).ancestors().nth(2).expect("target folder");
    let shots = target.join("browser-shots");
    reader.open(PAGE, PHONE_BIG_TEXT);
    reader
        .browser
        .screenshot(&shots.join("kitchen-sink-390-200.png"));
    reader
        .browser
        .try_eval("document.querySelector('.meta').scrollIntoView()")
        .ok();
    reader
        .browser
        .screenshot(&shots.join("kitchen-sink-390-200-meta.png"));
    reader
        .browser
        .try_eval("document.querySelector('#what-the-studies-compared').scrollIntoView()")
        .ok();
    reader
        .browser
        .screenshot(&shots.join("kitchen-sink-390-200-table.png"));
    reader.open(
        PAGE,
        View {
            width: 1280,
            dark: true,
            text: "100%",
        },
    );
    reader
        .browser
        .screenshot(&shots.join("kitchen-sink-1280-dark.png"));
    for (anchor, name) in [
        ("#callouts", "callouts"),
        ("#code", "code"),
        ("#references", "refs"),
    ] {
        let script = format!("document.querySelector('{anchor}').scrollIntoView()");
        reader.browser.try_eval(&script).ok();
        reader
            .browser
            .screenshot(&shots.join(format!("kitchen-sink-1280-dark-{name}.png")));
    }
}

/// axe-core on every page type, in both schemes, at both widths: the violation counts are
/// printed, and there must be none. Runs only when `PANELPRESS_AXE` names `axe.min.js`.
#[test]
fn axe_finds_no_violations_on_any_page_type() {
    let Some(axe) = std::env::var_os("PANELPRESS_AXE") else {
        return;
    };
    let axe = std::fs::read_to_string(axe).expect("read axe.min.js");
    let Some(reader) = Reader::start() else {
        return;
    };
    let pages = [
        PAGE,
        "/",
        "/guides/",
        "/tags/kidneys/",
        "/tags/",
        "/404.html",
        "/old/kitchen-sink/?stay",
    ];
    let mut report = Vec::new();
    for path in pages {
        for (width, dark) in [(390, false), (390, true), (1280, false), (1280, true)] {
            reader.open(
                path,
                View {
                    width,
                    dark,
                    text: "100%",
                },
            );
            reader.browser.try_eval(&axe).expect("inject axe");
            let found = reader
                .browser
                .try_eval(
                    "return axe.run(document, { resultTypes: ['violations'] })
                       .then((r) => r.violations.map((v) => v.id + ' (' + v.nodes.length + '): '
                         + v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')));",
                )
                .expect("run axe");
            let found: Vec<String> = found
                .as_array()
                .map(|a| {
                    a.iter()
                        .filter_map(|v| v.as_str().map(String::from))
                        .collect()
                })
                .unwrap_or_default();
            let scheme = if dark { "dark" } else { "light" };
            eprintln!(
                "axe {path} {width}px {scheme}: {} violations {found:?}",
                found.len()
            );
            if !found.is_empty() {
                report.push(format!("{path} {width}px {scheme}: {found:?}"));
            }
        }
    }
    assert!(report.is_empty(), "{}", report.join("\n"));
}
