#!/usr/bin/env node
// Drives `voiperr mcp` with the official MCP TypeScript SDK
// (@modelcontextprotocol/sdk on npm, which voiperr did not write): lists the
// tools, resources, resource templates and prompts, reads resources, calls
// every tool and gets the prompt.
//
// The SDK's Client validates each tool's structuredContent against the
// outputSchema that tools/list declared (with Ajv) on every callTool, and
// throws when it does not match or is missing; this script also validates
// it itself with the SDK's own validator, and checks that the schema rejects
// a broken answer, so that the validation is not vacuous.
//
// usage: node client.mjs VOIPERR_BINARY
// Prints one line per check and `N passed, M failed`; exits 1 on any failure.
import { isDeepStrictEqual } from 'node:util';

import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { AjvJsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/ajv';

const binary = process.argv[2];
let passed = 0;
let failed = 0;

function check(name, ok, detail = '') {
  if (ok) {
    passed += 1;
    console.log(`ok   ${name}`);
  } else {
    failed += 1;
    const shown = typeof detail === 'string' ? detail : JSON.stringify(detail);
    console.log(`FAIL ${name}: ${shown.slice(0, 500)}`);
  }
}

/** Runs `step`; a throw is a failed check named `name`. */
async function attempt(name, step) {
  try {
    return await step();
  } catch (error) {
    check(name, false, String(error));
    return undefined;
  }
}

// What every answer names the catalog by (`voiperr --version --json` gives its sources).
const CATALOG = '2026-08-05/2bf22fa4';

const textOf = (result) =>
  result.content.filter((block) => block.type === 'text').map((block) => block.text).join('');

const validator = new AjvJsonSchemaValidator();
// Ajv warns on the console about what it does not know in a schema (a format, a keyword).
const warnings = [];
console.warn = (...args) => warnings.push(args.join(' '));

/** Calls a tool (the SDK validates its structuredContent), then checks it again here. */
async function call(tools, name, args) {
  const result = await attempt(`${name}: callTool (the SDK validates structuredContent)`, () =>
    client.callTool({ name, arguments: args }),
  );
  if (!result) return {};
  const structured = result.structuredContent;
  const schema = tools.get(name)?.outputSchema ?? {};
  const verdict = validator.getValidator(schema)(structured);
  check(`${name}: structuredContent matches its outputSchema`, !result.isError && verdict.valid, verdict.errorMessage);
  const { schema_version: _, ...broken } = structured ?? {};
  check(`${name}: the outputSchema rejects it without schema_version`, !validator.getValidator(schema)(broken).valid);
  // The text block, for clients that read only text, is the same answer serialized once, compactly.
  const text = JSON.parse(textOf(result));
  check(
    `${name}: the text block is the structured content, on one line`,
    isDeepStrictEqual(text, structured) && !textOf(result).includes('\n'),
    textOf(result),
  );
  check(
    `${name}: schema 2, the catalog named, not its sources`,
    structured?.schema_version === 2 && structured?.catalog === CATALOG && !('sources' in (structured ?? {})),
    structured,
  );
  return structured ?? {};
}

const transport = new StdioClientTransport({ command: binary, args: ['mcp'], stderr: 'inherit' });
const client = new Client({ name: 'voiperr-tests', version: '1.0.0' });

async function main() {
  await client.connect(transport);
  check('server names itself', client.getServerVersion()?.name === 'voiperr', client.getServerVersion());
  const capabilities = client.getServerCapabilities() ?? {};
  check('tools, resources and prompts capabilities', capabilities.tools && capabilities.resources && capabilities.prompts, capabilities);

  const tools = new Map((await client.listTools()).tools.map((tool) => [tool.name, tool]));
  check('the SDK compiles every outputSchema without a warning', warnings.length === 0, warnings.slice(0, 3).join('; '));
  const wanted = ['diagnose_response', 'endpoint_errors', 'explain_reason', 'list_reasons', 'search_reasons'];
  check('lists the five tools', wanted.every((name) => tools.has(name)), [...tools.keys()]);
  for (const name of wanted) {
    const schema = tools.get(name)?.outputSchema;
    check(
      `${name}: an outputSchema, an object open to new fields`,
      schema?.type === 'object' && schema.properties?.schema_version && !JSON.stringify(schema).includes('"additionalProperties":false'),
      schema,
    );
  }

  const explained = await call(tools, 'explain_reason', { reason: 'CALL_ALREADY_ENDED' });
  const card = explained.entries?.[0] ?? {};
  check('explain_reason: the real reason, by alias', card.reason === 'CALL_ALREADY_HANGUP' && card.match === 'alias', card);
  const status = await call(tools, 'explain_reason', { reason: '429' });
  check('explain_reason: a code', status.entries?.[0]?.kind === 'status', status);
  const miss = await attempt('explain_reason: a miss', () =>
    client.callTool({ name: 'explain_reason', arguments: { reason: 'CALL_NOTFOUND_XYZ_QQ' } }),
  );
  check('explain_reason: an unknown reason is a tool error', miss?.isError && !miss.structuredContent, miss);

  const transcript =
    'HTTP/1.1 429 Too Many Requests\r\nRetry-After: 17\r\n\r\n' +
    '{"error":{"status":"RESOURCE_EXHAUSTED","reason":"RATE_LIMIT_EXCEEDED","message":"slow down","request_id":"req_rl"}}';
  const diagnosed = await call(tools, 'diagnose_response', { text: transcript });
  const first = diagnosed.diagnoses?.[0] ?? {};
  check(
    'diagnose_response: a 429 transcript',
    diagnosed.diagnoses?.length === 1 && first.reason === 'RATE_LIMIT_EXCEEDED' && first.facts?.retry_after === '17' && first.request_id === 'req_rl',
    first,
  );
  const nothing = await attempt('diagnose_response: nothing to diagnose', () =>
    client.callTool({ name: 'diagnose_response', arguments: { text: 'all is well' } }),
  );
  check('diagnose_response: nothing to diagnose is a tool error', nothing?.isError, nothing);

  const endpoint = await call(tools, 'endpoint_errors', { method: 'POST', path: '/v1.0/calls/abc/hangup' });
  check('endpoint_errors: hangup', (endpoint.reasons ?? []).some((r) => r.reason === 'CALL_NOT_FOUND'), endpoint);
  const found = await call(tools, 'search_reasons', { words: 'balance' });
  check('search_reasons: balance', (found.reasons ?? []).some((r) => r.reason === 'INSUFFICIENT_BALANCE'), found);
  const listed = await call(tools, 'list_reasons', { resource: 'call', status: '404' });
  check('list_reasons: call, 404', listed.count >= 1 && listed.reasons.every((r) => r.http === 404), listed);

  const resources = (await client.listResources()).resources;
  const reason = resources.find((r) => r.uri === 'voiperr://reason/CALL_NOT_FOUND');
  check(
    'resources/list: every reason, with its cause and mime type',
    resources.length > 100 && reason?.name === 'CALL_NOT_FOUND' && reason.description && reason.mimeType === 'application/json',
    reason,
  );
  const templates = (await client.listResourceTemplates()).resourceTemplates.map((t) => t.uriTemplate).sort();
  check(
    'resources/templates/list: a reason and an endpoint',
    isDeepStrictEqual(templates, ['voiperr://endpoint/{method}/{path}', 'voiperr://reason/{name}']),
    templates,
  );
  const read = await attempt('resources/read: a reason', () => client.readResource({ uri: 'voiperr://reason/CALL_NOT_FOUND' }));
  const readReason = read ? JSON.parse(read.contents[0].text) : {};
  check(
    'resources/read: a reason, as explain --json writes it',
    read?.contents[0].mimeType === 'application/json' && readReason.kind === 'reason' && readReason.http === 404,
    readReason,
  );
  const uri = `voiperr://endpoint/POST/${encodeURIComponent('/calls/{id}/hangup')}`;
  const readEndpoint = await attempt('resources/read: an endpoint', () => client.readResource({ uri }));
  const endpointView = readEndpoint ? JSON.parse(readEndpoint.contents[0].text) : {};
  check('resources/read: an endpoint, as endpoint --json writes it', endpointView.path === '/calls/{id}/hangup', endpointView);
  const missing = await client.readResource({ uri: 'voiperr://reason/NO_SUCH_REASON_XYZ' }).then(
    () => 'answered',
    (error) => error,
  );
  check('resources/read: an unknown reason is resource not found (-32002)', missing?.code === -32002, String(missing));

  const prompts = (await client.listPrompts()).prompts;
  const prompt = prompts.find((p) => p.name === 'diagnose_api_response');
  check(
    'prompts/list: diagnose_api_response, with a required response',
    prompt?.arguments?.length === 1 && prompt.arguments[0].name === 'response' && prompt.arguments[0].required === true,
    prompts,
  );
  const got = await attempt('prompts/get', () =>
    client.getPrompt({ name: 'diagnose_api_response', arguments: { response: 'HTTP/1.1 404 Not Found' } }),
  );
  const text = (got?.messages ?? []).map((m) => m.content.text ?? '').join(' ');
  check(
    'prompts/get: calls diagnose_response with the text, branches on reason',
    text.includes('diagnose_response') && text.includes('HTTP/1.1 404 Not Found') && text.includes('never on `message`'),
    text,
  );
  const unknown = await client.getPrompt({ name: 'no_such_prompt' }).then(
    () => 'answered',
    (error) => error,
  );
  check('prompts/get: an unknown prompt is an error', unknown instanceof Error, String(unknown));
}

try {
  await main();
} catch (error) {
  check('the session', false, error?.stack ?? String(error));
} finally {
  await client.close().catch(() => {});
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
