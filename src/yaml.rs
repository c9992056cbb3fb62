//! The one module that touches `serde_yaml`, the one YAML parser: `site.yaml`, front
//! matter, the bibliography and the lock file all go through [`from_str`]. Its author
//! deprecated serde_yaml in 2024, so keeping every use here makes a swap to a maintained
//! parser a one-file change.
//!
//! Input: YAML text. Output: a typed struct, or `serde_json::Value` for untyped data (a
//! page's extra keys, the bibliography's entries), so no other module names a serde_yaml
//! type. Parse errors come back as [`YamlError`] with a 1-based position *within the YAML
//! text*; callers shift it by where the block starts in its file. The parser's messages
//! are put in a writer's words, and an unclosed quote or bracket is placed where it opened
//! (see [`from_str`]).
//!
//! Aliases (`*name`, a reference to an `&name` anchor) are refused before the text reaches
//! the parser (see `aliases`): the parser expands them as it deserializes, and its
//! limit on repetition grows with the document, so a few nested aliases plus filler expand
//! to gigabytes. Refusing them keeps every parse within a small multiple of its text. The
//! files panelpress reads are written by hand and never need them.
//!
//! serde keeps no position for a value that parsed; [`top_level_key_lines`] finds the line
//! of each top-level key, so a finding about a key's value can point at it.

mod aliases;

use aliases::first_alias;
use serde::de::DeserializeOwned;

/// Why a YAML text did not deserialize, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct YamlError {
    /// 1-based line within the YAML text (1 when the parser gave no position).
    pub(crate) line: usize,
    /// 1-based column.
    pub(crate) column: usize,
    /// The parser's message without its "at line … column …" suffix.
    pub(crate) message: String,
}

/// Deserializes `text` into `T`, keeping the position of any error. A text with an alias
/// is refused at the alias, unparsed.
pub(crate) fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, YamlError> {
    if let Some((line, column)) = first_alias(text) {
        return Err(YamlError {
            line,
            column,
            message: ALIAS_REFUSED.into(),
        });
    }
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

const ALIAS_REFUSED: &str = "YAML aliases (`*name`) are not allowed here; write the value out";

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
pub(crate) fn top_level_key_lines(text: &str) -> Vec<(String, usize)> {
    let mut keys = Vec::new();
    for (i, line) in text.lines().enumerate() {
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

    /// The amplification input a writer could not tell from a large file: nested aliases
    /// and filler. Refused before the parser sees it, so it takes no memory to speak of.
    #[test]
    fn a_billion_laughs_bibliography_is_refused_quickly() {
        let mut text = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for (name, previous) in ["b", "c", "d", "e", "f", "g", "h", "i"]
            .iter()
            .zip(["a", "b", "c", "d", "e", "f", "g", "h"])
        {
            text.push_str(&format!("{name}: &{name} [*{previous}, *{previous}, *{previous}, *{previous}, *{previous}, *{previous}, *{previous}, *{previous}, *{previous}, *{previous}]\n"));
        }
        text.push_str(&"filler: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]\n".repeat(6_000));
        assert!(text.len() > 240_000);
        let started = std::time::Instant::now();
        let error = from_str::<serde_json::Value>(&text).unwrap_err();
        assert_eq!((error.line, error.message.as_str()), (2, ALIAS_REFUSED));
        assert!(started.elapsed() < std::time::Duration::from_secs(1));
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
