//! Asking the registries for `cite lock`: one paced client per registry, the request URLs
//! (batched for NCBI, one per DOI or NCT number) and their answers into [`Record`]s. Input:
//! the site's configuration, the NCBI API key and the identifiers to ask about; output: a
//! record per identifier, or the [`AskFailure`] that stopped the run.

use super::lockfile::Record;
use super::{efetch, registries};
use crate::citations::Identifier;
use crate::config::Config;
use crate::content::Date;
use crate::http::{encode, Answer, Client, HttpError, Pace};
use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};
use std::time::Duration;

/// NCBI's limits: 3 requests a second without an API key, 10 with one.
const NCBI_PER_SECOND: (u32, u32) = (3, 10);
/// Identifiers per esummary or converter request.
const BATCH: usize = 200;
/// The timeout when `link_check.timeout_s` does not set one.
const DEFAULT_TIMEOUT_S: u64 = 30;

/// The registries' base URLs, with a trailing slash.
struct Endpoints {
    eutils: String,
    idconv: String,
    crossref: String,
    clinicaltrials: String,
}

impl Endpoints {
    fn new(config: &Config) -> Endpoints {
        let r = &config.registries;
        let base = |set: &Option<String>, default: &str| {
            let url = set.as_deref().unwrap_or(default);
            format!("{}/", url.trim_end_matches('/'))
        };
        Endpoints {
            eutils: base(&r.eutils, "https://eutils.ncbi.nlm.nih.gov/entrez/eutils/"),
            idconv: base(
                &r.idconv,
                "https://pmc.ncbi.nlm.nih.gov/tools/idconv/api/v1/articles/",
            ),
            crossref: base(&r.crossref, "https://api.crossref.org/"),
            clinicaltrials: base(&r.clinicaltrials, "https://clinicaltrials.gov/api/v2/"),
        }
    }
}

/// Why asking the registries stopped; `cite lock` then writes nothing.
#[derive(Debug, thiserror::Error)]
pub enum AskFailure {
    #[error(transparent)]
    Http(#[from] HttpError),
    #[error("{registry} answered something unexpected: {message}")]
    Registry {
        registry: &'static str,
        message: String,
    },
}

/// Asks the registries, each at its own pace.
pub(crate) struct Asker {
    client: Client,
    endpoints: Endpoints,
    /// `&tool=…&email=…&api_key=…` for NCBI.
    ncbi_query: String,
    /// `?mailto=…` for Crossref's polite pool.
    crossref_query: String,
    today: Date,
    ncbi: RefCell<Pace>,
    crossref: RefCell<Pace>,
    trials: RefCell<Pace>,
}

impl Asker {
    /// `api_key`: NCBI's (it raises the pace to 10 a second); `today`: the day written as
    /// each record's `retrieved`.
    pub(crate) fn new(config: &Config, api_key: Option<&str>, today: Date) -> Asker {
        let ncbi = config.ncbi.as_ref();
        let tool = ncbi.and_then(|n| n.tool.clone());
        let email = ncbi.and_then(|n| n.email.clone());
        let mut ncbi_query = format!(
            "&tool={}",
            encode(tool.as_deref().unwrap_or("panelpress"), false)
        );
        if let Some(email) = &email {
            ncbi_query.push_str(&format!("&email={}", encode(email, false)));
        }
        if let Some(key) = api_key {
            ncbi_query.push_str(&format!("&api_key={}", encode(key, false)));
        }
        let crossref_query = email
            .map(|e| format!("?mailto={}", encode(&e, false)))
            .unwrap_or_default();
        let per_second = if api_key.is_some() {
            NCBI_PER_SECOND.1
        } else {
            NCBI_PER_SECOND.0
        };
        let timeout = config.link_check.timeout_s.unwrap_or(DEFAULT_TIMEOUT_S);
        Asker {
            client: Client::for_registries(Duration::from_secs(timeout.max(1))),
            endpoints: Endpoints::new(config),
            ncbi_query,
            crossref_query,
            today,
            ncbi: Pace::per_second(per_second).into(),
            crossref: Pace::per_second(5).into(),
            trials: Pace::per_second(5).into(),
        }
    }

