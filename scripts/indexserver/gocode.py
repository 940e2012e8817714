"""Go source, read as text: brackets, calls, returns, functions."""
import re

PAIRS = {"{": "}", "(": ")", "[": "]"}


def skip_literal(text, i):
    """The offset after the string, rune or comment starting at i, or i."""
    c = text[i]
    if c == '"' or c == "'":
        j = i + 1
        while j < len(text) and text[j] != c:
            j += 2 if text[j] == "\\" else 1
        return j + 1
    if c == "`":
        return text.index("`", i + 1) + 1
    if text.startswith("//", i):
        end = text.find("\n", i)
        return len(text) if end < 0 else end
    if text.startswith("/*", i):
        return text.index("*/", i) + 2
    return i


def scan(text, start=0):
    """(offset, character, bracket depth after it) of the code in `text`
    from `start`, strings, runes and comments skipped."""
    depth, i = 0, start
    while i < len(text):
        j = skip_literal(text, i)
        if j != i:
            i = j
            continue
        c = text[i]
        if c in "([{":
            depth += 1
        elif c in ")]}":
            depth -= 1
        yield i, c, depth
        i += 1


def closing(text, at):
    """The offset of the bracket closing the one at `at`."""
    for i, _, depth in scan(text, at):
        if depth == 0:
            return i
    return len(text)


def split_top(text, sep=","):
    """`text` split at `sep` outside brackets and literals."""
    parts, start = [], 0
    for i, c, depth in scan(text):
        if c == sep and depth == 0:
            parts.append(text[start:i].strip())
            start = i + 1
    tail = text[start:].strip()
    if tail or parts:
        parts.append(tail)
    return parts


class Func:
    """One Go function or method: where it is, its parameters, its body."""

    def __init__(self, path, text, match):
        self.path = path
        self.name = match.group("name")
        self.receiver = match.group("recv") or ""
        self.field = match.group("field") or ""
        open_params = match.end() - 1
        close_params = closing(text, open_params)
        self.params = params(text[open_params + 1: close_params])
        body_open = text.index("{", close_params)
        # A result list in brackets holds no `{`, a struct literal type aside.
        self.body_at = body_open
        self.body = text[body_open: closing(text, body_open) + 1]
        self.line = text.count("\n", 0, match.start()) + 1
        self.body_line = text.count("\n", 0, body_open) + 1

    def line_at(self, offset):
        """The file line of an offset into `body`."""
        return self.body_line + self.body.count("\n", 0, offset)

    def at(self, offset):
        return f"{self.path}:{self.line_at(offset)}"

    def __repr__(self):
        return f"{self.name}@{self.path}:{self.line}"


FUNC = re.compile(r"^func (?:\((?P<field>\w+) \*?(?P<recv>\w+)\) )?(?P<name>\w+)\(", re.M)


def parse_functions(path, text):
    return [Func(path, text, m) for m in FUNC.finditer(text)]


def params(text):
    """[(name, type)] of a parameter list; `a, b uuid.UUID` gives both."""
    names, found = [], []
    for part in split_top(text):
        words = part.split(None, 1)
        if len(words) == 2:
            for name in names + [words[0]]:
                found.append((name, words[1]))
            names = []
        elif words:
            names.append(words[0])
    return found


# `h.f(`, `h.field.f(`, or a function of the package: `f(`.
CALL = re.compile(r"(?:(?<![\w.])(?P<recv>\w+)\.(?P<path>(?:\w+\.)*)|(?<![\w.]))(?P<name>\w+)\(")


class Call:
    def __init__(self, func, match):
        self.func = func
        self.start = match.start()
        self.open = match.end() - 1
        self.end = closing(func.body, self.open) + 1
        self.recv = match.group("recv")
        self.plain = self.recv is None
        self.field = (match.group("path") or "").rstrip(".")
        # On another value than the receiver: a parameter's (`db.XGet(`).
        self.on = None if self.plain or self.recv == func.field else self.recv
        self.name = match.group("name")
        self.args = split_top(func.body[self.open + 1: self.end - 1])
        self.line = func.line_at(self.start)

    def uses(self, var):
        return any(re.search(r"(?<![\w.])" + re.escape(var) + r"(?!\w)", a) for a in self.args)

    def position(self, var):
        for i, a in enumerate(self.args):
            if re.fullmatch(r"\s*&?" + re.escape(var) + r"(\.String\(\))?\s*", a):
                return i
        return None

    def __repr__(self):
        prefix = "" if self.plain else "h." + (self.field + "." if self.field else "")
        return f"{prefix}{self.name}@{self.line}"


