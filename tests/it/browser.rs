//! The live preview as a writer meets it, in a real headless Chromium driven over
//! WebDriver ([`super::browser_driver`]): each test copies `tests/fixtures/serve`, runs the
//! real `panelpress serve --port 0` on it, opens a page, edits the site's files the way an
//! editor saves them, and checks what the tab shows without anyone touching it.
//!
//! Every test has its own site, server and browser, so they run in parallel with the rest
//! of the suite. Without ChromeDriver they are skipped, except on CI (`CI` set).

use super::browser_driver::{Browser, WAIT};
use super::fixture::{Site, BIN};
use serde_json::Value;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The theme's stylesheet: the fixture's `static/style.css` is it plus one override, so
/// the pages look as the theme makes them and the tests have a rule to edit.
const THEME_CSS: &str = include_str!("../../src/theme/style.css");

/// Installed before any page script: records every EventSource the page opens and the
/// data of the `hello` each receives, so a test knows when the tab is listening.
const PROBE: &str = r#"(() => {
  const Native = window.EventSource;
  if (!Native) return;
  window.__events = [];
  window.EventSource = class extends Native {
    constructor(...args) {
      super(...args);
      window.__events.push(this);
      this.addEventListener("hello", (e) => { window.__hello = e.data; });
    }
  };
})()"#;

/// True once the page has loaded, carries the injected script, and its event stream is
/// open and has said hello for the very build the page came from (so no reload is due).
const LIVE: &str = r#"(() => {
  const script = [...document.scripts].map((s) => s.text).find((t) => t.includes("panelpress-scroll:"));
  const version = script && (script.match(/const version = "([^"]*)"/) || [])[1];
  return document.readyState === "complete" && !!version
    && typeof window.__hello === "string" && window.__hello.split(" ")[0] === version
    && window.__events.length > 0 && window.__events.every((e) => e.readyState === 1);
})()"#;

/// `static/style.css` with the body's background set to `color`.
fn stylesheet(color: &str) -> String {
    format!(
        "{THEME_CSS}\n/* The browser tests' override. */\nbody {{ background-color: {color}; }}\n"
    )
}

/// `content/notes.md` with front matter line 2 `title_line` and the body `text`.
fn notes(title_line: &str, text: &str) -> String {
    format!("---\n{title_line}\ndescription: The page the browser tests edit and watch reload.\n---\n\n{text}\n")
}

/// Where screenshots go: `target/browser-shots/`.
pub(super) fn shot(name: &str) -> PathBuf {
    let target = Path::new(BIN)
        .ancestors()
        .nth(2)
        .expect("the target folder");
    target.join("browser-shots").join(name)
}

/// A running `panelpress serve`, its stderr collected line by line.
pub(super) struct Server {
    child: Child,
    pub(super) port: u16,
    lines: Arc<Mutex<Vec<String>>>,
}

