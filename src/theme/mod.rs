//! The built-in theme: its Tera templates, stylesheet and icon, compiled into the binary so
//! a site with no `templates/` folder builds, and the element ids its pages hold that the
//! Markdown renderer and the link checks must agree with. A site's `templates/` file of
//! the same name replaces a template (see `templates`); `static/style.css` and
//! `static/favicon.svg` replace the other two.
//!
//! This module imports nothing of the crate, so every stage can name these ids.

/// The theme's templates, by name.
pub(crate) const TEMPLATES: &[(&str, &str)] = &[
    ("base.html", include_str!("base.html")),
    ("page.html", include_str!("page.html")),
    ("section.html", include_str!("section.html")),
    ("index.html", include_str!("index.html")),
    ("taxonomy.html", include_str!("taxonomy.html")),
    ("404.html", include_str!("404.html")),
    ("references.html", include_str!("references.html")),
    ("entry.html", include_str!("entry.html")),
    ("search.html", include_str!("search.html")),
];

/// The search box's script, written to `/search.js` when search is on: it asks the search
/// index (`/pagefind/`) as the reader types. Pages work without it (the box is a form that
/// leads to the search page).
pub(crate) const SEARCH_SCRIPT: &str = include_str!("search.js");

/// The theme's stylesheet, written to `/style.css` unless `static/style.css` replaces it.
pub(crate) const STYLESHEET: &str = include_str!("style.css");

/// The theme's icon, written to `/favicon.svg` unless `static/favicon.svg` replaces it.
pub(crate) const FAVICON: &str = include_str!("favicon.svg");

/// The icon phones use for a page saved to the home screen (180 × 180 px, the favicon's
/// design), written to `/apple-touch-icon.png`.
pub(crate) const TOUCH_ICON: &[u8] = include_bytes!("apple-touch-icon.png");

/// Ids the theme's templates write themselves (`references.html`'s heading, `page.html`'s
/// contents title): a heading of a page never takes them, so a link to `#references`
/// always reaches the list.
pub(crate) const RESERVED_IDS: &[&str] = &["references", "toc-title"];

/// What the id of each entry of a References list starts with (`ref-1`): citation marks
/// link to it and `references.html` writes it (from `reference.id`).
pub(crate) const REFERENCE_PREFIX: &str = "ref-";

/// The element id of reference `number` in a page's References list.
pub(crate) fn reference_id(number: usize) -> String {
    format!("{REFERENCE_PREFIX}{number}")
}

/// The element id of the `nth` (1-based) linked citation mark of reference `number` in a
/// page's text: the References list links back to each (`cite-1`, `cite-1-2`).
pub(crate) fn citation_id(number: usize, nth: usize) -> String {
    if nth > 1 {
        format!("cite-{number}-{nth}")
    } else {
        format!("cite-{number}")
    }
}

#[cfg(test)]
mod tests {
    /// The ids named here are the ids the templates write.
    #[test]
    fn the_templates_write_the_reserved_ids() {
        let all: String = super::TEMPLATES.iter().map(|(_, text)| *text).collect();
        for id in super::RESERVED_IDS {
            assert!(all.contains(&format!("id=\"{id}\"")), "{id}");
        }
    }
}
