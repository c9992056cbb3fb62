//! The help of a link finding: the name the writer most likely meant (a typo, or a page
//! renamed with more words), or why the target is missing when it is a draft. Apart from
//! the rule in `links` because finding a near name is a question of its own, with its own
//! bounds: a large site must not pay for it link by link.

use super::SiteView;
use crate::content::Page;
use crate::text::edit_distance;

/// What a Markdown link names: the site file of a relative `.md` link
/// (`content/compounds/x.md`), and the site path the link leads to (`/compounds/x/`).
pub(super) struct Names<'l> {
    pub(super) file: Option<&'l str>,
    pub(super) path: Option<&'l str>,
}

/// The help of a broken Markdown link, where the Markdown says more than the address: the
/// target is a draft (by its file or its address), or the page whose file name is nearest.
pub(super) fn broken_help(
    site: &SiteView,
    page: &Page,
    link: &crate::markdown::analysis::LinkUse,
    names: Names,
) -> Option<String> {
    let by_file = names
        .file
        .and_then(|file| file.strip_prefix("content/"))
        .and_then(|rel| site.drafts.iter().find(|draft| draft.rel == rel));
    let by_path = || {
        let key = crate::changes::url_key(names.path?);
        site.drafts
            .iter()
            .find(|draft| crate::changes::url_key(&draft.url) == key)
    };
    if let Some(draft) = by_file.or_else(by_path) {
        let name = draft.rel.rsplit('/').next().unwrap_or(&draft.rel);
        return Some(format!(
            "`{name}` is a draft: it is not published; remove `draft: true` or the link"
        ));
    }
    let is_markdown = link
        .dest
        .split(['#', '?'])
        .next()
        .is_some_and(|p| p.ends_with(".md"));
    is_markdown.then(|| match nearest_page(site.pages, page, &link.dest) {
        Some(near) => format!("did you mean `{near}`?"),
        None => "no page has a similar file name: check the name, or the page was moved or deleted"
            .to_string(),
    })
}

/// How like `wanted` a name is, when like enough to be what the writer meant; smaller is
/// nearer. A typo (an edit distance within one edit per `looseness` characters of the
/// longer name, and at least `floor`) comes before a renamed page that kept the old name as
/// whole words at its start or end (`bpc-157` → `bpc-157-explained`, `dosing` →
/// `peptide-dosing`). Names whose lengths differ by more than a typo allows are not
/// compared letter by letter, so a suggestion costs little on a large site.
fn likeness(
    name: &str,
    wanted: &str,
    (looseness, floor): (usize, usize),
) -> Option<(usize, usize)> {
    let allowed = (name.len().max(wanted.len()) / looseness).max(floor);
    if name.len().abs_diff(wanted.len()) <= allowed {
        let distance = edit_distance(name, wanted);
        if distance <= allowed {
            return Some((0, distance));
        }
    }
    let (long, short) = if name.len() > wanted.len() {
        (name, wanted)
    } else {
        (wanted, name)
    };
    let whole_words = |rest: Option<&str>, at_start: bool| {
        rest.is_some_and(|rest| {
            if at_start {
                rest.starts_with(['-', '_'])
            } else {
                rest.ends_with(['-', '_'])
            }
        })
    };
    let kept = short.len() >= 3
        && (whole_words(long.strip_prefix(short), true)
            || whole_words(long.strip_suffix(short), false));
    kept.then(|| (1, long.len() - short.len()))
}

/// The candidate nearest to `wanted` (see [`likeness`]). `looseness` is how many
/// characters of the longer string may differ per edit allowed (2 for anchors, which
/// writers abbreviate; 3 for page names, which they mistype).
pub(super) fn nearest<S: AsRef<str>>(
    candidates: &[S],
    wanted: &str,
    looseness: usize,
) -> Option<String> {
    candidates
        .iter()
        .filter_map(|c| Some((likeness(c.as_ref(), wanted, (looseness, 2))?, c.as_ref())))
        .min()
        .map(|(_, c)| c.to_string())
}

