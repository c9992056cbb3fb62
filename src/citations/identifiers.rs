//! Source identifiers (PMID, PMCID, DOI, NCT, ISBN): validation, canonical form and the URL each links to.
//! Every rule here is a pure function with its test vectors beside it.

use std::fmt;

/// A validated identifier in canonical form.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Identifier {
    /// 1–8 digits, no leading zero.
    Pmid(String),
    /// `PMC` + digits (upper case), optionally `.N`.
    Pmcid(String),
    /// Lower-cased for comparison (DOIs are case-insensitive).
    Doi(String),
    /// `NCT` + 8 digits.
    Nct(String),
    /// Always ISBN-13 digits.
    Isbn(String),
}

impl Identifier {
    /// The canonical name used in messages and the lock file (`pmid:8708565`).
    pub(crate) fn key(&self) -> String {
        match self {
            Identifier::Pmid(v) => format!("pmid:{v}"),
            Identifier::Pmcid(v) => format!("pmcid:{v}"),
            Identifier::Doi(v) => format!("doi:{v}"),
            Identifier::Nct(v) => format!("nct:{v}"),
            Identifier::Isbn(v) => format!("isbn:{v}"),
        }
    }

    /// Where the identifier links (none for ISBN).
    pub(crate) fn url(&self) -> Option<String> {
        match self {
            Identifier::Pmid(v) => Some(format!("https://pubmed.ncbi.nlm.nih.gov/{v}/")),
            Identifier::Pmcid(v) => Some(format!("https://pmc.ncbi.nlm.nih.gov/articles/{v}/")),
            Identifier::Doi(v) => Some(format!("https://doi.org/{v}")),
            Identifier::Nct(v) => Some(format!("https://clinicaltrials.gov/study/{v}")),
            Identifier::Isbn(_) => None,
        }
    }

    /// How a reference list shows it (`PMID: 8708565`).
    pub(crate) fn label(&self) -> String {
        match self {
            Identifier::Pmid(v) => format!("PMID: {v}"),
            Identifier::Pmcid(v) => format!("PMCID: {v}"),
            Identifier::Doi(v) => format!("doi: {v}"),
            Identifier::Nct(v) => format!("ClinicalTrials.gov: {v}"),
            Identifier::Isbn(v) => format!("ISBN: {v}"),
        }
    }
}

impl fmt::Display for Identifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.key())
    }
}

/// `^[1-9][0-9]{0,7}$`
pub(crate) fn pmid(token: &str) -> Result<Identifier, &'static str> {
    let ok = (1..=8).contains(&token.len())
        && token.bytes().all(|b| b.is_ascii_digit())
        && !token.starts_with('0');
    if ok {
        Ok(Identifier::Pmid(token.to_string()))
    } else if token.starts_with('0') && token.bytes().all(|b| b.is_ascii_digit()) {
        Err("a PMID never starts with 0")
    } else {
        Err("a PMID is 1 to 8 digits")
    }
}

/// `PMC` + digits, optionally `.N` (case-insensitive; stored upper case).
pub(crate) fn pmcid(token: &str) -> Result<Identifier, &'static str> {
    let upper = token.to_ascii_uppercase();
    let digits = upper.strip_prefix("PMC").ok_or("a PMCID starts with PMC")?;
    let (number, version) = match digits.split_once('.') {
        Some((n, v)) => (n, Some(v)),
        None => (digits, None),
    };
    let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if all_digits(number) && version.is_none_or(all_digits) {
        Ok(Identifier::Pmcid(upper))
    } else {
        Err("a PMCID is PMC followed by digits (optionally .N)")
    }
}

/// Crossref's pattern `^10\.[0-9]{4,9}/[-._;()/:A-Za-z0-9]+$`; stored lower case.
pub(crate) fn doi(token: &str) -> Result<Identifier, &'static str> {
    const RULE: &str = "a DOI is 10.NNNN/suffix (Crossref's pattern: 4-9 digits after 10., \
                        then letters, digits and -._;()/:)";
    let rest = token.strip_prefix("10.").ok_or(RULE)?;
    let (registrant, suffix) = rest.split_once('/').ok_or(RULE)?;
    let registrant_ok =
        (4..=9).contains(&registrant.len()) && registrant.bytes().all(|b| b.is_ascii_digit());
    let suffix_ok = !suffix.is_empty()
        && suffix
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-._;()/:".contains(&b));
    if registrant_ok && suffix_ok {
        Ok(Identifier::Doi(token.to_ascii_lowercase()))
    } else {
        Err(RULE)
    }
}

/// `NCT` + exactly 8 digits.
pub(crate) fn nct(token: &str) -> Result<Identifier, &'static str> {
    let upper = token.to_ascii_uppercase();
    match upper.strip_prefix("NCT") {
        Some(d) if d.len() == 8 && d.bytes().all(|b| b.is_ascii_digit()) => {
            Ok(Identifier::Nct(upper))
        }
        _ => Err("an NCT number is NCT followed by exactly 8 digits"),
    }
}

