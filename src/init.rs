//! `panelpress init DIR`: a small working site a writer can build straight away and learn
//! from: the config, one example page with a table, a citation and a code block, and a
//! bibliography entry for that citation.

use std::path::{Path, PathBuf};

const FILES: &[(&str, &str)] = &[
    (
        "site.yaml",
        "# Site settings. The keys are explained in the panelpress manual, under Configuration reference.\n\
         title: My explainers\n\
         base_url: https://example.org/\n\
         language: en\n\
         description: Plain-language explainers that say what is known, what is not, and cite their sources.\n",
    ),
    (
        "references.yaml",
        "# The bibliography: each key names one source that pages cite.\n\
         renehan-2004:\n\
         \x20 pmid: \"15110491\"\n\
         \x20 title: \"Insulin-like growth factor (IGF)-I, IGF binding protein-3, and cancer risk: systematic review and meta-regression analysis\"\n\
         \x20 authors: [Renehan AG, Zwahlen M, Minder C, O'Dwyer ST, Shalet SM, Egger M]\n\
         \x20 journal: The Lancet\n\
         \x20 year: 2004\n",
    ),
    (
        "content/_index.md",
        "---\ntitle: My explainers\ndescription: Plain-language explainers with their sources.\n---\n\n\
         Welcome. Start with [the example explainer](guides/example.md).\n",
    ),
    ("content/guides/example.md", EXAMPLE_PAGE),
    (
        ".gitignore",
        "# The built site, its staging folder, the link checker's cache and the editor's report\n# are made, not written.\npublic/\n.panelpress/\n.panelpress-cache/\npanelpress-report.html\n",
    ),
];

const EXAMPLE_PAGE: &str = r#"---
title: An example explainer
description: Shows a table, an inline citation and a code block, the pieces every explainer uses.
date: 2026-01-05
reviewed: 2026-01-05
tags: [example]
---

Write in plain language and cite sources inline. Large studies of natural IGF-1 levels
found that higher levels track with a higher risk of some cancers (PMID 15110491).

## Comparing two things

| Attribute | Option A | Option B |
|---|---|---|
| Approved | No | Yes |
| Studied in people | No | Yes |

> [!NOTE]
> A callout like this one is written as a quote that starts with `[!NOTE]`.

## The metadata at the top of a page

Each page starts with metadata between two `---` lines:

```yaml
title: An example explainer
description: One sentence that says what the page is about.
reviewed: 2026-01-05
extra:
  audience: patients
```

A key panelpress does not know is an error, so a typo such as `reveiwed` never switches a
check off. Your own values go under `extra:`, where templates read them as `page.extra`.
"#;

/// Why `init` did not write the site.
#[derive(Debug, thiserror::Error)]
pub enum InitError {
    #[error("`{}` already holds a site (it has a site.yaml); choose an empty folder", .0.display())]
    Exists(PathBuf),
    #[error("cannot write `{}`", .path.display())]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

/// Writes the starter site into `dir` (created if needed). Never overwrites a site.
pub fn init(dir: &Path) -> Result<Vec<PathBuf>, InitError> {
    if dir.join("site.yaml").exists() {
        return Err(InitError::Exists(dir.to_path_buf()));
    }
    let mut written = Vec::new();
    for (relative, text) in FILES {
        let path = dir.join(relative);
        let write = || {
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent)?;
            }
            std::fs::write(&path, text)
        };
        write().map_err(|source| InitError::Write {
            path: path.clone(),
            source,
        })?;
        written.push(path);
    }
    Ok(written)
}
