//! Pandoc's citation syntax, as pandoc, Quarto and Manubot read it: `[@key]`,
//! `[see @a, p. 12; also @b]`, `[-@key]`, a narrative `@key` in running text, and Manubot's
//! identifier keys (`@pmid:15110491`, `@doi:10.1000/xyz`), which name a source by an
//! identifier it carries. Every bracket that opens with `[@` or `[-@` is a citation or is
//! reported: citation syntax never reaches a reader as raw text.

use super::{token_end, Cited, Found, Validate};
use crate::citations::identifiers::{self, Identifier};
use crate::citations::Bibliography;
use std::ops::Range;

/// One `@key` of a citation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Key {
    /// As written, without the `@` and any braces.
    pub(crate) name: String,
    /// The `@key` in the scanned text (a `-` before it included).
    pub(crate) span: Range<usize>,
    /// The identifier a Manubot key (`pmid:…`, `doi:…`) names.
    pub(crate) id: Option<Identifier>,
    /// The words before the `@` (`see`), shown in the mark.
    pub(crate) prefix: String,
    /// The words after the comma (`p. 12`), shown in the mark.
    pub(crate) locator: String,
    /// Written in running text (`@key showed`), not in brackets.
    pub(crate) narrative: bool,
}

const LABEL: &str = "citation";
const NOT_CLOSED: &str = "the bracket has no closing `]`";
const NO_KEY: &str = "each part between `;` names one `@key`";
const BAD_KEY: &str = "a key starts with a letter, a digit or `_` (`[@renehan-2004]`)";
const AFTER_KEY: &str = "words after a key follow a comma (`[@key, p. 12]`)";
const ONE_KEY: &str = "keys are separated by `;` (`[@a; @b]`), not by a comma";

/// How far back from an `@` the `[` of a prefix (`[see also @key]`) is looked for.
const MAX_PREFIX: usize = 120;
/// How far a bracket is looked at for its `]`.
const MAX_BRACKET: usize = 1000;

/// The citation whose `@` is at byte `at` of `text`: a bracket around it, or a narrative
/// `@key` when `narrative` is given and has the key.
pub(super) fn at(text: &str, at: usize, narrative: Option<&Bibliography>) -> Option<Found> {
    let before = &text[..at];
    let direct = before.strip_suffix('-').unwrap_or(before);
    if let Some(open) = direct.strip_suffix('[').map(str::len) {
        return Some(bracket(text, open).unwrap_or_else(|(span, cited)| Found { span, cited }));
    }
    if let Some(open) = prefix_open(before) {
        if let Ok(found) = bracket(text, open) {
            return Some(found);
        }
    }
    narrative_key(text, at, narrative?)
}

/// The `[` that opens a bracket whose first key has a prefix, if `before` ends inside one.
fn prefix_open(before: &str) -> Option<usize> {
    let bytes = before.as_bytes();
    for (back, &b) in bytes.iter().rev().take(MAX_PREFIX).enumerate() {
        match b {
            b'[' => return Some(bytes.len() - 1 - back),
            b']' | b';' | b'@' | b'`' => return None,
            _ => {}
        }
    }
    None
}

type Failed = (Range<usize>, Cited);

fn malformed(span: Range<usize>, text: &str, label: &'static str, rule: &'static str) -> Failed {
    let token = text[span.clone()].to_string();
    (span, Cited::Malformed { label, token, rule })
}

/// The bracket opening at byte `open`, parsed; or what fails, with the span to report.
fn bracket(text: &str, open: usize) -> Result<Found, Failed> {
    let rest = &text[open + 1..];
    let close = rest
        .bytes()
        .take(MAX_BRACKET)
        .position(|b| b == b']' || b == b'[')
        .filter(|&k| rest.as_bytes()[k] == b']');
    let Some(close) = close else {
        let end = rest
            .find(|c: char| c.is_whitespace() || c == '[' || c == ']')
            .unwrap_or(rest.len());
        return Err(malformed(open..open + 1 + end, text, LABEL, NOT_CLOSED));
    };
    let span = open..open + 2 + close;
    let mut keys = Vec::new();
    let mut offset = open + 1;
    for part in rest[..close].split(';') {
        match item(text, offset, part) {
            Ok(key) => keys.push(key),
            Err(Some(cited)) => return Err((span, cited)),
            Err(None) => return Err(malformed(span, text, LABEL, NO_KEY)),
        }
        offset += part.len() + 1;
    }
    Ok(Found {
        span,
        cited: Cited::Keys(keys),
    })
}

/// One `prefix @key, locator` part of a bracket, at byte `offset` of `text`. `Err(None)`
/// when the part has no `@`.
fn item(text: &str, offset: usize, part: &str) -> Result<Key, Option<Cited>> {
    let at = part.find('@').ok_or(None)?;
    let fail = |rule| {
        let span = offset..offset + part.len();
        Some(Cited::Malformed {
            label: LABEL,
            token: text[span].trim().to_string(),
            rule,
        })
    };
    let written_prefix = &part[..at];
    let suppress = written_prefix.ends_with('-');
    let prefix = written_prefix.strip_suffix('-').unwrap_or(written_prefix);
    let (name, len) = key(&part[at + 1..]).ok_or_else(|| fail(BAD_KEY))?;
    let after = part[at + 1 + len..].trim_start();
    let locator = match after.strip_prefix(',') {
        _ if after.is_empty() => "",
        Some(locator) if locator.contains('@') => return Err(fail(ONE_KEY)),
        Some(locator) if !locator.trim().is_empty() => locator.trim(),
        None if is_locator(after) && !after.contains('@') => after.trim_end(),
        _ => return Err(fail(AFTER_KEY)),
    };
    let id = manubot(&name).map_err(Some)?;
    let start = offset + at - usize::from(suppress);
    Ok(Key {
        span: start..offset + at + 1 + len,
        name,
        id,
        prefix: prefix.split_whitespace().collect::<Vec<_>>().join(" "),
        locator: locator.split_whitespace().collect::<Vec<_>>().join(" "),
        narrative: false,
    })
}

