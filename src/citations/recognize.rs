//! Finding citations in prose: `PMID 8708565`, `PubMed ID: 8708565`, `PMIDs 1, 2 and 3`,
//! `PMC11582493`, `doi:10.…`, `DOI 10.…`, `https://doi.org/10.…`, `NCT01234567`,
//! `ISBN 978-…`, pandoc's citations (`[@key]`, `[see @a, p. 12; @b]`, a narrative `@key`,
//! Manubot's `[@pmid:…]`; see [`pandoc`]), and links to PubMed, PMC, doi.org and
//! ClinicalTrials.gov. The scanner works on one run of text and returns byte spans within
//! it; callers add the run's offset in the file.

mod pandoc;

pub(crate) use pandoc::Key;

use super::identifiers::{self, Identifier};
use super::Bibliography;
use std::ops::Range;

/// What a citation names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Cited {
    Id(Identifier),
    /// `[@key]`, `[@a; @b]` or a narrative `@key`: bibliography keys, in order.
    Keys(Vec<Key>),
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

/// Every citation in `text`, in order. A narrative `@key` is one only where `narrative` is
/// given (not inside a link's text) and has the key.
pub fn scan(text: &str, narrative: Option<&Bibliography>) -> Vec<Found> {
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
        if let Some(last) = at(text, i, narrative, &mut found) {
            end = last.max(i + 1);
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
            | (first == b'p') & (second == b'u')
            | (first == b'h') & (second == b't')
            // `@`, which pandoc's citations turn on (and the backtick, which no prose run
            // holds: code spans are not prose).
            | (first == b'`');
        let after_word = ((before | 0x20).wrapping_sub(b'a') < 26)
            | (before.wrapping_sub(b'0') < 10)
            | (before == b'_');
        starts & !after_word
    })
}

fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// The citations starting at `i` (a bracket's at its `@`), added to `found`; returns where
/// the last ends.
fn at(
    text: &str,
    i: usize,
    narrative: Option<&Bibliography>,
    found: &mut Vec<Found>,
) -> Option<usize> {
    let rest = &text[i..];
    let starts = |prefix: &str| {
        rest.len() >= prefix.len()
            && rest.as_bytes()[..prefix.len()].eq_ignore_ascii_case(prefix.as_bytes())
    };
    if let Some((label_len, label, validate)) = list_label(rest) {
        let before = found.len();
        let end = list(text, i + label_len, (label, validate), found)?;
        return (found.len() > before).then_some(end);
    }
    let one = single(text, i, narrative, starts)?;
    // A bracket starts before its `@`: never over a citation already found in it.
    if found
        .last()
        .is_some_and(|last| one.span.start < last.span.end)
    {
        return None;
    }
    let end = one.span.end;
    found.push(one);
    Some(end)
}

/// An identifier rule: the identifier in canonical form, or the rule that failed.
type Validate = fn(&str) -> Result<Identifier, &'static str>;

/// One citation starting at `i`.
fn single(
    text: &str,
    i: usize,
    narrative: Option<&Bibliography>,
    starts: impl Fn(&str) -> bool,
) -> Option<Found> {
    let rest = &text[i..];
    if rest.starts_with('@') {
        return pandoc::at(text, i, narrative);
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
    if starts("doi") {
        return labelled(text, i, 3, "doi", identifiers::doi);
    }
    if starts("pmid") {
        return labelled(text, i, 4, "PMID", identifiers::pmid);
    }
    if starts("pubmed id") {
        return labelled(text, i, 9, "PMID", identifiers::pmid);
    }
    if starts("isbn") {
        return isbn(text, i);
    }
    for (prefix, label, validate) in [
        ("pmc", "PMCID", identifiers::pmcid as Validate),
        ("nct", "NCT", identifiers::nct),
    ] {
        if starts(prefix) && rest[prefix.len()..].starts_with(|c: char| c.is_ascii_digit()) {
            let end = i + word_end(rest);
            return Some(validated(i..end, label, &text[i..end], validate));
        }
    }
    None
}

fn validated(span: Range<usize>, label: &'static str, token: &str, validate: Validate) -> Found {
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

/// `PMID 123`, `PMID: 123`, `pmid:123`, `doi:10.…`, `DOI 10.…`: a label, an optional
/// colon, spaces, a token. Without a colon the token must start with a digit, so prose that
/// merely mentions "the PMID is …" is not a citation.
fn labelled(
    text: &str,
    i: usize,
    label_len: usize,
    label: &'static str,
    validate: Validate,
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

/// A plural label (`PMIDs`, `PubMed IDs`, `DOIs`) at the start of `rest`: its length and
/// what each identifier after it is.
fn list_label(rest: &str) -> Option<(usize, &'static str, Validate)> {
    let labels: [(&str, &'static str, Validate); 3] = [
        ("pmids", "PMID", identifiers::pmid),
        ("pubmed ids", "PMID", identifiers::pmid),
        ("dois", "doi", identifiers::doi),
    ];
    labels.into_iter().find_map(|(written, label, validate)| {
        let head = rest.get(..written.len())?;
        let ends = !rest[written.len()..].starts_with(is_word);
        (head.eq_ignore_ascii_case(written) && ends).then_some((written.len(), label, validate))
    })
}

/// `PMIDs 30915550, 34324435`, `PMIDs: 1, 2 and 3`: each identifier after the label at
/// `from` is its own citation, spanning only itself. Returns where the last ends.
fn list(
    text: &str,
    from: usize,
    (label, validate): (&'static str, Validate),
    found: &mut Vec<Found>,
) -> Option<usize> {
    let after = &text[from..];
    let after = after.strip_prefix(':').unwrap_or(after);
    let mut start = text.len() - after.trim_start_matches([' ', '\u{a0}']).len();
    let mut end = None;
    while text[start..].starts_with(|c: char| c.is_ascii_digit()) {
        let token = &text[start..];
        let stop = start + token_end(&token[..token.find(',').unwrap_or(token.len())]);
        found.push(validated(start..stop, label, &text[start..stop], validate));
        end = Some(stop);
        // `, `, ` and `, `, and `, `; `, ` & ` lead to the next identifier.
        let gap = &text[stop..];
        let comma = gap.strip_prefix([',', ';']);
        let gap = comma.unwrap_or(gap).trim_start();
        let joint = ["and ", "& "].iter().find_map(|j| gap.strip_prefix(j));
        if comma.is_none() && joint.is_none() {
            break;
        }
        start = text.len() - joint.unwrap_or(gap).trim_start().len();
    }
    end
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

/// The identifier a PubMed, PMC, doi.org or ClinicalTrials.gov URL names; `None` for any
/// other URL.
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
        "clinicaltrials.gov" | "www.clinicaltrials.gov" | "classic.clinicaltrials.gov" => {
            let p = ["study/", "ct2/show/study/", "ct2/show/"]
                .iter()
                .find_map(|prefix| path.strip_prefix(prefix))?;
            check("NCT", first_segment(p), identifiers::nct)
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
