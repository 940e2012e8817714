"""The managers behind the API: their RPC requests, listen handlers, and
how an error leaves each listen-handler case."""
import re

from follow import DB_FIELD as DB, SKIP_FIELDS as SKIP, Follower, outcome, step
from gocode import calls, check_after, closing, parse_functions, return_values, returned_by, split_top, statements

REQUEST_DIR = "bin-common-handler/pkg/requesthandler/"
# An error of any typed kind, to see whether a path keeps the type.
TYPED_PROBE = {"kind": "typed", "at": "", "via": [], "c": {"reason": "?", "http": 0, "file": "", "line": 0}}
SAMPLE_ID = "00000000-0000-0000-0000-000000000000"
CONSUME = "bin-common-handler/pkg/rabbitmqhandler/consume.go"


class BlindSpot(Exception):
    """A listen handler the index cannot read: the run fails on it."""


def go_string(expression, constants):
    value = ""
    for part in re.findall(r'"(?:[^"\\]|\\.)*"|`[^`]*`|\w+', expression):
        if part.startswith('"'):
            value += part[1:-1].replace("\\\\", "\\")
        elif part.startswith("`"):
            value += part[1:-1]
        elif part in constants:
            value += constants[part]
        else:
            return None
    return value


class Request:
    """One requestHandler method: the URI and method it sends, to which
    manager, and whether it reads a typed error from the answer."""

    def __init__(self, func, manager, uri, method, typed, status_check):
        self.func, self.manager, self.uri, self.method = func, manager, uri, method
        self.typed, self.status_check = typed, status_check
        self.sample = re.sub(r"%[sv]", SAMPLE_ID, uri).replace("%d", "1")

    def segment_of(self, param):
        """The URI segment (split at `/`) a parameter of the request fills."""
        m = re.search(r'uri\s*:?=\s*fmt\.Sprintf\(', self.func.body)
        if not m:
            return None
        args = split_top(self.func.body[m.end(): closing(self.func.body, m.end() - 1)])
        fmt, values = args[0].strip('"'), args[1:]
        verbs = [(mm.start(), mm.group()) for mm in re.finditer(r"%[sdv]", fmt)]
        for (at, _), value in zip(verbs, values):
            if re.fullmatch(re.escape(param) + r"(\.String\(\))?", value.strip()):
                return fmt[:at].count("/")
        return None


class Case:
    """One case of a listen handler's switch."""

    def __init__(self, manager, pattern, method, listener, at):
        self.manager, self.pattern, self.method, self.listener, self.at = manager, pattern, method, listener, at


