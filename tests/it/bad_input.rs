//! Bad input, each through the CLI as a writer meets it: the exit code,
//! the diagnostic code, and the `file:line` in stderr. Inputs that cannot live in git
//! (non-UTF-8 bytes, a 10 MB line, deep nesting, a symlink loop) are generated here.

use crate::fixture::Site;

/// Builds fixture `name`, expecting exit `code`.
fn build(name: &str, code: i32) -> (Site, String) {
    let site = Site::new(name);
    let run = site.build(&[]);
    run.expect_code(code);
    let stderr = run.stderr.clone();
    (site, stderr)
}

/// Guards YAML syntax errors: `meta/invalid` at the YAML error's own line and column in
/// the file (front matter offset included), with the line shown, and nothing written.
#[test]
fn unparseable_front_matter_names_its_file_line() {
    let (site, stderr) = build("bad-front-matter", 1);
    assert!(
        stderr.contains(
            "error[meta/invalid]: front matter is invalid: mapping values are not allowed"
        ),
        "{stderr}"
    );
    assert!(stderr.contains("--> content/broken.md:3:13"), "{stderr}");
    assert!(
        stderr.contains("3 | title: Risks: what we know"),
        "{stderr}"
    );
    assert!(stderr.contains("help: a value that contains `: ` must be put in quotes"));
    assert!(!site.out().exists(), "a failed first build wrote output");
}

/// Guards wrong types: `draft: maybe`, `tags: 3` and a date in words are each reported at
/// their key's line (a blank line in the front matter included), all in one run.
#[test]
fn wrong_types_name_the_key_and_its_line() {
    let (_, stderr) = build("bad-type", 1);
    for (at, says) in [
        ("content/draft-maybe.md:4:8", "expected true or false"),
        (
            "content/tags-number.md:5:7",
            "expected a list, like `[a, b]`",
        ),
        (
            "content/date-words.md:4:7",
            "`date: last tuesday` is not a date",
        ),
    ] {
        let block = stderr
            .split("\n\n")
            .find(|b| b.contains(at))
            .unwrap_or_else(|| panic!("no diagnostic at {at}:\n{stderr}"));
        assert!(block.starts_with("error[meta/invalid]"), "{block}");
        assert!(block.contains(says), "{block}");
    }
    assert!(
        stderr.contains("build failed (3 errors, 0 warnings)"),
        "{stderr}"
    );
}

/// Guards a front matter block that never closes: reported at the opening `---`.
#[test]
fn missing_closing_marker_is_reported_at_the_opening_line() {
    let (_, stderr) = build("unclosed-front-matter", 1);
    assert!(
        stderr.contains(
            "error[meta/invalid]: front matter opened with `---` on line 1 is never closed"
        ),
        "{stderr}"
    );
    assert!(stderr.contains("--> content/unclosed.md:1:1"), "{stderr}");
}

/// Guards the other files a site reads as text, saved in the wrong encoding: the
/// bibliography, a template and `site.yaml` are each reported at their first bad byte
/// with the same help as a page, never at 1:1 or with a template syntax hint.
#[test]
fn every_non_utf8_file_is_reported_at_its_bad_byte() {
    let site = Site::new("minimal");
    site.write(
        "references.yaml",
        b"smith2020:\n  pmid: 8708565\n  title: Caf\xe9 study\n",
    );
    site.write(
        "templates/page.html",
        b"<p>\n  Caf\xe9 {{ page.title }}</p>\n",
    );
    site.build(&[])
        .expect_code(1)
        .expect_stderr("`references.yaml` is not valid UTF-8")
        .expect_stderr("--> references.yaml:3:13")
        .expect_stderr("error[build/not-utf8]: `templates/page.html` is not valid UTF-8")
        .expect_stderr("--> templates/page.html:2:6")
        .expect_stderr("help: save the file with UTF-8 encoding");
    let config = std::fs::read(site.root.join("site.yaml")).unwrap();
    let mut broken = b"# Caf\xe9\n".to_vec();
    broken.extend(config);
    site.write("site.yaml", broken);
    site.build(&[])
        .expect_code(1)
        .expect_stderr("`site.yaml` is not valid UTF-8")
        .expect_stderr("--> site.yaml:1:6");
}

