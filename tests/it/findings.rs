//! `panelpress check --format json` as CI and the acceptance suite read it: every run is
//! parsed as exactly one JSON document with the documented schema, its summary and exit code
//! are checked against its diagnostics, and the diagnostics come back as [`Finding`]s
//! compared by code, file, line, column and severity.

use crate::fixture::{check_root, Run, Site};
use serde_json::Value;
use std::path::Path;

/// The day every check runs on unless a test passes its own `--today`.
pub const TODAY: &str = "2026-11-25";

/// One diagnostic of the JSON output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub code: String,
    pub file: String,
    pub line: u64,
    pub column: u64,
    pub severity: String,
    pub message: String,
    pub help: Option<String>,
}

/// What the acceptance suite compares: `(code, file, line, column, severity)`.
pub type At<'a> = (&'a str, &'a str, u64, u64, &'a str);

impl Finding {
    pub fn at(&self) -> At<'_> {
        let f = self;
        (&f.code, &f.file, f.line, f.column, &f.severity)
    }
}

/// A parsed `check --format json` run.
#[derive(Debug)]
pub struct Checked {
    pub run: Run,
    pub findings: Vec<Finding>,
    /// `summary.pages`.
    pub pages: u64,
}

impl Checked {
    /// Panics, listing every finding, unless the findings are exactly `expected`, in order.
    #[track_caller]
    pub fn expect(&self, expected: &[At]) -> &Checked {
        let actual: Vec<At> = self.findings.iter().map(Finding::at).collect();
        assert_eq!(actual, expected, "findings:\n{:#?}", self.findings);
        self
    }

    /// Panics unless no finding is about `file`.
    #[track_caller]
    pub fn expect_clean(&self, file: &str) -> &Checked {
        let about: Vec<&Finding> = self.findings.iter().filter(|f| f.file == file).collect();
        assert!(about.is_empty(), "{file} should be clean:\n{about:#?}");
        self
    }

    /// Every finding on a line of its own (place, severity, code, message and help), for a
    /// snapshot.
    pub fn listing(&self) -> String {
        self.findings
            .iter()
            .map(|f| {
                let help = f.help.as_deref().unwrap_or("-");
                format!(
                    "{}:{}:{} {} {}: {}\n  help: {help}",
                    f.file, f.line, f.column, f.severity, f.code, f.message
                )
            })
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// The findings with code `code`.
    pub fn with_code(&self, code: &str) -> Vec<&Finding> {
        self.findings.iter().filter(|f| f.code == code).collect()
    }

    /// The one finding at `file:line` with `code`.
    #[track_caller]
    pub fn one(&self, code: &str, file: &str, line: u64) -> &Finding {
        let hits: Vec<&Finding> = self
            .findings
            .iter()
            .filter(|f| f.code == code && f.file == file && f.line == line)
            .collect();
        assert_eq!(
            hits.len(),
            1,
            "{code} at {file}:{line} in {:#?}",
            self.findings
        );
        hits[0]
    }
}

/// `check --format json` on a fixture copy, `--today` [`TODAY`] unless `args` sets it.
pub fn check(site: &Site, args: &[&str]) -> Checked {
    check_at(&site.root, args)
}

/// [`check`] on any folder.
pub fn check_at(root: &Path, args: &[&str]) -> Checked {
    let mut all = vec!["--format", "json"];
    if !args.contains(&"--today") {
        all.extend(["--today", TODAY]);
    }
    all.extend(args);
    parse(check_root(root, &all), args.contains(&"--deny-warnings"))
}

/// Validates the document's shape, summary and exit code, and reads its diagnostics.
#[track_caller]
fn parse(run: Run, deny_warnings: bool) -> Checked {
    let document: Value = serde_json::from_str(&run.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not one JSON document ({e}):\n{}\n--- stderr ---\n{}",
            run.stdout, run.stderr
        )
    });
    assert_eq!(keys(&document), ["diagnostics", "summary"], "{document:#}");
    let summary = &document["summary"];
    assert_eq!(keys(summary), ["errors", "pages", "warnings"], "{summary}");
    let findings: Vec<Finding> = document["diagnostics"]
        .as_array()
        .expect("`diagnostics` is an array")
        .iter()
        .map(finding)
        .collect();
    let errors = findings.iter().filter(|f| f.severity == "error").count() as u64;
    assert_eq!(summary["errors"], errors, "{document:#}");
    assert_eq!(
        summary["warnings"],
        findings.len() as u64 - errors,
        "{document:#}"
    );
    let warnings = findings.len() as u64 > errors;
    let failed = errors > 0 || (deny_warnings && warnings);
    assert_eq!(run.code, i32::from(failed), "exit code for {document:#}");
    let order: Vec<(&str, u64, u64)> = findings
        .iter()
        .map(|f| (f.file.as_str(), f.line, f.column))
        .collect();
    assert!(
        order.is_sorted(),
        "not sorted by file, line, column: {order:?}"
    );
    let pages = summary["pages"]
        .as_u64()
        .expect("`summary.pages` is a number");
    Checked {
        run,
        findings,
        pages,
    }
}

fn finding(value: &Value) -> Finding {
    let allowed = [
        "code", "column", "file", "help", "line", "message", "severity",
    ];
    assert!(
        keys(value).iter().all(|k| allowed.contains(&k.as_str())),
        "{value}"
    );
    let text = |key: &str| {
        value[key]
            .as_str()
            .unwrap_or_else(|| panic!("`{key}` is text in {value}"))
            .to_string()
    };
    let number = |key: &str| {
        let n = value[key]
            .as_u64()
            .unwrap_or_else(|| panic!("`{key}` in {value}"));
        assert!(n >= 1, "`{key}` is 1-based in {value}");
        n
    };
    let severity = text("severity");
    assert!(["error", "warning"].contains(&severity.as_str()), "{value}");
    let message = text("message");
    assert!(
        !message.trim().is_empty(),
        "every diagnostic has a message: {value}"
    );
    Finding {
        code: text("code"),
        file: text("file"),
        line: number("line"),
        column: number("column"),
        severity,
        message,
        help: value["help"].as_str().map(str::to_string),
    }
}

/// An object's keys, sorted.
pub fn keys(value: &Value) -> Vec<String> {
    let mut keys: Vec<String> = value
        .as_object()
        .unwrap_or_else(|| panic!("an object: {value}"))
        .keys()
        .cloned()
        .collect();
    keys.sort();
    keys
}
