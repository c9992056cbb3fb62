//! `panelpress build`: builds the site into its output folder and prints the findings (those
//! that stop rendering first, up to 20 in all) and a summary line. It fails closed: with any
//! error it writes nothing, leaves the previous output as it was and exits 1, so a deploy job
//! that runs only `build` never publishes a page `check` refuses. `--allow-errors` writes a
//! site that can be rendered anyway (a staging preview) and still exits 1. Warnings never
//! stop it. An output that cannot be written exits 2, like any command that could not run.

use super::{fail, human, leave_to_exit, plural, Exit};
use panelpress::diagnostics::Diagnostic;
use panelpress::pipeline::{self, BuildOptions, BuildReport};

/// How many findings `build` prints; `check` is where a writer reads them all.
const BUILD_SHOWS: usize = 20;

pub(crate) fn run(options: &BuildOptions) -> Exit {
    let report = match pipeline::build(options) {
        Ok(report) => report,
        Err(e) => return fail(&e),
    };
    let report = leave_to_exit(report);
    panelpress::timings::total("built");
    say_raw!(
        "{}",
        human(&options.root, &shown(&report.diagnostics), &report.quoted)
    );
    if report.diagnostics.len() > BUILD_SHOWS {
        say!(
            "… and {} more findings: run `panelpress check` for the full list\n",
            report.diagnostics.len() - BUILD_SHOWS.max(blocking(&report.diagnostics).count())
        );
    }
    say!("{}", summary_line(&report));
    if report.written && report.errors() == 0 {
        Exit::Success
    } else {
        Exit::SiteHasErrors
    }
}

fn blocking(diagnostics: &[Diagnostic]) -> impl Iterator<Item = &Diagnostic> {
    diagnostics.iter().filter(|d| d.code.blocks_build())
}

/// What `build` prints: every finding that stops rendering, then the other errors, then
/// warnings, up to [`BUILD_SHOWS`] in all.
fn shown(diagnostics: &[Diagnostic]) -> Vec<Diagnostic> {
    let mut shown: Vec<Diagnostic> = blocking(diagnostics).cloned().collect();
    let room = BUILD_SHOWS.saturating_sub(shown.len());
    let others = diagnostics.iter().filter(|d| !d.code.blocks_build());
    let (errors, warnings): (Vec<&Diagnostic>, Vec<&Diagnostic>) =
        others.partition(|d| d.is_error());
    shown.extend(errors.into_iter().chain(warnings).take(room).cloned());
    shown.sort();
    shown
}

fn summary_line(report: &BuildReport) -> String {
    let counts = format!(
        "{} error{}, {} warning{}",
        report.errors(),
        plural(report.errors()),
        report.warnings(),
        plural(report.warnings())
    );
    if report.written && report.errors() > 0 {
        format!(
            "built {} pages in {:.2}s into {} despite {counts} (--allow-errors): not for publishing",
            report.pages,
            report.elapsed.as_secs_f64(),
            report.out.display()
        )
    } else if report.written {
        format!(
            "built {} pages in {:.2}s into {} ({counts})",
            report.pages,
            report.elapsed.as_secs_f64(),
            report.out.display()
        )
    } else if report.out.exists() {
        format!(
            "build failed ({counts}); the previous output in {} was left untouched",
            report.out.display()
        )
    } else {
        format!("build failed ({counts}); nothing was written")
    }
}
