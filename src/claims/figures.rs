//! The figure scanner. A quantitative figure is a number followed by `%` or `percent`, by
//! `-fold`/` fold`, or a dose figure: a number or range (`0.04–0.08`, `0.04 to 0.08`)
//! followed by a dose unit, optionally per body weight or time (`mg/kg`, `mcg/day`,
//! `mg per kilogram`).

use regex_automata::meta::Regex;
use regex_automata::{Anchored, Input};
use std::ops::Range;
use std::sync::OnceLock;

/// One figure in a text run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Figure {
    pub(crate) span: Range<usize>,
    /// A dose figure (number + dose unit), which `policy/dose-figure` looks at.
    pub(crate) dose: bool,
}

fn pattern() -> &'static Regex {
    static PATTERN: OnceLock<Regex> = OnceLock::new();
    PATTERN.get_or_init(|| {
        let number = r"\d+(?:[.,]\d+)*";
        let range = format!(r"{number}(?:\s*-?\s*(?:–|—|-|to)\s*{number})?");
        let per = r"(?:\s*(?:/|per)\s*(?:kg|kilograms?|lb|pounds?|m2|m²|day|d|week|wk|hour|hr|h|dose|injection)\b)?";
        let pattern = format!(
            r"(?x)
            {range}
            (?:
                (?:\s?%|\s(?i:percent)\b)
              | (?:\s?-?\s?(?i:fold)\b)
              | (?:\s?(?:mg|mcg|µg|μg|ug|g|IU|mL|ml|units?)\b{per})
            )"
        );
        Regex::new(&pattern).expect("the figure pattern is valid")
    })
}

/// Every figure in `text`, in order. A number glued to a letter before it (`IGF-1`'s `1`
/// is preceded by `-`, but `LR3`'s `3` by a letter) is not a figure.
pub fn scan(text: &str) -> Vec<Figure> {
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
        let before = text[..start].chars().next_back();
        if before.is_some_and(|c| c.is_alphanumeric() || c == '.' || c == ',') {
            continue;
        }
        let figure = &text[found.range()];
        // A figure that is not a percentage or a fold change is a dose.
        let lower = figure.to_ascii_lowercase();
        let dose = !(lower.ends_with('%') || lower.ends_with("percent") || lower.ends_with("fold"));
        figures.push(Figure {
            span: found.range(),
            dose,
        });
    }
    figures
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Vec<(&str, bool)> {
        scan(text)
            .into_iter()
            .map(|f| (&text[f.span], f.dose))
            .collect()
    }

    #[test]
    fn finds_percentages_folds_and_doses() {
        let cases: &[(&str, &[(&str, bool)])] = &[
            ("about a 49% higher odds", &[("49%", false)]),
            (
                "ran as low as 7.7% to 14.37% against 99%",
                &[("7.7%", false), ("14.37%", false), ("99%", false)],
            ),
            ("roughly 29% to 39% so", &[("29%", false), ("39%", false)]),
            ("ten percent", &[]),
            ("a 65 percent rise", &[("65 percent", false)]),
            (
                "roughly 1.5- to 2-fold more potent",
                &[("1.5- to 2-fold", false)],
            ),
            ("a 3 fold rise", &[("3 fold", false)]),
            (
                "start of 0.04 to 0.08 mg per kilogram twice",
                &[("0.04 to 0.08 mg per kilogram", true)],
            ),
            ("maximum of 0.12 mg/kg twice", &[("0.12 mg/kg", true)]),
            ("0.04–0.08 mg/kg twice daily", &[("0.04–0.08 mg/kg", true)]),
            ("100 mcg/day", &[("100 mcg/day", true)]),
            (
                "5 IU and 2 mL and 50 µg",
                &[("5 IU", true), ("2 mL", true), ("50 µg", true)],
            ),
        ];
        for (text, expected) in cases {
            assert_eq!(found(text), expected.to_vec(), "{text}");
        }
    }

    #[test]
    fn ignores_numbers_that_are_not_figures() {
        for text in [
            "IGF-1 LR3 in children aged two and older",
            "the 75th with the 25th percentile",
            "PMID 8708565 and PMC11582493",
            "in 2004, a study",
            "1 growth factor",
            "doi:10.1000/xyz123",
            "age ≥2",
        ] {
            assert_eq!(found(text), vec![], "{text}");
        }
    }
}
