//! `panelpress build`: builds the site into its output folder and prints the findings that
//! stopped the build, a few others, and a summary line. It exits 1 when nothing was written
//! because the site has errors, and 2 when the output cannot be written (the command could
//! not run, like any other failure).

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
    if report.written {
        Exit::Success
    } else {
        Exit::SiteHasErrors
    }
}

fn blocking(diagnostics: &[Diagnostic]) -> impl Iterator<Item = &Diagnostic> {
    diagnostics.iter().filter(|d| d.code.blocks_build())
}

/// What `build` prints: every finding that stopped it, then others up to [`BUILD_SHOWS`].
fn shown(diagnostics: &[Diagnostic]) -> Vec<Diagnostic> {
    let mut shown: Vec<Diagnostic> = blocking(diagnostics).cloned().collect();
    let room = BUILD_SHOWS.saturating_sub(shown.len());
    shown.extend(
        diagnostics
            .iter()
            .filter(|d| !d.code.blocks_build())
            .take(room)
            .cloned(),
    );
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
    if report.written {
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
