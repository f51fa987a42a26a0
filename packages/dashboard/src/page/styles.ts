/** The dashboard's stylesheet, inlined under the page's CSP nonce. System fonts only: nothing is downloaded. */
export const STYLES = String.raw`
:root {
  color-scheme: light dark;
  --bg: #f5f6f8; --panel: #fff; --text: #1d2330; --muted: #667085; --line: #e3e6ec; --accent: #3559e0;
  --scheduled: #8a8fa3; --ready: #3559e0; --active: #0e9f6e; --waiting: #b7791f; --retry: #d97706;
  --completed: #15803d; --failed: #dc2626; --cancelled: #6b7280;
}
@media (prefers-color-scheme: dark) {
  :root { --bg: #12151c; --panel: #1b2029; --text: #e6e9ef; --muted: #98a2b3; --line: #2c3340; --accent: #7c96ff; }
}
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--text); font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
code, pre, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12.5px; }
h1 { font-size: 18px; margin: 0; }
h2 { font-size: 13px; margin: 0 0 10px; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); }
button { font: inherit; border: 1px solid var(--line); background: var(--panel); color: var(--text); border-radius: 6px; padding: 4px 10px; cursor: pointer; }
button:hover:not(:disabled) { border-color: var(--accent); }
button:disabled { opacity: .45; cursor: default; }
button.primary { background: var(--accent); border-color: var(--accent); color: #fff; }
button.danger { color: var(--failed); }
button.quiet { border-color: transparent; color: var(--muted); }
input, select { font: inherit; border: 1px solid var(--line); border-radius: 6px; padding: 4px 6px; background: var(--panel); color: var(--text); }
.top { display: flex; align-items: center; gap: 14px; padding: 12px 20px; background: var(--panel); border-bottom: 1px solid var(--line); }
.status { font-size: 12.5px; color: var(--muted); display: inline-flex; align-items: center; gap: 6px; }
.status::before { content: ""; width: 8px; height: 8px; border-radius: 50%; background: var(--muted); }
.status[data-kind="live"]::before { background: var(--active); }
.status[data-kind="error"]::before, .status[data-kind="auth"]::before { background: var(--failed); }
#signout { margin-left: auto; }
main { padding: 16px 20px 40px; display: grid; gap: 16px; max-width: 1400px; margin: 0 auto; }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(200px, 1fr)); gap: 16px; }
.card, .panel { background: var(--panel); border: 1px solid var(--line); border-radius: 10px; padding: 14px 16px; min-width: 0; }
.big { font-size: 28px; font-weight: 600; font-variant-numeric: tabular-nums; }
.big small { font-size: 13px; font-weight: 400; color: var(--muted); }
.big.bad { color: var(--failed); }
.sub { color: var(--muted); font-size: 12.5px; font-variant-numeric: tabular-nums; }
.meter { height: 6px; background: var(--line); border-radius: 3px; overflow: hidden; margin: 6px 0; }
.meter > div { height: 100%; width: 0; background: var(--active); transition: width .3s; }
.spark { width: 100%; height: 28px; margin-top: 6px; display: block; }
.spark polyline { fill: none; stroke-width: 1.5; vector-effect: non-scaling-stroke; }
.spark .completed { stroke: var(--completed); }
.spark .failed { stroke: var(--failed); }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; }
th, td { text-align: left; padding: 6px 8px; border-bottom: 1px solid var(--line); white-space: nowrap; }
th { font-size: 12px; font-weight: 500; color: var(--muted); }
tbody th { font-size: inherit; font-weight: 500; color: var(--text); }
tr.total th, tr.total td { border-bottom: 0; border-top: 2px solid var(--line); }
tr.total th { color: var(--muted); font-weight: 400; }
.num { text-align: right; }
td.load { width: 22%; min-width: 90px; }
.loadbar { height: 8px; border-radius: 4px; background: var(--ready); min-width: 2px; }
.loadbar.zero { background: var(--line); }
button.count { border: 0; background: none; padding: 0 2px; font-variant-numeric: tabular-nums; }
button.count.zero { color: var(--muted); opacity: .6; }
button.count:hover { text-decoration: underline; }
#jobs-body tr { cursor: pointer; }
#jobs-body tr:hover, #jobs-body tr:focus { background: color-mix(in srgb, var(--accent) 8%, transparent); outline: none; }
#jobs-body tr.selected { background: color-mix(in srgb, var(--accent) 14%, transparent); }
.badge { display: inline-block; padding: 1px 8px; border-radius: 999px; font-size: 12px; color: #fff; background: var(--muted); }
.badge.scheduled { background: var(--scheduled); } .badge.ready { background: var(--ready); } .badge.active { background: var(--active); }
.badge.waiting { background: var(--waiting); } .badge.retry { background: var(--retry); } .badge.completed { background: var(--completed); }
.badge.failed { background: var(--failed); } .badge.cancelled { background: var(--cancelled); }
.filters { display: flex; flex-wrap: wrap; gap: 12px; margin-bottom: 10px; font-size: 12.5px; color: var(--muted); }
.filters label { display: inline-flex; gap: 6px; align-items: center; }
.pager { display: flex; gap: 12px; align-items: center; justify-content: flex-end; margin-top: 10px; color: var(--muted); font-size: 12.5px; }
.empty { color: var(--muted); margin: 10px 0 0; }
.work { display: grid; grid-template-columns: minmax(0, 1fr); gap: 16px; align-items: start; }
.work.with-detail { grid-template-columns: minmax(0, 1.4fr) minmax(320px, 1fr); }
@media (max-width: 900px) { .work.with-detail { grid-template-columns: minmax(0, 1fr); } }
.detail header { display: flex; align-items: center; gap: 10px; margin-bottom: 10px; }
.detail header h2 { margin: 0; text-transform: none; letter-spacing: 0; font-size: 16px; color: var(--text); }
.detail header .quiet { margin-left: auto; }
.detail dl { display: grid; grid-template-columns: max-content minmax(0, 1fr); gap: 4px 14px; margin: 0 0 12px; font-size: 13px; }
.detail dt { color: var(--muted); }
.detail dd { margin: 0; overflow-wrap: anywhere; font-variant-numeric: tabular-nums; }
.detail h3 { font-size: 12px; color: var(--muted); margin: 14px 0 6px; text-transform: uppercase; letter-spacing: .04em; }
.detail pre { margin: 0; padding: 8px 10px; background: var(--bg); border: 1px solid var(--line); border-radius: 6px; max-height: 260px; overflow: auto; white-space: pre-wrap; overflow-wrap: anywhere; }
.detail pre.error { color: var(--failed); }
.actions { display: flex; gap: 8px; margin: 4px 0 8px; }
.notice { font-size: 12.5px; color: var(--muted); min-height: 1.2em; margin: 0; }
.notice.bad { color: var(--failed); }
.overlay { position: fixed; inset: 0; background: rgb(0 0 0 / .45); display: grid; place-items: center; }
.overlay[hidden] { display: none; }
.dialog { background: var(--panel); border-radius: 12px; padding: 20px 22px; width: min(420px, 92vw); display: grid; gap: 10px; box-shadow: 0 10px 40px rgb(0 0 0 / .3); }
.dialog h2 { font-size: 16px; text-transform: none; letter-spacing: 0; color: var(--text); margin: 0; }
.dialog p { margin: 0; }
.dialog label { display: grid; gap: 4px; font-size: 12.5px; color: var(--muted); }
.dialog .hint { font-size: 12px; color: var(--muted); }
.dialog button { justify-self: end; }
[hidden] { display: none !important; }
`
