//! External link checking, the online half of `check --external`: every distinct
//! `http(s)://` URL the pages link to (or show as an image) is fetched once, a few at a
//! time, and a URL that still fails after retries is a `link/external` error at every
//! Markdown line that uses it. Input: the loaded pages and their analyses; output:
//! diagnostics. Links to PubMed, PMC, doi.org and ClinicalTrials.gov are not fetched:
//! `cite lock` verifies those through the registries ([`crate::registry`]). URLs that worked are remembered in a cache
//! for `link_check.cache_hours` (failures never are).
//!
//! ```text
//! analyses ─► URLs (excluded, cached ones left out) ─► per_host (rayon, 8 at once, 2 a host)
//!          ─► fetch (HEAD/GET over crate::http) ─► cache + link/external diagnostics
//! ```

mod cache;
mod fetch;

use crate::config::{CheckLevel, Config, CONFIG_FILE};
use crate::content::Page;
use crate::diagnostics::{Code, Diagnostic, Severity};
use crate::http::Client;
use crate::markdown::Analysis;
use cache::{Cache, Entry};
use fetch::{Failure, Fetcher, Success};
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

/// How many requests run at once, in all and to one host.
#[derive(Debug, Clone, Copy)]
struct Limits {
    global: usize,
    per_host: usize,
}

/// At most 8 requests in flight, and at most 2 to one host (`host:port`).
const LIMITS: Limits = Limits {
    global: 8,
    per_host: 2,
};
/// Seconds before a request is abandoned, when `link_check.timeout_s` is not set.
const DEFAULT_TIMEOUT_S: u64 = 20;
/// How long a URL that worked is not asked again, when `link_check.cache_hours` is not set.
const DEFAULT_CACHE_HOURS: u64 = 24;

/// One place a URL is used.
struct Use {
    page: usize,
    /// Body offset of the link.
    offset: usize,
    image: bool,
}

/// Fetches every external URL of `pages` and reports those that fail.
pub(crate) fn check(
    root: &Path,
    config: &Config,
    pages: &[Page],
    analyses: &[Analysis],
) -> Vec<Diagnostic> {
    // Switched off, nothing is fetched (its findings would all be dropped).
    if config.checks.get(Code::LinkExternal.as_str()) == Some(&CheckLevel::Off) {
        return Vec::new();
    }
    let mut found = Vec::new();
    let exclude = patterns(root, config, &mut found);
    let mut urls: BTreeMap<String, Vec<Use>> = BTreeMap::new();
    for (page, analysis) in analyses.iter().enumerate().take(pages.len()) {
        for link in &analysis.links {
            let url = link.href.trim();
            if !fetchable(url) || exclude.iter().any(|p| p.is_match(url)) {
                continue;
            }
            urls.entry(url.to_string()).or_default().push(Use {
                page,
                offset: link.span.start,
                image: link.image,
            });
        }
    }
    let timeout = Duration::from_secs(
        config
            .link_check
            .timeout_s
            .unwrap_or(DEFAULT_TIMEOUT_S)
            .max(1),
    );
    let hours = config.link_check.cache_hours.unwrap_or(DEFAULT_CACHE_HOURS);
    let cache_path = cache::path(root);
    let mut cache = Cache::load(&cache_path, Duration::from_secs(hours * 3600));

    // Each document (URL without `#fragment`) is fetched once; read when a use needs ids.
    let mut documents: BTreeMap<&str, bool> = BTreeMap::new();
    for url in urls.keys().filter(|u| cache.get(u).is_none()) {
        let (document, fragment) = split_fragment(url);
        *documents.entry(document).or_default() |= fragment.is_some_and(checkable_fragment);
    }
    let documents: Vec<(&str, bool)> = documents.into_iter().collect();
    let fetcher = Fetcher {
        client: Client::for_links(timeout),
        accept: config.link_check.accept.clone(),
        timeout,
    };
    let results = per_host(
        &documents,
        |(url, _)| host(url),
        LIMITS,
        |(url, read)| fetcher.fetch(url, *read),
    );
    let fetched: BTreeMap<&str, Result<Success, Failure>> =
        documents.iter().map(|(url, _)| *url).zip(results).collect();

    let now = cache::now();
    for (url, uses) in &urls {
        let (document, fragment) = split_fragment(url);
        let outcome = match cache.get(url) {
            Some(entry) => Ok(entry.moved_to.clone()),
            None => match &fetched[document] {
                Err(failure) => Err(failure.clone()),
                Ok(success) => match (fragment, &success.anchors) {
                    (Some(fragment), Some(anchors))
                        if checkable_fragment(fragment) && !has_anchor(anchors, fragment) =>
                    {
                        Err(Failure {
                            what: format!(
                                "loads, but the page has no element with id `{fragment}`"
                            ),
                            help: format!(
                                "link to an anchor that is on that page, or remove `#{fragment}`"
                            ),
                        })
                    }
                    _ => {
                        let moved_to = success.moved_to.as_ref().map(|to| match fragment {
                            Some(f) if !to.contains('#') => format!("{to}#{f}"),
                            _ => to.clone(),
                        });
                        cache.store(
                            url,
                            Entry {
                                checked: now,
                                moved_to: moved_to.clone(),
                            },
                        );
                        Ok(moved_to)
                    }
                },
            },
        };
        for use_ in uses {
            let page = &pages[use_.page];
            let what = if use_.image { "image" } else { "link" };
            let at = page.position(page.body_offset + use_.offset);
            match &outcome {
                Ok(None) => {}
                Ok(Some(moved_to)) => {
                    let mut d = Diagnostic::new(Code::LinkExternal, page.source.as_str(), at)
                        .message(format!(
                            "external {what} `{url}` has moved permanently to `{moved_to}`"
                        ))
                        .help(format!("link to `{moved_to}` directly"));
                    d.severity = Severity::Warning;
                    found.push(d);
                }
                Err(failure) => {
                    found.push(
                        Diagnostic::new(Code::LinkExternal, page.source.as_str(), at)
                            .message(format!("external {what} `{url}` {}", failure.what))
                            .help(failure.help.clone()),
                    );
                }
            }
        }
        if outcome.is_err() {
            cache.forget(url);
        }
    }
    // The cache only saves work; a site folder that cannot be written still gets its report.
    let _ = cache.save(&cache_path);
    found
}

