//! `link/broken`, `link/missing-anchor`, `link/malformed`, `link/alias`: every link and
//! image, written in Markdown or added by a template, resolved against what the build
//! produced (output files and element ids), so a reader never follows a link into a 404
//! or to the top of the wrong page. Markdown links are reported at their Markdown line;
//! template links at the template line that writes them, else at the output page.

use super::link_help::{broken_help, nearest, nearest_path, Names};
use super::{at, Built, Rule, SiteView, PAGES_PER_RUN};
use crate::content::Page;
use crate::diagnostics::{Code, Diagnostic, Position};
use crate::links::{classify, external_syntax, trim_url, Destination, RenderedPage, Resolution};
use crate::text::edit_distance_within;
use rayon::prelude::*;
use rustc_hash::FxHashSet;
use std::collections::BTreeMap;

pub(crate) const RULE: Rule = Rule {
    code: Code::LinkBroken,
    run,
};

fn run(site: &SiteView) -> Vec<Diagnostic> {
    let Some(built) = &site.built else {
        return Vec::new();
    };
    let per_page: Vec<(Vec<Diagnostic>, Vec<TemplateLink>)> = built
        .pages
        .par_iter()
        .with_max_len(PAGES_PER_RUN)
        .map_init(FxHashSet::default, |resolved, rendered| {
            check_page(site, built, rendered, resolved)
        })
        .collect();
    let mut found = Vec::new();
    // One finding per template place, however many pages the template renders.
    let mut template_links: BTreeMap<Place, (String, Vec<&str>)> = BTreeMap::new();
    for (diagnostics, links) in per_page {
        found.extend(diagnostics);
        for (place, help, url) in links {
            template_links
                .entry(place)
                .or_insert_with(|| (help, Vec::new()))
                .1
                .push(url);
        }
    }
    for ((place, code, message), (help, urls)) in template_links {
        let pages = match urls.as_slice() {
            [first, rest @ ..] => {
                format!("on {}", crate::diagnostics::pages_met(first, rest.len()))
            }
            [] => String::new(),
        };
        found.push(
            Diagnostic::at(code, place)
                .message(format!("{message} ({pages})"))
                .help(help),
        );
    }
    found
}

/// Where a template link problem is, what it is, and its message.
type Place = (Position, Code, String);
/// A template link problem on one page: place, help, and the page's URL.
type TemplateLink<'p> = (Place, String, &'p str);

/// The Markdown link findings of one page, and its template link problems. `resolved`
/// holds links already found to work on the pages checked before it in the same run
/// (see [`same_everywhere`]).
fn check_page<'p>(
    site: &SiteView,
    built: &Built,
    rendered: &'p RenderedPage,
    resolved: &mut FxHashSet<&'p str>,
) -> (Vec<Diagnostic>, Vec<TemplateLink<'p>>) {
    let base_path = site.config.base_path();
    let mut found = Vec::new();
    // A Markdown link's `href` escaped as the page holds it (`exa%20mple`), for the few
    // that escaping changes: the same link, already reported at its Markdown line.
    let escaped: Vec<String> = match rendered.page {
        Some(i) => site.analyses[i]
            .links
            .iter()
            .filter_map(|l| as_written(&l.href))
            .collect(),
        None => Vec::new(),
    };
    let markdown_hrefs: FxHashSet<&str> = match rendered.page {
        Some(i) => {
            let page = &site.pages[i];
            for link in &site.analyses[i].links {
                found.extend(markdown_link(site, built, page, rendered, link));
            }
            site.analyses[i]
                .links
                .iter()
                .map(|l| l.href.as_str())
                .chain(escaped.iter().map(String::as_str))
                .collect()
        }
        None => FxHashSet::default(),
    };
    let mut template_links = Vec::new();
    // Most links a page makes to itself (its contents list, its citation marks) are a bare
    // `#fragment`: looked up in the page's own ids, which are at hand (one lookup, where
    // the site's index takes three). A miss there is settled by the full check below.
    let own_anchor_found = |fragment: &str| {
        rendered.ids.contains(fragment)
            || rendered
                .ids
                .contains(&*crate::links::percent::decode_lossy(fragment))
    };
    // Every other link is resolved where it stands (resolving copies nothing), except one
    // that works the same everywhere and already worked earlier in this run of pages. A
    // run's small table stays in the cache, where first gathering the site's distinct
    // links into one set (hundreds of thousands on a large site) would not.
    for (href, line, column) in rendered.links.iter() {
        let own_anchor = trim_url(href)
            .strip_prefix('#')
            .is_some_and(own_anchor_found);
        if own_anchor || markdown_hrefs.contains(href) {
            continue;
        }
        let same_everywhere = same_everywhere(href);
        if same_everywhere && resolved.contains(href) {
            continue;
        }
        let problems = problems(built, rendered, href, base_path);
        if problems.is_empty() && same_everywhere {
            resolved.insert(href);
        }
        for (code, message, help) in problems {
            let output_page = || Position {
                file: format!("{}/{}", output_folder(), rendered.file),
                line,
                column,
            };
            let (help, place) = match built.templates.find_literal(href) {
                Some(place) => (help, place),
                None if href.starts_with("#ref-") => (
                    "citation marks link to the References list: render `page.references` in the page template (see \"Template context\" in the manual, docs/content/templates.md)".to_string(),
                    output_page(),
                ),
                None => (help, output_page()),
            };
            template_links.push(((place, code, message), help, rendered.url.as_str()));
        }
    }
    (found, template_links)
}

