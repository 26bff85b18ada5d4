//! The README stays true: its set-up commands, its command list and its library example.

use assert_cmd::Command;

fn readme() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap()
}

#[test]
fn the_set_up_commands_are_at_the_top_and_work() {
    let readme = readme();
    let install = "cargo install --path .";
    let build = "orglint check examples/acme.yaml";
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
    // What the second command runs: the bundled example checks clean.
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
