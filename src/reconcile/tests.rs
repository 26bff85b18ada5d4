//! The engine on record and directory values built here (the loaders have their own tests).

use super::*;
use crate::finding::Severity;
use crate::load::accounts::AccountKind;
use crate::model::{LeftOut, Ref};
use crate::record::{AccountManager, InactiveRow, ReconcileData};
use crate::rules::{RuleId, SeverityMap};

fn at(file: u32, line: u32) -> Loc {
    Loc {
        file,
        line,
        column: 1,
    }
}

/// A record row: id, name, email, manager id, employee number.
struct Row(
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
);

fn person(row: &Row, line: u32) -> Person {
    let Row(id, name, email, manager, _) = *row;
    let mut person = Person::new(id, at(0, line));
    person.name = (!name.is_empty()).then(|| name.into());
    person.email = (!email.is_empty()).then(|| email.into());
    person.reports_to = (!manager.is_empty()).then(|| Ref::new(manager, at(0, line)));
    person
}

fn number(row: &Row) -> Option<crate::model::Text> {
    (!row.4.is_empty()).then(|| row.4.into())
}

/// A record of current `rows` and `leavers` (left on 2026-10-31).
fn record(rows: &[Row], leavers: &[Row]) -> Chart {
    let mut chart = Chart::default();
    chart.add_source("record.csv", String::new());
    let mut data = ReconcileData::default();
    for (line, row) in rows.iter().enumerate() {
        chart.people.push(person(row, line as u32 + 2));
        data.employee_numbers.push(number(row));
    }
    for (line, row) in leavers.iter().enumerate() {
        data.inactive.push(InactiveRow {
            person: person(row, (rows.len() + line) as u32 + 2),
            employee_number: number(row),
            status: RecordStatus::Leaver {
                on: crate::model::parse_date("2026-10-31"),
            },
        });
    }
    chart.reconcile = Some(Box::new(data));
    chart
}

fn account(key: &str, number: &str, email: &str, name: &str) -> DirectoryAccount {
    DirectoryAccount {
        key: key.into(),
        person: None,
        left_out: None,
        kind: AccountKind::Person,
        enabled: Some(true),
        employee_number: (!number.is_empty()).then(|| number.into()),
        emails: [email]
            .iter()
            .filter(|e| !e.is_empty())
            .map(|e| (*e).into())
            .collect(),
        aliases: Box::default(),
        name: (!name.is_empty()).then(|| name.into()),
        title: None,
        department: None,
        manager: AccountManager::Blank,
        loc: at(0, 1),
    }
}

fn directory(mut accounts: Vec<DirectoryAccount>) -> Chart {
    let mut chart = Chart::default();
    let file = chart.add_source("users.ldif", String::new());
    for (i, account) in accounts.iter_mut().enumerate() {
        account.loc = at(file, 10 * i as u32 + 1);
    }
    let files = vec![SideFile {
        file,
        enabled_state: true,
        manager_field: true,
    }];
    chart.reconcile = Some(Box::new(ReconcileData {
        accounts,
        files,
        ..ReconcileData::default()
    }));
    chart
}

fn levels() -> RuleLevels {
    RuleLevels::new(&SeverityMap::default(), &SeverityMap::default())
}

fn run(record: &Chart, directory: &Chart, options: &ReconcileOptions) -> Outcome {
    reconcile(record, directory, options, 1)
}

fn lines(outcome: &Outcome) -> Vec<String> {
    outcome
        .findings
        .iter()
        .map(|f| {
            format!(
                "{} {} [{}] {}",
                f.severity,
                f.rule,
                f.subjects.join(", "),
                f.message
            )
        })
        .collect()
}

#[test]
fn keys_are_tried_in_order_and_the_first_that_finds_a_candidate_decides() {
    let record = record(
        &[
            Row("e1", "Dana Whitfield", "dana@x.com", "", "1001"),
            Row("e2", "Sam Ortiz", "SAM@x.com", "e1", "1002"),
            Row("e3", "Lee Park", "", "e1", ""),
            Row("e4", "Kim Lo", "kim@x.com", "e1", "1004"),
            Row("e5", "Ana Ruiz", "ana@x.com", "e1", ""),
        ],
        &[],
    );
    let mut alias = account("g5", "", "ana.ruiz@x.com", "A. Ruiz");
    alias.aliases = ["ana@x.com".into()].into();
    // Giving one email twice, as written and in capitals, is one candidate, not two.
    let mut sam = account("g2", "", "sam@x.com", "Sam O");
    sam.emails = ["sam@x.com".into(), "Sam@X.com".into()].into();
    let directory = directory(vec![
        account("g1", "1001", "other@x.com", "Dana W"),
        sam,
        account("g3", "", "", "lee  park"),
        // Kim's number finds this one, so her email is never tried.
        account("g4", "1004", "someone@x.com", "Kim Lo"),
        account("g6", "", "kim@x.com", ""),
        alias,
    ]);
    let outcome = run(&record, &directory, &ReconcileOptions::new(levels()));
    let m = &outcome.summary.matched;
    assert_eq!(
        (
            m.rows,
            m.by_employee_number,
            m.by_email,
            m.by_alias,
            m.by_name
        ),
        (5, 2, 1, 1, 1)
    );
    assert_eq!(outcome.summary.name_matches[0].account, "g3");
    assert_eq!(outcome.summary.alias_matches[0].person, "e5");
    assert_eq!(
        lines(&outcome),
        ["warning orphan-account [g6] enabled account g6 matches nobody in the record"]
    );
    assert_eq!(outcome.findings[0].location, Some(at(1, 41)));
}

