//! panelpress: Markdown explainers with YAML metadata into a static website, with the
//! citation and claim checks a health publisher needs.
//!
//! ```text
//! site.yaml ─► config ─┐
//! content/  ─► content::load ─► content::SiteTree ─► markdown::render ─► templates ─► output
//!              (pages, front matter)  (URLs, sections, tags)  (HTML, TOC)   (Tera)   (fresh folder,
//!                                                                                      swapped in)
//!                       every stage returns plain data + Vec<Diagnostic>; pipeline orders them
//! ```
//!
//! The library never prints and never exits: `main.rs` decides how to show diagnostics and
//! which exit code to use.

#![forbid(unsafe_code)]

pub mod config;
pub mod content;
pub mod diagnostics;
pub mod init;
pub(crate) mod links;

pub mod markdown;

pub(crate) mod changes;
pub(crate) mod check;
pub mod citations;
pub mod claims;
mod http;
mod linkcheck;
pub(crate) mod output;
pub mod pipeline;
pub mod registry;
pub mod serve;
pub(crate) mod templates;
mod text;
mod theme;
pub mod timings;
mod yaml;
