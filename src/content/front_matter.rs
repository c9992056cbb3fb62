//! A page's YAML front matter: finding the block between the `---` lines, parsing it into
//! [`FrontMatter`], and reporting errors at their line *in the file* (the YAML parser counts
//! from the block's first line; we shift by the opening `---`).
//!
//! Every top-level key must be one [`FrontMatter`] defines: a mistyped key
//! (`no_dose_figure: true`) would otherwise switch a rule off without a word, so it is
//! `meta/unknown-key`, with the nearest known key as help. A site's own values go under
//! `extra:`, a mapping given to templates as `page.extra`.

mod keys;

use super::date::Date;
use crate::diagnostics::{Code, Diagnostic};
use crate::yaml;
use serde::Deserialize;
use std::collections::BTreeMap;

/// A page's metadata. Unknown keys are refused before this is deserialized (see
/// [`keys::unknown_keys`]); `deny_unknown_fields` still refuses one that the line scan cannot
/// see (a key inside a `{…}` mapping written on one line).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct FrontMatter {
    pub(crate) title: Option<String>,
    pub(crate) description: Option<String>,
    /// Dates are checked after parsing, so an error can name the key's line (the parser
    /// places errors raised inside a value's deserializer at the document start).
    #[serde(default, rename = "date", deserialize_with = "raw_date")]
    date_raw: Option<String>,
    #[serde(default, rename = "updated", deserialize_with = "raw_date")]
    updated_raw: Option<String>,
    #[serde(default, rename = "reviewed", deserialize_with = "raw_date")]
    reviewed_raw: Option<String>,
    #[serde(skip)]
    pub(crate) date: Option<Date>,
    #[serde(skip)]
    pub(crate) updated: Option<Date>,
    #[serde(skip)]
    pub(crate) reviewed: Option<Date>,
    pub(crate) reviewed_by: Option<String>,
    #[serde(default)]
    pub(crate) tags: Vec<String>,
    #[serde(default)]
    pub(crate) draft: bool,
    pub(crate) weight: Option<i64>,
    pub(crate) slug: Option<String>,
    pub(crate) template: Option<String>,
    pub(crate) no_dose_figures: Option<bool>,
    #[serde(default)]
    pub(crate) aliases: Vec<String>,
    /// `false` leaves the page out of the search index.
    pub(crate) search: Option<bool>,
    /// This page's own review interval, replacing site.yaml's.
    pub(crate) review_interval_days: Option<u32>,
    /// The site's own values (`extra:`), handed to templates as `page.extra`.
    #[serde(default, deserialize_with = "mapping_or_empty")]
    pub(crate) extra: BTreeMap<String, serde_json::Value>,
    /// The file line of each top-level key, for diagnostics about a key's value.
    #[serde(skip)]
    pub(crate) key_lines: Vec<(String, usize)>,
}

impl FrontMatter {
    /// The file line of `key`, or the front matter's first line when it is absent.
    pub(crate) fn line_of(&self, key: &str) -> usize {
        self.key_lines
            .iter()
            .find(|(k, _)| k == key)
            .map_or(1, |(_, line)| *line)
    }
}

/// A page file split into its metadata and its Markdown body.
#[derive(Debug)]
pub struct Split<'t> {
    pub(crate) front_matter: FrontMatter,
    /// The Markdown after the closing `---`.
    pub body: &'t str,
    /// Byte offset of `body` in the file, so body positions map back to file positions.
    pub(crate) body_offset: usize,
}

/// Splits and parses `text`, the whole file `file` (named in diagnostics). A file with no
/// front matter is all body, with empty metadata (the required-fields check reports it).
/// An error refuses the page: every unknown key, else the first error in the YAML.
pub fn parse<'t>(file: &str, text: &'t str) -> Result<Split<'t>, Vec<Diagnostic>> {
    // Windows editors may start a UTF-8 file with a byte-order mark; it is not content.
    let start = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let Some((yaml_text, body_offset)) = locate_block(file, &text[start..]).map_err(one)? else {
        misplaced_block(file, &text[start..]).map_err(one)?;
        return Ok(Split {
            front_matter: FrontMatter::default(),
            body: &text[start..],
            body_offset: start,
        });
    };
    let body_offset = body_offset + start;
    let front_matter = parse_yaml(file, yaml_text)?;
    Ok(Split {
        front_matter,
        body: &text[body_offset..],
        body_offset,
    })
}

