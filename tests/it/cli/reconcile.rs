//! `orglint reconcile` end to end: the record against a directory, with `check`'s flags,
//! formats and exit codes, and the reconcile rules only there.

use assert_cmd::Command;
use std::path::Path;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

const RECORD: &str = "examples/reconcile/hris.csv";
const DIRECTORY: &str = "examples/reconcile/directory.json";

/// Runs orglint in the crate root; (exit code, stdout, stderr).
fn orglint(args: &[&str]) -> (i32, String, String) {
    let output = Command::cargo_bin("orglint")
        .unwrap()
        .current_dir(root())
        .env("NO_COLOR", "1")
        .args(args)
        .output()
        .unwrap();
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// A config file with `text` in a new temporary folder (kept alive by the returned guard).
fn config_file(text: &str) -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("orglint.yaml");
    std::fs::write(&path, text).unwrap();
    let path = path.to_string_lossy().into_owned();
    (dir, path)
}

/// The JSON report of the example pair, with `extra` arguments.
fn example_json(extra: &[&str]) -> serde_json::Value {
    let mut args = vec![
        "reconcile",
        RECORD,
        "--against",
        DIRECTORY,
        "--format",
        "json",
    ];
    args.extend_from_slice(extra);
    let (_, out, _) = orglint(&args);
    serde_json::from_str(&out).unwrap()
}

#[test]
fn the_example_pair_gives_its_drift_and_the_summary_first() {
    let (code, out, err) = orglint(&["reconcile", RECORD, "--against", DIRECTORY]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(
        out.starts_with("record: 8 rows (1 leaver, 0 future starters)\n"),
        "{out}"
    );
    assert!(
        out.contains("matched: 7 rows (by employee number 7, email 0,"),
        "{out}"
    );
    assert!(
        out.contains("findings: manager-mismatch 1, missing-account 1, orphan-account 1"),
        "{out}"
    );
    assert!(
        out.contains("warning[missing-account]: Bo Hart (1007) has no account"),
        "{out}"
    );
    assert!(out.contains(
        "warning[manager-mismatch]: 2 people report to Kim Lo (1004) in the record but to Tom Chen (1002) in the directory: Sam Ortiz (1005), Lee Park (1006)"
    ), "{out}");
    // The leaver's account points at its directory entry.
    assert!(
        out.contains("examples/reconcile/directory.json:91:5: error[orphan-account]: Pat Quinn (1008) left on 2026-06-30"),
        "{out}"
    );
    let (code, ..) = orglint(&[
        "reconcile",
        RECORD,
        "--against",
        DIRECTORY,
        "--fail-on",
        "never",
    ]);
    assert_eq!(code, 0);
}

#[test]
fn every_format_of_check_reports_a_reconcile() {
    for format in [
        "concise", "json", "sarif", "junit", "github", "markdown", "html",
    ] {
        let (code, out, err) = orglint(&[
            "reconcile",
            RECORD,
            "--against",
            DIRECTORY,
            "--format",
            format,
        ]);
        assert_eq!(code, 1, "{format}: {err}");
        assert!(out.contains("orphan-account"), "{format}: {out}");
        assert!(out.contains("missing-account"), "{format}: {out}");
    }
}

#[test]
fn check_never_runs_the_reconcile_rules_and_reconcile_nothing_else() {
    let (_, out, _) = orglint(&["check", RECORD, "--format", "json"]);
    assert!(
        !out.contains("orphan-account") && !out.contains("missing-account"),
        "{out}"
    );
    let (_, out, _) = orglint(&[
        "check",
        RECORD,
        "--select",
        "orphan-account",
        "--format",
        "json",
    ]);
    let report: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(report["findings"], serde_json::json!([]));
    let report = example_json(&[]);
    let rules: Vec<&str> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    assert_eq!(
        rules,
        ["orphan-account", "missing-account", "manager-mismatch"]
    );
}

#[test]
fn a_waiver_names_an_account_by_its_key_and_only_reconcile_judges_it() {
    let (_dir, config) = config_file(
        "waivers:\n  - {rule: orphan-account, subject: 7f3c9a10-0008-4c1e-9b1a-000000000008, reason: Pat's mailbox is kept until March}\n",
    );
    let report = example_json(&["--config", &config]);
    assert_eq!(report["findings"][0]["waived"], true, "{report}");
    assert_eq!(report["summary"]["waived"], 1);
    // `check` does not run orphan-account: its waiver is not unused there.
    let (_, out, _) = orglint(&["check", RECORD, "--config", &config, "--format", "json"]);
    assert!(!out.contains("unused-waiver"), "{out}");
}

#[test]
fn folders_are_their_chart_files_and_redaction_touches_only_the_output() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(root().join(DIRECTORY), dir.path().join("users-1.json")).unwrap();
    std::fs::write(dir.path().join("notes.txt"), "not a chart").unwrap();
    let folder = dir.path().to_string_lossy().into_owned();
    let (code, out, err) = orglint(&["reconcile", RECORD, "--against", &folder, "--redact"]);
    assert_eq!(code, 1, "{err}");
    // Matching used the real values: the same seven matches.
    assert!(out.contains("matched: 7 rows"), "{out}");
    for personal in ["Bo Hart", "Pat Quinn", "contoso.example", "Kim Lo"] {
        assert!(!out.contains(personal), "{personal} in {out}");
    }
    assert!(
        out.contains(
            "1007 has no account in the directory (tried employee number 1007, email, name)"
        ),
        "{out}"
    );
}

