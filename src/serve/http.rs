//! What each preview request gets: the right content types, `index.html` for folder URLs,
//! the site's own `404.html` for misses, the event stream, the findings and the editor's
//! report, and no way out of the build (`..`, `%2e%2e`, absolute paths, symlinks pointing
//! outside the site). The connection side (parsing, limits, timeouts, the `Host` check) is
//! [`super::server`].

use super::inject::{inject, EVENTS_PATH, FINDINGS_PATH};
use super::report::{PENDING, REPORT_PATH};
use super::state::{Event, Snapshot, State};
use crate::output::Body as Output;
use hyper::body::{Body as HttpBody, Bytes, Frame, SizeHint};
use hyper::header::{HeaderValue, CACHE_CONTROL, CONTENT_TYPE, LOCATION};
use hyper::{Method, Response, StatusCode, Uri};
use std::convert::Infallible;
use std::path::Path;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::sync::mpsc;

/// What a request path names in a build.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Resolved {
    /// An output file, by its path in the build.
    File(String),
    /// A folder asked for without its trailing slash: redirect so relative links work.
    /// The target has exactly one leading slash (`//compounds` would name another host).
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
            // The path as sent (still percent-encoded), its empty segments dropped.
            let raw: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
            Resolved::Redirect(format!("/{}/", raw.join("/")))
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

/// The body of a response: whole, or the event stream's messages as they come.
pub(crate) enum Body {
    Full(Option<Bytes>),
    Stream(mpsc::Receiver<Bytes>),
}

impl HttpBody for Body {
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        let next = match self.get_mut() {
            Body::Full(bytes) => Poll::Ready(bytes.take()),
            Body::Stream(messages) => messages.poll_recv(cx),
        };
        next.map(|bytes| bytes.map(|b| Ok(Frame::data(b))))
    }

    fn is_end_stream(&self) -> bool {
        matches!(self, Body::Full(None))
    }

    fn size_hint(&self) -> SizeHint {
        match self {
            Body::Full(bytes) => SizeHint::with_exact(bytes.as_ref().map_or(0, |b| b.len() as u64)),
            Body::Stream(_) => SizeHint::default(),
        }
    }
}

