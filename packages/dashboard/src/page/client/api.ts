/**
 * Client part 1: configuration, DOM building without innerHTML, formatting, and the API client
 * with the bearer-token prompt. Plain ES2020 in a string (no backticks or dollar-brace inside).
 */
export const API_SCRIPT = String.raw`
const root = document.documentElement;
const API = root.getAttribute('data-api-base') || '';
const POLL_MS = Number(root.getAttribute('data-poll-ms')) || 2000;
const TOKEN_KEY = 'queue-dashboard-token:' + API;
const UNFINISHED = ['scheduled', 'ready', 'active', 'waiting', 'retry'];

function byId(id) { return document.getElementById(id); }

// Every value from the API reaches the page as a text node or a setAttribute value: never as markup.
function el(tag, props, children) {
  const node = document.createElement(tag);
  if (props) {
    for (const key of Object.keys(props)) {
      const value = props[key];
      if (value === null || value === undefined || value === false) continue;
      if (key === 'text') node.textContent = String(value);
      else if (key === 'onclick') node.addEventListener('click', value);
      else node.setAttribute(key, value === true ? '' : String(value));
    }
  }
  for (const child of children || []) {
    if (child === null || child === undefined) continue;
    node.appendChild(typeof child === 'object' ? child : document.createTextNode(String(child)));
  }
  return node;
}

function setText(id, text) { const node = byId(id); if (node.textContent !== String(text)) node.textContent = String(text); }

function pad(n) { return String(n).padStart(2, '0'); }
function fmtTime(iso) {
  if (!iso) return '—';
  const d = new Date(iso);
  if (isNaN(d.getTime())) return String(iso);
  return d.getFullYear() + '-' + pad(d.getMonth() + 1) + '-' + pad(d.getDate()) + ' ' + pad(d.getHours()) + ':' + pad(d.getMinutes()) + ':' + pad(d.getSeconds());
}
function fmtAge(iso) {
  const s = Math.round((Date.now() - new Date(iso).getTime()) / 1000);
  if (!isFinite(s)) return '—';
  if (s < 0) return 'in ' + fmtSpan(-s);
  return fmtSpan(s) + ' ago';
}
function fmtSpan(s) {
  if (s < 60) return s + ' s';
  if (s < 3600) return Math.floor(s / 60) + ' min';
  if (s < 86400) return Math.floor(s / 3600) + ' h';
  return Math.floor(s / 86400) + ' d';
}
function fmtMs(ms) { return ms < 1000 ? (ms < 10 ? ms.toFixed(1) : String(Math.round(ms))) + ' ms' : (ms / 1000).toFixed(ms < 10000 ? 2 : 1) + ' s'; }
function fmtBytes(n) { return typeof n === 'number' ? (n / 1048576).toFixed(1) + ' MiB' : '—'; }
function fmtRate(r) { return r === null ? '–' : r >= 100 ? String(Math.round(r)) : r.toFixed(1); }
function fmtJson(value) {
  if (value === null || value === undefined) return null;
  try { return JSON.stringify(value, null, 2); } catch (e) { return String(value); }
}

class AuthRequired extends Error {}

function readToken() { try { return sessionStorage.getItem(TOKEN_KEY); } catch (e) { return null; } }
function storeToken(value) { try { if (value === null) sessionStorage.removeItem(TOKEN_KEY); else sessionStorage.setItem(TOKEN_KEY, value); } catch (e) {} }
let token = readToken();
let authPending = false;

async function api(method, path) {
  const sent = token;
  const headers = { accept: 'application/json' };
  if (sent) headers.authorization = 'Bearer ' + sent;
  const response = await fetch(API + path, { method: method, headers: headers, cache: 'no-store', credentials: 'same-origin' });
  if (response.status === 401) {
    // A 401 for a token the user has replaced since is stale: it must not clear the new one.
    if (sent === token) askToken(sent ? 'The server refused that token. Enter the server token.' : 'This server requires a bearer token.');
    throw new AuthRequired('token required');
  }
  const text = await response.text();
  let body = null;
  if (text) { try { body = JSON.parse(text); } catch (e) { body = null; } }
  if (!response.ok) {
    const message = body && body.error && body.error.message ? body.error.message : response.status + ' ' + response.statusText;
    const error = new Error(message);
    error.status = response.status;
    throw error;
  }
  return body;
}

function askToken(message) {
  token = null;
  storeToken(null);
  byId('signout').hidden = true;
  setText('auth-message', message);
  if (!authPending) {
    authPending = true;
    byId('auth').hidden = false;
    const input = byId('auth-token');
    input.value = '';
    input.focus();
  }
}

byId('auth-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const value = byId('auth-token').value.trim();
  if (!value) return;
  token = value;
  storeToken(value);
  authPending = false;
  byId('auth').hidden = true;
  byId('signout').hidden = false;
  refreshNow();
});

byId('signout').addEventListener('click', () => { askToken('Token forgotten. Enter a token to continue.'); setStatus('auth', 'token required'); });
if (token) byId('signout').hidden = false;

function setStatus(kind, text) {
  const node = byId('status');
  node.setAttribute('data-kind', kind);
  if (node.textContent !== text) node.textContent = text;
}
`
