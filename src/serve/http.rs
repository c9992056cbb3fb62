//! Just enough HTTP/1.1 for a preview: GET and HEAD, one request per connection, the right
//! content types, `index.html` for folder URLs, the site's own `404.html` for misses, and no
//! way out of the output folder (`..`, `%2e%2e`, absolute paths, symlinks pointing outside).

use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};

/// What a request path names.
#[derive(Debug, PartialEq, Eq)]
pub enum Resolved {
    File(PathBuf),
    /// A folder asked for without its trailing slash: redirect so relative links work.
    Redirect(String),
    NotFound,
}

/// Maps the path of a request (`/compounds/x/?q#f`) to a file inside `dir`.
pub fn resolve(dir: &Path, request_path: &str) -> Resolved {
    let path = request_path.split(['?', '#']).next().unwrap_or("");
    let Some(decoded) = percent_decode(path) else {
        return Resolved::NotFound;
    };
    if !decoded.starts_with('/') {
        return Resolved::NotFound;
    }
    let mut candidate = dir.to_path_buf();
    for segment in decoded.split('/').filter(|s| !s.is_empty()) {
        if segment == "." || segment == ".." || segment.contains(['\\', '\0', ':']) {
            return Resolved::NotFound;
        }
        candidate.push(segment);
    }
    if candidate.is_dir() {
        if !decoded.ends_with('/') {
            return Resolved::Redirect(format!("{path}/"));
        }
        candidate.push("index.html");
    }
    // Symlinks inside the output may point anywhere; only serve what really lies inside.
    match (candidate.canonicalize(), dir.canonicalize()) {
        (Ok(real), Ok(root)) if real.starts_with(&root) && real.is_file() => Resolved::File(real),
        _ => Resolved::NotFound,
    }
}

fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// The `Content-Type` for a file name.
pub fn content_type(path: &Path) -> &'static str {
    let extension = path
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
pub fn handle(stream: TcpStream, dir: &Path, base_path: &str) {
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
    let response = if method != "GET" && !head_only {
        Response::text(
            405,
            "Method Not Allowed",
            "only GET and HEAD are supported\n",
        )
    } else {
        let path = strip_base(target, base_path);
        match resolve(dir, &path) {
            Resolved::File(file) => Response::file(200, "OK", &file),
            Resolved::Redirect(location) => Response::redirect(&format!("{base_path}{location}")),
            Resolved::NotFound => match dir.join("404.html") {
                page if page.is_file() => Response::file(404, "Not Found", &page),
                _ => Response::text(404, "Not Found", "not found\n"),
            },
        }
    };
    response.send(&stream, head_only);
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

    fn file(status: u16, reason: &'static str, path: &Path) -> Response {
        match std::fs::read(path) {
            Ok(body) => Response {
                status,
                reason,
                content_type: content_type(path),
                body,
                location: None,
            },
            Err(_) => Response::text(500, "Internal Server Error", "cannot read the file\n"),
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

    fn site() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        std::fs::create_dir_all(out.join("a")).unwrap();
        std::fs::write(out.join("a/index.html"), "a").unwrap();
        std::fs::write(out.join("style.css"), "css").unwrap();
        std::fs::write(dir.path().join("secret.txt"), "secret").unwrap();
        dir
    }

    #[test]
    fn serves_files_and_folder_indexes() {
        let dir = site();
        let out = dir.path().join("public");
        let real = |p: &str| out.join(p).canonicalize().unwrap();
        assert_eq!(resolve(&out, "/a/"), Resolved::File(real("a/index.html")));
        assert_eq!(
            resolve(&out, "/a/?x=1#y"),
            Resolved::File(real("a/index.html"))
        );
        assert_eq!(
            resolve(&out, "/style.css"),
            Resolved::File(real("style.css"))
        );
        assert_eq!(resolve(&out, "/a"), Resolved::Redirect("/a/".into()));
        assert_eq!(resolve(&out, "/missing/"), Resolved::NotFound);
    }

    #[test]
    fn refuses_every_way_out_of_the_output() {
        let dir = site();
        let out = dir.path().join("public");
        std::os::unix::fs::symlink(dir.path().join("secret.txt"), out.join("link.txt")).unwrap();
        for path in [
            "/../secret.txt",
            "/a/../../secret.txt",
            "/%2e%2e/secret.txt",
            "/%2E%2E%2Fsecret.txt",
            "/..%5csecret.txt",
            "//etc/passwd",
            "http://evil/../secret.txt",
            "/link.txt",
            "/%ff",
        ] {
            assert_eq!(resolve(&out, path), Resolved::NotFound, "{path}");
        }
    }

    #[test]
    fn names_content_types() {
        assert_eq!(
            content_type(Path::new("a.html")),
            "text/html; charset=utf-8"
        );
        assert_eq!(content_type(Path::new("a.SVG")), "image/svg+xml");
        assert_eq!(
            content_type(Path::new("a.unknown")),
            "application/octet-stream"
        );
    }
}
