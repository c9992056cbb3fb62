//! What the checks need from a page body, gathered during the rendering pass: every
//! citation with its span, and every claim unit (a paragraph, a list item, a blockquote
//! paragraph, a whole table) that states a figure, with its figures, citations and
//! footnote references; and every heading that states a dose, which `policy/dose-figure`
//! reads as a unit of its own (a heading is a title, not a claim, for `claim/uncited`).
//! Spans are byte offsets into the body.

use crate::citations::recognize::Key;
use crate::citations::{Bibliography, Cited, Found};
use crate::claims::{self, Figure};
use rustc_hash::FxHashMap as HashMap;
use std::ops::Range;

/// A citation found in the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Citation {
    pub(crate) span: Range<usize>,
    pub(crate) cited: Cited,
    /// The bibliography entries it names, one per identifier or key (`None` for one the
    /// bibliography lacks): looked up once when the page is read, where every citation
    /// check of a large site looked each up again in a table too large for the cache.
    pub(crate) entries: Vec<Option<usize>>,
}

impl Citation {
    /// Whether this counts as citing a source (a malformed identifier does not).
    pub(crate) fn is_valid(&self) -> bool {
        !matches!(self.cited, Cited::Malformed { .. })
    }

    /// Each identifier or key this cites, as its bibliography entry (`None` for one the
    /// bibliography lacks) and the body offset it is written at (a key's own, so a finding
    /// points at the key in `[@a; @b]`). A malformed identifier cites nothing.
    pub(crate) fn entries_at(&self) -> impl Iterator<Item = (Option<usize>, usize)> + '_ {
        let keys: &[Key] = match &self.cited {
            Cited::Keys(keys) => keys,
            _ => &[],
        };
        // `entries` has one per key, one for an identifier, none for a malformed one.
        self.entries.iter().enumerate().map(move |(i, &entry)| {
            let offset = keys.get(i).map_or(self.span.start, |key| key.span.start);
            (entry, offset)
        })
    }
}

/// A link or image written in the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct LinkUse {
    /// The whole `[text](dest)` (or `![alt](src)`, `<url>`).
    pub(crate) span: Range<usize>,
    /// The destination as written.
    pub(crate) dest: String,
    /// The destination as written to the output (`.md` links rewritten).
    pub(crate) href: String,
    pub(crate) image: bool,
}

/// A claim unit.
#[derive(Debug, Clone, Default)]
pub struct Unit {
    /// Where the unit starts in the body (for the opt-out comment on the line before).
    pub(crate) start: usize,
    pub(crate) figures: Vec<Figure>,
    /// Indexes into [`Analysis::citations`].
    pub(crate) citations: Vec<usize>,
    pub(crate) footnote_refs: Vec<String>,
    /// A heading: it holds only its dose figures, and is no claim unit.
    pub(crate) heading: bool,
    /// Inside a footnote's definition: a note on the sources of the unit that references
    /// it, not a claim of its own for the evidence checks.
    pub(crate) in_footnote: bool,
    /// The body ranges of the unit's prose (its text, without link destinations, code or
    /// markup), adjacent runs joined: what the evidence checks read for words such as
    /// "in rats".
    pub(crate) prose: Vec<Range<usize>>,
}

/// Everything found in one page body.
#[derive(Debug, Clone, Default)]
pub struct Analysis {
    pub(crate) citations: Vec<Citation>,
    /// The claim units that state a figure or cite a source, in document order (during
    /// the walk, every unit: [`Tracker::finish`] drops the others).
    pub units: Vec<Unit>,
    /// Footnote label → indexes of the citations inside its definition.
    pub(crate) footnote_citations: HashMap<String, Vec<usize>>,
    pub(crate) links: Vec<LinkUse>,
    /// Words of prose in the body, as the reading time counts them (set when a page is
    /// rendered for a build or check).
    pub(crate) words: usize,
}

impl Analysis {
    /// The citations that make `unit` cited: its own and those of footnotes it references.
    pub(crate) fn unit_citations<'a>(
        &'a self,
        unit: &'a Unit,
    ) -> impl Iterator<Item = &'a Citation> + 'a {
        let via_footnotes = unit
            .footnote_refs
            .iter()
            .filter_map(|label| self.footnote_citations.get(label))
            .flatten();
        unit.citations
            .iter()
            .chain(via_footnotes)
            .map(|&i| &self.citations[i])
            .filter(|c| c.is_valid())
    }
}

/// What [`Tracker::prose`] looks for in one run.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Look {
    /// Citations: off in the text of a link that itself cites (the link is the citation).
    pub(crate) citations: bool,
    /// Narrative `@key` citations: off in any link's text, where `@name` is a handle.
    pub(crate) narrative: bool,
}

/// Tracks which unit the walk is in.
#[derive(Debug, Default)]
pub(crate) struct Tracker {
    pub(crate) analysis: Analysis,
    /// One entry per open paragraph, item or table: the unit it opened, if it opened one.
    stack: Vec<Option<usize>>,
    /// The footnote definition being walked, if any.
    footnote: Option<String>,
    /// The columns of the table being walked.
    columns: Columns,
}

/// The table being walked: each column's dose unit, read from its header cell, and the
/// body cell the walk is in.
#[derive(Debug, Default)]
struct Columns {
    head: bool,
    units: Vec<Option<Box<str>>>,
    /// The next body cell's column in the current row.
    next: usize,
    /// The column of the body cell being walked.
    cell: Option<usize>,
}

