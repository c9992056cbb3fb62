#!/usr/bin/env python3
"""Deterministic benchmark corpus of Markdown explainer pages.

Writes a site of N explainer pages about fictitious compounds, for timing
static site generators on the same content.  Python 3 standard library only.

Every page has:
  * YAML front matter: title, description, date, reviewed (a later date), tags;
  * about 800-1500 words of pseudo-random prose in an intro and 2-4 H2 sections
    (heading texts are plain ASCII words, so "How it works" gets the anchor
    "how-it-works" in every common slug scheme);
  * one comparison table (GFM pipe table);
  * on about 40% of pages one fenced code block (yaml or json);
  * on about half of the pages a bullet list, and 0-2 external links, always
    to the reserved domains example.org / example.com;
  * 3-6 inline citations in the forms "(PMID 1234567)", "(PMC1234567)" and
    "(doi:10.1000/xyz123)";
  * 3-5 internal links to other pages, about half of them to a heading anchor
    of the target page.

references.yaml (at the site root) lists every cited identifier once, in
panelpress's bibliography format: a key per entry, holding its pmid, pmcid
or doi, title, journal and year.

Flavors (--flavor):
  neutral  a panelpress site: site.yaml, references.yaml, content/ with a home
           and a section _index.md.  Pages are content/compounds/<slug>.md and
           link to each other with relative links: "other-slug.md#anchor".
  hugo     neutral content plus config.toml, content/_index.md,
           content/compounds/_index.md and layouts/ for Hugo.  Internal links
           use {{< relref "/compounds/<slug>.md#anchor" >}}, so Hugo resolves
           (and errors on) every target page, as Zola does.
  zola     the same pages for Zola: YAML front matter with tags under
           "taxonomies" and reviewed under "extra", links written
           "@/compounds/<slug>.md#anchor" (Zola checks these, anchors
           included, on every build), plus config.toml and templates/.

Both peer flavors render every page with its title, HTML body and tag list,
plus one section page listing all pages and a small home page.  Taxonomy
pages, feeds, sitemaps and syntax highlighting are switched off in both, and
Hugo's typographer and linkify extensions are off, so both do comparable work:
Markdown render + template + write.

Output is a pure function of (--pages, --flavor, --seed, --broken): the same
arguments give byte-identical files on every run and Python 3.8+ version.

--broken K (neutral flavor only) injects K deliberate defects for testing a
link/citation checker: on K pages one link to a missing page, one link to a
missing anchor of an existing page, and one citation absent from
references.yaml.  The expected findings are written to
DIR/expected-errors.json (outside content/).

Examples:
  gen_corpus.py --pages 1000 --out /tmp/corpus-1000-neutral
  gen_corpus.py --pages 1000 --out /tmp/corpus-1000-hugo --flavor hugo
  gen_corpus.py --pages 200 --out /tmp/broken --broken 5
"""

import argparse
import re
import json
import os
import random
import shutil
import sys
from datetime import date, timedelta

MARKER = ".gen_corpus"  # written into DIR so --force only ever removes our own output

# --------------------------------------------------------------------------
# Vocabulary
# --------------------------------------------------------------------------

PREFIXES = [
    "al", "am", "bel", "bra", "cor", "dal", "del", "epi", "fal", "gar", "hel",
    "ib", "jor", "kal", "lor", "mar", "nor", "ox", "pal", "quin", "ral", "sar",
    "tal", "ul", "vel", "xan", "yor", "zel", "ar", "cel", "dor", "fen", "lev",
    "mir", "nal", "ober", "pir", "ros", "sil", "tor", "val", "wex", "zan",
]
MIDDLES = [
    "a", "e", "i", "o", "u", "ax", "ex", "ix", "ob", "ur", "an", "en", "il",
    "om", "ar", "et", "iv", "oz", "ad", "im", "ol", "yt", "ec", "ul", "ab",
]
SUFFIXES = [
    "mab", "tinib", "zole", "pril", "statin", "vir", "olol", "afil", "sartan",
    "cillin", "micin", "dronate", "gliptin", "lukast", "parin", "setron",
    "tide", "vastin", "zepam", "conazole", "oxacin", "lamide", "trexate",
    "platin", "rubicin", "sentan", "flozin", "glutide", "ciclib", "denib",
]

CLASSES = [
    "selective kinase inhibitor", "ion channel modulator", "monoclonal antibody",
    "receptor antagonist", "partial receptor agonist", "enzyme inhibitor",
    "antisense oligonucleotide", "peptide hormone analogue", "transporter blocker",
    "allosteric modulator", "small-molecule chaperone", "prodrug",
]
TARGET_FAMILIES = [
    "receptor", "channel", "kinase", "transporter", "protease", "phosphatase",
    "ligase", "exchanger", "isomerase", "cyclase",
]
AREAS = [
    "cardiology", "oncology", "neurology", "endocrinology", "nephrology",
    "hepatology", "immunology", "infectious-disease", "pulmonology",
    "dermatology", "psychiatry", "rheumatology", "hematology", "pain",
]
MECH_TAGS = [
    "kinase-inhibitor", "ion-channel", "antibody", "enzyme-inhibitor",
    "peptide", "oligonucleotide", "prodrug", "allosteric", "transporter",
]
STATUS_TAGS = ["approved", "investigational", "withdrawn", "phase-2", "phase-3", "off-label"]

