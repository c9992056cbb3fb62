//! A build never writes or deletes outside its output folder, and never replaces a folder
//! that holds the writer's files: whatever the output path, its links and the pages'
//! metadata say.

use crate::fixture::{names_beside_output, tree, Site};

/// An alias that climbs out of the site (`../../`) is `meta/invalid` at its line, and no
/// redirect page is written beside the output or above it.
#[test]
fn an_alias_that_climbs_out_of_the_site_is_refused() {
    let site = Site::new("minimal");
    let victim = site.tmp().join("victim");
    std::fs::create_dir_all(&victim).unwrap();
    std::fs::write(victim.join("index.html"), "IMPORTANT").unwrap();
    site.write(
        "content/moved.md",
        "---\ntitle: Moved\ndescription: d\naliases: [\"../../victim/\"]\n---\nText.\n",
    );
    let run = site.build(&[]);
    run.expect_code(1)
        .expect_stderr("error[meta/invalid]: alias `../../victim/` is not a path on this site")
        .expect_stderr("--> content/moved.md:4:1");
    assert_eq!(
        std::fs::read_to_string(victim.join("index.html")).unwrap(),
        "IMPORTANT"
    );
    site.check(&[]).expect_code(1);
}

/// `slug: ..` would give the page its section's URL (or the home page's): refused.
#[test]
fn a_slug_of_dots_is_refused() {
    let site = Site::new("minimal");
    site.write(
        "content/guides/dots.md",
        "---\ntitle: Dots\ndescription: d\nslug: \"..\"\n---\nText.\n",
    );
    site.build(&[])
        .expect_code(1)
        .expect_stderr("`slug: ..` cannot be part of a URL")
        .expect_stderr("--> content/guides/dots.md:4:1");
    assert!(!site.out().exists());
}

/// A `public` that links to another folder (the web server's) is built into that folder,
/// and the link stays; a folder there that holds other files is left alone and refused.
#[cfg(unix)]
#[test]
fn a_linked_output_folder_is_written_through_its_link() {
    let site = Site::new("minimal");
    let www = site.tmp().join("www");
    std::fs::create_dir(&www).unwrap();
    std::fs::write(www.join("OTHER"), "keep").unwrap();
    std::os::unix::fs::symlink(&www, site.out()).unwrap();
    site.build(&[])
        .expect_code(2)
        .expect_stderr("holds files no build wrote");
    assert_eq!(std::fs::read_to_string(www.join("OTHER")).unwrap(), "keep");

    std::fs::remove_file(www.join("OTHER")).unwrap();
    site.build(&[]).expect_code(0);
    site.build(&[]).expect_code(0);
    assert!(std::fs::symlink_metadata(site.out())
        .unwrap()
        .file_type()
        .is_symlink());
    assert!(www.join("index.html").exists() && www.join("sitemap.xml").exists());
    assert_eq!(names_beside_output(site.tmp()), ["site", "www"]);
}

/// `--out` that names the site by another route (`..`, a link to it), a file, or a folder
/// of other files exits 2 and changes nothing.
#[test]
fn an_output_that_would_replace_the_writers_files_is_refused() {
    let site = Site::new("minimal");
    let before = tree(&site.root);
    let by_parent = format!("{}/../site", site.root.display());
    let folder = site.root.join("notes");
    std::fs::create_dir(&folder).unwrap();
    std::fs::write(folder.join("draft.txt"), "mine").unwrap();
    let mut cases = vec![
        (by_parent, "would overwrite the site's own files"),
        ("site.yaml".into(), "is a file"),
        (folder.display().to_string(), "holds files no build wrote"),
    ];
    #[cfg(unix)]
    {
        let link = site.tmp().join("link-to-site");
        std::os::unix::fs::symlink(&site.root, &link).unwrap();
        cases.push((
            link.display().to_string(),
            "would overwrite the site's own files",
        ));
        let nowhere = site.tmp().join("link-to-nowhere");
        std::os::unix::fs::symlink(site.tmp().join("gone"), &nowhere).unwrap();
        cases.push((nowhere.display().to_string(), "a link that leads nowhere"));
    }
    for (out, message) in cases {
        site.build_here(&["--out", &out])
            .expect_code(2)
            .expect_stderr(message);
    }
    std::fs::remove_dir_all(&folder).unwrap();
    assert_eq!(tree(&site.root), before, "the site changed");

    // A folder kept in git by a `.gitkeep` is as good as empty.
    std::fs::create_dir(site.out()).unwrap();
    std::fs::write(site.out().join(".gitkeep"), "").unwrap();
    site.build(&[]).expect_code(0);
    assert!(site.exists("sitemap.xml"));
}

/// A `static/` file or a bundle's file at the output path of a page written in Markdown
/// would replace it without a word: `build/url-conflict` naming both. Generated pages (the
/// 404 page, the home page of a site without `_index.md`) may be replaced, like the
/// theme's stylesheet.
#[test]
fn a_file_that_would_replace_a_page_is_a_conflict() {
    let site = Site::new("minimal");
    site.build(&[]).expect_code(0);
    let page = site.read("hello/index.html");
    site.write("static/hello/index.html", "hi");
    site.build(&[])
        .expect_code(1)
        .expect_stderr("error[build/url-conflict]: `static/hello/index.html` would replace the page at `/hello/` (`content/hello.md`)");
    assert_eq!(
        site.read("hello/index.html"),
        page,
        "the previous output changed"
    );

    std::fs::remove_dir_all(site.root.join("static/hello")).unwrap();
    site.write("content/hello/index.html", "bundle file");
    site.write(
        "content/hello/index.md",
        std::fs::read_to_string(site.root.join("content/hello.md")).unwrap(),
    );
    std::fs::remove_file(site.root.join("content/hello.md")).unwrap();
    site.build(&[]).expect_code(1).expect_stderr(
        "`content/hello/index.html` would replace the page at `/hello/` (`content/hello/index.md`)",
    );

    std::fs::remove_dir_all(site.root.join("content/hello")).unwrap();
    site.write("static/404.html", "our own 404");
    site.write("static/index.html", "our own home");
    site.build(&[]).expect_code(0);
    assert_eq!(site.read("404.html"), "our own 404");
    assert_eq!(site.read("index.html"), "our own home");
}

