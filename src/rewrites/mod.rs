//! Teaching rewrites: the construct under the cursor written another way with the same
//! behaviour (a context-manager class as a `@contextmanager` function, a generator as an
//! iterator class, ...), as byte-range edits like the fixes. One module per rewrite; each offers
//! itself only where its preconditions hold and names the topic it teaches.

mod context_manager_class;
mod context_manager_function;
mod decorator_class;
mod decorator_parameters;
mod generator_class;
mod isinstance_match;
mod plain_dataclass;
pub(crate) mod source;

use std::ops::Range;

use crate::analysis::Context;
use crate::fixes::Edit;
use crate::settings::Settings;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rewrite {
    /// What the rewrite does, with the names of the user's code.
    pub title: String,
    /// The id of the topic whose entry explains both forms.
    pub topic: &'static str,
    /// Non-overlapping, sorted by start.
    pub edits: Vec<Edit>,
}

/// One rewrite: offered at a byte range of a file under some settings, or not.
type Offer = fn(&Context, &Range<usize>, &Settings) -> Option<Rewrite>;

/// Every rewrite whose construct the byte range `at` touches, in a fixed order.
pub fn rewrites_at(context: &Context, at: Range<usize>, settings: &Settings) -> Vec<Rewrite> {
    let offers: [Offer; 7] = [
        context_manager_class::offer,
        context_manager_function::offer,
        generator_class::offer,
        decorator_class::offer,
        decorator_parameters::offer,
        isinstance_match::offer,
        plain_dataclass::offer,
    ];
    let mut found: Vec<Rewrite> = offers.iter().filter_map(|offer| offer(context, &at, settings)).collect();
    for rewrite in &mut found {
        rewrite.edits.sort_by_key(|edit| (edit.range.start, edit.range.end));
    }
    found
}
