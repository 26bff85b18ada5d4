//! Baselines (`--write-baseline`, `--baseline`) and `orglint diff`, end to end.

use crate::support::ci_support::*;
use serde_json::Value;
use std::path::Path;

/// One entry per line, so the chart can be reordered line by line. Findings: multiple-roots
/// (ceo, top2), reporting-cycle (c1 c2 c3), self-manager (selfy), unknown-manager (lost).
const ENTRIES: &[&str] = &[
    "  - {id: ceo, name: Ada Ceo, title: Chief Executive Officer}",
    "  - {id: coo, name: Ben Coo, title: Chief Operating Officer, reports_to: ceo}",
    "  - {id: cio, name: Cy Cio, title: Chief Information Officer, reports_to: ceo}",
    "  - {id: top2, name: Di Top, title: Founder}",
    "  - {id: c1, name: Ed One, title: Lead, reports_to: c3}",
    "  - {id: c2, name: Flo Two, title: Lead, reports_to: c1}",
    "  - {id: c3, name: Gus Three, title: Lead, reports_to: c2}",
    "  - {id: selfy, name: Hal Self, title: Clerk, reports_to: selfy}",
    "  - {id: lost, name: Ida Lost, title: Clerk, reports_to: gone}",
];

fn chart(entries: &[&str]) -> String {
    format!("version: 1\npeople:\n{}\n", entries.join("\n"))
}

fn write(dir: &Path, name: &str, text: &str) {
    std::fs::write(dir.join(name), text).unwrap();
}

fn json_of(output: &std::process::Output) -> Value {
    serde_json::from_slice(&output.stdout).unwrap()
}

#[test]
fn baseline_accepts_existing_findings_survives_reordering_and_catches_new_ones() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    write(dir, "org.yaml", &chart(ENTRIES));
    orglint_in(dir)
        .args(["check", "org.yaml", "--write-baseline", "baseline.json"])
        .assert()
        .code(1);
    let baseline: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("baseline.json")).unwrap()).unwrap();
    assert_eq!(baseline["findings"].as_array().unwrap().len(), 4);

    // Same chart: everything existing, nothing fails.
    let output = orglint_in(dir)
        .args([
            "check",
            "org.yaml",
            "--baseline",
            "baseline.json",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let report = json_of(&output);
    assert_eq!(report["summary"]["existing"], 4);
    assert_eq!(report["summary"]["error"], 0);

    // Reordered (every line reversed, so the cycle and the roots are met in another order).
    let reversed: Vec<&str> = ENTRIES.iter().rev().copied().collect();
    write(dir, "org.yaml", &chart(&reversed));
    let output = orglint_in(dir)
        .args([
            "check",
            "org.yaml",
            "--baseline",
            "baseline.json",
            "--format",
            "sarif",
        ])
        .output()
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stdout)
    );
    let sarif = json_of(&output);
    assert!(sarif_errors(&sarif).is_empty());
    let states: Vec<&str> = sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["baselineState"].as_str().unwrap())
        .collect();
    assert_eq!(states, ["unchanged"; 4]);

    // A new finding fails, and only it is new.
    let mut more = reversed.clone();
    more.push("  - {id: selfy2, name: Jo Self, title: Clerk, reports_to: selfy2}");
    write(dir, "org.yaml", &chart(&more));
    let output = orglint_in(dir)
        .args([
            "check",
            "org.yaml",
            "--baseline",
            "baseline.json",
            "--format",
            "sarif",
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let sarif = json_of(&output);
    let new: Vec<&Value> = sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["baselineState"] == "new")
        .collect();
    assert_eq!(new.len(), 1);
    assert_eq!(new[0]["ruleId"], "self-manager");
    assert!(new[0]["message"]["text"]
        .as_str()
        .unwrap()
        .contains("selfy2"));
    let output = orglint_in(dir)
        .args(["check", "org.yaml", "--baseline", "baseline.json"])
        .arg("--show-existing")
        .output()
        .unwrap();
    let text = stdout_of(&output);
    assert!(text.contains("error (existing)[self-manager]"), "{text}");
    assert!(
        text.contains("1 error, 0 warnings, 0 info, 4 existing"),
        "{text}"
    );
}

#[test]
fn a_broken_baseline_is_unusable_input() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "org.yaml", &chart(ENTRIES));
    write(
        dir.path(),
        "baseline.json",
        "{\"version\": 1,\n \"findings\": 7}\n",
    );
    let output = orglint_in(dir.path())
        .args(["check", "org.yaml", "--baseline", "baseline.json"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("baseline.json:2:"), "{stderr}");
    assert!(stderr.contains("--write-baseline"), "{stderr}");
    assert!(output.stdout.is_empty());
}

