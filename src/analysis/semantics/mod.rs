//! The facts about one file that topics, pitfalls and fixes share, so each is answered in one
//! place: asyncio receivers, loops and task groups (`asyncio`), names through imports (`imports`), what each scope binds (`scopes`), which class a
//! name means and its MRO (`classes`), which def a call runs and where a coroutine suspends
//! (`functions`), and the names of `typing` (`typing`). Feature modules
//! ask these and never each other (`tests/it/registry.rs`).

pub mod asyncio;
pub mod classes;
pub mod dispatch;
pub mod functions;
pub mod imports;
pub mod index;
pub mod scopes;
pub mod stdlib;
pub mod typing;
