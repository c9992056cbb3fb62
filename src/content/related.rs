//! Site-wide lists worked out from the tree for the theme: the newest pages for the home
//! page, for each page the pages sharing its tags, and a long section's pages A–Z. Input:
//! the pages and their tags' page lists; output: page indexes in the order shown.

use super::{Date, Page};
use rayon::prelude::*;
use std::cmp::{Ordering, Reverse};

/// How many pages the home page lists as the latest.
pub(crate) const LATEST: usize = 8;

/// How many related pages a page lists.
pub(crate) const RELATED: usize = 5;

/// How many of a tag's pages (the first, in reading order) a page takes as candidates.
/// A tag on every page would otherwise make the work grow with the square of the site.
/// A candidate's shared tags are then counted in full, so a page met through a rare tag
/// ranks by everything it shares.
const PER_TAG: usize = 100;

/// When a page last changed: `updated`, else `date`.
fn changed(page: &Page) -> Option<Date> {
    page.meta.updated.or(page.meta.date)
}

/// Newest first (undated last), then by title, then by URL so the order is total.
fn newest_first(a: &Page, b: &Page) -> Ordering {
    changed(b)
        .cmp(&changed(a))
        .then_with(|| a.title_ref().cmp(&b.title_ref()))
        .then_with(|| a.url.cmp(&b.url))
}

/// The [`LATEST`] newest of `listed` (pages listed in a section, not section pages).
pub(crate) fn latest(pages: &[Page], listed: impl Iterator<Item = usize>) -> Vec<usize> {
    let mut all: Vec<usize> = listed.collect();
    let order = |a: &usize, b: &usize| newest_first(&pages[*a], &pages[*b]);
    if all.len() > LATEST {
        all.select_nth_unstable_by(LATEST - 1, order);
        all.truncate(LATEST);
    }
    all.sort_by(order);
    all
}

/// For each page, up to [`RELATED`] other pages sharing a tag with it: most shared tags
/// first, then newest, then title. `page_terms[i]` are page `i`'s tags and `term_pages[t]`
/// each tag's pages in reading order.
pub(crate) fn related(
    pages: &[Page],
    page_terms: &[Vec<usize>],
    term_pages: &[&[usize]],
) -> Vec<Vec<usize>> {
    // Each page's place in the newest-first order, so ranking a candidate compares numbers.
    let mut newest: Vec<usize> = (0..pages.len()).collect();
    newest.par_sort_by(|&a, &b| newest_first(&pages[a], &pages[b]));
    let mut rank = vec![0; pages.len()];
    for (place, &i) in newest.iter().enumerate() {
        rank[i] = place;
    }
    let lists = Lists {
        page_terms,
        term_pages,
        rank: &rank,
    };
    // `seen[j]` is the last page (counted from 1) that met page `j` as a candidate: one
    // buffer per worker, never cleared.
    (0..pages.len())
        .into_par_iter()
        .map_init(|| vec![0; pages.len()], |seen, i| lists.of(i, seen))
        .collect()
}

/// What [`related`] reads for every page.
struct Lists<'a> {
    page_terms: &'a [Vec<usize>],
    term_pages: &'a [&'a [usize]],
    rank: &'a [usize],
}

impl Lists<'_> {
    /// Page `i`'s related pages.
    fn of(&self, i: usize, seen: &mut [usize]) -> Vec<usize> {
        let mut own = self.page_terms[i].clone();
        own.sort_unstable();
        seen[i] = i + 1;
        // The best so far as (shared tags, newest-first place, page), best first.
        let mut best: Vec<(Reverse<usize>, usize, usize)> = Vec::with_capacity(RELATED + 1);
        for &t in &self.page_terms[i] {
            for &j in self.term_pages[t].iter().take(PER_TAG) {
                if seen[j] == i + 1 {
                    continue;
                }
                seen[j] = i + 1;
                let shared = self.page_terms[j]
                    .iter()
                    .filter(|t| own.binary_search(t).is_ok())
                    .count();
                let key = (Reverse(shared), self.rank[j], j);
                if best.len() == RELATED && best.last().is_some_and(|last| *last <= key) {
                    continue;
                }
                let at = best.partition_point(|b| *b < key);
                best.insert(at, key);
                best.truncate(RELATED);
            }
        }
        best.into_iter().map(|(_, _, j)| j).collect()
    }
}

/// `listed` A–Z by title, ignoring case, grouped by first letter: `A`–`Z`, then `#` for
/// titles not starting with a Latin letter. Ties keep `listed`'s order.
pub(crate) fn by_letter(pages: &[Page], listed: &[usize]) -> Vec<(char, Vec<usize>)> {
    let mut keyed: Vec<(char, String, usize)> = listed
        .iter()
        .map(|&i| {
            let title = pages[i].title_ref().to_lowercase();
            let first = title.chars().next().unwrap_or('#').to_ascii_uppercase();
            let letter = if first.is_ascii_uppercase() {
                first
            } else {
                '#'
            };
            (letter, title, i)
        })
        .collect();
    keyed.sort_by(|a, b| (a.0 == '#', a.0, &a.1).cmp(&(b.0 == '#', b.0, &b.1)));
    let mut groups: Vec<(char, Vec<usize>)> = Vec::new();
    for (letter, _, i) in keyed {
        match groups.last_mut() {
            Some((last, group)) if *last == letter => group.push(i),
            _ => groups.push((letter, vec![i])),
        }
    }
    groups
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::SiteTree;

    fn page(rel: &str, yaml: &str) -> Page {
        crate::content::tree::tests::page_with(rel, yaml)
    }

    /// A tag on more pages than [`PER_TAG`] offers only its first ones as candidates, so
    /// each page's work is bounded; a page met through a rarer tag counts all it shares.
    #[test]
    fn a_common_tag_counts_only_its_first_pages() {
        let mut pages: Vec<Page> = (0..PER_TAG + 100)
            .map(|n| page(&format!("a/p{n:04}.md"), "tags: [all]"))
            .collect();
        pages.push(page("a/x1.md", "tags: [all, rare]"));
        pages.push(page("a/x2.md", "tags: [all, rare]"));
        let (tree, _) = SiteTree::build(&pages, &[]);
        let titles = |i: usize| -> Vec<String> {
            tree.related[i]
                .iter()
                .map(|&j| pages[j].rel.clone())
                .collect()
        };
        let x1 = pages.len() - 2;
        assert_eq!(
            titles(x1),
            [
                "a/x2.md",
                "a/p0000.md",
                "a/p0001.md",
                "a/p0002.md",
                "a/p0003.md"
            ]
        );
        // A page past the cap of the common tag is nobody's candidate through it.
        let last = PER_TAG + 99;
        assert!(tree.related.iter().all(|r| !r.contains(&last)));
        assert_eq!(tree.related[last].len(), RELATED);
    }

    #[test]
    fn latest_is_newest_by_updated_or_date_then_title() {
        let pages = vec![
            page("a/b.md", "date: 2020-01-01"),
            page("a/a.md", "date: 2020-01-01"),
            page("a/c.md", "date: 2019-01-01\nupdated: 2025-01-01"),
            page("a/d.md", ""),
        ];
        let order: Vec<&str> = latest(&pages, 0..4)
            .into_iter()
            .map(|i| pages[i].rel.as_str())
            .collect();
        assert_eq!(order, ["a/c.md", "a/a.md", "a/b.md", "a/d.md"]);
    }
}
