//! One reading of a source's kind of evidence from the bibliography and the lock, with
//! its plain-words label. The precedence: what the registry records wins when it is
//! specific (a trial registration, a preprint, animal research in a named species, a
//! meta-analysis, a randomised trial …); otherwise the entry's `study:` (or its `type:
//! label` or `type: guideline`) wins; otherwise what the registry knows in general ("Study
//! in people"). Whether the source is animal or laboratory evidence, or a preprint, is
//! true when either says so: a disagreement between the two is `cite/mismatch`.

use super::{plural_species, Recorded, Study};
use crate::citations::{Entry, EntryType};
use serde::Serialize;

/// The kind of evidence a source is, as readers and templates see it
/// (`reference.evidence`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct Evidence {
    /// A stable name for the kind, for styling and templates: `meta-analysis`,
    /// `systematic-review`, `rct`, `clinical-trial`, `cohort`, `observational`,
    /// `case-report`, `review`, `guideline`, `label`, `animal`, `in-vitro`, `preprint`,
    /// `trial-registration` or `people`.
    pub(crate) kind: &'static str,
    /// The plain-words label: "Randomised trial", "Study in rats".
    pub(crate) label: String,
    /// The species studied, plain and plural (`rats`), when known.
    pub(crate) species: Vec<String>,
    /// Animal or laboratory (cell) evidence only: nothing was measured in people.
    pub(crate) animal: bool,
    /// A preprint, not peer reviewed.
    pub(crate) preprint: bool,
    /// Where the label comes from: `registry` (citations.lock) or `bibliography`.
    pub(crate) source: &'static str,
}

impl Evidence {
    /// The label as it reads inside a sentence: `study in rats`, after a comma in an
    /// accessible name or in a finding's message.
    pub(crate) fn label_in_sentence(&self) -> String {
        let mut chars = self.label.chars();
        match chars.next() {
            Some(first) => first.to_lowercase().chain(chars).collect(),
            None => String::new(),
        }
    }
}

/// One kind, before it is labelled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    TrialRegistration { results: bool },
    Preprint,
    Animal,
    InVitro,
    MetaAnalysis,
    SystematicReview,
    Guideline,
    Label,
    Rct,
    ClinicalTrial,
    Cohort,
    Observational,
    CaseReport,
    Review,
    People,
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::TrialRegistration { .. } => "trial-registration",
            Kind::Preprint => "preprint",
            Kind::Animal => "animal",
            Kind::InVitro => "in-vitro",
            Kind::MetaAnalysis => "meta-analysis",
            Kind::SystematicReview => "systematic-review",
            Kind::Guideline => "guideline",
            Kind::Label => "label",
            Kind::Rct => "rct",
            Kind::ClinicalTrial => "clinical-trial",
            Kind::Cohort => "cohort",
            Kind::Observational => "observational",
            Kind::CaseReport => "case-report",
            Kind::Review => "review",
            Kind::People => "people",
        }
    }

    fn label(self, species: &[String]) -> String {
        let text = match self {
            Kind::TrialRegistration { results: true } => "Trial registration, results posted",
            Kind::TrialRegistration { results: false } => "Trial registration, no results posted",
            Kind::Preprint => "Preprint, not peer reviewed",
            Kind::Animal => return animal_label(species),
            Kind::InVitro => "Laboratory (cell) study",
            Kind::MetaAnalysis => "Meta-analysis",
            Kind::SystematicReview => "Systematic review",
            Kind::Guideline => "Guideline",
            Kind::Label => "Official drug label",
            Kind::Rct => "Randomised trial",
            Kind::ClinicalTrial => "Clinical trial",
            Kind::Cohort => "Cohort study",
            Kind::Observational => "Observational study",
            Kind::CaseReport => "Case report",
            Kind::Review => "Review",
            Kind::People => "Study in people",
        };
        text.to_string()
    }

    /// Whether the registry's reading is specific enough to win over the bibliography's.
    /// MeSH saying animals and not people is: the label then says what the warnings say
    /// (a bibliography that calls such a source a trial is `cite/mismatch`).
    fn specific(self) -> bool {
        !matches!(self, Kind::People | Kind::Review)
    }

    fn of_study(study: Study) -> Kind {
        match study {
            Study::MetaAnalysis => Kind::MetaAnalysis,
            Study::SystematicReview => Kind::SystematicReview,
            Study::Rct => Kind::Rct,
            Study::Cohort => Kind::Cohort,
            Study::CaseReport => Kind::CaseReport,
            Study::Review => Kind::Review,
            Study::Animal => Kind::Animal,
            Study::InVitro => Kind::InVitro,
            Study::Preprint => Kind::Preprint,
            Study::Label => Kind::Label,
            Study::Guideline => Kind::Guideline,
        }
    }
}

/// "Study in rats", "Study in rats and mice", "Study in animals".
fn animal_label(species: &[String]) -> String {
    let named: Vec<&str> = species
        .iter()
        .map(String::as_str)
        .filter(|s| *s != "animals" && *s != "humans")
        .collect();
    match named.as_slice() {
        [] => "Study in animals".to_string(),
        [one] => format!("Study in {one}"),
        [rest @ .., last] => format!("Study in {} and {last}", rest.join(", ")),
    }
}