class Managers:
    def __init__(self, code, top_folders):
        self.code = code
        self.follow = Follower(code)
        self.top = set(top_folders)
        self.requests = self.read_requests()
        self._cases = {}
        self._dispatch = {}

    # -- requests -----------------------------------------------------

    def read_requests(self):
        senders = {}
        for f in self.code.folder(REQUEST_DIR).get("sendRequest", []):
            pass
        for name, funcs in self.code.folder(REQUEST_DIR).items():
            for f in funcs:
                queue = re.search(r"QueueName(\w+)Request", f.body)
                if name.startswith("sendRequest") and queue:
                    folder = f"bin-{queue.group(1).lower()}-manager"
                    if folder in self.top:
                        senders[name] = folder
        found = {}
        for name, funcs in self.code.folder(REQUEST_DIR).items():
            for f in funcs:
                if f.receiver != "requestHandler":
                    continue
                uri = re.search(r'uri\s*:?=\s*(?:fmt\.Sprintf\()?\s*"([^"]*)"', f.body)
                method = re.search(r"sock\.RequestMethod(\w+)", f.body)
                sender = re.search(r"r\.(sendRequest\w+)\(", f.body)
                if uri and method and sender and sender.group(1) in senders:
                    status = re.search(r"\.StatusCode\s*!=\s*\d+", f.body)
                    found[name] = Request(f, senders[sender.group(1)], uri.group(1), method.group(1).upper(),
                                          "parseResponse(" in f.body,
                                          f.at(status.start()) if status else None)
        return found

    # -- listen handlers ----------------------------------------------

    def listen_folder(self, manager):
        return manager + "/pkg/listenhandler/"

    def cases(self, manager):
        """The cases of a manager's listen handler, in switch order. A case
        the index cannot read (its pattern or its function) is a blind spot."""
        if manager in self._cases:
            return self._cases[manager]
        folder = self.listen_folder(manager)
        texts = {p: self.code.show(p) for p in self.code.files(folder) if p.count("/") == folder.count("/")}
        constants, patterns = {}, {}
        assign = r"^\s*(\w+)\s*=\s*(%s)\s*(?://.*)?$"
        for text in texts.values():
            for name, value in re.findall(assign % r'"(?:[^"\\]|\\.)*"|`[^`]*`', text, re.M):
                constants[name] = go_string(value, {})
        for text in texts.values():
            for name, expression in re.findall(assign % r"regexp\.MustCompile\(.*\)", text, re.M):
                value = go_string(expression[len("regexp.MustCompile("):-1], constants)
                if value is not None:
                    try:
                        patterns[name] = re.compile(value)
                    except re.error:
                        pass
        found, blind = [], []
        listeners = self.code.folder(folder)
        for path, text in sorted(texts.items()):
            for m in re.finditer(r"^\s*case (.*m\.Method.*):\s*$", text, re.M):
                line = text.count("\n", 0, m.start()) + 1
                shape = re.fullmatch(r"(\w+)\.MatchString\(m\.URI\) && m\.Method == (?:\w+\.)?RequestMethod(\w+)", m.group(1))
                following = text[m.end(): m.end() + 400].split("\n\tcase ", 1)[0]
                call = re.search(r"\bh\.(\w+)\(ctx, \*?m\)", following)
                if not shape or shape.group(1) not in patterns or not call or call.group(1) not in listeners:
                    blind.append(f"{path}:{line}")
                    continue
                found.append(Case(manager, patterns[shape.group(1)], shape.group(2).upper(),
                                  listeners[call.group(1)][0], f"{path}:{line}"))
        if blind:
            raise BlindSpot(f"{manager}'s listen handler has cases the index cannot read: {', '.join(blind)}")
        self._cases[manager] = found
        return found

    def case_for(self, request):
        for case in self.cases(request.manager):
            if case.method == request.method and case.pattern.search(request.sample):
                return case
        return None

    def dispatch(self, manager):
        """How processRequest answers an error a case returns: (typed passes,
        ErrNotFound as 404, anything else as this code, and where)."""
        if manager in self._dispatch:
            return self._dispatch[manager]
        func = self.code.method(self.listen_folder(manager), "processRequest")
        if func is None:
            raise BlindSpot(f"{manager}: no processRequest in its listen handler")
        switch_end = closing(func.body, func.body.index("switch {") + len("switch "))
        m = re.compile(r"\n\tif err != nil \{").search(func.body, switch_end)
        if not m:
            raise BlindSpot(f"{manager}: processRequest does not test the error its cases return ({func.at(switch_end)})")
        block = func.body[m.end(): closing(func.body, m.end() - 1)]
        at = func.at(m.start() + 1)
        typed = bool(re.search(r"case stderrors\.As\(err, &ve\):\s*\n\s*(?:response = |return )errorResponse\(err\)", block))
        notfound = bool(re.search(r"case stderrors\.Is\(err, dbhandler\.ErrNotFound\):\s*\n\s*(?:response = |return )errorResponse\(err\)", block))
        default = re.search(r"default:\s*\n\s*(?:response = |return )simpleResponse\((\d+)\)", block)
        if "switch" not in block:
            plain = re.search(r"response = simpleResponse\((\d+)\)", block)
            if not plain:
                raise BlindSpot(f"{manager}: processRequest's error handling is not one the index reads ({at})")
            answer = ({"typed": False, "notfound": False, "code": int(plain.group(1)),
                       "at": func.at(m.end() + plain.start())})
        elif default:
            answer = {"typed": typed, "notfound": notfound, "code": int(default.group(1)),
                      "at": func.at(m.end() + default.start())}
        elif "err = nil" in block and typed:
            # Other errors leave processRequest; the RPC layer answers 500.
            answer = {"typed": typed, "notfound": notfound, "code": 500, "at": self.consume_at()}
        else:
            raise BlindSpot(f"{manager}: processRequest's error handling is not one the index reads ({at})")
        if not typed or not notfound:
            answer = dict(answer, typed=typed, notfound=notfound)
        self._dispatch[manager] = answer
        return answer

    def consume_at(self):
        """Where the RPC layer answers 500 for an error a listen handler returns."""
        text = self.code.show(CONSUME)
        return f"{CONSUME}:{text.count(chr(10), 0, text.index('r.publishRPCErrorResponse(message)')) + 1}"

    def exits(self, case):
        """How an error leaves a case, per call of its business handlers: a
        typed error, dbhandler.ErrNotFound and any other error, each as
        `typed` (passed on as it is) or the bare status it becomes."""
        listener = case.listener
        found = []
        for call in calls(listener):
            if call.plain or call.on is not None or not call.field.endswith("andler") or call.field in ("utilHandler", "sockHandler"):
                continue
            check = check_after(listener.body, call)
            if check is None:
                continue
            var, block, at = check
            exit = {"call": f"{call.field}.{call.name}", "at": listener.at(call.start)}
            for name, probe in (("typed", TYPED_PROBE), ("notfound", outcome("notfound", "")), ("plain", outcome("plain", ""))):
                chosen = self.follow.chosen_return(at, block, var, probe)
                if chosen is None:
                    exit[name] = "not traced"
                    continue
                ret_at, statement, values = chosen
                result = self.exit(listener, ret_at, statement, values, var, probe, case.manager)
                exit[name] = {"typed": "typed", "bare": result.get("code"), "ok": 200}.get(result["kind"], "not traced")
                if name == "plain" and result["kind"] == "bare":
                    exit["plain_at"] = result["at"]
            found.append(exit)
        return found

    # -- what leaves a case -------------------------------------------

    def error_response(self, result, at):
        """errorResponse: a typed error as it is, ErrNotFound as a bare 404,
        anything else as a bare 500."""
        kind = result["kind"]
        if kind in ("typed", "untraced", "ok"):
            return step(result, at)
        code = 404 if kind == "notfound" else 500
        return outcome("bare", at, code=code, via=[at] + result["via"], lost=result.get("lost", []))

    def dispatched(self, manager, result, at):
        rule = self.dispatch(manager)
        kind = result["kind"]
        if kind in ("untraced", "ok"):
            return step(result, at)
        if kind == "typed" and rule["typed"]:
            return step(result, at)
        if kind == "notfound" and rule["notfound"]:
            return outcome("bare", rule["at"], code=404, via=[at] + result["via"], lost=result.get("lost", []))
        lost = result.get("lost", []) + ([result["c"]] if kind == "typed" else [])
        return outcome("bare", rule["at"], code=rule["code"], via=[at] + result["via"], lost=lost)

    def exit(self, listener, offset, statement, values, var, incoming, manager):
        """What a listener's `return values` sends for an error."""
        at = listener.at(offset)
        if len(values) != 2:
            return outcome("untraced", at, why="a listener returns an unexpected shape")
        response, err = values
        if err != "nil":
            result = self.follow.classify(listener, offset + statement.rindex(err), err, var, incoming)
            return self.dispatched(manager, result, at)
        m = re.fullmatch(r"errorResponse\((.+)\)", response, re.S)
        if m:
            result = self.follow.classify(listener, offset + statement.index(m.group(1)), m.group(1), var, incoming)
            return self.error_response(result, at)
        m = re.fullmatch(r"simpleResponse\((\d+)\)", response)
        if m:
            lost = incoming.get("lost", []) + ([incoming["c"]] if incoming["kind"] == "typed" else [])
            return outcome("bare", at, code=int(m.group(1)), via=incoming["via"], lost=lost)
        return outcome("ok", at)

    def listener_load(self, case, segment):
        """What a case answers when the ID in URI segment `segment` names no row."""
        listener = case.listener
        var = None
        if segment is not None:
            m = re.search(r"(\w+)\s*:?=\s*uuid\.FromStringOrNil\(uriItems\[%d\]\)" % segment, listener.body)
            var = m.group(1) if m else None
        for call in calls(listener):
            if call.plain or call.on is not None or not call.field.endswith("andler") or call.field in ("utilHandler", "sockHandler"):
                continue
            if var is not None and not call.uses(var):
                continue
            inner, lookup = self.follow.callee(listener, call, var, 4)
            if inner is None:
                continue
            at = listener.at(call.start)
            check = check_after(listener.body, call)
            if check is None:
                return outcome("untraced", at, why="the listener does not check this error"), lookup
            err_var, block, block_at = check
            chosen = self.follow.chosen_return(block_at, block, err_var, inner)
            if chosen is None:
                return outcome("untraced", at, why="the listener tests the error in a way the index does not read"), lookup
            ret_at, statement, values = chosen
            return step(self.exit(listener, ret_at, statement, values, err_var, inner, case.manager), at), lookup
        return outcome("untraced", listener.at(0), why=f"{listener.name} loads the ID in no call the index follows"), None

    def request_load(self, name, position):
        """What the API gets from request `name` when its argument at
        `position` (ctx is 0) names no row: (outcome, lookup, case)."""
        request = self.requests.get(name)
        if request is None:
            return outcome("untraced", "", why=f"{name} is not a request the index reads"), None, None
        case = self.case_for(request)
        at = request.func.at(0)
        if case is None:
            return outcome("bare", self.dispatch_default_at(request.manager), code=404,
                           via=[at], why=f"no case of {request.manager} serves {request.method} {request.uri}"), None, None
        param = request.func.params[position][0] if position is not None and position < len(request.func.params) else None
        segment = request.segment_of(param) if param else None
        if param and segment is None:
            return outcome("untraced", at, why=f"{name} sends the ID in its body, which the index does not follow"), None, case
        result, lookup = self.listener_load(case, segment)
        result = step(result, case.at)
        if result["kind"] in ("typed", "bare") and not request.typed:
            # The API reads only the status code: any error is a plain one.
            return outcome("plain", request.status_check or at, via=[at] + result["via"],
                           lost=result.get("lost", []) + ([result["c"]] if result["kind"] == "typed" else [])), lookup, case
        if result["kind"] == "bare":
            return step(dict(result, kind="sentinel", name=f"requesthandler.{BARE.get(result['code'], 'ErrUnknown')}"), at), lookup, case
        return step(result, at), lookup, case

    def dispatch_default_at(self, manager):
        func = self.code.method(self.listen_folder(manager), "processRequest")
        m = re.search(r"default:[^\n]*\n(?:[^\n]*\n){0,5}?[^\n]*simpleResponse\(404\)", func.body)
        return func.at(m.end()) if m else func.at(0)


