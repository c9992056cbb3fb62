//! Finding YAML aliases (`*name`) before the text reaches the parser, which would expand
//! them: see [`first_alias`]. A line-by-line scan that knows quotes, comments, flow
//! collections, block scalars and plain values that go on over lines.

/// The 1-based line and column of the first alias (`*name`) in `text`: a `*` where a value
/// begins (at a line's start, after `key: `, `- `, `? `, an anchor or tag, or `[`, `{` and
/// `,` in a flow collection), outside quotes, comments, block scalars (`|`, `>`) and the
/// continuation lines of a plain value. A `*` inside text (`a * b`, `*emphasis*` after a
/// word or on a value's next line) is not an alias and is left alone. Where this scan and
/// the parser could disagree, the text is not valid YAML and the parser refuses it before
/// expanding anything.
pub(super) fn first_alias(text: &str) -> Option<(usize, usize)> {
    memchr::memchr(b'*', text.as_bytes())?;
    let mut scan = AliasScan::default();
    text.lines()
        .enumerate()
        .find_map(|(i, line)| scan.line(line).map(|column| (i + 1, column)))
}

/// What [`first_alias`] carries from line to line.
#[derive(Default)]
struct AliasScan {
    /// Open `[` and `{`.
    flow: usize,
    /// The quote a multi-line quoted value is still inside.
    quote: Option<char>,
    /// While in a block scalar: the column of the node that owns it; the scalar goes on
    /// while lines are blank or indented past it.
    block: Option<usize>,
    /// After a line that ended inside a plain (unquoted) value: the column of the node that
    /// owns it. A line indented past it continues the value as text (`'` or `*` there is
    /// not a quote or an alias).
    plain: Option<usize>,
    /// Inside a flow collection, whether the next line begins with a value (after `[`, `,`
    /// or `:`); outside, every line may.
    start: bool,
}

/// Where [`AliasScan::line`] is within a line.
struct Place {
    /// The next character that is not a space begins a value.
    start: bool,
    /// The last token (`-`, `?`, `:`, an anchor or a tag) begins a value if a space follows.
    pending: bool,
    /// Inside an anchor's or a tag's name.
    in_property: bool,
    /// The pending token is a `:` (it ends a key).
    colon: bool,
    /// Inside a plain value that began on this line.
    in_plain: bool,
    /// The column of the node a block scalar or plain value on this line belongs to, and
    /// of the node that holds it.
    owner: usize,
    parent: usize,
}

impl AliasScan {
    /// The 1-based column of an alias on `line`, if it has one.
    fn line(&mut self, line: &str) -> Option<usize> {
        let indent = line.len() - line.trim_start_matches([' ', '\t']).len();
        let rest = line.trim_start();
        if let Some(owner) = self.block {
            if rest.is_empty() || indent > owner {
                return None;
            }
            self.block = None;
        }
        if let Some(owner) = self
            .plain
            .filter(|_| self.quote.is_none() && self.flow == 0)
        {
            if rest.is_empty() || (indent > owner && !rest.starts_with('#')) {
                return None;
            }
            self.plain = None;
        }
        let body = match line
            .strip_prefix("---")
            .or_else(|| line.strip_prefix("..."))
        {
            Some(rest) if rest.is_empty() || rest.starts_with([' ', '\t']) => rest,
            _ => line,
        };
        let skipped = line.len() - body.len();
        let mut at = Place {
            start: self.flow == 0 || self.start,
            pending: false,
            in_property: false,
            colon: false,
            in_plain: false,
            owner: indent,
            parent: indent,
        };
        let found = self.scan(body, skipped, &mut at);
        if let Some(column) = found {
            return Some(line[..column].chars().count() + 1);
        }
        // The line break is a space: a pending `-` or `:` begins a value on the next line.
        self.start = at.start || at.pending;
        let plain = at.in_plain && !at.colon && self.flow == 0 && self.quote.is_none();
        self.plain = plain.then_some(at.parent);
        None
    }