/// PubMed publication types that name a design, most telling first.
const DESIGNS: &[(&str, Kind)] = &[
    ("Meta-Analysis", Kind::MetaAnalysis),
    ("Systematic Review", Kind::SystematicReview),
    ("Practice Guideline", Kind::Guideline),
    ("Guideline", Kind::Guideline),
    ("Randomized Controlled Trial", Kind::Rct),
    ("Clinical Trial", Kind::ClinicalTrial),
    ("Clinical Trial, Phase I", Kind::ClinicalTrial),
    ("Clinical Trial, Phase II", Kind::ClinicalTrial),
    ("Clinical Trial, Phase III", Kind::ClinicalTrial),
    ("Clinical Trial, Phase IV", Kind::ClinicalTrial),
    ("Controlled Clinical Trial", Kind::ClinicalTrial),
    ("Pragmatic Clinical Trial", Kind::ClinicalTrial),
    ("Case Reports", Kind::CaseReport),
    ("Observational Study", Kind::Observational),
    ("Review", Kind::Review),
    ("Scoping Review", Kind::Review),
];

/// The `study:` values a record's publication types allow (empty when they name no design:
/// then nothing contradicts the entry). A meta-analysis, a systematic review and a review
/// are read as one family; a clinical trial allows `rct` (PubMed types a randomised one
/// both ways), an observational study `cohort`.
pub(super) fn designs(recorded: &Recorded) -> Vec<Study> {
    let mut allowed = Vec::new();
    for (name, kind) in DESIGNS {
        if !recorded.has_type(name) {
            continue;
        }
        allowed.extend_from_slice(match kind {
            Kind::MetaAnalysis | Kind::SystematicReview | Kind::Review => {
                &[Study::MetaAnalysis, Study::SystematicReview, Study::Review][..]
            }
            Kind::Guideline => &[Study::Guideline],
            Kind::Rct | Kind::ClinicalTrial => &[Study::Rct],
            Kind::CaseReport => &[Study::CaseReport],
            Kind::Observational => &[Study::Cohort],
            _ => &[],
        });
    }
    allowed
}

/// What the registry records say, most telling first.
fn registry_kind(records: &[&Recorded]) -> Option<Kind> {
    if let Some(trial) = records.iter().find(|r| r.is_trial_registration()) {
        let results = trial.results_posted.unwrap_or(false);
        return Some(Kind::TrialRegistration { results });
    }
    if records.iter().any(|r| r.preprint) {
        return Some(Kind::Preprint);
    }
    let species = records.iter().find_map(|r| r.species.as_ref());
    if species.is_some_and(super::Species::animal_only) {
        return Some(Kind::Animal);
    }
    let design = DESIGNS
        .iter()
        .find(|(name, _)| records.iter().any(|r| r.has_type(name)))
        .map(|&(_, kind)| kind);
    let people = species.is_some_and(|s| s.names().iter().any(|n| n == "humans"));
    design.or(people.then_some(Kind::People))
}

/// The kind of evidence `entry` is, given the lock's records of its identifiers; `None`
/// when neither says anything.
pub(crate) fn evidence(entry: &Entry, records: &[&Recorded]) -> Option<Evidence> {
    let stated = entry.study.or(match entry.entry_type {
        EntryType::Label => Some(Study::Label),
        EntryType::Guideline => Some(Study::Guideline),
        _ => None,
    });
    let recorded_species: Vec<String> = records
        .iter()
        .find_map(|r| r.species.as_ref())
        .map(|s| {
            s.names()
                .iter()
                .filter(|n| *n != "animals" && *n != "humans")
                .cloned()
                .collect()
        })
        .unwrap_or_default();
    let species: Vec<String> = if entry.species.is_empty() {
        recorded_species.clone()
    } else {
        entry.species.iter().map(|s| plural_species(s)).collect()
    };
    let registry = registry_kind(records);
    let (kind, source) = match (registry, stated) {
        (Some(kind), _) if kind.specific() => (kind, "registry"),
        (_, Some(study)) => (Kind::of_study(study), "bibliography"),
        (Some(kind), None) => (kind, "registry"),
        (None, None) if !species.is_empty() => (people_or_animals(&species), "bibliography"),
        (None, None) => return None,
    };
    let animal = matches!(kind, Kind::Animal | Kind::InVitro)
        || matches!(stated, Some(Study::Animal | Study::InVitro))
        || registry == Some(Kind::Animal);
    let preprint = kind == Kind::Preprint
        || stated == Some(Study::Preprint)
        || records.iter().any(|r| r.preprint);
    Some(Evidence {
        kind: kind.name(),
        label: kind.label(&species),
        species,
        animal,
        preprint,
        source,
    })
}

/// A source the bibliography gives only `species:` for.
fn people_or_animals(species: &[String]) -> Kind {
    if species.iter().any(|s| s == "humans") {
        Kind::People
    } else {
        Kind::Animal
    }
}
