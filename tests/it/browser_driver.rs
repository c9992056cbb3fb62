//! Just enough of a W3C WebDriver client for the browser tests: ChromeDriver started as a
//! child process on a free loopback port, spoken to over HTTP/1.1 with std's `TcpStream`
//! and serde_json, driving a headless Chromium with a fresh profile. Every process it
//! starts is ended in a `Drop`, so a failing assertion leaks no browser.

use serde_json::{json, Value};
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use tempfile::TempDir;

/// How long a test waits for something the browser should do by itself.
pub const WAIT: Duration = Duration::from_secs(10);
/// How often it looks.
const POLL: Duration = Duration::from_millis(50);
/// How long ChromeDriver and Chromium may take to start (slow when tests run in parallel).
const STARTUP: Duration = Duration::from_secs(30);
/// The longest one WebDriver command may take (a navigation waits for the page to load).
const COMMAND: Duration = Duration::from_secs(60);

/// Flags every Chromium the tests start runs with.
const CHROMIUM_FLAGS: &[&str] = &[
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--window-size=1200,900",
];

/// The key under which WebDriver returns an element reference.
const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

/// `program` on `PATH`.
fn on_path(program: &str) -> Option<PathBuf> {
    std::env::split_paths(&std::env::var_os("PATH")?)
        .map(|dir| dir.join(program))
        .find(|path| path.is_file())
}

/// ChromeDriver and Chromium, or `None` (after saying so) when this machine has none and
/// is not CI. On CI a missing browser fails the test: the suite must not pass by skipping.
fn tools() -> Option<(PathBuf, PathBuf)> {
    let driver = on_path("chromedriver");
    let chromium = ["chromium", "chromium-browser"]
        .iter()
        .find_map(|name| on_path(name));
    if let (Some(driver), Some(chromium)) = (&driver, chromium) {
        return Some((driver.clone(), chromium));
    }
    let missing = if driver.is_none() {
        "chromedriver"
    } else {
        "chromium"
    };
    assert!(
        std::env::var_os("CI").is_none(),
        "browser tests: {missing} not found on PATH; CI must install it \
         (apt-get install -y chromium chromium-driver)"
    );
    eprintln!("skipping browser tests: {missing} not found");
    None
}

/// A port nothing listens on right now.
fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("find a free port")
        .port()
}

/// One HTTP/1.1 request to ChromeDriver on `port`: the status and the JSON body.
fn http(port: u16, method: &str, path: &str, body: Option<&Value>) -> Result<(u16, Value), String> {
    let fail = |what: &str, e: std::io::Error| format!("{method} {path}: {what}: {e}");
    let address = SocketAddr::from(([127, 0, 0, 1], port));
    let mut stream = TcpStream::connect_timeout(&address, Duration::from_secs(5))
        .map_err(|e| fail("connect", e))?;
    stream.set_read_timeout(Some(COMMAND)).ok();
    stream.set_write_timeout(Some(COMMAND)).ok();
    let body = body.map(Value::to_string).unwrap_or_default();
    let request = format!(
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\
         Content-Type: application/json; charset=utf-8\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    stream
        .write_all(request.as_bytes())
        .map_err(|e| fail("send", e))?;
    // ChromeDriver keeps the connection open whatever the request says, so the answer
    // ends where its Content-Length (or last chunk) says, not at end of stream.
    let (mut raw, mut buffer) = (Vec::new(), [0u8; 16 * 1024]);
    let (status, payload) = loop {
        let read = stream.read(&mut buffer).map_err(|e| fail("receive", e))?;
        raw.extend_from_slice(&buffer[..read]);
        let Some(split) = raw.windows(4).position(|w| w == b"\r\n\r\n") else {
            if read == 0 {
                return Err(format!("{method} {path}: no HTTP head in the answer"));
            }
            continue;
        };
        let head = String::from_utf8_lossy(&raw[..split]).to_ascii_lowercase();
        let header = |name: &str| {
            head.lines()
                .filter_map(|line| line.split_once(':'))
                .find(|(key, _)| key.trim() == name)
                .map(|(_, value)| value.trim().to_string())
        };
        let status: u16 = head
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| format!("{method} {path}: bad status line in {head:?}"))?;
        let body = &raw[split + 4..];
        if header("transfer-encoding").is_some_and(|v| v.contains("chunked")) {
            if body.ends_with(b"0\r\n\r\n") || read == 0 {
                break (status, dechunk(body));
            }
        } else if let Some(length) = header("content-length").and_then(|v| v.parse().ok()) {
            if body.len() >= length {
                break (status, body[..length].to_vec());
            }
        } else if read == 0 {
            break (status, body.to_vec());
        }
        if read == 0 {
            return Err(format!("{method} {path}: the answer was cut short"));
        }
    };
    let value = if payload.is_empty() {
        Value::Null
    } else {
        serde_json::from_slice(&payload)
            .map_err(|e| format!("{method} {path}: answer is not JSON: {e}"))?
    };
    Ok((status, value))
}