BARE = {400: "ErrBadRequest", 401: "ErrUnauthorized", 402: "ErrPaymentRequired", 403: "ErrForbidden",
        404: "ErrNotFound", 409: "ErrConflict", 429: "ErrTooManyRequests", 500: "ErrInternal",
        503: "ErrServiceUnavailable"}




class Reach:
    """The typed reasons a listen-handler case can send: constructors
    reached from its business calls along calls that pass the error on with
    its type, through a listener exit that keeps it."""

    def __init__(self, managers, depth):
        self.managers, self.code, self.follow, self.depth = managers, managers.code, managers.follow, depth
        self._memo = {}

    def passes(self, func, call):
        """Whether a typed error from `call` leaves `func` with its type."""
        if returned_by(func.body, call):
            return True
        check = check_after(func.body, call)
        if check is None:
            return False
        var, block, at = check
        result = self.follow.through(func, at, block, var, TYPED_PROBE)
        return bool(result) and result["kind"] == "typed" and result["c"] is TYPED_PROBE["c"]

    def reached(self, func, depth):
        key = (func.path, func.line, depth)
        if key in self._memo:
            return self._memo[key]
        self._memo[key] = []
        end = func.line + func.body.count("\n") + (func.body_line - func.line)
        found = [c for (path, line), c in self.code.by_line.items() if path == func.path and func.line <= line <= end]
        named = self.code.package_errors(func.path.rsplit("/", 1)[0] + "/")
        for name, c in named.items():
            if re.search(r"\breturn\b[^\n]*\b" + name + r"\b", func.body):
                found.append(c)
        if depth:
            folder = func.path.rsplit("/", 1)[0] + "/"
            for call in calls(func):
                if call.on is None and call.field == "reqHandler" and self.passes(func, call):
                    # Another manager's typed answer, passed on.
                    request = self.managers.requests.get(call.name)
                    case = self.managers.case_for(request) if request and request.typed else None
                    if case:
                        found += self.case(case)[0]
                    continue
                target = self.target(folder, func, call)
                if target and self.passes(func, call):
                    found += self.reached(target, depth - 1)
        self._memo[key] = found
        return found

    def target(self, folder, func, call):
        if call.on is not None:
            return None
        if call.plain:
            return self.code.method(folder, call.name, "")
        if call.field == "":
            return self.code.method(folder, call.name, func.receiver)
        if call.field in SKIP or DB.match(call.field) or call.field == "reqHandler":
            return None
        target_folder = self.code.field_folder(folder, func.receiver, call.field)
        return self.code.method(target_folder, call.name) if target_folder else None

    def case(self, case):
        """(constructors a case sends typed, constructors it swallows)."""
        key = ("case", case.at)
        if key in self._memo:
            return self._memo[key]
        self._memo[key] = ([], [])
        self._memo[key] = self.read_case(case)
        return self._memo[key]

    def read_case(self, case):
        listener = case.listener
        folder = listener.path.rsplit("/", 1)[0] + "/"
        sent, lost = [], []
        for call in calls(listener):
            target = self.target(folder, listener, call)
            if target is None or target.path.startswith(folder):
                continue
            made = self.reached(target, self.depth)
            if not made:
                continue
            check = check_after(listener.body, call)
            kept = False
            if check:
                var, block, at = check
                chosen = self.follow.chosen_return(at, block, var, TYPED_PROBE)
                if chosen:
                    ret_at, statement, values = chosen
                    result = self.managers.exit(listener, ret_at, statement, values, var, TYPED_PROBE, case.manager)
                    kept = result["kind"] == "typed"
            (sent if kept else lost).extend(made)
        return sent, lost
