//! The workspace index as the analysis sees it: a summary of every module of the workspace (its
//! classes with their bases, metaclass, decorators and the names their bodies bind; the names
//! its imports bind), never a syntax tree. The index is plain data handed to the analysis
//! (`Context::with_index`): reading the files is the server's and the command line's business.

use std::collections::HashMap;
use std::sync::Arc;

use tree_sitter::Tree;

use crate::analysis::semantics::classes::{body_names, class_name, class_named, own_abstract_methods};
use crate::analysis::syntax;
use crate::analysis::Context;
use crate::knowledge::Knowledge;

/// How many re-exports (`from .base import Base` in `__init__.py`) a lookup follows.
const MAX_REEXPORTS: usize = 8;

/// A base (or metaclass) of an indexed class, as its module names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BaseName {
    /// Resolved through the module's imports or its own classes to a qualified name.
    Qualified(String),
    /// Not a name the module resolves (a call, a subscript of a call, a local variable): its text.
    Text(String),
}

/// One class statement of an indexed module.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClassSummary {
    pub qualified: String,
    pub name: String,
    pub bases: Vec<BaseName>,
    pub metaclass: Option<BaseName>,
    /// The decorators' text, for rules that look at class decorators.
    pub decorators: Vec<String>,
    /// Names the class body binds (methods, nested classes, attributes).
    pub defines: Vec<String>,
    /// Methods the body declares abstract (`@abstractmethod` and its variants).
    pub abstract_methods: Vec<String>,
    /// A `**kwargs` in the base list: the metaclass may come from there.
    pub keyword_splat: bool,
}

/// One module of the workspace.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ModuleSummary {
    pub module: String,
    pub classes: Vec<ClassSummary>,
    /// Module-level names bound by `from m import x [as y]`: name and qualified name.
    pub imports: Vec<(String, String)>,
    /// Other module-level names (defs, assignments), so a re-export is not confused with them.
    pub names: Vec<String>,
}

/// The summaries of the workspace's modules, by module name. A new snapshot is a new value;
/// `generation` tells the caches of analyses made with another snapshot apart.
#[derive(Debug, Default, Clone)]
pub struct Index {
    modules: HashMap<String, Arc<ModuleSummary>>,
    generation: u64,
}

impl Index {
    pub fn generation(&self) -> u64 {
        self.generation
    }

    pub fn len(&self) -> usize {
        self.modules.len()
    }

    pub fn is_empty(&self) -> bool {
        self.modules.is_empty()
    }

    /// Every module's summary, in no particular order.
    pub fn modules(&self) -> impl Iterator<Item = &ModuleSummary> {
        self.modules.values().map(Arc::as_ref)
    }

    pub fn module(&self, name: &str) -> Option<&ModuleSummary> {
        self.modules.get(name).map(Arc::as_ref)
    }

    /// This index with `summary` for its module; the generation moves only when something changed.
    pub fn with(&self, summary: ModuleSummary) -> Index {
        let mut next = self.clone();
        if next.modules.get(&summary.module).is_some_and(|old| **old == summary) {
            return next;
        }
        next.modules.insert(summary.module.clone(), Arc::new(summary));
        next.generation = self.generation + 1;
        next
    }

    /// This index without `module`.
    pub fn without(&self, module: &str) -> Index {
        let mut next = self.clone();
        if next.modules.remove(module).is_some() {
            next.generation = self.generation + 1;
        }
        next
    }

    /// An index of these summaries (a later one of the same module wins).
    pub fn of(summaries: impl IntoIterator<Item = ModuleSummary>, generation: u64) -> Index {
        let modules = summaries.into_iter().map(|summary| (summary.module.clone(), Arc::new(summary))).collect();
        Index { modules, generation }
    }

    /// The class a qualified name means (`pkg.base.Base`), following re-exports of a package's
    /// `__init__` and other modules.
    pub fn class(&self, qualified: &str) -> Option<&ClassSummary> {
        self.class_at(qualified, 0)
    }

    fn class_at(&self, qualified: &str, depth: usize) -> Option<&ClassSummary> {
        if depth > MAX_REEXPORTS {
            return None;
        }
        let (module, name) = qualified.rsplit_once('.')?;
        let summary = self.modules.get(module)?;
        if let Some(class) = summary.classes.iter().rev().find(|class| class.name == name) {
            return Some(class);
        }
        let (_, target) = summary.imports.iter().rev().find(|(bound, _)| bound == name)?;
        self.class_at(target, depth + 1)
    }
}

