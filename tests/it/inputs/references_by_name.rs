//! SPEC §3's references by name or email, junior organogram rows and empty charts, and the
//! locations with columns of SPEC §5.

use crate::support::common::*;
use orglint::choice::Choice;
use orglint::finding::Severity::Info;
use orglint::report::ReportFormat;
use orglint::rulebook::Rulebook;
use std::process::Command;

fn orglint(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_orglint"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

const EXEC_NAMES: &str = "  - {id: e1, name: Dana Whitfield, title: CEO, email: dana@acme.example}
  - {id: e2, name: Sam Ortiz, title: COO, reports_to: Dana Whitfield}
  - {id: e3, name: Lee Park, title: CIO, reports_to: 'Whitfield, Dana', dotted_lines: [SAM ORTIZ]}
  - {id: e4, name: Kim Lo, title: Analyst, reports_to: DANA@acme.example}
";

#[test]
fn names_last_first_and_emails_resolve_with_one_info_finding_per_file() {
    let outcome = run_with(&chart(EXEC_NAMES), Rulebook::builtin().unwrap());
    let found: Vec<_> = outcome.findings.iter().map(|x| x.rule.name()).collect();
    assert_eq!(found, vec!["reference-by-name"], "{:?}", outcome.findings);
    let finding = &outcome.findings[0];
    assert_eq!(finding.severity, Info);
    assert!(
        finding.message.starts_with("4 references"),
        "{}",
        finding.message
    );
    assert!(
        finding.message.contains("\"Dana Whitfield\" → e1"),
        "{}",
        finding.message
    );
}

#[test]
fn a_name_matching_several_people_is_unknown_manager_naming_the_candidates() {
    let people = "  - {id: ceo, name: Ann Hale, title: CEO}
  - {id: a, name: Jo Smith, title: Analyst, reports_to: ceo}
  - {id: b, name: 'Smith, Jo', title: Analyst, reports_to: ceo}
  - {id: c, name: Cy Doe, title: Analyst, reports_to: Jo Smith, dotted_lines: [jo smith]}
";
    let outcome = run_with(&chart(people), Rulebook::builtin().unwrap());
    let manager = outcome
        .findings
        .iter()
        .find(|x| x.rule.name() == "unknown-manager")
        .unwrap();
    assert_eq!(manager.subjects, vec!["c"]);
    assert!(
        manager
            .message
            .contains("matches several people: Jo Smith (a), Smith, Jo (b)"),
        "{}",
        manager.message
    );
    let dotted = outcome
        .findings
        .iter()
        .find(|x| x.rule.name() == "unknown-reference")
        .unwrap();
    assert!(
        dotted.message.contains("several people"),
        "{}",
        dotted.message
    );
}

#[test]
fn a_value_equal_to_an_id_is_always_that_id() {
    // `Sam Ortiz` is an id here and also a name of someone else.
    let people = "  - {id: Sam Ortiz, name: Boss, title: CEO}
  - {id: x, name: Sam Ortiz, title: COO, reports_to: Sam Ortiz}
  - {id: y, title: CIO, reports_to: Sam Ortiz}
";
    assert_findings(&chart(people), vec![]);
}

#[test]
fn an_unknown_manager_gets_a_did_you_mean_over_ids_and_names() {
    let people = "  - {id: ceo, name: Dana Whitfield, title: CEO}
  - {id: coo, title: COO, reports_to: ceo}
  - {id: cio, title: CIO, reports_to: ceo}
  - {id: a, title: Analyst, reports_to: Dana Whitfeld}
  - {id: b, title: Analyst, reports_to: cio2}
";
    let outcome = run_with(&chart(people), Rulebook::builtin().unwrap());
    let messages: Vec<&str> = outcome
        .findings
        .iter()
        .filter(|x| x.rule.name() == "unknown-manager")
        .map(|x| x.message.as_str())
        .collect();
    assert_eq!(messages.len(), 2, "{messages:?}");
    assert!(
        messages[0].contains("did you mean Dana Whitfield (ceo)?"),
        "{}",
        messages[0]
    );
    assert!(messages[1].contains("did you mean cio?"), "{}", messages[1]);
}

#[test]
fn csv_manager_email_and_manager_name_columns_load_without_configuration() {
    let email = temp_file(
        "Employee ID,Name,Title,Email,Manager Email\n1,Dana Whitfield,CEO,dana@x.example,\n2,Sam Ortiz,COO,sam@x.example,dana@x.example\n3,Lee Park,CIO,lee@x.example,DANA@x.example\n",
        ".csv",
    );
    let names = temp_file(
        "Employee ID,Name,Title,Reports To\n1,Dana Whitfield,CEO,\n2,Sam Ortiz,COO,\"Whitfield, Dana\"\n3,Lee Park,CIO,Dana Whitfield\n",
        ".csv",
    );
    for file in [&email, &names] {
        let path = file.path().to_str().unwrap();
        let (code, out, err) = orglint(&["check", "--format", "json", path]);
        assert_eq!(code, 0, "{out}{err}");
        let json: serde_json::Value = serde_json::from_str(&out).unwrap();
        let findings = json["findings"].as_array().unwrap();
        assert_eq!(findings.len(), 1, "{out}");
        assert_eq!(findings[0]["rule"], "reference-by-name");
        assert_eq!(
            findings[0]["subjects"][0],
            orglint::finding::file_subject(path)
        );
    }
}

#[test]
fn an_id_column_wins_over_an_email_column_over_a_name_column() {
    let file = temp_file(
        "Employee ID,Name,Title,Manager Name,Manager Email,Manager ID\n1,Dana Whitfield,CEO,,,\n2,Sam Ortiz,COO,Nobody Here,nobody@x.example,1\n3,Lee Park,CIO,Nobody Here,nobody@x.example,1\n",
        ".csv",
    );
    let (code, out, err) = orglint(&["check", file.path().to_str().unwrap()]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(!out.contains("reference-by-name"), "{out}");
}

#[test]
fn redact_shows_no_name_or_email_of_references_candidates_or_samples() {
    let people = format!(
        "{EXEC_NAMES}  - {{id: a, name: Jo Smith, title: Analyst, reports_to: e1}}
  - {{id: b, name: 'Smith, Jo', title: Analyst, reports_to: e1}}
  - {{id: c, name: Cy Doe, title: Analyst, reports_to: Jo Smith}}
  - {{id: d, name: Di Roe, title: Analyst, reports_to: Kim Loo}}
"
    );
    let file = temp_file(&chart(&people), ".yaml");
    let path = file.path().to_str().unwrap();
    for format in ReportFormat::names() {
        let (_, mut out, err) = orglint(&["check", "--redact", "--format", format, path]);
        if format == "sarif" {
            // The rules' documentation is the same for every chart; its examples use made-up
            // names that may be these.
            let mut sarif: serde_json::Value = serde_json::from_str(&out).unwrap();
            sarif["runs"][0]["tool"]["driver"]["rules"] = serde_json::Value::Null;
            out = sarif.to_string();
        }
        for secret in [
            "Dana",
            "Whitfield",
            "dana@",
            "DANA@",
            "Smith",
            "Kim",
            "Sam",
            "SAM",
            "Cy Doe",
            "Di Roe",
        ] {
            assert!(!out.contains(secret), "{format}: {secret} in {out}");
            assert!(!err.contains(secret), "{format}: {secret} in {err}");
        }
        assert!(out.contains("reference-by-name"), "{format}: {out}");
    }
}

#[test]
fn locations_have_columns_at_the_reports_to_value_and_the_csv_cell() {
    let yaml = chart(
        "  - {id: ceo, title: CEO}
  - {id: coo, title: COO, reports_to: ghost}
  - {id: cio, title: CIO, reports_to: ceo}
",
    );
    let file = temp_file(&yaml, ".yaml");
    let path = file.path().to_str().unwrap();
    let (_, out, _) = orglint(&["check", "--format", "json", path]);
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    let unknown = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["rule"] == "unknown-manager")
        .unwrap();
    assert_eq!(unknown["location"]["line"], 4);
    assert_eq!(unknown["location"]["column"], 39);
    let (_, text, _) = orglint(&["check", path]);
    assert!(
        text.contains(&format!("{path}:4:39: error[unknown-manager]")),
        "{text}"
    );
    let (_, sarif, _) = orglint(&["check", "--format", "sarif", path]);
    assert!(sarif.contains("\"startColumn\": 39"), "{sarif}");

    let csv = temp_file(
        "id,name,title,manager\nceo,Ann,CEO,\ncoo,Bo,COO,ceo\ncio,Cy,CIO,\"gh,ost\"\n",
        ".csv",
    );
    let (_, out, _) = orglint(&["check", "--format", "json", csv.path().to_str().unwrap()]);
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    let unknown = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["rule"] == "unknown-manager")
        .unwrap();
    assert_eq!(unknown["location"]["line"], 4);
    assert_eq!(unknown["location"]["column"], 12);
}

