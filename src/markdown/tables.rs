//! Tables as a reader needs them: each one sits in a scrolling region named after the
//! nearest heading before it (a phone shows part of a wide table, and a screen reader lists
//! regions by name, so "Table" eight times helps no one), and the first cell of each row is
//! its header (`<th scope="row">`), so a cell is announced with the row it belongs to.
//!
//! Input: the walk's table events and the last heading's title; output: the HTML written
//! around and instead of those events. pulldown-cmark writes every other cell.

use super::escape;
use pulldown_cmark::Alignment;

/// The tables of one page body.
#[derive(Default)]
pub(crate) struct Tables {
    /// The names given so far, so no two regions share one.
    names: Vec<String>,
    /// The open table's column alignments.
    alignments: Vec<Alignment>,
    /// Cells opened so far in the current row.
    cell: usize,
    /// Inside the header row.
    head: bool,
}

impl Tables {
    /// Opens a table under the heading titled `heading` (if any): the region's opening
    /// tag, and the alignments pulldown-cmark is to use for the cells it writes (all but
    /// the first column's, which [`Tables::cell_start`] writes).
    pub(crate) fn open(
        &mut self,
        alignments: Vec<Alignment>,
        heading: Option<&str>,
    ) -> (String, Vec<Alignment>) {
        let base = heading
            .map(str::trim)
            .filter(|h| !h.is_empty())
            .unwrap_or("Table");
        let same = self
            .names
            .iter()
            .filter(|n| n.as_str() == base || n.starts_with(&format!("{base} (table ")))
            .count();
        let name = if same == 0 {
            base.to_string()
        } else {
            format!("{base} (table {})", same + 1)
        };
        let html = format!(
            "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-label=\"{}\">\n",
            escape(&name)
        );
        self.names.push(name);
        let rest = alignments
            .get(1..)
            .map(<[Alignment]>::to_vec)
            .unwrap_or_default();
        self.alignments = alignments;
        (html, rest)
    }

    /// Enters the header row (`true`) or a body row (`false`).
    pub(crate) fn row(&mut self, head: bool) {
        self.head = head;
        self.cell = 0;
    }

    /// The opening tag of a row's first cell, written here; `None` for the other cells.
    pub(crate) fn cell_start(&mut self) -> Option<String> {
        self.cell += 1;
        if self.cell > 1 {
            return None;
        }
        let scope = if self.head { "col" } else { "row" };
        let align = match self.alignments.first() {
            Some(Alignment::Left) => " style=\"text-align: left\"",
            Some(Alignment::Center) => " style=\"text-align: center\"",
            Some(Alignment::Right) => " style=\"text-align: right\"",
            _ => "",
        };
        Some(format!("<th scope=\"{scope}\"{align}>"))
    }

    /// The closing tag of a row's first cell; `None` for the other cells.
    pub(crate) fn cell_end(&self) -> Option<&'static str> {
        (self.cell == 1).then_some("</th>")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Guards against duplicate region names: a second table under one heading is told
    /// apart, and a table before any heading is still named.
    #[test]
    fn regions_are_named_after_their_heading_and_unique() {
        let mut tables = Tables::default();
        let name = |html: String| html.split('"').nth(7).unwrap_or_default().to_string();
        assert_eq!(name(tables.open(vec![], None).0), "Table");
        assert_eq!(name(tables.open(vec![], Some("Doses")).0), "Doses");
        let third = tables.open(vec![Alignment::None, Alignment::Right], Some("Doses"));
        assert_eq!(name(third.0), "Doses (table 2)");
        assert_eq!(third.1, vec![Alignment::Right]);
        assert_eq!(name(tables.open(vec![], Some("A & B")).0), "A &amp; B");
    }

    /// Guards the row headers: the first cell of a body row is `<th scope="row">`, the
    /// others are left to pulldown-cmark.
    #[test]
    fn the_first_cell_of_a_row_is_its_header() {
        let mut tables = Tables::default();
        tables.open(vec![Alignment::Center, Alignment::None], Some("x"));
        tables.row(true);
        assert_eq!(
            tables.cell_start().as_deref(),
            Some("<th scope=\"col\" style=\"text-align: center\">")
        );
        assert_eq!(tables.cell_end(), Some("</th>"));
        assert_eq!(tables.cell_start(), None);
        assert_eq!(tables.cell_end(), None);
        tables.row(false);
        assert!(tables
            .cell_start()
            .is_some_and(|t| t.contains("scope=\"row\"")));
    }
}
