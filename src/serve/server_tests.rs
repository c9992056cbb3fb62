//! The server on a free loopback port, spoken to over raw sockets: what a hostile page or
//! client could send, and that a normal request is still answered afterwards.

use super::*;
use crate::output::Body as Output;
use crate::serve::state::{Event, Snapshot};
use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Instant;

/// A server with a small site (`/`, `/compounds/`, `/style.css`) and `limits`; its port.
fn serve(limits: Limits) -> u16 {
    let state = Arc::new(State::new(std::env::temp_dir(), String::new()));
    let mut snapshot = Snapshot::default();
    for (file, text) in [
        ("index.html", "<p>home</p>"),
        ("compounds/index.html", "<p>compounds</p>"),
        ("style.css", "p {}"),
    ] {
        let bytes: Arc<[u8]> = Arc::from(text.as_bytes());
        snapshot.files.insert(file.into(), Output::Bytes(bytes));
    }
    state.publish(snapshot, Event::Reload);
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    start(vec![listener], state, limits).unwrap();
    port
}

const SMALL: Limits = Limits {
    connections: 4,
    request: 8 * 1024,
    idle: Duration::from_millis(500),
};

/// Sends `request` and reads the answer until the server closes the connection.
fn exchange(port: u16, request: &[u8]) -> String {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    // The server may stop reading (and close) before all of an oversized request is sent.
    let _ = stream.write_all(request);
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer);
    String::from_utf8_lossy(&answer).into_owned()
}

fn get(port: u16, path: &str, host: &str) -> String {
    let request = format!("GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n");
    exchange(port, request.as_bytes())
}

fn status(answer: &str) -> &str {
    answer.split(' ').nth(1).unwrap_or("")
}

fn header<'a>(answer: &'a str, name: &str) -> Option<&'a str> {
    let head = answer.split("\r\n\r\n").next()?;
    head.lines().find_map(|line| {
        let (key, value) = line.split_once(':')?;
        key.eq_ignore_ascii_case(name).then(|| value.trim())
    })
}

#[test]
fn answers_only_to_its_own_address() {
    let port = serve(SMALL);
    for host in [
        format!("127.0.0.1:{port}"),
        format!("localhost:{port}"),
        format!("LocalHost:{port}"),
        format!("[::1]:{port}"),
    ] {
        let answer = get(port, "/", &host);
        assert_eq!(status(&answer), "200", "{host}: {answer}");
        assert!(answer.contains("<p>home</p>"), "{answer}");
    }
    for host in [
        format!("evil.example:{port}"),
        format!("localhost.evil.example:{port}"),
        format!("127.0.0.1:{}", port.wrapping_add(1)),
        "127.0.0.1".to_string(),
        format!("10.0.0.1:{port}"),
    ] {
        let answer = get(port, "/", &host);
        assert_eq!(status(&answer), "421", "{host}: {answer}");
        assert!(!answer.contains("home"), "{host}: {answer}");
    }
    // An absolute-form target names the host too.
    let absolute = format!("GET http://evil.example:{port}/ HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n");
    assert_eq!(status(&exchange(port, absolute.as_bytes())), "421");
    let no_host = "GET / HTTP/1.0\r\n\r\n";
    assert_eq!(status(&exchange(port, no_host.as_bytes())), "421");
}

#[test]
fn host_names_and_addresses() {
    let loopback: Vec<SocketAddr> = vec!["127.0.0.1:1111".parse().unwrap()];
    assert!(is_served("localhost:1111", &loopback));
    assert!(is_served("[::1]:1111", &loopback));
    assert!(!is_served("[::1]:2222", &loopback));
    assert!(!is_served("[::1", &loopback));
    assert!(!is_served("localhost:x", &loopback));
    assert!(!is_served("192.168.1.5:1111", &loopback));
    let lan: Vec<SocketAddr> = vec!["192.168.1.5:80".parse().unwrap()];
    assert!(is_served("192.168.1.5", &lan));
    assert!(is_served("192.168.1.5:80", &lan));
    assert!(!is_served("192.168.1.6", &lan));
    let everywhere: Vec<SocketAddr> = vec!["0.0.0.0:1111".parse().unwrap()];
    assert!(is_served("10.1.2.3:1111", &everywhere));
    assert!(!is_served("rebind.example:1111", &everywhere));
}

