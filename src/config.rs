//! Stage 0: `site.yaml` into a [`Config`]. Unknown keys are an error at their line,
//! so a typo such as `reviw_interval_days` never silently falls back to a default.

use crate::diagnostics::{Code, Diagnostic};
use crate::yaml;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub(crate) const CONFIG_FILE: &str = "site.yaml";

/// The site configuration.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    pub(crate) title: String,
    pub(crate) base_url: String,
    #[serde(default = "default_language")]
    pub(crate) language: String,
    #[serde(default)]
    pub(crate) description: Option<String>,
    /// Who writes the site, by name: the feed's `<author>` and the pages' structured data.
    /// When absent, the site's title stands in.
    #[serde(default)]
    pub(crate) author: Option<String>,
    /// Free values for templates (`site.extra`): the built-in theme reads its footer
    /// disclaimer from `extra.disclaimer`.
    #[serde(default)]
    pub(crate) extra: BTreeMap<String, serde_json::Value>,
    /// `None` means the default `references.yaml`, which may be absent.
    #[serde(default)]
    pub(crate) bibliography: Option<PathBuf>,
    #[serde(default = "default_review_interval")]
    pub(crate) review_interval_days: u32,
    #[serde(default)]
    pub(crate) no_dose_figures: bool,
    /// Words that say a claim is about animal or laboratory evidence, added to the built-in
    /// list (`rats`, `in vitro` …) that `evidence/animal-only` looks for.
    #[serde(default)]
    pub(crate) evidence_words: Vec<String>,
    #[serde(default = "default_required_fields")]
    pub(crate) required_fields: Vec<String>,
    /// Per-code severity overrides: `error`, `warning` or `off`.
    #[serde(default)]
    pub(crate) checks: BTreeMap<String, CheckLevel>,
    #[serde(default)]
    pub(crate) link_check: LinkCheck,
    #[serde(default)]
    pub(crate) ncbi: Option<Ncbi>,
    #[serde(default)]
    pub(crate) registries: Registries,
    #[serde(default)]
    pub(crate) search: Search,
    /// The line of each top-level key, so a finding about a key's value (a bibliography
    /// that cannot be read) points at it without reading `site.yaml` again.
    #[serde(skip)]
    key_lines: Vec<(String, usize)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum CheckLevel {
    Error,
    Warning,
    Off,
}

/// External link checking settings (used by `check --external`).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct LinkCheck {
    #[serde(default)]
    pub(crate) exclude: Vec<String>,
    #[serde(default)]
    pub(crate) accept: Vec<u16>,
    #[serde(default)]
    pub(crate) timeout_s: Option<u64>,
    /// Hours a URL that worked is not asked again (24; 0 turns the cache off).
    #[serde(default)]
    pub(crate) cache_hours: Option<u64>,
}

/// What NCBI's E-utilities ask callers to identify themselves with.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Ncbi {
    pub(crate) tool: Option<String>,
    pub(crate) email: Option<String>,
}

/// Base URLs of the registries online verification (`cite lock`) asks.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Registries {
    pub(crate) eutils: Option<String>,
    pub(crate) idconv: Option<String>,
    pub(crate) crossref: Option<String>,
    pub(crate) clinicaltrials: Option<String>,
}

/// The search index and the search box (on unless `enabled: false`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Search {
    #[serde(default = "default_true")]
    pub(crate) enabled: bool,
    /// URL paths whose pages search leaves out (`/news/` leaves out every page under it).
    #[serde(default)]
    pub(crate) exclude: Vec<String>,
}

impl Default for Search {
    fn default() -> Search {
        Search {
            enabled: true,
            exclude: Vec::new(),
        }
    }
}

fn default_true() -> bool {
    true
}
fn default_language() -> String {
    "en".into()
}
fn default_review_interval() -> u32 {
    365
}
fn default_required_fields() -> Vec<String> {
    vec!["title".into(), "description".into()]
}

/// Why `site.yaml` could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("no `site.yaml` in `{}`: a site is the folder that holds it", .0.display())]
    Missing(PathBuf),
    #[error("cannot read `{}`", .path.display())]
    Unreadable {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// The file is there but says something wrong; a finding at its line.
    #[error("{}", .0.message)]
    Invalid(Box<Diagnostic>),
}

