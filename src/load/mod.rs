//! Loading charts from files: format detection, decoding, and one loader per format. Every
//! loader appends to one [`Chart`], so several files (of any formats) merge into one chart.

pub(crate) mod chart_file;

use crate::error::InputError;
use crate::model::Chart;
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
}

/// Loads and merges every file into one chart. `-` reads standard input.
pub fn load_files(paths: &[String], options: &LoadOptions) -> Result<Chart, InputError> {
    let mut chart = Chart::default();
    for path in paths {
        load_into(&mut chart, path, options)?;
    }
    Ok(chart)
}

/// Loads one file and appends its people, departments and waivers to `chart`.
pub fn load_into(chart: &mut Chart, path: &str, options: &LoadOptions) -> Result<(), InputError> {
    let display = if path == "-" { "<stdin>" } else { path };
    let Some(format) = options
        .input_format
        .or_else(|| InputFormat::from_path(path))
    else {
        if path == "-" {
            return Err(InputError::file(
                display,
                "standard input needs --input-format yaml, json, csv or tsv",
            ));
        }
        // A missing file is worth saying before its name.
        read_input(path, display)?;
        return Err(InputError::file(
            display,
            "cannot tell the format from the file name: expected .yaml, .yml, .json, .csv or .tsv (or pass --input-format)",
        ));
    };
    let bytes = read_input(path, display)?;
    match format {
        InputFormat::Yaml | InputFormat::Json => {
            let text = decode_utf8(&bytes, display)?;
            chart_file::load(chart, display, text, format == InputFormat::Json)
        }
        InputFormat::Csv | InputFormat::Tsv => Err(InputError::file(
            display,
            "CSV/TSV input is not supported by this build yet",
        )),
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
