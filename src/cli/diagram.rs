//! `orglint diagram`: draw the chart as DOT, SVG, PNG or PDF, or write the interactive HTML page.

use super::{exit, CommandResult, CommonArgs, Failure, Session};
use crate::check::{check, CheckOptions};
use crate::diagram::{
    self, ClusterBy, DiagramOptions, LayoutEngine, OutputFormat, RenderError, Source,
};
use crate::graph::OrgGraph;
use crate::rulebook::RoleIndex;
use clap::Args;
use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(Args, Debug)]
pub struct DiagramArgs {
    /// Chart files (YAML, JSON, CSV, TSV, LDIF); several are merged; `-` reads standard input
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<String>,
    /// Output file (.dot/.gv, .svg, .png, .pdf, .html); `-` is standard output (DOT unless --format)
    #[arg(short, long, value_name = "OUT")]
    pub output: String,
    /// Output format: dot, svg, png, pdf or html [default: from the output file's extension]
    // The values are named in the help: clap would list their descriptions in a long layout
    // unlike every other command's.
    #[arg(long, value_parser = super::choice::<OutputFormat>(), hide_possible_values = true)]
    pub format: Option<OutputFormat>,
    /// Group boxes in a frame per department (BY: department; drawn with --layout dot: departments are not contiguous in the own layout)
    #[arg(long, value_parser = super::choice::<ClusterBy>(), value_name = "BY", hide_possible_values = true)]
    pub cluster: Option<ClusterBy>,
    /// Draw only this person and those below them
    #[arg(long, value_name = "ID")]
    pub root: Option<String>,
    /// Draw at most N levels below the root (or the top)
    #[arg(long, value_name = "N")]
    pub depth: Option<u32>,
    /// Fold a manager's reports without reports into one "+N reports" box when over N
    #[arg(long, value_name = "N")]
    pub collapse: Option<usize>,
    /// Run the check and colour each person by their worst finding, with a legend
    #[arg(long)]
    pub findings: bool,
    /// Who places the boxes: tidy (orglint's own tree, any size) or dot (Graphviz, small charts)
    #[arg(long, value_parser = super::choice::<LayoutEngine>(), default_value_t = LayoutEngine::Tidy, hide_possible_values = true)]
    pub layout: LayoutEngine,
    /// The most dotted lines drawn; with --layout dot, also the most boxes (the deepest and widest teams fold until under it: dot needs minutes beyond ~10,000)
    #[arg(long, value_name = "N", default_value_t = 2000, value_parser = clap::value_parser!(u32).range(1..))]
    pub max_nodes: u32,
    /// Stop Graphviz after this many seconds (exit 2)
    #[arg(long, value_name = "SECONDS", default_value_t = 60, value_parser = clap::value_parser!(u64).range(1..))]
    pub timeout: u64,
    #[command(flatten)]
    pub chart: super::ChartArgs,
    /// No notes on standard error (progress, folded teams, Graphviz warnings)
    #[arg(short, long)]
    pub quiet: bool,
}