/// The `slug` of a page whose front matter was refused, read loosely (as untyped YAML), so
/// links to the page's address still resolve while it is left out. `None` when the YAML
/// does not parse or gives no text `slug`.
pub(crate) fn loose_slug(text: &str) -> Option<String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let (yaml_text, _) = locate_block("", text).ok()??;
    let value: serde_json::Value = yaml::from_str(yaml_text).ok()?;
    value.get("slug")?.as_str().map(str::to_string)
}

/// Finds the YAML between an opening `---` on the first line and the next `---` (or `...`)
/// line; returns it with the offset where the body starts.
fn locate_block<'t>(file: &str, text: &'t str) -> Result<Option<(&'t str, usize)>, Diagnostic> {
    let first_end = text.find('\n').map_or(text.len(), |i| i + 1);
    if text[..first_end].trim_end() != "---" {
        return Ok(None);
    }
    let mut offset = first_end;
    for line in text[first_end..].split_inclusive('\n') {
        let trimmed = line.trim_end();
        if trimmed == "---" || trimmed == "..." {
            return Ok(Some((&text[first_end..offset], offset + line.len())));
        }
        offset += line.len();
    }
    Err(Diagnostic::new(Code::MetaInvalid, file, (1, 1))
        .message("front matter opened with `---` on line 1 is never closed")
        .help("add a line with just `---` after the last metadata line"))
}

/// Front matter that is not read because it does not start on the first line with `---`:
/// after blank lines, or between Hugo's TOML `+++` lines. Without this the metadata would
/// be published as text, and the writer told only that the page has no description.
fn misplaced_block(file: &str, text: &str) -> Result<(), Diagnostic> {
    let mut lines = text
        .lines()
        .enumerate()
        .skip_while(|(_, l)| l.trim().is_empty());
    let Some((at, first)) = lines.next() else {
        return Ok(());
    };
    let looks_like_a_key = |line: &str| {
        line.split_once(':').is_some_and(|(key, _)| {
            !key.is_empty()
                && key
                    .chars()
                    .all(|c| c.is_alphanumeric() || c == '_' || c == '-')
        })
    };
    let next = lines.next().map(|(_, line)| line);
    let next_is_key = next.is_some_and(looks_like_a_key);
    let (message, help) = match first.trim_end() {
        "+++" if next_is_key || next.is_some_and(|line| line.contains(" = ")) => (
            "front matter between `+++` lines (TOML) is not read",
            "write it in YAML between `---` lines, e.g. `title: My page`",
        ),
        "---" if at > 0 && next_is_key => (
            "front matter must start on the first line: this `---` comes after a blank line, so the metadata would be shown as text",
            "remove the blank lines above `---`",
        ),
        _ => return Ok(()),
    };
    Err(Diagnostic::new(Code::MetaInvalid, file, (at + 1, 1))
        .message(message)
        .help(help))
}

fn one(diagnostic: Diagnostic) -> Vec<Diagnostic> {
    vec![diagnostic]
}

fn parse_yaml(file: &str, yaml_text: &str) -> Result<FrontMatter, Vec<Diagnostic>> {
    if yaml_text.trim().is_empty() {
        return Ok(FrontMatter::default());
    }
    // The opening `---` is line 1 of the file, so YAML line N is file line N + 1.
    let key_lines: Vec<(String, usize)> = yaml::top_level_key_lines(yaml_text)
        .into_iter()
        .map(|(key, line)| (key, line + 1))
        .collect();
    let unknown = keys::unknown_keys(file, &key_lines);
    if !unknown.is_empty() {
        return Err(unknown);
    }
    parse_known(file, yaml_text, key_lines).map_err(one)
}

fn parse_known(
    file: &str,
    yaml_text: &str,
    key_lines: Vec<(String, usize)>,
) -> Result<FrontMatter, Diagnostic> {
    let invalid = |e: yaml::YamlError| {
        Diagnostic::new(Code::MetaInvalid, file, (e.line + 1, e.column))
            .message(format!("front matter is invalid: {}", e.message))
            .help(help_for(
                &e.message,
                yaml_text.lines().nth(e.line.wrapping_sub(1)),
            ))
    };
    let mut front_matter: FrontMatter = yaml::from_str(yaml_text).map_err(invalid)?;
    front_matter.key_lines = key_lines;
    front_matter.date = parse_date(file, &front_matter, "date", &front_matter.date_raw)?;
    front_matter.updated = parse_date(file, &front_matter, "updated", &front_matter.updated_raw)?;
    front_matter.reviewed =
        parse_date(file, &front_matter, "reviewed", &front_matter.reviewed_raw)?;
    Ok(front_matter)
}

