//! Citations: identifiers found in prose, the bibliography they resolve against, and the
//! numbered reference list each page ends with.

pub(crate) mod bibliography;
pub(crate) mod entry;
pub(crate) mod evidence;
pub(crate) mod identifiers;
pub mod recognize;
pub(crate) mod references;

pub use bibliography::Bibliography;
pub(crate) use entry::{Entry, EntryType};
pub(crate) use identifiers::Identifier;
pub(crate) use recognize::{Cited, Found};
