//! The one HTTP client online verification uses: GET with a timeout, a pace per registry
//! (NCBI allows 3 requests a second without an API key, 10 with one), retries with
//! exponential backoff, and `Retry-After` honoured on 429 and 503. A 404 is an answer
//! (the registry does not know the identifier), not a failure.

use std::time::{Duration, Instant};

/// How many times one request is tried before the run fails.
pub const ATTEMPTS: u32 = 3;
/// The first backoff; each retry doubles it.
const BACKOFF: Duration = Duration::from_millis(500);
/// The longest `Retry-After` we wait for; a registry asking for more fails the run.
pub const MAX_RETRY_AFTER: Duration = Duration::from_secs(120);

/// What a registry answered.
#[derive(Debug)]
pub enum Answer {
    /// 2xx, with the body.
    Ok(String),
    /// 404 or 410: the registry does not know the identifier.
    NotFound,
}

/// Why a request failed after its retries.
#[derive(Debug, thiserror::Error)]
pub enum HttpError {
    #[error("`{url}` failed after {attempts} attempt{}: {reason}", if *.attempts == 1 { "" } else { "s" })]
    GaveUp {
        url: String,
        attempts: u32,
        reason: String,
    },
    #[error("`{url}` answered HTTP {status}: {body}")]
    Refused {
        url: String,
        status: u16,
        body: String,
    },
}

/// Spaces requests to one registry at least `interval` apart.
#[derive(Debug)]
pub struct Pace {
    interval: Duration,
    last: Option<Instant>,
}

impl Pace {
    pub fn per_second(requests: u32) -> Pace {
        Pace {
            interval: Duration::from_millis(1000 / u64::from(requests.max(1))),
            last: None,
        }
    }

    /// Sleeps until the next request may start.
    fn wait(&mut self) {
        if let Some(last) = self.last {
            let next = last + self.interval;
            let now = Instant::now();
            if next > now {
                std::thread::sleep(next - now);
            }
        }
        self.last = Some(Instant::now());
    }
}

/// A blocking client with a timeout per request.
pub struct Client {
    agent: ureq::Agent,
}

impl Client {
    pub fn new(timeout: Duration) -> Client {
        Client::with(timeout, "citation verification", 10)
    }

    /// A client for `check --external`: it returns redirects instead of following them,
    /// so the caller sees every hop and which ones are permanent.
    pub fn for_links(timeout: Duration) -> Client {
        Client::with(timeout, "link check", 0)
    }

    fn with(timeout: Duration, purpose: &str, max_redirects: u32) -> Client {
        let config = ureq::Agent::config_builder()
            .timeout_global(Some(timeout))
            .http_status_as_error(false)
            .max_redirects(max_redirects)
            .user_agent(user_agent(purpose))
            .build();
        Client {
            agent: ureq::Agent::new_with_config(config),
        }
    }

    /// The configured agent, for requests other than [`Client::get`] (HEAD, a GET whose
    /// status the caller interprets itself).
    pub fn agent(&self) -> &ureq::Agent {
        &self.agent
    }

    /// GETs `url` at `pace`, retrying network errors, 429 and 5xx.
    pub fn get(&self, url: &str, pace: &mut Pace) -> Result<Answer, HttpError> {
        let mut reason = String::new();
        let mut attempts = 0;
        for attempt in 0..ATTEMPTS {
            pace.wait();
            attempts += 1;
            let mut wait = backoff(attempt);
            match self.agent.get(url).call() {
                Ok(mut response) => {
                    let status = response.status().as_u16();
                    let retry_after = retry_after(response.headers());
                    let body = response.body_mut().read_to_string();
                    match (status, body) {
                        (200..=299, Ok(body)) => return Ok(Answer::Ok(body)),
                        (404 | 410, _) => return Ok(Answer::NotFound),
                        (429 | 500..=599, body) => {
                            reason = format!("HTTP {status} {}", short(&body.unwrap_or_default()));
                            if let Some(after) = retry_after {
                                if after > MAX_RETRY_AFTER {
                                    reason.push_str(&format!(
                                        " (it asked to wait {}s)",
                                        after.as_secs()
                                    ));
                                    break;
                                }
                                wait = wait.max(after);
                            }
                        }
                        (200..=299, Err(e)) => reason = format!("reading the answer: {e}"),
                        (status, body) => {
                            return Err(HttpError::Refused {
                                url: url.to_string(),
                                status,
                                body: short(&body.unwrap_or_default()),
                            })
                        }
                    }
                }
                Err(e) => reason = e.to_string(),
            }
            if attempt + 1 < ATTEMPTS {
                std::thread::sleep(wait);
            }
        }
        Err(HttpError::GaveUp {
            url: url.to_string(),
            attempts,
            reason,
        })
    }
}

