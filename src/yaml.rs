//! The one module that touches `serde_yaml`: its author deprecated it in 2024, so keeping
//! every use here makes a swap to a maintained parser a one-file change.
//!
//! Untyped data is read as `serde_json::Value` (a page's extra keys) or as a [`Node`] tree
//! that borrows the text (the bibliography), so no other module names a serde_yaml type.
//!
//! Parse errors come back as [`YamlError`] with a 1-based position *within the YAML text*;
//! callers shift it by where the block starts in its file.
//!
//! serde_yaml is slow (~150 ms for a 25,000-entry bibliography, ~20 µs for a front matter
//! block), so the bibliography and front matter first go through a hand-written parser for
//! the simple subset our files use ([`subset`]); a large file is parsed in slices, in
//! parallel. Anything outside the subset, and every error, goes to serde_yaml, so values,
//! error messages and positions are always serde_yaml's (its messages put in a writer's
//! words, and an unclosed quote or bracket placed where it opened: see [`from_str`]).

mod subset;

#[cfg(test)]
pub(crate) mod differential;

pub use subset::{Entries, Node};

use rayon::prelude::*;
use serde::de::DeserializeOwned;
use serde_json::Value;

/// Why a YAML text did not deserialize, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    /// 1-based line within the YAML text (1 when the parser gave no position).
    pub line: usize,
    /// 1-based column.
    pub column: usize,
    /// The parser's message without its "at line … column …" suffix.
    pub message: String,
}

/// Deserializes `text` into `T`, keeping the position of any error.
pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, YamlError> {
    serde_yaml::from_str(text).map_err(|error| {
        let at = error.location().map_or((1, 1), |l| (l.line(), l.column()));
        let full = error.to_string();
        // A quote left open swallows the line break and closes at the next line's first
        // quote; the parser then stops a line later, at what follows. Point at the quote.
        let unclosed = opened_at(&full)
            .or_else(|| unclosed_quote_before(text, at.0).map(|quote| (UNCLOSED_QUOTE, quote)));
        let (message, (line, column)) = match unclosed {
            Some((said, opened)) => (said.to_string(), opened),
            None => (in_plain_words(&strip_location(&full)), at),
        };
        YamlError {
            line,
            column,
            message,
        }
    })
}

/// What was left open when the parser gave up, said for a writer, and where it opened:
/// from `… at line 3 column 1, while scanning a quoted scalar at line 2 column 8`. The
/// parser finds a missing quote or bracket only at the end of the text; the writer needs
/// the line where it opened.
fn opened_at(full: &str) -> Option<(&'static str, (usize, usize))> {
    let context = full.split(", while ").nth(1)?;
    let context = context
        .strip_prefix("scanning ")
        .or_else(|| context.strip_prefix("parsing "))?;
    let (what, place) = context.split_once(" at line ")?;
    let said = match what {
        "a quoted scalar" => UNCLOSED_QUOTE,
        "a flow sequence" => {
            "a `[` list opened here is never closed with `]`, or an item lacks its comma"
        }
        "a flow mapping" => {
            "a `{` map opened here is never closed with `}`, or an entry lacks its comma"
        }
        _ => return None,
    };
    let (line, column) = place.split_once(" column ")?;
    let number = |text: &str| text.trim().parse::<usize>().ok();
    Some((said, (number(line)?, number(column)?)))
}

const UNCLOSED_QUOTE: &str = "a quote opened here is never closed: add the closing quote";

/// The line and column of a `"` that opens a value and is never closed on its line, on a
/// line before `line`: `title: "About` (an odd number of unescaped `"` on a line whose
/// value starts with one).
fn unclosed_quote_before(text: &str, line: usize) -> Option<(usize, usize)> {
    text.lines()
        .take(line.saturating_sub(1))
        .enumerate()
        .find_map(|(i, l)| {
            let (_, value) = l.split_once(": ")?;
            let value = value.trim_start();
            let opens = value.starts_with('"');
            let quotes = value.matches('"').count() - value.matches("\\\"").count();
            let column = l[..l.len() - value.len()].chars().count() + 1;
            (opens && quotes % 2 == 1).then_some((i + 1, column))
        })
}

