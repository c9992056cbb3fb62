//! The subset parser and the slicing against serde_yaml: on real files, generated files,
//! tricky scalars and thousands of mutated texts, every value the fast paths produce is the
//! value serde_yaml produces, and every text they decline gets serde_yaml's own answer
//! (value or error, at the same position).

use super::subset;
use super::*;
use std::path::Path;

/// The check every test runs: the subset parser agrees with serde_yaml whenever it answers,
/// and `node_in_slices`, whole or cut into slices, always agrees (errors included).
fn agrees(text: &str) -> bool {
    let reference = from_str::<Value>(text);
    let fast = subset::parse(text);
    if let Some(value) = &fast {
        assert_eq!(Ok(value), reference.as_ref(), "subset parser on {text:?}");
    }
    for min_bytes in [0, usize::MAX] {
        let got = node_in_slices(text, min_bytes).map(Node::into_value);
        assert_eq!(got, reference, "slices from {min_bytes} bytes on {text:?}");
    }
    assert_eq!(
        top_level_key_lines(text),
        key_lines_by_str_lines(text),
        "{text:?}"
    );
    fast.is_some()
}

/// `top_level_key_lines` as first written, on `str::lines`: the reference for the faster
/// line splitting.
fn key_lines_by_str_lines(text: &str) -> Vec<(String, usize)> {
    let mut keys = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.starts_with([' ', '\t', '#', '-']) || line.trim().is_empty() {
            continue;
        }
        if let Some(colon) = line.find(':') {
            let key = line[..colon].trim().trim_matches(['"', '\'']);
            if !key.is_empty() {
                keys.push((key.to_string(), i + 1));
            }
        }
    }
    keys
}

/// xorshift64*: deterministic, so a failure can be replayed.
pub(crate) struct Rng(pub(crate) u64);

impl Rng {
    pub(crate) fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        (self.0.wrapping_mul(0x2545_f491_4f6c_dd1d) >> 33) as usize % n.max(1)
    }

    pub(crate) fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

/// Scalars whose typing differs between YAML versions, parsers or quoting styles.
const SCALARS: &[&str] = &[
    "123",
    "-123",
    "+123",
    "0",
    "-0",
    "00",
    "0123",
    "-0123",
    "+0123",
    "007",
    "1_000",
    "18446744073709551615",
    "18446744073709551616",
    "-9223372036854775808",
    "-9223372036854775809",
    "99999999999999999999999",
    "1.5",
    "-1.5",
    "1.",
    ".5",
    "-.5",
    "1e3",
    "1E3",
    "1e-3",
    "+1e3",
    "1.2.3",
    "0x1F",
    "0X1F",
    "-0x1F",
    "0o17",
    "0b101",
    "0xZZ",
    ".inf",
    "-.inf",
    ".Inf",
    ".NaN",
    ".nan",
    "inf",
    "Infinity",
    "nan",
    "NaN",
    "~",
    "null",
    "Null",
    "NULL",
    "nul",
    "true",
    "True",
    "TRUE",
    "tRUE",
    "false",
    "False",
    "yes",
    "no",
    "y",
    "n",
    "on",
    "off",
    "Yes",
    "2015-03-17",
    "2015-03-17T10:00:00Z",
    "2015-3-7",
    "1:30",
    "12:30:00",
    "10.1000/ABC",
    "PMC9875369",
    "NCT01234567",
    "978-0-306-40615-7",
    "-foo",
    "foo-",
    "a b",
    "a  b",
    "a #b",
    "a#b",
    "a: b",
    "a:b",
    "a:",
    "https://example.org/x?y=1#z",
    "O'Dwyer ST",
    "Q&A",
    "x*y",
    "a [b] {c}, d",
    "\"quoted\"",
    "'single'",
    "\"esc \\\" \\\\ q\"",
    "\"tab\\tx\"",
    "\"nl\\nx\"",
    "\"\\u00e9\"",
    "'it''s'",
    "''",
    "\"\"",
    "é",
    "ünïcödé ✓",
    "a\u{3000}",
    "\u{a0}x",
    "-",
    "?",
    "?x",
    "!x",
    "!!str 1",
    "&a x",
    "*a",
    "|",
    ">",
    "%x",
    "@x",
    "`x",
    "[a, b]",
    "[]",
    "[ ]",
    "[a,]",
    "[a,,b]",
    "[a, [b]]",
    "[\"a\", 'b', 1]",
    "[a: b]",
    "{a: 1}",
    "{}",
    "<<",
    "=",
    "- x",
    "#x",
];

#[test]
fn tricky_scalars_are_typed_as_serde_yaml_types_them() {
    let mut handled = 0;
    for scalar in SCALARS {
        for text in [
            format!("k: {scalar}\n"),
            format!("k: [{scalar}]\n"),
            format!("k:\n  - {scalar}\n"),
            format!("k:\n- {scalar}\n"),
            format!("a:\n  b: {scalar}  # note\n"),
            format!("{scalar}: 1\n"),
        ] {
            handled += usize::from(agrees(&text));
        }
    }
    // The fast path covers most of them; the rest fell back and still agreed.
    assert!(handled > SCALARS.len() * 2, "{handled}");
}

