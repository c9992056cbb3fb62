//! Byte offsets to 1-based line and column, the one conversion every diagnostic goes through.

/// The start offset of every line of one text.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
    /// Per line: whether it is all ASCII, so a column is a byte difference (no counting
    /// along a ten-megabyte line for every position on it).
    ascii: Vec<bool>,
}

/// How to mend a file that is not UTF-8, in an editor's words.
pub const SAVE_AS_UTF8: &str =
    "save the file with UTF-8 encoding (most editors offer it under \"Save with encoding\")";

/// The 1-based line and column of the first byte of `bytes` that is not UTF-8, and that
/// byte's offset: where an editor shows the bad character, for any file read as text.
pub fn first_bad_byte(error: &std::string::FromUtf8Error) -> ((usize, usize), usize) {
    let valid = error.utf8_error().valid_up_to();
    // Everything before the bad byte is valid UTF-8.
    let prefix = std::str::from_utf8(&error.as_bytes()[..valid]).unwrap_or_default();
    (LineIndex::new(prefix).locate(prefix, valid), valid)
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(memchr_newlines(text.as_bytes()));
        let ascii = starts
            .iter()
            .enumerate()
            .map(|(i, &start)| {
                let end = starts.get(i + 1).copied().unwrap_or(text.len());
                text.as_bytes()[start..end].is_ascii()
            })
            .collect();
        LineIndex { starts, ascii }
    }

    /// The 1-based line and column (in characters) of byte `offset` in `text`, which must be
    /// the text this index was built from. Offsets past the end clamp to the end.
    pub fn locate(&self, text: &str, offset: usize) -> (usize, usize) {
        let offset = offset.min(text.len());
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let start = self.starts[line];
        if self.ascii[line] {
            return (line + 1, offset - start + 1);
        }
        let column = text
            .get(start..offset)
            .map_or(offset - start, |prefix| prefix.chars().count());
        (line + 1, column + 1)
    }

    /// Whether 1-based `line` is all ASCII (a column is then a byte offset).
    pub fn is_ascii(&self, line: usize) -> bool {
        self.ascii
            .get(line.wrapping_sub(1))
            .copied()
            .unwrap_or(false)
    }

    /// The text of 1-based `line`, without its line ending.
    pub fn line_text<'t>(&self, text: &'t str, line: usize) -> &'t str {
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
