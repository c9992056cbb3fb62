//! A page's structured data for search engines and link previews: a schema.org
//! `MedicalWebPage` with its review dates, reviewer, sources and breadcrumb, built from the
//! page's template context (front matter and the bibliography) and written as JSON into
//! `page.html`'s `<script type="application/ld+json">`.
//!
//! The JSON is made with serde_json, then every `<` is written as `\u003c`, so no text of a
//! page (a title holding `</script>`) can end the script element early.

use super::context::{Builder, PageContext};
use serde_json::{json, Map, Value};

/// The `MedicalWebPage` of a page, as JSON safe inside `<script>`.
pub(crate) fn medical_web_page(builder: &Builder, page: &PageContext) -> String {
    let mut data = Map::new();
    let mut put = |key: &str, value: Value| {
        data.insert(key.to_string(), value);
    };
    put("@context", json!("https://schema.org"));
    put("@type", json!("MedicalWebPage"));
    put("name", json!(page.title));
    put("headline", json!(page.title));
    if let Some(description) = page.description {
        put("description", json!(description));
    }
    put("url", json!(page.permalink));
    put("inLanguage", json!(builder.config.language));
    if let Some(date) = page.date {
        put("datePublished", json!(date));
    }
    if let Some(date) = page.updated.or(page.reviewed).or(page.date) {
        put("dateModified", json!(date));
    }
    if let Some(date) = page.reviewed {
        put("lastReviewed", json!(date));
    }
    if let Some(name) = page.reviewed_by {
        put("reviewedBy", json!({"@type": "Person", "name": name}));
    }
    let author = match &builder.config.author {
        Some(name) => json!({"@type": "Person", "name": name}),
        None => json!({"@type": "Organization", "name": builder.config.title}),
    };
    put("author", author);
    put(
        "publisher",
        json!({"@type": "Organization", "name": builder.config.title}),
    );
    if !page.tags.is_empty() {
        let tags: Vec<&str> = page.tags.iter().map(|t| t.name.as_str()).collect();
        put("keywords", json!(tags.join(", ")));
    }
    if !page.references.is_empty() {
        put("citation", citations(page));
    }
    put("breadcrumb", breadcrumb(builder, page));
    safe_in_script(&Value::Object(data))
}

/// The page's sources, in reference order.
fn citations(page: &PageContext) -> Value {
    let works = page.references.iter().map(|r| {
        let mut work = Map::new();
        let kind = if r.journal.is_some() {
            "ScholarlyArticle"
        } else {
            "CreativeWork"
        };
        work.insert("@type".into(), json!(kind));
        if let Some(title) = r.title {
            work.insert("name".into(), json!(title));
        }
        if !r.authors.is_empty() {
            let authors: Vec<Value> = r
                .authors
                .iter()
                .map(|a| json!({"@type": "Person", "name": a}))
                .collect();
            work.insert("author".into(), Value::Array(authors));
        }
        if let Some(journal) = r.journal {
            work.insert(
                "isPartOf".into(),
                json!({"@type": "Periodical", "name": journal}),
            );
        }
        if let Some(year) = r.year {
            work.insert("datePublished".into(), json!(year.to_string()));
        }
        if let Some(url) = r.url {
            work.insert("url".into(), json!(url));
        }
        Value::Object(work)
    });
    Value::Array(works.collect())
}

/// Home, the page's section (when it has one), the page.
fn breadcrumb(builder: &Builder, page: &PageContext) -> Value {
    let mut trail = vec![("Home".to_string(), builder.permalink("/"))];
    if let Some(section) = &page.section {
        trail.push((section.title.clone(), builder.absolute(&section.url)));
    }
    trail.push((page.title.clone(), page.permalink.clone()));
    let items: Vec<Value> = trail
        .into_iter()
        .enumerate()
        .map(|(i, (name, url))| {
            json!({"@type": "ListItem", "position": i + 1, "name": name, "item": url})
        })
        .collect();
    json!({"@type": "BreadcrumbList", "itemListElement": items})
}

/// `value` as JSON with each `<` escaped: `<` appears only inside strings, where `\u003c`
/// means the same character.
fn safe_in_script(value: &Value) -> String {
    value.to_string().replace('<', "\\u003c")
}

#[cfg(test)]
mod tests {
    /// Guards the script element: a `</script>` in a title cannot close it, and the JSON
    /// still reads back as the same text.
    #[test]
    fn text_cannot_end_the_script_element() {
        let value = serde_json::json!({"name": "a </script><script>alert(1)</script> <!--"});
        let safe = super::safe_in_script(&value);
        assert!(!safe.contains('<'), "{safe}");
        let back: serde_json::Value = serde_json::from_str(&safe).expect("json");
        assert_eq!(back, value);
    }
}
