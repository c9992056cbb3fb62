//! Stage 2: a page's Markdown body into HTML, in one pass over pulldown-cmark's events.
//!
//! On the way through it gives every heading its GitHub-style id and collects the table of
//! contents, highlights fenced code, wraps tables so they scroll on a phone, turns GitHub
//! alerts into callouts, rewrites `.md` links to page URLs, and moves footnotes to the end
//! with back-links. The result is plain data ([`Rendered`]); templates do the rest.

mod footnotes;
pub mod headings;
pub mod highlight;
pub mod links;

pub use headings::TocEntry;
pub use links::LinkContext;

use footnotes::Footnotes;
use headings::Slugger;
use pulldown_cmark::{BlockQuoteKind, CodeBlockKind, CowStr, Event, Options, Parser, Tag, TagEnd};

/// A page body rendered to HTML.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    pub html: String,
    pub toc: Vec<TocEntry>,
    pub word_count: usize,
}

/// The Markdown dialect of SPEC §2: CommonMark plus GitHub's extensions.
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_GFM
}

/// Renders `body`, resolving links with `links`.
pub fn render(body: &str, links: &LinkContext) -> Rendered {
    let mut state = State::default();
    let mut footnotes = Footnotes::default();
    let mut out: Vec<Event> = Vec::new();
    let mut events = Parser::new_ext(body, options());
    while let Some(event) = events.next() {
        match event {
            Event::FootnoteReference(label) => {
                let html = footnotes.reference(&label);
                footnotes.sink(&mut out).push(Event::Html(html.into()));
                continue;
            }
            Event::Start(Tag::FootnoteDefinition(label)) => {
                footnotes.start(&label);
                continue;
            }
            Event::End(TagEnd::FootnoteDefinition) => {
                footnotes.end();
                continue;
            }
            _ => {}
        }
        let target = footnotes.sink(&mut out);
        match event {
            Event::Start(Tag::Heading {
                level, id, classes, ..
            }) => {
                let inner = collect_until_end(&mut events);
                state.heading(level as u8, id, &classes, inner, links, target);
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                let lang = match kind {
                    CodeBlockKind::Fenced(lang) => lang.to_string(),
                    CodeBlockKind::Indented => String::new(),
                };
                let code = collect_text_until_end(&mut events);
                target.push(Event::Html(highlight::highlight(&code, &lang).into()));
            }
            Event::Start(Tag::Table(alignments)) => {
                target.push(Event::Html(
                    "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-label=\"Table\">\n".into(),
                ));
                target.push(Event::Start(Tag::Table(alignments)));
            }
            Event::End(TagEnd::Table) => {
                target.push(Event::End(TagEnd::Table));
                target.push(Event::Html("</div>\n".into()));
            }
            Event::Start(Tag::BlockQuote(Some(kind))) => {
                target.push(Event::Html(callout_open(kind).into()));
            }
            Event::End(TagEnd::BlockQuote(Some(_))) => {
                target.push(Event::Html("</div>\n".into()));
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => target.push(Event::Start(Tag::Link {
                link_type,
                dest_url: rewrite(dest_url, links),
                title,
                id,
            })),
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => target.push(Event::Start(Tag::Image {
                link_type,
                dest_url: rewrite(dest_url, links),
                title,
                id,
            })),
            Event::Text(text) => {
                state.word_count += text.split_whitespace().count();
                target.push(Event::Text(text));
            }
            other => target.push(other),
        }
    }
    let mut html = String::with_capacity(body.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, out.into_iter());
    footnotes.write_section(&mut html);
    Rendered {
        html,
        toc: headings::build_toc(state.headings),
        word_count: state.word_count,
    }
}

#[derive(Default)]
struct State {
    slugger: Slugger,
    headings: Vec<(u8, String, String)>,
    word_count: usize,
}

impl State {
    /// Emits `<hN id=…>` with the author's `{#id}` or a generated one, and records it for
    /// the table of contents.
    fn heading<'a>(
        &mut self,
        level: u8,
        id: Option<CowStr<'a>>,
        classes: &[CowStr<'a>],
        inner: Vec<Event<'a>>,
        links: &LinkContext,
        target: &mut Vec<Event<'a>>,
    ) {
        let text = plain_text(&inner);
        self.word_count += text.split_whitespace().count();
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
        target.push(Event::Html(open.into()));
        for event in inner {
            target.push(match event {
                Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                }) => Event::Start(Tag::Link {
                    link_type,
                    dest_url: rewrite(dest_url, links),
                    title,
                    id,
                }),
                other => other,
            });
        }
        target.push(Event::Html(format!("</h{level}>\n").into()));
        self.headings.push((level, id, text));
    }
}

fn rewrite<'a>(dest: CowStr<'a>, links: &LinkContext) -> CowStr<'a> {
    match links.rewrite(&dest) {
        Some(href) => href.into(),
        None => dest,
    }
}

/// The events up to the end of the element just opened (its end tag consumed).
fn collect_until_end<'a>(events: &mut Parser<'a>) -> Vec<Event<'a>> {
    let mut depth = 0usize;
    let mut inner = Vec::new();
    for event in events.by_ref() {
        match &event {
            Event::Start(_) => depth += 1,
            Event::End(_) if depth == 0 => break,
            Event::End(_) => depth -= 1,
            _ => {}
        }
        inner.push(event);
    }
    inner
}

fn collect_text_until_end(events: &mut Parser) -> String {
    plain_text(&collect_until_end(events))
}

/// The text of inline events, markup dropped (`**A** and `b`` → `A and b`).
fn plain_text(events: &[Event]) -> String {
    let mut text = String::new();
    for event in events {
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
    format!("<div class=\"callout callout-{class}\" role=\"note\">\n<p class=\"callout-title\">{title}</p>\n")
}

pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    pulldown_cmark_escape::escape_html(&mut out, text).ok();
    out
}

#[cfg(test)]
mod tests;
