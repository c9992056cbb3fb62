//! Byte counting and searching for long texts (every page is scanned for citations and
//! figures, read back and measured on every build), HTML escaping, and the edit distance
//! behind every "did you mean" help.

/// How many bytes of `bytes` match `matches`. Summed in byte-wide lanes, 255 bytes at a
/// time so no lane overflows: with a predicate free of branches the compiler vectorizes
/// this, where `filter(..).count()` widens every byte to a `usize` first.
pub(crate) fn count(bytes: &[u8], matches: impl Fn(u8) -> bool) -> usize {
    bytes
        .chunks(255)
        .map(|chunk| usize::from(chunk.iter().fold(0u8, |sum, &b| sum + u8::from(matches(b)))))
        .sum()
}

/// Lines before the end of `bytes`: its newlines.
pub(crate) fn newlines(bytes: &[u8]) -> usize {
    count(bytes, |b| b == b'\n')
}

/// Characters in UTF-8 bytes: every byte that does not continue a character.
pub(crate) fn chars(bytes: &[u8]) -> usize {
    count(bytes, |b| b & 0xC0 != 0x80)
}

/// `char::is_whitespace` for one byte of UTF-8: the space and tab to carriage return. No
/// byte of a multi-byte character is a space. Branch-free, for loops the compiler
/// vectorizes.
pub(crate) fn is_space(b: u8) -> bool {
    (b == b' ') | (b.wrapping_sub(b'\t') < 5)
}

/// Whether `text` holds whitespace outside ASCII (a no-break space, an em space …). Each
/// such character starts with one of four bytes, found by `memchr` at memory speed, so
/// text with only dashes and accents is not decoded character by character.
pub(crate) fn has_unicode_space(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut leads =
        memchr::memchr3_iter(0xC2, 0xE1, 0xE2, bytes).chain(memchr::memchr_iter(0xE3, bytes));
    // Lead bytes start characters, so `i` is a character boundary.
    leads.any(|i| text[i..].chars().next().is_some_and(char::is_whitespace))
}

/// Whether `text` holds any character `char::is_whitespace` accepts.
pub(crate) fn has_whitespace(text: &str) -> bool {
    let ascii = text.bytes().fold(false, |found, b| found | is_space(b));
    ascii || (!text.is_ascii() && has_unicode_space(text))
}

/// Offsets `i` of `bytes` where `starts(before, byte, next)` holds, in order: `byte` is
/// `bytes[i]`, `before` the byte before it and `next` the one after (0 past either end).
/// The test runs over 64 bytes at a time into a bit mask, without branches, so with a
/// predicate free of branches the compiler vectorizes it and text with few candidates is
/// skipped quickly. Portable code only: no intrinsics, no CPU detection.
pub(crate) fn candidates<'b>(
    bytes: &'b [u8],
    starts: impl Fn(u8, u8, u8) -> bool + Copy + 'b,
) -> impl Iterator<Item = usize> + 'b {
    (0..bytes.len()).step_by(64).flat_map(move |chunk| {
        let mut mask = chunk_mask(bytes, chunk, starts);
        std::iter::from_fn(move || {
            (mask != 0).then(|| {
                let j = mask.trailing_zeros() as usize;
                mask &= mask - 1;
                chunk + j
            })
        })
    })
}

/// Bit `j` is set when `starts` holds at `chunk + j`.
fn chunk_mask(bytes: &[u8], chunk: usize, starts: impl Fn(u8, u8, u8) -> bool) -> u64 {
    // The chunk with the byte before it and the one after, read in place inside the text;
    // the first and last chunks are copied into a zero-padded window.
    let interior = chunk
        .checked_sub(1)
        .and_then(|from| bytes.get(from..chunk + 65))
        .and_then(|window| <&[u8; 66]>::try_from(window).ok());
    match interior {
        Some(window) => window_mask(window, starts),
        None => {
            let mut window = [0u8; 66];
            let from = chunk.saturating_sub(1);
            let to = (chunk + 65).min(bytes.len());
            window[1 - (chunk - from)..][..to - from].copy_from_slice(&bytes[from..to]);
            // The padding past the end is no candidate, whatever `starts` says of a 0 byte.
            match bytes.len() - chunk {
                rest if rest < 64 => window_mask(&window, starts) & ((1 << rest) - 1),
                _ => window_mask(&window, starts),
            }
        }
    }
}

/// Bit `j` is set when `starts(window[j], window[j + 1], window[j + 2])` holds. The test
/// is written into a byte per position first (0xFF or 0), the form a byte-wise vector
/// comparison gives, so the compiler tests many positions per instruction; the bytes are
/// then gathered into bits eight at a time.
fn window_mask(window: &[u8; 66], starts: impl Fn(u8, u8, u8) -> bool) -> u64 {
    let mut flags = [0u8; 64];
    for (j, flag) in flags.iter_mut().enumerate() {
        *flag = 0u8.wrapping_sub(u8::from(starts(window[j], window[j + 1], window[j + 2])));
    }
    flags
        .chunks_exact(8)
        .enumerate()
        .fold(0, |mask, (k, eight)| {
            mask | u64::from(top_bits(eight)) << (8 * k)
        })
}

/// The top bit of each of eight bytes, as bit `i` for byte `i`: a multiplication moves byte
/// `i`'s bit to bit `56 + i` without carries.
fn top_bits(eight: &[u8]) -> u8 {
    let word = u64::from_le_bytes(eight.try_into().unwrap_or([0; 8])) >> 7 & 0x0101_0101_0101_0101;
    (word.wrapping_mul(0x0102_0408_1020_4080) >> 56) as u8
}

/// `text` escaped for HTML (`<`, `>`, `&`, `"`, `'`).
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    escape_into(&mut out, text);
    out
}

