//! A small Chrome DevTools Protocol client, enough to use a page as a person does.
//!
//! Chromium runs headless with `--remote-debugging-pipe`: it reads commands on its file
//! descriptor 3 and writes responses and events on descriptor 4, each a JSON object ending in
//! a NUL byte. `Input.*` commands go through Chromium's own input handling, so the page gets
//! the pointer, wheel and key events a person's hand would give it, with their default actions
//! (a click on a button, Enter submitting a form). `Runtime.evaluate` is only used to read
//! the page (rectangles, attributes, text), never to call the page's own functions.
//!
//! Nothing waits forever: every command has a deadline, after which the test fails saying
//! what it was waiting for, and Chromium is killed when the [`Page`] is dropped.

use serde_json::{json, Value};
use std::io::{BufRead, BufReader, PipeWriter, Write};
use std::os::fd::AsRawFd;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

/// How long Chromium may take to answer one command, or the page's script to get ready.
const DEADLINE: Duration = Duration::from_secs(10);

/// A rectangle on screen, in CSS pixels from the top left of the window.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Rect {
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
}

impl Rect {
    pub fn centre(&self) -> (f64, f64) {
        (self.x + self.width / 2.0, self.y + self.height / 2.0)
    }
}

/// A page open in its own headless Chromium.
pub struct Page {
    chromium: Child,
    commands: PipeWriter,
    messages: Receiver<Value>,
    /// The session attached to the page's tab; commands without one go to the browser.
    session: Option<String>,
    last_id: u64,
    /// Uncaught exceptions of the page's script, as Chromium reported them.
    errors: Vec<String>,
    stderr: PathBuf,
    _folder: tempfile::TempDir,
}

