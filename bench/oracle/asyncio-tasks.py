"""`asyncio-tasks`: the function or class token of calls of the task functions of `asyncio`
(through `import asyncio [as a]` and `from asyncio import x [as y]`), the method token of any
`.run_in_executor(...)`, and of `.create_task(...)` on a name bound by
`async with asyncio.TaskGroup() as NAME` or on a name or `self.` attribute assigned an event loop."""

import ast

FUNCTIONS = {"create_task", "ensure_future", "gather", "wait", "wait_for", "as_completed", "shield",
             "timeout", "TaskGroup", "to_thread", "run", "Runner"}
GETTERS = {"get_running_loop", "get_event_loop", "new_event_loop"}


def anchors(tree, source):
    modules, names = set(), {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name == "asyncio":
                    modules.add(alias.asname or "asyncio")
        elif isinstance(node, ast.ImportFrom) and node.module == "asyncio" and node.level == 0:
            for alias in node.names:
                names[alias.asname or alias.name] = alias.name

    def asyncio_name(func):
        if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and func.value.id in modules:
            return func.attr
        if isinstance(func, ast.Name) and func.id in names:
            return names[func.id]
        return None

    def token(func):
        if isinstance(func, ast.Name):
            return (func.lineno, func.col_offset)
        return (func.end_lineno, func.end_col_offset - len(func.attr))

    # The innermost def (or the module) around each node: a plain name is bound per function.
    # and `self.x` per class.
    owner, parent_def, owner_class = {}, {}, {}
    functions = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)

    def visit(node, current, klass):
        for child in ast.iter_child_nodes(node):
            owner[child] = current
            owner_class[child] = klass
            if isinstance(child, functions):
                parent_def[child] = current
            visit(child, child if isinstance(child, functions) else current, child if isinstance(child, ast.ClassDef) else klass)

    visit(tree, tree, None)

    def binds(function, name):
        if isinstance(function, functions):
            arguments = function.args
            every = arguments.posonlyargs + arguments.args + arguments.kwonlyargs + [arguments.vararg, arguments.kwarg]
            if any(argument is not None and argument.arg == name for argument in every):
                return True
        for node in ast.walk(function):
            if isinstance(node, ast.Name) and node.id == name and isinstance(node.ctx, ast.Store) and owner.get(node) is function:
                return True
        return False

    def binder(node, name):
        """The def (or module) whose variable `name` is where `node` reads it."""
        function = owner.get(node)
        while function is not None and function is not tree and not binds(function, name):
            function = parent_def.get(function)
        return function if function is not None else tree

    loops, groups = set(), set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.value, ast.Call):
            if asyncio_name(node.value.func) in GETTERS:
                target = node.targets[0]
                if isinstance(target, ast.Name):
                    loops.add((owner.get(node), target.id))
                elif isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name):
                    loops.add((owner_class.get(node), target.value.id + "." + target.attr))
        if isinstance(node, ast.AsyncWith):
            for item in node.items:
                if isinstance(item.context_expr, ast.Call) and asyncio_name(item.context_expr.func) == "TaskGroup":
                    if isinstance(item.optional_vars, ast.Name):
                        groups.add((owner.get(node), item.optional_vars.id))

    found = set()
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if asyncio_name(func) in FUNCTIONS:
            found.add(token(func))
        elif isinstance(func, ast.Attribute):
            receiver = func.value
            spelled = None
            if isinstance(receiver, ast.Name):
                spelled = (binder(node, receiver.id), receiver.id)
            elif isinstance(receiver, ast.Attribute) and isinstance(receiver.value, ast.Name):
                spelled = (owner_class.get(node), receiver.value.id + "." + receiver.attr)
            if func.attr == "run_in_executor":
                found.add(token(func))
            elif func.attr == "create_task" and spelled is not None and (spelled in loops or spelled in groups):
                found.add(token(func))
    return found
