//! Hostile and clumsy input: files that lead outside the site, YAML that expands without
//! bound, input sized to make the work quadratic, names the output cannot hold, links a
//! browser must not follow. Each test says which attack it guards against; findings are
//! snapshotted as `file:line:column severity code: message`.

use crate::findings::{check, Checked};
use crate::fixture::Site;

/// The findings of `checked`, one line each, for a snapshot.
fn lines(checked: &Checked) -> String {
    checked
        .findings
        .iter()
        .map(|f| {
            format!(
                "{}:{}:{} {} {}: {}",
                f.file, f.line, f.column, f.severity, f.code, f.message
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Guards against a `javascript:` or `data:` address in the bibliography becoming a live
/// link in References: each is `meta/invalid` at its `url:` line, and the build stops.
#[test]
fn a_bibliography_url_that_is_not_http_is_invalid() {
    let site = Site::new("bib-url-scheme");
    let checked = check(&site, &[]);
    insta::assert_snapshot!(lines(&checked));
    site.build(&[]).expect_code(1);
    assert!(!site.out().exists());
}