/// Guards non-UTF-8 files: `build/not-utf8` at the first bad byte, exit 1, no panic.
#[test]
fn non_utf8_file_is_reported_at_the_bad_byte() {
    let site = Site::new("minimal");
    site.write(
        "content/latin1.md",
        b"---\ntitle: Latin-1\ndescription: Saved in the wrong encoding.\n---\n\nCaf\xe9 au lait\n",
    );
    let run = site.build(&[]);
    run.expect_code(1)
        .expect_stderr("error[build/not-utf8]: `content/latin1.md` is not valid UTF-8")
        .expect_stderr("--> content/latin1.md:6:4")
        .expect_stderr("help: save the file with UTF-8 encoding");
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
}

/// Guards template syntax errors: `build/template` naming the site's template and line.
#[test]
fn template_syntax_error_names_the_template_and_line() {
    let (_, stderr) = build("bad-template-syntax", 1);
    assert!(
        stderr.contains("error[build/template]: template error:"),
        "{stderr}"
    );
    assert!(stderr.contains("--> templates/page.html:4:"), "{stderr}");
    assert!(stderr.contains("4 | {% if %}"), "{stderr}");
}

/// Guards unknown variables: `build/template` naming the template a page asked for, its
/// line, and the variable.
#[test]
fn unknown_template_variable_names_the_template_and_line() {
    let (_, stderr) = build("bad-template-variable", 1);
    assert!(
        stderr.contains("error[build/template]: template error: Variable `author` is not defined"),
        "{stderr}"
    );
    assert!(stderr.contains("--> templates/special.html:5:"), "{stderr}");
}

/// Guards URL conflicts: a slug claiming another page's URL names both files.
#[test]
fn two_pages_claiming_one_url_name_both_files() {
    let (_, stderr) = build("url-conflict", 1);
    assert!(
        stderr.contains("error[build/url-conflict]: `/guides/second/` is claimed by both"),
        "{stderr}"
    );
    assert!(
        stderr.contains("`content/guides/first.md`")
            && stderr.contains("`content/guides/second.md`")
    );
}

/// Guards alias conflicts: an alias claiming an existing page's URL names both files.
#[test]
fn an_alias_claiming_a_page_url_names_both_files() {
    let site = Site::new("minimal");
    site.write(
        "content/old.md",
        "---\ntitle: Old hello\ndescription: Claims the hello URL.\naliases:\n  - /hello/\n---\n\nBody.\n",
    );
    site.build(&[])
        .expect_code(1)
        .expect_stderr("error[build/url-conflict]: `/hello/` is claimed by both `content/hello.md` and an alias in `content/old.md`")
        .expect_stderr("--> content/old.md:4:1");
}

/// Guards `site.yaml`: an unknown key is `meta/invalid` naming the key and its line.
#[test]
fn unknown_site_key_names_the_key_and_its_line() {
    let (_, stderr) = build("bad-site-key", 1);
    assert!(
        stderr.contains(
            "error[meta/invalid]: `site.yaml` is invalid: unknown field `reviw_interval_days`"
        ),
        "{stderr}"
    );
    assert!(stderr.contains("--> site.yaml:4:1"), "{stderr}");
    assert!(stderr.contains("4 | reviw_interval_days: 30"));
}

/// Guards `--root` without `site.yaml`: the command cannot run, exit 2, and says why.
#[test]
fn root_without_site_yaml_exits_2() {
    let (site, stderr) = build("no-site", 2);
    assert!(stderr.contains("no `site.yaml` in"), "{stderr}");
    assert!(!site.out().exists());
}

/// Guards `meta/missing`: reported at the page's first line; a content error, so `build`
/// writes nothing unless `--allow-errors` asks for a preview.
#[test]
fn missing_description_is_reported_and_written_only_when_allowed() {
    let (site, stderr) = build("missing-description", 1);
    assert!(
        stderr.contains("error[meta/missing]: front matter has no `description`"),
        "{stderr}"
    );
    assert!(stderr.contains("--> content/no-description.md:1:1"));
    assert!(stderr.contains("(1 error, 0 warnings)"), "{stderr}");
    assert!(!site.exists("no-description/index.html"));
    site.build(&["--allow-errors"]).expect_code(1);
    assert!(site
        .read("no-description/index.html")
        .contains("<h1>No description</h1>"));
}