/// The container kinds that may open a claim unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Container {
    Paragraph,
    Item,
    Table,
    Heading,
}

impl Tracker {
    fn current(&self) -> Option<usize> {
        self.stack.iter().rev().find_map(|u| *u)
    }

    /// A paragraph opens a unit unless it is inside a list item or table; an item always
    /// opens one (a nested item is its own unit); so does a table, and a heading.
    pub(crate) fn open(&mut self, container: Container, start: usize) {
        let opens = match container {
            Container::Paragraph => self.current().is_none(),
            Container::Item | Container::Table | Container::Heading => true,
        };
        if container == Container::Table {
            self.columns = Columns::default();
        }
        let unit = opens.then(|| {
            self.analysis.units.push(Unit {
                start,
                heading: container == Container::Heading,
                in_footnote: self.footnote.is_some(),
                ..Unit::default()
            });
            self.analysis.units.len() - 1
        });
        self.stack.push(unit);
    }

    pub(crate) fn close(&mut self) {
        self.stack.pop();
    }

    /// The page's analysis, with only the units that state a figure or cite a source
    /// (outside footnotes): the claim and evidence checks read no other, and the rest (most
    /// paragraphs and items of a page) would be kept for every page of the site until the
    /// checks have run.
    pub(crate) fn finish(self) -> Analysis {
        let mut analysis = self.analysis;
        analysis.units.retain(|unit| {
            let cites = !unit.citations.is_empty() || !unit.footnote_refs.is_empty();
            !unit.figures.is_empty() || (cites && !unit.in_footnote)
        });
        analysis.units.shrink_to_fit();
        analysis.citations.shrink_to_fit();
        analysis.links.shrink_to_fit();
        analysis
    }

    /// The walk enters (`true`) or leaves a table's header row.
    pub(crate) fn table_head(&mut self, head: bool) {
        self.columns.head = head;
    }

    /// The walk starts a body row of a table.
    pub(crate) fn table_row(&mut self) {
        self.columns.next = 0;
    }

    /// The walk enters a table cell whose source is `source`: a header cell gives its
    /// column's dose unit, if it names one; a body cell takes its column's.
    pub(crate) fn table_cell(&mut self, source: &str) {
        let columns = &mut self.columns;
        if columns.head {
            columns.units.push(claims::column_unit(source));
        } else {
            columns.cell = Some(columns.next);
            columns.next += 1;
        }
    }

    /// The walk leaves a table cell.
    pub(crate) fn table_cell_end(&mut self) {
        self.columns.cell = None;
    }

    pub(crate) fn footnote(&mut self, label: Option<&str>) {
        self.footnote = label.map(str::to_string);
        if let Some(label) = label {
            self.analysis
                .footnote_citations
                .entry(label.to_string())
                .or_default();
        }
    }

    pub(crate) fn footnote_ref(&mut self, label: &str) {
        if let Some(unit) = self.current() {
            self.analysis.units[unit]
                .footnote_refs
                .push(label.to_string());
        }
    }

    /// Records a citation at body span `span`.
    pub(crate) fn citation(
        &mut self,
        span: Range<usize>,
        cited: Cited,
        entries: Vec<Option<usize>>,
    ) {
        let index = self.analysis.citations.len();
        self.analysis.citations.push(Citation {
            span,
            cited,
            entries,
        });
        if let Some(unit) = self.current() {
            self.analysis.units[unit].citations.push(index);
        }
        if let Some(label) = &self.footnote {
            self.analysis
                .footnote_citations
                .entry(label.clone())
                .or_default()
                .push(index);
        }
    }

    /// Scans a run of prose whose source is `source`, starting at body offset `offset`,
    /// for figures and for the citations `look` asks for, which are looked up in
    /// `bibliography`. Returns the citations it found (none when `look.citations` is off).
    pub(crate) fn prose(
        &mut self,
        source: &str,
        offset: usize,
        look: Look,
        bibliography: &Bibliography,
    ) -> Vec<Found> {
        let found: Vec<Found> = if look.citations {
            crate::citations::recognize::scan(source, look.narrative.then_some(bibliography))
        } else {
            Vec::new()
        };
        for f in &found {
            let cited = match &f.cited {
                Cited::Keys(keys) => Cited::Keys(
                    keys.iter()
                        .map(|key| Key {
                            span: offset + key.span.start..offset + key.span.end,
                            ..key.clone()
                        })
                        .collect(),
                ),
                other => other.clone(),
            };
            let entries = bibliography.entries_of(&cited);
            self.citation(offset + f.span.start..offset + f.span.end, cited, entries);
        }
        let Some(unit) = self.current() else {
            return found;
        };
        let column = self.columns.cell.and_then(|i| self.columns.units.get(i));
        let column = column.and_then(|unit| unit.as_deref());
        let unit = &mut self.analysis.units[unit];
        let run = offset..offset + source.len();
        match unit.prose.last_mut() {
            Some(last) if last.end == run.start => last.end = run.end,
            _ => unit.prose.push(run),
        }
        for figure in claims::scan_cell(source, column) {
            let inside_citation = found
                .iter()
                .any(|f| f.span.start < figure.span.end && figure.span.start < f.span.end);
            if !inside_citation && (figure.dose || !unit.heading) {
                unit.figures.push(Figure {
                    span: offset + figure.span.start..offset + figure.span.end,
                    ..figure
                });
            }
        }
        found
    }
}