/// Whether `url` is fetched: `http(s)://`, well formed (malformed ones are `link/malformed`
/// already), and not a PubMed, PMC, doi.org or ClinicalTrials.gov link (`cite lock` verifies
/// those).
fn fetchable(url: &str) -> bool {
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    (lower.starts_with("http://") || lower.starts_with("https://"))
        && crate::links::external_syntax(url).is_none()
        && crate::citations::recognize::from_url(url).is_none()
}

/// `link_check.exclude`: regular expressions searched anywhere in the URL. A pattern that
/// does not compile is an error at its line of `site.yaml`.
fn patterns(root: &Path, config: &Config, found: &mut Vec<Diagnostic>) -> Vec<regex::Regex> {
    let mut compiled = Vec::new();
    for pattern in &config.link_check.exclude {
        match regex::Regex::new(pattern) {
            Ok(regex) => compiled.push(regex),
            Err(e) => {
                let text = std::fs::read_to_string(root.join(CONFIG_FILE)).unwrap_or_default();
                let line = text
                    .lines()
                    .position(|l| l.contains(pattern.as_str()))
                    .map_or(1, |i| i + 1);
                let why = e.to_string();
                let why = why.lines().last().unwrap_or("").trim();
                found.push(
                    Diagnostic::new(Code::MetaInvalid, CONFIG_FILE, (line, 1))
                        .message(format!("`link_check.exclude` pattern `{pattern}` is not a valid regular expression: {why}"))
                        .help("escape special characters with `\\` (`example\\.org/\\?page`), or quote the pattern"),
                );
            }
        }
    }
    compiled
}

fn split_fragment(url: &str) -> (&str, Option<&str>) {
    match url.split_once('#') {
        Some((document, fragment)) => (document, Some(fragment)),
        None => (url, None),
    }
}

/// Fragments that name an element (not `#`, not a text fragment `#:~:text=`, not `#!/route`).
fn checkable_fragment(fragment: &str) -> bool {
    !fragment.is_empty() && !fragment.starts_with(":~:") && !fragment.starts_with('!')
}

/// GitHub prefixes the ids of rendered Markdown with `user-content-`.
fn has_anchor(anchors: &std::collections::HashSet<String>, fragment: &str) -> bool {
    let decoded = crate::links::percent::decode_lossy(fragment);
    [fragment, decoded.as_ref()]
        .iter()
        .any(|f| anchors.contains(*f) || anchors.contains(&format!("user-content-{f}")))
}

