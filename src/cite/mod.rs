//! Online verification of sources (SPEC §7): `cite lock` asks the registries (PubMed
//! esummary, the PMC ID Converter, Crossref, ClinicalTrials.gov) about every identifier
//! and writes `citations.lock`; `check` reads that lock offline (`cite/unverified`,
//! `cite/mismatch`, `cite/id-conflict`, `cite/retracted`); `cite fill` copies its metadata
//! into empty bibliography fields.
//!
//! ```text
//! bibliography + content ─► lock::site_identifiers ─► ask + http (paced, retried) ─► registries
//!                                                      (JSON → Record) ─► lockfile (YAML)
//! ```
//!
//! Only `ask` and `http` touch the network; `lockfile`, `registries` and `fill` are plain data
//! and files.

mod ask;
pub mod fill;
pub mod http;
pub mod lock;
pub mod lockfile;
pub mod registries;

pub use lockfile::{Lock, Record, LOCK_FILE};
