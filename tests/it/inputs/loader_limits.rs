//! Loader limits that the README promises.

#[test]
fn the_reader_options_stop_an_alias_bomb() {
    // Nine levels of ten aliases each: 10^9 strings if expanded.
    let mut yaml = String::from("a0: &a0 lol\n");
    for level in 1..=9 {
        let prev = format!("*a{}", level - 1);
        let items = [prev.as_str(); 10].join(", ");
        yaml.push_str(&format!("a{level}: &a{level} [{items}]\n"));
    }
    let started = std::time::Instant::now();
    let parsed: Result<serde_json::Value, _> =
        serde_saphyr::from_str_with_options(&yaml, orglint::load::yaml_options(yaml.len()));
    let error = parsed.expect_err("an alias bomb must not expand");
    assert!(
        started.elapsed().as_secs() < 10,
        "took {:?}",
        started.elapsed()
    );
    let message = error.to_string();
    assert!(
        message.contains("too large") || message.contains("limit") || message.contains("budget"),
        "{message}"
    );
}

#[test]
fn a_large_plain_chart_is_within_the_budgets() {
    let mut yaml = String::from("version: 1\npeople:\n  - id: p0\n");
    for i in 1..20_000 {
        yaml.push_str(&format!(
            "  - {{id: p{i}, name: Person {i}, reports_to: p{}}}\n",
            i / 10
        ));
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.yaml");
    std::fs::write(&path, yaml).unwrap();
    let chart = orglint::load::load_files(
        &[path.display().to_string()],
        &orglint::load::LoadOptions::default(),
    )
    .unwrap();
    assert_eq!(chart.people.len(), 20_000);
    assert_eq!(
        chart.people[19_999].reports_to.as_ref().unwrap().id,
        "p1999"
    );
    assert_eq!(chart.people[19_999].loc.line, 20_002);
}

#[test]
fn acme_json_is_the_same_chart_as_acme_yaml() {
    let load = |name: &str| {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/").to_owned() + name;
        orglint::load::load_files(&[path], &orglint::load::LoadOptions::default()).unwrap()
    };
    let (yaml, json) = (load("acme.yaml"), load("acme.json"));
    let person = |p: &orglint::model::Person| {
        format!(
            "{} {:?} {:?} {:?} {:?} {:?} {:?} {:?} {} {} {:?}",
            p.id,
            p.name,
            p.title,
            p.roles
                .as_ref()
                .map(|r| r.iter().map(|r| r.id.clone()).collect::<Vec<_>>()),
            p.reports_to.as_ref().map(|r| &r.id),
            p.dotted_lines.iter().map(|r| &r.id).collect::<Vec<_>>(),
            p.department.as_ref().map(|r| &r.id),
            p.owns.iter().map(|r| &r.id).collect::<Vec<_>>(),
            p.vacant,
            p.assistant,
            p.email,
        )
    };
    let people = |c: &orglint::model::Chart| c.people.iter().map(person).collect::<Vec<_>>();
    assert_eq!(people(&yaml).len(), 40);
    assert_eq!(people(&yaml), people(&json));
    let departments = |c: &orglint::model::Chart| {
        c.departments
            .iter()
            .map(|d| {
                format!(
                    "{} {:?} {:?} {:?}",
                    d.id,
                    d.name,
                    d.function,
                    d.head.as_ref().map(|h| &h.id)
                )
            })
            .collect::<Vec<_>>()
    };
    assert!(departments(&yaml).len() >= 5);
    assert_eq!(departments(&yaml), departments(&json));
    assert_eq!(yaml.organization, json.organization);
    // JSON keeps lines too.
    assert!(json.people.iter().all(|p| p.loc.line > 1));
}
