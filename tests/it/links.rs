//! `panelpress check`'s link codes (`link/broken`, `link/missing-anchor`, `link/malformed`,
//! `link/alias`), one link form at a time: on each line of `links-forms/content/forms.md`
//! a working link of one form sits beside a broken one, and only the broken one may be
//! reported, at its Markdown line and column. Then ids that are not headings, links that a
//! template adds, and a site where every link resolves. `--changed-since` is in
//! `changed_since`.

use crate::findings::{check, At, Checked, Finding};
use crate::fixture::Site;

/// The page holding one link of each form.
const FORMS: &str = "content/forms.md";

/// Checks the `links-forms` fixture.
fn forms() -> Checked {
    check(&Site::new("links-forms"), &[])
}

/// The findings on `line` of [`FORMS`], after asserting they are exactly `expected`.
#[track_caller]
fn on_line<'c>(checked: &'c Checked, line: u64, expected: &[At]) -> Vec<&'c Finding> {
    let hits: Vec<&Finding> = checked
        .findings
        .iter()
        .filter(|f| f.file == FORMS && f.line == line)
        .collect();
    let at: Vec<At> = hits.iter().map(|f| f.at()).collect();
    assert_eq!(at, expected, "findings:\n{:#?}", checked.findings);
    hits
}

fn help(finding: &Finding) -> &str {
    finding.help.as_deref().unwrap_or("")
}

/// Guards the whole form fixture: exactly one finding per broken link, in order, and none
/// for the working link beside it (nor for the page the links point at).
#[test]
fn every_broken_form_is_reported_and_no_working_one() {
    let (f, e, w) = (FORMS, "error", "warning");
    forms()
        .expect(&[
            ("link/broken", f, 5, 45, e),
            ("link/missing-anchor", f, 7, 49, e),
            ("link/missing-anchor", f, 9, 42, e),
            ("link/broken", f, 13, 32, e),
            ("link/broken", f, 15, 34, e),
            ("link/broken", f, 17, 36, e),
            ("link/broken", f, 19, 30, e),
            ("link/malformed", f, 21, 39, e),
            ("link/malformed", f, 23, 11, e),
            ("link/malformed", f, 25, 8, e),
            ("link/alias", f, 27, 8, w),
        ])
        .expect_clean("content/compounds/bpc-157.md")
        .expect_clean("content/compounds/tb-500.md");
}

/// Guards relative `.md` links: a misspelt file name is `link/broken` at the link, naming
/// the file as written, with the near page as "did you mean".
#[test]
fn relative_md_link_to_a_missing_page_suggests_the_near_name() {
    let checked = forms();
    let hits = on_line(&checked, 5, &[("link/broken", FORMS, 5, 45, "error")]);
    assert!(
        hits[0].message.contains("`compounds/bpc-175.md`"),
        "{}",
        hits[0].message
    );
    assert_eq!(help(hits[0]), "did you mean `compounds/bpc-157.md`?");
}

/// Guards `.md#fragment` links: a heading that does not exist is `link/missing-anchor`,
/// with the nearest id on the target page as the suggestion.
#[test]
fn md_link_to_a_missing_heading_suggests_the_nearest_id() {
    let checked = forms();
    let hits = on_line(
        &checked,
        7,
        &[("link/missing-anchor", FORMS, 7, 49, "error")],
    );
    assert!(
        hits[0].message.contains("#how-potent-is-t"),
        "{}",
        hits[0].message
    );
    assert_eq!(help(hits[0]), "did you mean `#how-potent-is-it`?");
}

/// Guards `#fragment`-only links: resolved against the page's own ids (a heading below the
/// link counts), a missing one is `link/missing-anchor`.
#[test]
fn fragment_only_link_is_checked_against_the_same_page() {
    let checked = forms();
    let hits = on_line(
        &checked,
        9,
        &[("link/missing-anchor", FORMS, 9, 42, "error")],
    );
    assert!(
        hits[0].message.contains("#nowhere-here"),
        "{}",
        hits[0].message
    );
}