POPULATIONS = [
    "adults with moderate hypertension", "older adults with chronic kidney disease",
    "children with refractory epilepsy", "patients with early-stage disease",
    "people with type 2 diabetes", "adults with persistent asthma",
    "patients recovering from surgery", "healthy volunteers",
    "patients with advanced solid tumours", "people with chronic migraine",
    "adults with rheumatoid arthritis", "patients with heart failure",
    "adolescents with severe acne", "people with mild cognitive impairment",
]
OUTCOMES = [
    "systolic blood pressure", "fasting glucose", "seizure frequency",
    "progression-free survival", "pain scores", "hospital admissions",
    "liver enzyme levels", "symptom-free days", "viral load", "bone density",
    "exercise tolerance", "relapse rates", "inflammatory markers",
    "quality-of-life scores", "all-cause mortality",
]
ADVERSE = [
    "mild nausea", "headache", "dizziness", "transient rash", "fatigue",
    "elevated liver enzymes", "low potassium", "injection-site reactions",
    "insomnia", "dry mouth", "diarrhoea", "blurred vision", "muscle aches",
]
ORGANS = ["liver", "kidneys", "gut", "lungs", "skin", "bone marrow", "brain"]
ROUTES = ["oral", "intravenous", "subcutaneous", "inhaled", "topical", "intramuscular"]
STUDY_KINDS = [
    "randomised controlled trial", "open-label extension study",
    "observational cohort", "crossover trial", "dose-finding study",
    "pooled analysis", "registry study", "pharmacokinetic study",
]
REPORT_VERBS = ["found", "reported", "observed", "showed", "described", "suggested"]
HEDGES = [
    "Notably,", "In practice,", "On balance,", "Importantly,", "By contrast,",
    "In short,", "Taken together,", "At the same time,", "Even so,",
    "As a rule,", "For most readers,", "Put simply,",
]
ANGLES = [
    "how it works and what the evidence says", "a plain-language explainer",
    "mechanism, evidence and safety", "what patients should know",
    "benefits, risks and open questions", "an evidence summary",
    "how it compares with alternatives", "what the trials really show",
]
JOURNAL_WORDS_A = [
    "Journal of", "Annals of", "Reviews in", "Archives of", "Advances in",
    "Bulletin of", "Frontiers of", "Letters in",
]
JOURNAL_WORDS_B = [
    "Applied Pharmacology", "Clinical Compound Research", "Translational Therapeutics",
    "Experimental Medicine", "Drug Safety Studies", "Molecular Targets",
    "Comparative Pharmacokinetics", "Evidence Synthesis", "Bedside Medicine",
]
TITLE_OPENERS = [
    "Effects of", "Safety and tolerability of", "Pharmacokinetics of",
    "A randomised trial of", "Long-term outcomes with", "Mechanism of action of",
    "Dose-response relationship of", "Real-world use of", "A systematic review of",
]

# Section headings: ASCII letters and spaces only, so anchors are predictable.
HEADINGS = [
    "How it works", "What the trials show", "Safety and tolerability",
    "Dosing in practice", "How it compares", "Open questions",
    "Pharmacokinetics", "Regulatory history", "Who should not take it",
    "Interactions", "Practical tips", "Background",
]

