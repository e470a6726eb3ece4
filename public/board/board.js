// The live board: a small page on top of the REST API and its event stream, until the portal
// takes over. German first, English at a click.
const TEXT = {
  de: {
    skip: 'Zum Inhalt springen',
    navLabel: 'Sprache und Konto',
    apiDocs: 'API-Dokumentation',
    logout: 'Abmelden',
    loginTitle: 'Anmelden',
    loginHint: 'Die Zugänge der Demo stehen in der Ausgabe von „npm start“.',
    email: 'E-Mail',
    password: 'Passwort',
    login: 'Anmelden',
    loginFailed: 'Anmeldung fehlgeschlagen',
    boardTitle: 'Stationen live',
    live: 'Live verbunden',
    reconnecting: 'Verbindung wird wiederhergestellt …',
    online: 'online',
    offline: 'offline',
    compartment: 'Ladepunkt',
    status: 'Status',
    door: 'Tür',
    session: 'Ladevorgang',
    running: 'läuft',
    none: '–',
    lastSeen: 'zuletzt gesehen',
    other: 'English',
    doorOpen: 'offen',
    doorClosed: 'geschlossen',
    doorLocked: 'verriegelt',
  },
  en: {
    skip: 'Skip to content',
    navLabel: 'Language and account',
    apiDocs: 'API documentation',
    logout: 'Log out',
    loginTitle: 'Log in',
    loginHint: 'The demo log-ins are printed by “npm start”.',
    email: 'E-mail',
    password: 'Password',
    login: 'Log in',
    loginFailed: 'Log-in failed',
    boardTitle: 'Stations live',
    live: 'Live',
    reconnecting: 'Reconnecting …',
    online: 'online',
    offline: 'offline',
    compartment: 'Charge point',
    status: 'Status',
    door: 'Door',
    session: 'Session',
    running: 'running',
    none: '–',
    lastSeen: 'last seen',
    other: 'Deutsch',
    doorOpen: 'open',
    doorClosed: 'closed',
    doorLocked: 'locked',
  },
};
let lang = localStorage.getItem('fw.lang') === 'en' ? 'en' : 'de';
const t = (key) => TEXT[lang][key] ?? key;
const $ = (id) => document.getElementById(id);
const stations = new Map();
let events;

function applyLanguage() {
  document.documentElement.lang = lang;
  for (const el of document.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  for (const el of document.querySelectorAll('[data-i18n-aria]'))
    el.setAttribute('aria-label', t(el.dataset.i18nAria));
  const other = lang === 'de' ? 'en' : 'de';
  $('lang').textContent = t('other');
  $('lang').lang = other;
  render();
}

async function api(path, options = {}) {
  const response = await fetch(path, { credentials: 'same-origin', ...options });
  if (response.status === 401) throw Object.assign(new Error('unauthenticated'), { status: 401 });
  if (!response.ok) throw new Error((await response.json()).detail ?? response.statusText);
  return response.status === 204 ? undefined : response.json();
}

const time = (iso) =>
  iso
    ? new Date(iso).toLocaleString(lang === 'de' ? 'de-DE' : 'en-GB', { timeZone: 'Europe/Berlin' })
    : t('none');
const doorText = (door) => (door ? t(`door${door[0].toUpperCase()}${door.slice(1)}`) : t('none'));

function render() {
  const root = $('stations');
  if (!root) return;
  root.replaceChildren();
  for (const s of [...stations.values()].sort((a, b) => a.chargeBoxId.localeCompare(b.chargeBoxId))) {
    const table = document.createElement('table');
    const caption = table.createCaption();
    const badge = document.createElement('span');
    badge.className = `badge ${s.online ? 'online' : 'offline'}`;
    badge.textContent = s.online ? t('online') : t('offline');
    caption.append(`${s.chargeBoxId} `, badge, ` · ${t('lastSeen')}: ${time(s.lastSeenAt)}`);
    const head = table.createTHead().insertRow();
    for (const key of ['compartment', 'status', 'door', 'session']) {
      const th = document.createElement('th');
      th.scope = 'col';
      th.textContent = t(key);
      head.append(th);
    }
    const body = table.createTBody();
    for (const cp of s.chargePoints) {
      const row = body.insertRow();
      const name = document.createElement('th');
      name.scope = 'row';
      name.textContent = cp.shortName;
      row.append(name);
      const status = row.insertCell();
      status.textContent = cp.status;
      status.className = `status-${cp.status}`;
      row.insertCell().textContent = doorText(cp.door);
      row.insertCell().textContent = cp.activeSessionId ? t('running') : t('none');
    }
    root.append(table);
  }
}

async function refresh(stationId) {
  const status = await api(`/api/v1/stations/${encodeURIComponent(stationId)}/status`);
  stations.set(status.stationId, status);
  render();
}

const pending = new Set();
function refreshSoon(stationId) {
  if (pending.has(stationId)) return;
  pending.add(stationId);
  setTimeout(() => {
    pending.delete(stationId);
    refresh(stationId).catch(() => undefined);
  }, 250);
}

async function showBoard() {
  $('login-section').hidden = true;
  $('board-section').hidden = false;
  $('logout').hidden = false;
  const list = await api('/api/v1/stations');
  await Promise.all(list.map((s) => refresh(s.id)));
  events?.close();
  events = new EventSource('/api/v1/events');
  events.onopen = () => ($('live-state').textContent = t('live'));
  events.onerror = () => ($('live-state').textContent = t('reconnecting'));
  for (const type of [
    'station.connected',
    'station.disconnected',
    'station.booted',
    'chargePoint.status',
    'chargePoint.door',
    'session.started',
    'session.stopped',
  ]) {
    events.addEventListener(type, (message) => refreshSoon(JSON.parse(message.data).stationId));
  }
}

function showLogin() {
  events?.close();
  stations.clear();
  $('login-section').hidden = false;
  $('board-section').hidden = true;
  $('logout').hidden = true;
}

$('login').addEventListener('submit', async (event) => {
  event.preventDefault();
  $('login-error').textContent = '';
  try {
    await api('/api/v1/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: $('email').value, password: $('password').value }),
    });
    await showBoard();
  } catch {
    $('login-error').textContent = t('loginFailed');
  }
});
$('logout').addEventListener('click', async () => {
  await api('/api/v1/auth/logout', { method: 'POST' }).catch(() => undefined);
  showLogin();
});
$('lang').addEventListener('click', () => {
  lang = lang === 'de' ? 'en' : 'de';
  localStorage.setItem('fw.lang', lang);
  applyLanguage();
});

applyLanguage();
api('/api/v1/auth/me').then(showBoard, showLogin);
