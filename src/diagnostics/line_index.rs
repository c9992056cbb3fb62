//! Byte offsets to 1-based line and column, the one conversion every diagnostic goes through.

/// The start offset of every line of one text.
#[derive(Debug, Clone)]
pub(crate) struct LineIndex {
    starts: Vec<usize>,
    /// The lines longer than [`LONG_LINE`] bytes that are all ASCII, in order, so a column
    /// on one is a byte difference (no counting along a ten-megabyte line for every
    /// position on it). A shorter line is measured when asked: a flag for every line would
    /// cost more than the line starts themselves, on a site where most pages have a finding.
    long_ascii: Vec<usize>,
}

/// Lines up to this many bytes are measured when a position on them is asked for.
const LONG_LINE: usize = 1024;

/// How to mend a file that is not UTF-8, in an editor's words.
pub(crate) const SAVE_AS_UTF8: &str =
    "save the file with UTF-8 encoding (most editors offer it under \"Save with encoding\")";

/// The 1-based line and column of the first byte of `bytes` that is not UTF-8, and that
/// byte's offset: where an editor shows the bad character, for any file read as text.
pub(crate) fn first_bad_byte(error: &std::string::FromUtf8Error) -> ((usize, usize), usize) {
    let valid = error.utf8_error().valid_up_to();
    // Everything before the bad byte is valid UTF-8.
    let prefix = std::str::from_utf8(&error.as_bytes()[..valid]).unwrap_or_default();
    (LineIndex::new(prefix).locate(prefix, valid), valid)
}

impl LineIndex {
    pub(crate) fn new(text: &str) -> Self {
        let bytes = text.as_bytes();
        let mut starts = Vec::with_capacity(crate::text::newlines(bytes) + 1);
        starts.push(0);
        starts.extend(memchr_newlines(bytes));
        let long_ascii = (0..starts.len())
            .filter(|&line| {
                let (start, end) = (starts[line], Self::end(&starts, bytes, line));
                end - start > LONG_LINE && bytes[start..end].is_ascii()
            })
            .collect();
        LineIndex { starts, long_ascii }
    }

    /// Where 0-based `line` ends (after its line ending).
    fn end(starts: &[usize], bytes: &[u8], line: usize) -> usize {
        starts.get(line + 1).copied().unwrap_or(bytes.len())
    }

    /// The 1-based line and column (in characters) of byte `offset` in `text`, which must be
    /// the text this index was built from. Offsets past the end clamp to the end.
    pub(crate) fn locate(&self, text: &str, offset: usize) -> (usize, usize) {
        let offset = offset.min(text.len());
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let start = self.starts[line];
        if self.long_ascii.binary_search(&line).is_ok() {
            return (line + 1, offset - start + 1);
        }
        let column = text.get(start..offset).map_or(offset - start, |prefix| {
            crate::text::chars(prefix.as_bytes())
        });
        (line + 1, column + 1)
    }

    /// Whether 1-based `line` of `text` is all ASCII (a column is then a byte offset);
    /// `text` must be the text this index was built from.
    pub(crate) fn is_ascii(&self, text: &str, line: usize) -> bool {
        let Some(line) = line.checked_sub(1).filter(|&l| l < self.starts.len()) else {
            return false;
        };
        let (start, end) = (
            self.starts[line],
            Self::end(&self.starts, text.as_bytes(), line),
        );
        match end - start > LONG_LINE {
            true => self.long_ascii.binary_search(&line).is_ok(),
            false => text
                .as_bytes()
                .get(start..end)
                .is_some_and(<[u8]>::is_ascii),
        }
    }

    /// The byte offset where 1-based `line` starts (the text's length past the last line).
    pub(crate) fn line_start(&self, text: &str, line: usize) -> usize {
        self.starts
            .get(line.wrapping_sub(1))
            .copied()
            .unwrap_or(text.len())
    }

    /// The text of 1-based `line`, without its line ending.
    pub(crate) fn line_text<'t>(&self, text: &'t str, line: usize) -> &'t str {
        let Some(&start) = self.starts.get(line.wrapping_sub(1)) else {
            return "";
        };
        let end = self.starts.get(line).copied().unwrap_or(text.len());
        text.get(start..end)
            .unwrap_or("")
            .trim_end_matches(['\n', '\r'])
    }
}

fn memchr_newlines(bytes: &[u8]) -> impl Iterator<Item = usize> + '_ {
    memchr::memchr_iter(b'\n', bytes).map(|i| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locates_offsets_as_one_based_line_and_char_column() {
        let text = "ab\nµg x\n\nlast";
        let index = LineIndex::new(text);
        assert_eq!(index.locate(text, 0), (1, 1));
        assert_eq!(index.locate(text, 2), (1, 3));
        assert_eq!(index.locate(text, 3), (2, 1));
        // `µ` is two bytes but one column.
        assert_eq!(index.locate(text, 6), (2, 3));
        assert_eq!(index.locate(text, 9), (3, 1));
        assert_eq!(index.locate(text, 10), (4, 1));
        assert_eq!(index.locate(text, 999), (4, 5));
    }

    #[test]
    fn long_lines_are_measured_as_short_ones() {
        let ascii = "x".repeat(LONG_LINE + 10);
        let accented = "é".repeat(LONG_LINE);
        let text = format!("{ascii}\n{accented}\nshort é\nshort\n");
        let index = LineIndex::new(&text);
        let line_2 = ascii.len() + 1;
        let line_3 = line_2 + accented.len() + 1;
        assert_eq!(index.locate(&text, 5), (1, 6));
        assert_eq!(index.locate(&text, line_2 + 4), (2, 3));
        assert_eq!(index.locate(&text, line_3 + 8), (3, 8));
        let ascii_lines: Vec<bool> = (0..=6).map(|l| index.is_ascii(&text, l)).collect();
        assert_eq!(ascii_lines, [false, true, false, false, true, true, false]);
    }

    #[test]
    fn returns_line_text_without_ending() {
        let text = "one\r\ntwo\nthree";
        let index = LineIndex::new(text);
        assert_eq!(index.line_text(text, 1), "one");
        assert_eq!(index.line_text(text, 2), "two");
        assert_eq!(index.line_text(text, 3), "three");
        assert_eq!(index.line_text(text, 4), "");
        assert_eq!(index.line_text(text, 0), "");
    }
}
