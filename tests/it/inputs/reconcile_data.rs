//! What loading keeps for `reconcile` (SPEC §10): the record's leavers and future starters
//! and employee numbers, and every directory entry with its kind, state, key, emails and
//! manager. Loads the Harbor & Pine fixtures (tests/fixtures/reconcile/README.md lists
//! what is planted) through the library, with a fixed "today".

use orglint::load::accounts::AccountKind;
use orglint::load::{from_str, load_files, InputFormat, LoadOptions};
use orglint::model::{Chart, Date, LeftOut};
use orglint::record::{
    people_needed, AccountManager, DirectoryAccount, ReconcileData, RecordStatus,
};

const RECONCILE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/reconcile/");

fn day(y: i32, m: u32, d: u32) -> Date {
    Date::from_ymd_opt(y, m, d).unwrap()
}

fn keeping() -> LoadOptions {
    LoadOptions {
        keep_reconcile_data: true,
        today: Some(day(2026, 12, 7)),
        ..LoadOptions::default()
    }
}

fn load(files: &[&str], options: &LoadOptions) -> Chart {
    let paths: Vec<String> = files.iter().map(|f| format!("{RECONCILE}{f}")).collect();
    load_files(&paths, options).unwrap()
}

fn data(chart: &Chart) -> &ReconcileData {
    chart
        .reconcile
        .as_deref()
        .expect("loading kept reconcile data")
}

/// The account keyed `key`.
fn account<'c>(data: &'c ReconcileData, key: &str) -> &'c DirectoryAccount {
    let found = data.accounts.iter().find(|a| a.key == key);
    found.unwrap_or_else(|| panic!("no account {key}"))
}

/// The key of the account an account's manager resolved to.
fn manager_key<'c>(data: &'c ReconcileData, account: &DirectoryAccount) -> Option<&'c str> {
    match account.manager {
        AccountManager::Account(i) => Some(data.accounts[i as usize].key.as_str()),
        _ => None,
    }
}

fn count(chart: &Chart, why: LeftOut) -> u64 {
    chart.left_out_counts.get(why)
}

#[test]
fn the_record_keeps_its_leavers_and_future_starters_apart() {
    let chart = load(&["hris.csv"], &keeping());
    assert_eq!(chart.people.len(), 26);
    assert_eq!(
        (
            count(&chart, LeftOut::Leaver),
            count(&chart, LeftOut::Future)
        ),
        (4, 1)
    );
    let data = data(&chart);
    let inactive: Vec<(&str, RecordStatus)> = data
        .inactive
        .iter()
        .map(|row| (row.person.id.as_str(), row.status))
        .collect();
    let leaver = |y, m, d| RecordStatus::Leaver {
        on: Some(day(y, m, d)),
    };
    assert_eq!(
        inactive,
        [
            ("1009", leaver(2026, 10, 30)),
            ("1015", leaver(2026, 6, 30)),
            ("1018", leaver(2026, 11, 20)),
            (
                "1025",
                RecordStatus::Future {
                    from: day(2030, 1, 7)
                }
            ),
            ("1026", leaver(2025, 12, 19)),
        ]
    );
    let ines = &data.inactive[0];
    assert_eq!(ines.employee_number.as_deref(), Some("1009"));
    assert_eq!(
        ines.person.email.as_deref(),
        Some("ines.duarte@harborpine.example")
    );
    assert_eq!(
        ines.person.reports_to.as_ref().map(|r| r.id.as_str()),
        Some("1006")
    );
    // One employee number per person, in people order.
    assert_eq!(data.employee_numbers.len(), chart.people.len());
    let will = chart.people.iter().position(|p| p.id == "1023").unwrap();
    assert_eq!(data.employee_numbers[will].as_deref(), Some("1023"));
    // Will Chen started on 11/16/2026: a current person; Eli Novak is on leave.
    assert!(chart.people.iter().any(|p| p.id == "1031"));
    assert!(data.accounts.is_empty(), "a record is no directory");
}

#[test]
fn before_a_termination_date_passes_the_person_is_current() {
    let options = LoadOptions {
        today: Some(day(2026, 11, 15)),
        ..keeping()
    };
    let chart = load(&["hris.csv"], &options);
    // Rosa Vidal works until 11/20; Will Chen starts the day after.
    assert!(chart.people.iter().any(|p| p.id == "1018"));
    let future: Vec<&str> = data(&chart)
        .inactive
        .iter()
        .filter(|row| matches!(row.status, RecordStatus::Future { .. }))
        .map(|row| row.person.id.as_str())
        .collect();
    assert_eq!(future, ["1023", "1025"]);
}

