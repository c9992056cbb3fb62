//! The HTTP client of the two online commands: `cite lock` asking the registries
//! ([`crate::registry`]) and `check --external` asking the pages a site links to
//! ([`crate::linkcheck`]). Both need the same things from it, so they are written once here:
//! a blocking ureq agent over rustls with a timeout per request and a user agent naming
//! panelpress and the purpose, and the retries — network errors, 429 and 5xx tried
//! [`ATTEMPTS`] times with exponential backoff, `Retry-After` honoured up to
//! [`MAX_RETRY_AFTER`].
//!
//! ```text
//! registry::ask ─► Client::get (paced; a 404 is an answer) ─┐
//!                                                           ├─► retrying ─► ureq
//! linkcheck::fetch ─► its own HEAD/GET and statuses ─────────┘
//! ```
//!
//! [`Client::get`] is the registries' request: spaced by a [`Pace`] per registry (NCBI allows
//! 3 requests a second without an API key, 10 with one), and a 404 is an answer (the registry
//! does not know the identifier), not a failure. The link check reads every status itself,
//! so it runs its requests through [`retrying`] with its own verdicts.

use std::time::{Duration, Instant};

/// How many times one request is tried before it fails.
pub(crate) const ATTEMPTS: u32 = 3;
/// The first backoff; each retry doubles it.
const BACKOFF: Duration = Duration::from_millis(500);
/// The longest `Retry-After` we wait for; a server asking for more fails the request.
pub(crate) const MAX_RETRY_AFTER: Duration = Duration::from_secs(120);

/// What a registry answered.
#[derive(Debug)]
pub(crate) enum Answer {
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

/// What one try of a request came to, as the caller judges it.
pub(crate) enum Attempt<T, E> {
    /// Final: a result, or a failure that another try would not mend.
    Done(Result<T, E>),
    /// Worth another try: the failure to report if none is left, and the wait the server
    /// asked for (the backoff is used when it is shorter or missing).
    Retry(E, Option<Duration>),
}

/// Runs `attempt` (given its 0-based number) up to [`ATTEMPTS`] times, sleeping between
/// tries for the backoff (0.5 s, doubling) or the wait the server asked for, whichever is
/// longer. Returns the first final result, or the last failure.
pub(crate) fn retrying<T, E>(mut attempt: impl FnMut(u32) -> Attempt<T, E>) -> Result<T, E> {
    let mut number = 0;
    loop {
        let (failure, asked) = match attempt(number) {
            Attempt::Done(result) => return result,
            Attempt::Retry(failure, asked) => (failure, asked),
        };
        if number + 1 >= ATTEMPTS {
            return Err(failure);
        }
        std::thread::sleep(asked.map_or(backoff(number), |after| after.max(backoff(number))));
        number += 1;
    }
}

/// Spaces requests to one registry at least `interval` apart.
#[derive(Debug)]
pub(crate) struct Pace {
    interval: Duration,
    last: Option<Instant>,
}

impl Pace {
    pub(crate) fn per_second(requests: u32) -> Pace {
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
pub(crate) struct Client {
    agent: ureq::Agent,
}

impl Client {
    /// A client for `cite lock`: it follows redirects (up to 10), as an API's answer is
    /// what counts, not where it was served from.
    pub(crate) fn for_registries(timeout: Duration) -> Client {
        Client::with(timeout, "citation verification", 10)
    }

    /// A client for `check --external`: it returns redirects instead of following them,
    /// so the caller sees every hop and which ones are permanent.
    pub(crate) fn for_links(timeout: Duration) -> Client {
        Client::with(timeout, "link check", 0)
    }

    /// Statuses come back as responses (never as errors), so each caller decides what a
    /// status means.
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
    pub(crate) fn agent(&self) -> &ureq::Agent {
        &self.agent
    }

    /// GETs `url` at `pace`, retrying network errors, an unreadable 2xx body, 429 and 5xx.
    pub(crate) fn get(&self, url: &str, pace: &mut Pace) -> Result<Answer, HttpError> {
        retrying(|number| {
            pace.wait();
            let gave_up = |reason| HttpError::GaveUp {
                url: url.to_string(),
                attempts: number + 1,
                reason,
            };
            let mut response = match self.agent.get(url).call() {
                Ok(response) => response,
                Err(e) => return Attempt::Retry(gave_up(e.to_string()), None),
            };
            let status = response.status().as_u16();
            let asked = retry_after(response.headers());
            let body = response.body_mut().read_to_string();
            match (status, body) {
                (200..=299, Ok(body)) => Attempt::Done(Ok(Answer::Ok(body))),
                (404 | 410, _) => Attempt::Done(Ok(Answer::NotFound)),
                (429 | 500..=599, body) => {
                    let mut reason = format!("HTTP {status} {}", short(&body.unwrap_or_default()));
                    match asked {
                        Some(after) if after > MAX_RETRY_AFTER => {
                            reason.push_str(&format!(" (it asked to wait {}s)", after.as_secs()));
                            Attempt::Done(Err(gave_up(reason)))
                        }
                        _ => Attempt::Retry(gave_up(reason), asked),
                    }
                }
                (200..=299, Err(e)) => {
                    Attempt::Retry(gave_up(format!("reading the answer: {e}")), None)
                }
                (status, body) => Attempt::Done(Err(HttpError::Refused {
                    url: url.to_string(),
                    status,
                    body: short(&body.unwrap_or_default()),
                })),
            }
        })
    }
}

/// `panelpress/VERSION (PURPOSE; https://github.com/peptidepanel/panelpress)`.
fn user_agent(purpose: &str) -> String {
    format!(
        "panelpress/{} ({purpose}; https://github.com/peptidepanel/panelpress)",
        env!("CARGO_PKG_VERSION")
    )
}

/// The wait before retry `attempt + 1` (0-based) when the server named none: 0.5 s,
/// doubling each time.
fn backoff(attempt: u32) -> Duration {
    BACKOFF * 2u32.pow(attempt)
}

/// The wait a `Retry-After` header asks for: seconds, or an HTTP date (a date already past
/// asks for no wait).
pub(crate) fn retry_after(headers: &ureq::http::HeaderMap) -> Option<Duration> {
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
pub(crate) fn encode(text: &str, keep_slash: bool) -> String {
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
    fn retries_until_a_final_result_or_the_last_attempt() {
        let mut tries = 0;
        let done: Result<u32, u32> = retrying(|number| {
            tries += 1;
            Attempt::Done(Ok(number))
        });
        assert_eq!((done, tries), (Ok(0), 1));
        let mut tries = 0;
        let gave_up: Result<(), u32> = retrying(|number| {
            tries += 1;
            Attempt::Retry(number, None)
        });
        assert_eq!((gave_up, tries), (Err(ATTEMPTS - 1), ATTEMPTS));
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
