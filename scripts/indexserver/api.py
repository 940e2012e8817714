"""The API's side: a route's handler, its service function, the load of the
route's IDs, and what error_translate.go makes of what comes back."""
import re

from follow import deleted_filtered, outcome, step
from gocode import calls, check_after, closing, returned_by, result_names, split_top, statement_start, statements, return_values

SERVER_DIR = "bin-api-manager/server/"
SERVICE_DIR = "bin-api-manager/pkg/servicehandler/"
TRANSLATE = "bin-api-manager/server/error_translate.go"
ROLE_NAMES = {
    "PermissionProjectSuperAdmin": "project super admin", "PermissionProjectAll": "project",
    "PermissionCustomerAgent": "customer agent", "PermissionCustomerAdmin": "customer admin",
    "PermissionCustomerManager": "customer manager", "PermissionCustomerAll": "any customer role",
    "PermissionAll": "any role",
}


class Translation:
    """error_translate.go: which reason the API answers for an error."""

    def __init__(self, show, constructed):
        text = show(TRANSLATE)
        self.cases = {}
        kinds = {}
        for c in constructed:
            if c["file"] == TRANSLATE:
                kinds[c["line"]] = c
        for m in re.finditer(r"case stderrors\.Is\(err, (\w+\.\w+)\):\s*\n\s*return cerrors\.\w+\(", text):
            line = text.count("\n", 0, m.end()) + 1
            if line in kinds:
                self.cases[m.group(1)] = kinds[line]
        self.typed_at = f"{TRANSLATE}:{text.count(chr(10), 0, text.index('stderrors.As(err, &ve)')) + 1}"
        default = text.rindex('"INTERNAL"')
        self.default = kinds[text.count("\n", 0, default) + 1]

    def answer(self, result):
        """{http, reason, at, via} a client receives, or None when untraced."""
        kind = result["kind"]
        via = [v for i, v in enumerate(result["via"]) if v not in result["via"][:i] and v != result["at"]]
        if kind == "typed":
            c = result["c"]
            return {"http": c["http"], "reason": c["reason"], "at": result["at"], "via": via}
        if kind == "sentinel":
            c = self.cases.get(result["name"], self.default)
            return {"http": c["http"], "reason": c["reason"], "at": result["at"],
                    "via": via + [f"{c['file']}:{c['line']}"]}
        if kind in ("plain", "notfound", "bare"):
            c = self.default
            return {"http": c["http"], "reason": c["reason"], "at": result["at"],
                    "via": via + [f"{c['file']}:{c['line']}"]}
        if kind == "ok":
            return {"http": 200, "reason": "", "at": result["at"], "via": via}
        return None


