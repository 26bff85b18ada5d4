//! `reconcile` (SPEC §10): the HR system of record against the directory. The record's rows
//! (current people, leavers, future starters) are matched to the directory's accounts
//! ([`matching`]); the rules declared for `reconcile` ([`crate::rules::Command::Reconcile`])
//! read the matches through a [`Context`]; waivers, severities and the baseline are applied
//! as `check` applies them ([`crate::check::settle`]). Loading both sides is the loaders'
//! work ([`crate::record::ReconcileData`]); this module only reads what they kept.

pub mod matching;
pub mod summary;

use crate::check::{settle, Settings};
use crate::finding::Finding;
use crate::graph::OrgGraph;
use crate::load::Exclusions;
use crate::model::{Chart, Date, Loc, Person, Waiver};
use crate::record::{DirectoryAccount, RecordStatus, SideFile};
use crate::rules::{Command, RuleLevels};
use matching::{Found, Matching};
use std::collections::HashMap;

pub use summary::ReconcileSummary;

/// A key rows are matched by (`reconcile.match:` lists them in the order tried).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MatchKey {
    EmployeeNumber,
    Email,
    Name,
}

crate::choice::choice!(MatchKey {
    EmployeeNumber => "employee_number",
    Email => "email",
    Name => "name",
});

/// The config's `reconcile:` section, validated.
#[derive(Clone, Debug)]
pub struct ReconcileConfig {
    /// The keys tried, in order (default: employee number, email, name).
    pub keys: Vec<MatchKey>,
    /// When given, only directory entries matching one of these globs (over key, emails,
    /// name, department) are the directory's population.
    pub scope: Option<Exclusions>,
}

impl Default for ReconcileConfig {
    fn default() -> Self {
        ReconcileConfig {
            keys: vec![MatchKey::EmployeeNumber, MatchKey::Email, MatchKey::Name],
            scope: None,
        }
    }
}

/// Everything a reconcile needs besides the two sides.
#[derive(Clone, Debug)]
pub struct ReconcileOptions {
    pub config: ReconcileConfig,
    /// Which rules run at which severity (any rule `reconcile` does not run is off here).
    pub levels: RuleLevels,
    /// The record's and the config's waivers.
    pub waivers: Vec<Waiver>,
    /// Fingerprints of known findings (`--baseline`), as [`crate::check::CheckOptions`].
    pub baseline: HashMap<String, usize>,
    pub today: Date,
    /// Messages and subjects name no one: ids, account keys and pseudonyms only.
    pub redact: bool,
}

impl ReconcileOptions {
    pub fn new(levels: RuleLevels) -> ReconcileOptions {
        ReconcileOptions {
            config: ReconcileConfig::default(),
            levels,
            waivers: Vec::new(),
            baseline: HashMap::new(),
            today: crate::model::today(),
            redact: false,
        }
    }
}

/// One row of the record as matching sees it: a current person or an inactive row.
#[derive(Clone, Debug)]
pub struct Entry<'a> {
    pub person: &'a Person,
    /// Index in the record's people for a current person; `None` for a leaver or future
    /// starter.
    pub current: Option<u32>,
    pub status: Option<RecordStatus>,
    pub number: Option<&'a str>,
}

impl Entry<'_> {
    pub fn email(&self) -> Option<&str> {
        self.person
            .email
            .as_deref()
            .filter(|e| !e.trim().is_empty())
    }

    pub fn name(&self) -> Option<&str> {
        self.person.display_name()
    }

    pub fn is_leaver(&self) -> bool {
        matches!(self.status, Some(RecordStatus::Leaver { .. }))
    }
}

/// What every `reconcile` rule reads.
pub struct Context<'a> {
    pub record: &'a Chart,
    pub graph: &'a OrgGraph<'a>,
    /// The record's rows: current non-vacant people in file order, then leavers and future
    /// starters.
    pub entries: &'a [Entry<'a>],
    /// Per record person, their row in `entries`.
    pub entry_of_person: &'a [Option<u32>],
    pub directory: &'a Chart,
    pub accounts: &'a [DirectoryAccount],
    pub files: &'a [SideFile],
    /// Per account: a person entry within `reconcile.scope:` that matching considers.
    pub candidate: &'a [bool],
    pub matching: &'a Matching,
    /// The keys tried, in order (`reconcile.match:`).
    pub keys: &'a [MatchKey],
    /// Added to an account's file id to place it in the report's chart, which lists the
    /// record's files, then the directory's.
    pub file_offset: u32,
    pub redact: bool,
    /// Under `--redact`: what its loaders marked personal among both sides' ids and keys (SCIM
    /// `userName`s standing for an `id`), and the names labels may hold; empty otherwise.
    pub personal: Personal<'a>,
}

