//! `panelpress cite lock` asks the literature services about every identifier and writes
//! `citations.lock`; `panelpress cite fill` copies what the lock holds into empty fields of
//! the bibliography. Both report what they did on standard error.

use super::{fail, plural, Exit};
use panelpress::content::Date;
use panelpress::registry::lock::LockOptions;
use std::path::{Path, PathBuf};

/// `cite lock`: `refresh_older_than` days and `only` identifiers narrow what is asked.
pub(crate) fn lock(root: PathBuf, refresh_older_than: Option<u32>, only: Vec<String>) -> Exit {
    let options = LockOptions {
        root,
        refresh_older_than,
        only,
        api_key: std::env::var("NCBI_API_KEY").ok().filter(|k| !k.is_empty()),
        today: Date::today(),
    };
    let report = match panelpress::registry::lock::lock(&options, &mut |line| say!("{line}")) {
        Ok(report) => report,
        Err(e) => return fail(&e),
    };
    for key in &report.not_found {
        say!("not found: {key} (recorded with `error: not found`)");
    }
    for key in &report.retracted {
        say!("retracted: {key}");
    }
    say!(
        "wrote {}: {} asked, {} kept, {} not found, {} retracted",
        report.path.display(),
        report.asked,
        report.kept,
        report.not_found.len(),
        report.retracted.len()
    );
    Exit::Success
}

/// `cite fill`.
pub(crate) fn fill(root: &Path) -> Exit {
    match panelpress::registry::fill::fill(root) {
        Ok(report) => {
            for (key, field) in &report.filled {
                say!("filled {key}: {field}");
            }
            for (key, id) in &report.added {
                say!("added {key}: {id}");
            }
            for id in &report.unknown {
                say!(
                    "not in the lock: {id} (run `panelpress cite lock`, or add its entry by hand)"
                );
            }
            say!(
                "{} field{} filled in {}",
                report.filled.len(),
                plural(report.filled.len()),
                report.path.display()
            );
            if !report.added.is_empty() {
                say!(
                    "{} entr{} added",
                    report.added.len(),
                    if report.added.len() == 1 { "y" } else { "ies" }
                );
            }
            Exit::Success
        }
        Err(e) => fail(&e),
    }
}
