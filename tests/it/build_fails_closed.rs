//! `build` fails closed: with any error, a content error included, it writes nothing,
//! leaves the previous output as it was and exits 1, so a deploy job that runs only `build`
//! never publishes a page `check` refuses. `--allow-errors` writes a preview anyway and
//! still exits 1; warnings never stop a build.

use crate::fixture::Site;

const FIXED: &str = "---\ntitle: A page with a broken link\ndescription: Fixed now.\n---\n\n\
                     See [the clean page](b.md).\n\nAbout 49% of readers skip this.\n";

/// Guards the deploy job: a broken link (a content error, not a rendering one) makes
/// `build` print the finding and a summary, write nothing and exit 1.
#[test]
fn a_content_error_writes_nothing() {
    let site = Site::new("build-fails-closed");
    let run = site.build(&[]);
    run.expect_code(1)
        .expect_stderr("error[link/broken]")
        .expect_stderr("build failed (1 error, 1 warning); nothing was written");
    assert!(!site.out().exists(), "no output folder");
    insta::assert_snapshot!(site.normalize(&run.stderr));
}

/// Guards the previous output: after a good build, a build refused for an error leaves
/// every file of the output exactly as it was.
#[test]
fn a_refused_build_leaves_the_previous_output_untouched() {
    let site = Site::new("build-fails-closed");
    site.write("content/a.md", FIXED);
    site.build(&[]).expect_code(0);
    let before = crate::fixture::tree(&site.out());
    let page = site.read("a/index.html");
    assert!(page.contains("Fixed now."), "{page}");
    site.write(
        "content/a.md",
        FIXED
            .replace("Fixed now.", "Broken again.")
            .replace("b.md", "gone.md"),
    );
    site.write(
        "content/c.md",
        "---\ntitle: New\ndescription: New page.\n---\n\nNew.\n",
    );
    site.build(&[])
        .expect_code(1)
        .expect_stderr("the previous output in");
    assert_eq!(crate::fixture::tree(&site.out()), before);
    assert_eq!(site.read("a/index.html"), page);
    assert!(!site.exists("c/index.html"));
}

/// Guards the staging preview: `--allow-errors` writes the site, says it has errors, and
/// still exits 1.
#[test]
fn allow_errors_writes_the_site_and_still_fails() {
    let site = Site::new("build-fails-closed");
    site.build(&["--allow-errors"])
        .expect_code(1)
        .expect_stderr("error[link/broken]")
        .expect_stderr("despite 1 error, 1 warning (--allow-errors): not for publishing");
    assert!(site
        .read("a/index.html")
        .contains("A page with a broken link"));
    assert!(site.exists("b/index.html"));
}

/// Guards warnings: an uncited figure alone never stops a build.
#[test]
fn warnings_never_stop_a_build() {
    let site = Site::new("build-fails-closed");
    site.write("content/a.md", FIXED);
    site.build(&[])
        .expect_code(0)
        .expect_stderr("(0 errors, 1 warning)");
    assert!(site.exists("a/index.html"));
}

/// Guards the length of what `build` prints: the first 20 findings, then a line pointing
/// at `check` for the rest.
#[test]
fn build_prints_twenty_findings_and_points_at_check() {
    let site = Site::new("build-fails-closed");
    let links: String = (0..25).map(|i| format!("[x](gone-{i}.md)\n\n")).collect();
    site.write(
        "content/a.md",
        format!("---\ntitle: Many\ndescription: Many broken links.\n---\n\n{links}"),
    );
    let run = site.build(&[]);
    run.expect_code(1)
        .expect_stderr("… and 5 more findings: run `panelpress check` for the full list")
        .expect_stderr("build failed (25 errors, 0 warnings)");
    assert_eq!(run.stderr.matches("error[link/broken]").count(), 20);
}