/// What `--redact` must hide beyond emails and names in messages: ids that are personal and
/// department labels built from a person's name.
#[derive(Default)]
pub struct Personal<'a> {
    ids: std::collections::HashSet<&'a str>,
    labels: Option<crate::redact::NameLabels>,
}

impl<'a> Personal<'a> {
    /// Gathers, from both sides, the ids their loaders marked personal and every name
    /// (record rows of all kinds, directory accounts).
    fn of(
        record: &'a Chart,
        directory: &'a Chart,
        rows: &[Entry],
        accounts: &[DirectoryAccount],
    ) -> Self {
        let ids = record.personal_ids.iter().chain(&directory.personal_ids);
        let names = rows
            .iter()
            .filter_map(Entry::name)
            .chain(accounts.iter().filter_map(|a| a.name.as_deref()));
        Personal {
            ids: ids.map(String::as_str).collect(),
            labels: Some(crate::redact::NameLabels::new(names)),
        }
    }
}

impl Context<'_> {
    /// How messages name a row: `Name (id)`, the id alone under `--redact`.
    pub fn entry_label(&self, e: u32) -> String {
        let person = self.entries[e as usize].person;
        let id = self.entry_subject(e);
        match person.display_name().filter(|_| !self.redact) {
            Some(name) => crate::text::name_and_id(Some(name), &id),
            None => id,
        }
    }

    /// A row's subject: its id (a pseudonym under `--redact` when the id is personal).
    pub fn entry_subject(&self, e: u32) -> String {
        self.shown_key(&self.entries[e as usize].person.id)
    }

    /// How messages name an account: `key (Name)`, the key alone under `--redact`.
    pub fn account_label(&self, a: u32) -> String {
        let account = &self.accounts[a as usize];
        let key = self.account_subject(a);
        match account.name.as_deref().filter(|_| !self.redact) {
            Some(name) => format!("{key} ({})", crate::text::truncate(name, 80)),
            None => key,
        }
    }

    /// An account's subject: its key (a pseudonym under `--redact` when personal).
    pub fn account_subject(&self, a: u32) -> String {
        self.shown_key(&self.accounts[a as usize].key)
    }

    fn shown_key(&self, value: &str) -> String {
        match self.redact {
            true => crate::redact::key_shown(value, self.personal.ids.contains(value)),
            false => crate::text::truncate(value, 120).into_owned(),
        }
    }

    /// How a department label is shown: a pseudonym under `--redact` when it holds a name
    /// (SPEC §8), else shortened.
    pub fn department_shown(&self, label: &str) -> String {
        match &self.personal.labels {
            Some(labels) if labels.holds_a_name(label) => crate::redact::department_shown(label),
            _ => crate::text::truncate(label, 120).into_owned(),
        }
    }

    /// A waiver's subject as the findings of its rule show it: waivers name the real values,
    /// findings under `--redact` their pseudonyms (as `check` renames its waivers).
    fn waiver_subject_shown(&self, waiver: &Waiver) -> String {
        use crate::rules::RuleId;
        match RuleId::parse(&waiver.rule) {
            Ok(RuleId::DEPARTMENT_MISMATCH) => self.department_shown(&waiver.subject),
            Ok(RuleId::TITLE_MISMATCH) => waiver.subject.clone(),
            _ => self.shown_key(&waiver.subject),
        }
    }

    /// How a manager value naming no entry of the export is shown (a DN outside it, an
    /// `orgContact`): shortened, a pseudonym under `--redact`.
    pub fn outside_subject(&self, value: &str) -> String {
        self.shown_key(value)
    }

    /// Where a finding about someone's manager points: their `reports_to` value (the manager
    /// cell), else their row.
    pub fn reports_to_loc(&self, person: u32) -> Loc {
        let person = &self.record.people[person as usize];
        match &person.reports_to {
            Some(manager) if manager.loc.line > 0 => manager.loc,
            _ => person.loc,
        }
    }

    /// Where a finding about an account points: its entry, in the report's chart.
    pub fn account_loc(&self, a: u32) -> Loc {
        let loc = self.accounts[a as usize].loc;
        Loc {
            file: loc.file + self.file_offset,
            ..loc
        }
    }

    /// What one directory file can tell, by the file id of an account.
    pub fn side_file(&self, a: u32) -> Option<&SideFile> {
        let file = self.accounts[a as usize].loc.file;
        self.files.iter().find(|f| f.file == file)
    }

    /// The path of the directory file an account is in.
    pub fn account_path(&self, a: u32) -> &str {
        self.directory
            .source_path(self.accounts[a as usize].loc.file)
    }

    /// The row a record person is, when they take part in matching.
    pub fn entry_of(&self, person: u32) -> Option<u32> {
        self.entry_of_person.get(person as usize).copied().flatten()
    }

    /// The account row `e` matched, if any.
    pub fn account_of(&self, e: u32) -> Option<u32> {
        match self.matching.found[e as usize] {
            Found::Matched { account, .. } => Some(account),
            _ => None,
        }
    }

    /// Matched current people: (row, person index, account).
    pub fn matched_current(&self) -> impl Iterator<Item = (u32, u32, u32)> + '_ {
        (0..self.entries.len() as u32).filter_map(|e| {
            let person = self.entries[e as usize].current?;
            Some((e, person, self.account_of(e)?))
        })
    }

    /// Labels of several rows, comma-separated, at most `max` then "and N more".
    pub fn entry_labels(&self, rows: &[u32], max: usize) -> String {
        let mut text: Vec<String> = rows
            .iter()
            .take(max)
            .map(|&e| self.entry_label(e))
            .collect();
        if rows.len() > max {
            text.push(format!("and {} more", rows.len() - max));
        }
        text.join(", ")
    }
}

