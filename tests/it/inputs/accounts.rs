//! Accounts that are no person (SPEC §9, v3): directory exports bring in guests, mailboxes,
//! computers, contacts, service and admin accounts. None of them may become another top and
//! a `multiple-roots` warning; each is left out and counted by kind, and a manager who was
//! left out is one `unknown-manager` for all their reports.

use crate::support::{common::temp_file, findings, load};
use assert_cmd::Command;
use orglint::finding::Finding;
use orglint::load::{load_files, Exclusions, LoadOptions};
use orglint::model::{Chart, LeftOut};

const ACCOUNTS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/accounts/");

fn fixture(name: &str) -> String {
    format!("{ACCOUNTS}{name}")
}

fn ids(chart: &Chart) -> Vec<&str> {
    chart.people.iter().map(|p| p.id.as_str()).collect()
}

fn counts(chart: &Chart) -> [u64; 6] {
    use LeftOut::*;
    [Disabled, Guest, Resource, Other, Excluded, Extra].map(|why| chart.left_out_counts.get(why))
}

fn of_rule<'a>(found: &'a [Finding], rule: &str) -> Vec<&'a Finding> {
    found.iter().filter(|f| f.rule.name() == rule).collect()
}

/// The fixture's config: service users by name, guests by where they live.
fn excluding_services_and_guests() -> LoadOptions {
    let patterns = ["svc-*", "*OU=Service Accounts*", "*OU=Guests,*"].map(str::to_owned);
    LoadOptions {
        exclude: Exclusions::new(&patterns).unwrap(),
        ..LoadOptions::default()
    }
}

fn orglint() -> Command {
    Command::cargo_bin("orglint").unwrap()
}

#[test]
fn an_ad_export_keeps_only_its_people_and_counts_the_rest_by_kind() {
    let options = excluding_services_and_guests();
    let chart = load_files(&[fixture("ad-export.ldif")], &options).unwrap();
    assert_eq!(ids(&chart), ["1001", "1002", "1003", "1004"]);
    // disabled (the leaver, the built-in Guest), resource (room, shared mailbox), other
    // (managed service account, computer, contact, group), excluded (service user, partner),
    // extra (the admin account beside its owner's).
    assert_eq!(counts(&chart), [2, 0, 2, 4, 2, 1]);
    let tom = &chart.people[1];
    assert_eq!(
        tom.name.as_deref(),
        Some("Tom Chen"),
        "the account with a manager"
    );
    let found = findings(&chart);
    for rule in ["multiple-roots", "duplicate-id", "unknown-manager"] {
        assert!(of_rule(&found, rule).is_empty(), "{rule}: {found:#?}");
    }
}

#[test]
fn without_the_exclude_list_only_the_service_user_and_partner_come_back() {
    let chart = load(&[fixture("ad-export.ldif")]);
    assert_eq!(counts(&chart), [2, 0, 2, 4, 0, 1]);
    assert_eq!(chart.people.len(), 6);
    let found = findings(&chart);
    let tops = of_rule(&found, "multiple-roots");
    assert_eq!(tops.len(), 1, "{found:#?}");
    assert!(tops[0].subjects.contains(&"svc-backup".to_owned()));
    assert!(of_rule(&found, "duplicate-id").is_empty());
}

#[test]
fn a_graph_page_leaves_out_guests_disabled_and_extra_accounts() {
    let chart = load(&[fixture("graph-users.json")]);
    let names: Vec<&str> = chart
        .people
        .iter()
        .filter_map(|p| p.name.as_deref())
        .collect();
    assert_eq!(
        names,
        ["Maria Garcia", "Tom Chen", "Ana Silva", "Ben Adeyemi"]
    );
    // Guests by `userType: Guest` and by `#EXT#`; `employeeId` 01002 is Tom's 1002.
    assert_eq!(counts(&chart), [1, 2, 0, 0, 0, 1]);
    let found = findings(&chart);
    assert!(of_rule(&found, "multiple-roots").is_empty(), "{found:#?}");
    let unknown = of_rule(&found, "unknown-manager");
    assert_eq!(unknown.len(), 1, "one finding for the disabled manager");
    let f = unknown[0];
    assert_eq!(f.subjects.len(), 2);
    assert!(
        f.message.starts_with("2 people report to ")
            && f.message
                .contains("a disabled account (accountEnabled: false)"),
        "{}",
        f.message
    );
}

#[test]
fn only_the_id_of_an_expanded_manager_is_read() {
    // Tom's manager object says `accountEnabled: false` and `userType: Guest`: that is Maria,
    // not Tom, and Maria's own object says she is an enabled member.
    let chart = load(&[fixture("graph-users.json")]);
    let tom = chart
        .people
        .iter()
        .find(|p| p.name.as_deref() == Some("Tom Chen"));
    let manager = tom.and_then(|t| t.reports_to.as_ref()).unwrap();
    assert_eq!(manager.id, chart.people[0].id);
}

