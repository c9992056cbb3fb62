//! The search index and the search page as files: what `build` writes for search, that two
//! builds write the same index, what `search:` in `site.yaml` and in front matter turns
//! off, and the findings a wrong setting gives. What a reader does with them is in
//! `search_browser`.

use super::fixture::{tree, Site};
use std::collections::BTreeMap;

/// The files under `pagefind/` of a built site, by path.
fn index_files(site: &Site) -> BTreeMap<String, Vec<u8>> {
    tree(&site.out().join("pagefind"))
}

/// The text of every page record in the index (its fragments, gzipped JSON).
fn fragments(site: &Site) -> String {
    use std::io::Read;
    let mut text = String::new();
    for (name, bytes) in index_files(site) {
        if name.starts_with("fragment/") {
            let mut plain = String::new();
            flate2::read::GzDecoder::new(bytes.as_slice())
                .read_to_string(&mut plain)
                .expect("a gzipped fragment");
            text.push_str(&plain);
            text.push('\n');
        }
    }
    text
}

/// Guards the output: the index and its client, the search page and the script, and no
/// ready-made interface of the indexer the theme does not use.
#[test]
fn build_writes_the_index_the_search_page_and_the_script() {
    let site = Site::new("search");
    site.build(&[]).expect_code(0);
    let files = index_files(&site);
    let names: Vec<&str> = files.keys().map(String::as_str).collect();
    for wanted in [
        "pagefind.js",
        "pagefind-worker.js",
        "pagefind-entry.json",
        "wasm.en.pagefind",
    ] {
        assert!(names.contains(&wanted), "{wanted} missing from {names:?}");
    }
    assert!(
        names.iter().any(|n| n.starts_with("fragment/")),
        "{names:?}"
    );
    assert!(names.iter().any(|n| n.starts_with("index/")), "{names:?}");
    assert!(
        !names.iter().any(|n| n.starts_with("pagefind-ui")),
        "{names:?}"
    );
    let entry = String::from_utf8_lossy(&files["pagefind-entry.json"]).to_string();
    // The metformin and sleep guides and the Guides section's own page: not the draft,
    // the opted-out or the archived page, nor the lists without a page of their own.
    assert!(entry.contains("\"page_count\":3"), "{entry}");
    assert!(site.exists("search.js"));
    let page = site.read("search/index.html");
    assert!(page.contains("<noscript>"), "{page}");
    assert!(page.contains("Search needs JavaScript"), "{page}");
    assert!(page.contains("<a href=\"/guides/\">Guides</a>"), "{page}");
    assert!(
        page.contains("name=\"robots\" content=\"noindex\""),
        "{page}"
    );
    let guide = site.read("guides/metformin/index.html");
    assert!(
        guide.contains("<form class=\"search-form search-form-header\" role=\"search\" action=\"/search/\" method=\"get\""),
        "{guide}"
    );
    assert!(guide.contains("<script src=\"/search.js\" defer></script>"));
    // The search page is no page of the sitemap.
    assert!(!site.read("sitemap.xml").contains("/search/"));
}

/// Guards determinism: the same site builds to the same index, byte for byte.
#[test]
fn two_builds_write_the_same_index() {
    let site = Site::new("search");
    site.build(&[]).expect_code(0);
    let first = index_files(&site);
    site.build(&[]).expect_code(0);
    let second = index_files(&site);
    assert_eq!(
        first.keys().collect::<Vec<_>>(),
        second.keys().collect::<Vec<_>>()
    );
    assert!(first == second, "the index differs between two builds");
}

/// Guards `search.enabled: false`: no index, no script, no box, no search page.
#[test]
fn search_turned_off_writes_none_of_it() {
    let site = Site::new("search");
    site.write(
        "site.yaml",
        "title: Search fixture\nbase_url: https://example.org/\nsearch:\n  enabled: false\n",
    );
    site.build(&[]).expect_code(0);
    assert!(!site.exists("pagefind"));
    assert!(!site.exists("search.js"));
    assert!(!site.exists("search/index.html"));
    let guide = site.read("guides/metformin/index.html");
    assert!(!guide.contains("search-form"), "{guide}");
    assert!(!guide.contains("search.js"), "{guide}");
}

