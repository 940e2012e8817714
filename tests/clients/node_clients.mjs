// What Node programs print when a VoIPbin call fails, captured for real.
//
// usage: node node_clients.mjs STYLE METHOD URL
//   fetch-status   `${res.status} ${res.statusText}` then the body text
//   console-log    console.log of the parsed body (an object literal, not JSON)
const [style, method, url] = process.argv.slice(2);
const res = await fetch(url, { method });
const text = await res.text();
if (style === "fetch-status") {
  console.log(`${res.status} ${res.statusText}`);
  console.log(text);
} else if (style === "console-log") {
  let body;
  try {
    body = JSON.parse(text);
  } catch {
    body = text;
  }
  console.error("request failed:", body);
} else {
  console.error(`unknown style ${style}`);
  process.exit(2);
}