/// Guards root-relative page links (`/compounds/`): a misspelt section is `link/broken`
/// with the existing section as the suggestion.
#[test]
fn root_relative_page_link_is_checked_against_the_output() {
    let checked = forms();
    let hits = on_line(&checked, 13, &[("link/broken", FORMS, 13, 32, "error")]);
    assert!(
        hits[0].message.contains("`/compuonds/`"),
        "{}",
        hits[0].message
    );
    assert_eq!(help(hits[0]), "did you mean `/compounds/`?");
}

/// Guards root-relative file links (`/img/x.png`): a static file that exists is silent, a
/// missing one is `link/broken`.
#[test]
fn root_relative_file_link_is_checked_against_the_output_files() {
    let checked = forms();
    let hits = on_line(&checked, 15, &[("link/broken", FORMS, 15, 34, "error")]);
    assert!(
        hits[0].message.contains("`/img/missing.png`"),
        "{}",
        hits[0].message
    );
}

/// Guards images: `![a](missing.png)` is `link/broken` and its message says "image"; an
/// image that exists is silent.
#[test]
fn missing_image_is_reported_as_an_image() {
    let checked = forms();
    let hits = on_line(&checked, 17, &[("link/broken", FORMS, 17, 36, "error")]);
    assert!(hits[0].message.contains("image"), "{}", hits[0].message);
    assert!(
        hits[0].message.contains("`missing.png`"),
        "{}",
        hits[0].message
    );
}

/// Guards reference-style links: `[x][bad]` with `[bad]: compounds/missing.md` is
/// `link/broken` at the use, not at the definition; `[x][good]` is silent.
#[test]
fn reference_style_link_is_reported_at_its_use() {
    let checked = forms();
    let hits = on_line(&checked, 19, &[("link/broken", FORMS, 19, 30, "error")]);
    assert!(
        hits[0].message.contains("`compounds/missing.md`"),
        "{}",
        hits[0].message
    );
    on_line(&checked, 29, &[]);
    on_line(&checked, 30, &[]);
}

/// Guards external URL syntax: `[x](https:///nohost)` and an autolink whose host has an
/// underscore are `link/malformed` saying why; a valid autolink is silent.
#[test]
fn malformed_external_urls_are_reported_offline() {
    let checked = forms();
    let no_host = on_line(&checked, 21, &[("link/malformed", FORMS, 21, 39, "error")]);
    assert!(
        no_host[0].message.contains("no host name"),
        "{}",
        no_host[0].message
    );
    let autolink = on_line(&checked, 23, &[("link/malformed", FORMS, 23, 11, "error")]);
    assert!(
        autolink[0].message.contains("`ex_ample.org`"),
        "{}",
        autolink[0].message
    );
}

/// Guards empty destinations: `[x]()` is `link/malformed` with a hint of what to write.
#[test]
fn empty_destination_is_malformed() {
    let checked = forms();
    let hits = on_line(&checked, 25, &[("link/malformed", FORMS, 25, 8, "error")]);
    assert!(
        hits[0].message.contains("empty destination"),
        "{}",
        hits[0].message
    );
}

/// Guards `aliases`: a link to a page's old address works but is a `link/alias` warning
/// naming the current address (exit 0); a link to the current address is silent.
#[test]
fn link_to_an_alias_is_a_warning_naming_the_new_url() {
    let checked = forms();
    let hits = on_line(&checked, 27, &[("link/alias", FORMS, 27, 8, "warning")]);
    assert!(
        hits[0].message.contains("`/old-tb/`"),
        "{}",
        hits[0].message
    );
    assert!(help(hits[0]).contains("`/compounds/tb-500/`"), "{hits:?}");
    let site = Site::new("links-forms");
    site.write(
        FORMS,
        "---\ntitle: Forms\ndescription: Only an alias.\n---\n[old](/old-tb/).\n",
    );
    let alone = check(&site, &[]);
    alone.expect(&[("link/alias", FORMS, 5, 1, "warning")]);
    assert_eq!(alone.run.code, 0);
}

/// Guards ids that are not headings: footnotes (`#fn-LABEL`, numbered and named), an
/// explicit `{#id}`, an id in raw HTML, and the theme's `#references` and `#toc-title`
/// all resolve, from the same page and from another; an id that is nowhere is still
/// reported, with the near footnote id as the suggestion.
#[test]
fn footnote_explicit_raw_html_and_theme_ids_are_link_targets() {
    let site = Site::new("links-ids");
    let checked = check(&site, &[]);
    checked
        .expect(&[("link/missing-anchor", "content/ids.md", 9, 68, "error")])
        .expect_clean("content/other.md");
    assert_eq!(help(&checked.findings[0]), "did you mean `#fn-source`?");
}

