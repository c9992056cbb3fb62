//! Citations in the built page: inline identifiers and keys
//! become links and numbered marks in order of first citation, and the page ends with a
//! References list in Vancouver style, from references.yaml or a CSL-JSON export.

use crate::fixture::{content_of, Site};

const PAGE: &str = "cited/index.html";

/// The reference numbers of the inline marks (`href="#ref-N"`), in document order.
fn marks(html: &str) -> Vec<usize> {
    html.split("href=\"#ref-")
        .skip(1)
        .filter_map(|rest| rest.split('"').next()?.parse().ok())
        .collect()
}

/// The References section's items as `(id, inner HTML)`, in order.
fn references(html: &str) -> Vec<(String, String)> {
    let start = html
        .find("<section class=\"references\"")
        .unwrap_or_else(|| panic!("no References section in:\n{html}"));
    let section = &html[start..];
    let section = &section[..section.find("</section>").expect("the section's end")];
    section
        .split("<li id=\"")
        .skip(1)
        .map(|item| {
            let (id, rest) = item.split_once('"').expect("an id");
            let inner = &rest[rest.find('>').expect("the li's >") + 1..];
            let inner = &inner[..inner.find("</li>").expect("the li's end")];
            (id.to_string(), inner.to_string())
        })
        .collect()
}

/// Builds `site` with `--allow-errors` (the fixtures hold citation errors on purpose, and
/// a build with an error writes nothing without it) and returns `rel`'s HTML.
fn built(site: &Site, rel: &str) -> String {
    let run = site.build(&["--allow-errors"]);
    assert!(matches!(run.code, 0 | 1), "{}", run.stderr);
    site.read(rel)
}

/// Guards inline citations: `(PMID N)`, a DOI (any case) and a pubmed link link to their
/// canonical URLs; `[@key]` and `[@a; @b]` become marks; numbers follow first citation
/// and are reused when a source is cited again.
#[test]
fn inline_citations_link_and_number_in_order_of_first_citation() {
    let site = Site::new("check-render");
    let html = built(&site, PAGE);
    let content = content_of(&html);
    assert!(
        content.contains("<a class=\"cite\" href=\"https://pubmed.ncbi.nlm.nih.gov/15110491/\">PMID 15110491</a>"),
        "{content}"
    );
    assert!(
        content
            .contains("<a class=\"cite\" href=\"https://doi.org/10.1000/six\">doi:10.1000/SIX</a>"),
        "{content}"
    );
    assert!(content.contains("<a href=\"https://pubmed.ncbi.nlm.nih.gov/8708565/\">PubMed</a>"));
    assert!(!content.contains("[@"), "no key left as text: {content}");
    assert_eq!(marks(content), [1, 2, 3, 4, 3, 4, 5]);
    assert!(content.contains("<sup class=\"cite-ref\">"), "{content}");
}

/// Guards the References list: one item per cited entry in number order, Vancouver style
/// (six authors then "et al.", exactly six in full), an identifier-only entry as
/// "PMID: N", a label with its URL, and a retracted entry marked "Retracted".
#[test]
fn references_are_numbered_vancouver_entries() {
    let site = Site::new("check-render");
    let html = built(&site, PAGE);
    let refs = references(&html);
    let ids: Vec<&str> = refs.iter().map(|(id, _)| id.as_str()).collect();
    assert_eq!(ids, ["ref-1", "ref-2", "ref-3", "ref-4", "ref-5"]);
    let text = |n: usize| refs[n - 1].1.as_str();
    assert!(
        text(1).starts_with("Renehan AG, Zwahlen M, Minder C, O&#39;Dwyer ST, Shalet SM, Egger M, et al. Insulin-like growth factor"),
        "{}",
        text(1)
    );
    assert!(!text(1).contains("Seventh"), "{}", text(1));
    assert!(text(1).contains("The Lancet. 2004."), "{}", text(1));
    assert!(text(1)
        .contains("<a href=\"https://pubmed.ncbi.nlm.nih.gov/15110491/\">PMID: 15110491</a>"));
    assert!(text(2).contains("INCRELEX") && text(2).contains("https://example.org/increlex-label"));
    assert!(
        text(3).starts_with(
            "One A, Two B, Three C, Four D, Five E, Six F. Six authors exactly. J Six. 2010."
        ),
        "{}",
        text(3)
    );
    assert!(!text(3).contains("et al"), "{}", text(3));
    // The entry, then a link back to each of the page's two marks citing it.
    assert_eq!(
        text(4),
        "<a href=\"https://pubmed.ncbi.nlm.nih.gov/8708565/\">PMID: 8708565</a>. \
         <a href=\"#cite-4\" class=\"cite-backref\" aria-label=\"Back to citation 4\">↩</a> \
         <a href=\"#cite-4-2\" class=\"cite-backref\" aria-label=\"Back to citation 4, place 2\">↩<sup>2</sup></a>"
    );
    assert!(text(5).contains("Retracted"), "{}", text(5));
    assert!(text(5).contains("A retracted trial"), "{}", text(5));
}

