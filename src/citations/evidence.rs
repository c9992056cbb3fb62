//! The kind of evidence a source is: what the bibliography states (`study:`, `species:`),
//! what the registries recorded in `citations.lock` ([`Recorded`]), and the one reading of
//! the two that readers and the checks see ([`Evidence`]: a plain-words label such as
//! "Study in rats", and whether the source is animal or laboratory evidence only, or a
//! preprint).
//!
//! Input: a bibliography entry and the lock's records of its identifiers; output: its
//! [`Evidence`], attached to the entry once per run ([`super::Bibliography::attach_evidence`])
//! so the References list, the inline marks and the `evidence/*` checks read the same
//! answer. The lock's records are plain data here so that `registry`, which writes them,
//! depends on `citations` and never the other way round.

mod kind;

pub(crate) use kind::{evidence, Evidence};

use serde::Deserialize;

/// What a bibliography entry states about its kind of evidence (`study:`), for a source no
/// registry describes (a book, a web page, a label) or to say more than the registry does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Study {
    MetaAnalysis,
    SystematicReview,
    Rct,
    Cohort,
    CaseReport,
    Review,
    Animal,
    InVitro,
    Preprint,
    Label,
    Guideline,
}

/// Every `study:` value, as written.
const STUDIES: [(&str, Study); 11] = [
    ("meta-analysis", Study::MetaAnalysis),
    ("systematic-review", Study::SystematicReview),
    ("rct", Study::Rct),
    ("cohort", Study::Cohort),
    ("case-report", Study::CaseReport),
    ("review", Study::Review),
    ("animal", Study::Animal),
    ("in-vitro", Study::InVitro),
    ("preprint", Study::Preprint),
    ("label", Study::Label),
    ("guideline", Study::Guideline),
];

impl Study {
    /// The value `name` (`rct`), if it is one; letter case is ignored.
    pub(crate) fn parse(name: &str) -> Option<Study> {
        let name = name.trim().to_ascii_lowercase();
        STUDIES.iter().find(|(n, _)| *n == name).map(|&(_, s)| s)
    }

    /// The value as written in the bibliography.
    pub(crate) fn as_str(self) -> &'static str {
        STUDIES
            .iter()
            .find(|(_, s)| *s == self)
            .map_or("", |(name, _)| name)
    }

    /// The allowed value nearest to `name` by edit distance (for "did you mean").
    pub(crate) fn nearest(name: &str) -> &'static str {
        let lowered = name.trim().to_lowercase();
        STUDIES
            .iter()
            .map(|(known, _)| (crate::text::edit_distance(known, &lowered), *known))
            .min()
            .map_or("rct", |(_, known)| known)
    }

    /// Every allowed value, comma-separated, for help lines.
    pub(crate) fn all() -> String {
        STUDIES.map(|(name, _)| name).join(", ")
    }

    /// Whether this names a study design (as opposed to who or what was studied, or the
    /// kind of document): the values compared with a registry's publication types.
    fn is_design(self) -> bool {
        matches!(
            self,
            Study::MetaAnalysis
                | Study::SystematicReview
                | Study::Rct
                | Study::Cohort
                | Study::CaseReport
                | Study::Review
                | Study::Guideline
        )
    }
}

/// A species as the bibliography may write it, in the plural the labels use
/// (`rat` → `rats`, `human` → `humans`); other names are kept, lower-cased.
pub(crate) fn plural_species(name: &str) -> String {
    let lowered = name.trim().to_lowercase();
    let plural = match lowered.as_str() {
        "rat" => "rats",
        "mouse" => "mice",
        "human" | "people" | "person" | "man" | "men" | "women" | "woman" => "humans",
        "pig" | "swine" => "pigs",
        "dog" => "dogs",
        "monkey" => "monkeys",
        "cat" => "cats",
        "rabbit" => "rabbits",
        "hamster" => "hamsters",
        "sheep" => "sheep",
        "animal" => "animals",
        _ => return lowered,
    };
    plural.to_string()
}

/// What the registries said about the kind of evidence one identifier is, as
/// `citations.lock` records it under `evidence:`. Every field is optional, so a lock
/// written before these were recorded still reads.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Recorded {
    /// PubMed's publication types, as PubMed writes them (`Randomized Controlled Trial`).
    #[serde(default)]
    pub(crate) publication_types: Vec<String>,
    /// From PubMed's MeSH check tags; absent when the registry says nothing about species.
    #[serde(default)]
    pub(crate) species: Option<Species>,
    /// Crossref's `type` and `subtype` (`posted-content`, `preprint`).
    #[serde(default)]
    pub(crate) work_type: Option<String>,
    #[serde(default)]
    pub(crate) work_subtype: Option<String>,
    /// A preprint, not peer reviewed: Crossref's `posted-content`/`preprint`, or PubMed's
    /// publication type `Preprint`.
    #[serde(default)]
    pub(crate) preprint: bool,
    /// ClinicalTrials.gov: the phases (`PHASE2`), the overall status (`COMPLETED`) and
    /// whether results are posted.
    #[serde(default)]
    pub(crate) trial_phases: Vec<String>,
    #[serde(default)]
    pub(crate) trial_status: Option<String>,
    #[serde(default)]
    pub(crate) results_posted: Option<bool>,
}

