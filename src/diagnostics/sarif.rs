//! SARIF 2.1.0, the format GitHub code scanning reads: one rule per code (all codes, so
//! `ruleIndex` is stable), one result per diagnostic.
//!
//! The document is typed structs whose fields are declared in key order (its keys are
//! sorted, as a `serde_json::Value` prints them), streamed by
//! `serde_json`'s pretty printer: the results are made one at a time as they are written.

use super::{docs::docs, Code, Diagnostic};
use serde::{Serialize, Serializer};

/// Writes the SARIF document for `diagnostics`, pretty-printed. Files are named from the
/// repository's root, as code scanning reads them: `prefix` is the site's folder in the
/// repository (`docs/`, or empty), put before each site-relative path. Only a failed write
/// fails it; give it a buffered writer, as it is written a token at a time.
pub fn write_sarif(
    out: impl std::io::Write,
    diagnostics: &[Diagnostic],
    prefix: &str,
) -> std::io::Result<()> {
    let document = Sarif {
        schema: "https://json.schemastore.org/sarif-2.1.0.json",
        runs: [Run {
            column_kind: "unicodeCodePoints",
            results: Results(diagnostics, prefix),
            tool: Tool {
                driver: Driver {
                    information_uri: "https://github.com/peptidepanel/panelpress",
                    name: "panelpress",
                    rules: Code::ALL.iter().map(|code| rule(*code)).collect(),
                    version: env!("CARGO_PKG_VERSION"),
                },
            },
        }],
        version: "2.1.0",
    };
    Ok(serde_json::to_writer_pretty(out, &document)?)
}

#[derive(Serialize)]
struct Sarif<'d> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    runs: [Run<'d>; 1],
    version: &'static str,
}

#[derive(Serialize)]
struct Run<'d> {
    #[serde(rename = "columnKind")]
    column_kind: &'static str,
    results: Results<'d>,
    tool: Tool,
}

/// The results, one per diagnostic, each made as it is written; and the path prefix.
struct Results<'d>(&'d [Diagnostic], &'d str);

impl Serialize for Results<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.0.iter().map(|d| result(d, self.1)))
    }
}

#[derive(Serialize)]
struct Tool {
    driver: Driver,
}

#[derive(Serialize)]
struct Driver {
    #[serde(rename = "informationUri")]
    information_uri: &'static str,
    name: &'static str,
    rules: Vec<Rule>,
    version: &'static str,
}

#[derive(Serialize)]
struct Rule {
    #[serde(rename = "defaultConfiguration")]
    default_configuration: Configuration,
    #[serde(rename = "fullDescription")]
    full_description: Text,
    help: Text,
    id: &'static str,
    name: String,
    #[serde(rename = "shortDescription")]
    short_description: Text,
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
}

/// The rule for `code`, its descriptions taken from the code's docs.
fn rule(code: Code) -> Rule {
    let (what, why, example) = docs(code);
    Rule {
        default_configuration: Configuration {
            level: code.default_severity().as_str(),
        },
        full_description: Text {
            text: format!("{what} {why}"),
        },
        help: Text {
            text: format!("{what}\n{why}\nExample: {example}"),
        },
        id: code.as_str(),
        name: code.as_str().replace('/', "-"),
        short_description: Text {
            text: what.to_string(),
        },
    }
}

#[derive(Serialize)]
struct SarifResult<'d> {
    level: &'static str,
    locations: [Location<'d>; 1],
    message: Text,
    #[serde(rename = "ruleId")]
    rule_id: &'static str,
    #[serde(rename = "ruleIndex")]
    rule_index: usize,
}

#[derive(Serialize)]
struct Location<'d> {
    #[serde(rename = "physicalLocation")]
    physical_location: PhysicalLocation<'d>,
}

#[derive(Serialize)]
struct PhysicalLocation<'d> {
    #[serde(rename = "artifactLocation")]
    artifact_location: ArtifactLocation<'d>,
    region: Region,
}

#[derive(Serialize)]
struct ArtifactLocation<'d> {
    uri: std::borrow::Cow<'d, str>,
    #[serde(rename = "uriBaseId")]
    uri_base_id: &'static str,
}

#[derive(Serialize)]
struct Region {
    #[serde(rename = "startColumn")]
    start_column: usize,
    #[serde(rename = "startLine")]
    start_line: usize,
}

#[derive(Serialize)]
struct Text {
    text: String,
}

fn result<'d>(d: &'d Diagnostic, prefix: &str) -> SarifResult<'d> {
    SarifResult {
        level: d.severity.as_str(),
        locations: [Location {
            physical_location: PhysicalLocation {
                artifact_location: ArtifactLocation {
                    uri: super::render::in_repository(prefix, &d.file),
                    uri_base_id: "%SRCROOT%",
                },
                region: Region {
                    start_column: d.column,
                    start_line: d.line,
                },
            },
        }],
        message: Text {
            text: d.message_and_help(),
        },
        rule_id: d.code.as_str(),
        rule_index: Code::ALL.iter().position(|c| *c == d.code).unwrap_or(0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    #[test]
    fn has_the_required_sarif_fields() {
        let d = Diagnostic::new(Code::ClaimUncited, "content/a.md", (4, 9)).message("m");
        let mut sarif = Vec::new();
        write_sarif(&mut sarif, &[d], "docs/").unwrap();
        let value: Value = serde_json::from_slice(&sarif).unwrap();
        assert_eq!(value["version"], "2.1.0");
        let run = &value["runs"][0];
        assert_eq!(run["tool"]["driver"]["name"], "panelpress");
        assert_eq!(
            run["tool"]["driver"]["rules"].as_array().unwrap().len(),
            Code::ALL.len()
        );
        let result = &run["results"][0];
        assert_eq!(result["ruleId"], "claim/uncited");
        assert_eq!(result["level"], "warning");
        assert_eq!(
            run["tool"]["driver"]["rules"][result["ruleIndex"].as_u64().unwrap() as usize]["id"],
            "claim/uncited"
        );
        assert_eq!(
            result["locations"][0]["physicalLocation"]["region"]["startLine"],
            4
        );
        assert_eq!(result["message"]["text"], "m");
        assert_eq!(
            result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            "docs/content/a.md"
        );
    }

    /// Every object's keys are in sorted order: printing the document again through a
    /// `serde_json::Value` (whose keys are sorted) gives the same bytes, with and without
    /// results.
    #[test]
    fn keys_are_in_sorted_order() {
        for count in [0, 1, 3] {
            let diagnostics: Vec<Diagnostic> = (0..count)
                .map(|i| {
                    Diagnostic::new(Code::LinkBroken, format!("content/p{i}.md"), (i + 1, 2))
                        .message(format!("link \"x{i}\"\nbroken — é\t\\"))
                        .help("fix it")
                })
                .collect();
            let mut ours = Vec::new();
            write_sarif(&mut ours, &diagnostics, "").unwrap();
            let value: Value = serde_json::from_slice(&ours).unwrap();
            assert!(
                ours == serde_json::to_vec_pretty(&value).unwrap(),
                "{count} results differ"
            );
        }
    }
}