impl Page {
    /// Opens the file `page` in a new headless Chromium (a 1200×800 window) and waits until
    /// its script has marked the document ready (`data-ready="1"` on `<html>`).
    pub fn open(page: &Path) -> Page {
        let folder = tempfile::tempdir().unwrap();
        let stderr = folder.path().join("chromium.stderr");
        // Chromium reads `command_reader` as fd 3 and writes `reply_writer` as fd 4. The
        // pipes are close-on-exec, so no other child of this test process inherits them.
        let (command_reader, commands) = std::io::pipe().unwrap();
        let (replies, reply_writer) = std::io::pipe().unwrap();
        let (read_fd, write_fd) = (command_reader.as_raw_fd(), reply_writer.as_raw_fd());
        let mut command = Command::new("chromium");
        command
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--window-size=1200,800",
                "--remote-debugging-pipe",
            ])
            .arg(format!(
                "--user-data-dir={}",
                folder.path().join("profile").display()
            ))
            .arg("about:blank")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(&stderr).unwrap());
        // SAFETY: between fork and exec the closure only calls fcntl, dup2 and close, which
        // are async-signal-safe, on descriptors this process owns until `spawn` returns.
        unsafe {
            command.pre_exec(move || {
                // Copied above 4 first, so that the first dup2 cannot overwrite the second's
                // source; dup2 clears close-on-exec on the copies Chromium keeps.
                let from = libc::fcntl(read_fd, libc::F_DUPFD, 5);
                let to = libc::fcntl(write_fd, libc::F_DUPFD, 5);
                if from < 0 || to < 0 || libc::dup2(from, 3) < 0 || libc::dup2(to, 4) < 0 {
                    return Err(std::io::Error::last_os_error());
                }
                libc::close(from);
                libc::close(to);
                Ok(())
            });
        }
        let chromium = command
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start chromium: {e}"));
        // Only Chromium holds these ends now, so its exit ends the reader below.
        drop((command_reader, reply_writer));
        let (sender, messages) = mpsc::channel();
        std::thread::spawn(move || {
            let mut replies = BufReader::new(replies);
            let mut message = Vec::new();
            loop {
                message.clear();
                if !matches!(replies.read_until(0, &mut message), Ok(n) if n > 0) {
                    return;
                }
                message.pop_if(|b| *b == 0);
                let value = serde_json::from_slice(&message)
                    .unwrap_or_else(|e| json!({"unreadable": e.to_string()}));
                if sender.send(value).is_err() {
                    return;
                }
            }
        });
        let mut this = Page {
            chromium,
            commands,
            messages,
            session: None,
            last_id: 0,
            errors: Vec::new(),
            stderr,
            _folder: folder,
        };
        this.attach();
        let url = format!("file://{}", page.display());
        let navigated = this.call("Page.navigate", json!({ "url": url }));
        assert!(
            navigated.get("errorText").is_none(),
            "chromium could not open {url}: {navigated}"
        );
        this.wait_for(
            "document.documentElement.getAttribute('data-ready') === '1'",
            &format!("the page's script to finish on {url}"),
        );
        this
    }

    /// Attaches to the tab Chromium opened at start, once it exists.
    fn attach(&mut self) {
        let deadline = Instant::now() + DEADLINE;
        let target = loop {
            let targets = self.call("Target.getTargets", json!({}));
            let page = targets["targetInfos"]
                .as_array()
                .and_then(|all| all.iter().find(|t| t["type"] == "page"))
                .map(|t| t["targetId"].clone());
            match page {
                Some(id) => break id,
                None if Instant::now() < deadline => std::thread::sleep(Duration::from_millis(50)),
                None => panic!("chromium opened no tab: {targets}{}", self.stderr_tail()),
            }
        };
        let attached = self.call(
            "Target.attachToTarget",
            json!({ "targetId": target, "flatten": true }),
        );
        self.session = Some(attached["sessionId"].as_str().unwrap().to_owned());
        self.call("Page.enable", json!({}));
        // Reports the page script's uncaught exceptions as events.
        self.call("Runtime.enable", json!({}));
    }

    /// Sends a command (to the attached tab, once attached) and returns its result; panics
    /// on an error or when no answer comes in time.
    pub fn call(&mut self, method: &str, params: Value) -> Value {
        self.try_call(method, params)
            .unwrap_or_else(|e| panic!("{method} failed: {e}"))
    }

    fn try_call(&mut self, method: &str, params: Value) -> Result<Value, Value> {
        self.last_id += 1;
        let id = self.last_id;
        let mut message = json!({ "id": id, "method": method, "params": params });
        if let Some(session) = &self.session {
            message["sessionId"] = json!(session);
        }
        let mut bytes = serde_json::to_vec(&message).unwrap();
        bytes.push(0);
        if let Err(e) = self.commands.write_all(&bytes) {
            panic!(
                "chromium stopped reading at {method}: {e}{}",
                self.stderr_tail()
            );
        }
        let deadline = Instant::now() + DEADLINE;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.messages.recv_timeout(left) {
                Ok(reply) if reply["id"] == id => {
                    return match reply.get("error") {
                        Some(error) => Err(error.clone()),
                        None => Ok(reply["result"].clone()),
                    };
                }
                Ok(event) => self.note(&event),
                Err(RecvTimeoutError::Timeout) => panic!(
                    "chromium did not answer {method} within {DEADLINE:?}{}",
                    self.stderr_tail()
                ),
                Err(RecvTimeoutError::Disconnected) => {
                    panic!("chromium exited during {method}{}", self.stderr_tail())
                }
            }
        }
    }

    fn note(&mut self, event: &Value) {
        if event["method"] == "Runtime.exceptionThrown" {
            let details = &event["params"]["exceptionDetails"];
            let text = details["exception"]["description"]
                .as_str()
                .or(details["text"].as_str())
                .unwrap_or("an exception");
            self.errors.push(text.to_owned());
        } else if event.get("unreadable").is_some() {
            self.errors.push(format!("unreadable message: {event}"));
        }
    }

    /// The page's uncaught exceptions so far (its script should have none).
    pub fn errors(&mut self) -> Vec<String> {
        // A command's answer comes after the events sent before it.
        self.call("Runtime.evaluate", json!({ "expression": "0" }));
        self.errors.clone()
    }

    fn stderr_tail(&self) -> String {
        let text = std::fs::read_to_string(&self.stderr).unwrap_or_default();
        let tail: Vec<&str> = text.lines().rev().take(20).collect();
        let tail: Vec<&str> = tail.into_iter().rev().collect();
        format!("\nchromium's stderr ends:\n{}", tail.join("\n"))
    }

    // -----------------------------------------------------------------------------------------
    // Reading the page

    /// The value of a JavaScript expression that only reads the page; panics when it throws.
    pub fn read(&mut self, expression: &str) -> Value {
        let result = self.call(
            "Runtime.evaluate",
            json!({ "expression": expression, "returnByValue": true }),
        );
        if let Some(exception) = result.get("exceptionDetails") {
            panic!("{expression} threw: {exception}");
        }
        result["result"]["value"].clone()
    }

    /// Waits until `condition` (an expression) is true, failing after the deadline with
    /// "waiting for `what`". Errors while the page is loading count as "not yet".
    pub fn wait_for(&mut self, condition: &str, what: &str) {
        let deadline = Instant::now() + DEADLINE;
        loop {
            let value = self.try_call(
                "Runtime.evaluate",
                json!({ "expression": condition, "returnByValue": true }),
            );
            if value.is_ok_and(|v| v["result"]["value"] == true) {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "timed out after {DEADLINE:?} waiting for {what}; the page threw {:?}{}",
                self.errors,
                self.stderr_tail()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Where the first element matching `selector` is on screen, if there is one.
    pub fn rect(&mut self, selector: &str) -> Option<Rect> {
        let value = self.read(&format!(
            "(() => {{ const e = document.querySelector({}); if (!e) return null; \
             const r = e.getBoundingClientRect(); return [r.x, r.y, r.width, r.height]; }})()",
            js_string(selector)
        ));
        let numbers = value.as_array()?;
        let n = |k: usize| numbers[k].as_f64().unwrap();
        Some(Rect {
            x: n(0),
            y: n(1),
            width: n(2),
            height: n(3),
        })
    }

    /// The point a person would click to hit `selector`: its centre, checked to be on screen
    /// and not covered by anything else.
    pub fn point_on(&mut self, selector: &str) -> (f64, f64) {
        let value = self.read(&format!(
            "(() => {{ const e = document.querySelector({}); if (!e) return 'no such element'; \
             const r = e.getBoundingClientRect(); \
             const x = r.x + r.width / 2, y = r.y + r.height / 2; \
             const there = document.elementFromPoint(x, y); \
             if (there && (there === e || e.contains(there))) return [x, y]; \
             return 'its centre (' + x + ', ' + y + ') shows ' + \
               (there ? there.outerHTML.slice(0, 100) : 'nothing: off screen'); }})()",
            js_string(selector)
        ));
        match value.as_array() {
            Some(xy) => (xy[0].as_f64().unwrap(), xy[1].as_f64().unwrap()),
            None => panic!("cannot click {selector}: {value}"),
        }
    }

    // -----------------------------------------------------------------------------------------
    // Input

    fn mouse(&mut self, kind: &str, (x, y): (f64, f64), button: &str, buttons: u32) {
        let clicks = if kind == "mouseMoved" { 0 } else { 1 };
        self.call(
            "Input.dispatchMouseEvent",
            json!({ "type": kind, "x": x, "y": y, "button": button, "buttons": buttons,
                    "clickCount": clicks }),
        );
    }

    /// Moves the mouse to `at` with no button pressed.
    pub fn move_mouse(&mut self, at: (f64, f64)) {
        self.mouse("mouseMoved", at, "none", 0);
    }

    /// Moves the mouse to `at`, presses and releases the left button there.
    pub fn click(&mut self, at: (f64, f64)) {
        self.mouse("mouseMoved", at, "none", 0);
        self.mouse("mousePressed", at, "left", 1);
        self.mouse("mouseReleased", at, "left", 0);
    }

    /// Clicks the centre of the element `selector` (see [`Page::point_on`]).
    pub fn click_on(&mut self, selector: &str) {
        let at = self.point_on(selector);
        self.click(at);
    }

    /// Presses the left button at `from`, moves to `to` in a few steps and releases it there.
    pub fn drag(&mut self, from: (f64, f64), to: (f64, f64)) {
        const STEPS: u32 = 8;
        self.mouse("mouseMoved", from, "none", 0);
        self.mouse("mousePressed", from, "left", 1);
        for step in 1..=STEPS {
            let t = f64::from(step) / f64::from(STEPS);
            let at = (from.0 + (to.0 - from.0) * t, from.1 + (to.1 - from.1) * t);
            self.mouse("mouseMoved", at, "left", 1);
        }
        self.mouse("mouseReleased", to, "left", 0);
    }

    /// Turns the mouse wheel with the pointer at `at`: a negative `delta_y` scrolls up.
    pub fn wheel(&mut self, at: (f64, f64), delta_y: f64) {
        self.mouse("mouseMoved", at, "none", 0);
        self.call(
            "Input.dispatchMouseEvent",
            json!({ "type": "mouseWheel", "x": at.0, "y": at.1, "deltaX": 0, "deltaY": delta_y }),
        );
    }

    /// Types `text` into the focused element, as a keyboard or an input method does.
    pub fn type_text(&mut self, text: &str) {
        self.call("Input.insertText", json!({ "text": text }));
    }

    /// Presses and releases Enter.
    pub fn press_enter(&mut self) {
        let key = json!({ "key": "Enter", "code": "Enter", "windowsVirtualKeyCode": 13,
                          "nativeVirtualKeyCode": 13 });
        let mut down = key.clone();
        down["type"] = json!("keyDown");
        down["text"] = json!("\r");
        self.call("Input.dispatchKeyEvent", down);
        let mut up = key;
        up["type"] = json!("keyUp");
        self.call("Input.dispatchKeyEvent", up);
    }

    /// Ctrl+A: selects all of the focused field's text.
    pub fn select_all(&mut self) {
        let key = json!({ "key": "a", "code": "KeyA", "windowsVirtualKeyCode": 65,
                          "modifiers": 2, "commands": ["selectAll"] });
        let mut down = key.clone();
        down["type"] = json!("rawKeyDown");
        self.call("Input.dispatchKeyEvent", down);
        let mut up = key;
        up["type"] = json!("keyUp");
        up.as_object_mut().unwrap().remove("commands");
        self.call("Input.dispatchKeyEvent", up);
    }
}

impl Drop for Page {
    fn drop(&mut self) {
        let _ = self.chromium.kill();
        let _ = self.chromium.wait();
    }
}

/// `text` as a JavaScript string literal (JSON's is one).
pub fn js_string(text: &str) -> String {
    serde_json::to_string(text).unwrap()
}
