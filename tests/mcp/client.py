#!/usr/bin/env python3
"""Drives `voiperr mcp` with the official MCP Python SDK (the `mcp` package on
PyPI, which voiperr did not write): lists the tools, calls each one, and checks
the JSON they answer, their structuredContent against their outputSchema (with
`jsonschema`), the resources, resource templates and the prompt.

usage: client.py VOIPERR_BINARY FIXTURES_DIR
Prints one line per check and `N passed, M failed`; exits 1 on any failure.
"""
import asyncio
import json
import sys

from jsonschema.validators import validator_for
from mcp import ClientSession, StdioServerParameters
from mcp.client.stdio import stdio_client

BINARY, FIXTURES = sys.argv[1], sys.argv[2]
results = []


def check(name, ok, detail=""):
    ok = bool(ok)
    results.append(ok)
    print(("ok   " if ok else "FAIL ") + name + ("" if ok else f": {detail}"))


def attr(obj, snake, camel):
    """SDK 2 names fields in snake_case, SDK 1 in camelCase: either works."""
    return getattr(obj, snake) if hasattr(obj, snake) else getattr(obj, camel)


def is_error(result):
    return bool(attr(result, "is_error", "isError"))


def text_of(result):
    return "".join(block.text for block in result.content if block.type == "text")


def schema_errors(schema, instance):
    """What is wrong with `instance` under `schema` (the draft its $schema names), as strings."""
    validator = validator_for(schema)
    validator.check_schema(schema)
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator(schema).iter_errors(instance)]


def structured(tools, name, result):
    """Checks a successful result's structuredContent against the tool's
    outputSchema and against the JSON of its text block; returns it."""
    content = attr(result, "structured_content", "structuredContent")
    schema = attr(tools[name], "output_schema", "outputSchema")
    errors = schema_errors(schema, content) if isinstance(content, dict) else ["no structuredContent object"]
    check(f"{name}: structuredContent matches its outputSchema", not errors, errors[:5])
    content = content if isinstance(content, dict) else {}
    # The validation is not vacuous: the same answer without a required field fails it.
    broken = {key: value for key, value in content.items() if key != "schema_version"}
    check(f"{name}: the outputSchema rejects it without schema_version", schema_errors(schema, broken))
    text = json.loads(text_of(result))
    # explain and diagnose print arrays; their structured content wraps them.
    wrapped = {"explain_reason": "entries", "diagnose_response": "diagnoses"}.get(name)
    check(
        f"{name}: the text block is the same JSON",
        text == (content.get(wrapped) if wrapped else content) and content.get("schema_version") == 1,
        text_of(result)[:300],
    )
    return content


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
            for name in sorted(wanted & set(tools)):
                schema = attr(tools[name], "output_schema", "outputSchema") or {}
                check(
                    f"{name}: an outputSchema, an object open to new fields",
                    schema.get("type") == "object"
                    and "schema_version" in schema.get("properties", {})
                    and '"additionalProperties": false' not in json.dumps(schema),
                    schema,
                )

            result = await session.call_tool("explain_reason", {"reason": "CALL_ALREADY_ENDED"})
            card = structured(tools, "explain_reason", result)["entries"][0]
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
            diagnoses = structured(tools, "diagnose_response", result)["diagnoses"]
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
            check(
                "diagnose_response: nothing to diagnose is a tool error, without structuredContent",
                is_error(result) and attr(result, "structured_content", "structuredContent") is None,
                result,
            )
            result = await session.call_tool("diagnose_response", {"text": "x" * (1024 * 1024 + 1)})
            check(
                "diagnose_response: oversized input is refused",
                is_error(result) and "at most" in text_of(result),
                text_of(result)[:200],
            )

            result = await session.call_tool("endpoint_errors", {"method": "POST", "path": "/v1.0/calls/abc/hangup"})
            view = structured(tools, "endpoint_errors", result)
            check(
                "endpoint_errors: what hangup really answers",
                not is_error(result)
                and {"CALL_NOT_FOUND", "STATE_INVALID"} <= {r["reason"] for r in view["reasons"]}
                and any(n["kind"] == "success" for n in view["field_notes"]),
                view,
            )
            result = await session.call_tool("endpoint_errors", {"method": "POST", "path": "/calls/123/hangupp"})
            check(
                "endpoint_errors: a route the server does not serve is a tool error that offers the nearest",
                is_error(result)
                and "not served (404 ROUTE_NOT_FOUND)" in text_of(result)
                and "did you mean POST /v1.0/calls/{id}/hangup" in text_of(result),
                text_of(result),
            )
            result = await session.call_tool("endpoint_errors", {"path": "not a path"})
            check("endpoint_errors: a bad path is a tool error", is_error(result), text_of(result))

            result = await session.call_tool("search_reasons", {"words": "balance"})
            found = structured(tools, "search_reasons", result)
            check(
                "search_reasons: words",
                not is_error(result) and any(r["reason"] == "INSUFFICIENT_BALANCE" for r in found["reasons"]),
                found,
            )

            result = await session.call_tool("list_reasons", {"resource": "call", "status": "404"})
            listed = structured(tools, "list_reasons", result)
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
            check("explain_reason: a code", structured(tools, "explain_reason", result)["entries"][0]["kind"] == "status")

            await resources(session)
            await prompt(session)


