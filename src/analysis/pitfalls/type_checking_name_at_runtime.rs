//! `type-checking-name-at-runtime`: a name that only an `if TYPE_CHECKING:` block binds, read
//! where Python evaluates it: outside annotations, in an annotation evaluated when its def or
//! class statement runs, or in the parameters of a singledispatch `.register` def.

use std::collections::{HashMap, HashSet};

use tree_sitter::Node;

use crate::analysis::semantics::dispatch::registered_with;
use crate::analysis::semantics::imports::collect_parameter_names;
use crate::analysis::semantics::scopes::Scopes;
use crate::analysis::semantics::typing::{future_annotations, in_type_checking_block, type_checking_ifs};
use crate::analysis::syntax::{self, decorators, is_binding_occurrence, is_load, text_of};
use crate::analysis::{Context, Finding};

pub const CODE: &str = "type-checking-name-at-runtime";

/// Where a flagged read sits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// Evaluated in every version: a call, a base, a default...
    Code,
    /// A def's parameter or return annotation, or a module or class variable annotation:
    /// evaluated when the statement runs, before 3.14 and without the future import.
    Annotation,
    /// A parameter annotation of a def registered with `@f.register`, which reads it at run time.
    Registered,
}

pub fn check(context: &Context, out: &mut Vec<Finding>) {
    let blocks = type_checking_ifs(context);
    if blocks.is_empty() || has_star_import(context) {
        return;
    }
    let future = future_annotations(context);
    let mut scopes = Scopes::default();
    let root = context.tree.root_node();
    // Each name with the scope (`None`: the module) whose block binds it.
    let mut wanted: Vec<(String, Node)> = Vec::new();
    for block in &blocks {
        let Some(body) = block.child_by_field_name("consequence") else { continue };
        let scope = syntax::enclosing_scope(*block).unwrap_or(root);
        for name in bound_in(context.text, body) {
            if !wanted.iter().any(|(known, known_scope)| *known == name && known_scope.id() == scope.id()) {
                wanted.push((name, scope));
            }
        }
    }
    let mut declared_global: HashMap<String, bool> = HashMap::new();
    for (name, scope) in wanted {
        let identifiers = context.identifiers_named(&name);
        let elsewhere = identifiers.iter().any(|identifier| {
            is_binding_occurrence(*identifier)
                && syntax::enclosing_scope(*identifier).unwrap_or(root).id() == scope.id()
                && !in_type_checking_block(context, *identifier)
        });
        let global = *declared_global
            .entry(name.clone())
            .or_insert_with(|| identifiers.iter().any(|identifier| identifier.parent().is_some_and(|parent| parent.kind() == "global_statement")));
        // A parameter of the function whose block it is binds it too.
        let parameter = matches!(scope.kind(), "function_definition" | "lambda")
            && scope.child_by_field_name("parameters").is_some_and(|parameters| {
                let mut names = Vec::new();
                collect_parameter_names(context.text, parameters, &mut names);
                names.contains(&name)
            });
        if elsewhere || global || parameter {
            continue;
        }
        for identifier in identifiers {
            if !is_load(identifier) || !syntax::is_variable_name(identifier) || in_type_checking_block(context, identifier) {
                continue;
            }
            if scopes.resolve(context, identifier, &name).is_none_or(|found| found.id() != scope.id()) {
                continue;
            }
            let flagged = match place(context, identifier) {
                Some(Place::Code | Place::Registered) => context.finding_at(CODE, identifier),
                Some(Place::Annotation) if !future => context.finding_at(CODE, identifier).map(|mut finding| {
                    finding.below_python = Some((3, 14));
                    finding
                }),
                _ => None,
            };
            if let Some(mut finding) = flagged {
                finding.not_in_stubs = true;
                out.push(finding);
            }
        }
    }
}

