//! Bibliography parsing: lines kept, types checked, identifiers matched.

use super::*;

const YAML: &str = r#"# comment
renehan-2004:
  pmid: "15110491"
  title: "IGF-I and cancer risk"
  authors: [Renehan AG, Zwahlen M]
  journal: The Lancet
  year: 2004
label:
  type: label
  url: "https://example.org/label"
retracted-one:
  doi: 10.1000/ABC
  retracted: true
"#;

#[test]
fn reads_entries_with_their_lines() {
    let (bib, diagnostics) = Bibliography::parse("references.yaml", YAML);
    assert_eq!(diagnostics, vec![]);
    assert_eq!(bib.entries.len(), 3);
    let renehan = &bib.entries[bib.find_key("renehan-2004").unwrap()];
    assert_eq!(renehan.line, 2);
    assert_eq!(renehan.year, Some(2004));
    assert_eq!(renehan.authors, ["Renehan AG", "Zwahlen M"]);
    assert_eq!(
        bib.entries[bib.find_key("label").unwrap()].entry_type,
        EntryType::Label
    );
    // DOIs match case-insensitively.
    let doi = Identifier::Doi("10.1000/abc".into());
    assert_eq!(bib.find_id(&doi), bib.find_key("retracted-one"));
    assert!(bib.entries[bib.find_id(&doi).unwrap()].retracted);
}

#[test]
fn reports_wrong_types_missing_identifiers_and_unknown_fields_at_their_lines() {
    let text = "a:\n  pmid: \"123\"\n  year: soon\nb:\n  title: no id\nc:\n  pmid: \"1\"\n  retracted: maybe\n  colour: red\n";
    let (_, diagnostics) = Bibliography::parse("references.yaml", text);
    let found: Vec<(Code, usize)> = diagnostics.iter().map(|d| (d.code, d.line)).collect();
    assert!(found.contains(&(Code::MetaInvalid, 3)), "{found:?}");
    assert!(found.contains(&(Code::MetaInvalid, 4)), "{found:?}");
    assert!(found.contains(&(Code::MetaInvalid, 8)), "{found:?}");
    assert!(found.contains(&(Code::MetaInvalid, 9)), "{found:?}");
}

#[test]
fn reports_duplicates_and_malformed_identifiers() {
    let text = "a:\n  pmid: \"123\"\nb:\n  pmid: 123\nc:\n  pmid: \"0123\"\n";
    let (_, diagnostics) = Bibliography::parse("references.yaml", text);
    let found: Vec<(Code, usize)> = diagnostics.iter().map(|d| (d.code, d.line)).collect();
    assert_eq!(
        found,
        vec![(Code::CiteMalformed, 6), (Code::CiteDuplicate, 3)]
    );
}

#[test]
fn syntax_errors_are_invalid_at_their_line() {
    let (_, diagnostics) =
        Bibliography::parse("references.yaml", "a:\n  pmid: \"1\"\n  title: [oops\n");
    assert_eq!(diagnostics[0].code, Code::MetaInvalid);
    assert!(diagnostics[0].line >= 3);
}

#[test]
fn reads_csl_json() {
    let text = r#"[
  {
    "id": "renehan-2004",
    "type": "article-journal",
    "title": "IGF-I and cancer risk",
    "author": [{"family": "Renehan", "given": "Andrew G."}, {"family": "Egger", "given": "Matthias"}],
    "container-title": "The Lancet",
    "issued": {"date-parts": [[2004, 4]]},
    "PMID": "15110491",
    "DOI": "10.1016/S0140-6736(04)16044-3"
  },
  {"id": "no-ids", "title": "Nothing"}
]"#;
    let (bib, diagnostics) = Bibliography::parse("refs.json", text);
    let entry = &bib.entries[0];
    assert_eq!(entry.line, 3);
    assert_eq!(entry.authors, ["Renehan AG", "Egger M"]);
    assert_eq!(entry.year, Some(2004));
    assert_eq!(entry.ids.len(), 2);
    assert_eq!(bib.find_id(&Identifier::Pmid("15110491".into())), Some(0));
    assert_eq!(diagnostics.len(), 1);
    assert_eq!(
        (diagnostics[0].code, diagnostics[0].line),
        (Code::MetaInvalid, 12)
    );
}