def calls(func):
    """The calls in a body, in order: on the receiver (`h.x(`,
    `h.field.x(`), on a parameter (`db.x(`), or of the package (`x(`)."""
    params = {name for name, _ in func.params}
    found = []
    for m in CALL.finditer(func.body):
        call = Call(func, m)
        if call.plain or call.on is None or call.on in params:
            found.append(call)
    return found


def statement_start(body, at):
    """The offset where the line holding `at` starts."""
    return body.rfind("\n", 0, at) + 1


def returned_by(body, call):
    """Whether the call is the value of a `return` statement."""
    line = body[statement_start(body, call.start): call.start]
    return line.strip().startswith("return")


def result_names(body, call):
    """The names a call's results are assigned to: `x, err := h.f()`."""
    line = body[statement_start(body, call.start): call.start]
    m = re.match(r"\s*(?:if\s+)?([\w\s,]+?)\s*:?=\s*$", line)
    return [n.strip() for n in m.group(1).split(",")] if m else []


CHECK = re.compile(r"\s*;\s*(\w+) != nil \{|[ \t]*(?://[^\n]*)?\n(?:\s*//[^\n]*\n)*\s*if (\w+) != nil \{")


def check_after(body, call):
    """(error variable, block text, block offset) of the `if err != nil { … }`
    that checks a call's error, or None: right after the call, or later
    when nothing assigns the error variable in between (an `if`/`else`
    whose branches both assign it, then one check)."""
    names = result_names(body, call)
    m = CHECK.match(body, call.end)
    if m:
        var = m.group(1) or m.group(2)
        if names and var not in names:
            return None
    elif names and re.fullmatch(r"err\w*", names[-1]):
        var = names[-1]
        m = re.compile(r"\bif " + var + r" != nil \{").search(body, call.end)
        between = body[call.end: m.start()] if m else ""
        # Another branch (`case`, `default`, `else`) may assign it too.
        if not m or (re.search(r"\b" + var + r"\s*:?=", between)
                     and not re.search(r"^\s*(?:case .*|default):\s*$|\} else \{", between, re.M)):
            return None
    else:
        return None
    open_at = m.end() - 1
    end = closing(body, open_at)
    return var, body[open_at + 1: end], open_at + 1


def statements(block):
    """The top-level statements of a block: (offset, text), an `if`
    with its body as one."""
    found, i = [], 0
    while i < len(block):
        while i < len(block) and block[i] in " \t\n":
            i += 1
        if i >= len(block):
            break
        start, end = i, len(block)
        for at, c, depth in scan(block, start):
            # A line ends a statement outside brackets; `} else {` goes on.
            if depth == 0 and (c == "\n" or (c == "}" and block.startswith("\n", at + 1))):
                end = at + (c == "}")
                break
        text = block[start:end]
        if text.strip() and not text.strip().startswith("//"):
            found.append((start, text))
        i = end
    return found


def without_comments(text):
    """`text` with its `//` and `/* */` comments removed."""
    out, i = [], 0
    while i < len(text):
        j = skip_literal(text, i)
        if j != i:
            if not text.startswith("/", i):
                out.append(text[i:j])
            i = j
            continue
        out.append(text[i])
        i += 1
    return "".join(out)


def return_values(statement):
    """The values of a `return` statement, or None."""
    m = re.match(r"\s*return\b(.*)", without_comments(statement), re.S)
    return split_top(m.group(1)) if m else None


VERB = re.compile(r"%[-+# 0-9.\[\]]*[a-zA-Z%]")


def wrapped_argument(expression):
    """For `fmt.Errorf("…%w…", a, b)`, the argument %w takes; for
    `errors.Wrap(x, …)` and the like, x; else None. (value, keeps_type)"""
    m = re.match(r"\s*(?:errors|pkgerrors|stderrors)\.(Wrap|Wrapf|WithMessage|WithMessagef|WithStack)\(", expression)
    if m:
        args = split_top(expression[m.end(): closing(expression, m.end() - 1)])
        return args[0] if args else None
    m = re.match(r"\s*fmt\.Errorf\(", expression)
    if m:
        args = split_top(expression[m.end(): closing(expression, m.end() - 1)])
        if not args or not args[0].startswith('"'):
            return None
        verbs = [v for v in VERB.findall(args[0]) if v != "%%"]
        for verb, arg in zip(verbs, args[1:]):
            if verb.endswith("w"):
                return arg
        return ""
    return None
