//! Finding citations in prose: `PMID 8708565`, `PMID: 8708565`, `PMC11582493`,
//! `doi:10.…`, `https://doi.org/10.…`, `NCT01234567`, `ISBN 978-…`, `[@key]`, `[@a; @b]`,
//! and links to PubMed, PMC and doi.org. The scanner works on one run of text and returns
//! byte spans within it; callers add the run's offset in the file.

use super::identifiers::{self, Identifier};
use std::ops::Range;

/// What a citation names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Cited {
    Id(Identifier),
    /// `[@key]`: bibliography keys, in order, each with its span.
    Keys(Vec<(String, Range<usize>)>),
    /// A scheme label followed by a token that fails validation.
    Malformed {
        label: &'static str,
        token: String,
        rule: &'static str,
    },
}

/// One citation in a text run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub(crate) span: Range<usize>,
    pub(crate) cited: Cited,
}

/// Every citation in `text`, in order.
pub fn scan(text: &str) -> Vec<Found> {
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    // Where the last citation ended: candidates inside it are skipped.
    let mut end = 0;
    for i in candidates(bytes) {
        if i < end {
            continue;
        }
        let boundary = i == 0
            || bytes[i - 1].is_ascii()
            || !is_word(text[..i].chars().next_back().unwrap_or(' '));
        if !boundary {
            continue;
        }
        if let Some(f) = at(text, i) {
            end = f.span.end.max(i + 1);
            found.push(f);
        }
    }
    found
}

/// Offsets where a citation may start: two bytes some form starts with (in any case),
/// after a byte that is not part of an ASCII word. Branch-free, so text that cites nothing
/// is skipped at close to memory speed.
fn candidates(bytes: &[u8]) -> impl Iterator<Item = usize> + '_ {
    crate::text::candidates(bytes, |before, first, second| {
        let (first, second) = (first | 0x20, second | 0x20);
        let starts = (first == b'p') & (second == b'm')
            | (first == b'd') & (second == b'o')
            | (first == b'n') & (second == b'c')
            | (first == b'i') & (second == b's')
            | (first == b'h') & (second == b't')
            | (first == b'{') & (second == b'`');
        let after_word = ((before | 0x20).wrapping_sub(b'a') < 26)
            | (before.wrapping_sub(b'0') < 10)
            | (before == b'_');
        starts & !after_word
    })
}

fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// A citation starting exactly at `i`, if any.
fn at(text: &str, i: usize) -> Option<Found> {
    let rest = &text[i..];
    let starts = |prefix: &str| {
        rest.len() >= prefix.len()
            && rest.as_bytes()[..prefix.len()].eq_ignore_ascii_case(prefix.as_bytes())
    };
    if rest.starts_with("[@") {
        return keys(text, i);
    }
    if starts("http://") || starts("https://") {
        let end = i + token_end(rest);
        return match from_url(&text[i..end])? {
            Ok(id) => Some(Found {
                span: i..end,
                cited: Cited::Id(id),
            }),
            Err((label, token, rule)) => Some(Found {
                span: i..end,
                cited: Cited::Malformed { label, token, rule },
            }),
        };
    }
    if starts("doi:") {
        return labelled(text, i, 4, "doi", identifiers::doi);
    }
    if starts("pmid") {
        return labelled(text, i, 4, "PMID", identifiers::pmid);
    }
    if starts("isbn") {
        return isbn(text, i);
    }
    for (prefix, label, validate) in [
        ("pmc", "PMCID", identifiers::pmcid as fn(&str) -> _),
        ("nct", "NCT", identifiers::nct),
    ] {
        if starts(prefix) && rest[prefix.len()..].starts_with(|c: char| c.is_ascii_digit()) {
            let end = i + word_end(rest);
            return Some(validated(i..end, label, &text[i..end], validate));
        }
    }
    None
}

fn validated(
    span: Range<usize>,
    label: &'static str,
    token: &str,
    validate: fn(&str) -> Result<Identifier, &'static str>,
) -> Found {
    let cited = match validate(token) {
        Ok(id) => Cited::Id(id),
        Err(rule) => Cited::Malformed {
            label,
            token: token.to_string(),
            rule,
        },
    };
    Found { span, cited }
}

/// `PMID 123`, `PMID: 123`, `pmid:123`, `doi:10.…`: a label, an optional colon, spaces, a
/// token. Without a colon the token must start with a digit, so prose that merely mentions
/// "the PMID is …" is not a citation.
fn labelled(
    text: &str,
    i: usize,
    label_len: usize,
    label: &'static str,
    validate: fn(&str) -> Result<Identifier, &'static str>,
) -> Option<Found> {
    let after_label = &text[i + label_len..];
    let label_has_colon = text[i..i + label_len].ends_with(':');
    if !label_has_colon && after_label.starts_with(is_word) {
        return None;
    }
    let colon = after_label.starts_with(':') || label_has_colon;
    let after_colon = after_label.strip_prefix(':').unwrap_or(after_label);
    let spaces = after_colon.len() - after_colon.trim_start_matches([' ', '\u{a0}']).len();
    let start = i + label_len + (after_label.len() - after_colon.len()) + spaces;
    let token_text = &text[start..];
    if !colon && !token_text.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let end = start + token_end(token_text);
    if end == start {
        return Some(Found {
            span: i..start,
            cited: Cited::Malformed {
                label,
                token: String::new(),
                rule: "the label is not followed by an identifier",
            },
        });
    }
    Some(validated(i..end, label, &text[start..end], validate))
}

