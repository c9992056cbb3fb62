use super::*;

fn day() -> Date {
    Date::parse("2026-11-25").unwrap()
}

#[test]
fn esummary_reads_records_and_unknown_pmids() {
    let body = r#"{"header":{"type":"esummary","version":"0.3"},"result":{"uids":["15110491","99999999"],
      "15110491":{"uid":"15110491","pubdate":"2004 Apr 17","source":"Lancet",
        "authors":[{"name":"Renehan AG","authtype":"Author"},{"name":"Zwahlen M"}],
        "title":"Insulin-like growth factor (IGF)-I, IGF binding protein-3, and cancer risk.",
        "fulljournalname":"Lancet (London, England)",
        "articleids":[{"idtype":"pubmed","value":"15110491"},{"idtype":"doi","value":"10.1016/S0140-6736(04)16044-3"},{"idtype":"pmc","value":"PMC123"}],
        "pubtype":["Journal Article","Retracted Publication"]},
      "99999999":{"uid":"99999999","error":"cannot get document summary"}}}"#;
    let records = esummary(body, day()).unwrap();
    let r = &records["15110491"];
    assert_eq!(r.year, Some(2004));
    assert_eq!(r.first_author.as_deref(), Some("Renehan AG"));
    assert_eq!(r.journal.as_deref(), Some("Lancet (London, England)"));
    assert_eq!(r.ids, ["doi:10.1016/s0140-6736(04)16044-3", "pmcid:PMC123"]);
    assert!(r.retracted);
    assert!(!records["99999999"].verified());
}

#[test]
fn idconv_reads_conversions_and_error_records() {
    let body = r#"{"status":"ok","responseDate":"2026-11-25","request":"ids=PMC1;format=json",
      "records":[{"pmcid":"PMC11582493","pmid":"39000000","doi":"10.1000/xyz"},
                 {"requested-id":"PMC99","pmcid":"PMC99","status":"error","errmsg":"invalid article id"}]}"#;
    let conversions = idconv(body).unwrap();
    assert_eq!(
        conversions["PMC11582493"],
        Some((Some("39000000".into()), Some("10.1000/xyz".into())))
    );
    assert_eq!(conversions["PMC99"], None);
    let record = pmc_record(&conversions["PMC11582493"], None, day());
    assert_eq!(record.ids, ["doi:10.1000/xyz", "pmid:39000000"]);
    assert!(!pmc_record(&None, None, day()).verified());
}

#[test]
fn crossref_reads_a_work_and_its_retraction() {
    let body = r#"{"status":"ok","message-type":"work","message":{"DOI":"10.1000/abc",
      "title":["A trial"],"container-title":["BMJ"],"issued":{"date-parts":[[2019,3,1]]},
      "author":[{"given":"Ann Marie","family":"Smith"}],
      "updated-by":[{"type":"retraction","DOI":"10.1000/notice","updated":{"date-parts":[[2020,1,1]]}}]}}"#;
    let r = crossref(body, "10.1000/abc", day()).unwrap();
    assert_eq!(r.title.as_deref(), Some("A trial"));
    assert_eq!(r.year, Some(2019));
    assert_eq!(r.first_author.as_deref(), Some("Smith AM"));
    assert!(r.retracted);
    let notice = r#"{"status":"ok","message":{"title":["Retraction"],"update-to":[{"type":"retraction","DOI":"10.1000/abc"}]}}"#;
    assert!(!crossref(notice, "10.1000/notice", day()).unwrap().retracted);
}

#[test]
fn clinical_trials_reads_a_study() {
    let body = r#"{"protocolSection":{"identificationModule":{"nctId":"NCT01234567","briefTitle":"GH in adults"},
      "statusModule":{"studyFirstPostDateStruct":{"date":"2010-05-02","type":"ACTUAL"}},
      "sponsorCollaboratorsModule":{"leadSponsor":{"name":"Some University"}}},"hasResults":false}"#;
    let r = clinical_trial(body, day()).unwrap();
    assert_eq!(r.title.as_deref(), Some("GH in adults"));
    assert_eq!(r.year, Some(2010));
    assert_eq!(r.first_author.as_deref(), Some("Some University"));
}
