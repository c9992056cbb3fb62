//! Links: what the build wrote ([`OutputIndex`], read back from the output HTML by
//! [`html::scan`]) and how a link destination resolves against it. The `link/*` rules in
//! `check` use both, for links written in Markdown and links templates add.

use std::borrow::Cow;

pub(crate) mod html;
pub(crate) mod index;
pub(crate) mod percent;

pub(crate) use index::{Ids, OutputIndex, Resolution};

/// One HTML page as written: what the link checks need from it.
#[derive(Debug, Clone)]
pub(crate) struct RenderedPage {
    /// Output file (`compounds/x/index.html`).
    pub(crate) file: String,
    /// Its URL with the base path (`/docs/compounds/x/`).
    pub(crate) url: String,
    /// The page whose Markdown it shows, if any.
    pub(crate) page: Option<usize>,
    /// Its element ids, shared with the [`OutputIndex`].
    pub(crate) ids: Ids,
    /// Every `href`/`src` with its 1-based line and column in the output file.
    pub(crate) links: PageLinks,
}

/// A page's links in document order, held in one buffer: a large site has hundreds of
/// thousands, and with one allocation each, the link checks would spend their time waiting
/// for memory rather than comparing strings.
#[derive(Debug, Clone, Default)]
pub(crate) struct PageLinks {
    text: String,
    links: Vec<LinkEnd>,
}

/// Where a link ends in [`PageLinks`]' text (it starts where the one before ends), and
/// where it is in the output file. In `u32`s, half the room of `usize`s for a site's
/// millions of links: no page's HTML comes near 4 GB.
#[derive(Debug, Clone, Copy)]
struct LinkEnd {
    end: u32,
    line: u32,
    column: u32,
}

impl PageLinks {
    pub(crate) fn clear(&mut self) {
        self.text.clear();
        self.links.clear();
    }

    pub(crate) fn push(&mut self, href: &str, line: usize, column: usize) {
        self.text.push_str(href);
        let narrow = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        self.links.push(LinkEnd {
            end: narrow(self.text.len()),
            line: narrow(line),
            column: narrow(column),
        });
    }

    /// `(href, line, column)` in document order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = (&str, usize, usize)> + '_ {
        let starts = std::iter::once(0).chain(self.links.iter().map(|link| link.end as usize));
        starts.zip(&self.links).map(|(start, link)| {
            (
                &self.text[start..link.end as usize],
                link.line as usize,
                link.column as usize,
            )
        })
    }
}

/// A destination split for checking.
///
/// Borrowed from the link where it can be: a large site's every link on every page comes
/// through here, and almost none needs a copy (no `%`-escape, no `.` segment, not
/// relative).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Destination<'a> {
    /// `http(s)://…`, `mailto:` …: not checked offline beyond syntax.
    External,
    /// A path inside the site (base path removed, `%`-escapes decoded) and a fragment.
    Internal {
        path: Cow<'a, str>,
        fragment: Option<Cow<'a, str>>,
    },
    /// Nothing to check (`javascript:`, `data:`, `tel:` …).
    Skip,
    /// A path outside the base path the site is published under (`/b/`, or `../../b/` from
    /// `/docs/a/`, on a site at `/docs`): where a reader would land instead, on the same
    /// host but not on this site. Markdown links are given the base path when rendered;
    /// raw HTML and templates write their own.
    Outside { path: Cow<'a, str> },
}

/// Splits `href` as it appears on the page at URL `page_url` (both with the base path).
pub(crate) fn classify<'a>(href: &'a str, page_url: &'a str, base_path: &str) -> Destination<'a> {
    let href = trim_url(href);
    if href.starts_with("//") {
        return Destination::External;
    }
    if let Some(colon) = href.find(':') {
        let scheme = &href[..colon];
        if !scheme.contains(['/', '?', '#']) {
            let external = ["http", "https", "mailto", "ftp"]
                .iter()
                .any(|known| scheme.eq_ignore_ascii_case(known));
            return if external {
                Destination::External
            } else {
                Destination::Skip
            };
        }
    }
    let (before_fragment, fragment) = match href.split_once('#') {
        Some((path, fragment)) => (path, Some(percent::decode_lossy(fragment))),
        None => (href, None),
    };
    let path = before_fragment.split('?').next().unwrap_or("");
    let path = if path.is_empty() {
        site_path(page_url, base_path)
    } else if path.starts_with('/') {
        site_path(path, base_path)
    } else {
        let folder = &page_url[..page_url.rfind('/').map_or(0, |i| i + 1)];
        let owned = |path: Cow<'_, str>| Cow::Owned(path.into_owned());
        site_path(&format!("{folder}{path}"), base_path)
            .map(owned)
            .map_err(owned)
    };
    match path {
        Ok(path) => Destination::Internal { path, fragment },
        Err(path) => Destination::Outside { path },
    }
}

