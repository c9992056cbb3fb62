//! Where `check` points and how it ends: exact 1-based lines and columns counted from the
//! top of the file (front matter included) for citations in every kind of block, the
//! per-site `checks:` overrides, exit codes 0/1/2, and the order of the JSON diagnostics.

use crate::findings::{check, check_at};
use crate::fixture::{fixture_dir, Site};

/// Guards exact positions with no bibliography (every citation is `cite/unknown` at its
/// own start): the second and third lines of a paragraph, table cells (one after an em
/// dash, so columns count characters), list items and their continuation lines, a
/// blockquote, both lines of an indented footnote, each key of `[@a; @b]`, and a page
/// whose ten-line front matter (with a YAML list) shifts everything below it.
#[test]
fn citations_are_located_exactly_in_every_kind_of_block() {
    let site = Site::new("check-positions");
    let (short, long) = ("content/short.md", "content/deep/long.md");
    let e = "error";
    check(&site, &[]).expect(&[
        ("cite/unknown", long, 13, 19, e),
        ("cite/unknown", long, 18, 8, e),
        ("cite/unknown", short, 5, 25, e),
        ("cite/unknown", short, 6, 24, e),
        ("cite/unknown", short, 10, 11, e),
        ("cite/unknown", short, 11, 28, e),
        ("cite/unknown", short, 14, 17, e),
        ("cite/unknown", short, 14, 25, e),
        ("cite/unknown", short, 15, 35, e),
        ("cite/unknown", short, 17, 26, e),
        ("cite/unknown", short, 21, 34, e),
        ("cite/unknown", short, 22, 31, e),
    ]);
}

/// Guards positions in a file saved with Windows line endings: CRLF counts as one line
/// break, in the front matter and in the body.
#[test]
fn crlf_line_endings_keep_lines_and_columns() {
    let site = Site::new("check-positions");
    site.write("content/short.md", "---\r\ntitle: W\r\n---\r\nA line.\r\nSecond line cites PMID 4444444 here.\r\n\r\n| a | b |\r\n|---|---|\r\n| x | NCT01234567 |\r\n");
    site.write(
        "content/deep/long.md",
        "---\r\ntitle: L\r\n---\r\nNone.\r\n",
    );
    check(&site, &[]).expect(&[
        ("cite/unknown", "content/short.md", 5, 19, "error"),
        ("cite/unknown", "content/short.md", 9, 7, "error"),
    ]);
}

/// Guards `checks:` in site.yaml: `claim/uncited: error` turns the warning into an error
/// (exit 1) and `cite/unused: off` removes the unused entry's warning.
#[test]
fn site_checks_change_severity_and_turn_codes_off() {
    let site = Site::new("check-overrides");
    let strict = check(&site, &[]);
    strict.expect(&[("claim/uncited", "content/page.md", 5, 22, "error")]);
    assert_eq!(strict.run.code, 1);
    site.write(
        "site.yaml",
        "title: Overrides\nbase_url: https://example.org/\n",
    );
    let default = check(&site, &[]);
    default.expect(&[
        ("claim/uncited", "content/page.md", 5, 22, "warning"),
        ("cite/unused", "references.yaml", 3, 1, "warning"),
    ]);
    assert_eq!(default.run.code, 0);
}

/// Guards `checks:` on findings about the bibliography itself: `cite/duplicate: warning`
/// lowers the duplicate entry's error, so the check passes.
#[test]
fn site_checks_apply_to_bibliography_findings() {
    let site = Site::new("check-duplicate");
    site.write(
        "site.yaml",
        "title: Duplicates\nbase_url: https://example.org/\nchecks: {cite/duplicate: warning}\n",
    );
    let checked = check(&site, &[]);
    checked.expect(&[
        ("cite/duplicate", "references.yaml", 7, 1, "warning"),
        ("cite/duplicate", "references.yaml", 12, 1, "warning"),
    ]);
    assert_eq!(checked.run.code, 0);
}

/// Guards an unknown code in `checks:`: `meta/invalid` in site.yaml at the code's line,
/// exit 1, and nothing else is checked.
#[test]
fn an_unknown_code_in_checks_is_meta_invalid_at_its_line() {
    let site = Site::new("check-overrides");
    site.write(
        "site.yaml",
        "title: Overrides\nbase_url: https://example.org/\nchecks:\n  claim/uncited: error\n  cite/unusd: off\n",
    );
    let checked = check(&site, &[]);
    assert_eq!(checked.findings.len(), 1, "{:#?}", checked.findings);
    let found = &checked.findings[0];
    let at = (found.code.as_str(), found.file.as_str(), found.line);
    assert_eq!(at, ("meta/invalid", "site.yaml", 5));
    assert_eq!(found.severity, "error");
    assert!(found.message.contains("cite/unusd"), "{}", found.message);
    assert_eq!(checked.run.code, 1);
}

/// Guards the line of an unknown code in `checks:` when its name also appears earlier, in
/// a maintainer's comment: the finding points at the `checks:` entry, not the comment.
#[test]
fn an_unknown_code_is_located_at_its_key_not_at_a_comment() {
    let site = Site::new("check-overrides");
    site.write(
        "site.yaml",
        "title: Overrides\nbase_url: https://example.org/\n# cite/unsed is off until the bibliography is cleaned up\nchecks:\n  cite/unsed: off\n",
    );
    let checked = check(&site, &[]);
    assert_eq!(checked.findings.len(), 1, "{:#?}", checked.findings);
    let found = &checked.findings[0];
    assert_eq!((found.code.as_str(), found.line), ("meta/invalid", 5));
}

