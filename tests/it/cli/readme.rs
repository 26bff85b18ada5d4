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
    let sample = block_after(&readme, &["A text report looks like this", "```text\n"]);
    let args = [
        "check",
        "examples/problems.yaml",
        "--select",
        "unknown-manager,reporting-cycle",
    ];
    assert_eq!(stdout_of(&args, 1), sample);
}

#[test]
fn the_first_run_is_what_orglint_prints() {
    let readme = readme();
    let sample = block_after(&readme, &["$ orglint check examples/acme.yaml\n"]);
    assert_eq!(stdout_of(&["check", "examples/acme.yaml"], 0), sample);
}

#[test]
fn the_reconcile_sample_is_what_orglint_prints() {
    let readme = readme();
    let args = [
        "reconcile",
        "examples/reconcile/hris.csv",
        "--against",
        "examples/reconcile/directory.json",
    ];
    let sample = block_after(&readme, &[&format!("$ orglint {}\n", args.join(" "))]);
    assert_eq!(stdout_of(&args, 1), sample);
}

/// The text after each of `markers` in turn, up to the end of its code block.
fn block_after<'a>(text: &'a str, markers: &[&str]) -> &'a str {
    let mut rest = text;
    for marker in markers {
        rest = rest
            .split_once(marker)
            .unwrap_or_else(|| panic!("README lacks {marker:?}"))
            .1;
    }
    rest.split("```").next().unwrap()
}

/// What `orglint ARGS` prints on standard output, run in the repository as the README's
/// samples are; it must exit with `code`.
fn stdout_of(args: &[&str], code: i32) -> String {
    let output = Command::cargo_bin("orglint")
        .unwrap()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(args)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(code), "orglint {args:?}");
    String::from_utf8(output.stdout).unwrap()
}

#[test]
fn the_readme_chart_sample_checks_clean() {
    let readme = readme();
    let sample = block_after(&readme, &["```yaml\n"]);
    let chart = orglint::load::from_str(
        "README.md",
        sample,
        orglint::load::InputFormat::Yaml,
        &Default::default(),
    )
    .unwrap();
    let options =
        orglint::check::CheckOptions::new(orglint::rulebook::Rulebook::builtin().unwrap());
    let outcome = orglint::check::check(&chart, &options);
    let messages: Vec<&str> = outcome
        .findings
        .iter()
        .map(|f| f.message.as_str())
        .collect();
    assert_eq!(messages, Vec::<&str>::new());
}

#[test]
fn the_readme_is_at_most_350_lines() {
    let lines = readme().lines().count();
    assert!(
        lines <= 350,
        "README.md has {lines} lines; move detail to docs/"
    );
}

/// README.md and every docs/*.md, as (path relative to the repository, text).
fn markdown_pages() -> Vec<(std::path::PathBuf, String)> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut pages = vec![root.join("README.md")];
    for entry in std::fs::read_dir(root.join("docs")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "md") {
            pages.push(path);
        }
    }
    pages.sort();
    pages
        .into_iter()
        .map(|path| {
            let text = std::fs::read_to_string(&path).unwrap();
            (path, text)
        })
        .collect()
}

/// The page's text outside fenced code blocks, with inline code spans removed: what is left
/// holds the links and headings.
fn prose(markdown: &str) -> String {
    let mut fenced = false;
    let mut outside = String::new();
    for line in markdown.lines() {
        if line.trim_start().starts_with("```") {
            fenced = !fenced;
        } else if !fenced {
            outside.push_str(line);
            outside.push('\n');
        }
    }
    outside.split('`').step_by(2).collect()
}

/// The link targets of a page: `[text](target)` and `![alt](target)`.
fn link_targets(markdown: &str) -> Vec<String> {
    prose(markdown)
        .split("](")
        .skip(1)
        .filter_map(|rest| rest.split(')').next())
        .map(str::to_owned)
        .collect()
}

/// The anchors GitHub gives a page's headings: lower case, punctuation dropped, spaces as `-`.
fn heading_anchors(markdown: &str) -> Vec<String> {
    let mut fenced = false;
    let mut anchors = Vec::new();
    for line in markdown.lines() {
        if line.trim_start().starts_with("```") {
            fenced = !fenced;
        } else if !fenced && line.starts_with('#') {
            let heading = line.trim_start_matches('#').trim();
            let anchor: String = heading
                .to_lowercase()
                .chars()
                .filter(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | ' '))
                .map(|c| if c == ' ' { '-' } else { c })
                .collect();
            anchors.push(anchor);
        }
    }
    anchors
}

#[test]
fn every_relative_link_in_the_readme_and_docs_resolves() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut broken = Vec::new();
    for (page, text) in markdown_pages() {
        let shown = page
            .strip_prefix(root)
            .unwrap_or(&page)
            .display()
            .to_string();
        for target in link_targets(&text) {
            if target.contains("://") || target.starts_with("mailto:") {
                continue;
            }
            let (file, anchor) = match target.split_once('#') {
                Some((file, anchor)) => (file, Some(anchor)),
                None => (target.as_str(), None),
            };
            let path = if file.is_empty() {
                page.clone()
            } else {
                page.parent().unwrap().join(file)
            };
            if !path.exists() {
                broken.push(format!("{shown}: {target} (no such file)"));
                continue;
            }
            let Some(anchor) = anchor else { continue };
            let linked = std::fs::read_to_string(&path).unwrap_or_default();
            if !heading_anchors(&linked).iter().any(|a| a == anchor) {
                broken.push(format!("{shown}: {target} (no such heading)"));
            }
        }
    }
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
}

#[test]
fn every_docs_page_is_linked_from_the_readme() {
    let links = link_targets(&readme());
    for (page, _) in markdown_pages() {
        let name = page.file_name().unwrap().to_str().unwrap();
        if name == "README.md" {
            continue;
        }
        let target = format!("docs/{name}");
        assert!(
            links
                .iter()
                .any(|l| l.split('#').next() == Some(target.as_str())),
            "README.md does not link {target}"
        );
    }
}

/// The README's pull-request workflow (`diff --since` the base, one comment updated on each
/// push, the picture kept as an artifact) says what it must and passes actionlint.
#[test]
fn the_readme_pull_request_workflow_passes_actionlint() {
    let readme = readme();
    let workflow = block_after(
        &readme,
        &["the picture of the changes as an artifact", "```yaml\n"],
    );
    for needed in [
        "fetch-depth: 0",
        "diff-since: ${{ github.event.pull_request.base.sha }}",
        "-o changes.svg",
        "actions/upload-artifact",
        "<!-- orglint-diff -->",
        "--method PATCH",
        "pull-requests: write",
    ] {
        assert!(workflow.contains(needed), "the workflow lacks {needed:?}");
    }
    if !crate::support::ci_support::tool_available("actionlint", "--version", "see .ci/run") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("review.yml");
    std::fs::write(&path, workflow).unwrap();
    let output = std::process::Command::new("actionlint")
        .arg(&path)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}