# Sentence templates.  Slots: {C} this compound, {cls} its class, {tgt} its
# target, {pop} {out} {adv} {org} {route} {study} {verb} {hedge} {pct} {n}
# {wk} {h} {other} (another compound's plain name).
SENTENCES = [
    "{C} is {a_cls} that acts on {tgt}.",
    "By binding to {tgt}, {C} dampens a signal that is overactive in many {pop}.",
    "{A_study} in {n} {pop} {verb} that {C} lowered {out} by about {pct} percent over {wk} weeks.",
    "{hedge} the effect on {out} was larger in people who started treatment early.",
    "The most common side effects were {adv} and {adv2}, which usually faded within a few weeks.",
    "{C} is cleared mainly by the {org}, so doses are sometimes reduced when that organ is impaired.",
    "Its half-life of roughly {h} hours allows {dosing} dosing in most {pop}.",
    "{hedge} not every study agrees: a smaller {study} {verb} no clear change in {out}.",
    "{hedge} {a_study} is still needed to settle whether {C} changes {out2}.",
    "Dose reductions were needed in {pct} percent of {pop}, mostly because of {adv}.",
    "Most guidelines place {C} after {other} because the long-term data are thinner.",
    "When {adv} occurs, lowering the dose for {wk} weeks is often enough.",
    "The {org} handles most of the drug, which is why blood tests are repeated at {wk} weeks.",
    "Few head-to-head trials exist, so indirect comparisons with {other} should be read with care.",
    "Early enthusiasm for {C} was tempered when a larger {study} {verb} smaller gains in {out}.",
    "{hedge} people who stopped {C} early often saw {out} return to baseline within {wk} weeks.",
    "Genetic differences in how the {org} processes the drug may explain some of the variation.",
    "Trial participants were mostly {pop}, so results may not transfer to other groups.",
    "The manufacturer markets {C} in {route} and, in some countries, extended-release forms.",
    "{hedge} the gap between {C} and {other} narrows once adherence is taken into account.",
    "It is not a cure: {out} tends to drift back if treatment is interrupted.",
    "Pharmacists often flag {C} because of its narrow window between helpful and toxic doses.",
    "Across {n} participants, serious adverse events were rare and similar to placebo.",
    "Symptoms such as {adv} were reported by about {pct} percent of those on the active drug.",
    "The rationale for {C} rests on the role of {tgt} in driving {out}.",
    "{hedge} modelling studies suggest that {C} is cost-effective only in higher-risk {pop}.",
    "Older agents in the class caused {adv2}, a problem that {C} largely avoids.",
    "An independent review {verb} that the benefit on {out} was consistent across age groups.",
    "Compared with {other}, {C} has a {comparative} effect on {out} but causes {adv} more often.",
    "Researchers first described {C} in a screening programme aimed at {tgt}.",
    "Because it is given by the {route} route, adherence tends to be {adherence}.",
    "Clinicians usually check {out} after {wk} weeks to judge whether {C} is working.",
    "{hedge} the absolute benefit is modest, and it depends heavily on baseline risk.",
    "Few studies have followed {pop} for longer than {wk} weeks, which leaves questions about durability.",
    "People taking {C} should report {adv} if it becomes persistent or severe.",
    "The drug was designed to avoid the {org} toxicity seen with older agents in the same class.",
    "{hedge} switching from {other} to {C} is generally straightforward, although a short washout is sometimes advised.",
    "In laboratory models, {C} reduced {out} in a dose-dependent way.",
    "{A_study} that pooled data from {n} participants {verb} a relative reduction of {pct} percent in {out}.",
    "The benefit appeared within {wk} weeks and was maintained while treatment continued.",
    "Regulators asked for additional data on {adv} before extending the label to {pop}.",
    "{hedge} cost and availability often matter as much as efficacy when choosing between {C} and {other}.",
    "Plasma concentrations peak about {h} hours after a dose and fall steadily afterwards.",
    "Food has little effect on absorption, so {C} can be taken with or without meals.",
    "Some experts argue that {out} is a weak surrogate, and that harder endpoints are needed.",
    "The label recommends starting at a low dose and adjusting after {wk} weeks.",
    "Interactions are most likely with drugs that share its {org} clearance pathway.",
    "{hedge} the safety signal for {adv} has not been confirmed in larger datasets.",
    "Patient groups have pushed for clearer guidance on how long {C} should be continued.",
    "Unlike {other}, it does not appear to affect {out2} in a meaningful way.",
    "The mechanism explains why {adv} is more common at higher doses.",
    "A subgroup analysis suggested that {pop} may benefit most, but the numbers were small.",
    "{hedge} the evidence base is still growing, and several trials are under way.",
    "Monitoring of the {org} is recommended during the first months of treatment.",
    "The {route} formulation was developed to reduce peak-related side effects.",
    "In head-to-head comparisons, {C} and {other} performed similarly on {out}.",
    "Long-term extension data show that {pct} percent of participants stayed on treatment for a year.",
    "Reviewers rated the certainty of this evidence as {certainty}.",
    "This makes {C} a reasonable option when first-line treatments are not tolerated.",
    "The effect size is comparable to that of lifestyle measures, which remain the foundation of care.",
]

LINK_SENTENCES = [
    "For a related mechanism, see [{L}]({U}).",
    "The same question comes up with [{L}]({U}), which targets a neighbouring pathway.",
    "Readers comparing options may also want to read about [{L}]({U}).",
    "A similar pattern was seen with [{L}]({U}).",
    "This contrasts with [{L}]({U}), where the evidence points the other way.",
    "The explainer on [{L}]({U}) covers this trade-off in more detail.",
]
EXT_LINK_SENTENCES = [
    "The full protocol is available from the [trial registry entry]({U}).",
    "A [patient information leaflet]({U}) summarises the main points.",
    "Regulatory documents are collected on the [agency summary page]({U}).",
]
BULLET_TEMPLATES = [
    "Acts on {tgt}.",
    "Given by the {route} route.",
    "Main side effects: {adv} and {adv2}.",
    "Cleared by the {org}.",
    "Best studied in {pop}.",
    "Typical review point: after {wk} weeks.",
    "Half-life of about {h} hours.",
]