/// Guards an unknown code in a `checks` map written on one line: at its line and column,
/// not at the top of the file.
#[test]
fn an_unknown_code_in_a_one_line_map_is_located_at_it() {
    let site = Site::new("check-overrides");
    site.write(
        "site.yaml",
        "title: Overrides\nbase_url: https://example.org/\n# claim/uncitd: error was a typo\nchecks: {cite/unused: off, claim/uncitd: error}\n",
    );
    let checked = check(&site, &[]);
    assert_eq!(checked.findings.len(), 1, "{:#?}", checked.findings);
    let found = &checked.findings[0];
    let at = (found.code.as_str(), found.line, found.column);
    assert_eq!(at, ("meta/invalid", 4, 28));

    // A code that is the end of a known one is found where it is written on its own.
    site.write(
        "site.yaml",
        "title: Overrides\nbase_url: https://example.org/\nchecks: {link/alias: off, alias: off}\n",
    );
    let checked = check(&site, &[]);
    let found = &checked.findings[0];
    assert_eq!((found.line, found.column), (3, 27), "{found:#?}");
}

/// Guards the exit codes: 0 for a clean site, 0 with warnings only, 1 with warnings under
/// `--deny-warnings`, 1 with errors.
#[test]
fn exit_codes_follow_errors_and_deny_warnings() {
    let clean = check(&Site::new("check-csl"), &[]);
    clean.expect(&[]);
    assert_eq!(clean.run.code, 0);
    let warnings = Site::new("check-unused");
    assert_eq!(check(&warnings, &[]).run.code, 0);
    let denied = check(&warnings, &["--deny-warnings"]);
    assert_eq!(denied.run.code, 1);
    assert_eq!(denied.findings.len(), 1);
    let errors = check(&Site::new("check-malformed"), &[]);
    assert_eq!(errors.run.code, 1);
    let errors_denied = check(&Site::new("check-malformed"), &["--deny-warnings"]);
    assert_eq!(errors_denied.run.code, 1);
}

/// Guards exit 2: a folder without site.yaml, an unknown format and a bad `--today` are
/// failures to run, said on stderr with nothing on stdout.
#[test]
fn a_check_that_cannot_run_exits_2() {
    let no_site = crate::fixture::check_root(&fixture_dir("no-site"), &["--format", "json"]);
    no_site.expect_code(2).expect_stderr("site.yaml");
    assert_eq!(no_site.stdout, "");
    let site = Site::new("check-csl");
    site.check(&["--format", "xml"])
        .expect_code(2)
        .expect_stderr("xml");
    let bad_day = site.check(&["--today", "25/11/2026"]);
    bad_day.expect_code(2).expect_stderr("YYYY-MM-DD");
    assert_eq!(bad_day.stdout, "");
}

/// Guards the JSON document on a clean site: `diagnostics` is an empty array and the
/// summary counts the pages (the findings helper checks the schema of every run).
#[test]
fn json_for_a_clean_site_is_an_empty_list_with_a_summary() {
    let site = Site::new("check-csl");
    let checked = check(&site, &[]);
    let document: serde_json::Value = serde_json::from_str(&checked.run.stdout).unwrap();
    assert_eq!(document["diagnostics"], serde_json::json!([]));
    assert_eq!(
        document["summary"],
        serde_json::json!({"pages": checked.pages, "errors": 0, "warnings": 0})
    );
    assert!(checked.pages >= 1);
}

/// Guards the order across files: pages by path, then the bibliography, each by line and
/// column (the seed's dose paragraph shows two codes at one position, by code).
#[test]
fn diagnostics_are_sorted_across_files() {
    let site = Site::new("check-formats");
    let checked = check(&site, &[]);
    let files: Vec<&str> = checked.findings.iter().map(|f| f.file.as_str()).collect();
    let mut sorted = files.clone();
    sorted.sort();
    assert_eq!(files, sorted);
    assert_eq!(files.first(), Some(&"content/about.md"));
    assert_eq!(files.last(), Some(&"references.yaml"));
    let seed = check(&Site::new("check-seed"), &[]);
    let codes: Vec<&str> = seed.findings[..2].iter().map(|f| f.code.as_str()).collect();
    assert_eq!(codes, ["claim/uncited", "policy/dose-figure"]);
}

/// Guards a citation written as a link whose text is the identifier
/// (`[PMID 7654321](https://pubmed…/7654321/)`, or an autolink): it is one citation, so
/// an unknown one is reported once, at the link.
#[test]
fn a_linked_identifier_is_one_citation() {
    let site = Site::new("check-positions");
    site.write("content/short.md", "---\ntitle: S\n---\nSee [PMID 7654321](https://pubmed.ncbi.nlm.nih.gov/7654321/).\n\nAnd <https://doi.org/10.1000/abc>.\n");
    site.write("content/deep/long.md", "---\ntitle: L\n---\nNone.\n");
    check(&site, &[]).expect(&[
        ("cite/unknown", "content/short.md", 4, 5, "error"),
        ("cite/unknown", "content/short.md", 6, 5, "error"),
    ]);
}

/// Guards file paths: a `--root` written with `..` gives the same findings, with paths
/// relative to the site root and `/` separators.
#[test]
fn file_paths_are_relative_to_the_site_root() {
    let site = Site::new("check-unknown");
    let absolute = check(&site, &[]);
    let relative = check_at(&site.tmp().join("site/content/.."), &[]);
    assert_eq!(absolute.findings, relative.findings);
    assert!(absolute
        .findings
        .iter()
        .all(|f| f.file.starts_with("content/")));
}

/// Guards deterministic output (pages are analysed in parallel): two runs of `check` on
/// the same site print byte-identical JSON.
#[test]
fn check_output_is_deterministic() {
    let site = Site::new("check-seed");
    let first = check(&site, &[]);
    let second = check(&site, &[]);
    assert_eq!(first.run.stdout, second.run.stdout);
    assert!(!first.findings.is_empty());
}