/// Where the read `identifier` is evaluated, `None` when it never is when its statement runs (a
/// local variable's annotation, a `type` statement's value, a PEP 695 bound).
pub fn place(context: &Context, identifier: Node) -> Option<Place> {
    let (annotation, owner) = match annotation_of(identifier) {
        Some(found) => found,
        None => {
            let lazy = syntax::ancestor(identifier, &["type_alias_statement", "type_parameter"]).is_some_and(|found| {
                found.kind() == "type_parameter" && found.parent().is_some_and(|parent| parent.kind() != "generic_type")
                    || found.kind() == "type_alias_statement"
                        && found.child_by_field_name("right").is_some_and(|right| syntax::contains(right, identifier))
            });
            return (!lazy).then_some(Place::Code);
        }
    };
    match owner.kind() {
        "function_definition" => {
            let is_parameter = owner.child_by_field_name("parameters").is_some_and(|parameters| syntax::contains(parameters, annotation));
            let registered = is_parameter && decorators(owner).into_iter().any(|decorator| registered_with(context, decorator).is_some());
            Some(if registered { Place::Registered } else { Place::Annotation })
        }
        // A variable annotation: evaluated at module level and in class bodies only.
        _ => match syntax::enclosing_scope(owner) {
            None => Some(Place::Annotation),
            Some(scope) if scope.kind() == "class_definition" => Some(Place::Annotation),
            Some(_) => None,
        },
    }
}

/// The annotation (`type` node) holding `identifier`, with the def or assignment it annotates.
pub fn annotation_of(identifier: Node) -> Option<(Node, Node)> {
    let mut current = identifier.parent();
    while let Some(node) = current {
        if node.kind() == "type" {
            let parent = node.parent()?;
            match parent.kind() {
                "typed_parameter" | "typed_default_parameter" => {
                    let owner = syntax::ancestor(parent, &["function_definition", "lambda"])?;
                    return (owner.kind() == "function_definition").then_some((node, owner));
                }
                "function_definition" if parent.child_by_field_name("return_type").is_some_and(|returns| returns.id() == node.id()) => {
                    return Some((node, parent));
                }
                "assignment" => return Some((node, parent)),
                _ => {}
            }
        }
        if matches!(node.kind(), "function_definition" | "class_definition" | "lambda" | "block") {
            return None;
        }
        current = node.parent();
    }
    None
}

/// The names a block binds in its own scope by imports, defs and classes (not inside nested
/// defs or classes). Assignments are left out: `ip = get_ipython()` under `TYPE_CHECKING` tends
/// to declare a name that something else provides at run time.
fn bound_in(text: &str, body: Node) -> Vec<String> {
    let mut names = Vec::new();
    let mut stack = vec![body];
    while let Some(node) = stack.pop() {
        match node.kind() {
            "function_definition" | "class_definition" => {
                names.extend(node.child_by_field_name("name").map(|name| text_of(text, name).to_owned()));
                continue;
            }
            "import_statement" | "import_from_statement" => {
                let mut cursor = node.walk();
                for name in node.children_by_field_name("name", &mut cursor) {
                    let local = match name.kind() {
                        "aliased_import" => name.child_by_field_name("alias"),
                        "dotted_name" if node.kind() == "import_statement" => name.named_child(0),
                        _ => Some(name),
                    };
                    names.extend(local.map(|local| text_of(text, local).to_owned()));
                }
                continue;
            }
            "lambda" | "list_comprehension" | "set_comprehension" | "dictionary_comprehension" | "generator_expression" => continue,
            _ => {}
        }
        let mut cursor = node.walk();
        stack.extend(node.named_children(&mut cursor));
    }
    let mut seen = HashSet::new();
    names.retain(|name| seen.insert(name.clone()));
    names
}

fn has_star_import(context: &Context) -> bool {
    context.file_nodes("import_from_statement").iter().any(|statement| {
        let mut cursor = statement.walk();
        let found = statement.named_children(&mut cursor).any(|child| child.kind() == "wildcard_import");
        found
    })
}
