//! A hand-written parser for the small YAML subset our files are written in: a top-level
//! mapping of `key: scalar` lines and indented blocks of the same, with single-line quoted
//! strings, plain scalars and one-line `[a, b]` lists. serde_yaml runs libyaml's full event
//! machinery and takes ~150 ms on a 25,000-entry bibliography; this takes about a tenth of
//! that, and borrows its strings from the text instead of copying them.
//!
//! It never guesses. [`parse_mapping`] returns `None` for anything outside the subset
//! (anchors, tags, block scalars, multi-line scalars, flow mappings, tabs, escapes other
//! than `\"` and `\\`, duplicate keys, numbers that are not plain decimal integers…), and
//! the caller falls back to serde_yaml. When it returns a tree, [`Node::into_value`] turns
//! it into exactly the `serde_json::Value` serde_yaml 0.9 would have built: scalars are
//! typed by the same rules as serde_yaml's `visit_untagged_scalar` (see [`plain_type`]),
//! and `src/yaml/differential.rs` checks both parsers agree on real files, generated files
//! and thousands of mutated ones.

use rustc_hash::FxHashSet as HashSet;
use serde_json::{Map, Number, Value};
use std::borrow::Cow;

/// Deepest nesting handled; serde_yaml allows 128, our files use 2.
const MAX_DEPTH: usize = 16;

/// libyaml rejects a key longer than 1024 characters ("could not find expected ':'").
const MAX_KEY_BYTES: usize = 1000;

/// A parsed YAML value that borrows its text where it can. A bibliography of 25,000
/// entries as `serde_json::Value` is 120,000 key strings and 25,000 B-tree maps; this is
/// one vector per entry, and the bibliography walks it directly.
#[derive(Debug, Clone, PartialEq)]
pub enum Node<'t> {
    Null,
    Bool(bool),
    Number(Number),
    String(Cow<'t, str>),
    Array(Vec<Node<'t>>),
    /// Key–value pairs, in file order (key order where serde_yaml read them). Keys are
    /// unique, except at the top level of a text parsed in slices (`yaml::node_from_str`),
    /// where the last of equal keys counts, as in a `Value`.
    Object(Entries<'t>),
}

/// A mapping's pairs.
pub type Entries<'t> = Vec<(Cow<'t, str>, Node<'t>)>;

impl Node<'_> {
    /// The `Value` serde_yaml builds for the same text (the last of equal keys wins).
    pub fn into_value(self) -> Value {
        match self {
            Node::Null => Value::Null,
            Node::Bool(b) => Value::Bool(b),
            Node::Number(n) => Value::Number(n),
            Node::String(s) => Value::String(s.into_owned()),
            Node::Array(items) => Value::Array(items.into_iter().map(Node::into_value).collect()),
            Node::Object(pairs) => {
                let mut map = Map::new();
                for (key, value) in pairs {
                    map.insert(key.into_owned(), value.into_value());
                }
                Value::Object(map)
            }
        }
    }
}

impl From<Value> for Node<'static> {
    /// A value serde_yaml built, as a node (its mappings in key order).
    fn from(value: Value) -> Self {
        match value {
            Value::Null => Node::Null,
            Value::Bool(b) => Node::Bool(b),
            Value::Number(n) => Node::Number(n),
            Value::String(s) => Node::String(Cow::Owned(s)),
            Value::Array(items) => Node::Array(items.into_iter().map(Node::from).collect()),
            Value::Object(map) => Node::Object(
                map.into_iter()
                    .map(|(key, value)| (Cow::Owned(key), Node::from(value)))
                    .collect(),
            ),
        }
    }
}

/// The value serde_yaml would build from `text`, or `None` when `text` is outside the
/// subset (or not YAML at all): the caller then asks serde_yaml, for the value or the error.
pub fn parse(text: &str) -> Option<Value> {
    parse_mapping(text).map(|pairs| Node::Object(pairs).into_value())
}

/// The top-level mapping of `text`, in file order, or `None` as for [`parse`].
pub fn parse_mapping(text: &str) -> Option<Entries<'_>> {
    if !only_subset_chars(text) {
        return None;
    }
    let mut parser = Parser {
        lines: content_lines(text).peekable(),
    };
    if parser.peek()?.indent != 0 {
        return None;
    }
    let pairs = parser.mapping(0, 0)?;
    parser.peek().is_none().then_some(pairs)
}

