//! The report as one self-contained HTML page: inline CSS and SVG charts, no script and
//! nothing loaded from anywhere, so it opens from `file://` or as a CI artefact. Each chart
//! is followed by the table of its exact figures; each finding links to its file. Every
//! text from the site (titles, file names, messages) is escaped.

use super::svg::{bar_chart, Bar};
use super::*;
use crate::text::escape;
use std::fmt::Write as _;

/// The most rows a table shows; the JSON report (`--format json`) has them all.
const ROWS: usize = 500;
/// The most bars a chart of pages or files shows.
const BARS: usize = 20;

const STYLE: &str = include_str!("report.css");

/// The page for `aggregates`. `root` is the site's absolute folder (`/` separators), which
/// its files are linked under as `file://` addresses.
pub fn page(aggregates: &Aggregates, root: &str) -> String {
    let a = aggregates;
    let mut html = String::with_capacity(64 * 1024);
    html.push_str(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <meta name=\"robots\" content=\"noindex\">\
         <title>Site report</title><style>",
    );
    html.push_str(STYLE);
    html.push_str("</style></head><body><main>");
    let _ = write!(
        html,
        "<h1>Site report</h1><p class=\"lead\">Checked {} on {}: <strong>{}</strong>, {}.</p>",
        counted(a.pages, "page"),
        a.today,
        counted(a.errors, "error"),
        counted(a.warnings, "warning")
    );
    let root = root.trim_end_matches('/');
    let prefix = if root.starts_with('/') { "" } else { "/" };
    let files = format!("file://{prefix}{}", encode(root));
    let link = Linker { files: &files };
    reviews(&mut html, &a.reviews, &link);
    findings(&mut html, &a.findings, &link);
    sources(&mut html, &a.sources, &link);
    claims(&mut html, &a.claims, &link);
    html.push_str("</main></body></html>\n");
    html
}

/// `n` and the noun, plural unless `n` is one (`1 error`, `2 errors`).
fn counted(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// Links to a file and line of the site.
struct Linker<'a> {
    files: &'a str,
}

impl Linker<'_> {
    fn at(&self, file: &str, line: Option<usize>) -> String {
        let shown = match line {
            Some(line) => format!("{file}:{line}"),
            None => file.to_string(),
        };
        format!(
            "<a href=\"{}/{}\">{}</a>",
            self.files,
            escape(&encode(file)),
            escape(&shown)
        )
    }
}

/// `path` with what a URL path cannot hold percent-encoded.
fn encode(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for byte in path.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'/' | b'-' | b'_' | b'.' | b'~' | b':' => {
                out.push(byte as char)
            }
            _ => {
                let _ = write!(out, "%{byte:02X}");
            }
        }
    }
    out
}

/// A chart and its heading.
fn chart(html: &mut String, id: &str, title: &str, bars: &[Bar]) {
    let _ = write!(html, "<h3 id=\"{id}\">{}</h3>", escape(title));
    html.push_str(&bar_chart(id, title, bars));
}

/// A table with `head` columns and `rows` of cells already escaped; past [`ROWS`], a note.
fn table(html: &mut String, head: &[&str], rows: impl ExactSizeIterator<Item = Vec<String>>) {
    let total = rows.len();
    if total == 0 {
        html.push_str("<p class=\"none\">None.</p>");
        return;
    }
    html.push_str("<div class=\"table\"><table><thead><tr>");
    for cell in head {
        let _ = write!(html, "<th scope=\"col\">{cell}</th>");
    }
    html.push_str("</tr></thead><tbody>");
    for row in rows.take(ROWS) {
        html.push_str("<tr>");
        for cell in row {
            let _ = write!(html, "<td>{cell}</td>");
        }
        html.push_str("</tr>");
    }
    html.push_str("</tbody></table></div>");
    if total > ROWS {
        let _ = write!(
            html,
            "<p class=\"more\">And {} more: <code>panelpress report --format json</code> lists them all.</p>",
            total - ROWS
        );
    }
}

