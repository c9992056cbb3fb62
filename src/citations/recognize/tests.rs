//! Every inline citation form and the ways each can fail, table-driven.

use super::*;

fn ids(text: &str) -> Vec<(String, String)> {
    ids_with(text, None)
}

/// What `text` cites, with `narrative` keys known: `(span text, what)`; a key shows its
/// prefix, locator and identifier (`see @a, p. 3`, `@pmid:1=pmid:1`).
fn ids_with(text: &str, narrative: Option<&Bibliography>) -> Vec<(String, String)> {
    scan(text, narrative)
        .into_iter()
        .map(|f| {
            let what = match f.cited {
                Cited::Id(id) => id.key(),
                Cited::Keys(keys) => keys
                    .into_iter()
                    .map(|k| {
                        let mut shown = format!("{}@{}", k.prefix, k.name);
                        if !k.prefix.is_empty() {
                            shown = format!("{} @{}", k.prefix, k.name);
                        }
                        if k.narrative {
                            shown = format!("narrative {shown}");
                        }
                        if !k.locator.is_empty() {
                            shown = format!("{shown}, {}", k.locator);
                        }
                        if let Some(id) = k.id {
                            shown = format!("{shown}={id}");
                        }
                        assert_eq!(
                            &text[k.span.clone()].trim_start_matches('-')[1..]
                                .trim_start_matches('{')[..1],
                            &k.name[..1]
                        );
                        shown
                    })
                    .collect::<Vec<_>>()
                    .join(";"),
                Cited::Malformed { label, token, .. } => format!("malformed {label} `{token}`"),
            };
            (text[f.span].to_string(), what)
        })
        .collect()
}

fn one(text: &str, span: &str, what: &str) {
    assert_eq!(
        ids(text),
        vec![(span.to_string(), what.to_string())],
        "{text}"
    );
}

#[test]
fn recognises_every_inline_form() {
    let cases = [
        ("rats (PMID 8708565).", "PMID 8708565", "pmid:8708565"),
        (
            "see PMID: 15110491, then",
            "PMID: 15110491",
            "pmid:15110491",
        ),
        ("pmid:123 is short", "pmid:123", "pmid:123"),
        ("(PMC11582493)", "PMC11582493", "pmcid:PMC11582493"),
        ("version PMC123.2.", "PMC123.2", "pmcid:PMC123.2"),
        (
            "doi:10.1000/xyz123.",
            "doi:10.1000/xyz123",
            "doi:10.1000/xyz123",
        ),
        ("DOI: 10.1000/ABC", "DOI: 10.1000/ABC", "doi:10.1000/abc"),
        (
            "(https://doi.org/10.1016/S0140-6736(04)16044-3)",
            "https://doi.org/10.1016/S0140-6736(04)16044-3",
            "doi:10.1016/s0140-6736(04)16044-3",
        ),
        ("trial NCT01234567;", "NCT01234567", "nct:NCT01234567"),
        (
            "ISBN 978-0-306-40615-7.",
            "ISBN 978-0-306-40615-7",
            "isbn:9780306406157",
        ),
        (
            "ISBN: 0-306-40615-2",
            "ISBN: 0-306-40615-2",
            "isbn:9780306406157",
        ),
        (
            "label [@increlex-label].",
            "[@increlex-label]",
            "@increlex-label",
        ),
        ("both [@a; @b-2]", "[@a; @b-2]", "@a;@b-2"),
        (
            "https://pubmed.ncbi.nlm.nih.gov/8708565/",
            "https://pubmed.ncbi.nlm.nih.gov/8708565/",
            "pmid:8708565",
        ),
        (
            "https://www.ncbi.nlm.nih.gov/pmc/articles/PMC11582493/",
            "https://www.ncbi.nlm.nih.gov/pmc/articles/PMC11582493/",
            "pmcid:PMC11582493",
        ),
        (
            "https://dx.doi.org/10.1000%2Fxyz",
            "https://dx.doi.org/10.1000%2Fxyz",
            "doi:10.1000/xyz",
        ),
    ];
    for (text, span, what) in cases {
        one(text, span, what);
    }
}

