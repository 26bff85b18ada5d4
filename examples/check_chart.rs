//! Using orglint as a library: load a chart, check it with the built-in rulebook, print the
//! findings. Run with `cargo run --example check_chart -- examples/problems.yaml`.

use orglint::check::{check, CheckOptions};
use orglint::load::{load_files, LoadOptions};
use orglint::rulebook::Rulebook;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let files: Vec<String> = std::env::args().skip(1).collect();
    let chart = load_files(&files, &LoadOptions::default())?;
    let options = CheckOptions::new(Rulebook::builtin()?);
    let outcome = check(&chart, &options);
    for finding in &outcome.findings {
        let line = finding.location.map_or(0, |l| l.line);
        println!(
            "{}:{line}: {} [{}] {}",
            finding.location.map_or("", |l| chart.source_path(l.file)),
            finding.severity,
            finding.rule,
            orglint::escape::escape_control(&finding.message),
        );
    }
    println!(
        "{} errors in {} positions",
        outcome.summary.error, outcome.people
    );
    Ok(())
}
