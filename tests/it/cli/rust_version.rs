//! `rust-version` in Cargo.toml is true: no locked dependency (normal, build or dev, on any
//! platform) declares a newer `rust-version` than orglint does. `cargo metadata` gives both.

use std::process::Command;

/// `"1.89"` or `"1.85.0"` as (major, minor, patch); a missing part counts as 0.
fn parse_version(text: &str) -> (u64, u64, u64) {
    let mut parts = text.split('.').map(|part| {
        part.parse::<u64>()
            .unwrap_or_else(|e| panic!("rust-version {text:?}: {e}"))
    });
    let mut next = || parts.next().unwrap_or(0);
    (next(), next(), next())
}

fn cargo_metadata() -> serde_json::Value {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let output = Command::new(cargo)
        .args(["metadata", "--format-version", "1", "--locked"])
        .arg("--manifest-path")
        .arg(concat!(env!("CARGO_MANIFEST_DIR"), "/Cargo.toml"))
        .output()
        .expect("cargo runs");
    assert!(
        output.status.success(),
        "cargo metadata failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("cargo metadata prints JSON")
}

#[test]
fn rust_version_is_at_least_every_locked_dependencys() {
    let metadata = cargo_metadata();
    let packages = metadata["packages"].as_array().expect("packages");
    let declared = packages
        .iter()
        .find(|p| p["name"] == "orglint")
        .and_then(|p| p["rust_version"].as_str())
        .expect("Cargo.toml declares rust-version");
    let ours = parse_version(declared);
    let newer: Vec<String> = packages
        .iter()
        .filter(|p| p["name"] != "orglint")
        .filter_map(|p| {
            let needs = p["rust_version"].as_str()?;
            (parse_version(needs) > ours)
                .then(|| format!("{} {} needs {needs}", p["name"], p["version"]))
        })
        .collect();
    assert!(
        newer.is_empty(),
        "Cargo.toml says rust-version = {declared}, but locked dependencies need more:\n{}",
        newer.join("\n")
    );
    // The comparison saw real data: the lock file has dependencies that declare a version.
    assert!(packages
        .iter()
        .any(|p| p["name"] != "orglint" && p["rust_version"].is_string()));
}

#[test]
fn versions_compare_by_number_not_by_text() {
    assert!(parse_version("1.89") > parse_version("1.9.0"));
    assert_eq!(parse_version("1.89"), parse_version("1.89.0"));
    assert!(parse_version("1.100") > parse_version("1.89.5"));
}
