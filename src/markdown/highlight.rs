//! Fenced code highlighting with syntect, emitting CSS classes (prefixed `hl-`) rather than
//! inline colours, so the theme's generated `highlight.css` styles them and a site can
//! restyle code without re-rendering. The syntax and theme sets load once, lazily: loading
//! them is far more work than highlighting a page, so a build must not pay for it per page.

use crate::text::escape;
use rustc_hash::{FxHashMap, FxHasher};
use std::cell::RefCell;
use std::hash::{Hash, Hasher};
use std::sync::OnceLock;
use syntect::highlighting::{Color, ThemeSet};
use syntect::html::{css_for_theme_with_class_style, line_tokens_to_classed_spans, ClassStyle};
use syntect::parsing::{ParseState, ScopeStack, ScopeStackOp, SyntaxReference, SyntaxSet};
use syntect::util::LinesWithEndings;

const CLASS_STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

fn syntaxes() -> &'static SyntaxSet {
    static SET: OnceLock<SyntaxSet> = OnceLock::new();
    SET.get_or_init(SyntaxSet::load_defaults_newlines)
}

/// `<pre>` HTML for a code block in language `lang` (the fence's first word). Unknown
/// languages are escaped, not highlighted.
pub(crate) fn highlight(code: &str, lang: &str) -> String {
    let lang = lang.split([' ', ',', '{']).next().unwrap_or("").trim();
    let set = syntaxes();
    let syntax = (!lang.is_empty())
        .then(|| set.find_syntax_by_token(lang))
        .flatten();
    let inner = syntax
        .and_then(|syntax| classed(code, syntax, set))
        .unwrap_or_else(|| escape(code));
    let lang_attr = if lang.is_empty() {
        String::new()
    } else {
        format!(" data-lang=\"{}\"", escape(lang))
    };
    // Focusable, so a keyboard can scroll a line wider than the screen.
    format!("<pre class=\"code\"{lang_attr} tabindex=\"0\"><code>{inner}</code></pre>\n")
}

/// `code` as HTML spans with classes, exactly as syntect's `ClassedHTMLGenerator` writes
/// it, or `None` when syntect fails on a line. The generator is rebuilt here from its public
/// parts so that parsing, the costly part of highlighting, can be remembered per line.
fn classed(code: &str, syntax: &SyntaxReference, set: &SyntaxSet) -> Option<String> {
    let mut state = ParseState::new(syntax);
    let mut scopes = ScopeStack::new();
    let mut html = String::with_capacity(code.len() * 4);
    let mut open_spans = 0;
    PARSED.with_borrow_mut(|memo| {
        for line in LinesWithEndings::from(code) {
            let ops = memo.parse(syntax, &mut state, line, set)?;
            let (spans, delta) =
                line_tokens_to_classed_spans(line, ops, CLASS_STYLE, &mut scopes).ok()?;
            open_spans += delta;
            html.push_str(&spans);
        }
        Some(())
    })?;
    for _ in 0..open_spans {
        html.push_str("</span>");
    }
    Some(html)
}

thread_local! {
    static PARSED: RefCell<ParsedLines> = RefCell::new(ParsedLines::default());
}

/// Lines already parsed on this thread. A line's scopes depend only on its syntax, its text
/// and the parser's state before it, so a line seen before in the same state (a closing
/// brace, a common key, a repeated setting across explainers) is not parsed again.
#[derive(Default)]
struct ParsedLines {
    /// By hash of syntax and line text.
    lines: FxHashMap<u64, Vec<Parsed>>,
    count: usize,
}

struct Parsed {
    /// The syntax, by address in the process-wide syntax set.
    syntax: usize,
    line: Box<str>,
    before: ParseState,
    ops: Vec<(usize, ScopeStackOp)>,
    after: ParseState,
}

/// How many parsed lines a thread keeps before starting over (a preview server runs for
/// days; a few megabytes at most).
const PARSED_LINES_KEPT: usize = 50_000;

