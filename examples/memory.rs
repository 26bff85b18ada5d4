//! Counts the heap a `check` holds, phase by phase: every allocation goes through a counting
//! wrapper around the allocator the `orglint` binary uses (mimalloc), so the figures are bytes
//! asked for, without the allocator's own overhead (the peak RSS that `/usr/bin/time` shows
//! is higher). Only this example counts: the `orglint` binary allocates uncounted.
//!
//! ```sh
//! cargo run --release --example memory -- big.csv
//! ```
//!
//! Phases, as `orglint check` runs them: `load` (read and parse the files), `graph` (the
//! reporting graph alone, built and dropped to be measured), `rules` (the whole check, which
//! builds its own graph, role index and definitions), `report` (the text report written to
//! nowhere), then `sarif`, `junit`, `json` and `html` (each of `check --report`'s formats,
//! written to nowhere). Each row: bytes live at its end, the peak while it ran, both per
//! person, and how many allocations it made.

use orglint::check::{check, CheckOptions};
use orglint::choice::Choice;
use orglint::graph::OrgGraph;
use orglint::load::{load_files, LoadOptions};
use orglint::report::{Emitter, EmitterOptions, ReportData, ReportFormat, TextEmitter};
use orglint::rulebook::Rulebook;
use std::alloc::{GlobalAlloc, Layout};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

/// Mimalloc, counting the bytes live, their peak and the number of allocations.
struct Counting;

static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);
static CALLS: AtomicUsize = AtomicUsize::new(0);

impl Counting {
    fn grew(size: usize) {
        let live = LIVE.fetch_add(size, Relaxed) + size;
        PEAK.fetch_max(live, Relaxed);
        CALLS.fetch_add(1, Relaxed);
    }
}

// SAFETY: every call is passed on unchanged to mimalloc; only counters are added.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        Self::grew(layout.size());
        unsafe { mimalloc::MiMalloc.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        Self::grew(layout.size());
        unsafe { mimalloc::MiMalloc.alloc_zeroed(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Relaxed);
        unsafe { mimalloc::MiMalloc.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // While moving, the old and the new block are both live: count the peak that way.
        Self::grew(new_size);
        LIVE.fetch_sub(layout.size(), Relaxed);
        unsafe { mimalloc::MiMalloc.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// Where the counters stood when a phase began.
struct Phase {
    name: &'static str,
    calls: usize,
}

impl Phase {
    fn start(name: &'static str) -> Phase {
        PEAK.store(LIVE.load(Relaxed), Relaxed);
        Phase {
            name,
            calls: CALLS.load(Relaxed),
        }
    }

    fn end(self, people: usize) {
        let (live, peak) = (LIVE.load(Relaxed), PEAK.load(Relaxed));
        let per = |bytes: usize| bytes / people.max(1);
        let calls = CALLS.load(Relaxed) - self.calls;
        println!(
            "| {} | {:.1} | {} | {:.1} | {} | {calls} |",
            self.name,
            mib(live),
            per(live),
            mib(peak),
            per(peak),
        );
    }
}

fn mib(bytes: usize) -> f64 {
    bytes as f64 / (1024.0 * 1024.0)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let files: Vec<String> = std::env::args().skip(1).collect();
    if files.is_empty() {
        eprintln!("usage: memory FILE...");
        std::process::exit(2);
    }
    let rulebook = Rulebook::builtin()?;
    let options = CheckOptions::new(rulebook.clone());
    println!(
        "| phase | live MiB at end | live B/person | peak MiB | peak B/person | allocations |"
    );
    println!("|---|---:|---:|---:|---:|---:|");
    let phase = Phase::start("load");
    let chart = load_files(&files, &LoadOptions::default())?;
    let people = chart.people.len();
    phase.end(people);
    let phase = Phase::start("graph");
    let graph = OrgGraph::build(&chart);
    phase.end(people);
    drop(graph);
    let phase = Phase::start("rules");
    let outcome = check(&chart, &options);
    phase.end(people);
    let phase = Phase::start("report");
    let data = ReportData {
        chart: &chart,
        findings: &outcome.findings,
        errors: &[],
        summary: outcome.summary,
        people: outcome.people,
        fail_on: Default::default(),
        rulebook: &rulebook,
        redact: false,
        rules: options.rules_run_on(&chart),
        baseline: false,
        config: None,
        reconcile: None,
    };
    let emitter = TextEmitter {
        color: false,
        quiet: false,
        concise: false,
        show_existing: false,
    };
    emitter.emit(&data, &mut std::io::sink())?;
    phase.end(people);
    // The other formats `check --report` writes, each on its own (written to nowhere).
    for format in [
        ReportFormat::Sarif,
        ReportFormat::Junit,
        ReportFormat::Json,
        ReportFormat::Html,
    ] {
        let phase = Phase::start(format.name());
        let emitter = format.emitter(EmitterOptions::default());
        emitter.emit(&data, &mut std::io::sink())?;
        phase.end(people);
    }
    let person = std::mem::size_of::<orglint::model::Person>();
    let array = chart.people.capacity() * person;
    println!(
        "\n{people} people; a Person is {person} bytes inline; the people array holds {:.1} MiB \
         (capacity {})",
        mib(array),
        chart.people.capacity()
    );
    // As `orglint check` does: the process ends now, nothing to free.
    std::mem::forget((chart, outcome));
    Ok(())
}
