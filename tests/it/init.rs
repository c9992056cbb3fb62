//! `panelpress init DIR`: a starter site that builds cleanly, and a
//! refusal to write over a site that is already there.

use crate::fixture::{names_in, run};
use std::ffi::OsStr;

/// Guards the starter site: `init` then `build` exits 0 with no errors, and the example
/// page shows a table and a highlighted code block.
#[test]
fn init_then_build_gives_a_site_without_errors() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("new-site");
    let init = run(&["init".as_ref(), dir.as_os_str()]);
    init.expect_code(0).expect_stderr("site.yaml");
    for file in ["site.yaml", "references.yaml", "content/guides/example.md"] {
        assert!(dir.join(file).is_file(), "init did not write {file}");
    }
    let build = run(&["build".as_ref(), "--root".as_ref(), dir.as_os_str()]);
    build.expect_code(0).expect_stderr("(0 errors, 0 warnings)");
    assert!(!build.stderr.contains("error["), "{}", build.stderr);
    let page = std::fs::read_to_string(dir.join("public/guides/example/index.html")).unwrap();
    let start = page
        .find("<pre class=\"code\" data-lang=\"yaml\" tabindex=\"0\">")
        .unwrap_or_else(|| panic!("no code block in {page}"));
    assert!(
        page[start..].contains("<span class=\"hl-"),
        "not highlighted"
    );
    assert!(page.contains("<table>"));
    assert!(dir.join("public/highlight.css").is_file());
}

/// Guards against overwriting: `init` into a folder with a `site.yaml` exits 2, says why,
/// and changes nothing there.
#[test]
fn init_refuses_a_folder_that_already_holds_a_site() {
    let tmp = tempfile::tempdir().unwrap();
    let config = "title: Mine\nbase_url: https://mine.example/\n";
    std::fs::write(tmp.path().join("site.yaml"), config).unwrap();
    let args: [&OsStr; 2] = ["init".as_ref(), tmp.path().as_os_str()];
    run(&args)
        .expect_code(2)
        .expect_stderr("already holds a site");
    let after = std::fs::read_to_string(tmp.path().join("site.yaml")).unwrap();
    assert_eq!(after, config);
    assert_eq!(names_in(tmp.path()), ["site.yaml"]);
}