/// The parser's message in a writer's words: Rust's type names (`i64`, `a sequence`,
/// `struct FrontMatter`) as what to write. Other messages are kept as the parser wrote them.
fn in_plain_words(message: &str) -> String {
    let mut plain = message.to_string();
    for number in ["u8", "u16", "u32", "u64", "usize"] {
        plain = plain.replace(
            &format!("expected {number}"),
            "expected a whole number, 0 or more",
        );
    }
    for number in ["i8", "i16", "i32", "i64", "isize"] {
        plain = plain.replace(&format!("expected {number}"), "expected a whole number");
    }
    for (rust, words) in [
        ("expected f64", "expected a number"),
        ("expected f32", "expected a number"),
        ("expected a sequence", "expected a list, like `[a, b]`"),
        ("expected a map", "expected `key: value` lines"),
        ("expected a boolean", "expected true or false"),
        ("expected a string", "expected text"),
        ("invalid type: sequence", "invalid type: a list"),
        ("invalid type: map", "invalid type: `key: value` lines"),
        ("invalid type: floating point", "invalid type: the number"),
    ] {
        plain = plain.replace(rust, words);
    }
    const STRUCT: &str = "expected struct ";
    if let Some(at) = plain.find(STRUCT) {
        let name = at + STRUCT.len();
        let name_end = plain[name..]
            .find(|c: char| !c.is_alphanumeric())
            .map_or(plain.len(), |end| name + end);
        plain.replace_range(at..name_end, "expected `key: value` lines");
    }
    plain
}

/// Parses `text` into a tree that borrows from it: the same data, or the same error, as
/// `from_str::<Value>(text)` (see [`Node::into_value`]), usually without serde_yaml.
pub fn node_from_str(text: &str) -> Result<Node<'_>, YamlError> {
    node_in_slices(text, SLICE_MIN_BYTES)
}

/// The value serde_yaml would build from `text` when `text` is in the simple subset (a
/// mapping of `key: scalar` lines and indented blocks of them), else `None`. For callers
/// that deserialize a typed struct and want serde_yaml's own errors: they build the struct
/// from this value, and parse with [`from_str`] when that fails.
pub fn simple_value(text: &str) -> Option<Value> {
    subset::parse(text)
}

/// Below this size a text is parsed in one piece: a small bibliography takes
/// microseconds, less than handing slices to other threads.
const SLICE_MIN_BYTES: usize = 64 * 1024;

/// [`node_from_str`] with the size from which a text is split, so tests can split small
/// texts. Any doubt ends in serde_yaml on the whole text, so positions and messages of
/// errors, and the meaning of every construct, stay serde_yaml's.
fn node_in_slices(text: &str, min_bytes: usize) -> Result<Node<'_>, YamlError> {
    let fast = if text.len() < min_bytes {
        subset::parse_mapping(text)
    } else {
        parse_slices(text)
    };
    match fast {
        Some(pairs) => Ok(Node::Object(pairs)),
        None => from_str::<Value>(text).map(Node::from),
    }
}