/// ISBN-10 or ISBN-13 (hyphens and spaces allowed) with a valid check digit; stored as
/// ISBN-13 digits.
pub(crate) fn isbn(token: &str) -> Result<Identifier, &'static str> {
    let chars: Vec<char> = token.chars().filter(|c| !matches!(c, '-' | ' ')).collect();
    match chars.len() {
        13 => {
            let digits: Option<Vec<u32>> = chars.iter().map(|c| c.to_digit(10)).collect();
            let digits = digits.ok_or("an ISBN-13 has 13 digits")?;
            if !(digits.starts_with(&[9, 7, 8]) || digits.starts_with(&[9, 7, 9])) {
                return Err("an ISBN-13 starts with 978 or 979");
            }
            let sum: u32 = digits
                .iter()
                .enumerate()
                .map(|(i, d)| if i % 2 == 0 { *d } else { d * 3 })
                .sum();
            if sum % 10 == 0 {
                Ok(Identifier::Isbn(chars.iter().collect()))
            } else {
                Err("the ISBN-13 check digit does not match")
            }
        }
        10 => {
            let mut sum = 0;
            for (i, c) in chars.iter().enumerate() {
                let value = match c {
                    'X' | 'x' if i == 9 => 10,
                    c => c
                        .to_digit(10)
                        .ok_or("an ISBN-10 has 9 digits and a check digit")?,
                };
                sum += value * (10 - i as u32);
            }
            if sum % 11 != 0 {
                return Err("the ISBN-10 check digit does not match");
            }
            Ok(Identifier::Isbn(isbn10_to_13(&chars)))
        }
        _ => Err("an ISBN has 10 or 13 digits"),
    }
}

fn isbn10_to_13(chars: &[char]) -> String {
    let mut digits: Vec<u32> = vec![9, 7, 8];
    digits.extend(chars[..9].iter().filter_map(|c| c.to_digit(10)));
    let sum: u32 = digits
        .iter()
        .enumerate()
        .map(|(i, d)| if i % 2 == 0 { *d } else { d * 3 })
        .sum();
    digits.push((10 - sum % 10) % 10);
    digits
        .iter()
        .map(|d| char::from_digit(*d, 10).unwrap_or('0'))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pmid_vectors() {
        for (token, ok) in [
            ("8708565", true),
            ("1", true),
            ("12345678", true),
            ("123456789", false),
            ("0123", false),
            ("12a4", false),
            ("", false),
        ] {
            assert_eq!(pmid(token).is_ok(), ok, "{token}");
        }
    }

    #[test]
    fn pmcid_vectors() {
        assert_eq!(
            pmcid("PMC11582493"),
            Ok(Identifier::Pmcid("PMC11582493".into()))
        );
        assert_eq!(pmcid("pmc123.2"), Ok(Identifier::Pmcid("PMC123.2".into())));
        for bad in ["PMC", "PMCabc", "PMC12.", "123"] {
            assert!(pmcid(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn doi_vectors() {
        assert_eq!(
            doi("10.1000/XYZ123"),
            Ok(Identifier::Doi("10.1000/xyz123".into()))
        );
        assert!(doi("10.1016/S0140-6736(04)16044-3").is_ok());
        assert!(doi("10.1002/(SICI)1097-4571").is_ok());
        for bad in [
            "10.123/abc",
            "10.1234567890/abc",
            "10.1000/",
            "11.1000/a",
            "10.1000/a b",
            "10.1000/a<b",
        ] {
            assert!(doi(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn nct_vectors() {
        assert_eq!(
            nct("nct01234567"),
            Ok(Identifier::Nct("NCT01234567".into()))
        );
        for bad in ["NCT1234567", "NCT012345678", "NCTabcdefgh"] {
            assert!(nct(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn isbn_vectors() {
        assert_eq!(
            isbn("978-0-306-40615-7"),
            Ok(Identifier::Isbn("9780306406157".into()))
        );
        assert!(isbn("978-0-306-40615-6").is_err());
        // ISBN-10 of the same book, canonicalised to ISBN-13.
        assert_eq!(
            isbn("0-306-40615-2"),
            Ok(Identifier::Isbn("9780306406157".into()))
        );
        assert!(isbn("0-306-40615-3").is_err());
        assert!(isbn("080442957X").is_ok());
        assert!(isbn("977-0-306-40615-7").is_err());
        assert!(isbn("12345").is_err());
    }

    #[test]
    fn urls_follow_the_spec_table() {
        assert_eq!(
            Identifier::Pmid("8708565".into()).url().unwrap(),
            "https://pubmed.ncbi.nlm.nih.gov/8708565/"
        );
        assert_eq!(
            Identifier::Pmcid("PMC11582493".into()).url().unwrap(),
            "https://pmc.ncbi.nlm.nih.gov/articles/PMC11582493/"
        );
        assert_eq!(
            Identifier::Nct("NCT01234567".into()).url().unwrap(),
            "https://clinicaltrials.gov/study/NCT01234567"
        );
        assert_eq!(Identifier::Isbn("9780306406157".into()).url(), None);
    }
}
