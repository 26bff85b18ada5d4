//! Loads chart files with the library's loader and nothing else: no graph, no rules, no
//! report. `scripts/bench` times it against `orglint check` on the same file, so the cost of
//! checking can be told apart from the cost of deserialising.
//!
//! ```sh
//! cargo run --release --example parse_only -- big.yaml
//! ```

use orglint::choice::Choice;
use orglint::load::{load_files, InputFormat, LoadOptions};

fn main() {
    let mut options = LoadOptions::default();
    let mut files = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        if arg == "--input-format" {
            let format = args.next().unwrap_or_default();
            options.input_format = Some(InputFormat::parse(&format).unwrap_or_else(|| {
                eprintln!(
                    "parse_only: unknown input format {format:?}: expected one of {}",
                    InputFormat::names().join(", ")
                );
                std::process::exit(2)
            }));
        } else {
            files.push(arg);
        }
    }
    if files.is_empty() {
        eprintln!("usage: parse_only [--input-format FORMAT] FILE...");
        std::process::exit(2);
    }
    match load_files(&files, &options) {
        Ok(chart) => println!("{} people", chart.people.len()),
        Err(e) => {
            eprintln!("parse_only: {e}");
            std::process::exit(2);
        }
    }
}