/// Guards template links: a site `templates/page.html` that links to a page that does not
/// exist is reported once, at the template's line, though three pages use it; its link to
/// an existing page is silent, and no page's Markdown is blamed.
#[test]
fn a_broken_template_link_is_reported_once_at_the_template() {
    let site = Site::new("links-templates");
    let checked = check(&site, &[]);
    checked.expect(&[("link/broken", "templates/page.html", 7, 14, "error")]);
    let message = &checked.findings[0].message;
    assert!(message.contains("`/nowhere/`"), "{message}");
    assert!(message.contains("2 other pages"), "{message}");
}

/// Guards a page's links to its own anchors, which the check settles without resolving
/// when it safely can: a template's `href="#faq "` is read as `#faq` (as a browser would),
/// so it misses the id `faq ` and is reported; `#faq-ok` and a bare `#` are fine.
#[test]
fn a_template_link_to_an_own_anchor_is_resolved_as_written() {
    let site = Site::new("links-templates");
    let page = std::fs::read_to_string(site.root.join("templates/page.html")).expect("template");
    site.write(
        "templates/page.html",
        page.replace(
            "<a href=\"/nowhere/\">A page that was never written</a>",
            "",
        )
        .replace(
            "<h1>{{ page.title }}</h1>",
            "<h1 id=\"faq \">{{ page.title }}</h1> <a href=\"#faq \">FAQ</a>\n  \
                 <h2 id=\"faq-ok\">x</h2> <a href=\"#faq-ok\">ok</a> <a href=\"#\">top</a>",
        ),
    );
    let checked = check(&site, &[]);
    checked.expect(&[("link/missing-anchor", "templates/page.html", 4, 48, "error")]);
}

/// Guards what `check` may skip: it counts no words for the built-in theme (which shows
/// them only as a reading time), but a site's own template can make a link of the count,
/// and that link is checked as the build writes it.
#[test]
fn a_template_link_that_depends_on_the_word_count_is_checked() {
    let site = Site::new("links-templates");
    let page = std::fs::read_to_string(site.root.join("templates/page.html")).expect("template");
    site.write(
        "templates/page.html",
        page.replace(
            "<a href=\"/nowhere/\">",
            "{% if page.word_count > 0 %}<a href=\"/long-reads/\">{% endif %}",
        ),
    );
    let checked = check(&site, &[]);
    checked.expect(&[("link/broken", "templates/page.html", 7, 42, "error")]);
    let message = &checked.findings[0].message;
    assert!(message.contains("`/long-reads/`"), "{message}");
}

/// Guards silence: a site where every link form resolves (sections, tags, aliases,
/// footnotes, theme anchors, images, reference links) produces no diagnostics at all.
#[test]
fn a_site_where_every_link_resolves_is_clean() {
    let site = Site::new("links-clean");
    let checked = check(&site, &[]);
    checked.expect(&[]);
    assert_eq!(checked.run.code, 0);
    assert!(checked.pages >= 4, "{checked:?}");
}

/// A page that teaches HTML shows tags as text (the quotes stay as typed) and may keep an
/// old link commented out: neither is a link a reader can follow, so neither is checked.
#[test]
fn html_shown_as_text_or_commented_out_is_not_checked() {
    let site = Site::new("links-clean");
    site.write(
        "content/guides/writing-html.md",
        "---\ntitle: Writing HTML\ndescription: How a page shows HTML.\n---\n\n\
         Write `<a href=\"nowhere/\">` for a link, or ' href='gone.html' in prose.\n\n\
         ```html\n<img src=\"missing.png\" id=\"x\">\n```\n\n\
         <!-- <a href=\"/retired/\">retired</a> -->\n",
    );
    let checked = check(&site, &[]);
    checked.expect(&[]);
    assert_eq!(checked.run.code, 0);
}

