//! Loading charts from files: format detection, decoding, and one loader per format. Every
//! loader appends to one [`Chart`], so several files (of any formats) merge into one chart.

pub(crate) mod chart_file;
mod csv;
pub mod organogram;
pub mod scim;
mod sniff;

use crate::error::InputError;
use crate::model::Chart;
use crate::rulebook::FunctionNames;
use std::collections::HashMap;
use std::io::Read;
use std::path::Path;

pub use chart_file::{parse_yaml, yaml_options};

/// The formats orglint reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum InputFormat {
    Yaml,
    Json,
    Csv,
    Tsv,
}

impl InputFormat {
    /// The format a path's extension names, if any.
    pub fn from_path(path: &str) -> Option<InputFormat> {
        let ext = Path::new(path).extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "yaml" | "yml" => Some(InputFormat::Yaml),
            "json" => Some(InputFormat::Json),
            "csv" => Some(InputFormat::Csv),
            "tsv" | "tab" => Some(InputFormat::Tsv),
            _ => None,
        }
    }
}

/// How CSV/TSV exports are read (from the config's `csv:` block).
#[derive(Clone, Debug, Default)]
pub struct CsvOptions {
    /// Explicit column names per field (`id`, `manager`, `name`, ...), winning over detection.
    pub columns: std::collections::BTreeMap<String, String>,
    /// Manager values that mean "top of the chart"; `None` uses the defaults.
    pub root_markers: Option<Vec<String>>,
}

#[derive(Clone, Debug, Default)]
pub struct LoadOptions {
    /// Forces the format (needed for stdin, `-`).
    pub input_format: Option<InputFormat>,
    pub csv: CsvOptions,
    /// Department, unit and profession names → function (the rulebook's `functions` table),
    /// for exports that name no function; `None` uses the built-in rulebook's table.
    pub functions: Option<Vec<FunctionNames>>,
    /// `--redact`: errors do not quote cell values (a headerless export's first row is a
    /// person's name and email).
    pub redact: bool,
}

/// Names → function, matched case- and space-insensitively.
pub struct FunctionTable {
    by_name: HashMap<String, String>,
}

impl FunctionTable {
    pub fn new(functions: &[FunctionNames]) -> FunctionTable {
        let mut by_name = HashMap::new();
        for entry in functions {
            let names = entry.names.iter().chain(std::iter::once(&entry.function));
            for name in names {
                by_name
                    .entry(crate::rulebook::normalize(name))
                    .or_insert_with(|| entry.function.clone());
            }
        }
        FunctionTable { by_name }
    }

    /// The table for these options: theirs, else the built-in rulebook's.
    pub fn for_options(options: &LoadOptions) -> FunctionTable {
        match &options.functions {
            Some(functions) => FunctionTable::new(functions),
            None => crate::rulebook::Rulebook::builtin()
                .map(|rulebook| FunctionTable::new(&rulebook.functions))
                .unwrap_or_else(|_| FunctionTable::new(&[])),
        }
    }

    /// The function a department, unit or profession name means.
    pub fn function_for(&self, name: &str) -> Option<&str> {
        self.by_name
            .get(&crate::rulebook::normalize(name))
            .map(String::as_str)
    }
}

/// Source text kept for excerpts: big inputs are not kept, they would double the memory for
/// little use.
pub(crate) fn kept_text(text: &str) -> String {
    if text.len() <= 8 * 1024 * 1024 {
        text.to_owned()
    } else {
        String::new()
    }
}

/// Loads and merges every file into one chart. `-` reads standard input.
pub fn load_files(paths: &[String], options: &LoadOptions) -> Result<Chart, InputError> {
    // A second `-` would find standard input already read, and call it an empty file.
    if paths.iter().filter(|p| *p == "-").count() > 1 {
        return Err(InputError::file(
            "<stdin>",
            "standard input is read once: expected `-` at most once among the files",
        ));
    }
    let mut chart = Chart::default();
    for path in paths {
        load_into(&mut chart, path, options)?;
    }
    finish(&mut chart);
    Ok(chart)
}

/// Joins what only makes sense once every file is in: organogram junior staff go under their
/// senior posts (whatever order the files came in), and dotted-line entries written with
/// commas are split when that is unambiguous. [`load_files`] calls it; call it after the last
/// [`load_into`] when loading file by file. Calling it twice is harmless.
pub fn finish(chart: &mut Chart) {
    organogram::attach_junior_staff(chart);
    split_comma_dotted_lines(chart);
}