#[test]
fn ordinary_bibliography_text_takes_the_fast_path() {
    for text in [
        "a:\n  pmid: \"123\"\n  title: \"x: y\"\n",
        "a:\n  doi: 10.1000/ABC\n  year: 2004\n  retracted: true\n",
        "a:\n  authors: [Renehan AG, O'Dwyer ST]\n  journal: The Lancet\n",
        "a:\n  authors:\n    - A\n    - 'B'\n# comment\n\nb:\n  url: \"https://x.org/a#b\"\n",
        "a:\n  note:\n  pmid: 1 # trailing\n",
        "\"quoted key\": 1\n'single': [a, \"b\"]\nempty: []\n",
    ] {
        assert!(agrees(text), "declined {text:?}");
    }
}

/// A bibliography like the benchmark corpus and real ones: comments, blank lines, every
/// field kind, block and flow lists, quoted and plain scalars.
fn generated_bibliography(rng: &mut Rng, entries: usize) -> String {
    let mut text = String::from("# Site-wide bibliography\n");
    for i in 0..entries {
        text.push_str(&format!("entry-{i}-{}:\n", rng.below(1000)));
        if rng.below(4) == 0 {
            text.push_str("  # \"a quote from the article\"\n");
        }
        match rng.below(4) {
            0 => text.push_str(&format!("  pmid: \"{}\"\n", 1 + rng.below(99_999_999))),
            1 => text.push_str(&format!("  pmid: {}\n", 1 + rng.below(99_999_999))),
            2 => text.push_str(&format!("  pmcid: PMC{}\n", rng.below(9_999_999))),
            _ => text.push_str(&format!("  doi: \"10.1000/x-{}\"\n", rng.below(10_000))),
        }
        let title = rng.pick(&["A trial", "Risk: a review", "It's \"safe\"", "Q&A [draft]"]);
        match rng.below(3) {
            0 => text.push_str(&format!("  title: {:?}\n", title)),
            1 => text.push_str(&format!("  title: '{}'\n", title.replace('\'', "''"))),
            _ => text.push_str("  title: Plain title, with commas (and parentheses)\n"),
        }
        match rng.below(3) {
            0 => text.push_str("  authors: [Smith J, O'Neil K]\n"),
            1 => text.push_str("  authors:\n    - Smith J\n    - \"Doe, A\"\n"),
            _ => {}
        }
        text.push_str(&format!("  year: {}\n", 1950 + rng.below(75)));
        if rng.below(5) == 0 {
            text.push_str("  type: label\n  retracted: false\n\n");
        }
    }
    text
}

#[test]
fn generated_bibliographies_agree_whole_and_sliced() {
    let mut rng = Rng(7);
    for entries in [1, 2, 9, 40, 300] {
        let text = generated_bibliography(&mut rng, entries);
        assert!(agrees(&text), "declined a generated bibliography");
    }
}

/// The repository's own YAML: site files, bibliographies, and every page's front matter.
fn repository_yaml() -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut texts = Vec::new();
    for folder in ["references.yaml", "site.yaml", "content", "tests/fixtures"] {
        for entry in walkdir::WalkDir::new(root.join(folder)).sort_by_file_name() {
            let entry = entry.unwrap();
            let path = entry.path();
            let Ok(text) = std::fs::read_to_string(path) else {
                continue;
            };
            match path.extension().and_then(|e| e.to_str()) {
                Some("yaml") => texts.push(text),
                Some("md") => texts.extend(front_matter_of(&text)),
                _ => {}
            }
        }
    }
    texts
}

fn front_matter_of(text: &str) -> Option<String> {
    let rest = text.strip_prefix("---\n")?;
    let end = rest.find("\n---")?;
    Some(rest[..end + 1].to_string())
}

#[test]
fn the_repository_yaml_agrees() {
    let texts = repository_yaml();
    assert!(texts.len() > 50, "{}", texts.len());
    let handled = texts.iter().filter(|text| agrees(text)).count();
    assert!(
        handled * 10 > texts.len() * 8,
        "{handled} of {}",
        texts.len()
    );
    let bibliography = include_str!("../../references.yaml");
    assert!(subset::parse(bibliography).is_some());
}

/// Pieces that open, close or change YAML constructs.
const INSERTIONS: &[&str] = &[
    ":",
    ": ",
    " #",
    "#",
    "\"",
    "'",
    "[",
    "]",
    "{",
    "}",
    ",",
    "&a ",
    "*a",
    "!",
    "!!str ",
    "|",
    ">",
    "-",
    "- ",
    "\n",
    "\n  ",
    "\n- ",
    "\n  - ",
    " ",
    "  ",
    "\t",
    "\r",
    "\r\n",
    "---\n",
    "...\n",
    "\n---\n",
    "%YAML 1.2\n",
    "~",
    "null",
    "true",
    "0x1F",
    "1e3",
    "0123",
    "-5",
    ".5",
    "\\",
    "\\n",
    "''",
    "é",
    "\u{85}",
    "\u{feff}",
    "\u{2028}",
    "\u{7f}",
    "\u{1}",
    "? ",
    "<<: ",
    "a: ",
    "\nz: 1\n",
    "\"k\": ",
];