#[test]
fn a_bad_reconcile_config_is_exit_2_at_its_line() {
    let (_dir, config) = config_file("reconcile:\n  match: [email, phone]\n");
    let (code, _, err) = orglint(&[
        "reconcile",
        RECORD,
        "--against",
        DIRECTORY,
        "--config",
        &config,
    ]);
    assert_eq!(code, 2);
    assert!(
        err.contains(":2:")
            && err.contains(
                "reconcile.match: unknown key \"phone\": expected employee_number, email or name"
            ),
        "{err}"
    );
    let (code, _, err) = orglint(&["reconcile", RECORD]);
    assert_eq!(code, 2);
    assert!(err.contains("--against"), "{err}");
}

#[test]
fn the_json_report_of_a_reconcile_is_valid_against_the_report_schema() {
    let text = std::fs::read_to_string(root().join("schemas/report.schema.json")).unwrap();
    let schema: serde_json::Value = serde_json::from_str(&text).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let report = example_json(&[]);
    let errors: Vec<String> = validator
        .iter_errors(&report)
        .map(|e| e.to_string())
        .collect();
    assert_eq!(errors, Vec::<String>::new());
    assert_eq!(report["reconcile"]["matched"]["by_employee_number"], 7);
    assert_eq!(report["reconcile"]["directory"]["entries"], 7);
}

/// `reconcile` of the Harbor & Pine record against one directory twin (tests/fixtures/reconcile,
/// whose README lists the planted drift): the findings as `severity rule subjects` lines, and
/// the JSON report.
fn drift(against: &[&str]) -> (Vec<String>, serde_json::Value) {
    let dir = "tests/fixtures/reconcile";
    let mut args = vec![
        "reconcile".to_owned(),
        format!("{dir}/hris.csv"),
        "--format".into(),
        "json".into(),
    ];
    for file in against {
        args.extend(["--against".to_owned(), format!("{dir}/{file}")]);
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let (code, out, err) = orglint(&args);
    assert_eq!(code, 1, "{err}");
    let report: serde_json::Value = serde_json::from_str(&out).unwrap();
    let lines = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let subjects: Vec<&str> = f["subjects"]
                .as_array()
                .unwrap()
                .iter()
                .map(|s| s.as_str().unwrap())
                .collect();
            let rule = f["rule"].as_str().unwrap();
            format!(
                "{} {rule} {}",
                f["severity"].as_str().unwrap(),
                subjects.join(" ")
            )
        })
        .collect();
    (lines, report)
}

