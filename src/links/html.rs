//! Reading back what the build wrote: every `id` and every `href`/`src` in an HTML page,
//! with byte offsets. A small scanner rather than an HTML parser, because the output is
//! ours: attribute values are always quoted, and text never holds a raw `"` (it is escaped
//! to `&quot;`), so ` id="` can only be an attribute.

/// Ids and link destinations found in one page.
#[derive(Debug, Clone, Default)]
pub struct Scanned {
    pub ids: Vec<String>,
    /// `(destination, byte offset of the attribute)`; entities decoded.
    pub links: Vec<(String, usize)>,
}

pub fn scan(html: &str) -> Scanned {
    let mut scanned = Scanned::default();
    let bytes = html.as_bytes();
    let mut i = 0;
    // The `memchr` crate's searches: several times faster than `str::find` on a char.
    while let Some(found) = memchr::memchr(b'=', &bytes[i..]) {
        let eq = i + found;
        i = eq + 1;
        let Some(&quote) = bytes.get(eq + 1) else {
            break;
        };
        if quote != b'"' && quote != b'\'' {
            continue;
        }
        // Bytes, not chars: a non-ASCII character ends the name at the same place.
        let name_start = bytes[..eq]
            .iter()
            .rposition(|&b| !(b.is_ascii_alphanumeric() || b == b'-'))
            .map_or(0, |p| p + 1);
        if name_start == 0 || !matches!(bytes[name_start - 1], b' ' | b'\n' | b'\t') {
            continue;
        }
        let name = &html[name_start..eq];
        let value_start = eq + 2;
        let Some(len) = memchr::memchr(quote, &bytes[value_start..]) else {
            break;
        };
        i = value_start + len + 1;
        // Only these three are decoded and kept: most attributes (`class`, `alt`) are not.
        let is = |wanted: &str| name.eq_ignore_ascii_case(wanted);
        let (id, link) = (is("id"), is("href") || is("src"));
        if !(id || link) {
            continue;
        }
        let value = decode(&html[value_start..value_start + len]);
        if id {
            scanned.ids.push(value);
        } else {
            scanned.links.push((value, name_start));
        }
    }
    scanned
}

/// Decodes the entities our escaping writes (`&amp;`, `&quot;`, `&#39;`, `&lt;`, `&gt;`).
fn decode(value: &str) -> String {
    if !value.contains('&') {
        return value.to_string();
    }
    value
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_ids_and_links_but_not_text() {
        let html = "<h2 id=\"risks\">Risks</h2>\n<p>write id=&quot;x&quot; <a href=\"/a/?x=1&amp;y=2#f\">a</a>\n<img src='/v.png' alt=\"x\"><div data-id=\"no\" class=\"c\">";
        let scanned = scan(html);
        assert_eq!(scanned.ids, ["risks"]);
        let links: Vec<&str> = scanned.links.iter().map(|(l, _)| l.as_str()).collect();
        assert_eq!(links, ["/a/?x=1&y=2#f", "/v.png"]);
        assert_eq!(&html[scanned.links[0].1..scanned.links[0].1 + 4], "href");
    }
}