/// `panelpress/VERSION (PURPOSE; https://github.com/peptidepanel/panelpress)`.
pub fn user_agent(purpose: &str) -> String {
    format!(
        "panelpress/{} ({purpose}; https://github.com/peptidepanel/panelpress)",
        env!("CARGO_PKG_VERSION")
    )
}

/// The wait before retry `attempt + 1` (0-based) when the server named none: 0.5 s,
/// doubling each time.
pub fn backoff(attempt: u32) -> Duration {
    BACKOFF * 2u32.pow(attempt)
}

/// The wait a `Retry-After` header asks for: seconds, or an HTTP date (a date already past
/// asks for no wait).
pub fn retry_after(headers: &ureq::http::HeaderMap) -> Option<Duration> {
    let value = headers.get("retry-after")?.to_str().ok()?.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    static PARSER: jiff::fmt::rfc2822::DateTimeParser = jiff::fmt::rfc2822::DateTimeParser::new();
    let when = PARSER.parse_timestamp(value).ok()?;
    let seconds = (when.as_second() - jiff::Timestamp::now().as_second()).max(0);
    Some(Duration::from_secs(seconds.unsigned_abs()))
}

/// The first line of a body, cut short, for messages.
fn short(body: &str) -> String {
    let line = body.lines().next().unwrap_or("").trim();
    let mut cut: String = line.chars().take(120).collect();
    if cut.len() < line.len() {
        cut.push('…');
    }
    cut
}

/// Percent-encodes `text` for one path segment or query value, keeping `/` when asked.
pub fn encode(text: &str, keep_slash: bool) -> String {
    let mut out = String::new();
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) || (keep_slash && b == b'/') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_dois_and_emails() {
        assert_eq!(
            encode("10.1016/S0140-6736(04)16044-3", true),
            "10.1016/S0140-6736%2804%2916044-3"
        );
        assert_eq!(encode("a+b@x.org", false), "a%2Bb%40x.org");
    }

    #[test]
    fn reads_retry_after_as_seconds_or_a_date() {
        let mut headers = ureq::http::HeaderMap::new();
        assert_eq!(retry_after(&headers), None);
        headers.insert("retry-after", "7".parse().expect("a header value"));
        assert_eq!(retry_after(&headers), Some(Duration::from_secs(7)));
        headers.insert(
            "retry-after",
            "Wed, 21 Oct 2015 07:28:00 GMT"
                .parse()
                .expect("a header value"),
        );
        assert_eq!(retry_after(&headers), Some(Duration::ZERO));
        let later = jiff::Timestamp::now() + jiff::SignedDuration::from_secs(60);
        let text = jiff::fmt::rfc2822::DateTimePrinter::new()
            .timestamp_to_rfc9110_string(&later)
            .expect("a date");
        headers.insert("retry-after", text.parse().expect("a header value"));
        let wait = retry_after(&headers).expect("a wait");
        assert!((Duration::from_secs(58)..=Duration::from_secs(60)).contains(&wait));
    }

    #[test]
    fn paces_requests() {
        let mut pace = Pace::per_second(20);
        let started = Instant::now();
        pace.wait();
        pace.wait();
        pace.wait();
        assert!(started.elapsed() >= Duration::from_millis(100));
    }
}
