// Starts the release build (scripts/build-frontend.sh copies this file into the build's
// own folder, /pkg-<hash>/; `trunk serve` does not use it).
//
// An area's module that cannot be fetched means a deploy replaced this build while the
// tab was open: the page loads the new build once, at the address the user was going
// to (the router changes the address only after the area's code is there). The guard
// names this build, so a build that really lacks a module cannot reload in a loop.
const build = new URL(".", import.meta.url).pathname;
const key = "loket-reloaded-for";
let goingTo = null;
document.addEventListener("click", (event) => {
  const link = event.target instanceof Element ? event.target.closest("a[href^='/']") : null;
  if (link) goingTo = link.getAttribute("href");
}, true);
const originalFetch = window.fetch.bind(window);
window.fetch = async (input, init) => {
  const response = await originalFetch(input, init);
  const url = String(input instanceof Request ? input.url : input);
  if (!response.ok && url.includes(build) && sessionStorage.getItem(key) !== build) {
    sessionStorage.setItem(key, build);
    location.assign(goingTo ?? location.href);
  }
  return response;
};
const { default: init } = await import("./loket.js");
await init({ module_or_path: new URL("./loket_bg.wasm", import.meta.url) });
