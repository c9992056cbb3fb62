//! The Markdown dialect, feature by feature.

use super::*;
use std::collections::HashMap;

fn html(body: &str) -> Rendered {
    let pages = HashMap::from([(
        "guides/reading-labels.md".to_string(),
        "/guides/reading-labels/".to_string(),
    )]);
    let links = LinkContext {
        page_rel: "compounds/x.md",
        pages: &pages,
        base_path: "",
    };
    render(body, &links)
}

#[test]
fn headings_get_github_ids_and_a_toc() {
    let r =
        html("## What is IGF-1 LR3?\n\n### Detail\n\n## What is IGF-1 LR3?\n\n## Custom {#mine}\n");
    assert!(
        r.html
            .contains("<h2 id=\"what-is-igf-1-lr3\">What is IGF-1 LR3?</h2>"),
        "{}",
        r.html
    );
    assert!(r.html.contains("<h2 id=\"what-is-igf-1-lr3-1\">"));
    assert!(r.html.contains("<h2 id=\"mine\">Custom</h2>"));
    assert_eq!(r.toc.len(), 3);
    assert_eq!(r.toc[0].children[0].id, "detail");
}

#[test]
fn tables_are_wrapped_to_scroll() {
    let r = html("| a | b |\n|---|---|\n| 1 | 2 |\n");
    assert!(
        r.html.starts_with("<div class=\"table-wrap\""),
        "{}",
        r.html
    );
    assert!(r.html.contains("<table>"));
    assert!(r.html.trim_end().ends_with("</table>\n</div>") || r.html.contains("</table>\n</div>"));
}

#[test]
fn alerts_become_callouts() {
    let r = html("> [!WARNING]\n> Not a medicine.\n");
    assert!(
        r.html
            .contains("<div class=\"callout callout-warning\" role=\"note\">"),
        "{}",
        r.html
    );
    assert!(r.html.contains("<p class=\"callout-title\">Warning</p>"));
    assert!(r.html.contains("Not a medicine."));
    assert!(!r.html.contains("blockquote"));
}

#[test]
fn footnotes_move_to_the_end_with_back_links() {
    let r = html("Claim[^src] and again[^src].\n\n[^src]: The source.\n\nAfter.\n");
    let section = r
        .html
        .find("<section class=\"footnotes\"")
        .expect("footnote section");
    assert!(r.html.find("After.").unwrap() < section, "{}", r.html);
    assert!(r
        .html
        .contains("<a href=\"#fn-src\" id=\"fnref-src\">1</a>"));
    assert!(r.html.contains("id=\"fnref-src-2\""));
    assert!(r.html.contains("<li id=\"fn-src\">"));
    assert!(r
        .html
        .contains("href=\"#fnref-src\" class=\"footnote-backref\""));
    assert!(r.html.contains("href=\"#fnref-src-2\""));
}

#[test]
fn code_is_highlighted_and_markdown_links_rewritten() {
    let r = html(
        "```yaml\ntitle: x\n```\n\n[labels](../guides/reading-labels.md#what) ![v](vial.png)\n",
    );
    assert!(r.html.contains("<pre class=\"code\" data-lang=\"yaml\">"));
    assert!(
        r.html.contains("href=\"/guides/reading-labels/#what\""),
        "{}",
        r.html
    );
    assert!(r.html.contains("src=\"/compounds/vial.png\""));
    assert!(!r.html.contains(".md\""));
}

#[test]
fn gfm_extensions_render() {
    let r = html("- [x] done\n- [ ] todo\n\n~~old~~ \"quoted\" -- dash\n");
    assert!(
        r.html
            .contains("<input disabled=\"\" type=\"checkbox\" checked=\"\"/>"),
        "{}",
        r.html
    );
    assert!(r.html.contains("<del>old</del>"));
    assert!(r.html.contains("\u{201c}quoted\u{201d}"));
    assert!(r.html.contains("\u{2013}"));
}

#[test]
fn deep_nesting_and_huge_lines_do_not_crash() {
    let nested = format!("{}deep\n", "> ".repeat(5_000));
    assert!(html(&nested).html.contains("deep"));
    let long = "word ".repeat(200_000);
    assert_eq!(html(&long).word_count, 200_000);
}
