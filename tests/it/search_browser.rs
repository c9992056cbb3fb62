//! Search as a reader uses it, in a real headless Chromium ([`super::browser_driver`]):
//! typing in the header's box or on the search page of a built site served from a small
//! file server. Without ChromeDriver the tests are skipped, except on CI. Screenshots go
//! to `target/browser-shots/search-*.png` for a person to look at.

use super::browser::Server;
use super::browser_driver::Browser;
use super::fixture::{Site, BIN};
use super::static_files::Files;
use serde_json::{json, Value};
use std::path::{Path, PathBuf};

/// A site served, and a browser (dropped first).
struct Searcher {
    browser: Browser,
    port: u16,
    /// What must live as long as the test: the site, the server.
    _keep: Vec<Box<dyn std::any::Any>>,
}

impl Searcher {
    /// The `search` fixture, built with `--drafts` (drafts are still never indexed).
    fn fixture() -> Option<Searcher> {
        let browser = Browser::start()?;
        let site = Site::new("search");
        site.build(&["--drafts"]).expect_code(0);
        let files = Files::serve(site.out());
        Some(Searcher {
            browser,
            port: files.port,
            _keep: vec![Box::new(files), Box::new(site)],
        })
    }

    /// The `search` fixture in `panelpress serve`, which makes its index in the background.
    fn preview() -> Option<(Searcher, std::path::PathBuf)> {
        let browser = Browser::start()?;
        let site = Site::new("search");
        let server = Server::start(&site.root, 0);
        let root = site.root.clone();
        let searcher = Searcher {
            browser,
            port: server.port,
            _keep: vec![Box::new(server), Box::new(site)],
        };
        Some((searcher, root))
    }

    /// The repository's own site.
    fn own_site() -> Option<Searcher> {
        let browser = Browser::start()?;
        let tmp = tempfile::tempdir().expect("a temporary folder");
        let out = tmp.path().join("out");
        let root = env!("CARGO_MANIFEST_DIR");
        let args = [
            "build",
            "--root",
            root,
            "--out",
            out.to_str().expect("utf-8"),
        ];
        let args: Vec<&std::ffi::OsStr> = args.iter().map(|a| a.as_ref()).collect();
        super::fixture::run(&args).expect_code(0);
        let files = Files::serve(out);
        Some(Searcher {
            browser,
            port: files.port,
            _keep: vec![Box::new(files), Box::new(tmp)],
        })
    }

    fn open(&self, path: &str, width: u32, dark: bool) {
        self.browser.cdp(
            "Emulation.setDeviceMetricsOverride",
            json!({"width": width, "height": 844, "deviceScaleFactor": 1, "mobile": false}),
        );
        let scheme = if dark { "dark" } else { "light" };
        self.browser.cdp(
            "Emulation.setEmulatedMedia",
            json!({"features": [{"name": "prefers-color-scheme", "value": scheme}]}),
        );
        self.browser
            .goto(&format!("http://127.0.0.1:{}{path}", self.port));
    }

    /// Focuses `selector` and types `text` into it as a keyboard would.
    fn type_into(&self, selector: &str, text: &str) {
        self.browser.click(selector);
        self.browser
            .cdp("Input.insertText", json!({ "text": text }));
    }

    /// Presses and releases `key` (Enter also types its character, which submits a form).
    fn key(&self, key: &str, code: u32) {
        let text = if key == "Enter" { "\r" } else { "" };
        self.browser.cdp(
            "Input.dispatchKeyEvent",
            json!({"type": "keyDown", "key": key, "code": key, "windowsVirtualKeyCode": code, "text": text}),
        );
        self.browser.cdp(
            "Input.dispatchKeyEvent",
            json!({"type": "keyUp", "key": key, "code": key, "windowsVirtualKeyCode": code}),
        );
    }

