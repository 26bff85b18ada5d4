//! The interactive HTML chart used as a person uses it: the page is opened in headless
//! Chromium and driven with real input through the DevTools Protocol (`html_support::cdp`):
//! mouse clicks, the wheel, drags and typed text with Enter. The page is only read (element
//! rectangles, the viewport's transform, classes, `data-shown`, the status line), never
//! scripted, so each test fails if the page stops answering that input.
//!
//! Tests skip with a note when Chromium is missing, and fail instead when
//! ORGLINT_REQUIRE_TOOLS=1 (CI sets it and installs Debian's `chromium`).
#![cfg(unix)]

use crate::support::html_support::cdp::{js_string, Page, Rect};
use crate::support::html_support::*;

// ---------------------------------------------------------------------------------------------
// Reading the page

/// The chart's pan and zoom: the `transform` of its `#viewport` group, which maps chart
/// points to pixels from the chart area's top left corner.
#[derive(Clone, Copy, Debug, PartialEq)]
struct View {
    x: f64,
    y: f64,
    scale: f64,
}

fn view(page: &mut Page) -> View {
    let transform = page.read("document.getElementById('viewport').getAttribute('transform')");
    let transform = transform.as_str().unwrap();
    // "translate(X,Y) scale(S)"
    let argument = |name: &str| {
        let start = transform.find(&format!("{name}(")).unwrap() + name.len() + 1;
        &transform[start..start + transform[start..].find(')').unwrap()]
    };
    let number = |text: &str| -> f64 {
        text.trim()
            .parse()
            .unwrap_or_else(|_| panic!("{transform}"))
    };
    let (x, y) = argument("translate").split_once(',').unwrap();
    View {
        x: number(x),
        y: number(y),
        scale: number(argument("scale")),
    }
}

/// The chart area (the `<svg>`) on screen.
fn chart_area(page: &mut Page) -> Rect {
    page.rect("#chart").unwrap()
}

/// The person's box (its rectangle, without the +/− toggle below it) on screen.
fn box_of(page: &mut Page, id: &str) -> Rect {
    page.rect(&person(id))
        .unwrap_or_else(|| panic!("{id} is not drawn"))
}

fn person(id: &str) -> String {
    format!("[data-id={}] > rect", js_string(id))
}

/// The ids of the highlighted boxes.
fn highlighted(page: &mut Page) -> Vec<String> {
    let ids = page.read("[...document.querySelectorAll('.box.hit')].map(b => b.dataset.id)");
    serde_json::from_value(ids).unwrap()
}

/// How many boxes the page says it shows (`data-shown`), checked against the boxes drawn.
fn shown(page: &mut Page) -> usize {
    let counts = page.read(
        "[document.documentElement.getAttribute('data-shown'), \
          document.querySelectorAll('[data-box]').length]",
    );
    let said: usize = counts[0].as_str().unwrap().parse().unwrap();
    assert_eq!(said, counts[1].as_u64().unwrap() as usize, "data-shown");
    said
}

fn count(page: &mut Page, selector: &str) -> usize {
    let expression = format!("document.querySelectorAll({}).length", js_string(selector));
    page.read(&expression).as_u64().unwrap() as usize
}

fn text(page: &mut Page, selector: &str) -> String {
    let expression = format!(
        "document.querySelector({}).textContent",
        js_string(selector)
    );
    page.read(&expression).as_str().unwrap().to_owned()
}

fn distance(a: (f64, f64), b: (f64, f64)) -> f64 {
    (a.0 - b.0).hypot(a.1 - b.1)
}

/// The point of the chart (in its own coordinates) under the pixel `at` of the window.
fn chart_point(area: Rect, view: View, at: (f64, f64)) -> (f64, f64) {
    (
        (at.0 - area.x - view.x) / view.scale,
        (at.1 - area.y - view.y) / view.scale,
    )
}

