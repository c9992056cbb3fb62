//! The manual in `docs/`, a panelpress site: its page per diagnostic code is generated from
//! the text `panelpress explain CODE` prints and from a real `check` run on the code's
//! example site (`docs/examples/<slug>/`), so the manual and the binary never disagree; and
//! the manual passes its own `check --deny-warnings`, so a broken link or an uncited figure
//! in it fails the tests.
//!
//! `UPDATE_DOCS=1 cargo test --test it docs` rewrites the generated pages.

use crate::fixture::{check_root, BIN};
use panelpress::diagnostics::{docs, Code};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The day example checks compare review dates with, so their output never changes.
const TODAY: &str = "2026-12-06";

fn docs_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("docs")
}

/// `claim/uncited` → `claim-uncited`: the page's file stem and the example's folder.
fn slug(code: Code) -> String {
    code.as_str().replace('/', "-")
}

/// The page's file, `docs/content/checks/<slug>.md`.
fn page_path(code: Code) -> PathBuf {
    docs_dir()
        .join("content/checks")
        .join(format!("{}.md", slug(code)))
}

/// `text` as a double-quoted YAML scalar (JSON's string syntax is valid YAML).
fn quoted(text: &str) -> String {
    serde_json::to_string(text).expect("a string serialises")
}

/// A fence longer than any run of backticks in `text`.
fn fence(text: &str) -> String {
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    "`".repeat(longest.max(2) + 1)
}

fn fenced(out: &mut String, language: &str, text: &str) {
    let fence = fence(text);
    let body = text.trim_end_matches('\n');
    writeln!(out, "{fence}{language}\n{body}\n{fence}\n").expect("write to a string");
}

/// `text` with each line longer than a page's code block broken between words, so it
/// reads without scrolling sideways, as a terminal would wrap it.
fn wrapped(text: &str) -> String {
    const WIDTH: usize = 88;
    let mut out = String::with_capacity(text.len() + text.len() / WIDTH);
    for line in text.split('\n') {
        let mut width = 0;
        for (i, word) in line.split(' ').enumerate() {
            let len = word.chars().count();
            if i > 0 && width + 1 + len > WIDTH {
                out.push('\n');
                width = 0;
            } else if i > 0 {
                out.push(' ');
                width += 1;
            }
            out.push_str(word);
            width += len;
        }
        out.push('\n');
    }
    out.pop();
    out
}

/// Every file of an example site, sorted, as `(path relative to the site, text)`.
fn files(dir: &Path, base: &Path, out: &mut Vec<(String, String)>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("read {}: {e}", dir.display()))
        .map(|e| e.expect("a folder entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            files(&path, base, out);
        } else {
            let rel = path.strip_prefix(base).expect("inside the example");
            let rel = rel.to_string_lossy().replace('\\', "/");
            let text = std::fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("read {}: {e}", path.display()));
            out.push((rel, text));
        }
    }
}