impl Config {
    /// Reads and validates `ROOT/site.yaml`.
    pub fn load(root: &Path) -> Result<Config, ConfigError> {
        let path = root.join(CONFIG_FILE);
        let text = match std::fs::read(&path) {
            Ok(bytes) => String::from_utf8(bytes).map_err(|error| {
                let (at, valid) = crate::diagnostics::first_bad_byte(&error);
                invalid(
                    at,
                    &format!(
                        "`site.yaml` is not valid UTF-8 (byte {valid} cannot be read as text)"
                    ),
                    crate::diagnostics::SAVE_AS_UTF8,
                )
            })?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(ConfigError::Missing(root.to_path_buf()))
            }
            Err(source) => return Err(ConfigError::Unreadable { path, source }),
        };
        Config::parse(&text)
    }

    /// Parses the text of `site.yaml`.
    pub(crate) fn parse(text: &str) -> Result<Config, ConfigError> {
        let key_lines = yaml::top_level_key_lines(text);
        if let Some((key, line)) = repeated_key(&key_lines) {
            return Err(invalid(
                (*line, 1),
                &format!("`site.yaml` is invalid: `{key}` is set twice"),
                "keep one of the two lines",
            ));
        }
        let mut config: Config = yaml::from_str(text).map_err(|e| {
            let help = if e.message.starts_with("unknown field") {
                "remove the key or fix its spelling; the message names the keys allowed here"
            } else {
                "fix the YAML at this line"
            };
            invalid(
                (e.line, e.column),
                &format!("`site.yaml` is invalid: {}", e.message),
                help,
            )
        })?;
        config.validate(text)?;
        config.key_lines = key_lines;
        Ok(config)
    }

    /// The line of the top-level `key` in `site.yaml`, or 1 when it is absent.
    pub(crate) fn line_of(&self, key: &str) -> usize {
        self.key_lines
            .iter()
            .find(|(k, _)| k == key)
            .map_or(1, |&(_, line)| line)
    }

    fn validate(&self, text: &str) -> Result<(), ConfigError> {
        // The line and column of `key:` written as a YAML key (not in a comment or value),
        // else inside a map written on one line (`checks: {claim/uncitd: error}`).
        let key_at = |key: &str| {
            let lines = || text.lines().enumerate();
            lines()
                .find_map(|(i, line)| {
                    let trimmed = line.trim_start();
                    let unquoted = trimmed.trim_start_matches(['"', '\'']);
                    let rest = unquoted.strip_prefix(key)?;
                    rest.trim_start_matches(['"', '\''])
                        .starts_with(':')
                        .then(|| (i + 1, line.len() - trimmed.len() + 1))
                })
                .or_else(|| {
                    lines().find_map(|(i, line)| {
                        if line.trim_start().starts_with('#') {
                            return None;
                        }
                        let code = line.split(" #").next().unwrap_or(line);
                        code.match_indices(key).find_map(|(at, _)| {
                            // The whole key, not the end of a longer one (`alias` in
                            // `link/alias`).
                            let before = code[..at].chars().next_back();
                            if before.is_some_and(|c| !matches!(c, ' ' | '{' | ',' | '"' | '\'')) {
                                return None;
                            }
                            code[at + key.len()..]
                                .trim_start_matches(['"', '\''])
                                .starts_with(':')
                                .then(|| (i + 1, code[..at].chars().count() + 1))
                        })
                    })
                })
                .unwrap_or((1, 1))
        };
        if let Err(message) = check_base_url(&self.base_url) {
            return Err(invalid(
                key_at("base_url"),
                &message,
                "write it like `https://example.org/`",
            ));
        }
        if let Some(path) = self.search.exclude.iter().find(|p| !p.starts_with('/')) {
            return Err(invalid(
                key_at("search"),
                &format!("`search.exclude` lists `{path}`, which is not a URL path"),
                "write the start of the pages' URLs, like `/news/`",
            ));
        }
        for name in self.checks.keys() {
            match Code::from_name(name) {
                None => {
                    return Err(invalid(
                        key_at(name),
                        &format!("`checks` names an unknown code `{name}`"),
                        "codes are listed in the manual under \"Checks\", e.g. `claim/uncited`; `panelpress explain CODE` describes one",
                    ))
                }
                Some(code) if code.blocks_build() => {
                    return Err(invalid(
                        key_at(name),
                        &format!("`{name}` cannot be changed in `checks`: it means the site cannot be rendered"),
                        "fix what it reports instead",
                    ))
                }
                Some(_) => {}
            }
        }
        Ok(())
    }

    /// The bibliography file, relative to the site root.
    pub fn bibliography_path(&self) -> PathBuf {
        self.bibliography
            .clone()
            .unwrap_or_else(|| "references.yaml".into())
    }

    /// `base_url` without its trailing slash (`https://example.org/docs`).
    pub(crate) fn base_url(&self) -> &str {
        self.base_url.trim_end_matches('/')
    }

    /// The path part of `base_url` (`/docs`, or empty at a domain's root); every URL the
    /// site writes starts with it, so a site published under a sub-path works.
    pub fn base_path(&self) -> &str {
        let url = self.base_url();
        let after_scheme = url.split_once("://").map_or(url, |(_, rest)| rest);
        after_scheme.find('/').map_or("", |i| &after_scheme[i..])
    }
}

