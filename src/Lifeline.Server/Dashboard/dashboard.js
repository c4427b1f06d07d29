// Lifeline dashboard: live updates for the run view, no framework. Served from this origin (CSP script-src 'self').
// The run page marks itself with data-live-run while the run is not finished; the script listens to the run's
// server-sent events and re-renders the page's live parts (data-live-part) from a fresh copy of the same page, so the
// server stays the only renderer. Parts holding the focus (a reason being typed) are left alone.
(() => {
  "use strict";
  const kinds = ["RunStarted", "RunResumed", "PhaseStarted", "PhaseFinished", "PhaseOverrun", "StepStarted", "StepLog",
    "StepRetrying", "StepSucceeded", "StepFailed", "StepSkipped", "StepWaiting", "StepNeedsOperator", "Decision",
    "RunWaiting", "RunFinished"];

  const tickClocks = () => {
    for (const clock of document.querySelectorAll("[data-clock-start]")) {
      const start = Date.parse(clock.dataset.clockStart);
      if (Number.isNaN(start)) continue;
      const s = Math.max(0, Math.floor((Date.now() - start) / 1000));
      const h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), r = s % 60;
      clock.textContent = (h > 0 ? h + "h " : "") + (h > 0 || m > 0 ? m + "m " : "") + r + "s";
    }
  };

  const page = document.querySelector("[data-live-run]");
  if (!page) return;
  const runId = page.dataset.liveRun;
  let timer = null;
  let source = null;
  let poll = null;

  const stop = () => {
    if (source) source.close();
    if (poll) clearInterval(poll);
    source = null;
  };

  const refresh = async () => {
    timer = null;
    let response;
    try {
      response = await fetch(location.pathname + location.search, { credentials: "same-origin", headers: { Accept: "text/html" } });
    } catch {
      return;
    }
    if (!response.ok) return;
    const fresh = new DOMParser().parseFromString(await response.text(), "text/html");
    for (const part of document.querySelectorAll("[data-live-part]")) {
      const focused = document.activeElement;
      if (focused && focused !== document.body && part.contains(focused)) continue;
      const next = fresh.getElementById(part.id);
      if (next) part.replaceWith(document.importNode(next, true));
    }
    tickClocks();
    if (!fresh.querySelector("[data-live-run]")) stop();
  };

  const soon = () => {
    if (timer === null) timer = setTimeout(refresh, 200);
  };

  source = new EventSource("/api/runs/" + encodeURIComponent(runId) + "/events/stream");
  for (const kind of kinds) source.addEventListener(kind, soon);
  source.onerror = soon;
  // The RTO clock and budgets move without events; refresh now and then as well.
  poll = setInterval(soon, 3000);
  setInterval(tickClocks, 1000);
})();
