//! Stage 3: Tera templates. The built-in theme is compiled into the binary, so a site with
//! no `templates/` folder builds; a file in the site's `templates/` replaces the theme file
//! of the same name. Template errors become `build/template` diagnostics naming the template
//! file and line.

pub(crate) mod context;
pub(crate) mod structured;

use crate::content::Date;
use crate::diagnostics::{display_path, Code, Diagnostic, Position};
use std::collections::HashMap;
use std::path::Path;
use tera::{Context, ErrorKind, Kwargs, State, Tera};
use walkdir::WalkDir;

/// Where the built-in theme's files are said to be in diagnostics.
const THEME_ORIGIN: &str = "(built-in theme)";

/// The compiled templates.
pub(crate) struct Templates {
    tera: Tera,
    /// Template name → the file to name in diagnostics.
    origin: HashMap<String, String>,
    /// Template name → its text, for pointing at a line.
    sources: HashMap<String, String>,
}

impl Templates {
    /// Compiles the built-in theme with the site's overrides from `ROOT/templates/`.
    pub(crate) fn load(root: &Path) -> Result<Templates, Vec<Diagnostic>> {
        let mut sources: HashMap<String, String> = crate::theme::TEMPLATES
            .iter()
            .map(|(name, text)| (name.to_string(), text.to_string()))
            .collect();
        let mut origin: HashMap<String, String> = crate::theme::TEMPLATES
            .iter()
            .map(|(name, _)| (name.to_string(), format!("{THEME_ORIGIN}/{name}")))
            .collect();
        let mut diagnostics = Vec::new();
        let dir = root.join("templates");
        if dir.is_dir() {
            for entry in WalkDir::new(&dir).follow_links(true).sort_by_file_name() {
                let entry = match entry {
                    Ok(entry) if entry.file_type().is_file() => entry,
                    Ok(_) => continue,
                    Err(e) => {
                        let file = e.path().map_or_else(String::new, |p| display_path(root, p));
                        diagnostics.push(template_error(
                            &file,
                            1,
                            1,
                            format!("cannot read `{file}`: {e}"),
                        ));
                        continue;
                    }
                };
                let name = display_path(&dir, entry.path());
                let file = display_path(root, entry.path());
                match std::fs::read(entry.path()).map(String::from_utf8) {
                    Ok(Ok(text)) => {
                        sources.insert(name.clone(), text);
                        origin.insert(name, file);
                    }
                    Ok(Err(error)) => {
                        let (at, valid) = crate::diagnostics::first_bad_byte(&error);
                        diagnostics.push(
                            Diagnostic::new(Code::BuildNotUtf8, file.as_str(), at)
                                .message(format!(
                                    "`{file}` is not valid UTF-8 (byte {valid} cannot be read as text)"
                                ))
                                .help(crate::diagnostics::SAVE_AS_UTF8),
                        );
                    }
                    Err(e) => diagnostics.push(template_error(
                        &file,
                        1,
                        1,
                        format!("cannot read `{file}`: {e}"),
                    )),
                }
            }
        }
        if !diagnostics.is_empty() {
            return Err(diagnostics);
        }
        let mut tera = Tera::new();
        tera.register_filter("long_date", long_date);
        tera.register_filter("safe", safe);
        let mut templates = Templates {
            tera,
            origin,
            sources,
        };
        let mut names: Vec<&String> = templates.sources.keys().collect();
        names.sort();
        let batch: Vec<(&str, &str)> = names
            .iter()
            .map(|name| (name.as_str(), templates.sources[*name].as_str()))
            .collect();
        if let Err(error) = templates.tera.add_raw_templates(batch) {
            return Err(vec![templates.diagnostic(&error, "")]);
        }
        Ok(templates)
    }

    /// Makes `value` available to every template as `key` (the `site` variable), so it is
    /// converted once rather than once per page.
    pub(crate) fn set_global(&mut self, key: &'static str, value: &impl serde::Serialize) {
        self.tera.global_context().insert(key, value);
    }

