// Supervisors' dashboard: log in, pick a unit, watch its tallies live.
//
// Plain browser JavaScript, no build step and nothing fetched from elsewhere (the server may run
// without internet). Every text from the server is inserted with textContent, never as HTML, and
// the page is served with a Content-Security-Policy that allows only its own script and style.
'use strict';

(function () {
  const STORE = 'inspectsync.dashboard.';
  const RENDER_EVERY_MS = 250; // a sync storm sends many updates; draw at most four times a second
  const SILENCE_MS = 60000; // the stream sends a comment every 25 s; a minute of nothing is a dead line
  const MAX_BACKOFF_MS = 30000;
  const LIST_LIMIT = 100;

  const KIND = { bureau: '局', station: '所', grid: '网格' };
  const ROLE = { supervisor: '所长/领导', dispatcher: '调度', admin: '管理员', inspector: '执法人员' };
  const CATEGORY = {
    food_safety: '食品安全', hygiene: '卫生', licensing: '证照', labelling: '标签',
    weights_and_measures: '计量', fire_safety: '消防', other: '其他',
  };

  const $ = (id) => document.getElementById(id);

  // ---------------------------------------------------------------- storage

  function stored(area, key) {
    try {
      return area.getItem(STORE + key);
    } catch (e) {
      return null; // storage refused (private mode): the page still works, it just forgets
    }
  }

  function store(area, key, value) {
    try {
      if (value == null) {
        area.removeItem(STORE + key);
      } else {
        area.setItem(STORE + key, value);
      }
    } catch (e) {
      // as above
    }
  }

  /** A UUID v4 from getRandomValues, which (unlike randomUUID) also works over plain http on a LAN. */
  function uuid() {
    const b = new Uint8Array(16);
    crypto.getRandomValues(b);
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    const h = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  }

  /** The browser is a device to the server: one id per browser, kept across sessions. */
  function deviceId() {
    let id = stored(localStorage, 'deviceId');
    if (!id) {
      id = 'dashboard-' + uuid();
      store(localStorage, 'deviceId', id);
    }
    return id;
  }

  // The session lives in this tab only: each tab logs in for its own refresh token, so two tabs
  // never spend the same single-use refresh token (which would end the session).
  let session = null;
  try {
    session = JSON.parse(stored(sessionStorage, 'session') || 'null');
  } catch (e) {
    session = null;
  }

  function saveSession() {
    store(sessionStorage, 'session', session ? JSON.stringify(session) : null);
  }

  // ---------------------------------------------------------------- HTTP

  class ApiError extends Error {
    constructor(status, code, message, field) {
      super(message || code || ('HTTP ' + status));
      this.status = status;
      this.code = code;
      this.field = field;
    }
  }

  /** Thrown once the session is over and the login form is showing again. */
  class SessionEnded extends Error {
  }

  async function errorOf(response) {
    let body = null;
    try {
      body = await response.json();
    } catch (e) {
      // not JSON (a proxy's page): the status says enough
    }
    return new ApiError(response.status, body && body.code, body && body.message, body && body.field);
  }

  async function postJson(path, body) {
    return fetch(path, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify(body),
      cache: 'no-store',
    });
  }

  let refreshing = null;

  /** Renews the token pair. One at a time: a refresh token is single use. */
  function refresh() {
    if (!refreshing) {
      refreshing = renew().finally(() => {
        refreshing = null;
      });
    }
    return refreshing;
  }

  async function renew() {
    const spent = session;
    const response = await postJson('/auth/refresh', { refreshToken: spent.refreshToken, deviceId: deviceId() });
    if (!response.ok) {
      const error = await errorOf(response);
      if (response.status === 401 || response.status === 400) {
        endSession('登录已过期，请重新登录。Your session has ended; please log in again.');
        throw new SessionEnded();
      }
      throw error;
    }
    const pair = await response.json();
    if (session === spent) {
      session = Object.assign({}, session, pair);
      saveSession();
    }
  }

  /** fetch with the bearer token; an expired token is refreshed once and the request sent again. */
  async function authorized(path, init) {
    for (let attempt = 0; ; attempt++) {
      if (!session) {
        throw new SessionEnded();
      }
      const headers = new Headers((init && init.headers) || {});
      headers.set('Authorization', 'Bearer ' + session.token);
      const response = await fetch(path, Object.assign({ cache: 'no-store' }, init, { headers }));
      if (response.ok) {
        return response;
      }
      const error = await errorOf(response);
      if (response.status === 401 && error.code === 'TOKEN_EXPIRED' && attempt === 0) {
        await refresh();
        continue;
      }
      if (response.status === 401) {
        endSession(error.code === 'DEVICE_REVOKED'
          ? '此浏览器已被停用，请联系管理员。This browser was revoked; ask an administrator.'
          : '登录已失效，请重新登录。Please log in again.');
        throw new SessionEnded();
      }
      throw error;
    }
  }

  // ---------------------------------------------------------------- screens

  function show(view) {
    $('login-view').hidden = view !== 'login';
    $('dash-view').hidden = view !== 'dash';
    $('logout').hidden = view !== 'dash';
  }

  function message(element, text) {
    element.textContent = text || '';
    element.hidden = !text;
  }

  function endSession(reason) {
    stopStream();
    session = null;
    saveSession();
    units = [];
    state = null;
    $('who').textContent = '';
    setLive('off');
    show('login');
    message($('login-error'), reason);
    $('username').focus();
  }

  async function login(event) {
    event.preventDefault();
    const button = $('login-submit');
    const username = $('username').value.trim();
    const password = $('password').value;
    if (!username || !password) {
      message($('login-error'), '请输入用户名和密码。Enter your username and password.');
      return;
    }
    button.disabled = true;
    message($('login-error'), '');
    try {
      const response = await postJson('/auth/login', {
        username, password, deviceId: deviceId(), model: 'web dashboard',
      });
      if (!response.ok) {
        throw await errorOf(response);
      }
      session = await response.json();
      saveSession();
      $('password').value = '';
      await start();
    } catch (error) {
      if (error instanceof SessionEnded) {
        return;
      }
      message($('login-error'), loginProblem(error));
    } finally {
      button.disabled = false;
    }
  }

  function loginProblem(error) {
    if (!(error instanceof ApiError)) {
      return '无法连接服务器。Cannot reach the server.';
    }
    switch (error.code) {
      case 'LOGIN_FAILED':
        return '用户名或密码错误。Wrong username or password.';
      case 'LOGIN_LOCKED':
        return '登录失败次数过多，请 15 分钟后再试。Too many failed logins; try again in 15 minutes.';
      case 'DEVICE_REVOKED':
        return '此浏览器已被停用，请联系管理员。This browser was revoked; ask an administrator.';
      default:
        return (error.message || '登录失败 Login failed') + (error.code ? ` (${error.code})` : '');
    }
  }

  function logout() {
    endSession('');
  }

  // ---------------------------------------------------------------- units

  let units = [];

  /** Shows the dashboard for the logged-in user: their units, then the chosen one's tallies. */
  async function start() {
    const user = session.user || {};
    $('who').textContent = `${user.displayName || user.username || ''}（${ROLE[user.role] || user.role || ''}）`;
    show('dash');
    message($('dash-error'), '');
    setLive('connecting');
    let response;
    try {
      response = await authorized('/units', { headers: { Accept: 'application/json' } });
    } catch (error) {
      if (error instanceof SessionEnded) {
        throw error;
      }
      if (error instanceof ApiError && error.status === 403) {
        endSession('此账号无权查看看板（仅限所长、调度和管理员）。This account may not view the dashboard.');
        throw new SessionEnded();
      }
      setLive('error');
      message($('dash-error'), '无法读取单位列表：' + describe(error) + ' 刷新页面重试。Reload to retry.');
      return;
    }
    units = ((await response.json()).units || []);
    fillUnitPicker(user);
    watch($('unit').value);
  }

  /** Units in tree order, each indented by its depth under the caller's own unit. */
  function fillUnitPicker(user) {
    const byId = new Map(units.map((u) => [u.id, u]));
    const children = new Map();
    const roots = [];
    for (const unit of units) {
      if (unit.parentId && byId.has(unit.parentId)) {
        if (!children.has(unit.parentId)) {
          children.set(unit.parentId, []);
        }
        children.get(unit.parentId).push(unit);
      } else {
        roots.push(unit);
      }
    }
    const byName = (a, b) => String(a.name).localeCompare(String(b.name), 'zh-CN');
    const select = $('unit');
    select.replaceChildren();
    const add = (unit, depth) => {
      const option = document.createElement('option');
      option.value = unit.id;
      option.textContent = '\u3000'.repeat(depth) + unit.name + '（' + (KIND[unit.kind] || unit.kind) + '）';
      select.append(option);
      (children.get(unit.id) || []).sort(byName).forEach((child) => add(child, depth + 1));
    };
    roots.sort(byName).forEach((unit) => add(unit, 0));
    const remembered = stored(localStorage, 'unit.' + user.id);
    const choice = [remembered, user.unitId].find((id) => id && byId.has(id));
    if (choice) {
      select.value = choice;
    }
    select.disabled = units.length < 2;
  }

  function unitName(id) {
    const unit = units.find((u) => u.id === id);
    return unit ? unit.name : '';
  }

  // ---------------------------------------------------------------- live stream

  let state = null; // the unit's current snapshot, updates merged in
  const live = { generation: 0, controller: null, attempt: 0, reconnect: null, silence: null, retryMs: null };

  function stopStream() {
    live.generation++;
    if (live.controller) {
      live.controller.abort();
      live.controller = null;
    }
    clearTimeout(live.reconnect);
    clearTimeout(live.silence);
    live.reconnect = null;
  }

  /** Starts watching a unit from a fresh snapshot. */
  function watch(unitId) {
    stopStream();
    if (!unitId) {
      setLive('error');
      message($('dash-error'), '没有可查看的单位。No unit to show.');
      return;
    }
    store(localStorage, 'unit.' + (session.user && session.user.id), unitId);
    state = null;
    live.attempt = 0;
    live.retryMs = null;
    message($('dash-error'), '');
    render();
    connect(live.generation, unitId);
  }

  async function connect(generation, unitId) {
    const controller = new AbortController();
    live.controller = controller;
    setLive(state ? 'reconnecting' : 'connecting');
    let snapshotSeen = false;
    try {
      const response = await authorized(`/units/${encodeURIComponent(unitId)}/tallies/stream`, {
        headers: { Accept: 'text/event-stream' },
        signal: controller.signal,
      });
      const reader = response.body.getReader();
      const decoder = new TextDecoder();
      const feed = eventStream((type, data) => {
        if (generation !== live.generation) {
          return;
        }
        let payload;
        try {
          payload = JSON.parse(data);
        } catch (e) {
          console.warn('dashboard: an event that is not JSON was ignored', type, e);
          return;
        }
        if (type === 'snapshot') {
          state = payload;
          snapshotSeen = true;
          live.attempt = 0;
          setLive('live');
          message($('dash-error'), '');
          render();
        } else if (type === 'update' && state) {
          merge(state, payload);
          render();
        }
      }, (retry) => {
        live.retryMs = retry;
      });
      for (;;) {
        listenForSilence(controller);
        const { value, done } = await reader.read();
        if (done) {
          break;
        }
        feed(decoder.decode(value, { stream: true }));
      }
    } catch (error) {
      if (generation !== live.generation || error instanceof SessionEnded) {
        return; // stopped on purpose, or the login form is showing
      }
      if (error instanceof ApiError && [400, 403, 404].includes(error.status)) {
        setLive('error');
        message($('dash-error'), (error.status === 403
          ? '无权查看该单位。You may not view this unit. '
          : '无法读取该单位的数字。 ') + describe(error));
        return; // retrying would get the same answer; picking another unit starts again
      }
      console.warn('dashboard: the live stream failed', error);
    } finally {
      clearTimeout(live.silence);
    }
    if (generation !== live.generation) {
      return;
    }
    // The server ends a stream when its token's lifetime is up, or the line dropped: come back.
    const delay = snapshotSeen ? (live.retryMs || jitter(1000)) : backoff(live.attempt++);
    setLive('reconnecting', Math.round(delay / 1000));
    live.reconnect = setTimeout(() => {
      live.reconnect = null;
      connect(generation, unitId);
    }, delay);
  }

  /** Exponential back-off, 1 s doubling to 30 s, each wait a random 50-100 % of that. */
  function backoff(attempt) {
    return jitter(Math.min(MAX_BACKOFF_MS, 1000 * 2 ** attempt));
  }

  function jitter(ms) {
    return Math.round(ms / 2 + Math.random() * ms / 2);
  }

  /** A line silent for a minute is taken for dead (a phone's network often drops without a word). */
  function listenForSilence(controller) {
    clearTimeout(live.silence);
    live.silence = setTimeout(() => controller.abort(), SILENCE_MS);
  }

  /** Coming back to the tab, or back online, reconnects at once instead of waiting out the back-off. */
  function reconnectNow() {
    if (live.reconnect && document.visibilityState === 'visible') {
      clearTimeout(live.reconnect);
      live.reconnect = null;
      connect(live.generation, $('unit').value);
    }
  }

  /**
   * A parser for text/event-stream: feed it text as it arrives; it calls onEvent(type, data) for
   * each event and onRetry(ms) for a retry field. Lines end in LF, CRLF or CR, even split across
   * chunks; comment lines (": keep-alive") are skipped.
   */
  function eventStream(onEvent, onRetry) {
    let buffer = '';
    let afterCR = false;
    let type = '';
    let data = [];
    const line = (text) => {
      if (text === '') {
        if (data.length) {
          onEvent(type || 'message', data.join('\n'));
        }
        type = '';
        data = [];
        return;
      }
      if (text[0] === ':') {
        return;
      }
      const colon = text.indexOf(':');
      const field = colon < 0 ? text : text.slice(0, colon);
      let value = colon < 0 ? '' : text.slice(colon + 1);
      if (value[0] === ' ') {
        value = value.slice(1);
      }
      if (field === 'event') {
        type = value;
      } else if (field === 'data') {
        data.push(value);
      } else if (field === 'retry' && /^\d+$/.test(value)) {
        onRetry(Number(value));
      }
    };
    return (chunk) => {
      buffer += chunk;
      let start = 0;
      for (let i = 0; i < buffer.length; i++) {
        const c = buffer[i];
        if (c === '\n' && afterCR && i === start) {
          start = i + 1; // the LF of a CRLF
          afterCR = false;
        } else if (c === '\n' || c === '\r') {
          line(buffer.slice(start, i));
          start = i + 1;
          afterCR = c === '\r';
        } else {
          afterCR = false;
        }
      }
      buffer = buffer.slice(start);
    };
  }

  /**
   * An update carries complete totals, byHour and lists, and only the stations and inspectors that
   * changed, each with absolute values: replace those entries by id.
   */
  function merge(target, update) {
    for (const key of ['unitId', 'unitName', 'day', 'timeZone', 'generatedAt', 'totals', 'byHour',
      'overdueNotices', 'quietDevices']) {
      if (update[key] !== undefined) {
        target[key] = update[key];
      }
    }
    target.stations = mergeById(target.stations, update.stations, 'stationId');
    target.inspectors = mergeById(target.inspectors, update.inspectors, 'inspectorId');
  }

  function mergeById(current, changed, key) {
    if (!Array.isArray(changed) || !changed.length) {
      return current || [];
    }
    const byId = new Map((current || []).map((entry) => [entry[key], entry]));
    for (const entry of changed) {
      byId.set(entry[key], entry);
    }
    return Array.from(byId.values());
  }

  function setLive(mode, seconds) {
    const element = $('live');
    element.dataset.state = mode;
    element.textContent = {
      off: '未连接 offline',
      connecting: '连接中 connecting',
      live: '实时 live',
      reconnecting: seconds ? `重连中 reconnecting (${seconds} s)` : '重连中 reconnecting',
      error: '已停止 stopped',
    }[mode];
    $('dash-view').classList.toggle('stale', mode !== 'live');
  }

  // ---------------------------------------------------------------- drawing

  let renderTimer = null;
  let lastRender = 0;

  /** Draws the current state now, or soon if it was drawn a moment ago. */
  function render() {
    if (renderTimer) {
      return;
    }
    const wait = Math.max(0, lastRender + RENDER_EVERY_MS - Date.now());
    renderTimer = setTimeout(() => {
      renderTimer = null;
      lastRender = Date.now();
      draw();
    }, wait);
  }

  function draw() {
    const s = state;
    const totals = (s && s.totals) || {};
    const hazards = totals.hazardsBySeverity || {};
    setNumber('checks-done', totals.checksDone);
    setNumber('checks-passed', totals.checksPassed);
    setNumber('pass-rate', s ? percent(totals.passRate) : null);
    setNumber('visits-done', totals.visitsDone);
    setNumber('visits-planned', totals.visitsPlanned);
    for (const severity of ['low', 'medium', 'high', 'critical']) {
      setNumber('hazards-' + severity, s ? hazards[severity] || 0 : null);
    }
    $('hazard-categories').textContent = Object.entries(totals.hazardsByCategory || {})
      .filter(([, n]) => n > 0)
      .sort((a, b) => b[1] - a[1])
      .map(([category, n]) => `${CATEGORY[category] || category} ${n}`)
      .join(' · ');
    setNumber('notices-issued', totals.noticesIssued);
    setNumber('notices-overdue', totals.noticesOverdue);
    $('overdue-tile').classList.toggle('alert', totals.noticesOverdue > 0);
    setNumber('reinspections-due', totals.reinspectionsDue);
    setNumber('assignments-done', totals.assignmentsDone);
    setNumber('assignments-sent', totals.assignmentsSent);
    $('dash-view').dataset.unit = s ? s.unitId : ''; // which unit the numbers are of, for tests
    $('day').textContent = s ? s.day : '—';
    $('updated').textContent = s ? clock(s.generatedAt, s.timeZone) : '—';
    drawChart(s);
    drawOverdue(s);
    drawQuiet(s);
    drawStations(s);
    drawInspectors(s);
  }

  /** Sets a number's text; one that changed while live glows for a moment. */
  function setNumber(id, value) {
    const element = $(id);
    const text = value == null ? '—' : String(value);
    if (element.textContent === text) {
      return;
    }
    const had = element.textContent !== '—';
    element.textContent = text;
    if (had && value != null) {
      element.classList.remove('changed');
      void element.offsetWidth; // restart the animation
      element.classList.add('changed');
    }
  }

  function percent(rate) {
    return rate == null ? '—' : `${Math.round(rate * 1000) / 10}%`;
  }

  function total(bySeverity) {
    return Object.values(bySeverity || {}).reduce((sum, n) => sum + (Number(n) || 0), 0);
  }

  /** "09:15:02" in the unit's time zone. */
  function clock(instant, timeZone) {
    if (!instant) {
      return '—';
    }
    try {
      return new Intl.DateTimeFormat('zh-CN', {
        timeZone, hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23',
      }).format(new Date(instant));
    } catch (e) {
      return String(instant);
    }
  }

  /** "11-21 14:05" in the unit's time zone. */
  function when(instant, timeZone) {
    if (!instant) {
      return '从未 never';
    }
    try {
      return new Intl.DateTimeFormat('zh-CN', {
        timeZone, month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
      }).format(new Date(instant));
    } catch (e) {
      return String(instant);
    }
  }

  /** The hour now in the unit's time zone, if the snapshot is today's; otherwise -1. */
  function currentHour(s) {
    try {
      const parts = {};
      new Intl.DateTimeFormat('en-CA', {
        timeZone: s.timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', hourCycle: 'h23',
      }).formatToParts(new Date()).forEach((p) => {
        parts[p.type] = p.value;
      });
      return `${parts.year}-${parts.month}-${parts.day}` === s.day ? Number(parts.hour) : -1;
    } catch (e) {
      return -1;
    }
  }

  function duration(minutes) {
    const m = Math.max(0, Math.round(minutes));
    if (m < 60) {
      return `${m} 分钟`;
    }
    if (m < 1440) {
      return `${Math.floor(m / 60)} 小时 ${m % 60} 分`;
    }
    return `${Math.floor(m / 1440)} 天 ${Math.floor((m % 1440) / 60)} 小时`;
  }

  function describe(error) {
    if (error instanceof ApiError) {
      return `${error.message}${error.code ? ` (${error.code})` : ''}`;
    }
    return '无法连接服务器 cannot reach the server';
  }

  const SVG = 'http://www.w3.org/2000/svg';

  function svg(name, attributes, text) {
    const element = document.createElementNS(SVG, name);
    for (const [key, value] of Object.entries(attributes || {})) {
      element.setAttribute(key, String(value));
    }
    if (text != null) {
      element.textContent = text;
    }
    return element;
  }

  /** Today's checks per hour as 24 bars; the current hour stands out. */
  function drawChart(s) {
    const container = $('chart');
    const hours = s && Array.isArray(s.byHour) ? s.byHour : new Array(24).fill(0);
    const width = 480;
    const height = 170;
    const left = 8;
    const right = 8;
    const top = 16;
    const bottom = 20;
    const slot = (width - left - right) / 24;
    const max = Math.max(1, ...hours.map((n) => Number(n) || 0));
    const now = s ? currentHour(s) : -1;
    const sum = hours.reduce((a, n) => a + (Number(n) || 0), 0);
    const chart = svg('svg', {
      viewBox: `0 0 ${width} ${height}`, role: 'img',
      'aria-label': `今日每小时检查数，共 ${sum} 次。Checks per hour today, ${sum} in all.`,
    });
    chart.append(svg('line', {
      class: 'axis', x1: left, x2: width - right, y1: height - bottom + 0.5, y2: height - bottom + 0.5,
    }));
    hours.forEach((value, hour) => {
      const n = Number(value) || 0;
      const barHeight = Math.round((height - top - bottom) * n / max);
      const x = left + hour * slot + slot * 0.15;
      const y = height - bottom - barHeight;
      const bar = svg('rect', {
        class: hour === now ? 'bar-rect now' : 'bar-rect',
        x: x.toFixed(1), y, width: (slot * 0.7).toFixed(1), height: Math.max(barHeight, n > 0 ? 1 : 0), rx: 1.5,
        'data-hour': hour, 'data-count': n,
      });
      bar.append(svg('title', {}, `${hour}:00–${hour + 1}:00  ${n} 次检查 checks`));
      chart.append(bar);
      if (n > 0) {
        chart.append(svg('text', {
          class: 'value', x: (x + slot * 0.35).toFixed(1), y: y - 3, 'text-anchor': 'middle',
        }, String(n)));
      }
      if (hour % 3 === 0) {
        chart.append(svg('text', {
          x: (left + hour * slot + slot / 2).toFixed(1), y: height - 5, 'text-anchor': 'middle',
        }, `${hour}时`));
      }
    });
    container.replaceChildren(chart);
  }

  function stationNames(s) {
    const names = new Map(units.map((u) => [u.id, u.name]));
    for (const station of (s && s.stations) || []) {
      names.set(station.stationId, station.name);
    }
    return names;
  }

  function item(title, badge, detail) {
    const li = document.createElement('li');
    const head = document.createElement('div');
    head.className = 'title';
    const name = document.createElement('span');
    name.textContent = title;
    const tag = document.createElement('span');
    tag.className = 'badge';
    tag.textContent = badge;
    head.append(name, tag);
    const more = document.createElement('div');
    more.className = 'detail';
    more.textContent = detail;
    li.append(head, more);
    return li;
  }

  function fillList(list, entries, toItem, emptyText) {
    const items = entries.slice(0, LIST_LIMIT).map(toItem);
    if (!entries.length) {
      const li = document.createElement('li');
      li.className = 'empty';
      li.textContent = emptyText;
      items.push(li);
    } else if (entries.length > LIST_LIMIT) {
      const li = document.createElement('li');
      li.className = 'empty';
      li.textContent = `还有 ${entries.length - LIST_LIMIT} 条 (${entries.length - LIST_LIMIT} more)`;
      items.push(li);
    }
    list.replaceChildren(...items);
  }

  function drawOverdue(s) {
    const notices = ((s && s.overdueNotices) || []).slice()
      .sort((a, b) => (b.daysOverdue || 0) - (a.daysOverdue || 0));
    const names = stationNames(s);
    $('overdue-count').textContent = s ? String(notices.length) : '';
    fillList($('overdue-list'), notices, (n) => item(
      `${n.noticeNumber || '未编号'} · ${n.entityName || ''}`,
      `逾期 ${n.daysOverdue} 天`,
      [names.get(n.stationId), `整改期限 due ${n.dueOn}`].filter(Boolean).join(' · ')),
    s ? '没有逾期的整改通知书。No overdue notices.' : '—');
  }

  function drawQuiet(s) {
    const devices = ((s && s.quietDevices) || []).slice()
      .sort((a, b) => (b.quietMinutes || 0) - (a.quietMinutes || 0));
    const names = stationNames(s);
    $('quiet-count').textContent = s ? String(devices.length) : '';
    fillList($('quiet-list'), devices, (d) => item(
      d.name || d.deviceId,
      `${duration(d.quietMinutes)}未同步`,
      [d.deviceId, names.get(d.stationId), `上次同步 last sync ${when(d.lastSyncAt, s.timeZone)}`,
        d.oldestPendingSeconds == null ? null : `最早待传 oldest unsent ${duration(d.oldestPendingSeconds / 60)}`]
        .filter(Boolean).join(' · ')),
    s ? '所有手机都在按时同步。Every phone has synced lately.' : '—');
  }

  function row(cells) {
    const tr = document.createElement('tr');
    for (const cell of cells) {
      const td = document.createElement('td');
      const spec = typeof cell === 'object' && cell !== null ? cell : { text: cell };
      td.textContent = spec.text == null ? '—' : String(spec.text);
      if (spec.className) {
        td.className = spec.className;
      }
      tr.append(td);
    }
    return tr;
  }

  const num = (text, bad) => ({ text, className: bad ? 'num bad' : 'num' });
  const byName = (a, b) => String(a.name || '').localeCompare(String(b.name || ''), 'zh-CN');

  function drawStations(s) {
    const stations = ((s && s.stations) || []).slice().sort(byName);
    // One station is the unit itself: its numbers are the tiles already.
    $('stations-panel').hidden = stations.length < 2;
    $('stations-body').replaceChildren(...stations.map((t) => row([
      t.name,
      num(t.checksDone),
      num(percent(t.passRate)),
      num(`${t.visitsDone ?? '—'} / ${t.visitsPlanned ?? '—'}`),
      num(total(t.hazardsBySeverity)),
      num(t.noticesIssued),
      num(t.noticesOverdue, t.noticesOverdue > 0),
      num(t.reinspectionsDue),
      num(`${t.assignmentsDone ?? '—'} / ${t.assignmentsSent ?? '—'}`),
    ])));
  }

  function drawInspectors(s) {
    const names = stationNames(s);
    const inspectors = ((s && s.inspectors) || []).slice().sort(byName);
    const body = $('inspectors-body');
    if (!inspectors.length) {
      const unit = s && units.find((u) => u.id === s.unitId);
      const empty = row([!s ? '—' : unit && unit.kind !== 'station'
        ? '选择一个所查看其执法人员。Pick a station to see its inspectors.'
        : '该所没有执法人员。This station has no inspectors.']);
      empty.firstChild.colSpan = 8;
      body.replaceChildren(empty);
      return;
    }
    body.replaceChildren(...inspectors.map((i) => row([
      i.name,
      names.get(i.stationId) || '',
      num(i.checksDone),
      num(percent(i.passRate)),
      num(`${i.visitsDone ?? '—'} / ${i.visitsPlanned ?? '—'}`),
      num(total(i.hazardsBySeverity)),
      num(i.noticesIssued),
      num(`${i.assignmentsDone ?? '—'} / ${i.assignmentsSent ?? '—'}`),
    ])));
  }

  // ---------------------------------------------------------------- wiring

  document.addEventListener('DOMContentLoaded', () => {
    $('login-form').addEventListener('submit', login);
    $('logout').addEventListener('click', logout);
    $('unit').addEventListener('change', (event) => watch(event.target.value));
    document.addEventListener('visibilitychange', reconnectNow);
    window.addEventListener('online', reconnectNow);
    draw();
    if (session && session.token) {
      start().catch((error) => {
        if (!(error instanceof SessionEnded)) {
          console.warn('dashboard: could not start', error);
        }
      });
    } else {
      show('login');
      $('username').focus();
    }
  });
})();
