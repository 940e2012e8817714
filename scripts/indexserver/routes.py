"""Per route: what its own code answers, and what a client receives for an
unknown ID, a deleted ID, another customer's ID and a caller without the role."""
import re

from api import Route, agent_only
from gocode import calls, check_after, returned_by
from managers import BARE, Reach

# The order conditions are listed in.
ORDER = {"unknown_id": 0, "deleted_id": 1, "another_customer": 2, "no_role": 3, "access_key": 4, "any_id": 5}


def answer(http, reason, why, at):
    file, line = at.rsplit(":", 1)
    return {"http": http, "reason": reason, "why": why, "file": file, "line": int(line)}


class Routes:
    def __init__(self, api, managers, constructed):
        self.api, self.managers = api, managers
        self.reach = Reach(managers, 3)
        self.by_line = {(c["file"], c["line"]): c for c in constructed}

    def requests_of(self, func, depth):
        """The RPC requests a service function makes, directly or through the
        service functions it calls, whose errors it passes on."""
        found = []
        for call in calls(func):
            if call.on is not None or call.plain:
                continue
            if call.field == "reqHandler" and self.passes(func, call):
                found.append(call.name)
            elif call.field == "" and call.name in self.api.services and call.name != "hasPermission" and depth:
                if self.passes(func, call):
                    found += self.requests_of(self.api.services[call.name], depth - 1)
        return found

    def passes(self, func, call):
        return self.reach.passes(func, call)

    def own(self, func):
        """Reasons a function of the API constructs itself."""
        end = func.body_line + func.body.count("\n")
        return [answer(c["http"], c["reason"], "constructed", f"{c['file']}:{c['line']}")
                for (path, line), c in sorted(self.by_line.items()) if path == func.path and func.line <= line <= end]

    def checks(self, service):
        """The caller checks of a service function: ownership (the loaded
        resource's customer), permission (the caller's role) and agent only."""
        found = []
        for m in re.finditer(r"hasPermission\(ctx, a, ([\w.]+),", service.body):
            owner = re.fullmatch(r"(\w+)\.CustomerID", m.group(1))
            why = "ownership" if owner and owner.group(1) != "a" else "permission"
            found.append(answer(403, "PERMISSION_DENIED", why, service.at(m.start())))
        for m in re.finditer(r"!a\.HasPermission\(", service.body):
            found.append(answer(403, "PERMISSION_DENIED", "permission", service.at(m.start())))
        m = agent_only(service)
        refused = self.api.guarded(service, m) if m else None
        wire = self.api.translation.answer(refused) if refused else None
        if wire and wire["reason"]:
            found.append(answer(wire["http"], wire["reason"], "agent only", wire["at"]))
        # The first of each kind: the one a caller meets.
        first = {}
        for a in found:
            first.setdefault(a["why"], a)
        return list(first.values())

    def route(self, entry):
        """Fills a route's answers and conditions."""
        handler = self.api.handlers.get(entry["handler"])
        if handler is None:
            return
        entry["answers"] += self.own(handler)
        traced = Route(self.api, entry["path"], entry["handler"])
        conditions, lost = traced.conditions()
        lost = {(c["file"], c["line"]) for c in lost}
        for call in calls(handler):
            if call.on is not None or call.field != "serviceHandler":
                continue
            service = self.api.services.get(call.name)
            if service is None:
                continue
            entry["answers"] += self.checks(service) + self.own(service)
            for name in sorted(set(self.requests_of(service, 2))):
                request = self.managers.requests.get(name)
                if request is None:
                    continue
                case = self.managers.case_for(request)
                if case is None:
                    at = self.managers.dispatch_default_at(request.manager)
                    conditions.append({
                        "condition": "any_id", "traced": True, "http": 404, "reason": "RESOURCE_NOT_FOUND",
                        "at": at, "via": [request.func.at(0)],
                        "note": f"{request.manager} has no case for {request.method} {request.uri}: every request answers 404"})
                    entry["answers"].append(answer(404, "RESOURCE_NOT_FOUND", "translated", at))
                    continue
                # A failure of the manager's own work, as the client gets it.
                for exit in self.managers.exits(case):
                    code = exit.get("plain")
                    if isinstance(code, int) and code not in (200, 500):
                        wire = self.api.translation.answer({"kind": "sentinel", "at": exit["plain_at"], "via": [],
                                                            "name": f"requesthandler.{BARE.get(code, 'ErrUnknown')}"})
                        entry["answers"].append(answer(wire["http"], wire["reason"], "translated", exit["plain_at"]))
                if not request.typed:
                    continue
                sent, _ = self.reach.case(case)
                for c in sent:
                    if (c["file"], c["line"]) not in lost:
                        entry["answers"].append(answer(c["http"], c["reason"], "manager", f"{c['file']}:{c['line']}"))
        # An owner check the load makes moot (a load scoped to the caller's
        # customer answers another customer's ID first) checks only the role.
        foreign = {c["at"] for c in conditions if c["condition"] == "another_customer" and c.get("http") == 403}
        for a in entry["answers"]:
            if a["why"] == "ownership" and f"{a['file']}:{a['line']}" not in foreign:
                a["why"] = "permission"
        # What a condition answers that no constructor of the route's own
        # code names: the API's generic reasons for bare statuses and sentinels.
        named = {(a["reason"], f"{a['file']}:{a['line']}") for a in entry["answers"]}
        for c in conditions:
            if c.get("traced") and c.get("reason") and (c["reason"], c["at"]) not in named:
                file, line = c["at"].rsplit(":", 1)
                if (file, int(line)) not in self.by_line:
                    why = "translated"
                elif file.startswith("bin-api-manager/"):
                    why = "constructed"
                else:
                    why = "manager"
                entry["answers"].append(answer(c["http"], c["reason"], why, c["at"]))
        position = {p: i for i, p in enumerate(traced.params)}
        entry["conditions"] = sorted(conditions, key=lambda c: (ORDER[c["condition"]], position.get(c.get("param"), -1)))
        entry["lost"] = sorted(f"{file}:{line}" for file, line in lost)