/// The first top-level key written a second time, at its second line (the YAML parser
/// reports a repeated key without a position).
fn repeated_key(key_lines: &[(String, usize)]) -> Option<&(String, usize)> {
    let mut seen = std::collections::HashSet::new();
    key_lines.iter().find(|(key, _)| !seen.insert(key))
}

/// `base_url` (from site.yaml or `--base-url`) must be an absolute http(s) URL: every
/// permalink, the sitemap and the feed are built from it.
pub(crate) fn check_base_url(url: &str) -> Result<(), String> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"));
    match rest {
        // `//` in the path would make every link the site writes (`//docs/a/`) one to
        // another host.
        Some(rest)
            if !rest.is_empty()
                && !rest.starts_with('/')
                && !rest.contains("//")
                && !url.contains(char::is_whitespace) =>
        {
            Ok(())
        }
        _ => Err(format!(
            "`base_url` must be an absolute http(s) URL, not `{url}`"
        )),
    }
}

fn invalid(at: (usize, usize), message: &str, help: &'static str) -> ConfigError {
    ConfigError::Invalid(Box::new(
        Diagnostic::new(Code::MetaInvalid, CONFIG_FILE, at)
            .message(message)
            .help(help),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn diagnostic(text: &str) -> Diagnostic {
        match Config::parse(text) {
            Err(ConfigError::Invalid(d)) => *d,
            other => panic!("expected an invalid config, got {other:?}"),
        }
    }

    #[test]
    fn applies_defaults() {
        let c = Config::parse("title: T\nbase_url: https://example.org/docs/\n").unwrap();
        assert_eq!(c.language, "en");
        assert_eq!(c.review_interval_days, 365);
        assert_eq!(c.required_fields, ["title", "description"]);
        assert_eq!(c.base_url(), "https://example.org/docs");
        assert_eq!(c.base_path(), "/docs");
    }

    #[test]
    fn base_path_is_empty_at_a_domain_root() {
        let c = Config::parse("title: T\nbase_url: https://example.org\n").unwrap();
        assert_eq!(c.base_path(), "");
    }

    #[test]
    fn unknown_key_is_reported_at_its_line() {
        let d = diagnostic("title: T\nbase_url: https://e.org\nreviw_interval_days: 3\n");
        assert_eq!(d.code, Code::MetaInvalid);
        assert_eq!(d.line, 3);
        assert!(d.message.contains("reviw_interval_days"), "{}", d.message);
    }

    #[test]
    fn knows_the_line_of_each_key() {
        let c =
            Config::parse("# site\ntitle: T\n\nbase_url: https://e.org\nbibliography: refs.yaml\n")
                .unwrap();
        assert_eq!(c.line_of("bibliography"), 5);
        assert_eq!(c.line_of("title"), 2);
        assert_eq!(c.line_of("language"), 1);
    }

    #[test]
    fn a_repeated_key_is_reported_at_its_second_line() {
        let d = diagnostic("title: T\nbase_url: https://e.org\n# note\ntitle: U\n");
        assert_eq!(d.line, 4);
    }

    #[test]
    fn wrong_type_and_unknown_check_code_are_invalid() {
        let d = diagnostic("title: T\nbase_url: https://e.org\nreview_interval_days: soon\n");
        assert_eq!(d.line, 3);
        let d = diagnostic("title: T\nbase_url: https://e.org\nchecks:\n  claim/uncitd: off\n");
        assert_eq!(d.line, 4);
        let d = diagnostic("title: T\nbase_url: https://e.org\nchecks:\n  meta/invalid: off\n");
        assert_eq!(d.line, 4);
        let d = diagnostic("title: T\nbase_url: example.org\n");
        assert_eq!(d.line, 2);
    }

    /// `//` in the path would make every link the site writes one to another host.
    #[test]
    fn a_base_url_with_an_empty_path_segment_is_refused() {
        assert!(check_base_url("https://example.org/docs/").is_ok());
        assert!(check_base_url("https://example.org//docs/").is_err());
        assert!(check_base_url("https://example.org/docs//").is_err());
    }
}
