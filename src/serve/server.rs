//! The preview's connections: hyper's HTTP/1.1 on a current-thread tokio runtime of its own
//! (the build and the rest of the crate stay synchronous). It bounds what a client can take:
//! a request line and headers over [`Limits::request`] get a 431 or 414, at most
//! [`Limits::connections`] connections are served at once, and a connection that sends no
//! complete request head within [`Limits::idle`] is closed, whether it is new, between two
//! requests (keep-alive is on) or sending a byte at a time. Every answer says `nosniff`, and
//! only requests naming the server by its own address are answered, so a page on another
//! site cannot read the preview by pointing its own name at 127.0.0.1 (DNS rebinding).

use super::http::{handle, text, Body};
use super::state::State;
use hyper::body::Incoming;
use hyper::header::{HeaderValue, HOST, X_CONTENT_TYPE_OPTIONS};
use hyper::{Request, Response, StatusCode};
use hyper_util::rt::{TokioIo, TokioTimer};
use std::convert::Infallible;
use std::io;
use std::net::{IpAddr, SocketAddr, TcpListener};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Semaphore;

/// What one client may take of the server.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Limits {
    /// Connections served at once; more wait, unaccepted, until one closes.
    pub(crate) connections: usize,
    /// Bytes of request line and headers (hyper's read buffer; 8 KiB at least).
    pub(crate) request: usize,
    /// How long a connection may take to send a request head, idle time included.
    pub(crate) idle: Duration,
}

/// A writer's preview has a few tabs, each with one event stream and a handful of
/// connections; the limits leave room for that many times over while keeping memory
/// (connections × request size) and file descriptors bounded. An idle connection holds its
/// place for at most `idle`, so a normal request waits at most about
/// (connections ahead of it / `connections`) × `idle` even behind a crowd of idle ones.
pub(crate) const LIMITS: Limits = Limits {
    connections: 512,
    request: 64 * 1024,
    idle: Duration::from_secs(5),
};

/// Serves `listeners` on a runtime started on its own thread. Returns once it runs.
pub(crate) fn start(
    listeners: Vec<TcpListener>,
    state: Arc<State>,
    limits: Limits,
) -> io::Result<()> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_io()
        .enable_time()
        .build()?;
    let mut served = Vec::new();
    for listener in &listeners {
        listener.set_nonblocking(true)?;
        served.push(listener.local_addr()?);
    }
    let shared = Arc::new(Shared {
        state,
        served,
        limits,
        permits: Arc::new(Semaphore::new(limits.connections)),
    });
    std::thread::spawn(move || {
        runtime.block_on(async move {
            let mut loops = Vec::new();
            for listener in listeners {
                if let Ok(listener) = tokio::net::TcpListener::from_std(listener) {
                    loops.push(tokio::spawn(accept(listener, Arc::clone(&shared))));
                }
            }
            for accepting in loops {
                let _ = accepting.await;
            }
        });
    });
    Ok(())
}

/// What every connection shares.
struct Shared {
    state: Arc<State>,
    /// The addresses listened on (all with the same port).
    served: Vec<SocketAddr>,
    limits: Limits,
    permits: Arc<Semaphore>,
}

/// Accepts a connection only when one of the limited places is free, so a crowd of clients
/// waits in the system's queue instead of taking threads, memory or file descriptors.
async fn accept(listener: tokio::net::TcpListener, shared: Arc<Shared>) {
    loop {
        let Ok(permit) = Arc::clone(&shared.permits).acquire_owned().await else {
            return;
        };
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            Err(_) => {
                // Out of file descriptors, or a connection reset before it was accepted:
                // wait a little rather than spin on the same error.
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        let shared = Arc::clone(&shared);
        tokio::spawn(async move {
            let limits = shared.limits;
            let service = hyper::service::service_fn(move |request| {
                let response = respond(&shared, &request);
                async move { Ok::<_, Infallible>(response) }
            });
            let _ = hyper::server::conn::http1::Builder::new()
                .timer(TokioTimer::new())
                .keep_alive(true)
                .header_read_timeout(limits.idle)
                .max_buf_size(limits.request)
                .serve_connection(TokioIo::new(stream), service)
                .await;
            drop(permit);
        });
    }
}

/// Answers a request that names this server, refuses any other with 421; `nosniff` on all.
fn respond(shared: &Shared, request: &Request<Incoming>) -> Response<Body> {
    // An absolute-form target (`GET http://host/ HTTP/1.1`) names the host instead.
    let host = match request.uri().authority() {
        Some(authority) => Some(authority.as_str()),
        None => request.headers().get(HOST).and_then(|h| h.to_str().ok()),
    };
    let mut response = if host.is_some_and(|host| is_served(host, &shared.served)) {
        handle(&shared.state, request.method(), request.uri())
    } else {
        text(
            StatusCode::MISDIRECTED_REQUEST,
            "this preview answers only to its own address (localhost, 127.0.0.1, [::1] or the address it listens on)\n",
        )
    };
    response
        .headers_mut()
        .insert(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    response
}

/// Whether `host` (a `Host` header: `localhost:1111`, `[::1]:1111`) names a served
/// address: `localhost`, a loopback address or the address listened on, with its port. A
/// server listening on every address (`0.0.0.0`, `[::]`) answers to any IP address, still
/// never to a name other than `localhost`: a name is what a rebinding page controls.
fn is_served(host: &str, served: &[SocketAddr]) -> bool {
    let (name, port) = match host.strip_prefix('[') {
        Some(rest) => match rest.split_once(']') {
            Some((name, port)) => (name, port),
            None => return false,
        },
        None => match host.rfind(':') {
            Some(colon) => (&host[..colon], &host[colon..]),
            None => (host, ""),
        },
    };
    let port = match port {
        "" => 80,
        port => match port.strip_prefix(':').and_then(|p| p.parse::<u16>().ok()) {
            Some(port) => port,
            None => return false,
        },
    };
    if !served.iter().any(|address| address.port() == port) {
        return false;
    }
    if name.eq_ignore_ascii_case("localhost") {
        return true;
    }
    let Ok(ip) = name.parse::<IpAddr>() else {
        return false;
    };
    let loopback =
        ip == IpAddr::from([127, 0, 0, 1]) || ip == IpAddr::from(std::net::Ipv6Addr::LOCALHOST);
    loopback
        || served
            .iter()
            .any(|address| address.ip() == ip || address.ip().is_unspecified())
}

#[cfg(test)]
#[path = "server_tests.rs"]
mod tests;
