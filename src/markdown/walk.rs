//! The single pass over a body's events (see the module docs of `markdown`). Text and soft
//! breaks are gathered into runs, so a citation or figure split across pulldown's text
//! events is still seen whole; each run is scanned once for the checks (on its source,
//! for exact positions) and once for the output (on its rendered text).

use super::analysis::{Container, LinkUse, Look, Tracker};
use super::cite::{link_citations, Marks};
use super::footnotes::Footnotes;
use super::headings::{self, Slugger};
use super::plain::PlainText;
use super::tables::Tables;
use super::{escape, highlight, RenderContext, Rendered};
use crate::citations::recognize::{from_url, Cited};
use crate::citations::references::Numbering;
use pulldown_cmark::{
    BlockQuoteKind, CodeBlockKind, CowStr, Event, LinkType, OffsetIter, Parser, Tag, TagEnd,
};
use std::ops::Range;

pub(crate) struct Walk<'a, 'c> {
    body: &'a str,
    context: &'c RenderContext<'c>,
    events: OffsetIter<'a>,
    out: Vec<Event<'a>>,
    footnotes: Footnotes<'a>,
    tracker: Tracker,
    numbering: Numbering,
    slugger: Slugger,
    headings: Vec<(u8, String, String)>,
    word_count: usize,
    /// Text and soft breaks not yet processed: (rendered text, source range).
    run: Option<(RunText<'a>, Range<usize>)>,
    /// Depth of links and images being walked (no citation links inside them).
    in_link: usize,
    in_image: usize,
    /// Bibliography entries (already numbered) to mark after the link that is closing.
    link_marks: Vec<Option<usize>>,
    /// For each open link, whether its URL is a citation.
    link_cites: Vec<bool>,
    /// Walking a heading's text: its words were counted with the heading.
    in_heading: bool,
    tables: Tables,
    has_code: bool,
    /// The body's plain text, when the context asks for it.
    plain: Option<PlainText>,
}

impl<'a, 'c> Walk<'a, 'c> {
    pub(crate) fn new(body: &'a str, context: &'c RenderContext<'c>) -> Self {
        Walk {
            body,
            context,
            events: Parser::new_ext(body, super::options()).into_offset_iter(),
            // About one event per 20–30 bytes of Markdown: room for one per 16 is sized
            // once, with headroom, rather than grown (and copied) seven times a page.
            out: Vec::with_capacity(body.len() / 16),
            footnotes: Footnotes::default(),
            tracker: Tracker::default(),
            numbering: Numbering::default(),
            slugger: Slugger::with_reserved(
                crate::theme::RESERVED_IDS,
                &headings::explicit_ids(body),
            ),
            headings: Vec::new(),
            word_count: 0,
            run: None,
            in_link: 0,
            in_image: 0,
            link_marks: Vec::new(),
            link_cites: Vec::new(),
            in_heading: false,
            tables: Tables::default(),
            has_code: false,
            plain: context.plain_text.then(PlainText::default),
        }
    }

    pub(crate) fn run(mut self) -> Rendered {
        while let Some((event, range)) = self.events.next() {
            self.take(event, range);
        }
        self.flush_run();
        let mut html = String::with_capacity(self.body.len() * 3 / 2);
        pulldown_cmark::html::push_html(&mut html, self.out.into_iter());
        self.footnotes.write_section(&mut html);
        Rendered {
            html,
            toc: headings::build_toc(self.headings),
            word_count: self.word_count,
            analysis: self.tracker.finish(),
            references: self.numbering.order().to_vec(),
            marks: self.numbering.marks(),
            has_code: self.has_code,
            plain: self.plain,
        }
    }

    /// One event of the body or of a heading's text: text and soft breaks join the run
    /// (scanned as one when it ends), anything else ends the run first.
    fn take(&mut self, event: Event<'a>, range: Range<usize>) {
        match event {
            Event::Text(text) => self.extend_run(text, range),
            Event::SoftBreak => self.extend_run(CowStr::Borrowed("\n"), range),
            other => {
                self.flush_run();
                self.plain_text(&other);
                self.event(other, range);
            }
        }
    }

