//! The interactive HTML chart (`diagram -o chart.html`, `check --report html=PATH`), tested as
//! a person sees it: the page is opened in headless Chromium, its script runs, and the tests
//! read the DOM it built (`--dump-dom`). The page honours `#search=TEXT`, `#focus=ID` and
//! `#expand=ID` in its address, which is how these tests search and expand;
//! `html_interaction.rs` uses the page with the mouse and keyboard instead.
//!
//! Tests that need Chromium skip with a note when it is missing, and fail instead when
//! ORGLINT_REQUIRE_TOOLS=1 (CI sets it and installs Debian's `chromium`).

use crate::support::ci_support::*;
use crate::support::html_support::*;
use std::collections::BTreeSet;
use std::path::Path;

// ---------------------------------------------------------------------------------------------
// Helpers

/// The DOM of `page` after its script ran, opened at `#fragment` (may be empty).
fn dom(page: &Path, fragment: &str) -> String {
    let text = dump_dom(page, fragment);
    assert!(
        text.contains(r#"data-ready="1""#),
        "the page's script did not finish on {}{fragment}",
        page.display()
    );
    text
}

/// The DOM Chromium built for `page` at `#fragment`.
fn dump_dom(page: &Path, fragment: &str) -> String {
    let profile = tempfile::tempdir().unwrap();
    let url = format!("file://{}{fragment}", page.display());
    let output = std::process::Command::new("chromium")
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--window-size=1200,800",
            "--virtual-time-budget=10000",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg("--dump-dom")
        .arg(&url)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(
        output.status.success() && text.contains("</html>"),
        "chromium could not open {url}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    text
}

/// Decodes the entities a serialised DOM uses.
fn unescape(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&nbsp;", "\u{a0}")
        .replace("&amp;", "&")
}

/// The value of attribute `name` in a start tag.
fn attribute(tag: &str, name: &str) -> Option<String> {
    let start = tag.find(&format!(" {name}=\""))? + name.len() + 3;
    let end = start + tag[start..].find('"')?;
    Some(unescape(&tag[start..end]))
}

/// A box drawn on the page.
#[derive(Debug)]
struct DrawnBox {
    classes: BTreeSet<String>,
    id: Option<String>,
    /// Its text lines.
    lines: Vec<String>,
}

/// Every box in the dumped DOM.
fn boxes(dom: &str) -> Vec<DrawnBox> {
    let mut out = Vec::new();
    let mut rest = dom;
    while let Some(at) = rest.find(r#"<g class="box "#) {
        rest = &rest[at..];
        let tag_end = rest.find('>').unwrap();
        let tag = &rest[..tag_end];
        let body_end = rest.find("</text>").unwrap();
        let body = &rest[tag_end..body_end];
        let lines = body
            .split("<tspan")
            .skip(1)
            .map(|t| {
                let text = &t[t.find('>').unwrap() + 1..];
                unescape(&text[..text.find("</tspan>").unwrap()])
            })
            .collect();
        out.push(DrawnBox {
            classes: attribute(tag, "class")
                .unwrap()
                .split(' ')
                .map(str::to_owned)
                .collect(),
            id: attribute(tag, "data-id"),
            lines,
        });
        rest = &rest[tag_end..];
    }
    out
}

/// The boxes highlighted by a search.
fn highlighted(dom: &str) -> Vec<DrawnBox> {
    let all = boxes(dom).into_iter();
    all.filter(|b| b.classes.contains("hit")).collect()
}

fn people(boxes: &[DrawnBox]) -> Vec<&DrawnBox> {
    boxes
        .iter()
        .filter(|b| b.classes.contains("person"))
        .collect()
}

/// The text of the element with this id (tags stripped).
fn text_of(dom: &str, id: &str) -> String {
    let start = dom
        .find(&format!(" id=\"{id}\""))
        .unwrap_or_else(|| panic!("no #{id}"));
    let open = start + dom[start..].find('>').unwrap() + 1;
    let close = open + dom[open..].find("</").unwrap();
    unescape(&dom[open..close])
}

/// The entries of the findings panel: (class, text).
fn findings(dom: &str) -> Vec<(String, String)> {
    let start = dom.find(r#"<ul id="findings">"#).unwrap();
    let end = start + dom[start..].find("</ul>").unwrap();
    dom[start..end]
        .split("<li")
        .skip(1)
        .map(|li| {
            let class = attribute(li, "class").unwrap_or_default();
            let mut text = String::new();
            // The fragment starts inside the `<li` tag.
            let mut inside = true;
            for c in li.chars() {
                match c {
                    '<' => inside = true,
                    '>' => inside = false,
                    c if !inside => text.push(c),
                    _ => {}
                }
            }
            (class, unescape(&text))
        })
        .collect()
}

fn shown(dom: &str) -> usize {
    let at = dom.find("data-shown=\"").unwrap() + "data-shown=\"".len();
    dom[at..at + dom[at..].find('"').unwrap()].parse().unwrap()
}

/// The findings of `check --format json`.
fn json_findings(dir: &Path, file: &str) -> Vec<serde_json::Value> {
    let output = orglint_in(dir)
        .args(["check", file, "--format", "json"])
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    report["findings"].as_array().unwrap().clone()
}

// ---------------------------------------------------------------------------------------------
// Tests

#[test]
fn the_page_draws_every_person_and_lists_every_finding() {
    if !chromium_available() {
        return;
    }
    let (dir, page) = example_page("problems.yaml", &["--findings"]);
    let dom = dom(&page, "");
    let drawn = boxes(&dom);
    // Everyone in the chart has a box (each entry of a repeated id too), and the red
    // placeholder names the manager nobody has.
    let chart =
        orglint::load::load_files(&[example("problems.yaml")], &Default::default()).unwrap();
    let ids: BTreeSet<&str> = chart.people.iter().map(|p| p.id.as_str()).collect();
    let drawn_ids: BTreeSet<&str> = people(&drawn)
        .iter()
        .filter_map(|b| b.id.as_deref())
        .collect();
    assert!(ids.len() > 20, "{ids:?}");
    assert!(
        ids.len() < chart.people.len(),
        "problems.yaml repeats an id"
    );
    assert_eq!(drawn_ids, ids);
    assert_eq!(people(&drawn).len(), chart.people.len());
    let missing: Vec<_> = drawn
        .iter()
        .filter(|b| b.classes.contains("missing"))
        .collect();
    assert_eq!(missing.len(), 1, "{missing:?}");
    assert_eq!(missing[0].lines, ["Unknown manager", "dkowalski"]);
    let ceo = drawn
        .iter()
        .find(|b| b.id.as_deref() == Some("olsen"))
        .unwrap();
    assert_eq!(ceo.lines[0], "Erik Olsen");
    assert_eq!(shown(&dom), drawn.len());
    // The cycle akim -> bnoor -> cdiaz -> akim is closed by one red line, and hlang, who
    // reports to themselves, has a red loop (a curve back into the box); pmills's dotted line
    // to priya is one grey dashed line.
    assert_eq!(dom.matches(r#"class="line red cycle""#).count(), 2);
    let cycle_paths: Vec<&str> = dom
        .split("<path ")
        .skip(1)
        .filter(|p| p.contains(r#"class="line red cycle""#))
        .collect();
    assert_eq!(
        cycle_paths.iter().filter(|p| p.contains('C')).count(),
        1,
        "one loop: {cycle_paths:?}"
    );
    assert_eq!(dom.matches(r#"class="line dotted""#).count(), 1);
    // Coloured by the worst finding: the unknown manager's report is an error.
    let tanya = drawn
        .iter()
        .find(|b| b.id.as_deref() == Some("tbrooks"))
        .unwrap();
    assert!(tanya.classes.contains("sev-3"), "{tanya:?}");
    // Its tooltip lists the finding's message.
    let at = dom.find(r#"data-id="tbrooks""#).unwrap();
    let title = &dom[at..];
    let title = &title[title.find("<title>").unwrap() + 7..title.find("</title>").unwrap()];
    assert!(
        title.contains("reports to dkowalski, who is not in the chart"),
        "{title}"
    );
    // The panel lists exactly the findings `check` reports, with their messages.
    let expected = json_findings(dir.path(), "problems.yaml");
    let listed = findings(&dom);
    assert_eq!(listed.len(), expected.len(), "{listed:#?}");
    for finding in &expected {
        let message = finding["message"].as_str().unwrap();
        assert!(
            listed.iter().any(|(_, text)| text.contains(message)),
            "{message:?} not in the panel: {listed:#?}"
        );
    }
    assert!(text_of(&dom, "findings-title").contains(&format!("{} findings", expected.len())));
}

#[test]
fn search_highlights_and_reports_the_person_by_name_title_or_id() {
    if !chromium_available() {
        return;
    }
    let (_dir, page) = example_page("problems.yaml", &[]);
    for (query, id) in [
        ("#search=jordan%20foster", "jfoster"),
        ("#search=Procurement%20Lead", "pmills"),
        ("#search=tbrooks", "tbrooks"),
        ("#focus=raj", "raj"),
    ] {
        let dom = dom(&page, query);
        let hits = highlighted(&dom);
        assert_eq!(hits.len(), 1, "{query}: {hits:?}");
        assert_eq!(hits[0].id.as_deref(), Some(id), "{query}");
        if query.starts_with("#search") {
            assert!(text_of(&dom, "status").starts_with("1 match"), "{query}");
        }
    }
    let none = dom(&page, "#search=nobody-by-this-name");
    assert!(!none.contains(r#"class="box person sev-0 hit""#));
    assert!(text_of(&none, "status").starts_with("no match"));
}

#[test]
fn a_big_chart_starts_collapsed_and_expands_and_reveals_on_demand() {
    if !chromium_available() {
        return;
    }
    let (_dir, page) = big_page();

    let first = dom(&page, "");
    let drawn = people(&boxes(&first))
        .into_iter()
        .filter_map(|b| b.id.clone())
        .collect::<BTreeSet<_>>();
    assert!(first.contains(r#"data-layout="overview""#));
    assert!(
        drawn.len() < 1689 && drawn.len() == shown(&first),
        "{}",
        drawn.len()
    );
    assert!(drawn.contains("ceo") && drawn.contains("d7-9"), "{drawn:?}");
    assert!(
        !drawn.iter().any(|id| id.starts_with('s')),
        "staff are folded away"
    );
    // The first view counts everyone below, not only what it shows.
    let ceo = boxes(&first)
        .into_iter()
        .find(|b| b.id.as_deref() == Some("ceo"))
        .unwrap();
    assert!(
        ceo.lines.contains(&"1688 people below".to_owned()),
        "{ceo:?}"
    );

    // Expanding a director shows their 20 reports, and only theirs.
    let expanded = dom(&page, "#expand=d3-4");
    let now: BTreeSet<String> = people(&boxes(&expanded))
        .into_iter()
        .filter_map(|b| b.id.clone())
        .collect();
    let added: BTreeSet<&String> = now.difference(&drawn).collect();
    assert_eq!(added.len(), 20, "{added:?}");
    assert!(added.iter().all(|id| id.starts_with("s3-4-")), "{added:?}");
    assert_eq!(shown(&expanded), shown(&first) + 20);

    // Searching for someone folded away opens the way to them and highlights them.
    let found = dom(&page, "#search=Staff5x6x7");
    let hits = highlighted(&found);
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].id.as_deref(), Some("s5-6-7"));
}

#[test]
fn the_redacted_page_shows_and_finds_people_by_id_and_holds_no_name() {
    if !chromium_available() {
        return;
    }
    let (dir, _) = example_page("problems.yaml", &[]);
    let output = orglint_in(dir.path())
        .args([
            "diagram",
            "--redact",
            "problems.yaml",
            "-o",
            "redacted.html",
            "--findings",
        ])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let page = dir.path().join("redacted.html");
    let raw = std::fs::read_to_string(&page).unwrap();
    for name in [
        "Jordan",
        "Foster",
        "Erik Olsen",
        "Tanya",
        "@northwind.example",
    ] {
        assert!(!raw.contains(name), "{name} in the redacted page");
    }
    let dom = dom(&page, "#search=jfoster");
    let hits = highlighted(&dom);
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].lines[0], "jfoster");
    assert!(!findings(&dom).is_empty());
}

#[test]
fn hostile_names_titles_and_ids_stay_text_and_cannot_add_elements() {
    if !chromium_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let chart = r#"version: 1
organization: "</title></script><script>alert(0)</script>"
people:
  - id: boss
    name: "</script><script>alert(1)</script>"
    title: "<img src=x onerror=alert(2)>"
  - id: "<!--x"
    name: "<b>Bold</b> &amp; \u2028 \u2029 -->"
    title: "</style><iframe src=x></iframe>"
    reports_to: boss
  - id: "q\"'><svg onload=alert(3)>"
    name: Quote Person
    reports_to: "</script>"
"#;
    std::fs::write(dir.path().join("hostile.yaml"), chart).unwrap();
    orglint_ok(
        dir.path(),
        &[
            "diagram",
            "hostile.yaml",
            "-o",
            "hostile.html",
            "--findings",
        ],
    );
    let page = dir.path().join("hostile.html");
    let raw = std::fs::read_to_string(&page).unwrap();
    assert_eq!(
        raw.matches("<script").count(),
        2,
        "only the data and the page's script"
    );
    assert_eq!(raw.matches("</script>").count(), 2);
    let dom = dom(&page, "#search=alert(1)");
    for element in ["<img", "<iframe", "<b>", "<svg onload"] {
        assert!(!dom.contains(element), "{element} was injected");
    }
    assert_eq!(dom.matches("<script").count(), 2);
    assert_eq!(dom.matches("<svg").count(), 1, "only the chart's own svg");
    let drawn = boxes(&dom);
    let boss = drawn
        .iter()
        .find(|b| b.id.as_deref() == Some("boss"))
        .unwrap();
    assert_eq!(boss.lines[0], "</script><script>alert(1)</script>");
    assert_eq!(boss.lines[1], "<img src=x onerror=alert(2)>");
    assert!(boss.classes.contains("hit"), "search still works: {boss:?}");
    let comment = drawn
        .iter()
        .find(|b| b.id.as_deref() == Some("<!--x"))
        .unwrap();
    assert!(
        comment.lines[0].starts_with("<b>Bold</b> &amp;"),
        "{comment:?}"
    );
    assert!(drawn
        .iter()
        .any(|b| b.id.as_deref() == Some("q\"'><svg onload=alert(3)>")));
    assert!(drawn
        .iter()
        .any(|b| b.classes.contains("missing") && b.lines.contains(&"</script>".to_owned())));
    assert_eq!(
        text_of(&dom, "title"),
        "</title></script><script>alert(0)</script>"
    );
    assert!(!findings(&dom).is_empty());
}

#[test]
fn check_report_html_writes_the_chart_with_its_findings_panel() {
    if !chromium_available() {
        return;
    }
    let dir = with_example("problems.yaml");
    orglint_ok(
        dir.path(),
        &[
            "check",
            "problems.yaml",
            "--report",
            "html=report.html",
            "--report",
            "json=report.json",
        ],
    );
    let report: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("report.json")).unwrap()).unwrap();
    let expected = report["findings"].as_array().unwrap();
    let page = dir.path().join("report.html");
    let dom = dom(&page, "");
    let listed = findings(&dom);
    assert_eq!(listed.len(), expected.len());
    let errors = expected.iter().filter(|f| f["severity"] == "error").count();
    assert_eq!(
        listed
            .iter()
            .filter(|(class, _)| class.contains("error"))
            .count(),
        errors
    );
    assert!(people(&boxes(&dom)).len() > 20);
}

#[test]
fn a_report_of_a_big_forest_starts_collapsed_and_its_panel_and_search_work() {
    if !chromium_available() {
        return;
    }
    // 25,000 people, each under a manager id nobody has: 50,000 boxes, 25,000 of them tops
    // (more than the page draws at once) and 25,000 findings (more than its panel lists).
    let dir = tempfile::tempdir().unwrap();
    let mut csv = String::from("id,manager,name\n");
    for i in 1..=25_000 {
        csv.push_str(&format!("p{i},missing{i},Person {i}\n"));
    }
    std::fs::write(dir.path().join("forest.csv"), csv).unwrap();
    let output = orglint_in(dir.path())
        .args(["check", "forest.csv", "--format", "concise"])
        .args(["--report", "html=report.html"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    let page = dir.path().join("report.html");

    let first = dom(&page, "");
    assert!(first.contains(r#"data-layout="whole""#));
    // Only the tops, and of those only as many as the page draws at once.
    let drawn = boxes(&first);
    assert_eq!(drawn.len(), 20_000);
    assert!(drawn.iter().all(|b| b.classes.contains("missing")));
    assert!(
        text_of(&first, "status").contains("5000 more not drawn"),
        "{}",
        text_of(&first, "status")
    );
    assert!(first.contains(r#"id="expand-all" type="button" disabled"#));

    // The panel counts every finding (a warning that no one has a title, and a person's
    // unknown manager each) and lists the first 5,000.
    assert_eq!(text_of(&first, "findings-title"), "25001 findings");
    let listed = findings(&first);
    assert_eq!(
        listed.len(),
        5_001,
        "the listed ones and a line for the rest"
    );
    assert!(listed[0].0.contains("warning"), "{:?}", listed[0]);
    assert!(listed[1..5_000]
        .iter()
        .all(|(class, _)| class.contains("error")));
    assert!(listed[1].1.contains("(p1)") && listed[4_999].1.contains("(p4999)"));
    assert!(listed[5_000].1.contains("and 20001 more findings"));

    // Searching for a person beyond the drawn tops opens the way to them and centres them.
    let found = dom(&page, "#search=p24999");
    let hits = highlighted(&found);
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].id.as_deref(), Some("p24999"));
    assert_eq!(hits[0].lines, ["Person 24999"]);
    assert!(text_of(&found, "status").starts_with("1 match"));
}

#[test]
fn the_page_is_self_contained_and_asks_for_nothing_over_the_network() {
    let (_dir, page) = example_page("acme.yaml", &["--findings"]);
    let page = std::fs::read_to_string(page).unwrap();
    assert!(page.starts_with("<!DOCTYPE html>"));
    // The only URL is the SVG namespace, which is a name, not a request.
    let urls: Vec<&str> = page
        .match_indices("://")
        .map(|(at, _)| &page[at.saturating_sub(8)..at + 30])
        .collect();
    assert!(
        urls.iter()
            .all(|u| u.contains("http://www.w3.org/2000/svg")),
        "{urls:?}"
    );
    for request in [
        " src=",
        "<link",
        "@import",
        "url(",
        "fetch(",
        "XMLHttpRequest",
    ] {
        assert!(!page.contains(request), "{request} in the page");
    }
    assert!(page.contains("Content-Security-Policy"));
    // One data island, one script; the data is JSON a parser reads back.
    let start = page
        .find(r#"<script id="orglint-data" type="application/json">"#)
        .unwrap();
    let body = &page[start..];
    let json = &body[body.find('>').unwrap() + 1..body.find("</script>").unwrap()];
    let data: serde_json::Value = serde_json::from_str(json).unwrap();
    assert_eq!(data["title"], "Acme Corp");
    assert!(data["whole"]["boxes"].as_array().unwrap().len() > 5);
}

#[test]
fn html_output_errors_exit_2_and_write_nothing() {
    let dir = with_example("acme.yaml");
    for args in [
        &["diagram", "acme.yaml", "-o", "x.html", "--layout", "dot"][..],
        &[
            "diagram",
            "acme.yaml",
            "-o",
            "x.html",
            "--cluster",
            "department",
        ],
        &["diagram", "acme.yaml", "-o", "x.html", "--root", "nobody"],
        &["diagram", "missing.yaml", "-o", "x.html"],
    ] {
        let output = orglint_in(dir.path()).args(args).output().unwrap();
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert!(!dir.path().join("x.html").exists(), "{args:?}");
    }
    let listing: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(listing.len(), 1, "no temporary file left: {listing:?}");
}

#[test]
fn the_stats_page_shows_its_tables_and_links_each_person_into_the_chart() {
    if !chromium_available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    // "top &1" → mid → low each manage one person: a narrow chain of three.
    std::fs::write(
        dir.path().join("org.yaml"),
        "people:\n- {id: ceo, name: Ada Root, title: Chief Executive Officer}\n\
         - {id: 'top &1', name: Tom Top, reports_to: ceo}\n- {id: x, reports_to: ceo}\n\
         - {id: mid, reports_to: 'top &1'}\n- {id: low, reports_to: mid}\n\
         - {id: t, reports_to: low}\n- {id: t1, reports_to: t}\n- {id: t2, reports_to: t}\n",
    )
    .unwrap();
    orglint_ok(dir.path(), &["diagram", "org.yaml", "-o", "chart.html"]);
    let output = orglint_in(dir.path())
        .args([
            "stats",
            "org.yaml",
            "--format",
            "html",
            "--chart",
            "chart.html",
        ])
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let page = dir.path().join("stats.html");
    std::fs::write(&page, &output.stdout).unwrap();
    let html = String::from_utf8(output.stdout).unwrap();
    assert!(
        !html.contains("<script") && !html.contains("http"),
        "offline, no script"
    );

    let stats = dump_dom(&page, "");
    for table in ["summary", "layers", "histogram", "chains", "executives"] {
        assert!(
            stats.contains(&format!("<table id=\"{table}\"")),
            "no #{table}"
        );
    }
    // The layers × bands table: one narrow manager per layer, the most of any cell, so the
    // darkest shade.
    let darkest = r#"class="band" data-count="1" style="background:rgba(31,94,160,0.90)"#;
    assert!(stats.contains(darkest), "{stats}");
    let chains = &stats[stats.find(r#"<table id="chains""#).unwrap()..];
    let href_at = chains.find("<a href=\"").unwrap() + 9;
    let href = unescape(&chains[href_at..href_at + chains[href_at..].find('"').unwrap()]);
    assert_eq!(href, "chart.html#focus=top%20%261");
    assert!(chains.contains("Tom Top (top &amp;1)</a>"), "{chains}");

    // The link opens the chart on that person.
    let fragment = &href[href.find('#').unwrap()..];
    let chart = dom(&dir.path().join("chart.html"), fragment);
    let hits = highlighted(&chart);
    assert_eq!(hits.len(), 1, "{hits:?}");
    assert_eq!(hits[0].id.as_deref(), Some("top &1"));
}
