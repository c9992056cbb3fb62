//! Asking one URL whether it works: HEAD (GET when the server refuses HEAD, or when the
//! page's ids are needed for a `#fragment`), each hop of a redirect seen and the permanent
//! ones remembered, 429, 5xx and timeouts retried with the backoff and `Retry-After` of
//! [`crate::http`]. Its verdicts are [`Failure`]s: the end of a `link/external` message and
//! a help line that says what the writer can do.

use crate::http::{retry_after, retrying, Attempt, Client, ATTEMPTS, MAX_RETRY_AFTER};
use std::collections::HashSet;
use std::sync::OnceLock;
use std::time::Duration;
use ureq::http::Response;
use ureq::Body;

/// Redirect hops followed before giving up.
const MAX_HOPS: usize = 10;
/// The most of a page read to find its ids.
const MAX_BODY: u64 = 8 * 1024 * 1024;

/// A URL that works.
#[derive(Debug, Clone, Default)]
pub(crate) struct Success {
    /// The target of the permanent redirects (301, 308) the URL went through first.
    pub(crate) moved_to: Option<String>,
    /// Ids and `name`s of the final page, when it was read and is HTML.
    pub(crate) anchors: Option<HashSet<String>>,
}

/// Why a URL does not work: the end of the message and a help line.
#[derive(Debug, Clone)]
pub(crate) struct Failure {
    pub(crate) what: String,
    pub(crate) help: String,
}

/// What a fetch needs to know besides the URL.
pub(crate) struct Fetcher {
    pub(crate) client: Client,
    pub(crate) accept: Vec<u16>,
    pub(crate) timeout: Duration,
}

impl Fetcher {
    /// Follows `url` to its final page. `read_body`: GET it and collect its anchors.
    pub(crate) fn fetch(&self, url: &str, read_body: bool) -> Result<Success, Failure> {
        let mut current = url.to_string();
        let mut get = read_body;
        let mut moved_to = None;
        let mut permanent_so_far = true;
        let mut hops = 0;
        loop {
            let mut response = self.request(&current, get)?;
            let status = response.status().as_u16();
            let location = response
                .headers()
                .get("location")
                .and_then(|v| v.to_str().ok())
                .map(str::to_string);
            if let (301 | 302 | 303 | 307 | 308, Some(location)) = (status, &location) {
                hops += 1;
                if hops > MAX_HOPS {
                    return Err(Failure {
                        what: format!("redirects more than {MAX_HOPS} times"),
                        help: "open it in a browser; link to the page it finally shows".into(),
                    });
                }
                let next = resolve(&current, location);
                if permanent_so_far && matches!(status, 301 | 308) {
                    moved_to = Some(next.clone());
                } else {
                    permanent_so_far = false;
                }
                current = next;
                continue;
            }
            if (200..300).contains(&status) {
                let anchors = if get && read_body && is_html(&response) {
                    let bytes = response
                        .body_mut()
                        .with_config()
                        .limit(MAX_BODY)
                        .read_to_vec()
                        .map_err(|e| Failure {
                            what: format!("could not be read: {e}"),
                            help: "open it in a browser to see whether it loads".into(),
                        })?;
                    Some(anchors(&String::from_utf8_lossy(&bytes)))
                } else {
                    None
                };
                return Ok(Success { moved_to, anchors });
            }
            if self.accept.contains(&status) {
                return Ok(Success {
                    moved_to,
                    anchors: None,
                });
            }
            if !get && matches!(status, 403 | 405 | 501) {
                get = true;
                continue;
            }
            return Err(status_failure(status, None));
        }
    }

    /// One request with retries on 429, 5xx, timeouts and dropped connections (a status
    /// in `link_check.accept` is an answer, never retried).
    fn request(&self, url: &str, get: bool) -> Result<Response<Body>, Failure> {
        let agent = self.client.agent();
        retrying(|_| {
            let result = if get {
                agent.get(url).call()
            } else {
                agent.head(url).call()
            };
            let response = match result {
                Ok(response) => response,
                Err(e) => {
                    return match self.error_failure(&e) {
                        (failure, true) => Attempt::Retry(failure, None),
                        (failure, false) => Attempt::Done(Err(failure)),
                    }
                }
            };
            let status = response.status().as_u16();
            let retry = (status == 429 || status >= 500) && !self.accept.contains(&status);
            if !retry {
                return Attempt::Done(Ok(response));
            }
            match retry_after(response.headers()) {
                Some(after) if after > MAX_RETRY_AFTER => Attempt::Done(Err(status_failure(
                    status,
                    Some(format!("and asks to wait {}s", after.as_secs())),
                ))),
                asked => Attempt::Retry(
                    status_failure(status, Some(format!("after {ATTEMPTS} attempts"))),
                    asked,
                ),
            }
        })
    }