#[test]
fn ldif_locked_accounts_and_managers_that_are_contacts_say_why() {
    let text = "\
dn: CN=Ada,DC=x
objectClass: inetOrgPerson
uid: ada
nsAccountLock: TRUE

dn: CN=Ext,DC=x
objectClass: contact
cn: Ext

dn: CN=Bo,DC=x
objectClass: inetOrgPerson
uid: bo
manager: CN=Ada,DC=x

dn: CN=Cy,DC=x
objectClass: inetOrgPerson
uid: cy
manager: CN=Ext,DC=x

dn: CN=Di,DC=x
objectClass: inetOrgPerson
uid: di
manager: CN=Ext,DC=x
nsAccountLock: false
";
    let file = temp_file(text, ".ldif");
    let chart = load(&[file.path().to_string_lossy().into_owned()]);
    assert_eq!(ids(&chart), ["bo", "cy", "di"]);
    assert_eq!(counts(&chart), [1, 0, 0, 1, 0, 0]);
    let found = findings(&chart);
    let unknown = of_rule(&found, "unknown-manager");
    assert_eq!(unknown.len(), 2, "{unknown:#?}");
    assert!(unknown[0].message.contains("nsAccountLock: TRUE"));
    assert_eq!(unknown[1].subjects, ["cy", "di"]);
    assert!(
        unknown[1].message.contains("no person"),
        "{}",
        unknown[1].message
    );
}

#[test]
fn csv_enabled_columns_leave_out_disabled_accounts() {
    for header in ["Enabled", "accountEnabled", "Account Status"] {
        let text = format!("id,manager,{header}\na,,True\nb,a,Disabled\nc,a,\n");
        let file = temp_file(&text, ".csv");
        let chart = load(&[file.path().to_string_lossy().into_owned()]);
        assert_eq!(ids(&chart), ["a", "c"], "{header}");
        assert_eq!(chart.left_out_counts.get(LeftOut::Disabled), 1);
    }
    let file = temp_file("id,manager,Enabled\na,,perhaps\n", ".csv");
    let error = load_files(
        &[file.path().to_string_lossy().into_owned()],
        &LoadOptions::default(),
    )
    .unwrap_err();
    assert_eq!(error.line, 2);
    assert!(error.message.contains("neither enabled nor disabled"));
}

#[test]
fn google_archived_users_are_disabled_and_scim_accounts_of_one_number_are_one_person() {
    let google = "Email Address [Required],First Name [Required],Last Name [Required],Manager Email,Status [READ ONLY]\n\
                  a@x.example,Ann,A,,Active\nb@x.example,Bo,B,a@x.example,Archived\n";
    let file = temp_file(google, ".csv");
    let chart = load(&[file.path().to_string_lossy().into_owned()]);
    assert_eq!(ids(&chart), ["a@x.example"]);
    assert_eq!(chart.left_out_counts.get(LeftOut::Disabled), 1);
    let scim = r#"[
      {"schemas": [], "id": "1", "userName": "ann",
       "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {"employeeNumber": "7"}},
      {"schemas": [], "id": "2", "userName": "ann-admin",
       "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {"employeeNumber": "007"}},
      {"schemas": [], "id": "3", "userName": "bo",
       "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": {"manager": "1"}},
      {"schemas": [], "id": "4", "userName": "cy", "active": false}
    ]"#;
    let file = temp_file(scim, ".json");
    let chart = load(&[file.path().to_string_lossy().into_owned()]);
    assert_eq!(
        ids(&chart),
        ["1", "3"],
        "the account with reports is the person"
    );
    assert_eq!(counts(&chart), [1, 0, 0, 0, 0, 1]);
}

#[test]
fn the_config_exclude_list_is_checked_and_used_by_every_command() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("orglint.yaml"), "exclude:\n  - \"[oops\"\n").unwrap();
    std::fs::copy(fixture("ad-export.ldif"), dir.path().join("ad.ldif")).unwrap();
    let output = orglint()
        .current_dir(dir.path())
        .args(["check", "ad.ldif"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("orglint.yaml:2") && stderr.contains("exclude: invalid pattern"),
        "{stderr}"
    );
    std::fs::copy(fixture("orglint.yaml"), dir.path().join("orglint.yaml")).unwrap();
    let output = orglint()
        .current_dir(dir.path())
        .args(["stats", "ad.ldif", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let stats: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(stats["positions"], 4);
    assert_eq!(stats["tops"], 1);
    assert_eq!(stats["left_out"]["excluded"], 2);
    assert_eq!(stats["left_out"]["other"], 4);
    assert!(stats.get("organogram").is_none(), "no eliminated posts");
}

/// Two accounts of one employee (one `employeeId`), the admin account listed first: the
/// account with the title (and the reports) is the person; the admin account is `extra`,
/// and a reference to either lands on the person.
#[test]
fn the_account_people_report_to_is_the_person_not_the_admin_account_listed_first() {
    let file = fixture("graph-admin-first.json");
    let chart = load(std::slice::from_ref(&file));
    assert_eq!(ids(&chart), ["m1", "t1", "o1", "r1"]);
    assert_eq!(counts(&chart), [0, 0, 0, 0, 0, 1]);
    let found = findings(&chart);
    assert!(of_rule(&found, "unknown-manager").is_empty(), "{found:#?}");
    assert!(of_rule(&found, "missing-role").is_empty(), "{found:#?}");
}

/// References to an extra account (a report naming the admin account) land on the person.
#[test]
fn references_to_an_extra_account_land_on_its_owner() {
    let page = r#"{"value":[
{"id":"m1","displayName":"Maria Garcia","jobTitle":"CEO","employeeId":"1","manager":null},
{"id":"a1","displayName":"Tom (admin)","employeeId":"2","manager":{"id":"m1"}},
{"id":"t1","displayName":"Tom Chen","jobTitle":"CIO","employeeId":"2","manager":{"id":"m1"}},
{"id":"r1","displayName":"Raj Dev","jobTitle":"Engineer","employeeId":"3","manager":{"id":"a1"}}
]}"#;
    let file = temp_file(page, ".json");
    let chart = load(&[file.path().display().to_string()]);
    let raj = chart.people.iter().find(|p| p.id == "r1").unwrap();
    assert_eq!(raj.reports_to.as_ref().unwrap().id, "t1");
    assert_eq!(ids(&chart), ["m1", "t1", "r1"]);
}