fn reviews(html: &mut String, r: &Reviews, link: &Linker) {
    html.push_str("<section id=\"reviews\"><h2>Reviews</h2><ul class=\"figures\">");
    let _ = write!(
        html,
        "<li><strong>{}</strong> overdue</li>",
        r.overdue.len()
    );
    for window in &r.due_within {
        let _ = write!(
            html,
            "<li><strong>{}</strong> due within {} days</li>",
            window.pages, window.days
        );
    }
    let _ = write!(
        html,
        "<li><strong>{}</strong> never reviewed</li><li><strong>{}</strong> without a reviewer</li></ul>",
        r.unreviewed.len(),
        r.no_reviewer.len()
    );
    let bars: Vec<Bar> = r
        .by_month
        .iter()
        .map(|c| Bar {
            alert: c.label == "overdue",
            ..Bar::new(c.label.clone(), c.count)
        })
        .collect();
    chart(html, "reviews-by-month", "Reviews due by month", &bars);
    let counts = r
        .by_month
        .iter()
        .map(|c| vec![escape(&c.label), c.count.to_string()]);
    table(html, &["Month", "Pages"], counts);
    let rows = |rows: &[ReviewRow]| -> Vec<Vec<String>> {
        rows.iter()
            .map(|r| {
                vec![
                    r.due.to_string(),
                    link.at(&r.file, None),
                    escape(&r.title),
                    r.reviewed.to_string(),
                ]
            })
            .collect()
    };
    let head = ["Due", "File", "Title", "Last reviewed"];
    html.push_str("<h3>Overdue</h3>");
    table(html, &head, rows(&r.overdue).into_iter());
    html.push_str("<h3>Due within a year</h3>");
    table(html, &head, rows(&r.upcoming).into_iter());
    let pages = |rows: &[PageRow]| -> Vec<Vec<String>> {
        rows.iter()
            .map(|p| vec![link.at(&p.file, None), escape(&p.title)])
            .collect()
    };
    html.push_str("<h3>No <code>reviewed</code> date</h3>");
    table(html, &["File", "Title"], pages(&r.unreviewed).into_iter());
    html.push_str("<h3>No <code>reviewed_by</code></h3>");
    table(html, &["File", "Title"], pages(&r.no_reviewer).into_iter());
    html.push_str("</section>");
}

fn findings(html: &mut String, f: &Findings, link: &Linker) {
    html.push_str("<section id=\"findings\"><h2>Findings</h2>");
    let bars: Vec<Bar> = f
        .by_code
        .iter()
        .map(|c| Bar {
            alert: c.errors > 0,
            ..Bar::new(c.code.as_str(), c.errors + c.warnings)
        })
        .collect();
    chart(html, "findings-by-code", "Findings by code", &bars);
    let rows = f.by_code.iter().map(|c| {
        vec![
            format!("<code>{}</code>", c.code.as_str()),
            c.errors.to_string(),
            c.warnings.to_string(),
        ]
    });
    table(html, &["Code", "Errors", "Warnings"], rows);
    let bars: Vec<Bar> = f
        .by_file
        .iter()
        .take(BARS)
        .map(|p| Bar {
            alert: p.errors > 0,
            ..Bar::new(p.file.clone(), p.errors + p.warnings)
        })
        .collect();
    let title = shown(
        "Files with the most errors, then warnings",
        &bars,
        f.by_file.len(),
    );
    chart(html, "findings-by-file", &title, &bars);
    let rows = f.by_file.iter().map(|p| {
        vec![
            link.at(&p.file, None),
            p.errors.to_string(),
            p.warnings.to_string(),
        ]
    });
    table(html, &["File", "Errors", "Warnings"], rows);
    html.push_str("<h3>Every finding, by file</h3><ul class=\"files\">");
    for file in f.by_file.iter().take(ROWS) {
        let _ = write!(html, "<li>{}<ul>", link.at(&file.file, None));
        for d in &file.findings {
            let _ = write!(
                html,
                "<li>{} <span class=\"{severity}\">{severity}</span> <code>{}</code> {}</li>",
                link.at(&d.file, Some(d.line)),
                d.code.as_str(),
                escape(&d.message),
                severity = d.severity,
            );
        }
        html.push_str("</ul></li>");
    }
    html.push_str("</ul>");
    if f.by_file.len() > ROWS {
        let _ = write!(
            html,
            "<p class=\"more\">And the findings of {} more files: <code>panelpress check</code> lists them all.</p>",
            f.by_file.len() - ROWS
        );
    }
    html.push_str("</section>");
}

/// A chart's title, saying how many of `total` it shows when it cannot show them all.
fn shown(title: &str, bars: &[Bar], total: usize) -> String {
    if bars.len() < total {
        format!("{title} (first {} of {total})", bars.len())
    } else {
        title.to_string()
    }
}

