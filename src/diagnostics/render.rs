//! Renderers: a list of diagnostics to text for people (rustc-style snippets), for machines
//! (one JSON document of the diagnostics and their counts) and for GitHub Actions (workflow
//! commands).

use super::{Diagnostic, LineIndex};
use rayon::prelude::*;
use std::borrow::Cow;
use std::sync::OnceLock;

/// Counts shown after the diagnostics.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Summary {
    pub(crate) pages: usize,
    pub errors: usize,
    pub warnings: usize,
}

impl Summary {
    pub fn count(pages: usize, diagnostics: &[Diagnostic]) -> Self {
        let errors = diagnostics.iter().filter(|d| d.is_error()).count();
        Summary {
            pages,
            errors,
            warnings: diagnostics.len() - errors,
        }
    }
}

/// A file's text as the snippets of [`render_human`] quote it: kept from the run that found
/// the diagnostics (with the line index the run built, if it built one), or read now.
#[derive(Debug, Clone, Default)]
pub struct SourceText {
    pub text: String,
    pub(crate) lines: OnceLock<LineIndex>,
}

impl From<String> for SourceText {
    fn from(text: String) -> Self {
        SourceText {
            text,
            lines: OnceLock::new(),
        }
    }
}

/// rustc-style text: the code, the message, `--> file:line:col`, the source line with the
/// column underlined, and the help. `source` gives a file's text by its diagnostic path; a
/// file it cannot give is shown without a snippet.
///
/// Diagnostics come sorted by file: each file's run of them is rendered on its own (its text
/// asked for once), in parallel, and the runs joined in order. A large site's check lists
/// tens of thousands of findings over thousands of files.
pub fn render_human<'s>(
    diagnostics: &[Diagnostic],
    source: impl Fn(&str) -> Option<Cow<'s, SourceText>> + Sync,
) -> String {
    let mut out = Vec::new();
    // Writing to memory cannot fail.
    write_human(&mut out, diagnostics, source).ok();
    String::from_utf8(out).unwrap_or_default()
}

/// How many findings [`write_human`] renders before writing them.
const BATCH: usize = 4096;

/// [`render_human`], written a batch of files at a time as each is ready, so a large site's
/// report is never held whole.
pub fn write_human<'s>(
    mut out: impl std::io::Write,
    diagnostics: &[Diagnostic],
    source: impl Fn(&str) -> Option<Cow<'s, SourceText>> + Sync,
) -> std::io::Result<()> {
    let mut rest = diagnostics;
    while !rest.is_empty() {
        // About a batch of diagnostics, ending where a file's run ends.
        let mut end = BATCH.min(rest.len());
        while end < rest.len() && rest[end].file == rest[end - 1].file {
            end += 1;
        }
        let (batch, after) = rest.split_at(end);
        let parts: Vec<String> = batch
            .par_chunk_by(|a, b| a.file == b.file)
            .map(|run| render_file(run, &source))
            .collect();
        for part in parts {
            out.write_all(part.as_bytes())?;
        }
        rest = after;
    }
    Ok(())
}

/// The diagnostics of one file, whose text `source` is asked for once. Written with
/// `push_str` rather than `write!`, which would go through `fmt` for every piece of every
/// finding of a large site's report.
fn render_file<'s>(
    diagnostics: &[Diagnostic],
    source: impl Fn(&str) -> Option<Cow<'s, SourceText>>,
) -> String {
    let file = diagnostics.first().and_then(|d| source(&d.file));
    let file = file.as_deref().map(|file| {
        let index = file.lines.get_or_init(|| LineIndex::new(&file.text));
        (file.text.as_str(), index)
    });
    let mut out = String::with_capacity(diagnostics.len() * 512);
    let (mut line_buffer, mut column_buffer) = (itoa::Buffer::new(), itoa::Buffer::new());
    for d in diagnostics {
        let line_number = line_buffer.format(d.line);
        out.push_str(d.severity.as_str());
        out.push('[');
        out.push_str(d.code.as_str());
        out.push_str("]: ");
        out.push_str(&d.message);
        out.push('\n');
        let gutter = &SPACES[..line_number.len().min(SPACES.len())];
        out.push_str(gutter);
        out.push_str("--> ");
        out.push_str(&d.file);
        out.push(':');
        out.push_str(line_number);
        out.push(':');
        out.push_str(column_buffer.format(d.column));
        out.push('\n');
        if let Some((text, index)) = file {
            let mut line = index.line_text(text, d.line);
            let mut column = d.column;
            if column > SNIPPET_WIDTH && index.is_ascii(text, d.line) {
                // Jump close to the column by bytes, so a ten-megabyte line is not walked
                // once per diagnostic on it; `window` still marks the cut with `…`.
                let skip = column - SNIPPET_WIDTH / 2;
                line = line.get(skip..).unwrap_or(line);
                column -= skip;
            }
            let (shown, caret) = window(line, column);
            snippet(&mut out, gutter, line_number, &shown, caret);
        }
        if let Some(help) = &d.help {
            out.push_str(gutter);
            out.push_str(" = help: ");
            out.push_str(help);
            out.push('\n');
        }
        out.push('\n');
    }
    out
}

