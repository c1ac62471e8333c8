//! `blocking-call-in-async`: a call that blocks the thread (`time.sleep`, `requests.get`,
//! `subprocess.run`, `input`...) in the own body of an `async def`, where it stalls the event loop.

use tree_sitter::Node;

use crate::analysis::semantics::functions::enclosing_coroutine;
use crate::analysis::syntax::last_name;
use crate::analysis::{Context, Finding};

pub const CODE: &str = "blocking-call-in-async";

/// The qualified names of the calls flagged.
const BLOCKING: &[&str] = &[
    "time.sleep",
    "requests.get",
    "requests.post",
    "requests.put",
    "requests.patch",
    "requests.delete",
    "requests.head",
    "requests.options",
    "requests.request",
    "httpx.get",
    "httpx.post",
    "httpx.put",
    "httpx.patch",
    "httpx.delete",
    "httpx.head",
    "httpx.options",
    "httpx.request",
    "httpx.stream",
    "urllib.request.urlopen",
    "urllib3.request",
    "subprocess.run",
    "subprocess.call",
    "subprocess.check_call",
    "subprocess.check_output",
    "subprocess.getoutput",
    "subprocess.getstatusoutput",
    "subprocess.Popen",
    "os.system",
    "os.popen",
    "os.wait",
    "os.waitpid",
    "os.wait3",
    "os.wait4",
    "os.waitid",
    "builtins.input",
];

pub fn check(context: &Context, out: &mut Vec<Finding>) {
    for call in context.nodes("call") {
        if let Some((_, name)) = matches_call(context, *call) {
            out.extend(context.finding_at(CODE, name));
        }
    }
}

/// The qualified name of the blocking function and the callee's last name token, when `call`
/// is one of the flagged calls in an `async def`'s own body.
pub fn matches_call<'tree>(context: &Context<'tree>, call: Node<'tree>) -> Option<(String, Node<'tree>)> {
    let callee = call.child_by_field_name("function")?;
    let name = last_name(callee)?;
    let qualified = context.resolve(callee)?;
    if !BLOCKING.contains(&qualified.as_str()) {
        return None;
    }
    enclosing_coroutine(call)?;
    Some((qualified, name))
}
