//! The loopback registry stand-ins the `cite lock` tests ask: a small HTTP/1.1 server
//! started by each test, and the answers PubMed (esummary JSON, efetch XML in its DTD's
//! shape), the PMC ID Converter, Crossref and ClinicalTrials.gov v2 really give, including
//! their documented error forms. No test touches the internet.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// What the stand-in registry answers to one request.
pub(crate) enum Reply {
    /// Status, extra headers, body.
    Answer(u16, Vec<(&'static str, String)>, String),
    /// Never answers (until the test is long over).
    Hang,
}

pub(crate) fn json(body: &str) -> Reply {
    Reply::Answer(200, Vec::new(), body.to_string())
}

/// One request the server received: when, and its path with query.
#[derive(Debug, Clone)]
pub(crate) struct Request {
    pub(crate) at: Instant,
    pub(crate) target: String,
}

/// A loopback HTTP/1.1 server answering with `handler(target, requests so far)`.
pub(crate) struct Registry {
    port: u16,
    requests: Arc<Mutex<Vec<Request>>>,
}

type Handler = dyn Fn(&str, &[Request]) -> Reply + Send + Sync;

impl Registry {
    pub(crate) fn start(
        handler: impl Fn(&str, &[Request]) -> Reply + Send + Sync + 'static,
    ) -> Registry {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind a loopback port");
        let port = listener.local_addr().expect("an address").port();
        let requests = Arc::new(Mutex::new(Vec::new()));
        let log = Arc::clone(&requests);
        let handler: Arc<Handler> = Arc::new(handler);
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let (log, handler) = (Arc::clone(&log), Arc::clone(&handler));
                std::thread::spawn(move || answer(stream, &log, &*handler));
            }
        });
        Registry { port, requests }
    }

    /// `registries:` for site.yaml, every registry on this server.
    pub(crate) fn site_yaml(&self, extra: &str) -> String {
        let base = format!("http://127.0.0.1:{}", self.port);
        format!(
            "title: Lock test\nbase_url: https://example.org/\n{extra}ncbi:\n  tool: panelpress-tests\n  email: editor@example.org\nregistries:\n  eutils: {base}/eutils/\n  idconv: {base}/idconv/\n  crossref: {base}/crossref/\n  clinicaltrials: {base}/ct/\n"
        )
    }

    pub(crate) fn requests(&self) -> Vec<Request> {
        self.requests.lock().expect("the request log").clone()
    }

    /// Requests whose target starts with `prefix`.
    pub(crate) fn to(&self, prefix: &str) -> Vec<Request> {
        let mut found: Vec<Request> = self
            .requests()
            .into_iter()
            .filter(|r| r.target.starts_with(prefix))
            .collect();
        found.sort_by_key(|r| r.at);
        found
    }
}

fn answer(stream: TcpStream, log: &Mutex<Vec<Request>>, handler: &Handler) {
    let mut reader = BufReader::new(stream.try_clone().expect("clone the stream"));
    let mut request_line = String::new();
    if reader.read_line(&mut request_line).is_err() {
        return;
    }
    let mut header = String::new();
    while reader.read_line(&mut header).is_ok_and(|n| n > 2) {
        header.clear();
    }
    let target = request_line
        .split_whitespace()
        .nth(1)
        .unwrap_or("")
        .to_string();
    let reply = {
        let mut log = log.lock().expect("the request log");
        let reply = handler(&target, &log);
        log.push(Request {
            at: Instant::now(),
            target,
        });
        reply
    };
    let (status, headers, body) = match reply {
        Reply::Hang => {
            std::thread::sleep(Duration::from_secs(30));
            return;
        }
        Reply::Answer(status, headers, body) => (status, headers, body),
    };
    let mut stream = stream;
    let mut head = format!(
        "HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n",
        body.len()
    );
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes()).ok();
    stream.write_all(body.as_bytes()).ok();
}

const ESUMMARY: &str = r#"{"header":{"type":"esummary","version":"0.3"},"result":{"uids":["15110491","39000001","99999999","8708565","31000001"],
"15110491":{"uid":"15110491","pubdate":"2004 Apr 17","epubdate":"","source":"Lancet",
 "authors":[{"name":"Renehan AG","authtype":"Author","clusterid":""},{"name":"Zwahlen M","authtype":"Author","clusterid":""}],
 "title":"Insulin-like growth factor (IGF)-I, IGF binding protein-3, and cancer risk: systematic review and meta-regression analysis.",
 "fulljournalname":"Lancet (London, England)",
 "articleids":[{"idtype":"pubmed","idtypen":1,"value":"15110491"},{"idtype":"doi","idtypen":3,"value":"10.1016/S0140-6736(04)16044-3"},{"idtype":"pii","idtypen":4,"value":"S0140673604160443"}],
 "pubtype":["Journal Article","Meta-Analysis","Review"]},
