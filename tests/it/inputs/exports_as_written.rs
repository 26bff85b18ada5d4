//! Directory exports as the tools write them (SPEC §9, v3 amendments "LDIF as tools write it"
//! and "Partial exports are never whole"): ldifde's `.ldf`, plain `ldapsearch` output with its
//! paging records, an LDIF export split over files, DNs spelt differently, and Microsoft Graph
//! and SCIM exports given with or without all their pages. The fixtures in
//! tests/fixtures/exports are the same six-person company in each shape.

use crate::support::{common::temp_file, findings, load};
use orglint::load::{load_files, LoadOptions};
use orglint::model::Chart;

const EXPORTS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/exports/");

fn fixture(name: &str) -> String {
    format!("{EXPORTS}{name}")
}

fn fixtures(names: &[&str]) -> Vec<String> {
    names.iter().map(|name| fixture(name)).collect()
}

/// Each person's id and manager id, sorted by id.
fn managers(chart: &Chart) -> Vec<(String, Option<String>)> {
    let mut pairs: Vec<_> = chart
        .people
        .iter()
        .map(|p| {
            let manager = p.reports_to.as_ref().map(|r| r.id.to_string());
            (p.id.to_string(), manager)
        })
        .collect();
    pairs.sort();
    pairs
}

/// The company's reporting lines by employee id, as every LDIF fixture has them.
fn initech() -> Vec<(String, Option<String>)> {
    [
        ("1001", None),
        ("1002", Some("1001")),
        ("1003", Some("1001")),
        ("1004", Some("1002")),
        ("1005", Some("1003")),
        ("1006", Some("1003")),
    ]
    .iter()
    .map(|(id, manager)| (id.to_string(), manager.map(str::to_owned)))
    .collect()
}

fn load_error(paths: &[String], options: &LoadOptions) -> orglint::error::InputError {
    load_files(paths, options).unwrap_err()
}

/// The error loading the one fixture `name` gives, asserted to be in that file at the first
/// line starting with `at`.
fn error_at(name: &str, at: &str) -> orglint::error::InputError {
    let error = load_error(&[fixture(name)], &LoadOptions::default());
    let text = std::fs::read_to_string(fixture(name)).unwrap();
    let line = text
        .lines()
        .position(|l| l.trim_start().starts_with(at))
        .unwrap()
        + 1;
    assert!(error.file.ends_with(name), "{error}");
    assert_eq!(error.line as usize, line, "at {at}: {error}");
    error
}

fn partial_allowed() -> LoadOptions {
    LoadOptions {
        allow_partial: true,
        ..LoadOptions::default()
    }
}

#[test]
fn ldifde_changetype_add_records_in_an_ldf_file_are_entries() {
    let chart = load(&[fixture("ldifde.ldf")]);
    assert_eq!(managers(&chart), initech());
    assert!(chart.load_notes.is_empty(), "{:?}", chart.load_notes);
    let unknown: Vec<_> = findings(&chart)
        .into_iter()
        .filter(|f| f.rule.name() == "unknown-manager")
        .collect();
    assert!(unknown.is_empty(), "{unknown:?}");
    // `ldifde -u` writes UTF-16 (little-endian, with a byte-order mark).
    let text = std::fs::read_to_string(fixture("ldifde.ldf")).unwrap();
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    let unicode = tempfile::Builder::new().suffix(".ldf").tempfile().unwrap();
    std::fs::write(unicode.path(), utf16).unwrap();
    let chart = load(&[unicode.path().display().to_string()]);
    assert_eq!(managers(&chart), initech());
    // Other change records still say what they are.
    for change in ["modify\nreplace: title\ntitle: CEO", "delete", "modrdn"] {
        let text = format!("dn: CN=Ada,DC=x\nchangetype: {change}\n");
        let file = temp_file(&text, ".ldf");
        let error = load_error(
            &[file.path().display().to_string()],
            &LoadOptions::default(),
        );
        assert_eq!(error.line, 2, "{change}: {error}");
        assert!(error.message.contains("change record"), "{error}");
    }
}