/// Whether every character is one libyaml reads as ordinary text. Tabs, carriage returns,
/// the byte-order mark and the Unicode line breaks (NEL, LS, PS) change how lines split or
/// indent; control characters are errors. All of them send the text to serde_yaml.
fn only_subset_chars(text: &str) -> bool {
    if text.is_ascii() {
        // A fold without early exit, so the compiler checks many bytes per instruction.
        let control = |b: u8| (b < b' ' && b != b'\n') || b == 0x7f;
        return !text.bytes().fold(false, |found, b| found | control(b));
    }
    text.chars().all(|c| match c {
        '\n' | ' '..='~' => true,
        '\u{2028}' | '\u{2029}' | '\u{feff}' => false,
        '\u{a0}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'.. => true,
        _ => false,
    })
}

/// A line that is neither blank nor a comment, split into its indentation and the rest.
#[derive(Debug, Clone, Copy)]
struct Line<'t> {
    indent: usize,
    text: &'t str,
}

/// The lines that carry content. Comment and blank lines never change the structure of
/// the subset (it has no multi-line scalars, where they would).
fn content_lines(text: &str) -> impl Iterator<Item = Line<'_>> {
    super::lines(text).filter_map(|line| {
        let rest = line.trim_start_matches(' ');
        (!rest.is_empty() && !rest.starts_with('#')).then(|| Line {
            indent: line.len() - rest.len(),
            text: rest,
        })
    })
}

struct Parser<'t, L: Iterator<Item = Line<'t>>> {
    lines: std::iter::Peekable<L>,
}

impl<'t, L: Iterator<Item = Line<'t>>> Parser<'t, L> {
    fn peek(&mut self) -> Option<Line<'t>> {
        self.lines.peek().copied()
    }

    fn advance(&mut self) {
        self.lines.next();
    }

    /// The block mapping whose keys sit at `indent`, starting at the current line.
    fn mapping(&mut self, indent: usize, depth: usize) -> Option<Entries<'t>> {
        let mut pairs = Vec::new();
        while let Some(line) = self.peek() {
            if line.indent < indent {
                break;
            }
            // Deeper than the keys after an inline value: a continuation line, or an error.
            if line.indent > indent {
                return None;
            }
            let (key, rest) = key(line.text)?;
            self.advance();
            let value = match rest {
                Some(rest) => inline_value(rest)?,
                None => self.nested(indent, depth)?,
            };
            pairs.push((key, value));
        }
        // serde_yaml keeps the last of two equal keys, a typed struct rejects them; leave
        // both behaviours to it.
        (!has_duplicate_keys(&pairs)).then_some(pairs)
    }

    /// The value of a `key:` with nothing after it: an indented block, a `- ` list at the
    /// key's own indentation (YAML allows that one), or null.
    fn nested(&mut self, indent: usize, depth: usize) -> Option<Node<'t>> {
        if depth >= MAX_DEPTH {
            return None;
        }
        match self.peek() {
            Some(next) if next.indent > indent && is_item(next.text) => {
                self.sequence(next.indent).map(Node::Array)
            }
            Some(next) if next.indent > indent => {
                self.mapping(next.indent, depth + 1).map(Node::Object)
            }
            Some(next) if next.indent == indent && is_item(next.text) => {
                self.sequence(indent).map(Node::Array)
            }
            _ => Some(Node::Null),
        }
    }

    /// A block list of scalars (or one-line lists) whose `- ` sits at `indent`. It ends at
    /// the first line that is not an item at that indentation; the caller decides whether
    /// that line may follow.
    fn sequence(&mut self, indent: usize) -> Option<Vec<Node<'t>>> {
        let mut items = Vec::new();
        while let Some(line) = self.peek() {
            if line.indent != indent || !is_item(line.text) {
                break;
            }
            let item = line.text[1..].trim_start_matches(' ');
            // `-` alone opens a nested block, which the subset does not have.
            if item.is_empty() {
                return None;
            }
            items.push(inline_value(item)?);
            self.advance();
        }
        Some(items)
    }
}

/// Whether two pairs share a key: pairwise for an entry's few fields, hashed for a
/// top-level mapping of thousands.
fn has_duplicate_keys(pairs: &Entries<'_>) -> bool {
    if pairs.len() <= 16 {
        return pairs
            .iter()
            .enumerate()
            .any(|(i, (key, _))| pairs[..i].iter().any(|(other, _)| other == key));
    }
    let mut seen = HashSet::with_capacity_and_hasher(pairs.len(), Default::default());
    !pairs.iter().all(|(key, _)| seen.insert(key.as_ref()))
}

/// `- item` or a bare `-`.
fn is_item(text: &str) -> bool {
    text == "-" || text.starts_with("- ")
}

