//! A page's YAML front matter: finding the block between the `---` lines, parsing it into
//! [`FrontMatter`], and reporting errors at their line *in the file* (the YAML parser counts
//! from the block's first line; we shift by the opening `---`).

use super::date::Date;
use crate::diagnostics::{Code, Diagnostic};
use crate::yaml;
use serde::Deserialize;
use std::collections::BTreeMap;

/// The keys SPEC §2 defines; everything else goes to `extra`.
const KNOWN_KEYS: &[&str] = &[
    "title",
    "description",
    "date",
    "updated",
    "reviewed",
    "reviewed_by",
    "tags",
    "draft",
    "weight",
    "slug",
    "template",
    "no_dose_figures",
    "aliases",
    "review_interval_days",
];

/// A page's metadata.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct FrontMatter {
    pub title: Option<String>,
    pub description: Option<String>,
    /// Dates are checked after parsing, so an error can name the key's line (serde_yaml
    /// places errors raised inside a value's deserializer at the document start).
    #[serde(default, rename = "date", deserialize_with = "raw_date")]
    date_raw: Option<String>,
    #[serde(default, rename = "updated", deserialize_with = "raw_date")]
    updated_raw: Option<String>,
    #[serde(default, rename = "reviewed", deserialize_with = "raw_date")]
    reviewed_raw: Option<String>,
    #[serde(skip)]
    pub date: Option<Date>,
    #[serde(skip)]
    pub updated: Option<Date>,
    #[serde(skip)]
    pub reviewed: Option<Date>,
    pub reviewed_by: Option<String>,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub draft: bool,
    pub weight: Option<i64>,
    pub slug: Option<String>,
    pub template: Option<String>,
    pub no_dose_figures: Option<bool>,
    #[serde(default)]
    pub aliases: Vec<String>,
    /// This page's own review interval, replacing site.yaml's.
    pub review_interval_days: Option<u32>,
    /// Keys SPEC §2 does not define, handed to templates as `page.extra`.
    #[serde(skip)]
    pub extra: BTreeMap<String, serde_json::Value>,
    /// The file line of each top-level key, for diagnostics about a key's value.
    #[serde(skip)]
    pub key_lines: Vec<(String, usize)>,
}

impl FrontMatter {
    /// The file line of `key`, or the front matter's first line when it is absent.
    pub fn line_of(&self, key: &str) -> usize {
        self.key_lines
            .iter()
            .find(|(k, _)| k == key)
            .map_or(1, |(_, line)| *line)
    }
}

/// A page file split into its metadata and its Markdown body.
#[derive(Debug)]
pub struct Split<'t> {
    pub front_matter: FrontMatter,
    /// The Markdown after the closing `---`.
    pub body: &'t str,
    /// Byte offset of `body` in the file, so body positions map back to file positions.
    pub body_offset: usize,
}

