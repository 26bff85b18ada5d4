//! Directory and HRIS sources (SPEC §9): LDIF, Microsoft Graph users JSON, Google Workspace
//! users CSV and SCIM as identity providers send it. Each loads the same 20-person company
//! (tests/fixtures/sources) to the same findings as its YAML twin, `company.yaml`, with file
//! and line on each finding; hostile variants exit 2 or report correctly.

use crate::support::ci_support::check_file_and_stdin;
use crate::support::{common::temp_file, findings, load};
use assert_cmd::Command;
use orglint::finding::{Finding, Severity};
use orglint::load::{load_files, LdifOptions, LoadOptions};
use std::collections::HashMap;

const SOURCES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/sources/");

fn fixture(name: &str) -> String {
    format!("{SOURCES}{name}")
}

/// (rule, subjects, severity) of each finding, sorted; subjects that are people's ids are
/// translated by `rename` (Google's ids are emails).
fn summary(
    found: &[Finding],
    rename: &HashMap<String, String>,
) -> Vec<(String, Vec<String>, Severity)> {
    let mut out: Vec<_> = found
        .iter()
        .map(|f| {
            let subjects = f
                .subjects
                .iter()
                .map(|s| rename.get(s).cloned().unwrap_or_else(|| s.clone()))
                .collect();
            (f.rule.name().to_owned(), subjects, f.severity)
        })
        .collect();
    out.sort();
    out
}

/// Loads a source and its twin and asserts the same findings, each located in the source.
fn assert_twin(files: &[&str], rename: &HashMap<String, String>) -> Vec<Finding> {
    let paths: Vec<String> = files.iter().map(|f| fixture(f)).collect();
    let chart = load(&paths);
    assert_eq!(chart.people.len(), 20, "the disabled account is left out");
    let twin = load(&[fixture("company.yaml")]);
    let found = findings(&chart);
    let expected = findings(&twin);
    // Two unknown managers (a contact outside the export, a disabled account) and the HR
    // department led from straight under the CEO (near the COO's org: info).
    assert!(
        expected.len() >= 3,
        "the twin has findings to compare: {expected:?}"
    );
    assert_eq!(summary(&found, rename), summary(&expected, &HashMap::new()));
    for finding in &found {
        let at = finding
            .location
            .unwrap_or_else(|| panic!("no location: {finding:?}"));
        assert!(at.line > 0, "{finding:?}");
        assert!(
            paths.contains(&chart.source_path(at.file).to_owned()),
            "{finding:?} points at {}",
            chart.source_path(at.file)
        );
    }
    found
}

fn message<'a>(found: &'a [Finding], rule: &str, subject: &str) -> &'a str {
    &found
        .iter()
        .find(|f| f.rule.name() == rule && f.subjects.iter().any(|s| s == subject))
        .unwrap_or_else(|| panic!("no {rule} for {subject}: {found:?}"))
        .message
}

#[test]
fn ldif_loads_the_company_like_its_yaml_twin() {
    let found = assert_twin(&["company.ldif"], &HashMap::new());
    let chart = load(&[fixture("company.ldif")]);
    let jose = chart.people.iter().find(|p| p.id == "u04").unwrap();
    assert_eq!(
        jose.name.as_deref(),
        Some("José Álvarez"),
        "base64 UTF-8 values"
    );
    // `CN=RAMOS\2C CARLOS` (hex escape, other case) is `CN=Ramos\, Carlos`.
    let mei = chart.people.iter().find(|p| p.id == "u05").unwrap();
    assert_eq!(mei.reports_to.as_ref().unwrap().id, "u02");
    assert!(mei.reports_to.as_ref().unwrap().loc.line > mei.loc.line);
    assert!(message(&found, "unknown-manager", "u18").contains("no entry of the export"));
    assert!(message(&found, "unknown-manager", "u19").contains("disabled account"));
}

#[test]
fn graph_pages_merge_into_the_company_like_its_yaml_twin() {
    let found = assert_twin(
        &["company-graph-1.json", "company-graph-2.json"],
        &HashMap::new(),
    );
    assert!(message(&found, "unknown-manager", "u18").contains("orgContact"));
    assert!(message(&found, "unknown-manager", "u19").contains("accountEnabled: false"));
}

