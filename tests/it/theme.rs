//! The built-in theme and overrides: a site needs no `templates/`, a
//! site's template replaces the theme's file of the same name, and the pages are HTML a
//! reader on a phone or a screen reader can rely on, with nothing fetched from elsewhere.

use crate::fixture::{html_files, Site};

/// Alias redirect pages of the `basic` fixture: tiny documents with no theme.
const REDIRECTS: &[&str] = &["old/alpha/index.html", "legacy-alpha.html"];

fn built(name: &str) -> Site {
    let site = Site::new(name);
    site.build(&[]).expect_code(0);
    site
}

/// The themed pages of a built site.
fn themed_pages(site: &Site) -> Vec<(String, String)> {
    html_files(&site.out())
        .into_iter()
        .filter(|(rel, _)| !REDIRECTS.contains(&rel.as_str()))
        .collect()
}

/// The levels of the `<h1>`…`<h6>` elements in `html`, in order.
fn heading_levels(html: &str) -> Vec<u8> {
    html.split("<h")
        .skip(1)
        .filter_map(|rest| {
            let bytes = rest.as_bytes();
            let level = *bytes.first()?;
            let after = *bytes.get(1)?;
            ((b'1'..=b'6').contains(&level) && (after == b'>' || after == b' '))
                .then_some(level - b'0')
        })
        .collect()
}

/// Guards the embedded theme: a site with no `templates/` folder builds with it, and its
/// stylesheet (with a print style and scrolling tables) is written.
#[test]
fn a_site_without_templates_uses_the_built_in_theme() {
    let site = built("basic");
    assert!(!site.root.join("templates").exists());
    let page = site.read("guides/alpha/index.html");
    assert!(page.starts_with("<!doctype html>"), "{page}");
    assert!(page.contains("<article class=\"page\">"));
    assert!(page.contains("<link rel=\"stylesheet\" href=\"/style.css\">"));
    let css = site.read("style.css");
    assert!(css.contains("@media print"), "no print stylesheet");
    assert!(css.contains(".table-wrap") && css.contains("overflow-x: auto"));
}

/// Guards overrides: `templates/page.html` replaces the theme's page template for pages,
/// while the other theme files (`base.html`, `section.html`) stay in use.
#[test]
fn a_page_template_override_replaces_the_themes() {
    let site = built("theme-override");
    let note = site.read("notes/note/index.html");
    assert!(
        note.contains("<p class=\"custom-marker\">Rendered by the site's own page.html</p>"),
        "{note}"
    );
    assert!(note.contains("<p>The body of the note.</p>"));
    assert!(!note.contains("<article class=\"page\">"));
    assert!(
        note.contains("<html lang=\"en\">"),
        "base.html still wraps it"
    );
    let section = site.read("notes/index.html");
    assert!(section.contains("<article class=\"section\">"), "{section}");
    assert!(!section.contains("custom-marker"));
}

/// Guards the document head and outline of every themed page: doctype, `<html lang>` from
/// `site.yaml`, one non-empty `<meta name="description">`, exactly one `<h1>`, and no
/// heading that skips a level.
#[test]
fn every_page_has_lang_description_one_h1_and_ordered_headings() {
    for (fixture, lang) in [("basic", "en"), ("markdown", "en-GB")] {
        let site = built(fixture);
        let pages = themed_pages(&site);
        assert!(pages.len() >= 8, "{fixture}: only {} pages", pages.len());
        for (rel, html) in pages {
            let at = format!("{fixture}/{rel}");
            assert!(html.starts_with("<!doctype html>"), "{at}");
            assert!(html.contains(&format!("<html lang=\"{lang}\">")), "{at}");
            assert_eq!(
                html.matches("<meta name=\"description\"").count(),
                1,
                "{at}"
            );
            assert!(
                !html.contains("<meta name=\"description\" content=\"\">"),
                "{at}"
            );
            let levels = heading_levels(&html);
            assert_eq!(
                levels.iter().filter(|&&l| l == 1).count(),
                1,
                "{at}: {levels:?}"
            );
            assert_eq!(levels.first(), Some(&1), "{at}: {levels:?}");
            for pair in levels.windows(2) {
                assert!(pair[1] <= pair[0] + 1, "{at} skips a level: {levels:?}");
            }
        }
    }
    let site = built("basic");
    assert!(site.read("guides/alpha/index.html").contains(
        "<meta name=\"description\" content=\"The alpha guide, listed second by weight.\">"
    ));
}

/// Guards the "Last reviewed" line: shown, with the reviewer, on a page with `reviewed`,
/// and absent from a page without it.
#[test]
fn last_reviewed_is_shown_only_when_reviewed_is_set() {
    let site = built("basic");
    let alpha = site.read("guides/alpha/index.html");
    assert!(alpha.contains("<dt>Last reviewed</dt>"), "{alpha}");
    assert!(alpha
        .contains("<dd><time datetime=\"2026-01-12\">12 January 2026</time> by Dr. Example</dd>"));
    let beta = site.read("guides/beta/index.html");
    assert!(!beta.contains("Last reviewed"), "{beta}");
}

/// Guards the privacy promise: no scripts that run but the site's own search box, and no
/// stylesheet, font or CSS `url()` that loads from another host. Three exceptions: a page's
/// structured data (an `application/ld+json` block, which is data), the inline line of an
/// alias's redirect page that carries the `#fragment` to the new address, and the search
/// box's script, from the site itself (it fetches only the site's own search index).
#[test]
fn output_loads_no_scripts_or_external_styles_or_fonts() {
    for fixture in ["basic", "markdown", "theme-override"] {
        let site = built(fixture);
        for (rel, html) in html_files(&site.out()) {
            let redirect = "<script>location.replace(\"/guides/alpha/\" + location.hash);</script>";
            let html = html.replacen(redirect, "", 1);
            let lower = html.to_lowercase();
            for script in lower.split("<script").skip(1) {
                assert!(
                    script.starts_with(" type=\"application/ld+json\">")
                        || script.starts_with(" src=\"/search.js\" defer></script>"),
                    "{fixture}/{rel} runs a script"
                );
            }
            for tag in html.split("<link ").skip(1) {
                let tag = &tag[..tag.find('>').unwrap_or(tag.len())];
                if tag.contains("rel=\"canonical\"") {
                    continue;
                }
                assert!(
                    !tag.contains("href=\"http") && !tag.contains("href=\"//"),
                    "{fixture}/{rel} loads <link {tag}>"
                );
            }
            assert!(!html.contains("@import"), "{fixture}/{rel}");
        }
        for css in ["style.css", "highlight.css"] {
            let text = site.read(css);
            assert!(!text.contains("@import"), "{fixture}/{css}");
            for url in text.split("url(").skip(1) {
                let url = url.trim_start_matches(['"', '\'']);
                assert!(
                    !url.starts_with("http") && !url.starts_with("//"),
                    "{fixture}/{css} loads {url}"
                );
            }
        }
    }
}