/// The drift every twin shows, whatever its format: the leaver's enabled account (`iduarte`),
/// the contractor nobody knows (`klund`), the joiner without an account, the disabled current
/// employee, the manager moved, the two accounts of 1027; and no word about the leavers whose
/// accounts are disabled or gone, nor about the future starter.
fn assert_common_drift(lines: &[String], report: &serde_json::Value, iduarte: &str, klund: &str) {
    let expected = [
        format!("error orphan-account {iduarte}"),
        format!("warning orphan-account {klund}"),
        "warning missing-account 1023".to_owned(),
        "warning disabled-account 1020".to_owned(),
        "warning manager-mismatch 1016 1002".to_owned(),
        "warning ambiguous-match 1027".to_owned(),
    ];
    for line in &expected {
        assert!(lines.contains(line), "{line} not in {lines:?}");
    }
    for quiet in ["1015", "1018", "1025", "1026"] {
        let about = |l: &&String| l.split(' ').skip(2).any(|s| s == quiet);
        assert!(!lines.iter().any(|l| about(&l)), "{quiet}: {lines:?}");
    }
    let reconcile = &report["reconcile"];
    assert_eq!(reconcile["record"]["leavers"], 4);
    assert_eq!(reconcile["record"]["future_starters"], 1);
    assert_eq!(reconcile["matched"]["ambiguous"], 1);
}

#[test]
fn the_planted_drift_of_the_ldif_twin() {
    let (lines, report) = drift(&["ad.ldif"]);
    let iduarte = "7b14ab69-d097-6bf4-e7d7-ca24d4800840";
    assert_common_drift(
        &lines,
        &report,
        iduarte,
        "f432474b-8d3d-2052-70e0-a37079eced14",
    );
    let backup = "warning orphan-account 575518f3-86e1-36ec-677d-ac3c25e55f7a".to_owned();
    assert!(lines.contains(&backup), "{lines:?}");
    assert_eq!(lines.len(), 7, "{lines:?}");
    // Dana Reyes by her proxyAddresses alias; adm-lbyrne an extra account of Liam Byrne.
    let reconcile = &report["reconcile"];
    assert_eq!(reconcile["matched"]["by_alias"], 1);
    assert_eq!(reconcile["alias_matches"][0]["person"], "1030");
    assert_eq!(reconcile["extra_accounts"][0]["person"], "1012");
    assert_eq!(reconcile["directory"]["left_out"]["resource"], 2);
    assert_eq!(reconcile["directory"]["left_out"]["other"], 3);
}

#[test]
fn the_summary_says_extra_accounts_once() {
    let dir = "tests/fixtures/reconcile";
    let (record, ldif) = (format!("{dir}/hris.csv"), format!("{dir}/ad.ldif"));
    let (_, out, _) = orglint(&["reconcile", &record, "--against", &ldif]);
    // The two accounts of one employee number that `check` leaves out as extra are matched
    // here: one is Liam Byrne's extra account, the other a candidate of Alex Morgan's
    // ambiguous match; neither is said a second time as left out.
    assert!(
        out.contains(
            "\ndirectory: 37 entries (left out 3 disabled, 2 resource, 3 other, 1 extra account)\n"
        ),
        "{out}"
    );
    assert!(out.contains("; 1 ambiguous)"), "{out}");
    // The JSON keeps its counts as `check` counts them, beside matching's.
    let (_, report) = drift(&["ad.ldif"]);
    let directory = &report["reconcile"]["directory"];
    assert_eq!(directory["left_out"]["extra"], 2, "{directory}");
    assert_eq!(directory["extra_accounts"], 1, "{directory}");
}

#[test]
fn the_planted_drift_of_the_graph_twin_in_two_pages() {
    let (lines, report) = drift(&["graph-page1.json", "graph-page2.json"]);
    let iduarte = "56117673-4dd3-be7d-00e9-d62d40b04dfc";
    assert_common_drift(
        &lines,
        &report,
        iduarte,
        "5b8168b7-770d-e0ad-6dbc-14dd06d0719a",
    );
    let backup = "warning orphan-account 857ab80e-cbf2-05d1-1084-83287070d158".to_owned();
    assert!(lines.contains(&backup), "{lines:?}");
    assert_eq!(lines.len(), 7, "{lines:?}");
    assert_eq!(report["reconcile"]["matched"]["by_alias"], 1);
    assert_eq!(report["reconcile"]["directory"]["left_out"]["guest"], 1);
    // The leaver's account is located at its object on the first page.
    let leaver = &report["findings"][0];
    assert_eq!(
        leaver["location"]["file"],
        "tests/fixtures/reconcile/graph-page1.json"
    );
}

