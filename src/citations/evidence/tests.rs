use super::*;
use crate::citations::{Entry, EntryType};

fn rats() -> Recorded {
    Recorded {
        publication_types: vec!["Journal Article".into()],
        species: Some(Species::Indexed(vec!["animals".into(), "rats".into()])),
        ..Recorded::default()
    }
}

fn entry(study: Option<Study>) -> Entry {
    Entry {
        key: "k".into(),
        study,
        ..Entry::default()
    }
}

#[test]
fn the_registry_wins_when_it_is_specific() {
    let found = evidence(&entry(Some(Study::Rct)), &[&rats()]).expect("evidence");
    assert_eq!(found.label, "Study in rats");
    assert!(found.animal && !found.preprint);
    assert_eq!(found.source, "registry");
    let meta = Recorded {
        publication_types: vec!["Meta-Analysis".into(), "Review".into()],
        species: Some(Species::Indexed(vec!["humans".into()])),
        ..Recorded::default()
    };
    let found = evidence(&entry(None), &[&meta]).expect("evidence");
    assert_eq!(
        (found.kind, found.label.as_str()),
        ("meta-analysis", "Meta-analysis")
    );
}

#[test]
fn the_bibliography_wins_over_a_general_record() {
    let people = Recorded {
        species: Some(Species::Indexed(vec!["humans".into()])),
        ..Recorded::default()
    };
    let found = evidence(&entry(Some(Study::Cohort)), &[&people]).expect("evidence");
    assert_eq!(
        (found.label.as_str(), found.source),
        ("Cohort study", "bibliography")
    );
    let found = evidence(&entry(None), &[&people]).expect("evidence");
    assert_eq!(found.label, "Study in people");
    assert!(!found.animal);
}

#[test]
fn labels_what_only_the_bibliography_knows() {
    let label = Entry {
        entry_type: EntryType::Label,
        ..entry(None)
    };
    assert_eq!(
        evidence(&label, &[]).expect("label").label,
        "Official drug label"
    );
    let cells = evidence(&entry(Some(Study::InVitro)), &[]).expect("cells");
    assert_eq!(cells.label, "Laboratory (cell) study");
    assert!(cells.animal);
    let mice = Entry {
        species: vec!["mouse".into(), "Rat".into()],
        ..entry(Some(Study::Animal))
    };
    assert_eq!(
        evidence(&mice, &[]).expect("mice").label,
        "Study in mice and rats"
    );
    assert_eq!(evidence(&entry(None), &[]), None);
}

#[test]
fn preprints_and_trial_registrations() {
    let preprint = Recorded {
        work_type: Some("posted-content".into()),
        work_subtype: Some("preprint".into()),
        preprint: true,
        ..Recorded::default()
    };
    let found = evidence(&entry(None), &[&preprint]).expect("preprint");
    assert_eq!(found.label, "Preprint, not peer reviewed");
    assert!(found.preprint && !found.animal);
    let trial = Recorded {
        trial_status: Some("COMPLETED".into()),
        results_posted: Some(false),
        ..Recorded::default()
    };
    let found = evidence(&entry(None), &[&trial]).expect("trial");
    assert_eq!(found.label, "Trial registration, no results posted");
}

#[test]
fn reports_only_clear_disagreements() {
    let meta = Recorded {
        publication_types: vec![
            "Journal Article".into(),
            "Meta-Analysis".into(),
            "Review".into(),
        ],
        ..Recorded::default()
    };
    assert!(disagreements(Some(Study::SystematicReview), &[], &meta).is_empty());
    assert_eq!(
        disagreements(Some(Study::Rct), &[], &meta),
        ["the study is `rct`, the registry has Journal Article, Meta-Analysis, Review"]
    );
    let plain = Recorded {
        publication_types: vec!["Journal Article".into()],
        ..Recorded::default()
    };
    assert!(disagreements(Some(Study::Rct), &[], &plain).is_empty());
    assert_eq!(
        disagreements(Some(Study::Preprint), &[], &plain),
        ["the study is `preprint`, the registry has Journal Article"]
    );
    let people = Recorded {
        species: Some(Species::Indexed(vec!["humans".into()])),
        ..Recorded::default()
    };
    assert_eq!(
        disagreements(Some(Study::Animal), &["rats".into()], &people),
        [
            "the study is `animal`, the registry has a study in humans",
            "the species is rats, the registry has humans"
        ]
    );
    assert!(disagreements(Some(Study::Animal), &["rat".into()], &rats()).is_empty());
}

#[test]
fn reads_study_values_and_suggests_the_nearest() {
    assert_eq!(Study::parse("RCT"), Some(Study::Rct));
    assert_eq!(Study::parse("randomised"), None);
    assert_eq!(Study::nearest("invitro"), "in-vitro");
    assert_eq!(Study::nearest("meta analysis"), "meta-analysis");
}