/// The body of a `Transfer-Encoding: chunked` answer.
fn dechunk(mut raw: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(end) = raw.windows(2).position(|w| w == b"\r\n") {
        let size = std::str::from_utf8(&raw[..end])
            .ok()
            .and_then(|s| usize::from_str_radix(s.split(';').next()?.trim(), 16).ok())
            .unwrap_or(0);
        if size == 0 || raw.len() < end + 2 + size {
            break;
        }
        out.extend_from_slice(&raw[end + 2..end + 2 + size]);
        raw = &raw[(end + 4 + size).min(raw.len())..];
    }
    out
}

/// Standard base64 (as WebDriver sends screenshots), padding and line breaks ignored.
fn base64_decode(text: &str) -> Vec<u8> {
    let value = |c: u8| match c {
        b'A'..=b'Z' => Some(c - b'A'),
        b'a'..=b'z' => Some(c - b'a' + 26),
        b'0'..=b'9' => Some(c - b'0' + 52),
        b'+' => Some(62),
        b'/' => Some(63),
        _ => None,
    };
    let (mut out, mut bits, mut count) = (Vec::new(), 0u32, 0);
    for six in text.bytes().filter_map(value) {
        bits = (bits << 6) | u32::from(six);
        count += 6;
        if count >= 8 {
            count -= 8;
            out.push((bits >> count) as u8);
        }
    }
    out
}

/// A running ChromeDriver, in its own process group so the browsers it starts end with it.
struct Driver {
    child: Child,
    port: u16,
}

impl Driver {
    fn start(program: &Path) -> Driver {
        let mut last = String::new();
        for _ in 0..3 {
            let port = free_port();
            let child = Command::new(program)
                .arg(format!("--port={port}"))
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .process_group(0)
                .spawn()
                .expect("start chromedriver");
            let mut driver = Driver { child, port };
            let started = Instant::now();
            while started.elapsed() < STARTUP {
                match http(port, "GET", "/status", None) {
                    // Still running: the answer is this ChromeDriver's, not another's.
                    Ok((200, status))
                        if status["value"]["ready"] == true
                            && matches!(driver.child.try_wait(), Ok(None)) =>
                    {
                        return driver
                    }
                    Ok((_, status)) => last = status.to_string(),
                    Err(e) => last = e,
                }
                if let Ok(Some(exit)) = driver.child.try_wait() {
                    last = format!("chromedriver exited with {exit}");
                    break;
                }
                std::thread::sleep(POLL);
            }
            drop(driver); // Port taken or too slow: try another port.
        }
        panic!("chromedriver did not become ready: {last}");
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        // Asked first, so ChromeDriver closes and reaps its browsers itself...
        http(self.port, "GET", "/shutdown", None).ok();
        let asked = Instant::now();
        while asked.elapsed() < Duration::from_secs(3) {
            if !matches!(self.child.try_wait(), Ok(None)) {
                break;
            }
            std::thread::sleep(POLL);
        }
        // ...then the whole group ended: ChromeDriver and any Chromium it left behind.
        let group = format!("-{}", self.child.id());
        Command::new("kill")
            .args(["-KILL", "--", &group])
            .stderr(Stdio::null())
            .status()
            .ok();
        self.child.kill().ok();
        self.child.wait().ok();
    }
}