impl Recorded {
    /// Whether nothing was recorded (the lock then writes no `evidence:`).
    pub(crate) fn is_empty(&self) -> bool {
        *self == Recorded::default()
    }

    /// A trial registration (ClinicalTrials.gov record).
    pub(crate) fn is_trial_registration(&self) -> bool {
        self.trial_status.is_some() || self.results_posted.is_some()
    }

    fn has_type(&self, name: &str) -> bool {
        self.publication_types
            .iter()
            .any(|t| t.eq_ignore_ascii_case(name))
    }
}

/// What MeSH says about who was studied.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(try_from = "SpeciesText")]
pub(crate) enum Species {
    /// The check tags and species headings, plain and sorted (`animals`, `rats`).
    Indexed(Vec<String>),
    /// PubMed has the record but has not indexed it with MeSH yet: nothing is known.
    NotIndexed,
}

/// How the lock writes a [`Species`]: a list, or the words `not indexed yet`.
pub(crate) const NOT_INDEXED: &str = "not indexed yet";

#[derive(Deserialize)]
#[serde(untagged)]
enum SpeciesText {
    List(Vec<String>),
    Text(String),
}

impl TryFrom<SpeciesText> for Species {
    type Error = String;

    fn try_from(text: SpeciesText) -> Result<Species, String> {
        match text {
            SpeciesText::List(names) => Ok(Species::Indexed(names)),
            SpeciesText::Text(t) if t == NOT_INDEXED => Ok(Species::NotIndexed),
            SpeciesText::Text(t) => Err(format!(
                "`species` must be a list or `{NOT_INDEXED}`, not `{t}`"
            )),
        }
    }
}

impl Species {
    /// The names recorded (none when not indexed).
    pub(crate) fn names(&self) -> &[String] {
        match self {
            Species::Indexed(names) => names,
            Species::NotIndexed => &[],
        }
    }

    /// Animals and no humans: evidence from animals only.
    pub(crate) fn animal_only(&self) -> bool {
        let names = self.names();
        names.iter().any(|n| n == "animals") && !names.iter().any(|n| n == "humans")
    }
}

/// What the entry's `study:` or `species:` says that the registry's record contradicts, as
/// phrases for `cite/mismatch`. Only a clear contradiction counts: a design the
/// publication types rule out, a preprint the registry files as a journal article, animal
/// research the registry indexes as a study in humans alone, a species it does not list.
pub(crate) fn disagreements(
    study: Option<Study>,
    species: &[String],
    recorded: &Recorded,
) -> Vec<String> {
    let mut found = Vec::new();
    if let Some(study) = study {
        if let Some(theirs) = contradicts(study, recorded) {
            found.push(format!(
                "the study is `{}`, the registry has {theirs}",
                study.as_str()
            ));
        }
    }
    let indexed = recorded.species.as_ref().map(Species::names).unwrap_or(&[]);
    let ours: Vec<String> = species.iter().map(|s| plural_species(s)).collect();
    let missing: Vec<&String> = ours
        .iter()
        .filter(|s| !indexed.contains(s) && *s != "animals")
        .collect();
    if !indexed.is_empty() && !missing.is_empty() {
        found.push(format!(
            "the species is {}, the registry has {}",
            ours.join(", "),
            indexed.join(", ")
        ));
    }
    found
}

/// What the registry says instead of `study`, when it rules `study` out.
fn contradicts(study: Study, recorded: &Recorded) -> Option<String> {
    let types = || recorded.publication_types.join(", ");
    match study {
        Study::Preprint => {
            let journal = recorded
                .work_type
                .as_deref()
                .is_some_and(|t| t != "posted-content");
            let pubmed = !recorded.publication_types.is_empty();
            (!recorded.preprint && (journal || pubmed)).then(|| match &recorded.work_type {
                Some(t) => format!("`{t}`"),
                None => types(),
            })
        }
        Study::Animal => {
            let species = recorded.species.as_ref()?;
            let names = species.names();
            (!names.is_empty() && !names.iter().any(|n| n == "animals"))
                .then(|| format!("a study in {}", names.join(", ")))
        }
        _ if study.is_design() => {
            let designs = kind::designs(recorded);
            (!designs.is_empty() && !designs.contains(&study)).then(types)
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests;