/// A pair of differing values of one field (record, directory) and the rows that have it.
pub struct ValuePair {
    pub record: String,
    pub directory: String,
    pub rows: Vec<u32>,
}

/// A value folded for comparison: case, punctuation and runs of white space ignored.
pub fn fold(value: &str) -> String {
    let kept: String = value
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    kept.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// The distinct pairs of differing values `values` gives for matched current people
/// (person, account), in the order first met, each value as first written.
pub fn value_pairs<'c>(
    ctx: &Context,
    values: impl Fn(u32, u32) -> Option<(&'c str, &'c str)>,
) -> Vec<ValuePair> {
    let mut pairs: Vec<ValuePair> = Vec::new();
    let mut by_folded: crate::hash::FastMap<(String, String), usize> = Default::default();
    for (e, person, account) in ctx.matched_current() {
        let Some((record, directory)) = values(person, account) else {
            continue;
        };
        // Values written alike fold alike: most matched people's are, and cost no folding.
        if record == directory {
            continue;
        }
        let folded = (fold(record), fold(directory));
        if folded.0 == folded.1 {
            continue;
        }
        let at = *by_folded.entry(folded).or_insert_with(|| {
            pairs.push(ValuePair {
                record: record.to_owned(),
                directory: directory.to_owned(),
                rows: Vec::new(),
            });
            pairs.len() - 1
        });
        pairs[at].rows.push(e);
    }
    pairs
}

impl ValuePair {
    /// The finding of `rule` for this pair of `field` values, each value as `shown` shows it
    /// (shortened, or a pseudonym under `--redact`).
    pub fn finding(
        &self,
        ctx: &Context,
        rule: &'static crate::rules::RuleDef,
        field: &str,
        shown: impl Fn(&str) -> String,
    ) -> Finding {
        let who = match self.rows.len() {
            1 => "1 person has".to_owned(),
            n => format!("{n} people have"),
        };
        let record = shown(&self.record);
        let directory = shown(&self.directory);
        rule.finding(format!(
            "{who} the {field} {record:?} in the record but {directory:?} in the directory: {}",
            ctx.entry_labels(&self.rows, 5)
        ))
        .subject(&record)
        .subject(&directory)
        .at(ctx.entries[self.rows[0] as usize].person.loc)
    }
}

