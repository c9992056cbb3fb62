//! Every citation form health writers use, on one page written the way they write: plural
//! labels, `PubMed ID`, `DOI` without a colon, ClinicalTrials.gov links, pandoc's citation
//! syntax in full and Manubot's identifier keys, beside e-mail addresses, handles and code
//! that must not be read as citations. Pins the findings and the rendered page.

use crate::findings::check;
use crate::fixture::{content_of, Site};

/// Guards each form: every identifier of a plural label is its own citation, checked at its
/// own column; a bracket opening with `[@` that does not parse is `cite/malformed`, an
/// unknown key or Manubot identifier `cite/unknown`; e-mail addresses, handles, link text
/// and code are never citations.
#[test]
fn every_citation_form_is_found_and_checked_at_its_column() {
    let checked = check(&Site::new("cite-forms"), &["--today", "2026-12-06"]);
    let lines: Vec<String> = checked
        .findings
        .iter()
        .map(|f| {
            format!(
                "{}:{}:{} {} {}: {}\n  help: {}",
                f.file,
                f.line,
                f.column,
                f.severity,
                f.code,
                f.message,
                f.help.as_deref().unwrap_or("")
            )
        })
        .collect();
    insta::assert_snapshot!(lines.join("\n"));
}

/// Guards what a reader sees: each form linked and numbered, a locator and a prefix shown
/// with the mark (`[4, p. 994]`, `[see 2]`), a narrative key as its authors' names, and no
/// citation syntax left raw (`[@` appears only inside code).
#[test]
fn every_citation_form_is_linked_and_no_raw_syntax_reaches_the_reader() {
    let site = Site::new("cite-forms");
    // The page holds citation errors on purpose: `--allow-errors` writes it anyway.
    site.build(&["--allow-errors"]).expect_code(1);
    let html = site.read("forms/index.html");
    let content = content_of(&html);
    let mut outside_code = String::new();
    for (k, piece) in content.split("<code").enumerate() {
        let piece = if k == 0 {
            piece
        } else {
            piece.split_once("</code>").map_or("", |(_, after)| after)
        };
        outside_code.push_str(piece);
    }
    assert!(
        !outside_code.contains("[@"),
        "raw citation syntax in:\n{content}"
    );
    assert!(
        !outside_code.contains("[-@"),
        "raw citation syntax in:\n{content}"
    );
    insta::assert_snapshot!(content);
}
