"""Follows an error from a manager's code to what a client receives."""
import re

from gocode import (Func, calls, check_after, closing, parse_functions, return_values,
                    returned_by, result_names, split_top, statements, wrapped_argument)

# Fields of a receiver that are not where a resource is loaded.
SKIP_FIELDS = {"utilHandler", "notifyHandler", "util", "notify", "metricsHandler"}
DB_FIELD = re.compile(r"^(db|dbHandler|dbhandler|DB|database)$")
DELETED_FILTER = re.compile(
    r"tm_delete\s+IS\s+NULL|FieldTMDelete\)?\s*:\s*nil|\"tm_delete\"\s*:\s*nil|TMDelete\s*==\s*nil|tm_delete\s*=\s*\?",
    re.I)


def outcome(kind, at, **more):
    found = {"kind": kind, "at": at, "via": []}
    found.update(more)
    return found


def step(result, at):
    """The outcome, passed on at `at`."""
    if at not in result["via"]:
        result = dict(result, via=[at] + result["via"])
    return result


class Code:
    """The monorepo's Go files at one commit, parsed on demand."""

    def __init__(self, show, files, constructed):
        self.show, self.files = show, files
        self.by_line = {(c["file"], c["line"]): c for c in constructed}
        self._funcs = {}

    def folder(self, folder):
        """name -> [Func] of every function in one folder (one package)."""
        if folder not in self._funcs:
            found = {}
            for path in self.files(folder):
                if path.count("/") != folder.count("/"):
                    continue
                for f in parse_functions(path, self.show(path)):
                    found.setdefault(f.name, []).append(f)
            self._funcs[folder] = found
        return self._funcs[folder]

    def method(self, folder, name, receiver=None):
        for f in self.folder(folder).get(name, []):
            if receiver is None or f.receiver == receiver:
                return f
        return None

    def field_folder(self, folder, receiver, field):
        """The folder of the package a receiver's field is typed from."""
        for path in self.files(folder):
            if path.count("/") != folder.count("/"):
                continue
            text = self.show(path)
            struct = re.search(r"^type " + re.escape(receiver) + r" struct \{\n(.*?)^\}", text, re.M | re.S)
            if not struct:
                continue
            m = re.search(r"^\s*" + re.escape(field) + r"\s+\*?(\w+)\.\w+", struct.group(1), re.M)
            if not m:
                return None
            alias = m.group(1)
            imp = re.search(r'^\s*' + re.escape(alias) + r'\s+"monorepo/([^"]+)"', text, re.M) or \
                re.search(r'^\s*"monorepo/([^"]*/' + re.escape(alias) + r')"', text, re.M)
            return imp.group(1) + "/" if imp else None
        return None

    def package_errors(self, folder):
        """name -> constructor of the package's `var ErrX = cerrors.Kind(…)`."""
        found = {}
        for path in self.files(folder):
            if path.count("/") != folder.count("/"):
                continue
            text = self.show(path)
            for m in re.finditer(r"^var (\w+) = \w+\.\w+\(", text, re.M):
                c = self.by_line.get((path, text.count("\n", 0, m.start()) + 1))
                if c:
                    found[m.group(1)] = c
        return found

    def import_folder(self, path, alias):
        text = self.show(path)
        imp = re.search(r'^\s*' + re.escape(alias) + r'\s+"monorepo/([^"]+)"', text, re.M) or \
            re.search(r'^\s*"monorepo/([^"]*/' + re.escape(alias) + r')"', text, re.M)
        return imp.group(1) + "/" if imp else None

    def constructor_in(self, func, offset, text):
        """A reason constructor called in `text`, which starts at `offset` of
        the body."""
        first = func.line_at(offset)
        for line in range(first, first + text.count("\n") + 1):
            c = self.by_line.get((func.path, line))
            if c:
                return c
        return None