#[test]
fn google_workspace_csv_loads_the_company_like_its_yaml_twin() {
    let twin = load(&[fixture("company.yaml")]);
    // The twin's ids are the Google export's emails.
    let rename: HashMap<String, String> = load(&[fixture("company-google.csv")])
        .people
        .iter()
        .map(|p| {
            let twin_id = twin
                .people
                .iter()
                .find(|t| t.email.as_deref() == Some(p.id.as_str()))
                .map(|t| t.id.to_string())
                .unwrap();
            (p.id.to_string(), twin_id)
        })
        .collect();
    let found = assert_twin(&["company-google.csv"], &rename);
    assert!(message(&found, "unknown-manager", "u19@acme.example").contains("suspended"));
    let chart = load(&[fixture("company-google.csv")]);
    let grace = chart
        .people
        .iter()
        .find(|p| p.id == "u03@acme.example")
        .unwrap();
    assert_eq!(
        grace.reports_to.as_ref().unwrap().id,
        "u01@acme.example",
        "a manager email in other case is the same address"
    );
    assert_eq!(grace.name.as_deref(), Some("Grace Hopper"));
    // A finding about the manager points at the `Manager Email` cell, not at the row.
    let text = std::fs::read_to_string(fixture("company-google.csv")).unwrap();
    let line = text.lines().nth(grace.loc.line as usize - 1).unwrap();
    let at = grace.reports_to.as_ref().unwrap().loc;
    let cell: String = line.chars().skip(at.column as usize - 1).take(16).collect();
    assert!(
        cell.eq_ignore_ascii_case("u01@acme.example"),
        "column {} is {cell:?} in {line}",
        at.column
    );
    assert_eq!(grace.title.as_deref(), Some("Chief Information Officer"));
}

#[test]
fn scim_with_object_and_string_managers_loads_the_company_like_its_yaml_twin() {
    let found = assert_twin(&["company-scim.json"], &HashMap::new());
    assert!(message(&found, "unknown-manager", "u19").contains("deactivated"));
}

#[test]
fn every_source_merges_with_the_others() {
    // The LDIF holds the company; a Graph page and a YAML file add people reporting into it.
    let graph = temp_file(
        r#"{"value": [{"id": "g1", "displayName": "Gina Graph", "jobTitle": "Engineer", "manager": {"id": "u10"}}]}"#,
        ".json",
    );
    let yaml = temp_file(
        "people:\n  - {id: y1, name: Yan Yaml, reports_to: g1}\n",
        ".yaml",
    );
    let chart = load(&[fixture("company.ldif"), path(&graph), path(&yaml)]);
    assert_eq!(chart.people.len(), 22);
    let found = findings(&chart);
    assert!(
        !found.iter().any(|f| f.rule.name() == "unknown-manager"
            && f.subjects.iter().any(|s| s == "g1" || s == "y1")),
        "{found:?}"
    );
}

fn path(file: &tempfile::NamedTempFile) -> String {
    file.path().display().to_string()
}

fn load_error(text: &str, suffix: &str) -> orglint::error::InputError {
    let file = temp_file(text, suffix);
    load_files(&[path(&file)], &LoadOptions::default()).unwrap_err()
}

// ---------------------------------------------------------------- LDIF, hostile and odd

const ENTRY: &str = "dn: CN=Ada,DC=x\nemployeeID: a\ncn: Ada\n";

#[test]
fn ldif_broken_dn_escapes_are_input_errors_at_their_line() {
    for bad in [
        "CN=Ramos\\,DC=x\\",
        "CN=Ramos\\2,DC=x",
        "CN=Ramos\\ZZ,DC=x",
        "CN=Jos\\C3,DC=x",
    ] {
        let text = format!("{ENTRY}\ndn: CN=Bo,DC=x\nemployeeID: b\nmanager: {bad}\n");
        let error = load_error(&text, ".ldif");
        assert_eq!(error.line, 7, "{bad}: {error}");
        assert!(error.message.contains("invalid manager DN"), "{error}");
        let text = format!("dn: {bad}\nemployeeID: b\n");
        assert_eq!(load_error(&text, ".ldif").line, 1, "{bad}");
    }
}

#[test]
fn ldif_base64_that_is_not_utf8_is_an_input_error() {
    // 0xff 0xfe 0x41: not UTF-8.
    let text = format!("{ENTRY}displayName:: //5B\n");
    let error = load_error(&text, ".ldif");
    assert_eq!(error.line, 4);
    assert!(error.message.contains("not UTF-8"), "{error}");
    // Binary attributes orglint does not read (photos, SIDs) are fine.
    let file = temp_file(&format!("{ENTRY}jpegPhoto:: //5B\n"), ".ldif");
    assert_eq!(load(&[path(&file)]).people.len(), 1);
    let error = load_error(&format!("{ENTRY}cn:: not base64!\n"), ".ldif");
    assert!(error.message.contains("invalid base64"), "{error}");
}

