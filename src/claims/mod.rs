//! Quantitative figures: percentages, fold changes and dose figures, found in the
//! text of claim units so the checks can ask whether each unit cites a source.

mod figures;

pub use figures::scan;
pub(crate) use figures::Figure;
