//! A body's words as plain text, for the search index: prose and inline code in reading
//! order with a space between blocks, and where each heading's text lies so the index can
//! weigh it above the prose. Code blocks and image text are left out (a reader searches
//! for words of the explainer, not for code), and so is everything the theme adds around
//! the body (navigation, contents list, References): the index never sees the layout.

use std::ops::Range;

/// The plain text of one body.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct PlainText {
    /// Words as a reader sees them (entities decoded, no markup).
    pub(crate) text: String,
    /// Byte ranges of `text` that are a heading's text, with the heading's level.
    pub(crate) headings: Vec<(Range<usize>, u8)>,
}

impl PlainText {
    /// Text inside a block: joined to what came before as written, so a word split by
    /// emphasis (`un*believ*able`) stays one word.
    pub(crate) fn words(&mut self, text: &str) {
        self.text.push_str(text);
    }

    /// The end of a block or a line break: the words on either side are separate.
    pub(crate) fn gap(&mut self) {
        if !self.text.is_empty() && !self.text.ends_with(' ') {
            self.text.push(' ');
        }
    }

    /// A heading's whole text, a block of its own.
    pub(crate) fn heading(&mut self, level: u8, text: &str) {
        self.gap();
        let start = self.text.len();
        self.text.push_str(text.trim());
        self.headings.push((start..self.text.len(), level));
        self.gap();
    }
}

#[cfg(test)]
mod tests {
    use crate::citations::Bibliography;
    use crate::markdown::{LinkContext, RenderContext};

    /// `body` rendered, asking for its plain text or not.
    fn rendered(body: &str, plain_text: bool) -> crate::markdown::Rendered {
        let bibliography = Bibliography::default();
        let pages = crate::markdown::links::PageUrls::default();
        let context = RenderContext {
            links: LinkContext {
                page_rel: "a.md",
                pages: &pages,
                base_path: "",
            },
            bibliography: &bibliography,
            plain_text,
        };
        crate::markdown::render(body, &context)
    }

    fn plain(body: &str) -> super::PlainText {
        rendered(body, true).plain.expect("asked for")
    }

    #[test]
    fn prose_headings_and_inline_code_in_reading_order_without_code_blocks() {
        let text = plain(
            "# What is *IGF-1* LR3?\n\nIt is un*believ*ably `long`-acting &amp; \
             potent.\nNext line.\n\n```\nfn code() {}\n```\n\n- one\n- two\n\n| a | b |\n|---|---|\n| c | d |\n\n![alt words](x.png)\n",
        );
        assert_eq!(
            text.text,
            "What is IGF-1 LR3? It is unbelievably long-acting & potent.\nNext line. one two a b c d "
        );
        assert_eq!(text.headings, [(0..18, 1)]);
        assert_eq!(&text.text[text.headings[0].0.clone()], "What is IGF-1 LR3?");
    }

    #[test]
    fn nothing_is_gathered_unless_asked() {
        assert_eq!(rendered("Some words.", false).plain, None);
    }
}
