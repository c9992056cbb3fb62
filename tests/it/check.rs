//! `panelpress check`, one fixture per citation, metadata and review code: each
//! fixture has a page (or entry) that must be reported, where it is, and one that must not.
//! Claims and dose figures are in `check_claims`, positions and exit codes in
//! `check_positions`, output formats in `check_formats`.

use crate::findings::{check, check_at};
use crate::fixture::Site;
use std::path::Path;

/// Guards `cite/malformed`: a leading-zero PMID, an ISBN with a wrong check digit and a
/// 7-digit NCT number are each reported at the citation, with the rule that failed; the
/// same identifiers written correctly are not.
#[test]
fn cite_malformed_names_the_rule_that_failed() {
    let site = Site::new("check-malformed");
    let checked = check(&site, &[]);
    checked
        .expect(&[
            ("cite/malformed", "content/bad.md", 5, 29, "error"),
            ("cite/malformed", "content/bad.md", 7, 34, "error"),
            ("cite/malformed", "content/bad.md", 9, 40, "error"),
        ])
        .expect_clean("content/good.md");
    let messages: Vec<&str> = checked
        .findings
        .iter()
        .map(|f| f.message.as_str())
        .collect();
    assert!(messages[0].contains("PMID 08708565"), "{messages:?}");
    assert!(messages[0].contains("never starts with 0"), "{messages:?}");
    assert!(messages[1].contains("check digit"), "{messages:?}");
    assert!(messages[2].contains("exactly 8 digits"), "{messages:?}");
    assert!(checked.findings.iter().all(|f| f.help.is_some()));
}

/// Guards `cite/unknown`: an identifier and two keys missing from the bibliography, each
/// at its own position; a near key gets "did you mean", a far one the entry to add.
#[test]
fn cite_unknown_reports_identifiers_and_keys_with_a_suggestion() {
    let site = Site::new("check-unknown");
    let checked = check(&site, &[]);
    checked
        .expect(&[
            ("cite/unknown", "content/bad.md", 5, 24, "error"),
            ("cite/unknown", "content/bad.md", 7, 18, "error"),
            ("cite/unknown", "content/bad.md", 7, 57, "error"),
        ])
        .expect_clean("content/good.md");
    let [id, near, far] = &checked.findings[..] else {
        unreachable!()
    };
    assert!(id.message.contains("PMID 8708565"), "{}", id.message);
    assert!(
        id.help
            .as_deref()
            .unwrap_or("")
            .contains("pmid: \"8708565\""),
        "{id:?}"
    );
    assert!(near.message.contains("@renehan-2040"), "{}", near.message);
    assert_eq!(near.help.as_deref(), Some("did you mean `@renehan-2004`?"));
    assert!(
        !far.help.as_deref().unwrap_or("").contains("did you mean"),
        "{far:?}"
    );
}

/// Guards `cite/retracted`: a retracted entry cited by DOI (another case) and by key is
/// reported at each citation; an entry with `retracted: false` is not.
#[test]
fn cite_retracted_reports_each_citation_of_a_retracted_entry() {
    let site = Site::new("check-retracted");
    let checked = check(&site, &[]);
    checked
        .expect(&[
            ("cite/retracted", "content/bad.md", 5, 46, "error"),
            ("cite/retracted", "content/bad.md", 7, 19, "error"),
        ])
        .expect_clean("content/good.md");
    assert!(checked.findings[0].message.contains("retracted-trial"));
}

/// Guards `cite/duplicate`: two entries with one PMID, and two whose DOIs differ only in
/// case, are each reported once, at the later entry's key line in references.yaml.
#[test]
fn cite_duplicate_is_reported_at_the_later_entry() {
    let site = Site::new("check-duplicate");
    let checked = check(&site, &[]);
    checked
        .expect(&[
            ("cite/duplicate", "references.yaml", 7, 1, "error"),
            ("cite/duplicate", "references.yaml", 12, 1, "error"),
        ])
        .expect_clean("content/page.md");
    let first = &checked.findings[0].message;
    assert!(
        first.contains("renehan-lancet") && first.contains("renehan-2004"),
        "{first}"
    );
}