    /// A record for every identifier in `ask`.
    pub(crate) fn ask_all(
        &self,
        ask: &BTreeSet<Identifier>,
        progress: &mut dyn FnMut(&str),
    ) -> Result<BTreeMap<Identifier, Record>, AskFailure> {
        let of = |f: fn(&Identifier) -> Option<&String>| -> Vec<String> {
            ask.iter().filter_map(f).cloned().collect()
        };
        let pmcids = of(|id| match id {
            Identifier::Pmcid(v) => Some(v),
            _ => None,
        });
        let mut pmids: BTreeSet<String> = of(|id| match id {
            Identifier::Pmid(v) => Some(v),
            _ => None,
        })
        .into_iter()
        .collect();
        let conversions = self.idconv(&pmcids, progress)?;
        pmids.extend(
            conversions
                .values()
                .flatten()
                .filter_map(|(p, _)| p.clone()),
        );
        let pmids: Vec<String> = pmids.into_iter().collect();
        let mut pubmed = self.esummary(&pmids, progress)?;
        let known: Vec<String> = pmids
            .into_iter()
            .filter(|p| pubmed.get(p).is_some_and(Record::verified))
            .collect();
        self.efetch(&known, &mut pubmed, progress)?;
        let mut records = BTreeMap::new();
        for id in ask {
            let record = match id {
                Identifier::Pmid(v) => pubmed
                    .get(v)
                    .cloned()
                    .unwrap_or_else(|| Record::not_found(self.today)),
                Identifier::Pmcid(v) => {
                    let conversion = conversions.get(v).cloned().flatten();
                    let pmid = conversion.as_ref().and_then(|(p, _)| p.as_ref());
                    registries::pmc_record(
                        &conversion,
                        pmid.and_then(|p| pubmed.get(p)),
                        self.today,
                    )
                }
                Identifier::Doi(v) => self.crossref(v, progress)?,
                Identifier::Nct(v) => self.trial(v, progress)?,
                Identifier::Isbn(_) => continue,
            };
            records.insert(id.clone(), record);
        }
        Ok(records)
    }

    fn idconv(
        &self,
        pmcids: &[String],
        progress: &mut dyn FnMut(&str),
    ) -> Result<BTreeMap<String, registries::Conversion>, AskFailure> {
        let mut all = BTreeMap::new();
        let batches = pmcids.chunks(BATCH).count();
        for (i, batch) in pmcids.chunks(BATCH).enumerate() {
            progress(&format!(
                "idconv: {} PMCID{} (batch {} of {batches})",
                batch.len(),
                plural(batch.len()),
                i + 1
            ));
            let url = format!(
                "{}?ids={}&format=json{}",
                self.endpoints.idconv,
                batch.join(","),
                self.ncbi_query
            );
            if let Answer::Ok(body) = self.client.get(&url, &mut self.ncbi.borrow_mut())? {
                all.extend(
                    registries::idconv(&body).map_err(|message| AskFailure::Registry {
                        registry: "the PMC ID Converter",
                        message,
                    })?,
                );
            }
        }
        Ok(all)
    }

    fn esummary(
        &self,
        pmids: &[String],
        progress: &mut dyn FnMut(&str),
    ) -> Result<BTreeMap<String, Record>, AskFailure> {
        let mut all = BTreeMap::new();
        let batches = pmids.chunks(BATCH).count();
        for (i, batch) in pmids.chunks(BATCH).enumerate() {
            progress(&format!(
                "esummary: {} PMID{} (batch {} of {batches})",
                batch.len(),
                plural(batch.len()),
                i + 1
            ));
            let url = format!(
                "{}esummary.fcgi?db=pubmed&retmode=json&id={}{}",
                self.endpoints.eutils,
                batch.join(","),
                self.ncbi_query
            );
            if let Answer::Ok(body) = self.client.get(&url, &mut self.ncbi.borrow_mut())? {
                all.extend(registries::esummary(&body, self.today).map_err(|message| {
                    AskFailure::Registry {
                        registry: "PubMed esummary",
                        message,
                    }
                })?);
            }
        }
        Ok(all)
    }