/// A WebDriver session: one headless Chromium with its own profile folder.
pub struct Browser {
    session: String,
    // Dropped in this order: the session is deleted first (in `drop`), then ChromeDriver
    // is ended, then the profile folder removed.
    driver: Driver,
    _profile: TempDir,
}

impl Browser {
    /// A fresh browser, or `None` when there is none to run here (see [`tools`]).
    pub fn start() -> Option<Browser> {
        let (program, chromium) = tools()?;
        let profile = tempfile::tempdir().expect("a profile folder");
        let driver = Driver::start(&program);
        let mut args: Vec<String> = CHROMIUM_FLAGS.iter().map(|s| s.to_string()).collect();
        args.push(format!("--user-data-dir={}", profile.path().display()));
        let capabilities = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "pageLoadStrategy": "normal",
            "timeouts": {"pageLoad": 30_000, "script": 10_000, "implicit": 0},
            "goog:chromeOptions": {"binary": chromium, "args": args},
        }}});
        let (status, answer) = http(driver.port, "POST", "/session", Some(&capabilities))
            .unwrap_or_else(|e| panic!("create a WebDriver session: {e}"));
        let session = answer["value"]["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("create a WebDriver session: {status} {answer}"))
            .to_string();
        Some(Browser {
            session,
            driver,
            _profile: profile,
        })
    }

    /// Sends one command of this session (`suffix` after `/session/{id}`); its `value`.
    fn command(&self, method: &str, suffix: &str, body: Option<Value>) -> Result<Value, String> {
        let path = format!("/session/{}{suffix}", self.session);
        let (status, answer) = http(self.driver.port, method, &path, body.as_ref())?;
        let value = answer.get("value").cloned().unwrap_or(Value::Null);
        if status == 200 {
            Ok(value)
        } else {
            Err(format!(
                "{method} {suffix}: {status} {}: {}",
                value["error"].as_str().unwrap_or("?"),
                value["message"].as_str().unwrap_or("")
            ))
        }
    }

    /// Opens `url` in the tab and waits for it to load.
    pub fn goto(&self, url: &str) {
        self.command("POST", "/url", Some(json!({ "url": url })))
            .unwrap_or_else(|e| panic!("open {url}: {e}"));
    }

    /// Runs `source` before any script of every page from now on (Chrome DevTools).
    pub fn add_init_script(&self, source: &str) {
        let params =
            json!({"cmd": "Page.addScriptToEvaluateOnNewDocument", "params": {"source": source}});
        self.command("POST", "/goog/cdp/execute", Some(params))
            .unwrap_or_else(|e| panic!("add an init script: {e}"));
    }

    /// Sends the Chrome DevTools command `method` with `params` (device metrics, emulated
    /// media features); its result.
    pub fn cdp(&self, method: &str, params: Value) -> Value {
        let body = json!({"cmd": method, "params": params});
        self.command("POST", "/goog/cdp/execute", Some(body))
            .unwrap_or_else(|e| panic!("{method}: {e}"))
    }

    /// Runs the function body `script` in the page (a promise it returns is awaited).
    pub fn try_eval(&self, script: &str) -> Result<Value, String> {
        self.command(
            "POST",
            "/execute/sync",
            Some(json!({"script": script, "args": []})),
        )
    }

    /// The value of the JavaScript expression `expression` in the page.
    #[track_caller]
    pub fn eval(&self, expression: &str) -> Value {
        self.try_eval(&format!("return ({expression});"))
            .unwrap_or_else(|e| panic!("evaluate {expression}: {e}"))
    }

    /// Polls `expression` until it is truthy, for up to [`WAIT`]; returns its value and how
    /// long it took. Errors while a page unloads count as "not yet".
    #[track_caller]
    pub fn wait_for(&self, what: &str, expression: &str) -> (Value, Duration) {
        let started = Instant::now();
        let mut last: String;
        loop {
            match self.try_eval(&format!("return ({expression});")) {
                Ok(value) if truthy(&value) => return (value, started.elapsed()),
                Ok(value) => last = value.to_string(),
                Err(e) => last = e,
            }
            if started.elapsed() > WAIT {
                let page = self
                    .try_eval("return location.href + '\\n' + document.body.innerText")
                    .unwrap_or_default();
                panic!(
                    "waited {WAIT:?} for {what} ({expression}); last: {last}\n--- page ---\n{}",
                    page.as_str().unwrap_or_default()
                );
            }
            std::thread::sleep(POLL);
        }
    }

    /// Clicks the first element matching the CSS `selector`, as a user would.
    pub fn click(&self, selector: &str) {
        let found = self
            .command(
                "POST",
                "/element",
                Some(json!({"using": "css selector", "value": selector})),
            )
            .unwrap_or_else(|e| panic!("find {selector}: {e}"));
        let id = found[ELEMENT]
            .as_str()
            .unwrap_or_else(|| panic!("find {selector}: {found}"));
        self.command("POST", &format!("/element/{id}/click"), Some(json!({})))
            .unwrap_or_else(|e| panic!("click {selector}: {e}"));
    }

    /// Sets the window's size in CSS pixels (a phone's width, a page's full height).
    pub fn resize(&self, width: u32, height: u32) {
        let rect = json!({ "width": width, "height": height });
        self.command("POST", "/window/rect", Some(rect))
            .unwrap_or_else(|e| panic!("resize the window to {width}x{height}: {e}"));
    }

    /// Makes pages see `prefers-color-scheme: dark` (Chrome DevTools).
    pub fn prefer_dark(&self) {
        let features = json!([{"name": "prefers-color-scheme", "value": "dark"}]);
        let params = json!({"cmd": "Emulation.setEmulatedMedia", "params": {"features": features}});
        self.command("POST", "/goog/cdp/execute", Some(params))
            .unwrap_or_else(|e| panic!("emulate a dark colour scheme: {e}"));
    }

    /// Saves a PNG of the viewport to `path` (creating its folder).
    pub fn screenshot(&self, path: &Path) {
        let data = self
            .command("GET", "/screenshot", None)
            .unwrap_or_else(|e| panic!("take a screenshot: {e}"));
        let png = base64_decode(data.as_str().expect("screenshot data"));
        assert!(png.starts_with(b"\x89PNG"), "the screenshot is not a PNG");
        std::fs::create_dir_all(path.parent().expect("a folder")).expect("mkdir");
        std::fs::write(path, png).expect("write the screenshot");
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        // Closes Chromium cleanly; `Driver::drop` then ends whatever is left.
        let path = format!("/session/{}", self.session);
        http(self.driver.port, "DELETE", &path, None).ok();
    }
}

/// JavaScript truthiness of a JSON value.
fn truthy(value: &Value) -> bool {
    match value {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Number(n) => n.as_f64().is_some_and(|n| n != 0.0),
        Value::String(s) => !s.is_empty(),
        Value::Array(_) | Value::Object(_) => true,
    }
}

#[test]
fn decodes_base64_and_chunks() {
    assert_eq!(base64_decode("aGVsbG8sIHdvcmxk"), b"hello, world");
    assert_eq!(base64_decode("YQ==\n"), b"a");
    assert_eq!(dechunk(b"5\r\nhello\r\n1\r\n!\r\n0\r\n\r\n"), b"hello!");
}