/// `href` as the link checks read it back from the page, when that differs: the HTML
/// writer percent-escapes what a URL cannot hold (a space becomes `%20`), and the page is
/// read by [`crate::links::html::scan`]. `None` for almost every link, which escaping
/// leaves as it is.
fn as_written(href: &str) -> Option<String> {
    // Letters, digits and these are never escaped: most links are settled without a copy.
    let plain = |b: u8| b.is_ascii_alphanumeric() || b"/.-_~:#".contains(&b);
    if href.bytes().all(plain) {
        return None;
    }
    let mut escaped = String::new();
    pulldown_cmark_escape::escape_href(&mut escaped, href).ok()?;
    if escaped == href {
        return None;
    }
    let tag = format!("<a href=\"{escaped}\">");
    let (read, _) = crate::links::html::links(&tag).into_iter().next()?;
    (read != href).then(|| read.into_owned())
}

/// Whether `href` works or fails the same on every page: root-relative and web links
/// (relative ones and bare `#fragment`s depend on the page). A template writes the same
/// dozen such links (home, sections, tags, stylesheets) on every page: each run of pages
/// resolves them once, then finds them in a small table that stays in the cache.
fn same_everywhere(href: &str) -> bool {
    href.starts_with('/') || href.starts_with("https://") || href.starts_with("http://")
}

/// How output pages are named in diagnostics about template links.
fn output_folder() -> &'static str {
    "public"
}

fn markdown_link(
    site: &SiteView,
    built: &Built,
    page: &Page,
    rendered: &RenderedPage,
    link: &crate::markdown::analysis::LinkUse,
) -> Vec<Diagnostic> {
    let problems = problems(built, rendered, &link.href, site.config.base_path());
    if problems.is_empty() {
        return Vec::new();
    }
    let target = link_target(page, &link.dest);
    let path = match classify(&link.href, &rendered.url, site.config.base_path()) {
        Destination::Internal { path, .. } => Some(path),
        _ => None,
    };
    let related = target
        .clone()
        .or_else(|| path.as_deref().map(crate::changes::url_key));
    let what = if link.image { "image" } else { "link" };
    problems
        .into_iter()
        .map(|(code, message, mut help)| {
            if code == Code::LinkBroken {
                let names = Names {
                    file: target.as_deref(),
                    path: path.as_deref(),
                };
                if let Some(better) = broken_help(site, page, link, names) {
                    help = better;
                }
            }
            let message = message
                .replacen("link", what, 1)
                .replace(&link.href, &link.dest);
            let mut diagnostic = at(code, page, link.span.start).message(message).help(help);
            diagnostic.related = match (code, &related, link.href.split_once('#')) {
                (Code::LinkMissingAnchor, Some(target), Some((_, fragment))) => {
                    Some(format!("{target}#{fragment}"))
                }
                _ => related.clone(),
            };
            diagnostic
        })
        .collect()
}

/// One thing wrong with a link: `(code, message, help)`.
type Problem = (Code, String, String);

/// What is wrong with `href` on `rendered`: nothing for almost every link (an empty list
/// allocates nothing), two things for a link through an alias to a missing anchor.
fn problems(built: &Built, rendered: &RenderedPage, href: &str, base_path: &str) -> Vec<Problem> {
    if trim_url(href).is_empty() {
        return vec![(
            Code::LinkMalformed,
            "link has an empty destination".into(),
            "write where it should go between the parentheses: `[text](page.md)`".into(),
        )];
    }
    let problem = match classify(href, &rendered.url, base_path) {
        Destination::Skip => unusable_scheme(trim_url(href)),
        Destination::External => external_syntax(href).map(|why| {
            (
                Code::LinkMalformed,
                format!("link `{href}` is not a valid URL: {why}"),
                "copy the address again from the browser's address bar".into(),
            )
        }),
        Destination::Outside { path } => {
            let on_site = built.index.resolve(&path, None) == Resolution::Found;
            Some((
                Code::LinkBroken,
                format!(
                    "link `{href}` leads off the site, which is published under `{base_path}/`"
                ),
                if on_site {
                    format!("write `{base_path}{path}` (in a template, `{{{{ site.base_path }}}}{path}`)")
                } else {
                    format!("a link within the site starts with `{base_path}/` (in a template, `{{{{ site.base_path }}}}/`)")
                },
            ))
        }
        Destination::Internal { path, fragment } => {
            return internal(built, href, &path, fragment.as_deref(), base_path);
        }
    };
    problem.into_iter().collect()
}