    /// What an event other than text adds to the plain text: inline code's words, and a
    /// gap where a block or a line ends.
    fn plain_text(&mut self, event: &Event) {
        let Some(plain) = self.plain.as_mut() else {
            return;
        };
        if self.in_heading || self.in_image > 0 {
            return;
        }
        match event {
            Event::Code(code) => plain.words(code),
            Event::HardBreak
            | Event::End(
                TagEnd::Paragraph
                | TagEnd::Item
                | TagEnd::TableCell
                | TagEnd::BlockQuote(_)
                | TagEnd::FootnoteDefinition
                | TagEnd::DefinitionListDefinition
                | TagEnd::DefinitionListTitle,
            ) => plain.gap(),
            _ => {}
        }
    }

    fn add_words(&mut self, text: &str) {
        self.word_count += count_words(text);
    }

    fn push(&mut self, event: Event<'a>) {
        self.footnotes.sink(&mut self.out).push(event);
    }

    fn html(&mut self, html: String) {
        self.push(Event::Html(html.into()));
    }

    fn extend_run(&mut self, text: CowStr<'a>, range: Range<usize>) {
        match &mut self.run {
            Some((run, source)) => {
                run.push(&text);
                source.end = range.end;
            }
            None => self.run = Some((RunText::One(text), range)),
        }
    }

    /// Scans the pending run for the checks and writes it with citations linked.
    fn flush_run(&mut self) {
        let Some((text, source)) = self.run.take() else {
            return;
        };
        let text = text.into_cow();
        if !self.in_heading {
            self.add_words(&text);
            if let (Some(plain), 0) = (self.plain.as_mut(), self.in_image) {
                plain.words(&text);
            }
        }
        if self.in_image > 0 {
            self.push(Event::Text(text));
            return;
        }
        // The text of a link to PubMed, PMC, doi.org or ClinicalTrials.gov repeats what the
        // URL cites: the link is one citation, already counted.
        let citing_link = self.link_cites.last().copied().unwrap_or(false);
        // The citations found in the source serve the linking too when the text is the
        // source as written (no entity or escape decoded): one scan, not two.
        let (cited, found) = match self.body.get(source.clone()) {
            Some(source_text) => {
                let look = Look {
                    citations: !citing_link,
                    narrative: self.in_link == 0,
                };
                let found =
                    self.tracker
                        .prose(source_text, source.start, look, self.context.bibliography);
                let cited = !found.is_empty();
                // Most runs are one event borrowed from the source: the same bytes, which
                // need no comparing.
                let as_written = std::ptr::eq(source_text, &*text) || source_text == &*text;
                (cited, as_written.then_some(found))
            }
            None => (true, None),
        };
        if citing_link || !cited {
            self.push(Event::Text(text));
            return;
        }
        let narrative = (self.in_link == 0).then_some(self.context.bibliography);
        let found = found.unwrap_or_else(|| crate::citations::recognize::scan(&text, narrative));
        let linked = link_citations(
            &text,
            self.context.bibliography,
            &mut self.numbering,
            self.in_link > 0,
            found,
        );
        match linked {
            Some(html) => self.push(Event::InlineHtml(html.into())),
            None => self.push(Event::Text(text)),
        }
    }

