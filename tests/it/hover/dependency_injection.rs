//! Dependency injection: an `__init__` that builds its collaborators itself.

use insta::assert_snapshot;

use crate::support::{check_no_hover, hover_notes};

#[test]
fn init_builds_one_collaborator() {
    // `self.db = Database()` inside `__init__`.
    let actual = hover_notes(
        r#"
class Database:
    def close(self):
        pass

class Service:
    def $0__init__(self):
        self.db = Database()
"#,
    );
    assert_snapshot!(actual, @r"
    **Dependency injection**
    - Builds its collaborator itself: `self.db = Database()`.
    - Taking `db: Database` as a parameter instead lets callers and tests pass another implementation.
    ");
}

#[test]
fn init_builds_several_collaborators_one_private() {
    // Two collaborators; `_cache` becomes the parameter `cache`.
    let actual = hover_notes(
        r#"
class Database:
    def close(self):
        pass

class Cache:
    def close(self):
        pass

class Service:
    def $0__init__(self, name):
        self.name = name
        self.db = Database()
        self._cache = Cache()
"#,
    );
    assert_snapshot!(actual, @r"
    **Dependency injection**
    - Builds its collaborators itself: `self.db = Database()`, `self._cache = Cache()`.
    - Taking `db: Database`, `cache: Cache` as parameters instead lets callers and tests pass other implementations.
    ");
}

#[test]
fn collaborator_built_inside_with_by_a_receiver_not_named_self() {
    // An assignment inside a `with` block runs unconditionally; the receiver is the first parameter.
    let actual = hover_notes(
        r#"
class Client:
    def close(self):
        pass

class App:
    def $0__init__(this, lock):
        with lock:
            this.client = Client()
"#,
    );
    assert_snapshot!(actual, @r"
    **Dependency injection**
    - Builds its collaborator itself: `this.client = Client()`.
    - Taking `client: Client` as a parameter instead lets callers and tests pass another implementation.
    ");
}

#[test]
fn injected_parameters_data_classes_and_exceptions_are_not_flagged() {
    // Near misses: the collaborator comes in as a parameter; a dataclass value; an exception.
    check_no_hover(
        r#"
class Database:
    def close(self):
        pass

class Service:
    def $0__init__(self, db=None):
        self.db = db or Database()
"#,
    );
    check_no_hover(
        r#"
from dataclasses import dataclass

@dataclass
class Point:
    x: int

class Shape:
    def $0__init__(self):
        self.origin = Point(0)
"#,
    );
    check_no_hover(
        r#"
class Failure(Exception):
    pass

class Job:
    def $0__init__(self):
        self.error = Failure()
"#,
    );
}
