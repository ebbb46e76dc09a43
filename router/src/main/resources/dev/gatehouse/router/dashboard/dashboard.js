// Gatehouse dashboard: renders each snapshot of /v1/dashboard/events (server-sent events). Everything the server
// sends is put into the page as text, never as HTML.
'use strict';

const byId = (id) => document.getElementById(id);

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (key === 'class') node.className = value;
    else node.setAttribute(key, value);
  }
  for (const child of children) {
    if (child === null || child === undefined) continue;
    node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

function bytes(n) {
  if (n === null || n === undefined || n < 0) return '–';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let i = 0;
  while (n >= 1024 && i < units.length - 1) { n /= 1024; i++; }
  return (i === 0 ? n : n.toFixed(n < 10 ? 1 : 0)) + ' ' + units[i];
}

function td(content, cls) {
  return el('td', cls ? { class: cls } : {}, content);
}

function renderModels(models) {
  const rows = models.map((m) => el('tr', { 'data-model': m.id },
    td(el('span', { class: 'code' }, m.id)),
    td(el('span', { class: 'state state-' + m.state }, m.state), null),
    td(m.engine ? m.engine + ' / ' + m.backend : '–'),
    td(m.device || '–'),
    td(m.gpuLayers, 'num'),
    td(m.busy + ' / ' + m.free, 'num'),
    td(m.queued + ' / ' + m.queueLimit, 'num'),
    td(m.tokensPerSecond === null ? '–' : m.tokensPerSecond.toFixed(1), 'num'),
    td(bytes(m.predictedBytes) + ' / ' + bytes(m.measuredBytes), 'num'),
    td(m.loadFailures + m.workerCrashes === 0 ? '0'
      : m.loadFailures + ' load, ' + m.workerCrashes + ' crash', 'num')));
  byId('models').tBodies[0].replaceChildren(...rows);
}

function meter(label, used, total) {
  const share = total > 0 ? Math.min(1, Math.max(0, used / total)) : 0;
  const fill = el('div', { class: 'fill' + (share > 0.9 ? ' high' : '') });
  fill.style.width = (share * 100).toFixed(1) + '%';
  return el('div', { class: 'meter' },
    el('div', {}, label, ' ', el('span', { class: 'muted' }, bytes(used) + ' of ' + bytes(total))),
    el('div', { class: 'track' }, fill));
}

function renderHardware(h) {
  const parts = [
    el('div', {}, 'CPU ', el('span', { class: 'muted' }, h.cpu.model + ', ' + h.cpu.cores + ' cores'),
      ' · load ', el('b', { id: 'cpu-load' }, h.cpu.load1 < 0 ? '–' : h.cpu.load1.toFixed(2))),
    meter('RAM in use', h.memory.totalBytes - h.memory.freeBytes, h.memory.totalBytes),
    el('div', { class: 'muted' }, 'Gatehouse process: ' + bytes(h.memory.processRssBytes)),
  ];
  if (h.gpus.length === 0) {
    parts.push(el('div', { class: 'empty' }, 'No GPU' + (h.gpuNote ? ': ' + h.gpuNote : '')));
  }
  for (const g of h.gpus) {
    parts.push(meter('GPU ' + g.index + ' ' + g.name + ' VRAM', g.usedBytes, g.totalBytes));
    parts.push(el('div', { class: 'muted' }, 'utilisation ' + (g.utilizationPercent < 0 ? '–' : g.utilizationPercent + '%')
      + (g.temperatureC < 0 ? '' : ', ' + g.temperatureC + ' °C')));
  }
  byId('hardware').replaceChildren(...parts);
}

function renderBars(id, counts, emptyText) {
  const entries = Object.entries(counts).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  if (entries.length === 0) {
    byId(id).replaceChildren(el('div', { class: 'empty' }, emptyText));
    return;
  }
  const max = Math.max(...entries.map(([, n]) => Number(n)), 1);
  byId(id).replaceChildren(...entries.map(([key, n]) => {
    const fill = el('div', { class: 'fill' });
    fill.style.width = (100 * Number(n) / max).toFixed(1) + '%';
    return el('div', { class: 'row', 'data-key': key },
      el('span', { class: 'label code', title: key }, key),
      el('div', { class: 'track' }, fill),
      el('span', { class: 'count' }, n));
  }));
}

function renderDecisions(decisions) {
  const rows = decisions.map((d) => el('tr', { 'data-decision': d.id },
    td(new Date(d.at).toLocaleTimeString(), 'num'),
    td(el('span', { class: 'code target' }, d.target === null ? 'refused' : d.target)),
    td(el('span', { class: 'code' }, d.servedBy || '–')),
    td(el('ul', { class: 'reasons' }, ...d.reasons.map((r) =>
      el('li', {}, el('span', { class: 'code' }, r.code), r.detail ? ' ' + r.detail : '')))),
    td(d.rejected.length === 0 ? '–' : el('ul', { class: 'reasons' }, ...d.rejected.map((r) =>
      el('li', {}, el('span', { class: 'code' }, r.target), ': ', el('span', { class: 'code' }, r.reason))))),
    td(d.dataClass + (Object.keys(d.findings).length ? ' (' + Object.entries(d.findings)
      .map(([type, n]) => type + ' ×' + n).join(', ') + ')' : '')),
    td(d.dryRun ? 'dry run' : d.status, 'num'),
    td(d.latencyMs + ' ms', 'num'),
    td(d.cost === null ? '–' : d.cost, 'num')));
  byId('decisions').tBodies[0].replaceChildren(...rows);
}

function renderCostOutcomes(c) {
  if (!c) {
    byId('co-note').textContent = 'No decision log is kept: start the server with a decision log to see cost per outcome.';
    return;
  }
  byId('co-spend').textContent = c.spend;
  byId('co-requests').textContent = c.requests;
  byId('co-tokens').textContent = c.promptTokens + ' / ' + c.completionTokens;
  byId('co-escalations').textContent = c.escalations;
  byId('co-success').textContent = c.successes + ' of ' + c.requests
    + (c.withFeedback ? ' (' + c.withFeedback + ' scored, mean ' + c.meanScore + ')' : '');
  byId('co-cost-per-success').textContent = c.costPerSuccess === null ? '–' : c.costPerSuccess;
  byId('co-savings').textContent = c.savings + ' (all to ' + (c.strongestTarget || 'no target') + ': '
    + c.strongestCost + ')';
  byId('co-note').textContent = '';
}

function render(s) {
  renderModels(s.models);
  renderHardware(s.hardware);
  renderBars('traffic', s.traffic, 'No requests yet');
  byId('routed-to').replaceChildren(...Object.entries(s.routedTo).map(([where, n]) =>
    el('span', { class: 'chip', 'data-key': where }, where + ' ' + n)));
  renderBars('blocked', s.escalationsBlocked, 'No escalation blocked');
  renderBars('pii', s.piiFindings, 'None found');
  byId('cost-total').textContent = s.costToday.total;
  renderBars('cost-by-target', s.costToday.byTarget, 'Nothing spent today');
  renderCostOutcomes(s.costOutcomes);
  renderDecisions(s.decisions);
  byId('decisions-total').textContent = s.decisionsTotal;
  byId('updated').textContent = new Date(s.now).toLocaleTimeString();
  byId('updated').setAttribute('datetime', s.now);
}

function setStatus(text) {
  const status = byId('status');
  status.textContent = text;
  status.className = 'status ' + text;
}

function connect() {
  const events = new EventSource('/v1/dashboard/events');
  events.addEventListener('open', () => setStatus('live'));
  events.addEventListener('snapshot', (e) => {
    setStatus('live');
    render(JSON.parse(e.data));
  });
  // EventSource reconnects by itself (the server ends each stream after a few minutes, or went away)
  events.addEventListener('error', () => setStatus('reconnecting'));
}

connect();