    /// Adds what efetch says (species from MeSH) to the esummary records of `known`, the
    /// PMIDs esummary found, in batches like esummary's.
    fn efetch(
        &self,
        known: &[String],
        pubmed: &mut BTreeMap<String, Record>,
        progress: &mut dyn FnMut(&str),
    ) -> Result<(), AskFailure> {
        let batches = known.chunks(BATCH).count();
        for (i, batch) in known.chunks(BATCH).enumerate() {
            progress(&format!(
                "efetch: {} PMID{} (batch {} of {batches})",
                batch.len(),
                plural(batch.len()),
                i + 1
            ));
            let url = format!(
                "{}efetch.fcgi?db=pubmed&retmode=xml&id={}{}",
                self.endpoints.eutils,
                batch.join(","),
                self.ncbi_query
            );
            let Answer::Ok(body) = self.client.get(&url, &mut self.ncbi.borrow_mut())? else {
                continue;
            };
            let fetched = efetch::efetch(&body).map_err(|message| AskFailure::Registry {
                registry: "PubMed efetch",
                message,
            })?;
            for (pmid, found) in fetched {
                let Some(record) = pubmed.get_mut(&pmid) else {
                    continue;
                };
                let evidence = record.evidence.get_or_insert_with(Default::default);
                evidence.species = Some(found.species);
                if evidence.publication_types.is_empty() {
                    evidence.publication_types = found.publication_types;
                }
            }
        }
        Ok(())
    }

    fn crossref(&self, doi: &str, progress: &mut dyn FnMut(&str)) -> Result<Record, AskFailure> {
        progress(&format!("crossref: doi:{doi}"));
        let url = format!(
            "{}works/{}{}",
            self.endpoints.crossref,
            encode(doi, true),
            self.crossref_query
        );
        match self.client.get(&url, &mut self.crossref.borrow_mut())? {
            Answer::NotFound => Ok(Record::not_found(self.today)),
            Answer::Ok(body) => registries::crossref(&body, doi, self.today).map_err(|message| {
                AskFailure::Registry {
                    registry: "Crossref",
                    message,
                }
            }),
        }
    }

    fn trial(&self, nct: &str, progress: &mut dyn FnMut(&str)) -> Result<Record, AskFailure> {
        progress(&format!("clinicaltrials: {nct}"));
        let url = format!("{}studies/{nct}", self.endpoints.clinicaltrials);
        match self.client.get(&url, &mut self.trials.borrow_mut())? {
            Answer::NotFound => Ok(Record::not_found(self.today)),
            Answer::Ok(body) => registries::clinical_trial(&body, self.today).map_err(|message| {
                AskFailure::Registry {
                    registry: "ClinicalTrials.gov",
                    message,
                }
            }),
        }
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> Date {
        Date::parse("2026-11-25").expect("a date")
    }

    #[test]
    fn identifies_itself_to_ncbi_and_crossref() {
        let config = Config::parse(
            "title: T\nbase_url: https://e.org/\nncbi:\n  tool: site\n  email: a@b.org\nregistries:\n  crossref: http://127.0.0.1:1\n",
        )
        .expect("config");
        let asker = Asker::new(&config, Some("k3y"), today());
        assert_eq!(asker.ncbi_query, "&tool=site&email=a%40b.org&api_key=k3y");
        assert_eq!(asker.crossref_query, "?mailto=a%40b.org");
        assert_eq!(asker.endpoints.crossref, "http://127.0.0.1:1/");
        assert_eq!(
            asker.endpoints.eutils,
            "https://eutils.ncbi.nlm.nih.gov/entrez/eutils/"
        );
        let without = Asker::new(&config, None, today());
        assert!(!without.ncbi_query.contains("api_key"));
    }
}