/// `check --format human` on the example site, run from inside it, with the timing
/// replaced so the page does not change from run to run.
fn human_check(example: &Path) -> String {
    let run = Command::new(BIN)
        .current_dir(example)
        .args(["check", "--format", "human", "--today", TODAY])
        .output()
        .expect("run panelpress check");
    let text = String::from_utf8_lossy(&run.stdout)
        .replace(&example.display().to_string(), ".")
        .replace('\\', "/");
    text.lines()
        .map(|line| match (line.find(" pages in "), line.find("s: ")) {
            (Some(at), Some(end)) if line.starts_with("checked ") && end > at => {
                format!("{} pages{}", &line[..at], &line[end + 1..])
            }
            _ => line.to_string(),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn example_section(out: &mut String, code: Code) {
    let name = slug(code);
    let example = docs_dir().join("examples").join(&name);
    if !example.is_dir() {
        return;
    }
    let mut site = Vec::new();
    files(&example, &example, &mut site);
    out.push_str("## What `check` prints\n\n");
    writeln!(
        out,
        "A tiny site, kept in the repository as `docs/examples/{name}/`:\n"
    )
    .expect("write to a string");
    for (rel, text) in site.iter().filter(|(rel, _)| rel != "site.yaml") {
        let language = match rel.rsplit('.').next() {
            Some("md") => "markdown",
            Some("yaml" | "lock") => "yaml",
            Some("html") => "jinja",
            _ => "text",
        };
        writeln!(out, "`{rel}`:\n").expect("write to a string");
        fenced(out, language, text);
    }
    writeln!(
        out,
        "`panelpress check --today {TODAY}`, run in that folder, prints:\n"
    )
    .expect("write to a string");
    fenced(out, "text", &human_check(&example));
}

/// The severity phrase of the explain text's first line (`warning by default`) and its
/// "What it does" paragraph, which becomes the page's description.
fn summary(explained: &str) -> (&str, &str) {
    let mut parts = explained.split("\n\n");
    let severity = parts
        .next()
        .and_then(|first| first.split_once(" ("))
        .map_or("", |(_, rest)| rest.trim_end_matches(')'));
    let what = parts
        .next()
        .and_then(|part| part.trim_end().strip_prefix("What it does: "))
        .unwrap_or_else(|| panic!("explain text lacks its `What it does:` part:\n{explained}"));
    (severity, what)
}

/// The whole page for `code`.
fn page(code: Code, weight: usize) -> String {
    let explained = docs::explain(code);
    let (severity, what) = summary(&explained);
    let name = code.as_str();
    let mut out = String::new();
    writeln!(
        out,
        "---\ntitle: {title}\ndescription: {description}\nweight: {weight}\n---\n",
        title = quoted(name),
        description = quoted(&what.replace('`', "")),
    )
    .expect("write to a string");
    writeln!(
        out,
        "<!-- Generated from `panelpress explain {name}` and docs/examples/{slug}/ by \
         tests/it/docs.rs; run UPDATE_DOCS=1 cargo test --test it docs to refresh it. -->\n",
        slug = slug(code),
    )
    .expect("write to a string");
    writeln!(out, "**Severity:** {severity}.\n").expect("write to a string");
    if code.blocks_build() {
        out.push_str(
            "While a finding with this code stands, what it is about cannot be rendered: a page\n\
             is left out (every other page is still rendered and checked), and `site.yaml`, the\n\
             bibliography or a template stops the whole build. It cannot be changed in\n\
             `checks:`.\n\n",
        );
    }
    writeln!(out, "## What `panelpress explain {name}` prints\n").expect("write to a string");
    fenced(&mut out, "text", &wrapped(&explained));
    example_section(&mut out, code);
    out.push_str(
        "See [every check](_index.md) for how to change a code's severity or opt a passage out.\n",
    );
    out
}

/// Guards the manual's page per code: each is exactly what `panelpress explain` and a real
/// `check` run on the code's example site produce, and no page is left for a code that is
/// gone. `UPDATE_DOCS=1` rewrites them.
#[test]
fn each_code_has_a_generated_page_that_matches_explain() {
    let update = std::env::var_os("UPDATE_DOCS").is_some_and(|v| v == "1");
    let mut stale = Vec::new();
    for (i, code) in Code::ALL.iter().enumerate() {
        let path = page_path(*code);
        let want = page(*code, i + 1);
        let have = std::fs::read_to_string(&path).unwrap_or_default();
        if have != want {
            if update {
                std::fs::write(&path, &want).expect("write a docs page");
            } else {
                stale.push(path.display().to_string());
            }
        }
    }
    let known: Vec<String> = Code::ALL
        .iter()
        .map(|c| format!("{}.md", slug(*c)))
        .collect();
    let dir = docs_dir().join("content/checks");
    for entry in std::fs::read_dir(&dir).expect("docs/content/checks exists") {
        let path = entry.expect("a folder entry").path();
        let name = path.file_name().map(|n| n.to_string_lossy().to_string());
        let name = name.unwrap_or_default();
        if name != "_index.md" && !known.contains(&name) {
            if update {
                std::fs::remove_file(&path).expect("remove a page of a code that is gone");
            } else {
                stale.push(format!("{} (no such code)", path.display()));
            }
        }
    }
    assert!(
        stale.is_empty(),
        "these manual pages disagree with `panelpress explain` or the example sites:\n  {}\n\
         run `UPDATE_DOCS=1 cargo test --test it docs` and commit the result",
        stale.join("\n  ")
    );
}

/// Guards the manual itself: it is a panelpress site that `check --deny-warnings` passes,
/// so a broken link or an uncited figure in it fails the tests.
#[test]
fn the_manual_passes_its_own_check() {
    let run = check_root(&docs_dir(), &["--deny-warnings"]);
    assert_eq!(
        run.code, 0,
        "`panelpress check --deny-warnings --root docs` failed:\n{}\n{}",
        run.stdout, run.stderr
    );
}