# --------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------


def slugify(text):
    """Anchor as Hugo (github style) and Zola (slug crate) both derive it."""
    out = []
    for ch in text.lower():
        if ch.isalnum():
            out.append(ch)
        elif ch == " " or ch == "-":
            out.append("-")
    return "".join(out)


def yq(s):
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(s, ensure_ascii=False)


def article(phrase):
    """'a' or 'an' plus the phrase."""
    return ("an " if phrase[0] in "aeiou" else "a ") + phrase


def make_names(rng, n):
    seen = set()
    names = []
    while len(names) < n:
        parts = [rng.choice(PREFIXES), rng.choice(MIDDLES)]
        if rng.random() < 0.5:
            parts.append(rng.choice(MIDDLES))
        name = ("".join(parts) + rng.choice(SUFFIXES)).capitalize()
        if name.lower() in seen:
            continue
        seen.add(name.lower())
        names.append(name)
    return names


def random_date(rng, start, span_days):
    return start + timedelta(days=rng.randrange(span_days))


class Bibliography:
    """Global pool of cited identifiers, in first-cited order."""

    def __init__(self, rng, names):
        self.rng = rng
        self.names = names
        self.entries = []  # list of dicts
        self.ids = set()

    def _new_id(self):
        rng = self.rng
        while True:
            r = rng.random()
            if r < 0.5:
                kind, ident = "pmid", "PMID %d" % rng.randrange(1000000, 40000000)
            elif r < 0.75:
                kind, ident = "pmc", "PMC%d" % rng.randrange(1000000, 10000000)
            else:
                kind = "doi"
                prefix = rng.choice(["10.1000", "10.5555"])
                form = rng.randrange(3)
                if form == 0:
                    suffix = "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(3))
                    suffix += str(rng.randrange(100, 1000000))
                elif form == 1:
                    suffix = "j.%s.%d.%02d.%03d" % (
                        "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(4)),
                        rng.randrange(1995, 2025), rng.randrange(1, 13), rng.randrange(1, 1000))
                else:
                    suffix = "%s-%d-%04d" % (
                        "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(3)),
                        rng.randrange(1995, 2025), rng.randrange(1, 10000))
                ident = "doi:%s/%s" % (prefix, suffix)
            if ident not in self.ids:
                return kind, ident

    def cite_for_page(self, page_name, k):
        """k distinct identifiers for one page: mostly new, some reused."""
        rng = self.rng
        chosen = []
        while len(chosen) < k:
            if self.entries and rng.random() < 0.45:
                e = self.entries[rng.randrange(len(self.entries))]
                if e["id"] in chosen:
                    continue
                chosen.append(e["id"])
                continue
            kind, ident = self._new_id()
            self.ids.add(ident)
            subject = page_name if rng.random() < 0.7 else rng.choice(self.names)
            title = "%s %s in %s" % (rng.choice(TITLE_OPENERS), subject.lower(), rng.choice(POPULATIONS))
            journal = "%s %s" % (rng.choice(JOURNAL_WORDS_A), rng.choice(JOURNAL_WORDS_B))
            self.entries.append({
                "id": ident, "kind": kind, "title": title[0].upper() + title[1:],
                "journal": journal, "year": rng.randrange(1988, 2025),
            })
            chosen.append(ident)
        return chosen

    def yaml(self):
        """The bibliography in panelpress's references.yaml format: key -> entry."""
        lines = [
            "# Site-wide bibliography: every identifier cited in content/compounds/*.md.",
        ]
        for e in self.entries:
            ident = e["id"]
            if e["kind"] == "pmid":
                key, field = "pmid-" + ident.split()[1], 'pmid: "%s"' % ident.split()[1]
            elif e["kind"] == "pmc":
                key, field = ident.lower(), "pmcid: %s" % ident
            else:
                doi = ident[len("doi:"):]
                key = "doi-" + re.sub(r"[^a-z0-9]+", "-", doi.lower()).strip("-")
                field = "doi: %s" % yq(doi)
            lines.append("%s:" % key)
            lines.append("  %s" % field)
            lines.append("  title: %s" % yq(e["title"]))
            lines.append("  journal: %s" % yq(e["journal"]))
            lines.append("  year: %d" % e["year"])
        return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------
# Page planning and rendering
# --------------------------------------------------------------------------


