// Hookbridge admin console: a page over the admin API (/admin/api/). The admin token typed into
// the login form is kept in sessionStorage (gone when the tab closes) and sent only in the
// Authorization header, never in an address. Everything shown is written as text, never as HTML.
'use strict';

(function () {
  const TOKEN_KEY = 'hookbridge.admin-token';
  const REFRESH_MS = 5000;
  const FOLLOW_UP_MS = 1200;
  const EVENTS_SHOWN = 50;
  const SERIES_COLOURS = 8;
  const SVG = 'http://www.w3.org/2000/svg';

  const $ = (id) => document.getElementById(id);

  let refreshTimer = null;
  let refreshing = null;
  let openEventId = null;
  let samplesShown = false;

  class ApiError extends Error {
    constructor(status, code, message) {
      super(message);
      this.status = status;
      this.code = code;
    }
  }

  // ---- talking to the admin API

  function storedToken() {
    return sessionStorage.getItem(TOKEN_KEY);
  }

  /** Calls the admin API; the answer's JSON, or an ApiError. A 401 with the stored token logs out. */
  async function api(method, path, token) {
    const headers = { Accept: 'application/json' };
    const bearer = token === undefined ? storedToken() : token;
    if (bearer) {
      headers.Authorization = 'Bearer ' + bearer;
    }
    let response;
    try {
      response = await fetch('api/' + path, { method, headers, cache: 'no-store', credentials: 'omit' });
    } catch (e) {
      throw new ApiError(0, 'unreachable', 'the bridge cannot be reached (' + e.message + ')');
    }
    let body = null;
    try {
      body = await response.json();
    } catch (e) {
      body = null;
    }
    if (!response.ok) {
      const error = new ApiError(response.status, body && body.error,
        (body && body.message) || 'the bridge answered ' + response.status);
      if (token === undefined && response.status === 401) {
        logOut('The bridge no longer accepts this admin token: log in again.');
      } else if (token === undefined && error.code === 'admin_disabled') {
        showApiOff();
      }
      throw error;
    }
    return body;
  }

  const path = (...parts) => parts.map(encodeURIComponent).join('/');

  // ---- which part of the page shows

  function show(part) {
    $('api-off').hidden = part !== 'api-off';
    $('login-panel').hidden = part !== 'login';
    $('dashboard').hidden = part !== 'dashboard';
    $('logout').hidden = part !== 'dashboard';
    if (part !== 'dashboard') {
      stopRefreshing();
      $('updated').textContent = '';
    }
  }

  function showApiOff() {
    sessionStorage.removeItem(TOKEN_KEY);
    show('api-off');
  }

  function showLogin(text) {
    show('login');
    $('login-message').textContent = text || '';
    $('token').focus();
  }

  function logOut(text) {
    sessionStorage.removeItem(TOKEN_KEY);
    openEventId = null;
    samplesShown = false;
    $('detail').hidden = true;
    showLogin(text);
  }

  /** An alert mail links to one event as admin/#event=<id>. */
  function eventInAddress() {
    const match = /^#event=(.+)$/.exec(window.location.hash);
    return match ? decodeURIComponent(match[1]) : null;
  }

  function showDashboard() {
    openEventId = eventInAddress() || openEventId;
    show('dashboard');
    stopRefreshing();
    refreshTimer = setInterval(refresh, REFRESH_MS);
    refresh();
  }

  function stopRefreshing() {
    if (refreshTimer !== null) {
      clearInterval(refreshTimer);
      refreshTimer = null;
    }
  }

  /** Without a token the admin API answers 404 admin_disabled while it is off, 401 while it is on. */
  async function probe() {
    try {
      await api('GET', 'overview', null);
      showLogin();
    } catch (error) {
      if (error.code === 'admin_disabled') {
        showApiOff();
      } else if (error.status === 401) {
        showLogin();
      } else {
        showLogin('The admin API did not answer: ' + error.message);
      }
    }
  }

  async function logIn(event) {
    event.preventDefault();
    const token = $('token').value.trim();
    if (!token) {
      $('login-message').textContent = 'Type the admin token.';
      return;
    }
    $('login-message').textContent = '';
    try {
      await api('GET', 'overview', token);
    } catch (error) {
      if (error.status === 401) {
        $('login-message').textContent = 'Wrong token: this is not the bridge\'s admin token (hookbridge.admin.token).';
      } else if (error.code === 'admin_disabled') {
        showApiOff();
      } else {
        $('login-message').textContent = 'Could not log in: ' + error.message;
      }
      return;
    }
    sessionStorage.setItem(TOKEN_KEY, token);
    $('token').value = '';
    showDashboard();
  }

  // ---- refreshing what is shown

  function refresh() {
    if (refreshing) {
      return refreshing;
    }
    refreshing = (async () => {
      try {
        const calls = [api('GET', 'overview'), api('GET', 'events?limit=' + EVENTS_SHOWN)];
        if (!samplesShown) {
          calls.push(api('GET', 'samples').then(renderSamples));
        }
        if (openEventId) {
          calls.push(loadDetail(openEventId));
        }
        const [overview, events] = await Promise.all(calls);
        renderChart(overview);
        renderFlows(overview.flows);
        renderAlerts(overview.alerts);
        renderEvents(events.events);
        $('updated').textContent = 'Updated ' + clock(new Date());
      } catch (error) {
        if (error.status !== 401 && error.code !== 'admin_disabled') {
          say('Could not refresh: ' + error.message, true);
        }
      } finally {
        refreshing = null;
      }
    })();
    return refreshing;
  }

  /** Runs an action, says how it went, then refreshes at once and again shortly (deliveries take a moment). */
  async function act(button, action) {
    button.disabled = true;
    try {
      say(await action());
    } catch (error) {
      if (error.status !== 401) {
        say(error.message, true);
      }
    } finally {
      button.disabled = false;
    }
    await refresh();
    setTimeout(refresh, FOLLOW_UP_MS);
  }

  function say(text, isError) {
    const message = $('message');
    message.textContent = text;
    message.className = isError ? 'error' : 'ok';
  }

  // ---- the chart: events per type per hour, a stacked bar per hour

  function renderChart(overview) {
    const width = 720;
    const height = 220;
    const left = 36;
    const bottom = 24;
    const top = 10;
    const hours = overview.hours;
    const types = overview.types;
    const totals = hours.map((_, hour) => types.reduce((sum, type) => sum + type.counts[hour], 0));
    const highest = niceCeiling(Math.max(1, ...totals));
    const plotHeight = height - bottom - top;
    const slot = (width - left) / hours.length;

    const svg = svgElement('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img',
      'aria-label': 'Events per hour over the last 24 hours, by type' });
    for (const fraction of [0, 0.5, 1]) {
      const y = top + plotHeight - fraction * plotHeight;
      svg.appendChild(svgElement('line', { x1: left, x2: width, y1: y, y2: y, class: 'grid' }));
      svg.appendChild(svgText(String(Math.round(highest * fraction)), { x: left - 6, y: y + 4, class: 'axis end' }));
    }
    hours.forEach((start, hour) => {
      let y = top + plotHeight;
      types.forEach((type, series) => {
        const count = type.counts[hour];
        if (count === 0) {
          return;
        }
        const barHeight = (count / highest) * plotHeight;
        y -= barHeight;
        const bar = svgElement('rect', { x: left + hour * slot + 2, y, width: Math.max(1, slot - 4), height: barHeight,
          class: 'series-' + (series % SERIES_COLOURS) });
        const title = svgElement('title', {});
        title.textContent = `${hourLabel(start)}: ${count} ${type.type}`;
        bar.appendChild(title);
        svg.appendChild(bar);
      });
      // every third hour, counted back from the current one (the last label ends at the right edge)
      const fromEnd = hours.length - 1 - hour;
      if (fromEnd % 3 === 0) {
        svg.appendChild(svgText(hourLabel(start), fromEnd === 0
          ? { x: width, y: height - 6, class: 'axis end' }
          : { x: left + hour * slot + slot / 2, y: height - 6, class: 'axis middle' }));
      }
    });
    if (types.length === 0) {
      svg.appendChild(svgText('No events in the last 24 hours', { x: left + (width - left) / 2, y: top + plotHeight / 2,
        class: 'empty middle' }));
    }
    $('chart').replaceChildren(svg);

    $('legend').replaceChildren(...types.map((type, series) => {
      const item = element('li');
      item.appendChild(element('span', 'swatch series-' + (series % SERIES_COLOURS)));
      item.appendChild(element('span', null, type.type));
      item.appendChild(element('span', 'muted', String(type.total)));
      return item;
    }));
  }

  /** 1, 2 or 5 times a power of ten, at least n: the top of the chart's scale. */
  function niceCeiling(n) {
    const power = Math.pow(10, Math.floor(Math.log10(n)));
    return [1, 2, 5, 10].map((step) => step * power).find((value) => value >= n);
  }

  // ---- flows

  function renderFlows(flows) {
    $('flows').tBodies[0].replaceChildren(...flows.map((flow) => {
      const row = element('tr', flow.on ? null : 'off');
      row.dataset.flow = flow.flow;
      const name = element('td', null, flow.flow);
      if (!flow.on) {
        const off = element('span', 'tag', 'off');
        off.title = 'Switched off by its settings: see the startup log';
        name.appendChild(off);
      }
      row.appendChild(name);
      for (const state of ['delivered', 'pending', 'retrying', 'dead']) {
        const cell = element('td', 'num ' + state, String(flow[state]));
        cell.dataset.state = state;
        if (flow[state] === 0) {
          cell.classList.add('zero');
        }
        row.appendChild(cell);
      }
      const button = element('button', 'replay-dead', 'Replay dead');
      button.type = 'button';
      button.disabled = flow.dead === 0;
      button.addEventListener('click', () => act(button, async () => {
        const answer = await api('POST', path('flows', flow.flow, 'replay-dead'));
        const skipped = answer.skipped ? ` Skipped ${plural(answer.skipped, 'delivery', 'deliveries')} in progress.` : '';
        return `Replayed ${plural(answer.replayed, 'dead delivery', 'dead deliveries')} of ${flow.flow}.${skipped}`;
      }));
      const actions = element('td', 'actions');
      actions.appendChild(button);
      row.appendChild(actions);
      return row;
    }));
  }

  /** One line on the operator's alerts: last sent, waiting, and a digest that fails to go. */
  function renderAlerts(alerts) {
    const line = $('alerts-state');
    line.hidden = !alerts;
    if (!alerts) {
      return;
    }
    line.classList.toggle('error', alerts.failing);
    if (!alerts.on) {
      line.textContent = 'Alerts for the operator are off (hookbridge.operator.email, hookbridge.operator.webhook-url).';
      return;
    }
    const parts = [`Alerts for the operator (${alerts.channels.join(', ')}): last sent `
      + (alerts.last_sent_at ? dateTime(alerts.last_sent_at) : 'never'), `${alerts.waiting} waiting`];
    if (alerts.failing) {
      parts.push(`not sent by ${alerts.last_error_channel} (${alerts.last_error}), tried again at ${dateTime(alerts.next_attempt_at)}`);
    }
    line.textContent = parts.join('; ') + '.';
  }

  // ---- samples

  function renderSamples(answer) {
    const select = $('sample');
    const chosen = select.value;
    select.replaceChildren(...answer.samples.map((sample) => {
      const option = element('option', null, sample.name === sample.type ? sample.name : `${sample.name} (${sample.type})`);
      option.value = sample.name;
      return option;
    }));
    if (chosen) {
      select.value = chosen;
    }
    samplesShown = true;
  }

  function sendSample(event) {
    event.preventDefault();
    const name = $('sample').value;
    const button = event.submitter || $('send-sample').querySelector('button');
    if (!name) {
      return;
    }
    act(button, async () => {
      const answer = await api('POST', path('samples', name));
      openEventId = answer.event_id;
      return `Sent sample ${name}: event ${answer.event_id}.`;
    });
  }

  // ---- recent events

  function renderEvents(events) {
    $('no-events').hidden = events.length > 0;
    const focused = document.activeElement && document.activeElement.dataset
      ? document.activeElement.dataset.eventId : undefined;
    $('events').tBodies[0].replaceChildren(...events.map((event) => {
      const row = element('tr');
      row.dataset.eventId = event.id;
      row.dataset.status = event.delivery_status;
      row.tabIndex = 0;
      if (event.id === openEventId) {
        row.classList.add('selected');
      }
      row.appendChild(element('td', 'time', dateTime(event.received_at)));
      for (const [className, text] of [['type', event.type], ['email', event.email || '—'], ['summary', event.summary || '']]) {
        const cell = element('td', className, text);
        cell.title = text;
        row.appendChild(cell);
      }
      const status = element('td');
      status.appendChild(badge(event.delivery_status));
      row.appendChild(status);
      row.addEventListener('click', () => openEvent(event.id));
      row.addEventListener('keydown', (key) => {
        if (key.key === 'Enter' || key.key === ' ') {
          key.preventDefault();
          openEvent(event.id);
        }
      });
      return row;
    }));
    // a refresh keeps the keyboard on the row it was on
    if (focused) {
      const row = [...$('events').tBodies[0].rows].find((r) => r.dataset.eventId === focused);
      if (row) {
        row.focus({ preventScroll: true });
      }
    }
  }

  // ---- one event

  function openEvent(id) {
    openEventId = id;
    for (const row of $('events').tBodies[0].rows) {
      row.classList.toggle('selected', row.dataset.eventId === id);
    }
    loadDetail(id).catch((error) => {
      if (error.status !== 401) {
        say('Could not show the event: ' + error.message, true);
      }
    });
  }

  async function loadDetail(id) {
    try {
      renderDetail(await api('GET', path('events', id)));
    } catch (error) {
      if (error.status === 404 && openEventId === id) {
        openEventId = null;
        $('detail').hidden = true;
      }
      throw error;
    }
  }

  function renderDetail(event) {
    if (event.id !== openEventId) {
      return;
    }
    const detail = $('detail');
    detail.dataset.eventId = event.id;
    $('detail-title').textContent = event.type;
    const facts = [
      ['Event', event.id],
      ['Received', dateTime(event.received_at)],
      ['From', event.remote_address === 'admin-console' ? 'this console (a sample)' : (event.remote_address || '—')],
      ['Source', event.source],
      ['Contact', event.email || '—'],
      ['Summary', event.summary || '—'],
    ];
    $('detail-facts').replaceChildren(...facts.flatMap(([name, value]) => [element('dt', null, name), element('dd', null, value)]));
    $('detail-unrouted').hidden = event.deliveries.length > 0;
    $('detail-deliveries').replaceChildren(...event.deliveries.map(renderDelivery));
    if ($('detail-body').textContent !== event.body) {
      $('detail-body').textContent = event.body;
    }
    detail.hidden = false;
  }

  function renderDelivery(delivery) {
    const box = element('div', 'delivery');
    const status = delivery.status === 'pending' && delivery.attempts > 0 ? 'retrying' : delivery.status;
    box.dataset.deliveryId = delivery.id;
    box.dataset.flow = delivery.flow;
    box.dataset.status = status;

    const head = element('div', 'delivery-head');
    head.appendChild(element('strong', null, delivery.flow));
    head.appendChild(badge(status));
    const button = element('button', 'replay', 'Replay');
    button.type = 'button';
    button.addEventListener('click', () => {
      if (delivery.status === 'delivered' && !window.confirm(`${delivery.flow} already delivered this event: replaying`
          + ' sends it again (SQL rows are not doubled; sheet rows, emails and HTTP calls are). Replay it?')) {
        return;
      }
      act(button, async () => {
        await api('POST', path('deliveries', String(delivery.id), 'replay'));
        return `Delivery ${delivery.id} (${delivery.flow}) is pending again, due now.`;
      });
    });
    head.appendChild(button);
    box.appendChild(head);

    const notes = [];
    if (delivery.status === 'pending') {
      notes.push('next attempt ' + dateTime(delivery.next_attempt_at));
    }
    if (delivery.claimed_by) {
      notes.push('being delivered by ' + delivery.claimed_by);
    }
    if (notes.length) {
      box.appendChild(element('p', 'muted', notes.join('; ')));
    }
    if (delivery.last_error && delivery.status !== 'delivered') {
      box.appendChild(element('p', 'last-error', delivery.last_error));
    }

    if (delivery.history.length) {
      const table = element('table', 'attempts');
      const head = element('tr');
      for (const title of ['#', 'Time', 'Outcome']) {
        head.appendChild(element('th', null, title));
      }
      table.appendChild(element('thead')).appendChild(head);
      const body = table.appendChild(element('tbody'));
      for (const attempt of delivery.history) {
        const row = element('tr');
        row.dataset.outcome = attempt.outcome;
        row.appendChild(element('td', 'num', String(attempt.attempt)));
        row.appendChild(element('td', 'time', dateTime(attempt.finished_at)));
        const outcome = element('td');
        outcome.appendChild(badge(attempt.outcome));
        row.appendChild(outcome);
        body.appendChild(row);
        if (attempt.error) {
          const errorRow = element('tr', 'attempt-error');
          errorRow.appendChild(element('td'));
          const error = element('td', 'error', attempt.error);
          error.colSpan = 2;
          errorRow.appendChild(error);
          body.appendChild(errorRow);
        }
      }
      box.appendChild(table);
    } else {
      box.appendChild(element('p', 'muted', 'Not tried yet.'));
    }
    return box;
  }

  // ---- small helpers

  function element(name, className, text) {
    const node = document.createElement(name);
    if (className) {
      node.className = className;
    }
    if (text !== undefined) {
      node.textContent = text;
    }
    return node;
  }

  function badge(status) {
    return element('span', 'badge status-' + String(status).replace(/[^a-z-]/g, ''), status);
  }

  function svgElement(name, attributes) {
    const node = document.createElementNS(SVG, name);
    for (const [key, value] of Object.entries(attributes)) {
      node.setAttribute(key, String(value));
    }
    return node;
  }

  function svgText(text, attributes) {
    const node = svgElement('text', attributes);
    node.textContent = text;
    return node;
  }

  const two = (n) => String(n).padStart(2, '0');

  function clock(date) {
    return `${two(date.getHours())}:${two(date.getMinutes())}:${two(date.getSeconds())}`;
  }

  /** A journal time (ISO-8601, UTC) in the browser's time zone: 2026-11-22 14:03:05. */
  function dateTime(iso) {
    const date = new Date(iso);
    if (Number.isNaN(date.getTime())) {
      return iso || '';
    }
    return `${date.getFullYear()}-${two(date.getMonth() + 1)}-${two(date.getDate())} ${clock(date)}`;
  }

  function hourLabel(iso) {
    const date = new Date(iso);
    return `${two(date.getHours())}:${two(date.getMinutes())}`;
  }

  function plural(n, one, many) {
    return `${n} ${n === 1 ? one : many}`;
  }

  // ---- start

  document.addEventListener('DOMContentLoaded', () => {
    $('login').addEventListener('submit', logIn);
    $('logout').addEventListener('click', () => logOut('Logged out.'));
    $('send-sample').addEventListener('submit', sendSample);
    $('detail-close').addEventListener('click', () => {
      openEventId = null;
      $('detail').hidden = true;
      for (const row of $('events').tBodies[0].rows) {
        row.classList.remove('selected');
      }
    });
    window.addEventListener('hashchange', () => {
      if (eventInAddress() && !$('dashboard').hidden) {
        openEvent(eventInAddress());
      }
    });
    if (storedToken()) {
      showDashboard();
    } else {
      probe();
    }
  });
})();