#[test]
fn reports_labels_followed_by_bad_tokens() {
    let cases = [
        ("PMID 0123456", "PMID 0123456", "malformed PMID `0123456`"),
        (
            "PMID: 123456789",
            "PMID: 123456789",
            "malformed PMID `123456789`",
        ),
        ("PMID: abc", "PMID: abc", "malformed PMID `abc`"),
        ("NCT0123456.", "NCT0123456", "malformed NCT `NCT0123456`"),
        (
            "ISBN 978-0-306-40615-6",
            "ISBN 978-0-306-40615-6",
            "malformed ISBN `978-0-306-40615-6`",
        ),
        ("doi:10.12/x", "doi:10.12/x", "malformed doi `10.12/x`"),
        (
            "https://pubmed.ncbi.nlm.nih.gov/0/",
            "https://pubmed.ncbi.nlm.nih.gov/0/",
            "malformed PMID `0`",
        ),
    ];
    for (text, span, what) in cases {
        one(text, span, what);
    }
}

#[test]
fn ignores_lookalikes() {
    for text in [
        "the PMID is a number",
        "a PMC article",
        "XPMC123 and aNCT01234567",
        "email me@example.org",
        "https://example.org/PMID/123",
        "IGF-1 LR3 at 49%",
    ] {
        assert_eq!(ids(text), vec![], "{text}");
    }
}

#[test]
fn pmcid_is_never_read_as_pmid() {
    one("PMC8708565", "PMC8708565", "pmcid:PMC8708565");
}

/// The prefilter works 64 bytes at a time: a citation found at every offset around a
/// chunk's edges, after every kind of byte that may precede one, and never after a word.
#[test]
fn citations_are_found_at_every_offset() {
    for offset in 0..140 {
        for before in [" ", "(", "\u{a0}", "—", "\n"] {
            let lead = if offset == 0 {
                String::new()
            } else {
                format!("{}{before}", "x".repeat(offset - 1))
            };
            let text = format!("{lead}PMID 8708565 and [@key]. pmc11582493");
            let found: Vec<String> = ids(&text).into_iter().map(|(_, what)| what).collect();
            assert_eq!(
                found,
                ["pmid:8708565", "@key", "pmcid:PMC11582493"],
                "{text:?}"
            );
        }
        let glued = format!("{}xPMID 8708565", " ".repeat(offset));
        assert!(ids(&glued).is_empty(), "{glued:?}");
    }
}

#[test]
fn plural_labels_cite_each_identifier_at_its_own_place() {
    assert_eq!(
        ids("PMIDs 30915550, 34324435."),
        [("30915550", "pmid:30915550"), ("34324435", "pmid:34324435")]
            .map(|(a, b)| (a.to_string(), b.to_string()))
    );
    assert_eq!(
        ids("(PMIDs: 1, 2 and 3)")
            .into_iter()
            .map(|(_, what)| what)
            .collect::<Vec<_>>(),
        ["pmid:1", "pmid:2", "pmid:3"]
    );
    assert_eq!(
        ids("PubMed IDs 1, 0123"),
        [("1", "pmid:1"), ("0123", "malformed PMID `0123`")]
            .map(|(a, b)| (a.to_string(), b.to_string()))
    );
    assert_eq!(ids("PMIDs are numbers"), vec![]);
    assert_eq!(ids("PMIDs 1 were"), vec![("1".into(), "pmid:1".into())]);
}

#[test]
fn pubmed_id_doi_without_colon_and_trial_links() {
    one("PubMed ID 30915550.", "PubMed ID 30915550", "pmid:30915550");
    one(
        "pubmed id: 30915550",
        "pubmed id: 30915550",
        "pmid:30915550",
    );
    one(
        "DOI 10.1056/NEJMoa2032183.",
        "DOI 10.1056/NEJMoa2032183",
        "doi:10.1056/nejmoa2032183",
    );
    one(
        "doi:7717/peerj.705",
        "doi:7717/peerj.705",
        "malformed doi `7717/peerj.705`",
    );
    one(
        "https://clinicaltrials.gov/study/NCT01234567?tab=results",
        "https://clinicaltrials.gov/study/NCT01234567?tab=results",
        "nct:NCT01234567",
    );
    one(
        "https://www.clinicaltrials.gov/ct2/show/NCT01234567.",
        "https://www.clinicaltrials.gov/ct2/show/NCT01234567",
        "nct:NCT01234567",
    );
    for text in [
        "doing well",
        "the DOI is",
        "pubmed is a database",
        "a public put",
    ] {
        assert_eq!(ids(text), vec![], "{text}");
    }
}