    /// Scans `body` (the line after any `---`, which starts at byte `skipped`) and returns
    /// the byte column of an alias on it.
    fn scan(&mut self, body: &str, skipped: usize, at: &mut Place) -> Option<usize> {
        let mut previous = ' ';
        let mut chars = body.char_indices().peekable();
        while let Some((offset, c)) = chars.next() {
            let column = skipped + offset;
            if let Some(quote) = self.quote {
                let doubled = quote == '\'' && chars.next_if(|&(_, n)| n == '\'').is_some();
                if c == quote && !doubled {
                    self.quote = None;
                } else if c == '\\' && quote == '"' {
                    chars.next();
                }
                previous = c;
                continue;
            }
            let after_space = previous == ' ' || previous == '\t';
            previous = c;
            match c {
                ' ' | '\t' => {
                    at.start |= at.pending;
                    at.in_plain &= !at.colon;
                    (at.pending, at.in_property, at.colon) = (false, false, false);
                }
                _ if at.in_property => {}
                '#' if after_space => break,
                '*' if at.start => return Some(column),
                '[' | '{' if at.start => self.flow += 1,
                ',' if self.flow > 0 => at.start = true,
                '|' | '>' if at.start && self.flow == 0 => {
                    self.block = Some(at.owner);
                    break;
                }
                '&' | '!' if at.start => {
                    (at.in_property, at.pending, at.start) = (true, true, false);
                }
                '-' | '?' if at.start => {
                    at.owner = column;
                    (at.pending, at.start) = (true, false);
                }
                ':' => {
                    (at.pending, at.colon) = (true, true);
                    at.start = self.flow > 0;
                }
                _ => {
                    if c == '"' || c == '\'' {
                        self.quote = at.start.then_some(c);
                    }
                    if at.start {
                        at.parent = at.owner;
                        at.owner = column;
                        at.in_plain = self.quote.is_none();
                    }
                    if matches!(c, ']' | '}') {
                        self.flow = self.flow.saturating_sub(1);
                    }
                    (at.start, at.pending, at.colon) = (false, false, false);
                }
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Guards against alias amplification ("billion laughs"): every alias is refused, at
    /// its line and column, before the parser can expand it.
    #[test]
    fn aliases_are_refused_where_they_are_written() {
        let cases = [
            ("a: &x [1]\nb: *x\n", (2, 4)),
            ("a: &x 1\nb: [*x, *x]\n", (2, 5)),
            ("a: &x 1\nb: {c: 1, d: *x}\n", (2, 14)),
            ("a: &x 1\nb:\n  - *x\n", (3, 5)),
            ("a: &x 1\nb:\n  *x\n", (3, 3)),
            ("a: &x 1\n*x : 2\n", (2, 1)),
            ("a: &x 1\nb: [\n  1,\n  *x]\n", (4, 3)),
            ("- key: |\n    text\n  other: *x\n", (3, 10)),
            ("a: &x 1\nb: !!str *x\n", (2, 10)),
            ("a: &x 1\nb: &y *x\n", (2, 7)),
            ("\u{e9}: &x 1\n\u{e9}\u{e9}: *x\n", (2, 5)),
            // A quote inside a plain value's next line is text, not a quote to skip.
            ("a: &x 1\nb: text\n  'more\nc: *x\n", (4, 4)),
            ("a: &x 1\nb: [text\n  'more, *x]\n", (3, 10)),
        ];
        for (text, at) in cases {
            let error = crate::yaml::from_str::<serde_json::Value>(text).unwrap_err();
            assert_eq!((error.line, error.column), at, "{text:?}");
            assert_eq!(error.message, crate::yaml::ALIAS_REFUSED, "{text:?}");
        }
    }

    #[test]
    fn a_star_that_is_not_an_alias_is_text() {
        let cases = [
            "title: a * b\n",
            "title: \"*quoted*\"\n",
            "title: '*it''s* quoted'\n",
            "title: x # *a comment*\n",
            "# *a comment*\ntitle: x\n",
            "notes: |\n  * a list item\n  * another\ntitle: x\n",
            "- notes: >\n    * folded\n- b\n",
            "title: \"two\n  *lines*\"\n",
            "title: word*star\n",
            "tags: [a*, b]\n",
            "time: 10:30*2\n",
            "description: a long value\n  *continued* on the next line\n",
            "- a value\n  *continued*\n",
        ];
        for text in cases {
            assert!(first_alias(text).is_none(), "{text:?}");
            crate::yaml::from_str::<serde_json::Value>(text).unwrap();
        }
    }
}
