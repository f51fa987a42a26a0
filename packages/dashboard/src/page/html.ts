/** The HTML shell of the dashboard: static markup, no job data; the inline script fills it from the API. */
import { CLIENT_SCRIPT } from './client/index.js'
import { STATES } from './states.js'
import { STYLES } from './styles.js'

/** What the shell is rendered with. */
export interface PageParams {
  nonce: string
  apiBase: string
  title: string
  pollMs: number
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }

/** Escapes text for an HTML text node or a quoted attribute value. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ESCAPES[char] as string)
}

/** Renders the page. The API base and title are the only values from outside, and both are escaped. */
export function renderPage({ nonce, apiBase, title, pollMs }: PageParams): string {
  const stateHeads = STATES.map((state) => `<th scope="col" class="num">${state}</th>`).join('')
  const stateOptions = STATES.map((state) => `<option value="${state}">${state}</option>`).join('')
  return `<!doctype html>
<html lang="en" data-api-base="${escapeHtml(apiBase)}" data-poll-ms="${pollMs}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(title)}</title>
<style nonce="${nonce}">${STYLES}</style>
</head>
<body>
<header class="top">
  <h1>${escapeHtml(title)}</h1>
  <span id="status" class="status" role="status" data-kind="connecting">connecting…</span>
  <button id="signout" type="button" class="quiet" hidden>Forget token</button>
</header>
<main>
  <section class="cards" aria-label="Overview">
    <div class="card">
      <h2>Worker threads</h2>
      <div class="big"><span id="threads-working">–</span> <small>working</small></div>
      <div class="meter" aria-hidden="true"><div id="threads-bar"></div></div>
      <div class="sub" id="threads-free">–</div>
    </div>
    <div class="card">
      <h2>Waiting</h2>
      <div class="big" id="total-waiting">–</div>
      <div class="sub" id="total-active">–</div>
    </div>
    <div class="card">
      <h2>Throughput</h2>
      <div class="big"><span id="rate-completed">–</span> <small>completed/s</small></div>
      <div class="sub"><span id="rate-failed">–</span> failed/s</div>
      <svg id="spark" class="spark" viewBox="0 0 120 28" preserveAspectRatio="none" aria-hidden="true"></svg>
    </div>
    <div class="card">
      <h2>Failed</h2>
      <div class="big bad" id="total-failed">–</div>
      <div class="sub" id="total-completed">–</div>
    </div>
  </section>

  <section class="panel" aria-labelledby="queues-heading">
    <h2 id="queues-heading">Queues</h2>
    <div class="scroll">
      <table id="queues">
        <thead><tr><th scope="col">queue</th><th scope="col" class="load">load</th>${stateHeads}</tr></thead>
        <tbody id="queues-body"></tbody>
      </table>
    </div>
    <p id="queues-empty" class="empty" hidden>No jobs yet.</p>
  </section>

  <section class="work">
    <div class="panel jobs" aria-labelledby="jobs-heading">
      <h2 id="jobs-heading">Jobs</h2>
      <div class="filters">
        <label>State <select id="filter-state"><option value="">all</option>${stateOptions}</select></label>
        <label>Queue <select id="filter-queue"><option value="">all</option></select></label>
        <label>Name <input id="filter-name" type="search" placeholder="job name" autocomplete="off"></label>
      </div>
      <div class="scroll">
        <table id="jobs">
          <thead><tr><th scope="col">id</th><th scope="col">queue</th><th scope="col">name</th><th scope="col">state</th><th scope="col" class="num">attempts</th><th scope="col" class="num">priority</th><th scope="col">created</th></tr></thead>
          <tbody id="jobs-body"></tbody>
        </table>
      </div>
      <p id="jobs-empty" class="empty" hidden>No jobs match.</p>
      <div class="pager">
        <button id="page-newer" type="button" disabled>‹ Newer</button>
        <span id="page-info">page 1</span>
        <button id="page-older" type="button" disabled>Older ›</button>
      </div>
    </div>
    <aside id="detail" class="panel detail" aria-live="polite" hidden></aside>
  </section>
</main>
<div id="auth" class="overlay" hidden>
  <form id="auth-form" class="dialog" role="dialog" aria-modal="true" aria-labelledby="auth-heading">
    <h2 id="auth-heading">Token required</h2>
    <p id="auth-message">This server requires a bearer token.</p>
    <label>Token <input id="auth-token" type="password" autocomplete="off" required></label>
    <p class="hint">Kept in this tab only (sessionStorage) and sent as <code>Authorization: Bearer</code>.</p>
    <button type="submit" class="primary">Sign in</button>
  </form>
</div>
<script nonce="${nonce}">${CLIENT_SCRIPT}</script>
</body>
</html>
`
}
