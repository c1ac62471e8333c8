//! A name from an `if TYPE_CHECKING:` block in an evaluated annotation: quote the whole
//! annotation, so the def or class statement no longer evaluates it.

use super::{Edit, Tier};
use crate::analysis::pitfalls::type_checking_name_at_runtime::{annotation_of, place, Place};
use crate::analysis::syntax::{self, text_of};
use crate::analysis::{Context, Finding};
use crate::settings::Settings;

pub const CODE: &str = "type-checking-name-at-runtime";

pub fn fix(context: &Context, finding: &Finding, _settings: &Settings) -> Option<(Tier, Vec<Edit>)> {
    let identifier = context.tree.root_node().descendant_for_byte_range(finding.range.start, finding.range.end)?;
    if identifier.kind() != "identifier" || place(context, identifier)? != Place::Annotation {
        return None;
    }
    let (annotation, _) = annotation_of(identifier)?;
    let text = text_of(context.text, annotation);
    if text.contains(['\n', '\r', '\\', '#']) || has_f_string(context, annotation) {
        return None;
    }
    let quote = match (text.contains('"'), text.contains('\'')) {
        (false, _) => '"',
        (true, false) => '\'',
        (true, true) => return None,
    };
    Some((Tier::Offered, vec![Edit { range: annotation.byte_range(), text: format!("{quote}{text}{quote}") }]))
}

/// Whether the annotation holds an f-string, which a quoted annotation cannot contain.
fn has_f_string(context: &Context, annotation: tree_sitter::Node) -> bool {
    syntax::descendants(annotation, "string_start")
        .iter()
        .any(|start| text_of(context.text, *start).chars().any(|prefix| matches!(prefix, 'f' | 'F' | 't' | 'T')))
}
