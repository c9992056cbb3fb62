//! One source of the bibliography, as every part of `citations` reads it: what the
//! bibliography loads, the references list formats and the checks compare.

use super::identifiers::Identifier;

/// What kind of source an entry is. `label` matters to `policy/dose-figure`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum EntryType {
    #[default]
    Article,
    Label,
    Guideline,
    Trial,
    Book,
    Web,
}

impl EntryType {
    pub(crate) fn parse(name: &str) -> Option<EntryType> {
        Some(match name {
            "article" => EntryType::Article,
            "label" => EntryType::Label,
            "guideline" => EntryType::Guideline,
            "trial" => EntryType::Trial,
            "book" => EntryType::Book,
            "web" => EntryType::Web,
            _ => return None,
        })
    }
}

/// One source.
#[derive(Debug, Clone, Default)]
pub struct Entry {
    pub(crate) key: String,
    /// 1-based line of the entry's key in the bibliography file.
    pub(crate) line: usize,
    /// Valid identifiers, in the order written.
    pub(crate) ids: Vec<Identifier>,
    pub(crate) url: Option<String>,
    pub(crate) title: Option<String>,
    pub(crate) authors: Vec<String>,
    pub(crate) journal: Option<String>,
    pub(crate) year: Option<i32>,
    pub(crate) entry_type: EntryType,
    pub(crate) retracted: bool,
}