    /// A network error as a failure, and whether trying again may help.
    fn error_failure(&self, error: &ureq::Error) -> (Failure, bool) {
        match error {
            ureq::Error::Timeout(_) => (
                Failure {
                    what: format!(
                        "did not answer within {}s ({ATTEMPTS} attempts)",
                        self.timeout.as_secs()
                    ),
                    help: "open it in a browser; if the site is only slow, raise `link_check.timeout_s` in site.yaml".into(),
                },
                true,
            ),
            ureq::Error::HostNotFound => (
                Failure {
                    what: "names a host that does not exist (DNS lookup failed)".into(),
                    help: "check the host name's spelling; if the site is gone, link to an archived copy (web.archive.org)".into(),
                },
                false,
            ),
            ureq::Error::Io(_) | ureq::Error::ConnectionFailed => (
                Failure {
                    what: format!(
                        "could not be reached: {} ({ATTEMPTS} attempts)",
                        match error {
                            ureq::Error::Io(e) => e.to_string(),
                            other => other.to_string(),
                        }
                    ),
                    help: "open it in a browser; if the site is down for good, link to an archived copy (web.archive.org)".into(),
                },
                true,
            ),
            other => (
                Failure {
                    what: format!("failed: {other}"),
                    help: "open it in a browser and copy the address again".into(),
                },
                false,
            ),
        }
    }
}

/// A status that is not success, as a failure.
fn status_failure(status: u16, note: Option<String>) -> Failure {
    let reason = ureq::http::StatusCode::from_u16(status)
        .ok()
        .and_then(|s| s.canonical_reason())
        .map_or(String::new(), |r| format!(" {r}"));
    let note = note.map_or(String::new(), |n| format!(" {n}"));
    let help = match status {
        404 | 410 => "the page is gone: find where it moved and update the link, or link to an archived copy (web.archive.org)",
        401 | 403 => "the site refuses automated checks: if the link works in a browser, add the status to `link_check.accept` or the URL to `link_check.exclude` in site.yaml",
        429 => "the site is limiting requests: run the check again later, or add the URL to `link_check.exclude`",
        500..=599 => "the site's server failed: open the link in a browser; if it stays broken, link to another source or an archived copy",
        _ => "open the link in a browser; fix or replace it, or add the status to `link_check.accept` in site.yaml",
    };
    Failure {
        what: format!("answered HTTP {status}{reason}{note}"),
        help: help.into(),
    }
}

fn is_html(response: &Response<Body>) -> bool {
    response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.to_ascii_lowercase().contains("html"))
}

/// Every `id` and `name` on a page: the build's own scanner for quoted ids, and a pattern
/// for `name=` and unquoted values that other sites' HTML has.
pub(crate) fn anchors(html: &str) -> HashSet<String> {
    static ATTRIBUTE: OnceLock<regex::Regex> = OnceLock::new();
    let attribute = ATTRIBUTE.get_or_init(|| {
        regex::Regex::new(r#"(?i)[\s"'](?:id|name)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))"#)
            .expect("a valid pattern")
    });
    let mut found: HashSet<String> = crate::links::html::ids(html).into_iter().collect();
    for captures in attribute.captures_iter(html) {
        if let Some(value) = captures.get(1).or(captures.get(2)).or(captures.get(3)) {
            found.insert(value.as_str().replace("&amp;", "&"));
        }
    }
    found
}

/// `location` (absolute, scheme-relative, root-relative or relative) against `base`.
pub(crate) fn resolve(base: &str, location: &str) -> String {
    let location = location.trim();
    let lower = location.to_ascii_lowercase();
    if lower.starts_with("http://") || lower.starts_with("https://") {
        return location.to_string();
    }
    let (scheme, rest) = base.split_once("://").unwrap_or(("https", base));
    if let Some(rest) = location.strip_prefix("//") {
        return format!("{scheme}://{rest}");
    }
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let authority = &rest[..authority_end];
    if location.starts_with('/') {
        return format!("{scheme}://{authority}{location}");
    }
    let path = &rest[authority_end..];
    let path = path.split(['?', '#']).next().unwrap_or("");
    if location.starts_with('?') {
        return format!("{scheme}://{authority}{path}{location}");
    }
    let folder = &path[..path.rfind('/').map_or(0, |i| i + 1)];
    let folder = if folder.is_empty() { "/" } else { folder };
    format!("{scheme}://{authority}{folder}{location}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_locations() {
        let base = "https://a.org/x/y?q=1";
        assert_eq!(resolve(base, "https://b.org/"), "https://b.org/");
        assert_eq!(resolve(base, "//c.org/p"), "https://c.org/p");
        assert_eq!(resolve(base, "/z"), "https://a.org/z");
        assert_eq!(resolve(base, "w"), "https://a.org/x/w");
        assert_eq!(resolve("http://a.org", "w"), "http://a.org/w");
    }

    #[test]
    fn finds_ids_and_names() {
        let found = anchors("<h2 id=\"a\">A</h2><a name=b></a><div ID='c'><p data-id=\"no\">");
        for id in ["a", "b", "c"] {
            assert!(found.contains(id), "{id}");
        }
        assert!(!found.contains("no"));
    }
}
