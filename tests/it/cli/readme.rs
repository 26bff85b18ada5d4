//! The README stays true: its set-up commands, its command list and its library example.

use assert_cmd::Command;

fn readme() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap()
}

#[test]
fn the_set_up_commands_are_at_the_top_and_work() {
    let readme = readme();
    let install = "cargo install --locked --path .";
    let build = "cargo run --release -- check examples/acme.yaml";
    let test = "cargo test --release";
    let first_block = readme
        .split("```sh")
        .nth(1)
        .unwrap()
        .split("```")
        .next()
        .unwrap();
    assert!(
        first_block.contains(install) && first_block.contains(build) && first_block.contains(test),
        "{first_block}"
    );
    // What the first command runs: the bundled example checks clean.
    Command::cargo_bin("orglint")
        .unwrap()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["check", "examples/acme.yaml"])
        .assert()
        .code(0);
}

#[test]
fn every_command_is_documented() {
    let readme = readme();
    let help = Command::cargo_bin("orglint")
        .unwrap()
        .arg("--help")
        .output()
        .unwrap();
    let help = String::from_utf8(help.stdout).unwrap();
    let commands: Vec<&str> = help
        .split("Commands:")
        .nth(1)
        .unwrap()
        .split("Options:")
        .next()
        .unwrap()
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .filter(|c| *c != "help")
        .collect();
    assert!(commands.contains(&"check"), "{help}");
    for command in commands {
        assert!(
            readme.contains(&format!("orglint {command}")),
            "README lacks `orglint {command}`"
        );
    }
}

#[test]
fn the_library_example_is_the_compiled_one() {
    let example = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/examples/check_chart.rs"
    ))
    .unwrap();
    let code: String = example
        .lines()
        .skip_while(|l| l.starts_with("//!") || l.is_empty())
        .map(|l| format!("{l}\n"))
        .collect();
    assert!(
        readme().contains(&format!("```rust\n{code}```")),
        "README example differs from examples/check_chart.rs"
    );
}

#[test]
fn the_text_report_sample_is_what_orglint_prints() {
    let readme = readme();
    let sample = readme
        .split("A text report looks like this")
        .nth(1)
        .and_then(|rest| rest.split("```text\n").nth(1))
        .and_then(|rest| rest.split("```").next())
        .unwrap();
    let output = Command::cargo_bin("orglint")
        .unwrap()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args([
            "check",
            "examples/problems.yaml",
            "--select",
            "unknown-manager,reporting-cycle",
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(String::from_utf8(output.stdout).unwrap(), sample);
}