class Api:
    def __init__(self, code, managers, translation):
        self.code, self.managers, self.translation = code, managers, translation
        self.follow = managers.follow
        self.services = {n: fs[0] for n, fs in code.folder(SERVICE_DIR).items() if fs[0].receiver == "serviceHandler"}
        self.handlers = {n: fs[0] for n, fs in code.folder(SERVER_DIR).items()}

    def load(self, func, var, depth=3, caller=("a.CustomerID",)):
        """What the service function `func` answers when the row `var`
        names is missing, and where it loaded it: (outcome, load). `caller`:
        the names holding the caller's customer ID."""
        for call in calls(func):
            if var is not None and not call.uses(var):
                continue
            if call.on is not None:
                continue
            if call.field == "reqHandler":
                pos = call.position(var) if var else None
                inner, lookup, case = self.managers.request_load(call.name, pos)
                scope = [arg for arg in call.args if arg.strip() in caller or re.fullmatch(r"\w+\.CustomerID", arg.strip())]
                load = {"request": call.name, "lookup": lookup, "sites": [],
                        "scoped": func.at(call.start) if scope else None}
            elif call.field == "" and not call.plain and call.name in self.services and call.name != "hasPermission" and depth:
                target = self.services[call.name]
                pos = call.position(var) if var else None
                target_var = target.params[pos][0] if pos is not None and pos < len(target.params) else None
                if var is not None and target_var is None:
                    continue
                passed = tuple(target.params[i][0] for i, arg in enumerate(call.args)
                               if i < len(target.params) and arg.strip() in caller)
                inner, load = self.load(target, target_var, depth - 1, caller + passed)
                if load is None:
                    return inner, None
            else:
                continue
            at = func.at(call.start)
            names = result_names(func.body, call)
            load["sites"].append((func, call, names[0] if names else None))
            if returned_by(func.body, call):
                return step(inner, at), load
            if re.fullmatch(r"\s*if !", func.body[statement_start(func.body, call.start): call.start]):
                if inner["kind"] == "bool" and inner["value"] == "false":
                    taken = self.guarded(func, re.compile(r".").match(func.body, call.end - 1))
                    if taken:
                        load["guard"] = (call.name, step(taken, at))
                        return step(taken, at), load
                return outcome("untraced", at, why=f"{func.name} guards on {call.name} in a way the index does not read"), load
            check = check_after(func.body, call)
            if check is None:
                return outcome("untraced", at, why=f"{func.name} does not check the error of {call.name}"), load
            err_var, block, block_at = check
            result = self.follow.through(func, block_at, block, err_var, inner)
            if result is None:
                return outcome("untraced", at, why=f"{func.name} tests the error of {call.name} in a way the index does not read"), load
            return step(result, at), load
        return outcome("untraced", func.at(0), why=f"{func.name} loads the ID in no call the index follows"), None

    def after_load(self, load, *patterns):
        """The first match of any of `patterns` (with {res} for the loaded
        value) after the load, in the order the code runs: innermost
        function first, then earliest. (func, match, which pattern)."""
        for func, call, res in load["sites"]:
            if not res or res == "_":
                continue
            found = []
            for which, pattern in enumerate(patterns):
                m = re.compile(pattern.replace("{res}", re.escape(res))).search(func.body, call.end)
                if m:
                    found.append((m.start(), which, m))
            if found:
                _, which, m = min(found, key=lambda f: f[0])
                return func, m, which
        return None

    def guarded(self, func, m):
        """The outcome of the `if … {` block whose condition `m` matched."""
        open_at = func.body.index("{", m.end() - 1)
        block = func.body[open_at + 1: closing(func.body, open_at)]
        for off, statement in statements(block):
            values = return_values(statement)
            if values is not None:
                err = values[-1]
                return self.follow.classify(func, open_at + 1 + off + statement.rindex(err), err, None, None)
        return None


def agent_only(service):
    """The `if !a.IsAgent() { return … }` guard of a service function, or
    None: a route only an agent's token passes."""
    return re.search(r"if !a\.IsAgent\(\) \{", service.body)


def role_text(expression):
    names = [ROLE_NAMES.get(p, p) for p in re.findall(r"amagent\.(Permission\w+)", expression)]
    return " or ".join(names) if names else expression.strip()


