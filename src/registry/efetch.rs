//! PubMed efetch (`db=pubmed&retmode=xml`) into who was studied: the MeSH check tags
//! (`Humans`, `Animals`) and species headings (`Rats`, `Mice, Inbred C57BL`) of each
//! record, in plain words (`humans`, `animals`, `rats`, `mice`), and its publication types.
//! esummary gives publication types but no MeSH, so `cite lock` asks both.
//!
//! Input: the XML of one efetch answer, in PubMed's DTD shape (`PubmedArticleSet` /
//! `PubmedArticle` / `MedlineCitation` with its `PMID`, `MeshHeadingList` /
//! `MeshHeading` / `DescriptorName`, and `Article` / `PublicationTypeList`). Output: a
//! [`Fetched`] per PMID. A record without a `MeshHeadingList` has not been indexed yet and
//! says so ([`Species::NotIndexed`]): nothing is guessed from its title or abstract.

use crate::citations::evidence::Species;
use quick_xml::events::Event;
use quick_xml::Reader;
use std::collections::BTreeMap;

/// What efetch says about one PMID.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Fetched {
    pub(crate) species: Species,
    pub(crate) publication_types: Vec<String>,
}

/// MeSH species headings, in the plain words labels use. A heading matches its own name or
/// a narrower one written after a comma (`Rats, Sprague-Dawley`).
const SPECIES: &[(&str, &str)] = &[
    ("Humans", "humans"),
    ("Animals", "animals"),
    ("Rats", "rats"),
    ("Mice", "mice"),
    ("Swine", "pigs"),
    ("Sus scrofa", "pigs"),
    ("Dogs", "dogs"),
    ("Cats", "cats"),
    ("Cattle", "cattle"),
    ("Sheep", "sheep"),
    ("Goats", "goats"),
    ("Horses", "horses"),
    ("Rabbits", "rabbits"),
    ("Guinea Pigs", "guinea pigs"),
    ("Cricetinae", "hamsters"),
    ("Mesocricetus", "hamsters"),
    ("Gerbillinae", "gerbils"),
    ("Ferrets", "ferrets"),
    ("Macaca", "monkeys"),
    ("Macaca mulatta", "monkeys"),
    ("Macaca fascicularis", "monkeys"),
    ("Chlorocebus aethiops", "monkeys"),
    ("Papio", "monkeys"),
    ("Callithrix", "monkeys"),
    ("Saimiri", "monkeys"),
    ("Pan troglodytes", "chimpanzees"),
    ("Chickens", "chickens"),
    ("Zebrafish", "zebrafish"),
    ("Xenopus laevis", "frogs"),
    ("Drosophila melanogaster", "fruit flies"),
    ("Drosophila", "fruit flies"),
    ("Caenorhabditis elegans", "worms"),
];

/// The plain name of MeSH heading `descriptor`, if it names who was studied.
fn species_of(descriptor: &str) -> Option<&'static str> {
    SPECIES.iter().find_map(|(heading, plain)| {
        let narrower = descriptor
            .strip_prefix(heading)
            .is_some_and(|rest| rest.starts_with(", "));
        (descriptor == *heading || narrower).then_some(*plain)
    })
}

/// One `PubmedArticle` as it is read.
#[derive(Default)]
struct Article {
    pmid: Option<String>,
    mesh: Option<Vec<String>>,
    publication_types: Vec<String>,
}

impl Article {
    fn finish(self, into: &mut BTreeMap<String, Fetched>) {
        let Some(pmid) = self.pmid else { return };
        let species = match self.mesh {
            None => Species::NotIndexed,
            Some(descriptors) => {
                let mut names: Vec<String> = descriptors
                    .iter()
                    .filter_map(|d| species_of(d))
                    .map(str::to_string)
                    .collect();
                names.sort();
                names.dedup();
                Species::Indexed(names)
            }
        };
        into.insert(
            pmid,
            Fetched {
                species,
                publication_types: self.publication_types,
            },
        );
    }
}

