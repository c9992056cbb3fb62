//! The kind of evidence each source is: `cite lock` recording it from the registries'
//! stand-ins (PubMed esummary and efetch XML, Crossref, ClinicalTrials.gov v2), the
//! References labels and inline marks a reader gets, and the two checks that warn a writer
//! (`evidence/animal-only`, `evidence/preprint`), which read only the lock and the
//! bibliography.

use crate::cite_lock::{cite, lock_text};
use crate::findings::check;
use crate::fixture::{content_of, Site};
use crate::registries::{registries, Registry};

/// The JSON diagnostics of `check`, pretty-printed, for a snapshot.
fn diagnostics_json(site: &Site) -> String {
    let checked = check(site, &[]);
    let document: serde_json::Value =
        serde_json::from_str(&checked.run.stdout).expect("one JSON document");
    serde_json::to_string_pretty(&document["diagnostics"]).expect("JSON")
}

/// Guards the lock's evidence: publication types from esummary; species from efetch's
/// MeSH (a rat study, studies in humans, a record not indexed yet); Crossref's
/// posted-content/preprint; ClinicalTrials.gov's phases, status and whether results are
/// posted — sorted and stable; and efetch asked once, batched, for the PMIDs PubMed knows.
#[test]
fn the_lock_records_each_sources_kind_of_evidence() {
    let site = Site::new("evidence-lock");
    let server = Registry::start(registries);
    site.write("site.yaml", server.site_yaml(""));
    cite(&site, "lock", &[])
        .expect_code(0)
        .expect_stderr("efetch: 4 PMIDs (batch 1 of 1)");
    insta::assert_snapshot!(lock_text(&site));
    let efetch = server.to("/eutils/efetch.fcgi");
    assert_eq!(efetch.len(), 1, "{efetch:?}");
    assert!(
        efetch[0]
            .target
            .contains("db=pubmed&retmode=xml&id=15110491,31000001,39000001,8708565&"),
        "{}",
        efetch[0].target
    );
    let first = std::fs::read(site.root.join("citations.lock")).expect("the lock");
    cite(&site, "lock", &[]).expect_code(0);
    let again = std::fs::read(site.root.join("citations.lock")).expect("the lock");
    assert_eq!(again, first, "same answers, same bytes");
}

/// Guards what readers see once the site is locked: each References entry ends with its
/// label in plain words (escaped, after the entry), and the marks of animal, laboratory and
/// preprint sources say so in their accessible names; the checks then report the passages
/// that hide the kind of evidence and nothing else.
#[test]
fn references_show_labels_and_the_checks_read_the_lock() {
    let site = Site::new("evidence-lock");
    let server = Registry::start(registries);
    site.write("site.yaml", server.site_yaml(""));
    cite(&site, "lock", &[]).expect_code(0);
    let requests = server.requests().len();

    let built = site.build(&[]);
    built.expect_code(0);
    let html = site.read("index.html");
    let content = content_of(&html);
    let references = &html[html
        .find("<section class=\"references\"")
        .expect("references")..];
    let references = &references[..references.find("</section>").expect("its end") + 10];
    insta::assert_snapshot!("evidence_references", references);
    assert!(
        content.contains("aria-label=\"Reference 3, study in rats\""),
        "{content}"
    );
    assert!(content.contains("aria-label=\"Reference 5, preprint, not peer reviewed\""));
    assert!(
        content.contains("aria-label=\"Reference 1\""),
        "a meta-analysis says nothing more"
    );

    insta::assert_snapshot!("evidence_lock_findings", diagnostics_json(&site));
    assert_eq!(
        server.requests().len(),
        requests,
        "check and build ask no registry"
    );
}

/// Guards `evidence/animal-only`: reported where every citation is a study in animals or
/// cells (a rat study from the lock, a pig study in a list item, a cell study the
/// bibliography names, a table) and the text never says so; silent where it says "in
/// rats", "piglets", "cells" or the site's own `evidence_words`, where a source in people
/// is cited too, where the lock records nothing about the source, and under an opt-out.
#[test]
fn animal_only_fires_where_the_text_hides_the_species() {
    let site = Site::new("evidence-animal-only");
    insta::assert_snapshot!(diagnostics_json(&site));
}

/// Guards `evidence/preprint`: reported where every citation is a preprint (Crossref's
/// posted-content, PubMed's Preprint type, or `study: preprint`) and the text does not say
/// "preprint" or "not peer reviewed"; silent where it does, or where a peer-reviewed
/// source is cited too.
#[test]
fn preprint_fires_where_the_text_hides_it() {
    let site = Site::new("evidence-preprint");
    insta::assert_snapshot!(diagnostics_json(&site));
}