/// Splits `key: rest` into the key and the text after `: ` (`None` when the value is on
/// the following lines). Keys are plain words (`pmid-123`, `review_interval_days`) or
/// quoted strings; anything else is left to serde_yaml.
fn key(text: &str) -> Option<(Cow<'_, str>, Option<&str>)> {
    let (key, after) = match text.as_bytes()[0] {
        b'"' => double_quoted(text)?,
        b'\'' => single_quoted(text)?,
        first if first.is_ascii_alphanumeric() || first == b'_' => {
            let end = text
                .bytes()
                .position(|b| !(b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.')))
                .unwrap_or(text.len());
            let word = &text[..end];
            // `true:`, `12:` or `1e3:` are keys too, but typed ones: not worth the doubt.
            if !matches!(plain_type(word)?, Plain::String) {
                return None;
            }
            (Cow::Borrowed(word), &text[end..])
        }
        _ => return None,
    };
    if text.len() - after.len() > MAX_KEY_BYTES {
        return None;
    }
    let rest = after.strip_prefix(':')?;
    if rest.is_empty() {
        return Some((key, None));
    }
    // `key:value` is one plain scalar, not a key.
    if !rest.starts_with(' ') {
        return None;
    }
    let rest = rest.trim_start_matches(' ');
    Some((
        key,
        (!rest.is_empty() && !rest.starts_with('#')).then_some(rest),
    ))
}

/// The value written after `key: ` or `- `, which fills the rest of the line.
fn inline_value(text: &str) -> Option<Node<'_>> {
    let (value, after) = match text.as_bytes()[0] {
        b'"' => double_quoted(text).map(|(s, after)| (Node::String(s), after))?,
        b'\'' => single_quoted(text).map(|(s, after)| (Node::String(s), after))?,
        b'[' => flow_sequence(text)?,
        _ => return block_plain(text),
    };
    only_comment(after).then_some(value)
}

/// Whether `text`, what follows a closed value, is blank or a comment. `"a"#b` and
/// `"a" b` are errors for libyaml.
fn only_comment(text: &str) -> bool {
    let rest = text.trim_start_matches(' ');
    rest.is_empty() || (rest.len() < text.len() && rest.starts_with('#'))
}

/// A plain scalar in block context: up to a ` #` comment, trailing spaces dropped. A `: `
/// inside would make it a key (an error here), so it is left to serde_yaml.
fn block_plain(text: &str) -> Option<Node<'_>> {
    if !plain_may_start(text) {
        return None;
    }
    let bytes = text.as_bytes();
    let mut end = bytes.len();
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b'#' if i > 0 && bytes[i - 1] == b' ' => {
                end = i;
                break;
            }
            b':' if matches!(bytes.get(i + 1), None | Some(b' ')) => return None,
            _ => {}
        }
    }
    plain_scalar(text[..end].trim_end_matches(' '))
}

/// Whether a plain scalar may start with this text's first character. YAML indicators
/// (`-?:,[]{}#&*!|>'"%@` and the backquote) begin other constructs, or are errors; `-`
/// before a letter or digit (`-5`) is allowed.
fn plain_may_start(text: &str) -> bool {
    let bytes = text.as_bytes();
    match bytes[0] {
        b'-' => bytes.get(1).is_some_and(u8::is_ascii_alphanumeric),
        b'?' | b':' | b',' | b'[' | b']' | b'{' | b'}' | b'#' | b'&' | b'*' | b'!' | b'|'
        | b'>' | b'\'' | b'"' | b'%' | b'@' | b'`' | b' ' => false,
        _ => true,
    }
}

/// A one-line `[a, "b", 3]` list, and the text after its `]`. Nested lists and mappings,
/// empty items and trailing commas are left to serde_yaml.
fn flow_sequence(text: &str) -> Option<(Node<'_>, &str)> {
    let mut items = Vec::new();
    let mut rest = text[1..].trim_start_matches(' ');
    if let Some(after) = rest.strip_prefix(']') {
        return Some((Node::Array(items), after));
    }
    loop {
        let (item, after) = flow_item(rest)?;
        items.push(item);
        let after = after.trim_start_matches(' ');
        if let Some(after) = after.strip_prefix(']') {
            return Some((Node::Array(items), after));
        }
        rest = after.strip_prefix(',')?.trim_start_matches(' ');
    }
}

/// One item of a flow list, and the text after it.
fn flow_item(text: &str) -> Option<(Node<'_>, &str)> {
    match *text.as_bytes().first()? {
        b'"' => double_quoted(text).map(|(s, after)| (Node::String(s), after)),
        b'\'' => single_quoted(text).map(|(s, after)| (Node::String(s), after)),
        _ if plain_may_start(text) => {
            let end = text.find([',', ']']).unwrap_or(text.len());
            let raw = &text[..end];
            // In a flow list these would open a collection, a pair or a comment.
            if raw.contains(['[', '{', '}', ':', '#']) {
                return None;
            }
            let value = plain_scalar(raw.trim_end_matches(' '))?;
            Some((value, &text[end..]))
        }
        _ => None,
    }
}

