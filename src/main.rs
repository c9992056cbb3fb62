//! The `panelpress` command: parses the arguments and runs the command they name (its body
//! is in `cmd/<command>.rs`), which prints what the library returned and answers with the
//! exit code: 0 success, 1 the site has errors, 2 the command could not run.

#![forbid(unsafe_code)]

mod cmd;

use clap::Parser;
use cmd::cli::{Cite, Cli, Command};
use cmd::Exit;
use panelpress::content::Date;
use panelpress::pipeline::{BuildOptions, CheckOptions, Disposal};
use panelpress::timings;
use std::process::ExitCode;

/// mimalloc instead of the system allocator: rendering a large site makes millions of small
/// allocations on several threads, which mimalloc serves faster.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    timings::process_started();
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            // `--help` and `--version` come this way too, printed on standard output.
            let exit = if e.use_stderr() {
                Exit::CannotRun
            } else {
                Exit::Success
            };
            return exit.into();
        }
    };
    let exit = match cli.command {
        Command::Init { dir } => cmd::init::run(&dir),
        Command::Build {
            root,
            out,
            drafts,
            base_url,
            allow_errors,
        } => cmd::build::run(&BuildOptions {
            root,
            out,
            drafts,
            base_url,
            allow_errors,
            disposal: Disposal::LeaveToExit,
        }),
        Command::Check {
            root,
            format,
            today,
            deny_warnings,
            changed_since,
            external,
            drafts,
        } => {
            let options = CheckOptions {
                root,
                today: today.unwrap_or_else(Date::today),
                changed_since,
                external,
                drafts,
                disposal: Disposal::LeaveToExit,
            };
            cmd::check::run(&options, format, deny_warnings)
        }
        Command::Report {
            root,
            out,
            today,
            format,
        } => {
            let options = CheckOptions {
                root,
                today: today.unwrap_or_else(Date::today),
                changed_since: None,
                external: false,
                drafts: false,
                disposal: Disposal::LeaveToExit,
            };
            cmd::report::run(&options, format, out)
        }
        Command::Explain { code } => cmd::explain::run(&code),
        Command::Serve {
            root,
            port,
            bind,
            open,
            drafts,
        } => cmd::serve::run(cmd::serve::Options {
            root,
            bind,
            port,
            open,
            drafts,
        }),
        Command::Cite { action } => match action {
            Cite::Lock {
                root,
                refresh_older_than,
                only,
            } => cmd::cite::lock(root, refresh_older_than, only),
            Cite::Fill { root } => cmd::cite::fill(&root),
        },
    };
    timings::total("done");
    exit.into()
}