/// Guards `cite/unused`: an entry no page cites is a warning at its key line (exit 0),
/// while entries cited by identifier, by key and by a PMC link are used.
#[test]
fn cite_unused_is_a_warning_at_the_entry_key_line() {
    let site = Site::new("check-unused");
    let checked = check(&site, &[]);
    checked
        .expect(&[("cite/unused", "references.yaml", 6, 1, "warning")])
        .expect_clean("content/page.md");
    assert!(checked.findings[0].message.contains("never-cited"));
    assert_eq!(checked.run.code, 0);
}

/// Guards `bibliography:` in site.yaml: entry findings name that file (relative to the
/// root), and a bibliography named but missing is `meta/invalid` at the key's line.
#[test]
fn entry_findings_point_into_the_configured_bibliography() {
    let site = Site::new("check-unused");
    let text = std::fs::read_to_string(site.root.join("references.yaml")).unwrap();
    site.write("data/refs.yaml", text);
    std::fs::remove_file(site.root.join("references.yaml")).unwrap();
    let config = "title: Unused\nbase_url: https://example.org/\nbibliography: data/refs.yaml\n";
    site.write("site.yaml", config);
    check(&site, &[]).expect(&[("cite/unused", "data/refs.yaml", 6, 1, "warning")]);
    site.write("site.yaml", config.replace("refs.yaml", "missing.yaml"));
    let missing = check(&site, &[]);
    let found = missing.one("meta/invalid", "site.yaml", 3);
    assert!(
        found.message.contains("data/missing.yaml"),
        "{}",
        found.message
    );
}

/// Guards `meta/missing`: each absent (or blank) `required_fields` key is an error at the
/// front matter's first line; a page with every field is clean.
#[test]
fn meta_missing_reports_each_absent_field_at_the_first_line() {
    let site = Site::new("check-meta-missing");
    let checked = check(&site, &[]);
    checked
        .expect(&[
            ("meta/missing", "content/partial.md", 1, 1, "error"),
            ("meta/missing", "content/partial.md", 1, 1, "error"),
        ])
        .expect_clean("content/complete.md");
    let mut named: Vec<&str> = checked
        .findings
        .iter()
        .map(|f| f.message.as_str())
        .collect();
    named.sort();
    assert!(named[0].contains("`description`"), "{named:?}");
    assert!(named[1].contains("`reviewed_by`"), "{named:?}");
}

/// Guards `meta/invalid` in references.yaml: a wrong `type`, a non-boolean `retracted`
/// (at their field lines) and an entry with no identifier (at its key line).
#[test]
fn meta_invalid_in_the_bibliography_points_at_the_field() {
    let site = Site::new("check-meta-invalid");
    let checked = check(&site, &[]);
    checked
        .expect(&[
            ("meta/invalid", "references.yaml", 5, 3, "error"),
            ("meta/invalid", "references.yaml", 6, 3, "error"),
            ("meta/invalid", "references.yaml", 7, 1, "error"),
        ])
        .expect_clean("content/page.md");
    assert!(checked.findings[0].message.contains("`type`"));
    assert!(checked.findings[1].message.contains("`retracted`"));
    assert!(checked.findings[2].message.contains("no identifier"));
}

/// Guards `meta/invalid` for a bibliography that does not parse: one error, at the line
/// and column of the YAML error (the second `:` on the line).
#[test]
fn meta_invalid_for_a_bibliography_syntax_error() {
    let site = Site::new("check-meta-invalid");
    site.write(
        "references.yaml",
        "good-entry:\n  pmid: \"8708565\"\nbroken:\n  title: a: b\n",
    );
    let checked = check(&site, &[]);
    let invalid = checked.with_code("meta/invalid");
    assert_eq!(invalid.len(), 1, "{:#?}", checked.findings);
    assert_eq!(
        invalid[0].at(),
        ("meta/invalid", "references.yaml", 4, 11, "error")
    );
    assert!(invalid[0].message.contains("does not parse"));
}

