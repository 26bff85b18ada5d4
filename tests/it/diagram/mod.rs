//! `orglint diagram` and the change picture of `orglint diff -o`: DOT and SVG checked by
//! Graphviz and an XML parser, and the interactive HTML chart opened and used in headless
//! Chromium.

mod changes;
mod dot_and_svg;
mod html;
mod html_interaction;