/// Guards a Markdown link whose destination the HTML holds escaped (a space as `%20`): one
/// finding, at its Markdown line, never a second one at the output page `check` never
/// writes.
#[test]
fn a_link_written_with_a_space_is_reported_once_at_its_line() {
    let site = Site::new("minimal");
    site.write(
        "content/spaces.md",
        "---\ntitle: Spaces\ndescription: d\n---\n[a](<http://exa mple.org>) and [b](<my page.md>) and [c](/ünï/)\n",
    );
    let checked = check(&site, &[]);
    let at: Vec<(&str, &str, u64)> = checked
        .findings
        .iter()
        .map(|f| (f.code.as_str(), f.file.as_str(), f.line))
        .collect();
    assert_eq!(
        at,
        [
            ("link/malformed", "content/spaces.md", 5),
            ("link/broken", "content/spaces.md", 5),
            ("link/broken", "content/spaces.md", 5),
        ],
        "{:#?}",
        checked.findings
    );
}

/// Guards links no reader can follow that a writer meant otherwise: a mistyped web address
/// (`htps://`, with the fix) and a file on the writer's computer (`file:`, `C:\…`) are
/// `link/malformed`; `tel:`, `mailto:` and `data:` links are left alone.
#[test]
fn mistyped_schemes_and_local_files_are_malformed() {
    let site = Site::new("minimal");
    site.write(
        "content/schemes.md",
        "---\ntitle: Schemes\ndescription: d\n---\n[a](htps://example.org) [b](<C:\\Users\\me\\notes.docx>) [c](file:///etc/hosts)\n\n[t](tel:+441234) [m](mailto:a@example.org) [d](data:text/plain,hi)\n",
    );
    let checked = check(&site, &[]);
    let at: Vec<(&str, u64, u64)> = checked
        .findings
        .iter()
        .map(|f| (f.code.as_str(), f.line, f.column))
        .collect();
    assert_eq!(
        at,
        [
            ("link/malformed", 5, 1),
            ("link/malformed", 5, 25),
            ("link/malformed", 5, 55),
        ],
        "{:#?}",
        checked.findings
    );
    assert_eq!(
        help(&checked.findings[0]),
        "did you mean `https://example.org`?"
    );
    assert!(checked.findings[2].message.contains("file on a computer"));
}

/// Guards links on a site published under a path (`base_url: https://example.org/docs/`):
/// raw HTML and templates write their own URLs, and one that leaves `/docs` (`/b/`, or
/// `../../b/` climbing out of it) lands off the site once published, however well `/b/`
/// resolves in the output folder. Each is `link/broken` where it is written, with the
/// address to write; the same links with the base path, and Markdown links (which get it
/// when rendered), pass.
#[test]
fn links_that_leave_the_base_path_are_broken() {
    let site = Site::new("minimal");
    site.write(
        "site.yaml",
        "title: Under a path\nbase_url: https://example.org/docs/\n",
    );
    site.write(
        "content/a.md",
        "---\ntitle: A\ndescription: Links.\n---\n\
         <a href=\"/b/\">off</a> <a href=\"/docs/b/\">on</a> [md](/b/) [rel](../b/)\n\n\
         <a href=\"../../b/\">climbs out</a> <a href=\"/nowhere/\">nowhere</a>\n",
    );
    site.write("content/b.md", "---\ntitle: B\ndescription: B.\n---\nB.\n");
    site.write(
        "templates/page.html",
        "{% extends \"base.html\" %}{% block content %}<a href=\"/b/\">B</a>\
         <a href=\"{{ site.base_path }}/b/\">B</a>{{ page.content | safe }}{% endblock %}",
    );
    let checked = check(&site, &[]);
    checked.expect(&[
        ("link/broken", "content/a.md", 5, 4, "error"),
        ("link/broken", "content/a.md", 7, 4, "error"),
        ("link/broken", "content/a.md", 7, 38, "error"),
        ("link/broken", "templates/page.html", 1, 54, "error"),
    ]);
    let [off, climbs, nowhere, template] = &checked.findings[..] else {
        unreachable!()
    };
    assert!(
        off.message
            .contains("leads off the site, which is published under `/docs/`"),
        "{off:?}"
    );
    assert_eq!(
        help(off),
        "write `/docs/b/` (in a template, `{{ site.base_path }}/b/`)"
    );
    assert_eq!(help(climbs), help(off));
    assert!(
        help(nowhere).starts_with("a link within the site starts with `/docs/`"),
        "{nowhere:?}"
    );
    assert_eq!(help(template), help(off));
}

