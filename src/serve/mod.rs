//! `panelpress serve`: the built site over HTTP on loopback, for previewing.
//!
//! A small blocking server on std's `TcpListener` (a preview serves one writer, so a thread
//! per connection is plenty and keeps the build free of an async runtime). [`resolve`] maps
//! a request path to a file of the output folder and is the one place that guards against
//! path traversal.

mod http;

pub use http::{resolve, Resolved};

use std::io;
use std::net::{IpAddr, SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Why the server could not start.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error("port {port} on {bind} is already in use{}", next_free.map(|p| format!("; port {p} is free: run again with `--port {p}` (or `--port 0` for any free port)")).unwrap_or_default())]
    PortInUse {
        bind: IpAddr,
        port: u16,
        next_free: Option<u16>,
    },
    #[error("cannot listen on {bind}:{port}")]
    Bind {
        bind: IpAddr,
        port: u16,
        #[source]
        source: io::Error,
    },
}

/// Opens the listening socket. A taken port is an error that names the next free one, so
/// the writer is never left guessing.
pub fn listen(bind: IpAddr, port: u16) -> Result<TcpListener, ServeError> {
    match TcpListener::bind(SocketAddr::new(bind, port)) {
        Ok(listener) => Ok(listener),
        Err(e) if e.kind() == io::ErrorKind::AddrInUse => Err(ServeError::PortInUse {
            bind,
            port,
            next_free: (port.saturating_add(1)..=port.saturating_add(50))
                .find(|&p| TcpListener::bind(SocketAddr::new(bind, p)).is_ok()),
        }),
        Err(source) => Err(ServeError::Bind { bind, port, source }),
    }
}

/// The URL to print for a listener (`http://127.0.0.1:1111/`, `http://[::1]:1111/`).
pub fn url_of(listener: &TcpListener, base_path: &str) -> String {
    let address = listener
        .local_addr()
        .map_or_else(|_| "127.0.0.1".to_string(), |a| a.to_string());
    format!("http://{address}{base_path}/")
}

/// Serves `dir` forever. `base_path` (from `base_url`) is stripped from request paths, so
/// the preview's links work for a site published under a sub-path.
pub fn run(listener: TcpListener, dir: &Path, base_path: &str) -> io::Result<()> {
    let dir: Arc<PathBuf> = Arc::new(dir.to_path_buf());
    let base_path: Arc<str> = Arc::from(base_path);
    for stream in listener.incoming() {
        let Ok(stream) = stream else { continue };
        let (dir, base_path) = (Arc::clone(&dir), Arc::clone(&base_path));
        std::thread::spawn(move || http::handle(stream, &dir, &base_path));
    }
    Ok(())
}
