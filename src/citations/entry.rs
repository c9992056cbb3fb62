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
    /// A web address, always `http://` or `https://` (see [`is_web_url`]): reference lists
    /// make it a link, so a `javascript:` or `data:` address must never get here.
    pub(crate) url: Option<String>,
    pub(crate) title: Option<String>,
    pub(crate) authors: Vec<String>,
    pub(crate) journal: Option<String>,
    pub(crate) year: Option<i32>,
    pub(crate) entry_type: EntryType,
    pub(crate) retracted: bool,
    /// What the entry states about its kind of evidence (`study:`).
    pub(crate) study: Option<super::evidence::Study>,
    /// Who was studied (`species:`), as written.
    pub(crate) species: Vec<String>,
    /// The kind of evidence readers and the checks see, from `study:`, `species:` and the
    /// lock ([`super::Bibliography::attach_evidence`]); `None` until attached, or when
    /// nothing is known.
    pub(crate) evidence: Option<super::evidence::Evidence>,
}

/// Whether `url` is a web address a reader's browser can follow safely: `http://` or
/// `https://` (either case) with a well-formed host, as links on pages are checked.
/// Anything else (`javascript:`, `data:`, `file:`, a bare path) would be a live link that
/// runs or opens something on the reader's machine.
pub(crate) fn is_web_url(url: &str) -> bool {
    let scheme = url.split_once("://").map(|(scheme, _)| scheme);
    scheme.is_some_and(|s| s.eq_ignore_ascii_case("http") || s.eq_ignore_ascii_case("https"))
        && crate::links::external_syntax(url).is_none()
}

#[cfg(test)]
mod tests {
    use super::is_web_url;

    #[test]
    fn only_http_and_https_addresses_are_web_urls() {
        for good in [
            "https://example.org/a",
            "http://x.org",
            "HTTPS://Example.org?q=1",
        ] {
            assert!(is_web_url(good), "{good}");
        }
        for bad in [
            "javascript:alert(1)",
            "JavaScript://%0aalert(1)",
            "data:text/html,<script>x</script>",
            "file:///etc/passwd",
            "https:///path",
            "//example.org",
            "example.org",
            "https://exa mple.org",
            "https://example.org/\nx",
            "",
        ] {
            assert!(!is_web_url(bad), "{bad:?}");
        }
    }
}
