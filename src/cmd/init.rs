//! `panelpress init DIR`: writes a new site with one example page and says what to run next.

use super::{fail, Exit};
use std::path::Path;

pub(crate) fn run(dir: &Path) -> Exit {
    match panelpress::init::init(dir) {
        Ok(files) => {
            for file in files {
                say!("created {}", file.display());
            }
            say!(
                "\nnext: panelpress build --root {}  (the site is written to {}/public)",
                dir.display(),
                dir.display()
            );
            Exit::Success
        }
        Err(e) => fail(&e),
    }
}