pub fn run(global: &CommonArgs, args: &DiagramArgs) -> CommandResult {
    let to_stdout = args.output == "-";
    let format = output_format(&args.output, args.format)?;
    if format == OutputFormat::Html && (args.layout == LayoutEngine::Dot || args.cluster.is_some())
    {
        return Err(Failure::Usage(
            "the HTML chart is laid out by orglint itself: --layout dot and --cluster do not \
             apply to it"
                .to_owned(),
        ));
    }
    let session = Session::new(global, &args.files)?;
    if !to_stdout {
        let inputs = session.input_files(&args.files);
        crate::output::check_targets(
            [Path::new(&args.output)],
            inputs.iter().map(PathBuf::as_path),
        )?;
    }
    let progress = super::Progress::new(global.quiet);
    let (chart, extra_waivers) = session.load_chart(global, &args.files, &progress)?;
    crate::load::require_people(&chart, &args.files)?;
    progress.stage(format!(
        "laying out {}",
        crate::text::plural(chart.people.len(), "position")
    ));
    let findings = args.findings.then(|| {
        let mut options = CheckOptions::new(session.rulebook.clone());
        options.levels = session.rule_levels();
        options.design = session.config.design.clone();
        options.extra_waivers = extra_waivers;
        options.redact = global.redact;
        check(&chart, &options).findings
    });
    let graph = OrgGraph::build(&chart);
    let roles = RoleIndex::build(&chart, &graph, &session.rulebook);
    let options = DiagramOptions {
        root: args.root.clone(),
        depth: args.depth,
        collapse: args.collapse,
        max_nodes: args.max_nodes as usize,
        // Frames need dot's placement: a department's boxes are not contiguous in a tidy tree.
        layout: if args.cluster.is_some() {
            LayoutEngine::Dot
        } else {
            args.layout
        },
        cluster: args.cluster,
        redact: global.redact,
    };
    let source = Source {
        chart: &chart,
        graph: &graph,
        roles: &roles,
        rulebook: &session.rulebook,
        findings: findings.as_deref(),
        changes: None,
    };
    let bytes = if format == OutputFormat::Html {
        let page =
            diagram::html::page(source, &options).map_err(|e| Failure::Usage(e.to_string()))?;
        progress.finish();
        page.into_bytes()
    } else {
        let built = diagram::build(
            &chart,
            &graph,
            &roles,
            &session.rulebook,
            findings.as_deref(),
            &options,
        )
        .map_err(|e| Failure::Usage(e.to_string()))?;
        progress.finish();
        let limit = std::time::Duration::from_secs(args.timeout);
        let bytes = drawing(&built, &options, format, limit, global.quiet)?;
        // The process ends soon: freeing a million statements one at a time only costs time.
        std::mem::forget(built);
        bytes
    };
    write_output(&args.output, &bytes)?;
    std::mem::forget(roles);
    std::mem::forget(graph);
    std::mem::forget(chart);
    Ok(exit::OK)
}

/// The format asked for, or the one the output's name says (`-`: DOT).
fn output_format(output: &str, asked: Option<OutputFormat>) -> Result<OutputFormat, Failure> {
    match asked {
        Some(format) => Ok(format),
        None if output == "-" => Ok(OutputFormat::Dot),
        None => OutputFormat::from_path(output).ok_or_else(|| {
            Failure::Usage(format!(
                "cannot tell the diagram format from {output:?}: name it .dot, .svg, .png, .pdf \
                 or .html, or pass --format"
            ))
        }),
    }
}

/// Writes the drawing to standard output (`-`) or, all or nothing, to the file.
fn write_output(output: &str, bytes: &[u8]) -> Result<(), Failure> {
    if output == "-" {
        let stdout = std::io::stdout();
        let mut out = stdout.lock();
        out.write_all(bytes)?;
        out.flush()?;
    } else {
        crate::output::Outputs::write_all(&[(Path::new(output), bytes)])?;
    }
    Ok(())
}

/// Where `orglint diff -o` draws the new chart with its changes marked (SPEC §11), checked
/// before anything is loaded.
pub(super) struct ChangePicture<'a> {
    output: &'a str,
    format: OutputFormat,
    whole: bool,
}

/// Where a picture went.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Drawn {
    InFile,
    /// Standard output (DOT): the report is not written after it.
    OnStdout,
}