#[test]
fn pandoc_citations_with_prefixes_locators_and_manubot_keys() {
    let cases = [
        ("claim [@a, p. 12].", "[@a, p. 12]", "@a, p. 12"),
        ("[see @a]", "[see @a]", "see @a"),
        (
            "[@a; @b, pp. 3\u{2013}4]",
            "[@a; @b, pp. 3\u{2013}4]",
            "@a;@b, pp. 3\u{2013}4",
        ),
        (
            "x [see @a, pp. 3-4; also @b] y",
            "[see @a, pp. 3-4; also @b]",
            "see @a, pp. 3-4;also @b",
        ),
        ("[-@a]", "[-@a]", "@a"),
        (
            "[@pmid:15110491]",
            "[@pmid:15110491]",
            "@pmid:15110491=pmid:15110491",
        ),
        (
            "[@doi:10.1016/S0140-6736(04)16044-3]",
            "[@doi:10.1016/S0140-6736(04)16044-3]",
            "@doi:10.1016/S0140-6736(04)16044-3=doi:10.1016/s0140-6736(04)16044-3",
        ),
        ("[@pmcid:PMC1]", "[@pmcid:PMC1]", "@pmcid:PMC1=pmcid:PMC1"),
        (
            "[@nct:NCT01234567]",
            "[@nct:NCT01234567]",
            "@nct:NCT01234567=nct:NCT01234567",
        ),
        (
            "[@isbn:978-0-306-40615-7]",
            "[@isbn:978-0-306-40615-7]",
            "@isbn:978-0-306-40615-7=isbn:9780306406157",
        ),
        ("[@{odd key}]", "[@{odd key}]", "@odd key"),
        ("[@a p. 12]", "[@a p. 12]", "@a, p. 12"),
        ("[@a chap. 2; @b]", "[@a chap. 2; @b]", "@a, chap. 2;@b"),
    ];
    for (text, span, what) in cases {
        one(text, span, what);
    }
}

#[test]
fn a_bracket_opening_with_an_at_sign_is_a_citation_or_malformed() {
    for (text, span) in [
        ("[@ not a key]", "[@ not a key]"),
        ("[@]", "[@]"),
        ("[@a and more]", "[@a and more]"),
        ("[@a, @b]", "[@a, @b]"),
        ("[@a; b]", "[@a; b]"),
        ("[@a, p. 12 and", "[@a,"),
        ("[@doi:7717/peerj.705]", "[@doi:7717/peerj.705]"),
        ("[@pmid:0123]", "[@pmid:0123]"),
    ] {
        let found = ids(text);
        assert_eq!(found.len(), 1, "{text}: {found:?}");
        assert_eq!(found[0].0, span, "{text}");
        assert!(found[0].1.starts_with("malformed"), "{text}: {found:?}");
    }
    // A bracket with words before its first key that does not parse is prose.
    assert_eq!(ids("[follow @panelpress for news]"), vec![]);
}

#[test]
fn narrative_keys_only_for_keys_of_the_bibliography() {
    let (bibliography, _) =
        Bibliography::parse("references.yaml", "renehan-2004:\n  pmid: \"15110491\"\n");
    let known = Some(&bibliography);
    assert_eq!(
        ids_with("As @renehan-2004 showed.", known),
        vec![("@renehan-2004".into(), "narrative @renehan-2004".into())]
    );
    assert_eq!(
        ids_with("As @renehan-2004 [p. 33] says", known),
        vec![(
            "@renehan-2004 [p. 33]".into(),
            "narrative @renehan-2004, p. 33".into()
        )]
    );
    assert_eq!(
        ids_with("(@pmid:15110491)", known),
        vec![(
            "@pmid:15110491".into(),
            "narrative @pmid:15110491=pmid:15110491".into()
        )]
    );
    for text in [
        "mail renehan@renehan-2004.org",
        "follow @panelpress",
        "x@renehan-2004",
        "@renehan-2004 in a link",
    ] {
        let expected = usize::from(text.starts_with('@'));
        assert_eq!(ids_with(text, known).len(), expected, "{text}");
    }
    assert_eq!(ids_with("As @renehan-2004 showed.", None), vec![]);
}