/// Appends `text` to `out`, escaped for HTML: what a page's many small pieces are written
/// with, rather than each escaped into a string of its own first.
pub(crate) fn escape_into(out: &mut String, text: &str) {
    pulldown_cmark_escape::escape_html(out, text).ok();
}

/// Levenshtein distance over characters, for "did you mean" suggestions; texts over
/// [`MAX_COMPARED_BYTES`] are never near anything (`usize::MAX`).
pub(crate) fn edit_distance(a: &str, b: &str) -> usize {
    edit_distance_within(a, b, usize::MAX).unwrap_or(usize::MAX)
}

/// The longest text, in bytes, that is compared for a "did you mean" suggestion: longer
/// keys, anchors and paths are not typos a suggestion can help with, and comparing them
/// costs the product of the two lengths.
const MAX_COMPARED_BYTES: usize = 256;

/// Levenshtein distance over characters when it is at most `limit`, else `None`.
///
/// Bounded so that a suggestion search over every key of a site stays cheap whatever the
/// input: texts over [`MAX_COMPARED_BYTES`] are not compared, texts whose lengths differ by
/// more than `limit` are rejected before any work, and the search stops at the first row
/// whose every cell exceeds `limit` (the distance can only grow from there).
pub(crate) fn edit_distance_within(a: &str, b: &str, limit: usize) -> Option<usize> {
    if a.len().max(b.len()) > MAX_COMPARED_BYTES {
        return None;
    }
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.len().abs_diff(b.len()) > limit {
        return None;
    }
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut previous = row[0];
        row[0] = i + 1;
        let mut best = row[0];
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous + usize::from(ca != cb);
            previous = row[j + 1];
            row[j + 1] = substitution.min(row[j] + 1).min(row[j + 1] + 1);
            best = best.min(row[j + 1]);
        }
        if best > limit {
            return None;
        }
    }
    Some(row[b.len()]).filter(|&d| d <= limit)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn measures_edit_distance_up_to_a_limit() {
        assert_eq!(edit_distance_within("kitten", "sitting", 3), Some(3));
        assert_eq!(edit_distance_within("kitten", "sitting", 2), None);
        assert_eq!(edit_distance_within("", "ab", 2), Some(2));
        assert_eq!(edit_distance_within("a", "abcd", 2), None);
        assert_eq!(edit_distance_within("abc", "xyz", usize::MAX), Some(3));
        assert_eq!(edit_distance(&"x".repeat(300), "x"), usize::MAX);
    }

    #[test]
    fn measures_edit_distance() {
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "ab"), 2);
    }

    #[test]
    fn counts_match_the_plain_iterators_across_chunk_boundaries() {
        let text = "é\n€ a\n".repeat(300) + "🙂 end";
        for end in [0, 1, 254, 255, 256, 700, text.len()] {
            let bytes = &text.as_bytes()[..end];
            assert_eq!(
                newlines(bytes),
                bytes.iter().filter(|&&b| b == b'\n').count()
            );
            let whole = (0..=end).rev().find(|&i| text.is_char_boundary(i)).unwrap();
            assert_eq!(
                chars(&text.as_bytes()[..whole]),
                text[..whole].chars().count()
            );
        }
    }

    /// Guards `has_unicode_space`'s four lead bytes against the Unicode tables, and the
    /// byte test against `char::is_whitespace`.
    #[test]
    fn whitespace_is_found_as_char_is_whitespace_finds_it() {
        for b in 0..128u8 {
            assert_eq!(is_space(b), char::from(b).is_whitespace(), "{b}");
        }
        let all = (0x80..=0x10FFFF).filter_map(char::from_u32);
        for c in all.filter(|c| c.is_whitespace()) {
            let mut utf8 = [0; 4];
            let lead = c.encode_utf8(&mut utf8).as_bytes()[0];
            assert!(matches!(lead, 0xC2 | 0xE1 | 0xE2 | 0xE3), "{c:?}");
            assert!(has_unicode_space(&format!("a{c}b")), "{c:?}");
            assert!(has_whitespace(&format!("é{c}")), "{c:?}");
        }
        assert!(!has_unicode_space("0.04–0.08 µg, “quoted” café"));
        assert!(!has_whitespace("0.04–0.08µg“quoted”café"));
        assert!(has_whitespace("é\u{b}"));
    }

    #[test]
    fn candidates_match_a_plain_search_across_chunk_boundaries() {
        // Bytes that vary in every position, and a test that reads all three of its bytes:
        // a chunk reading its neighbour before or after wrongly (or padding where there
        // is text) changes the answer somewhere.
        let mut seed = 0x2545_f491_u32;
        let bytes: Vec<u8> = (0..300)
            .map(|_| {
                seed = seed.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
                (seed >> 24) as u8
            })
            .collect();
        let starts = |before: u8, b: u8, next: u8| (before ^ b ^ next) & 3 == 1;
        let plain = |text: &[u8]| -> Vec<usize> {
            let at = |i: usize| text.get(i).copied();
            (0..text.len())
                .filter(|&i| {
                    let before = i.checked_sub(1).and_then(at).unwrap_or(0);
                    starts(before, text[i], at(i + 1).unwrap_or(0))
                })
                .collect()
        };
        for skip in [0, 1, 7, 63] {
            for end in skip..=bytes.len() {
                let text = &bytes[skip..end];
                let found: Vec<usize> = candidates(text, starts).collect();
                assert_eq!(found, plain(text), "{skip}..{end}");
            }
        }
        // Padding is never a candidate, even for a predicate that accepts a 0 byte.
        assert_eq!(candidates(b"ab", |_, _, _| true).count(), 2);
    }
}
