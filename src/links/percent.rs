//! `%`-escapes in URLs and link destinations, decoded in one place.

use std::borrow::Cow;

/// Decodes `%XX` escapes; a `%` not followed by two hex digits is kept as written, and
/// bytes that are not UTF-8 become `U+FFFD`. For looking things up by a link's path.
pub(crate) fn decode_lossy(text: &str) -> Cow<'_, str> {
    // Almost every link has no escape at all: borrowed as it is.
    if !text.contains('%') {
        return Cow::Borrowed(text);
    }
    let (bytes, _) = decode(text);
    Cow::Owned(String::from_utf8_lossy(&bytes).into_owned())
}

/// Decodes `%XX` escapes, refusing a malformed escape or a result that is not UTF-8. For
/// request paths, where anything odd is rejected rather than guessed at.
pub(crate) fn decode_strict(text: &str) -> Option<String> {
    let (bytes, clean) = decode(text);
    if clean {
        String::from_utf8(bytes).ok()
    } else {
        None
    }
}

/// The decoded bytes, and whether every `%` began a valid escape.
fn decode(text: &str) -> (Vec<u8>, bool) {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut clean = true;
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes
                .get(i + 1..i + 3)
                .and_then(|h| std::str::from_utf8(h).ok())
                .and_then(|h| u8::from_str_radix(h, 16).ok());
            if let Some(b) = hex {
                out.push(b);
                i += 3;
                continue;
            }
            clean = false;
        }
        out.push(bytes[i]);
        i += 1;
    }
    (out, clean)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_escapes() {
        assert_eq!(decode_lossy("a%20b%2Fc"), "a b/c");
        assert_eq!(decode_lossy("100%"), "100%");
        assert_eq!(decode_strict("/%2e%2e/x"), Some("/../x".into()));
        assert_eq!(decode_strict("/%zz"), None);
        assert_eq!(decode_strict("/%ff"), None);
    }
}
