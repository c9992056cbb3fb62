//! `panelpress check`: checks the site and writes every finding to standard output in the
//! chosen format (human, JSON, SARIF or GitHub workflow commands). It exits 1 when there
//! are errors, or warnings under `--deny-warnings`. JSON and human output name files from
//! the site's root; SARIF and GitHub output from the repository's root, where code
//! scanning and annotations look for them.

use super::{emit, fail, leave_to_exit, plural, quoting, Exit};
use panelpress::content::Date;
use panelpress::diagnostics::{self, Summary};
use panelpress::pipeline::{self, CheckOptions, Report};

/// How `check` writes its findings.
#[derive(Clone, Copy, clap::ValueEnum)]
pub(crate) enum Format {
    Human,
    Json,
    Sarif,
    Github,
}

pub(crate) fn run(options: &CheckOptions, format: Format, deny_warnings: bool) -> Exit {
    let report = match pipeline::check(options) {
        Ok(report) => report,
        Err(e) => return fail(&e),
    };
    let report = leave_to_exit(report);
    panelpress::timings::total("checked");
    let diagnostics = &report.diagnostics;
    let summary = Summary::count(report.pages, diagnostics);
    let printed = emit(|out| match format {
        Format::Human => {
            diagnostics::write_human(
                &mut *out,
                diagnostics,
                quoting(&options.root, &report.quoted),
            )?;
            out.write_all(review_table(&report, options.today).as_bytes())?;
            writeln!(
                out,
                "checked {} pages in {:.2}s: {} error{}, {} warning{}",
                report.pages,
                report.elapsed.as_secs_f64(),
                summary.errors,
                plural(summary.errors),
                summary.warnings,
                plural(summary.warnings)
            )
        }
        Format::Json => {
            diagnostics::write_json(&mut *out, diagnostics, summary)?;
            writeln!(out)
        }
        Format::Sarif => {
            let prefix = panelpress::changes::repository_prefix(&options.root);
            diagnostics::write_sarif(&mut *out, diagnostics, &prefix)?;
            writeln!(out)
        }
        Format::Github => {
            let prefix = panelpress::changes::repository_prefix(&options.root);
            diagnostics::write_github(&mut *out, diagnostics, &prefix)
        }
    });
    if let Err(exit) = printed {
        return exit;
    }
    if summary.errors > 0 || (deny_warnings && summary.warnings > 0) {
        Exit::SiteHasErrors
    } else {
        Exit::Success
    }
}

/// The editor's planning table: pages whose review is due within 30 days.
fn review_table(report: &Report, today: Date) -> String {
    if report.reviews_due.is_empty() {
        return String::new();
    }
    let mut table = format!(
        "reviews due by {} ({} page{}):\n",
        today.plus_days(pipeline::REVIEW_HORIZON_DAYS),
        report.reviews_due.len(),
        plural(report.reviews_due.len())
    );
    let width = report
        .reviews_due
        .iter()
        .map(|r| r.file.len())
        .max()
        .unwrap_or(0);
    for review in &report.reviews_due {
        let state = if review.due < today { "overdue" } else { "due" };
        table.push_str(&format!(
            "  {state:<7} {due}  {file:<width$}  {title} (last reviewed {reviewed})\n",
            due = review.due,
            file = review.file,
            title = review.title,
            reviewed = review.reviewed,
        ));
    }
    table.push('\n');
    table
}