/// A double-quoted string closed on its own line, and the text after the closing quote.
/// Only `\"` and `\\` are unescaped; other escapes are left to serde_yaml.
fn double_quoted(text: &str) -> Option<(Cow<'_, str>, &str)> {
    let body = &text[1..];
    // Two `memchr` searches beat one byte loop looking for either character.
    let quote = body.find('"')?;
    if !body[..quote].contains('\\') {
        return Some((Cow::Borrowed(&body[..quote]), &body[quote + 1..]));
    }
    let mut value = String::new();
    let mut rest = body;
    loop {
        let quote = rest.find('"')?;
        let at = rest[..quote].find('\\').unwrap_or(quote);
        value.push_str(&rest[..at]);
        if at == quote {
            return Some((Cow::Owned(value), &rest[quote + 1..]));
        }
        match rest.as_bytes().get(at + 1)? {
            c @ (b'"' | b'\\') => value.push(char::from(*c)),
            _ => return None,
        }
        rest = &rest[at + 2..];
    }
}

/// A single-quoted string closed on its own line (`''` is a quote), and the text after it.
fn single_quoted(text: &str) -> Option<(Cow<'_, str>, &str)> {
    let body = &text[1..];
    let quote = body.find('\'')?;
    if !body[quote + 1..].starts_with('\'') {
        return Some((Cow::Borrowed(&body[..quote]), &body[quote + 1..]));
    }
    let mut value = String::new();
    let mut rest = body;
    loop {
        let at = rest.find('\'')?;
        value.push_str(&rest[..at]);
        rest = &rest[at + 1..];
        match rest.strip_prefix('\'') {
            Some(after) => {
                value.push('\'');
                rest = after;
            }
            None => return Some((Cow::Owned(value), rest)),
        }
    }
}

/// Types a plain scalar as serde_yaml 0.9's `visit_untagged_scalar` does: null, boolean,
/// integer, float, else string. `None` when serde_yaml should decide.
fn plain_scalar(text: &str) -> Option<Node<'_>> {
    Some(match plain_type(text)? {
        Plain::Null => Node::Null,
        Plain::Bool(b) => Node::Bool(b),
        Plain::Number(n) => Node::Number(n),
        Plain::String => Node::String(Cow::Borrowed(text)),
    })
}

/// What a plain scalar is.
enum Plain {
    Null,
    Bool(bool),
    Number(Number),
    String,
}

/// Decimal integers that fit 64 bits are typed here; a scalar that any other integer or
/// float rule could claim (`+1`, `0x1F`, `1e3`, `.5`, `inf`, 20 digits) is `None`.
fn plain_type(text: &str) -> Option<Plain> {
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return Some(Plain::Null),
        "true" | "True" | "TRUE" => return Some(Plain::Bool(true)),
        "false" | "False" | "FALSE" => return Some(Plain::Bool(false)),
        _ => {}
    }
    let unsigned = text.strip_prefix(['-', '+']).unwrap_or(text);
    if !unsigned.is_empty() && unsigned.bytes().all(|b| b.is_ascii_digit()) {
        return integer(text, unsigned);
    }
    if might_be_number(unsigned) || might_be_number(text) {
        return None;
    }
    Some(Plain::String)
}

/// A scalar of digits with an optional sign. Leading zeros make it a string
/// (serde_yaml's `digits_but_not_number`); `123` and `-123` are numbers; the rest
/// (`+5`, `-0`, overflow) is left to serde_yaml.
fn integer(text: &str, unsigned: &str) -> Option<Plain> {
    if unsigned.len() > 1 && unsigned.starts_with('0') {
        return Some(Plain::String);
    }
    if text.starts_with('+') || text == "-0" {
        return None;
    }
    let number = if text.starts_with('-') {
        Number::from(text.parse::<i64>().ok()?)
    } else {
        Number::from(text.parse::<u64>().ok()?)
    };
    Some(Plain::Number(number))
}

/// Whether serde_yaml's integer rules (`0x`, `0o`, `0b` prefixes) or float rules (what
/// Rust's `f64` parser accepts, `.inf`, `.nan`) could read `text` as a number. Rust's
/// parser only accepts text starting with a digit, a sign, `.`, `inf` or `nan`, so other
/// text skips it.
fn might_be_number(text: &str) -> bool {
    match text.as_bytes().first() {
        Some(b'.' | b'+' | b'-') => true,
        Some(b'0'..=b'9' | b'i' | b'I' | b'n' | b'N') => {
            text.starts_with("0x")
                || text.starts_with("0o")
                || text.starts_with("0b")
                || text.parse::<f64>().is_ok()
        }
        _ => false,
    }
}
