//! `check --changed-since REF`: the whole site is still checked, but only findings in files
//! changed since the ref are reported, plus links in unchanged pages to a page the change
//! renamed or removed. Each test makes the fixture copy a git repository with one commit.
//! Without `git` on PATH the tests are skipped with a message, unless `CI` is set.

use crate::findings::check;
use crate::fixture::Site;
use std::path::Path;
use std::process::Command;

/// Whether `git` can run; when it cannot, fails under CI and otherwise says why the test
/// is skipped.
fn git_available(test: &str) -> bool {
    let works = Command::new("git")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !works {
        assert!(
            std::env::var_os("CI").is_none(),
            "{test}: `git` is not on PATH, and CI is set"
        );
        eprintln!("skipping {test}: `git` is not on PATH");
    }
    works
}

/// Runs `git` in `dir`, failing the test if it fails.
#[track_caller]
fn git(dir: &Path, args: &[&str]) {
    let output = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .output()
        .expect("run git");
    assert!(
        output.status.success(),
        "git {args:?} failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// The `links-changes` fixture, committed as the repository's first commit.
fn committed() -> Site {
    let site = Site::new("links-changes");
    git(&site.root, &["-c", "init.defaultBranch=main", "init", "-q"]);
    git(&site.root, &["add", "-A"]);
    git(
        &site.root,
        &[
            "-c",
            "user.email=t@e",
            "-c",
            "user.name=t",
            "-c",
            "commit.gpgsign=false",
            "commit",
            "-q",
            "-m",
            "base",
        ],
    );
    site
}

/// Guards the filter: after an edit that adds an uncited figure to one page, only that
/// page's finding is reported, not the broken link an unchanged page already had (which a
/// full check still reports).
#[test]
fn only_findings_in_changed_files_are_reported() {
    if !git_available("only_findings_in_changed_files_are_reported") {
        return;
    }
    let site = committed();
    let edited = "content/edited.md";
    let text = std::fs::read_to_string(site.root.join(edited)).unwrap();
    site.write(edited, format!("{text}\nTake 500 mg daily for a month.\n"));
    check(&site, &["--changed-since", "HEAD"]).expect(&[(
        "claim/uncited",
        edited,
        7,
        6,
        "warning",
    )]);
    check(&site, &[]).expect(&[
        ("claim/uncited", edited, 7, 6, "warning"),
        ("link/broken", "content/untouched.md", 5, 5, "error"),
    ]);
}

/// Guards renames: after `git mv` of a page, a relative `.md` link to its old name in an
/// unchanged page is still reported as `link/broken` under `--changed-since`, while the
/// unrelated broken link in another unchanged page is not.
#[test]
fn links_to_a_renamed_page_are_reported_from_unchanged_pages() {
    if !git_available("links_to_a_renamed_page_are_reported_from_unchanged_pages") {
        return;
    }
    let site = committed();
    git(&site.root, &["mv", "content/target.md", "content/moved.md"]);
    let checked = check(&site, &["--changed-since", "HEAD"]);
    let broken = checked.one("link/broken", "content/linker.md", 5);
    assert_eq!(broken.column, 6, "{broken:?}");
    assert!(broken.message.contains("target.md"), "{}", broken.message);
    checked.expect_clean("content/untouched.md");
}

/// Guards renames for root-relative links: `/target/` in an unchanged page points at the
/// renamed page just as `target.md` does, so it must be reported too: a change reports
/// the links elsewhere that now point at a page it removed or renamed.
#[test]
fn root_relative_links_to_a_renamed_page_are_reported_from_unchanged_pages() {
    if !git_available("root_relative_links_to_a_renamed_page_are_reported_from_unchanged_pages") {
        return;
    }
    let site = committed();
    git(&site.root, &["mv", "content/target.md", "content/moved.md"]);
    let checked = check(&site, &["--changed-since", "HEAD"]);
    checked.expect(&[
        ("link/broken", "content/linker.md", 5, 6, "error"),
        ("link/broken", "content/linker.md", 7, 4, "error"),
    ]);
}

/// Guards a mistyped ref: exit 2 (the check could not run) with a message naming the ref.
#[test]
fn an_unknown_ref_exits_2_naming_it() {
    if !git_available("an_unknown_ref_exits_2_naming_it") {
        return;
    }
    let site = committed();
    site.check(&["--format", "json", "--changed-since", "no-such-ref"])
        .expect_code(2)
        .expect_stderr("no-such-ref");
}