/// A site published under a path with an escape in it (`/my%20docs/`): links carry the
/// path as the theme and the Markdown rewriting write it, and all of them work. A
/// fragment is looked up as written before it is decoded, as a browser does: a heading
/// `{#a%20b}` is reached by `#a%20b`, in the contents list and in the text.
#[test]
fn an_escaped_base_path_and_an_escaped_id_are_read_as_a_browser_reads_them() {
    let site = Site::new("minimal");
    site.write(
        "site.yaml",
        "title: Escaped\nbase_url: https://example.org/my%20docs/\n",
    );
    site.write(
        "content/guides/a.md",
        "---\ntitle: A\ndescription: Links.\n---\n## First {#a%20b}\n\n## Second\n\n\
         [home](/) [hello](../hello.md) [first](#a%20b) [b](b.md#second)\n\n\
         <a href=\"/my%20docs/guides/b/\">raw</a> [missing](#a%20c)\n",
    );
    site.write(
        "content/guides/b.md",
        "---\ntitle: B\ndescription: B.\n---\n## Second\n\nText.\n",
    );
    let checked = check(&site, &[]);
    checked.expect(&[(
        "link/missing-anchor",
        "content/guides/a.md",
        11,
        40,
        "error",
    )]);
}

/// A browser strips only ASCII spaces from a link's ends: an id ending in a no-break space
/// is reached by a link that ends in one, from the contents list and from the text.
#[test]
fn an_id_ending_in_a_no_break_space_is_reached() {
    let site = Site::new("minimal");
    site.write(
        "content/dose.md",
        "---\ntitle: Dose\ndescription: d\n---\n## Dosing {#dosing\u{a0}}\n\n## Risks\n\n\
         [dosing](#dosing\u{a0}) and [not there](#dosing)\n",
    );
    let checked = check(&site, &[]);
    checked.expect(&[("link/missing-anchor", "content/dose.md", 9, 24, "error")]);
}

/// Pins what only a page's HTML shows, read back as a build writes it: ids the theme
/// writes (the contents list, the References, the main text) where it writes them, a raw
/// HTML link split over lines (a bibliography address that is not a web address is refused
/// where it is written, see `hostile.rs`), and citations in headings (numbered with the page's, so `#ref-2` exists; a retracted
/// source cited in a heading is reported at that heading).
#[test]
fn theme_ids_and_raw_html_links_are_read_from_the_built_page() {
    let checked = check(&Site::new("links-theme-ids"), &["--today", "2026-01-15"]);
    let lines: Vec<String> = checked
        .findings
        .iter()
        .map(|f| {
            format!(
                "{}:{}:{} {} {}: {}",
                f.file, f.line, f.column, f.severity, f.code, f.message
            )
        })
        .collect();
    insta::assert_snapshot!(lines.join("\n"));
}

/// Guards links through an alias: the fragment is looked up on the page the alias leads
/// to (the redirect keeps it), so `/bpc-157/#dosing` is `link/missing-anchor` with a help
/// at the current address, beside the `link/alias` warning every old address gets; a
/// fragment that is there gives the warning alone.
#[test]
fn an_anchor_through_an_alias_is_looked_up_on_the_page_it_leads_to() {
    let checked = check(&Site::new("links-alias-anchor"), &[]);
    insta::assert_snapshot!(checked.listing());
}

/// Guards the help of a broken link after a page was renamed or kept as a draft: a link to
/// `bpc-157.md` (or `/bpc-157/`) names `bpc-157-explained.md`, which kept the old name as
/// its first words; a link to a draft says it is a draft; a typo names the page; a name
/// like no page's says so.
#[test]
fn a_broken_link_names_the_renamed_page_or_the_draft() {
    let checked = check(&Site::new("links-renamed"), &[]);
    insta::assert_snapshot!(checked.listing());
}

/// Guards `check --drafts`: draft pages are checked too, as `build --drafts` publishes
/// them, so a link to one works and a broken link in one is reported.
#[test]
fn check_drafts_checks_draft_pages_too() {
    let checked = check(&Site::new("links-renamed"), &["--drafts"]);
    insta::assert_snapshot!(checked.listing());
    assert!(checked.pages > check(&Site::new("links-renamed"), &[]).pages);
}