/// Guards a copy-paste mistake in references.yaml: the same key twice is invalid YAML and
/// must be `meta/invalid` at the second key, not silently merged into one entry (which
/// loses the first entry's PMID and blames a bogus `cite/duplicate` on it).
#[test]
fn a_repeated_bibliography_key_is_meta_invalid() {
    let site = Site::new("check-meta-invalid");
    site.write(
        "references.yaml",
        "rat:\n  pmid: \"8708565\"\nrat:\n  pmid: \"15110491\"\n",
    );
    site.write(
        "content/page.md",
        "---\ntitle: T\ndescription: D\n---\nSee PMID 8708565 and PMID 15110491.\n",
    );
    let checked = check(&site, &[]);
    let invalid = checked.one("meta/invalid", "references.yaml", 3);
    assert!(invalid.message.contains("rat"), "{invalid:?}");
    assert!(
        checked.with_code("cite/duplicate").is_empty(),
        "{:#?}",
        checked.findings
    );
}

/// Guards `meta/invalid` in front matter under `check`: each wrong type is reported at
/// its value, line counted from the top of the file.
#[test]
fn meta_invalid_in_front_matter_is_reported_by_check() {
    let site = Site::new("bad-type");
    check(&site, &[]).expect(&[
        ("meta/invalid", "content/date-words.md", 4, 7, "error"),
        ("meta/invalid", "content/draft-maybe.md", 4, 8, "error"),
        ("meta/invalid", "content/tags-number.md", 5, 7, "error"),
    ]);
}

/// Guards `review/overdue`: reported at the `reviewed` line when older than 365 days (or
/// the page's own `review_interval_days`); a fresh page, a page due exactly today and a
/// page never reviewed are not.
#[test]
fn review_overdue_at_the_reviewed_line() {
    let site = Site::new("check-review");
    let checked = check(&site, &["--today", "2026-11-25"]);
    checked.expect(&[
        ("review/overdue", "content/overdue.md", 5, 1, "warning"),
        ("review/overdue", "content/own-interval.md", 5, 1, "warning"),
    ]);
    assert!(checked.findings[0].message.contains("2025-06-01"));
    assert!(checked.findings[1].message.contains("30 days"));
}

/// Guards `--today`: the same site a day later has the boundary page overdue, and long
/// before, nothing is.
#[test]
fn review_overdue_follows_today() {
    let site = Site::new("check-review");
    let later = check(&site, &["--today", "2026-11-26"]);
    later.one("review/overdue", "content/boundary.md", 4);
    assert_eq!(later.findings.len(), 3, "{:#?}", later.findings);
    check(&site, &["--today", "2025-07-01"]).expect(&[]);
}

/// Guards the site-wide `review_interval_days`: a shorter interval makes the fresh page
/// overdue too, while a page's own interval still wins.
#[test]
fn review_interval_from_site_yaml() {
    let site = Site::new("check-review");
    site.write(
        "site.yaml",
        "title: Review dates\nbase_url: https://example.org/\nreview_interval_days: 100\n",
    );
    let checked = check(&site, &["--today", "2026-11-25"]);
    checked.one("review/overdue", "content/fresh.md", 4);
    checked.one("review/overdue", "content/boundary.md", 4);
    let own = checked.one("review/overdue", "content/own-interval.md", 5);
    assert!(own.message.contains("30 days"), "{}", own.message);
    checked.expect_clean("content/never-reviewed.md");
}

/// Guards the repository's own site: `check` exits 0 with no
/// diagnostics at all, not even warnings.
#[test]
fn the_repository_site_checks_clean() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let checked = check_at(root, &["--today", "2026-11-25", "--deny-warnings"]);
    checked.expect(&[]);
    assert_eq!(checked.run.code, 0);
    assert!(checked.pages >= 3, "pages: {}", checked.pages);
}
