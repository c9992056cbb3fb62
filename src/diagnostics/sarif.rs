//! SARIF 2.1.0, the format GitHub code scanning reads: one rule per code (all codes, so
//! `ruleIndex` is stable), one result per diagnostic.

use super::{docs::docs, Code, Diagnostic, Severity};
use serde_json::{json, Value};

pub fn render_sarif(diagnostics: &[Diagnostic]) -> String {
    let rules: Vec<Value> = Code::ALL
        .iter()
        .map(|code| {
            let (what, why, example) = docs(*code);
            json!({
                "id": code.as_str(),
                "name": code.as_str().replace('/', "-"),
                "shortDescription": {"text": what},
                "fullDescription": {"text": format!("{what} {why}")},
                "help": {"text": format!("{what}\n{why}\nExample: {example}")},
                "defaultConfiguration": {"level": level(code.default_severity())},
            })
        })
        .collect();
    let results: Vec<Value> = diagnostics
        .iter()
        .map(|d| {
            let mut text = d.message.clone();
            if let Some(help) = &d.help {
                text.push_str("\nhelp: ");
                text.push_str(help);
            }
            json!({
                "ruleId": d.code.as_str(),
                "ruleIndex": Code::ALL.iter().position(|c| *c == d.code).unwrap_or(0),
                "level": level(d.severity),
                "message": {"text": text},
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": {"uri": d.file, "uriBaseId": "%SRCROOT%"},
                        "region": {"startLine": d.line, "startColumn": d.column}
                    }
                }]
            })
        })
        .collect();
    let document = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "panelpress",
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": "https://github.com/peptidepanel/panelpress",
                "rules": rules,
            }},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }]
    });
    serde_json::to_string_pretty(&document).unwrap_or_default()
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn has_the_required_sarif_fields() {
        let d = Diagnostic::new(Code::ClaimUncited, "content/a.md", (4, 9)).message("m");
        let value: Value = serde_json::from_str(&render_sarif(&[d])).unwrap();
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
    }
}
