//! The one module that touches `serde_yaml`: its author deprecated it in 2024, so keeping
//! every use here makes a swap to a maintained parser a one-file change.
//!
//! Untyped data (a page's extra keys, the bibliography) is read as `serde_json::Value`, so
//! no other module names a serde_yaml type.
//!
//! Parse errors come back as [`YamlError`] with a 1-based position *within the YAML text*;
//! callers shift it by where the block starts in its file.

use serde::de::DeserializeOwned;

/// Why a YAML text did not deserialize, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    /// 1-based line within the YAML text (1 when the parser gave no position).
    pub line: usize,
    /// 1-based column.
    pub column: usize,
    /// The parser's message without its "at line … column …" suffix.
    pub message: String,
}

/// Deserializes `text` into `T`, keeping the position of any error.
pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, YamlError> {
    serde_yaml::from_str(text).map_err(|error| {
        let (line, column) = error.location().map_or((1, 1), |l| (l.line(), l.column()));
        YamlError {
            line,
            column,
            message: strip_location(&error.to_string()),
        }
    })
}

/// serde_yaml appends " at line L column C" to its messages; we report the position
/// ourselves, shifted into the file.
fn strip_location(message: &str) -> String {
    match message.find(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message.to_string(),
    }
}

/// The 1-based line of each top-level key of a YAML mapping, found by scanning for
/// unindented `key:` lines. serde does not keep positions for values that parsed, and
/// diagnostics about an entry (an unknown key, a bibliography entry) point at its key line.
pub fn top_level_key_lines(text: &str) -> Vec<(String, usize)> {
    let mut keys = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.starts_with([' ', '\t', '#', '-']) || line.trim().is_empty() {
            continue;
        }
        if let Some(colon) = line.find(':') {
            let key = line[..colon].trim().trim_matches(['"', '\'']);
            if !key.is_empty() {
                keys.push((key.to_string(), i + 1));
            }
        }
    }
    keys
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    #[test]
    fn errors_keep_their_position_and_lose_the_suffix() {
        let error = from_str::<BTreeMap<String, String>>("a: b\nc: [d\n").unwrap_err();
        assert_eq!(error.line, 2);
        assert!(!error.message.contains("at line"), "{}", error.message);
    }

    #[test]
    fn finds_top_level_key_lines() {
        let text = "# comment\ntitle: x\nlist:\n  - a\n\"quoted\": 1\n";
        assert_eq!(
            top_level_key_lines(text),
            vec![
                ("title".into(), 2),
                ("list".into(), 3),
                ("quoted".into(), 5)
            ]
        );
    }
}
