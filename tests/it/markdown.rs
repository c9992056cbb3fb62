//! The Markdown dialect as it reaches the built page, on the
//! `markdown` fixture: `features/everything.md` uses every extension once.

use crate::fixture::{content_of, hrefs, html_files, Site};

const PAGE: &str = "features/everything/index.html";

fn built() -> Site {
    let site = Site::new("markdown");
    site.build(&[]).expect_code(0).expect_stderr("(0 errors");
    site
}

/// The ids of every element in `html`.
fn ids(html: &str) -> Vec<&str> {
    html.split(" id=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .collect()
}

/// Guards tables: rendered as `<table>` inside the `table-wrap` div that scrolls on phones.
#[test]
fn tables_are_wrapped_so_they_scroll() {
    let site = built();
    let content = content_of(&site.read(PAGE)).to_string();
    let wrap = content
        .find("<div class=\"table-wrap\"")
        .unwrap_or_else(|| panic!("no table-wrap in {content}"));
    let table = content.find("<table>").expect("a <table>");
    assert!(wrap < table, "{content}");
    assert!(
        content[wrap..table].ends_with(">\n"),
        "the wrap holds only the table"
    );
    assert!(content.contains("<th scope=\"col\">Attribute</th><th>Option A</th><th>Option B</th>"));
    assert!(content.contains("</table>\n</div>"), "{content}");
}

/// Guards footnotes: moved to a list at the bottom, numbered by first use, each with a
/// back-link to every reference, and every back-link lands on a reference.
#[test]
fn footnotes_sit_at_the_bottom_with_back_links() {
    let site = built();
    let html = site.read(PAGE);
    let content = content_of(&html);
    let section = content
        .find("<section class=\"footnotes\"")
        .unwrap_or_else(|| panic!("no footnotes section in {content}"));
    assert!(
        content.find("<h3 id=\"links\">").unwrap() < section,
        "{content}"
    );
    assert!(content[section..].contains("<li id=\"fn-src\">\n<p>The source of the claim."));
    assert!(
        content.contains("<a href=\"#fn-src\" id=\"fnref-src\" aria-label=\"Footnote 1\">1</a>")
    );
    assert!(
        content.contains("<a href=\"#fn-src\" id=\"fnref-src-2\" aria-label=\"Footnote 1\">1</a>")
    );
    assert!(
        content.contains("<a href=\"#fn-two\" id=\"fnref-two\" aria-label=\"Footnote 2\">2</a>")
    );
    let page_ids = ids(&html);
    let backrefs: Vec<&str> = hrefs(&content[section..])
        .into_iter()
        .filter(|h| h.starts_with("#fnref-"))
        .collect();
    assert_eq!(backrefs, ["#fnref-src", "#fnref-src-2", "#fnref-two"]);
    for href in backrefs {
        assert!(page_ids.contains(&&href[1..]), "{href} lands nowhere");
    }
}

/// Guards strikethrough, task lists and smart punctuation.
#[test]
fn strikethrough_task_lists_and_smart_punctuation_render() {
    let site = built();
    let content = content_of(&site.read(PAGE)).to_string();
    assert!(content.contains("<del>this</del>"), "{content}");
    assert!(content.contains(
        "<input disabled=\"\" type=\"checkbox\" checked=\"\" aria-label=\"Done\"/>\nRead the label"
    ));
    assert!(content.contains(
        "<input disabled=\"\" type=\"checkbox\" aria-label=\"To do\"/>\nAsk a pharmacist"
    ));
    assert!(content.contains("\u{201c}quotes\u{201d}"), "{content}");
    assert!(content.contains("it\u{2019}s"));
    assert!(!content.contains("\"quotes\""));
}

/// Guards heading ids: GitHub's rule, `-1` for a repeat, `{#custom}` kept, and no id used
/// twice on the page.
#[test]
fn headings_get_github_ids_and_custom_ids() {
    let site = built();
    let html = site.read(PAGE);
    let content = content_of(&html);
    for heading in [
        "<h2 id=\"what-is-igf-1-lr3\">What is IGF-1 LR3?</h2>",
        "<h2 id=\"comparison-table\">Comparison table</h2>",
        "<h2 id=\"risks\">Risks</h2>",
        "<h2 id=\"risks-1\">Risks</h2>",
        "<h2 id=\"custom\">Custom anchor</h2>",
        "<h3 id=\"links\">Links</h3>",
    ] {
        assert!(content.contains(heading), "lacks {heading}:\n{content}");
    }
    assert!(!content.contains("{#custom}"));
    let mut all = ids(&html);
    let count = all.len();
    all.sort();
    all.dedup();
    assert_eq!(all.len(), count, "an id is used twice");
}

/// Guards GitHub alerts: `> [!WARNING]` becomes a titled callout, not a blockquote.
#[test]
fn github_alerts_become_callouts() {
    let site = built();
    let content = content_of(&site.read(PAGE)).to_string();
    assert!(
        content.contains(
            "<div class=\"callout callout-warning\" role=\"note\" aria-label=\"Warning\">\n<p class=\"callout-title\">Warning</p>\n<p>Not approved for use in people.</p>\n</div>"
        ),
        "{content}"
    );
    assert!(!content.contains("<blockquote"));
    assert!(!content.contains("[!WARNING]"));
}

/// Guards the table of contents: every section heading, in order, nested by level, each
/// entry linking to an id on the page.
#[test]
fn the_page_has_a_table_of_contents() {
    let site = built();
    let html = site.read(PAGE);
    let start = html.find("<nav class=\"toc\"").expect("a toc nav");
    let toc = &html[start..start + html[start..].find("</nav>").unwrap()];
    assert!(toc.contains("On this page"), "{toc}");
    let entries = hrefs(toc);
    assert_eq!(
        entries,
        [
            "#what-is-igf-1-lr3",
            "#comparison-table",
            "#risks",
            "#risks-1",
            "#custom",
            "#links"
        ]
    );
    assert!(toc.contains("<li><a href=\"#custom\">Custom anchor</a>\n        <ol>"));
    let page_ids = ids(&html);
    for entry in entries {
        assert!(page_ids.contains(&&entry[1..]), "{entry} lands nowhere");
    }
}

/// Guards highlighting: fenced code becomes `hl-` classed spans and the theme's
/// `highlight.css` that styles them is written and linked.
#[test]
fn fenced_code_is_highlighted_with_a_stylesheet() {
    let site = built();
    let html = site.read(PAGE);
    let start = html
        .find("<pre class=\"code\" data-lang=\"yaml\" tabindex=\"0\"><code>")
        .unwrap_or_else(|| panic!("no yaml code block in {html}"));
    let block = &html[start..start + html[start..].find("</pre>").unwrap()];
    assert!(block.contains("<span class=\"hl-"), "{block}");
    assert!(block.contains(">title</span>") && block.contains(">Hello</span>"));
    let css = site.read("highlight.css");
    assert!(css.contains(".hl-"), "{css}");
    assert!(html.contains("<link rel=\"stylesheet\" href=\"/highlight.css\">"));
}

/// Guards `.md` link rewriting: relative links (inline, reference-style, in a table and in
/// a footnote) become the target's URL with the `#fragment` kept, every target exists with
/// that id, and no `.md` href is left anywhere in the output.
#[test]
fn markdown_links_are_rewritten_to_page_urls() {
    let site = built();
    let html = site.read(PAGE);
    let content = content_of(&html);
    let links: Vec<&str> = hrefs(content)
        .into_iter()
        .filter(|h| !h.starts_with('#'))
        .collect();
    assert_eq!(
        links,
        [
            "/guides/reading/",
            "/guides/reading/#what-a-label-promises",
            "/features/other/",
            "/features/other/#second-part",
            "/",
            "/guides/reading/#what-a-label-promises",
            "/features/other/#second-part",
        ]
    );
    for link in links {
        let (path, fragment) = link.split_once('#').unwrap_or((link, ""));
        let target = site.read(&format!("{}index.html", path.trim_start_matches('/')));
        if !fragment.is_empty() {
            assert!(ids(&target).contains(&fragment), "{link}: no such id");
        }
    }
    assert!(site
        .read("index.html")
        .contains("<a href=\"/features/everything/\">every feature</a>"));
    for (rel, html) in html_files(&site.out()) {
        for href in hrefs(&html) {
            let path = href.split(['#', '?']).next().unwrap_or(href);
            assert!(!path.ends_with(".md"), "{rel} keeps the .md href {href}");
        }
    }
}

/// Guards footnotes referenced from a heading: numbered in order with the others, linked
/// to their entry in the list at the bottom, and that entry links back.
#[test]
fn a_footnote_referenced_in_a_heading_is_listed() {
    let site = built();
    let html = site.read("features/edge-cases/index.html");
    let content = content_of(&html);
    let heading = content
        .split("<h2 id=\"dosing\">")
        .nth(1)
        .and_then(|rest| rest.split("</h2>").next())
        .unwrap_or_else(|| panic!("no Dosing heading in {content}"));
    assert!(heading.contains("<a href=\"#fn-heading\""), "{heading}");
    assert!(
        heading.contains(">2</a>"),
        "numbered after the body note: {heading}"
    );
    assert!(
        content.contains("<li id=\"fn-heading\">"),
        "the heading's footnote is missing from the list:\n{content}"
    );
    assert!(content.contains("A note referenced from a heading."));
    assert!(ids(&html).contains(&"fnref-heading"));
}

/// Guards id uniqueness: a `{#custom}` id equal to an earlier heading's generated id must
/// not leave two elements with one id (the anchor would be ambiguous).
#[test]
fn a_custom_id_never_duplicates_a_generated_id() {
    let site = built();
    let html = site.read("features/edge-cases/index.html");
    let mut all = ids(&html);
    let count = all.len();
    all.sort();
    all.dedup();
    assert_eq!(
        all.len(),
        count,
        "an id is used twice:\n{}",
        content_of(&html)
    );
}

/// Guards email autolinks: `<editor@example.org>` is a `mailto:` link to that address, on
/// a site published under a path too. It was rewritten like a relative file link
/// (`mailto:/docs/editor@example.org`) and reported as `link/broken`.
#[test]
fn an_email_autolink_is_a_mailto_link() {
    let site = Site::new("minimal");
    site.write(
        "site.yaml",
        "title: Mail\nbase_url: https://example.org/docs/\n",
    );
    site.write(
        "content/contact.md",
        "---\ntitle: Contact\ndescription: Write to us.\n---\nWrite to <editor@example.org>.\n",
    );
    site.build(&[]).expect_code(0).expect_stderr("(0 errors");
    let page = site.read("contact/index.html");
    assert!(
        hrefs(content_of(&page)).contains(&"mailto:editor@example.org"),
        "{page}"
    );
    let checked = site.check(&[]);
    checked.expect_code(0);
}
