//! `orglint diagram`: DOT and SVG checked by Graphviz and an XML parser, and the interactive
//! HTML chart opened and used in headless Chromium.

mod dot_and_svg;
mod html;
mod html_interaction;