def plan_pages(rng, n):
    names = make_names(rng, n)
    pages = []
    for i, name in enumerate(names):
        prng = random.Random(rng.randrange(1 << 62))
        headings = prng.sample(HEADINGS, prng.randint(2, 4))
        published = random_date(prng, date(2015, 1, 1), 3000)
        reviewed = published + timedelta(days=prng.randrange(30, 1200))
        tags = [prng.choice(AREAS), prng.choice(MECH_TAGS)]
        if prng.random() < 0.6:
            tags.append(prng.choice(STATUS_TAGS))
        if prng.random() < 0.3:
            extra = prng.choice(AREAS)
            if extra not in tags:
                tags.append(extra)
        tgt = "the %s%s-%d %s" % (
            prng.choice("ABCDEFGHKLMNPRSTVW"), prng.choice("ABCDEFGHKLMNPRSTVW"),
            prng.randint(1, 12), prng.choice(TARGET_FAMILIES))
        pages.append({
            "i": i,
            "name": name,
            "slug": name.lower(),
            "title": "%s: %s" % (name, prng.choice(ANGLES)),
            "cls": prng.choice(CLASSES),
            "tgt": tgt,
            "route": prng.choice(ROUTES),
            "org": prng.choice(ORGANS),
            "headings": headings,
            "date": published,
            "reviewed": reviewed,
            "tags": tags,
            "seed": prng.randrange(1 << 62),
        })
    return pages


def link_url(flavor, target, anchor):
    frag = ("#" + anchor) if anchor else ""
    if flavor == "hugo":
        return '{{< relref "/compounds/%s.md%s" >}}' % (target["slug"], frag)
    if flavor == "zola":
        return "@/compounds/%s.md%s" % (target["slug"], frag)
    return "%s.md%s" % (target["slug"], frag)


def fill(rng, template, page, other_name):
    adv = rng.choice(ADVERSE)
    adv2 = rng.choice([a for a in ADVERSE if a != adv])
    out = rng.choice(OUTCOMES)
    out2 = rng.choice([o for o in OUTCOMES if o != out])
    study = rng.choice(STUDY_KINDS)
    return template.format(
        a_cls=article(page["cls"]), A_study=article(study).capitalize(), a_study=article(study),
        C=page["name"], cls=page["cls"], tgt=page["tgt"], pop=rng.choice(POPULATIONS),
        out=out, out2=out2, adv=adv, adv2=adv2, org=page["org"], route=page["route"],
        study=study, verb=rng.choice(REPORT_VERBS),
        hedge=rng.choice(HEDGES), pct=rng.randint(5, 60), n=rng.choice([24, 48, 96, 120, 240, 410, 860, 1200, 3400]),
        wk=rng.choice([4, 6, 8, 12, 16, 24, 26, 52]), h=rng.choice([2, 4, 6, 8, 12, 18, 24, 36, 72]),
        other=other_name, comparative=rng.choice(["larger", "smaller", "similar", "faster", "more durable"]),
        dosing=rng.choice(["once-daily", "twice-daily", "weekly", "monthly"]),
        adherence=rng.choice(["good", "better than average", "a challenge", "variable"]),
        certainty=rng.choice(["low", "moderate", "high", "very low"]),
    )


def decorate(rng, sentence):
    """Occasional inline emphasis / code, for Markdown variety."""
    r = rng.random()
    if r < 0.04:
        words = sentence.split(" ")
        if len(words) > 6:
            j = rng.randrange(1, len(words) - 3)
            if words[j].isalpha() and words[j + 1].isalpha():
                words[j] = "**" + words[j]
                words[j + 1] = words[j + 1] + "**"
                return " ".join(words)
    elif r < 0.07:
        words = sentence.split(" ")
        if len(words) > 6:
            j = rng.randrange(1, len(words) - 2)
            if words[j].isalpha():
                words[j] = "*" + words[j] + "*"
                return " ".join(words)
    return sentence


def make_table(rng, page, peers):
    cols = [page] + peers
    rows = [
        ("Class", lambda p: p["cls"]),
        ("Route", lambda p: p["route"]),
        ("Half-life (h)", lambda p: str(rng.choice([2, 4, 6, 8, 12, 18, 24, 36, 72]))),
        ("Oral bioavailability (%)", lambda p: str(rng.randint(5, 95)) if p["route"] == "oral" else "n/a"),
        ("Main clearance", lambda p: p["org"]),
        ("First described", lambda p: str(p["date"].year - rng.randint(3, 20))),
        ("Renal dose adjustment", lambda p: rng.choice(["yes", "no", "above 30 mL/min only"])),
        ("Common side effect", lambda p: rng.choice(ADVERSE)),
    ]
    chosen = [rows[0]] + rng.sample(rows[1:], rng.randint(3, 5))
    lines = ["| Property | " + " | ".join(p["name"] for p in cols) + " |",
             "|---|" + "|".join("---" for _ in cols) + "|"]
    for label, fn in chosen:
        lines.append("| %s | %s |" % (label, " | ".join(fn(p) for p in cols)))
    return "\n".join(lines)


