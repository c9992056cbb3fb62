//! `panelpress build` on the `basic` fixture: the URL scheme, sections, slugs, drafts,
//! weights, tags, aliases, page bundles, `static/`, the machine-read files and
//! `--base-url`.

use crate::fixture::{hrefs, html_files, Site};
use panelpress::pipeline::{build, BuildOptions};

/// The pages every build of `basic` publishes, by URL.
const PUBLISHED: &[&str] = &[
    "/guides/alpha/",
    "/guides/beta/",
    "/guides/gamma/",
    "/guides/delta/",
    "/guides/short-name/",
    "/compounds/bpc/",
];

fn built(args: &[&str]) -> Site {
    let site = Site::new("basic");
    site.build(args).expect_code(0).expect_stderr("(0 errors");
    site
}

/// Guards the URL scheme: `a/b.md` → `a/b/index.html`, `_index.md` → the section's page,
/// and list pages for a section and a home that have no `_index.md`.
#[test]
fn pages_and_sections_get_folder_urls() {
    let site = built(&[]);
    let alpha = site.read("guides/alpha/index.html");
    assert!(alpha.contains("<h1>Alpha guide</h1>"), "{alpha}");
    assert!(alpha.contains("<p>The alpha guide explains what a label promises.</p>"));

    let guides = site.read("guides/index.html");
    assert!(guides.contains("<h1>Guides</h1>"), "{guides}");
    assert!(guides.contains("Guides explain the basics before any compound page does."));

    let compounds = site.read("compounds/index.html");
    assert!(compounds.contains("<h1>Compounds</h1>"), "{compounds}");
    assert!(compounds.contains("href=\"/compounds/bpc/\""));

    let home = site.read("index.html");
    assert!(home.contains("<h1>Fixture Health</h1>"), "{home}");
    assert!(home.contains("href=\"/guides/\"") && home.contains("href=\"/compounds/\""));
}

/// Guards `slug`: it replaces the file stem, and the stem's URL is not written too.
#[test]
fn slug_replaces_the_file_stem() {
    let site = built(&[]);
    assert!(site
        .read("guides/short-name/index.html")
        .contains("<h1>Slugged guide</h1>"));
    assert!(!site.exists("guides/renamed-by-slug"));
    assert!(site
        .read("guides/index.html")
        .contains("href=\"/guides/short-name/\""));
}

/// Guards `draft: true`: left out of pages, lists, tags and the sitemap unless `--drafts`.
#[test]
fn drafts_are_published_only_with_the_drafts_flag() {
    let site = built(&[]);
    assert!(!site.exists("guides/unfinished"));
    assert!(!site.exists("tags/drafts-only"));
    assert!(!site.read("guides/index.html").contains("Unfinished draft"));
    assert!(!site.read("sitemap.xml").contains("unfinished"));

    let site = built(&["--drafts"]);
    let draft = site.read("guides/unfinished/index.html");
    assert!(draft.contains("<h1>Unfinished draft</h1>"), "{draft}");
    assert!(site
        .read("guides/index.html")
        .contains("href=\"/guides/unfinished/\""));
    assert!(site
        .read("tags/drafts-only/index.html")
        .contains("Unfinished draft"));
}

/// Guards reading order in a section list: `weight` first, then pages without a weight,
/// newest `date` first.
#[test]
fn weight_orders_the_section_list() {
    let site = built(&[]);
    let guides = site.read("guides/index.html");
    let listed: Vec<&str> = hrefs(&guides)
        .into_iter()
        .filter(|href| PUBLISHED.contains(href))
        .collect();
    assert_eq!(
        listed,
        [
            "/guides/beta/",
            "/guides/alpha/",
            "/guides/gamma/",
            "/guides/delta/",
            "/guides/short-name/"
        ]
    );
}