    /// The template file and 1-based line/column where `text` is written literally, if a
    /// template holds it (to point a diagnostic about a template-added link at its source).
    pub(crate) fn find_literal(&self, text: &str) -> Option<Position> {
        let mut names: Vec<&String> = self.sources.keys().collect();
        names.sort();
        names.into_iter().find_map(|name| {
            let source = &self.sources[name];
            let offset = source.find(text)?;
            let index = crate::diagnostics::LineIndex::new(source);
            let (line, column) = index.locate(source, offset);
            Some(Position {
                file: self.file_of(name),
                line,
                column,
            })
        })
    }

    pub(crate) fn has(&self, name: &str) -> bool {
        self.tera.contains_template(name)
    }

    /// Renders template `name` into `out` (emptied first); an error names the template file
    /// and line. A page is rendered into a buffer its thread reuses, so it is neither grown
    /// step by step nor checked again as UTF-8.
    pub(crate) fn render_into(
        &self,
        name: &str,
        context: &Context,
        out: &mut Vec<u8>,
    ) -> Result<(), Diagnostic> {
        out.clear();
        self.tera
            .render_to(name, context, &mut *out)
            .map_err(|error| self.diagnostic(&error, name))
    }

    /// A `build/template` diagnostic for a Tera error met while compiling or rendering
    /// `template` (the name Tera does not report for errors without a position).
    fn diagnostic(&self, error: &tera::Error, template: &str) -> Diagnostic {
        let file_of = |name: &str| self.file_of(name);
        match error.kind() {
            ErrorKind::SyntaxError(report) | ErrorKind::RenderingError(report) => {
                let span = report.span();
                template_error(
                    &file_of(report.filename()),
                    span.start_line,
                    span.start_col + 1,
                    report.message().to_string(),
                )
            }
            _ => {
                // Some errors (an unknown filter, test or function) carry their place only
                // in the text, as ` --> page.html:3:20`.
                let text = error.to_string();
                match located(&text) {
                    Some((name, line, column)) => {
                        template_error(&file_of(&name), line, column, first_line(&text))
                    }
                    None => {
                        // Tera names no place when a template extends one that does not
                        // exist: the message names the template, and its `extends` line
                        // is the place.
                        let name = Some(template)
                            .filter(|name| !name.is_empty())
                            .or_else(|| named_template(&text))
                            .unwrap_or_default();
                        let line = self
                            .sources
                            .get(name)
                            .filter(|_| text.contains("inheriting"))
                            .and_then(|source| source.lines().position(|l| l.contains("extends")))
                            .map_or(1, |l| l + 1);
                        template_error(&file_of(name), line, 1, text)
                    }
                }
            }
        }
    }
}

impl Templates {
    /// The file a template comes from (`templates/page.html`, or the theme's).
    fn file_of(&self, name: &str) -> String {
        self.origin
            .get(name)
            .cloned()
            .unwrap_or_else(|| format!("templates/{name}"))
    }
}

/// `page.html` from a message that starts `Template 'page.html' …`.
fn named_template(message: &str) -> Option<&str> {
    let rest = message.split("Template '").nth(1)?;
    rest.split('\'').next().filter(|name| !name.is_empty())
}

/// `(template, line, column)` from a ` --> name:line:col` in an error's text.
fn located(text: &str) -> Option<(String, usize, usize)> {
    let place = text.split("--> ").nth(1)?.split_whitespace().next()?;
    let mut parts = place.rsplitn(3, ':');
    let column: usize = parts.next()?.parse().ok()?;
    let line: usize = parts.next()?.parse().ok()?;
    Some((parts.next()?.to_string(), line, column))
}

/// The first line of a multi-line error text, without a leading `error:`.
fn first_line(text: &str) -> String {
    let line = text
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or(text);
    line.trim_start_matches("error:").trim().to_string()
}

fn template_error(file: &str, line: usize, column: usize, message: String) -> Diagnostic {
    let message = message.trim().to_string();
    let help = if message.contains("not found") || message.contains("undefined") {
        "the variables templates receive are listed under \"Template context\" in the manual (docs/content/templates.md)"
    } else {
        "fix the template at this line; Tera's syntax is at https://keats.github.io/tera/"
    };
    Diagnostic::new(Code::BuildTemplate, file, (line, column))
        .message(format!("template error: {message}"))
        .help(help)
}