/// Parses a large top-level mapping as ~4 slices per thread, each cut just before an
/// unindented `key:` line, in parallel, and joins the slices' pairs in file order. A key
/// may then repeat across slices; the last one counts, as in a whole-text parse.
///
/// A cut cannot change what the lines around it mean: in a top-level block mapping, what
/// continues at column 0 is a new key, or a `- ` item of the key before it; a construct
/// left open at a cut (a quote, a bracket) makes its slice fail; and the unindented lines
/// that could join slices (document markers, directives) send the text to serde_yaml
/// whole (see [`parse_slice`]).
fn parse_slices(text: &str) -> Option<Entries<'_>> {
    let starts = slice_starts(text, 4 * rayon::current_num_threads());
    let ends = starts.iter().skip(1).copied().chain([text.len()]);
    let bounds: Vec<(usize, usize)> = starts.iter().copied().zip(ends).collect();
    let slices: Vec<Entries<'_>> = bounds
        .par_iter()
        .map(|&(start, end)| parse_slice(&text[start..end]))
        .collect::<Option<_>>()?;
    // Sized once: `flatten().collect()` would grow (and copy) the vector several times.
    let mut pairs = Vec::with_capacity(slices.iter().map(Vec::len).sum());
    for slice in slices {
        pairs.extend(slice);
    }
    Some(pairs)
}

/// One slice's pairs: by the subset parser, else by serde_yaml when the slice is a plain
/// top-level mapping ([`is_plain_mapping`]) and no anchor or alias (`&`, `*`) could refer
/// across a cut. `None` when the slice does not parse, or is not a mapping: the whole text
/// then goes to serde_yaml.
fn parse_slice(slice: &str) -> Option<Entries<'_>> {
    if let Some(pairs) = subset::parse_mapping(slice) {
        return Some(pairs);
    }
    if slice.contains(['&', '*']) || !is_plain_mapping(slice) {
        return None;
    }
    match Node::from(serde_yaml::from_str::<Value>(slice).ok()?) {
        Node::Object(pairs) => Some(pairs),
        _ => None,
    }
}

/// Whether `slice` starts with an unindented key (a letter, digit or `_`), and every later
/// unindented line is blank, a comment, such a key or a `- ` item. A first slice that
/// starts indented is a different document from the whole text (a block mapping at that
/// indentation, ended by the first unindented key); and elsewhere at column 0, a document
/// marker (`---`, `...`), a directive (`%`), a byte-order mark, a tab or a quoted, flow,
/// anchored or tagged key is rare enough to leave the text to serde_yaml rather than reason
/// about.
/// So are the line breaks other than `\n` (`\r`, NEL, LS, PS), behind which any of these
/// could hide from a check of `\n` lines.
fn is_plain_mapping(slice: &str) -> bool {
    if slice.contains(['\r', '\u{85}', '\u{2028}', '\u{2029}', '\u{feff}']) {
        return false;
    }
    let mut first = true;
    slice.split('\n').all(|line| {
        let content = line.trim_end_matches(' ');
        let unindented = content.trim_start_matches(' ');
        if unindented.is_empty() || unindented.starts_with('#') {
            return true;
        }
        let starts_key = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
        let plain = match content.as_bytes()[0] {
            b if first => starts_key(b),
            b' ' => true,
            b'-' => content == "-" || content.starts_with("- "),
            b => starts_key(b),
        };
        first = false;
        plain
    })
}

/// Byte offsets where slices start: 0, then, after every `len / count` bytes, the next
/// unindented line that starts with a letter, digit or `_` (a key).
fn slice_starts(text: &str, count: usize) -> Vec<usize> {
    let mut starts = vec![0];
    for i in 1..count {
        let last = *starts.last().unwrap_or(&0);
        match next_key_line(text, (text.len() / count * i).max(last)) {
            Some(start) => starts.push(start),
            None => break,
        }
    }
    starts
}

/// The offset of the first line after byte `from` that starts with a letter, digit or `_`.
fn next_key_line(text: &str, from: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut at = from;
    loop {
        let start = at + bytes[at..].iter().position(|&b| b == b'\n')? + 1;
        match bytes.get(start) {
            Some(&b) if b.is_ascii_alphanumeric() || b == b'_' => return Some(start),
            Some(_) => at = start,
            None => return None,
        }
    }
}

/// serde_yaml appends " at line L column C" to its messages; we report the position
/// ourselves, shifted into the file.
fn strip_location(message: &str) -> String {
    match message.find(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message.to_string(),
    }
}