def make_code(rng, page):
    if rng.random() < 0.5:
        return "\n".join([
            "```yaml",
            "# Example dosing schedule used in the %s trials" % page["name"],
            "compound: %s" % page["slug"],
            "route: %s" % page["route"],
            "titration:",
            "  - week: 0",
            "    dose_mg: %d" % rng.choice([5, 10, 25, 50]),
            "  - week: %d" % rng.choice([2, 4, 6]),
            "    dose_mg: %d" % rng.choice([50, 75, 100]),
            "monitoring: [%s, %s]" % (page["org"].replace(" ", "-") + "-function", "adverse-events"),
            "```",
        ])
    return "\n".join([
        "```json",
        "{",
        '  "compound": "%s",' % page["slug"],
        '  "assay": "%s binding",' % page["tgt"].replace("the ", ""),
        '  "ic50_nM": %d,' % rng.randint(1, 900),
        '  "replicates": %d,' % rng.randint(3, 12),
        '  "controls": ["vehicle", "reference-inhibitor"]',
        "}",
        "```",
    ])


def render_page(page, pages, bib, flavor, broken):
    rng = random.Random(page["seed"])
    n = len(pages)

    def pick_other():
        while True:
            j = rng.randrange(n)
            if j != page["i"]:
                return pages[j]

    target_words = rng.randint(800, 1500)
    # Words are counted in the prose; links, table, code and list add roughly 100-250 more.
    prose_budget = target_words - 180

    # Build paragraphs: intro + one block per heading.
    blocks = [("", [])] + [(h, []) for h in page["headings"]]
    words = 0
    deck = []  # templates drawn without repeats until all have been used

    def next_template():
        if not deck:
            deck.extend(SENTENCES[1:])
            rng.shuffle(deck)
        return deck.pop()

    b = 0
    while words < prose_budget:
        nsent = rng.randint(3, 7)
        paragraph = []
        for k in range(nsent):
            first = b == 0 and not blocks[0][1] and k == 0
            tmpl = SENTENCES[0] if first else next_template()
            s = fill(rng, tmpl, page, pick_other()["name"])
            s = decorate(rng, s)
            paragraph.append(s)
            words += len(s.split())
        blocks[b][1].append(paragraph)
        b = (b + 1) % len(blocks)

    all_slots = [(bi, pi, si) for bi, (_, paras) in enumerate(blocks)
                 for pi, para in enumerate(paras) for si in range(len(para))]

    # Citations: 3-6 distinct identifiers, each placed before a sentence's final period.
    cites = bib.cite_for_page(page["name"], rng.randint(3, 6))
    for ident, (bi, pi, si) in zip(cites, rng.sample(all_slots, len(cites))):
        s = blocks[bi][1][pi][si]
        blocks[bi][1][pi][si] = s[:-1] + " (" + ident + ")."

    # Internal links: 3-5 sentences appended to random paragraphs; about half with an anchor.
    for _ in range(rng.randint(3, 5)):
        tgt = pick_other()
        anchor = slugify(rng.choice(tgt["headings"])) if rng.random() < 0.5 else None
        sent = rng.choice(LINK_SENTENCES).format(L=tgt["name"], U=link_url(flavor, tgt, anchor))
        bi, pi, _ = rng.choice(all_slots)
        blocks[bi][1][pi].append(sent)

    # External links (reserved example domains only) on about half of the pages.
    if rng.random() < 0.5:
        for _ in range(rng.randint(1, 2)):
            url = rng.choice([
                "https://example.org/trials/NCT%08d" % rng.randrange(10 ** 8),
                "https://example.com/leaflets/%s-%d.html" % (page["slug"], rng.randrange(100)),
                "https://example.org/agency/summaries/%s" % page["slug"],
            ])
            bi, pi, _ = rng.choice(all_slots)
            blocks[bi][1][pi].append(rng.choice(EXT_LINK_SENTENCES).format(U=url))

    # Deliberate defects for checker tests (neutral flavor only).
    expected = []
    if page["i"] in broken:
        missing_slug = "no-such-compound-%d" % page["i"]
        tgt = pick_other()
        bad_cite = "PMID %d" % (99000000 + page["i"])
        bi, pi, _ = rng.choice(all_slots)
        blocks[bi][1][pi].append(
            "An older draft linked to [a retired page](%s.md) and to [a removed section](%s.md#no-such-section), "
            "and cited an unlisted source (%s)." % (missing_slug, tgt["slug"], bad_cite))
        rel = "content/compounds/%s.md" % page["slug"]
        expected = [
            {"page": rel, "kind": "missing-page", "target": missing_slug + ".md"},
            {"page": rel, "kind": "missing-anchor", "target": tgt["slug"] + ".md#no-such-section"},
            {"page": rel, "kind": "unknown-citation", "target": bad_cite},
        ]

    # Extras placed inside sections.
    sec_ids = list(range(1, len(blocks)))
    table_block = rng.choice(sec_ids)
    peers = []
    npeers = rng.randint(2, 3)
    while len(peers) < npeers:
        p = pick_other()
        if all(p["i"] != q["i"] for q in peers):
            peers.append(p)
    table = make_table(rng, page, peers)
    code_block = rng.choice(sec_ids) if rng.random() < 0.4 else None
    code = make_code(rng, page) if code_block is not None else None
    list_block = rng.choice(range(len(blocks))) if rng.random() < 0.5 else None
    bullets = None
    if list_block is not None:
        items = rng.sample(BULLET_TEMPLATES, rng.randint(3, 5))
        bullets = "\n".join("- " + fill(rng, t, page, "") for t in items)

    out = []
    for bi, (heading, paras) in enumerate(blocks):
        if heading:
            out.append("## " + heading)
        chunks = [" ".join(p) for p in paras]
        if bi == list_block:
            chunks.insert(min(1, len(chunks)), "Key points:\n\n" + bullets)
        if bi == table_block:
            chunks.insert(rng.randint(0, len(chunks)),
                          "The table compares %s with related compounds.\n\n%s" % (page["name"], table))
        if bi == code_block:
            chunks.insert(rng.randint(0, len(chunks)), code)
        out.extend(chunks)
    body = "\n\n".join(out) + "\n"

    # Front matter.
    tags = "[" + ", ".join(yq(t) for t in page["tags"]) + "]"
    desc = "What %s is, how it acts on %s, and what studies in %s show." % (
        page["name"], page["tgt"], rng.choice(POPULATIONS))
    fm = ["---", "title: %s" % yq(page["title"]), "description: %s" % yq(desc),
          "date: %s" % page["date"].isoformat()]
    if flavor == "zola":
        fm += ["taxonomies:", "  tags: %s" % tags, "extra:", "  reviewed: %s" % page["reviewed"].isoformat()]
    else:
        fm += ["reviewed: %s" % page["reviewed"].isoformat(), "tags: %s" % tags]
    fm.append("---")
    return "\n".join(fm) + "\n\n" + body, expected