#[test]
fn leavers_accounts_are_errors_and_unknown_accounts_warnings() {
    let record = record(
        &[
            Row("e1", "Dana", "", "", "1"),
            Row("e2", "Sam", "", "e1", "2"),
            Row("e3", "Lee", "", "e1", "3"),
        ],
        &[Row("e9", "Pat Lee", "pat@x.com", "e1", "9")],
    );
    let mut disabled = account("g2", "2", "", "");
    disabled.enabled = Some(false);
    let directory = directory(vec![
        account("g1", "1", "", ""),
        disabled,
        account("g9", "9", "", "Pat Lee"),
        account("g8", "8", "", ""),
    ]);
    let outcome = run(&record, &directory, &ReconcileOptions::new(levels()));
    assert_eq!(
        lines(&outcome),
        [
            "error orphan-account [g9] Pat Lee (e9) left on 2026-10-31, but their account g9 (Pat Lee) is enabled",
            "warning orphan-account [g8] enabled account g8 matches nobody in the record",
            "warning missing-account [e3] Lee (e3) has no account in the directory (tried employee number 3, name Lee)",
            "warning disabled-account [e2] Sam (e2) is a current employee, but their account g2 is disabled",
        ]
    );
    assert_eq!(outcome.summary.record.leavers, 1);
    assert_eq!(outcome.summary.findings["orphan-account"], 2);
}

#[test]
fn of_several_candidates_the_enabled_one_matching_by_email_wins_else_nothing_is_guessed() {
    let record = record(
        &[
            Row("e1", "Dana", "dana@x.com", "", "1"),
            Row("e2", "Sam", "", "e1", "2"),
        ],
        &[Row("e9", "Pat", "pat@x.com", "e1", "9")],
    );
    let directory = directory(vec![
        account("adm-dana", "1", "adm-dana@x.com", ""),
        account("dana", "1", "DANA@x.com", ""),
        account("sam", "2", "sam@x.com", ""),
        account("adm-sam", "2", "adm-sam@x.com", ""),
        account("pat", "9", "pat@x.com", ""),
        account("adm-pat", "9", "adm-pat@x.com", ""),
    ]);
    let outcome = run(&record, &directory, &ReconcileOptions::new(levels()));
    assert_eq!(
        lines(&outcome),
        [
            "error orphan-account [pat] Pat (e9) left on 2026-10-31, but their account pat is enabled",
            "error orphan-account [adm-pat] Pat (e9) left on 2026-10-31, but their extra account adm-pat is enabled",
            "warning ambiguous-match [e2] Sam (e2) matches 2 accounts by employee number and no single enabled one also matches by email: sam, adm-sam",
        ]
    );
    let extras: Vec<(&str, &str)> = outcome
        .summary
        .extra_accounts
        .iter()
        .map(|p| (p.person.as_str(), p.account.as_str()))
        .collect();
    assert_eq!(extras, [("e1", "adm-dana"), ("e9", "adm-pat")]);
}

#[test]
fn managers_are_compared_through_the_matches_one_finding_per_pair() {
    let record = record(
        &[
            Row("e1", "Dana", "", "", "1"),
            Row("e2", "Sam", "", "e1", "2"),
            Row("e3", "Lee", "", "e1", "3"),
            Row("e4", "Kim", "", "e1", "4"),
            Row("e5", "Bo", "", "e1", "5"),
            Row("e6", "Ula", "", "e7", "6"),
            Row("e7", "Nobody", "", "e1", "7"),
        ],
        &[],
    );
    let mut accounts = vec![
        account("g1", "1", "", ""),
        account("g2", "2", "", ""),
        account("g3", "3", "", ""),
        account("g4", "4", "", ""),
        account("g5", "5", "", ""),
        account("g6", "6", "", ""),
    ];
    accounts[1].manager = AccountManager::Account(0); // as the record says
    accounts[2].manager = AccountManager::Account(1); // Lee under Sam
    accounts[3].manager = AccountManager::Account(1); // Kim under Sam
    accounts[4].manager = AccountManager::Blank; // counted only
    accounts[5].manager = AccountManager::Account(0); // Ula's record manager has no account
    let directory = directory(accounts);
    let outcome = run(&record, &directory, &ReconcileOptions::new(levels()));
    let mismatches: Vec<String> = lines(&outcome)
        .into_iter()
        .filter(|l| l.contains("manager-mismatch"))
        .collect();
    assert_eq!(
        mismatches,
        ["warning manager-mismatch [e1, e2] 2 people report to Dana (e1) in the record but to Sam (e2) in the directory: Lee (e3), Kim (e4)"]
    );
    assert_eq!(outcome.summary.directory.blank_managers, 1);
}

