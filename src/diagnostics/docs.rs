//! What each code checks, why it matters, and an example: the text `panelpress explain CODE`
//! prints and SARIF's rule help carries. Written for writers, not programmers.

use super::Code;

/// `(what it does, why it matters, example)` for `code`.
pub(crate) fn docs(code: Code) -> (&'static str, &'static str, &'static str) {
    match code {
        Code::MetaInvalid => (
            "Reports front matter, site.yaml or a bibliography that does not parse, a key with the wrong type, or an unknown key in site.yaml.",
            "The page cannot be rendered as the writer meant it, so it is left out (every other page is still rendered and checked); a site.yaml or bibliography that does not parse stops the build.",
            "`draft: maybe` (must be true or false), `tags: [a, b` (unclosed list), `reviw_interval_days: 30` in site.yaml.",
        ),
        Code::MetaUnknownKey => (
            "Reports a top-level front-matter key that panelpress does not know, with the nearest known key as help. The page is left out until it is fixed; every other page is still checked. A site's own values go under `extra:` (a mapping templates read as `page.extra`).",
            "A typo must never switch a rule off in silence: `no_dose_figure: true` (singular) would leave a page's dose figures unchecked, and `reveiwed:` would hide an overdue review.",
            "`no_dose_figure: true` (did you mean `no_dose_figures`?); `sponsor: Acme` belongs under `extra:` as `extra: {sponsor: Acme}`.",
        ),
        Code::MetaMissing => (
            "Reports a page whose front matter lacks a key listed in `required_fields` (default: title and description).",
            "A page without a title or a one-sentence description shows up blank in lists, search results and the feed.",
            "A page with only `title:` reports `description` missing at line 1.",
        ),
        Code::LinkBroken => (
            "Reports an internal link or image whose target page or file does not exist.",
            "A reader following a link to a safety section must not land on a 404.",
            "`[labels](../guides/reading-label.md)` when the file is `reading-labels.md`.",
        ),
        Code::LinkMissingAnchor => (
            "Reports a link whose page exists but whose `#fragment` matches no heading or element id there (through an alias, on the page it leads to).",
            "The reader lands at the top of the wrong page instead of the section promised.",
            "`igf-1-lr3.md#risks` when the heading's id is `what-are-the-real-risks-and-unknowns`.",
        ),
        Code::LinkMalformed => (
            "Reports an empty or unparseable link destination, a mistyped web address, or a link to a file on the writer's computer.",
            "Such a link goes nowhere on every device.",
            "`[see here]()`, `[x](http://exa mple.org)`, `[x](htps://example.org)` or `[notes](file:///C:/notes.docx)`.",
        ),
        Code::LinkAlias => (
            "Reports a link to a page's old URL (one of its `aliases`). The link works, through a redirect.",
            "Redirects are slower for readers and can be dropped one day; links should name the page's current address.",
            "`[dosing](/old/igf-dose/)` after the page moved to `/compounds/igf-1-lr3/`.",
        ),
        Code::LinkExternal => (
            "With `check --external`: reports an external URL that still fails after retries.",
            "Sources that disappear leave claims unsupported.",
            "A link to a withdrawn guideline that now answers 404.",
        ),
        Code::CiteMalformed => (
            "Reports a scheme label (PMID, PMC, doi:, NCT, ISBN) followed by an identifier that fails its rule: PMID 1-8 digits without a leading zero, PMC plus digits, Crossref's DOI pattern, NCT plus 8 digits, a valid ISBN check digit. Also reports a bracket that opens with `[@` but is no citation: keys are separated by `;`, a locator follows a comma (`[@a, p. 12; @b]`).",
            "A mistyped identifier sends readers to the wrong paper, or to none; a broken citation would show readers raw syntax.",
            "`PMID 0123456` (leading zero), `ISBN 978-0-306-40615-6` (bad check digit), `doi:7717/peerj.705` (no `10.`), `[@a, @b]` (a comma between keys).",
        ),
        Code::CiteUnknown => (
            "Reports an identifier, a `[@key]` or a Manubot key (`[@pmid:15110491]`) that no bibliography entry carries.",
            "Every source a page cites must be in the bibliography, where it is described and can be verified.",
            "`(PMID 8708565)` with no entry carrying `pmid: \"8708565\"`; `[@renehan-2040]` when the key is `renehan-2004`.",
        ),
        Code::CiteRetracted => (
            "Reports a citation of an entry marked `retracted: true`.",
            "A retracted paper must not support a claim a reader will act on.",
            "Citing `[@old-trial]` whose entry says `retracted: true`.",
        ),
        Code::CiteDuplicate => (
            "Reports two bibliography entries that carry the same identifier.",
            "Two keys for one source split its citations and can disagree about its metadata.",
            "`renehan-2004` and `renehan-lancet` both with `pmid: \"15110491\"`.",
        ),
        Code::CiteUnused => (
            "Reports a bibliography entry no page cites.",
            "Either a citation went missing from a page, or the entry is dead weight nobody checks.",
            "An entry added for a paragraph that was later deleted.",
        ),
        Code::ClaimUncited => (
            "Reports a paragraph, list item, blockquote paragraph or table that holds a figure (a percentage, a fold change, a multiplier such as `2x`, a natural frequency such as `1 in 3`, a lab value, a dose) and no citation, directly or through a footnote. One finding per unit, at its first figure, quoted whole with its unit.",
            "A number without a source reads as fact and cannot be checked by the reader.",
            "`about a 49% higher odds`, `3 times as likely` or `a fasting blood sugar above 126 mg/dL` in a paragraph with no (PMID …) or [@key]. Not figures: a number without a unit (`in 2019`, `Phase 3`, `type 2 diabetes`), one joined to a word (`IGF-1`); a heading is a title, never a claim. Opt a unit out with <!-- panelpress: allow claim/uncited \"reason\" --> on the line before it.",
        ),
        Code::PolicyDoseFigure => (
            "On a page with `no_dose_figures: true` (or the site default), reports a paragraph, item, table or heading that gives a dose and cites no `type: label` bibliography entry. A dose is a number or range with a unit of amount, however it is written (`250mcg`, `a 0.25-mg dose`, `250 MCG daily`, `0.5 cc`, `2 milligrams per kilogram`), or a number in a table column whose header names one (`Strength (mg)`); a lab value (`126 mg/dL`, `30 mL/min/1.73 m²`) never is.",
            "The page promised readers it would print no doses; only the official label's own figures may appear, cited to it.",
            "`typical cycles use 100 mcg/day` on the IGF-1 LR3 explainer; `## Is 500 mcg a day safe?` as a heading; `| Pen A | 0.25 |` under `| Product | Strength (mg) |`. Not reported: `an eGFR below 30 mL/min/1.73 m²`, `LDL under 100 mg/dL`.",
        ),
        Code::ReviewOverdue => (
            "Reports a page whose `reviewed` date is older than `review_interval_days` (the page's, else site.yaml's, default 365) before today (`--today`).",
            "Health information goes stale; readers are told when it was last checked by an expert.",
            "`reviewed: 2024-01-05` checked on 2025-06-01 with the default interval.",
        ),
        Code::CiteUnverified => (
            "When `citations.lock` exists: reports an identifier the lock does not list.",
            "A citation nobody verified against the registry may name the wrong work.",
            "A new `(PMID 123)` added after the last `panelpress cite lock`.",
        ),
        Code::CiteMismatch => (
            "Reports a bibliography entry whose title or year disagrees with the registry's record in the lock, or whose `study:` or `species:` the record rules out (a design its publication types contradict, a preprint the registry files as a journal article, animal research PubMed indexes as a study in humans only, a species MeSH does not list).",
            "The reference list would describe a different paper from the one linked, or label it as another kind of evidence.",
            "`year: 2005` where PubMed says 2004; `study: rct` where PubMed types the paper as a Meta-Analysis.",
        ),
        Code::CiteIdConflict => (
            "Reports an entry whose identifiers belong to different works according to the lock.",
            "A PMID and a DOI that disagree mean one of them is wrong.",
            "An entry whose PMID is one paper and whose DOI another.",
        ),
        Code::EvidenceAnimalOnly => (
            "Reports a paragraph, list item, blockquote paragraph or table whose every citation is animal or laboratory (cell) evidence — according to `citations.lock` (PubMed's MeSH: animals, no humans) or the entry's `study: animal` or `study: in-vitro` — and whose text does not say so: no word such as rats, mice, animals, in vitro, cells, laboratory or preclinical, nor the species the source names. Add your own words with `evidence_words:` in site.yaml. One finding per unit, at its first citation. Works offline; a source with nothing known is never animal evidence.",
            "A finding in rats or in a dish is not a finding in people. Written up without saying so, it reads as a human result, and readers act on it.",
            "`IGF-1 LR3 was 1.5- to 2-fold more potent than ordinary IGF-1 (PMID 8708565).` where PMID 8708565 is a rat study; not reported: `… more potent than ordinary IGF-1 in rats (PMID 8708565).`",
        ),
        Code::EvidencePreprint => (
            "Reports a paragraph, list item, blockquote paragraph or table whose every citation is a preprint — according to `citations.lock` (Crossref's posted-content/preprint, PubMed's Preprint type) or the entry's `study: preprint` — and whose text does not say \"preprint\" or \"not peer reviewed\". One finding per unit, at its first citation. Works offline.",
            "A preprint has not been checked by other scientists yet; its findings often change before publication. Readers should know they are reading early results.",
            "`A 2024 study found the peptide cut appetite by 20% [@chen-2024].` where the DOI is a bioRxiv preprint; not reported: `A 2024 preprint, not yet peer reviewed, found …`.",
        ),
        Code::CheckInvalidAllow => (
            "Reports a `<!-- panelpress: allow CODE \"reason\" -->` comment that names an unknown code or gives no reason.",
            "An opt-out must say why, so a reviewer can judge it; a typo in the code would silently opt out of nothing.",
            "`<!-- panelpress: allow claim/uncited -->` (no reason).",
        ),
        Code::BuildNotUtf8 => (
            "Reports a page or template file that is not valid UTF-8, at the first byte that is not.",
            "The page cannot be read as text; rendering it would garble it, so it is left out (a template that is not UTF-8 stops the build).",
            "A page saved as Windows-1252 with a curly quote.",
        ),
        Code::BuildTemplate => (
            "Reports a template that does not parse, uses an unknown variable, or a page naming a template that does not exist.",
            "No page can be rendered with a broken template, so the build stops.",
            "`{% if %}` with no condition, `{{ page.titel }}`.",
        ),
        Code::BuildUrlConflict => (
            "Reports two pages, a page and an alias, or a page and a generated file claiming the same URL.",
            "One would silently overwrite the other.",
            "`content/a.md` with `slug: b` next to `content/b.md`.",
        ),
        Code::BuildUnreadable => (
            "Reports a file or folder under content/ that cannot be read (a symbolic link loop, a permission error); it is skipped.",
            "A skipped page is missing from the site.",
            "`content/loop -> ..`.",
        ),
        Code::BuildOutsideSite => (
            "Reports a file or folder under content/ or static/ (a page bundle's files included) that is a symbolic link leading outside the site folder; it is left out, and the build stops.",
            "Whatever the link reaches would be published: a link in a pull request could put a file of the machine that builds the site on the web.",
            "`static/passwd.txt -> /etc/passwd`, or `content/shared -> ../../other-site/content`.",
        ),
    }
}

/// The text `panelpress explain CODE` prints.
pub fn explain(code: Code) -> String {
    let (what, why, example) = docs(code);
    format!(
        "{code} ({severity} by default)\n\nWhat it does: {what}\n\nWhy it matters: {why}\n\nExample: {example}\n",
        severity = code.default_severity()
    )
}
