// The console in a real browser (issue 19): headless Chromium from Debian driven by
// playwright-core. Loads the console of a running `apigw-vtl serve` (the founding example), sends
// a request from the page and waits for its trace, types a template in the playground and waits
// for its output, then saves a screenshot.
//
//   node .ci/console.mjs http://127.0.0.1:PORT target/ci/console.png
import { createRequire } from "node:module";
import path from "node:path";

// playwright-core is installed by .ci/run under target/ci/node (no package.json in the repo).
const require = createRequire(path.resolve("target/ci/node/package.json"));
const { chromium } = require("playwright-core");

const [base, screenshot] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
});
const step = (text) => console.log("console test: " + text);
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.setDefaultTimeout(10000);
  await page.goto(base + "/_console/");
  step("loaded " + (await page.title()));

  await page.click("button[data-tab=routes]");
  const route = await page.textContent("#route-rows tr");
  if (!route.includes("POST") || !route.includes("/guid") || !route.includes("AWS")) {
    throw new Error("the routes table shows " + JSON.stringify(route));
  }
  step("routes: " + route.replace(/\s+/g, " ").slice(0, 80));

  await page.click("button[data-tab=requests]");
  const status = await page.evaluate(async () => (await fetch("/guid?GUID=Error", { method: "POST" })).status);
  if (status !== 400) throw new Error("POST /guid?GUID=Error answered " + status);
  await page.waitForFunction(() => {
    const trace = document.querySelector("#request-detail .trace");
    return trace && trace.textContent.includes("pattern `.*Error.*` (400) matches");
  });
  step("the request's trace shows the selection pattern that matched");

  await page.click("button[data-tab=playground]");
  await page.fill("#play-template", "");
  await page.type("#play-template", "$input.path('$.name')!", { delay: 15 });
  await page.waitForFunction(() => document.getElementById("play-output").textContent === "world!");
  step("the playground rendered what was typed");
  await page.type("#play-template", " #if(", { delay: 15 });
  await page.waitForFunction(() => document.getElementById("play-error").textContent.includes("line 1"));
  step("the playground shows the error's position: " + (await page.textContent("#play-error")));

  await page.click("button[data-tab=requests]");
  await page.screenshot({ path: screenshot, fullPage: true });
  console.log("screenshot: " + path.resolve(screenshot));
} finally {
  await browser.close();
}