/// Splits and parses `text`, the whole file `file` (named in diagnostics). A file with no
/// front matter is all body, with empty metadata (the required-fields check reports it).
pub fn parse<'t>(file: &str, text: &'t str) -> Result<Split<'t>, Diagnostic> {
    // Windows editors may start a UTF-8 file with a byte-order mark; it is not content.
    let start = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let Some((yaml_text, body_offset)) = locate_block(file, &text[start..])? else {
        misplaced_block(file, &text[start..])?;
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

fn parse_yaml(file: &str, yaml_text: &str) -> Result<FrontMatter, Diagnostic> {
    parse_yaml_by(file, yaml_text, from_simple_value)
}

/// A fast way to read a block into metadata and extra keys, or `None` to leave it to
/// serde_yaml ([`from_serde_yaml`]). A parameter so tests can compare against serde_yaml
/// alone.
type FastPath = fn(&str, bool) -> Option<Parsed>;

fn parse_yaml_by(file: &str, yaml_text: &str, fast: FastPath) -> Result<FrontMatter, Diagnostic> {
    if yaml_text.trim().is_empty() {
        return Ok(FrontMatter::default());
    }
    // The opening `---` is line 1 of the file, so YAML line N is file line N + 1.
    let key_lines: Vec<(String, usize)> = yaml::top_level_key_lines(yaml_text)
        .into_iter()
        .map(|(key, line)| (key, line + 1))
        .collect();
    // Keys SPEC §2 does not define go to `extra`.
    let has_extra = key_lines
        .iter()
        .any(|(key, _)| !KNOWN_KEYS.contains(&key.as_str()));
    let (mut front_matter, extra) = match fast(yaml_text, has_extra) {
        Some(parsed) => parsed,
        None => from_serde_yaml(file, yaml_text, has_extra)?,
    };
    front_matter.key_lines = key_lines;
    front_matter.extra = extra;
    front_matter.date = parse_date(file, &front_matter, "date", &front_matter.date_raw)?;
    front_matter.updated = parse_date(file, &front_matter, "updated", &front_matter.updated_raw)?;
    front_matter.reviewed =
        parse_date(file, &front_matter, "reviewed", &front_matter.reviewed_raw)?;
    Ok(front_matter)
}

/// Metadata and extra keys.
type Parsed = (FrontMatter, BTreeMap<String, serde_json::Value>);

/// The fast path, taken by almost every page: serde_yaml costs ~20 µs a block, 10,000
/// pages 0.2 s of CPU. The subset parser's value is exactly serde_yaml's, so a struct
/// built from it is too, *when it builds*. serde_yaml is more lenient when deserializing
/// typed fields (`title: 123` is the text "123" there, a number in the value) and words
/// its errors differently, so any failure here is `None`, and serde_yaml decides.
fn from_simple_value(yaml_text: &str, has_extra: bool) -> Option<Parsed> {
    let value = yaml::simple_value(yaml_text)?;
    let front_matter = FrontMatter::deserialize(&value).ok()?;
    let serde_json::Value::Object(all) = value else {
        return None;
    };
    let extra = if has_extra {
        all.into_iter()
            .filter(|(key, _)| !KNOWN_KEYS.contains(&key.as_str()))
            .collect()
    } else {
        BTreeMap::new()
    };
    Some((front_matter, extra))
}

/// The path every block took before the subset parser, kept for whatever it declines:
/// its results, and its errors with their positions, are the reference.
fn from_serde_yaml(file: &str, yaml_text: &str, has_extra: bool) -> Result<Parsed, Diagnostic> {
    // The opening `---` is line 1 of the file, so YAML line N is file line N + 1.
    let invalid = |e: yaml::YamlError| {
        Diagnostic::new(Code::MetaInvalid, file, (e.line + 1, e.column))
            .message(format!("front matter is invalid: {}", e.message))
            .help(help_for(
                &e.message,
                yaml_text.lines().nth(e.line.wrapping_sub(1)),
            ))
    };
    let front_matter: FrontMatter = yaml::from_str(yaml_text).map_err(invalid)?;
    // A second, untyped parse only when there are keys SPEC §2 does not define.
    let mut extra = BTreeMap::new();
    if has_extra {
        let mut all: BTreeMap<String, serde_json::Value> =
            yaml::from_str(yaml_text).map_err(invalid)?;
        all.retain(|key, _| !KNOWN_KEYS.contains(&key.as_str()));
        extra = all;
    }
    Ok((front_matter, extra))
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
    use crate::yaml::differential::{mutate, Rng};

    #[test]
    fn splits_metadata_from_body() {
        let text = "---\ntitle: Hi\nmood: calm\n---\n# Body\n";
        let split = parse("a.md", text).unwrap();
        assert_eq!(split.front_matter.title.as_deref(), Some("Hi"));
        assert_eq!(split.body, "# Body\n");
        assert_eq!(&text[split.body_offset..], "# Body\n");
        assert_eq!(split.front_matter.extra.len(), 1);
        assert_eq!(split.front_matter.line_of("mood"), 3);
    }

    #[test]
    fn a_file_without_front_matter_is_all_body() {
        let split = parse("a.md", "# Just text\n").unwrap();
        assert!(split.front_matter.title.is_none());
        assert_eq!(split.body_offset, 0);
    }

    #[test]
    fn syntax_error_points_at_its_file_line() {
        let d = parse("a.md", "---\ntitle: ok\ntags: [a, b\n---\nbody\n").unwrap_err();
        assert_eq!(d.code, Code::MetaInvalid);
        assert!(d.line >= 3, "{d:?}");
    }

    #[test]
    fn wrong_type_points_at_the_key() {
        let d = parse("a.md", "---\ntitle: ok\ndraft: maybe\n---\n").unwrap_err();
        assert_eq!((d.line, d.code), (3, Code::MetaInvalid));
        let d = parse("a.md", "---\ntitle: ok\n\nreviewed: last week\n---\n").unwrap_err();
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
        ("extra", "\n  reviewed: 2026-01-05 | {a: 1}"),
        ("\"quoted key\"", "1"),
    ];

    /// A front matter block of a few keys from [`SAMPLES`].
    fn sample(rng: &mut Rng) -> String {
        let mut text = String::new();
        for _ in 0..1 + rng.below(6) {
            let (key, values) = SAMPLES[rng.below(SAMPLES.len())];
            let values: Vec<&str> = values.split(" | ").collect();
            let value = values[rng.below(values.len())].trim_start_matches(' ');
            let separator = if value.starts_with('\n') || value.is_empty() {
                ":"
            } else {
                ": "
            };
            text.push_str(&format!("{key}{separator}{value}\n"));
            if rng.below(5) == 0 {
                text.push_str("# a comment\n\n");
            }
        }
        text
    }

    /// Both paths' results, as text (`FrontMatter` has no `PartialEq`).
    fn both_ways(yaml_text: &str) -> (String, String) {
        let fast = parse_yaml("a.md", yaml_text);
        let reference = parse_yaml_by("a.md", yaml_text, |_, _| None);
        (format!("{fast:?}"), format!("{reference:?}"))
    }

    #[test]
    fn the_fast_path_gives_serde_yaml_results_and_errors() {
        let mut rng = Rng(42);
        let mut fast_answers = 0;
        for round in 0..3000 {
            let mut text = sample(&mut rng);
            if round % 2 == 1 {
                text = mutate(&mut rng, &text);
            }
            let (fast, reference) = both_ways(&text);
            assert_eq!(fast, reference, "{text:?}");
            fast_answers += usize::from(from_simple_value(&text, true).is_some());
        }
        // Most samples take the fast path; the others fell back and still agreed.
        assert!(fast_answers > 300, "{fast_answers}");
    }

    #[test]
    fn the_benchmark_front_matter_takes_the_fast_path() {
        let text = "title: \"Oxaytlamide: a plain-language explainer\"\n\
                    description: \"What it is, and what studies show.\"\n\
                    date: 2015-03-17\nreviewed: 2015-05-02\n\
                    tags: [\"immunology\", \"antibody\"]\n";
        assert!(from_simple_value(text, false).is_some());
        let (fast, reference) = both_ways(text);
        assert_eq!(fast, reference);
    }

    #[test]
    fn unclosed_front_matter_is_invalid() {
        let d = parse("a.md", "---\ntitle: ok\n\n# Heading\n").unwrap_err();
        assert_eq!((d.line, d.code), (1, Code::MetaInvalid));
        assert!(d.message.contains("never closed"));
    }
}