#[test]
fn an_empty_chart_is_exit_2_not_a_list_of_missing_roles() {
    let file = temp_file("version: 1\npeople: []\n", ".yaml");
    let path = file.path().to_str().unwrap();
    let (code, out, err) = orglint(&["check", path]);
    assert_eq!(code, 2, "{out}{err}");
    assert!(err.contains(&format!("no people in {path}")), "{err}");
    assert!(!out.contains("missing-role"), "{out}");
}

#[test]
fn junior_rows_naming_a_post_not_in_the_chart_are_one_error_per_post_and_blank_posts_one_warning() {
    let senior = temp_file(
        "Post Unique Reference,Name,Grade,Job Title,Job/Team Function,Parent Department,Organisation,Unit,Contact Phone,Contact E-mail,Reports to Senior Post,Salary Cost of Reports (£),FTE,Actual Pay Floor (£),Actual Pay Ceiling (£),Profession,Notes,Valid?\n\
P1,Ann Hale,SCS4,Permanent Secretary,Lead,Dept,Dept,Office,,,XX,0,1,0,0,Policy,,1\n\
P2,Eliminated,SCS2,Director,Lead,Dept,Dept,Office,,,P1,0,1,0,0,Policy,,1\n",
        ".csv",
    );
    let junior = temp_file(
        "Parent Department,Organisation,Unit,Reporting Senior Post,Grade,Payscale Minimum (£),Payscale Maximum (£),Generic Job Title,Number of Posts in FTE,Professional/Occupational Group\n\
Dept,Dept,Office,P1,EO,0,0,Officer,2,Policy\n\
Dept,Dept,Office,P9,EO,0,0,Officer,1.5,Policy\n\
Dept,Dept,Office,P9,HEO,0,0,Officer,1,Policy\n\
Dept,Dept,Office,P2,EO,0,0,Officer,3,Policy\n\
Dept,Dept,Office,,EO,0,0,Officer,4,Policy\n",
        ".csv",
    );
    let (_, out, err) = orglint(&[
        "check",
        "--format",
        "json",
        senior.path().to_str().unwrap(),
        junior.path().to_str().unwrap(),
    ]);
    let json: serde_json::Value =
        serde_json::from_str(&out).unwrap_or_else(|_| panic!("{out}{err}"));
    let junior_findings: Vec<(String, String, String)> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|x| x["rule"] == "unknown-manager")
        .map(|x| {
            (
                x["severity"].as_str().unwrap().to_owned(),
                x["subjects"][0].as_str().unwrap().to_owned(),
                x["message"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(junior_findings.len(), 3, "{junior_findings:?}");
    let by_subject = |s: &str| junior_findings.iter().find(|f| f.1 == s).unwrap();
    let p9 = by_subject("P9");
    assert_eq!(p9.0, "error");
    assert!(p9.2.contains("2 junior rows (2.5 FTE)"), "{}", p9.2);
    assert!(
        by_subject("P2").2.contains("eliminated"),
        "{:?}",
        by_subject("P2")
    );
    let blank = by_subject(&orglint::finding::file_subject(
        junior.path().to_str().unwrap(),
    ));
    assert_eq!(blank.0, "warning");
    assert!(blank.2.contains("1 junior row (4 FTE)"), "{}", blank.2);
}
