//! The theme's site-wide lists: the home page's latest explainers, related pages by shared
//! tags, and long sections grouped A–Z with a letter index.

use crate::fixture::Site;

/// The link texts of the `<h3>`/`<h4>` entries inside the `<section>` that starts at
/// `marker`, in order.
fn entries_after(html: &str, marker: &str) -> Vec<String> {
    let start = html.find(marker).expect("the list is on the page");
    let section = &html[start..];
    let section = &section[..section.find("</section>").expect("the list ends")];
    section
        .split("\"><a href=\"")
        .skip(1)
        .chain(section.split("<h3><a href=\"").skip(1))
        .chain(section.split("<h4><a href=\"").skip(1))
        .filter_map(|rest| {
            let text = &rest[rest.find("\">")? + 2..];
            Some(text[..text.find("</a>")?].to_string())
        })
        .collect()
}

/// Related pages: most shared tags first (tags compared by slug, so `Pain` is `pain`),
/// then newest, then title; at most five; none on a page that shares no tag.
#[test]
fn related_pages_are_ordered_by_shared_tags_then_newest_then_title() {
    let site = Site::new("related-pages");
    site.build(&[]).expect_code(0);
    let anchor = site.read("topics/a/index.html");
    assert_eq!(
        entries_after(&anchor, "id=\"related-title\""),
        ["Charlie", "Bravo", "Delta", "Eagle", "Eel"]
    );
    let golf = site.read("topics/g/index.html");
    assert!(
        !golf.contains("related-title"),
        "a page sharing no tag lists none"
    );
    let zed = site.read("topics/i/index.html");
    assert!(
        !zed.contains("related-title"),
        "a page without tags lists none"
    );
}

/// The home page lists the newest explainers by `updated`, else `date` (undated last, then
/// by title), with their description and last review, besides the sections.
#[test]
fn the_home_page_lists_the_latest_explainers() {
    let site = Site::new("related-pages");
    site.build(&[]).expect_code(0);
    let home = site.read("index.html");
    assert_eq!(
        entries_after(&home, "id=\"latest-title\""),
        ["Golf", "Charlie", "Anchor", "Bravo", "Delta", "Eagle", "Eel", "Hush"]
    );
    assert!(home.contains("The page whose related pages the tests read."));
    assert!(home.contains("Last reviewed <time datetime=\"2024-02-01\">"));
    assert!(
        home.contains("Browse by topic"),
        "the sections are still listed"
    );
}

/// A section of more than 50 pages is listed A–Z under letter headings, with a letter
/// index linking to each; a section of 50 stays one list in reading order.
#[test]
fn a_long_section_is_grouped_by_letter_with_jump_links() {
    let site = Site::new("minimal");
    for n in 0..60 {
        // Titles start with A–F, and two with a digit (grouped under "Other").
        let title = match n {
            0 => "5-HTP".to_string(),
            1 => "1 in 3 adults".to_string(),
            n => format!(
                "{} page {n:02}",
                ["alpha", "Beta", "Gamma", "delta", "Echo", "Foxtrot"][n % 6]
            ),
        };
        let page = format!("---\ntitle: {title}\ndescription: Page {n}.\n---\n\nText.\n");
        site.write(&format!("content/long/p{n:02}.md"), &page);
        if n < 50 {
            site.write(&format!("content/short/p{n:02}.md"), page);
        }
    }
    site.build(&[]).expect_code(0);

    let long = site.read("long/index.html");
    let ids: Vec<&str> = long
        .split("<li><a href=\"#")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .collect();
    assert_eq!(
        ids,
        [
            "letter-a",
            "letter-b",
            "letter-d",
            "letter-e",
            "letter-f",
            "letter-g",
            "letter-other"
        ]
    );
    for id in &ids {
        assert_eq!(
            long.matches(&format!("id=\"{id}\"")).count(),
            1,
            "{id} is a target once"
        );
    }
    assert!(long.contains("<nav class=\"letters\" aria-label=\"Pages by first letter\">"));
    let listed = entries_after(&long, "id=\"pages-title\"");
    assert_eq!(listed.len(), 60, "every page listed once: {listed:?}");
    assert_eq!(listed[0], "alpha page 06", "A–Z ignoring case: {listed:?}");
    assert_eq!(&listed[58..], ["1 in 3 adults", "5-HTP"], "others last");

    let short = site.read("short/index.html");
    assert!(
        !short.contains("class=\"letters\""),
        "50 pages stay one list"
    );
    assert_eq!(entries_after(&short, "Pages in this section").len(), 50);
}
