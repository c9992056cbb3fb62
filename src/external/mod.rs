//! `check --external`: every distinct `http(s)://` URL the pages link to (or show as an
//! image) is fetched once, a few at a time, and a URL that still fails after retries is a
//! `link/external` error at every Markdown line that uses it. Links to PubMed, PMC and
//! doi.org are not fetched: `cite lock` verifies those through the registries. URLs that
//! worked are remembered in a cache for `link_check.cache_hours` (failures never are).

pub mod cache;
pub mod fetch;
pub mod pool;

use crate::config::{CheckLevel, Config, CONFIG_FILE};
use crate::content::Page;
use crate::diagnostics::{Code, Diagnostic, Severity};
use crate::markdown::Analysis;
use cache::{Cache, Entry};
use fetch::{Failure, Fetcher, Success};
use std::collections::BTreeMap;
use std::path::Path;
use std::time::Duration;

/// Requests in flight at once.
pub const GLOBAL_LIMIT: usize = 8;
/// Requests in flight at once to one host.
pub const PER_HOST_LIMIT: usize = 2;
/// Seconds before a request is abandoned, when `link_check.timeout_s` is not set.
pub const DEFAULT_TIMEOUT_S: u64 = 20;
/// How long a URL that worked is not asked again, when `link_check.cache_hours` is not set.
pub const DEFAULT_CACHE_HOURS: u64 = 24;

/// One place a URL is used.
struct Use {
    page: usize,
    /// Body offset of the link.
    offset: usize,
    image: bool,
}

/// Fetches every external URL of `pages` and reports those that fail.
pub fn check(
    root: &Path,
    config: &Config,
    pages: &[Page],
    analyses: &[Analysis],
) -> Vec<Diagnostic> {
    let level = config.checks.get(Code::LinkExternal.as_str()).copied();
    if level == Some(CheckLevel::Off) {
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
        client: crate::cite::http::Client::for_links(timeout),
        accept: config.link_check.accept.clone(),
        timeout,
    };
    let results = pool::run_bounded(
        &documents,
        |(url, _)| host(url),
        GLOBAL_LIMIT,
        PER_HOST_LIMIT,
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
                    let mut d = Diagnostic::new(Code::LinkExternal, page.source.as_str(), at)
                        .message(format!("external {what} `{url}` {}", failure.what))
                        .help(failure.help.clone());
                    if level == Some(CheckLevel::Warning) {
                        d.severity = Severity::Warning;
                    }
                    found.push(d);
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
/// already), and not a PubMed, PMC or doi.org link (`cite lock` verifies those).
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
}