/// `ISBN 978-0-306-40615-7`, `ISBN: 0 306 40615 2`.
fn isbn(text: &str, i: usize) -> Option<Found> {
    let after = &text[i + 4..];
    let after = after
        .strip_prefix("-13")
        .or(after.strip_prefix("-10"))
        .unwrap_or(after);
    let after = after.strip_prefix(':').unwrap_or(after);
    let token = after.trim_start_matches(' ');
    if !token.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let start = text.len() - token.len();
    let mut end = start;
    for (offset, c) in token.char_indices() {
        let joins_digits = matches!(c, '-' | ' ')
            && token[offset + 1..]
                .starts_with(|n: char| n.is_ascii_digit() || n == 'X' || n == 'x');
        if c.is_ascii_digit() || joins_digits || ((c == 'X' || c == 'x') && offset > 0) {
            end = start + offset + c.len_utf8();
        } else {
            break;
        }
    }
    Some(validated(
        i..end,
        "ISBN",
        &text[start..end],
        identifiers::isbn,
    ))
}

/// `[@a]`, `[@a; @b]`: pandoc-style keys. Anything else in the brackets means it is not a
/// citation (`[@mention]` with prose is left alone).
fn keys(text: &str, i: usize) -> Option<Found> {
    let close = i + text[i..].find(']')?;
    let inner = &text[i + 1..close];
    let mut keys = Vec::new();
    let mut offset = i + 1;
    for part in inner.split(';') {
        let trimmed = part.trim_start();
        let key_start = offset + (part.len() - trimmed.len());
        let key = trimmed.trim_end().strip_prefix('@')?;
        let valid = key.starts_with(|c: char| c.is_alphanumeric() || c == '_')
            && key
                .chars()
                .all(|c| c.is_alphanumeric() || "_:.#$%&-+?<>~/".contains(c));
        if !valid {
            return None;
        }
        keys.push((key.to_string(), key_start..key_start + 1 + key.len()));
        offset += part.len() + 1;
    }
    Some(Found {
        span: i..close + 1,
        cited: Cited::Keys(keys),
    })
}

/// The length of an identifier token: up to whitespace or a quote, without trailing
/// sentence punctuation or an unbalanced `)`.
fn token_end(text: &str) -> usize {
    let mut end = text
        .find(|c: char| {
            c.is_whitespace() || matches!(c, '"' | '<' | '>' | '\u{201c}' | '\u{201d}' | '\u{2019}')
        })
        .unwrap_or(text.len());
    loop {
        let token = &text[..end];
        let Some(last) = token.chars().next_back() else {
            break;
        };
        let unbalanced_paren =
            last == ')' && token.matches('(').count() < token.matches(')').count();
        let unbalanced_bracket =
            last == ']' && token.matches('[').count() < token.matches(']').count();
        if matches!(last, '.' | ',' | ';' | ':' | '!' | '?')
            || unbalanced_paren
            || unbalanced_bracket
        {
            end -= last.len_utf8();
        } else {
            break;
        }
    }
    end
}

/// The end of an alphanumeric word such as `PMC11582493` or `PMC123.2`.
fn word_end(text: &str) -> usize {
    let mut end = 0;
    for (i, c) in text.char_indices() {
        let version_dot = c == '.' && text[i + 1..].starts_with(|n: char| n.is_ascii_digit());
        if c.is_ascii_alphanumeric() || version_dot {
            end = i + c.len_utf8();
        } else {
            break;
        }
    }
    end
}

type Failed = (&'static str, String, &'static str);

/// The identifier a PubMed, PMC or doi.org URL names; `None` for any other URL.
pub(crate) fn from_url(url: &str) -> Option<Result<Identifier, Failed>> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))?;
    let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
    let host = host.to_ascii_lowercase();
    let path = path.split(['?', '#']).next().unwrap_or("");
    let first_segment = |p: &str| p.split('/').next().unwrap_or("").to_string();
    let check = |label, token: String, validate: fn(&str) -> Result<Identifier, &'static str>| {
        Some(validate(&token).map_err(|rule| (label, token, rule)))
    };
    match host.as_str() {
        "pubmed.ncbi.nlm.nih.gov" if !path.is_empty() => {
            check("PMID", first_segment(path), identifiers::pmid)
        }
        "www.ncbi.nlm.nih.gov" | "ncbi.nlm.nih.gov" => {
            if let Some(p) = path.strip_prefix("pubmed/") {
                check("PMID", first_segment(p), identifiers::pmid)
            } else if let Some(p) = path.strip_prefix("pmc/articles/") {
                check("PMCID", first_segment(p), identifiers::pmcid)
            } else {
                None
            }
        }
        "pmc.ncbi.nlm.nih.gov" => {
            let p = path.strip_prefix("articles/")?;
            check("PMCID", first_segment(p), identifiers::pmcid)
        }
        "doi.org" | "dx.doi.org" | "www.doi.org" if !path.is_empty() => check(
            "doi",
            crate::links::percent::decode_lossy(path).into_owned(),
            identifiers::doi,
        ),
        _ => None,
    }
}

#[cfg(test)]
mod tests;