class Route:
    """What one route answers per condition, from its handler down."""

    CONDITIONS = ("unknown_id", "deleted_id", "another_customer", "no_role")

    def __init__(self, api, path, handler):
        self.api, self.path, self.handler = api, path, api.handlers.get(handler)
        self.params = re.findall(r"\{(\w+)\}", path)

    def service_call(self):
        """The handler's call of the service function, and the positions of
        the route's IDs among its arguments."""
        h = self.handler
        ids = {}
        # The handler's parameters after c: the path's, in order.
        for (name, _), path_param in zip(h.params[1:], self.params):
            ids[name] = path_param
        for name, path_param in list(ids.items()):
            for m in re.finditer(r"(\w+)(?:\s*,\s*\w+)?\s*:?=\s*[^\n]*?(?<![\w.])" + re.escape(name) + r"\b", h.body):
                if m.group(1) not in ids and m.group(1) not in ("err", "_", "log"):
                    ids[m.group(1)] = path_param
        for call in calls(h):
            if call.on is not None or call.field != "serviceHandler":
                continue
            positions = {}
            for i, arg in enumerate(call.args):
                for var, path_param in ids.items():
                    if re.fullmatch(r"&?" + re.escape(var) + r"(\.String\(\))?|uuid\.UUID\(" + re.escape(var) + r"\)", arg.strip()):
                        positions.setdefault(path_param, i)
            if positions or not self.params:
                return call, positions
        return None, {}

    def conditions(self):
        found = []
        if self.handler is None:
            return [self.untraced(c, None, "its handler is not one the index reads") for c in self.CONDITIONS], []
        call, positions = self.service_call()
        service = self.api.services.get(call.name) if call else None
        if service is None:
            why = "its handler calls no service function the index reads"
            return [self.untraced(c, p, why) for p in self.params for c in self.CONDITIONS[:3]] + \
                [self.untraced("no_role", None, why)], []
        loads = {}
        for param in self.params:
            pos = positions.get(param)
            if pos is None:
                found.append(self.untraced("unknown_id", param, f"the handler does not pass {{{param}}} to {service.name}"))
                continue
            var = service.params[pos][0] if pos < len(service.params) else None
            result, load = self.api.load(service, var)
            loads[param] = (result, load)
            found.append(self.answer("unknown_id", param, result))
        first = self.params[0] if self.params else None
        if first in loads:
            result, load = loads[first]
            found.append(self.deleted(first, result, load))
            found.append(self.another(first, result, load))
        elif first:
            for c in ("deleted_id", "another_customer"):
                found.append(self.untraced(c, first, "its load is not traced"))
        found.append(self.role(service, loads.get(first, (None, None))[1]))
        agent = self.access_key(service)
        if agent:
            found.append(agent)
        return found, [c for result, _ in loads.values() for c in result.get("lost", [])]

    def access_key(self, service):
        """What a caller that is no agent (an access key) receives, on a
        route that checks for an agent or loads the caller's agent."""
        m = agent_only(service)
        if m:
            refused = self.api.guarded(service, m)
            if refused:
                return self.answer("access_key", None, refused,
                                   "agent only: an access key or a customer's token is refused, however valid")
        if "a.AgentID()" not in service.body:
            return None
        result, load = self.api.load(service, "a.AgentID()")
        # Where the agent's ID is only data in a request body, nothing loads it.
        if load is None or "in its body" in result.get("why", ""):
            return None
        return self.answer("access_key", None, result,
                           "no agent check: the route loads the caller's agent, and an access key has none")

    def untraced(self, condition, param, why):
        entry = {"condition": condition, "traced": False, "why": why}
        if param:
            entry["param"] = param
        return entry

    def answer(self, condition, param, result, note=None):
        wire = self.api.translation.answer(result)
        if wire is None:
            return self.untraced(condition, param, result.get("why", "not followed"))
        entry = {"condition": condition, "traced": True, **wire}
        if param:
            entry["param"] = param
        if note:
            entry["note"] = note
        return entry

    def deleted(self, param, result, load):
        if load is None:
            return self.untraced("deleted_id", param, "its load is not traced")
        found = self.api.after_load(load, r"if {res}\.TMDelete != nil \{")
        if found:
            func, m, _ = found
            checked = self.api.guarded(func, m)
            if checked:
                return self.answer("deleted_id", param, checked, "the API checks TMDelete after the load")
        if load.get("lookup"):
            filtered = deleted_filtered(self.api.code, load["lookup"])
            if filtered and filtered[0]:
                entry = self.answer("deleted_id", param, result, "the manager's lookup skips deleted rows")
                if entry.get("traced"):
                    entry["via"] = entry["via"] + [filtered[1]]
                return entry
            if filtered:
                return {"condition": "deleted_id", "param": param, "traced": True, "http": 0, "reason": "",
                        "at": filtered[1], "via": [],
                        "note": "no deletion check: the API checks no TMDelete and the manager's lookup does not skip deleted rows, so the request goes on as for a live one"}
        return self.untraced("deleted_id", param, "the API checks no TMDelete and the manager's lookup is not read")

    def another(self, param, result, load):
        if load is None:
            return self.untraced("another_customer", param, "its load is not traced")
        if load.get("scoped"):
            return self.answer("another_customer", param, result,
                               f"the load passes the caller's customer ({load['scoped']}): another customer's ID is not found")
        if load.get("guard"):
            name, checked = load["guard"]
            return self.answer("another_customer", param, checked,
                               f"the access check {name} answers it for any ID the caller may not see")
        found = self.api.after_load(
            load,
            r"hasPermission\(ctx, a, {res}\.CustomerID",
            r"if [^{\n]*(?:\b{res}\.(?:CustomerID|OwnerID) !=|!= {res}\.(?:CustomerID|OwnerID)\b)[^{\n]*\{")
        if found and found[2] == 0:
            func, m, _ = found
            return {"condition": "another_customer", "param": param, "traced": True, "http": 403,
                    "reason": "PERMISSION_DENIED", "at": func.at(m.start()), "via": [],
                    "note": "the API loads the resource, then checks its owner"}
        if found:
            func, m, _ = found
            checked = self.api.guarded(func, m)
            if checked:
                return self.answer("another_customer", param, checked, "the API compares the owner after the load")
        role = self.role(load["sites"][-1][0], load)
        if role["http"] == 403 and role.get("role_only"):
            return {"condition": "another_customer", "param": param, "traced": True, "http": 403,
                    "reason": "PERMISSION_DENIED", "at": role["at"], "via": [],
                    "note": "no owner check: " + role["note"]}
        return self.untraced("another_customer", param, "no owner check after the load")

    def role(self, service, load):
        body = service.body
        load_at = load["sites"][-1][1].start if load and load["sites"] else None
        checks = []
        for m in re.finditer(r"hasPermission\(ctx, a, ([\w.]+), ([^)]*)\)", body):
            owner = re.fullmatch(r"(\w+)\.CustomerID", m.group(1))
            checks.append((m.start(), not owner or owner.group(1) == "a", m.group(2)))
        for m in re.finditer(r"!a\.HasPermission\(([^)]*)\)", body):
            checks.append((m.start(), True, m.group(1)))
        if not checks:
            return {"condition": "no_role", "traced": True, "http": 0, "reason": "", "at": service.at(0), "via": [],
                    "note": "no role check: any caller of the customer may"}
        at, role_only, permission = checks[0]
        roles = role_text(permission)
        if "any role" in roles:
            return {"condition": "no_role", "traced": True, "http": 0, "reason": "", "at": service.at(at), "via": [],
                    "note": "any role of the customer may (PermissionAll)"}
        before = load_at is None or at < load_at
        if role_only and before:
            note = f"role check before any load: a caller without {roles} gets 403 whatever the ID"
            return {"condition": "no_role", "traced": True, "http": 403, "reason": "PERMISSION_DENIED",
                    "at": service.at(at), "via": [], "note": note, "role_only": True}
        elif role_only:
            note = f"role check after the load: a caller without {roles} gets 403 once the ID is found"
            return {"condition": "no_role", "traced": True, "http": 403, "reason": "PERMISSION_DENIED",
                    "at": service.at(at), "via": [], "note": note, "role_only": True}
        else:
            note = f"the owner check after the load also checks the role: a caller without {roles} gets 403 for an ID of its own customer"
        return {"condition": "no_role", "traced": True, "http": 403, "reason": "PERMISSION_DENIED",
                "at": service.at(at), "via": [], "note": note}