#[test]
fn the_planted_drift_of_the_scim_and_google_twins() {
    let (lines, report) = drift(&["scim.json"]);
    assert_common_drift(
        &lines,
        &report,
        "00u94e4d46cb1a52179b",
        "00ubcba802c54f3e7159",
    );
    assert_eq!(lines.len(), 6, "{lines:?}");
    // No aliases in SCIM: Dana Reyes is a name-only match, and listed as one.
    assert_eq!(report["reconcile"]["name_matches"][0]["person"], "1030");
    let (lines, report) = drift(&["google.csv"]);
    let iduarte = "ines.duarte@harborpine.example";
    assert_common_drift(&lines, &report, iduarte, "kai.lund@harborpine.example");
    assert_eq!(lines.len(), 6, "{lines:?}");
    assert_eq!(report["reconcile"]["matched"]["by_name"], 1);
}

#[test]
fn under_redact_one_person_has_one_pseudonym_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    let record = dir.path().join("record.csv");
    std::fs::write(
        &record,
        "id,name,email,reports_to,status\n\
         ana.silva@harbor.example,Ana Silva,ana.silva@harbor.example,,Active\n\
         ben.ode@harbor.example,Ben Ode,ben.ode@harbor.example,ana.silva@harbor.example,Active\n\
         cy.uz@harbor.example,Cy Uz,cy.uz@harbor.example,ana.silva@harbor.example,Active\n",
    )
    .unwrap();
    let ldif = dir.path().join("ad.ldif");
    let account = |cn: &str, sam: &str, mail: &str| {
        format!(
            "dn: CN={cn},OU=Staff,DC=harbor,DC=example\nobjectClass: user\ncn: {cn}\n\
             displayName: {cn}\nsAMAccountName: {sam}\nuserPrincipalName: {mail}\n\
             mail: {mail}\nuserAccountControl: 512\n\n"
        )
    };
    let directory = [
        account("Ana Silva", "asilva", "ana.silva@harbor.example"),
        account("Ben Ode", "bode", "ben.ode@harbor.example"),
        account("Dee Ray", "dray", "dee.ray@harbor.example"),
    ];
    std::fs::write(&ldif, format!("version: 1\n\n{}", directory.concat())).unwrap();
    let (record, ldif) = (record.to_string_lossy(), ldif.to_string_lossy());
    let run = |format: &str| {
        let args = ["reconcile", &record, "--against", &ldif, "--redact"];
        let (code, out, err) = orglint(&[&args[..], &["--format", format]].concat());
        assert_eq!(code, 0, "{format}: warnings only: {out}{err}");
        out
    };
    let json: serde_json::Value = serde_json::from_str(&run("json")).unwrap();
    let findings = json["findings"].as_array().unwrap();
    let missing = findings
        .iter()
        .find(|f| f["rule"] == "missing-account")
        .unwrap_or_else(|| panic!("{json}"));
    let cy = missing["subjects"][0].as_str().unwrap().to_owned();
    assert!(cy.starts_with("person-"), "{missing}");
    let html = run("html");
    assert!(html.contains(&cy), "the chart names Cy Uz otherwise");
    for format in [
        "text", "json", "sarif", "junit", "github", "markdown", "html",
    ] {
        let out = run(format);
        for personal in [
            "Ana Silva",
            "Cy Uz",
            "Dee Ray",
            "harbor.example",
            "CN=Dee",
            "OU=Staff,DC=harbor",
        ] {
            assert!(!out.contains(personal), "{personal} in {format}: {out}");
        }
    }
}

