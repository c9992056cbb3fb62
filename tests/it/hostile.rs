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

/// Guards against YAML alias amplification ("billion laughs"): nested aliases in the
/// bibliography or a page's front matter expanded to gigabytes. Each alias is refused as
/// `meta/invalid` at its line, before anything is expanded; a `*` that is only text is not.
#[test]
fn yaml_aliases_are_refused_in_the_bibliography_and_front_matter() {
    let site = Site::new("yaml-aliases");
    let started = std::time::Instant::now();
    let checked = check(&site, &[]);
    assert!(started.elapsed() < std::time::Duration::from_secs(20));
    insta::assert_snapshot!(lines(&checked));
}

/// The same refusal in `site.yaml`, at the alias's line.
#[test]
fn a_yaml_alias_in_site_yaml_is_refused() {
    let site = Site::new("minimal");
    site.write(
        "site.yaml",
        "title: &t Aliased\ndescription: *t\nbase_url: https://example.org/\n",
    );
    let checked = check(&site, &[]);
    insta::assert_snapshot!(lines(&checked));
}