/// Guards the words of pages search leaves out: drafts (even when built with `--drafts`),
/// `search: false` and `search.exclude` never reach the index.
#[test]
fn left_out_pages_are_not_in_the_index() {
    let site = Site::new("search");
    site.build(&["--drafts"]).expect_code(0);
    assert!(site.exists("guides/unfinished/index.html"));
    let entry = String::from_utf8_lossy(&index_files(&site)["pagefind-entry.json"]).to_string();
    assert!(entry.contains("\"page_count\":3"), "{entry}");
    let records = fragments(&site);
    assert!(
        records.contains("Metformin is a first medicine"),
        "{records}"
    );
    for word in ["Quillwort", "Bramblewick", "Snickerdoodle"] {
        assert!(!records.contains(word), "{word} is in the index: {records}");
    }
}

/// Guards what a record holds: the page's URL, title, description and review date as
/// results show them, the body's text escaped, and none of the layout (navigation,
/// footer).
#[test]
fn a_record_holds_the_page_text_and_what_a_result_shows() {
    let site = Site::new("search");
    site.build(&[]).expect_code(0);
    let records = fragments(&site);
    assert!(
        records.contains("\"url\":\"/guides/metformin/\""),
        "{records}"
    );
    assert!(
        records.contains("\"title\":\"Metformin and kidney function\""),
        "{records}"
    );
    assert!(
        records.contains("\"reviewed\":\"2 October 2026\""),
        "{records}"
    );
    assert!(
        records.contains("\"reviewed_iso\":\"2026-10-02\""),
        "{records}"
    );
    assert!(records.contains("&lt;img src=x onerror="), "{records}");
    assert!(!records.contains("<img"), "{records}");
    assert!(
        !records.contains("Health information, not medical advice"),
        "{records}"
    );
    assert!(!records.contains("Skip to main content"), "{records}");
}

/// Guards `search.exclude`: an entry that is not a URL path is a finding at its line.
#[test]
fn an_exclude_entry_that_is_not_a_path_is_reported() {
    let site = Site::new("search");
    site.write(
        "site.yaml",
        "title: Search fixture\nbase_url: https://example.org/\nsearch:\n  exclude: [archive]\n",
    );
    let run = site.check(&["--format", "json"]);
    run.expect_code(1);
    assert!(
        run.stdout.contains("\"code\": \"meta/invalid\""),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("`search.exclude` lists `archive`"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("\"line\": 3"), "{}", run.stdout);
}

/// Guards the search page's address: a page of the site claiming `/search/` while search
/// is on is a URL conflict, not a page silently replaced.
#[test]
fn a_page_at_the_search_address_is_a_conflict() {
    let site = Site::new("search");
    site.write(
        "content/search.md",
        "---\ntitle: Our own search\ndescription: x\n---\nHello.\n",
    );
    let run = site.check(&["--format", "json"]);
    run.expect_code(1);
    assert!(run.stdout.contains("build/url-conflict"), "{}", run.stdout);
    // With search off the address is the site's to use.
    site.write(
        "site.yaml",
        "title: Search fixture\nbase_url: https://example.org/\nsearch:\n  enabled: false\n",
    );
    site.build(&[]).expect_code(0);
    assert!(site.read("search/index.html").contains("Our own search"));
}

/// Guards the URLs under a base path: the script and the form carry it; the index keeps
/// each page's address below it, and the browser's client puts the base path in front
/// from where it loads the index (see `search_browser`).
#[test]
fn a_site_under_a_base_path_indexes_addresses_below_it() {
    let site = Site::new("search");
    site.build(&["--base-url", "https://example.org/docs/"])
        .expect_code(0);
    let guide = site.read("guides/metformin/index.html");
    assert!(guide.contains("<script src=\"/docs/search.js\" defer></script>"));
    assert!(guide.contains("action=\"/docs/search/\""));
    let records = fragments(&site);
    assert!(
        records.contains("\"url\":\"/guides/metformin/\""),
        "{records}"
    );
}