/// Whether `text` starts with a locator term (`p. 12`, `pp. 3-4`, `chap. 2`, `fig. 1`),
/// which pandoc reads as a locator without a comma before it (`[@key p. 12]`).
fn is_locator(text: &str) -> bool {
    const TERMS: [&str; 16] = [
        "p.", "pp.", "page ", "pages ", "ch.", "chap.", "chapter ", "sec.", "section ", "§",
        "fig.", "figure ", "table ", "para.", "vol.", "suppl.",
    ];
    TERMS.iter().any(|term| {
        text.get(..term.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(term))
    })
}

/// A narrative `@key`: after the start of the text, whitespace or an opening bracket, and
/// only when the bibliography has it (an e-mail address or a handle is never one).
fn narrative_key(text: &str, at: usize, bibliography: &Bibliography) -> Option<Found> {
    let after_space = text[..at]
        .chars()
        .next_back()
        .is_none_or(|c| c.is_whitespace() || matches!(c, '(' | '[' | '{'));
    if !after_space {
        return None;
    }
    let (name, len) = key(&text[at + 1..])?;
    let id = manubot(&name).ok()?;
    let known = bibliography.find_key(&name).is_some()
        || id
            .as_ref()
            .is_some_and(|id| bibliography.find_id(id).is_some());
    if !known {
        return None;
    }
    let key_end = at + 1 + len;
    let (locator, locator_len) = narrative_locator(&text[key_end..]).unwrap_or(("", 0));
    Some(Found {
        span: at..key_end + locator_len,
        cited: Cited::Keys(vec![Key {
            name,
            span: at..key_end,
            id,
            prefix: String::new(),
            locator: locator.split_whitespace().collect::<Vec<_>>().join(" "),
            narrative: true,
        }]),
    })
}

/// The locator pandoc reads in brackets right after a narrative key (`@key [p. 33]`), and
/// the length it takes with its space and brackets.
fn narrative_locator(after: &str) -> Option<(&str, usize)> {
    let inner = after.strip_prefix(' ')?.strip_prefix('[')?;
    let close = inner
        .bytes()
        .take(MAX_PREFIX)
        .position(|b| matches!(b, b']' | b'[' | b'@'))
        .filter(|&k| inner.as_bytes()[k] == b']' && k > 0)?;
    let locator = inner[..close].trim();
    (!locator.is_empty()).then_some((locator, close + 3))
}

/// The key at the start of `text` (after the `@`) and its length as written: `{any}`, a
/// Manubot DOI key up to the end of the DOI, or letters, digits and `_` joined by single
/// `:.#$%&-+?<>~/` (pandoc's rule: punctuation at the end belongs to the sentence).
fn key(text: &str) -> Option<(String, usize)> {
    if let Some(inner) = text.strip_prefix('{') {
        let close = inner.find('}').filter(|&c| c > 0)?;
        return Some((inner[..close].to_string(), close + 2));
    }
    let word = |c: char| c.is_alphanumeric() || c == '_';
    if !text.starts_with(word) {
        return None;
    }
    if text
        .get(..4)
        .is_some_and(|p| p.eq_ignore_ascii_case("doi:"))
    {
        let limit = text
            .find(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | ']' | '['))
            .unwrap_or(text.len());
        let len = token_end(&text[..limit]);
        return Some((text[..len].to_string(), len));
    }
    let mut end = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let joins = "_:.#$%&-+?<>~/".contains(c) && chars.peek().is_some_and(|&(_, n)| word(n));
        if word(c) || joins {
            end = i + c.len_utf8();
        } else {
            break;
        }
    }
    Some((text[..end].to_string(), end))
}

/// The identifier a Manubot key names (`pmid:15110491` → PMID 15110491); `Ok(None)` for a
/// plain key, a malformed citation for a scheme followed by an identifier that fails.
fn manubot(name: &str) -> Result<Option<Identifier>, Cited> {
    let Some((scheme, value)) = name.split_once(':') else {
        return Ok(None);
    };
    let (label, validate): (&'static str, Validate) = match scheme.to_ascii_lowercase().as_str() {
        "pmid" => ("PMID", identifiers::pmid),
        "pmcid" => ("PMCID", identifiers::pmcid),
        "doi" => ("doi", identifiers::doi),
        "nct" | "clinicaltrials" => ("NCT", identifiers::nct),
        "isbn" => ("ISBN", identifiers::isbn),
        _ => return Ok(None),
    };
    validate(value).map(Some).map_err(|rule| Cited::Malformed {
        label,
        token: value.to_string(),
        rule,
    })
}
