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

/// Guards against publishing files of the machine that builds the site: symbolic links
/// under `static/`, `content/` and in a page bundle that lead outside the site folder are
/// `build/outside-site` at the link's path and left out; a link that stays inside is kept.
#[cfg(unix)]
#[test]
fn links_that_lead_outside_the_site_are_left_out_and_reported() {
    use std::os::unix::fs::symlink;
    let site = Site::new("outside-site");
    let outside = std::fs::canonicalize(site.tmp()).unwrap();
    std::fs::write(outside.join("secret.txt"), "SECRET").unwrap();
    std::fs::write(
        outside.join("secret.md"),
        "---\ntitle: S\ndescription: d\n---\nSECRET\n",
    )
    .unwrap();
    std::fs::create_dir(outside.join("folder")).unwrap();
    std::fs::write(outside.join("folder/inner.txt"), "SECRET").unwrap();
    let link = |target: &std::path::Path, at: &str| symlink(target, site.root.join(at)).unwrap();
    link(&outside.join("secret.txt"), "static/passwd.txt");
    link(&outside.join("folder"), "static/shared");
    link(
        &outside.join("secret.txt"),
        "content/guides/bundle/data.csv",
    );
    link(&outside.join("secret.md"), "content/leak.md");
    link(std::path::Path::new("site.css"), "static/same.css");

    let checked = check(&site, &[]);
    let shown = lines(&checked).replace(&outside.display().to_string(), "[TMP]");
    insta::assert_snapshot!(shown);
    site.build(&[])
        .expect_code(1)
        .expect_stderr("build/outside-site");
    assert!(!site.out().exists());

    // Without the links that leave, the site builds, the link inside included.
    for at in [
        "static/passwd.txt",
        "static/shared",
        "content/guides/bundle/data.csv",
        "content/leak.md",
    ] {
        std::fs::remove_file(site.root.join(at)).unwrap();
    }
    site.build(&[]).expect_code(0);
    assert_eq!(site.read("same.css"), "body { margin: 0; }\n");
}

/// Guards `check` passing what `build` cannot write: a slug, an alias's part or a tag's
/// page name over 255 bytes, or a slug with NUL, is `meta/invalid` at its front-matter line
/// (255 bytes is fine); the build stops with the same finding, not a raw OS error.
#[test]
fn names_the_output_cannot_hold_are_invalid() {
    let site = Site::new("unwritable-names");
    let checked = check(&site, &[]);
    insta::assert_snapshot!(lines(&checked));
    let built = site.build(&[]);
    built
        .expect_code(1)
        .expect_stderr("a file name holds at most 255");
    assert!(!built.stderr.contains("os error"), "{}", built.stderr);
}

/// Guards against debris after stopped builds: builds killed (`kill -9`) at different
/// moments leave nothing the next build does not remove, and nothing that shows beside the
/// site's files: only `public/` and `.panelpress/`, whose `.gitignore` hides it from git.
#[cfg(unix)]
#[test]
fn killed_builds_leave_no_debris() {
    let site = Site::new("minimal");
    for i in 0..400 {
        site.write(
            &format!("content/many/page-{i}.md"),
            format!("---\ntitle: Page {i}\ndescription: d\n---\n## Part\n\nText {i}.\n"),
        );
    }
    site.build(&[]).expect_code(0);
    for delay in [20, 60, 120, 200, 300] {
        let mut child = std::process::Command::new(crate::fixture::BIN)
            .args(["build", "--root"])
            .arg(&site.root)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(delay));
        child.kill().ok();
        child.wait().unwrap();
    }
    site.build(&[]).expect_code(0);
    let names = |dir: &std::path::Path| {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        names.sort();
        names
    };
    assert_eq!(
        names(&site.root),
        [".panelpress", "content", "public", "site.yaml"]
    );
    assert_eq!(names(&site.root.join(".panelpress")), [".gitignore"]);
    assert!(site.exists("many/page-399/index.html"));
}

/// Guards against quadratic work in tags: every tag's page carried the whole tag index,
/// built again for each tag, so 10,000 tags on one page took minutes. Now near-linear.
#[test]
fn thousands_of_tags_on_one_page_are_cheap() {
    let site = Site::new("minimal");
    let tags: Vec<String> = (0..4_000).map(|i| format!("tag{i}")).collect();
    site.write(
        "content/many.md",
        format!(
            "---\ntitle: Many\ndescription: d\ntags: [{}]\n---\nText.\n",
            tags.join(", ")
        ),
    );
    let started = std::time::Instant::now();
    let checked = check(&site, &[]);
    assert!(checked.findings.is_empty(), "{}", lines(&checked));
    // Each tag's page, the tag index, the home, the page, the 404 page and the search page.
    assert_eq!(checked.pages, 4_000 + 6);
    assert!(started.elapsed() < std::time::Duration::from_secs(15));
}