/// Root-relative `absolute` as a path inside the site: `%`-escapes decoded, `.` and `..`
/// segments resolved, base path removed (`/docs/a/` → `/a/` under `/docs`). `Err` with
/// the resolved path when it is not under the base path.
fn site_path<'a>(absolute: &'a str, base_path: &str) -> Result<Cow<'a, str>, Cow<'a, str>> {
    let path = normalize(percent::decode_lossy(absolute));
    if base_path.is_empty() {
        return Ok(path);
    }
    // The base path read as the link is (`/my%20docs` is `/my docs`); most need nothing.
    let base = if base_path.contains(['%', '.']) {
        normalize(percent::decode_lossy(base_path))
    } else {
        Cow::Borrowed(base_path)
    };
    let base = base.trim_end_matches('/');
    if base.is_empty() {
        return Ok(path);
    }
    let under_base = |path: &str| -> Option<usize> {
        let rest = path.strip_prefix(base)?;
        (rest.is_empty() || rest.starts_with('/')).then_some(base.len())
    };
    let Some(cut) = under_base(&path) else {
        return Err(path);
    };
    Ok(match path {
        Cow::Borrowed(path) if path.len() == cut => Cow::Borrowed("/"),
        Cow::Borrowed(path) => Cow::Borrowed(&path[cut..]),
        Cow::Owned(path) if path.len() == cut => Cow::Borrowed("/"),
        Cow::Owned(path) => Cow::Owned(path[cut..].to_string()),
    })
}

/// Removes `.` and `..` segments (never above the root).
fn normalize(path: Cow<'_, str>) -> Cow<'_, str> {
    // Most paths are normal already: kept, not rebuilt. (A two-byte window, not
    // `contains("//")`, which sets up a substring searcher for every link.)
    let normal = path.starts_with('/')
        && !path.as_bytes().windows(2).any(|pair| pair == b"//")
        && !path.split('/').any(|part| part == "." || part == "..");
    if normal {
        return path;
    }
    Cow::Owned(rebuild(&path))
}

/// `path` rebuilt from its segments, without `.` and `..`.
fn rebuild(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            other => parts.push(other),
        }
    }
    let mut normalized = format!("/{}", parts.join("/"));
    if path.ends_with('/') && normalized.len() > 1 {
        normalized.push('/');
    }
    normalized
}

/// `href` without what a browser's URL parser strips from its ends: ASCII spaces and
/// control characters, not other spaces (an id may end in a no-break space).
pub(crate) fn trim_url(href: &str) -> &str {
    href.trim_matches(|c: char| c <= ' ')
}