    /// The results shown under `scope`: title, excerpt HTML and the line under them.
    fn results(&self, scope: &str) -> Vec<(String, String, String)> {
        let script = format!(
            "Array.from(document.querySelectorAll('{scope} .search-result')).map((r) => [
               r.querySelector('.search-result-title').textContent,
               (r.querySelector('.search-excerpt') || {{innerHTML: ''}}).innerHTML,
               r.querySelector('.search-result-meta').textContent])"
        );
        let found = self.browser.eval(&script);
        found
            .as_array()
            .map(|rows| {
                rows.iter()
                    .map(|row| {
                        let cell = |i: usize| row[i].as_str().unwrap_or_default().to_string();
                        (cell(0), cell(1), cell(2))
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Waits until `scope`'s status says the search for `query` finished.
    fn wait_for_answer(&self, scope: &str, query: &str) -> String {
        let status = format!("{scope} [data-search-status]");
        let expression = format!(
            "(document.querySelector('{status}') || {{}}).textContent && \
             document.querySelector('{status}').textContent.includes({query:?}) && \
             document.querySelector('{status}').textContent"
        );
        let (text, _) = self
            .browser
            .wait_for(&format!("results for {query}"), &expression);
        text.as_str().unwrap_or_default().to_string()
    }

    fn shot(&self, name: &str) {
        self.browser.screenshot(&shots().join(name));
    }
}

fn shots() -> PathBuf {
    Path::new(BIN)
        .ancestors()
        .nth(2)
        .expect("target folder")
        .join("browser-shots")
}

/// Guards what the issue promised a reader: on the project's own site, typing "IGF-1 dose"
/// in the header's box shows the IGF-1 LR3 explainer first, with its review date and the
/// matched words marked; Enter leads to the search page with the same first result.
#[test]
fn typing_igf_1_dose_on_the_projects_site_shows_the_explainer_first() {
    let Some(searcher) = Searcher::own_site() else {
        return;
    };
    searcher.open("/", 1280, false);
    searcher.type_into("#site-search-q", "IGF-1 dose");
    searcher.wait_for_answer(".site-header", "IGF-1 dose");
    let results = searcher.results(".site-header");
    let (title, excerpt, about) = results.first().expect("a result");
    assert!(title.contains("IGF-1 LR3"), "{results:?}");
    assert!(excerpt.contains("<mark>"), "{excerpt}");
    assert!(about.starts_with("Last reviewed "), "{about}");
    searcher.shot("search-header-1280.png");
    searcher.key("Enter", 13);
    searcher.browser.wait_for(
        "the search page",
        "location.pathname === '/search/' && document.querySelector('#search-page-q').value",
    );
    searcher.wait_for_answer(".search-page", "IGF-1 dose");
    let results = searcher.results(".search-page");
    assert!(results[0].0.contains("IGF-1 LR3"), "{results:?}");
    searcher.shot("search-page-1280.png");
}

/// Guards the pages search leaves out, as a reader searches: a word only a draft uses
/// (built with `--drafts`), only an opted-out page uses, or only an excluded page uses,
/// finds nothing; a word of a covered page is found.
#[test]
fn drafts_opted_out_and_excluded_pages_are_never_found() {
    let Some(searcher) = Searcher::fixture() else {
        return;
    };
    for word in ["quillwort", "bramblewick", "snickerdoodle"] {
        searcher.open(&format!("/search/?q={word}"), 1280, false);
        let status = searcher.wait_for_answer(".search-page", word);
        assert!(status.starts_with("No pages found"), "{word}: {status}");
    }
    searcher.open("/search/?q=kidneys", 1280, false);
    searcher.wait_for_answer(".search-page", "kidneys");
    let results = searcher.results(".search-page");
    assert_eq!(results[0].0, "Metformin and kidney function", "{results:?}");
    assert_eq!(results[0].2, "Last reviewed 2 October 2026 · Guides");
}

/// Guards the excerpt: a page's text that looks like markup is shown as text and never
/// runs.
#[test]
fn markup_in_a_pages_text_is_shown_as_text() {
    let Some(searcher) = Searcher::fixture() else {
        return;
    };
    searcher.open("/search/?q=onerror", 1280, false);
    searcher.wait_for_answer(".search-page", "onerror");
    let results = searcher.results(".search-page");
    assert!(results[0].1.contains("&lt;img src=x"), "{results:?}");
    assert_eq!(
        searcher.browser.eval("typeof window.hacked"),
        json!("undefined")
    );
    assert_eq!(
        searcher
            .browser
            .eval("document.querySelectorAll('.search-results img').length"),
        json!(0)
    );
}

/// Guards the keyboard: from the box, Down reaches the first result and Up comes back;
/// Escape closes the header's results and leaves the focus in the box.
#[test]
fn results_are_reached_and_left_from_the_keyboard() {
    let Some(searcher) = Searcher::fixture() else {
        return;
    };
    searcher.open("/guides/sleep/", 390, false);
    searcher.type_into("#site-search-q", "metformin");
    searcher.wait_for_answer(".site-header", "metformin");
    searcher.shot("search-header-390.png");
    searcher.key("ArrowDown", 40);
    let focused = searcher.browser.eval("document.activeElement.className");
    assert_eq!(focused, json!("search-result-title"));
    searcher.key("ArrowUp", 38);
    assert_eq!(
        searcher.browser.eval("document.activeElement.id"),
        json!("site-search-q")
    );
    searcher.key("Escape", 27);
    assert_eq!(
        searcher
            .browser
            .eval("document.querySelector('[data-search-popup]').hidden"),
        json!(true)
    );
    assert_eq!(
        searcher.browser.eval("document.activeElement.id"),
        json!("site-search-q")
    );
}

/// Guards the search page's keyboard: the box has the focus when the page opens with a
/// query; Down and Up move through the results and back to the box.
#[test]
fn the_search_page_is_used_from_the_keyboard() {
    let Some(searcher) = Searcher::fixture() else {
        return;
    };
    searcher.open("/search/?q=metformin", 1280, false);
    searcher.wait_for_answer(".search-page", "metformin");
    let focused = || {
        searcher
            .browser
            .eval("document.activeElement.id || document.activeElement.textContent")
    };
    assert_eq!(focused(), json!("search-page-q"));
    searcher.key("ArrowDown", 40);
    assert_eq!(focused(), json!("Metformin and kidney function"));
    searcher.key("ArrowDown", 40);
    assert_eq!(focused(), json!("Sleep and blood sugar"));
    searcher.key("ArrowUp", 38);
    searcher.key("ArrowUp", 38);
    assert_eq!(focused(), json!("search-page-q"));
}

/// Guards a site published under a sub-path: the result links lead to the pages under it.
#[test]
fn results_link_under_the_base_path() {
    let Some(browser) = Browser::start() else {
        return;
    };
    let site = Site::new("search");
    let www = site.tmp().join("www");
    let out = www.join("docs");
    let out_arg = out.to_str().expect("utf-8");
    site.build(&["--base-url", "https://example.org/docs/", "--out", out_arg])
        .expect_code(0);
    let files = Files::serve(www);
    let searcher = Searcher {
        browser,
        port: files.port,
        _keep: vec![Box::new(files), Box::new(site)],
    };
    searcher.open("/docs/search/?q=kidneys", 1280, false);
    searcher.wait_for_answer(".search-page", "kidneys");
    let href = searcher
        .browser
        .eval("document.querySelector('.search-result-title').getAttribute('href')");
    assert_eq!(
        href,
        json!(
            "http://127.0.0.1:".to_string()
                + &searcher.port.to_string()
                + "/docs/guides/metformin/"
        )
    );
}

/// axe-core on the search page with results and on a page with the header's results
/// open, light and dark, phone and wide screen: there must be no violation. Runs only when
/// `PANELPRESS_AXE` names `axe.min.js`.
#[test]
fn axe_finds_no_violations_in_search() {
    let Some(axe) = std::env::var_os("PANELPRESS_AXE") else {
        return;
    };
    let axe = std::fs::read_to_string(axe).expect("read axe.min.js");
    let Some(searcher) = Searcher::fixture() else {
        return;
    };
    let mut report = Vec::new();
    for (width, dark) in [(390, false), (390, true), (1280, false), (1280, true)] {
        for header in [false, true] {
            if header {
                searcher.open("/guides/sleep/", width, dark);
                searcher.type_into("#site-search-q", "kidneys");
                searcher.wait_for_answer(".site-header", "kidneys");
            } else {
                searcher.open("/search/?q=kidneys", width, dark);
                searcher.wait_for_answer(".search-page", "kidneys");
            }
            if dark && header {
                searcher.shot(&format!("search-header-{width}-dark.png"));
            }
            searcher.browser.try_eval(&axe).expect("inject axe");
            let found: Value = searcher
                .browser
                .try_eval(
                    "return axe.run(document, { resultTypes: ['violations'] })
                       .then((r) => r.violations.map((v) => v.id + ': '
                         + v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')));",
                )
                .expect("run axe");
            let where_ = if header { "header" } else { "page" };
            eprintln!("axe search {where_} {width}px dark={dark}: {found}");
            if found.as_array().is_some_and(|v| !v.is_empty()) {
                report.push(format!("{where_} {width}px dark={dark}: {found}"));
            }
        }
    }
    assert!(report.is_empty(), "{}", report.join("\n"));
}

/// Guards the preview: `serve` serves the index too, and after a save that adds a word the
/// index catches up in the background, with no restart.
#[test]
fn the_preview_index_catches_up_after_a_save() {
    let Some((searcher, root)) = Searcher::preview() else {
        return;
    };
    searcher.open("/search/?q=kidneys", 1280, false);
    searcher.wait_for_answer(".search-page", "kidneys");
    assert_eq!(
        searcher.results(".search-page")[0].0,
        "Metformin and kidney function"
    );
    let page = root.join("content/guides/sleep.md");
    let text = std::fs::read_to_string(&page).expect("read the page");
    // The open tab reloads when the save is rebuilt: waited for, so that a navigation
    // below never races that reload.
    searcher.browser.eval("window.beforeTheSave = true");
    std::fs::write(&page, text + "\nZygomorphic flowers are a new word here.\n").expect("save");
    searcher.browser.wait_for(
        "the reload after the save",
        "window.beforeTheSave === undefined",
    );
    let started = std::time::Instant::now();
    loop {
        searcher.open("/search/?q=zygomorphic", 1280, false);
        let status = searcher.wait_for_answer(".search-page", "zygomorphic");
        if status.starts_with("1 result") {
            break;
        }
        assert!(
            started.elapsed() < std::time::Duration::from_secs(20),
            "the index never caught up: {status}"
        );
        std::thread::sleep(std::time::Duration::from_millis(200));
    }
    assert_eq!(
        searcher.results(".search-page")[0].0,
        "Sleep and blood sugar"
    );
}
