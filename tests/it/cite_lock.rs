//! `panelpress cite lock`, `check` against a lock, and `cite fill`. The registries are
//! the loopback stand-ins of [`crate::registries`], started by each test; no test touches
//! the internet.

use crate::findings::check;
use crate::fixture::{run, Run, Site};
use crate::registries::{registries, Registry, Reply, Request};
use std::ffi::OsStr;
use std::time::{Duration, Instant};

/// Runs `panelpress cite ACTION --root ROOT ARGS…` with `env` set.
pub(crate) fn cite(site: &Site, action: &str, args: &[&str]) -> Run {
    let mut all: Vec<&OsStr> = vec!["cite".as_ref(), action.as_ref(), "--root".as_ref()];
    all.push(site.root.as_os_str());
    all.extend(args.iter().map(OsStr::new));
    run(&all)
}

/// `citations.lock` with the `retrieved:` dates (today's) replaced by `[DATE]`.
pub(crate) fn lock_text(site: &Site) -> String {
    let text = std::fs::read_to_string(site.root.join("citations.lock")).expect("the lock");
    text.lines()
        .map(|l| match l.strip_prefix("  retrieved: ") {
            Some(_) => "  retrieved: [DATE]".to_string(),
            None => l.to_string(),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Guards the lock itself: every identifier of the bibliography and the content (not the
/// one in a code block, not the ISBN), sorted by canonical key, with the registries'
/// cross-identifiers, the retraction Crossref reports, and `error: not found` for the
/// unknown PMID (inside an HTTP 200), the unknown PMCID (`status: error`) and the DOI
/// Crossref does not have (404) — and one plain line per registry request.
#[test]
fn lock_records_every_identifier_sorted_with_registry_errors() {
    let site = Site::new("cite-lock");
    let server = Registry::start(registries);
    site.write("site.yaml", server.site_yaml(""));
    let run = cite(&site, "lock", &[]);
    run.expect_code(0)
        .expect_stderr("idconv: 2 PMCIDs (batch 1 of 1)")
        .expect_stderr("esummary: 3 PMIDs (batch 1 of 1)")
        .expect_stderr("crossref: doi:10.1000/retracted.2019")
        .expect_stderr("clinicaltrials: NCT01234567")
        .expect_stderr("retracted: doi:10.1000/retracted.2019");
    insta::assert_snapshot!(lock_text(&site));
    let esummary = server.to("/eutils/esummary");
    assert_eq!(esummary.len(), 1, "{esummary:?}");
    let target = &esummary[0].target;
    for part in [
        "db=pubmed",
        "retmode=json",
        "id=15110491,39000001,99999999",
        "tool=panelpress-tests",
        "email=editor%40example.org",
    ] {
        assert!(target.contains(part), "{target} lacks {part}");
    }
    assert!(server
        .to("/crossref/works/10.1000/retracted.2019")
        .iter()
        .all(|r| r.target.ends_with("?mailto=editor%40example.org")));
    assert!(!site.root.join(".citations.lock.tmp").exists());

    // Same answers, same bytes.
    let first = std::fs::read(site.root.join("citations.lock")).expect("the lock");
    cite(&site, "lock", &[]).expect_code(0);
    assert_eq!(
        std::fs::read(site.root.join("citations.lock")).expect("the lock"),
        first
    );
}

/// Guards NCBI's rate limit: without an API key, requests to NCBI (the converter, then
/// esummary, then efetch for the PMIDs esummary knows) are at least a third of a second
/// apart, and no API key is sent.
#[test]
fn ncbi_requests_are_paced_at_three_a_second_without_a_key() {
    let site = Site::new("cite-lock");
    let server = Registry::start(registries);
    site.write("site.yaml", server.site_yaml(""));
    cite(&site, "lock", &[]).expect_code(0);
    let ncbi: Vec<Request> = server
        .requests()
        .into_iter()
        .filter(|r| r.target.starts_with("/eutils/") || r.target.starts_with("/idconv/"))
        .collect();
    assert_eq!(ncbi.len(), 3, "{ncbi:?}");
    for pair in ncbi.windows(2) {
        let gap = pair[1].at.duration_since(pair[0].at);
        assert!(gap >= Duration::from_millis(320), "{gap:?}");
    }
    assert!(ncbi.iter().all(|r| !r.target.contains("api_key")));
    let efetch = &ncbi[2].target;
    assert!(
        efetch.starts_with("/eutils/efetch.fcgi?db=pubmed&retmode=xml&id=15110491,39000001&"),
        "{efetch}"
    );
}

/// Guards `Retry-After`: a 429 with NCBI's rate-limit body is retried after the time the
/// server asks for, and the run then succeeds.
#[test]
fn a_429_is_retried_after_the_time_the_registry_asks() {
    let site = Site::new("cite-lock");
    let server = Registry::start(|target, before| {
        let asked_before = before.iter().any(|r| r.target.starts_with("/eutils/"));
        if target.starts_with("/eutils/") && !asked_before {
            Reply::Answer(
                429,
                vec![("Retry-After", "2".into())],
                r#"{"error":"API rate limit exceeded","api-key":"127.0.0.1","count":"4","limit":"3"}"#.into(),
            )
        } else {
            registries(target, before)
        }
    });
    site.write("site.yaml", server.site_yaml(""));
    cite(&site, "lock", &["--only", "pmid:15110491"]).expect_code(0);
    let esummary = server.to("/eutils/esummary");
    assert_eq!(esummary.len(), 2, "{esummary:?}");
    let gap = esummary[1].at.duration_since(esummary[0].at);
    assert!(gap >= Duration::from_millis(1900), "{gap:?}");
    assert!(lock_text(&site).contains("\"pmid:15110491\":\n  title:"));
    assert!(esummary[0].target.contains("id=15110491&"));
}

/// Guards the timeout: a registry that never answers fails the run after its retries with
/// a clear error (exit 2), and the previous lock is left exactly as it was.
#[test]
fn a_registry_that_hangs_times_out_and_leaves_the_lock_alone() {
    let site = Site::new("cite-lock");
    let server = Registry::start(|target, before| {
        if target.starts_with("/eutils/") {
            Reply::Hang
        } else {
            registries(target, before)
        }
    });
    site.write(
        "site.yaml",
        server.site_yaml("link_check:\n  timeout_s: 1\n"),
    );
    site.write("citations.lock", "# the previous lock\n");
    let started = Instant::now();
    let run = cite(&site, "lock", &[]);
    run.expect_code(2)
        .expect_stderr("failed after 3 attempts")
        .expect_stderr("/eutils/esummary.fcgi");
    assert!(started.elapsed() < Duration::from_secs(20));
    assert_eq!(server.to("/eutils/").len(), 3);
    assert_eq!(
        std::fs::read_to_string(site.root.join("citations.lock")).expect("the lock"),
        "# the previous lock\n"
    );
}

/// Guards `--only` and `--refresh-older-than`: only the named identifier is asked and the
/// other records are kept; a recent record is not asked again.
#[test]
fn only_and_refresh_keep_the_other_records() {
    let site = Site::new("cite-lock");
    let server = Registry::start(registries);
    site.write("site.yaml", server.site_yaml(""));
    cite(&site, "lock", &[]).expect_code(0);
    let before = server.requests().len();
    let full = lock_text(&site);

    cite(&site, "lock", &["--only", "NCT01234567"]).expect_code(0);
    let asked: Vec<String> = server.requests()[before..]
        .iter()
        .map(|r| r.target.clone())
        .collect();
    assert_eq!(asked, ["/ct/studies/NCT01234567"]);
    assert_eq!(lock_text(&site), full);

    let before = server.requests().len();
    cite(&site, "lock", &["--refresh-older-than", "30"]).expect_code(0);
    assert_eq!(server.requests().len(), before, "nothing was old enough");
    assert_eq!(lock_text(&site), full);

    cite(&site, "lock", &["--only", "not-an-id"])
        .expect_code(2)
        .expect_stderr("`not-an-id` is not an identifier");
}

/// Guards the offline checks: with a committed lock, `check` reports a mistyped title and
/// year (`cite/mismatch`), a PMID and DOI of different works (`cite/id-conflict`), a
/// source the registry marks retracted (`cite/retracted`) and a citation added after the
/// last lock (`cite/unverified`) — without any server running.
#[test]
fn check_reports_lock_findings_offline() {
    let site = Site::new("cite-check");
    let checked = check(&site, &[]);
    checked.expect(&[
        ("cite/retracted", "content/_index.md", 7, 16, "error"),
        ("cite/unknown", "content/_index.md", 9, 41, "error"),
        ("cite/unverified", "content/_index.md", 9, 41, "warning"),
        ("cite/mismatch", "references.yaml", 2, 1, "warning"),
        ("cite/id-conflict", "references.yaml", 7, 1, "error"),
        ("cite/unverified", "references.yaml", 7, 1, "warning"),
    ]);
    let mismatch = checked.one("cite/mismatch", "references.yaml", 2);
    assert!(mismatch
        .message
        .contains("the year is 2005, the registry has 2004"));
    let conflict = checked.one("cite/id-conflict", "references.yaml", 7);
    assert!(
        conflict.message.contains("doi:10.1000/gh.adults"),
        "{}",
        conflict.message
    );
    let unverified = checked.one("cite/unverified", "content/_index.md", 9);
    assert!(unverified
        .help
        .as_deref()
        .unwrap_or("")
        .contains("panelpress cite lock"));
}

/// Guards `meta/invalid` for a lock that does not parse, at its line.
#[test]
fn a_broken_lock_is_reported_at_its_line() {
    let site = Site::new("cite-check");
    site.write(
        "citations.lock",
        "\"pmid:15110491\":\n  title: \"x\"\n  retrieved: [2026\n",
    );
    let checked = check(&site, &[]);
    let invalid = checked.with_code("meta/invalid");
    assert_eq!(invalid.len(), 1, "{:?}", checked.findings);
    assert_eq!(invalid[0].file, "citations.lock");
    assert!(invalid[0].line >= 3, "{:?}", invalid[0]);
}

/// Guards `cite fill`: empty fields are filled from the lock, comments and the order of
/// entries and fields stay as written, and fields the writer filled are never replaced.
#[test]
fn fill_writes_empty_fields_and_keeps_comments() {
    let site = Site::new("cite-check");
    cite(&site, "fill", &[])
        .expect_code(0)
        .expect_stderr("filled to-fill: title");
    let text = std::fs::read_to_string(site.root.join("references.yaml")).expect("bibliography");
    insta::assert_snapshot!(text);
    // A second run has nothing left to fill.
    cite(&site, "fill", &[])
        .expect_code(0)
        .expect_stderr("0 fields filled");
}

/// Guards `cite fill` adding entries: a PMID cited inline and one cited as a Manubot key,
/// which no entry carries, get entries keyed by first author and year from the lock
/// (`renehan-2004b`, the plain key being taken), and the page is then cited cleanly; a PMID
/// the registry does not know and an ISBN no registry knows are listed, not invented.
#[test]
fn fill_adds_an_entry_for_each_cited_identifier_the_lock_knows() {
    let site = Site::new("cite-lock");
    let server = Registry::start(registries);
    site.write("site.yaml", server.site_yaml(""));
    site.write(
        "references.yaml",
        "# Sources written by hand.\nrenehan-2004:\n  url: https://example.org/renehan-talk\n  title: A talk by Renehan\n",
    );
    site.write(
        "content/guides/igf.md",
        "---\ntitle: IGF-1\ndescription: New citations.\n---\nCancer risk rose with IGF-I (PMID 15110491), as a review found [@pmid:39000001].\n\nA handbook [@isbn:978-0-306-40615-7] and a PMID nobody knows (PMID 99999999).\n\nThe talk [@renehan-2004].\n",
    );
    cite(&site, "lock", &[]).expect_code(0);
    let run = cite(&site, "fill", &[]);
    run.expect_code(0)
        .expect_stderr("added renehan-2004b: pmid:15110491")
        .expect_stderr("added doe-2024: pmid:39000001")
        .expect_stderr("not in the lock: pmid:99999999")
        .expect_stderr("not in the lock: isbn:9780306406157");
    let text = std::fs::read_to_string(site.root.join("references.yaml")).expect("bibliography");
    insta::assert_snapshot!(text);
    let checked = check(&site, &[]);
    let unknown: Vec<String> = checked
        .with_code("cite/unknown")
        .iter()
        .map(|f| f.message.clone())
        .collect();
    assert_eq!(
        unknown,
        [
            "`@isbn:978-0-306-40615-7` names no entry in the bibliography `references.yaml`",
            "`PMID 99999999` is not in the bibliography `references.yaml`",
        ]
    );
    // A second run adds nothing more.
    cite(&site, "fill", &[])
        .expect_code(0)
        .expect_stderr("0 fields filled");
    let again = std::fs::read_to_string(site.root.join("references.yaml")).expect("bibliography");
    assert_eq!(again, text);
}