#[test]
fn ldif_duplicate_dns_are_an_input_error() {
    let text = format!("{ENTRY}\ndn: cn=ADA, dc=X\nemployeeID: b\n");
    let error = load_error(&text, ".ldif");
    assert_eq!(error.line, 5);
    assert!(
        error.message.contains("duplicate DN") && error.message.contains("line 1"),
        "{error}"
    );
}

#[test]
fn ldif_change_records_urls_and_garbage_are_input_errors() {
    let cases = [
        (
            "dn: CN=Ada,DC=x\nchangetype: modify\nreplace: title\ntitle: CEO\n",
            2,
            "change record",
        ),
        ("version: 2\n\ndn: CN=Ada,DC=x\n", 1, "version"),
        ("employeeID: a\n", 1, "expected `dn:`"),
        (
            "dn: CN=Ada,DC=x\nemployeeID: a\njpegPhoto:< file:///etc/passwd\n",
            3,
            "URL",
        ),
        (
            "dn: CN=Ada,DC=x\nthis is no attribute\n",
            2,
            "attribute: value",
        ),
        ("dn: CN=Ada,DC=x\ncn: Ada\n", 1, "no id"),
        (
            "dn: CN=Ada,DC=x\nemployeeID: a\nemployeeID: b\n",
            3,
            "twice",
        ),
        (
            "dn: CN=Ada,DC=x\nemployeeID: a\nuserAccountControl: lots\n",
            3,
            "not a number",
        ),
    ];
    for (text, line, what) in cases {
        let error = load_error(text, ".ldif");
        assert_eq!(error.line, line, "{text}: {error}");
        assert!(error.message.contains(what), "{text}: {error}");
    }
    let error = load_error("# only a comment\n", ".ldif");
    assert!(error.message.contains("no entries"), "{error}");
}

#[test]
fn ldif_folding_comments_crlf_and_non_people() {
    let text = "version: 1\r\n# a comment\r\n  that is folded\r\ndn: CN=Ada Love\r\n lace,DC=x\r\nemployeeID: a\r\ndisplayName: Ada Lo\r\n velace\r\n\r\n\
                dn: OU=Staff,DC=x\r\nobjectClass: organizationalUnit\r\n\r\n\
                dn: CN=PC1,DC=x\r\nobjectClass: user\r\nobjectClass: computer\r\nsAMAccountName: PC1$\r\n\r\n\
                dn: CN=Bo,DC=x\r\nemployeeID: b\r\nmanager: cn=ada lovelace, dc=X\r\n";
    let file = temp_file(text, ".ldif");
    let chart = load(&[path(&file)]);
    let ids: Vec<&str> = chart.people.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(ids, ["a", "b"], "the OU and the computer are not people");
    assert_eq!(chart.people[0].name.as_deref(), Some("Ada Lovelace"));
    assert_eq!(chart.people[0].loc.line, 4);
    assert_eq!(chart.people[1].loc.line, 18);
    assert_eq!(chart.people[1].reports_to.as_ref().unwrap().id, "a");
}