/// Guards against pathological size: a 10 MB single-line page builds, whole.
#[test]
fn a_ten_megabyte_single_line_page_builds() {
    let site = Site::new("minimal");
    let line = "Plain *emphasis*, `code` and a [link](hello.md) on one long line. ";
    let body = line.repeat(10 * 1024 * 1024 / line.len() + 1);
    assert!(body.len() > 10 * 1024 * 1024 && !body.contains('\n'));
    site.write(
        "content/huge.md",
        format!("---\ntitle: Huge\ndescription: One ten-megabyte line.\n---\n\n{body}\n"),
    );
    site.build(&[]).expect_code(0).expect_stderr("(0 errors");
    let html = site.read("huge/index.html");
    assert!(html.len() > body.len(), "the page was cut short");
    assert_eq!(
        html.matches("<a href=\"/hello/\">link</a>").count(),
        body.matches("[link]").count()
    );
}

/// Guards against deep nesting: 5,000 nested blockquotes build without a stack overflow.
#[test]
fn five_thousand_nested_blockquotes_build() {
    let site = Site::new("minimal");
    site.write(
        "content/nested.md",
        format!(
            "---\ntitle: Nested\ndescription: Deep quotes.\n---\n\n{}deep\n",
            "> ".repeat(5_000)
        ),
    );
    site.build(&[]).expect_code(0).expect_stderr("(0 errors");
    let html = site.read("nested/index.html");
    assert_eq!(html.matches("<blockquote>").count(), 5_000);
    assert!(html.contains("<p>deep</p>"));
}

/// Guards against symlink loops: the build finishes, warns `build/unreadable` at the link,
/// and still writes the other pages.
#[test]
fn a_symlink_loop_under_content_is_skipped_with_a_warning() {
    let site = Site::new("minimal");
    std::fs::create_dir(site.root.join("content/sub")).unwrap();
    std::os::unix::fs::symlink("..", site.root.join("content/sub/loop")).unwrap();
    site.build(&[])
        .expect_code(0)
        .expect_stderr(
            "warning[build/unreadable]: `content/sub/loop` is a symbolic link back to `content`",
        )
        .expect_stderr("--> content/sub/loop:1:1")
        .expect_stderr("(0 errors, 1 warning)");
    assert!(site.read("hello/index.html").contains("Hello, reader."));
}

/// Guards links that lead nowhere (two links pointing at each other, a link to a deleted
/// file): one warning each, in words a writer can act on, and the site is still built.
#[cfg(unix)]
#[test]
fn a_link_that_leads_nowhere_is_named_as_one() {
    let site = Site::new("minimal");
    std::os::unix::fs::symlink("loop2.md", site.root.join("content/loop1.md")).unwrap();
    std::os::unix::fs::symlink("loop1.md", site.root.join("content/loop2.md")).unwrap();
    std::os::unix::fs::symlink("gone.png", site.root.join("content/photo.png")).unwrap();
    let run = site.build(&[]);
    run.expect_code(0).expect_stderr("(0 errors, 3 warnings)");
    for link in ["loop1.md", "loop2.md", "photo.png"] {
        run.expect_stderr(&format!(
            "warning[build/unreadable]: `content/{link}` is a symbolic link that leads nowhere"
        ));
    }
    assert!(!run.stderr.contains("permissions"), "{}", run.stderr);
    assert!(site.read("hello/index.html").contains("Hello, reader."));
}

/// Guards front matter a writer wrote but panelpress would not read: after a blank line,
/// or between TOML's `+++` lines (from a Hugo site). Each is `meta/invalid` at the line
/// that opens it, rather than a page published with its metadata as text; a `---` rule in
/// a page's text is left alone. An indented key is said to be one.
#[test]
fn front_matter_that_would_not_be_read_is_named() {
    let site = Site::new("minimal");
    site.write(
        "content/blank.md",
        "\n---\ntitle: Blank\ndescription: d\n---\nBody.\n",
    );
    site.write("content/toml.md", "+++\ntitle = \"Toml\"\n+++\nBody.\n");
    site.write(
        "content/indented.md",
        "---\ntitle: T\n description: d\n---\nBody.\n",
    );
    site.write("content/rule.md", "Intro.\n\n---\n\nNote: a rule above.\n");
    let run = site.build(&[]);
    run.expect_code(1)
        .expect_stderr("front matter must start on the first line")
        .expect_stderr("--> content/blank.md:2:1")
        .expect_stderr("front matter between `+++` lines (TOML) is not read")
        .expect_stderr("--> content/toml.md:1:1")
        .expect_stderr("help: this key is indented")
        .expect_stderr("--> content/indented.md:3:13");
    // A rule in the body is not misplaced front matter (the page only lacks its keys).
    assert!(
        !run.stderr.contains("--> content/rule.md:3"),
        "{}",
        run.stderr
    );
}