impl ParsedLines {
    /// The scope operations of `line` parsed from `state`, which moves on to the state
    /// after the line.
    fn parse(
        &mut self,
        syntax: &SyntaxReference,
        state: &mut ParseState,
        line: &str,
        set: &SyntaxSet,
    ) -> Option<&[(usize, ScopeStackOp)]> {
        let address = std::ptr::from_ref(syntax) as usize;
        let mut hasher = FxHasher::default();
        (address, line).hash(&mut hasher);
        let hash = hasher.finish();
        let seen = self.lines.get(&hash).and_then(|bucket| {
            bucket
                .iter()
                .position(|p| p.syntax == address && &*p.line == line && p.before == *state)
        });
        let index = match seen {
            Some(index) => index,
            None => {
                if self.count >= PARSED_LINES_KEPT {
                    self.lines.clear();
                    self.count = 0;
                }
                let before = state.clone();
                let ops = state.parse_line(line, set).ok()?;
                let bucket = self.lines.entry(hash).or_default();
                bucket.push(Parsed {
                    syntax: address,
                    line: line.into(),
                    before,
                    ops,
                    after: state.clone(),
                });
                self.count += 1;
                bucket.len() - 1
            }
        };
        let parsed = &self.lines[&hash][index];
        if seen.is_some() {
            *state = parsed.after.clone();
        }
        Some(&parsed.ops)
    }
}

/// A palette of the stylesheet: a syntect theme and the code background it is read on.
struct Palette {
    theme: &'static str,
    background: Color,
    text: Color,
}

/// The light palette and the dark one (for `prefers-color-scheme: dark`).
const LIGHT: Palette = Palette {
    theme: "InspiredGitHub",
    background: rgb(0xf6, 0xf8, 0xfa),
    text: rgb(0x24, 0x29, 0x2f),
};
const DARK: Palette = Palette {
    theme: "base16-ocean.dark",
    background: rgb(0x16, 0x1b, 0x22),
    text: rgb(0xe6, 0xed, 0xf3),
};

/// The contrast every token colour reaches against the code background: WCAG's 4.5:1 for
/// text, with a little room for rounding.
const CONTRAST: f64 = 4.6;

const fn rgb(r: u8, g: u8, b: u8) -> Color {
    Color { r, g, b, a: 0xff }
}

/// The stylesheet for the classes [`highlight`] emits, written to `/highlight.css`: the
/// light palette, then the dark one inside `prefers-color-scheme: dark`. Each palette's
/// token colours are moved towards the text colour's end (darker on light, lighter on
/// dark) until they read at [`CONTRAST`] on its background.
pub(crate) fn stylesheet() -> String {
    let themes = ThemeSet::load_defaults();
    let css = |palette: &Palette| {
        let Some(theme) = themes.themes.get(palette.theme) else {
            return String::new();
        };
        let theme = readable(theme.clone(), palette);
        let tokens = css_for_theme_with_class_style(&theme, CLASS_STYLE).unwrap_or_default();
        format!(
            "pre.code {{ background-color: {}; color: {}; }}\n{tokens}",
            hex(palette.background),
            hex(palette.text)
        )
    };
    format!(
        "/* Code colours: each at least 4.5:1 on its background, light and dark. The two\n   palettes never mix: a class one theme styles and the other does not keeps its own\n   scheme's colour. */\n@media print, not (prefers-color-scheme: dark) {{\n{}}}\n@media screen and (prefers-color-scheme: dark) {{\n{}}}\n@media print {{\n  pre.code {{ background: none; color: #000; }}\n}}\n",
        css(&LIGHT),
        css(&DARK)
    )
}

/// `theme` with every colour readable on `palette`'s background, and no token
/// backgrounds of its own (the code block's is the one checked).
fn readable(
    mut theme: syntect::highlighting::Theme,
    palette: &Palette,
) -> syntect::highlighting::Theme {
    theme.settings.background = Some(palette.background);
    theme.settings.foreground = Some(palette.text);
    for item in &mut theme.scopes {
        item.style.background = None;
        if let Some(color) = item.style.foreground {
            item.style.foreground = Some(contrasting(color, palette));
        }
    }
    theme
}

/// `color` (blended onto the background if translucent), moved towards the palette's text
/// colour in small steps until it reaches [`CONTRAST`].
fn contrasting(color: Color, palette: &Palette) -> Color {
    let (bg, end) = (palette.background, palette.text);
    let alpha = f64::from(color.a) / 255.0;
    let mix = |a: u8, b: u8, t: f64| (f64::from(a) * (1.0 - t) + f64::from(b) * t).round() as u8;
    let solid = rgb(
        mix(bg.r, color.r, alpha),
        mix(bg.g, color.g, alpha),
        mix(bg.b, color.b, alpha),
    );
    (0..=20)
        .map(|step| {
            let t = f64::from(step) / 20.0;
            rgb(
                mix(solid.r, end.r, t),
                mix(solid.g, end.g, t),
                mix(solid.b, end.b, t),
            )
        })
        .find(|c| contrast(*c, bg) >= CONTRAST)
        .unwrap_or(end)
}

