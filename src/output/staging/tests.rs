//! The staging folder: writes stay inside it, the swap replaces the whole output, and
//! nothing is left behind, even by a build that was killed.

use super::*;

/// The names in `dir`, sorted.
fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    names
}

/// Nothing of a finished build is left beside the output but `.panelpress/` with its
/// `.gitignore`, which keeps it out of `git status`.
fn only_the_ignored_area(area_parent: &Path, others: &[&str]) {
    let mut expected: Vec<String> = others.iter().map(|s| s.to_string()).collect();
    expected.push(AREA.into());
    expected.sort();
    assert_eq!(names(area_parent), expected);
    assert_eq!(names(&area_parent.join(AREA)), [".gitignore"]);
    let ignore = std::fs::read_to_string(area_parent.join(AREA).join(".gitignore")).unwrap();
    assert!(ignore.lines().any(|l| l == "*"), "{ignore}");
}

#[test]
fn commit_replaces_the_whole_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let target = tmp.path().join("public");
    std::fs::create_dir(&target).unwrap();
    std::fs::write(target.join("stale.html"), "old").unwrap();
    let staging = Staging::new(&target).unwrap();
    staging.write("a/index.html", b"new").unwrap();
    staging.commit().unwrap();
    assert!(!target.join("stale.html").exists());
    assert_eq!(
        std::fs::read_to_string(target.join("a/index.html")).unwrap(),
        "new"
    );
    only_the_ignored_area(tmp.path(), &["public"]);
}

#[test]
fn commit_removes_a_nested_previous_site_but_not_what_its_links_point_at() {
    let tmp = tempfile::tempdir().unwrap();
    let target = tmp.path().join("public");
    let outside = tmp.path().join("outside");
    std::fs::create_dir(&outside).unwrap();
    std::fs::write(outside.join("keep.txt"), "kept").unwrap();
    for page in 0..50 {
        let folder = target.join(format!("section/page-{page}/deeper/and/deeper/still"));
        std::fs::create_dir_all(&folder).unwrap();
        std::fs::write(folder.join("index.html"), "old").unwrap();
    }
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(&outside, target.join("section/linked")).unwrap();
        std::os::unix::fs::symlink(outside.join("keep.txt"), target.join("file-link")).unwrap();
    }
    let staging = Staging::new(&target).unwrap();
    staging.write("index.html", b"new").unwrap();
    staging.commit().unwrap();
    let left: Vec<_> = std::fs::read_dir(&target)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(left, ["index.html"]);
    assert_eq!(
        std::fs::read_to_string(outside.join("keep.txt")).unwrap(),
        "kept"
    );
    only_the_ignored_area(tmp.path(), &["outside", "public"]);
}

#[test]
fn nothing_is_written_outside_the_staging_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let staging = Staging::new(&tmp.path().join("site/public")).unwrap();
    for outside in [
        "../escaped.html",
        "a/../../escaped.html",
        "/tmp/escaped.html",
        "",
    ] {
        let error = staging.write(outside, b"x").unwrap_err();
        assert_eq!(error.kind(), io::ErrorKind::InvalidInput, "{outside}");
        assert!(staging.copy(Path::new("Cargo.toml"), outside).is_err());
    }
    assert!(!tmp.path().join("site/escaped.html").exists());
    staging.write("a/b/index.html", b"x").unwrap();
}

#[cfg(unix)]
#[test]
fn a_link_given_as_the_old_output_is_removed_not_followed() {
    let tmp = tempfile::tempdir().unwrap();
    let elsewhere = tmp.path().join("elsewhere");
    std::fs::create_dir(&elsewhere).unwrap();
    std::fs::write(elsewhere.join("keep.txt"), "kept").unwrap();
    let link = tmp.path().join("link");
    std::os::unix::fs::symlink(&elsewhere, &link).unwrap();
    remove_tree(&link).unwrap();
    assert!(std::fs::symlink_metadata(&link).is_err());
    assert_eq!(
        std::fs::read_to_string(elsewhere.join("keep.txt")).unwrap(),
        "kept"
    );
}

#[test]
fn dropping_without_commit_keeps_the_previous_output() {
    let tmp = tempfile::tempdir().unwrap();
    let target = tmp.path().join("public");
    std::fs::create_dir(&target).unwrap();
    std::fs::write(target.join("index.html"), "old").unwrap();
    {
        let staging = Staging::new(&target).unwrap();
        staging.write("index.html", b"half").unwrap();
    }
    assert_eq!(
        std::fs::read_to_string(target.join("index.html")).unwrap(),
        "old"
    );
    only_the_ignored_area(tmp.path(), &["public"]);
}

/// Guards against debris: a build killed mid-way leaves `staging-<id>` (and perhaps
/// `old-<id>`) with a lock nobody holds; the next build removes them, and leaves alone
/// the folders of a build still running (its lock held).
#[cfg(unix)]
#[test]
fn the_next_build_removes_what_a_dead_build_left() {
    let tmp = tempfile::tempdir().unwrap();
    let target = tmp.path().join("public");
    let area = tmp.path().join(AREA);
    std::fs::create_dir_all(area.join("staging-1-0/guides")).unwrap();
    std::fs::write(area.join("staging-1-0/guides/index.html"), "half").unwrap();
    std::fs::create_dir_all(area.join("old-1-0")).unwrap();
    std::fs::write(area.join("lock-1-0"), "").unwrap();
    std::fs::create_dir_all(area.join("staging-2-0")).unwrap();
    let running = take_lock(&area.join("lock-3-0")).unwrap();
    std::fs::create_dir_all(area.join("staging-3-0")).unwrap();

    let staging = Staging::new(&target).unwrap();
    let mut expected = [
        ".gitignore",
        "lock-3-0",
        staging.lock_name(),
        "staging-3-0",
        staging.dir_name(),
    ];
    expected.sort_unstable();
    assert_eq!(names(&area), expected);
    staging.write("index.html", b"new").unwrap();
    staging.commit().unwrap();
    drop(running);
    std::fs::remove_dir(area.join("staging-3-0")).unwrap();
    std::fs::remove_file(area.join("lock-3-0")).unwrap();
    only_the_ignored_area(tmp.path(), &["public"]);
}

/// Where the platform has it, the swap is one exchange: both folders exist throughout.
#[cfg(any(target_os = "linux", target_vendor = "apple"))]
#[test]
fn folders_are_exchanged_in_one_step() {
    let tmp = tempfile::tempdir().unwrap();
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    for (dir, mark) in [(&a, "from-a"), (&b, "from-b")] {
        std::fs::create_dir(dir).unwrap();
        std::fs::write(dir.join(mark), "").unwrap();
    }
    exchange(&a, &b).unwrap();
    assert_eq!(names(&a), ["from-b"]);
    assert_eq!(names(&b), ["from-a"]);
}

/// The swap over a previous site leaves the new one in place whichever way it went.
#[test]
fn commit_over_a_previous_site_twice() {
    let tmp = tempfile::tempdir().unwrap();
    let target = tmp.path().join("public");
    for round in ["one", "two", "three"] {
        let staging = Staging::new(&target).unwrap();
        staging.write("index.html", round.as_bytes()).unwrap();
        staging.commit().unwrap();
        assert_eq!(
            std::fs::read_to_string(target.join("index.html")).unwrap(),
            round
        );
    }
    only_the_ignored_area(tmp.path(), &["public"]);
}
