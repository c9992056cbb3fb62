//! Link destinations written in Markdown, rewritten for the output: a relative
//! link to a `.md` file becomes the target page's URL (keeping `?query` and `#fragment`), so
//! links work both on the site and in GitHub's file view; other relative links (images in
//! a page bundle) become root-relative, because a page's URL is one folder deeper than its
//! file; root-relative links get the site's base path. External links are left alone.

use crate::content::url_for_rel;
/// Every page's path inside `content/` → its URL. Looked up for every `.md` link of every
/// page: a fast hash, not SipHash (no untrusted keys here).
pub type PageUrls = rustc_hash::FxHashMap<String, String>;

/// What a page's links resolve against.
#[derive(Debug, Clone, Copy)]
pub struct LinkContext<'a> {
    /// The page's path inside `content/` (`compounds/x.md`).
    pub page_rel: &'a str,
    /// Every page's path inside `content/` → its URL.
    pub pages: &'a PageUrls,
    /// Prefix for root-relative URLs (`""` or `/docs`).
    pub base_path: &'a str,
}

impl LinkContext<'_> {
    /// The href to write for `dest`, or `None` to keep it as written.
    pub(crate) fn rewrite(&self, dest: &str) -> Option<String> {
        let dest = dest.trim();
        if dest.is_empty() || dest.starts_with('#') || dest.starts_with("//") || has_scheme(dest) {
            return None;
        }
        if dest.starts_with('/') {
            return (!self.base_path.is_empty()).then(|| format!("{}{dest}", self.base_path));
        }
        let split = dest.find(['?', '#']).unwrap_or(dest.len());
        let (path, suffix) = dest.split_at(split);
        let url = if path.ends_with(".md") {
            let resolved = resolve(
                parent(self.page_rel),
                &crate::links::percent::decode_lossy(path),
            )?;
            match self.pages.get(&resolved) {
                Some(url) => url.clone(),
                None => url_for_rel(&resolved),
            }
        } else {
            self.asset_url(path)?
        };
        Some(format!("{}{url}{suffix}", self.base_path))
    }

    /// A relative link to a file or folder: the same path from the output root.
    fn asset_url(&self, path: &str) -> Option<String> {
        let resolved = resolve(parent(self.page_rel), path)?;
        Some(if resolved.is_empty() {
            "/".to_string()
        } else if path.ends_with('/') {
            format!("/{resolved}/")
        } else {
            format!("/{resolved}")
        })
    }
}

/// `mailto:`, `https:`, `tel:` …: a scheme is letters before the first `:` and no `/`.
fn has_scheme(dest: &str) -> bool {
    match dest.find(':') {
        Some(colon) => {
            let scheme = &dest[..colon];
            !scheme.is_empty()
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        }
        None => false,
    }
}

fn parent(rel: &str) -> &str {
    rel.rsplit_once('/').map_or("", |(dir, _)| dir)
}

/// Joins `path` onto folder `dir` and removes `.` and `..`; `None` when it climbs above
/// `content/` (such a link is left for the link checker to report).
pub(crate) fn resolve(dir: &str, path: &str) -> Option<String> {
    let mut parts: Vec<&str> = dir.split('/').filter(|p| !p.is_empty()).collect();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            _ => parts.push(part),
        }
    }
    Some(parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rewrite(base_path: &str, dest: &str) -> Option<String> {
        let pages: PageUrls = [
            (
                "guides/reading-labels.md".to_string(),
                "/guides/reading-labels/".to_string(),
            ),
            (
                "compounds/x.md".to_string(),
                "/compounds/renamed/".to_string(),
            ),
            ("_index.md".to_string(), "/".to_string()),
        ]
        .into_iter()
        .collect();
        let context = LinkContext {
            page_rel: "compounds/x.md",
            pages: &pages,
            base_path,
        };
        context.rewrite(dest)
    }

    #[test]
    fn rewrites_markdown_links_to_page_urls() {
        let cases = [
            (
                "../guides/reading-labels.md#what-a-label-promises",
                "/guides/reading-labels/#what-a-label-promises",
            ),
            ("x.md", "/compounds/renamed/"),
            ("./x.md?print=1#top", "/compounds/renamed/?print=1#top"),
            ("../_index.md", "/"),
            ("missing.md", "/compounds/missing/"),
            ("_index.md", "/compounds/"),
            ("vial.png", "/compounds/vial.png"),
            ("../img/a%20b.png", "/img/a%20b.png"),
        ];
        for (dest, href) in cases {
            assert_eq!(rewrite("", dest).as_deref(), Some(href), "{dest}");
        }
    }

    #[test]
    fn leaves_external_fragment_and_escaping_links_alone() {
        for dest in [
            "https://example.org/a.md",
            "mailto:a@b.org",
            "#risks",
            "//cdn.example/x",
            "../../outside.md",
            "",
        ] {
            assert_eq!(rewrite("", dest), None, "{dest}");
        }
        assert_eq!(rewrite("", "/compounds/"), None);
    }

    #[test]
    fn prefixes_the_base_path() {
        assert_eq!(
            rewrite("/docs", "/compounds/").as_deref(),
            Some("/docs/compounds/")
        );
        assert_eq!(
            rewrite("/docs", "x.md#a").as_deref(),
            Some("/docs/compounds/renamed/#a")
        );
    }
}