/// Gutters are cut from this: as wide as the widest line number.
const SPACES: &str = "                    ";

/// Writes the source line and a caret under the column.
fn snippet(out: &mut String, gutter: &str, line: &str, shown: &str, caret: usize) {
    out.push_str(gutter);
    out.push_str(" |\n");
    out.push_str(line);
    out.push_str(" | ");
    out.push_str(shown);
    out.push('\n');
    out.push_str(gutter);
    out.push_str(" | ");
    // Under the line, a tab stays a tab, so the caret lines up however wide tabs are shown.
    let before = match shown.char_indices().nth(caret) {
        Some((at, _)) => &shown[..at],
        None => shown,
    };
    if before.contains('\t') {
        out.extend(before.chars().map(|c| if c == '\t' { '\t' } else { ' ' }));
    } else {
        out.extend(std::iter::repeat_n(' ', before.chars().count()));
    }
    out.push_str("^\n");
}

/// How many characters of a source line a snippet shows.
const SNIPPET_WIDTH: usize = 120;

/// The part of `line` to show around 1-based `column`, and the caret's offset in it: long
/// lines are cut to a window with `…` where text was left out.
fn window(line: &str, column: usize) -> (Cow<'_, str>, usize) {
    let caret = column.saturating_sub(1);
    if line.len() <= SNIPPET_WIDTH {
        return (Cow::Borrowed(line), caret);
    }
    let start = caret.saturating_sub(SNIPPET_WIDTH / 3);
    // Characters `start..start + SNIPPET_WIDTH`, and whether any follow.
    let mut bounds = line.char_indices().map(|(at, _)| at).skip(start);
    let from = bounds.next().unwrap_or(line.len());
    let mut bounds = bounds.skip(SNIPPET_WIDTH - 1);
    let to = bounds.next().unwrap_or(line.len());
    let mut shown = String::with_capacity(to - from + 6);
    let mut caret = caret - start;
    if start > 0 {
        shown.push('…');
        caret += 1;
    }
    shown.push_str(&line[from..to]);
    if to < line.len() {
        shown.push('…');
    }
    (Cow::Owned(shown), caret)
}

/// Exactly one JSON document, `{"diagnostics": [...], "summary": {...}}`, pretty-printed.
/// Only a failed write fails it (the document is plain data); give it a buffered writer, as
/// it is written a token at a time.
pub fn write_json(
    out: impl std::io::Write,
    diagnostics: &[Diagnostic],
    summary: Summary,
) -> std::io::Result<()> {
    #[derive(serde::Serialize)]
    struct Document<'a> {
        diagnostics: &'a [Diagnostic],
        summary: Summary,
    }
    let document = Document {
        diagnostics,
        summary,
    };
    Ok(serde_json::to_writer_pretty(out, &document)?)
}

/// GitHub Actions workflow commands, one line per diagnostic:
/// `::error file=…,line=…,col=…,title=code::message`. GitHub places annotations by paths
/// from the repository's root: `prefix` is the site's folder in the repository (`docs/`,
/// or empty), put before each site-relative path. Written a line at a time: give it a
/// buffered writer.
pub fn write_github(
    mut out: impl std::io::Write,
    diagnostics: &[Diagnostic],
    prefix: &str,
) -> std::io::Result<()> {
    for d in diagnostics {
        writeln!(
            out,
            "::{} file={},line={},col={},title={}::{}",
            d.severity.as_str(),
            escape_property(&in_repository(prefix, &d.file)),
            d.line,
            d.column,
            escape_property(d.code.as_str()),
            escape_data(&d.message_and_help())
        )?;
    }
    Ok(())
}

/// A site-relative `file` as a path from the repository's root, the site being in folder
/// `prefix` (`docs/`, or empty for a site at the root).
pub(crate) fn in_repository<'f>(prefix: &str, file: &'f str) -> std::borrow::Cow<'f, str> {
    if prefix.is_empty() || file.is_empty() {
        std::borrow::Cow::Borrowed(file)
    } else {
        std::borrow::Cow::Owned(format!("{prefix}{file}"))
    }
}

