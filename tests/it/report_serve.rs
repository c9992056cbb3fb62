//! The editor's report in the live preview: the real `panelpress serve --port 0` on a copy
//! of `tests/fixtures/serve`, its report fetched over HTTP, a page saved with a new
//! uncited figure, and the report fetched again once the rebuild is done; then the same in
//! a Chromium tab left open on the report.

use super::browser::{shot, Server};
use super::browser_driver::Browser;
use super::fixture::Site;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

/// How long the server may take to start, rebuild or answer.
const WAIT: Duration = Duration::from_secs(60);

/// `GET path`: the status line and headers, and the body.
fn get(port: u16, path: &str) -> (String, String) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    stream.set_read_timeout(Some(WAIT)).unwrap();
    let request =
        format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n");
    stream.write_all(request.as_bytes()).unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    let (head, body) = answer.split_once("\r\n\r\n").expect("a head and a body");
    (head.to_ascii_lowercase(), body.to_string())
}

/// The report once its build's checks have run (it asks again until then).
#[track_caller]
fn report(port: u16, expect: &str) -> (String, String) {
    let started = Instant::now();
    loop {
        let (head, body) = get(port, "/_panelpress/report/");
        if head.starts_with("http/1.1 200") && body.contains(expect) {
            return (head, body);
        }
        assert!(
            started.elapsed() < WAIT,
            "no report with {expect:?}:\n{head}\n{body}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Guards the report in the preview: served at `/_panelpress/report/` (and redirected to
/// from without the slash) as HTML marked `noindex`, counting the build's pages and
/// findings; a saved page's new uncited figure shows in it after the rebuild; and it is
/// never written into the site's folder.
#[test]
fn the_report_follows_a_save() {
    let site = Site::new("serve");
    let server = Server::start(&site.root, 0);
    let port = server.port;
    let (head, body) = report(port, "Checked 7 pages");
    assert!(head.contains("content-type: text/html"), "{head}");
    assert!(head.contains("x-robots-tag: noindex"), "{head}");
    assert!(body.contains("<meta name=\"robots\" content=\"noindex\">"));
    assert!(
        body.contains("<strong>0 errors</strong>, 1 warning."),
        "{body}"
    );
    let (moved, _) = get(port, "/_panelpress/report");
    assert!(moved.starts_with("http/1.1 301"), "{moved}");
    assert!(moved.contains("location: /_panelpress/report/"), "{moved}");

    let notes = std::fs::read_to_string(site.root.join("content/notes.md")).unwrap();
    site.write(
        "content/notes.md",
        format!("{notes}\nDown 30% in a survey.\n"),
    );
    server.wait_rebuild(0, "content/notes.md changed: ");
    let (_, body) = report(port, "<strong>0 errors</strong>, 2 warnings.");
    assert!(body.contains("Checked 7 pages"), "{body}");
    assert!(body.contains("notes.md"), "{body}");
    let written = walkdir::WalkDir::new(&site.root)
        .into_iter()
        .filter_map(Result::ok)
        .any(|e| e.path().to_string_lossy().contains("panelpress-report"));
    assert!(!written, "nothing is written into the site");
}

/// The served report in Chromium: its charts are drawn, and a tab left open on it reloads
/// by itself after a save and shows the new count.
#[test]
fn an_open_report_tab_follows_a_save() {
    let Some(browser) = Browser::start() else {
        return;
    };
    let site = Site::new("serve");
    let server = Server::start(&site.root, 0);
    let port = server.port;
    report(port, "Checked 7 pages");
    browser.goto(&format!("http://127.0.0.1:{port}/_panelpress/report/"));
    let lead = "document.querySelector('p.lead') && document.querySelector('p.lead').innerText";
    browser.wait_for(
        "the report",
        &format!("({lead} || '').includes('1 warning')"),
    );
    let charts = browser.eval("document.querySelectorAll('svg.chart').length");
    assert!(charts.as_u64().unwrap_or(0) > 0, "{charts}");
    browser.screenshot(&shot("report-served.png"));
    let notes = std::fs::read_to_string(site.root.join("content/notes.md")).unwrap();
    site.write(
        "content/notes.md",
        format!("{notes}\nDown 30% in a survey.\n"),
    );
    server.wait_rebuild(0, "content/notes.md changed: ");
    browser.wait_for(
        "the report to reload with the new finding",
        &format!("({lead} || '').includes('2 warnings')"),
    );
}
