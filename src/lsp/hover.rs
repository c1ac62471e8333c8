//! `textDocument/hover`: `ide::hover` at the request's position.

use tower_lsp_server::ls_types::{Hover, HoverContents, MarkupContent, MarkupKind};

use super::convert;
use crate::document::encoding::{self, Encoding, LinePos};
use crate::ide;
use crate::ide::OpenFile;
use crate::knowledge::Knowledge;
use crate::settings::Settings;

pub fn hover(document: &OpenFile, knowledge: &Knowledge, settings: &Settings, position: LinePos, encoding: Encoding) -> Option<Hover> {
    let offset = encoding::offset_of(&document.text, &document.lines, position, encoding)?;
    let found = ide::hover(document, knowledge, settings, offset)?;
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent { kind: MarkupKind::Markdown, value: found.markdown }),
        range: Some(convert::range_in(document, found.range, encoding)),
    })
}
