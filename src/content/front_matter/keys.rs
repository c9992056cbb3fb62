//! Which top-level front-matter keys exist, and what a writer who typed another one most
//! likely meant. The list is read from [`FrontMatter`] itself, so a new field is a known key
//! without a second list to keep in step.

use super::FrontMatter;
use crate::diagnostics::{Code, Diagnostic};
use serde::Deserialize;

/// `meta/unknown-key` for each top-level key [`FrontMatter`] does not define, at its line,
/// with the nearest known key as help.
pub(super) fn unknown_keys(file: &str, key_lines: &[(String, usize)]) -> Vec<Diagnostic> {
    let known = known_keys();
    key_lines
        .iter()
        // A line opening a `{…}` or `[…]` is not a key: serde judges what it holds.
        .filter(|(key, _)| !key.starts_with(['{', '[']) && !known.contains(&key.as_str()))
        .map(|(key, line)| {
            let help = match nearest_key(key) {
                Some(near) => format!("did you mean `{near}`?"),
                None => format!(
                    "put the site's own values under `extra:` (templates read them as \
                     `page.extra`); the keys panelpress knows are {}",
                    known.join(", ")
                ),
            };
            Diagnostic::new(Code::MetaUnknownKey, file, (*line, 1))
                .message(format!("unknown front matter key `{key}`"))
                .help(help)
        })
        .collect()
}

/// The known key nearest to `key` by edit distance, if near enough to be a typo. Only keys
/// of about the same length are measured (the distance is at least the difference in
/// length), so a key of any length costs at most a few short comparisons.
fn nearest_key(key: &str) -> Option<&'static str> {
    let length = key.chars().count();
    let near_enough = |known: &str| (known.len() / 3).max(2);
    let lowered = key.to_lowercase();
    known_keys()
        .iter()
        .filter(|known| known.len().abs_diff(length) <= near_enough(known))
        .map(|known| (crate::text::edit_distance(known, &lowered), *known))
        .filter(|(distance, known)| *distance <= near_enough(known))
        .min()
        .map(|(_, known)| known)
}

/// The keys front matter defines: the names of [`FrontMatter`]'s fields as serde reads
/// them, asked of the derived deserializer so the list cannot drift from the struct.
fn known_keys() -> &'static [&'static str] {
    static KEYS: std::sync::OnceLock<&'static [&'static str]> = std::sync::OnceLock::new();
    KEYS.get_or_init(|| {
        let mut fields: &'static [&'static str] = &[];
        let _ = FrontMatter::deserialize(FieldNames(&mut fields));
        fields
    })
}

/// A deserializer that records the field names a struct asks for, then stops.
struct FieldNames<'f>(&'f mut &'static [&'static str]);

impl<'de> serde::Deserializer<'de> for FieldNames<'_> {
    type Error = serde::de::value::Error;

    fn deserialize_any<V: serde::de::Visitor<'de>>(self, _: V) -> Result<V::Value, Self::Error> {
        Err(serde::de::Error::custom(
            "only a struct's field names are read",
        ))
    }

    fn deserialize_struct<V: serde::de::Visitor<'de>>(
        self,
        _name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        *self.0 = fields;
        self.deserialize_any(visitor)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        option unit unit_struct newtype_struct seq tuple tuple_struct map enum identifier
        ignored_any
    }
}

#[cfg(test)]
mod tests {
    use super::super::parse;
    use super::*;

    /// Guards against a typo switching a rule off: every unknown top-level key is refused
    /// at its line, with the nearest known key as help, and custom values are accepted
    /// under `extra:` only.
    #[test]
    fn unknown_keys_are_refused_with_the_nearest_known_key() {
        let text = "---\ntitle: t\nno_dose_figure: true\nreveiwed: 2026-01-05\nTitle: x\n\
                    sponsor: Acme\n---\nBody\n";
        let found = parse("a.md", text).map(|_| ()).unwrap_err();
        assert!(found.iter().all(|d| d.code == Code::MetaUnknownKey));
        let seen: Vec<(usize, usize, Option<&str>)> = found
            .iter()
            .map(|d| (d.line, d.column, d.help.as_deref()))
            .collect();
        assert_eq!(
            seen,
            [
                (3, 1, Some("did you mean `no_dose_figures`?")),
                (4, 1, Some("did you mean `reviewed`?")),
                (5, 1, Some("did you mean `title`?")),
                (
                    6,
                    1,
                    Some(
                        "put the site's own values under `extra:` (templates read them as \
                         `page.extra`); the keys panelpress knows are title, description, \
                         date, updated, reviewed, reviewed_by, tags, draft, weight, slug, \
                         template, no_dose_figures, aliases, search, review_interval_days, extra"
                    )
                ),
            ]
        );
        assert_eq!(
            found[0].message,
            "unknown front matter key `no_dose_figure`"
        );
        let custom = "---\ntitle: t\nextra:\n  sponsor: Acme\n---\nBody\n";
        assert!(parse("a.md", custom).is_ok());
    }

    /// Guards the keys the line scan cannot see: front matter written as one `{…}` mapping
    /// is read whole, and an unknown key in it is still refused.
    #[test]
    fn an_unknown_key_in_a_one_line_mapping_is_refused() {
        assert!(parse("a.md", "---\n{title: t, draft: false}\n---\n").is_ok());
        let found = parse("a.md", "---\n{title: t, mood: calm}\n---\n")
            .map(|_| ())
            .unwrap_err();
        assert_eq!(found.len(), 1);
        assert_eq!((found[0].code, found[0].line), (Code::MetaInvalid, 2));
        assert!(found[0].message.contains("`mood`"), "{}", found[0].message);
    }

    /// Guards the nearest-key search against a huge key: it is bounded by length, so a
    /// 100,000-character key is refused at once.
    #[test]
    fn a_huge_unknown_key_is_refused_quickly() {
        let key = "x".repeat(100_000);
        let started = std::time::Instant::now();
        let found = parse("a.md", &format!("---\n{key}: 1\n---\n"))
            .map(|_| ())
            .unwrap_err();
        assert_eq!(found.len(), 1);
        assert!(started.elapsed() < std::time::Duration::from_secs(1));
        assert_eq!(nearest_key(&key), None);
    }

    #[test]
    fn known_keys_are_the_fields_serde_reads() {
        let keys = known_keys();
        for key in ["title", "date", "reviewed", "no_dose_figures", "extra"] {
            assert!(keys.contains(&key), "{keys:?}");
        }
        assert!(!keys.contains(&"key_lines") && !keys.contains(&"date_raw"));
    }
}
