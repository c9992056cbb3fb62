//! Snapshots (insta) of what users read: the rendered HTML of fixture pages and the human
//! diagnostics of failing builds, with the temporary path shown as `[ROOT]` and the build
//! time as `[TIME]`. A changed snapshot is reviewed like code.

use crate::fixture::{content_of, Site};

/// The stderr of building fixture `name`, normalised.
fn diagnostics_of(name: &str, code: i32) -> String {
    let site = Site::new(name);
    let run = site.build(&[]);
    run.expect_code(code);
    site.normalize(&run.stderr)
}

/// The `<main>` element of a page.
fn main_of(html: &str) -> &str {
    let start = html.find("<main").expect("a <main>");
    let end = html.find("</main>").expect("the </main>");
    &html[start..end + "</main>".len()]
}

/// Pins the rendered Markdown of the page that uses every extension.
#[test]
fn markdown_page_content() {
    let site = Site::new("markdown");
    site.build(&[]).expect_code(0);
    let html = site.read("features/everything/index.html");
    insta::assert_snapshot!(content_of(&html));
}

/// Pins the whole page of the theme's kitchen sink, which uses every component: head
/// (structured data, link-card tags, code stylesheet), review box, tables, callouts, task
/// list, code, footnotes, citations (one retracted) and references with their back-links.
#[test]
fn kitchen_sink_page() {
    let site = Site::new("kitchen-sink");
    // It cites a retracted source on purpose (an error): written for the snapshot anyway.
    site.build(&["--allow-errors"]).expect_code(1);
    insta::assert_snapshot!(site.read("guides/kitchen-sink/index.html"));
}

/// Pins a whole themed page's `<main>`: breadcrumb, header, review dates, tags and body.
#[test]
fn themed_page_main() {
    let site = Site::new("basic");
    site.build(&[]).expect_code(0);
    insta::assert_snapshot!(main_of(&site.read("guides/alpha/index.html")));
}

/// Pins a section list page's `<main>`, in weight order.
#[test]
fn section_page_main() {
    let site = Site::new("basic");
    site.build(&[]).expect_code(0);
    insta::assert_snapshot!(main_of(&site.read("guides/index.html")));
}

/// Pins the diagnostics of a YAML syntax error in front matter.
#[test]
fn bad_front_matter_diagnostics() {
    insta::assert_snapshot!(diagnostics_of("bad-front-matter", 1));
}

/// Pins the diagnostics of three wrongly typed keys in three files, sorted by file.
#[test]
fn bad_type_diagnostics() {
    insta::assert_snapshot!(diagnostics_of("bad-type", 1));
}

/// Pins the diagnostics of an unknown variable in a site template.
#[test]
fn template_variable_diagnostics() {
    insta::assert_snapshot!(diagnostics_of("bad-template-variable", 1));
}

/// Pins the diagnostics of a content error, which stops the build: nothing is written.
#[test]
fn missing_description_diagnostics() {
    insta::assert_snapshot!(diagnostics_of("missing-description", 1));
}