/// WCAG's contrast ratio of two colours.
fn contrast(a: Color, b: Color) -> f64 {
    let luminance = |c: Color| {
        let channel = |v: u8| {
            let v = f64::from(v) / 255.0;
            if v <= 0.03928 {
                v / 12.92
            } else {
                ((v + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b)
    };
    let (x, y) = (luminance(a), luminance(b));
    (x.max(y) + 0.05) / (x.min(y) + 0.05)
}

fn hex(c: Color) -> String {
    format!("#{:02x}{:02x}{:02x}", c.r, c.g, c.b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn highlights_known_languages_with_classes() {
        let html = highlight("title: Hello\n", "yaml");
        assert!(html.starts_with("<pre class=\"code\" data-lang=\"yaml\" tabindex=\"0\"><code>"));
        assert!(html.contains("class=\"hl-"), "{html}");
    }

    #[test]
    fn escapes_unknown_languages() {
        let html = highlight("<b>&</b>\n", "no-such-language");
        assert!(html.contains("&lt;b&gt;&amp;&lt;/b&gt;"), "{html}");
        assert!(!html.contains("hl-"));
    }

    /// What syntect's own generator writes, which [`classed`] must match byte for byte.
    fn reference(code: &str, lang: &str) -> Option<String> {
        let set = syntaxes();
        let syntax = set.find_syntax_by_token(lang)?;
        let mut generator =
            syntect::html::ClassedHTMLGenerator::new_with_class_style(syntax, set, CLASS_STYLE);
        for line in LinesWithEndings::from(code) {
            generator
                .parse_html_for_line_which_includes_newline(line)
                .ok()?;
        }
        Some(generator.finalize())
    }

    #[test]
    fn remembered_lines_highlight_exactly_as_syntect_does() {
        let samples = [
            ("yaml", "compound: x\ndose:\n  - 1 mg\n  - \"two\"\nnote: |\n  compound: x\n  }\n"),
            ("json", "{\n  \"a\": [1, 2],\n  \"b\": {\"a\": [1, 2]}\n}\n{\n  \"a\": [1, 2],\n"),
            ("rust", "fn main() {\n    let s = \"/* not a comment\";\n    /* open\n    let s = 1;\n    */\n    let s = 1;\n}\n"),
            ("html", "<p>\n<script>\nlet x = \"<p>\";\n</script>\n<p>\n"),
            ("yaml", "compound: x\n"),
        ];
        // Twice: the second pass reads every line from what the first remembered.
        for _ in 0..2 {
            for (lang, code) in samples {
                let syntax = syntaxes().find_syntax_by_token(lang).unwrap();
                assert_eq!(
                    classed(code, syntax, syntaxes()),
                    reference(code, lang),
                    "{lang}: {code}"
                );
            }
        }
    }

    /// Highlighting runs on Oniguruma, the engine the syntaxes are written for: this
    /// Makefile assignment with nested `$(…)` calls (dpkg's and PostgreSQL's `.mk` files are
    /// full of them) is shown as one, where fancy-regex gives up after a million
    /// backtracking steps and shows a plain function call.
    #[test]
    fn an_assignment_of_nested_make_calls_is_shown_as_one() {
        let html = highlight(
            "MO_FILES = $(addprefix po/, $(addsuffix .mo, $(LANGUAGES)))\n",
            "makefile",
        );
        assert!(
            html.contains("<span class=\"hl-variable hl-other hl-makefile\">MO_FILES</span>"),
            "{html}"
        );
        assert!(html.contains("hl-assignment"), "{html}");
    }

    #[test]
    fn stylesheet_covers_the_prefixed_classes() {
        assert!(stylesheet().contains(".hl-"));
    }

    /// Guards the code palettes: every colour the stylesheet gives a token reads at 4.5:1
    /// or more on the code background of its scheme (the syntect themes alone fall to
    /// about 2:1).
    #[test]
    fn every_token_colour_reads_at_aa_on_its_background() {
        let css = stylesheet();
        let (light, dark) = css
            .split_once("@media screen and (prefers-color-scheme: dark)")
            .expect("dark");
        let dark = dark.split("@media print").next().unwrap_or_default();
        for (part, palette) in [(light, &LIGHT), (dark, &DARK)] {
            let colours: Vec<&str> = part
                .split(" color: #")
                .skip(1)
                .map(|rest| &rest[..6])
                .collect();
            assert!(colours.len() > 10, "{part}");
            for colour in colours {
                let value = |i: usize| u8::from_str_radix(&colour[i..i + 2], 16).expect("hex");
                let c = rgb(value(0), value(2), value(4));
                let ratio = contrast(c, palette.background);
                assert!(
                    ratio >= 4.5,
                    "#{colour} on {}: {ratio:.2}",
                    hex(palette.background)
                );
            }
        }
    }
}
