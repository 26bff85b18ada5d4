use super::*;
use crate::model::{Loc, Person, Ref};
use crate::rulebook::Rulebook;

fn person(id: &str, name: &str, title: &str, manager: Option<&str>) -> Person {
    Person {
        name: Some(name.into()),
        title: Some(title.into()),
        reports_to: manager.map(|m| Ref::new(m, Loc::default())),
        ..Person::new(id, Loc::default())
    }
}

fn chart(people: Vec<Person>) -> Chart {
    let mut chart = Chart::default();
    chart.add_source("chart.yaml", String::new());
    chart.people = people;
    chart
}

#[test]
fn finds_joiners_leavers_moves_and_title_and_role_changes() {
    let old = chart(vec![
        person("ceo", "Ada", "Chief Executive Officer", None),
        person("coo", "Ben", "Chief Operating Officer", Some("ceo")),
        person("dev", "Cy", "Developer", Some("coo")),
        person("gone", "Di", "Clerk", Some("ceo")),
    ]);
    let new = chart(vec![
        person("ceo", "Ada", "Chief Executive Officer", None),
        person("coo", "Ben", "Head of Sales", Some("ceo")),
        person("dev", "Cy", "Developer", Some("ceo")),
        person("new", "Ed", "Chief Operating Officer", Some("ceo")),
    ]);
    let mut options = CheckOptions::new(Rulebook::builtin().unwrap());
    options.redact = true;
    let d = diff(&old, &new, &options);
    assert_eq!(d.joiners.len(), 1);
    assert_eq!(d.joiners[0].position.who.id, "new");
    assert_eq!(d.joiners[0].position.who.name, None, "redacted");
    assert_eq!(d.leavers[0].position.who.id, "gone");
    assert_eq!(d.moves.len(), 1);
    let id = |w: &Option<Who>| w.as_ref().map(|w| w.id.clone());
    assert_eq!(id(&d.moves[0].from).as_deref(), Some("coo"));
    assert_eq!(id(&d.moves[0].to).as_deref(), Some("ceo"));
    assert_eq!(d.title_changes.len(), 1);
    assert_eq!(d.title_changes[0].who.id, "coo");
    assert_eq!(d.role_changes.len(), 1);
    assert_eq!(d.role_changes[0].role, "COO");
    assert_eq!(d.role_changes[0].from[0].who.id, "coo");
    assert_eq!(d.role_changes[0].to[0].who.id, "new");
}

fn with_email(mut p: Person, email: &str) -> Person {
    p.email = Some(email.into());
    p
}

fn options() -> CheckOptions {
    CheckOptions::new(Rulebook::builtin().unwrap())
}

#[test]
fn matches_re_keyed_people_by_email_one_to_one() {
    let old = chart(vec![
        person("ceo", "Ada", "Chief Executive Officer", None),
        with_email(person("e1", "Bo", "Clerk", Some("ceo")), "Bo@x.example"),
        with_email(person("e2", "Cy", "Clerk", Some("e1")), "cy@x.example"),
        with_email(person("s1", "Di", "Clerk", Some("ceo")), "team@x.example"),
        with_email(person("old", "Ed", "Clerk", Some("ceo")), "ed@x.example"),
    ]);
    let new = chart(vec![
        person("ceo", "Ada", "Chief Executive Officer", None),
        with_email(person("E1", "Bo", "Clerk", Some("ceo")), "bo@x.example"),
        with_email(person("e2", "Cy", "Clerk", Some("E1")), "cy@x.example"),
        with_email(person("s2", "Di", "Clerk", Some("ceo")), "team@x.example"),
        with_email(person("s3", "Fa", "Clerk", Some("ceo")), "team@x.example"),
        with_email(person("new", "Ed", "Clerk", Some("ceo")), "ed2@x.example"),
    ]);
    let d = diff(&old, &new, &options());
    assert!(
        d.moves.is_empty(),
        "e2's manager is the same person: {:?}",
        d.moves
    );
    let ids =
        |list: Vec<&Position>| -> Vec<String> { list.iter().map(|p| p.who.id.clone()).collect() };
    // A shared email matches nobody; id and email both changed: a leaver and a joiner.
    assert_eq!(
        ids(d.leavers.iter().map(|l| &l.position).collect()),
        ["s1", "old"]
    );
    assert_eq!(
        ids(d.joiners.iter().map(|j| &j.position).collect()),
        ["s2", "s3", "new"]
    );
}

#[test]
fn a_team_that_moves_whole_is_one_change() {
    let old = chart(vec![
        person("ceo", "Ada", "Chief Executive Officer", None),
        person("a", "Al", "Director", Some("ceo")),
        person("b", "Bea", "Director", Some("ceo")),
        person("m", "Mo", "Manager", Some("a")),
        person("r1", "Ro", "Clerk", Some("m")),
        person("r2", "Su", "Clerk", Some("m")),
    ]);
    let mut people = old.people.clone();
    people[3].reports_to = Some(Ref::new("b", Loc::default()));
    people[4].title = Some("Senior Clerk".into());
    let new = chart(people);
    let d = diff(&old, &new, &options());
    assert!(d.moves.is_empty());
    assert_eq!(d.team_moves.len(), 1);
    let team = &d.team_moves[0];
    assert_eq!((team.who.id.as_str(), team.size), ("m", 2));
    assert_eq!(team.from.as_ref().map(|w| w.id.as_str()), Some("a"));
    assert_eq!(team.to.as_ref().map(|w| w.id.as_str()), Some("b"));
    assert_eq!(
        d.title_changes[0].team.as_deref(),
        Some("m"),
        "inside the team"
    );
    assert_eq!(d.shape.new_managers[0].id, "b");
    assert_eq!(d.shape.emptied_managers[0].id, "a");
}

