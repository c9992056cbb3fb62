//! Online verification of sources against the registries, and the lock file it leaves:
//! `cite lock` asks PubMed esummary and efetch, the PMC ID Converter, Crossref and
//! ClinicalTrials.gov about every identifier the bibliography and the content use, and
//! writes `citations.lock` (with each source's kind of evidence); `check` reads that lock offline (`cite/unverified`, `cite/mismatch`,
//! `cite/id-conflict`, `cite/retracted`); `cite fill` copies its metadata into empty
//! bibliography fields. The citations themselves (identifiers, bibliography, references)
//! are [`crate::citations`], which never touches the network.
//!
//! ```text
//! bibliography + content ─► lock (identifiers) ─► ask ─► crate::http (paced, retried)
//!                           registries (JSON → Record) ◄─┤
//!                           efetch (XML → species) ◄─────┘
//!                           ─► lockfile (citations.lock, YAML) ─► check, fill
//! ```
//!
//! Only `ask` (through [`crate::http`]) touches the network; `lockfile`, `registries`,
//! `efetch` and `fill` are plain data and files. The imports run one way: `fill` → `lock`
//! → `ask` → `registries`, `efetch` → `lockfile`.

mod ask;
mod efetch;
pub mod fill;
pub mod lock;
mod lockfile;
mod registries;

pub(crate) use lockfile::Lock;
pub(crate) use lockfile::Record;