#[test]
fn plain_ldapsearch_output_skips_its_paging_records_with_one_note() {
    let chart = load(&[fixture("ldapsearch-paged.ldif")]);
    assert_eq!(managers(&chart), initech());
    // Three search results (one a page) and one referral: one note for the file.
    assert_eq!(chart.load_notes.len(), 1, "{:?}", chart.load_notes);
    let note = &chart.load_notes[0];
    assert!(!note.warning);
    assert!(note.message.contains("skipped 4 records"), "{note}");
    // A referral or a result record between the pages of a chart read from standard input.
    let mid = "dn: CN=A,DC=x\nemployeeID: a\n\nsearch: 2\nresult: 0 Success\n\nref: ldap://dc2/DC=x\n\ndn: CN=B,DC=x\nemployeeID: b\nmanager: cn=a,dc=x\n";
    let chart = orglint::load::from_str(
        "<stdin>",
        mid,
        orglint::load::InputFormat::Ldif,
        &LoadOptions::default(),
    )
    .unwrap();
    assert_eq!(chart.people.len(), 2);
    assert_eq!(chart.people[1].reports_to.as_ref().unwrap().id, "a");
}

#[test]
fn an_ldapsearch_that_hit_a_limit_is_an_input_error_that_quotes_its_result() {
    let error = error_at("ldapsearch-size-limit.ldif", "result:");
    for said in [
        "result: 4 Size limit exceeded",
        "-E pr=1000/noprompt",
        "-LLL",
    ] {
        assert!(error.message.contains(said), "{said}: {error}");
    }
    // --allow-partial is for paged JSON exports; a search that stopped stays an error.
    load_error(&[fixture("ldapsearch-size-limit.ldif")], &partial_allowed());
}

#[test]
fn an_ldif_export_split_over_files_resolves_managers_across_them() {
    for order in [
        ["split-1.ldif", "split-2.ldif"],
        ["split-2.ldif", "split-1.ldif"],
    ] {
        let chart = load(&fixtures(&order));
        // Spelt other ways in the files: case, spaces around `,` and `=`, a run of spaces in
        // a value, `\2C` for `\,`.
        assert_eq!(managers(&chart), initech(), "{order:?}");
        assert!(chart.outside_references.is_empty(), "{order:?}");
    }
    // One file alone: the managers in the other are outside it, as before.
    let chart = load(&[fixture("split-1.ldif")]);
    let found = findings(&chart);
    assert!(
        found
            .iter()
            .any(|f| f.rule.name() == "unknown-manager" && f.message.contains("no entry")),
        "{found:?}"
    );
}

#[test]
fn one_dn_in_two_files_of_an_export_is_a_duplicate_naming_the_other_file() {
    let copy = temp_file(
        "dn: cn=lumbergh\\2c  bill, ou=Staff, dc=initech, dc=example\nemployeeID: 9001\n",
        ".ldif",
    );
    let paths = [fixture("split-1.ldif"), copy.path().display().to_string()];
    let error = load_error(&paths, &LoadOptions::default());
    assert_eq!(error.line, 1);
    assert!(
        error.message.contains("duplicate DN") && error.message.contains("split-1.ldif:4"),
        "{error}"
    );
}

