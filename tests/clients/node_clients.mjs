// What Node programs print when a VoIPbin call fails, captured for real.
//
// usage: node node_clients.mjs STYLE METHOD URL
//   fetch-status         `${res.status} ${res.statusText}` then the body text
//   console-log          console.log of the parsed body (an object literal, not JSON)
//   axios-console-error  axios, the AxiosError caught and printed with console.error(err)
//   axios-uncaught       axios, the AxiosError left uncaught (Node prints it and exits 1)
//   got-uncaught         got, its HTTPError left uncaught
//   ky-uncaught          ky, its HTTPError left uncaught
//   superagent-uncaught  superagent, its error left uncaught
//   undici-uncaught      undici.request with the responseError interceptor, its ResponseError uncaught
//   ofetch-uncaught      ofetch (unjs, Nuxt's $fetch), its FetchError left uncaught:
//                        `FetchError: [POST] "URL": 404 Not Found`, with the parsed body as `data`
//   newman               the Postman CLI running a one-request collection whose test expects 200
//
// The packages (exact versions in package.json) are installed by capture.sh
// into tests/clients/node_modules. got and ky retry a 429/5xx by default and
// honour Retry-After; their retries are turned off here so a capture takes no
// 17 seconds (the error they finally throw is the same).
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const [style, method, url] = process.argv.slice(2);
const here = dirname(fileURLToPath(import.meta.url));

if (style === "fetch-status" || style === "console-log") {
  const res = await fetch(url, { method });
  const text = await res.text();
  if (style === "fetch-status") {
    console.log(`${res.status} ${res.statusText}`);
    console.log(text);
  } else {
    let body;
    try {
      body = JSON.parse(text);
    } catch {
      body = text;
    }
    console.error("request failed:", body);
  }
} else if (style === "axios-console-error") {
  const { default: axios } = await import("axios");
  try {
    await axios({ method, url });
  } catch (err) {
    console.error(err);
  }
} else if (style === "axios-uncaught") {
  const { default: axios } = await import("axios");
  await axios({ method, url });
} else if (style === "got-uncaught") {
  const { default: got } = await import("got");
  await got(url, { method, retry: { limit: 0 } });
} else if (style === "ky-uncaught") {
  const { default: ky } = await import("ky");
  await ky(url, { method, retry: 0 });
} else if (style === "superagent-uncaught") {
  const { default: superagent } = await import("superagent");
  await superagent(method, url);
} else if (style === "undici-uncaught") {
  const { Agent, interceptors, request } = await import("undici");
  const dispatcher = new Agent().compose(interceptors.responseError());
  await request(url, { method, dispatcher });
} else if (style === "ofetch-uncaught") {
  const { ofetch } = await import("ofetch");
  await ofetch(url, { method, retry: 0 });
} else if (style === "newman") {
  const collection = {
    info: { name: "VoIPbin", schema: "https://schema.getpostman.com/json/collection/v2.1.0/collection.json" },
    item: [
      {
        name: "VoIPbin call",
        request: { method, url },
        event: [
          {
            listen: "test",
            script: {
              type: "text/javascript",
              exec: ['pm.test("Status code is 200", function () {', "    pm.response.to.have.status(200);", "});"],
            },
          },
        ],
      },
    ],
  };
  const dir = mkdtempSync(join(tmpdir(), "newman-"));
  const file = join(dir, "voipbin.postman_collection.json");
  writeFileSync(file, JSON.stringify(collection));
  try {
    execFileSync(join(here, "node_modules/.bin/newman"), ["run", file], { stdio: "inherit" });
  } catch {
    process.exitCode = 1; // newman exits 1 when a test fails; its report is already printed
  } finally {
    rmSync(dir, { recursive: true });
  }
} else {
  console.error(`unknown style ${style}`);
  process.exit(2);
}