async def resources(session):
    listed = {str(r.uri): r for r in (await session.list_resources()).resources}
    found = listed.get("voiperr://reason/CALL_NOT_FOUND")
    check(
        "resources/list: every reason, with its cause and mime type",
        len(listed) > 100
        and found is not None
        and found.name == "CALL_NOT_FOUND"
        and found.description
        and attr(found, "mime_type", "mimeType") == "application/json",
        found,
    )
    templates = attr(await session.list_resource_templates(), "resource_templates", "resourceTemplates")
    check(
        "resources/templates/list: a reason and an endpoint",
        sorted(attr(t, "uri_template", "uriTemplate") for t in templates)
        == ["voiperr://endpoint/{method}/{path}", "voiperr://reason/{name}"],
        templates,
    )
    contents = (await session.read_resource("voiperr://reason/CALL_NOT_FOUND")).contents
    reason = json.loads(contents[0].text) if contents else {}
    check(
        "resources/read: a reason, as explain --json writes it",
        len(contents) == 1
        and attr(contents[0], "mime_type", "mimeType") == "application/json"
        and reason.get("kind") == "reason"
        and reason.get("reason") == "CALL_NOT_FOUND"
        and reason.get("http") == 404,
        reason,
    )
    contents = (await session.read_resource("voiperr://endpoint/POST/%2Fcalls%2F%7Bid%7D%2Fhangup")).contents
    endpoint = json.loads(contents[0].text) if contents else {}
    check(
        "resources/read: an endpoint, as endpoint --json writes it",
        endpoint.get("method") == "POST"
        and endpoint.get("path") == "/calls/{id}/hangup"
        and "CALL_NOT_FOUND" in {r["reason"] for r in endpoint.get("reasons", [])},
        endpoint,
    )
    try:
        await session.read_resource("voiperr://reason/NO_SUCH_REASON_XYZ")
        check("resources/read: an unknown reason is an error", False, "answered")
    except Exception as error:
        check("resources/read: an unknown reason is an error", "no VoIPbin reason" in str(error), error)


async def prompt(session):
    prompts = {p.name: p for p in (await session.list_prompts()).prompts}
    listed = prompts.get("diagnose_api_response")
    check(
        "prompts/list: diagnose_api_response, with a required response",
        listed is not None and [(a.name, a.required) for a in listed.arguments or []] == [("response", True)],
        prompts,
    )
    got = await session.get_prompt("diagnose_api_response", {"response": "HTTP/1.1 404 Not Found"})
    text = " ".join(m.content.text for m in got.messages if m.content.type == "text")
    check(
        "prompts/get: calls diagnose_response with the text, branches on reason",
        "diagnose_response" in text and "HTTP/1.1 404 Not Found" in text
        and "never on `message`" in text and "request_id" in text,
        text,
    )
    try:
        await session.get_prompt("no_such_prompt", {})
        check("prompts/get: an unknown prompt is an error", False, "answered")
    except Exception as error:
        check("prompts/get: an unknown prompt is an error", "not found" in str(error), error)


async def run():
    await main()
    passed, failed = results.count(True), results.count(False)
    print(f"{passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


asyncio.run(run())