    fn event(&mut self, event: Event<'a>, range: Range<usize>) {
        match event {
            Event::Start(Tag::Heading {
                level, id, classes, ..
            }) => {
                // A heading is a unit of its own for its dose figures and citations.
                self.tracker.open(Container::Heading, range.start);
                let inner = self.collect_until_end();
                self.heading(level as u8, id, &classes, inner);
                self.tracker.close();
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                let lang = match kind {
                    CodeBlockKind::Fenced(lang) => lang.to_string(),
                    CodeBlockKind::Indented => String::new(),
                };
                self.has_code = true;
                let code = plain_text(&self.collect_until_end());
                self.html(highlight::highlight(&code, &lang));
            }
            Event::Start(Tag::Paragraph) => {
                self.tracker.open(Container::Paragraph, range.start);
                self.push(Event::Start(Tag::Paragraph));
            }
            Event::Start(Tag::Item) => {
                self.tracker.open(Container::Item, range.start);
                self.push(Event::Start(Tag::Item));
            }
            Event::Start(Tag::Table(alignments)) => {
                self.tracker.open(Container::Table, range.start);
                let heading = self.headings.last().map(|(_, _, title)| title.as_str());
                let (open, rest) = self.tables.open(alignments, heading);
                self.html(open);
                self.push(Event::Start(Tag::Table(rest)));
            }
            Event::Start(Tag::TableHead) => {
                self.tables.row(true);
                self.tracker.table_head(true);
                self.push(Event::Start(Tag::TableHead));
            }
            Event::End(TagEnd::TableHead) => {
                self.tracker.table_head(false);
                self.push(Event::End(TagEnd::TableHead));
            }
            Event::Start(Tag::TableRow) => {
                self.tables.row(false);
                self.tracker.table_row();
                self.push(Event::Start(Tag::TableRow));
            }
            Event::Start(Tag::TableCell) => {
                // A header cell may name its column's dose unit (`Strength (mg)`).
                self.tracker
                    .table_cell(self.body.get(range).unwrap_or_default());
                match self.tables.cell_start() {
                    Some(open) => self.html(open),
                    None => self.push(Event::Start(Tag::TableCell)),
                }
            }
            Event::End(TagEnd::TableCell) => {
                self.tracker.table_cell_end();
                match self.tables.cell_end() {
                    Some(close) => self.html(close.into()),
                    None => self.push(Event::End(TagEnd::TableCell)),
                }
            }
            Event::End(end @ (TagEnd::Paragraph | TagEnd::Item)) => {
                self.tracker.close();
                self.push(Event::End(end));
            }
            Event::End(TagEnd::Table) => {
                self.tracker.close();
                self.push(Event::End(TagEnd::Table));
                self.html("</div>\n".into());
            }
            Event::Start(Tag::BlockQuote(Some(kind))) => self.html(callout_open(kind)),
            Event::End(TagEnd::BlockQuote(Some(_))) => self.html("</div>\n".into()),
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                let mark = self.url_citation(&dest_url, range.clone());
                self.link_cites.push(from_url(&dest_url).is_some());
                self.link_marks.push(mark);
                self.in_link += 1;
                let dest_url = self.link_use(dest_url, range, false, link_type);
                self.push(Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                }));
            }
            Event::End(TagEnd::Link) => {
                self.in_link = self.in_link.saturating_sub(1);
                self.push(Event::End(TagEnd::Link));
                self.link_cites.pop();
                if let Some(Some(entry)) = self.link_marks.pop() {
                    let marks = Marks {
                        bibliography: self.context.bibliography,
                        numbering: &mut self.numbering,
                        in_link: self.in_link > 0,
                    };
                    let html = marks.html(&[entry]);
                    self.html(html);
                }
            }
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                self.in_image += 1;
                let dest_url = self.link_use(dest_url, range, true, link_type);
                self.push(Event::Start(Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    id,
                }));
            }
            Event::End(TagEnd::Image) => {
                self.in_image = self.in_image.saturating_sub(1);
                self.push(Event::End(TagEnd::Image));
            }
            Event::FootnoteReference(label) => {
                self.tracker.footnote_ref(&label);
                let html = self.footnotes.reference(&label);
                self.html(html);
            }
            Event::Start(Tag::FootnoteDefinition(label)) => {
                self.tracker.footnote(Some(&label));
                self.footnotes.start(&label);
            }
            Event::End(TagEnd::FootnoteDefinition) => {
                self.tracker.footnote(None);
                self.footnotes.end();
            }
            // Inside an image, inline HTML is part of the alt text, which pulldown writes
            // escaped: it is no element and its links lead nowhere.
            Event::InlineHtml(html) if self.in_image > 0 => self.push(Event::InlineHtml(html)),
            Event::Html(html) | Event::InlineHtml(html) => {
                self.raw_html_links(&html, range.start);
                self.push(Event::Html(html));
            }
            // A box with a name: "Done" or "To do", then the item's own text.
            Event::TaskListMarker(done) => self.html(
                if done {
                    "<input disabled=\"\" type=\"checkbox\" checked=\"\" aria-label=\"Done\"/>\n"
                } else {
                    "<input disabled=\"\" type=\"checkbox\" aria-label=\"To do\"/>\n"
                }
                .into(),
            ),
            other => self.push(other),
        }
    }

    /// A link to PubMed, PMC, doi.org or ClinicalTrials.gov counts as a citation of that
    /// identifier; returns the bibliography entry to mark after the link, numbered now.
    fn url_citation(&mut self, dest: &str, range: Range<usize>) -> Option<usize> {
        let cited = match from_url(dest)? {
            Ok(id) => Cited::Id(id),
            Err((label, token, rule)) => Cited::Malformed { label, token, rule },
        };
        let entries = self.context.bibliography.entries_of(&cited);
        let number = match (&cited, entries.first()) {
            (Cited::Id(_), Some(&Some(entry))) => {
                self.numbering.number(entry);
                Some(entry)
            }
            _ => None,
        };
        self.tracker.citation(range, cited, entries);
        number
    }

    /// Records the `href`/`src` attributes of raw HTML written in the Markdown, so the
    /// link checks report them at their Markdown line (raw HTML is copied verbatim).
    fn raw_html_links(&mut self, html: &str, offset: usize) {
        for (href, at) in crate::links::html::links(html) {
            let start = offset + at;
            self.tracker.analysis.links.push(LinkUse {
                span: start..start,
                dest: href.to_string(),
                href: href.into_owned(),
                image: false,
            });
        }
    }

    /// Rewrites a link or image destination and records it for the link checks.
    fn link_use(
        &mut self,
        dest: CowStr<'a>,
        span: Range<usize>,
        image: bool,
        link_type: LinkType,
    ) -> CowStr<'a> {
        // An email autolink (`<editor@example.org>`) is kept as it is: pulldown's HTML
        // writer puts `mailto:` before it, and that is the link a reader follows.
        let (href, written) = if link_type == LinkType::Email {
            (dest.clone(), format!("mailto:{dest}"))
        } else {
            let href = self.rewrite(dest.clone());
            let written = href.to_string();
            (href, written)
        };
        self.tracker.analysis.links.push(LinkUse {
            span,
            dest: dest.to_string(),
            href: written,
            image,
        });
        href
    }

    fn rewrite(&self, dest: CowStr<'a>) -> CowStr<'a> {
        match self.context.links.rewrite(&dest) {
            Some(href) => href.into(),
            None => dest,
        }
    }

    /// The events up to the end of the element just opened (its end tag consumed).
    fn collect_until_end(&mut self) -> Vec<(Event<'a>, Range<usize>)> {
        let mut depth = 0usize;
        let mut inner = Vec::new();
        for (event, range) in self.events.by_ref() {
            match &event {
                Event::Start(_) => depth += 1,
                Event::End(_) if depth == 0 => break,
                Event::End(_) => depth -= 1,
                _ => {}
            }
            inner.push((event, range));
        }
        inner
    }

    /// Emits `<hN id=…>` with the author's `{#id}` or a generated one, and records it for
    /// the table of contents.
    fn heading(
        &mut self,
        level: u8,
        id: Option<CowStr<'a>>,
        classes: &[CowStr<'a>],
        inner: Vec<(Event<'a>, Range<usize>)>,
    ) {
        let text = plain_text(&inner);
        self.add_words(&text);
        if let Some(plain) = self.plain.as_mut() {
            plain.heading(level, &text);
        }
        let id = match id {
            Some(id) => {
                self.slugger.reserve(&id);
                id.to_string()
            }
            None => self.slugger.slug(&text),
        };
        let mut open = format!("<h{level} id=\"{}\"", escape(&id));
        if !classes.is_empty() {
            let joined: Vec<&str> = classes.iter().map(|c| c.as_ref()).collect();
            open.push_str(&format!(" class=\"{}\"", escape(&joined.join(" "))));
        }
        open.push('>');
        self.html(open);
        // The heading's text is walked as a paragraph's is, so a citation in it is found,
        // checked and linked like any other (a mistyped key in a heading once showed raw
        // and passed every check).
        self.in_heading = true;
        for (event, range) in inner {
            self.take(event, range);
        }
        self.flush_run();
        self.in_heading = false;
        self.html(format!("</h{level}>\n"));
        self.headings.push((level, id, contents_title(text)));
    }
}

/// A run's text: one event's, as pulldown gave it (most runs: no copy), or several joined.
enum RunText<'a> {
    One(CowStr<'a>),
    Joined(String),
}

impl<'a> RunText<'a> {
    fn push(&mut self, text: &str) {
        match self {
            RunText::One(first) => {
                let mut joined = String::with_capacity(first.len() + text.len() + 64);
                joined.push_str(first);
                joined.push_str(text);
                *self = RunText::Joined(joined);
            }
            RunText::Joined(joined) => joined.push_str(text),
        }
    }

    fn into_cow(self) -> CowStr<'a> {
        match self {
            RunText::One(text) => text,
            RunText::Joined(text) => text.into(),
        }
    }
}

/// A heading's title in the contents list: its text without `[@key]` citations (or
/// brackets that fail to be one), which the heading itself shows as numbered marks (the
/// list has no room for them, and a key is no words for a reader). Its id keeps the text
/// as written, so links to it stay.
fn contents_title(text: String) -> String {
    let keys = crate::citations::recognize::scan(&text, None)
        .into_iter()
        .filter(|found| {
            matches!(found.cited, Cited::Keys(_)) || text[found.span.clone()].starts_with('[')
        });
    let mut title = String::new();
    let mut from = 0;
    for key in keys {
        title.push_str(&text[from..key.span.start]);
        from = key.span.end;
    }
    title.push_str(&text[from..]);
    let title = title.split_whitespace().collect::<Vec<_>>().join(" ");
    // A heading without keys keeps its text as it is; one that is only a citation too: an
    // empty entry would be no link at all.
    if from == 0 || title.is_empty() {
        text
    } else {
        title
    }
}

/// The text of inline events, markup dropped (`**A** and `b`` → `A and b`).
fn plain_text(events: &[(Event, Range<usize>)]) -> String {
    let mut text = String::new();
    for (event, _) in events {
        match event {
            Event::Text(t) | Event::Code(t) => text.push_str(t),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            _ => {}
        }
    }
    text
}

fn callout_open(kind: BlockQuoteKind) -> String {
    let (class, title) = match kind {
        BlockQuoteKind::Note => ("note", "Note"),
        BlockQuoteKind::Tip => ("tip", "Tip"),
        BlockQuoteKind::Important => ("important", "Important"),
        BlockQuoteKind::Warning => ("warning", "Warning"),
        BlockQuoteKind::Caution => ("caution", "Caution"),
    };
    // Named by its kind, so a screen reader announces "Warning, note", not "note" alone.
    format!("<div class=\"callout callout-{class}\" role=\"note\" aria-label=\"{title}\">\n<p class=\"callout-title\">{title}</p>\n")
}

/// Words as `split_whitespace` counts them, on a fast path for text without whitespace
/// outside ASCII (nearly every run, dashes and accents included).
fn count_words(text: &str) -> usize {
    if !text.is_ascii() && crate::text::has_unicode_space(text) {
        return text.split_whitespace().count();
    }
    // A word starts at every non-space byte after a space (or at the start): counted
    // without branches or a carried state, so the compiler vectorizes it. A byte of a
    // multi-byte character is never a space, and only its first can follow one.
    let space = crate::text::is_space;
    let bytes = text.as_bytes();
    let first = usize::from(bytes.first().is_some_and(|&b| !space(b)));
    let rest = &bytes[1.min(bytes.len())..];
    // Summed in byte-wide lanes, 255 bytes at a time so no lane overflows.
    let starts: usize = rest
        .chunks(255)
        .zip(bytes.chunks(255))
        .map(|(chunk, before)| {
            let sum = chunk.iter().zip(before).fold(0u8, |sum, (&b, &before)| {
                sum + u8::from(space(before) & !space(b))
            });
            usize::from(sum)
        })
        .sum();
    first + starts
}

#[cfg(test)]
mod word_count_tests {
    #[test]
    fn counts_like_split_whitespace() {
        for text in [
            "",
            " ",
            "one",
            "  two words ",
            "tab\tnew\nline\r\nvt\x0bff\x0cend",
            "unicode\u{a0}nbsp — dash ",
            "dash — and café, µg “q” ",
            "—lead é\u{3000}ideographic space",
            "x\x1fy",
            &"word ".repeat(300),
            &"a  bc\n".repeat(97),
        ] {
            assert_eq!(
                super::count_words(text),
                text.split_whitespace().count(),
                "{text:?}"
            );
        }
    }
}
