//! Just enough HTTP/1.1 for a preview: GET and HEAD, one request per connection, the right
//! content types, `index.html` for folder URLs, the site's own `404.html` for misses, the
//! event stream and findings endpoints, and no way out of the build (`..`, `%2e%2e`,
//! absolute paths, symlinks pointing outside the site).

use super::inject::{inject, EVENTS_PATH, FINDINGS_PATH};
use super::state::{Event, Snapshot, State};
use crate::output::Body;
use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;
use std::path::Path;
use std::time::Duration;

/// What a request path names in a build.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Resolved {
    /// An output file, by its path in the build.
    File(String),
    /// A folder asked for without its trailing slash: redirect so relative links work.
    Redirect(String),
    NotFound,
}

/// Maps the path of a request (`/compounds/x/?q#f`, base path removed) to a file of the
/// build. Any `.` or `..` segment, encoded or not, is refused outright.
pub(crate) fn resolve(snapshot: &Snapshot, request_path: &str) -> Resolved {
    let path = request_path.split(['?', '#']).next().unwrap_or("");
    let Some(decoded) = crate::links::percent::decode_strict(path) else {
        return Resolved::NotFound;
    };
    if !decoded.starts_with('/') {
        return Resolved::NotFound;
    }
    let mut segments = Vec::new();
    for segment in decoded.split('/').filter(|s| !s.is_empty()) {
        if segment == "." || segment == ".." || segment.contains(['\\', '\0', ':']) {
            return Resolved::NotFound;
        }
        segments.push(segment);
    }
    let key = segments.join("/");
    let index = if key.is_empty() {
        "index.html".to_string()
    } else {
        format!("{key}/index.html")
    };
    if !decoded.ends_with('/') && !key.is_empty() && snapshot.files.contains_key(&key) {
        return Resolved::File(key);
    }
    if snapshot.files.contains_key(&index) {
        return if decoded.ends_with('/') {
            Resolved::File(index)
        } else {
            Resolved::Redirect(format!("{path}/"))
        };
    }
    Resolved::NotFound
}

/// The `Content-Type` for a file name.
pub(crate) fn content_type(path: &str) -> &'static str {
    let extension = Path::new(path)
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    match extension.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "pdf" => "application/pdf",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "mp4" => "video/mp4",
        _ => "application/octet-stream",
    }
}

/// Answers one request on `stream`.
pub(crate) fn handle(stream: TcpStream, state: &State) {
    let mut reader = BufReader::new(&stream);
    let mut request_line = String::new();
    if reader.read_line(&mut request_line).is_err() {
        return;
    }
    // Drain the headers; a preview needs none of them.
    let mut header = String::new();
    while reader.read_line(&mut header).is_ok_and(|n| n > 2) {
        header.clear();
    }
    let mut parts = request_line.split_whitespace();
    let (method, target) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
    let head_only = method == "HEAD";
    if method != "GET" && !head_only {
        return Response::text(
            405,
            "Method Not Allowed",
            "only GET and HEAD are supported\n",
        )
        .send(&stream, false);
    }
    let path = target.split('?').next().unwrap_or("");
    if path == EVENTS_PATH {
        return events(stream, state);
    }
    if path == FINDINGS_PATH {
        return findings(state, target).send(&stream, head_only);
    }
    let snapshot = state.snapshot();
    if snapshot.files.is_empty() {
        // No build has succeeded yet: a page that shows why, and reloads once one does.
        let page = b"<!doctype html><html lang=\"en\"><meta charset=\"utf-8\"><title>Build failed</title><body><p>The site has not built yet; fix the errors shown below and it will appear.</p></body></html>";
        let body = inject(page, &state.version());
        return Response {
            status: 503,
            reason: "Service Unavailable",
            content_type: "text/html; charset=utf-8",
            body,
            location: None,
        }
        .send(&stream, head_only);
    }
    let response = match resolve(&snapshot, &strip_base(target, &state.base_path)) {
        Resolved::File(file) => page(state, &snapshot, &file, 200, "OK"),
        Resolved::Redirect(location) => {
            Response::redirect(&format!("{}{location}", state.base_path))
        }
        Resolved::NotFound if snapshot.files.contains_key("404.html") => {
            page(state, &snapshot, "404.html", 404, "Not Found")
        }
        Resolved::NotFound => Response::text(404, "Not Found", "not found\n"),
    };
    response.send(&stream, head_only);
}

/// A file of the build; HTML gets the live-reload script.
fn page(
    state: &State,
    snapshot: &Snapshot,
    file: &str,
    status: u16,
    reason: &'static str,
) -> Response {
    let bytes = match snapshot.files.get(file) {
        Some(Body::Bytes(bytes)) => bytes.to_vec(),
        Some(Body::File(path)) => match read_inside(&state.root, path) {
            Some(bytes) => bytes,
            None => return Response::text(404, "Not Found", "not found\n"),
        },
        None => return Response::text(404, "Not Found", "not found\n"),
    };
    let content_type = content_type(file);
    let body = if content_type.starts_with("text/html") {
        inject(&bytes, &state.version())
    } else {
        bytes
    };
    Response {
        status,
        reason,
        content_type,
        body,
        location: None,
    }
}

/// Reads a copied file only if it really lies inside the site folder (a symlink in
/// `static/` may point anywhere).
fn read_inside(root: &Path, path: &Path) -> Option<Vec<u8>> {
    let real = path.canonicalize().ok()?;
    let root = root.canonicalize().ok()?;
    real.starts_with(&root)
        .then(|| std::fs::read(&real).ok())
        .flatten()
}