#[test]
fn check_keeps_nothing_for_reconcile_but_still_leaves_leavers_out() {
    let options = LoadOptions {
        today: Some(day(2026, 12, 7)),
        ..LoadOptions::default()
    };
    let chart = load(&["hris.csv", "ad.ldif"], &options);
    assert!(chart.reconcile.is_none());
    assert_eq!(count(&chart, LeftOut::Leaver), 4);
    assert!(chart.left_out["1009"].contains("left on 2026-10-30"));
}

#[test]
fn an_ad_export_keeps_every_entry_keyed_by_its_guid() {
    let chart = load(&["ad.ldif"], &keeping());
    let data = data(&chart);
    assert_eq!(data.accounts.len(), 37);
    assert_eq!(chart.people.len(), 27);
    let kinds = |kind| data.accounts.iter().filter(|a| a.kind == kind).count();
    assert_eq!(
        (kinds(AccountKind::Resource), kinds(AccountKind::Other)),
        (2, 3)
    );
    let ines = account(data, "7b14ab69-d097-6bf4-e7d7-ca24d4800840");
    assert_eq!((ines.enabled, ines.left_out), (Some(true), None));
    assert_eq!(ines.employee_number.as_deref(), Some("1009"));
    let tara = account(data, "5ab6b042-2c79-60c0-844e-18f8bf0f396f");
    assert_eq!(
        (tara.enabled, tara.left_out),
        (Some(false), Some(LeftOut::Disabled))
    );
    // Quentin Roy's manager is Ben Ode, whose DN is escaped (`CN=Ode\, Ben`).
    let quentin = account(data, "67623c56-89d0-54e4-0417-47234e05837d");
    let ben = manager_key(data, quentin).map(|k| account(data, k));
    assert_eq!(ben.and_then(|b| b.name.as_deref()), Some("Ben Ode"));
    let nils = account(data, "1ed681ba-8a09-79c9-5159-e3ee8d1c922d");
    assert_eq!(
        nils.employee_number.as_deref(),
        Some("1014"),
        "leading zeros dropped"
    );
    let nils_person = nils.person.unwrap() as usize;
    assert_eq!(data.employee_numbers[nils_person].as_deref(), Some("1014"));
    let dana = account(data, "899548bf-5e9c-634c-6503-ec04a1c11e4e");
    assert_eq!(*dana.emails, ["dana.silva@harborpine.example"]);
    assert!(dana
        .aliases
        .iter()
        .any(|e| e == "dana.reyes@harborpine.example"));
    assert!(dana
        .aliases
        .iter()
        .all(|a| !a.starts_with("/o=") && a.contains('@')));
    assert_eq!(data.files.len(), 1);
    assert!(data.files[0].enabled_state && data.files[0].manager_field);
}

#[test]
fn an_admin_account_sharing_an_employee_number_is_an_extra_account() {
    let chart = load(&["ad.ldif"], &keeping());
    let data = data(&chart);
    let liam = account(data, "14eac488-bcc5-944b-94ac-e0a77a59c1e3");
    let admin = account(data, "1ea0df14-be51-9c4f-8008-20d03692f11b");
    assert_eq!(admin.left_out, Some(LeftOut::Extra));
    assert_eq!(admin.person, None);
    let person = &chart.people[liam.person.unwrap() as usize];
    assert_eq!(person.name.as_deref(), Some("Liam Byrne"));
    // Every person's account points at that person after the fold.
    for account in data.accounts.iter().filter(|a| a.person.is_some()) {
        let person = &chart.people[account.person.unwrap() as usize];
        assert_eq!(person.loc, account.loc, "{}", account.key);
    }
}

#[test]
fn graph_pages_keep_guests_aliases_and_managers_across_pages() {
    let chart = load(&["graph-page1.json", "graph-page2.json"], &keeping());
    let data = data(&chart);
    assert_eq!(data.accounts.len(), 35);
    assert_eq!(data.files.len(), 2);
    let guests: Vec<&str> = data
        .accounts
        .iter()
        .filter(|a| a.kind == AccountKind::Guest)
        .map(|a| a.key.as_str())
        .collect();
    assert_eq!(guests, ["5b7e1c2a-91d4-4f3e-8a6b-2c9d0e1f3a47"]);
    let quentin = account(data, "8a4f6b45-8c30-36c9-6b26-a29641c2cedc");
    let ben = manager_key(data, quentin).map(|k| account(data, k));
    assert_eq!(ben.and_then(|b| b.name.as_deref()), Some("Ben Ode"));
    let dana = account(data, "3ca5bdce-3c74-9b5c-b764-394ffa826837");
    assert!(dana
        .aliases
        .iter()
        .any(|e| e == "dana.reyes@harborpine.example"));
    assert_eq!(dana.employee_number, None);
}

