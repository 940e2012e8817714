#!/usr/bin/env python3
"""Drives `voiperr mcp` with the official MCP Python SDK (the `mcp` package on
PyPI, which voiperr did not write): lists the tools, calls each one, and checks
the JSON they answer.

usage: client.py VOIPERR_BINARY FIXTURES_DIR
Prints one line per check and `N passed, M failed`; exits 1 on any failure.
"""
import asyncio
import json
import sys

from mcp import ClientSession, StdioServerParameters
from mcp.client.stdio import stdio_client

BINARY, FIXTURES = sys.argv[1], sys.argv[2]
results = []


def check(name, ok, detail=""):
    results.append(ok)
    print(("ok   " if ok else "FAIL ") + name + ("" if ok else f": {detail}"))


def attr(obj, snake, camel):
    """SDK 2 names fields in snake_case, SDK 1 in camelCase: either works."""
    return getattr(obj, snake) if hasattr(obj, snake) else getattr(obj, camel)


def is_error(result):
    return bool(attr(result, "is_error", "isError"))


def text_of(result):
    return "".join(block.text for block in result.content if block.type == "text")


async def main():
    server = StdioServerParameters(command=BINARY, args=["mcp"])
    async with stdio_client(server) as (read, write):
        async with ClientSession(read, write) as session:
            info = await session.initialize()
            check("server names itself", attr(info, "server_info", "serverInfo").name == "voiperr", info)

            tools = {tool.name: tool for tool in (await session.list_tools()).tools}
            wanted = {"explain_reason", "diagnose_response", "endpoint_errors", "search_reasons", "list_reasons"}
            check("lists the five tools", wanted <= set(tools), sorted(tools))
            check(
                "tools have JSON schemas",
                all(
                    attr(tools[name], "input_schema", "inputSchema").get("type") == "object"
                    for name in wanted & set(tools)
                ),
            )

            result = await session.call_tool("explain_reason", {"reason": "CALL_ALREADY_ENDED"})
            card = json.loads(text_of(result))[0]
            check(
                "explain_reason: the real reason, what the server does",
                not is_error(result)
                and card["reason"] == "CALL_ALREADY_HANGUP"
                and card["match"] == "alias"
                and card["server"]["sends_reason"] is False
                and any(a["http"] == [200] for a in card["server"]["answers"]),
                card,
            )
            result = await session.call_tool("explain_reason", {"reason": "CALL_NOTFOUND_XYZ_QQ"})
            check(
                "explain_reason: an unknown reason is a tool error with suggestions",
                is_error(result) and "not a known" in text_of(result) and "suggestions" in text_of(result),
                text_of(result),
            )

            with open(f"{FIXTURES}/clients/curl-i__ratelimit429.txt") as f:
                transcript = f.read()
            result = await session.call_tool("diagnose_response", {"text": transcript})
            diagnoses = json.loads(text_of(result))
            first = diagnoses[0] if diagnoses else {}
            check(
                "diagnose_response: a curl -i transcript",
                not is_error(result)
                and len(diagnoses) == 1
                and first.get("reason") == "RATE_LIMIT_EXCEEDED"
                and first.get("http") == 429
                and first.get("facts", {}).get("retry_after") == "17"
                and first.get("facts", {}).get("limited_by") == "ip"
                and first.get("request_id") == "req_rl429",
                first,
            )
            secret = "> GET /v1.0/calls?accesskey=SECRETKEY123 HTTP/1.1\n< HTTP/1.1 404 Not Found\n<\n" + \
                '{"error":{"status":"NOT_FOUND","reason":"CALL_NOT_FOUND","message":"m \\u001b[2J","request_id":"r"}}'
            result = await session.call_tool("diagnose_response", {"text": secret})
            check(
                "diagnose_response: credentials masked, controls escaped",
                "SECRETKEY123" not in text_of(result) and "\x1b" not in text_of(result),
                text_of(result),
            )
            result = await session.call_tool("diagnose_response", {"text": "all is well"})
            check("diagnose_response: nothing to diagnose is a tool error", is_error(result), text_of(result))
            result = await session.call_tool("diagnose_response", {"text": "x" * (1024 * 1024 + 1)})
            check(
                "diagnose_response: oversized input is refused",
                is_error(result) and "at most" in text_of(result),
                text_of(result)[:200],
            )

            result = await session.call_tool("endpoint_errors", {"method": "POST", "path": "/v1.0/calls/abc/hangup"})
            view = json.loads(text_of(result))
            check(
                "endpoint_errors: what hangup really answers",
                not is_error(result)
                and {"CALL_NOT_FOUND", "STATE_INVALID"} <= {r["reason"] for r in view["reasons"]}
                and any(n["kind"] == "success" for n in view["field_notes"]),
                view,
            )
            result = await session.call_tool("endpoint_errors", {"path": "not a path"})
            check("endpoint_errors: a bad path is a tool error", is_error(result), text_of(result))

            result = await session.call_tool("search_reasons", {"words": "balance"})
            found = json.loads(text_of(result))
            check(
                "search_reasons: words",
                not is_error(result) and any(r["reason"] == "INSUFFICIENT_BALANCE" for r in found["reasons"]),
                found,
            )

            result = await session.call_tool("list_reasons", {"resource": "call", "status": "404"})
            listed = json.loads(text_of(result))
            check(
                "list_reasons: resource and status",
                not is_error(result)
                and listed["count"] >= 1
                and all(r["http"] == 404 and r["resource"] == "call" for r in listed["reasons"]),
                listed,
            )
            result = await session.call_tool("list_reasons", {"resource": "nonsense"})
            check("list_reasons: an unknown resource is a tool error", is_error(result), text_of(result))

            try:
                await session.call_tool("no_such_tool", {})
                check("an unknown tool is refused", True)
            except Exception as error:  # the SDK may raise the protocol error
                check("an unknown tool is refused", "not found" in str(error).lower(), error)

            result = await session.call_tool("explain_reason", {"reason": "429"})
            check("the server still answers after errors", not is_error(result), text_of(result))

    passed, failed = results.count(True), results.count(False)
    print(f"{passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


asyncio.run(main())
