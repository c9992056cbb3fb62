//! Byte counting for long texts (pages are read back and measured on every build).

/// How many bytes of `bytes` match `matches`. Summed in byte-wide lanes, 255 bytes at a
/// time so no lane overflows: with a predicate free of branches the compiler vectorizes
/// this, where `filter(..).count()` widens every byte to a `usize` first.
pub fn count(bytes: &[u8], matches: impl Fn(u8) -> bool) -> usize {
    bytes
        .chunks(255)
        .map(|chunk| usize::from(chunk.iter().fold(0u8, |sum, &b| sum + u8::from(matches(b)))))
        .sum()
}

/// Lines before the end of `bytes`: its newlines.
pub fn newlines(bytes: &[u8]) -> usize {
    count(bytes, |b| b == b'\n')
}

/// Characters in UTF-8 bytes: every byte that does not continue a character.
pub fn chars(bytes: &[u8]) -> usize {
    count(bytes, |b| b & 0xC0 != 0x80)
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
