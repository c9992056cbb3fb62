//! The registries' JSON answers into lock [`Record`]s: pure functions over the documented
//! shapes of NCBI esummary, the PMC ID Converter, Crossref `works` and ClinicalTrials.gov
//! v2, including their error forms (an unknown PMID inside an HTTP 200 esummary body, a
//! converter record with `status: error`).

use super::lockfile::Record;
use crate::citations::evidence::Recorded;
use crate::citations::identifiers as ids;
use crate::content::Date;
use serde_json::Value;
use std::collections::BTreeMap;

/// Canonical keys of the cross-identifiers, sorted, without duplicates.
fn keys(found: impl IntoIterator<Item = Option<crate::citations::Identifier>>) -> Vec<String> {
    let mut keys: Vec<String> = found.into_iter().flatten().map(|id| id.key()).collect();
    keys.sort();
    keys.dedup();
    keys
}

fn text(value: &Value) -> Option<String> {
    let text = value.as_str()?.trim();
    (!text.is_empty()).then(|| text.to_string())
}

fn parse_json(body: &str, what: &str) -> Result<Value, String> {
    serde_json::from_str(body).map_err(|e| format!("{what} did not answer JSON: {e}"))
}

/// The first four-digit run of `date` (`2004 Apr 17` → 2004).
fn year_of(date: &str) -> Option<i32> {
    date.split(|c: char| !c.is_ascii_digit())
        .find(|part| part.len() == 4)
        .and_then(|part| part.parse().ok())
}

/// esummary (`db=pubmed&retmode=json`): PMID → record. PMIDs the answer lists with an
/// `error` come back as not found; the caller treats absent ones the same way.
pub(crate) fn esummary(body: &str, today: Date) -> Result<BTreeMap<String, Record>, String> {
    let root = parse_json(body, "esummary")?;
    let result =
        root.get("result")
            .ok_or_else(|| match root.get("error").and_then(Value::as_str) {
                Some(error) => format!("esummary answered an error: {error}"),
                None => "esummary's answer has no `result`".to_string(),
            })?;
    let mut records = BTreeMap::new();
    let uids = result.get("uids").and_then(Value::as_array);
    for uid in uids.into_iter().flatten().filter_map(Value::as_str) {
        let Some(doc) = result.get(uid) else { continue };
        if doc.get("error").is_some() {
            records.insert(uid.to_string(), Record::not_found(today));
            continue;
        }
        let articleids = doc.get("articleids").and_then(Value::as_array);
        let cross = articleids.into_iter().flatten().map(|a| {
            let value = a.get("value").and_then(Value::as_str)?;
            match a.get("idtype").and_then(Value::as_str)? {
                "doi" => ids::doi(value).ok(),
                "pmc" => ids::pmcid(value).ok(),
                _ => None,
            }
        });
        let pubtypes: Vec<String> = doc
            .get("pubtype")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(text)
            .collect();
        let retracted = pubtypes.iter().any(|t| t == "Retracted Publication");
        let first_author = doc
            .get("authors")
            .and_then(Value::as_array)
            .and_then(|a| a.first())
            .and_then(|a| a.get("name"))
            .and_then(text);
        let journal = doc
            .get("fulljournalname")
            .and_then(text)
            .or_else(|| doc.get("source").and_then(text));
        records.insert(
            uid.to_string(),
            Record {
                title: doc.get("title").and_then(text),
                journal,
                year: doc.get("pubdate").and_then(Value::as_str).and_then(year_of),
                first_author,
                ids: keys(cross),
                retracted,
                evidence: Some(Recorded {
                    preprint: pubtypes.iter().any(|t| t == "Preprint"),
                    publication_types: pubtypes,
                    ..Recorded::default()
                }),
                ..Record::default_at(today)
            },
        );
    }
    Ok(records)
}

/// What the PMC ID Converter says about one PMCID: its PMID and DOI, or `None` when it does
/// not know it.
pub(crate) type Conversion = Option<(Option<String>, Option<String>)>;

/// The PMC ID Converter (`format=json`): canonical PMCID → conversion.
pub(crate) fn idconv(body: &str) -> Result<BTreeMap<String, Conversion>, String> {
    let root = parse_json(body, "the PMC ID Converter")?;
    if root.get("status").and_then(Value::as_str) == Some("error") {
        let message = root.get("message").and_then(text).unwrap_or_default();
        return Err(format!("the PMC ID Converter answered an error: {message}"));
    }
    let mut conversions = BTreeMap::new();
    let records = root.get("records").and_then(Value::as_array);
    for record in records.into_iter().flatten() {
        let named = record
            .get("pmcid")
            .or_else(|| record.get("requested-id"))
            .and_then(Value::as_str)
            .and_then(|v| ids::pmcid(v).ok());
        let Some(crate::citations::Identifier::Pmcid(pmcid)) = named else {
            continue;
        };
        let known = record.get("status").and_then(Value::as_str) != Some("error");
        let field = |name: &str| {
            let value = record.get(name)?;
            value
                .as_str()
                .map(str::to_string)
                .or_else(|| value.as_u64().map(|n| n.to_string()))
        };
        let conversion = known.then(|| (field("pmid"), field("doi")));
        conversions.insert(pmcid, conversion);
    }
    Ok(conversions)
}