fn finding_rows<'a>(
    findings: &'a [Finding],
    link: &'a Linker,
) -> impl ExactSizeIterator<Item = Vec<String>> + 'a {
    findings
        .iter()
        .map(|d| vec![link.at(&d.file, Some(d.line)), escape(&d.message)])
}

fn sources(html: &mut String, s: &SourcesSummary, link: &Linker) {
    html.push_str("<section id=\"sources\"><h2>Sources</h2>");
    let _ = write!(
        html,
        "<p>{} bibliography entries; {} without a year.</p>",
        s.entries, s.without_year
    );
    let bars: Vec<Bar> = s
        .years
        .iter()
        .map(|c| Bar::new(c.label.clone(), c.count))
        .collect();
    chart(
        html,
        "sources-by-year",
        "Sources by publication year",
        &bars,
    );
    let rows = s
        .years
        .iter()
        .map(|c| vec![escape(&c.label), c.count.to_string()]);
    table(html, &["Year", "Entries"], rows);
    html.push_str("<h3>Retracted entries and where they are cited</h3>");
    let rows = s.retracted.iter().map(|r| {
        let cited: Vec<String> = r
            .cited_at
            .iter()
            .map(|p| link.at(&p.file, Some(p.line)))
            .collect();
        let cited = if cited.is_empty() {
            "not cited".to_string()
        } else {
            cited.join("<br>")
        };
        vec![
            format!("<code>{}</code>", escape(&r.key)),
            link.at(&r.file, Some(r.line)),
            cited,
        ]
    });
    table(html, &["Entry", "Defined at", "Cited at"], rows);
    html.push_str("<h3>Unverified identifiers</h3>");
    table(
        html,
        &["Where", "Finding"],
        finding_rows(&s.unverified, link),
    );
    html.push_str("<h3>Unused entries</h3>");
    table(html, &["Where", "Finding"], finding_rows(&s.unused, link));
    html.push_str("</section>");
}

fn claims(html: &mut String, c: &Claims, link: &Linker) {
    html.push_str("<section id=\"claims\"><h2>Claims</h2>");
    let bars: Vec<Bar> = c
        .uncited
        .iter()
        .take(BARS)
        .map(|u| Bar::new(u.file.clone(), u.count))
        .collect();
    let title = shown("Uncited figures per page", &bars, c.uncited.len());
    chart(html, "uncited-by-page", &title, &bars);
    let rows = c
        .uncited
        .iter()
        .map(|u| vec![link.at(&u.file, Some(u.line)), u.count.to_string()]);
    table(html, &["Page (first figure)", "Uncited figures"], rows);
    let bars: Vec<Bar> = c
        .density
        .iter()
        .map(|d| Bar::decimal(d.section.clone(), d.per_thousand_words))
        .collect();
    chart(
        html,
        "density-by-section",
        "Citations per 1,000 words by section",
        &bars,
    );
    let rows = c.density.iter().map(|d| {
        vec![
            escape(&d.section),
            d.pages.to_string(),
            d.words.to_string(),
            d.citations.to_string(),
            format!("{:.1}", d.per_thousand_words),
        ]
    });
    table(
        html,
        &["Section", "Pages", "Words", "Citations", "Per 1,000 words"],
        rows,
    );
    html.push_str("</section>");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_encode_the_path_and_escape_the_text() {
        let link = Linker {
            files: "file:///sites/my%20site",
        };
        assert_eq!(
            link.at("content/a b&<c>.md", Some(3)),
            "<a href=\"file:///sites/my%20site/content/a%20b%26%3Cc%3E.md\">\
             content/a b&amp;&lt;c&gt;.md:3</a>"
        );
    }

    #[test]
    fn a_long_table_stops_and_says_how_many_are_left() {
        let mut html = String::new();
        let rows = (0..ROWS + 2).map(|i| vec![i.to_string()]);
        table(&mut html, &["n"], rows);
        assert_eq!(html.matches("<tr>").count(), ROWS + 1);
        assert!(html.contains("And 2 more"));
        let mut empty = String::new();
        table(
            &mut empty,
            &["n"],
            std::iter::empty::<Vec<String>>()
                .collect::<Vec<_>>()
                .into_iter(),
        );
        assert_eq!(empty, "<p class=\"none\">None.</p>");
    }
}
