//! Facts and findings into [`Aggregates`]: counting, grouping and ordering only. Every
//! list has a fixed order (ties broken by file), so the same site gives the same report.

use super::facts::{Facts, PageFacts};
use super::*;
use crate::diagnostics::Diagnostic;
use std::collections::BTreeMap;

/// How many months ahead of this one the review timeline shows one by one.
const TIMELINE_MONTHS: usize = 12;

/// The widest span of years the histogram shows year by year; a wider one (a mistyped
/// year) shows only the years that have entries.
const YEAR_SPAN: i32 = 100;

/// The report's aggregates of one check run.
pub fn aggregate(
    facts: &Facts,
    diagnostics: &[Diagnostic],
    pages: usize,
    today: Date,
) -> Aggregates {
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    Aggregates {
        today,
        pages,
        errors,
        warnings: diagnostics.len() - errors,
        reviews: reviews(&facts.pages, today),
        findings: findings(diagnostics),
        sources: sources(facts, diagnostics),
        claims: Claims {
            uncited: uncited(diagnostics),
            density: density(&facts.pages),
        },
    }
}

fn reviews(pages: &[PageFacts], today: Date) -> Reviews {
    let row = |page: &PageFacts, (reviewed, due): (Date, Date)| ReviewRow {
        file: page.file.clone(),
        title: page.title.clone(),
        reviewed,
        due,
    };
    let mut overdue = Vec::new();
    let mut upcoming = Vec::new();
    let year_ahead = today.plus_days(REVIEW_WINDOWS[2]);
    for page in pages {
        match page.review {
            Some(review) if review.1 < today => overdue.push(row(page, review)),
            Some(review) if review.1 <= year_ahead => upcoming.push(row(page, review)),
            _ => {}
        }
    }
    let soonest =
        |a: &ReviewRow, b: &ReviewRow| a.due.cmp(&b.due).then_with(|| a.file.cmp(&b.file));
    overdue.sort_by(soonest);
    upcoming.sort_by(soonest);
    let due_within = REVIEW_WINDOWS
        .iter()
        .map(|&days| Window {
            days,
            pages: upcoming
                .iter()
                .filter(|r| r.due <= today.plus_days(days))
                .count(),
        })
        .collect();
    let listed = |missing: fn(&PageFacts) -> bool| -> Vec<PageRow> {
        let mut rows: Vec<PageRow> = pages
            .iter()
            .filter(|p| !p.is_section_index && missing(p))
            .map(|p| PageRow {
                file: p.file.clone(),
                title: p.title.clone(),
            })
            .collect();
        rows.sort_by(|a, b| a.file.cmp(&b.file));
        rows
    };
    Reviews {
        by_month: timeline(pages, today),
        overdue,
        due_within,
        upcoming,
        unreviewed: listed(|p| p.review.is_none()),
        no_reviewer: listed(|p| !p.has_reviewer),
    }
}

/// Review due dates by month: `overdue`, this month and the next [`TIMELINE_MONTHS`]
/// (reviews already overdue are counted only in `overdue`), then `later`.
fn timeline(pages: &[PageFacts], today: Date) -> Vec<Count> {
    let month = |date: Date| date.to_string().chars().take(7).collect::<String>();
    let mut months: Vec<String> = vec![month(today)];
    let mut day = today;
    while months.len() <= TIMELINE_MONTHS {
        day = day.plus_days(1);
        let next = month(day);
        if months.last() != Some(&next) {
            months.push(next);
        }
    }
    let mut counts = vec![0; months.len() + 2];
    for (_, due) in pages.iter().filter_map(|p| p.review) {
        let slot = if due < today {
            0
        } else {
            let label = month(due);
            months
                .iter()
                .position(|m| *m == label)
                .map_or(months.len() + 1, |i| i + 1)
        };
        counts[slot] += 1;
    }
    let labels = std::iter::once("overdue".to_string())
        .chain(months)
        .chain(std::iter::once("later".to_string()));
    labels
        .zip(counts)
        .map(|(label, count)| Count { label, count })
        .collect()
}

fn finding(d: &Diagnostic) -> Finding {
    Finding {
        file: d.file.clone(),
        line: d.line,
        code: d.code,
        severity: d.severity.as_str(),
        message: d.message.clone(),
    }
}

fn findings(diagnostics: &[Diagnostic]) -> Findings {
    let mut codes: BTreeMap<&str, CodeCount> = BTreeMap::new();
    let mut files: BTreeMap<&str, FileFindings> = BTreeMap::new();
    for d in diagnostics {
        let error = usize::from(d.is_error());
        let code = codes.entry(d.code.as_str()).or_insert(CodeCount {
            code: d.code,
            errors: 0,
            warnings: 0,
        });
        code.errors += error;
        code.warnings += 1 - error;
        let file = files
            .entry(d.file.as_str())
            .or_insert_with(|| FileFindings {
                file: d.file.clone(),
                errors: 0,
                warnings: 0,
                findings: Vec::new(),
            });
        file.errors += error;
        file.warnings += 1 - error;
        file.findings.push(finding(d));
    }
    let mut by_code: Vec<CodeCount> = codes.into_values().collect();
    by_code.sort_by_key(|c| std::cmp::Reverse(c.errors + c.warnings));
    let mut by_file: Vec<FileFindings> = files.into_values().collect();
    by_file.sort_by_key(|f| std::cmp::Reverse((f.errors, f.warnings)));
    Findings { by_code, by_file }
}