/// Workflow-command escaping for the message part.
fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Workflow-command escaping for `key=value` properties.
fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Code;

    fn quoted(text: &str) -> Cow<'static, SourceText> {
        Cow::Owned(text.to_string().into())
    }

    fn sample() -> Vec<Diagnostic> {
        vec![Diagnostic::new(Code::MetaInvalid, "content/a.md", (2, 8))
            .message("front matter does not parse: invalid type")
            .help("write `title` as text")]
    }

    #[test]
    fn human_output_underlines_the_column() {
        let text = render_human(&sample(), |_| Some(quoted("---\ntitle: [x]\n---\n")));
        assert_eq!(
            text,
            "error[meta/invalid]: front matter does not parse: invalid type\n \
             --> content/a.md:2:8\n  |\n2 | title: [x]\n  |        ^\n  = help: write `title` as text\n\n"
        );
    }

    /// The snippet worked out a character at a time: the byte-slicing one must show
    /// the same text and put the caret in the same place, on every kind of line.
    fn snippet_by_characters(line: &str, column: usize) -> String {
        let caret = column.saturating_sub(1);
        let (shown, caret) = if line.len() <= SNIPPET_WIDTH {
            (line.to_string(), caret)
        } else {
            let start = caret.saturating_sub(SNIPPET_WIDTH / 3);
            let mut shown: String = line.chars().skip(start).take(SNIPPET_WIDTH).collect();
            let mut caret = caret - start;
            if start > 0 {
                shown.insert(0, '…');
                caret += 1;
            }
            if line.chars().nth(start + SNIPPET_WIDTH).is_some() {
                shown.push('…');
            }
            (shown, caret)
        };
        let pad: String = shown
            .chars()
            .take(caret)
            .map(|c| if c == '\t' { '\t' } else { ' ' })
            .collect();
        format!("  |\n7 | {shown}\n  | {pad}^\n")
    }

    #[test]
    fn snippets_match_a_character_at_a_time_cut() {
        let pieces = ["a", "µ", "–", "\t", " ", "𝛼", "0.04 mg/kg"];
        for length in [0, 1, 5, 119, 120, 121, 200, 400] {
            for seed in 0..pieces.len() {
                let mut line = String::new();
                let mut k = seed;
                while line.chars().count() < length {
                    line.push_str(pieces[k % pieces.len()]);
                    k = (k * 7 + 3) % 101;
                }
                let chars = line.chars().count();
                for column in [1, 2, 40, 41, 42, 100, 121, 160, chars, chars + 1, chars + 9] {
                    let (shown, caret) = window(&line, column);
                    let mut out = String::new();
                    snippet(&mut out, " ", "7", &shown, caret);
                    let expected = snippet_by_characters(&line, column);
                    assert_eq!(out, expected, "line {line:?}, column {column}");
                }
            }
        }
    }

    #[test]
    fn long_lines_are_cut_around_the_column() {
        let line = format!("{}TARGET{}", "a".repeat(500), "b".repeat(500));
        let (shown, caret) = window(&line, 501);
        assert!(shown.starts_with('…') && shown.ends_with('…'));
        assert_eq!(&shown[caret + 2..caret + 8], "TARGET", "{shown}");
        assert_eq!(window("short", 3), (Cow::Borrowed("short"), 2));
    }

    #[test]
    fn github_output_escapes_newlines_and_commas() {
        let mut text = Vec::new();
        write_github(&mut text, &sample(), "").unwrap();
        assert_eq!(
            String::from_utf8(text).unwrap(),
            "::error file=content/a.md,line=2,col=8,title=meta/invalid::front matter does not parse: invalid type%0Ahelp: write `title` as text\n"
        );
    }

    #[test]
    fn github_output_names_files_from_the_repository_root() {
        let mut text = Vec::new();
        write_github(&mut text, &sample(), "docs/").unwrap();
        assert!(String::from_utf8(text)
            .unwrap()
            .starts_with("::error file=docs/content/a.md,line=2,"));
    }

    #[test]
    fn human_output_reads_each_file_once_and_keeps_the_order() {
        let mut diagnostics = sample();
        diagnostics.push(Diagnostic::new(Code::LinkBroken, "content/a.md", (1, 2)).message("m"));
        diagnostics.push(Diagnostic::new(Code::LinkBroken, "content/b.md", (1, 1)).message("n"));
        let reads = std::sync::Mutex::new(Vec::new());
        let text = render_human(&diagnostics, |file| {
            reads.lock().unwrap().push(file.to_string());
            Some(quoted("---\ntitle: [x]\n---\n"))
        });
        let mut reads = reads.into_inner().unwrap();
        reads.sort();
        assert_eq!(reads, ["content/a.md", "content/b.md"]);
        let at = |needle: &str| text.find(needle).unwrap();
        assert!(
            at("a.md:2:8") < at("a.md:1:2") && at("a.md:1:2") < at("b.md:1:1"),
            "{text}"
        );
    }

    #[test]
    fn json_output_is_one_document_with_summary() {
        let diagnostics = sample();
        let mut json = Vec::new();
        write_json(&mut json, &diagnostics, Summary::count(3, &diagnostics)).unwrap();
        let value: serde_json::Value = serde_json::from_slice(&json).unwrap();
        assert_eq!(value["diagnostics"][0]["code"], "meta/invalid");
        assert_eq!(value["diagnostics"][0]["line"], 2);
        assert_eq!(value["summary"]["errors"], 1);
        assert_eq!(value["summary"]["pages"], 3);
    }
}