/// The 1-based line of each top-level key of a YAML mapping, found by scanning for
/// unindented `key:` lines. serde does not keep positions for values that parsed, and
/// diagnostics about an entry (an unknown key, a bibliography entry) point at its key line.
pub fn top_level_key_lines(text: &str) -> Vec<(String, usize)> {
    let mut keys = Vec::new();
    for (i, line) in lines(text).enumerate() {
        if matches!(line.as_bytes().first(), Some(b' ' | b'\t' | b'#' | b'-'))
            || line.trim().is_empty()
        {
            continue;
        }
        if let Some(colon) = line.bytes().position(|b| b == b':') {
            let key = line[..colon].trim().trim_matches(['"', '\'']);
            if !key.is_empty() {
                keys.push((key.to_string(), i + 1));
            }
        }
    }
    keys
}

/// The lines of `text` as `str::lines` splits them (at `\n` or `\r\n`, no empty line
/// after a final newline), found with the `memchr` crate's search, which is cheaper on
/// short lines than `str::lines`: [`top_level_key_lines`] and the subset parser run over
/// every line of a 100,000-line bibliography.
fn lines(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = text;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let Some(end) = memchr::memchr(b'\n', rest.as_bytes()) else {
            return Some(std::mem::take(&mut rest));
        };
        let line = &rest[..end];
        rest = &rest[end + 1..];
        Some(line.strip_suffix('\r').unwrap_or(line))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    #[test]
    fn errors_keep_their_position_and_lose_the_suffix() {
        let error = from_str::<BTreeMap<String, String>>("a: b\nc: [d\n").unwrap_err();
        assert_eq!(error.line, 2);
        assert!(!error.message.contains("at line"), "{}", error.message);
    }

    #[test]
    fn an_unclosed_quote_or_bracket_is_reported_where_it_opened() {
        let cases = [
            (
                "a: b\ntitle: \"Broken\nc: d\n",
                (2, 8),
                "a quote opened here",
            ),
            (
                "a: b\ntags: [x, y\nc: d\n",
                (2, 7),
                "a `[` list opened here",
            ),
            ("a: {x: 1\nc: d\n", (1, 4), "a `{` map opened here"),
            (
                "a: b\ntitle: \"About\ndescription: \"What we do\"\n",
                (2, 8),
                "a quote opened here",
            ),
        ];
        for (text, at, says) in cases {
            let error = from_str::<serde_json::Value>(text).unwrap_err();
            assert_eq!(
                (error.line, error.column),
                at,
                "{text:?}: {}",
                error.message
            );
            assert!(error.message.starts_with(says), "{}", error.message);
        }
    }

    #[test]
    fn type_errors_say_what_to_write_in_words() {
        #[derive(Debug, serde::Deserialize)]
        #[allow(dead_code)]
        struct Meta {
            weight: Option<i64>,
            draft: Option<bool>,
            tags: Option<Vec<String>>,
        }
        let cases = [
            ("weight: heavy\n", "expected a whole number"),
            ("draft: maybe\n", "expected true or false"),
            ("tags: 3\n", "expected a list, like `[a, b]`"),
            ("- a\n", "invalid type: a list, expected `key: value` lines"),
        ];
        for (text, says) in cases {
            let error = from_str::<Meta>(text).unwrap_err();
            assert!(error.message.contains(says), "{text:?}: {}", error.message);
            for rust in ["i64", "sequence", "boolean", "struct"] {
                assert!(!error.message.contains(rust), "{}", error.message);
            }
        }
    }

    #[test]
    fn finds_top_level_key_lines() {
        let text = "# comment\ntitle: x\nlist:\n  - a\n\"quoted\": 1\n";
        assert_eq!(
            top_level_key_lines(text),
            vec![
                ("title".into(), 2),
                ("list".into(), 3),
                ("quoted".into(), 5)
            ]
        );
    }
}