#[test]
fn ldif_id_attribute_is_configurable() {
    let text = "dn: CN=Ada,DC=x\nemployeeID: 1\nuid: ada\ntitle: CEO\n\ndn: CN=Bo,DC=x\nemployeeID: 2\nuid: bo\nmanager: CN=Ada,DC=x\n";
    let file = temp_file(text, ".ldif");
    let default = load(&[path(&file)]);
    assert_eq!(default.people[0].id, "1", "employeeID comes first");
    let options = LoadOptions {
        ldif: LdifOptions {
            id: Some("uid".to_owned()),
        },
        ..LoadOptions::default()
    };
    let chart = load_files(&[path(&file)], &options).unwrap();
    assert_eq!(chart.people[1].id, "bo");
    assert_eq!(chart.people[1].reports_to.as_ref().unwrap().id, "ada");
    // Through the config file.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("orglint.yaml"), "ldif:\n  id: uid\n").unwrap();
    std::fs::write(dir.path().join("staff.ldif"), text).unwrap();
    let output = orglint()
        .current_dir(dir.path())
        .args(["stats", "staff.ldif", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    assert!(String::from_utf8_lossy(&output.stdout).contains("\"ada\""));
}

// ---------------------------------------------------------------- JSON detection and keys

#[test]
fn a_plain_json_array_of_chart_people_is_a_chart_not_scim() {
    let file = temp_file(
        r#"[{"id":"ceo","title":"Chief Executive Officer"},{"id":"coo","reports_to":"ceo","department":"ops"}]"#,
        ".json",
    );
    let chart = load(&[path(&file)]);
    assert_eq!(chart.people[1].reports_to.as_ref().unwrap().id, "ceo");
    assert_eq!(chart.people[1].department.as_ref().unwrap().id, "ops");
    let error = load_error(r#"[{"id":"ceo"},{"id":"coo","reportsto":"ceo"}]"#, ".json");
    assert!(
        error.message.contains("unknown field `reportsto`"),
        "{error}"
    );
    assert_eq!(error.line, 1);
}

#[test]
fn scim_1_1_manager_id_and_plain_string_managers_are_read() {
    let text = r#"[
  {"schemas": ["urn:scim:schemas:core:1.0"], "id": "a", "userName": "a@x"},
  {"id": "b", "userName": "b@x",
   "urn:scim:schemas:extension:enterprise:1.0": {"manager": {"managerId": "a", "displayName": "A"}}},
  {"id": "c", "userName": "c@x",
   "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {"manager": "b"}}
]"#;
    let file = temp_file(text, ".json");
    let chart = load(&[path(&file)]);
    let manager = |i: usize| chart.people[i].reports_to.as_ref().unwrap();
    assert_eq!(manager(1).id, "a");
    assert_eq!(manager(1).loc.line, 4);
    assert_eq!(manager(2).id, "b");
    assert_eq!(manager(2).loc.line, 6);
}

#[test]
fn unknown_keys_are_input_errors_in_every_json_source() {
    let cases = [
        // An unknown SCIM extension would drop every manager.
        (
            r#"[{"id": "a", "userName": "a",
  "urn:example:custom:2.0:User": {"manager": {"value": "b"}}}]"#,
            "urn:example:custom",
        ),
        (r#"[{"id": "a", "userName": "a", "titel": "CEO"}]"#, "titel"),
        (
            r#"[{"id": "a", "userName": "a", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {"manager": {"valu": "b"}}}]"#,
            "valu",
        ),
        (
            r#"{"value": [{"id": "a", "jobTitel": "CEO", "mail": "a@x"}]}"#,
            "jobTitel",
        ),
        (
            r#"{"value": [{"id": "a", "manager": {"id": "b", "bossId": "c"}}]}"#,
            "bossId",
        ),
        (
            r#"{"value": [], "@odata.context": "x", "nextPage": "y"}"#,
            "nextPage",
        ),
        (r#"{"version": 1, "people": [], "staff": []}"#, "staff"),
    ];
    for (text, key) in cases {
        let error = load_error(text, ".json");
        assert!(error.message.contains(key), "{text}: {error}");
        assert!(error.line >= 1, "{text}: {error}");
    }
}

#[test]
fn graph_powershell_output_with_pascal_case_keys_is_read() {
    let text = r##"[
  {"Id": "m1", "DisplayName": "Mo Manager", "JobTitle": "Chief Executive Officer", "AccountEnabled": true,
   "Manager": null, "AdditionalProperties": {"@odata.type": "#microsoft.graph.user"}},
  {"Id": "e1", "DisplayName": null, "GivenName": "Ed", "Surname": "Employee", "UserPrincipalName": "ed@x",
   "Manager": {"Id": "m1", "DeletedDateTime": null, "AdditionalProperties": {"@odata.type": "#microsoft.graph.user"}}},
  {"Id": "e2", "DisplayName": "Cy Contact-Report",
   "Manager": {"Id": "c1", "AdditionalProperties": {"@odata.type": "#microsoft.graph.orgContact"}}}
]"##;
    let file = temp_file(text, ".json");
    let chart = load(&[path(&file)]);
    assert_eq!(chart.people.len(), 3);
    let ed = &chart.people[1];
    assert_eq!(ed.name.as_deref(), Some("Ed Employee"));
    assert_eq!(ed.email.as_deref(), Some("ed@x"));
    assert_eq!(ed.reports_to.as_ref().unwrap().id, "m1");
    assert_eq!(ed.loc.line, 4);
    let found = findings(&chart);
    assert!(message(&found, "unknown-manager", "e2").contains("orgContact"));
}

// ---------------------------------------------------------------- commands and --redact

fn orglint() -> Command {
    Command::cargo_bin("orglint").unwrap()
}

#[test]
fn every_source_works_with_check_stats_diff_and_diagram() {
    let sources: [&[&str]; 4] = [
        &["company.ldif"],
        &["company-graph-1.json", "company-graph-2.json"],
        &["company-google.csv"],
        &["company-scim.json"],
    ];
    for files in sources {
        let paths: Vec<String> = files.iter().map(|f| fixture(f)).collect();
        let check = orglint().arg("check").args(&paths).output().unwrap();
        assert_eq!(check.status.code(), Some(1), "{files:?}: {check:?}");
        let stats = orglint()
            .args(["stats", "--format", "json"])
            .args(&paths)
            .output()
            .unwrap();
        assert_eq!(stats.status.code(), Some(0), "{files:?}: {stats:?}");
        let json: serde_json::Value = serde_json::from_slice(&stats.stdout).unwrap();
        assert_eq!(json["positions"], 20, "{files:?}: {json}");
        let diagram = orglint()
            .args(["diagram", "--format", "dot", "-o", "-"])
            .args(&paths)
            .output()
            .unwrap();
        assert_eq!(diagram.status.code(), Some(0), "{files:?}: {diagram:?}");
        assert!(String::from_utf8_lossy(&diagram.stdout).contains("Grace Hopper"));
    }
    // The YAML twin against a source with the same ids: the same people, one move (the
    // outside manager is spelled the source's way).
    for source in ["company.ldif", "company-scim.json"] {
        let output = orglint()
            .args(["diff", &fixture("company.yaml"), &fixture(source)])
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&output.stdout);
        assert!(
            text.contains("0 joiner(s), 0 leaver(s)"),
            "{source}: {text}"
        );
        assert!(
            text.contains("0 title change(s), 0 role change(s)"),
            "{source}: {text}"
        );
    }
}

#[test]
fn redact_leaves_no_name_dn_or_email_from_an_ldif() {
    let secrets = [
        "Lovelace",
        "Ramos",
        "External Auditors",
        "acme.example",
        "CN=",
    ];
    let path = fixture("company.ldif");
    let runs: [&[&str]; 4] = [
        &["check", "--redact"],
        &["check", "--redact", "--format", "json"],
        &["stats", "--redact"],
        &["diagram", "--redact", "--format", "dot", "-o", "-"],
    ];
    for args in runs {
        let output = orglint().args(args).arg(&path).output().unwrap();
        let all = format!(
            "{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
        // A usage error would leak nothing too: the run must have read the export.
        assert!(
            matches!(output.status.code(), Some(0 | 1)) && output.stdout.len() > 100,
            "{args:?}: {all}"
        );
        for secret in secrets {
            assert!(!all.contains(secret), "{args:?} leaks {secret}: {all}");
        }
    }
    // Without --redact the DN is shown: the test could fail.
    let output = orglint().args(["check", &path]).output().unwrap();
    assert!(String::from_utf8_lossy(&output.stdout).contains("CN=External Auditors"));
}

#[test]
fn ldif_format_is_taken_from_the_extension_or_the_flag() {
    let output = orglint()
        .args(["stats", "--input-format", "ldif", "-"])
        .write_stdin(format!("{ENTRY}\n"))
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let output = orglint()
        .args(["check", &fixture("company.ldif")])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    let error = orglint()
        .args(["check", "--input-format", "ldif", "-"])
        .write_stdin("dn: CN=a\\\nemployeeID: a\n")
        .output()
        .unwrap();
    assert_eq!(error.status.code(), Some(2), "{error:?}");
    assert!(
        String::from_utf8_lossy(&error.stderr).contains("<stdin>:1"),
        "{error:?}"
    );
}

#[test]
fn the_examples_load_and_check_clean() {
    let examples = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/");
    let sets: [&[&str]; 3] = [
        &["initech.ldif"],
        &["initech-graph-1.json", "initech-graph-2.json"],
        &["initech-google.csv"],
    ];
    for files in sets {
        let paths: Vec<String> = files.iter().map(|f| format!("{examples}{f}")).collect();
        let chart = load(&paths);
        assert_eq!(chart.people.len(), 6, "{files:?}");
        let found = findings(&chart);
        assert!(found.is_empty(), "{files:?}: {found:?}");
        let cio = chart
            .people
            .iter()
            .find(|p| p.title.as_deref() == Some("Chief Information Officer"));
        assert_eq!(
            cio.and_then(|p| p.name.as_deref()),
            Some("Joanna Núñez"),
            "{files:?}"
        );
    }
}

fn schema(name: &str) -> jsonschema::Validator {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/schemas/");
    let text = std::fs::read_to_string(format!("{path}{name}")).unwrap();
    jsonschema::validator_for(&serde_json::from_str(&text).unwrap()).unwrap()
}

fn json_file(path: &str) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

#[test]
fn the_graph_and_scim_schemas_accept_the_fixtures_and_reject_unknown_keys() {
    let examples = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/");
    let graph = schema("graph-users.schema.json");
    for path in [
        fixture("company-graph-1.json"),
        fixture("company-graph-2.json"),
        format!("{examples}initech-graph-1.json"),
        format!("{examples}initech-graph-2.json"),
    ] {
        let errors: Vec<String> = graph
            .iter_errors(&json_file(&path))
            .map(|e| e.to_string())
            .collect();
        assert!(errors.is_empty(), "{path}: {errors:?}");
    }
    let scim = schema("scim-users.schema.json");
    let path = fixture("company-scim.json");
    let errors: Vec<String> = scim
        .iter_errors(&json_file(&path))
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "{path}: {errors:?}");
    // What the loaders refuse, the schemas refuse too.
    let refused_graph = [
        r#"{"value": [{"id": "a", "jobTitel": "CEO"}]}"#,
        r#"{"value": [{"id": "a", "manager": {"id": "b", "bossId": "c"}}]}"#,
        r#"{"value": [], "nextPage": "y"}"#,
    ];
    for text in refused_graph {
        assert!(
            !graph.is_valid(&serde_json::from_str(text).unwrap()),
            "{text}"
        );
        assert!(
            load_error(text, ".json").message.contains("unknown"),
            "{text}"
        );
    }
    let refused_scim = [
        r#"[{"id": "a", "userName": "a", "urn:example:custom:2.0:User": {}}]"#,
        r#"[{"id": "a", "userName": "a", "titel": "CEO"}]"#,
    ];
    for text in refused_scim {
        assert!(
            !scim.is_valid(&serde_json::from_str(text).unwrap()),
            "{text}"
        );
        assert!(
            load_error(text, ".json").message.contains("unknown"),
            "{text}"
        );
    }
}

/// A Graph page too big to keep for excerpts is streamed rather than read whole (SPEC §8);
/// standard input is read whole. The same bytes must read the same either way: findings with
/// their lines and columns, a user's error, and the error of a document broken at its end
/// (read whole again for its message).
#[test]
fn a_big_graph_page_reads_streamed_as_the_same_bytes_read_whole() {
    let dir = tempfile::tempdir().unwrap();
    let mut page = String::from("\u{feff}{\"@odata.context\": \"https://graph.microsoft.com/v1.0/$metadata#users\",\r\n \"value\": [\r\n");
    let mut user = 0;
    while page.len() <= 9 << 20 {
        user += 1;
        // Someone reports to nobody known now and then, so there are findings to compare.
        let manager = match user % 997 {
            0 => "ghost".to_owned(),
            _ => format!("u{}", user / 7),
        };
        let name = match user % 3 {
            0 => format!("Zoë \\\"{user}\\\" 🦀"),
            _ => format!("Name {user}"),
        };
        page.push_str(&format!(
            "  {{\"id\": \"u{user}\", \"displayName\": \"{name}\", \"jobTitle\": \"Engineer\", \
             \"manager\": {{\"id\": \"{manager}\"}}}},\r\n"
        ));
    }
    page.push_str("  {\"id\": \"u0\", \"displayName\": \"Root\", \"manager\": null}\r\n],\r\n \"@odata.count\": 12345}\r\n");
    let broken = page.replacen("\"@odata.count\": 12345}", "\"@odata.count\": 12345", 1);
    let bad_user = page.replacen("\"Root\"", "17", 1);
    let mut codes = Vec::new();
    for text in [page, broken, bad_user] {
        let [streamed, whole] = check_file_and_stdin(dir.path(), "big.json", "json", text);
        assert_eq!(streamed, whole);
        assert!(streamed.1.len() + streamed.2.len() > 100);
        codes.push(streamed.0);
    }
    assert_eq!(codes, [Some(1), Some(2), Some(2)]);
}