#[test]
fn match_keys_can_be_reordered_or_dropped_and_scope_limits_the_directory() {
    let record = record(&[Row("e1", "Dana Whitfield", "dana@x.com", "", "1")], &[]);
    let directory = directory(vec![
        account("g1", "1", "", ""),
        account("g2", "", "dana@x.com", ""),
        account("uk-3", "", "", "Dana Whitfield"),
    ]);
    let mut options = ReconcileOptions::new(levels());
    options.config.keys = vec![MatchKey::Email];
    let outcome = run(&record, &directory, &options);
    assert_eq!(outcome.summary.matched.by_email, 1);
    options.config.keys = vec![MatchKey::Name];
    options.config.scope = Some(Exclusions::new(&["uk-*".to_owned()]).unwrap());
    let outcome = run(&record, &directory, &options);
    assert_eq!(outcome.summary.matched.by_name, 1);
    assert_eq!(outcome.summary.directory.out_of_scope, 2);
    // Out of scope is out of sight: no orphan-account for g1 and g2.
    assert!(outcome.findings.is_empty(), "{:?}", lines(&outcome));
}

#[test]
fn titles_are_compared_only_when_turned_on_and_after_folding() {
    let record_rows = [
        Row("e1", "Dana", "", "", "1"),
        Row("e2", "Sam", "", "e1", "2"),
        Row("e3", "Lee", "", "e1", "3"),
    ];
    let mut record = record(&record_rows, &[]);
    for (person, title) in record
        .people
        .iter_mut()
        .zip(["VP, Sales", "Engineer II", "Engineer II"])
    {
        person.title = Some(title.into());
    }
    let mut accounts = vec![
        account("g1", "1", "", ""),
        account("g2", "2", "", ""),
        account("g3", "3", "", ""),
    ];
    for (account, title) in accounts
        .iter_mut()
        .zip(["vp  sales", "Engineer", "engineer"])
    {
        account.title = Some(title.into());
    }
    let directory = directory(accounts);
    let outcome = run(&record, &directory, &ReconcileOptions::new(levels()));
    assert!(outcome.findings.is_empty());
    let on = levels().select(&[RuleId::TITLE_MISMATCH]);
    let outcome = run(&record, &directory, &ReconcileOptions::new(on));
    assert_eq!(
        lines(&outcome),
        ["info title-mismatch [Engineer II, Engineer] 2 people have the title \"Engineer II\" in the record but \"Engineer\" in the directory: Sam (e2), Lee (e3)"]
    );
}

#[test]
fn check_never_runs_the_reconcile_rules_nor_reconcile_the_charts() {
    let check = levels().for_command(crate::rules::Command::Check);
    let reconcile = levels().for_command(crate::rules::Command::Reconcile);
    assert!(!check.runs(RuleId::ORPHAN_ACCOUNT) && check.runs(RuleId::SELF_MANAGER));
    assert!(reconcile.runs(RuleId::ORPHAN_ACCOUNT) && !reconcile.runs(RuleId::SELF_MANAGER));
    assert!(check.runs(RuleId::UNUSED_WAIVER) && reconcile.runs(RuleId::UNUSED_WAIVER));
}

#[test]
fn waivers_name_an_account_by_its_key_and_redaction_hides_names_and_emails() {
    let record = record(&[Row("dana@x.com", "Dana Whitfield", "", "", "1")], &[]);
    let mut left = account("g9", "", "", "");
    left.left_out = Some(LeftOut::Guest);
    left.kind = AccountKind::Guest;
    let directory = directory(vec![account("pat@x.com", "", "pat@x.com", "Pat Lee"), left]);
    let mut options = ReconcileOptions::new(levels());
    options.redact = true;
    let outcome = run(&record, &directory, &options);
    let text = lines(&outcome).join("\n");
    assert!(
        !text.contains("Pat") && !text.contains("x.com") && !text.contains("Dana"),
        "{text}"
    );
    // A waiver names the account by its pseudonym or, as without --redact, by its key: the
    // finding is waived either way, and an unused one would not show the key.
    for subject in [
        crate::redact::key_shown("pat@x.com", false),
        "pat@x.com".into(),
    ] {
        options.waivers = vec![Waiver {
            rule: "orphan-account".to_owned(),
            subject,
            reason: "service".to_owned(),
            expires: None,
            loc: at(0, 1),
        }];
        let outcome = run(&record, &directory, &options);
        let waived: Vec<bool> = outcome.findings.iter().map(Finding::is_waived).collect();
        assert_eq!(waived, [true, false], "{:?}", lines(&outcome));
        assert_eq!(outcome.findings[1].rule, RuleId::MISSING_ACCOUNT);
    }
    let _ = Severity::Info;
}