fn sources(facts: &Facts, diagnostics: &[Diagnostic]) -> SourcesSummary {
    let with_code = |code: Code| -> Vec<Finding> {
        diagnostics
            .iter()
            .filter(|d| d.code == code)
            .map(finding)
            .collect()
    };
    let retracted = facts
        .retracted
        .iter()
        .map(|r| Retracted {
            key: r.key.clone(),
            file: facts.bibliography.clone(),
            line: r.line,
            cited_at: r
                .cited_at
                .iter()
                .map(|(file, line)| Place {
                    file: file.clone(),
                    line: *line,
                })
                .collect(),
        })
        .collect();
    SourcesSummary {
        entries: facts.entries,
        years: years(&facts.years),
        without_year: facts.entries - facts.years.len(),
        retracted,
        unverified: with_code(Code::CiteUnverified),
        unused: with_code(Code::CiteUnused),
    }
}

/// Entries by year, oldest first; the years between with none are shown as zero, so a gap
/// in the sources shows as one.
fn years(years: &[i32]) -> Vec<Count> {
    let mut counted: BTreeMap<i32, usize> = BTreeMap::new();
    for &year in years {
        *counted.entry(year).or_default() += 1;
    }
    let (Some(&first), Some(&last)) = (counted.keys().next(), counted.keys().next_back()) else {
        return Vec::new();
    };
    if last - first <= YEAR_SPAN {
        for year in first..=last {
            counted.entry(year).or_default();
        }
    }
    counted
        .into_iter()
        .map(|(year, count)| Count {
            label: year.to_string(),
            count,
        })
        .collect()
}

fn uncited(diagnostics: &[Diagnostic]) -> Vec<Uncited> {
    let mut pages: BTreeMap<&str, Uncited> = BTreeMap::new();
    // The findings are sorted by file and line: the first one met is the first line.
    for d in diagnostics.iter().filter(|d| d.code == Code::ClaimUncited) {
        pages
            .entry(d.file.as_str())
            .or_insert_with(|| Uncited {
                file: d.file.clone(),
                count: 0,
                line: d.line,
            })
            .count += 1;
    }
    let mut pages: Vec<Uncited> = pages.into_values().collect();
    pages.sort_by_key(|u| std::cmp::Reverse(u.count));
    pages
}

fn density(pages: &[PageFacts]) -> Vec<Density> {
    let mut sections: BTreeMap<&str, Density> = BTreeMap::new();
    for page in pages {
        let section = sections
            .entry(page.section.as_str())
            .or_insert_with(|| Density {
                section: if page.section.is_empty() {
                    "(top level)".to_string()
                } else {
                    page.section.clone()
                },
                pages: 0,
                words: 0,
                citations: 0,
                per_thousand_words: 0.0,
            });
        section.pages += 1;
        section.words += page.words;
        section.citations += page.citations;
    }
    sections
        .into_values()
        .map(|mut d| {
            if d.words > 0 {
                let per = d.citations as f64 * 1000.0 / d.words as f64;
                d.per_thousand_words = (per * 10.0).round() / 10.0;
            }
            d
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> Date {
        Date::parse(text).unwrap()
    }

    fn page(file: &str, due: Option<&str>) -> PageFacts {
        PageFacts {
            file: file.into(),
            title: file.into(),
            section: String::new(),
            is_section_index: false,
            review: due.map(|due| (date("2000-01-01"), date(due))),
            has_reviewer: false,
            words: 0,
            citations: 0,
        }
    }

    #[test]
    fn the_timeline_has_overdue_then_thirteen_months_then_later() {
        let pages = [
            page("a", Some("2026-11-30")),
            page("b", Some("2026-12-31")),
            page("c", Some("2027-12-01")),
            page("d", Some("2028-01-01")),
            page("e", None),
        ];
        let months = timeline(&pages, date("2026-12-06"));
        let labels: Vec<&str> = months.iter().map(|c| c.label.as_str()).collect();
        assert_eq!(labels.len(), 15);
        assert_eq!(labels[..3], ["overdue", "2026-12", "2027-01"]);
        assert_eq!(labels[13..], ["2027-12", "later"]);
        let counts: Vec<usize> = months.iter().map(|c| c.count).collect();
        assert_eq!(counts[..2], [1, 1]);
        assert_eq!(counts[13..], [1, 1]);
        assert_eq!(counts.iter().sum::<usize>(), 4);
    }

    #[test]
    fn review_windows_count_pages_not_yet_overdue() {
        let pages = [
            page("overdue", Some("2026-12-05")),
            page("today", Some("2026-12-06")),
            page("in-60", Some("2027-02-04")),
            page("in-400", Some("2028-01-10")),
        ];
        let reviews = reviews(&pages, date("2026-12-06"));
        let windows: Vec<usize> = reviews.due_within.iter().map(|w| w.pages).collect();
        assert_eq!(windows, [1, 2, 2]);
        assert_eq!(reviews.overdue.len(), 1);
        assert_eq!(reviews.unreviewed.len(), 0);
        assert_eq!(reviews.no_reviewer.len(), 4);
    }

    #[test]
    fn years_fill_the_gaps_unless_the_span_is_absurd() {
        let labels = |years: &[i32]| -> Vec<String> {
            super::years(years).into_iter().map(|c| c.label).collect()
        };
        assert_eq!(labels(&[2021, 2019, 2019]), ["2019", "2020", "2021"]);
        assert_eq!(labels(&[20, 2020]), ["20", "2020"]);
        assert!(labels(&[]).is_empty());
    }
}