#[test]
fn oversized_requests_get_an_error_and_the_server_keeps_answering() {
    let port = serve(SMALL);
    let long_line = format!("GET /{} HTTP/1.1\r\n\r\n", "a".repeat(64 * 1024));
    let long_header = format!(
        "GET / HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nX-Big: {}\r\n\r\n",
        "b".repeat(64 * 1024)
    );
    for request in [long_line, long_header] {
        let answer = exchange(port, request.as_bytes());
        assert!(
            ["431", "414"].contains(&status(&answer)),
            "{}",
            &answer[..answer.len().min(200)]
        );
    }
    let answer = get(port, "/", &format!("127.0.0.1:{port}"));
    assert_eq!(status(&answer), "200", "{answer}");
}

#[test]
fn a_double_slash_is_never_redirected_to_another_host() {
    let port = serve(SMALL);
    let host = format!("127.0.0.1:{port}");
    for path in ["//compounds", "///compounds", "/compounds"] {
        let answer = get(port, path, &host);
        assert_eq!(status(&answer), "301", "{path}: {answer}");
        assert_eq!(header(&answer, "location"), Some("/compounds/"), "{path}");
    }
    assert_eq!(status(&get(port, "//compounds/", &host)), "200");
}

#[test]
fn every_answer_says_nosniff() {
    let port = serve(SMALL);
    let host = format!("127.0.0.1:{port}");
    let answers = [
        get(port, "/", &host),
        get(port, "/style.css", &host),
        get(port, "/missing", &host),
        get(port, "/compounds", &host),
        get(port, "/", "evil.example"),
        exchange(
            port,
            format!("POST / HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n").as_bytes(),
        ),
    ];
    for answer in answers {
        assert_eq!(
            header(&answer, "x-content-type-options"),
            Some("nosniff"),
            "{answer}"
        );
    }
}

/// Idle connections beyond the limit wait unaccepted; each accepted one is closed after
/// `idle`, so a normal request behind them is still answered within a few `idle`s.
#[test]
fn idle_connections_beyond_the_limit_do_not_stop_a_request() {
    let port = serve(SMALL);
    let idle: Vec<TcpStream> = (0..SMALL.connections + 10)
        .map(|_| TcpStream::connect(("127.0.0.1", port)).unwrap())
        .collect();
    let started = Instant::now();
    let answer = get(port, "/", &format!("localhost:{port}"));
    assert_eq!(status(&answer), "200", "{answer}");
    assert!(
        started.elapsed() < Duration::from_secs(8),
        "{:?}",
        started.elapsed()
    );
    // The idle ones were closed by the server.
    for mut stream in idle {
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        let mut byte = [0u8; 1];
        assert!(matches!(stream.read(&mut byte), Ok(0) | Err(_)));
    }
}

/// Keep-alive is on: two requests on one connection, then the idle timeout closes it.
#[test]
fn keeps_connections_alive_between_requests() {
    let port = serve(SMALL);
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let request = format!("GET /style.css HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n");
    for _ in 0..2 {
        stream.write_all(request.as_bytes()).unwrap();
        let mut answer = vec![0u8; 4096];
        let n = stream.read(&mut answer).unwrap();
        let answer = String::from_utf8_lossy(&answer[..n]).into_owned();
        assert_eq!(status(&answer), "200", "{answer}");
        assert!(answer.ends_with("p {}"), "{answer}");
    }
    let mut rest = Vec::new();
    let _ = stream.read_to_end(&mut rest);
    assert!(rest.is_empty());
}
