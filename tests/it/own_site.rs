//! The repository's own site, built from the working tree into a
//! temporary folder: the IGF-1 LR3 explainer a new user opens first.

use crate::fixture::{content_of, hrefs, html_files, names_beside_output, run};
use std::ffi::OsStr;
use std::path::Path;

const EXPLAINER: &str = "compounds/igf-1-lr3/index.html";

/// Builds the repository root into `TMP/out` and returns the temporary folder.
fn build_own_site() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().expect("a temporary folder");
    let out = tmp.path().join("out");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let args: [&OsStr; 5] = [
        "build".as_ref(),
        "--root".as_ref(),
        root.as_ref(),
        "--out".as_ref(),
        out.as_ref(),
    ];
    let built = run(&args);
    built.expect_code(0).expect_stderr("(0 errors");
    assert!(!built.stderr.contains("error["), "{}", built.stderr);
    tmp
}

/// Guards the site as a whole: it builds with no errors, into `--out` only, with no `.md`
/// href left on any page.
#[test]
fn the_repository_site_builds_without_errors() {
    let tmp = build_own_site();
    assert_eq!(names_beside_output(tmp.path()), ["out"]);
    let pages = html_files(&tmp.path().join("out"));
    assert!(
        pages.iter().any(|(rel, _)| rel == EXPLAINER),
        "no explainer"
    );
    for (rel, html) in &pages {
        for href in hrefs(html) {
            let path = href.split(['#', '?']).next().unwrap_or(href);
            assert!(!path.ends_with(".md"), "{rel} keeps the .md href {href}");
        }
    }
}

/// Guards the explainer: its comparison table is a real `<table>`, every `<h2>`/`<h3>` in
/// its text has an id, and its link to the About page is rewritten.
#[test]
fn the_explainer_has_its_table_heading_ids_and_rewritten_links() {
    let tmp = build_own_site();
    let html = std::fs::read_to_string(tmp.path().join("out").join(EXPLAINER)).unwrap();
    let content = content_of(&html);
    assert!(content.contains("<div class=\"table-wrap\""), "{content}");
    let table = &content[content.find("<table>").expect("a <table>")..];
    let table = &table[..table.find("</table>").expect("the table's end")];
    assert!(table.contains("<th>IGF-1 LR3</th>"), "{table}");
    assert!(table.contains("<th>Mecasermin (Increlex)</th>"));
    assert!(table.matches("<tr>").count() >= 4, "{table}");
    let headings: Vec<&str> = content
        .split("<h")
        .skip(1)
        .filter(|rest| rest.starts_with('2') || rest.starts_with('3'))
        .collect();
    assert!(headings.len() >= 5, "only {} headings", headings.len());
    for heading in headings {
        assert!(heading[1..].starts_with(" id=\""), "<h{heading}");
    }
    assert!(content.contains("<h2 id=\"what-is-igf-1-lr3\">What is IGF-1 LR3?</h2>"));
    assert!(content.contains("href=\"/about/\""), "the about.md link");
}

/// Copies the repository's site (site.yaml, the bibliography, content, templates and
/// static files) into `dest`, so a test can add a lock without touching the repository.
fn copy_own_site(dest: &Path) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for file in ["site.yaml", "references.yaml"] {
        std::fs::copy(root.join(file), dest.join(file)).expect("copy a site file");
    }
    for dir in ["content", "templates", "static"] {
        for entry in walkdir::WalkDir::new(root.join(dir)) {
            let entry = entry.expect("a site file");
            let rel = entry.path().strip_prefix(root).expect("inside the root");
            if entry.file_type().is_dir() {
                std::fs::create_dir_all(dest.join(rel)).expect("a folder");
            } else {
                std::fs::copy(entry.path(), dest.join(rel)).expect("copy a site file");
            }
        }
    }
}

/// Guards the explainer's own words about its evidence: once `citations.lock` says what
/// PubMed says (PMID 8708565 is a study in rats, PMID 15110491 a meta-analysis in
/// people), neither evidence check reports anything on the site, because the rat figure
/// is written "in rats"; and its References label the rat study, the meta-analysis, the
/// label and the guideline in plain words.
#[test]
fn the_explainer_says_what_its_evidence_is() {
    let tmp = tempfile::tempdir().expect("a temporary folder");
    copy_own_site(tmp.path());
    std::fs::write(
        tmp.path().join("citations.lock"),
        "\"pmid:15110491\":\n  retracted: false\n  evidence:\n    publication_types: [\"Journal Article\", \"Meta-Analysis\", \"Review\"]\n    species: [\"humans\"]\n  retrieved: 2026-12-01\n\"pmid:8708565\":\n  retracted: false\n  evidence:\n    publication_types: [\"Journal Article\"]\n    species: [\"animals\", \"rats\"]\n  retrieved: 2026-12-01\n",
    )
    .expect("write the lock");
    let checked = crate::findings::check_at(tmp.path(), &[]);
    let evidence: Vec<_> = checked
        .findings
        .iter()
        .filter(|f| f.code.starts_with("evidence/"))
        .collect();
    assert!(evidence.is_empty(), "{evidence:#?}");

    let built = build_own_site();
    let html = std::fs::read_to_string(built.path().join("out").join(EXPLAINER)).unwrap();
    for label in [
        "<span class=\"evidence evidence-animal\">Study in rats</span>",
        "<span class=\"evidence evidence-systematic-review\">Systematic review</span>",
        "<span class=\"evidence evidence-label\">Official drug label</span>",
    ] {
        assert!(html.contains(label), "{label} missing");
    }
    assert!(
        html.contains("aria-label=\"Reference 1, study in rats\""),
        "the mark"
    );
}
