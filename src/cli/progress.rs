//! A spinner on standard error for loads and checks that take more than a moment. It is only
//! ever drawn when standard error is a terminal and `-q` is off, and only after a short
//! delay, so quick runs, pipes and CI logs never see it.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// How long a run goes unannounced.
const DELAY: Duration = Duration::from_millis(400);

pub struct Progress {
    /// `None` when progress is not shown at all (no thread, no drawing).
    bar: Option<ProgressBar>,
    /// Set when finished; the delayed start checks it under the lock, so a spinner never
    /// appears after the report has started.
    done: Arc<Mutex<bool>>,
}

impl Progress {
    /// A spinner when standard error is a terminal and `quiet` is off; otherwise nothing.
    pub fn new(quiet: bool) -> Progress {
        let done = Arc::new(Mutex::new(false));
        if quiet || !std::io::stderr().is_terminal() {
            return Progress { bar: None, done };
        }
        let bar = ProgressBar::hidden();
        if let Ok(style) = ProgressStyle::with_template("{spinner} {msg} ({elapsed})") {
            bar.set_style(style);
        }
        let (shown, flag) = (bar.clone(), Arc::clone(&done));
        std::thread::spawn(move || {
            std::thread::sleep(DELAY);
            if let Ok(done) = flag.lock() {
                if !*done {
                    shown.set_draw_target(ProgressDrawTarget::stderr());
                    shown.enable_steady_tick(Duration::from_millis(120));
                }
            }
        });
        Progress {
            bar: Some(bar),
            done,
        }
    }

    /// Says what is being done now.
    pub fn stage(&self, message: impl Into<String>) {
        if let Some(bar) = &self.bar {
            bar.set_message(crate::escape::escape_control(&message.into()).into_owned());
        }
    }

    /// Prints a line on standard error without tearing the spinner.
    pub fn say(&self, line: &str) {
        match &self.bar {
            Some(bar) => bar.suspend(|| eprintln!("{line}")),
            None => eprintln!("{line}"),
        }
    }

    /// Removes the spinner (before anything else is printed).
    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            if let Ok(mut done) = self.done.lock() {
                *done = true;
            }
            bar.finish_and_clear();
        }
    }
}

impl Drop for Progress {
    /// An error ends the run early: its message must not share a line with the spinner.
    fn drop(&mut self) {
        self.finish();
    }
}