/// A service account with no id in a directory CSV is excluded by name, not an input error;
/// a lowercase `#ext#` UPN is a guest as much as `#EXT#`.
#[test]
fn exclusions_need_no_id_and_guest_upns_are_read_in_any_case() {
    let csv = "EmployeeID,Name,Enabled,Manager ID\n1,Maria Garcia,True,\n,svc-sql,True,\n";
    let file = temp_file(csv, ".csv");
    let options = excluding_services_and_guests();
    let chart = load_files(&[file.path().display().to_string()], &options).unwrap();
    assert_eq!(ids(&chart), ["1"]);
    assert_eq!(counts(&chart), [0, 0, 0, 0, 1, 0]);
    let page = r#"{"value":[
{"id":"m1","displayName":"Maria Garcia","jobTitle":"CEO","manager":null},
{"id":"g1","displayName":"Guest","userPrincipalName":"ann_partner.example#ext#@contoso.example"}
]}"#;
    let file = temp_file(page, ".json");
    let chart = load(&[file.path().display().to_string()]);
    assert_eq!(ids(&chart), ["m1"]);
    assert_eq!(counts(&chart), [0, 1, 0, 0, 0, 0]);
}

/// Every report's summary counts the entries left out, so no format shows a bare pass over
/// part of a directory: Markdown and GitHub summary lines, SARIF run properties, a JUnit
/// suite property.
#[test]
fn every_report_format_counts_the_entries_left_out() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(fixture("ad-export.ldif"), dir.path().join("ad.ldif")).unwrap();
    std::fs::copy(fixture("orglint.yaml"), dir.path().join("orglint.yaml")).unwrap();
    let report = |format: &str| {
        let output = orglint()
            .current_dir(dir.path())
            .args(["check", "ad.ldif", "--format", format])
            .output()
            .unwrap();
        String::from_utf8(output.stdout).unwrap()
    };
    let said = "left out 2 disabled, 2 resource, 4 other, 2 excluded, 1 extra";
    for format in ["text", "markdown", "github"] {
        let text = if format == "text" {
            let output = orglint()
                .current_dir(dir.path())
                .args(["check", "ad.ldif"])
                .output()
                .unwrap();
            String::from_utf8(output.stdout).unwrap()
        } else {
            report(format)
        };
        assert!(text.contains(said), "{format}: {text}");
    }
    let sarif: serde_json::Value = serde_json::from_str(&report("sarif")).unwrap();
    let left_out = &sarif["runs"][0]["properties"]["left_out"];
    assert_eq!(
        (&left_out["other"], &left_out["extra"]),
        (&4.into(), &1.into())
    );
    let junit = report("junit");
    assert!(
        junit.contains(&format!(
            "<property name=\"left_out\" value=\"{}\"/>",
            &said[9..]
        )),
        "{junit}"
    );
}

/// OpenLDAP: a person has `inetOrgPerson` (often beside `posixAccount`); a service entry of
/// `account` and `posixAccount` is no person, left out as `other`.
#[test]
fn an_openldap_service_entry_is_no_person() {
    let ldif =
        "dn: uid=ana,ou=people,dc=x\nobjectClass: inetOrgPerson\nobjectClass: posixAccount\n\
        uid: ana\ncn: Ana Silva\ntitle: CEO\n\n\
        dn: uid=backup,ou=services,dc=x\nobjectClass: account\nobjectClass: posixAccount\n\
        uid: backup\ncn: backup\n";
    let file = temp_file(ldif, ".ldif");
    let chart = load(&[file.path().display().to_string()]);
    assert_eq!(ids(&chart), ["ana"]);
    assert_eq!(counts(&chart), [0, 0, 0, 1, 0, 0]);
}