"39000001":{"uid":"39000001","pubdate":"2024 Nov","source":"J Ex","authors":[{"name":"Doe J","authtype":"Author"}],
 "title":"Peptides in practice: a review.","fulljournalname":"Journal of Examples",
 "articleids":[{"idtype":"pubmed","value":"39000001"},{"idtype":"doi","value":"10.1000/pmc.one"},{"idtype":"pmc","value":"PMC11582493"},{"idtype":"pmcid","value":"pmc-id: PMC11582493;"}],
 "pubtype":["Journal Article"]},
"8708565":{"uid":"8708565","pubdate":"1996 Jun","source":"J Endocrinol","authors":[{"name":"Tomas FM","authtype":"Author"}],
 "title":"Anabolic effects of an IGF-I analogue in rats.","fulljournalname":"The Journal of endocrinology",
 "articleids":[{"idtype":"pubmed","value":"8708565"}],"pubtype":["Journal Article","Comparative Study"]},
"31000001":{"uid":"31000001","pubdate":"2019 May","source":"J Ex","authors":[{"name":"Lee K","authtype":"Author"}],
 "title":"Growth hormone in adults: a randomised trial.","fulljournalname":"Journal of Examples",
 "articleids":[{"idtype":"pubmed","value":"31000001"}],"pubtype":["Journal Article","Randomized Controlled Trial"]},
"99999999":{"uid":"99999999","error":"cannot get document summary"}}}"#;

/// PubMed efetch (`retmode=xml`) in its DTD's shape: a meta-analysis and a trial indexed
/// in humans, a rat study, and a record not indexed with MeSH yet.
const EFETCH: &str = r#"<?xml version="1.0" ?>
<!DOCTYPE PubmedArticleSet PUBLIC "-//NLM//DTD PubMedArticle, 1st January 2025//EN" "https://dtd.nlm.nih.gov/ncbi/pubmed/out/pubmed_250101.dtd">
<PubmedArticleSet>
<PubmedArticle><MedlineCitation Status="MEDLINE" Owner="NLM" IndexingMethod="Manual"><PMID Version="1">15110491</PMID>
<Article PubModel="Print"><ArticleTitle>Insulin-like growth factor (IGF)-I, IGF binding protein-3, and cancer risk: systematic review and meta-regression analysis.</ArticleTitle>
<PublicationTypeList><PublicationType UI="D016428">Journal Article</PublicationType><PublicationType UI="D017418">Meta-Analysis</PublicationType><PublicationType UI="D016454">Review</PublicationType></PublicationTypeList></Article>
<MeshHeadingList><MeshHeading><DescriptorName UI="D006801" MajorTopicYN="N">Humans</DescriptorName></MeshHeading>
<MeshHeading><DescriptorName UI="D005260" MajorTopicYN="N">Female</DescriptorName></MeshHeading>
<MeshHeading><DescriptorName UI="D007334" MajorTopicYN="Y">Insulin-Like Growth Factor I</DescriptorName><QualifierName UI="Q000032" MajorTopicYN="N">analysis</QualifierName></MeshHeading></MeshHeadingList>
</MedlineCitation></PubmedArticle>
<PubmedArticle><MedlineCitation Status="MEDLINE" Owner="NLM"><PMID Version="1">31000001</PMID>
<Article><PublicationTypeList><PublicationType UI="D016428">Journal Article</PublicationType><PublicationType UI="D016449">Randomized Controlled Trial</PublicationType></PublicationTypeList></Article>
<MeshHeadingList><MeshHeading><DescriptorName UI="D000328" MajorTopicYN="N">Adult</DescriptorName></MeshHeading><MeshHeading><DescriptorName UI="D006801" MajorTopicYN="N">Humans</DescriptorName></MeshHeading></MeshHeadingList>
</MedlineCitation></PubmedArticle>
<PubmedArticle><MedlineCitation Status="MEDLINE" Owner="NLM"><PMID Version="1">8708565</PMID>
<Article><PublicationTypeList><PublicationType UI="D016428">Journal Article</PublicationType><PublicationType UI="D003160">Comparative Study</PublicationType></PublicationTypeList></Article>
<MeshHeadingList><MeshHeading><DescriptorName UI="D000818" MajorTopicYN="N">Animals</DescriptorName></MeshHeading>
<MeshHeading><DescriptorName UI="D008297" MajorTopicYN="N">Male</DescriptorName></MeshHeading>
<MeshHeading><DescriptorName UI="D017207" MajorTopicYN="N">Rats, Sprague-Dawley</DescriptorName></MeshHeading></MeshHeadingList>
<CommentsCorrectionsList><CommentsCorrections RefType="CommentIn"><RefSource>J Endocrinol. 1997</RefSource><PMID Version="1">9000001</PMID></CommentsCorrections></CommentsCorrectionsList>
</MedlineCitation></PubmedArticle>
<PubmedArticle><MedlineCitation Status="In-Data-Review" Owner="NLM"><PMID Version="1">39000001</PMID>
<Article><PublicationTypeList><PublicationType UI="D016428">Journal Article</PublicationType></PublicationTypeList></Article>
</MedlineCitation></PubmedArticle>
</PubmedArticleSet>"#;

