/*
 * The store clerk's counter page (/store/): log in, pick the store, type or scan a buyer's drop-off
 * code, see at once what it is, confirm the check-in (核销).
 *
 * Plain browser JavaScript, no build step and nothing loaded from elsewhere: store PCs and phones
 * may sit behind a closed network. The API contract is API.md's "Store check-in" section.
 *
 * The log-in starts a server session (platform/StorePageSecurity): its cookie is HttpOnly, so no script here
 * ever holds the password or anything that stands for it, and nothing about the log-in is kept in
 * sessionStorage or localStorage. Nobody has a session before logging in: the log-in carries no token (the
 * browser's Sec-Fetch-Site / Origin headers tell the server it comes from this page); each change after it
 * (log-out, preview, check-in) carries the session's CSRF token, which the page takes from the log-in's answer
 * and from GET /store/session.
 */
'use strict';

(() => {
  // ---------------------------------------------------------------------------------------------
  // Every text the page shows, in both languages. Server problem details are shown as sent.
  const DICTIONARY = {
    zh: {
      htmlLang: 'zh-CN',
      locale: 'zh-CN',
      otherLanguage: 'English',
      otherLanguageLang: 'en',
      switchLanguage: 'Switch to English',
      pageTitle: 'ReturnFlow 门店核销',
      appName: 'ReturnFlow 门店核销',
      noScript: '此页面需要启用 JavaScript。',
      logout: '退出登录',
      loginHeading: '店员登录',
      loginUser: '用户名',
      loginPassword: '密码',
      loginSubmit: '登录',
      loginChecking: '正在登录…',
      loginMissing: '请输入用户名和密码。',
      loginWrong: '用户名或密码错误。（多次输错后账号会被暂时锁定几秒钟。）',
      loginNotClerk: '该用户不是门店店员，不能在此核销。',
      loginFailed: '无法登录（{status}），请稍后再试。',
      networkError: '无法连接服务器，请检查网络后重试。',
      sessionExpired: '登录已失效，请重新登录。',
      loggedOut: '已退出登录。',
      counterHeading: '核销退货包裹',
      signedInAs: '店员：{name}',
      storeLabel: '门店',
      storeChoose: '— 请选择门店 —',
      noStores: '您的账号尚未绑定任何门店，请联系运营人员。',
      codeLabel: '退货码',
      codeHint: '输入或扫描顾客的退货码，例如 7K3Q-9XPM-2T',
      checkCode: '查询',
      scanCamera: '摄像头扫码',
      clearCode: '清空',
      confirm: '确认收件',
      confirming: '正在确认…',
      checking: '正在查询 {code} …',
      incomplete: '退货码共 10 位（4-4-2），还差 {missing} 位。',
      validTitle: '✓ 有效：可在本店收件',
      previewCode: '退货码',
      customer: '顾客',
      order: '订单',
      returnId: '退货单',
      expires: '有效期至',
      items: '应收商品',
      itemLine: '{name} × {quantity}',
      error400: '✗ 退货码有误',
      error403: '✗ 您无权在此门店核销',
      error404: '✗ 找不到此退货码',
      error409: '✗ 此退货码不能核销',
      error429: '✗ 尝试次数过多',
      errorOther: '✗ 出错了（{status}）',
      errorNetwork: '✗ 无法连接服务器',
      wait: '请在 {seconds} 秒后重试。',
      waitOver: '现在可以重试。',
      checkedInTitle: '✓ 已收件',
      checkedInAt: '收件时间',
      status: '状态',
      historyHeading: '本次已核销',
      historyLine: '{time} · {returnId} · {customer}',
      cameraHeading: '请将退货码二维码对准摄像头',
      cameraClose: '关闭摄像头',
      cameraFailed: '无法打开摄像头：{reason}',
      statuses: {
        AWAITING_DROP_OFF: '待送店', IN_TRANSIT: '运输中', RECEIVED: '仓库已收货', INSPECTING: '质检中',
        COMPLETED: '已完成', CANCELLED: '已取消', EXPIRED: '已过期', REJECTED: '已拒绝'
      }
    },
    en: {
      htmlLang: 'en',
      locale: 'en-GB',
      otherLanguage: '中文',
      otherLanguageLang: 'zh-CN',
      switchLanguage: '切换到中文',
      pageTitle: 'ReturnFlow store check-in',
      appName: 'ReturnFlow store check-in',
      noScript: 'This page needs JavaScript.',
      logout: 'Log out',
      loginHeading: 'Clerk log-in',
      loginUser: 'User name',
      loginPassword: 'Password',
      loginSubmit: 'Log in',
      loginChecking: 'Logging in…',
      loginMissing: 'Enter your user name and password.',
      loginWrong: 'Wrong user name or password. (After a wrong try the account is locked for a few seconds.)',
      loginNotClerk: 'This user is not a store clerk and cannot check parcels in.',
      loginFailed: 'Could not log in ({status}); please try again later.',
      networkError: 'The server cannot be reached; check the network and try again.',
      sessionExpired: 'Your log-in has expired; please log in again.',
      loggedOut: 'You have logged out.',
      counterHeading: 'Check in return parcels',
      signedInAs: 'Clerk: {name}',
      storeLabel: 'Store',
      storeChoose: '— Choose the store —',
      noStores: 'Your account is not assigned to any store yet; ask operations.',
      codeLabel: 'Drop-off code',
      codeHint: 'Type or scan the buyer\'s code, e.g. 7K3Q-9XPM-2T',
      checkCode: 'Check',
      scanCamera: 'Scan with camera',
      clearCode: 'Clear',
      confirm: 'Confirm check-in',
      confirming: 'Confirming…',
      checking: 'Checking {code} …',
      incomplete: 'A code has 10 characters (4-4-2); {missing} missing.',
      validTitle: '✓ Valid: can be checked in here',
      previewCode: 'Code',
      customer: 'Customer',
      order: 'Order',
      returnId: 'Return',
      expires: 'Valid until',
      items: 'Items to expect',
      itemLine: '{name} × {quantity}',
      error400: '✗ Mistyped code',
      error403: '✗ You may not check in at this store',
      error404: '✗ Unknown code',
      error409: '✗ This code cannot be checked in',
      error429: '✗ Too many attempts',
      errorOther: '✗ Something went wrong ({status})',
      errorNetwork: '✗ The server cannot be reached',
      wait: 'Try again in {seconds} s.',
      waitOver: 'You can try again now.',
      checkedInTitle: '✓ Checked in',
      checkedInAt: 'Checked in at',
      status: 'Status',
      historyHeading: 'Checked in this session',
      historyLine: '{time} · {returnId} · {customer}',
      cameraHeading: 'Hold the code\'s QR in front of the camera',
      cameraClose: 'Close camera',
      cameraFailed: 'The camera cannot be opened: {reason}',
      statuses: {
        AWAITING_DROP_OFF: 'Awaiting drop-off', IN_TRANSIT: 'In transit', RECEIVED: 'Received at the warehouse',
        INSPECTING: 'Being inspected', COMPLETED: 'Completed', CANCELLED: 'Cancelled', EXPIRED: 'Expired',
        REJECTED: 'Rejected'
      }
    }
  };

  // drop-off codes (dropoff/DropOffCode): ten characters, read aloud as 4-4-2
  const CODE_LENGTH = 10;
  const CODE_GROUPS = [4, 4, 2];
  const CAMERA_SCAN_INTERVAL_MS = 150;
  const HISTORY_SIZE = 10;

  // preferences survive; nothing about the log-in is stored in the browser (the session cookie is HttpOnly)
  const SESSION_PATH = '/store/session';
  const CSRF_REFUSED = 'https://returnflow.dev/problems/csrf-token';
  const NOT_A_CLERK = 'https://returnflow.dev/problems/not-a-store-clerk';
  const LANG_KEY = 'returnflow.store.lang';
  const STORE_KEY_PREFIX = 'returnflow.store.lastStore.';

  const $ = (id) => document.getElementById(id);
  const el = {
    langToggle: $('lang-toggle'), logout: $('logout'),
    loginView: $('login-view'), loginForm: $('login-form'), loginUser: $('login-user'),
    loginPassword: $('login-password'), loginError: $('login-error'), loginSubmit: $('login-submit'),
    counterView: $('counter-view'), clerkName: $('clerk-name'), storeSelect: $('store-select'),
    storeAddress: $('store-address'), noStores: $('no-stores'),
    codeForm: $('code-form'), code: $('code'), checkCode: $('check-code'), scanCamera: $('scan-camera'),
    clearCode: $('clear-code'), preview: $('preview'), confirm: $('confirm'), result: $('result'),
    historyBox: $('history-box'), history: $('history'),
    cameraView: $('camera-view'), cameraVideo: $('camera-video'), cameraError: $('camera-error'),
    cameraClose: $('camera-close')
  };

  const state = {
    lang: initialLanguage(),
    userId: null,              // who the server session says is logged in
    csrf: null,                // {headerName, token}: the session's CSRF token, sent with every change
    resuming: true,            // asking the server whether a session is still open
    me: null,                  // GET /api/store-clerks/me
    storeId: '',
    loginMessage: null,        // {key, params, error}
    loggingIn: false,
    preview: null,             // {kind: 'loading'|'valid'|'error'|'incomplete', code, data, status, problem}
    previewSeq: 0,             // answers to an older request are dropped
    confirming: false,
    blockedUntil: 0,           // epoch ms: after a 429, until Retry-After has passed
    countdownTimer: null,
    result: null,              // {view, at, customer}
    history: [],
    cameraSupported: false,
    cameraStream: null,
    cameraTimer: null
  };

  // ---------------------------------------------------------------------------------------------
  // language

  function initialLanguage() {
    const saved = safeGet(localStorage, LANG_KEY);
    if (saved === 'zh' || saved === 'en') {
      return saved;
    }
    const preferred = (navigator.languages && navigator.languages[0]) || navigator.language || 'zh';
    return preferred.toLowerCase().startsWith('zh') ? 'zh' : 'en';
  }

  function t(key, params) {
    const text = DICTIONARY[state.lang][key] ?? DICTIONARY.en[key] ?? key;
    if (!params) {
      return text;
    }
    return text.replace(/\{(\w+)\}/g, (match, name) => (name in params ? String(params[name]) : match));
  }

  function statusName(status) {
    return DICTIONARY[state.lang].statuses[status] || status;
  }

  function formatTime(value) {
    if (!value) {
      return '';
    }
    const date = value instanceof Date ? value : new Date(value);
    if (Number.isNaN(date.getTime())) {
      return String(value);
    }
    return new Intl.DateTimeFormat(t('locale'), { dateStyle: 'medium', timeStyle: 'medium' }).format(date);
  }

  function applyLanguage() {
    document.documentElement.lang = t('htmlLang');
    document.title = t('pageTitle');
    document.querySelectorAll('[data-i18n]').forEach((node) => {
      node.textContent = t(node.dataset.i18n);
    });
    el.langToggle.textContent = t('otherLanguage');
    el.langToggle.lang = t('otherLanguageLang');
    el.langToggle.setAttribute('aria-label', t('switchLanguage'));
  }

  // ---------------------------------------------------------------------------------------------
  // storage that may be refused (private mode, locked-down kiosks): the page then just forgets

  function safeGet(storage, key) {
    try {
      return storage.getItem(key);
    } catch (e) {
      return null;
    }
  }

  function safeSet(storage, key, value) {
    try {
      if (value === null) {
        storage.removeItem(key);
      } else {
        storage.setItem(key, value);
      }
    } catch (e) {
      // nothing to do: the page works without remembering
    }
  }

  // ---------------------------------------------------------------------------------------------
  // the API

  /**
   * One call with the session cookie; resolves to {status, data, headers}; rejects only when the server cannot
   * be reached. A change refused for its CSRF token (the session ended, or another tab logged in anew) takes
   * the session's current token and is sent once more: the server then answers for the session as it is. When
   * nobody is logged in any more there is no session and no token: the change is answered as the server answers
   * a call without a log-in (401), not sent again.
   */
  async function api(method, path, body) {
    const answer = await send(method, path, body);
    if (answer.status === 403 && answer.data && answer.data.type === CSRF_REFUSED) {
      const session = await refreshSession();
      if (!session.userId) {
        return { status: 401, data: null, headers: answer.headers };
      }
      return send(method, path, body);
    }
    return answer;
  }

  async function send(method, path, body) {
    const headers = {
      Accept: 'application/json, application/problem+json',
      // tells the server this is the page's own call: a 401 then comes without the browser's login dialog
      'X-Requested-With': 'XMLHttpRequest'
    };
    if (method !== 'GET' && state.csrf) {
      headers[state.csrf.headerName] = state.csrf.token;
    }
    const init = { method, headers, credentials: 'same-origin', cache: 'no-store' };
    if (body instanceof URLSearchParams) {
      init.body = body; // a form: the browser sets its Content-Type
    } else if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }
    const response = await fetch(path, init);
    const text = await response.text();
    let data = null;
    if (text) {
      try {
        data = JSON.parse(text);
      } catch (e) {
        data = null;
      }
    }
    return { status: response.status, data, headers: response.headers };
  }

  /** Who the server session says is logged in, and its CSRF token; rejects when the server cannot be reached. */
  async function refreshSession() {
    const answer = await send('GET', SESSION_PATH);
    if (answer.status !== 200 || !answer.data) {
      throw new Error('GET ' + SESSION_PATH + ': ' + answer.status);
    }
    state.csrf = answer.data.csrf;
    return answer.data;
  }

  function storePath(suffix) {
    return '/api/stores/' + encodeURIComponent(state.storeId) + '/' + suffix;
  }

  /** Seconds from a Retry-After header (delta-seconds or an HTTP date); 0 when absent or unreadable. */
  function retryAfterSeconds(headers) {
    const value = headers.get('Retry-After');
    if (!value) {
      return 0;
    }
    if (/^\s*\d+\s*$/.test(value)) {
      return parseInt(value, 10);
    }
    const at = Date.parse(value);
    return Number.isNaN(at) ? 0 : Math.max(0, Math.ceil((at - Date.now()) / 1000));
  }

  // ---------------------------------------------------------------------------------------------
  // log in / out

  async function logIn(event) {
    event.preventDefault();
    const user = el.loginUser.value.trim();
    const password = el.loginPassword.value;
    if (!user || !password) {
      state.loginMessage = { key: 'loginMissing', error: true };
      render();
      (user ? el.loginPassword : el.loginUser).focus();
      return;
    }
    state.loggingIn = true;
    state.loginMessage = null;
    render();
    try {
      const login = await api('POST', SESSION_PATH + '/login', new URLSearchParams({ username: user, password }));
      if (login.status === 200 && login.data) {
        el.loginPassword.value = '';
        // the log-in started a new session with a new token
        state.csrf = login.data.csrf;
        state.userId = login.data.userId;
        const me = await api('GET', '/api/store-clerks/me');
        if (me.status === 200 && me.data) {
          startCounter(me.data);
        } else {
          state.loginMessage = { key: 'loginFailed', params: { status: me.status }, error: true };
        }
      } else if (login.status === 401) {
        state.loginMessage = { key: 'loginWrong', error: true };
      } else if (login.status === 403 && login.data && login.data.type === NOT_A_CLERK) {
        state.loginMessage = { key: 'loginNotClerk', error: true };
      } else {
        state.loginMessage = { key: 'loginFailed', params: { status: login.status }, error: true };
      }
    } catch (e) {
      state.loginMessage = { key: 'networkError', error: true };
    }
    state.loggingIn = false;
    render();
    if (!state.me) {
      el.loginPassword.select();
      el.loginPassword.focus();
    }
  }

  /** Ends the server session (on every node), then back to the log-in form. */
  async function logOutClicked() {
    try {
      await api('POST', SESSION_PATH + '/logout');
    } catch (e) {
      // the server cannot be reached: the page forgets the clerk all the same; the session ends when idle
    }
    logOut('loggedOut');
  }

  /** Back to the log-in form; the log-in needs no token (the next session gets its own). */
  function logOut(messageKey) {
    closeCamera();
    state.userId = null;
    state.csrf = null;
    state.resuming = false;
    state.me = null;
    state.storeId = '';
    state.preview = null;
    state.previewSeq++;
    state.result = null;
    state.history = [];
    state.blockedUntil = 0;
    state.loginMessage = messageKey ? { key: messageKey, error: messageKey !== 'loggedOut' } : null;
    el.code.value = '';
    render();
    el.loginUser.focus();
  }

  /** On opening the page: a session still open (another tab, a reload) goes on without logging in again. */
  async function resumeSession() {
    try {
      const session = await refreshSession();
      if (session.userId) {
        state.userId = session.userId;
        const answer = await api('GET', '/api/store-clerks/me');
        if (answer.status === 200 && answer.data) {
          state.resuming = false;
          startCounter(answer.data);
          render();
          return;
        }
        logOut(answer.status === 401 ? 'sessionExpired' : null);
        return;
      }
      state.resuming = false;
      render();
      el.loginUser.focus();
    } catch (e) {
      state.resuming = false;
      state.loginMessage = { key: 'networkError', error: true };
      render();
    }
  }

  function startCounter(me) {
    state.me = me;
    const stores = Array.isArray(me.stores) ? me.stores : [];
    const remembered = safeGet(localStorage, STORE_KEY_PREFIX + state.userId);
    if (stores.some((s) => s.id === remembered)) {
      state.storeId = remembered;
    } else if (stores.length === 1) {
      state.storeId = stores[0].id;
    } else {
      state.storeId = '';
    }
    fillStores(stores);
    render();
    (state.storeId ? el.code : el.storeSelect).focus();
  }

  function fillStores(stores) {
    el.storeSelect.replaceChildren();
    if (stores.length !== 1) {
      const choose = document.createElement('option');
      choose.value = '';
      choose.dataset.i18n = 'storeChoose';
      choose.textContent = t('storeChoose');
      el.storeSelect.append(choose);
    }
    stores.forEach((store) => {
      const option = document.createElement('option');
      option.value = store.id;
      option.textContent = store.id + ' · ' + store.name;
      el.storeSelect.append(option);
    });
    el.storeSelect.value = state.storeId;
  }

  function chooseStore() {
    state.storeId = el.storeSelect.value;
    safeSet(localStorage, STORE_KEY_PREFIX + state.userId, state.storeId || null);
    resetPreview();
    render();
    if (state.storeId) {
      el.code.focus();
    }
  }

  // ---------------------------------------------------------------------------------------------
  // the code: typed, pasted, scanned by a USB scanner (which types and presses Enter) or the camera

  /** Upper case, half-width (a Chinese IME may type full-width letters), letters and digits only. */
  function canonical(text) {
    return text.normalize('NFKC').toUpperCase().replace(/[^0-9A-Z]/g, '').slice(0, CODE_LENGTH);
  }

  function grouped(raw) {
    const parts = [];
    let start = 0;
    for (const size of CODE_GROUPS) {
      if (start >= raw.length) {
        break;
      }
      parts.push(raw.slice(start, start + size));
      start += size;
    }
    return parts.join('-');
  }

  /** Where the caret goes in the grouped text so that it stays after the same code character. */
  function caretAfter(groupedText, codeCharacters) {
    if (codeCharacters <= 0) {
      return 0;
    }
    let seen = 0;
    for (let i = 0; i < groupedText.length; i++) {
      if (groupedText[i] !== '-') {
        seen++;
        if (seen === codeCharacters) {
          return i + 1;
        }
      }
    }
    return groupedText.length;
  }

  function currentCode() {
    return canonical(el.code.value);
  }

  function reformat() {
    const typed = el.code.value;
    const caret = el.code.selectionStart ?? typed.length;
    const beforeCaret = canonical(typed.slice(0, caret)).length;
    const text = grouped(canonical(typed));
    if (text !== typed) {
      el.code.value = text;
      const position = caretAfter(text, beforeCaret);
      el.code.setSelectionRange(position, position);
    }
  }

  function onCodeInput(event) {
    if (event.isComposing) {
      return; // an IME is still composing: reformat when it is done
    }
    reformat();
    codeChanged();
  }

  function codeChanged() {
    const code = currentCode();
    if (state.preview && state.preview.code !== code) {
      resetPreview();
    }
    if (code.length === CODE_LENGTH) {
      preview(code);
    }
    render();
  }

  /** Backspace just after a dash removes the character before the dash, not only the dash. */
  function onCodeBeforeInput(event) {
    if (event.inputType !== 'deleteContentBackward') {
      return;
    }
    const start = el.code.selectionStart;
    if (start === null || start !== el.code.selectionEnd || start < 2 || el.code.value[start - 1] !== '-') {
      return;
    }
    event.preventDefault();
    const value = el.code.value;
    el.code.value = value.slice(0, start - 2) + value.slice(start);
    el.code.setSelectionRange(start - 2, start - 2);
    reformat();
    codeChanged();
  }

  /** Enter in the code field (typed, or sent by a scanner) asks at once, whatever the buttons' state. */
  function onCodeKeyDown(event) {
    if (event.key === 'Enter' && !event.isComposing) {
      onCodeSubmit(event);
    }
  }

  function onCodeSubmit(event) {
    event.preventDefault();
    const code = currentCode();
    if (!code) {
      return;
    }
    if (code.length < CODE_LENGTH) {
      // certainly not a code: said here, without costing the store one of its attempts
      state.previewSeq++;
      state.preview = { kind: 'incomplete', code };
      render();
      return;
    }
    preview(code);
  }

  function setCode(raw) {
    el.code.value = grouped(canonical(raw));
    codeChanged();
    el.code.focus();
  }

  function resetPreview() {
    state.previewSeq++;
    state.preview = null;
  }

  function isBlocked() {
    return state.blockedUntil > Date.now();
  }

  /** True when this answer is final for the code: asking again would only cost an attempt. */
  function isSettled(preview) {
    return preview.kind === 'loading' || preview.kind === 'valid'
        || (preview.kind === 'error' && preview.status !== 0 && preview.status !== 429 && preview.status < 500);
  }

  /**
   * Asks what the code is. A scanner types the code and then presses Enter, and the complete code
   * already started the request: the same code is not asked for twice (each attempt is counted
   * against the store's and this client's limit).
   */
  async function preview(code) {
    if (!state.storeId || !code) {
      return;
    }
    if (state.preview && state.preview.code === code && isSettled(state.preview)) {
      return;
    }
    if (isBlocked()) {
      state.preview = { kind: 'error', code, status: 429, problem: null };
      render();
      return;
    }
    const seq = ++state.previewSeq;
    state.preview = { kind: 'loading', code };
    state.result = null;
    render();
    let answer;
    try {
      answer = await api('POST', storePath('check-in-previews'), { code: grouped(code) });
    } catch (e) {
      if (seq === state.previewSeq) {
        state.preview = { kind: 'error', code, status: 0, problem: null };
        render();
      }
      return;
    }
    if (seq !== state.previewSeq) {
      return; // the code or the store changed meanwhile
    }
    if (answer.status === 401) {
      logOut('sessionExpired');
      return;
    }
    if (answer.status === 200 && answer.data) {
      state.preview = { kind: 'valid', code, data: answer.data };
    } else {
      state.preview = problemPreview(code, answer);
    }
    render();
    // on a phone the answer lies below the field: bring it (and the Confirm button) into sight, without
    // taking the focus from the field, where a scanner's next keystrokes must land
    (state.preview.kind === 'valid' ? el.confirm : el.preview).scrollIntoView({ block: 'nearest' });
  }

  function problemPreview(code, answer) {
    if (answer.status === 429) {
      block(retryAfterSeconds(answer.headers));
    }
    return { kind: 'error', code, status: answer.status, problem: answer.data };
  }

  function block(seconds) {
    state.blockedUntil = Date.now() + Math.max(1, seconds) * 1000;
    tick();
  }

  /** The 429 countdown: one repaint a second until the wait is over. */
  function tick() {
    clearTimeout(state.countdownTimer);
    render();
    if (isBlocked()) {
      state.countdownTimer = setTimeout(tick, Math.min(1000, state.blockedUntil - Date.now() + 20));
    }
  }

  async function confirmCheckIn() {
    const shown = state.preview;
    if (!shown || shown.kind !== 'valid' || state.confirming) {
      return;
    }
    state.confirming = true;
    render();
    let answer;
    try {
      answer = await api('POST', storePath('check-ins'), { code: grouped(shown.code) });
    } catch (e) {
      state.confirming = false;
      state.preview = { kind: 'error', code: shown.code, status: 0, problem: null };
      render();
      return;
    }
    state.confirming = false;
    if (answer.status === 401) {
      logOut('sessionExpired');
      return;
    }
    if (answer.status === 200 && answer.data) {
      const view = answer.data;
      const at = (view.dropOff && view.dropOff.checkedInAt) || new Date().toISOString();
      state.result = { view, at, customer: shown.data.customer, code: shown.code };
      state.history.unshift(state.result);
      state.history.length = Math.min(state.history.length, HISTORY_SIZE);
      resetPreview();
      el.code.value = '';
      render();
      el.code.focus(); // ready for the next parcel
      return;
    }
    state.previewSeq++;
    state.preview = problemPreview(shown.code, answer);
    render();
  }

  // ---------------------------------------------------------------------------------------------
  // camera: only where the browser reads QR codes itself (BarcodeDetector) and may open a camera
  // (a secure context: https or localhost)

  async function detectCamera() {
    if (!('BarcodeDetector' in window) || !navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
      return;
    }
    try {
      const formats = await window.BarcodeDetector.getSupportedFormats();
      state.cameraSupported = formats.includes('qr_code');
    } catch (e) {
      state.cameraSupported = false;
    }
    render();
  }

  async function openCamera() {
    el.cameraError.hidden = true;
    el.cameraView.hidden = false;
    el.cameraClose.focus();
    try {
      const detector = new window.BarcodeDetector({ formats: ['qr_code'] });
      state.cameraStream = await navigator.mediaDevices.getUserMedia({
        video: { facingMode: { ideal: 'environment' } }, audio: false
      });
      el.cameraVideo.srcObject = state.cameraStream;
      await el.cameraVideo.play();
      const scan = async () => {
        if (!state.cameraStream) {
          return;
        }
        try {
          const found = await detector.detect(el.cameraVideo);
          const code = found.map((b) => canonical(b.rawValue || '')).find((c) => c.length === CODE_LENGTH);
          if (code) {
            closeCamera();
            setCode(code);
            return;
          }
        } catch (e) {
          // a frame that could not be read: try the next one
        }
        state.cameraTimer = setTimeout(scan, CAMERA_SCAN_INTERVAL_MS);
      };
      scan();
    } catch (e) {
      stopCameraStream();
      el.cameraError.textContent = t('cameraFailed', { reason: e && e.name ? e.name : String(e) });
      el.cameraError.hidden = false;
    }
  }

  function stopCameraStream() {
    clearTimeout(state.cameraTimer);
    if (state.cameraStream) {
      state.cameraStream.getTracks().forEach((track) => track.stop());
    }
    state.cameraStream = null;
    el.cameraVideo.srcObject = null;
  }

  function closeCamera() {
    const wasOpen = !el.cameraView.hidden;
    stopCameraStream();
    el.cameraView.hidden = true;
    if (wasOpen) {
      el.scanCamera.focus();
    }
  }

  // ---------------------------------------------------------------------------------------------
  // rendering: the DOM follows the state; server text always goes in as text, never as markup

  function node(tag, attributes, ...children) {
    const created = document.createElement(tag);
    Object.entries(attributes || {}).forEach(([name, value]) => {
      if (name === 'className') {
        created.className = value;
      } else {
        created.setAttribute(name, value);
      }
    });
    children.flat(Infinity).forEach((child) => {
      if (child !== null && child !== undefined) {
        created.append(child instanceof Node ? child : String(child));
      }
    });
    return created;
  }

  function facts(rows) {
    return node('dl', { className: 'facts' }, rows.map(([label, value, id]) => [
      node('dt', null, label),
      node('dd', id ? { id } : null, value)
    ]));
  }

  function render() {
    applyLanguage();
    const loggedIn = Boolean(state.me);
    el.loginView.hidden = loggedIn || (state.resuming && !state.loginMessage);
    el.counterView.hidden = !loggedIn;
    el.logout.hidden = !loggedIn;

    // log-in form
    el.loginSubmit.disabled = state.loggingIn;
    if (state.loggingIn) {
      el.loginSubmit.textContent = t('loginChecking');
    }
    el.loginError.hidden = !state.loginMessage;
    el.loginError.textContent = state.loginMessage ? t(state.loginMessage.key, state.loginMessage.params) : '';
    el.loginError.classList.toggle('error', Boolean(state.loginMessage && state.loginMessage.error));
    if (!loggedIn) {
      return;
    }

    // who and where
    const me = state.me;
    el.clerkName.textContent = t('signedInAs', { name: me.name || me.userId || state.userId });
    const stores = Array.isArray(me.stores) ? me.stores : [];
    el.noStores.hidden = stores.length > 0;
    el.storeSelect.disabled = stores.length === 0;
    const store = stores.find((s) => s.id === state.storeId);
    el.storeAddress.textContent = store
        ? [[store.city, store.address].filter(Boolean).join(' '), store.openingHours].filter(Boolean).join(' · ')
        : '';

    // the code
    const ready = Boolean(state.storeId);
    el.code.disabled = !ready;
    el.checkCode.disabled = !ready;
    el.clearCode.disabled = !ready;
    el.scanCamera.hidden = !state.cameraSupported;
    el.scanCamera.disabled = !ready || isBlocked();

    renderPreview();
    renderResult();
    rendered.lang = state.lang;
  }

  /** What the live regions last showed: they are rebuilt only when that changes, so nothing is read out twice. */
  const rendered = { preview: undefined, result: undefined, lang: null };

  function waitText() {
    const seconds = Math.ceil((state.blockedUntil - Date.now()) / 1000);
    return seconds > 0 ? t('wait', { seconds }) : t('waitOver');
  }

  function renderPreview() {
    const shown = state.preview;
    const canConfirm = Boolean(shown && shown.kind === 'valid');
    el.confirm.hidden = !canConfirm;
    el.confirm.disabled = state.confirming;
    el.confirm.textContent = t(state.confirming ? 'confirming' : 'confirm');
    if (rendered.preview === shown && rendered.lang === state.lang) {
      // the countdown ticks quietly (its paragraph is not live): the region is not read out every second
      const wait = document.getElementById('preview-wait');
      if (wait) {
        wait.textContent = waitText();
      }
      return;
    }
    rendered.preview = shown;
    el.preview.hidden = !shown;
    el.preview.className = 'card preview';
    if (!shown) {
      el.preview.replaceChildren();
      return;
    }
    const code = grouped(shown.code);
    if (shown.kind === 'loading') {
      el.preview.classList.add('pending');
      el.preview.setAttribute('aria-busy', 'true');
      el.preview.replaceChildren(node('p', { className: 'verdict', id: 'preview-verdict' },
          t('checking', { code })));
      return;
    }
    el.preview.removeAttribute('aria-busy');
    if (shown.kind === 'incomplete') {
      el.preview.classList.add('bad');
      el.preview.replaceChildren(node('p', { className: 'verdict', id: 'preview-verdict' },
          t('incomplete', { missing: CODE_LENGTH - shown.code.length })));
      return;
    }
    if (shown.kind === 'valid') {
      const data = shown.data;
      const items = Array.isArray(data.items) ? data.items : [];
      el.preview.classList.add('ok');
      el.preview.replaceChildren(
          node('p', { className: 'verdict', id: 'preview-verdict' }, t('validTitle')),
          facts([
            [t('customer'), data.customer || '—', 'preview-customer'],
            [t('order'), data.orderId || '—', 'preview-order'],
            [t('returnId'), data.returnId || '—', 'preview-return'],
            [t('previewCode'), code, 'preview-code'],
            [t('expires'), formatTime(data.expiresAt), 'preview-expires']
          ]),
          node('h3', null, t('items')),
          node('ul', { className: 'items', id: 'preview-items' }, items.map((item) =>
              node('li', null, t('itemLine', { name: item.name || item.sku, quantity: item.quantity })))));
      return;
    }
    // a problem: the server's words, under a headline in the clerk's language
    el.preview.classList.add('bad');
    const status = shown.status;
    let headline;
    if (status === 0) {
      headline = t('errorNetwork');
    } else if ([400, 403, 404, 409, 429].includes(status)) {
      headline = t('error' + status);
    } else {
      headline = t('errorOther', { status });
    }
    const detail = shown.problem && (shown.problem.detail || shown.problem.title);
    const children = [
      node('p', { className: 'verdict', id: 'preview-verdict' }, headline),
      node('p', { className: 'code-echo' }, code)
    ];
    if (detail) {
      children.push(node('p', { className: 'detail', id: 'preview-detail' }, detail));
    } else if (status === 0) {
      children.push(node('p', { className: 'detail', id: 'preview-detail' }, t('networkError')));
    }
    if (status === 429) {
      children.push(node('p', { className: 'wait', id: 'preview-wait', 'aria-live': 'off' }, waitText()));
    }
    el.preview.replaceChildren(...children);
  }

  function renderResult() {
    // the session's list is not a live region: drawn every time
    el.historyBox.hidden = state.history.length === 0;
    el.history.replaceChildren(...state.history.map((entry) => node('li', null,
        t('historyLine', { time: formatTime(entry.at), returnId: entry.view.id, customer: entry.customer || '—' }))));
    const done = state.result;
    if (rendered.result === done && rendered.lang === state.lang) {
      return;
    }
    rendered.result = done;
    el.result.hidden = !done;
    if (done) {
      const view = done.view;
      el.result.replaceChildren(
          node('p', { className: 'verdict', id: 'result-verdict' }, t('checkedInTitle')),
          facts([
            [t('returnId'), view.id, 'result-return'],
            [t('status'), statusName(view.status) + ' · ' + view.status, 'result-status'],
            [t('checkedInAt'), formatTime(done.at), 'result-time'],
            [t('customer'), done.customer || '—', 'result-customer'],
            [t('order'), view.orderId || '—', 'result-order']
          ]));
    } else {
      el.result.replaceChildren();
    }
  }

  // ---------------------------------------------------------------------------------------------
  // wiring

  el.langToggle.addEventListener('click', () => {
    state.lang = state.lang === 'zh' ? 'en' : 'zh';
    safeSet(localStorage, LANG_KEY, state.lang);
    render();
  });
  el.logout.addEventListener('click', logOutClicked);
  el.loginForm.addEventListener('submit', logIn);
  el.storeSelect.addEventListener('change', chooseStore);
  el.code.addEventListener('beforeinput', onCodeBeforeInput);
  el.code.addEventListener('input', onCodeInput);
  el.code.addEventListener('keydown', onCodeKeyDown);
  el.code.addEventListener('compositionend', () => { reformat(); codeChanged(); });
  el.codeForm.addEventListener('submit', onCodeSubmit);
  el.clearCode.addEventListener('click', () => {
    el.code.value = '';
    resetPreview();
    render();
    el.code.focus();
  });
  el.confirm.addEventListener('click', confirmCheckIn);
  el.scanCamera.addEventListener('click', openCamera);
  el.cameraClose.addEventListener('click', closeCamera);
  document.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && !el.cameraView.hidden) {
      closeCamera();
    }
  });

  render();
  detectCamera();
  resumeSession();
})();