#[test]
fn scim_managers_resolve_to_accounts_and_numbers_come_from_the_extension() {
    let chart = load(&["scim.json"], &keeping());
    let data = data(&chart);
    assert_eq!(data.accounts.len(), 31);
    let morgans: Vec<&str> = data
        .accounts
        .iter()
        .filter(|a| a.employee_number.as_deref() == Some("1027"))
        .map(|a| a.key.as_str())
        .collect();
    assert_eq!(morgans, ["00u38b019efcac156fd1", "00ue88243f1e7eb6987f"]);
    let quentin = account(data, "00ud815b7f6fea0beed0");
    let ben = manager_key(data, quentin).map(|k| account(data, k));
    assert_eq!(ben.and_then(|b| b.employee_number.as_deref()), Some("1002"));
    let ines = account(data, "00u94e4d46cb1a52179b");
    assert_eq!(ines.emails[0], "ines.duarte@harborpine.example");
}

#[test]
fn google_accounts_are_keyed_by_email_with_managers_by_email() {
    let chart = load(&["google.csv"], &keeping());
    let data = data(&chart);
    assert_eq!(data.accounts.len(), 30);
    let tara = account(data, "tara.singh@harborpine.example");
    assert_eq!(tara.enabled, Some(false));
    let quentin = account(data, "quentin.roy@harborpine.example");
    assert_eq!(
        manager_key(data, quentin),
        Some("ben.ode@harborpine.example")
    );
    assert_eq!(quentin.employee_number.as_deref(), Some("1017"));
}

#[test]
fn an_entra_download_without_a_manager_column_loads_for_reconcile() {
    let chart = load(&["entra.csv"], &keeping());
    let data = data(&chart);
    assert_eq!(data.accounts.len(), 35);
    assert_eq!(chart.people.len(), 29);
    assert_eq!(count(&chart, LeftOut::Guest), 1);
    assert!(!data.files[0].manager_field);
    assert!(data.files[0].enabled_state);
    let ines = account(data, "56117673-4dd3-be7d-00e9-d62d40b04dfc");
    assert_eq!(*ines.emails, ["ines.duarte@harborpine.example"]);
    assert_eq!(ines.manager, AccountManager::Blank);
}

#[test]
fn a_get_aduser_export_resolves_manager_dns_through_its_dn_column() {
    let chart = load(&["get-aduser.csv"], &LoadOptions::default());
    let quentin = chart.people.iter().find(|p| p.id == "1017").unwrap();
    assert_eq!(
        quentin.reports_to.as_ref().map(|r| r.id.as_str()),
        Some("1002")
    );
    let service = chart.people.iter().find(|p| p.id == "svc-backup");
    assert!(
        service.is_some(),
        "a blank EmployeeID takes the SamAccountName"
    );
    let ignored: Vec<&str> = chart.sources[0]
        .ignored_columns
        .iter()
        .flatten()
        .map(|c| c.name.as_str())
        .collect();
    let expected = [
        "mail",
        "ObjectClass",
        "ObjectGUID",
        "SID",
        "UserPrincipalName",
    ];
    assert_eq!(ignored, expected);
    let chart = load(&["get-aduser.csv"], &keeping());
    let data = data(&chart);
    assert_eq!(data.accounts.len(), 34);
    let quentin = account(data, "67623c56-89d0-54e4-0417-47234e05837d");
    let ben = manager_key(data, quentin).map(|k| account(data, k));
    assert_eq!(ben.and_then(|b| b.employee_number.as_deref()), Some("1002"));
    let tara = account(data, "5ab6b042-2c79-60c0-844e-18f8bf0f396f");
    assert_eq!(
        (tara.enabled, tara.left_out),
        (Some(false), Some(LeftOut::Disabled))
    );
}

#[test]
fn every_manager_dn_of_the_ad_export_names_an_entry_of_it() {
    let chart = load(&["ad.ldif"], &keeping());
    let data = data(&chart);
    let outside = data
        .accounts
        .iter()
        .filter(|a| matches!(a.manager, AccountManager::Outside(_)))
        .count();
    assert_eq!(outside, 0);
}

/// The counts the fixtures' README gives, file by file: accounts kept, people of the chart,
/// and (disabled, guest, resource, other, extra) left out.
#[test]
fn every_directory_twin_holds_what_its_readme_says() {
    let twins: [(&[&str], usize, usize, [u64; 5]); 6] = [
        (&["ad.ldif"], 37, 27, [3, 0, 2, 3, 2]),
        (
            &["graph-page1.json", "graph-page2.json"],
            35,
            27,
            [5, 1, 0, 0, 2],
        ),
        (&["scim.json"], 31, 26, [3, 0, 0, 0, 2]),
        (&["google.csv"], 30, 27, [3, 0, 0, 0, 0]),
        (&["entra.csv"], 35, 29, [5, 1, 0, 0, 0]),
        (&["get-aduser.csv"], 34, 27, [5, 0, 0, 0, 2]),
    ];
    for (files, accounts, people, left_out) in twins {
        let chart = load(files, &keeping());
        let kinds = [
            LeftOut::Disabled,
            LeftOut::Guest,
            LeftOut::Resource,
            LeftOut::Other,
            LeftOut::Extra,
        ];
        let counted = kinds.map(|why| count(&chart, why));
        let data = data(&chart);
        let kept_left_out = data
            .accounts
            .iter()
            .filter(|a| a.left_out.is_some())
            .count();
        assert_eq!(
            (data.accounts.len(), chart.people.len(), counted),
            (accounts, people, left_out),
            "{files:?}"
        );
        assert_eq!(kept_left_out, accounts - people, "{files:?}");
        assert_eq!(data.employee_numbers.len(), people, "{files:?}");
    }
}

