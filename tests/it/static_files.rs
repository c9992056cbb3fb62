//! A small static file server for the browser tests: a built site's output folder served
//! over HTTP/1.0 on a loopback port, as a static host would (a folder's `index.html` for
//! its URL), so a page's root-relative links resolve.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};

/// Serves the files of a folder over HTTP/1.0 on a loopback port, one thread per request,
/// for as long as the test runs.
pub struct Files {
    pub port: u16,
}

impl Files {
    pub fn serve(root: PathBuf) -> Files {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind a port");
        let port = listener.local_addr().expect("an address").port();
        std::thread::spawn(move || {
            for stream in listener.incoming().map_while(Result::ok) {
                let root = root.clone();
                std::thread::spawn(move || answer(stream, &root));
            }
        });
        Files { port }
    }
}

fn answer(mut stream: TcpStream, root: &Path) {
    let mut line = String::new();
    if BufReader::new(&stream).read_line(&mut line).is_err() {
        return;
    }
    let path = line.split(' ').nth(1).unwrap_or("/").to_string();
    let path = path.split(['?', '#']).next().unwrap_or("/");
    let mut file = root.join(path.trim_start_matches('/'));
    if file.is_dir() {
        file = file.join("index.html");
    }
    let (status, mut body) = match std::fs::read(&file) {
        Ok(body) if !path.contains("..") => ("200 OK", body),
        _ => ("404 Not Found", b"not found".to_vec()),
    };
    // `?stay` leaves out a redirect page's script and refresh, so the page itself can be
    // audited.
    if line.contains("?stay") {
        let text = String::from_utf8_lossy(&body)
            .replace("location.replace(", "String(")
            .replace("http-equiv=\"refresh\"", "");
        body = text.into_bytes();
    }
    let kind = match file.extension().and_then(|e| e.to_str()) {
        Some("html") => "text/html; charset=utf-8",
        Some("css") => "text/css",
        Some("js") => "text/javascript",
        Some("json") => "application/json",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("xml") => "application/xml",
        _ => "application/octet-stream",
    };
    let head = format!(
        "HTTP/1.0 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes()).ok();
    stream.write_all(&body).ok();
}
