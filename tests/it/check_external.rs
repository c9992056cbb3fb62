//! `check --external`: every external URL fetched once, concurrently
//! within limits, with HEAD falling back to GET, retries, `Retry-After`, redirects,
//! `#fragment` checks, the on-disk cache and the `link_check` settings. The "internet" is a
//! loopback server started by each test, which logs every request and how many were in
//! flight at once; no test touches the network beyond 127.0.0.1.

use crate::findings::{check, Checked};
use crate::fixture::Site;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// What the stand-in web server answers to one request.
struct Reply {
    status: u16,
    headers: Vec<(&'static str, String)>,
    body: String,
    /// Waits this long before answering.
    delay: Duration,
    /// Never answers (until the test is long over).
    hang: bool,
}

fn status(status: u16) -> Reply {
    Reply {
        status,
        headers: Vec::new(),
        body: String::new(),
        delay: Duration::ZERO,
        hang: false,
    }
}

fn html(body: &str) -> Reply {
    Reply {
        headers: vec![("Content-Type", "text/html; charset=utf-8".into())],
        body: body.to_string(),
        ..status(200)
    }
}

fn redirect(code: u16, to: &str) -> Reply {
    Reply {
        headers: vec![("Location", to.to_string())],
        ..status(code)
    }
}

/// One request the server received.
#[derive(Debug, Clone)]
struct Request {
    at: Instant,
    method: String,
    path: String,
    user_agent: String,
}

/// Requests in flight now and the most ever in flight, possibly shared by several servers.
#[derive(Default)]
struct Load {
    now: AtomicUsize,
    peak: AtomicUsize,
}

type Handler = dyn Fn(&str, &str, &[Request]) -> Reply + Send + Sync;

/// A loopback HTTP/1.1 server answering `handler(method, path, earlier requests)`.
struct Server {
    port: u16,
    requests: Arc<Mutex<Vec<Request>>>,
    load: Arc<Load>,
}

impl Server {
    fn start(handler: impl Fn(&str, &str, &[Request]) -> Reply + Send + Sync + 'static) -> Server {
        Server::with_load(Arc::new(Load::default()), handler)
    }

    fn with_load(
        load: Arc<Load>,
        handler: impl Fn(&str, &str, &[Request]) -> Reply + Send + Sync + 'static,
    ) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind a loopback port");
        let port = listener.local_addr().expect("an address").port();
        let requests = Arc::new(Mutex::new(Vec::new()));
        let (log, shared) = (Arc::clone(&requests), Arc::clone(&load));
        let handler: Arc<Handler> = Arc::new(handler);
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let (log, handler, load) =
                    (Arc::clone(&log), Arc::clone(&handler), Arc::clone(&shared));
                std::thread::spawn(move || answer(stream, &log, &*handler, &load));
            }
        });
        Server {
            port,
            requests,
            load,
        }
    }

    fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    fn requests(&self) -> Vec<Request> {
        self.requests.lock().expect("the request log").clone()
    }

    /// `METHOD path` of every request, in order.
    fn log(&self) -> Vec<String> {
        self.requests()
            .iter()
            .map(|r| format!("{} {}", r.method, r.path))
            .collect()
    }

    fn hits(&self, path: &str) -> usize {
        self.requests().iter().filter(|r| r.path == path).count()
    }
}