impl<'a> ChangePicture<'a> {
    /// Refuses an output whose format is unknown, or that is one of the inputs (the charts,
    /// the config, the rulebook), as `diagram -o` does.
    pub(super) fn new<'i>(
        output: &'a str,
        whole: bool,
        session: &Session,
        inputs: impl Iterator<Item = &'i String>,
    ) -> Result<ChangePicture<'a>, Failure> {
        let format = output_format(output, None)?;
        if output != "-" {
            let files: Vec<String> = inputs.filter(|f| *f != "-").cloned().collect();
            let inputs = session.input_files(&files);
            crate::output::check_targets([Path::new(output)], inputs.iter().map(PathBuf::as_path))?;
        }
        Ok(ChangePicture {
            output,
            format,
            whole,
        })
    }

    /// Draws the new chart of `report` with its changes, with the §7 layout.
    pub(super) fn write(
        &self,
        report: &crate::report::DiffReport,
        session: &Session,
        global: &CommonArgs,
    ) -> Result<Drawn, Failure> {
        let entries = report.change_entries();
        let picture =
            diagram::changes::picture(report.old, report.new, report.diff, entries, self.whole);
        let chart = &picture.chart;
        let graph = OrgGraph::build(chart);
        let mut roles = RoleIndex::build(chart, &graph, &session.rulebook);
        picture.changes.forget_leaver_roles(&mut roles);
        let options = DiagramOptions {
            redact: global.redact,
            ..DiagramOptions::default()
        };
        let source = Source {
            chart,
            graph: &graph,
            roles: &roles,
            rulebook: &session.rulebook,
            findings: None,
            changes: Some(&picture.changes),
        };
        let unknown = |e: diagram::UnknownRoot| Failure::Usage(e.to_string());
        let bytes = if self.format == OutputFormat::Html {
            diagram::html::page(source, &options)
                .map_err(unknown)?
                .into_bytes()
        } else {
            let built = diagram::build_from(source, &options).map_err(unknown)?;
            let limit = std::time::Duration::from_secs(60);
            drawing(&built, &options, self.format, limit, global.quiet)?
        };
        write_output(self.output, &bytes)?;
        Ok(match self.output {
            "-" => Drawn::OnStdout,
            _ => Drawn::InFile,
        })
    }
}

/// DOT, or a picture of it drawn by Graphviz, saying what was folded or left out.
fn drawing(
    built: &diagram::Diagram,
    options: &DiagramOptions,
    format: OutputFormat,
    limit: std::time::Duration,
    quiet: bool,
) -> Result<Vec<u8>, Failure> {
    if built.auto_collapsed && !quiet {
        eprintln!(
            "orglint: collapsed {} into {} to stay under --max-nodes {} (raise it, or draw \
             part of the chart with --root/--depth)",
            count(built.folded, "person", "people"),
            count(built.boxes, "box", "boxes"),
            options.max_nodes
        );
    }
    if built.dotted_omitted > 0 && !quiet {
        eprintln!(
            "orglint: left out {} to stay under --max-nodes {} (raise it to draw them)",
            count(built.dotted_omitted, "dotted line", "dotted lines"),
            options.max_nodes
        );
    }
    let rendered = diagram::render(
        &diagram::to_dot_string(&built.graph),
        format,
        options.layout,
        limit,
    )
    .map_err(|e| match e {
        RenderError::Io(e) => Failure::Io(e),
        other => Failure::Usage(other.to_string()),
    })?;
    if !rendered.warnings.is_empty() && !quiet {
        eprintln!(
            "orglint: dot: {}",
            crate::escape::escape_control(&crate::text::truncate(&rendered.warnings, 2000))
        );
    }
    Ok(rendered.bytes)
}

/// `1 person`, `18,234 people`.
fn count(n: usize, one: &str, many: &str) -> String {
    format!("{} {}", thousands(n), if n == 1 { one } else { many })
}

/// `18234` as `18,234`.
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (k, c) in digits.chars().enumerate() {
        if k > 0 && (digits.len() - k).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn thousands_groups_digits() {
        assert_eq!(super::thousands(0), "0");
        assert_eq!(super::thousands(999), "999");
        assert_eq!(super::thousands(18234), "18,234");
        assert_eq!(super::thousands(1_000_000), "1,000,000");
    }
}
