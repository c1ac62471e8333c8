//! `setattr-recursion`: `self.x = value` (or `setattr(self, ...)`) inside `__setattr__`, and
//! `self.x` inside `__getattribute__`, which call the hook again until `RecursionError`.

use tree_sitter::Node;

use crate::analysis::syntax::{self, first_parameter, methods};
use crate::analysis::{Context, Finding};

pub const CODE: &str = "setattr-recursion";

pub fn check(context: &Context, out: &mut Vec<Finding>) {
    for class in context.nodes("class_definition") {
        for (name, function) in methods(*class, context.text) {
            if matches!(name.as_str(), "__setattr__" | "__getattribute__") {
                for node in recursive_accesses(context, function, &name) {
                    out.extend(context.finding_at(CODE, node));
                }
            }
        }
    }
}

/// The nodes of a `__setattr__` (`hook == "__setattr__"`) or `__getattribute__` def's own body
/// that call the hook again: assignment targets `self.x` and `setattr(self, ...)` calls in the
/// first, `self.x` reads in the second; none under an `if`/`elif`/`match` that tests the name.
pub fn recursive_accesses<'tree>(context: &Context<'tree>, function: Node<'tree>, hook: &str) -> Vec<Node<'tree>> {
    let Some(first) = first_parameter(function).map(|parameter| context.text_of(parameter)) else { return Vec::new() };
    let name_parameter = second_parameter(context, function);
    // `self.__class__ = Other` switches the instance to another class, whose hook then runs.
    let class_switch = syntax::own_body_nodes(function).into_iter().find(|node| {
        node.kind() == "attribute"
            && is_assignment_target(*node)
            && is_attribute_of(context, *node, first)
            && node.child_by_field_name("attribute").is_some_and(|attribute| context.text_of(attribute) == "__class__")
    });
    let mut found = Vec::new();
    for node in syntax::own_body_nodes(function) {
        if class_switch.is_some_and(|switch| node.start_byte() >= switch.start_byte()) {
            continue;
        }
        let hit = match (hook, node.kind()) {
            ("__setattr__", "attribute") => is_attribute_of(context, node, first) && is_assignment_target(node),
            ("__setattr__", "call") => {
                let callee = node.child_by_field_name("function");
                callee.is_some_and(|callee| context.resolve(callee).as_deref() == Some("builtins.setattr"))
                    && syntax::positional_arguments(node)
                        .first()
                        .is_some_and(|object| object.kind() == "identifier" && context.text_of(*object) == first)
            }
            ("__getattribute__", "attribute") => is_attribute_of(context, node, first) && !is_store_only(node),
            _ => false,
        };
        if hit && !in_comprehension(function, node) && !under_name_test(context, function, node, name_parameter) {
            found.push(node);
        }
    }
    found
}

/// Whether a comprehension or generator expression between `function` and `node` holds it.
fn in_comprehension(function: Node, node: Node) -> bool {
    let mut current = node.parent();
    while let Some(parent) = current.filter(|parent| parent.id() != function.id()) {
        if matches!(parent.kind(), "list_comprehension" | "set_comprehension" | "dictionary_comprehension" | "generator_expression") {
            return true;
        }
        current = parent.parent();
    }
    false
}

/// Whether `attribute` is `first.x` (the object is the plain first parameter).
fn is_attribute_of(context: &Context, attribute: Node, first: &str) -> bool {
    attribute.child_by_field_name("object").is_some_and(|object| object.kind() == "identifier" && context.text_of(object) == first)
}

/// Whether the attribute is (part of) the target of an assignment or augmented assignment.
fn is_assignment_target(attribute: Node) -> bool {
    let mut child = attribute;
    while let Some(parent) = child.parent() {
        match parent.kind() {
            "pattern_list" | "tuple_pattern" | "list_pattern" | "tuple" | "list" | "parenthesized_expression" | "expression_list" => {
                child = parent
            }
            "assignment" | "augmented_assignment" => {
                return parent.child_by_field_name("left").is_some_and(|left| left.id() == child.id());
            }
            _ => return false,
        }
    }
    false
}

/// Whether the attribute is only stored or deleted there (a plain assignment target or a `del`
/// target), so reading it is not what happens.
fn is_store_only(attribute: Node) -> bool {
    let Some(parent) = attribute.parent() else { return false };
    match parent.kind() {
        "assignment" => parent.child_by_field_name("left").is_some_and(|left| left.id() == attribute.id()),
        "delete_statement" => true,
        "pattern_list" | "tuple_pattern" | "list_pattern" => true,
        _ => false,
    }
}

/// The hook's second parameter, the attribute name (`name` of `def __setattr__(self, name, value)`).
fn second_parameter<'tree>(context: &Context<'tree>, function: Node<'tree>) -> Option<&'tree str> {
    let parameters = function.child_by_field_name("parameters")?;
    let mut cursor = parameters.walk();
    let second = parameters.named_children(&mut cursor).filter(|parameter| parameter.kind() != "comment").nth(1)?;
    let name = match second.kind() {
        "identifier" => Some(second),
        "default_parameter" | "typed_default_parameter" => second.child_by_field_name("name"),
        "typed_parameter" => second.named_child(0),
        _ => None,
    }?;
    (name.kind() == "identifier").then(|| context.text_of(name))
}

/// Whether a test of the name parameter can stop the recursion before `node` runs again: `node`
/// sits in an `if`/`elif` or `match` that tests the name, comes after such a statement in its
/// block or an enclosing one (an early `return` for some names), or sits in an `except` clause
/// of a `try` whose body reads the name.
fn under_name_test(context: &Context, function: Node, node: Node, name_parameter: Option<&str>) -> bool {
    let Some(name_parameter) = name_parameter else { return false };
    let reads_name = |expression: Node| {
        syntax::descendants(expression, "identifier").into_iter().any(|identifier| context.text_of(identifier) == name_parameter)
    };
    let tests_name = |statement: Node| match statement.kind() {
        "if_statement" => {
            let mut cursor = statement.walk();
            let elifs: Vec<Node> = statement.named_children(&mut cursor).filter(|child| child.kind() == "elif_clause").collect();
            statement.child_by_field_name("condition").is_some_and(reads_name)
                || elifs.into_iter().any(|clause| clause.child_by_field_name("condition").is_some_and(reads_name))
        }
        "match_statement" => statement.child_by_field_name("subject").is_some_and(reads_name),
        _ => false,
    };
    let mut child = node;
    while let Some(parent) = child.parent() {
        if tests_name(parent) {
            return true;
        }
        if parent.kind() == "block" {
            let mut cursor = parent.walk();
            let earlier = parent.named_children(&mut cursor).take_while(|statement| statement.id() != child.id()).any(tests_name);
            if earlier {
                return true;
            }
        }
        if parent.kind() == "except_clause" {
            let try_body = parent.parent().and_then(|statement| statement.child_by_field_name("body"));
            if try_body.is_some_and(reads_name) {
                return true;
            }
        }
        if parent.id() == function.id() {
            break;
        }
        child = parent;
    }
    false
}
