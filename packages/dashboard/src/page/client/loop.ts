/** Client part 4: the refresh loop — one refresh at a time, every poll interval, paused in hidden tabs. */
export const LOOP_SCRIPT = String.raw`
let inflight = null;
let again = false;
let timer = null;

async function refreshOnce() {
  try {
    await Promise.all([loadOverview(), loadJobs(), loadDetail()]);
    setStatus('live', 'live · updated ' + fmtTime(new Date().toISOString()).slice(11));
  } catch (error) {
    if (error instanceof AuthRequired) setStatus('auth', 'token required');
    else setStatus('error', 'cannot load: ' + (error && error.message ? error.message : String(error)));
  }
}

// A refresh asked for while one runs is folded into one more run right after it, never run in parallel.
function refresh() {
  if (inflight) { again = true; return inflight; }
  inflight = (async () => {
    do { again = false; await refreshOnce(); } while (again);
  })().finally(() => { inflight = null; });
  return inflight;
}

function schedule() {
  clearTimeout(timer);
  timer = setTimeout(async () => {
    if (!document.hidden && !authPending) await refresh();
    schedule();
  }, POLL_MS);
}

function refreshNow() { return refresh().then(schedule); }

document.addEventListener('visibilitychange', () => { if (!document.hidden && !authPending) refreshNow(); });
refreshNow();
`
