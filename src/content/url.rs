//! The URL scheme: `content/a/b.md` → `/a/b/`, `content/a/_index.md` → `/a/`,
//! and a page bundle `content/a/b/index.md` → `/a/b/`, with `slug` replacing the last part.

/// The URL of the page at `rel` (a path inside `content/`), or an error message when the
/// `slug` cannot be a URL part.
pub(crate) fn page_url(rel: &str, slug: Option<&str>) -> Result<String, String> {
    let (dir, file) = rel.rsplit_once('/').unwrap_or(("", rel));
    let stem = file.trim_end_matches(".md");
    if let Some(slug) = slug {
        // `.` and `..` would name the folder itself or its parent: the page would replace
        // its section's page, or the home page.
        if slug.is_empty()
            || slug.contains(['/', '\\', '?', '#'])
            || slug.trim() != slug
            || slug == "."
            || slug == ".."
            || slug == "index.html"
        {
            return Err(format!(
                "`slug: {slug}` cannot be part of a URL: it must be a non-empty name without \
                 `/`, `?`, `#` or surrounding spaces, and not `.`, `..` or `index.html`"
            ));
        }
    }
    let mut parts: Vec<&str> = dir.split('/').filter(|p| !p.is_empty()).collect();
    match stem {
        "_index" => {}
        "index" => {
            if let (Some(slug), Some(last)) = (slug, parts.last_mut()) {
                *last = slug;
            }
        }
        _ => parts.push(slug.unwrap_or(stem)),
    }
    Ok(folder_url(&parts.join("/")))
}

/// Whether `alias` names a place inside the site's output: no `.` or `..` segment (the
/// redirect page would be written beside or above the output folder), no `\\`, `?`, `#`
/// or `:` (a web address, a query or a fragment is not a file), and something to name.
/// The longest name, in bytes, a folder or file of the output can have: what common file
/// systems (ext4, APFS, NTFS) hold in one path segment.
pub(crate) const MAX_NAME_BYTES: usize = 255;

/// Why `name`, one segment of a path the output writes (a slug, a tag's folder, a part of
/// an alias), cannot be a folder name on disk, if it cannot: too long, or holding a control
/// character such as NUL. `check` reports it where the name is written rather than leaving
/// the build to fail with the file system's error.
pub(crate) fn unwritable_name(name: &str) -> Option<String> {
    if name.contains(char::is_control) {
        return Some("holds a control character (such as NUL), which no file name can".into());
    }
    (name.len() > MAX_NAME_BYTES).then(|| {
        format!(
            "is {} bytes long, and a file name holds at most {MAX_NAME_BYTES}",
            name.len()
        )
    })
}

pub(crate) fn is_site_path(alias: &str) -> bool {
    let alias = alias.trim();
    !alias.is_empty()
        && !alias.contains(['\\', '?', '#', ':'])
        && !alias.contains(char::is_control)
        && alias.split('/').all(|part| part != "." && part != "..")
}

/// The URL a page at `rel` would have without a `slug` (for links to pages that do not
/// exist, which the link checker reports).
pub(crate) fn url_for_rel(rel: &str) -> String {
    page_url(rel, None).unwrap_or_else(|_| folder_url(rel.trim_end_matches(".md")))
}

/// `/a/b/` for the folder `a/b`, `/` for the root.
pub(crate) fn folder_url(dir: &str) -> String {
    if dir.is_empty() {
        "/".into()
    } else {
        format!("/{dir}/")
    }
}

/// The file a URL is written to, relative to the output folder: `/a/` → `a/index.html`;
/// a URL naming a file (`/404.html`) is that file.
pub(crate) fn output_file(url: &str) -> String {
    let path = url.trim_start_matches('/');
    if path.is_empty() || path.ends_with('/') {
        format!("{path}index.html")
    } else if path
        .rsplit('/')
        .next()
        .is_some_and(|last| last.contains('.'))
    {
        path.to_string()
    } else {
        format!("{path}/index.html")
    }
}

/// A URL-safe name for a tag: lowercase letters and digits, other runs become one `-`.
pub(crate) fn slugify(name: &str) -> String {
    let mut slug = String::new();
    for c in name.trim().chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            slug.push(c);
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    while slug.ends_with('-') {
        slug.pop();
    }
    slug
}

/// A title for a folder or file with none: `reading-labels` → `Reading labels`.
pub(crate) fn humanize(name: &str) -> String {
    let spaced = name.replace(['-', '_'], " ");
    let mut chars = spaced.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_the_disk_cannot_hold_are_unwritable() {
        assert_eq!(unwritable_name("ok-name"), None);
        assert_eq!(unwritable_name(&"a".repeat(MAX_NAME_BYTES)), None);
        assert!(unwritable_name(&"a".repeat(MAX_NAME_BYTES + 1)).is_some());
        assert!(unwritable_name(&"\u{e9}".repeat(128)).is_some());
        assert!(unwritable_name("nul\0here").is_some());
        assert!(unwritable_name("tab\there").is_some());
    }

    #[test]
    fn maps_files_to_urls() {
        let cases = [
            ("_index.md", None, "/"),
            ("about.md", None, "/about/"),
            ("compounds/_index.md", None, "/compounds/"),
            ("compounds/igf-1-lr3.md", None, "/compounds/igf-1-lr3/"),
            ("compounds/igf-1-lr3.md", Some("igf"), "/compounds/igf/"),
            ("compounds/bpc/index.md", None, "/compounds/bpc/"),
            (
                "compounds/bpc/index.md",
                Some("bpc-157"),
                "/compounds/bpc-157/",
            ),
        ];
        for (rel, slug, url) in cases {
            assert_eq!(page_url(rel, slug).unwrap(), url, "{rel} {slug:?}");
        }
        assert!(page_url("a.md", Some("a/b")).is_err());
        assert!(page_url("a.md", Some("")).is_err());
        assert!(page_url("a/b.md", Some("..")).is_err());
        assert!(page_url("a/b/index.md", Some(".")).is_err());
        assert!(page_url("a/b.md", Some("index.html")).is_err());
    }

    #[test]
    fn an_alias_must_stay_inside_the_site() {
        for good in ["/old/", "old/page", "/legacy.html", "/a/b.c/"] {
            assert!(is_site_path(good), "{good}");
        }
        for bad in [
            "../../victim/",
            "/../x/",
            "/a/./b/",
            "/a/..",
            "",
            "https://example.org/x/",
            "/a\\b/",
            "/a?b",
            "/a#b",
            "/old\0x/",
        ] {
            assert!(!is_site_path(bad), "{bad}");
        }
    }

    #[test]
    fn maps_urls_to_output_files() {
        assert_eq!(output_file("/"), "index.html");
        assert_eq!(output_file("/a/b/"), "a/b/index.html");
        assert_eq!(output_file("/old-page"), "old-page/index.html");
        assert_eq!(output_file("/404.html"), "404.html");
    }

    #[test]
    fn slugifies_tags_and_humanizes_names() {
        assert_eq!(slugify("Growth factors"), "growth-factors");
        assert_eq!(slugify(" IGF-1 / LR3! "), "igf-1-lr3");
        assert_eq!(humanize("reading-labels"), "Reading labels");
    }
}