/// Why an external URL's syntax is wrong, if it is (checked offline, always).
pub(crate) fn external_syntax(url: &str) -> Option<String> {
    if crate::text::has_whitespace(url) {
        return Some("the URL contains a space".into());
    }
    // Compared without case and without lowercasing a copy: every page's every URL
    // comes through here.
    let starts = |prefix: &str| {
        url.get(..prefix.len())
            .is_some_and(|start| start.eq_ignore_ascii_case(prefix))
    };
    let rest = if starts("http://") {
        &url["http://".len()..]
    } else if starts("https://") {
        &url["https://".len()..]
    } else if starts("http:") || starts("https:") {
        return Some("write `http://` or `https://` with two slashes".into());
    } else {
        return None;
    };
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host = host.rsplit('@').next().unwrap_or(host);
    let name = host.split(':').next().unwrap_or(host);
    // Messages show the host name in lower case.
    let shown = || name.to_ascii_lowercase();
    if name.is_empty() {
        return Some("the URL has no host name".into());
    }
    if !name.starts_with('[')
        && !name
            .bytes()
            .all(|c| c.is_ascii_alphanumeric() || c == b'-' || c == b'.')
    {
        return Some(format!("`{}` is not a valid host name", shown()));
    }
    if !name.contains('.') && !name.eq_ignore_ascii_case("localhost") && !name.starts_with('[') {
        return Some(format!("`{}` is not a full host name (no domain)", shown()));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn internal<'a>(path: &'a str, fragment: Option<&'a str>) -> Destination<'a> {
        Destination::Internal {
            path: path.into(),
            fragment: fragment.map(Cow::Borrowed),
        }
    }

    #[test]
    fn classifies_destinations() {
        let page = "/docs/compounds/x/";
        assert_eq!(
            classify("https://example.org", page, "/docs"),
            Destination::External
        );
        assert_eq!(
            classify("mailto:a@b.org", page, "/docs"),
            Destination::External
        );
        assert_eq!(
            classify("javascript:void(0)", page, "/docs"),
            Destination::Skip
        );
        assert_eq!(
            classify("#risks", page, "/docs"),
            internal("/compounds/x/", Some("risks"))
        );
        assert_eq!(
            classify("/docs/a/?q=1#f", page, "/docs"),
            internal("/a/", Some("f"))
        );
        assert_eq!(
            classify("../y/", page, "/docs"),
            internal("/compounds/y/", None)
        );
        assert_eq!(
            classify("/docs/img/a%20b.png", page, "/docs"),
            internal("/img/a b.png", None)
        );
        assert_eq!(classify("/docs", page, "/docs"), internal("/", None));
    }

    /// On a site published under `/docs`, a root-relative link without it, or a relative
    /// one that climbs out of it, leads off the site; on a site at the root, `..` stops at
    /// the root as a browser's does.
    #[test]
    fn links_off_the_base_path_are_outside() {
        let page = "/docs/compounds/x/";
        let outside = |path: &'static str| Destination::Outside { path: path.into() };
        assert_eq!(classify("/b/", page, "/docs"), outside("/b/"));
        assert_eq!(classify("/docsb/", page, "/docs"), outside("/docsb/"));
        assert_eq!(classify("../../../b/#f", page, "/docs"), outside("/b/"));
        assert_eq!(classify("/docs/../b/", page, "/docs"), outside("/b/"));
        assert_eq!(classify("../../b/", page, "/docs"), internal("/b/", None));
        assert_eq!(
            classify("../../../../b/", "/compounds/x/", ""),
            internal("/b/", None)
        );
        // A base path with an escape or a `.` segment is read as a link is.
        let page = "/my%20docs/x/";
        assert_eq!(
            classify("/my%20docs/b/", page, "/my%20docs"),
            internal("/b/", None)
        );
        assert_eq!(classify("../b/", page, "/my%20docs"), internal("/b/", None));
        assert_eq!(classify("/b/", page, "/my%20docs"), outside("/b/"));
        assert_eq!(
            classify("/docs/b/", "/docs/x/", "/docs/."),
            internal("/b/", None)
        );
    }

    #[test]
    fn normal_paths_are_copied_as_rebuilding_them_would_write_them() {
        for path in [
            "/",
            "/a",
            "/a/",
            "/a/b/index.html",
            "",
            "a/b",
            "/a//b",
            "/a/./b",
            "/a/../b/",
            "/../x",
            "/.",
            "/a/b/..",
            "/a.b/c..d/",
        ] {
            assert_eq!(normalize(path.into()), rebuild(path), "{path}");
        }
    }

    #[test]
    fn any_whitespace_in_a_url_is_a_space() {
        for url in [
            "https://a.org/x y",
            "https://a.org/x\ty",
            "https://a.org/x\u{b}y",
            "https://a.org/é\u{a0}",
        ] {
            assert_eq!(
                external_syntax(url).as_deref(),
                Some("the URL contains a space"),
                "{url:?}"
            );
        }
        assert_eq!(external_syntax("https://a.org/x-y_z~"), None);
    }

    #[test]
    fn names_the_host_in_lower_case_whatever_the_url_case() {
        assert_eq!(
            external_syntax("HTTPS://Ex_Ample.ORG/x").as_deref(),
            Some("`ex_ample.org` is not a valid host name")
        );
        assert_eq!(
            external_syntax("Http://Intranet/x").as_deref(),
            Some("`intranet` is not a full host name (no domain)")
        );
        assert_eq!(external_syntax("HTTP://LOCALHOST:8080/"), None);
        assert_eq!(
            external_syntax("HTTPS:example.org").as_deref(),
            Some("write `http://` or `https://` with two slashes")
        );
        assert_eq!(external_syntax("mailto:a@b.org"), None);
    }

    #[test]
    fn checks_external_syntax() {
        assert_eq!(external_syntax("https://example.org/a?b#c"), None);
        assert_eq!(external_syntax("http://localhost:8080/"), None);
        assert!(external_syntax("https://exa mple.org").is_some());
        assert!(external_syntax("https:///path").is_some());
        assert!(external_syntax("https:example.org").is_some());
        assert!(external_syntax("https://example").is_some());
        assert!(external_syntax("https://ex_ample.org").is_some());
    }
}
