//! panelpress: Markdown explainers with YAML metadata into a static website, with the
//! citation and claim checks a health publisher needs.
//!
//! `pipeline` is the only module that knows the order of the stages; `build`, `check` and
//! `serve` all run the same ones, and `check` simply writes nothing:
//!
//! ```text
//! site.yaml        ─► config
//! references.yaml  ─► citations (bibliography)          citations.lock ─► registry::Lock
//! content/         ─► content (pages, front matter) ─► content::tree (URLs, sections, tags)
//!                                    │
//!                                    ▼  per page, in parallel
//!        markdown (HTML, ids, contents, citations linked; claims and figures recorded)
//!                                    ▼
//!        templates (Tera: the built-in `theme`, or the site's `templates/`)
//!                                    ▼
//!        output (written to a staging folder, swapped in)   links (ids and links read back)
//!        search (each page's plain text and metadata ─► the Pagefind index, `build` only)
//!                                    ▼
//!        check (rules over pages, analyses and the built links) ─► diagnostics
//!        linkcheck (`check --external`: fetches external links)
//! ```
//!
//! Every stage returns plain data and findings ([`diagnostics::Diagnostic`]); a finding
//! never stops a stage. `registry` verifies identifiers online (`cite lock`, `cite fill`)
//! and `linkcheck` fetches external links; both use the one `http` client. `serve` keeps a
//! build in memory and rebuilds what a saved file changes.
//!
//! The library never prints and never exits: the binary (`main.rs` and `cmd/`) decides how
//! to show findings and which exit code to use.

#![forbid(unsafe_code)]

pub mod config;
pub mod content;
pub mod diagnostics;
pub mod init;
pub(crate) mod links;

pub mod markdown;

pub mod changes;
pub(crate) mod check;
pub mod citations;
pub mod claims;
mod http;
mod linkcheck;
pub(crate) mod output;
pub mod pipeline;
pub mod registry;
pub mod report;
pub(crate) mod search;
pub mod serve;
pub(crate) mod templates;
mod text;
mod theme;
pub mod timings;
mod yaml;