/// Guards that a citation error stops `build`: the retracted citation is printed as an
/// error with its position and nothing is written; `--allow-errors` writes the site and
/// still exits 1.
#[test]
fn citation_errors_stop_the_build_unless_errors_are_allowed() {
    let site = Site::new("check-render");
    site.build(&[])
        .expect_code(1)
        .expect_stderr("cite/retracted")
        .expect_stderr("content/cited.md:11:90");
    assert!(!site.exists(PAGE));
    site.build(&["--allow-errors"]).expect_code(1);
    assert!(site.exists(PAGE));
}

/// Guards what is not linked: identifiers in code stay code, a malformed identifier stays
/// visible as written, an unknown key shows as `[?]` (citation syntax never reaches a
/// reader raw), and a page citing nothing has no References.
#[test]
fn code_malformed_and_unknown_citations_are_not_linked() {
    let site = Site::new("check-render");
    site.write(
        "content/plain.md",
        "---\ntitle: Plain\ndescription: D\n---\nCode `PMID 15110491`, a typo PMID 0123 and [@nobody].\n",
    );
    let html = built(&site, "plain/index.html");
    let content = content_of(&html);
    assert!(content.contains("<code>PMID 15110491</code>"), "{content}");
    assert!(
        content.contains("a typo PMID 0123 and<sup class=\"cite-ref\">[?]</sup>."),
        "{content}"
    );
    assert!(!content.contains("[@nobody]"), "{content}");
    assert!(!content.contains("<a class=\"cite"), "{content}");
    assert!(!html.contains("class=\"references\""), "{html}");
}

/// Guards a link whose text is the identifier (`[PMID N](https://pubmed…/N/)`): it is one
/// citation, so it gets one reference mark, not two.
#[test]
fn a_linked_identifier_gets_one_mark() {
    let site = Site::new("check-render");
    site.write(
        "content/linked.md",
        "---\ntitle: Linked\ndescription: D\n---\nSee [PMID 8708565](https://pubmed.ncbi.nlm.nih.gov/8708565/).\n",
    );
    let html = built(&site, "linked/index.html");
    let content = content_of(&html);
    assert_eq!(
        content.matches("class=\"cite-ref\"").count(),
        1,
        "{content}"
    );
    assert_eq!(marks(content), [1]);
}

/// Guards a CSL-JSON bibliography (`bibliography: refs.json`): `[@id]` keys resolve, and
/// the references use its authors (family name and initials), container title and year.
#[test]
fn a_csl_json_bibliography_resolves_keys() {
    let site = Site::new("check-csl");
    let html = built(&site, "page/index.html");
    assert_eq!(marks(content_of(&html)), [1, 2]);
    let refs = references(&html);
    assert_eq!(refs.len(), 2);
    assert!(
        refs[0]
            .1
            .starts_with("Renehan AG, Egger M. IGF-I, IGFBP-3, and cancer risk. The Lancet. 2004."),
        "{}",
        refs[0].1
    );
    assert!(refs[0]
        .1
        .contains("https://pubmed.ncbi.nlm.nih.gov/15110491/"));
    assert!(
        refs[1].1.contains("The Prohibited List")
            && refs[1].1.contains("https://example.org/prohibited-list")
    );
}