/// `work` over every job on a dedicated rayon pool of `limits.global` threads (sized for
/// waiting on the network, not for the CPU), with at most `limits.per_host` jobs of one
/// host running at once, so a page that links forty times to one site does not hammer it.
/// The results come in the jobs' order.
///
/// Each host's jobs form one queue drained by up to `per_host` lanes; a lane is one rayon
/// task that takes its host's next job when the last is done. So neither limit is ever
/// exceeded, no thread waits on a lock, and a thread is idle only when every host with jobs
/// left already has `per_host` of them running.
fn per_host<T, R>(
    jobs: &[T],
    host: impl Fn(&T) -> String,
    limits: Limits,
    work: impl Fn(&T) -> R + Sync,
) -> Vec<R>
where
    T: Sync,
    R: Send,
{
    if jobs.is_empty() {
        return Vec::new();
    }
    let mut by_host: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, job) in jobs.iter().enumerate() {
        by_host.entry(host(job)).or_default().push(i);
    }
    // Each host's job numbers, and how many of them lanes have taken.
    let queues: Vec<(Vec<usize>, AtomicUsize)> = by_host
        .into_values()
        .map(|queue| (queue, AtomicUsize::new(0)))
        .collect();
    let lanes: Vec<&(Vec<usize>, AtomicUsize)> = queues
        .iter()
        .flat_map(|queue| std::iter::repeat_n(queue, limits.per_host.clamp(1, queue.0.len())))
        .collect();
    let lane = |(queue, taken): &(Vec<usize>, AtomicUsize)| {
        let mut done = Vec::new();
        while let Some(&i) = queue.get(taken.fetch_add(1, Ordering::Relaxed)) {
            done.push((i, work(&jobs[i])));
        }
        done
    };
    let threads = limits.global.clamp(1, lanes.len());
    let mut finished: Vec<(usize, R)> =
        match rayon::ThreadPoolBuilder::new().num_threads(threads).build() {
            Ok(pool) => pool.install(|| {
                lanes
                    .par_iter()
                    .with_max_len(1)
                    .flat_map_iter(|queue| lane(queue))
                    .collect()
            }),
            // No thread to be had: one lane at a time still checks every link.
            Err(_) => lanes.iter().flat_map(|queue| lane(queue)).collect(),
        };
    // Every job is in exactly one queue, and every queue has a lane, so each ran once.
    finished.sort_unstable_by_key(|(i, _)| *i);
    finished.into_iter().map(|(_, result)| result).collect()
}

/// The `host:port` of a URL, for the per-host limit.
fn host(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    authority
        .rsplit('@')
        .next()
        .unwrap_or("")
        .to_ascii_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn skips_registry_links_and_other_schemes() {
        assert!(fetchable("https://www.fda.gov/x"));
        assert!(fetchable("HTTP://example.org/"));
        assert!(!fetchable("https://pubmed.ncbi.nlm.nih.gov/8708565/"));
        assert!(!fetchable("https://doi.org/10.1000/xyz123"));
        assert!(!fetchable(
            "https://pmc.ncbi.nlm.nih.gov/articles/PMC11582493/"
        ));
        assert!(!fetchable("mailto:a@b.org"));
        assert!(!fetchable("https://exa mple.org/"));
    }

    #[test]
    fn hosts_and_fragments() {
        assert_eq!(host("https://u@Example.org:8080/a#b"), "example.org:8080");
        assert_eq!(
            split_fragment("https://a.org/x#y"),
            ("https://a.org/x", Some("y"))
        );
        assert!(!checkable_fragment(":~:text=dose"));
    }

    #[test]
    fn runs_within_both_limits_and_keeps_order() {
        use std::collections::HashMap;
        use std::sync::Mutex;
        let jobs: Vec<(String, usize)> = (0..24).map(|i| (format!("h{}", i % 3), i)).collect();
        let running: Mutex<HashMap<String, usize>> = Mutex::new(HashMap::new());
        let total = AtomicUsize::new(0);
        let (most_total, most_host) = (AtomicUsize::new(0), AtomicUsize::new(0));
        let limits = Limits {
            global: 4,
            per_host: 2,
        };
        let out = per_host(
            &jobs,
            |(h, _)| h.clone(),
            limits,
            |(h, i)| {
                let now = total.fetch_add(1, Ordering::SeqCst) + 1;
                most_total.fetch_max(now, Ordering::SeqCst);
                {
                    let mut r = running.lock().expect("the count");
                    let c = r.entry(h.clone()).or_insert(0);
                    *c += 1;
                    most_host.fetch_max(*c, Ordering::SeqCst);
                }
                std::thread::sleep(Duration::from_millis(10));
                *running
                    .lock()
                    .expect("the count")
                    .get_mut(h)
                    .expect("a running host") -= 1;
                total.fetch_sub(1, Ordering::SeqCst);
                i * 2
            },
        );
        assert_eq!(out, (0..24).map(|i| i * 2).collect::<Vec<_>>());
        assert!(most_total.load(Ordering::SeqCst) <= 4);
        assert!(most_host.load(Ordering::SeqCst) <= 2);
        assert!(per_host(&[] as &[u8], |_| String::new(), limits, |_| ()).is_empty());
    }
}