/// Guards the generated tag pages: `/tags/` lists every tag, `/tags/<tag>/` exactly the
/// pages that carry it.
#[test]
fn tag_pages_list_the_pages_that_carry_each_tag() {
    let site = built(&[]);
    let index = site.read("tags/index.html");
    assert!(
        index.contains("<a href=\"/tags/basics/\">basics</a>"),
        "{index}"
    );
    assert!(index.contains("<a href=\"/tags/labels/\">labels</a>"));

    let listed = |tag: &str| -> Vec<String> {
        let html = site.read(&format!("tags/{tag}/index.html"));
        hrefs(&html)
            .into_iter()
            .filter(|href| PUBLISHED.contains(href))
            .map(String::from)
            .collect()
    };
    let mut labels = listed("labels");
    labels.sort();
    assert_eq!(labels, ["/guides/alpha/", "/guides/beta/"]);
    let mut basics = listed("basics");
    basics.sort();
    assert_eq!(basics, ["/compounds/bpc/", "/guides/alpha/"]);
    let alpha = site.read("guides/alpha/index.html");
    assert!(alpha.contains("href=\"/tags/labels/\"") && alpha.contains("href=\"/tags/basics/\""));
}

/// Guards `aliases`: each old URL gets a page that redirects to the new one, keeping the
/// `#fragment` (a script), with a `refresh` and a plain link for readers without scripts.
#[test]
fn aliases_write_redirect_pages_at_the_old_urls() {
    let site = built(&[]);
    for old in ["old/alpha/index.html", "legacy-alpha.html"] {
        let html = site.read(old);
        assert!(
            html.contains(
                "<script>location.replace(\"/guides/alpha/\" + location.hash);</script>\n\
                 <noscript><meta http-equiv=\"refresh\" content=\"0; url=/guides/alpha/\"></noscript>"
            ),
            "{old}: {html}"
        );
        assert!(
            html.contains("<link rel=\"canonical\" href=\"https://example.org/guides/alpha/\">")
        );
        assert!(html.contains("<a href=\"/guides/alpha/\">"));
    }
}