/// The summary of the module `module` (whose package is `package`, for relative imports), from
/// its text and tree.
pub fn summarize(text: &str, tree: &Tree, module: &str, package: Option<&str>) -> ModuleSummary {
    let context = Context::new(text, tree, Knowledge::builtin()).with_package(package);
    let mut summary = ModuleSummary { module: module.to_owned(), ..ModuleSummary::default() };
    for class in context.nodes("class_definition") {
        // Classes of the module body (also under `if`/`try`), not nested in defs or classes.
        if syntax::enclosing_scope(*class).is_some() {
            continue;
        }
        let name = class_name(&context, *class).to_owned();
        let base_name = |base: tree_sitter::Node| {
            let value = if base.kind() == "subscript" { base.child_by_field_name("value").unwrap_or(base) } else { base };
            match context.resolve(value) {
                Some(qualified) => BaseName::Qualified(qualified),
                None if value.kind() == "identifier" && class_named(&context, context.text_of(value), *class).is_some() => {
                    BaseName::Qualified(format!("{module}.{}", context.text_of(value)))
                }
                None => BaseName::Text(syntax::snippet(text, base, 40)),
            }
        };
        let bases = syntax::bases(*class).into_iter().map(base_name).collect();
        let metaclass = syntax::metaclass_keyword(*class, text).and_then(|keyword| keyword.child_by_field_name("value")).map(base_name);
        let keyword_splat = class.child_by_field_name("superclasses").is_some_and(|arguments| {
            let mut cursor = arguments.walk();
            let found = arguments.named_children(&mut cursor).any(|argument| argument.kind() == "dictionary_splat");
            found
        });
        summary.classes.push(ClassSummary {
            qualified: format!("{module}.{name}"),
            name,
            bases,
            metaclass,
            decorators: syntax::decorators(*class).into_iter().map(|decorator| syntax::snippet(text, decorator, 60)).collect(),
            defines: body_names(&context, *class),
            abstract_methods: own_abstract_methods(&context, *class),
            keyword_splat,
        });
    }
    for statement in context.nodes("import_from_statement") {
        if syntax::enclosing_scope(*statement).is_some() {
            continue;
        }
        let mut cursor = statement.walk();
        for name in statement.children_by_field_name("name", &mut cursor) {
            let bound = match name.kind() {
                "aliased_import" => name.child_by_field_name("alias"),
                // `from m import x`: the name is a one-part `dotted_name`.
                _ => {
                    let mut parts = name.walk();
                    let last = name.named_children(&mut parts).last();
                    last.or(Some(name))
                }
            };
            let Some(bound) = bound.filter(|bound| bound.kind() == "identifier") else { continue };
            if let Some(qualified) = context.resolve(bound) {
                summary.imports.push((context.text_of(bound).to_owned(), qualified));
            }
        }
    }
    summary
}

/// The module name of a file: its path below the workspace folder (less a `src/` folder) with
/// dots, `__init__.py` naming its package; `None` for a path that is no Python module name.
pub fn module_name(relative: &[&str]) -> Option<String> {
    let mut parts: Vec<&str> = relative.to_vec();
    if parts.first() == Some(&"src") && parts.len() > 1 {
        parts.remove(0);
    }
    let file = parts.pop()?;
    let stem = file.strip_suffix(".py").or_else(|| file.strip_suffix(".pyi"))?;
    if stem != "__init__" {
        parts.push(stem);
    }
    let valid = |part: &&str| {
        !part.is_empty() && part.chars().all(|ch| ch.is_alphanumeric() || ch == '_') && !part.starts_with(|ch: char| ch.is_ascii_digit())
    };
    (!parts.is_empty() && parts.iter().all(valid)).then(|| parts.join("."))
}

/// The package a module's relative imports start from: the module itself for a package's
/// `__init__`, else its parent.
pub fn package_of_module(module: &str, is_init: bool) -> Option<String> {
    if is_init {
        return Some(module.to_owned());
    }
    module.rsplit_once('.').map(|(package, _)| package.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn summary(text: &str, module: &str, package: Option<&str>) -> ModuleSummary {
        summarize(text, &crate::document::parse(text, None), module, package)
    }

    #[test]
    fn a_summary_resolves_bases_through_imports_and_the_module() {
        let base = summary("import abc\nclass Base(abc.ABC):\n    @abc.abstractmethod\n    def run(self): ...\n", "pkg.base", Some("pkg"));
        assert_eq!(base.classes[0].bases, vec![BaseName::Qualified("abc.ABC".into())]);
        assert_eq!(base.classes[0].abstract_methods, vec!["run".to_owned()]);
        let init = summary("from .base import Base as B\n", "pkg", Some("pkg"));
        assert_eq!(init.imports, vec![("B".to_owned(), "pkg.base.Base".to_owned())]);
        let plain = summary("from .base import Base\n", "pkg.plain", Some("pkg"));
        assert_eq!(plain.imports, vec![("Base".to_owned(), "pkg.base.Base".to_owned())]);
        let child = summary("from . import B\nclass Mid(B): pass\nclass Leaf(Mid, f()): pass\n", "pkg.leaf", Some("pkg"));
        assert_eq!(child.classes[1].bases, vec![BaseName::Qualified("pkg.leaf.Mid".into()), BaseName::Text("f()".into())]);
        let index = Index::of([base, init, child], 1);
        assert_eq!(index.class("pkg.B").map(|class| class.qualified.as_str()), Some("pkg.base.Base"));
        assert!(index.class("pkg.leaf.Nope").is_none());
    }

    #[test]
    fn module_names_follow_the_layout() {
        assert_eq!(module_name(&["src", "pkg", "__init__.py"]).as_deref(), Some("pkg"));
        assert_eq!(module_name(&["pkg", "sub", "mod.py"]).as_deref(), Some("pkg.sub.mod"));
        assert_eq!(module_name(&["my-scripts", "mod.py"]), None);
    }
}