/// A zoom from `before` to `after` kept the chart's point under the pixel `at` where it was.
fn assert_fixed_point(area: Rect, before: View, after: View, at: (f64, f64), what: &str) {
    let (was, is) = (chart_point(area, before, at), chart_point(area, after, at));
    assert!(distance(was, is) < 0.01, "{what}: {was:?} -> {is:?}");
}

fn assert_close(actual: f64, expected: f64, tolerance: f64, what: &str) {
    assert!(
        (actual - expected).abs() <= tolerance,
        "{what}: {actual} is not {expected} (± {tolerance})"
    );
}

/// Asserts that a box's top left corner is where it was (its height may change with its
/// lines: "+20 not shown" goes once they are shown).
fn assert_same_place(now: Rect, before: Rect) {
    assert!(
        distance((now.x, now.y), (before.x, before.y)) < 0.5,
        "moved from {before:?} to {now:?}"
    );
}

/// Asserts that `id` is highlighted, alone, and its box is centred in the chart area.
fn assert_selected_and_centred(page: &mut Page, id: &str) {
    assert_eq!(highlighted(page), [id]);
    let centre = chart_area(page).centre();
    let at = box_of(page, id).centre();
    assert!(
        distance(at, centre) < 2.0,
        "{id} is at {at:?}, not at the chart's centre {centre:?}"
    );
}

/// Asserts that `id` is neither highlighted nor near the chart's centre, so that a test
/// selecting it shows a change.
fn assert_not_selected(page: &mut Page, id: &str) {
    assert!(!highlighted(page).contains(&id.to_owned()), "{id}");
    let centre = chart_area(page).centre();
    let at = box_of(page, id).centre();
    assert!(distance(at, centre) > 20.0, "{id} is centred already");
}