# --------------------------------------------------------------------------
# Peer scaffolding
# --------------------------------------------------------------------------

HUGO_CONFIG = """\
# Minimal Hugo config for the benchmark corpus: pages, one section list, home.
baseURL = "https://example.org/"
title = "Compound explainers (benchmark corpus)"
languageCode = "en"
disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404"]

[taxonomies]
  tag = "tags"

[markup]
  [markup.highlight]
    codeFences = false
  [markup.goldmark.extensions]
    typographer = false
    linkify = false
"""

HUGO_SINGLE = """\
<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>{{ .Title }}</title><meta name="description" content="{{ .Description }}"></head>
<body>
<main>
<h1>{{ .Title }}</h1>
<p class="dates">Published {{ .Date.Format "2006-01-02" }}{{ with .Params.reviewed }}, reviewed {{ time.Format "2006-01-02" . }}{{ end }}</p>
{{ .Content }}
<ul class="tags">{{ range .Params.tags }}<li>{{ . }}</li>{{ end }}</ul>
</main>
</body>
</html>
"""

HUGO_LIST = """\
<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>{{ .Title }}</title></head>
<body>
<main>
<h1>{{ .Title }}</h1>
<ul class="pages">
{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ .Description }}</li>
{{ end }}</ul>
</main>
</body>
</html>
"""

HUGO_HOME = """\
<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>{{ .Site.Title }}</title></head>
<body>
<main>
<h1>{{ .Site.Title }}</h1>
{{ with .Site.GetPage "/compounds" }}<p><a href="{{ .RelPermalink }}">{{ .Title }}</a></p>{{ end }}
</main>
</body>
</html>
"""

ZOLA_CONFIG = """\
# Minimal Zola config for the benchmark corpus: pages, one section list, home.
base_url = "https://example.org"
title = "Compound explainers (benchmark corpus)"
compile_sass = false
build_search_index = false
generate_feeds = false
generate_sitemap = false
generate_robots_txt = false
taxonomies = [{ name = "tags", render = false }]

# No [markdown.highlighting] table: code blocks are not highlighted.
[markdown]

[link_checker]
internal_level = "error"
external_level = "error"
"""

ZOLA_PAGE = """\
<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>{{ page.title }}</title><meta name="description" content="{{ page.description }}"></head>
<body>
<main>
<h1>{{ page.title }}</h1>
<p class="dates">Published {{ page.date }}{% if page.extra.reviewed %}, reviewed {{ page.extra.reviewed }}{% endif %}</p>
{{ page.content | safe }}
<ul class="tags">{% if page.taxonomies.tags %}{% for t in page.taxonomies.tags %}<li>{{ t }}</li>{% endfor %}{% endif %}</ul>
</main>
</body>
</html>
"""

ZOLA_SECTION = """\
<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>{{ section.title }}</title></head>
<body>
<main>
<h1>{{ section.title }}</h1>
<ul class="pages">
{% for p in section.pages %}<li><a href="{{ p.permalink }}">{{ p.title }}</a> {{ p.description }}</li>
{% endfor %}</ul>
</main>
</body>
</html>
"""

