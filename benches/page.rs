//! The per-page hot path on this repository's own explainer, so a regression shows up in
//! review: `cargo bench --bench page` (divan prints the median and spread per benchmark).
//! `page` is the whole path (front matter, Markdown with citations and highlighting, claim
//! analysis); the others are its scanners on their own. Highlighting remembers the lines it
//! parsed, so after the first iteration `page` measures everything but syntect's parsing,
//! as a rebuild of an unchanged page does.

use panelpress::citations::Bibliography;
use panelpress::content::front_matter;
use panelpress::markdown::{self, LinkContext, RenderContext};

const PAGE: &str = include_str!("../content/compounds/igf-1-lr3.md");
const BIBLIOGRAPHY: &str = include_str!("../references.yaml");

fn main() {
    divan::main();
}

/// Front matter, then Markdown to HTML with citations linked, highlighting and analysis.
#[divan::bench]
fn page(bencher: divan::Bencher) {
    let (bibliography, _) = Bibliography::parse("references.yaml", BIBLIOGRAPHY);
    let pages: markdown::links::PageUrls = [("about.md".to_string(), "/about/".to_string())]
        .into_iter()
        .collect();
    bencher.bench(|| {
        let split = front_matter::parse("content/compounds/igf-1-lr3.md", PAGE)
            .expect("the explainer parses");
        let context = RenderContext {
            links: LinkContext {
                page_rel: "compounds/igf-1-lr3.md",
                pages: &pages,
                base_path: "",
            },
            bibliography: &bibliography,
            // As a build renders a page that search covers.
            plain_text: true,
        };
        let rendered = markdown::render(split.body, &context);
        rendered.html.len() + rendered.analysis.units.len()
    });
}

/// The citation scanner over the whole page.
#[divan::bench]
fn citations() -> usize {
    panelpress::citations::recognize::scan(divan::black_box(PAGE), None).len()
}

/// The figure scanner over the whole page.
#[divan::bench]
fn figures() -> usize {
    panelpress::claims::scan(divan::black_box(PAGE)).len()
}

/// The bibliography, parsed and checked.
#[divan::bench]
fn bibliography() -> usize {
    Bibliography::parse("references.yaml", divan::black_box(BIBLIOGRAPHY))
        .0
        .entries
        .len()
}
