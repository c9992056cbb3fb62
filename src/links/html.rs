//! Reading back what the build wrote: every `id` and every `href`/`src` in an HTML page,
//! with byte offsets. A small tokenizer rather than an HTML parser: it reads attributes
//! only inside tags, so text that shows HTML (`<code>&lt;a href="x"&gt;</code>`, where
//! the quotes are left as typed) is not taken for a link, and it skips comments, which a
//! browser does not follow. Attribute values may be quoted either way or not at all.

use std::borrow::Cow;

/// An attribute the link checks read, entities decoded: borrowed from the page unless
/// decoding changed it, so reading a page back allocates nothing per link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Found<'h> {
    Id(Cow<'h, str>),
    /// An `href` or `src`, with the byte offset of the attribute's name.
    Link(Cow<'h, str>, usize),
}

/// Calls `found` with every id and link destination of `html`, in document order. Reads
/// bytes, so a page just rendered is scanned without first being checked as UTF-8; values
/// are cut at ASCII delimiters, so those of UTF-8 text are themselves UTF-8 and borrowed.
pub(crate) fn scan<'h>(bytes: &'h [u8], mut found: impl FnMut(Found<'h>)) {
    let mut i = 0;
    // Text never holds a raw `<` (it is escaped to `&lt;`), so the next tag is the next
    // `<`, found by the `memchr` crate's vectorised byte search.
    while let Some(tag) = memchr::memchr(b'<', &bytes[i..]) {
        i += tag + 1;
        match bytes.get(i) {
            Some(b'!') if bytes[i..].starts_with(b"!--") => {
                i = memchr::memmem::find(&bytes[i + 3..], b"-->")
                    .map_or(bytes.len(), |end| i + 3 + end + 3);
            }
            Some(c) if c.is_ascii_alphabetic() => i = attributes(bytes, i, &mut found),
            // A closing tag, a doctype or a `<` that starts no tag: nothing to read.
            _ => {}
        }
    }
}

/// Reads the attributes of the tag whose name starts at `i`; returns where the tag ends.
fn attributes<'h>(bytes: &'h [u8], i: usize, found: &mut impl FnMut(Found<'h>)) -> usize {
    let space = |b: u8| b.is_ascii_whitespace();
    let ends_name = |b: u8| space(b) || b == b'>' || b == b'/';
    let mut i = until(bytes, i, ends_name);
    loop {
        i = until(bytes, i, |b| !(space(b) || b == b'/'));
        if i >= bytes.len() {
            // A tag the HTML leaves open (`<a` ending a line of raw HTML in Markdown).
            return bytes.len();
        }
        if bytes[i] == b'>' {
            return i + 1;
        }
        let name_start = i;
        i = until(bytes, i, |b| ends_name(b) || b == b'=');
        let name = &bytes[name_start..i];
        i = until(bytes, i, |b| !space(b));
        if bytes.get(i) != Some(&b'=') {
            continue;
        }
        i = until(bytes, i + 1, |b| !space(b));
        let value = match bytes.get(i) {
            Some(&quote) if quote == b'"' || quote == b'\'' => {
                let start = i + 1;
                let Some(len) = memchr::memchr(quote, &bytes[start..]) else {
                    return bytes.len();
                };
                i = start + len + 1;
                &bytes[start..start + len]
            }
            _ => {
                let start = i;
                i = until(bytes, i, |b| space(b) || b == b'>');
                &bytes[start..i]
            }
        };
        // Only these three are decoded and kept: most attributes (`class`, `alt`) are not.
        let is = |wanted: &str| name.eq_ignore_ascii_case(wanted.as_bytes());
        if is("id") {
            found(Found::Id(decode(value)));
        } else if is("href") || is("src") {
            found(Found::Link(decode(value), name_start));
        }
    }
}

/// The first byte at or after `from` that `stops`, or the end.
fn until(bytes: &[u8], from: usize, stops: impl Fn(u8) -> bool) -> usize {
    bytes[from..]
        .iter()
        .position(|&b| stops(b))
        .map_or(bytes.len(), |at| from + at)
}

/// Decodes the entities our escaping writes (`&amp;`, `&quot;`, `&#39;`, `&lt;`, `&gt;`).
fn decode(value: &[u8]) -> Cow<'_, str> {
    let value = match std::str::from_utf8(value) {
        Ok(text) => Cow::Borrowed(text),
        Err(_) => String::from_utf8_lossy(value),
    };
    if memchr::memchr(b'&', value.as_bytes()).is_none() {
        return value;
    }
    Cow::Owned(
        value
            .replace("&quot;", "\"")
            .replace("&#39;", "'")
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&amp;", "&"),
    )
}

/// Every element id of `html`.
pub(crate) fn ids(html: &str) -> Vec<String> {
    let mut ids = Vec::new();
    scan(html.as_bytes(), |found| {
        if let Found::Id(id) = found {
            ids.push(id.into_owned());
        }
    });
    ids
}

/// Every link destination of `html`, with the byte offset of its attribute.
pub(crate) fn links(html: &str) -> Vec<(Cow<'_, str>, usize)> {
    let mut links = Vec::new();
    scan(html.as_bytes(), |found| {
        if let Found::Link(href, at) = found {
            links.push((href, at));
        }
    });
    links
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_shown_as_text_or_commented_out_is_not_read() {
        let html = "<p>write <code>&lt;a href=\"nowhere/\"&gt;</code> or ' href='x' id=\"y\"</p>\n\
                    <!-- <a href=\"/old/\"> --><a\n  HREF=/bare/ data-x=\"a>b\" id=top>t</a>";
        let found = links(html);
        let hrefs: Vec<&str> = found.iter().map(|(l, _)| l.as_ref()).collect();
        assert_eq!(hrefs, ["/bare/"]);
        assert_eq!(ids(html), ["top"]);
        assert_eq!(&html[found[0].1..found[0].1 + 4], "HREF");
    }

    /// Raw HTML in Markdown comes in pieces: a line may end inside a tag (`A <a` then
    /// ` href="/x/">` on the next), and reading that piece once panicked.
    #[test]
    fn a_tag_left_open_at_the_end_is_read_as_far_as_it_goes() {
        for (html, hrefs) in [
            ("A <a", &[][..]),
            ("A <a\n", &[]),
            ("<a ", &[]),
            ("<img src='y'", &["y"]),
            ("<a href=x", &["x"]),
            ("<a id=\"open", &[]),
        ] {
            let found: Vec<String> = links(html).into_iter().map(|(l, _)| l.into()).collect();
            assert_eq!(found, hrefs, "{html:?}");
        }
        assert_eq!(ids("<p id=p><a id=a"), ["p", "a"]);
    }

    #[test]
    fn finds_ids_and_links_but_not_text() {
        let html = "<h2 id=\"risks\">Risks</h2>\n<p>write id=&quot;x&quot; <a href=\"/a/?x=1&amp;y=2#f\">a</a>\n<img src='/v.png' alt=\"x\"><div data-id=\"no\" class=\"c\">";
        assert_eq!(ids(html), ["risks"]);
        let found = links(html);
        let hrefs: Vec<&str> = found.iter().map(|(l, _)| l.as_ref()).collect();
        assert_eq!(hrefs, ["/a/?x=1&y=2#f", "/v.png"]);
        assert_eq!(&html[found[0].1..found[0].1 + 4], "href");
        // Decoding copies only a value it changes.
        assert!(matches!(found[0].0, Cow::Owned(_)));
        assert!(matches!(found[1].0, Cow::Borrowed(_)));
    }
}
