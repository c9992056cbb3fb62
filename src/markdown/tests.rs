//! The Markdown dialect, feature by feature.

use super::*;
use crate::citations::Bibliography;

fn html(body: &str) -> Rendered {
    let pages: links::PageUrls = [(
        "guides/reading-labels.md".to_string(),
        "/guides/reading-labels/".to_string(),
    )]
    .into_iter()
    .collect();
    let (bibliography, _) = Bibliography::parse(
        "references.yaml",
        "renehan-2004:\n  pmid: \"15110491\"\nlabel:\n  type: label\n  url: https://example.org/label\n",
    );
    let context = RenderContext {
        links: LinkContext {
            page_rel: "compounds/x.md",
            pages: &pages,
            base_path: "",
        },
        bibliography: &bibliography,
        plain_text: false,
    };
    render(body, &context)
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
        r.html.contains(
            "<div class=\"callout callout-warning\" role=\"note\" aria-label=\"Warning\">"
        ),
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
        .contains("<a href=\"#fn-src\" id=\"fnref-src\" aria-label=\"Footnote 1\">1</a>"));
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
    assert!(r
        .html
        .contains("<pre class=\"code\" data-lang=\"yaml\" tabindex=\"0\">"));
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
            .contains("<input disabled=\"\" type=\"checkbox\" checked=\"\" aria-label=\"Done\"/>"),
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

#[test]
fn citations_link_to_their_source_and_numbered_reference() {
    let r =
        html("Risk (PMID 15110491). Label [@label]; again PMID 15110491; unknown PMID 8708565.\n");
    assert!(
        r.html.contains("<a class=\"cite\" href=\"https://pubmed.ncbi.nlm.nih.gov/15110491/\">PMID 15110491</a><sup class=\"cite-ref\"><a id=\"cite-1\" href=\"#ref-1\""),
        "{}",
        r.html
    );
    assert!(
        r.html
            .contains("Label<sup class=\"cite-ref\"><a id=\"cite-2\" href=\"#ref-2\""),
        "{}",
        r.html
    );
    // An identifier the bibliography lacks still links to its source, with no number.
    assert!(r.html.contains("PMID 8708565</a>."), "{}", r.html);
    assert_eq!(r.references.len(), 2);
    assert_eq!(r.analysis.citations.len(), 4);
    // Each linked mark has its own id, so the References list can link back to each.
    assert!(
        r.html.contains("<a id=\"cite-1-2\" href=\"#ref-1\""),
        "{}",
        r.html
    );
    assert_eq!(r.marks, [2, 1]);
}

#[test]
fn citations_are_not_linked_inside_code_or_links() {
    let r = html("`PMID 15110491` and [see PMID 15110491](https://example.org).\n");
    assert!(r.html.contains("<code>PMID 15110491</code>"));
    assert!(!r.html.contains("<a class=\"cite\""), "{}", r.html);
    assert_eq!(r.analysis.citations.len(), 1, "the link text still counts");
}

#[test]
fn analysis_spans_point_into_the_source() {
    let body = "| a | b |\n|---|---|\n| x | 49% (PMID 15110491) |\n\n- item with 2-fold[^n]\n\n[^n]: PMID 8708565\n";
    let r = html(body);
    let spans: Vec<&str> = r
        .analysis
        .citations
        .iter()
        .map(|c| &body[c.span.clone()])
        .collect();
    assert_eq!(spans, ["PMID 15110491", "PMID 8708565"]);
    // The footnote's paragraph states no figure: only the table and the item are kept.
    assert_eq!(r.analysis.units.len(), 2, "table, item");
    let table = &r.analysis.units[0];
    assert_eq!(&body[table.figures[0].span.clone()], "49%");
    assert_eq!(r.analysis.units[1].footnote_refs, ["n"]);
    assert_eq!(r.analysis.unit_citations(&r.analysis.units[1]).count(), 1);
}

#[test]
fn links_in_raw_html_are_recorded_at_their_source() {
    let body = "Text.\n\n<div class=\"x\"><a href=\"/nowhere/\">a</a></div>\n";
    let r = html(body);
    let link = r
        .analysis
        .links
        .iter()
        .find(|l| l.href == "/nowhere/")
        .expect("recorded");
    assert_eq!(&body[link.span.start..link.span.start + 4], "href");
}

/// A heading's words are counted once, with its citation as written.
#[test]
fn a_heading_with_a_citation_counts_its_words_once() {
    let r = html("## Two words [@renehan-2004]\n\nAnd `code` here.\n");
    assert_eq!(r.word_count, 3 + 2);
    assert_eq!(r.references.len(), 1);
    assert!(r.html.contains("href=\"#ref-1\""), "{}", r.html);
}

/// Raw HTML in an image's description is alt text, escaped, not an element: its link is
/// not in the page, so it is not checked either.
#[test]
fn raw_html_in_alt_text_is_text() {
    let r = html("![a <a href=\"missing.md\">b</a> c](chart.png)\n\n## ![d <b>e</b>](f.png)\n");
    assert!(
        r.html
            .contains("alt=\"a &lt;a href=&quot;missing.md&quot;&gt;b&lt;/a&gt; c\""),
        "{}",
        r.html
    );
    assert!(
        r.html.contains("alt=\"d &lt;b&gt;e&lt;/b&gt;\""),
        "{}",
        r.html
    );
    let hrefs: Vec<&str> = r.analysis.links.iter().map(|l| l.href.as_str()).collect();
    assert_eq!(hrefs, ["/compounds/chart.png", "/compounds/f.png"]);
}

/// The contents list shows a heading without its `[@key]` citations (the heading shows
/// them as marks); its id keeps the text as written. Other citations are words a reader
/// can read, and stay.
#[test]
fn contents_titles_leave_out_citation_keys() {
    let r =
        html("## Cancer [@renehan-2004] risk\n\n## Dose (PMID 15110491)\n\n## [@renehan-2004]\n");
    let entries: Vec<(&str, &str)> = r
        .toc
        .iter()
        .map(|e| (e.id.as_str(), e.title.as_str()))
        .collect();
    assert_eq!(
        entries,
        [
            ("cancer-renehan-2004-risk", "Cancer risk"),
            ("dose-pmid-15110491", "Dose (PMID 15110491)"),
            ("renehan-2004", "[@renehan-2004]"),
        ]
    );
}

/// Guards the accessible name of a mark citing animal evidence: it says so, and the
/// species the bibliography writes is escaped, so it can never close the attribute.
#[test]
fn an_animal_sources_mark_says_so_escaped() {
    let (mut bibliography, _) = Bibliography::parse(
        "references.yaml",
        "rat:\n  pmid: \"8708565\"\n  study: animal\n  species: ['x\" onfocus=\"alert(1)']\nhuman:\n  pmid: \"1\"\n",
    );
    bibliography.attach_evidence(|_| None);
    let context = RenderContext {
        links: LinkContext {
            page_rel: "a.md",
            pages: &links::PageUrls::default(),
            base_path: "",
        },
        bibliography: &bibliography,
        plain_text: false,
    };
    let r = render("Potent [@rat] and known [@human].\n", &context);
    assert!(
        r.html.contains(
            "aria-label=\"Reference 1, study in x&quot; onfocus=&quot;alert(1)\">[1]</a>"
        ),
        "{}",
        r.html
    );
    assert!(
        r.html.contains("aria-label=\"Reference 2\">[2]</a>"),
        "{}",
        r.html
    );
}