/// The result of a reconcile.
#[derive(Clone, Debug)]
pub struct Outcome {
    pub findings: Vec<Finding>,
    pub summary: ReconcileSummary,
}

/// Reconciles `record` with `directory` (both loaded with `keep_reconcile_data`), placing
/// directory locations after the record's `file_offset` files in the report's chart.
pub fn reconcile(
    record: &Chart,
    directory: &Chart,
    options: &ReconcileOptions,
    file_offset: u32,
) -> Outcome {
    let graph = OrgGraph::build(record);
    let empty = crate::record::ReconcileData::default();
    let record_data = record.reconcile.as_deref().unwrap_or(&empty);
    let directory_data = with_chart_accounts(directory);
    let (rows, entry_of_person) = record_rows(record, &graph, record_data);
    let accounts = &directory_data.accounts;
    let candidate = candidates(accounts, options.config.scope.as_ref());
    let matching = matching::match_rows(&rows, accounts, &candidate, &options.config.keys);
    let ctx = Context {
        record,
        graph: &graph,
        entries: &rows,
        entry_of_person: &entry_of_person,
        directory,
        accounts,
        files: &directory_data.files,
        candidate: &candidate,
        matching: &matching,
        keys: &options.config.keys,
        file_offset,
        redact: options.redact,
        personal: match options.redact {
            true => Personal::of(record, directory, &rows, accounts),
            false => Personal::default(),
        },
    };
    let levels = options.levels.clone().for_command(Command::Reconcile);
    let mut findings = Vec::new();
    for rule in crate::rules::ALL.iter().filter(|rule| levels.runs(rule.id)) {
        if let Some(check) = rule.reconcile {
            check(&ctx, &mut findings);
        }
    }
    let mut waivers = options.waivers.clone();
    if options.redact {
        for waiver in &mut waivers {
            waiver.subject = ctx.waiver_subject_shown(waiver);
        }
    }
    let settings = Settings {
        waivers: &waivers,
        today: options.today,
        levels: &levels,
        baseline: &options.baseline,
    };
    settle(&mut findings, &settings, sort_by_rule);
    let summary = ReconcileSummary::of(&ctx, directory, &findings);
    Outcome { findings, summary }
}

/// The directory's accounts: those its loaders kept, and for the files whose loader keeps
/// none (a YAML or JSON chart given as a directory) each person as an account keyed by its
/// id, of unknown state, with its email, name, title, department (by name) and manager.
pub fn with_chart_accounts(chart: &Chart) -> std::borrow::Cow<'_, crate::record::ReconcileData> {
    use crate::record::AccountManager;
    use std::borrow::Cow;
    let mut data = match chart.reconcile.as_deref() {
        Some(data) => Cow::Borrowed(data),
        None => Cow::Owned(Default::default()),
    };
    let kept = kept_files(&data);
    let from_chart = |i: usize| !kept.contains(&chart.people[i].loc.file);
    if !(0..chart.people.len()).any(from_chart) {
        return data;
    }
    let data_mut = data.to_mut();
    let graph = OrgGraph::build(chart);
    let names: crate::hash::FastMap<&str, &str> = chart
        .departments
        .iter()
        .filter_map(|d| Some((d.id.as_str(), d.name.as_deref()?)))
        .collect();
    let mut account_of: Vec<Option<u32>> = vec![None; chart.people.len()];
    for (a, account) in data_mut.accounts.iter().enumerate() {
        if let Some(p) = account.person {
            account_of[p as usize] = Some(a as u32);
        }
    }
    let first_new = data_mut.accounts.len();
    for (i, person) in chart
        .people
        .iter()
        .enumerate()
        .filter(|&(i, _)| from_chart(i))
    {
        account_of[i] = Some(data_mut.accounts.len() as u32);
        data_mut.accounts.push(DirectoryAccount {
            key: person.id.clone(),
            person: Some(i as u32),
            left_out: None,
            kind: crate::load::accounts::AccountKind::Person,
            enabled: None,
            employee_number: None,
            emails: person.email.iter().cloned().collect(),
            aliases: Box::default(),
            name: person.display_name().map(Into::into),
            title: person.title.clone(),
            department: person.department.as_ref().map(|d| {
                names
                    .get(d.id.as_str())
                    .map_or_else(|| d.id.clone(), |n| (*n).into())
            }),
            manager: AccountManager::Blank,
            loc: person.loc,
        });
    }
    for account in &mut data_mut.accounts[first_new..] {
        let Some(i) = account.person else { continue };
        let person = &chart.people[i as usize];
        account.manager = match (
            graph.manager(i).and_then(|j| account_of[j as usize]),
            &person.reports_to,
        ) {
            (Some(a), _) => AccountManager::Account(a),
            (None, Some(other)) => AccountManager::Outside(other.id.to_string()),
            (None, None) => AccountManager::Blank,
        };
    }
    let sources = 0..chart.sources.len() as u32;
    let unkept: Vec<u32> = sources.filter(|file| !kept.contains(file)).collect();
    for file in unkept {
        if chart.people.iter().any(|p| p.loc.file == file) {
            data_mut.files.push(SideFile {
                file,
                enabled_state: false,
                manager_field: true,
            });
        }
    }
    data
}