/// An alias written as a folder's `index.html` names the same file as the folder's page:
/// `build/url-conflict`, not a redirect written over the home page or the page itself.
#[test]
fn an_alias_to_a_folders_index_file_is_a_conflict() {
    for alias in ["/index.html", "/hello/index.html"] {
        let site = Site::new("minimal");
        site.write(
            "content/moved.md",
            format!("---\ntitle: Moved\ndescription: d\naliases: [\"{alias}\"]\n---\nText.\n"),
        );
        let folder = alias.trim_end_matches("index.html");
        site.build(&[])
            .expect_code(1)
            .expect_stderr(&format!(
                "error[build/url-conflict]: `{folder}` is claimed by both"
            ))
            .expect_stderr("--> content/moved.md:4:1");
    }
}

/// A page whose URL is a folder of the same name as a file the build writes
/// (`slug: sitemap.xml` → `/sitemap.xml/`) cannot be written beside it: `build/url-conflict`
/// at the page, not a raw "Is a directory" error without a file or line.
#[test]
fn a_page_named_like_a_generated_file_is_a_conflict() {
    let site = Site::new("minimal");
    site.write(
        "content/map.md",
        "---\ntitle: Map\ndescription: d\nslug: sitemap.xml\n---\nText.\n",
    );
    site.build(&[])
        .expect_code(1)
        .expect_stderr("error[build/url-conflict]: `/sitemap.xml/` is claimed by both")
        .expect_stderr("--> content/map.md:");
}

/// A `static/` file at an alias's old address would replace its redirect page, so the old
/// address would stop leading to the page: `build/url-conflict` naming the alias.
#[test]
fn a_file_over_an_aliases_redirect_is_a_conflict() {
    let site = Site::new("minimal");
    site.write(
        "content/moved.md",
        "---\ntitle: Moved\ndescription: d\naliases: [/old/]\n---\nText.\n",
    );
    site.write("static/old/index.html", "stale");
    site.build(&[])
        .expect_code(1)
        .expect_stderr("`static/old/index.html` would replace the redirect from the old address `/old/` (an alias in `content/moved.md`)");
}

/// A `static/` file standing where a page or an alias's redirect needs a folder
/// (`static/x.html` beside a page with `slug: x.html`, written as `x.html/index.html`; a
/// file `static/tags` where the tag list goes; `static/old` under the alias `/old/page/`),
/// or lying in a folder named like a file the build writes (`static/style.css/…`), could
/// not be written: `build/url-conflict` at the file, naming what is in its way, and the
/// previous output kept, where the build used to stop on a raw "Is a directory" or "File
/// exists" with no file or line (and `check` passed).
#[test]
fn a_file_where_a_page_needs_a_folder_is_a_conflict() {
    let site = Site::new("minimal");
    site.build(&[]).expect_code(0);
    let page = site.read("hello/index.html");
    site.write(
        "content/x.md",
        "---\ntitle: X\ndescription: d\nslug: x.html\ntags: [dosing]\n---\nText.\n",
    );
    site.write("static/x.html", "<p>static</p>");
    site.write("static/tags", "a file");
    site.write(
        "content/moved.md",
        "---\ntitle: Moved\ndescription: d\naliases: [/old/page/]\n---\nText.\n",
    );
    site.write("static/old", "a file");
    site.write(
        "static/style.css/notes.txt",
        "in a folder named like the stylesheet",
    );
    site.build(&[])
        .expect_code(1)
        .expect_stderr("error[build/url-conflict]: `static/x.html` is a file where the page at `/x.html/` (`content/x.md`) needs a folder")
        .expect_stderr("give the page another `slug`")
        .expect_stderr("error[build/url-conflict]: `static/tags` is a file where the page at `/tags/` needs a folder")
        .expect_stderr("the build writes that page itself")
        .expect_stderr("error[build/url-conflict]: `static/old` is a file where the redirect from the old address `/old/page/` (an alias in `content/moved.md`) needs a folder")
        .expect_stderr("change the alias")
        .expect_stderr("error[build/url-conflict]: `static/style.css/notes.txt` is in a folder named like the file `/style.css` that the build writes");
    assert_eq!(
        site.read("hello/index.html"),
        page,
        "the previous output changed"
    );
    let checked = site.check(&[]);
    checked.expect_code(1);
    assert!(
        checked
            .stdout
            .contains("`static/x.html` is a file where the page at `/x.html/`"),
        "{}",
        checked.stdout
    );
}

/// An output that cannot be written (its parent is a file) is a failure of the command, not
/// of the site: exit 2, as for any other output the build cannot use.
#[test]
fn an_output_that_cannot_be_written_exits_2() {
    let site = Site::new("minimal");
    let blocker = site.tmp().join("blocker");
    std::fs::write(&blocker, "a file, not a folder").unwrap();
    let out = blocker.join("public");
    site.build(&["--out", out.to_str().unwrap()])
        .expect_code(2)
        .expect_stderr("cannot write the output");
}