/// Guards every inline citation form end to end: each entry is cited once in its own
/// form (labels in any case, PMCID before PMID, trailing punctuation and an unbalanced `)`
/// dropped, ISBN-10 as ISBN-13, old and new PubMed/PMC links, a percent-encoded doi.org
/// link), so `check` finds nothing unknown or unused and `build` numbers all thirteen.
#[test]
fn every_inline_form_resolves_to_its_entry() {
    let site = Site::new("check-forms");
    crate::findings::check(&site, &[]).expect(&[]);
    let html = built(&site, "forms/index.html");
    let content = content_of(&html);
    assert_eq!(marks(content), (1..=13).collect::<Vec<_>>(), "{content}");
    assert!(
        content.contains("href=\"https://doi.org/10.1016/s0140-6736(04)16044-3\">https://doi.org/10.1016/S0140-6736(04)16044-3</a>"),
        "{content}"
    );
    assert!(content.contains("href=\"https://doi.org/10.1000/xyz123\">doi:10.1000/XYZ123</a>"));
    assert!(content
        .contains("href=\"https://pmc.ncbi.nlm.nih.gov/articles/PMC11582493/\">PMC11582493</a>"));
    assert!(
        content.contains("href=\"https://clinicaltrials.gov/study/NCT01234567\">NCT01234567</a>")
    );
    assert!(
        content.contains("ISBN 0-306-40615-2"),
        "ISBNs are not linked: {content}"
    );
}

/// Guards "each page ends with a numbered References section" for a section's
/// own page (`_index.md`) and the home page: their marks link to `#ref-1`, so the list
/// with `id="ref-1"` must be there too.
#[test]
fn section_and_home_pages_list_their_references() {
    let site = Site::new("check-render");
    let index = "---\ntitle: Section\ndescription: D\n---\nA section that cites PMID 15110491.\n";
    site.write("content/guides/_index.md", index);
    site.write("content/_index.md", index.replace("Section", "Home"));
    for rel in ["guides/index.html", "index.html"] {
        let html = built(&site, rel);
        assert_eq!(marks(content_of(&html)), [1], "{rel}");
        let refs = references(&html);
        assert_eq!(refs.len(), 1, "{rel}");
        assert_eq!(refs[0].0, "ref-1");
        assert!(refs[0].1.contains("PMID: 15110491"), "{rel}: {}", refs[0].1);
    }
}

/// A heading's text is prose for citations: `[@key]` and `(PMID N)` in a heading are linked
/// and numbered with the page's other citations, listed in its References, and a key
/// missing from the bibliography is `cite/unknown` at its line, as in a paragraph. Its
/// figures are still not claims, even in a heading inside a list item.
#[test]
fn citations_in_headings_are_linked_numbered_and_checked() {
    let site = Site::new("check-render");
    site.write(
        "content/titled.md",
        "---\ntitle: Titled\ndescription: Citations in headings.\n---\n\
         ## Cancer risk [@renehan-2004]\n\n\
         Growth factors matter (PMID 8708565).\n\n\
         ## Doses [@no-such-key]\n\n\
         - ## A 50% item heading\n\n\
         Again (PMID 15110491).\n",
    );
    let html = built(&site, "titled/index.html");
    let content = content_of(&html);
    assert!(
        !content.contains("[@renehan"),
        "no key left as text: {content}"
    );
    assert!(
        content.contains("<a class=\"cite\" href=\"https://pubmed.ncbi.nlm.nih.gov/15110491/\">PMID 15110491</a>"),
        "{content}"
    );
    // `renehan-2004` is 15110491: cited first in the heading, again in the last line.
    assert_eq!(marks(content), [1, 2, 1]);
    assert_eq!(references(&html).len(), 2);
    // The heading keeps its id and its contents-list entry.
    assert!(
        content.contains("<h2 id=\"cancer-risk-renehan-2004\">"),
        "{content}"
    );

    let check = site.check(&["--format", "json"]);
    let report: serde_json::Value = serde_json::from_str(&check.stdout).expect("JSON");
    let findings: Vec<(String, u64, u64)> = report["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter(|d| d["file"] == "content/titled.md")
        .map(|d| {
            let at = |k: &str| d[k].as_u64().expect("a number");
            (
                d["code"].as_str().expect("a code").to_string(),
                at("line"),
                at("column"),
            )
        })
        .collect();
    assert_eq!(
        findings,
        [("cite/unknown".to_string(), 9, 11)],
        "{}",
        check.stdout
    );
}