/// `text` with one to three random edits: an inserted piece, a deleted span, a repeated
/// line, or a line indented or dedented.
pub(crate) fn mutate(rng: &mut Rng, text: &str) -> String {
    let mut text = text.to_string();
    for _ in 0..=rng.below(3) {
        let at = floor_boundary(&text, rng.below(text.len() + 1));
        match rng.below(5) {
            0 | 1 => text.insert_str(at, rng.pick(INSERTIONS)),
            2 => {
                let end = floor_boundary(&text, (at + 1 + rng.below(5)).min(text.len()));
                text.replace_range(at..end, "");
            }
            3 => {
                let lines: Vec<&str> = text.lines().collect();
                let line = lines.get(rng.below(lines.len())).copied().unwrap_or("");
                text.insert_str(floor_line(&text, at), &format!("{line}\n"));
            }
            _ => {
                let start = floor_line(&text, at);
                match rng.below(2) {
                    0 => text.insert_str(start, "  "),
                    _ if text[start..].starts_with(' ') => text.replace_range(start..start + 1, ""),
                    _ => {}
                }
            }
        }
    }
    text
}

fn floor_boundary(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fn floor_line(text: &str, at: usize) -> usize {
    text[..at].rfind('\n').map_or(0, |i| i + 1)
}

#[test]
fn mutated_texts_agree_with_serde_yaml() {
    let seed = std::env::var("YAML_FUZZ_SEED").map_or(0x5eed, |n| n.parse().unwrap());
    let mut rng = Rng(seed);
    let mut bases = repository_yaml();
    bases.truncate(40);
    bases.push(generated_bibliography(&mut rng, 12));
    bases.extend(
        SCALARS
            .iter()
            .map(|s| format!("a:\n  b: {s}\n  c: [{s}, x]\nd: {s}\n")),
    );
    let rounds = std::env::var("YAML_FUZZ_ROUNDS").map_or(20, |n| n.parse().unwrap());
    let mut handled = 0;
    let mut total = 0;
    for round in 0..rounds {
        for base in &bases {
            let text = mutate(&mut rng, base);
            total += 1;
            handled += usize::from(agrees(&text));
            if round == 0 {
                agrees(base);
            }
        }
    }
    // Both outcomes must be exercised: texts the fast path reads, and texts it declines.
    assert!(
        handled > 100 && handled + 100 < total,
        "{handled} of {total}"
    );
}

#[test]
fn an_error_in_a_middle_slice_is_reported_at_its_line_and_column() {
    let mut rng = Rng(11);
    let mut lines: Vec<String> = generated_bibliography(&mut rng, 400)
        .lines()
        .map(str::to_string)
        .collect();
    let middle = lines.len() / 2;
    let at = middle
        + lines[middle..]
            .iter()
            .position(|l| l.starts_with("  year:"))
            .unwrap();
    lines[at] = "  year: \"2004\" extra".into();
    let text = lines.join("\n") + "\n";
    let error = node_in_slices(&text, 0).unwrap_err();
    assert_eq!(error, from_str::<Value>(&text).unwrap_err());
    assert_eq!(error.line, at + 1, "{error:?}");
    assert!(error.column > 1, "{error:?}");
}

#[test]
fn constructs_that_could_cross_a_cut_fall_back_to_the_whole_text() {
    let mut rng = Rng(3);
    let body = generated_bibliography(&mut rng, 60);
    let half = next_key_line(&body, body.len() / 2).unwrap();
    let (first, second) = body.split_at(half);
    for (before, after) in [
        ("a: &anchor\n  pmid: 1\n", "b: *anchor\n"),
        ("", "---\nb: 1\n"),
        ("", "...\n"),
        ("", "%YAML 1.2\n"),
        ("a: \"open\n", "b: close\"\n"),
        ("a: [x,\n", "y]\n"),
        ("dup: 1\n", "dup: 2\n"),
        ("dup:\n  x: 1\n", "\"dup\": [2]\n"),
        ("", "\tb: 1\n"),
        ("", "{b: 1}\n"),
    ] {
        let text = format!("{before}{first}{after}{second}");
        agrees(&text);
    }
}

#[test]
fn lines_split_as_str_lines_does() {
    for text in [
        "",
        "\n",
        "\n\n",
        "a",
        "a\n",
        "a\nb",
        "a\r\nb\r\n",
        "a\r",
        "a\rb\n",
        "\r\n",
        "é\nü\r\n",
        "0123456789abcdef\n0123456789\n\n012345678901234567",
    ] {
        assert_eq!(
            lines(text).collect::<Vec<_>>(),
            text.lines().collect::<Vec<_>>(),
            "{text:?}"
        );
    }
    let long: String = (0..200)
        .map(|i| match i % 13 {
            0 => '\n',
            5 => 'é',
            7 => '\u{10348}',
            _ => 'x',
        })
        .collect();
    for (start, _) in long.char_indices() {
        let text = &long[start..];
        assert_eq!(
            lines(text).collect::<Vec<_>>(),
            text.lines().collect::<Vec<_>>()
        );
    }
}