/// Every name and email the Harbor & Pine fixtures hold, read from the files themselves (so a
/// person added there is looked for too): full names (CSV name columns, LDIF `displayName`,
/// JSON `displayName` and `formatted`), emails and their local parts (`ana.silva`).
fn fixture_personal_values(dir: &Path) -> Vec<String> {
    let mut found: std::collections::BTreeSet<String> = Default::default();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        for token in text.split(|c: char| !(c.is_alphanumeric() || "._%+-@".contains(c))) {
            if let Some((local, domain)) = token.split_once('@') {
                if !local.is_empty() && domain.contains('.') {
                    found.insert(token.to_owned());
                    found.extend(local.contains('.').then(|| local.to_owned()));
                }
            }
        }
        match path.extension().and_then(|e| e.to_str()) {
            Some("csv") => found.extend(csv_names(&text)),
            Some("ldif") => found.extend(text.lines().filter_map(|line| {
                let name = line.strip_prefix("displayName:")?.trim();
                Some(name.to_owned())
            })),
            Some("json") => json_names(&serde_json::from_str(&text).unwrap(), &mut found),
            _ => {}
        }
    }
    // Names of two words or more (no room or computer named `Boardroom`), emails, local parts.
    let personal = |v: &str| v.split_whitespace().count() > 1 || v.contains(['@', '.']);
    found
        .into_iter()
        .map(|v| v.trim().to_owned())
        .filter(|v| personal(v))
        .collect()
}

/// The full names of a CSV export: its name columns, and its given and family name columns
/// joined.
fn csv_names(text: &str) -> Vec<String> {
    let text = text.strip_prefix("#TYPE").map_or(text, |rest| {
        rest.split_once('\n').map_or("", |(_, after)| after)
    });
    let mut rows = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = rows.headers().unwrap().iter().map(str::to_owned).collect();
    let column = |names: &[&str]| header.iter().position(|h| names.contains(&h.as_str()));
    let whole = column(&["Name", "displayName"]);
    let given = column(&[
        "First Name",
        "First Name [Required]",
        "GivenName",
        "givenName",
    ]);
    let family = column(&["Last Name", "Last Name [Required]", "Surname", "surname"]);
    let mut names = Vec::new();
    for row in rows.records() {
        let row = row.unwrap();
        names.extend(whole.map(|w| row[w].to_owned()));
        if let (Some(g), Some(f)) = (given, family) {
            names.push(format!("{} {}", &row[g], &row[f]));
        }
    }
    names
}

fn json_names(value: &serde_json::Value, found: &mut std::collections::BTreeSet<String>) {
    let mut stack = vec![value];
    while let Some(value) = stack.pop() {
        match value {
            serde_json::Value::Object(fields) => {
                for (key, field) in fields {
                    match (key.as_str(), field.as_str()) {
                        ("displayName" | "formatted", Some(name)) => {
                            found.insert(name.to_owned());
                        }
                        _ => stack.push(field),
                    }
                }
            }
            serde_json::Value::Array(items) => stack.extend(items),
            _ => {}
        }
    }
}

