//! Diagnostic codes: the names users' CI configs and `checks:` overrides rely on, plus the
//! `build/*` codes for what stops a build.

use serde::{Serialize, Serializer};
use std::fmt;

/// How serious a finding is. Errors make `check` fail; warnings only with `--deny-warnings`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Severity {
    Error,
    Warning,
}

impl Severity {
    /// The word reports use (`error`, `warning`).
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

macro_rules! codes {
    ($( $(#[$doc:meta])* $variant:ident = $name:literal, $severity:ident, blocks: $blocks:literal; )*) => {
        /// A diagnostic code such as `meta/invalid`.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Code {
            $( $(#[$doc])* $variant, )*
        }

        impl Code {
            /// Every code, in the order declared below.
            pub const ALL: &'static [Code] = &[$(Code::$variant,)*];

            /// The name users write (`link/broken`).
            pub fn as_str(self) -> &'static str {
                match self { $(Code::$variant => $name,)* }
            }

            pub(crate) fn default_severity(self) -> Severity {
                match self { $(Code::$variant => Severity::$severity,)* }
            }

            /// Whether a finding with this code means what it is about cannot be rendered as
            /// written: a page with one is left out (the rest of the site is still rendered
            /// and checked), and site.yaml, the bibliography or a template with one stops the
            /// build. Such a code cannot be switched off in `checks:`.
            pub fn blocks_build(self) -> bool {
                match self { $(Code::$variant => $blocks,)* }
            }
        }
    };
}

codes! {
    /// Front matter or a YAML file does not parse, or a key has the wrong type.
    MetaInvalid = "meta/invalid", Error, blocks: true;
    /// A top-level front-matter key that panelpress does not define (a typo, or a custom
    /// value outside `extra:`).
    MetaUnknownKey = "meta/unknown-key", Error, blocks: true;
    /// A `required_fields` key is absent from a page's front matter.
    MetaMissing = "meta/missing", Error, blocks: false;
    /// An internal link names a page or file that does not exist.
    LinkBroken = "link/broken", Error, blocks: false;
    /// The target exists but the `#fragment` does not.
    LinkMissingAnchor = "link/missing-anchor", Error, blocks: false;
    /// An empty or unparseable link destination.
    LinkMalformed = "link/malformed", Error, blocks: false;
    /// A link reaches its page only through an alias (an old URL).
    LinkAlias = "link/alias", Warning, blocks: false;
    /// `--external` only: the URL failed after retries.
    LinkExternal = "link/external", Error, blocks: false;
    /// An identifier fails validation.
    CiteMalformed = "cite/malformed", Error, blocks: false;
    /// An identifier or key is not in the bibliography.
    CiteUnknown = "cite/unknown", Error, blocks: false;
    /// The cited entry is marked `retracted: true`.
    CiteRetracted = "cite/retracted", Error, blocks: false;
    /// Two bibliography entries carry the same identifier.
    CiteDuplicate = "cite/duplicate", Error, blocks: false;
    /// A bibliography entry no page cites.
    CiteUnused = "cite/unused", Warning, blocks: false;
    /// A claim unit holds a quantitative figure and no citation.
    ClaimUncited = "claim/uncited", Warning, blocks: false;
    /// A dose figure on a `no_dose_figures` page without a label citation.
    PolicyDoseFigure = "policy/dose-figure", Error, blocks: false;
    /// `reviewed` is older than the review interval.
    ReviewOverdue = "review/overdue", Warning, blocks: false;
    /// The identifier is not in `citations.lock`.
    CiteUnverified = "cite/unverified", Warning, blocks: false;
    /// The bibliography's title or year disagrees with the lock.
    CiteMismatch = "cite/mismatch", Warning, blocks: false;
    /// An entry's identifiers belong to different works according to the lock.
    CiteIdConflict = "cite/id-conflict", Error, blocks: false;
    /// A claim unit cites only animal or laboratory evidence and does not say so.
    EvidenceAnimalOnly = "evidence/animal-only", Warning, blocks: false;
    /// A claim unit cites only preprints and does not say so.
    EvidencePreprint = "evidence/preprint", Warning, blocks: false;
    /// A `<!-- panelpress: allow … -->` comment without a reason or with an unknown code.
    CheckInvalidAllow = "check/invalid-allow", Error, blocks: false;
    /// A page file is not valid UTF-8, so it cannot be rendered.
    BuildNotUtf8 = "build/not-utf8", Error, blocks: true;
    /// A template does not parse or fails to render (unknown variable, bad filter …).
    BuildTemplate = "build/template", Error, blocks: true;
    /// Two pages, sections or aliases claim the same URL.
    BuildUrlConflict = "build/url-conflict", Error, blocks: true;
    /// A file or folder under `content/` or `static/` could not be read (a symlink loop,
    /// a permission error); it is skipped.
    BuildUnreadable = "build/unreadable", Warning, blocks: false;
    /// A file or folder under `content/` or `static/` is a symbolic link that leads outside
    /// the site folder; it is left out, so no file of the building machine is published.
    BuildOutsideSite = "build/outside-site", Error, blocks: true;
}

impl Code {
    /// The code named `name`, if there is one (for `checks:` overrides).
    pub fn from_name(name: &str) -> Option<Code> {
        Code::ALL.iter().copied().find(|c| c.as_str() == name)
    }
}

/// Codes sort by name, so diagnostics at one position are listed alphabetically.
impl Ord for Code {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.as_str().cmp(other.as_str())
    }
}

impl PartialOrd for Code {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Code {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_are_unique() {
        let mut names: Vec<&str> = Code::ALL.iter().map(|c| c.as_str()).collect();
        for code in Code::ALL {
            assert_eq!(Code::from_name(code.as_str()), Some(*code));
        }
        names.sort();
        names.dedup();
        assert_eq!(names.len(), Code::ALL.len());
        assert_eq!(Code::from_name("link/nope"), None);
    }

    #[test]
    fn only_what_cannot_be_rendered_blocks() {
        assert!(!Code::LinkBroken.blocks_build());
        assert!(!Code::MetaMissing.blocks_build());
        assert!(Code::MetaInvalid.blocks_build());
        assert!(Code::MetaUnknownKey.blocks_build());
        assert!(Code::BuildTemplate.blocks_build());
    }
}
