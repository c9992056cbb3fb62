//! The figure scanner: finds the quantitative figures in a run of prose, each marked as a
//! dose figure or not, for `claim/uncited` (every figure) and `policy/dose-figure` (doses).
//!
//! A quantitative figure is a number followed by `%`, `percent` or `per cent`; by `-fold`;
//! a multiplier (`2x`, `2×`, `3 times as`); a natural frequency (`1 in 3`); a lab value;
//! or a dose figure. A dose figure is a number or range (`0.04–0.08`, `0.04 to 0.08`)
//! followed, with a space, a hyphen or nothing between, by a dose unit (`mg`, `MCG`,
//! `micrograms`, `cc` …; a bare capital `G` is not one), optionally per body weight and per
//! time (`mg/kg`, `milligrams per kilogram`, `mcg/day`, `a day`, `daily`). A lab value is a
//! concentration or a rate (`mg/dL`, `mmol/L`, `mL/min/1.73 m²`): a figure, never a dose.
//!
//! Every form is one pattern of a single automaton, built once; the pattern that matches
//! says which kind of figure it is, and patterns earlier in the list win where two match
//! at the same number (a lab value over the dose its first unit would make). A unit ends
//! at an ASCII word boundary (`(?-u:\b)`), which the lazy DFA decides on any text, where
//! a Unicode one makes it give up at the first non-ASCII byte (`–`, `µ`) and fall back to
//! a slower engine.

use regex_automata::meta::Regex;
use regex_automata::{Anchored, Input};
use std::ops::Range;
use std::sync::OnceLock;

/// One figure in a text run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Figure {
    pub(crate) span: Range<usize>,
    /// A dose figure, which `policy/dose-figure` looks at.
    pub(crate) dose: bool,
    /// For a bare number in a table column whose header names a dose unit, that unit
    /// (`mg` under `Strength (mg)`): the figure's unit is written in the header, not by it.
    pub(crate) unit: Option<Box<str>>,
}

impl Figure {
    /// The figure as a message quotes it: its text in `body` with its unit (`126 mg/dL`,
    /// or `0.25 mg` for a `0.25` under a `Strength (mg)` header).
    pub(crate) fn quote(&self, body: &str) -> String {
        let text = body.get(self.span.clone()).unwrap_or_default();
        match &self.unit {
            Some(unit) => format!("{text} {unit}"),
            None => text.to_string(),
        }
    }
}

/// The kinds of figure, in the order of their patterns (the first to match wins).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Lab,
    Dose,
    Percent,
    Fold,
    Multiplier,
    Frequency,
    /// A number with no unit: a dose figure only in a dose column's cell.
    Bare,
}

const KINDS: [Kind; 7] = [
    Kind::Lab,
    Kind::Dose,
    Kind::Percent,
    Kind::Fold,
    Kind::Multiplier,
    Kind::Frequency,
    Kind::Bare,
];

const NUMBER: &str = r"\d+(?:[.,]\d+)*";

/// Dose units: any letter case, except `g`, which is a unit only in lower case.
const DOSE_UNIT: &str = r"(?:(?i:mcg|mg|µg|μg|ug|ng|iu|ml|cc|units?|(?:milli|micro|nano)?gram(?:me)?s?|international\s+units?|millilit(?:re|er)s?)|g)(?-u:\b)";

/// Per body weight (`/kg`, `per kilogram`, `/m²`).
const PER_WEIGHT: &str =
    r"(?:\s*/\s*|\s+(?i:per)\s+)(?:(?i:kg|kilo(?:gram|gramme)s?|lbs?|pounds?|m2)(?-u:\b)|m²)";

/// Per time or per dose (`/day`, `per week`, `a day`, `daily`).
const PER_TIME: &str = r"(?:\s*/\s*(?i:day|d|week|wk|month|hour|hr|h|dose|injection)|\s+(?i:per|a|an|each|every)\s+(?i:day|week|month|hour|dose|injection|night|morning|evening)|\s+(?i:daily|weekly|nightly|monthly|hourly))(?-u:\b)";

/// The units of a concentration's numerator: mass, amount or activity.
const LAB_AMOUNT: &str = r"(?i:mg|mcg|µg|μg|ug|ng|pg|g|mmol|µmol|μmol|umol|nmol|pmol|mol|meq|iu|miu|µiu|μiu|u|mu|ku|cells|copies|(?:milli|micro|nano|pico)?grams?|(?:milli|micro|nano|pico)?moles?|units?|international\s+units?)";

/// The volumes a concentration is per.
const LAB_VOLUME: &str = r"(?i:dl|l|ml|µl|μl|ul|nl|(?:deci|milli|micro)?lit(?:re|er)s?)(?-u:\b)";

/// A lab value: an amount per volume (`126 mg/dL`), or a volume per time (`30 mL/min`,
/// `mL/min/1.73 m²`).
fn lab() -> String {
    let per = r"(?:\s*/\s*|\s+(?i:per)\s+)";
    let body_area =
        format!(r"(?:{per}1[.,]73\s*(?:m²|m2|m\^2|(?i:square\s+met(?:re|er)s?)(?-u:\b)))?");
    format!(
        r"(?:{LAB_AMOUNT}{per}{LAB_VOLUME}|(?i:ml|millilit(?:re|er)s?){per}(?i:min|minutes?)(?-u:\b){body_area})"
    )
}