/// The page address (`/compounds/x/`) nearest to `wanted`: by its last part, where a typo
/// or a rename is, then by the whole address to break ties.
pub(super) fn nearest_path(candidates: &[String], wanted: &str) -> Option<String> {
    let last = |path: &str| {
        let path = path.trim_end_matches('/');
        path.rsplit('/').next().unwrap_or(path).to_string()
    };
    let wanted_last = last(wanted);
    candidates
        .iter()
        .filter_map(|c| {
            // Whole addresses are compared only for the few whose last parts are alike.
            let likeness = likeness(&last(c), &wanted_last, (3, 2))?;
            Some((likeness, edit_distance(c, wanted), c.as_str()))
        })
        .min()
        .map(|(.., c)| c.to_string())
}

/// For a broken `.md` link: the existing page whose file is nearest, as a path relative
/// to the linking page (what the writer would type).
fn nearest_page(pages: &[Page], from: &Page, dest: &str) -> Option<String> {
    let folder = from.rel.rsplit_once('/').map_or("", |(dir, _)| dir);
    let wanted_path = dest.split(['#', '?']).next().unwrap_or(dest);
    let wanted = crate::markdown::links::resolve(folder, wanted_path)?;
    let stem = |rel: &str| {
        rel.rsplit('/')
            .next()
            .unwrap_or(rel)
            .trim_end_matches(".md")
            .to_string()
    };
    let wanted_stem = stem(&wanted);
    // File names are compared (a typo or a rename is in the name), then whole paths
    // break ties.
    let near = pages
        .iter()
        .filter_map(|p| {
            let likeness = likeness(&stem(&p.rel), &wanted_stem, (3, 1))?;
            Some((likeness, edit_distance(&p.rel, &wanted), p.rel.as_str()))
        })
        .min()?
        .2;
    let fragment = dest.find('#').map_or("", |i| &dest[i..]);
    Some(format!("{}{fragment}", relative(folder, near)))
}

/// `target` (a path inside `content/`) as seen from folder `from`.
fn relative(from: &str, target: &str) -> String {
    let from: Vec<&str> = from.split('/').filter(|p| !p.is_empty()).collect();
    let to: Vec<&str> = target.split('/').collect();
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    let mut parts: Vec<&str> = vec![".."; from.len() - common];
    parts.extend(&to[common..]);
    parts.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths_climb_and_descend() {
        assert_eq!(
            relative("compounds", "compounds/igf-1-lr3.md"),
            "igf-1-lr3.md"
        );
        assert_eq!(
            relative("compounds", "guides/labels.md"),
            "../guides/labels.md"
        );
        assert_eq!(relative("", "about.md"), "about.md");
    }

    #[test]
    fn suggests_only_near_candidates() {
        let ids = ["how-potent-is-it", "risks"];
        assert_eq!(
            nearest(&ids, "how-potent-is-t", 2).as_deref(),
            Some("how-potent-is-it")
        );
        assert_eq!(nearest(&ids, "completely-different-words", 2), None);
    }

    /// A page renamed with more words is suggested, after any typo; a shared word that is
    /// not the whole old name at the start or end is not enough.
    #[test]
    fn a_renamed_page_that_kept_the_old_name_is_near() {
        let paths = ["/bpc-157-explained/".to_string(), "/tb-500/".to_string()];
        assert_eq!(
            nearest_path(&paths, "/bpc-157/").as_deref(),
            Some("/bpc-157-explained/")
        );
        assert_eq!(
            nearest_path(&paths, "/compounds/tb-50/").as_deref(),
            Some("/tb-500/")
        );
        assert_eq!(nearest_path(&paths, "/peptides/"), None);
        assert_eq!(
            nearest(&["peptide-dosing"], "dosing", 2).as_deref(),
            Some("peptide-dosing")
        );
        assert_eq!(nearest(&["dosing-guide"], "dos", 2), None);
        assert!(
            likeness("bpc-157-explaned", "bpc-157-explained", (3, 1))
                < likeness("bpc-157", "bpc-157-explained", (3, 1))
        );
    }
}
