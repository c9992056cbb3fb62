//! The per-page hot path (front matter, Markdown with citations and highlighting, claim
//! analysis) on this repository's own explainer, so a regression shows up in review:
//! `cargo bench --bench page`. No benchmark framework: a warm-up, then the median of
//! timed batches, printed as time per page.

use panelpress::citations::Bibliography;
use panelpress::content::front_matter;
use panelpress::markdown::{self, LinkContext, RenderContext};
use std::collections::HashMap;
use std::hint::black_box;
use std::time::Instant;

const PAGE: &str = include_str!("../content/compounds/igf-1-lr3.md");
const BIBLIOGRAPHY: &str = include_str!("../references.yaml");

fn render_once(bibliography: &Bibliography, pages: &HashMap<String, String>) -> usize {
    let split =
        front_matter::parse("content/compounds/igf-1-lr3.md", PAGE).expect("the explainer parses");
    let context = RenderContext {
        links: LinkContext {
            page_rel: "compounds/igf-1-lr3.md",
            pages,
            base_path: "",
        },
        bibliography,
        highlight: true,
    };
    let rendered = markdown::render(split.body, &context);
    rendered.html.len() + rendered.analysis.units.len()
}

fn main() {
    let (bibliography, _) = Bibliography::parse("references.yaml", BIBLIOGRAPHY);
    let pages = HashMap::from([("about.md".to_string(), "/about/".to_string())]);
    for _ in 0..50 {
        black_box(render_once(&bibliography, &pages));
    }
    let batch = 200;
    let mut per_page: Vec<f64> = (0..15)
        .map(|_| {
            let started = Instant::now();
            for _ in 0..batch {
                black_box(render_once(&bibliography, &pages));
            }
            started.elapsed().as_secs_f64() * 1e6 / batch as f64
        })
        .collect();
    per_page.sort_by(f64::total_cmp);
    println!(
        "page hot path (parse + cite + render + analyse, {} KB page): median {:.1} µs, best {:.1} µs",
        PAGE.len() / 1024,
        per_page[per_page.len() / 2],
        per_page[0]
    );
}