/// A dotted-line entry `a, b` (from a cell that used commas) is split into `a` and `b` when it
/// is no id itself and every part is one; ids like `Smith, Jane` stay whole.
fn split_comma_dotted_lines(chart: &mut Chart) {
    let has_commas = |p: &crate::model::Person| p.dotted_lines.iter().any(|d| d.id.contains(','));
    if !chart.people.iter().any(has_commas) {
        return;
    }
    let ids: std::collections::HashSet<String> =
        chart.people.iter().map(|p| p.id.clone()).collect();
    for person in &mut chart.people {
        if !person.dotted_lines.iter().any(|d| d.id.contains(',')) {
            continue;
        }
        let mut split = Vec::with_capacity(person.dotted_lines.len());
        for entry in std::mem::take(&mut person.dotted_lines) {
            let parts: Vec<&str> = entry.id.split(',').map(str::trim).collect();
            if !ids.contains(&entry.id) && parts.iter().all(|part| ids.contains(*part)) {
                split.extend(
                    parts
                        .into_iter()
                        .map(|part| crate::model::Ref::new(part, entry.loc)),
                );
            } else {
                split.push(entry);
            }
        }
        person.dotted_lines = split;
    }
}

/// Loads one file and appends its people, departments and waivers to `chart`.
pub fn load_into(chart: &mut Chart, path: &str, options: &LoadOptions) -> Result<(), InputError> {
    let display = if path == "-" { "<stdin>" } else { path };
    let named = options
        .input_format
        .or_else(|| InputFormat::from_path(path));
    // A missing file is worth saying before its name.
    let bytes = read_input(path, display)?;
    let format = match named {
        Some(format) => format,
        None if path == "-" => sniff::sniff(&bytes).ok_or_else(|| {
            InputError::file(
                display,
                "cannot tell the format of standard input from its content: expected JSON, \
                 YAML or CSV/TSV (or pass --input-format yaml, json, csv or tsv)",
            )
        })?,
        None => {
            return Err(InputError::file(
                display,
                "cannot tell the format from the file name: expected .yaml, .yml, .json, .csv or .tsv (or pass --input-format)",
            ))
        }
    };
    match format {
        InputFormat::Json => {
            let text = into_utf8(bytes, display)?;
            if scim::is_scim(&text) {
                scim::load(chart, display, &text, &FunctionTable::for_options(options))
            } else {
                chart_file::load(chart, display, text, true)
            }
        }
        InputFormat::Yaml => {
            let text = into_utf8(bytes, display)?;
            chart_file::load(chart, display, text, false)
        }
        InputFormat::Csv | InputFormat::Tsv => {
            let text = csv::decode_text(&bytes);
            let functions = FunctionTable::for_options(options);
            let tab = format == InputFormat::Tsv;
            csv::load(chart, display, &text, tab, options, &functions)
        }
    }
}

fn read_input(path: &str, display: &str) -> Result<Vec<u8>, InputError> {
    if path != "-" && Path::new(path).is_dir() {
        return Err(InputError::file(
            display,
            "cannot read: this is a directory, expected a chart file",
        ));
    }
    let mut bytes = Vec::new();
    let result = if path == "-" {
        std::io::stdin().lock().read_to_end(&mut bytes).map(|_| ())
    } else {
        std::fs::File::open(path).and_then(|mut f| f.read_to_end(&mut bytes).map(|_| ()))
    };
    result.map_err(|e| InputError::file(display, read_error_message(&e)))?;
    Ok(bytes)
}

/// Why a file could not be read, in words (without the "os error N" suffix).
pub fn read_error_message(error: &std::io::Error) -> String {
    match error.kind() {
        std::io::ErrorKind::NotFound => "cannot read: no such file".to_owned(),
        std::io::ErrorKind::PermissionDenied => "cannot read: permission denied".to_owned(),
        _ => format!("cannot read: {error}"),
    }
}

/// [`decode_utf8`] without a copy: the text takes over the bytes (a big chart is not held
/// twice while it is parsed).
fn into_utf8(mut bytes: Vec<u8>, display: &str) -> Result<String, InputError> {
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        bytes.drain(..3);
    }
    String::from_utf8(bytes).or_else(|e| decode_utf8(e.as_bytes(), display))
}

/// Decodes UTF-8 (a leading BOM is dropped); invalid bytes are an error naming their line.
pub fn decode_utf8(bytes: &[u8], display: &str) -> Result<String, InputError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(text.to_owned()),
        Err(e) => {
            let valid = &bytes[..e.valid_up_to()];
            let line = 1 + valid.iter().filter(|&&b| b == b'\n').count() as u32;
            let column = 1 + valid.iter().rev().take_while(|&&b| b != b'\n').count() as u32;
            Err(InputError::new(
                display,
                line,
                column,
                format!(
                    "invalid UTF-8 (byte 0x{:02x}): expected UTF-8 text",
                    bytes[e.valid_up_to()]
                ),
            ))
        }
    }
}