/// Crossref's record of a bioRxiv preprint: `posted-content`, subtype `preprint`.
const CROSSREF_PREPRINT: &str = r#"{"status":"ok","message-type":"work","message":{
"DOI":"10.1101/2024.05.01.591234","type":"posted-content","subtype":"preprint","title":["A peptide curbs appetite in a small study"],
"institution":[{"name":"bioRxiv"}],"posted":{"date-parts":[[2024,5,3]]},"issued":{"date-parts":[[2024,5,3]]},
"author":[{"given":"Wei","family":"Chen","sequence":"first"}]}}"#;

/// A ClinicalTrials.gov v2 record with results posted.
const TRIAL_WITH_RESULTS: &str = r#"{"protocolSection":{"identificationModule":{"nctId":"NCT00000102","briefTitle":"Congenital Adrenal Hyperplasia: Calcium Channels"},
"statusModule":{"overallStatus":"COMPLETED","startDateStruct":{"date":"1999-09"},"studyFirstPostDateStruct":{"date":"1999-11-02","type":"ACTUAL"}},
"sponsorCollaboratorsModule":{"leadSponsor":{"name":"Example Center","class":"NIH"}},
"designModule":{"studyType":"INTERVENTIONAL","phases":["PHASE1","PHASE2"]}},"hasResults":true}"#;

const IDCONV: &str = r#"{"status":"ok","responseDate":"2026-11-25 10:00:00","request":"ids=PMC11582493,PMC99;format=json",
"records":[{"pmcid":"PMC11582493","pmid":"39000001","doi":"10.1000/pmc.one"},
{"requested-id":"PMC99","pmcid":"PMC99","status":"error","errmsg":"invalid article id"}]}"#;

const CROSSREF_RETRACTED: &str = r#"{"status":"ok","message-type":"work","message-version":"1.0.0","message":{
"DOI":"10.1000/retracted.2019","title":["A trial later retracted"],"container-title":["Journal of Examples"],
"issued":{"date-parts":[[2019,3,1]]},"author":[{"given":"Ann Marie","family":"Smith","sequence":"first"}],
"updated-by":[{"updated":{"date-parts":[[2020,1,2]]},"DOI":"10.1000/retraction.notice","type":"retraction","source":"retraction-watch","label":"Retraction"}]}}"#;

const CROSSREF_RENEHAN: &str = r#"{"status":"ok","message-type":"work","message":{
"DOI":"10.1016/s0140-6736(04)16044-3","title":["Insulin-like growth factor (IGF)-I, IGF binding protein-3, and cancer risk: systematic review and meta-regression analysis"],
"container-title":["The Lancet"],"issued":{"date-parts":[[2004,4]]},"author":[{"given":"Andrew G","family":"Renehan"}]}}"#;

const TRIAL: &str = r#"{"protocolSection":{"identificationModule":{"nctId":"NCT01234567","orgStudyIdInfo":{"id":"GH-01"},
"briefTitle":"Growth Hormone in Adults With Deficiency","officialTitle":"A Randomised Trial of Growth Hormone"},
"statusModule":{"overallStatus":"COMPLETED","startDateStruct":{"date":"2009-11"},"studyFirstPostDateStruct":{"date":"2010-01-12","type":"ESTIMATED"}},
"sponsorCollaboratorsModule":{"leadSponsor":{"name":"Example University","class":"OTHER"}},
"designModule":{"studyType":"INTERVENTIONAL","phases":["PHASE3"]}},"hasResults":false}"#;

/// The registries as the real services answer for the `cite-lock` fixture.
pub(crate) fn registries(target: &str, _before: &[Request]) -> Reply {
    if target.starts_with("/eutils/esummary.fcgi") {
        json(ESUMMARY)
    } else if target.starts_with("/eutils/efetch.fcgi") {
        json(EFETCH)
    } else if target.starts_with("/crossref/works/10.1101/") {
        json(CROSSREF_PREPRINT)
    } else if target.starts_with("/ct/studies/NCT00000102") {
        json(TRIAL_WITH_RESULTS)
    } else if target.starts_with("/idconv/") {
        json(IDCONV)
    } else if target.starts_with("/crossref/works/10.1000/retracted.2019") {
        json(CROSSREF_RETRACTED)
    } else if target.starts_with("/crossref/works/10.1016/") {
        json(CROSSREF_RENEHAN)
    } else if target.starts_with("/ct/studies/NCT01234567") {
        json(TRIAL)
    } else {
        // Crossref's 404 for a DOI another agency registered, as plain text.
        Reply::Answer(404, Vec::new(), "Resource not found.".into())
    }
}