class Follower:
    """What comes out of a function when the row an ID names is missing."""

    def __init__(self, code):
        self.code = code

    def classify(self, func, offset, expr, var, incoming):
        """The error `expr` (at `offset` of the body) is, when `var` holds `incoming`."""
        expr = expr.strip()
        at = func.at(offset)
        if expr == "nil":
            return outcome("ok", at)
        if expr in ("true", "false"):
            return outcome("bool", at, value=expr)
        if var and expr == var:
            return step(incoming, at)
        c = self.code.constructor_in(func, offset, expr)
        if c:
            lost = [incoming["c"]] if incoming and incoming["kind"] == "typed" else []
            return outcome("typed", f"{c['file']}:{c['line']}", c=c, lost=lost + (incoming or {}).get("lost", []))
        inner = wrapped_argument(expr)
        if inner is not None:
            if inner == "":
                return self.replaced(at, incoming)
            return step(self.classify(func, offset + max(expr.find(inner), 0), inner, var, incoming), at)
        m = re.fullmatch(r"(serviceerrors|requesthandler)\.(Err\w+)", expr)
        if m:
            return outcome("sentinel", at, name=f"{m.group(1)}.{m.group(2)}")
        c = self.code.package_errors(func.path.rsplit("/", 1)[0] + "/").get(expr)
        if c:
            return outcome("typed", f"{c['file']}:{c['line']}", c=c, lost=[])
        return self.replaced(at, incoming)

    @staticmethod
    def replaced(at, incoming):
        lost = [incoming["c"]] if incoming and incoming["kind"] == "typed" else []
        return outcome("plain", at, lost=lost + (incoming or {}).get("lost", []))

    def applies(self, condition, incoming):
        """Whether an `if` inside an error check is taken for `incoming`."""
        negated = condition.strip().startswith("!")
        if "ErrNotFound" in condition:
            hit = incoming["kind"] == "notfound" or (
                incoming["kind"] == "sentinel" and incoming["name"].endswith("ErrNotFound"))
        elif "VoipbinError" in condition or "errors.As(" in condition:
            hit = incoming["kind"] == "typed"
        else:
            return None
        return hit != negated

    def chosen_return(self, offset, block, var, incoming):
        """The `return` an error check block takes for `incoming`:
        (offset of the statement, its text, its values), or None when it
        returns nothing or tests the error in a way the index does not read."""
        for at, statement in statements(block):
            at += offset
            values = return_values(statement)
            if values is not None:
                return at, statement, values
            m = re.match(r"\s*if (.*?)\{\n", statement, re.S)
            if m and var is not None and re.search(r"\b" + var + r"\b", m.group(1)):
                taken = self.applies(m.group(1), incoming)
                if taken is None:
                    return None
                if taken:
                    open_at = m.end() - 2
                    inner = statement[open_at + 1: closing(statement, open_at)]
                    found = self.chosen_return(at + open_at + 1, inner, var, incoming)
                    if found is not None:
                        return found
        return None

    def through(self, func, offset, block, var, incoming):
        """What an error check block returns for `incoming`, or None."""
        chosen = self.chosen_return(offset, block, var, incoming)
        if chosen is None:
            return None
        at, statement, values = chosen
        if not values:
            return None
        err = values[-1]
        return self.classify(func, at + statement.rindex(err), err, var, incoming)

    def load(self, func, var, depth, skip=()):
        """The outcome of `func` when the row `var` names is missing, and the
        database lookup that finds it so (for the deleted-row check)."""
        if depth < 0:
            return outcome("untraced", func.at(0), why="too deep to follow"), None
        for call in calls(func):
            if call.field in SKIP_FIELDS or call.field.endswith("cache") or call.field.endswith("Cache"):
                continue
            if var is not None and not call.uses(var):
                continue
            if call.name in skip:
                continue
            inner, lookup = self.callee(func, call, var, depth)
            if inner is None:
                continue
            at = func.at(call.start)
            if returned_by(func.body, call):
                return step(inner, at), lookup
            check = check_after(func.body, call)
            if check is None:
                continue
            err_var, block, block_at = check
            result = self.through(func, block_at, block, err_var, inner)
            if result is None:
                return outcome("untraced", at, why="the error is tested in a way the index does not read"), lookup
            return step(result, at), lookup
        return outcome("untraced", func.at(0), why=f"{func.name} uses the ID in no call the index follows"), None

    def callee(self, func, call, var, depth):
        """The outcome of a called function for a missing row."""
        folder = func.path.rsplit("/", 1)[0] + "/"
        pos = call.position(var) if var else None
        on_db = call.on is not None and any(n == call.on and "dbhandler" in t.lower() for n, t in func.params)
        if call.on is not None and not on_db:
            return None, None
        if on_db or DB_FIELD.match(call.field):
            if "Get" not in call.name:
                return outcome("untraced", func.at(call.start),
                               why=f"{func.name} does {call.name} without looking the row up first"), None
            db_folder = self.code.field_folder(folder, func.receiver, call.field) if not on_db else \
                self.code.import_folder(func.path, dict(func.params)[call.on].split(".")[0].lstrip("*"))
            return outcome("notfound", func.at(call.start)), (db_folder, call.name)
        if call.field == "reqHandler":
            return outcome("untraced", func.at(call.start), why=f"the manager asks another one ({call.name})"), None
        if call.plain:
            target = self.code.method(folder, call.name, "")
            if target is None:
                return None, None
        elif call.field == "":
            target = self.code.method(folder, call.name, func.receiver)
        else:
            target_folder = self.code.field_folder(folder, func.receiver, call.field)
            target = self.code.method(target_folder, call.name) if target_folder else None
        if target is None:
            return None, None
        target_var = target.params[pos][0] if pos is not None and pos < len(target.params) else None
        if target_var is None and var is not None:
            return None, None
        return self.load(target, target_var, depth - 1)


def deleted_filtered(code, lookup):
    """Whether the database lookup skips deleted rows, and where it says so."""
    folder, name = lookup
    if not folder:
        return None
    func = code.method(folder, name)
    if func is None:
        return None
    seen = [func]
    for call in calls(func):
        if call.field == "":
            inner = code.method(folder, call.name, func.receiver)
            if inner and inner not in seen:
                seen.append(inner)
    for f in seen:
        m = DELETED_FILTER.search(f.body)
        if m:
            return True, f.at(m.start())
    return False, func.at(0)