/// `reconcile`'s directory loading: entries kept as accounts, people counted, not built.
fn accounts_only() -> LoadOptions {
    LoadOptions {
        accounts_only: true,
        ..keeping()
    }
}

/// A directory loaded for `reconcile` without its people holds what loading them and
/// dropping them leaves: the same accounts, files and counts.
fn assert_same_without_people(name: &str, text: &str, format: InputFormat) {
    let full = from_str(name, text, format, &keeping()).unwrap();
    let lean = from_str(name, text, format, &accounts_only()).unwrap();
    assert!(!people_needed(&lean), "{name}");
    assert!(lean.people.is_empty() && !full.people.is_empty(), "{name}");
    let (full_data, lean_data) = (data(&full), data(&lean));
    assert_eq!(
        format!("{:?}", lean_data.accounts),
        format!("{:?}", full_data.accounts),
        "{name}"
    );
    assert_eq!(lean_data.files, full_data.files, "{name}");
    assert_eq!(lean.left_out_counts, full.left_out_counts, "{name}");
    assert_eq!(lean.personal_ids, full.personal_ids, "{name}");
}

/// The fixture's text without the entries (LDIF) or users (Graph page) that hold `keys`.
fn without(file: &str, keys: &[&str]) -> String {
    let text = std::fs::read_to_string(format!("{RECONCILE}{file}")).unwrap();
    if file.ends_with(".ldif") {
        // ldifde writes CRLF.
        let kept: Vec<&str> = text
            .split("\r\n\r\n")
            .filter(|entry| !keys.iter().any(|k| entry.contains(k)))
            .collect();
        return kept.join("\r\n\r\n");
    }
    let mut page: serde_json::Value = serde_json::from_str(&text).unwrap();
    let users = page["value"].as_array_mut().unwrap();
    users.retain(|user| !keys.iter().any(|k| user.to_string().contains(k)));
    page.as_object_mut().unwrap().remove("@odata.nextLink");
    page.to_string()
}

#[test]
fn a_directory_of_one_account_per_employee_is_read_without_building_its_people() {
    let extra = ["adm-lbyrne", "alexis.morgan"];
    let ldif = without("ad.ldif", &extra);
    assert_same_without_people("ad.ldif", &ldif, InputFormat::Ldif);
    let graph = without("graph-page1.json", &extra);
    assert_same_without_people("graph-page1.json", &graph, InputFormat::Json);
}

#[test]
fn a_directory_with_extra_accounts_or_chart_people_asks_for_its_people() {
    let folded = [&["ad.ldif"][..], &["graph-page1.json", "graph-page2.json"]];
    for files in folded {
        let lean = load(files, &accounts_only());
        assert!(people_needed(&lean), "{files:?}");
    }
    let ldif = without("ad.ldif", &["adm-lbyrne", "alexis.morgan"]);
    let mut lean = from_str("ad.ldif", &ldif, InputFormat::Ldif, &accounts_only()).unwrap();
    assert!(!people_needed(&lean));
    // A chart file's people beside it: they may report to its people.
    let chart = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/minimal.yaml");
    orglint::load::load_into(&mut lean, chart, &accounts_only()).unwrap();
    assert!(people_needed(&lean));
}

#[test]
fn errors_read_without_people_are_those_read_with_them() {
    let entry = |dn: &str, manager: &str| {
        format!("dn: {dn}\nobjectClass: user\nsAMAccountName: {dn}\nmanager: {manager}\n\n")
    };
    let duplicate = entry("CN=a,DC=x", "CN=b,DC=x") + &entry("cn=A,dc=x", "CN=b,DC=x");
    let bad_manager = entry("CN=a,DC=x", "CN=b,DC=x") + &entry("CN=c,DC=x", "not a dn");
    for text in [duplicate, bad_manager] {
        let error = |options| {
            let loaded = from_str("d.ldif", &text, InputFormat::Ldif, &options);
            loaded.err().map(|e| e.to_string())
        };
        let (full, lean) = (error(keeping()), error(accounts_only()));
        assert!(full.is_some(), "{text}");
        assert_eq!(lean, full, "{text}");
    }
}
