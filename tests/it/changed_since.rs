//! `check --changed-since REF`: the whole site is still checked, but only findings on lines
//! the change added or modified are reported, and those in files it added, plus links in
//! unchanged pages to a page (or a heading) the change renamed or removed. Each test makes
//! the fixture copy a git repository with one commit. Without `git` on PATH the tests are
//! skipped with a message, unless `CI` is set. Also the paths of `--format github` and
//! `sarif` when the site is a folder of its repository.

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
    committed_fixture("links-changes")
}

/// Fixture `name`, committed as the first commit of a repository at the site's root.
fn committed_fixture(name: &str) -> Site {
    let site = Site::new(name);
    commit_all(&site.root);
    site
}

/// Makes `dir` a git repository holding all its files in one commit.
fn commit_all(dir: &Path) {
    git(dir, &["-c", "init.defaultBranch=main", "init", "-q"]);
    git(dir, &["add", "-A"]);
    git(
        dir,
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

/// Guards the line filter: after an edit to one line of a page, only the finding on that
/// line is reported, not the page's old finding on a line the change left alone (which a
/// full check still reports).
#[test]
fn only_findings_on_changed_lines_are_reported() {
    if !git_available("only_findings_on_changed_lines_are_reported") {
        return;
    }
    let site = committed_fixture("changed-lines");
    let page = "content/page.md";
    let text = std::fs::read_to_string(site.root.join(page)).unwrap();
    site.write(
        page,
        text.replace(
            "This line is the one the change edits.",
            "About 60% of users reported nausea.",
        ),
    );
    let changed = check(&site, &["--changed-since", "HEAD"]);
    insta::assert_snapshot!(changed.listing());
    check(&site, &[]).expect(&[
        ("claim/uncited", page, 5, 7, "warning"),
        ("claim/uncited", page, 7, 7, "warning"),
    ]);
}

/// Guards new files: every finding in a file the change added is the change's.
#[test]
fn every_finding_in_an_added_file_is_reported() {
    if !git_available("every_finding_in_an_added_file_is_reported") {
        return;
    }
    let site = committed_fixture("changed-lines");
    site.write(
        "content/new.md",
        "---\ntitle: New\ndescription: A page the change adds.\n---\n\
         About 30% of people stop.\n\nSee [a page](missing.md).\n",
    );
    let changed = check(&site, &["--changed-since", "HEAD"]);
    insta::assert_snapshot!(changed.listing());
}

/// Guards moves: a page moved into a folder keeps its relative links as written, so
/// they may lead nowhere now; those are the change's, its old findings are not.
#[test]
fn links_a_move_broke_in_the_moved_page_are_reported() {
    if !git_available("links_a_move_broke_in_the_moved_page_are_reported") {
        return;
    }
    let site = committed_fixture("changed-lines");
    std::fs::create_dir(site.root.join("content/guides")).unwrap();
    git(
        &site.root,
        &["mv", "content/page.md", "content/guides/page.md"],
    );
    let changed = check(&site, &["--changed-since", "HEAD"]);
    insta::assert_snapshot!(changed.listing());
}

/// Guards annotation paths for a site in a folder of its repository (`site/` here, often
/// `docs/`): GitHub workflow commands and SARIF name files from the repository's root,
/// while JSON keeps them relative to the site.
#[test]
fn github_and_sarif_paths_start_at_the_repository_root() {
    if !git_available("github_and_sarif_paths_start_at_the_repository_root") {
        return;
    }
    let site = Site::new("changed-lines");
    commit_all(site.tmp());
    let github = site.check(&["--format", "github", "--today", crate::findings::TODAY]);
    insta::assert_snapshot!(github.stdout);
    let sarif = site.check(&["--format", "sarif", "--today", crate::findings::TODAY]);
    let sarif: serde_json::Value = serde_json::from_str(&sarif.stdout).expect("SARIF is JSON");
    let uris: Vec<&serde_json::Value> = sarif["runs"][0]["results"]
        .as_array()
        .expect("results")
        .iter()
        .map(|r| &r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"])
        .collect();
    assert_eq!(uris, ["site/content/page.md"]);
    check(&site, &[]).expect(&[("claim/uncited", "content/page.md", 5, 7, "warning")]);
}

/// Guards headings: renaming a heading breaks the links elsewhere to its section, which
/// are the change's; a link elsewhere that was already broken is not.
#[test]
fn links_to_a_heading_the_change_renamed_are_reported() {
    if !git_available("links_to_a_heading_the_change_renamed_are_reported") {
        return;
    }
    let site = Site::new("changed-lines");
    let other = "---\ntitle: Other\ndescription: The page the change edits.\n---\n## Storage and handling\n\nKeep it cold.\n";
    site.write("content/other.md", other);
    site.write(
        "content/linker.md",
        "---\ntitle: Linker\ndescription: An unchanged page.\n---\n\
         See [storage](other.md#storage-and-handling), [by address](/other/#storage-and-handling)\n\
         and [an old mistake](other.md#never-there).\n",
    );
    commit_all(&site.root);
    site.write(
        "content/other.md",
        other.replace("## Storage and handling", "## Keeping it cold"),
    );
    let changed = check(&site, &["--changed-since", "HEAD"]);
    insta::assert_snapshot!(changed.listing());
}
