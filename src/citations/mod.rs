//! Citations: identifiers found in prose, the bibliography they resolve against, and the
//! numbered reference list each page ends with.

pub mod bibliography;
pub mod identifiers;
pub mod recognize;
pub mod references;

pub use bibliography::{Bibliography, Entry, EntryType};
pub use identifiers::Identifier;
pub use recognize::{Cited, Found};
