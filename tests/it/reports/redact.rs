//! `--redact`: no name or email in any output of any command — standard output, standard
//! error and every report file. Table-driven: every format of each command is a row; to cover
//! a new command, add rows to `cases()` (with the files they write).

use crate::support::ci_support::*;
use orglint::choice::Choice;
use orglint::cli::{DiffFormat, StatsFormat};
use orglint::diagram::OutputFormat;
use orglint::report::ReportFormat;

/// Everything that must not leak: each name, each part of a name, each email.
const SECRETS: &[&str] = &[
    "Zephyrine",
    "Quillfeather",
    "Barnaby",
    "Thistlewood",
    "Ottoline",
    "Marchbanks",
    "Isadora",
    "Vantablack",
    "Leopold",
    "Fennimore",
    "zq@secret.example",
    "secret.example",
    "btw@",
    "Ignatius",
    "Pemberton",
    // Managers given by a name or username that matches nobody.
    "Quixote",
    "yorick",
    "plimpton",
];

/// The old chart: findings of many rules, each naming people in its message (self-manager,
/// duplicate-id, unknown-manager, multiple-roots, reporting-cycle, span-of-control), a
/// waiver whose reason names someone, and emails.
const OLD: &str = r#"version: 1
organization: Redaction Test
people:
  - {id: p1, name: Zephyrine Quillfeather, title: Chief Executive Officer, email: zq@secret.example}
  - {id: p2, name: Barnaby Thistlewood, title: Chief Operating Officer, reports_to: p1, email: btw@secret.example}
  - {id: p3, name: Ottoline Marchbanks, title: Chief Information Officer, reports_to: p1}
  - {id: p4, name: Isadora Vantablack, title: Analyst, reports_to: p4}
  - {id: p5, name: Leopold Fennimore, title: Clerk, reports_to: nobody}
  - {id: p5, name: Ignatius Pemberton, title: Clerk, reports_to: p1}
  - {id: c1, name: Zephyrine Cycle, title: Lead, reports_to: c2}
  - {id: c2, name: Barnaby Cycle, title: Lead, reports_to: c1}
  - {id: top2, name: Ottoline Second, title: Founder}
  - {id: q1, title: Clerk, reports_to: Quixote}
  - {id: q2, title: Clerk, reports_to: yorick.plimpton}
waivers:
  - {rule: multiple-roots, subject: p1, reason: Zephyrine Quillfeather asked for it}
  - {rule: duplicate-id, subject: p5, reason: Leopold Fennimore leaves in May}
"#;

/// The new chart: a joiner, a leaver, a move, a title change and a role change, all named.
fn new_chart() -> String {
    let mut text = OLD
        .replace(
            "title: Analyst, reports_to: p4",
            "title: Chief Operating Officer, reports_to: p1",
        )
        .replace(
            "title: Chief Information Officer, reports_to: p1}",
            "title: Chief Information Officer, reports_to: p2}",
        )
        .replace(
            "  - {id: top2, name: Ottoline Second, title: Founder}\n",
            "  - {id: p9, name: Ignatius Newcomer, title: Intern, reports_to: ghost}\n",
        );
    // Wide team for span-of-control.
    let team: String = (0..20)
        .map(|i| {
            format!("  - {{id: t{i}, name: Leopold Teammate{i}, title: Agent, reports_to: p3}}\n")
        })
        .collect();
    text = text.replacen("waivers:\n", &format!("{team}waivers:\n"), 1);
    text
}

struct Case {
    name: String,
    args: Vec<String>,
    /// Files the command writes (in the working folder), checked too.
    writes: Vec<String>,
    /// Whether the same run without `--redact` shows names (proves the case can leak).
    names_without_redact: bool,
}

fn case(name: &str, args: &[&str], writes: &[&str]) -> Case {
    let owned = |items: &[&str]| items.iter().map(|s| (*s).to_owned()).collect();
    Case {
        name: name.to_owned(),
        args: owned(args),
        writes: owned(writes),
        names_without_redact: true,
    }
}

/// Every command in every format (from each format's `ALL`, so a new format is covered),
/// every report file at once, and the runs that show more than their format.
fn cases() -> Vec<Case> {
    let mut cases = vec![case(
        "check against a baseline",
        &[
            "check",
            "new.yaml",
            "--baseline",
            "base.json",
            "--format",
            "sarif",
        ],
        &[],
    )];
    for format in ReportFormat::names() {
        let args = ["check", "new.yaml", "--format", format];
        cases.push(case(&format!("check {format}"), &args, &[]));
    }
    for format in StatsFormat::names() {
        let args = ["stats", "new.yaml", "--format", format];
        cases.push(case(&format!("stats {format}"), &args, &[]));
    }
    for format in DiffFormat::names() {
        let args = ["diff", "old.yaml", "new.yaml", "--format", format];
        cases.push(case(&format!("diff {format}"), &args, &[]));
    }
    let reports: Vec<(String, String)> = ReportFormat::names()
        .into_iter()
        .map(|format| (format!("{format}=r.{format}"), format!("r.{format}")))
        .collect();
    let mut args = vec!["check", "old.yaml", "--fail-on", "info"];
    let mut writes = vec!["baseline.json"];
    for (target, file) in &reports {
        args.extend(["--report", target]);
        writes.push(file);
    }
    args.extend(["--write-baseline", "baseline.json"]);
    cases.push(case(
        "check with every report and a baseline",
        &args,
        &writes,
    ));
    cases.push(case(
        "diagram dot on stdout",
        &[
            "diagram",
            "new.yaml",
            "-o",
            "-",
            "--findings",
            "--cluster",
            "department",
        ],
        &[],
    ));
    for format in OutputFormat::ALL {
        let file = format!("chart.{format}");
        let args = ["diagram", "new.yaml", "-o", &file, "--findings"];
        let mut case = case(&format!("diagram {format} file"), &args, &[&file]);
        // Pictures: their text is drawn, not written.
        case.names_without_redact = match format {
            OutputFormat::Dot | OutputFormat::Svg | OutputFormat::Html => true,
            OutputFormat::Png | OutputFormat::Pdf => false,
        };
        cases.push(case);
    }
    cases
}