#[test]
fn a_graph_page_whose_next_page_is_missing_is_an_input_error() {
    let error = error_at("graph-page-1.json", "\"@odata.nextLink");
    assert!(
        error.message.contains("@odata.nextLink") && error.message.contains("--allow-partial"),
        "{error}"
    );
    // With the last page, in either order, the export is whole.
    for order in [
        ["graph-page-1.json", "graph-page-2.json"],
        ["graph-page-2.json", "graph-page-1.json"],
    ] {
        let chart = load(&fixtures(&order));
        assert_eq!(chart.people.len(), 6);
        assert!(chart.load_notes.is_empty());
    }
    // --allow-partial: the part given, and one warning saying what is missing.
    let chart = load_files(&[fixture("graph-page-1.json")], &partial_allowed()).unwrap();
    assert_eq!(chart.people.len(), 3);
    assert_eq!(chart.load_notes.len(), 1);
    assert!(chart.load_notes[0].warning);
    assert!(chart.load_notes[0].message.contains("--allow-partial"));
}

#[test]
fn a_graph_count_beyond_the_users_given_is_an_input_error() {
    // The first and the last page of three: no link is left dangling, `@odata.count` tells.
    let first = r#"{"@odata.context": "x", "@odata.count": 5, "value": [{"id": "a", "displayName": "A"}, {"id": "b", "displayName": "B"}],
        "@odata.nextLink": "https://graph.microsoft.com/v1.0/users?$count=true&$top=2&$skiptoken=X"}"#;
    let last = r#"{"@odata.context": "x", "value": [{"id": "e", "displayName": "E"}]}"#;
    let files = [temp_file(first, ".json"), temp_file(last, ".json")];
    let paths = files.each_ref().map(|f| f.path().display().to_string());
    let error = load_error(&paths, &LoadOptions::default());
    assert!(error.message.contains("`@odata.count` says"), "{error}");
    assert!(error.message.contains("2 are on pages"), "{error}");
}

#[test]
fn a_scim_list_with_more_total_results_than_users_given_is_an_input_error() {
    let error = error_at("scim-page-2.json", "\"totalResults");
    assert!(
        error.message.contains("totalResults: 7") && error.message.contains("users 1–4"),
        "{error}"
    );
    let error = load_error(&[fixture("scim-page-1.json")], &LoadOptions::default());
    assert!(error.message.contains("users 5–7"), "{error}");
    let chart = load(&fixtures(&["scim-page-1.json", "scim-page-2.json"]));
    assert_eq!(chart.people.len(), 7);
    // Managers on the other page resolve, by id or by userName; emails come from the
    // userName.
    assert!(findings(&chart)
        .iter()
        .all(|f| f.rule.name() != "unknown-manager"));
    let samir = chart.people.iter().find(|p| p.id == "00u0007").unwrap();
    // Given by the userName of a user on the other page.
    assert_eq!(samir.reports_to.as_ref().unwrap().id, "00u0003");
    assert_eq!(
        samir.email.as_deref(),
        Some("samir.nagheenanajar@initech.example")
    );
    let chart = load_files(&[fixture("scim-page-1.json")], &partial_allowed()).unwrap();
    assert_eq!(chart.people.len(), 4);
    assert_eq!(chart.load_notes.len(), 1);
    assert!(chart.load_notes[0].warning && chart.load_notes[0].message.contains("5–7"));
}

#[test]
fn graph_additional_properties_are_read_where_the_object_has_none() {
    let text = r##"[
  {"Id": "m1", "DisplayName": "Mo Manager", "JobTitle": "Chief Executive Officer", "Department": null,
   "Manager": null, "AdditionalProperties": {"@odata.type": "#microsoft.graph.user", "department": "Executive"}},
  {"Id": "e1", "DisplayName": "Ed Employee", "Department": "Operations",
   "AdditionalProperties": {"department": "Ignored: the object has one", "manager": {"@odata.type": "#microsoft.graph.user", "id": "m1"}}}
]"##;
    let file = temp_file(text, ".json");
    let chart = load(&[file.path().display().to_string()]);
    let department = |i: usize| chart.people[i].department.as_ref().map(|d| d.id.as_str());
    assert_eq!(department(0), Some("Executive"));
    assert_eq!(department(1), Some("Operations"));
    assert_eq!(chart.people[1].reports_to.as_ref().unwrap().id, "m1");
}