/// The record of a PMCID: the converter's cross-identifiers, and the metadata of its PMID's
/// esummary record when there is one.
pub(crate) fn pmc_record(conversion: &Conversion, pubmed: Option<&Record>, today: Date) -> Record {
    let Some((pmid, doi)) = conversion else {
        return Record::not_found(today);
    };
    let cross = [
        pmid.as_deref().and_then(|p| ids::pmid(p).ok()),
        doi.as_deref().and_then(|d| ids::doi(d).ok()),
    ];
    let mut record = match pubmed.filter(|r| r.verified()) {
        Some(pubmed) => Record {
            ids: Vec::new(),
            ..pubmed.clone()
        },
        None => Record::default_at(today),
    };
    record.retrieved = today;
    record.ids = keys(cross);
    record
}

/// Crossref `works/{doi}`: the record of one DOI.
pub(crate) fn crossref(body: &str, doi: &str, today: Date) -> Result<Record, String> {
    let root = parse_json(body, "Crossref")?;
    let message = root
        .get("message")
        .ok_or("Crossref's answer has no `message`")?;
    let first = |name: &str| {
        message
            .get(name)
            .and_then(Value::as_array)
            .and_then(|a| a.first())
            .and_then(text)
    };
    let year = ["issued", "published-print", "published-online", "created"]
        .iter()
        .find_map(|name| {
            message
                .get(name)?
                .get("date-parts")?
                .get(0)?
                .get(0)?
                .as_i64()
        })
        .and_then(|y| i32::try_from(y).ok());
    let first_author = message
        .get("author")
        .and_then(Value::as_array)
        .and_then(|a| a.first())
        .and_then(|a| match a.get("family").and_then(text) {
            Some(family) => Some(crate::citations::bibliography::author_name(
                &family,
                a.get("given").and_then(Value::as_str),
            )),
            None => a.get("name").and_then(text),
        });
    let work_type = message.get("type").and_then(text);
    let work_subtype = message.get("subtype").and_then(text);
    let preprint = work_type.as_deref() == Some("posted-content")
        && work_subtype.as_deref() == Some("preprint");
    Ok(Record {
        title: first("title"),
        // A preprint has no journal: its server is the posting institution (`bioRxiv`).
        journal: first("container-title").or_else(|| {
            let server = message.get("institution")?.get(0)?.get("name");
            server.and_then(text)
        }),
        year,
        first_author,
        ids: Vec::new(),
        retracted: crossref_retracted(message, doi),
        evidence: Some(Recorded {
            work_type,
            work_subtype,
            preprint,
            ..Recorded::default()
        }),
        ..Record::default_at(today)
    })
}

/// Crossref marks a retracted work with `updated-by` of type retraction; a publisher that
/// retracts in place lists the retraction in the work's own `update-to`. A retraction
/// notice's `update-to` names another DOI, and the notice itself is not retracted.
fn crossref_retracted(message: &Value, doi: &str) -> bool {
    let updates = |name: &str| {
        message
            .get(name)
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default()
    };
    let is_retraction = |u: &Value| {
        u.get("type")
            .and_then(Value::as_str)
            .is_some_and(|t| t.eq_ignore_ascii_case("retraction"))
    };
    let by = updates("updated-by").iter().any(is_retraction);
    let in_place = updates("update-to").iter().any(|u| {
        is_retraction(u)
            && u.get("DOI")
                .and_then(Value::as_str)
                .is_some_and(|d| d.eq_ignore_ascii_case(doi))
    });
    by || in_place
}

/// ClinicalTrials.gov v2 `studies/{nct}`: the record of one trial.
pub(crate) fn clinical_trial(body: &str, today: Date) -> Result<Record, String> {
    let root = parse_json(body, "ClinicalTrials.gov")?;
    let protocol = root
        .get("protocolSection")
        .ok_or("ClinicalTrials.gov's answer has no `protocolSection`")?;
    let identification = protocol.get("identificationModule");
    let field =
        |module: Option<&Value>, name: &str| module.and_then(|m| m.get(name)).and_then(text);
    let title =
        field(identification, "briefTitle").or_else(|| field(identification, "officialTitle"));
    let status = protocol.get("statusModule");
    let year = ["studyFirstPostDateStruct", "startDateStruct"]
        .iter()
        .find_map(|name| {
            status?
                .get(name)?
                .get("date")
                .and_then(Value::as_str)
                .and_then(year_of)
        });
    let sponsor = protocol
        .get("sponsorCollaboratorsModule")
        .and_then(|m| m.get("leadSponsor"))
        .and_then(|s| s.get("name"))
        .and_then(text);
    let secondary = identification
        .and_then(|m| m.get("secondaryIdInfos"))
        .and_then(Value::as_array);
    let cross = secondary.into_iter().flatten().map(|s| {
        let id = s.get("id").and_then(Value::as_str)?;
        ids::nct(id).ok()
    });
    let phases = protocol
        .get("designModule")
        .and_then(|m| m.get("phases"))
        .and_then(Value::as_array);
    let evidence = Recorded {
        trial_phases: phases.into_iter().flatten().filter_map(text).collect(),
        trial_status: field(status, "overallStatus"),
        results_posted: Some(
            root.get("hasResults")
                .and_then(Value::as_bool)
                .unwrap_or(false),
        ),
        ..Recorded::default()
    };
    Ok(Record {
        title,
        journal: Some("ClinicalTrials.gov".into()),
        year,
        first_author: sponsor,
        ids: keys(cross),
        evidence: Some(evidence),
        ..Record::default_at(today)
    })
}

#[cfg(test)]
mod tests;
