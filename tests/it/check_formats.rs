//! `check`'s four output formats over one fixture with a finding of most kinds:
//! insta snapshots of human, JSON, GitHub and SARIF output (temporary path as `[ROOT]`,
//! time as `[TIME]`), the fields GitHub code scanning requires of SARIF 2.1.0, and
//! `panelpress explain`.

use crate::findings::{check, keys, Checked, TODAY};
use crate::fixture::{run, Site};
use serde_json::Value;
use std::ffi::OsStr;

const FIXTURE: &str = "check-formats";

/// The normalised stdout of `check --format FORMAT` on the formats fixture, which must
/// fail (exit 1: it has errors) and print nothing on stderr.
fn output(format: &str) -> String {
    let site = Site::new(FIXTURE);
    let run = site.check(&["--format", format, "--today", TODAY]);
    run.expect_code(1);
    assert_eq!(run.stderr, "", "stderr of --format {format}");
    site.normalize(&run.stdout)
}

/// The fixture's findings, as JSON gives them.
fn findings() -> Checked {
    check(&Site::new(FIXTURE), &[])
}

/// Pins the human (rustc-style) output: code, message, `--> file:line:col`, the source
/// line with a caret under the column (after an em dash too), help, and the summary.
#[test]
fn check_human_output() {
    insta::assert_snapshot!(output("human"));
}

/// Guards the human snippet of a line that fits the snippet width: shown whole, from its
/// first character, not cut to a window with `…` (a 71-character line here).
#[test]
fn human_output_shows_a_short_line_whole() {
    let text = output("human");
    let line = "7 | Odds were 49% higher [@renehan-2004] — and 65% higher [@renehan-2040].";
    assert!(text.lines().any(|l| l == line), "{text}");
    assert!(!text.contains("| …"), "no line is cut: {text}");
}

/// Pins the JSON output: one document, `diagnostics` then `summary`.
#[test]
fn check_json_output() {
    insta::assert_snapshot!(output("json"));
}

/// Pins the GitHub workflow commands, with `%`, newlines and help escaped.
#[test]
fn check_github_output() {
    insta::assert_snapshot!(output("github"));
}

/// Pins the SARIF document: its structure, every result, and each rule's id and level.
/// The rules' texts are `explain`'s docs (tested there) and the tool version changes with
/// every release, so both are left out of the snapshot.
#[test]
fn check_sarif_output() {
    let mut sarif: Value = serde_json::from_str(&output("sarif")).expect("SARIF is JSON");
    let driver = &mut sarif["runs"][0]["tool"]["driver"];
    driver["version"] = Value::from("[VERSION]");
    for rule in driver["rules"].as_array_mut().expect("rules") {
        let id = rule["id"].clone();
        let level = rule["defaultConfiguration"].clone();
        *rule = serde_json::json!({"id": id, "defaultConfiguration": level});
    }
    insta::assert_snapshot!(serde_json::to_string_pretty(&sarif).expect("SARIF prints"));
}

/// Guards SARIF 2.1.0's required fields and their agreement with the JSON findings: one
/// rule per code with a unique id, each result's `ruleId`, `ruleIndex`, `level`,
/// `message.text`, artifact URI and region, in the JSON order.
#[test]
fn sarif_has_the_required_fields_for_every_result() {
    let sarif: Value = serde_json::from_str(&output("sarif")).expect("SARIF is JSON");
    assert_eq!(sarif["version"], "2.1.0");
    assert!(sarif["$schema"].as_str().unwrap_or("").contains("sarif"));
    let runs = sarif["runs"].as_array().expect("`runs`");
    assert_eq!(runs.len(), 1);
    let driver = &runs[0]["tool"]["driver"];
    assert_eq!(driver["name"], "panelpress");
    let rules = driver["rules"].as_array().expect("`rules`");
    let ids: Vec<&str> = rules
        .iter()
        .map(|r| r["id"].as_str().expect("rule id"))
        .collect();
    let mut unique = ids.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), ids.len(), "one rule per code: {ids:?}");
    for code in [
        "claim/uncited",
        "policy/dose-figure",
        "cite/unused",
        "meta/invalid",
    ] {
        assert!(ids.contains(&code), "no rule {code} in {ids:?}");
    }
    let results = runs[0]["results"].as_array().expect("`results`");
    let json = findings();
    assert_eq!(results.len(), json.findings.len());
    for (result, finding) in results.iter().zip(&json.findings) {
        assert_eq!(result["ruleId"], finding.code.as_str());
        let index = result["ruleIndex"].as_u64().expect("ruleIndex") as usize;
        assert_eq!(ids[index], finding.code, "{result:#}");
        assert_eq!(result["level"], finding.severity.as_str());
        let text = result["message"]["text"].as_str().expect("message.text");
        assert!(text.starts_with(&finding.message), "{text}");
        let location = &result["locations"][0]["physicalLocation"];
        assert_eq!(location["artifactLocation"]["uri"], finding.file.as_str());
        assert_eq!(location["region"]["startLine"], finding.line);
        assert_eq!(location["region"]["startColumn"], finding.column);
    }
}