fn setup() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("old.yaml"), OLD).unwrap();
    std::fs::write(dir.path().join("new.yaml"), new_chart()).unwrap();
    orglint_in(dir.path())
        .args(["check", "old.yaml", "--write-baseline", "base.json"])
        .output()
        .unwrap();
    assert!(dir.path().join("base.json").exists());
    dir
}

/// Everything a run shows or writes.
fn outputs(dir: &std::path::Path, case: &Case, redact: bool) -> Vec<(String, String)> {
    let mut cmd = orglint_in(dir);
    cmd.args(&case.args);
    if redact {
        cmd.arg("--redact");
    }
    let output = cmd.output().unwrap();
    let code = output.status.code();
    assert!(
        matches!(code, Some(0 | 1)),
        "{}: exit {code:?}: {}",
        case.name,
        String::from_utf8_lossy(&output.stderr)
    );
    let mut seen = vec![
        (
            "stdout".to_owned(),
            String::from_utf8_lossy(&output.stdout).into_owned(),
        ),
        (
            "stderr".to_owned(),
            String::from_utf8_lossy(&output.stderr).into_owned(),
        ),
    ];
    for file in &case.writes {
        let bytes = std::fs::read(dir.join(file))
            .unwrap_or_else(|e| panic!("{}: {file} not written: {e}", case.name));
        seen.push((file.clone(), String::from_utf8_lossy(&bytes).into_owned()));
        std::fs::remove_file(dir.join(file)).unwrap();
    }
    seen
}

#[test]
fn redact_leaves_no_name_or_email_in_any_output() {
    let dir = setup();
    for case in &cases() {
        for (place, text) in outputs(dir.path(), case, true) {
            for secret in SECRETS {
                assert!(
                    !text.contains(secret),
                    "{}: {secret:?} in {place} under --redact:\n{text}",
                    case.name
                );
            }
        }
        if case.names_without_redact {
            let shown = outputs(dir.path(), case, false)
                .iter()
                .any(|(_, text)| SECRETS.iter().any(|s| text.contains(s)));
            assert!(shown, "{}: shows no name even without --redact", case.name);
        }
    }
}

#[test]
fn redacted_output_still_names_people_by_id() {
    let dir = setup();
    let output = orglint_in(dir.path())
        .args(["check", "--redact", "old.yaml"])
        .output()
        .unwrap();
    let text = stdout_of(&output);
    assert!(text.contains("p4 reports to themselves"), "{text}");
    assert!(text.contains("(reason withheld under --redact)"), "{text}");
}

/// People keyed by email, one re-keyed with the same email: `--redact` must match them on
/// their real values (redaction touches output only), so the diff counts the same changes
/// with and without it, and no format names anyone.
#[test]
fn diff_matches_on_real_values_and_redacts_only_its_output() {
    let dir = tempfile::tempdir().unwrap();
    let old = "version: 1
people:
  - {id: zq@secret.example, name: Zephyrine Quillfeather, title: Chief Executive Officer}
  - {id: e1, name: Barnaby Thistlewood, title: Chief Operating Officer, reports_to: zq@secret.example, email: btw@secret.example}
  - {id: e2, name: Ottoline Marchbanks, title: Clerk, reports_to: e1}
  - {id: e4, name: Leopold Fennimore, title: Clerk, reports_to: e4}
";
    let new = "version: 1
people:
  - {id: zq@secret.example, name: Zephyrine Quillfeather, title: Chief Executive Officer}
  - {id: E-100, name: Barnaby Thistlewood, title: Chief Operating Officer, reports_to: zq@secret.example, email: BTW@secret.example}
  - {id: e2, name: Ottoline Marchbanks, title: Senior Clerk, reports_to: E-100}
  - {id: e3, name: Isadora Vantablack, title: Analyst, reports_to: zq@secret.example}
  - {id: e4, name: Leopold Fennimore, title: Clerk, reports_to: e4}
";
    std::fs::write(dir.path().join("old.yaml"), old).unwrap();
    std::fs::write(dir.path().join("new.yaml"), new).unwrap();
    let run = |format: &str, redact: bool| {
        let mut command = orglint_in(dir.path());
        command.args(["diff", "old.yaml", "new.yaml", "--format", format]);
        if redact {
            command.arg("--redact");
        }
        command.output().unwrap()
    };
    let summary = |redact: bool| {
        let output = run("json", redact);
        let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
        report["summary"].clone()
    };
    let plain = summary(false);
    assert_eq!(plain["joiners"], 1, "{plain}");
    assert_eq!(plain["leavers"], 0, "{plain}");
    assert_eq!(plain["moves"], 0, "{plain}");
    assert_eq!(plain["resolved_findings"], 0, "{plain}");
    assert_eq!(summary(true), plain, "the same changes under --redact");
    for format in DiffFormat::names() {
        let output = run(format, true);
        let shown = format!(
            "{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
        for secret in SECRETS {
            assert!(
                !shown.contains(secret),
                "diff {format} shows {secret}: {shown}"
            );
        }
    }
}
