/**
 * Client part 2: the overview — queues with counts per state, worker threads, and throughput
 * computed from successive completed/failed counts (so it covers workers in every process).
 */
export const OVERVIEW_SCRIPT = String.raw`
const SPARK_SAMPLES = 60;
let lastSample = null;
const rateHistory = [];
let lastQueuesKey = '';
let queueNames = [];

async function loadOverview() {
  const [queuesBody, statusBody] = await Promise.all([api('GET', '/api/v1/queues'), api('GET', '/jobs/status')]);
  renderQueues(queuesBody.queues || []);
  renderThreads(statusBody && statusBody.data ? statusBody.data : {});
}

function sumCounts(queues) {
  const total = {};
  for (const state of STATES) total[state] = 0;
  for (const queue of queues) for (const state of STATES) total[state] += Number(queue.counts[state]) || 0;
  return total;
}

function renderQueues(queues) {
  queues = queues.slice().sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const total = sumCounts(queues);
  const waiting = total.scheduled + total.ready + total.waiting + total.retry;
  setText('total-waiting', waiting);
  setText('total-active', total.active + ' active · ' + total.ready + ' ready now');
  setText('total-failed', total.failed);
  setText('total-completed', total.completed + ' completed · ' + total.cancelled + ' cancelled');
  recordThroughput(total);

  const key = JSON.stringify(queues);
  if (key === lastQueuesKey) return;
  lastQueuesKey = key;
  const maxWaiting = Math.max(1, ...queues.map((q) => q.counts.scheduled + q.counts.ready + q.counts.waiting + q.counts.retry + q.counts.active));
  const body = byId('queues-body');
  const rows = queues.map((queue) => {
    const load = queue.counts.scheduled + queue.counts.ready + queue.counts.waiting + queue.counts.retry + queue.counts.active;
    const bar = el('div', { class: load === 0 ? 'loadbar zero' : 'loadbar', title: load + ' unfinished' });
    bar.style.width = Math.max(2, Math.round((load / maxWaiting) * 100)) + '%';
    return el('tr', { 'data-queue': queue.name }, [
      el('th', { scope: 'row', text: queue.name }),
      el('td', { class: 'load' }, [bar]),
      ...STATES.map((state) => el('td', { class: 'num' }, [countButton(queue.name, state, queue.counts[state] || 0)])),
    ]);
  });
  if (queues.length > 1) {
    rows.push(el('tr', { class: 'total' }, [
      el('th', { scope: 'row', text: 'all queues' }),
      el('td', { class: 'load' }),
      ...STATES.map((state) => el('td', { class: 'num' }, [countButton('', state, total[state])])),
    ]));
  }
  body.replaceChildren(...rows);
  byId('queues-empty').hidden = queues.length > 0;
  updateQueueFilter(queues.map((q) => q.name));
}

function countButton(queue, state, count) {
  return el('button', {
    type: 'button',
    class: count === 0 ? 'count zero ' + state : 'count ' + state,
    'data-state': state,
    title: 'show ' + state + ' jobs' + (queue ? ' of ' + queue : ''),
    text: count,
    onclick: () => setFilters({ state: state, queue: queue }),
  });
}

function updateQueueFilter(names) {
  if (names.join('\n') === queueNames.join('\n')) return;
  queueNames = names;
  const select = byId('filter-queue');
  const current = select.value;
  const options = [el('option', { value: '', text: 'all' })];
  for (const name of names) options.push(el('option', { value: name, text: name }));
  if (current && !names.includes(current)) options.push(el('option', { value: current, text: current }));
  select.replaceChildren(...options);
  select.value = current;
}

function recordThroughput(total) {
  const now = performance.now();
  const sample = { t: now, completed: total.completed, failed: total.failed };
  if (lastSample !== null && now - lastSample.t > 200) {
    const seconds = (now - lastSample.t) / 1000;
    // Pruning or deleting finished jobs lowers the counts; that is not negative throughput.
    const completed = Math.max(0, sample.completed - lastSample.completed) / seconds;
    const failed = Math.max(0, sample.failed - lastSample.failed) / seconds;
    rateHistory.push({ completed: completed, failed: failed });
    if (rateHistory.length > SPARK_SAMPLES) rateHistory.shift();
    setText('rate-completed', fmtRate(completed));
    setText('rate-failed', fmtRate(failed));
    drawSpark();
  }
  if (lastSample === null || now - lastSample.t > 200) lastSample = sample;
}

function drawSpark() {
  const svg = byId('spark');
  if (rateHistory.length < 2) return;
  const max = Math.max(1, ...rateHistory.map((r) => Math.max(r.completed, r.failed)));
  const line = (key) => {
    const points = rateHistory.map((r, i) => {
      const x = rateHistory.length === 1 ? 120 : (i / (SPARK_SAMPLES - 1)) * 120 + (SPARK_SAMPLES - rateHistory.length) * (120 / (SPARK_SAMPLES - 1));
      const y = 27 - (r[key] / max) * 26;
      return x.toFixed(1) + ',' + y.toFixed(1);
    });
    const node = document.createElementNS('http://www.w3.org/2000/svg', 'polyline');
    node.setAttribute('class', key);
    node.setAttribute('points', points.join(' '));
    return node;
  };
  svg.replaceChildren(line('failed'), line('completed'));
}

function renderThreads(data) {
  const max = Number(data.max_threads) || 0;
  const working = Number(data.working) || 0;
  setText('threads-working', working);
  setText('threads-free', max > 0 ? (Number(data.free_threads) || 0) + ' free of ' + max : 'no worker threads in this server');
  byId('threads-bar').style.width = (max > 0 ? Math.min(100, Math.round((working / max) * 100)) : 0) + '%';
}
`