/// The records of one efetch answer, by PMID. Records other than `PubmedArticle` (a
/// `PubmedBookArticle`) are skipped: books carry no MeSH.
pub(crate) fn efetch(body: &str) -> Result<BTreeMap<String, Fetched>, String> {
    let mut reader = Reader::from_str(body);
    let mut path: Vec<String> = Vec::new();
    let mut text = String::new();
    let mut article: Option<Article> = None;
    let mut found = BTreeMap::new();
    let mut saw_set = false;
    loop {
        let event = reader
            .read_event()
            .map_err(|e| format!("efetch did not answer XML: {e}"))?;
        match event {
            Event::Start(start) => {
                let name = start.name().as_ref().to_string();
                match name.as_str() {
                    "PubmedArticleSet" => saw_set = true,
                    "PubmedArticle" => article = Some(Article::default()),
                    "MeshHeadingList" => {
                        if let Some(a) = article.as_mut() {
                            a.mesh.get_or_insert_with(Vec::new);
                        }
                    }
                    _ => {}
                }
                path.push(name);
                text.clear();
            }
            Event::Text(t) => text.push_str(&t.xml10_content()),
            Event::CData(t) => text.push_str(&t.xml10_content()),
            Event::GeneralRef(r) => {
                let resolved = match r.resolve_char_ref() {
                    Ok(Some(c)) => Some(c.to_string()),
                    _ => quick_xml::escape::resolve_predefined_entity(&r).map(str::to_string),
                };
                text.push_str(resolved.as_deref().unwrap_or(""));
            }
            Event::End(_) => {
                let name = path.pop().unwrap_or_default();
                let parent = path.last().map(String::as_str).unwrap_or("");
                if let Some(a) = article.as_mut() {
                    read_leaf(a, &name, parent, text.trim());
                }
                if name == "PubmedArticle" {
                    if let Some(a) = article.take() {
                        a.finish(&mut found);
                    }
                }
                text.clear();
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if !saw_set {
        return Err("efetch's answer has no `PubmedArticleSet`".to_string());
    }
    Ok(found)
}

/// Reads element `name` (child of `parent`) whose text is `text` into `article`.
fn read_leaf(article: &mut Article, name: &str, parent: &str, text: &str) {
    match (name, parent) {
        // Only the citation's own PMID: comments and corrections list other PMIDs.
        ("PMID", "MedlineCitation") if article.pmid.is_none() => {
            article.pmid = Some(text.to_string());
        }
        ("DescriptorName", "MeshHeading") => {
            if let Some(mesh) = article.mesh.as_mut() {
                mesh.push(text.to_string());
            }
        }
        ("PublicationType", "PublicationTypeList") => {
            article.publication_types.push(text.to_string());
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ANSWER: &str = r#"<?xml version="1.0" ?>
<!DOCTYPE PubmedArticleSet PUBLIC "-//NLM//DTD PubMedArticle, 1st January 2025//EN" "https://dtd.nlm.nih.gov/ncbi/pubmed/out/pubmed_250101.dtd">
<PubmedArticleSet>
<PubmedArticle><MedlineCitation Status="MEDLINE" Owner="NLM"><PMID Version="1">8708565</PMID>
<Article PubModel="Print"><ArticleTitle>Potent effects of an IGF-I analogue in rats &amp; mice.</ArticleTitle>
<PublicationTypeList><PublicationType UI="D016428">Journal Article</PublicationType><PublicationType UI="D013486">Research Support, Non-U.S. Gov&apos;t</PublicationType></PublicationTypeList></Article>
<MeshHeadingList><MeshHeading><DescriptorName UI="D000818" MajorTopicYN="N">Animals</DescriptorName></MeshHeading>
<MeshHeading><DescriptorName UI="D017207" MajorTopicYN="N">Rats, Sprague-Dawley</DescriptorName></MeshHeading>
<MeshHeading><DescriptorName UI="D007334" MajorTopicYN="Y">Insulin-Like Growth Factor I</DescriptorName><QualifierName UI="Q000008" MajorTopicYN="N">administration &amp; dosage</QualifierName></MeshHeading></MeshHeadingList>
<CommentsCorrectionsList><CommentsCorrections RefType="Cites"><RefSource>X</RefSource><PMID Version="1">1234</PMID></CommentsCorrections></CommentsCorrectionsList>
</MedlineCitation></PubmedArticle>
<PubmedArticle><MedlineCitation Status="In-Data-Review" Owner="NLM"><PMID Version="1">39000002</PMID>
<Article><PublicationTypeList><PublicationType UI="D016428">Journal Article</PublicationType></PublicationTypeList></Article>
</MedlineCitation></PubmedArticle>
<PubmedBookArticle><BookDocument><PMID Version="1">20301295</PMID></BookDocument></PubmedBookArticle>
</PubmedArticleSet>"#;

    #[test]
    fn reads_species_from_mesh_and_says_when_not_indexed() {
        let found = efetch(ANSWER).expect("parses");
        assert_eq!(found.len(), 2, "{found:?}");
        let rat = &found["8708565"];
        assert_eq!(
            rat.species,
            Species::Indexed(vec!["animals".into(), "rats".into()])
        );
        assert_eq!(
            rat.publication_types,
            ["Journal Article", "Research Support, Non-U.S. Gov't"]
        );
        assert_eq!(found["39000002"].species, Species::NotIndexed);
    }

    #[test]
    fn names_species_headings_and_their_narrower_forms() {
        assert_eq!(species_of("Mice, Inbred C57BL"), Some("mice"));
        assert_eq!(species_of("Rats"), Some("rats"));
        assert_eq!(species_of("Ratsbane"), None);
        assert_eq!(species_of("Insulin-Like Growth Factor I"), None);
    }

    #[test]
    fn an_answer_that_is_no_article_set_is_an_error() {
        assert!(efetch("{\"error\":\"x\"}").is_err());
        assert!(efetch("<eFetchResult><ERROR>bad id</ERROR></eFetchResult>").is_err());
        assert!(efetch("<PubmedArticleSet><PubmedArticle>").is_ok());
    }
}