/// Guards the last line of a first build that failed: there was no previous output to keep.
#[test]
fn a_failed_first_build_says_nothing_was_written() {
    let site = Site::new("minimal");
    site.write("content/bad.md", "---\ntitle: [unclosed\n---\nBody.\n");
    site.build(&[])
        .expect_code(1)
        .expect_stderr("build failed (1 error, 0 warnings); nothing was written");
    assert!(!site.out().exists());
}

/// Guards `template:` naming a template that does not exist: `build/template` at the key's
/// line, exit 1.
#[test]
fn a_page_naming_a_missing_template_is_reported_at_its_line() {
    let site = Site::new("minimal");
    site.write(
        "content/odd.md",
        "---\ntitle: Odd\ndescription: Asks for a template nobody wrote.\ntemplate: nope.html\n---\n\nBody.\n",
    );
    site.build(&[])
        .expect_code(1)
        .expect_stderr("error[build/template]: template `nope.html` does not exist")
        .expect_stderr("--> content/odd.md:4:1");
}

/// Guards a template that extends one that does not exist: reported at the template's
/// `extends` line, not at the templates folder.
#[test]
fn a_template_extending_a_missing_one_is_reported_at_its_extends_line() {
    let site = Site::new("minimal");
    site.write(
        "templates/page.html",
        "{# our page #}\n{% extends \"nobase.html\" %}\n{% block content %}x{% endblock content %}\n",
    );
    site.build(&[])
        .expect_code(1)
        .expect_stderr("is inheriting from 'nobase.html'")
        .expect_stderr("--> templates/page.html:2:1");
}

/// Guards files saved with a UTF-8 byte-order mark (Windows Notepad does this): the mark is
/// not content, so the front matter is read and the page gets its title.
#[test]
fn a_utf8_bom_before_the_front_matter_is_ignored() {
    let site = Site::new("minimal");
    site.write(
        "content/notepad.md",
        b"\xef\xbb\xbf---\ntitle: Saved by Notepad\ndescription: A file that starts with a byte-order mark.\n---\n\nBody.\n",
    );
    let run = site.build(&[]);
    run.expect_code(0);
    assert!(!run.stderr.contains("meta/missing"), "{}", run.stderr);
    let html = site.read("notepad/index.html");
    assert!(html.contains("<h1>Saved by Notepad</h1>"), "{html}");
    assert!(
        !html.contains("description: A file"),
        "front matter shown as text"
    );
}

/// Guards `--base-url`: like `base_url` in `site.yaml` it must be an absolute http(s) URL;
/// anything else is a usage error (exit 2) rather than relative "permalinks".
#[test]
fn a_relative_base_url_flag_is_refused() {
    let site = Site::new("minimal");
    let run = site.build(&["--base-url", "staging.example.net"]);
    run.expect_code(2).expect_stderr("base");
    assert!(
        !site.out().exists(),
        "output written with a relative base URL"
    );
}

/// Guards the symlink-loop message when the link points at the site folder itself: it
/// names that folder instead of an empty `` or a `//`-prefixed absolute path, with
/// `--root` given and with its default.
#[test]
fn a_symlink_to_the_site_root_names_the_folder() {
    let site = Site::new("minimal");
    std::fs::create_dir(site.root.join("content/sub")).unwrap();
    std::os::unix::fs::symlink("../..", site.root.join("content/sub/up")).unwrap();
    for run in [site.build(&[]), site.build_here(&[])] {
        run.expect_code(0).expect_stderr(
            "warning[build/unreadable]: `content/sub/up` is a symbolic link back to",
        );
        assert!(
            !run.stderr.contains("back to ``") && !run.stderr.contains("`//"),
            "the loop's target is not named:\n{}",
            run.stderr
        );
    }
}
