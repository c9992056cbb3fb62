//! Output you can trust: the same input gives the same bytes, deleted
//! pages leave nothing behind, and a failed build leaves the previous site as it was, with
//! no staging folder lying around.

use crate::fixture::{names_beside_output, names_in, tree, Site};

/// Guards reproducible builds: building twice, or from a copy in another folder, gives
/// byte-identical output trees (no timestamps, no absolute paths, no hash order).
#[test]
fn the_same_input_gives_byte_identical_output() {
    let site = Site::new("basic");
    site.build(&[]).expect_code(0);
    let first = tree(&site.out());
    assert!(first.len() > 15, "{:?}", first.keys());
    site.build(&[]).expect_code(0);
    assert!(first == tree(&site.out()), "a rebuild changed the output");

    let elsewhere = Site::new("basic");
    elsewhere.build(&[]).expect_code(0);
    let second = tree(&elsewhere.out());
    assert_eq!(
        first.keys().collect::<Vec<_>>(),
        second.keys().collect::<Vec<_>>()
    );
    for (rel, bytes) in &first {
        assert!(
            bytes == &second[rel],
            "{rel} differs between two copies of the site"
        );
    }
}

/// Guards against stale files: a page and a bundle deleted between builds disappear from
/// the output, the section list and the sitemap.
#[test]
fn a_deleted_page_leaves_no_stale_file() {
    let site = Site::new("basic");
    site.build(&[]).expect_code(0);
    assert!(site.exists("guides/gamma/index.html") && site.exists("compounds/bpc/vial.png"));
    std::fs::remove_file(site.root.join("content/guides/gamma.md")).unwrap();
    std::fs::remove_dir_all(site.root.join("content/compounds/bpc")).unwrap();
    // Links to the deleted pages are now broken: written anyway, to see what is left.
    site.build(&["--allow-errors"]).expect_code(1);
    assert!(!site.exists("guides/gamma"), "stale page left behind");
    assert!(!site.exists("compounds/bpc"), "stale bundle left behind");
    assert!(!site.read("guides/index.html").contains("/guides/gamma/"));
    assert!(!site.read("sitemap.xml").contains("/guides/gamma/"));
    assert!(site.exists("guides/alpha/index.html"));
}

/// Guards the all-or-nothing write: breaking the front matter after a good build exits 1,
/// says the previous output was kept, and leaves it byte-identical with no staging folder.
#[test]
fn a_failed_build_keeps_the_previous_output() {
    let site = Site::new("basic");
    site.build(&[]).expect_code(0);
    let before = tree(&site.out());
    let names = names_beside_output(&site.root);
    site.write(
        "content/guides/alpha.md",
        "---\ntitle: Alpha guide\ndescription: [unclosed\n---\n\nBody.\n",
    );
    site.build(&[])
        .expect_code(1)
        .expect_stderr("error[meta/invalid]")
        .expect_stderr("content/guides/alpha.md:")
        .expect_stderr("was left untouched");
    assert!(
        before == tree(&site.out()),
        "the failed build changed the output"
    );
    assert_eq!(
        names_beside_output(&site.root),
        names,
        "a staging folder was left behind"
    );
}

/// Guards the swap when rendering had already begun: a template error met while pages are
/// written into staging exits 1 and keeps the previous output byte-identical.
#[test]
fn a_template_error_mid_render_keeps_the_previous_output() {
    let site = Site::new("basic");
    site.build(&[]).expect_code(0);
    let before = tree(&site.out());
    site.write(
        "templates/page.html",
        "{% extends \"base.html\" %}\n{% block content %}\n{{ page.missing.field }}\n{% endblock content %}\n",
    );
    site.build(&[])
        .expect_code(1)
        .expect_stderr("error[build/template]")
        .expect_stderr("templates/page.html:3:");
    assert!(
        before == tree(&site.out()),
        "the failed build changed the output"
    );
    assert_eq!(
        names_beside_output(&site.root),
        ["content", "public", "site.yaml", "static", "templates"]
    );
}

/// Guards the staging folder: a build into `--out` leaves only the output folder beside
/// it, on success and on failure.
#[test]
fn no_staging_folder_is_left_beside_the_output() {
    let site = Site::new("basic");
    let out = site.tmp().join("out");
    let out_arg = out.to_str().expect("a UTF-8 temporary path");
    site.build(&["--out", out_arg]).expect_code(0);
    assert_eq!(names_beside_output(site.tmp()), ["out", "site"]);
    assert!(out.join("index.html").is_file());
    site.write("content/guides/beta.md", "---\ntitle: [broken\n---\n");
    site.build(&["--out", out_arg]).expect_code(1);
    assert_eq!(names_beside_output(site.tmp()), ["out", "site"]);
    assert_eq!(names_in(&site.root), ["content", "site.yaml", "static"]);
}