impl Server {
    /// Serves `root` on `port` (0: any) and waits for the `serving ... at URL` line.
    pub(super) fn start(root: &Path, port: u16) -> Server {
        let mut child = Command::new(BIN)
            .arg("serve")
            .arg("--root")
            .arg(root)
            .args(["--port", &port.to_string()])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start panelpress serve");
        let stderr = child.stderr.take().expect("stderr");
        let lines = Arc::new(Mutex::new(Vec::new()));
        let sink = Arc::clone(&lines);
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                sink.lock().unwrap().push(line);
            }
        });
        let mut server = Server {
            child,
            port: 0,
            lines,
        };
        let started = Instant::now();
        loop {
            let url = server.lines().iter().find_map(|line| {
                let rest = line.strip_prefix("serving ")?;
                let (_, url) = rest.split_once(" (press")?.0.rsplit_once(" at ")?;
                Some(url.to_string())
            });
            if let Some(url) = url {
                server.port = url
                    .strip_prefix("http://127.0.0.1:")
                    .and_then(|p| p.strip_suffix('/'))
                    .and_then(|p| p.parse().ok())
                    .unwrap_or_else(|| panic!("unexpected URL {url:?}"));
                assert!(port == 0 || server.port == port, "asked for {port}: {url}");
                return server;
            }
            let exited = server.child.try_wait().ok().flatten();
            if exited.is_some() || started.elapsed() > Duration::from_secs(60) {
                std::thread::sleep(Duration::from_millis(100)); // The last lines.
                panic!(
                    "panelpress serve did not start ({exited:?}):\n{}",
                    server.lines().join("\n")
                );
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn lines(&self) -> Vec<String> {
        self.lines.lock().unwrap().clone()
    }

    /// The rebuild lines printed after the first `from` lines.
    fn rebuilds_since(&self, from: usize) -> Vec<String> {
        self.lines()
            .into_iter()
            .skip(from)
            .filter(|l| l.contains(" changed: "))
            .collect()
    }

    /// Waits for a rebuild line after the first `from` lines that starts with `prefix`.
    #[track_caller]
    pub(super) fn wait_rebuild(&self, from: usize, prefix: &str) -> String {
        let started = Instant::now();
        loop {
            if let Some(line) = self
                .rebuilds_since(from)
                .into_iter()
                .find(|l| l.starts_with(prefix))
            {
                return line;
            }
            assert!(
                started.elapsed() < WAIT,
                "no rebuild line starting {prefix:?}:\n{}",
                self.lines().join("\n")
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn stop(&mut self) {
        self.child.kill().ok();
        self.child.wait().ok();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop();
    }
}

/// A site copy, its server and a browser (dropped in this order).
struct Preview {
    browser: Browser,
    server: Server,
    site: Site,
}

impl Preview {
    /// `None` when no browser can run here (and this is not CI).
    fn start() -> Option<Preview> {
        Preview::start_with(|_| {})
    }

    /// [`Preview::start`] with `prepare` run on the site before the server starts.
    fn start_with(prepare: impl FnOnce(&Site)) -> Option<Preview> {
        let browser = Browser::start()?;
        browser.add_init_script(PROBE);
        let site = Site::new("serve");
        site.write("static/style.css", stylesheet("#fcfcfa"));
        prepare(&site);
        let server = Server::start(&site.root, 0);
        Some(Preview {
            browser,
            server,
            site,
        })
    }

    /// Opens `path` (`notes/`) on `host` and waits until the tab listens for rebuilds.
    fn open_at(&self, host: &str, path: &str) {
        let url = format!("http://{host}:{}/{path}", self.server.port);
        self.browser.goto(&url);
        self.browser
            .wait_for(&format!("{url} to connect to the event stream"), LIVE);
    }

    fn open(&self, path: &str) {
        self.open_at("127.0.0.1", path);
    }

    /// Tags the current document; a reload loses the tag.
    fn mark(&self) {
        self.browser.eval("window.__marker = 1");
    }

    fn marked(&self) -> bool {
        self.browser.eval("window.__marker === 1") == Value::Bool(true)
    }

    fn text(&self) -> String {
        self.browser
            .eval("document.body.innerText")
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    /// Waits until the tab reloaded by itself and shows `text`; how long that took.
    #[track_caller]
    fn wait_reload_showing(&self, text: &str) -> Duration {
        let text = serde_json::to_string(text).unwrap();
        let expression = format!(
            "window.__marker === undefined && document.readyState === 'complete' \
             && document.body.innerText.includes({text})"
        );
        self.browser
            .wait_for(&format!("a reload showing {text}"), &expression)
            .1
    }
}

/// Saving the Markdown of the open page shows the new text in the tab without any
/// navigation, and the terminal prints one line for the one save.
#[test]
fn an_edit_shows_in_the_open_tab() {
    let Some(p) = Preview::start() else { return };
    p.open("notes/");
    assert!(p.text().contains("The first draft of the field notes."));
    p.browser.screenshot(&shot("page.png"));
    p.mark();
    let before = p.server.lines().len();
    p.site.write(
        "content/notes.md",
        notes(
            "title: Field notes",
            "The second draft, saved in the editor.",
        ),
    );
    let took = p.wait_reload_showing("The second draft, saved in the editor.");
    eprintln!("browser: save to new text on screen in {took:?}");
    assert_eq!(p.browser.eval("location.pathname"), "/notes/");
    assert!(!p.text().contains("The first draft"));

    let line = p.server.wait_rebuild(before, "content/notes.md changed: ");
    // `content/notes.md changed: rebuilt N page(s) in M ms, 0 errors, 1 warning`.
    let counts = line
        .strip_prefix("content/notes.md changed: rebuilt ")
        .and_then(|rest| rest.strip_suffix(" ms, 0 errors, 1 warning"))
        .and_then(|rest| rest.split_once(" in "))
        .filter(|(pages, ms)| {
            let pages = pages.trim_end_matches(" pages").trim_end_matches(" page");
            pages.parse::<u32>().is_ok_and(|n| n >= 1) && ms.parse::<u64>().is_ok()
        });
    assert!(counts.is_some(), "unexpected rebuild line: {line}");
    // Long enough for a second, spurious rebuild to have been printed.
    std::thread::sleep(Duration::from_millis(500));
    assert_eq!(
        p.server.rebuilds_since(before),
        [line],
        "one save, one rebuild line"
    );
}

/// Saving a page with a new title in its front matter updates an open list of pages (the
/// home page) in the tab, and the terminal reports the page and that list rendered again,
/// not the whole site (6 pages).
#[test]
fn a_new_title_shows_in_the_open_list_of_pages() {
    let Some(p) = Preview::start() else { return };
    p.open("");
    assert!(p.text().contains("Field notes"), "{}", p.text());
    p.mark();
    let before = p.server.lines().len();
    p.site.write(
        "content/notes.md",
        notes(
            "title: Field notes, second series",
            "The first draft of the field notes.",
        ),
    );
    let took = p.wait_reload_showing("Field notes, second series");
    eprintln!("browser: save to new title on screen in {took:?}");
    assert_eq!(p.browser.eval("location.pathname"), "/");
    let line = p.server.wait_rebuild(before, "content/notes.md changed: ");
    assert!(
        line.starts_with("content/notes.md changed: rebuilt 2 pages in "),
        "{line}"
    );
}

/// A reload keeps the tab where the writer was reading.
#[test]
fn a_reload_keeps_the_scroll_position() {
    let Some(p) = Preview::start() else { return };
    p.open("long/");
    let height = p.browser.eval("document.documentElement.scrollHeight");
    assert!(
        height.as_f64().unwrap() > 3000.0,
        "page too short: {height}"
    );
    p.browser.eval("window.scrollTo(0, 1500)");
    p.browser.wait_for("the scroll", "window.scrollY === 1500");
    p.mark();
    // Saved as vim and VS Code do: write a temporary file, rename it over the page.
    let long = p.site.root.join("content/long.md");
    let text = std::fs::read_to_string(&long).unwrap();
    let edited = text.replace("The last line of the long read.", "The last line, revised.");
    assert_ne!(text, edited);
    let temporary = p.site.root.join("content/.long.md.tmp");
    std::fs::write(&temporary, edited).unwrap();
    std::fs::rename(&temporary, &long).unwrap();
    p.wait_reload_showing("The last line, revised.");
    let (y, _) = p.browser.wait_for(
        "the scroll position to come back",
        "Math.abs(window.scrollY - 1500) <= 3 && window.scrollY",
    );
    assert!((y.as_f64().unwrap() - 1500.0).abs() <= 3.0, "scrollY {y}");
}

/// Broken front matter shows an overlay naming file and line over the last good page;
/// fixing it clears the overlay and shows the new page.
#[test]
fn a_build_error_shows_an_overlay_until_fixed() {
    let Some(p) = Preview::start() else { return };
    p.open("notes/");
    p.mark();
    let before = p.server.lines().len();
    p.site.write(
        "content/notes.md",
        notes("title: [oops", "A draft that does not build."),
    );
    let (overlay, took) = p.browser.wait_for(
        "the error overlay",
        "document.getElementById('panelpress-overlay')?.innerText",
    );
    eprintln!("browser: save to overlay on screen in {took:?}");
    let overlay = overlay.as_str().unwrap();
    assert!(overlay.contains("content/notes.md:2:"), "{overlay}");
    assert!(overlay.contains("front matter"), "{overlay}");
    assert!(p.marked(), "a failed build must not reload the tab");
    let text = p.text();
    assert!(
        text.contains("The first draft of the field notes."),
        "{text}"
    );
    assert!(!text.contains("does not build"), "{text}");
    let visible = p.browser.eval(
        "(() => { const r = document.getElementById('panelpress-overlay').getBoundingClientRect(); \
         return r.height > 20 && r.top >= 0 && r.bottom <= innerHeight + 1; })()",
    );
    assert_eq!(visible, true, "the overlay is on screen");
    p.browser.screenshot(&shot("overlay.png"));
    let line = p.server.wait_rebuild(before, "content/notes.md changed: ");
    assert!(
        line.contains("build failed") && line.contains("1 error"),
        "{line}"
    );

    // A page opened while the build is broken shows the error too.
    p.open("long/");
    let (overlay, _) = p.browser.wait_for(
        "the error overlay on a newly opened page",
        "document.getElementById('panelpress-overlay')?.innerText",
    );
    assert!(overlay.as_str().unwrap().contains("content/notes.md:2:"));

    p.open("notes/");
    p.mark();
    p.site.write(
        "content/notes.md",
        notes("title: Field notes", "The fixed draft."),
    );
    p.wait_reload_showing("The fixed draft.");
    std::thread::sleep(Duration::from_millis(200)); // The hello that could re-show it.
    assert_eq!(
        p.browser
            .eval("document.getElementById('panelpress-overlay') === null"),
        true,
        "the overlay is gone"
    );
}

/// Editing only a stylesheet swaps it in place: the style changes, the page stays.
#[test]
fn a_css_edit_swaps_the_stylesheet_without_reloading() {
    let Some(p) = Preview::start() else { return };
    p.open("notes/");
    let background = "getComputedStyle(document.body).backgroundColor";
    assert_eq!(p.browser.eval(background), "rgb(252, 252, 250)");
    p.mark();
    let before = p.server.lines().len();
    p.site.write("static/style.css", stylesheet("#ffe4e1"));
    let (_, took) = p.browser.wait_for(
        "the new background",
        &format!("{background} === 'rgb(255, 228, 225)'"),
    );
    eprintln!("browser: CSS save to new style on screen in {took:?}");
    assert!(p.marked(), "a CSS-only change must not reload the page");
    let line = p.server.wait_rebuild(before, "static/style.css changed: ");
    assert!(line.contains(": rebuilt "), "{line}");
    // The swap is done (old links removed) and the tab is still the same document.
    p.browser.wait_for(
        "one stylesheet link per file",
        // The page has no code, so `style.css` is its only stylesheet.
        "document.querySelectorAll('link[rel=stylesheet]').length === 1",
    );
    assert!(p.marked());
    assert_eq!(p.browser.eval(background), "rgb(255, 228, 225)");
}

/// A page with an uncited figure lists the finding in a panel the writer can dismiss.
#[test]
fn findings_show_in_a_dismissible_panel() {
    let Some(p) = Preview::start() else { return };
    p.open("figures/");
    let (panel, _) = p.browser.wait_for(
        "the findings panel",
        "document.getElementById('panelpress-findings')?.innerText",
    );
    let panel = panel.as_str().unwrap();
    assert!(panel.contains("claim/uncited"), "{panel}");
    assert!(panel.contains("line 6"), "{panel}");
    assert!(panel.contains("1 finding on this page"), "{panel}");
    p.browser.screenshot(&shot("findings.png"));
    p.browser
        .click("#panelpress-findings button[aria-label='Dismiss']");
    p.browser.wait_for(
        "the panel to go",
        "document.getElementById('panelpress-findings') === null",
    );

    // A page without findings gets none listed.
    p.open("notes/");
    let list = p.browser.try_eval(
        "return fetch('/__panelpress/findings?path=' + encodeURIComponent(location.pathname)).then((r) => r.json());",
    );
    assert_eq!(list, Ok(serde_json::json!([])));
    assert_eq!(
        p.browser
            .eval("document.getElementById('panelpress-findings') === null"),
        true
    );
}

/// The preview works whichever loopback name the writer uses.
#[test]
fn reloads_on_localhost_ipv4_and_ipv6() {
    let Some(p) = Preview::start() else { return };
    for (i, host) in ["[::1]", "localhost", "127.0.0.1"].into_iter().enumerate() {
        p.open_at(host, "notes/");
        assert_eq!(
            p.browser.eval("location.host"),
            format!("{host}:{}", p.server.port)
        );
        p.mark();
        let text = format!("Saved while viewing {host}, edit {i}.");
        p.site
            .write("content/notes.md", notes("title: Field notes", &text));
        let took = p.wait_reload_showing(&text);
        eprintln!("browser: reload on {host} in {took:?}");
    }
}

/// A tab left open while the server restarts reconnects and reloads by itself.
#[test]
fn a_restarted_server_reloads_the_open_tab() {
    let Some(mut p) = Preview::start() else {
        return;
    };
    p.open("notes/");
    p.mark();
    let port = p.server.port;
    p.server.stop();
    p.browser.wait_for(
        "the tab to notice the server went away",
        "window.__events.every((e) => e.readyState !== 1)",
    );
    p.site.write(
        "content/notes.md",
        notes("title: Field notes", "Written while the server was down."),
    );
    p.server = Server::start(&p.site.root, port);
    let took = p.wait_reload_showing("Written while the server was down.");
    eprintln!("browser: restart to reload in {took:?}");
    assert_eq!(p.server.port, port);
}

/// `templates/page.html` whose line 3 is `line`.
fn page_template(line: &str) -> String {
    format!(
        "{{% extends \"base.html\" %}}\n{{% block content %}}\n{line}\n\
         <article><h1>{{{{ page.title }}}}</h1>\n{{{{ page.content | safe }}}}</article>\n\
         {{% endblock content %}}\n"
    )
}

/// A template error, whether Tera finds it parsing or rendering, is shown with the
/// template's file and line (the peers' overlays lose the line; ours must not).
#[test]
fn a_template_error_names_the_template_and_line() {
    let Some(p) = Preview::start_with(|site| {
        site.write("templates/page.html", page_template("<p>Own template.</p>"));
    }) else {
        return;
    };
    p.open("notes/");
    assert!(p.text().contains("Own template."));
    p.mark();
    let overlay = "document.getElementById('panelpress-overlay')?.innerText";
    // Each error replaces the overlay's text; the second names what it is about.
    let mut previous = String::new();
    for (broken, says, needle) in [
        ("<p>{{ page.title }</p>", "syntax error", ""),
        (
            "<p>{{ page.title | no_such_filter }}</p>",
            "render error (unknown filter)",
            "no_such_filter",
        ),
    ] {
        p.site.write("templates/page.html", page_template(broken));
        let expression = format!(
            "(() => {{ const t = {overlay}; return t && t !== {previous:?} && t.includes({needle:?}) && t; }})()"
        );
        let (text, _) = p
            .browser
            .wait_for(&format!("the overlay for a {says}"), &expression);
        let text = text.as_str().unwrap_or_default().to_string();
        assert!(
            text.contains("templates/page.html:3:"),
            "the overlay for a {says} must name templates/page.html:3:\n{text}"
        );
        assert!(p.marked(), "a failed build must not reload the tab");
        previous = text;
    }
    p.site.write(
        "templates/page.html",
        page_template("<p>Fixed template.</p>"),
    );
    p.wait_reload_showing("Fixed template.");
    std::thread::sleep(Duration::from_millis(200));
    assert_eq!(
        p.browser
            .eval("document.getElementById('panelpress-overlay') === null"),
        true
    );
}

/// A writer who starts overriding the theme while the preview runs creates `templates/`
/// and saves a template in it: that save, and the ones after it, show in the tab.
#[test]
fn a_folder_created_while_serving_is_watched() {
    let Some(p) = Preview::start() else { return };
    p.open("notes/");
    let before = p.server.lines().len();
    std::fs::create_dir(p.site.root.join("templates")).unwrap();
    // The new, empty folder may itself cause a rebuild; let it pass first.
    p.server.wait_rebuild(before, "templates");
    p.open("notes/");
    p.mark();
    p.site
        .write("templates/page.html", page_template("<p>Own template.</p>"));
    p.wait_reload_showing("Own template.");
    p.mark();
    p.site.write(
        "templates/page.html",
        page_template("<p>Own template, edited.</p>"),
    );
    p.wait_reload_showing("Own template, edited.");
}

/// Guards the redirect of an alias: a reader following an old link to a section
/// (`/old-notes/#second-part`) lands on that section at the page's new address, not at
/// the top of the page.
#[test]
fn an_old_address_with_a_fragment_lands_on_the_section() {
    let Some(p) = Preview::start_with(|site| {
        site.write(
            "content/moved.md",
            "---\ntitle: Moved\ndescription: A page with an old address.\n\
             aliases: [/old-notes/]\n---\n## First\n\nText.\n\n## Second part\n\nMore.\n",
        );
    }) else {
        return;
    };
    let url = format!("http://127.0.0.1:{}/old-notes/#second-part", p.server.port);
    p.browser.goto(&url);
    p.browser.wait_for(
        "the redirect to keep the fragment",
        "location.pathname === '/moved/' && location.hash === '#second-part' \
         && document.getElementById('second-part') !== null",
    );
}