#[test]
fn a_leavers_reports_are_listed_under_them_not_as_moves() {
    let old = chart(vec![
        person("ceo", "Ada", "Chief Executive Officer", None),
        person("m", "Mo", "Manager", Some("ceo")),
        person("r1", "Ro", "Clerk", Some("m")),
    ]);
    let new = chart(vec![
        person("ceo", "Ada", "Chief Executive Officer", None),
        person("r1", "Ro", "Clerk", Some("ceo")),
    ]);
    let d = diff(&old, &new, &options());
    assert!(d.moves.is_empty());
    let report = &d.leavers[0].reports[0];
    assert_eq!(report.who.id, "r1");
    assert_eq!(report.manager.as_ref().map(|w| w.id.as_str()), Some("ceo"));
}

#[test]
fn a_post_keeps_its_id_through_holders_and_vacancy() {
    let old = chart(vec![
        person("p0", "Ada", "Chief Executive Officer", None),
        person("p1", "Ana Silva", "Chief Operating Officer", Some("p0")),
        person("p2", "Bo", "Clerk", Some("p0")),
    ]);
    let mut new = chart(vec![
        person("p0", "Ada", "Chief Executive Officer", None),
        Person {
            vacant: true,
            name: None,
            ..person("p1", "", "Chief Operating Officer", Some("p0"))
        },
        person("p2", "Cy", "Clerk", Some("p0")),
    ]);
    new.sources[0].organogram = true;
    let d = diff(&old, &new, &options());
    assert!(d.leavers.is_empty() && d.joiners.is_empty());
    let holders: Vec<_> = d
        .holder_changes
        .iter()
        .map(|h| (h.post.as_str(), h.from.as_deref(), h.to.as_deref()))
        .collect();
    assert_eq!(
        holders,
        [
            ("p1", Some("Ana Silva"), None),
            ("p2", Some("Bo"), Some("Cy"))
        ]
    );
    assert_eq!(d.role_changes[0].role, "COO");
    assert!(d.role_changes[0].to[0].vacant);
}

#[test]
fn a_new_vacant_post_is_no_joiner_and_a_closed_one_no_leaver() {
    let vacant = |id: &str, title: &str| Person {
        vacant: true,
        name: None,
        ..person(id, "", title, Some("ceo"))
    };
    let old = chart(vec![
        person("ceo", "Ada", "Chief Executive Officer", None),
        vacant("open-1", "Analyst"),
    ]);
    let new = chart(vec![
        person("ceo", "Ada", "Chief Executive Officer", None),
        vacant("open-2", "Engineer"),
    ]);
    let d = diff(&old, &new, &options());
    assert!(d.joiners.is_empty() && d.leavers.is_empty(), "{d:?}");
    assert_eq!(d.new_vacancies[0].position.who.id, "open-2");
    assert_eq!(d.closed_vacancies[0].position.who.id, "open-1");
    assert!(!d.is_empty());
}

#[test]
fn reports_and_moves_under_a_manager_left_out_of_the_new_chart_say_why() {
    let old = chart(vec![
        person("ceo", "Ada", "Chief Executive Officer", None),
        person("m", "Mo", "Manager", Some("ceo")),
        person("r1", "Ro", "Clerk", Some("m")),
        person("r2", "Su", "Clerk", Some("m")),
        person("r3", "Uma", "Clerk", Some("ceo")),
        person("t", "Ty", "Lead", Some("ceo")),
        person("t1", "Vi", "Clerk", Some("t")),
    ]);
    // Mo's account is disabled; Uma moves under Mo, Ty and his team under nobody known.
    let mut new = chart(vec![
        person("ceo", "Ada", "Chief Executive Officer", None),
        person("r1", "Ro", "Clerk", Some("m")),
        person("r2", "Su", "Clerk", Some("gone")),
        person("r3", "Uma", "Clerk", Some("m")),
        person("t", "Ty", "Lead", Some("gone")),
        person("t1", "Vi", "Clerk", Some("t")),
    ]);
    let disabled = "a disabled account (Enabled says so)";
    new.left_out.insert("m".to_owned(), disabled.to_owned());
    let d = diff(&old, &new, &options());
    let reports = &d.leavers[0].reports;
    assert_eq!(
        reports[0].manager.as_ref().map(|w| w.id.as_str()),
        Some("m")
    );
    assert_eq!(reports[0].manager_absent.as_deref(), Some(disabled));
    assert_eq!(
        reports[1].manager_absent.as_deref(),
        Some(Absent::NOT_IN_CHART)
    );
    assert_eq!(d.moves[0].who.id, "r3");
    assert_eq!(d.moves[0].manager_absent.as_deref(), Some(disabled));
    assert_eq!(d.team_moves[0].who.id, "t");
    assert_eq!(
        d.team_moves[0].manager_absent.as_deref(),
        Some(Absent::NOT_IN_CHART)
    );
}