/// Guards page bundles: a file next to a page is copied, and the page's relative image
/// link points at the copy.
#[test]
fn page_bundle_files_are_copied_and_linked() {
    let site = built(&[]);
    let source = std::fs::read(site.root.join("content/compounds/bpc/vial.png")).unwrap();
    let copied = std::fs::read(site.out().join("compounds/bpc/vial.png")).unwrap();
    assert_eq!(copied, source);
    let page = site.read("compounds/bpc/index.html");
    let src = page
        .split("<img src=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap_or_else(|| panic!("no image in {page}"));
    assert_eq!(src, "/compounds/bpc/vial.png");
    assert!(
        site.exists(src.trim_start_matches('/')),
        "{src} was not written"
    );
}

/// Guards drafts in page bundles: a draft bundle's own files are left out with the page,
/// and published with it under `--drafts`.
#[test]
fn a_draft_bundles_files_are_published_only_with_the_drafts_flag() {
    let site = built(&[]);
    assert!(!site.exists("compounds/embargoed/index.html"));
    assert!(
        !site.exists("compounds/embargoed/chart.svg"),
        "the chart of a draft bundle was published"
    );
    let site = built(&["--drafts"]);
    assert!(site
        .read("compounds/embargoed/index.html")
        .contains("src=\"/compounds/embargoed/chart.svg\""));
    assert!(site.exists("compounds/embargoed/chart.svg"));
}

/// Guards `.md` links across the URL scheme: to a page with a `slug`, to a heading of a
/// sibling page, and to a bundle's `index.md`.
#[test]
fn markdown_links_follow_slugs_and_bundles() {
    let site = built(&[]);
    let beta = site.read("guides/beta/index.html");
    for href in [
        "/guides/short-name/",
        "/guides/alpha/#what-a-label-promises",
        "/compounds/bpc/",
    ] {
        assert!(hrefs(&beta).contains(&href), "beta lacks {href}:\n{beta}");
    }
    assert!(site
        .read("guides/alpha/index.html")
        .contains("<h2 id=\"what-a-label-promises\">"));
}

/// Guards `static/`: copied verbatim to the output root, replacing a theme file of the
/// same name.
#[test]
fn static_files_are_copied_to_the_output_root() {
    let site = built(&[]);
    for rel in ["favicon.svg", "img/logo.svg"] {
        let source = std::fs::read(site.root.join("static").join(rel)).unwrap();
        assert_eq!(
            std::fs::read(site.out().join(rel)).unwrap(),
            source,
            "{rel}"
        );
    }
}

/// Guards the machine-read files: a sitemap of every published page, an Atom feed of the
/// dated pages, `robots.txt` pointing at the sitemap, and a 404 page.
#[test]
fn sitemap_feed_robots_and_404_are_written() {
    let site = built(&[]);
    let sitemap = site.read("sitemap.xml");
    assert!(sitemap.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset"));
    assert!(sitemap.trim_end().ends_with("</urlset>"), "{sitemap}");
    for url in PUBLISHED.iter().chain(&["/", "/guides/", "/compounds/"]) {
        let loc = format!("<loc>https://example.org{url}</loc>");
        assert!(sitemap.contains(&loc), "sitemap lacks {loc}:\n{sitemap}");
    }
    assert!(!sitemap.contains("old/alpha") && !sitemap.contains("404"));

    let feed = site.read("atom.xml");
    assert!(
        feed.contains("<feed xmlns=\"http://www.w3.org/2005/Atom\""),
        "{feed}"
    );
    assert!(feed.trim_end().ends_with("</feed>"));
    assert_eq!(feed.matches("<entry>").count(), PUBLISHED.len());
    for url in PUBLISHED {
        assert!(feed.contains(&format!("<link href=\"https://example.org{url}\"/>")));
    }

    let robots = site.read("robots.txt");
    assert!(robots.contains("User-agent: *"), "{robots}");
    assert!(robots.contains("Sitemap: https://example.org/sitemap.xml"));

    let not_found = site.read("404.html");
    assert!(not_found.contains("<h1>Page not found</h1>"), "{not_found}");
    assert!(not_found.contains("href=\"/\""));
}

/// Guards `--base-url`: permalinks, the sitemap, the feed and internal links follow it,
/// and the base URL from `site.yaml` appears nowhere.
#[test]
fn base_url_flag_changes_permalinks() {
    let site = built(&["--base-url", "https://staging.example.net/sub/"]);
    let alpha = site.read("guides/alpha/index.html");
    assert!(
        alpha.contains(
            "<link rel=\"canonical\" href=\"https://staging.example.net/sub/guides/alpha/\">"
        ),
        "{alpha}"
    );
    assert!(alpha.contains("href=\"/sub/guides/\""));
    assert!(site
        .read("sitemap.xml")
        .contains("<loc>https://staging.example.net/sub/guides/alpha/</loc>"));
    assert!(site
        .read("atom.xml")
        .contains("<link href=\"https://staging.example.net/sub/guides/alpha/\"/>"));
    assert!(site
        .read("old/alpha/index.html")
        .contains("url=/sub/guides/alpha/"));
    assert!(site
        .read("compounds/bpc/index.html")
        .contains("src=\"/sub/compounds/bpc/vial.png\""));
    assert!(site
        .read("guides/beta/index.html")
        .contains("href=\"/sub/guides/short-name/\""));
    for (rel, html) in html_files(&site.out()) {
        assert!(
            !html.contains("https://example.org"),
            "{rel} keeps the old base URL"
        );
    }
}

/// Guards the library's report: it says it wrote the site, found nothing wrong, and counts
/// every rendered page (all HTML but the alias redirects).
#[test]
fn library_report_matches_the_written_output() {
    let site = Site::new("basic");
    let out = site.tmp().join("elsewhere");
    let report = build(&BuildOptions {
        root: site.root.clone(),
        out: Some(out.clone()),
        ..BuildOptions::default()
    })
    .expect("the build runs");
    assert!(report.written);
    assert_eq!(report.errors(), 0, "{:?}", report.diagnostics);
    assert_eq!(report.out, out);
    let redirects = ["old/alpha/index.html", "legacy-alpha.html"];
    let rendered = html_files(&out)
        .iter()
        .filter(|(rel, _)| !redirects.contains(&rel.as_str()))
        .count();
    assert_eq!(report.pages, rendered);
    assert!(!site.out().exists(), "--out was ignored");
}