/// The files of a side whose loaders kept accounts.
fn kept_files(data: &crate::record::ReconcileData) -> std::collections::HashSet<u32> {
    data.files.iter().map(|f| f.file).collect()
}

/// Drops the directory's people when every one of them is an account its loader kept:
/// `reconcile` reads the accounts (and the files and counts), and a million people beside
/// their accounts are most of the memory the run holds while the record is read. A
/// directory with people from a chart file keeps them: [`with_chart_accounts`] reads them.
pub fn drop_people_kept_as_accounts(directory: &mut Chart) {
    let Some(data) = directory.reconcile.as_deref() else {
        return;
    };
    let kept = kept_files(data);
    if directory.people.iter().all(|p| kept.contains(&p.loc.file)) {
        directory.people = Vec::new();
    }
}

/// The record's rows: current non-vacant people (duplicates of an id aside), then its
/// leavers and future starters; and per person their row.
fn record_rows<'a>(
    record: &'a Chart,
    graph: &OrgGraph,
    data: &'a crate::record::ReconcileData,
) -> (Vec<Entry<'a>>, Vec<Option<u32>>) {
    let mut rows = Vec::new();
    let mut entry_of_person = vec![None; record.people.len()];
    for (i, person) in record.people.iter().enumerate() {
        if person.vacant || !graph.is_active(i as u32) {
            continue;
        }
        entry_of_person[i] = Some(rows.len() as u32);
        let number = data.employee_numbers.get(i).and_then(Option::as_deref);
        rows.push(Entry {
            person,
            current: Some(i as u32),
            status: None,
            number,
        });
    }
    rows.extend(data.inactive.iter().map(|row| Entry {
        person: &row.person,
        current: None,
        status: Some(row.status),
        number: row.employee_number.as_deref(),
    }));
    (rows, entry_of_person)
}

/// Which accounts matching considers: people (no guest, resource or other entry, none the
/// config's `exclude:` leaves out), within `reconcile.scope:` when there is one.
fn candidates(accounts: &[DirectoryAccount], scope: Option<&Exclusions>) -> Vec<bool> {
    accounts
        .iter()
        .map(|account| {
            account.kind == crate::load::accounts::AccountKind::Person
                && account.left_out != Some(crate::model::LeftOut::Excluded)
                && scope.is_none_or(|scope| in_scope(scope, account))
        })
        .collect()
}

/// Whether a `reconcile.scope:` glob matches an account's key, emails, name or department.
pub fn in_scope(scope: &Exclusions, account: &DirectoryAccount) -> bool {
    let values = std::iter::once(account.key.as_str())
        .chain(account.emails.iter().map(|e| e.as_str()))
        .chain(account.name.as_deref())
        .chain(account.department.as_deref());
    scope.matches(values.collect::<Vec<_>>().iter().copied())
}

/// `reconcile`'s order: grouped by rule (in the registry's order), then as `check` orders.
pub fn sort_by_rule(findings: &mut [Finding]) {
    crate::check::sort(findings);
    findings.sort_by_key(|f| f.rule.index());
}

#[cfg(test)]
mod tests;
