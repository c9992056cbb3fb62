//! Opting one claim unit out of one check, with a reason a reviewer can read:
//! `<!-- panelpress: allow claim/uncited "the article's own arithmetic" -->` on the line
//! right before the unit. A comment without a reason, or naming an unknown code, is
//! itself an error (`check/invalid-allow`), so an opt-out can never be silent.

use super::{per_page, Rule, SiteView};
use crate::content::Page;
use crate::diagnostics::{Code, Diagnostic};
use regex::Regex;
use std::sync::OnceLock;

pub(crate) const RULE: Rule = Rule {
    code: Code::CheckInvalidAllow,
    run,
};

fn pattern() -> &'static Regex {
    static PATTERN: OnceLock<Regex> = OnceLock::new();
    PATTERN.get_or_init(|| {
        Regex::new(
            r#"<!--\s*panelpress:\s*allow\b\s*(?P<code>[^\s"]*)\s*(?:"(?P<reason>[^"]*)")?\s*-->"#,
        )
        .expect("the allow pattern is valid")
    })
}

/// One opt-out comment.
struct Allow {
    code: Option<Code>,
    name: String,
    reason: String,
    /// Byte offset in the file.
    offset: usize,
}

/// The opt-out comments of `text` (a whole file, or one of its lines).
fn comments(text: &str) -> impl Iterator<Item = Allow> + '_ {
    pattern().captures_iter(text).map(|c| {
        let name = c.name("code").map_or("", |m| m.as_str()).to_string();
        Allow {
            code: Code::from_name(&name),
            name,
            reason: c
                .name("reason")
                .map_or("", |m| m.as_str())
                .trim()
                .to_string(),
            offset: c.get(0).map_or(0, |m| m.start()),
        }
    })
}

/// Whether the unit starting at body offset `unit_start` of `page` is opted out of `code`
/// by a valid comment on the line right before it.
pub(crate) fn allows(page: &Page, unit_start: usize, code: Code) -> bool {
    let (unit_line, _) = page.position(page.body_offset + unit_start);
    if unit_line < 2 {
        return false;
    }
    let previous = page.line_text(unit_line - 1);
    let mut allowing = comments(previous)
        .filter(|allow| allow.code == Some(code) && !allow.reason.is_empty())
        .peekable();
    if allowing.peek().is_none() {
        return false;
    }
    let offset = page.line_start(unit_line - 1);
    let code = code_ranges(page);
    allowing.any(|allow| !in_code(&code, offset + allow.offset))
}

/// The byte ranges of `page`'s file that are code (code spans and code blocks): a comment
/// written there is shown to the reader as text, so it is not an opt-out — the manual
/// quotes opt-outs that way.
fn code_ranges(page: &Page) -> Vec<std::ops::Range<usize>> {
    use pulldown_cmark::{Event, Parser, Tag};
    let body = page.body();
    Parser::new_ext(body, crate::markdown::options())
        .into_offset_iter()
        .filter(|(event, _)| matches!(event, Event::Code(_) | Event::Start(Tag::CodeBlock(_))))
        .map(|(_, range)| page.body_offset + range.start..page.body_offset + range.end)
        .collect()
}

fn in_code(code: &[std::ops::Range<usize>], offset: usize) -> bool {
    code.iter().any(|range| range.contains(&offset))
}

fn run(site: &SiteView) -> Vec<Diagnostic> {
    per_page(site, |page, _, found| {
        // Most pages have no opt-out: one vectorised search (`memchr`'s) skips them.
        if memchr::memmem::find(page.text.as_bytes(), b"panelpress:").is_none() {
            return;
        }
        let code = code_ranges(page);
        for allow in comments(&page.text) {
            if in_code(&code, allow.offset) {
                continue;
            }
            let at = page.position(allow.offset);
            let problem = if allow.code.is_none() {
                Some(format!("`{}` is not a panelpress code", allow.name))
            } else if allow.reason.is_empty() {
                Some(format!("the opt-out from `{}` gives no reason", allow.name))
            } else {
                None
            };
            if let Some(message) = problem {
                found.push(
                    Diagnostic::new(Code::CheckInvalidAllow, page.source.as_str(), at)
                        .message(message)
                        .help("write it as <!-- panelpress: allow claim/uncited \"why this figure needs no source\" -->"),
                );
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::super::testing::{self, CONFIG};
    use super::*;

    #[test]
    fn reports_comments_without_reason_or_with_unknown_codes() {
        let page = "---\ntitle: t\n---\n<!-- panelpress: allow claim/uncited -->\nA 5% rise.\n\n<!-- panelpress: allow claim/nope \"why\" -->\nB.\n\n<!-- panelpress: allow claim/uncited \"fine\" -->\nC 6%.\n";
        let found = testing::run(&RULE, CONFIG, &[("a.md", page)], "");
        assert_eq!(testing::positions(&found), vec![(4, 1), (7, 1)]);
        assert!(found[0].message.contains("no reason"));
        assert!(found[1].message.contains("claim/nope"));
    }

    /// Guards against opt-outs quoted in code (as the manual quotes them): they are text
    /// the reader sees, neither reported as invalid nor opting the next unit out.
    #[test]
    fn comments_in_code_are_not_opt_outs() {
        let page = "---\ntitle: t\n---\n`<!-- panelpress: allow claim/uncited -->`\n\n```\n<!-- panelpress: allow nope -->\n```\n";
        let found = testing::run(&RULE, CONFIG, &[("a.md", page)], "");
        assert_eq!(testing::positions(&found), vec![]);
    }
}