fn pattern() -> &'static Regex {
    static PATTERN: OnceLock<Regex> = OnceLock::new();
    PATTERN.get_or_init(|| {
        let range = format!(r"{NUMBER}(?:\s*-?\s*(?:–|—|-|to)\s*{NUMBER})?");
        let sep = r"[\s\-]?";
        let lab = lab();
        let patterns = KINDS.map(|kind| match kind {
            Kind::Lab => format!(r"{range}{sep}{lab}"),
            Kind::Dose => format!(r"{range}{sep}{DOSE_UNIT}(?:{PER_WEIGHT})?(?:{PER_TIME})?"),
            Kind::Percent => {
                format!(r"{range}(?:\s?%|[\s\-](?i:percent|per[\s\-]?cent)(?-u:\b))")
            }
            Kind::Fold => format!(r"{range}\s?-?\s?(?i:fold)(?-u:\b)"),
            Kind::Multiplier => format!(
                r"{NUMBER}(?:[xX](?-u:\b)|\s?×|\s+(?i:times)\s+(?i:as|more|less|higher|lower|greater|the)(?-u:\b))"
            ),
            Kind::Frequency => format!(r"{NUMBER}\s+(?i:in)\s+{NUMBER}"),
            Kind::Bare => range.clone(),
        });
        Regex::new_many(&patterns).expect("the figure patterns are valid")
    })
}

/// Every figure in `text`, in order.
pub fn scan(text: &str) -> Vec<Figure> {
    scan_cell(text, None)
}

/// Every figure in `text`, in order; in a table cell under a header naming the dose unit
/// `column` (see [`column_unit`]), each bare number is a dose figure in that unit.
///
/// A number glued to what comes before it is no figure: to a letter or digit (`LR3`), to
/// `.` or `,` (the inside of a number), or to a word by a hyphen (`IGF-1`, `COVID-19`).
pub(crate) fn scan_cell(text: &str, column: Option<&str>) -> Vec<Figure> {
    let bytes = text.as_bytes();
    let mut figures = Vec::new();
    let mut from = 0;
    // The leftmost match, as a regex search from `from` would find it, but tried only where
    // a figure can start: at the first digit of a number (a match inside a number implies
    // one from its first digit) or a non-ASCII character. Most prose is skipped without
    // running the automaton, and without a byte-at-a-time search.
    let starts =
        |before: u8, b: u8, _| (b.is_ascii_digit() & !before.is_ascii_digit()) | (b >= 0xC0);
    for start in crate::text::candidates(bytes, starts) {
        if start < from {
            continue;
        }
        from = start + 1;
        let input = Input::new(text).range(start..).anchored(Anchored::Yes);
        let Some(found) = pattern().find(input) else {
            continue;
        };
        from = found.end().max(start + 1);
        if glued(&text[..start]) {
            continue;
        }
        let kind = KINDS[found.pattern().as_usize()];
        let span = found.range();
        let figure = match kind {
            Kind::Bare => match column {
                Some(unit) => Figure {
                    span,
                    dose: true,
                    unit: Some(unit.into()),
                },
                None => continue,
            },
            Kind::Frequency if names_a_year(&text[span.clone()]) => continue,
            Kind::Multiplier => Figure {
                span: span.start..span.start + multiplier_len(&text[span]),
                dose: false,
                unit: None,
            },
            _ => Figure {
                span,
                dose: kind == Kind::Dose,
                unit: None,
            },
        };
        figures.push(figure);
    }
    figures
}

/// Whether a number right after `before` is part of a word or of another number.
fn glued(before: &str) -> bool {
    let mut chars = before.chars().rev();
    match chars.next() {
        Some(c) if c.is_alphanumeric() || c == '.' || c == ',' => true,
        Some('-') => chars.next().is_some_and(char::is_alphabetic),
        _ => false,
    }
}

/// `3 times as` is quoted as `3 times`: the word after it only says it is a multiplier.
fn multiplier_len(figure: &str) -> usize {
    match figure.to_ascii_lowercase().find("times") {
        Some(at) => at + "times".len(),
        None => figure.len(),
    }
}

/// `12 in 2019` is a date, not a natural frequency: a second number of four digits that
/// starts 19 or 20.
fn names_a_year(figure: &str) -> bool {
    let last = figure
        .rsplit(char::is_whitespace)
        .next()
        .unwrap_or_default();
    last.len() == 4 && (last.starts_with("19") || last.starts_with("20"))
}

/// The dose unit a table column's header names (`Strength (mg)` → `mg`, `Dose, mcg/kg` →
/// `mcg/kg`), as written; `None` when it names none, or names a concentration
/// (`Glucose (mg/dL)`), which is a lab value.
pub(crate) fn column_unit(header: &str) -> Option<Box<str>> {
    // The header's unit read as a figure's: behind a number, through the same patterns.
    for (at, c) in header.char_indices() {
        let starts_word = !header[..at]
            .chars()
            .next_back()
            .is_some_and(char::is_alphanumeric);
        if !c.is_alphabetic() || !starts_word {
            continue;
        }
        let unit = header[at..].trim_end();
        let as_figure = format!("1 {unit}");
        let input = Input::new(&as_figure).anchored(Anchored::Yes);
        let Some(found) = pattern().find(input) else {
            continue;
        };
        match KINDS[found.pattern().as_usize()] {
            Kind::Dose => return Some(as_figure[2..found.end()].into()),
            Kind::Lab => return None,
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests;
