//! panelpress's integration tests: one test binary (so syntect and tera are linked once),
//! one module per area, over the small fixture sites in `tests/fixtures/`. Each test copies
//! its fixture into a temporary folder and runs the real `panelpress` binary (or the
//! library, where a finer assertion needs the data), and checks what a user would see.

mod bad_input;
mod browser;
mod browser_driver;
mod build;
mod build_fails_closed;
mod changed_since;
mod check;
mod check_claims;
mod check_external;
mod check_figures;
mod check_formats;
mod check_positions;
mod citations;
mod cite_forms;
mod cite_lock;
mod cli;
mod determinism;
mod docs;
mod evidence;
mod findings;
mod fixture;
mod front_matter;
mod fuzz;
mod hostile;
mod init;
mod links;
mod markdown;
mod output_safety;
mod own_site;
mod registries;
mod report;
mod report_serve;
mod search;
mod search_browser;
mod snapshots;
mod static_files;
mod theme;
mod theme_browser;
mod theme_lists;
