//! The builtin and standard-library classes as data: `stdlib_classes.json`, written by
//! `tools/stdlib_classes.py` from a CPython interpreter, embedded in the binary and parsed once
//! on first use. Their MROs, metaclasses and namespaces never change, so a base class from there
//! is as known as a class of the file.

use std::collections::HashMap;
use std::sync::OnceLock;

/// The table, as the generator writes it.
pub const TABLE: &str = include_str!("stdlib_classes.json");

/// A class from outside the file whose MRO and attributes are fixed.
#[derive(Debug)]
pub struct KnownClass {
    pub qualified: String,
    pub name: String,
    /// Its MRO after itself, as qualified names of other classes of the table.
    pub mro_tail: Vec<String>,
    /// The qualified name of its metaclass.
    pub metaclass: String,
    /// Names its own `__dict__` defines.
    pub defines: Vec<String>,
    /// The abstract methods `ABCMeta` still counts on it.
    pub abstract_methods: Vec<String>,
    pub slots: Option<Vec<String>>,
    pub match_args: Option<Vec<String>>,
}

impl PartialEq for KnownClass {
    fn eq(&self, other: &Self) -> bool {
        self.qualified == other.qualified
    }
}

impl Eq for KnownClass {}

impl KnownClass {
    pub fn defines(&self, attribute: &str) -> bool {
        self.defines.iter().any(|name| name == attribute)
    }

    /// Itself and its MRO tail, as classes of the table.
    pub fn mro(&'static self) -> Vec<&'static KnownClass> {
        std::iter::once(self).chain(self.mro_tail.iter().filter_map(|name| class(name))).collect()
    }

    /// Whether `ABCMeta` (or a subclass of it) builds this class.
    pub fn has_abcmeta(&self) -> bool {
        class(&self.metaclass).is_some_and(|meta| meta.mro().iter().any(|link| link.qualified == "abc.ABCMeta"))
    }
}

pub struct Table {
    /// The Python version the table was generated from.
    pub python: String,
    classes: HashMap<String, KnownClass>,
    aliases: HashMap<String, String>,
}

#[derive(serde::Deserialize)]
struct RawTable {
    python: String,
    aliases: HashMap<String, String>,
    classes: Vec<RawClass>,
}

#[derive(serde::Deserialize)]
struct RawClass {
    q: String,
    n: String,
    mro: Vec<String>,
    meta: String,
    defs: Vec<String>,
    #[serde(default)]
    r#abstract: Vec<String>,
    slots: Option<Vec<String>>,
    match_args: Option<Vec<String>>,
}

pub fn table() -> &'static Table {
    static PARSED: OnceLock<Table> = OnceLock::new();
    PARSED.get_or_init(|| {
        let raw: RawTable = serde_json::from_str(TABLE).expect("the embedded table is checked by tests/it/stdlib_classes.rs");
        let classes = raw
            .classes
            .into_iter()
            .map(|raw| {
                let class = KnownClass {
                    qualified: raw.q.clone(),
                    name: raw.n,
                    mro_tail: raw.mro,
                    metaclass: raw.meta,
                    defines: raw.defs,
                    abstract_methods: raw.r#abstract,
                    slots: raw.slots,
                    match_args: raw.match_args,
                };
                (raw.q, class)
            })
            .collect();
        Table { python: raw.python, classes, aliases: raw.aliases }
    })
}

/// The class a qualified name means (`io.StringIO`, `typing.List` as a base), if it is in the table.
pub fn class(qualified: &str) -> Option<&'static KnownClass> {
    let table = table();
    let name = table.aliases.get(qualified).map_or(qualified, String::as_str);
    table.classes.get(name)
}

/// The number of classes in the table.
pub fn len() -> usize {
    table().classes.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_knows_the_common_bases() {
        let object = class("builtins.object").map(|object| object.mro().len());
        assert_eq!(object, Some(1));
        let task = class("asyncio.Task").map(|task| task.mro_tail.clone());
        assert_eq!(task, Some(vec!["asyncio.Future".to_owned(), "builtins.object".to_owned()]));
        assert!(class("collections.abc.Mapping")
            .is_some_and(|mapping| mapping.has_abcmeta() && mapping.abstract_methods == ["__getitem__", "__iter__", "__len__"]));
        assert!(class("threading.Thread").is_some_and(|thread| !thread.has_abcmeta() && thread.defines("run")));
        assert_eq!(class("typing.List").map(|list| list.qualified.as_str()), Some("builtins.list"));
        assert_eq!(class("builtins.IOError").map(|error| error.name.as_str()), Some("OSError"));
    }
}