ZOLA_HOME = """\
<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>{{ config.title }}</title></head>
<body>
<main>
<h1>{{ config.title }}</h1>
<p><a href="{{ get_url(path='@/compounds/_index.md') }}">Compounds</a></p>
</main>
</body>
</html>
"""


def scaffold(flavor, n):
    """Extra files (path -> text) a peer needs besides the pages."""
    if flavor == "hugo":
        return {
            "config.toml": HUGO_CONFIG,
            "content/_index.md": '---\ntitle: "Home"\n---\n',
            "content/compounds/_index.md": '---\ntitle: "Compounds"\ndescription: "All %d explainers"\n---\n' % n,
            "layouts/_default/single.html": HUGO_SINGLE,
            "layouts/_default/list.html": HUGO_LIST,
            "layouts/index.html": HUGO_HOME,
        }
    if flavor == "zola":
        return {
            "config.toml": ZOLA_CONFIG,
            "content/_index.md": '---\ntitle: "Home"\n---\n',
            "content/compounds/_index.md":
                '---\ntitle: "Compounds"\ndescription: "All %d explainers"\nsort_by: "date"\n---\n' % n,
            "templates/page.html": ZOLA_PAGE,
            "templates/section.html": ZOLA_SECTION,
            "templates/index.html": ZOLA_HOME,
        }
    return {
        "site.yaml": NEUTRAL_SITE % n,
        "content/_index.md": '---\ntitle: "Home"\ndescription: "Compound explainers"\n---\n',
        "content/compounds/_index.md":
            '---\ntitle: "Compounds"\ndescription: "All %d explainers"\n---\n' % n,
    }


NEUTRAL_SITE = """\
# panelpress site configuration for the benchmark corpus (%d pages).
title: Compound explainers (benchmark corpus)
base_url: https://example.org/
language: en
"""


# --------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


def main(argv=None):
    ap = argparse.ArgumentParser(
        description="Write a deterministic site of N Markdown explainer pages about fictitious "
                    "compounds (YAML front matter, H2 sections, a comparison table, code blocks, "
                    "inline citations, internal links) plus references.yaml.",
        epilog="Same arguments, same bytes.  See the module docstring (python3 -c 'import "
               "gen_corpus; help(gen_corpus)') for the page anatomy and flavors.")
    ap.add_argument("--pages", type=int, required=True, metavar="N", help="number of pages (>= 4)")
    ap.add_argument("--out", required=True, metavar="DIR", help="output directory (created; must be empty or absent)")
    ap.add_argument("--flavor", choices=["neutral", "hugo", "zola"], default="neutral",
                    help="neutral: content/ only; hugo / zola: add config + templates (default: neutral)")
    ap.add_argument("--seed", type=int, default=1, help="corpus seed (default: 1)")
    ap.add_argument("--broken", type=int, default=0, metavar="K",
                    help="neutral only: inject defects into K pages and write DIR/expected-errors.json")
    ap.add_argument("--force", action="store_true",
                    help="replace DIR if it holds an earlier output of this script")
    args = ap.parse_args(argv)

    if args.pages < 4:
        ap.error("--pages must be at least 4")
    if args.broken and args.flavor != "neutral":
        ap.error("--broken is only for the neutral flavor (peers refuse to build broken links)")
    if not 0 <= args.broken <= args.pages:
        ap.error("--broken must be between 0 and --pages")

    out = args.out
    if os.path.exists(out) and os.listdir(out):
        if not args.force:
            ap.error("%s exists and is not empty (use --force to replace an earlier output)" % out)
        if not os.path.exists(os.path.join(out, MARKER)):
            ap.error("%s was not written by this script; refusing to remove it" % out)
        shutil.rmtree(out)
    os.makedirs(out, exist_ok=True)

    rng = random.Random(args.seed)
    pages = plan_pages(rng, args.pages)
    bib = Bibliography(random.Random(rng.randrange(1 << 62)), [p["name"] for p in pages])
    broken = set()
    if args.broken:
        step = args.pages / args.broken
        broken = {int(k * step) for k in range(args.broken)}

    expected = []
    total_words = 0
    for page in pages:
        text, exp = render_page(page, pages, bib, args.flavor, broken)
        expected.extend(exp)
        total_words += len(text.split())
        write(os.path.join(out, "content", "compounds", page["slug"] + ".md"), text)
    write(os.path.join(out, "references.yaml"), bib.yaml())
    for rel, text in scaffold(args.flavor, args.pages).items():
        write(os.path.join(out, rel), text)
    if args.broken:
        write(os.path.join(out, "expected-errors.json"), json.dumps(expected, indent=2) + "\n")
    write(os.path.join(out, MARKER),
          "pages=%d flavor=%s seed=%d broken=%d\n" % (args.pages, args.flavor, args.seed, args.broken))
    print("wrote %d pages (%d words, %d references) to %s [%s]" % (
        args.pages, total_words, len(bib.entries), out, args.flavor), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
