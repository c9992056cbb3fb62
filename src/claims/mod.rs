//! Quantitative figures: percentages, fold changes, multipliers, natural frequencies, lab
//! values and dose figures, found in the text of claim units (and doses in headings) so
//! the checks can ask whether each unit cites a source, and whether it gives a dose.

mod figures;

pub use figures::scan;
pub(crate) use figures::Figure;
pub(crate) use figures::{column_unit, scan_cell};