fn answer(stream: TcpStream, log: &Mutex<Vec<Request>>, handler: &Handler, load: &Load) {
    let mut reader = BufReader::new(stream.try_clone().expect("clone the stream"));
    let mut request_line = String::new();
    if reader.read_line(&mut request_line).is_err() || request_line.is_empty() {
        return;
    }
    let mut user_agent = String::new();
    let mut header = String::new();
    while reader.read_line(&mut header).is_ok_and(|n| n > 2) {
        if let Some(value) = header.to_ascii_lowercase().strip_prefix("user-agent:") {
            user_agent = value.trim().to_string();
        }
        header.clear();
    }
    let mut parts = request_line.split_whitespace();
    let method = parts.next().unwrap_or("").to_string();
    let path = parts.next().unwrap_or("").to_string();
    let now = load.now.fetch_add(1, Ordering::SeqCst) + 1;
    load.peak.fetch_max(now, Ordering::SeqCst);
    let reply = {
        let mut log = log.lock().expect("the request log");
        let reply = handler(&method, &path, &log);
        log.push(Request {
            at: Instant::now(),
            method: method.clone(),
            path,
            user_agent,
        });
        reply
    };
    if reply.hang {
        std::thread::sleep(Duration::from_secs(30));
        load.now.fetch_sub(1, Ordering::SeqCst);
        return;
    }
    std::thread::sleep(reply.delay);
    let mut stream = stream;
    let mut head = format!(
        "HTTP/1.1 {} X\r\nContent-Length: {}\r\nConnection: close\r\n",
        reply.status,
        reply.body.len()
    );
    for (name, value) in &reply.headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    // Counted out before replying: once the reply is sent the client may start its next
    // request before this thread runs again, which would count one request twice.
    load.now.fetch_sub(1, Ordering::SeqCst);
    stream.write_all(head.as_bytes()).ok();
    if method != "HEAD" {
        stream.write_all(reply.body.as_bytes()).ok();
    }
    stream.flush().ok();
}

/// The `external-site` fixture with `link_check` settings and pages `(file, Markdown body)`.
fn site(link_check: &str, pages: &[(&str, String)]) -> Site {
    let site = Site::new("external-site");
    site.write(
        "site.yaml",
        format!("title: External links\nbase_url: https://example.org/\n{link_check}"),
    );
    for (file, body) in pages {
        site.write(
            &format!("content/{file}"),
            format!("---\ntitle: Sources\ndescription: Links to other sites.\n---\n\n{body}"),
        );
    }
    site
}

fn external(site: &Site) -> Checked {
    check(site, &["--external"])
}

#[test]
fn a_working_link_is_clean_and_a_404_is_an_error_at_its_line() {
    let server = Server::start(|_, path, _| match path {
        "/ok" => html("<p>fine</p>"),
        _ => status(404),
    });
    let site = site(
        "",
        &[(
            "sources.md",
            format!(
                "A [good source]({}).\n\nSee also the [withdrawn guideline]({}).\n",
                server.url("/ok"),
                server.url("/gone")
            ),
        )],
    );
    let checked = external(&site);
    checked.expect(&[("link/external", "content/sources.md", 8, 14, "error")]);
    let finding = &checked.findings[0];
    assert!(finding.message.contains("404"), "{finding:?}");
    assert!(finding.message.contains("/gone"), "{finding:?}");
    assert!(
        finding.help.as_deref().unwrap_or("").contains("archived"),
        "{finding:?}"
    );
    let mut log = server.log();
    log.sort();
    assert_eq!(log, ["HEAD /gone", "HEAD /ok"]);
    let requests = server.requests();
    assert!(
        requests
            .iter()
            .all(|r| r.user_agent.starts_with("panelpress/")),
        "{requests:?}"
    );
}

#[test]
fn a_refused_head_falls_back_to_get() {
    let server = Server::start(|method, _, _| match method {
        "HEAD" => status(405),
        _ => html("<p>only GET here</p>"),
    });
    let site = site("", &[("a.md", format!("[x]({})\n", server.url("/page")))]);
    external(&site).expect(&[]);
    assert_eq!(server.log(), ["HEAD /page", "GET /page"]);
}

#[test]
fn a_429_is_retried_after_the_wait_it_asks_for() {
    let server = Server::start(|_, _, earlier| {
        if earlier.is_empty() {
            Reply {
                headers: vec![("Retry-After", "1".into())],
                ..status(429)
            }
        } else {
            status(200)
        }
    });
    let site = site("", &[("a.md", format!("[x]({})\n", server.url("/busy")))]);
    external(&site).expect(&[]);
    let requests = server.requests();
    assert_eq!(requests.len(), 2, "{requests:?}");
    let waited = requests[1].at - requests[0].at;
    assert!(
        waited >= Duration::from_millis(950),
        "waited only {waited:?}"
    );
}

