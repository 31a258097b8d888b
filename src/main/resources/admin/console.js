// Hookbridge admin console: a page over the admin API (/admin/api/). The admin token typed into
// the login form is kept in sessionStorage (gone when the tab closes) and sent only in the
// Authorization header, never in an address. Everything shown is written as text, never as HTML.
'use strict';

(function () {
  const TOKEN_KEY = 'hookbridge.admin-token';
  const REFRESH_MS = 5000;
  const FOLLOW_UP_MS = 1200;
  const EVENTS_SHOWN = 50;
  // the chart's colours: the overview gives each type its number, the same for a documented type
  // every time (0 to 11, its place in the list of systeme.io's types), 12 and on for any other type
  const TYPE_COLOURS = ['#2ca02c', '#d62728', '#1f77b4', '#ff7f0e', '#9467bd', '#c5b0d5', '#17becf', '#9edae5',
    '#e377c2', '#8c564b', '#bcbd22', '#7f7f7f', '#393b79', '#ad494a', '#637939', '#e7ba52'];
  const SVG = 'http://www.w3.org/2000/svg';

  const $ = (id) => document.getElementById(id);

  let refreshTimer = null;
  let refreshing = null;
  let openEventId = null;
  let samplesShown = false;
  let samples = [];
  let flowList = null;
  let view = 'overview';

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

  /**
   * Calls the admin API, with a JSON body when one is given; the answer's JSON, or an ApiError.
   * A 401 with the stored token logs out.
   */
  async function api(method, path, token, body) {
    const headers = { Accept: 'application/json' };
    const bearer = token === undefined ? storedToken() : token;
    if (bearer) {
      headers.Authorization = 'Bearer ' + bearer;
    }
    const request = { method, headers, cache: 'no-store', credentials: 'omit' };
    if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
      request.body = body;
    }
    let response;
    try {
      response = await fetch('api/' + path, request);
    } catch (e) {
      throw new ApiError(0, 'unreachable', 'the bridge cannot be reached (' + e.message + ')');
    }
    let answer = null;
    try {
      answer = await response.json();
    } catch (e) {
      answer = null;
    }
    if (!response.ok) {
      const error = new ApiError(response.status, answer && answer.error,
        (answer && answer.message) || 'the bridge answered ' + response.status);
      if (token === undefined && response.status === 401) {
        logOut('The bridge no longer accepts this admin token: log in again.');
      } else if (token === undefined && error.code === 'admin_disabled') {
        showApiOff();
      }
      throw error;
    }
    return answer;
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
    flowList = null;
    $('detail').hidden = true;
    $('preview').hidden = true;
    showLogin(text);
  }

  /** The overview (chart, deliveries, events) or the flows (their list, samples and previews). */
  function showView(name) {
    view = name;
    $('overview-view').hidden = name !== 'overview';
    $('flows-view').hidden = name !== 'flows';
    $('view-overview').setAttribute('aria-pressed', String(name === 'overview'));
    $('view-flows').setAttribute('aria-pressed', String(name === 'flows'));
    if (name === 'flows' && flowList === null) {
      loadFlows().catch((error) => {
        if (error.status !== 401) {
          say('Could not list the flows: ' + error.message, true);
        }
      });
    }
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
      types.forEach((type) => {
        const count = type.counts[hour];
        if (count === 0) {
          return;
        }
        const barHeight = (count / highest) * plotHeight;
        y -= barHeight;
        const bar = svgElement('rect', { x: left + hour * slot + 2, y, width: Math.max(1, slot - 4), height: barHeight,
          fill: typeColour(type) });
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

    $('legend').replaceChildren(...types.map((type) => {
      const item = element('li');
      const swatch = element('span', 'swatch');
      swatch.style.background = typeColour(type);
      item.appendChild(swatch);
      item.appendChild(element('span', null, type.type));
      item.appendChild(element('span', 'muted', String(type.total)));
      return item;
    }));
  }

  /** A type's colour: from the palette, past its end a hue of its own (golden-angle steps never repeat). */
  function typeColour(type) {
    const n = type.colour;
    return n < TYPE_COLOURS.length ? TYPE_COLOURS[n] : `hsl(${(n * 137.508) % 360}, 55%, 42%)`;
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

  // ---- the flows: when each runs and where it writes

  async function loadFlows() {
    const answer = await api('GET', 'flows');
    flowList = answer.flows;
    renderFlowList(answer.flows);
    renderFlowTypes(answer.by_type);
    renderFlowPicker();
  }

  function renderFlowList(flows) {
    $('flow-list').tBodies[0].replaceChildren(...flows.map((flow) => {
      const row = element('tr', flow.on ? null : 'off');
      row.dataset.flow = flow.name;
      row.dataset.on = String(flow.on);
      row.appendChild(element('td', 'flow-name', flow.name));
      row.appendChild(element('td', 'sink', flow.template || '—'));
      const types = element('td', 'types', flow.all_types ? `all (${flow.types.length} types)` : flow.types.join(', '));
      types.title = flow.types.join(', ');
      row.appendChild(types);
      const condition = element('td', 'condition');
      if (flow.condition) {
        condition.appendChild(element('span', 'tag language', flow.condition.language));
        condition.appendChild(element('code', null, flow.condition.text));
      } else {
        condition.appendChild(element('span', 'muted', 'none'));
      }
      row.appendChild(condition);
      const state = element('td', 'state');
      state.appendChild(badge(flow.on ? 'on' : 'off'));
      if (!flow.on) {
        state.appendChild(element('span', 'why-off muted', flow.why_off));
      }
      row.appendChild(state);
      return row;
    }));
  }

  function renderFlowTypes(byType) {
    const types = Object.keys(byType);
    $('no-flow-types').hidden = types.length > 0;
    $('flow-types').tBodies[0].replaceChildren(...types.map((type) => {
      const row = element('tr');
      row.dataset.type = type;
      row.appendChild(element('td', 'type', type));
      row.appendChild(element('td', null, byType[type].join(', ')));
      return row;
    }));
  }

  /** The flow picker of the preview: every flow, the first that is on and takes the sample's type chosen. */
  function renderFlowPicker() {
    if (flowList === null) {
      return;
    }
    const select = $('preview-flow');
    const chosen = select.value;
    select.replaceChildren(...flowList.map((flow) => {
      const option = element('option', null, flow.on ? flow.name : `${flow.name} (off)`);
      option.value = flow.name;
      return option;
    }));
    if (chosen) {
      select.value = chosen;
    } else {
      chooseFlowFor(currentSample());
    }
  }

  function chooseFlowFor(sample) {
    if (!sample || flowList === null) {
      return;
    }
    const taker = flowList.find((flow) => flow.on && flow.types.includes(sample.type) && flow.condition)
      || flowList.find((flow) => flow.on && flow.types.includes(sample.type));
    if (taker) {
      $('preview-flow').value = taker.name;
    }
  }

  // ---- samples: edit, send, preview
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
    samples = answer.samples;
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
    if (!$('sample-body').value) {
      fillEditor();
      chooseFlowFor(currentSample());
    }
    samplesShown = true;
  }

  function currentSample() {
    return samples.find((sample) => sample.name === $('sample').value);
  }

  /** The editor back to the chosen sample as shipped. */
  function fillEditor() {
    const sample = currentSample();
    $('sample-body').value = sample ? sample.body : '';
    $('sample-problem').textContent = '';
    markEdited();
  }

  function isEdited() {
    const sample = currentSample();
    return Boolean(sample) && $('sample-body').value !== sample.body;
  }

  function markEdited() {
    $('sample-edited').hidden = !isEdited();
  }

  /** The editor's JSON, or null (with why, under the editor) when it does not parse. */
  function editedJson() {
    const text = $('sample-body').value;
    try {
      JSON.parse(text);
    } catch (e) {
      $('sample-problem').textContent = 'Not valid JSON: ' + e.message;
      return null;
    }
    $('sample-problem').textContent = '';
    return text;
  }

  function sendSample(event) {
    event.preventDefault();
    const name = $('sample').value;
    if (!name) {
      return;
    }
    const edited = isEdited();
    const body = edited ? editedJson() : undefined;
    if (edited && body === null) {
      return;
    }
    act($('sample-send'), async () => {
      const answer = await api('POST', path('samples', name), undefined, body);
      openEventId = answer.event_id;
      showView('overview');
      return `Sent sample ${name}${edited ? ' (edited)' : ''}: event ${answer.event_id}.`;
    });
  }

  async function previewSample() {
    const flow = $('preview-flow').value;
    const body = editedJson();
    if (!flow || body === null) {
      return;
    }
    const button = $('sample-preview');
    button.disabled = true;
    try {
      renderPreview(await api('POST', path('flows', flow, 'preview'), undefined, body));
    } catch (error) {
      if (error.status !== 401) {
        $('preview').hidden = true;
        $('sample-problem').textContent = 'No preview: ' + error.message;
      }
    } finally {
      button.disabled = false;
    }
  }

  function renderPreview(answer) {
    const box = $('preview');
    box.dataset.flow = answer.flow;
    box.dataset.holds = String(answer.condition.holds);
    box.dataset.wouldDeliver = String(answer.would_deliver);
    $('preview-title').textContent = `Preview: ${answer.flow}` + (answer.template ? ` (${answer.template})` : '');
    const condition = element('span', answer.condition.holds ? 'ok' : 'error', answer.condition.reason);
    condition.id = 'preview-condition';
    const verdict = answer.would_deliver ? 'sending this event delivers it to this flow'
      : !answer.on ? 'this flow is off: it gets no events'
        : !answer.takes_type ? 'this flow does not take this event type'
          : 'this flow skips this event';
    const facts = [
      ['Event type', element('span', null, `${answer.type} (${answer.takes_type ? 'one of this flow\'s types'
        : 'not one of this flow\'s types'})`)],
      ['Condition', condition],
      ['Verdict', element('span', answer.would_deliver ? 'ok' : 'muted', verdict)],
    ];
    $('preview-facts').replaceChildren(...facts.flatMap(([name, value]) => {
      const dd = element('dd');
      dd.appendChild(value);
      return [element('dt', null, name), dd];
    }));
    $('preview-writes').replaceChildren(...renderWrites(answer));
    box.hidden = false;
  }

  /** What the flow's sink would write, shown as text: never as HTML, the mail's HTML part included. */
  function renderWrites(answer) {
    const writes = answer.writes;
    const container = $('preview-writes');
    container.dataset.sink = writes ? writes.sink : '';
    if (!writes) {
      return [answer.error
        ? element('p', 'error', 'Its sink would fail on this event: ' + answer.error)
        : element('p', 'muted', `A flow of the ${answer.template} template has no preview.`)];
    }
    const heading = (text) => element('h3', null, text);
    switch (writes.sink) {
      case 'sql-insert':
        return [heading(`Row inserted in ${writes.table}`),
          valueTable(['Column', 'Value'], Object.entries(writes.values), (column) => writes.key.includes(column) ? 'key' : null),
          element('p', 'muted', `Inserted only if no row has the same ${writes.key.join(', ')}.`)];
      case 'google-sheets-append':
        return [heading(`Row appended to ${writes.range}`),
          valueTable(['Column', 'Cell'], writes.cells.map((cell, i) => [columnLetter(i), cell])),
          element('p', 'muted', `Spreadsheet ${writes.spreadsheet_id || '(not set)'}, values ${writes.value_input_option}.`)];
      case 'email-alert':
      case 'email-digest': {
        const parts = [heading('Email'), facts([['To', writes.to || '(not set)'], ['Subject', writes.subject]], 'mail-facts')];
        parts.push(element('h3', null, 'Text'), pre('preview-text', writes.text));
        if (writes.html !== undefined) {
          parts.push(element('h3', null, 'HTML part (its source)'), pre('preview-html', writes.html));
        }
        return parts;
      }
      case 'http-post':
        return [heading('HTTP call'),
          facts([['POST', writes.url], ['Content-Type', writes.content_type],
            ['Signed', writes.signed ? 'yes (Standard Webhooks headers)' : 'no']], 'http-facts'),
          element('h3', null, 'Body'), pre('preview-body', writes.body)];
      default:
        return [pre('preview-json', JSON.stringify(writes, null, 2))];
    }
  }

  function valueTable(titles, entries, rowClass) {
    const table = element('table', 'writes');
    const head = element('tr');
    titles.forEach((title) => head.appendChild(element('th', null, title)));
    table.appendChild(element('thead')).appendChild(head);
    const body = table.appendChild(element('tbody'));
    for (const [name, value] of entries) {
      const row = element('tr', rowClass ? rowClass(name) : null);
      row.dataset.column = name;
      row.appendChild(element('td', 'column', name));
      row.appendChild(element('td', 'value' + (value === null ? ' null' : typeof value === 'number' ? ' num' : ''),
        value === null ? 'null' : typeof value === 'string' ? value : JSON.stringify(value)));
      body.appendChild(row);
    }
    return table;
  }

  function facts(pairs, id) {
    const list = element('dl', 'facts');
    list.id = id;
    pairs.forEach(([name, value]) => {
      list.appendChild(element('dt', null, name));
      list.appendChild(element('dd', null, value));
    });
    return list;
  }

  function pre(id, text) {
    const node = element('pre', 'raw', text);
    node.id = id;
    return node;
  }

  /** A, B, ..., Z, AA, ...: the sheet column of the nth cell. */
  function columnLetter(n) {
    let letters = '';
    for (let i = n + 1; i > 0; i = Math.floor((i - 1) / 26)) {
      letters = String.fromCharCode(65 + ((i - 1) % 26)) + letters;
    }
    return letters;
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
    $('sample').addEventListener('change', () => {
      fillEditor();
      chooseFlowFor(currentSample());
      $('preview').hidden = true;
    });
    $('sample-body').addEventListener('input', markEdited);
    $('sample-reset').addEventListener('click', fillEditor);
    $('sample-preview').addEventListener('click', previewSample);
    $('view-overview').addEventListener('click', () => showView('overview'));
    $('view-flows').addEventListener('click', () => showView('flows'));
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
