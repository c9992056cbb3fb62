//! Every inline citation form and the ways each can fail, table-driven.

use super::*;

fn ids(text: &str) -> Vec<(String, String)> {
    scan(text)
        .into_iter()
        .map(|f| {
            let what = match f.cited {
                Cited::Id(id) => id.key(),
                Cited::Keys(keys) => keys
                    .into_iter()
                    .map(|(k, _)| format!("@{k}"))
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
        "[@ not a key]",
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