#[test]
fn a_permanent_redirect_is_a_warning_naming_the_new_address() {
    let server = Server::start(|_, path, _| match path {
        "/old" => redirect(301, "/new"),
        "/moved-for-now" => redirect(302, "/new"),
        "/new" => status(200),
        _ => status(404),
    });
    let site = site(
        "",
        &[(
            "a.md",
            format!(
                "[old]({})\n\n[temporary]({})\n",
                server.url("/old"),
                server.url("/moved-for-now")
            ),
        )],
    );
    let checked = external(&site);
    checked.expect(&[("link/external", "content/a.md", 6, 1, "warning")]);
    let new = server.url("/new");
    assert!(
        checked.findings[0].message.contains(&new),
        "{:?}",
        checked.findings
    );
    assert!(checked.findings[0]
        .help
        .as_deref()
        .unwrap_or("")
        .contains(&new));
    assert_eq!(checked.run.code, 0);
}

#[test]
fn a_missing_fragment_on_an_html_page_is_an_error() {
    let server = Server::start(|_, _, _| {
        html("<h2 id=\"dosing\">Dosing</h2>\n<a name=\"legacy\"></a>\n<p>text</p>")
    });
    let site = site(
        "",
        &[(
            "a.md",
            format!(
                "[dosing]({0}#dosing), [legacy]({0}#legacy)\n\n[risks]({0}#risks)\n",
                server.url("/label.html")
            ),
        )],
    );
    let checked = external(&site);
    checked.expect(&[("link/external", "content/a.md", 8, 1, "error")]);
    assert!(
        checked.findings[0].message.contains("`risks`"),
        "{:?}",
        checked.findings
    );
    // One GET serves all three fragments.
    assert_eq!(server.log(), ["GET /label.html"]);
}