/// `{{ page.content | safe }}`: Tera's own `safe`, except that a string is marked safe
/// where it is rather than copied (a page's whole body, on every page).
fn safe(value: tera::Value, _: Kwargs, _: &State) -> tera::Value {
    if value.is_string() {
        value.mark_safe()
    } else {
        tera::Value::safe_string(&value.to_string())
    }
}

/// `{{ page.reviewed | long_date }}`: `2026-01-05` → `5 January 2026`.
fn long_date(value: &str, _: Kwargs, _: &State) -> tera::TeraResult<String> {
    Date::parse(value).map(Date::long).ok_or_else(|| {
        tera::Error::message(format!("long_date: `{value}` is not a YYYY-MM-DD date"))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Guards the `safe` that replaces Tera's: the same output for every kind of value.
    #[test]
    fn safe_renders_as_teras_own() {
        // `.html`, so Tera escapes what is not marked safe.
        let source = "{{ short | safe }}|{{ long | safe }}|{{ short }}|{{ n | safe }}|\
                      {{ list | safe }}|{{ map | safe }}|{{ none | safe }}|{{ long | safe | upper }}";
        let mut context = Context::new();
        context.insert("short", "<b>&</b>");
        context.insert("long", "<p class=\"x\">a paragraph longer than inline</p>");
        context.insert("n", &5);
        context.insert("list", &(1, "<x>"));
        context.insert("map", &std::collections::BTreeMap::from([("k", "<v>")]));
        context.insert("none", &None::<u8>);
        let render = |ours: bool| {
            let mut tera = Tera::new();
            if ours {
                tera.register_filter("safe", safe);
            }
            tera.add_raw_template("t.html", source).unwrap();
            tera.render("t.html", &context).unwrap()
        };
        assert_eq!(render(true), render(false));
        assert!(
            render(true).starts_with("<b>&</b>|<p class=\"x\">"),
            "{}",
            render(true)
        );
    }

    /// Template `name` rendered as text.
    fn rendered(
        templates: &Templates,
        name: &str,
        context: &Context,
    ) -> Result<String, Diagnostic> {
        let mut out = Vec::new();
        templates.render_into(name, context, &mut out)?;
        Ok(String::from_utf8(out).unwrap())
    }

    fn site_with(templates: &[(&str, &str)]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("templates")).unwrap();
        for (name, text) in templates {
            std::fs::write(dir.path().join("templates").join(name), text).unwrap();
        }
        dir
    }

    #[test]
    fn overrides_replace_theme_files_by_name() {
        let site = site_with(&[("404.html", "custom {{ site.title }}")]);
        let templates = Templates::load(site.path()).unwrap();
        let mut context = Context::new();
        context.insert("site", &serde_json::json!({"title": "T"}));
        assert_eq!(
            rendered(&templates, "404.html", &context).unwrap(),
            "custom T"
        );
        assert!(templates.has("page.html"));
    }

    #[test]
    fn syntax_errors_name_the_file_and_line() {
        let site = site_with(&[("page.html", "line one\n{% if %}\n")]);
        let errors = Templates::load(site.path()).err().unwrap();
        assert_eq!(errors[0].code, Code::BuildTemplate);
        assert_eq!(errors[0].file, "templates/page.html");
        assert_eq!(errors[0].line, 2);
    }

    #[test]
    fn unknown_filters_name_the_file_and_line() {
        let site = site_with(&[("page.html", "one\ntwo\n{{ x | no_such_filter }}\n")]);
        let errors = Templates::load(site.path()).err().unwrap();
        assert_eq!(
            (errors[0].file.as_str(), errors[0].line),
            ("templates/page.html", 3),
            "{:?}",
            errors[0]
        );
        assert!(
            errors[0].message.contains("no_such_filter"),
            "{}",
            errors[0].message
        );
    }

    #[test]
    fn unknown_variables_name_the_file_and_line() {
        let site = site_with(&[("404.html", "ok\n\n{{ nothing.here }}\n")]);
        let templates = Templates::load(site.path()).unwrap();
        let d = rendered(&templates, "404.html", &Context::new()).unwrap_err();
        assert_eq!((d.file.as_str(), d.line), ("templates/404.html", 3));
    }
}
