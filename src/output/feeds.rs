//! The machine-read files: `sitemap.xml`, the Atom feed `atom.xml`, `robots.txt`, and the
//! redirect pages written for `aliases`. Built from page metadata only; dates come from
//! the content, never the clock, so the same input gives the same bytes.

use crate::content::Date;
use crate::markdown::escape;
use std::fmt::Write;

/// One URL in the sitemap.
pub(crate) struct SitemapEntry {
    /// Absolute URL.
    pub(crate) loc: String,
    pub(crate) lastmod: Option<Date>,
}

pub(crate) fn sitemap(mut entries: Vec<SitemapEntry>) -> String {
    entries.sort_by(|a, b| a.loc.cmp(&b.loc));
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for entry in entries {
        let _ = write!(xml, "  <url>\n    <loc>{}</loc>\n", escape(&entry.loc));
        if let Some(date) = entry.lastmod {
            let _ = writeln!(xml, "    <lastmod>{date}</lastmod>");
        }
        xml.push_str("  </url>\n");
    }
    xml.push_str("</urlset>\n");
    xml
}

/// One entry of the Atom feed.
pub(crate) struct FeedEntry {
    pub(crate) title: String,
    pub(crate) permalink: String,
    pub(crate) summary: Option<String>,
    pub(crate) published: Option<Date>,
    pub(crate) updated: Date,
}

/// The site's feed for Atom readers.
pub(crate) struct Feed<'a> {
    pub(crate) title: &'a str,
    pub(crate) description: Option<&'a str>,
    /// Absolute URL of the site's home page.
    pub(crate) home: &'a str,
    /// Absolute URL of the feed itself.
    pub(crate) self_url: &'a str,
    pub(crate) language: &'a str,
    /// Who writes the site (Atom requires an author for the feed or each entry).
    pub(crate) author: &'a str,
}

/// How many of the latest pages the feed lists.
pub(crate) const FEED_LIMIT: usize = 20;

/// The Atom document: the newest [`FEED_LIMIT`] entries, newest first.
pub(crate) fn atom(feed: &Feed, mut entries: Vec<FeedEntry>) -> String {
    entries.sort_by(|a, b| {
        b.updated
            .cmp(&a.updated)
            .then_with(|| a.permalink.cmp(&b.permalink))
    });
    entries.truncate(FEED_LIMIT);
    let updated = entries
        .first()
        .map_or_else(|| "1970-01-01".to_string(), |e| e.updated.to_string());
    let mut xml = String::new();
    let _ = write!(
        xml,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n  <title>{}</title>\n",
        escape(feed.language),
        escape(feed.title)
    );
    if let Some(description) = feed.description {
        let _ = writeln!(xml, "  <subtitle>{}</subtitle>", escape(description));
    }
    let _ = write!(
        xml,
        "  <link href=\"{self_url}\" rel=\"self\" type=\"application/atom+xml\"/>\n  <link href=\"{home}\"/>\n  <id>{home}</id>\n  <updated>{updated}T00:00:00Z</updated>\n  <generator>panelpress</generator>\n  <author>\n    <name>{author}</name>\n  </author>\n",
        self_url = escape(feed.self_url),
        home = escape(feed.home),
        author = escape(feed.author),
    );
    for entry in entries {
        let link = escape(&entry.permalink);
        let _ = write!(
            xml,
            "  <entry>\n    <title>{}</title>\n    <link href=\"{link}\"/>\n    <id>{link}</id>\n    <updated>{}T00:00:00Z</updated>\n",
            escape(&entry.title),
            entry.updated
        );
        if let Some(published) = entry.published {
            let _ = writeln!(xml, "    <published>{published}T00:00:00Z</published>");
        }
        if let Some(summary) = entry.summary {
            let _ = writeln!(xml, "    <summary>{}</summary>", escape(&summary));
        }
        xml.push_str("  </entry>\n");
    }
    xml.push_str("</feed>\n");
    xml
}

pub(crate) fn robots(sitemap_url: &str) -> String {
    format!("User-agent: *\nAllow: /\n\nSitemap: {sitemap_url}\n")
}

/// A page at an old URL that sends readers (and search engines) to the new one. A reader
/// following an old link to a section (`/old/#risks`) lands on that section: a script
/// carries the `#fragment` over, which a `refresh` cannot. Without scripts, the `refresh`
/// (inside `<noscript>`, so it never races the script) and a plain link lead to the top of
/// the page.
pub(crate) fn redirect(language: &str, target_url: &str, target_permalink: &str) -> String {
    let url = escape(target_url);
    let permalink = escape(target_permalink);
    let script = script_string(target_url);
    format!(
        "<!doctype html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>Moved to {url}</title>\n<meta name=\"robots\" content=\"noindex\">\n<link rel=\"canonical\" href=\"{permalink}\">\n<script>location.replace({script} + location.hash);</script>\n<noscript><meta http-equiv=\"refresh\" content=\"0; url={url}\"></noscript>\n</head>\n<body>\n<main>\n<h1>This page has moved</h1>\n<p>It is now at <a href=\"{url}\">{permalink}</a>.</p>\n</main>\n</body>\n</html>\n",
        escape(language)
    )
}

/// `text` as a JavaScript string literal that can stand inside a `<script>` element: JSON
/// quoting, with `<` written as `\u003c` so no `</script>` or `<!--` can end or change it.
fn script_string(text: &str) -> String {
    serde_json::Value::from(text)
        .to_string()
        .replace('<', "\\u003c")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redirect_keeps_the_fragment_and_escapes_the_address() {
        let html = redirect("en", "/a/</script><b>\"x\"/", "https://e.org/a/");
        assert!(
            html.contains(
                "<script>location.replace(\"/a/\\u003c/script>\\u003cb>\\\"x\\\"/\" + location.hash);</script>"
            ),
            "{html}"
        );
        assert!(html.contains(
            "<noscript><meta http-equiv=\"refresh\" content=\"0; url=/a/&lt;/script&gt;&lt;b&gt;&quot;x&quot;/\"></noscript>"
        ));
    }

    #[test]
    fn feed_lists_newest_first_and_escapes() {
        let d = |s| Date::parse(s).unwrap();
        let entry = |title: &str, day| FeedEntry {
            title: title.into(),
            permalink: format!("https://e.org/{title}/"),
            summary: Some("A & B".into()),
            published: None,
            updated: d(day),
        };
        let feed = Feed {
            title: "Site",
            description: None,
            home: "https://e.org/",
            self_url: "https://e.org/atom.xml",
            language: "en",
            author: "A & B",
        };
        let xml = atom(
            &feed,
            vec![entry("old", "2020-01-01"), entry("new", "2026-01-01")],
        );
        assert!(xml.find("/new/").unwrap() < xml.find("/old/").unwrap());
        assert!(xml.contains("<updated>2026-01-01T00:00:00Z</updated>\n  <generator>"));
        assert!(xml.contains("A &amp; B"));
    }

    #[test]
    fn sitemap_is_sorted() {
        let xml = sitemap(vec![
            SitemapEntry {
                loc: "https://e.org/b/".into(),
                lastmod: None,
            },
            SitemapEntry {
                loc: "https://e.org/a/".into(),
                lastmod: Date::parse("2026-01-05"),
            },
        ]);
        assert!(xml.find("/a/").unwrap() < xml.find("/b/").unwrap());
        assert!(xml.contains("<lastmod>2026-01-05</lastmod>"));
    }
}