#[test]
fn a_server_that_hangs_times_out() {
    let server = Server::start(|_, _, _| Reply {
        hang: true,
        ..status(200)
    });
    let site = site(
        "link_check:\n  timeout_s: 1\n",
        &[(
            "a.md",
            format!("Text.\n\n[slow]({})\n", server.url("/slow")),
        )],
    );
    let started = Instant::now();
    let checked = external(&site);
    checked.expect(&[("link/external", "content/a.md", 8, 1, "error")]);
    assert!(
        checked.findings[0]
            .message
            .contains("did not answer within 1s"),
        "{:?}",
        checked.findings
    );
    assert!(
        started.elapsed() < Duration::from_secs(20),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(server.hits("/slow"), 3);
}

#[test]
fn exclude_skips_a_url_and_accept_takes_an_extra_status() {
    let server = Server::start(|_, path, _| match path {
        "/forbidden" => status(403),
        _ => status(500),
    });
    let site = site(
        "link_check:\n  exclude: ['/skipped/', '^https://never\\.example\\.org/']\n  accept: [403]\n",
        &[(
            "a.md",
            format!(
                "[a]({}) [b]({}) [c](https://never.example.org/x)\n",
                server.url("/skipped/page"),
                server.url("/forbidden")
            ),
        )],
    );
    external(&site).expect(&[]);
    assert_eq!(server.log(), ["HEAD /forbidden"]);
}

#[test]
fn an_invalid_exclude_pattern_is_reported_at_its_line() {
    let site = site("link_check:\n  exclude:\n    - 'a(b'\n", &[]);
    let checked = external(&site);
    checked.expect(&[("meta/invalid", "site.yaml", 5, 1, "error")]);
}

#[test]
fn the_cache_remembers_working_urls_but_never_failures() {
    let server = Server::start(|_, path, _| match path {
        "/ok" => status(200),
        _ => status(404),
    });
    let site = site(
        "",
        &[(
            "a.md",
            format!(
                "[ok]({})\n\n[broken]({})\n",
                server.url("/ok"),
                server.url("/broken")
            ),
        )],
    );
    external(&site).expect(&[("link/external", "content/a.md", 8, 1, "error")]);
    assert_eq!((server.hits("/ok"), server.hits("/broken")), (1, 1));
    let cache = std::fs::read_to_string(site.root.join(".panelpress-cache/links.json"))
        .expect("the cache is written");
    assert!(
        cache.contains("/ok") && !cache.contains("/broken"),
        "{cache}"
    );
    external(&site).expect(&[("link/external", "content/a.md", 8, 1, "error")]);
    assert_eq!((server.hits("/ok"), server.hits("/broken")), (1, 2));
    // `cache_hours: 0` turns the cache off.
    site.write(
        "site.yaml",
        "title: External links\nbase_url: https://example.org/\nlink_check:\n  cache_hours: 0\n",
    );
    external(&site);
    assert_eq!(server.hits("/ok"), 2);
}

#[test]
fn a_url_linked_from_two_pages_is_fetched_once_and_reported_at_both() {
    let server = Server::start(|_, _, _| status(410));
    let url = server.url("/shared");
    let site = site(
        "",
        &[
            ("a.md", format!("[one]({url})\n")),
            ("b.md", format!("Intro.\n\n![chart]({url})\n")),
        ],
    );
    let checked = external(&site);
    checked.expect(&[
        ("link/external", "content/a.md", 6, 1, "error"),
        ("link/external", "content/b.md", 8, 1, "error"),
    ]);
    assert!(
        checked.findings[1].message.starts_with("external image"),
        "{:?}",
        checked.findings
    );
    assert_eq!(server.log(), ["HEAD /shared"]);
}

#[test]
fn requests_stay_within_the_global_and_per_host_limits() {
    let slow = |_: &str, _: &str, _: &[Request]| Reply {
        delay: Duration::from_millis(150),
        ..status(200)
    };
    // One host, twelve URLs: at most two at once.
    let one = Server::start(slow);
    let links: String = (0..12)
        .map(|i| format!("[{i}]({})\n\n", one.url(&format!("/p{i}"))))
        .collect();
    let site_one = site("", &[("a.md", links)]);
    external(&site_one).expect(&[]);
    assert_eq!(one.requests().len(), 12);
    // Never more than two at once; on a loaded machine the second may not overlap.
    let peak = one.load.peak.load(Ordering::SeqCst);
    assert!((1..=2).contains(&peak), "peak {peak}");
    // Ten hosts sharing one count, three URLs each: at most eight at once.
    let load = Arc::new(Load::default());
    let servers: Vec<Server> = (0..10)
        .map(|_| Server::with_load(Arc::clone(&load), slow))
        .collect();
    let links: String = servers
        .iter()
        .flat_map(|s| (0..3).map(move |i| format!("[{i}]({})\n\n", s.url(&format!("/q{i}")))))
        .collect();
    let site_many = site("", &[("b.md", links)]);
    external(&site_many).expect(&[]);
    let total: usize = servers.iter().map(|s| s.requests().len()).sum();
    assert_eq!(total, 30);
    let peak = load.peak.load(Ordering::SeqCst);
    assert!((3..=8).contains(&peak), "peak {peak}");
}

#[test]
fn registry_links_are_left_to_cite_lock() {
    let server = Server::start(|_, _, _| status(200));
    let site = site(
        "",
        &[(
            "a.md",
            format!(
                "[paper](https://pubmed.ncbi.nlm.nih.gov/8708565/) [doi](https://doi.org/10.1000/xyz123) [page]({})\n",
                server.url("/p")
            ),
        )],
    );
    // Only the loopback URL is fetched; the others would need the internet.
    let checked = external(&site);
    assert!(
        checked.with_code("link/external").is_empty(),
        "{:?}",
        checked.findings
    );
    assert_eq!(server.log(), ["HEAD /p"]);
}

#[test]
fn check_without_external_never_touches_the_network() {
    let server = Server::start(|_, _, _| status(404));
    let site = site("", &[("a.md", format!("[x]({})\n", server.url("/x")))]);
    check(&site, &[]).expect(&[]);
    assert_eq!(server.requests().len(), 0);
    assert!(!site.root.join(".panelpress-cache").exists());
}