/// Turns the wheel over `over` until `selector` can be clicked (a person scrolling a list to
/// an entry); returns where to click it.
fn scroll_to(page: &mut Page, over: &str, selector: &str) -> (f64, f64) {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    loop {
        let target = page.rect(selector).unwrap();
        let area = page.rect(over).unwrap();
        if target.y >= area.y && target.y + target.height <= area.y + area.height {
            return page.point_on(selector);
        }
        assert!(
            std::time::Instant::now() < deadline,
            "scrolling {over} does not bring {selector} into view"
        );
        let step = if target.y < area.y { -100.0 } else { 100.0 };
        page.wheel(area.centre(), step);
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
}

/// The findings panel's entry for the first finding of `rule`.
fn finding_entry(page: &mut Page, rule: &str) -> String {
    let expression = format!(
        "[...document.querySelectorAll('#findings > li')].findIndex(li => \
           (li.querySelector('.rule') || {{}}).textContent?.endsWith(' \u{b7} ' + {}))",
        js_string(rule)
    );
    let index = page.read(&expression).as_i64().unwrap();
    assert!(index >= 0, "no {rule} in the findings panel");
    format!("#findings > li:nth-child({})", index + 1)
}

fn assert_no_page_errors(page: &mut Page) {
    assert_eq!(
        page.errors(),
        Vec::<String>::new(),
        "the page's script threw"
    );
}

// ---------------------------------------------------------------------------------------------
// Tests

#[test]
fn clicking_a_finding_in_the_panel_highlights_and_centres_its_person() {
    if !chromium_available() {
        return;
    }
    let (_dir, path) = example_page("problems.yaml", &["--findings"]);
    let mut page = Page::open(&path);
    // A person under an unknown manager, a self-manager, and the first of a cycle: their
    // entries are below the panel's fold, so the panel is scrolled with the wheel first.
    for (rule, id) in [
        ("unknown-manager", "tbrooks"),
        ("self-manager", "hlang"),
        ("reporting-cycle", "akim"),
    ] {
        assert_not_selected(&mut page, id);
        let entry = finding_entry(&mut page, rule);
        let view_before = view(&mut page);
        let at = scroll_to(&mut page, "#panel", &entry);
        assert_eq!(
            view(&mut page),
            view_before,
            "scrolling the panel moved the chart"
        );
        page.click(at);
        assert_selected_and_centred(&mut page, id);
    }
    assert_no_page_errors(&mut page);
}

#[test]
fn clicking_a_change_in_the_panel_highlights_and_centres_its_person() {
    if !chromium_available() {
        return;
    }
    let dir = with_example("acme.yaml");
    std::fs::copy(
        crate::support::ci_support::example("acme-next.yaml"),
        dir.path().join("acme-next.yaml"),
    )
    .unwrap();
    orglint_ok(
        dir.path(),
        &["diff", "acme.yaml", "acme-next.yaml", "-o", "changes.html"],
    );
    let mut page = Page::open(&dir.path().join("changes.html"));
    let entries = page.read(
        "[...document.querySelectorAll('#changes > li')].map(li => \
           li.querySelector('.rule').textContent + ': ' + li.querySelector('.message').textContent)",
    );
    let entries: Vec<String> = serde_json::from_value(entries).unwrap();
    for expected in [
        "Joiners: Wen Zhou (wen), Data Analyst under Maya Lindqvist (maya)",
        "Leavers: Jack Turner (jack), Accountant",
        "Team moves: Maya Lindqvist (maya) and their team of 3 moved from Lee Park (lee) to Priya Raman (priya)",
        "Moves: Hugo Laurent (hugo) moved from Rosa Delgado (rosa) to Ben Carter (ben)",
        "Title changes: Ravi Shah (ravi): Head of Innovation Lab → Director of Innovation",
    ] {
        assert!(entries.iter().any(|e| e == expected), "{expected} not in {entries:?}");
    }
    assert_eq!(
        text(&mut page, "#changes-title"),
        format!("{} changes", entries.len())
    );
    assert_eq!(count(&mut page, "#findings-title:not([hidden])"), 0);
    // Marked boxes, the struck leaver and the arrow from the old manager are drawn.
    assert_eq!(count(&mut page, "[data-id=jack].chg-left tspan.struck"), 1);
    assert_eq!(count(&mut page, "[data-id=wen].chg-joined"), 1);
    assert_eq!(count(&mut page, "[data-id=maya].chg-moved"), 1);
    assert_eq!(count(&mut page, "path.line.moved"), 2);
    for (entry, id) in [
        ("Leavers: Jack Turner", "jack"),
        ("Moves: Hugo Laurent", "hugo"),
        ("Title changes: Ravi Shah", "ravi"),
    ] {
        assert_not_selected(&mut page, id);
        let index = entries.iter().position(|e| e.starts_with(entry)).unwrap();
        let selector = format!("#changes > li:nth-child({})", index + 1);
        let at = scroll_to(&mut page, "#panel", &selector);
        page.click(at);
        assert_selected_and_centred(&mut page, id);
    }
    assert_no_page_errors(&mut page);
}

#[test]
fn the_wheel_zooms_about_the_pointer_and_the_buttons_zoom_and_fit() {
    if !chromium_available() {
        return;
    }
    let (_dir, path) = example_page("problems.yaml", &[]);
    let mut page = Page::open(&path);
    let area = chart_area(&mut page);
    let fitted = view(&mut page);
    // Whole pixels: Chromium rounds a wheel event's position to them.
    let pointer = ((area.x + 300.0).round(), (area.y + 200.0).round());

    page.wheel(pointer, -240.0);
    let zoomed = view(&mut page);
    assert!(
        zoomed.scale > fitted.scale * 1.2,
        "wheel up: {fitted:?} -> {zoomed:?}"
    );
    assert_fixed_point(
        area,
        fitted,
        zoomed,
        pointer,
        "the wheel zooms about the pointer",
    );
    page.wheel(pointer, 240.0);
    let back = view(&mut page);
    assert_close(back.scale, fitted.scale, 1e-9, "wheel down undoes wheel up");

    // The buttons zoom by 5/4 and 4/5 about the chart's centre.
    let centre = area.centre();
    page.click_on("#zoom-in");
    let zoomed_in = view(&mut page);
    assert_close(zoomed_in.scale, back.scale * 1.25, 1e-9, "zoom in");
    assert_fixed_point(area, back, zoomed_in, centre, "zoom in keeps the centre");
    page.click_on("#zoom-out");
    page.click_on("#zoom-out");
    let zoomed_out = view(&mut page);
    assert_close(zoomed_out.scale, back.scale * 0.8, 1e-9, "zoom out");

    // Fit shows everything again, as the page first did.
    page.wheel(pointer, -500.0);
    assert_ne!(view(&mut page), fitted);
    page.click_on("#fit");
    let refitted = view(&mut page);
    assert_close(refitted.scale, fitted.scale, 1e-9, "fit: scale");
    assert_close(refitted.x, fitted.x, 1e-6, "fit: x");
    assert_close(refitted.y, fitted.y, 1e-6, "fit: y");
    assert_no_page_errors(&mut page);
}

#[test]
fn dragging_the_background_pans_the_chart_by_the_distance_dragged() {
    if !chromium_available() {
        return;
    }
    let (_dir, path) = example_page("problems.yaml", &[]);
    let mut page = Page::open(&path);
    let area = chart_area(&mut page);
    let start = view(&mut page);
    // The top left corner of the chart area is background (the fitted chart has a margin).
    let grab = (area.x + 6.0, area.y + 6.0);
    let there = page.read(&format!(
        "document.elementFromPoint({}, {}).id",
        grab.0, grab.1
    ));
    assert_eq!(there, "chart", "not background at {grab:?}");

    page.drag(grab, (grab.0 + 173.0, grab.1 + 61.0));
    let panned = view(&mut page);
    assert_close(panned.x, start.x + 173.0, 0.5, "x after the drag");
    assert_close(panned.y, start.y + 61.0, 0.5, "y after the drag");
    assert_eq!(panned.scale, start.scale, "a drag does not zoom");

    // Once the button is released, moving the mouse over the chart pans no more.
    page.move_mouse(area.centre());
    page.move_mouse(grab);
    assert_eq!(view(&mut page), panned, "moving after the release");

    // The drag goes on when the pointer leaves the chart area (over the findings panel).
    let out = (area.x + area.width + 100.0, grab.1 + 40.0);
    page.drag(grab, out);
    let further = view(&mut page);
    assert_close(
        further.x,
        panned.x + out.0 - grab.0,
        0.5,
        "x, leaving the chart",
    );
    assert_close(further.y, panned.y + 40.0, 0.5, "y, leaving the chart");
    assert_no_page_errors(&mut page);
}

#[test]
fn clicking_a_managers_toggle_hides_and_shows_their_reports_in_place() {
    if !chromium_available() {
        return;
    }
    let (_dir, path) = example_page("problems.yaml", &[]);
    let mut page = Page::open(&path);
    let toggle = "[data-id=teresa] > .toggle";
    let all = shown(&mut page);
    let reports = "[data-id^=cs]";
    assert_eq!(count(&mut page, reports), 17);
    assert_eq!(text(&mut page, toggle), "\u{2212}Hide the 17 boxes below");
    let place = box_of(&mut page, "teresa");

    page.click_on(toggle);
    assert_eq!(shown(&mut page), all - 17);
    assert_eq!(count(&mut page, reports), 0);
    assert_eq!(text(&mut page, toggle), "+Show the 17 boxes below");
    // The manager stays where it was, under the pointer.
    assert_same_place(box_of(&mut page, "teresa"), place);

    page.click_on(toggle);
    assert_eq!(shown(&mut page), all);
    assert_eq!(count(&mut page, reports), 17);
    assert_same_place(box_of(&mut page, "teresa"), place);
    assert_no_page_errors(&mut page);
}

#[test]
fn in_a_chart_that_starts_collapsed_toggles_and_the_buttons_expand_and_fold() {
    if !chromium_available() {
        return;
    }
    let (_dir, path) = big_page();
    let mut page = Page::open(&path);
    let first = shown(&mut page);
    let staff = "[data-id^=s3-4-]";
    assert_eq!(count(&mut page, staff), 0);
    // The director's toggle is small in the fitted overview: zoom in over it first.
    let toggle = "[data-id=d3-4] > .toggle";
    assert_eq!(text(&mut page, toggle), "+Show the 20 boxes below");
    for _ in 0..10 {
        if view(&mut page).scale >= 1.0 {
            break;
        }
        let at = page.point_on(toggle);
        page.wheel(at, -300.0);
    }
    assert!(view(&mut page).scale >= 1.0, "the wheel does not zoom in");
    let place = box_of(&mut page, "d3-4");
    page.click_on(toggle);
    assert_eq!(shown(&mut page), first + 20);
    assert_eq!(count(&mut page, staff), 20);
    assert_same_place(box_of(&mut page, "d3-4"), place);
    page.click_on(toggle);
    assert_eq!(shown(&mut page), first);
    assert_eq!(count(&mut page, staff), 0);
    assert_same_place(box_of(&mut page, "d3-4"), place);

    // Expand all shows all 1,689 people; collapse all leaves the CEO alone.
    page.click_on("#expand-all");
    assert_eq!(count(&mut page, ".box.person"), 1689);
    assert_eq!(shown(&mut page), 1689);
    page.click_on("#collapse-all");
    assert_eq!(shown(&mut page), 1);
    assert_eq!(
        text(&mut page, "[data-id=ceo] > .toggle"),
        "+Show the 8 boxes below"
    );
    assert_no_page_errors(&mut page);
}

#[test]
fn typing_a_search_and_pressing_enter_highlights_and_centres_the_person() {
    if !chromium_available() {
        return;
    }
    let (_dir, path) = example_page("problems.yaml", &[]);
    let mut page = Page::open(&path);
    assert_not_selected(&mut page, "jfoster");
    page.click_on("#query");
    page.type_text("jordan foster");
    page.press_enter();
    assert_selected_and_centred(&mut page, "jfoster");
    assert!(text(&mut page, "#status").starts_with("1 match"));

    page.select_all();
    page.type_text("nobody by this name");
    page.press_enter();
    let status = text(&mut page, "#status");
    assert!(
        status.starts_with("no match for \u{201c}nobody by this name\u{201d}"),
        "{status}"
    );
    assert_eq!(
        highlighted(&mut page),
        Vec::<String>::new(),
        "Jordan is not a match"
    );

    // Many matches are listed; clicking one centres that person.
    page.select_all();
    page.type_text("customer service agent");
    page.press_enter();
    assert!(text(&mut page, "#status").starts_with("16 matches"));
    assert_eq!(count(&mut page, "#results button"), 16);
    assert_not_selected(&mut page, "cs03");
    page.click_on("#results li:nth-child(3) button");
    assert_selected_and_centred(&mut page, "cs03");
    assert_no_page_errors(&mut page);
}

#[test]
fn searching_a_collapsed_chart_by_typing_opens_the_way_to_the_person() {
    if !chromium_available() {
        return;
    }
    let (_dir, path) = big_page();
    let mut page = Page::open(&path);
    let first = shown(&mut page);
    assert_eq!(count(&mut page, "[data-id=s5-6-7]"), 0);
    page.click_on("#query");
    page.type_text("Staff5x6x7");
    page.press_enter();
    assert_selected_and_centred(&mut page, "s5-6-7");
    assert_eq!(shown(&mut page), first + 20, "the director's 20 reports");
    assert!(text(&mut page, "#status").starts_with("1 match"));
    assert_no_page_errors(&mut page);
}