/// The new chart of the diff tests: top2 left, kim joined, coo moved under cio, cio's title
/// changed (and with it the CIO role), the self-manager fixed, a new unknown manager.
fn changed_entries() -> Vec<String> {
    let mut entries: Vec<String> = ENTRIES
        .iter()
        .filter(|e| !e.contains("id: top2"))
        .map(|e| {
            e.replace(
                "Chief Operating Officer, reports_to: ceo",
                "Chief Operating Officer, reports_to: cio",
            )
            .replace(
                "title: Chief Information Officer",
                "title: \"Head of IT | <b>Ops</b>\\e[31m\\r\\nX\"",
            )
            .replace("reports_to: selfy}", "reports_to: ceo}")
        })
        .collect();
    entries.push(
        "  - {id: kim, name: \"Kim, \\\"K\\\" %0A\", title: Clerk, reports_to: nowhere}".into(),
    );
    entries
}

#[test]
fn diff_reports_changes_and_fails_on_new_findings() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    write(dir, "old.yaml", &chart(ENTRIES));
    let new: Vec<String> = changed_entries();
    let new: Vec<&str> = new.iter().map(String::as_str).collect();
    write(dir, "new.yaml", &chart(&new));

    let output = orglint_in(dir)
        .args(["diff", "old.yaml", "new.yaml", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1), "a new unknown-manager error");
    let d = json_of(&output);
    let ids = |key: &str| -> Vec<String> {
        d[key]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x["id"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(ids("joiners"), ["kim"]);
    assert_eq!(d["joiners"][0]["name"], "Kim, \"K\" %0A");
    assert_eq!(ids("leavers"), ["top2"]);
    // Top-down: selfy now sits under the top, coo one layer lower.
    assert_eq!(ids("moves"), ["selfy", "coo"]);
    assert_eq!(d["moves"][1]["from"]["id"], "ceo");
    assert_eq!(d["moves"][1]["to"]["id"], "cio");
    assert_eq!(d["moves"][1]["to"]["name"], "Cy Cio");
    assert_eq!(d["line_changes"][0]["role"], "COO");
    // Its new manager lost the CIO title: the COO no longer reports to the CEO.
    assert_eq!(d["line_changes"][0]["from"][0], "CEO");
    assert_eq!(d["line_changes"][0]["to"], serde_json::json!([]));
    assert_eq!(ids("title_changes"), ["cio"]);
    assert_eq!(d["role_changes"][0]["role"], "CIO");
    assert_eq!(d["role_changes"][0]["from"][0]["id"], "cio");
    assert_eq!(d["role_changes"][0]["to"], serde_json::json!([]));
    let rules = |key: &str| -> Vec<String> {
        d[key]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x["rule"].as_str().unwrap().to_owned())
            .collect()
    };
    assert!(rules("new_findings").contains(&"unknown-manager".to_owned()));
    assert!(rules("resolved_findings").contains(&"self-manager".to_owned()));
    assert!(rules("resolved_findings").contains(&"multiple-roots".to_owned()));
    assert!(
        !rules("new_findings").contains(&"reporting-cycle".to_owned()),
        "an unchanged cycle is neither new nor resolved"
    );
    assert_eq!(d["summary"]["failed"], true);

    // Deterministic: the same inputs give the same bytes.
    let again = orglint_in(dir)
        .args(["diff", "old.yaml", "new.yaml", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(again.stdout, output.stdout);

    // Text and Markdown escape names and titles.
    let text = stdout_of(
        &orglint_in(dir)
            .args(["diff", "old.yaml", "new.yaml"])
            .output()
            .unwrap(),
    );
    assert!(
        text.contains("+ Kim, \"K\" %0A (kim), Clerk under nowhere"),
        "{text}"
    );
    assert!(
        text.contains("~ Ben Coo (coo) moved from Ada Ceo (ceo) to Cy Cio (cio)"),
        "{text}"
    );
    assert!(text.contains("~ CIO: Cy Cio (cio) → nobody"), "{text}");
    assert!(
        text.contains("Chief Information Officer → Head of IT | <b>Ops</b>\\u{1b}[31m\\r\\nX"),
        "{text}"
    );
    let markdown = stdout_of(
        &orglint_in(dir)
            .args(["diff", "old.yaml", "new.yaml", "--format", "markdown"])
            .output()
            .unwrap(),
    );
    assert!(!markdown.contains("<b>"), "{markdown}");
    for output in [&text, &markdown] {
        assert!(
            !output.contains('\u{1b}') && !output.contains('\r'),
            "{output}"
        );
    }
    assert_eq!(
        d["title_changes"][0]["to"],
        "Head of IT | <b>Ops</b>\u{1b}[31m\r\nX"
    );
    assert!(
        markdown.contains("Head of IT \\| &lt;b&gt;Ops&lt;/b&gt;"),
        "{markdown}"
    );

    // Only warnings new and fail-on error: exit 0. Nothing new at all: exit 0.
    orglint_in(dir)
        .args(["diff", "old.yaml", "new.yaml", "--fail-on", "never"])
        .assert()
        .code(0);
    let same = orglint_in(dir)
        .args(["diff", "old.yaml", "old.yaml"])
        .output()
        .unwrap();
    assert_eq!(same.status.code(), Some(0));
    assert!(stdout_of(&same).contains("No changes."));
}

#[test]
fn a_move_under_a_manager_who_is_nobody_in_the_new_chart_says_why() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    let header = "id,name,title,manager,Enabled\n";
    let top = "ceo,Ada Ceo,Chief Executive Officer,,True\n";
    write(
        dir,
        "old.csv",
        &format!("{header}{top}m,Mo Lead,Manager,ceo,True\nr1,Ro Clerk,Clerk,ceo,True\nr2,Su Clerk,Clerk,ceo,True\n"),
    );
    // Mo's account is disabled now, and Su reports to someone the chart never had: said as
    // a joiner's or a leaver's report would say it.
    write(
        dir,
        "new.csv",
        &format!("{header}{top}m,Mo Lead,Manager,ceo,False\nr1,Ro Clerk,Clerk,m,True\nr2,Su Clerk,Clerk,ghost,True\n"),
    );
    let output = orglint_in(dir)
        .args(["diff", "old.csv", "new.csv"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(
        text.contains("Ro Clerk (r1) moved from Ada Ceo (ceo) to m, which was a disabled account (Enabled says so): no manager in the chart"),
        "{text}"
    );
    assert!(
        text.contains("Su Clerk (r2) moved from Ada Ceo (ceo) to ghost, who is not in the chart"),
        "{text}"
    );
    let output = orglint_in(dir)
        .args(["diff", "old.csv", "new.csv", "--format", "json"])
        .output()
        .unwrap();
    let moves = &json_of(&output)["moves"];
    assert_eq!(
        moves[0]["manager_absent"], "a disabled account (Enabled says so)",
        "{moves}"
    );
    assert_eq!(moves[1]["manager_absent"], "not in the chart", "{moves}");
}

#[test]
fn diff_rejects_bad_input_with_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "old.yaml", &chart(ENTRIES));
    write(
        dir.path(),
        "bad.yaml",
        "version: 1\npeople:\n  - {name: No Id}\n",
    );
    let output = orglint_in(dir.path())
        .args(["diff", "old.yaml", "bad.yaml"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("bad.yaml:3"));
    assert!(output.stdout.is_empty());
    orglint_in(dir.path())
        .args(["diff", "old.yaml", "missing.yaml"])
        .assert()
        .code(2);
    orglint_in(dir.path())
        .args(["diff", "-", "-"])
        .assert()
        .code(2);
}

/// A file subject (`reference-by-name`) is the file's base name with digit runs folded: dated
/// exports of one chart, in other folders, keep their findings' fingerprints — in `diff` (no
/// new or resolved finding, no change at all) and in a baseline written for the other file.
#[test]
fn dated_exports_in_other_folders_keep_their_fingerprints() {
    for (old, new, subject) in [
        ("org-2026-01-31.csv", "org-2026-02-28.csv", "org-#-#-#.csv"),
        ("org-2026-01.csv", "org-2026-02.csv", "org-#-#.csv"),
    ] {
        dated_exports_match(old, new, subject);
    }
}

fn dated_exports_match(old_name: &str, new_name: &str, subject: &str) {
    let dir = tempfile::tempdir().unwrap();
    let csv = "Employee ID,Name,Title,Manager\n1,Ada Ceo,CEO,\n2,Ben Coo,COO,Ada Ceo\n";
    for (folder, name) in [("old", old_name), ("new", new_name)] {
        std::fs::create_dir(dir.path().join(folder)).unwrap();
        write(&dir.path().join(folder), name, csv);
    }
    let (old, new) = (format!("old/{old_name}"), format!("new/{new_name}"));
    let diff = orglint_in(dir.path())
        .args(["diff", &old, &new, "--format", "json"])
        .output()
        .unwrap();
    let report = json_of(&diff);
    for key in ["new_findings", "resolved_findings"] {
        assert_eq!(
            report[key].as_array().map(Vec::len),
            Some(0),
            "{key}: {report}"
        );
    }
    let summary = report["summary"].as_object().unwrap();
    for (key, count) in summary {
        if !["old_people", "new_people", "fail_on", "failed"].contains(&key.as_str()) {
            assert_eq!(count, 0, "{key}: {report}");
        }
    }
    orglint_in(&dir.path().join("old"))
        .args(["check", old_name, "--write-baseline"])
        .arg(dir.path().join("base.json"))
        .assert()
        .code(0);
    let check = orglint_in(dir.path())
        .args(["check", &new, "--format", "json", "--baseline"])
        .arg(dir.path().join("base.json"))
        .output()
        .unwrap();
    let report = json_of(&check);
    let by_name = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "reference-by-name")
        .unwrap();
    assert_eq!(by_name["existing"], true, "{report}");
    assert_eq!(by_name["subjects"][0], subject);
}
