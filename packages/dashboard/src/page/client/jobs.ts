/** Client part 3: the job list (filters, cursor paging), the job detail and its retry/cancel/delete actions. */
export const JOBS_SCRIPT = String.raw`
const PAGE_SIZE = 25;
const view = { state: '', queue: '', name: '', cursors: [null], page: 0, next: null, selected: null };
let lastJobsKey = '';
let lastDetailKey = '';
let notice = { text: '', bad: false };
let revealDetail = false;

function setFilters(filters) {
  if (filters.state !== undefined) { view.state = filters.state; byId('filter-state').value = filters.state; }
  if (filters.queue !== undefined) {
    view.queue = filters.queue;
    const select = byId('filter-queue');
    if (filters.queue && !Array.from(select.options).some((o) => o.value === filters.queue)) select.appendChild(el('option', { value: filters.queue, text: filters.queue }));
    select.value = filters.queue;
  }
  if (filters.name !== undefined) view.name = filters.name;
  view.cursors = [null];
  view.page = 0;
  refreshNow();
}

byId('filter-state').addEventListener('change', (e) => setFilters({ state: e.target.value }));
byId('filter-queue').addEventListener('change', (e) => setFilters({ queue: e.target.value }));
let nameTimer = null;
byId('filter-name').addEventListener('input', (e) => {
  clearTimeout(nameTimer);
  nameTimer = setTimeout(() => setFilters({ name: e.target.value.trim() }), 300);
});
byId('page-older').addEventListener('click', () => {
  if (!view.next) return;
  view.cursors[view.page + 1] = view.next;
  view.page += 1;
  refreshNow();
});
byId('page-newer').addEventListener('click', () => {
  if (view.page === 0) return;
  view.page -= 1;
  refreshNow();
});

async function loadJobs() {
  const query = new URLSearchParams();
  if (view.state) query.set('state', view.state);
  if (view.queue) query.set('queue', view.queue);
  if (view.name) query.set('name', view.name);
  query.set('limit', String(PAGE_SIZE));
  const cursor = view.cursors[view.page];
  if (cursor) query.set('cursor', cursor);
  const body = await api('GET', '/api/v1/jobs?' + query.toString());
  view.next = body.nextCursor || null;
  renderJobs(body.jobs || []);
}

function renderJobs(jobs) {
  byId('page-newer').disabled = view.page === 0;
  byId('page-older').disabled = !view.next;
  setText('page-info', 'page ' + (view.page + 1));
  byId('jobs-empty').hidden = jobs.length > 0;
  const key = JSON.stringify([jobs, view.selected, Math.floor(Date.now() / 10000)]);
  if (key === lastJobsKey) return;
  lastJobsKey = key;
  byId('jobs-body').replaceChildren(...jobs.map((job) => {
    const row = el('tr', { tabindex: 0, 'data-job-id': job.id, class: job.id === view.selected ? 'selected' : null }, [
      el('td', { class: 'mono', text: job.id }),
      el('td', { text: job.queue }),
      el('td', { text: job.name }),
      el('td', {}, [badge(job.state)]),
      el('td', { class: 'num', text: job.attempts + '/' + job.maxAttempts }),
      el('td', { class: 'num', text: job.priority }),
      el('td', { title: fmtTime(job.createdAt), text: fmtAge(job.createdAt) }),
    ]);
    row.addEventListener('click', () => openDetail(job.id));
    row.addEventListener('keydown', (e) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); openDetail(job.id); } });
    return row;
  }));
}

function badge(state) { return el('span', { class: 'badge ' + (STATES.includes(state) ? state : ''), 'data-state': state, text: state }); }

function openDetail(id) {
  view.selected = id;
  revealDetail = true;
  notice = { text: '', bad: false };
  lastDetailKey = '';
  lastJobsKey = '';
  refreshNow();
}

function closeDetail() {
  view.selected = null;
  lastJobsKey = '';
  byId('detail').hidden = true;
  byId('detail').replaceChildren();
  document.querySelector('.work').classList.remove('with-detail');
  refreshNow();
}

async function loadDetail() {
  const id = view.selected;
  if (id === null) return;
  let job = null;
  try {
    job = (await api('GET', '/api/v1/jobs/' + encodeURIComponent(id))).job;
  } catch (error) {
    if (error.status !== 404) throw error;
  }
  if (view.selected !== id) return;
  renderDetail(id, job);
}

function field(label, value) { return [el('dt', { text: label }), el('dd', { text: value === null || value === undefined || value === '' ? '—' : value })]; }

function block(title, text, cls) {
  if (text === null || text === undefined) return null;
  return el('section', { 'data-block': title.toLowerCase() }, [el('h3', { text: title }), el('pre', { class: cls || null, text: text })]);
}

function renderDetail(id, job) {
  const key = JSON.stringify([job, notice]);
  if (key === lastDetailKey) return;
  lastDetailKey = key;
  const panel = byId('detail');
  document.querySelector('.work').classList.add('with-detail');
  panel.hidden = false;
  const close = el('button', { type: 'button', class: 'quiet', title: 'close', text: 'Close ✕', onclick: closeDetail });
  if (job === null) {
    panel.replaceChildren(el('header', {}, [el('h2', { text: 'Job ' + id }), close]), el('p', { class: 'notice', text: 'This job no longer exists.' }));
    return;
  }
  const unfinished = UNFINISHED.includes(job.state);
  const retry = el('button', { type: 'button', class: 'primary', 'data-action': 'retry', disabled: !(job.state === 'failed' || job.state === 'cancelled'), text: 'Retry', onclick: () => act('retry', job.id) });
  const cancel = el('button', { type: 'button', 'data-action': 'cancel', disabled: !unfinished, text: 'Cancel', onclick: () => act('cancel', job.id) });
  const remove = el('button', { type: 'button', class: 'danger', 'data-action': 'delete', text: 'Delete' });
  let armed = null;
  remove.addEventListener('click', () => {
    if (armed === null) {
      remove.textContent = 'Confirm delete';
      armed = setTimeout(() => { armed = null; remove.textContent = 'Delete'; }, 4000);
      return;
    }
    clearTimeout(armed);
    act('delete', job.id);
  });
  const stats = job.stats;
  const parts = [
    el('header', {}, [el('h2', { text: 'Job ' + job.id }), badge(job.state), close]),
    el('div', { class: 'actions' }, [retry, cancel, remove]),
    el('p', { class: notice.bad ? 'notice bad' : 'notice', role: 'status', text: notice.text }),
    el('dl', {}, [
      ...field('queue', job.queue),
      ...field('name', job.name),
      ...field('priority', job.priority),
      ...field('attempts', job.attempts + ' of ' + job.maxAttempts),
      ...field('run at', fmtTime(job.runAt)),
      ...field('created', fmtTime(job.createdAt)),
      ...field('started', fmtTime(job.startedAt)),
      ...field('finished', fmtTime(job.finishedAt)),
      ...(job.groupKey ? field('group', job.groupKey) : []),
      ...(job.uniqueKey ? field('unique key', job.uniqueKey) : []),
      ...(job.lockedBy ? field('locked by', job.lockedBy + ' until ' + fmtTime(job.lockedUntil)) : []),
      ...(job.timeoutMs ? field('timeout', fmtMs(job.timeoutMs)) : []),
      ...(stats ? field('duration', fmtMs(stats.durationMs)) : []),
      ...(stats ? field('worker', 'pid ' + stats.pid + ' on ' + stats.host) : []),
      ...(stats && stats.memoryAfter ? field('memory', 'rss ' + fmtBytes(stats.memoryBefore && stats.memoryBefore.rss) + ' → ' + fmtBytes(stats.memoryAfter.rss) + ', heap ' + fmtBytes(stats.memoryBefore && stats.memoryBefore.heapUsed) + ' → ' + fmtBytes(stats.memoryAfter.heapUsed)) : []),
    ]),
    block('Last error', job.lastError, 'error'),
    block('Payload', job.payload === null || job.payload === undefined ? 'null' : fmtJson(job.payload)),
    block('Result', fmtJson(job.result)),
    block('Progress', fmtJson(job.progress)),
  ];
  panel.replaceChildren(...parts.filter((part) => part !== null));
  // On a narrow screen the detail sits below the list: bring it into view once, when it opens.
  if (revealDetail) { revealDetail = false; panel.scrollIntoView({ block: 'nearest' }); }
}

async function act(kind, id) {
  try {
    if (kind === 'delete') await api('DELETE', '/api/v1/jobs/' + encodeURIComponent(id));
    else await api('POST', '/api/v1/jobs/' + encodeURIComponent(id) + '/' + kind);
    notice = { text: kind === 'delete' ? 'Deleted.' : kind === 'retry' ? 'Queued again.' : 'Cancelled.', bad: false };
    if (kind === 'delete') { lastJobsKey = ''; closeDetail(); return; }
  } catch (error) {
    if (error instanceof AuthRequired) return;
    notice = { text: kind + ' failed: ' + error.message, bad: true };
  }
  lastDetailKey = '';
  refreshNow();
}
`