/// Guards SARIF for a clean site: still a valid run, with rules and an empty `results`.
#[test]
fn sarif_for_a_clean_site_has_empty_results() {
    let site = Site::new("check-csl");
    let run = site.check(&["--format", "sarif"]);
    run.expect_code(0);
    let sarif: Value = serde_json::from_str(&run.stdout).expect("SARIF is JSON");
    assert_eq!(sarif["runs"][0]["results"], serde_json::json!([]));
    assert!(!sarif["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .expect("rules")
        .is_empty());
}

/// Guards GitHub output: exactly one workflow command per finding, in the JSON order, each
/// `::level file=…,line=…,col=…,title=code::message` on a single line.
#[test]
fn github_output_is_one_command_per_finding() {
    let text = output("github");
    let json = findings();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), json.findings.len(), "{text}");
    for (line, f) in lines.iter().zip(&json.findings) {
        let head = format!(
            "::{} file={},line={},col={},title={}::",
            f.severity, f.file, f.line, f.column, f.code
        );
        assert!(line.starts_with(&head), "{line}\nexpected {head}");
    }
}

/// Guards the JSON diagnostics' schema: exactly the documented fields (every finding of this
/// fixture has a help line).
#[test]
fn json_diagnostics_carry_exactly_the_spec_fields() {
    let document: Value = serde_json::from_str(&output("json")).expect("one JSON document");
    for diagnostic in document["diagnostics"].as_array().expect("diagnostics") {
        assert_eq!(
            keys(diagnostic),
            ["code", "column", "file", "help", "line", "message", "severity"],
            "{diagnostic}"
        );
    }
}

/// Guards `explain claim/uncited`: What / Why / Example on stdout, exit 0.
#[test]
fn explain_prints_what_why_and_an_example() {
    let args: [&OsStr; 2] = ["explain".as_ref(), "claim/uncited".as_ref()];
    let explained = run(&args);
    explained.expect_code(0);
    let text = &explained.stdout;
    for part in ["claim/uncited", "What", "Why", "Example"] {
        assert!(text.contains(part), "no {part:?} in:\n{text}");
    }
}

/// Guards `explain` for every code a rule reports (and the opt-out's own code).
#[test]
fn explain_knows_every_spec_code() {
    for code in [
        "meta/invalid",
        "meta/missing",
        "link/broken",
        "link/missing-anchor",
        "link/malformed",
        "link/external",
        "cite/malformed",
        "cite/unknown",
        "cite/retracted",
        "cite/duplicate",
        "cite/unused",
        "claim/uncited",
        "policy/dose-figure",
        "review/overdue",
        "cite/unverified",
        "cite/mismatch",
        "cite/id-conflict",
        "check/invalid-allow",
    ] {
        let args: [&OsStr; 2] = ["explain".as_ref(), code.as_ref()];
        let explained = run(&args);
        explained.expect_code(0);
        assert!(
            explained.stdout.contains("Example"),
            "{code}: {}",
            explained.stdout
        );
    }
}

/// Guards `explain nope`: exit 2, and stderr names the real codes.
#[test]
fn explain_an_unknown_code_exits_2() {
    let args: [&OsStr; 2] = ["explain".as_ref(), "nope".as_ref()];
    let explained = run(&args);
    explained.expect_code(2).expect_stderr("claim/uncited");
    assert_eq!(explained.stdout, "");
}

/// `check` keeps the text of each page it has findings in, so the human report quotes the
/// text that was checked without reading the files again; a page without findings is not
/// kept.
#[test]
fn the_report_keeps_the_text_of_each_page_with_findings() {
    let site = Site::new(FIXTURE);
    site.write(
        "content/clean.md",
        "---\ntitle: Clean\ndescription: Nothing to report.\n---\nNothing to report.\n",
    );
    let report = panelpress::pipeline::check(&panelpress::pipeline::CheckOptions {
        root: site.root.clone(),
        today: panelpress::content::Date::parse(TODAY).expect("TODAY is a date"),
        changed_since: None,
        external: false,
        drafts: false,
        disposal: Default::default(),
    })
    .expect("check runs");
    let with_findings: std::collections::BTreeSet<&str> = report
        .diagnostics
        .iter()
        .map(|d| d.file.as_str())
        .filter(|file| file.starts_with("content/"))
        .collect();
    let quoted: std::collections::BTreeSet<&str> =
        report.quoted.keys().map(String::as_str).collect();
    assert_eq!(quoted, with_findings);
    assert!(
        quoted.len() >= 2 && !quoted.contains("content/clean.md"),
        "{quoted:?}"
    );
    for (file, kept) in &report.quoted {
        let on_disk = std::fs::read_to_string(site.root.join(file)).expect("the page is there");
        assert_eq!(kept.text, on_disk, "{file}");
    }
}
