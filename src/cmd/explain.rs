//! `panelpress explain CODE`: prints a diagnostic code's docs (what it checks, why, an
//! example) to standard output.

use super::{emit, Exit};
use panelpress::diagnostics::{docs, Code};

pub(crate) fn run(name: &str) -> Exit {
    match Code::from_name(name) {
        Some(code) => match emit(|out| out.write_all(docs::explain(code).as_bytes())) {
            Ok(()) => Exit::Success,
            Err(exit) => exit,
        },
        None => {
            let known: Vec<&str> = Code::ALL.iter().map(|c| c.as_str()).collect();
            say!(
                "error: `{name}` is not a panelpress code; the codes are: {}",
                known.join(", ")
            );
            Exit::CannotRun
        }
    }
}