/// The record with Workday-style department labels that hold the supervisor's name
/// (`Operations (Ana Silva)`), and the SCIM twin whose users have no `id` but a login as
/// `userName` (`ana.silva`), both written into `dir`: what `--redact` must hide beyond the
/// fixtures' plain names and emails.
fn personal_variants(fixtures: &Path, dir: &Path) -> (String, String) {
    let text = std::fs::read_to_string(fixtures.join("hris.csv")).unwrap();
    let mut rows = csv::Reader::from_reader(text.as_bytes());
    let header = rows.headers().unwrap().clone();
    let at = |name: &str| header.iter().position(|h| h == name).unwrap();
    let (department, reporting_to) = (at("Department"), at("Reporting to"));
    let mut out = csv::Writer::from_writer(Vec::new());
    out.write_record(&header).unwrap();
    for row in rows.records() {
        let mut row: Vec<String> = row.unwrap().iter().map(str::to_owned).collect();
        if !row[reporting_to].is_empty() {
            row[department] = format!("{} ({})", row[department], row[reporting_to]);
        }
        out.write_record(&row).unwrap();
    }
    let named_departments = dir.join("hris-named-departments.csv");
    std::fs::write(&named_departments, out.into_inner().unwrap()).unwrap();

    let text = std::fs::read_to_string(fixtures.join("scim.json")).unwrap();
    let mut list: serde_json::Value = serde_json::from_str(&text).unwrap();
    let users = list["Resources"].as_array_mut().unwrap();
    let login = |user: &serde_json::Value| {
        let user_name = user["userName"].as_str().unwrap();
        user_name.split('@').next().unwrap().to_owned()
    };
    let logins: std::collections::HashMap<String, String> = users
        .iter()
        .map(|u| (u["id"].as_str().unwrap().to_owned(), login(u)))
        .collect();
    for user in users.iter_mut() {
        user["userName"] = login(user).into();
        user.as_object_mut().unwrap().remove("id");
        let enterprise = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
        if let Some(manager) = user[enterprise].get_mut("manager") {
            manager["value"] = logins[manager["value"].as_str().unwrap()].clone().into();
        }
    }
    let logins = dir.join("scim-logins.json");
    std::fs::write(&logins, list.to_string()).unwrap();
    let shown = |p: std::path::PathBuf| p.to_string_lossy().into_owned();
    (shown(named_departments), shown(logins))
}

#[test]
fn under_redact_no_name_or_email_of_the_twins_appears_in_any_output() {
    let fixtures = root().join("tests/fixtures/reconcile");
    let personal = fixture_personal_values(&fixtures);
    for expected in [
        "Ana Silva",
        "Ode, Ben",
        "kai.lund@harborpine.example",
        "ana.silva",
    ] {
        assert!(
            personal.iter().any(|p| p == expected),
            "{expected}: {personal:?}"
        );
    }
    let dir = tempfile::tempdir().unwrap();
    let (named_departments, logins) = personal_variants(&fixtures, dir.path());
    let (_config_dir, config) =
        config_file("severity: {title-mismatch: warning, department-mismatch: warning}\n");
    let fixture = |name: &str| fixtures.join(name).to_string_lossy().into_owned();
    let records = [fixture("hris.csv"), named_departments, logins.clone()];
    let directories = [
        vec![fixture("ad.ldif")],
        vec![fixture("graph-page1.json"), fixture("graph-page2.json")],
        vec![fixture("scim.json")],
        vec![fixture("google.csv")],
        vec![fixture("entra.csv")],
        vec![fixture("get-aduser.csv")],
        vec![logins],
    ];
    let formats = [
        "text", "concise", "json", "sarif", "junit", "github", "markdown", "html",
    ];
    let mut department_findings = 0;
    for record in &records {
        for directory in &directories {
            let mut args = vec!["reconcile", record, "--redact", "--config", &config];
            for file in directory {
                args.extend(["--against", file]);
            }
            let reports: Vec<(&str, std::path::PathBuf)> = formats
                .iter()
                .map(|&format| (format, dir.path().join(format)))
                .collect();
            let targets: Vec<String> = reports
                .iter()
                .map(|(format, path)| format!("{format}={}", path.display()))
                .collect();
            for target in &targets {
                args.extend(["--report", target]);
            }
            let (code, out, err) = orglint(&args);
            assert!(code == 0 || code == 1, "{args:?}: {err}");
            let mut outputs = vec![("stdout".to_owned(), out), ("stderr".to_owned(), err)];
            for (format, path) in &reports {
                outputs.push((format.to_string(), std::fs::read_to_string(path).unwrap()));
            }
            for (what, text) in &outputs {
                let lower = text.to_lowercase();
                for value in &personal {
                    assert!(
                        !lower.contains(&value.to_lowercase()),
                        "{value:?} in {what} of {args:?}:\n{text}"
                    );
                }
            }
            department_findings += outputs[0].1.matches("[department-mismatch]").count();
        }
    }
    // The variants did their work: labels holding names were compared, and shown as
    // pseudonyms.
    assert!(department_findings > 0);
}