/// `GET /__panelpress/findings?path=/compounds/x/`: the findings of that page as JSON.
fn findings(state: &State, target: &str) -> Response {
    let query = target.split_once('?').map_or("", |(_, q)| q);
    let path = query
        .split('&')
        .find_map(|pair| pair.strip_prefix("path="))
        .and_then(crate::links::percent::decode_strict)
        .unwrap_or_default();
    let snapshot = state.snapshot();
    let list = match resolve(&snapshot, &strip_base(&path, &state.base_path)) {
        Resolved::File(file) => snapshot.findings.get(&file).cloned().unwrap_or_default(),
        _ => Vec::new(),
    };
    Response {
        status: 200,
        reason: "OK",
        content_type: "application/json",
        body: serde_json::to_vec(&list).unwrap_or_else(|_| b"[]".to_vec()),
        location: None,
    }
}

/// `GET /__panelpress/events`: server-sent events until the tab goes away.
fn events(mut stream: TcpStream, state: &State) {
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: keep-alive\r\n\r\n";
    let (mut seen, _) = state.latest();
    let hello = format!(
        "{head}retry: 500\nevent: hello\ndata: {}\n\n",
        state.hello()
    );
    if stream.write_all(hello.as_bytes()).is_err() {
        return;
    }
    loop {
        let message = match state.wait_after(seen, Duration::from_secs(15)) {
            Some((number, event)) => {
                seen = number;
                match event {
                    Event::Reload => "event: reload\ndata: 1\n\n".to_string(),
                    Event::Css => "event: css\ndata: 1\n\n".to_string(),
                    Event::BuildError(json) => format!("event: build-error\ndata: {json}\n\n"),
                }
            }
            // A comment keeps proxies and the browser from timing the stream out, and
            // notices a closed tab.
            None => ": ping\n\n".to_string(),
        };
        if stream
            .write_all(message.as_bytes())
            .and_then(|_| stream.flush())
            .is_err()
        {
            return;
        }
    }
}

fn strip_base(target: &str, base_path: &str) -> String {
    match target.strip_prefix(base_path) {
        Some(rest) if !base_path.is_empty() && (rest.is_empty() || rest.starts_with('/')) => {
            if rest.is_empty() {
                "/".to_string()
            } else {
                rest.to_string()
            }
        }
        _ => target.to_string(),
    }
}

struct Response {
    status: u16,
    reason: &'static str,
    content_type: &'static str,
    body: Vec<u8>,
    location: Option<String>,
}

impl Response {
    fn text(status: u16, reason: &'static str, body: &str) -> Response {
        Response {
            status,
            reason,
            content_type: "text/plain; charset=utf-8",
            body: body.as_bytes().to_vec(),
            location: None,
        }
    }

    fn redirect(location: &str) -> Response {
        Response {
            location: Some(location.to_string()),
            ..Response::text(301, "Moved Permanently", "moved\n")
        }
    }

    fn send(self, mut stream: &TcpStream, head_only: bool) {
        let mut head = format!(
            "HTTP/1.1 {} {}\r\nContent-Type: {}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nConnection: close\r\n",
            self.status,
            self.reason,
            self.content_type,
            self.body.len()
        );
        if let Some(location) = &self.location {
            head.push_str(&format!("Location: {location}\r\n"));
        }
        head.push_str("\r\n");
        let _ = stream.write_all(head.as_bytes());
        if !head_only {
            let _ = stream.write_all(&self.body);
        }
        let _ = stream.flush();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    fn snapshot() -> Snapshot {
        let mut snapshot = Snapshot::default();
        for file in ["index.html", "a/index.html", "style.css", "404.html"] {
            snapshot
                .files
                .insert(file.into(), Body::Bytes(Arc::from(&b"x"[..])));
        }
        snapshot
    }

    #[test]
    fn serves_files_and_folder_indexes() {
        let s = snapshot();
        assert_eq!(resolve(&s, "/"), Resolved::File("index.html".into()));
        assert_eq!(resolve(&s, "/a/"), Resolved::File("a/index.html".into()));
        assert_eq!(
            resolve(&s, "/a/?x=1#y"),
            Resolved::File("a/index.html".into())
        );
        assert_eq!(
            resolve(&s, "/style.css"),
            Resolved::File("style.css".into())
        );
        assert_eq!(resolve(&s, "/a"), Resolved::Redirect("/a/".into()));
        assert_eq!(resolve(&s, "/missing/"), Resolved::NotFound);
    }

    #[test]
    fn refuses_every_way_out_of_the_build() {
        let s = snapshot();
        for path in [
            "/../secret.txt",
            "/a/../../secret.txt",
            "/a/../index.html",
            "/%2e%2e/secret.txt",
            "/%2E%2E%2Fsecret.txt",
            "/..%5csecret.txt",
            "//etc/passwd",
            "http://evil/../secret.txt",
            "/%ff",
            "/C:/Windows",
        ] {
            assert_eq!(resolve(&s, path), Resolved::NotFound, "{path}");
        }
    }

    #[test]
    fn copied_files_outside_the_site_are_not_read() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        std::fs::create_dir(&site).unwrap();
        std::fs::write(dir.path().join("secret.txt"), "secret").unwrap();
        std::fs::write(site.join("ok.txt"), "ok").unwrap();
        std::os::unix::fs::symlink(dir.path().join("secret.txt"), site.join("link.txt")).unwrap();
        assert_eq!(
            read_inside(&site, &site.join("ok.txt")).as_deref(),
            Some(&b"ok"[..])
        );
        assert_eq!(read_inside(&site, &site.join("link.txt")), None);
    }

    #[test]
    fn names_content_types() {
        assert_eq!(content_type("a.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("a.SVG"), "image/svg+xml");
        assert_eq!(content_type("a.unknown"), "application/octet-stream");
    }
}