/// A response with `Cache-Control: no-store` (a preview is never cached).
fn response(status: StatusCode, content_type: &'static str, body: Body) -> Response<Body> {
    let mut response = Response::new(body);
    *response.status_mut() = status;
    let headers = response.headers_mut();
    headers.insert(CONTENT_TYPE, HeaderValue::from_static(content_type));
    headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

fn full(status: StatusCode, content_type: &'static str, body: Vec<u8>) -> Response<Body> {
    response(status, content_type, Body::Full(Some(Bytes::from(body))))
}

/// A plain-text response.
pub(crate) fn text(status: StatusCode, body: &'static str) -> Response<Body> {
    response(
        status,
        "text/plain; charset=utf-8",
        Body::Full(Some(Bytes::from_static(body.as_bytes()))),
    )
}

/// Answers a request whose `Host` was already checked. HEAD gets the same head as GET;
/// hyper leaves the body out.
pub(crate) fn handle(state: &Arc<State>, method: &Method, uri: &Uri) -> Response<Body> {
    if method != Method::GET && method != Method::HEAD {
        return text(
            StatusCode::METHOD_NOT_ALLOWED,
            "only GET and HEAD are supported\n",
        );
    }
    let path = uri.path();
    if path == EVENTS_PATH {
        return events(state);
    }
    if path == FINDINGS_PATH {
        return findings(state, uri.query().unwrap_or(""));
    }
    let snapshot = state.snapshot();
    if snapshot.files.is_empty() {
        // No build has succeeded yet: a page that shows why, and reloads once one does.
        let page = b"<!doctype html><html lang=\"en\"><meta charset=\"utf-8\"><title>Build failed</title><body><p>The site has not built yet; fix the errors shown below and it will appear.</p></body></html>";
        let body = inject(page, &state.version());
        return full(
            StatusCode::SERVICE_UNAVAILABLE,
            "text/html; charset=utf-8",
            body,
        );
    }
    let path = strip_base(path, &state.base_path);
    if path == REPORT_PATH || path == REPORT_PATH.trim_end_matches('/') {
        return editors_report(state, &path);
    }
    match resolve(&snapshot, &path) {
        Resolved::File(file) => page(state, &snapshot, &file, StatusCode::OK),
        Resolved::Redirect(location) => redirect(state, &location),
        Resolved::NotFound if snapshot.files.contains_key("404.html") => {
            page(state, &snapshot, "404.html", StatusCode::NOT_FOUND)
        }
        Resolved::NotFound => text(StatusCode::NOT_FOUND, "not found\n"),
    }
}

/// A redirect to `location` (a path of the site) under the base path.
fn redirect(state: &State, location: &str) -> Response<Body> {
    match HeaderValue::try_from(format!("{}{location}", state.base_path)) {
        Ok(location) => {
            let mut moved = text(StatusCode::MOVED_PERMANENTLY, "moved\n");
            moved.headers_mut().insert(LOCATION, location);
            moved
        }
        Err(_) => text(StatusCode::NOT_FOUND, "not found\n"),
    }
}

/// The editor's report of the build served, with the live-reload script so an open tab
/// follows the rebuilds; a short page that asks again while the checks still run.
fn editors_report(state: &State, path: &str) -> Response<Body> {
    if path != REPORT_PATH {
        return redirect(state, REPORT_PATH);
    }
    let (status, html) = match state.report() {
        Some(made) => (StatusCode::OK, made.page(&state.root)),
        None => (StatusCode::SERVICE_UNAVAILABLE, PENDING.to_string()),
    };
    let body = inject(html.as_bytes(), &state.version());
    let mut response = full(status, "text/html; charset=utf-8", body);
    response
        .headers_mut()
        .insert("x-robots-tag", HeaderValue::from_static("noindex"));
    response
}

/// A file of the build; HTML gets the live-reload script.
fn page(state: &State, snapshot: &Snapshot, file: &str, status: StatusCode) -> Response<Body> {
    let bytes = match snapshot.files.get(file) {
        Some(Output::Bytes(bytes)) => bytes.to_vec(),
        Some(Output::File(path)) => match read_inside(&state.root, path) {
            Some(bytes) => bytes,
            None => return text(StatusCode::NOT_FOUND, "not found\n"),
        },
        None => return text(StatusCode::NOT_FOUND, "not found\n"),
    };
    let content_type = content_type(file);
    let body = if content_type.starts_with("text/html") {
        inject(&bytes, &state.version())
    } else {
        bytes
    };
    full(status, content_type, body)
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
fn findings(state: &State, query: &str) -> Response<Body> {
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
    let body = serde_json::to_vec(&list).unwrap_or_else(|_| b"[]".to_vec());
    full(StatusCode::OK, "application/json", body)
}

/// How often an idle event stream gets a comment: it keeps proxies and the browser from
/// timing the stream out, and notices a closed tab (the send fails).
const PING: Duration = Duration::from_secs(15);

/// `GET /__panelpress/events`: server-sent events until the tab goes away. A task on the
/// server's runtime writes them; it ends when the response (so the connection) is gone.
fn events(state: &Arc<State>) -> Response<Body> {
    let (sender, messages) = mpsc::channel::<Bytes>(8);
    let state = Arc::clone(state);
    tokio::spawn(async move {
        let mut latest = state.subscribe();
        let hello = format!("retry: 500\nevent: hello\ndata: {}\n\n", state.hello());
        if sender.send(Bytes::from(hello)).await.is_err() {
            return;
        }
        loop {
            let message = match tokio::time::timeout(PING, latest.changed()).await {
                Ok(Ok(())) => match latest.borrow_and_update().1.clone() {
                    Event::Reload => "event: reload\ndata: 1\n\n".to_string(),
                    Event::Css => "event: css\ndata: 1\n\n".to_string(),
                    Event::BuildError(json) => format!("event: build-error\ndata: {json}\n\n"),
                },
                Ok(Err(_)) => return,
                Err(_) => ": ping\n\n".to_string(),
            };
            if sender.send(Bytes::from(message)).await.is_err() {
                return;
            }
        }
    });
    response(StatusCode::OK, "text/event-stream", Body::Stream(messages))
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

#[cfg(test)]
mod tests {
    use super::*;

    fn snapshot() -> Snapshot {
        let mut snapshot = Snapshot::default();
        for file in ["index.html", "a/index.html", "style.css", "404.html"] {
            snapshot
                .files
                .insert(file.into(), Output::Bytes(Arc::from(&b"x"[..])));
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
        // Never `//a/`: a browser reads that as the host `a`.
        assert_eq!(resolve(&s, "//a"), Resolved::Redirect("/a/".into()));
        assert_eq!(resolve(&s, "///a//"), Resolved::File("a/index.html".into()));
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