/// What is wrong with a link to `path` on this site, if anything. A link through an alias
/// whose fragment is not on the page the alias leads to has two: the old address (a
/// warning) and the missing anchor (an error).
fn internal(
    built: &Built,
    href: &str,
    path: &str,
    fragment: Option<&str>,
    base_path: &str,
) -> Vec<Problem> {
    let mut resolution = built.index.resolve(path, fragment);
    // A browser looks for the fragment as written (`#a%20b` for an id `a%20b`) before it
    // looks for it decoded (`a b`).
    if let Some((_, written)) = trim_url(href).split_once('#') {
        if anchor_missing(&resolution) && fragment != Some(written) {
            let as_written = built.index.resolve(path, Some(written));
            if !anchor_missing(&as_written) {
                resolution = as_written;
            }
        }
    }
    let missing_anchor = |file: &str, on: &str| {
        let fragment = fragment.unwrap_or_default();
        let help = nearest(&built.index.ids_of(file), fragment, 2).map_or_else(
            || "link to a heading that exists on that page".to_string(),
            |near| format!("did you mean `{on}#{near}`?"),
        );
        let page = if on.is_empty() {
            "that page".to_string()
        } else {
            format!("`{on}`, the page the old address leads to")
        };
        (
            Code::LinkMissingAnchor,
            format!("link `{href}` names `#{fragment}`, which is not on {page}"),
            help,
        )
    };
    match resolution {
        Resolution::Found => Vec::new(),
        Resolution::Alias {
            target,
            missing_anchor: anchor,
        } => {
            let current = format!("{base_path}{target}");
            let mut found = vec![(
                Code::LinkAlias,
                format!("link `{href}` reaches its page through an old address (an alias)"),
                format!("link to the page's current address `{current}`"),
            )];
            found.extend(anchor.map(|file| missing_anchor(&file, &current)));
            found
        }
        Resolution::MissingFile => {
            let help = nearest_path(&built.index.page_paths(), path).map_or_else(
                || "check the spelling of the page or file name".to_string(),
                |near| format!("did you mean `{base_path}{near}`?"),
            );
            vec![(
                Code::LinkBroken,
                format!("link target `{href}` does not exist"),
                help,
            )]
        }
        Resolution::MissingAnchor { file } => vec![missing_anchor(&file, "")],
    }
}

/// Whether the link reaches a page but not the fragment it names.
fn anchor_missing(resolution: &Resolution) -> bool {
    matches!(
        resolution,
        Resolution::MissingAnchor { .. }
            | Resolution::Alias {
                missing_anchor: Some(_),
                ..
            }
    )
}

/// What is wrong with a link whose scheme no reader can follow from a web page, if it is
/// one a writer meant otherwise: a mistyped web address (`htps://`), or a file on the
/// writer's computer (`file:///…`, `C:\Users\…`). Other schemes (`tel:`, `data:`) are left
/// alone.
fn unusable_scheme(href: &str) -> Option<(Code, String, String)> {
    let (scheme, rest) = href.split_once(':')?;
    let lower = scheme.to_ascii_lowercase();
    let drive = scheme.len() == 1 && scheme.bytes().all(|b| b.is_ascii_alphabetic());
    if lower == "file" || drive {
        return Some((
            Code::LinkMalformed,
            format!("link `{href}` points at a file on a computer, which readers of the site cannot open"),
            "put the file in the page's folder or in `static/`, and link to it there".into(),
        ));
    }
    let web = ["https", "http"]
        .into_iter()
        .find(|web| edit_distance_within(&lower, web, 1).is_some())?;
    rest.starts_with("//").then(|| {
        (
            Code::LinkMalformed,
            format!("link `{href}` is not a web address: browsers do not know `{scheme}:`"),
            format!("did you mean `{web}:{rest}`?"),
        )
    })
}

/// The site file a relative Markdown link names (`content/compounds/x.md`).
fn link_target(page: &Page, dest: &str) -> Option<String> {
    let path = dest.split(['#', '?']).next()?;
    if path.is_empty() || path.contains(':') || path.starts_with('/') {
        return None;
    }
    let folder = page.rel.rsplit_once('/').map_or("", |(dir, _)| dir);
    crate::markdown::links::resolve(folder, path).map(|rel| format!("content/{rel}"))
}