/// `extra:` as a mapping; left empty (`extra:` with nothing after it) it is an empty one.
fn mapping_or_empty<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> Result<BTreeMap<String, serde_json::Value>, D::Error> {
    Ok(Option::deserialize(d)?.unwrap_or_default())
}

/// Accepts a date written plainly or quoted; YAML reads `2026-01-05` as text.
fn raw_date<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    Option::<String>::deserialize(d)
}

fn parse_date(
    file: &str,
    front_matter: &FrontMatter,
    key: &str,
    raw: &Option<String>,
) -> Result<Option<Date>, Diagnostic> {
    let Some(raw) = raw else { return Ok(None) };
    match Date::parse(raw) {
        Some(date) => Ok(Some(date)),
        None => {
            let line = front_matter.line_of(key);
            Err(
                Diagnostic::new(Code::MetaInvalid, file, (line, key.len() + 3))
                    .message(format!("`{key}: {raw}` is not a date"))
                    .help("write dates as YYYY-MM-DD, e.g. `2026-01-05`"),
            )
        }
    }
}

/// A writer-facing hint for the commonest YAML mistakes, from the parser's message and the
/// line it stopped at.
fn help_for(message: &str, line: Option<&str>) -> String {
    let indented = line.is_some_and(|l| l.starts_with([' ', '\t']));
    if message.contains("mapping values are not allowed") && indented {
        "this key is indented: start every key at the beginning of its line (only the items \
         of a list or map under a key are indented)"
            .into()
    } else if message.contains("invalid type") {
        "check the value's type: text in quotes, dates as YYYY-MM-DD, lists as `[a, b]`, \
         true/false for yes-or-no keys"
            .into()
    } else if message.contains("mapping values are not allowed") {
        "a value that contains `: ` must be put in quotes".into()
    } else {
        "fix the YAML at this line; every line between the `---` lines is `key: value`".into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_metadata_from_body() {
        let text = "---\ntitle: Hi\nextra:\n  mood: calm\n---\n# Body\n";
        let split = parse("a.md", text).unwrap();
        assert_eq!(split.front_matter.title.as_deref(), Some("Hi"));
        assert_eq!(split.body, "# Body\n");
        assert_eq!(&text[split.body_offset..], "# Body\n");
        assert_eq!(split.front_matter.extra["mood"], "calm");
        assert_eq!(split.front_matter.line_of("extra"), 3);
    }

    #[test]
    fn a_file_without_front_matter_is_all_body() {
        let split = parse("a.md", "# Just text\n").unwrap();
        assert!(split.front_matter.title.is_none());
        assert_eq!(split.body_offset, 0);
    }

    #[test]
    fn syntax_error_points_at_its_file_line() {
        let d = only(parse("a.md", "---\ntitle: ok\ntags: [a, b\n---\nbody\n"));
        assert_eq!(d.code, Code::MetaInvalid);
        assert!(d.line >= 3, "{d:?}");
    }

    #[test]
    fn wrong_type_points_at_the_key() {
        let d = only(parse("a.md", "---\ntitle: ok\ndraft: maybe\n---\n"));
        assert_eq!((d.line, d.code), (3, Code::MetaInvalid));
        let d = only(parse(
            "a.md",
            "---\ntitle: ok\n\nreviewed: last week\n---\n",
        ));
        assert_eq!(d.line, 4);
        assert!(d.help.as_deref().unwrap().contains("YYYY-MM-DD"));
    }

    #[test]
    fn a_byte_order_mark_is_skipped() {
        let split = parse("a.md", "\u{feff}---\ntitle: Hi\n---\nBody\n").unwrap();
        assert_eq!(split.front_matter.title.as_deref(), Some("Hi"));
        assert_eq!(split.body, "Body\n");
    }

    /// Values for each key, ordinary and odd, separated by ` | `: typed fields given text,
    /// numbers, lists and nulls, numbers out of range, dates plain, quoted and wrong.
    const SAMPLES: &[(&str, &str)] = &[
        (
            "title",
            r#""Hi: there" | Plain title | 123 | true | ~ |  | [a] | 'it''s'"#,
        ),
        (
            "description",
            r#""A \"quoted\" word" | a: b | x #not a comment"#,
        ),
        (
            "date",
            r#"2015-03-17 | "2015-03-17" | 2015-3-7 | 20150317 | soon | ~"#,
        ),
        (
            "reviewed",
            "2026-01-05 | last week | 2026-02-30 | [2026-01-05]",
        ),
        ("updated", "2024-12-31 | '2024-12-31' | 1e3"),
        (
            "tags",
            "[a, b] | [\"a\", 'b'] | [] | a | [a, 1] | ~ | \n  - x\n  - y",
        ),
        ("draft", r#"true | false | True | yes | "true" | ~ | 1"#),
        (
            "weight",
            r#"5 | -3 | 0 | 007 | 5.0 | "5" | 99999999999999999999 | +5"#,
        ),
        (
            "review_interval_days",
            "30 | -1 | 4294967296 | 0x1E | thirty",
        ),
        ("no_dose_figures", "true | ~ | no"),
        ("slug", r#"igf-1 | a b | "" | 12"#),
        ("aliases", "[/a, /b] | \n- /old\n- /older | []"),
        ("template", "page.html | null"),
        (
            "mood",
            "calm | [a, b] | \n  nested: 1\n  list: [x] | 1.5 | ~",
        ),
        ("extra", "\n  reviewed: 2026-01-05 | {a: 1} | ~ | 3 | [a]"),
        ("\"quoted key\"", "1"),
    ];

    /// Every sample value, alone in a block after a comment: it parses, or it is refused
    /// at its own file line (3) in words a writer knows (no Rust type names).
    #[test]
    fn odd_values_are_refused_in_plain_words_at_their_line() {
        for (key, values) in SAMPLES {
            for value in values.split(" | ") {
                let value = value.trim_start_matches(' ');
                let separator = if value.starts_with('\n') || value.is_empty() {
                    ":"
                } else {
                    ": "
                };
                let text = format!("---\n# a comment\n{key}{separator}{value}\n---\n");
                let Err(found) = parse("a.md", &text) else {
                    continue;
                };
                let d = only(Err(found));
                assert_eq!(d.line, 3, "{text:?}: {d:?}");
                for rust in ["i64", "u32", "sequence", "boolean", "struct", "FrontMatter"] {
                    assert!(!d.message.contains(rust), "{text:?}: {}", d.message);
                }
            }
        }
    }

    #[test]
    fn a_typical_front_matter_reads_every_field() {
        let text = "---\ntitle: \"Oxaytlamide: a plain-language explainer\"\n\
                    description: \"What it is, and what studies show.\"\n\
                    date: 2015-03-17\nreviewed: '2015-05-02'\n\
                    tags: [\"immunology\", antibody]\n---\n";
        let front_matter = parse("a.md", text).unwrap().front_matter;
        assert_eq!(
            front_matter.title.as_deref(),
            Some("Oxaytlamide: a plain-language explainer")
        );
        assert_eq!(
            front_matter.description.as_deref(),
            Some("What it is, and what studies show.")
        );
        assert_eq!(front_matter.date, Date::parse("2015-03-17"));
        assert_eq!(front_matter.reviewed, Date::parse("2015-05-02"));
        assert_eq!(front_matter.tags, ["immunology", "antibody"]);
        assert!(front_matter.extra.is_empty());
        assert_eq!(front_matter.line_of("tags"), 6);
    }

    #[test]
    fn unclosed_front_matter_is_invalid() {
        let d = only(parse("a.md", "---\ntitle: ok\n\n# Heading\n"));
        assert_eq!((d.line, d.code), (1, Code::MetaInvalid));
        assert!(d.message.contains("never closed"));
    }

    #[test]
    fn a_refused_page_keeps_its_slug_when_the_yaml_still_parses() {
        let typo = "\u{feff}---\ntitle: t\nslug: short\nreveiwed: 2026-01-05\n---\nBody\n";
        assert!(parse("a.md", typo).is_err());
        assert_eq!(loose_slug(typo).as_deref(), Some("short"));
        assert_eq!(loose_slug("---\nslug: [a\n---\n"), None);
        assert_eq!(loose_slug("---\nslug: 12\n---\n"), None);
        assert_eq!(loose_slug("no front matter\n"), None);
    }

    /// The one diagnostic that refused a page.
    #[track_caller]
    fn only(parsed: Result<Split<'_>, Vec<Diagnostic>>) -> Diagnostic {
        match parsed.map(|_| ()).unwrap_err().as_slice() {
            [d] => d.clone(),
            more => panic!("{more:?}"),
        }
    }
}
