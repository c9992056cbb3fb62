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

/// A bibliography of `count` four-line entries (entry `i` starts at line `4 i + 1`).
fn large(count: usize) -> Vec<String> {
    let mut lines = Vec::new();
    for i in 0..count {
        lines.push(format!("entry-{i}:"));
        lines.push(format!("  pmid: \"{}\"", 1000 + i));
        lines.push(format!("  title: \"Title {i}: a study\""));
        lines.push(format!("  year: {}", 1950 + i % 70));
    }
    lines
}

fn joined(lines: &[String]) -> String {
    lines.join("\n") + "\n"
}

#[test]
fn a_large_bibliography_keeps_every_entry_and_line() {
    let text = joined(&large(3000));
    assert!(text.len() > 100_000);
    let (bib, diagnostics) = Bibliography::parse("references.yaml", &text);
    assert_eq!(diagnostics, vec![]);
    assert_eq!(bib.entries.len(), 3000);
    for (i, entry) in bib.entries.iter().enumerate() {
        assert_eq!(entry.key, format!("entry-{i}"));
        assert_eq!(entry.line, 4 * i + 1);
        assert_eq!(
            entry.title.as_deref(),
            Some(format!("Title {i}: a study").as_str())
        );
        assert_eq!(entry.ids, [Identifier::Pmid((1000 + i).to_string())]);
    }
}

#[test]
fn a_syntax_error_in_the_middle_of_a_large_file_keeps_its_line_and_column() {
    let mut lines = large(3000);
    lines[4 * 1500 + 2] = "  title: \"Title\" and more".into();
    let text = joined(&lines);
    let (bib, diagnostics) = Bibliography::parse("references.yaml", &text);
    let expected = crate::yaml::from_str::<serde_json::Value>(&text).unwrap_err();
    assert!(bib.entries.is_empty());
    assert_eq!(diagnostics.len(), 1);
    let d = &diagnostics[0];
    assert_eq!((d.line, d.column), (expected.line, expected.column));
    assert_eq!(d.line, 4 * 1500 + 3);
    assert!(d.message.contains(&expected.message), "{}", d.message);
}

/// What YAML allows beyond `key:` blocks of fields (an anchor; aliases are refused, see
/// `yaml`), and the mistakes only a bibliography can make: each finding at its line, and
/// values read as YAML reads them.
#[test]
fn reports_repeated_keys_and_empty_entries_and_reads_any_yaml_value() {
    let text = "a:\n  pmid: \"1\"\n\
                b:\n  pmid: \"2\"\n  year: 0x7D4\n\
                c:\n  pmid: \"3\"\n  year: &y 1999\n\
                d:\n  pmid: \"4\"\n  year: \"1999\"\n\
                a:\n  pmid: \"5\"\n\
                empty:\n\
                flow: {pmid: \"77\", retracted: maybe}\n";
    let (bib, diagnostics) = Bibliography::parse("references.yaml", text);
    let found: Vec<(Code, usize, &str)> = diagnostics
        .iter()
        .map(|d| (d.code, d.line, d.message.as_str()))
        .collect();
    assert_eq!(
        found,
        vec![
            (
                Code::MetaInvalid,
                12,
                "the key `a` is used twice (first at line 1)"
            ),
            (Code::MetaInvalid, 14, "entry `empty` has no fields"),
            (
                Code::MetaInvalid,
                15,
                "`retracted` in entry `flow` must be true or false"
            ),
        ]
    );
    let entry = |key| &bib.entries[bib.find_key(key).unwrap()];
    let years = [entry("b").year, entry("c").year, entry("d").year];
    assert_eq!(years, [Some(2004), Some(1999), Some(1999)]);
    // YAML keeps the last of two equal keys; the entry stands at the first one's line.
    assert_eq!(entry("a").ids, [Identifier::Pmid("5".into())]);
    assert_eq!(entry("a").line, 1);
    assert_eq!(
        bib.find_id(&Identifier::Pmid("77".into())),
        bib.find_key("flow")
    );
}

/// Guards against a `javascript:` or `data:` address in `url:` becoming a live link in the
/// reference list: it is `meta/invalid` at its line and the entry keeps no URL.
#[test]
fn a_url_that_is_not_http_is_refused_and_dropped() {
    let yaml = "a:\n  title: A\n  url: \"javascript:alert(1)\"\nb:\n  url: https://example.org/b\n";
    let (bib, diagnostics) = Bibliography::parse("references.yaml", yaml);
    let at: Vec<_> = diagnostics.iter().map(|d| (d.code, d.line)).collect();
    assert_eq!(at, [(Code::MetaInvalid, 3)], "{diagnostics:#?}");
    assert_eq!(bib.entries[bib.find_key("a").unwrap()].url, None);
    let b = &bib.entries[bib.find_key("b").unwrap()];
    assert_eq!(b.url.as_deref(), Some("https://example.org/b"));

    let csl = r#"[{"id": "c", "URL": "data:text/html,<script>x</script>", "DOI": "10.1000/x"}]"#;
    let (bib, diagnostics) = Bibliography::parse("references.json", csl);
    assert_eq!(diagnostics.len(), 1, "{diagnostics:#?}");
    assert_eq!(diagnostics[0].code, Code::MetaInvalid);
    assert_eq!(bib.entries[0].url, None);
}

/// Guards `study:` and `species:`: a known study (any case) and a species name or list are
/// read; an unknown study is `meta/invalid` at its own line, with the nearest value.
#[test]
fn reads_study_and_species_and_suggests_the_nearest_study() {
    let text = "rat:\n  pmid: \"8708565\"\n  study: Animal\n  species: rat\ncells:\n  url: https://example.org/c\n  species: [human, mice]\n  study: invitro\n";
    let (bib, diagnostics) = Bibliography::parse("references.yaml", text);
    let rat = &bib.entries[bib.find_key("rat").unwrap()];
    assert_eq!(rat.study, Some(crate::citations::evidence::Study::Animal));
    assert_eq!(rat.species, ["rat"]);
    let cells = &bib.entries[bib.find_key("cells").unwrap()];
    assert_eq!((cells.study, cells.species.len()), (None, 2));
    assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
    let d = &diagnostics[0];
    assert_eq!((d.code, d.line, d.column), (Code::MetaInvalid, 8, 3));
    assert!(d.message.contains("`study: invitro`"), "{}", d.message);
    assert!(
        d.help
            .as_deref()
            .unwrap_or("")
            .starts_with("did you mean `in-vitro`?"),
        "{:?}",
        d.help
    );
}
