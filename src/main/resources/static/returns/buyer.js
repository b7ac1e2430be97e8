/*
 * The buyer's return page (/returns/#<token>): choose the lines, how many and why, how each is settled (refund,
 * store credit or an exchange, as the return policy allows), see the refund, choose a
 * courier pickup or a store, confirm, then follow the return live (and cancel it, or choose another pickup window
 * after a missed one, while that is allowed).
 *
 * Plain browser JavaScript, no build step and nothing loaded from elsewhere. The return link's token sits in the
 * URL's fragment, which browsers never send to a server or in a Referer; the page sends it only in the path of its
 * own calls (/returns/api/links/<token>/...), which are the whole of its credentials: no cookie, no storage.
 */
'use strict';

(() => {
  // ---------------------------------------------------------------------------------------------
  // Every text the page shows, in both languages. Server problem details are shown as sent.
  const DICTIONARY = {
    zh: {
      htmlLang: 'zh-CN', locale: 'zh-CN', otherLanguage: 'English', otherLanguageLang: 'en',
      switchLanguage: 'Switch to English',
      pageTitle: '申请退货', appName: '申请退货',
      loading: '正在加载…', noToken: '请从商家发给您的退货链接打开此页面。',
      linkNotFound: '此退货链接无效。请从商家发给您的消息中重新打开。',
      linkExpired: '此退货链接已过期，请联系商家获取新的链接。',
      tooMany: '操作太频繁，请 {seconds} 秒后再试。',
      networkError: '无法连接服务器，请检查网络后重试。',
      failed: '操作未成功（{status}）：{detail}',
      linesHeading: '选择要退回的商品', orderLabel: '订单',
      quantityLabel: '退回数量', ordered: '共 {quantity} 件 · 单价 {price}',
      refusalNON_RETURNABLE_CATEGORY: '此类商品不支持退货。',
      refusalRETURN_WINDOW_EXPIRED: '已超过退货期限。',
      refusalNO_POLICY: '此商品不在退货政策范围内。',
      reasonLabel: '退货原因', reasonHint: '只列出所选商品都适用的原因。', reasonChoose: '— 请选择 —',
      reasonDEFECTIVE: '商品有质量问题', reasonDAMAGED_IN_TRANSIT: '运输途中损坏', reasonWRONG_ITEM: '发错商品',
      reasonNOT_AS_DESCRIBED: '与描述不符', reasonSIZE_FIT: '尺码不合适', reasonCHANGED_MIND: '不想要了（七天无理由）',
      reasonOTHER: '其他原因',
      chooseLines: '请至少选择一件可退的商品。', chooseReason: '请选择退货原因。',
      toQuote: '查看退款金额', quoting: '正在计算退款…',
      quoteHeading: '预计退款', notEligible: '按退货政策，此次退货无法受理：',
      itemsTotal: '商品金额', freight: '运费', freightDeducted: '扣除运费', restockingFee: '扣除翻新费',
      refund: '退款金额', freightPaidByMerchant: '由商家承担', due: '退款时间',
      dueAT_DROP_OFF: '门店收件后', dueAT_WAREHOUSE_RECEIPT: '仓库签收后', dueAFTER_INSPECTION: '仓库验货后',
      toMethod: '选择退回方式', back: '返回',
      methodHeading: '退回方式', methodPickup: '快递员上门取件', methodDropOff: '送到门店',
      methodHOME_PICKUP: '快递员上门取件', methodSTORE_DROPOFF: '送到门店',
      addressHeading: '取件地址', province: '省份', city: '城市', district: '区县', street: '详细地址', postCode: '邮编',
      windowLabel: '上门时间', windowsLoading: '正在查询可预约时间…', noWindows: '该城市暂无可预约的上门时间。',
      storeCity: '门店所在城市', storeLabel: '选择门店', noStores: '该城市暂无可用门店。',
      openingHours: '营业时间 {hours}',
      chooseMethod: '请选择退回方式。', fillAddress: '请填写完整的取件地址并选择上门时间。',
      chooseStore: '请选择门店。', toConfirm: '下一步',
      confirmHeading: '确认退货', summaryLines: '退回商品', summaryReason: '原因', summaryMethod: '方式',
      summaryWindow: '上门时间', summaryAddress: '地址', summaryStore: '门店',
      confirm: '确认退货', confirming: '正在提交退货…',
      returnHeading: '我的退货', showCode: '到店后向店员出示此退货码：', codeExpires: '有效期至',
      store: '门店', address: '地址', phone: '电话',
      pickupWindow: '上门时间', courier: '快递员', pickupCode: '取件码',
      pickupCodeLater: '快递员接单后显示', attempt: '第 {attempt} 次预约',
      statusREQUESTED: '已提交，正在处理', statusAWAITING_PICKUP: '等待快递员上门取件',
      statusAWAITING_DROP_OFF: '请在有效期内将包裹送到门店', statusIN_TRANSIT: '包裹已寄出，正在送往仓库',
      statusRECEIVED: '仓库已收到包裹', statusINSPECTING: '仓库正在验货', statusCOMPLETED: '退货已完成',
      statusREJECTED: '退货未通过', statusCANCELLED: '退货已取消', statusEXPIRED: '退货已过期（未在有效期内送达门店）',
      actionRequired: '客服正在处理，请稍候。',
      missedPickup: '快递员未能按时上门。请选择新的上门时间：', chooseWindow: '预约此时间', choosingWindow: '正在预约…',
      windowChosen: '已为您重新预约上门时间。',
      timelineHeading: '进度',
      stepREQUESTED: '退货申请已提交', stepREJECTED: '退货未通过退货政策', stepPICKUP_BOOKED: '已预约快递员上门',
      stepPICKUP_COURIER_ASSIGNED: '快递员已接单', stepPICKUP_MISSED: '快递员未能按时上门',
      stepPICKUP_REBOOKED: '已重新预约上门', stepCOLLECTED: '快递员已取件', stepDROP_OFF_CODE_ISSUED: '退货码已生成',
      stepDROP_OFF_CODE_EXPIRING: '退货码即将过期', stepSWITCHED_TO_DROP_OFF: '已改为送到门店',
      stepCHECKED_IN: '门店已收件', stepSIGNED: '仓库已签收', stepINSPECTED: '仓库已验货', stepREFUNDED: '已退款',
      stepREFUNDED_ELSEWHERE: '已通过其他方式退款', stepREFUND_FAILED: '退款未成功，客服正在处理',
      stepCANCELLATION_REQUESTED: '已申请取消', stepCANCELLED: '退货已取消', stepCOMPLETED: '退货已完成',
      stepEXPIRED: '退货已过期',
      cancel: '取消退货', cancelQuestion: '确定要取消这次退货吗？', cancelNo: '不取消', cancelYes: '确定取消',
      cancelling: '正在取消…', cancelled: '退货已取消。', startAnother: '再退其他商品',
      updated: '进度已更新：{status}',
      resolutionLegend: '{name} × {quantity}：您希望', resolutionREFUND: '退款 {amount}',
      resolutionSTORE_CREDIT: '购物金 {amount} + 赠送 {bonus}', resolutionSTORE_CREDIT_PLAIN: '购物金 {amount}',
      resolutionEXCHANGE: '换货', exchangeFor: '换成', exchangeOption: '{name}（{price}）',
      instantExchange: '极速换货：先发新商品', instantHint: '如商家信任此次退货，新商品会在旧商品寄到之前发出。',
      storeCredit: '购物金', storeCreditBonus: '赠送购物金', exchangeDifference: '换货差价',
      exchange: '换货', resolvedREFUND: '退款', resolvedSTORE_CREDIT: '购物金', resolvedEXCHANGE: '换货：{name}',
    },
    en: {
      htmlLang: 'en', locale: 'en-GB', otherLanguage: '中文', otherLanguageLang: 'zh-CN',
      switchLanguage: '切换到中文',
      pageTitle: 'Return items', appName: 'Return items',
      loading: 'Loading…', noToken: 'Open this page from the return link the shop sent you.',
      linkNotFound: 'This return link is not valid. Open it again from the shop\'s message.',
      linkExpired: 'This return link has expired. Ask the shop for a new one.',
      tooMany: 'Too many requests. Try again in {seconds} s.',
      networkError: 'Cannot reach the server. Check your connection and try again.',
      failed: 'That did not work ({status}): {detail}',
      linesHeading: 'Choose the items to return', orderLabel: 'Order',
      quantityLabel: 'How many', ordered: '{quantity} ordered · {price} each',
      refusalNON_RETURNABLE_CATEGORY: 'Items of this kind cannot be returned.',
      refusalRETURN_WINDOW_EXPIRED: 'The return period has ended.',
      refusalNO_POLICY: 'No return policy covers this item.',
      reasonLabel: 'Reason', reasonHint: 'Only reasons that apply to every chosen item are listed.',
      reasonChoose: '— Choose —',
      reasonDEFECTIVE: 'Defective', reasonDAMAGED_IN_TRANSIT: 'Damaged in transit', reasonWRONG_ITEM: 'Wrong item sent',
      reasonNOT_AS_DESCRIBED: 'Not as described', reasonSIZE_FIT: 'Size or fit', reasonCHANGED_MIND: 'Changed my mind',
      reasonOTHER: 'Other',
      chooseLines: 'Choose at least one returnable item.', chooseReason: 'Choose a reason.',
      toQuote: 'See the refund', quoting: 'Working out the refund…',
      quoteHeading: 'Your refund', notEligible: 'The return policy does not accept this return:',
      itemsTotal: 'Items', freight: 'Shipping', freightDeducted: 'Shipping deducted',
      restockingFee: 'Restocking fee', refund: 'Refund', freightPaidByMerchant: 'paid by the shop', due: 'Paid',
      dueAT_DROP_OFF: 'when the store takes the parcel', dueAT_WAREHOUSE_RECEIPT: 'when the warehouse receives it',
      dueAFTER_INSPECTION: 'after the warehouse inspects it',
      toMethod: 'Choose how to send it', back: 'Back',
      methodHeading: 'How it comes back', methodPickup: 'A courier collects it', methodDropOff: 'I take it to a store',
      methodHOME_PICKUP: 'Courier pickup', methodSTORE_DROPOFF: 'Store drop-off',
      addressHeading: 'Pickup address', province: 'Province', city: 'City', district: 'District',
      street: 'Street and number', postCode: 'Post code',
      windowLabel: 'Pickup time', windowsLoading: 'Finding pickup times…', noWindows: 'No pickup times in this city.',
      storeCity: 'City of the store', storeLabel: 'Choose a store', noStores: 'No stores in this city.',
      openingHours: 'Open {hours}',
      chooseMethod: 'Choose how it comes back.', fillAddress: 'Fill in the address and choose a pickup time.',
      chooseStore: 'Choose a store.', toConfirm: 'Next',
      confirmHeading: 'Confirm the return', summaryLines: 'Items', summaryReason: 'Reason', summaryMethod: 'How',
      summaryWindow: 'Pickup time', summaryAddress: 'Address', summaryStore: 'Store',
      confirm: 'Confirm the return', confirming: 'Sending your return…',
      returnHeading: 'My return', showCode: 'Show this code at the store:', codeExpires: 'Valid until',
      store: 'Store', address: 'Address', phone: 'Phone',
      pickupWindow: 'Pickup time', courier: 'Courier', pickupCode: 'Pickup code',
      pickupCodeLater: 'shown once a courier takes the job', attempt: 'booking {attempt}',
      statusREQUESTED: 'Received, being processed', statusAWAITING_PICKUP: 'Waiting for the courier',
      statusAWAITING_DROP_OFF: 'Take the parcel to the store before the code expires',
      statusIN_TRANSIT: 'On its way to the warehouse', statusRECEIVED: 'The warehouse has it',
      statusINSPECTING: 'Being inspected', statusCOMPLETED: 'Return completed', statusREJECTED: 'Not accepted',
      statusCANCELLED: 'Cancelled', statusEXPIRED: 'Expired (not brought to the store in time)',
      actionRequired: 'Customer service is looking into it.',
      missedPickup: 'The courier missed the pickup. Choose a new pickup time:', chooseWindow: 'Book this time',
      choosingWindow: 'Booking…', windowChosen: 'The courier is booked for your new time.',
      timelineHeading: 'Progress',
      stepREQUESTED: 'Return requested', stepREJECTED: 'Not accepted by the return policy',
      stepPICKUP_BOOKED: 'Courier booked', stepPICKUP_COURIER_ASSIGNED: 'A courier took the job',
      stepPICKUP_MISSED: 'The courier missed the pickup', stepPICKUP_REBOOKED: 'Courier booked again',
      stepCOLLECTED: 'Collected by the courier', stepDROP_OFF_CODE_ISSUED: 'Drop-off code ready',
      stepDROP_OFF_CODE_EXPIRING: 'Drop-off code expires soon', stepSWITCHED_TO_DROP_OFF: 'Changed to a store drop-off',
      stepCHECKED_IN: 'The store took the parcel', stepSIGNED: 'The warehouse received it',
      stepINSPECTED: 'Inspected', stepREFUNDED: 'Refunded', stepREFUNDED_ELSEWHERE: 'Refunded another way',
      stepREFUND_FAILED: 'Refund failed; customer service is on it', stepCANCELLATION_REQUESTED: 'Cancellation asked',
      stepCANCELLED: 'Cancelled', stepCOMPLETED: 'Return completed', stepEXPIRED: 'Expired',
      cancel: 'Cancel the return', cancelQuestion: 'Cancel this return?', cancelNo: 'Keep it',
      cancelYes: 'Yes, cancel', cancelling: 'Cancelling…', cancelled: 'The return is cancelled.',
      startAnother: 'Return other items', updated: 'Progress updated: {status}',
      resolutionLegend: '{name} × {quantity}: I would like', resolutionREFUND: 'Refund {amount}',
      resolutionSTORE_CREDIT: 'Store credit {amount} + {bonus} bonus', resolutionSTORE_CREDIT_PLAIN: 'Store credit {amount}',
      resolutionEXCHANGE: 'Exchange', exchangeFor: 'Exchange for', exchangeOption: '{name} ({price})',
      instantExchange: 'Instant exchange: send the new item first',
      instantHint: 'If the shop trusts the return, the new item ships before the old one arrives.',
      storeCredit: 'Store credit', storeCreditBonus: 'Bonus credit', exchangeDifference: 'Price difference',
      exchange: 'Exchange', resolvedREFUND: 'Refund', resolvedSTORE_CREDIT: 'Store credit',
      resolvedEXCHANGE: 'Exchange for {name}',
    },
  };
  const REASONS = ['DEFECTIVE', 'DAMAGED_IN_TRANSIT', 'WRONG_ITEM', 'NOT_AS_DESCRIBED', 'SIZE_FIT', 'CHANGED_MIND',
    'OTHER'];
  const CLOSED = ['COMPLETED', 'REJECTED', 'CANCELLED', 'EXPIRED'];
  const ZONE = 'Asia/Shanghai';

  const $ = (id) => document.getElementById(id);
  const token = decodeURIComponent(window.location.hash.replace(/^#/, ''));
  const base = '/returns/api/links/' + encodeURIComponent(token);
  // resolutions: per line id, what the buyer chose ({resolution, exchangeSku}); quoteSeq: the latest quote asked
  const state = { lang: 'zh', order: null, quote: null, ret: null, poll: null, lastStatus: null, resolutions: {},
    quoteSeq: 0 };

  // ---------------------------------------------------------------------------------------------
  // language
  function t(key, values) {
    const text = DICTIONARY[state.lang][key] ?? DICTIONARY.zh[key] ?? key;
    return text.replace(/\{(\w+)\}/g, (_, name) => (values && name in values ? values[name] : ''));
  }

  function applyLanguage() {
    document.documentElement.lang = t('htmlLang');
    document.title = t('pageTitle');
    document.querySelectorAll('[data-i18n]').forEach((el) => { el.textContent = t(el.dataset.i18n); });
    const toggle = $('lang-toggle');
    toggle.textContent = t('otherLanguage');
    toggle.lang = t('otherLanguageLang');
    toggle.setAttribute('aria-label', t('switchLanguage'));
    if (state.order) {
      renderLines();
    }
    if (state.quote) {
      renderResolutions();
      renderQuote();
    }
    if (!$('method-view').hidden) {
      renderWindows(state.windows);
      renderStores(state.stores);
    }
    if (!$('confirm-view').hidden && state.confirmQuote) {
      renderSummary(state.confirmQuote);
    }
    if (state.ret) {
      renderReturn(state.ret, false);
    }
  }

  const money = (amount, currency) => new Intl.NumberFormat(t('locale'), { style: 'currency', currency })
    .format(Number(amount));
  const moment = (iso) => new Intl.DateTimeFormat(t('locale'), {
    timeZone: ZONE, month: 'short', day: 'numeric', weekday: 'short', hour: '2-digit', minute: '2-digit',
  }).format(new Date(iso));
  const hour = (iso) => new Intl.DateTimeFormat(t('locale'), { timeZone: ZONE, hour: '2-digit', minute: '2-digit' })
    .format(new Date(iso));
  const windowText = (w) => moment(w.start) + ' – ' + hour(w.end);

  // ---------------------------------------------------------------------------------------------
  // calls
  class Problem extends Error {
    constructor(status, body, retryAfter) {
      super(body && body.detail ? body.detail : String(status));
      this.status = status;
      this.body = body || {};
      this.retryAfter = retryAfter;
    }
  }

  async function call(method, path, body) {
    let response;
    try {
      response = await fetch(base + path, {
        method,
        headers: body === undefined ? { Accept: 'application/json' }
          : { Accept: 'application/json', 'Content-Type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
        credentials: 'omit',
        cache: 'no-store',
        referrerPolicy: 'no-referrer',
      });
    } catch (e) {
      throw new Problem(0, { detail: t('networkError') });
    }
    const text = await response.text();
    const json = text ? JSON.parse(text) : null;
    if (!response.ok) {
      throw new Problem(response.status, json, response.headers.get('Retry-After'));
    }
    return { status: response.status, body: json };
  }

  function progress(text) {
    $('progress').textContent = text || '';
  }

  function showError(problem) {
    const box = $('error');
    let text;
    if (problem.status === 0) {
      text = t('networkError');
    } else if (problem.status === 404 && !state.order) {
      text = t('linkNotFound');
    } else if (problem.status === 410) {
      text = t('linkExpired');
    } else if (problem.status === 429) {
      text = t('tooMany', { seconds: problem.retryAfter || problem.body.retryAfter || 60 });
    } else {
      const fields = (problem.body.errors || []).map((e) => e.field + ': ' + e.message).join('; ');
      text = t('failed', { status: problem.status, detail: fields || problem.message });
    }
    box.textContent = text;
    box.hidden = false;
    box.focus();
  }

  /** A mistake the page itself sees (nothing chosen, a field left empty): said as it is, nothing was sent. */
  function sayError(text) {
    const box = $('error');
    box.textContent = text;
    box.hidden = false;
    box.focus();
  }

  function clearError() {
    $('error').hidden = true;
    $('error').textContent = '';
  }

  function show(view) {
    ['lines-view', 'quote-view', 'method-view', 'confirm-view', 'return-view'].forEach((id) => {
      $(id).hidden = id !== view;
    });
    const heading = $(view).querySelector('h2');
    if (heading) {
      heading.focus();
    }
  }

  async function busy(button, text, work) {
    clearError();
    button.disabled = true;
    progress(text);
    try {
      return await work();
    } catch (e) {
      progress('');
      if (e instanceof Problem) {
        showError(e);
        return null;
      }
      throw e;
    } finally {
      button.disabled = false;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // 1 + 2: lines, quantities, reason
  function renderLines() {
    const order = state.order;
    $('order-id').textContent = order.orderId;
    const list = $('lines');
    const chosen = selection();
    list.replaceChildren();
    order.lines.forEach((line) => {
      const li = document.createElement('li');
      li.className = 'line' + (line.returnable ? '' : ' refused');
      const label = document.createElement('label');
      const box = document.createElement('input');
      box.type = 'checkbox';
      box.id = 'line-' + line.lineId;
      box.value = line.lineId;
      box.disabled = !line.returnable;
      box.checked = line.returnable && chosen.some((c) => c.lineId === line.lineId);
      const text = document.createElement('span');
      const name = document.createElement('span');
      name.className = 'line-name';
      name.textContent = line.name;
      const detail = document.createElement('span');
      detail.className = 'hint';
      detail.textContent = t('ordered', { quantity: line.quantity, price: money(line.unitPrice, order.currency) });
      text.append(name, document.createElement('br'), detail);
      label.append(box, text);
      li.append(label);
      if (!line.returnable) {
        const why = document.createElement('p');
        why.className = 'refusal';
        why.id = 'refusal-' + line.lineId;
        why.textContent = t('refusal' + line.refusalCode);
        why.title = line.refusal;
        box.setAttribute('aria-describedby', why.id);
        li.append(why);
      } else if (line.quantity > 1) {
        const wrap = document.createElement('div');
        wrap.className = 'quantity';
        const qLabel = document.createElement('label');
        qLabel.htmlFor = 'qty-' + line.lineId;
        qLabel.textContent = t('quantityLabel');
        const select = document.createElement('select');
        select.id = 'qty-' + line.lineId;
        for (let q = 1; q <= line.quantity; q++) {
          select.add(new Option(String(q), String(q)));
        }
        const was = chosen.find((c) => c.lineId === line.lineId);
        select.value = String(was ? was.quantity : line.quantity);
        wrap.append(qLabel, select);
        wrap.hidden = !box.checked;
        box.addEventListener('change', () => { wrap.hidden = !box.checked; });
        li.append(wrap);
      }
      box.addEventListener('change', renderReasons);
      list.append(li);
    });
    renderReasons();
  }

  function selection() {
    if (!state.order) {
      return [];
    }
    return state.order.lines.filter((line) => {
      const box = $('line-' + line.lineId);
      return box && box.checked;
    }).map((line) => {
      const qty = $('qty-' + line.lineId);
      return { lineId: line.lineId, quantity: qty ? Number(qty.value) : line.quantity };
    });
  }

  function renderReasons() {
    const select = $('reason');
    const was = select.value;
    const chosen = selection().map((c) => state.order.lines.find((l) => l.lineId === c.lineId));
    const allowed = REASONS.filter((r) => chosen.length > 0 && chosen.every((l) => l.reasons.includes(r)));
    select.replaceChildren(new Option(t('reasonChoose'), ''));
    allowed.forEach((r) => select.add(new Option(t('reason' + r), r)));
    select.value = allowed.includes(was) ? was : '';
  }

  /** The lines, each with the resolution chosen for it (the server's default, a refund, until one is). */
  function choice(extra) {
    const lines = selection().map((c) => {
      const chosen = state.resolutions[c.lineId];
      if (!chosen) {
        return c;
      }
      return Object.assign(c, { resolution: chosen.resolution },
        chosen.resolution === 'EXCHANGE' ? { exchangeSku: chosen.exchangeSku } : {});
    });
    const body = { lines, reason: $('reason').value };
    if (anyExchange() && $('instant-exchange').checked) {
      body.instantExchange = true;
    }
    return Object.assign(body, extra || {});
  }

  function anyExchange() {
    return selection().some((c) => (state.resolutions[c.lineId] || {}).resolution === 'EXCHANGE');
  }

  /**
   * The resolutions the page offers a line for the reason: those the policy allows, an exchange only when the
   * shop named something to exchange for.
   */
  function offered(line, reason) {
    const forReason = (line.resolutions || []).find((r) => r.reason === reason);
    return (forReason ? forReason.allowed : []).map((a) => a.resolution)
      .filter((r) => r !== 'EXCHANGE' || (line.exchangeOptions || []).length > 0);
  }

  // ---------------------------------------------------------------------------------------------
  // 3: the quote of both ways back
  function quoteFacts(option, currency) {
    const dl = document.createElement('dl');
    dl.className = 'facts';
    const row = (term, value, cls) => {
      const dt = document.createElement('dt');
      dt.textContent = term;
      const dd = document.createElement('dd');
      dd.textContent = value;
      if (cls) {
        dd.className = cls;
        dt.className = cls;
      }
      dl.append(dt, dd);
    };
    const r = option.refund;
    row(t('itemsTotal'), money(r.itemsTotal, currency));
    if (option.freight.payer === 'MERCHANT') {
      row(t('freight'), t('freightPaidByMerchant'));
    } else {
      row(t('freightDeducted'), '− ' + money(r.freightDeducted, currency));
    }
    if (Number(r.restockingFee) > 0) {
      row(t('restockingFee'), '− ' + money(r.restockingFee, currency));
    }
    row(t('refund'), money(r.amount, currency), 'total');
    row(t('due'), t('due' + r.due));
    settlementFacts(row, option.settlement, currency);
    selection().forEach((c) => {
      const chosen = state.resolutions[c.lineId];
      if (chosen && chosen.resolution === 'EXCHANGE') {
        row(t('exchange'), lineName(c.lineId) + ' → ' + optionName(c.lineId, chosen.exchangeSku));
      }
    });
    return dl;
  }

  /** The parts besides the refund: store credit and its bonus, an exchange's price difference. */
  function settlementFacts(row, settlement, currency) {
    if (!settlement) {
      return;
    }
    if (Number(settlement.storeCredit) > 0) {
      row(t('storeCredit'), money(settlement.storeCredit, currency), 'total');
    }
    if (Number(settlement.storeCreditBonus) > 0) {
      row(t('storeCreditBonus'), '+ ' + money(settlement.storeCreditBonus, currency));
    }
    if (Number(settlement.exchangeDifference) > 0) {
      row(t('exchangeDifference'), money(settlement.exchangeDifference, currency));
    }
  }

  const orderLine = (lineId) => state.order.lines.find((l) => l.lineId === lineId);
  const lineName = (lineId) => orderLine(lineId).name;
  function optionName(lineId, sku) {
    const option = (orderLine(lineId).exchangeOptions || []).find((o) => o.sku === sku);
    return option ? option.name : sku;
  }

  // ---------------------------------------------------------------------------------------------
  // 3: how each line is settled, a radio group per line; a change asks the quote again
  function renderResolutions() {
    const box = $('resolutions');
    box.replaceChildren();
    const reason = $('reason').value;
    const currency = state.order.currency;
    selection().forEach((c) => {
      const line = orderLine(c.lineId);
      const quoted = (state.quote.lines || []).find((l) => l.lineId === c.lineId);
      const kinds = offered(line, reason);
      if (!quoted || kinds.length < 2) {
        return;  // nothing to choose: refunded, as the policy says
      }
      const chosen = state.resolutions[c.lineId] || { resolution: quoted.chosen };
      const fieldset = document.createElement('fieldset');
      fieldset.className = 'choices resolution';
      fieldset.id = 'resolution-' + c.lineId;
      const legend = document.createElement('legend');
      legend.textContent = t('resolutionLegend', { name: line.name, quantity: c.quantity });
      fieldset.append(legend);
      quoted.allowed.filter((a) => kinds.includes(a.resolution)).forEach((a) => {
        const label = document.createElement('label');
        label.className = 'choice';
        const radio = document.createElement('input');
        radio.type = 'radio';
        radio.name = 'resolution-' + c.lineId;
        radio.id = 'resolution-' + c.lineId + '-' + a.resolution;
        radio.value = a.resolution;
        radio.checked = a.resolution === chosen.resolution;
        radio.addEventListener('change', () => resolutionChanged(c.lineId));
        const text = document.createElement('span');
        const key = a.resolution === 'STORE_CREDIT' && !(Number(a.bonus) > 0) ? 'resolutionSTORE_CREDIT_PLAIN'
          : 'resolution' + a.resolution;
        text.textContent = t(key, { amount: a.amount == null ? '' : money(a.amount, currency),
          bonus: a.bonus == null ? '' : money(a.bonus, currency) });
        label.append(radio, text);
        fieldset.append(label);
      });
      if (kinds.includes('EXCHANGE')) {
        const wrap = document.createElement('div');
        wrap.id = 'exchange-box-' + c.lineId;
        wrap.hidden = chosen.resolution !== 'EXCHANGE';
        const label = document.createElement('label');
        label.htmlFor = 'exchange-' + c.lineId;
        label.textContent = t('exchangeFor');
        const select = document.createElement('select');
        select.id = 'exchange-' + c.lineId;
        line.exchangeOptions.forEach((o) => select.add(new Option(
          t('exchangeOption', { name: o.name, price: money(o.unitPrice, currency) }), o.sku)));
        if (chosen.exchangeSku) {
          select.value = chosen.exchangeSku;
        }
        select.addEventListener('change', () => resolutionChanged(c.lineId));
        wrap.append(label, select);
        fieldset.append(wrap);
      }
      box.append(fieldset);
    });
    $('instant-box').hidden = !anyExchange();
  }

  function resolutionChanged(lineId) {
    const checked = document.querySelector('input[name="resolution-' + lineId + '"]:checked');
    const select = $('exchange-' + lineId);
    const resolution = checked ? checked.value : 'REFUND';
    state.resolutions[lineId] = { resolution, exchangeSku: resolution === 'EXCHANGE' && select ? select.value : null };
    const wrap = $('exchange-box-' + lineId);
    if (wrap) {
      wrap.hidden = resolution !== 'EXCHANGE';
    }
    $('instant-box').hidden = !anyExchange();
    requote();
  }

  /** The quote again for the new choice; an answer overtaken by a later change is dropped. */
  async function requote() {
    const seq = ++state.quoteSeq;
    clearError();
    try {
      const answer = await call('POST', '/quote', choice());
      if (seq === state.quoteSeq) {
        state.quote = answer.body;
        renderQuote();
      }
    } catch (e) {
      if (seq === state.quoteSeq && e instanceof Problem) {
        showError(e);
        $('to-method').disabled = true;
      } else if (!(e instanceof Problem)) {
        throw e;
      }
    }
  }

  function renderQuote() {
    const box = $('quote-options');
    box.replaceChildren();
    const quote = state.quote;
    if (!quote.eligible) {
      const p = document.createElement('p');
      p.className = 'message error';
      p.textContent = t('notEligible') + ' ' + quote.reasons.join('; ');
      box.append(p);
    }
    quote.options.forEach((option) => {
      const div = document.createElement('div');
      div.className = 'option';
      div.id = 'quote-' + option.method;
      const h = document.createElement('h3');
      h.textContent = t('method' + option.method);
      div.append(h, quoteFacts(option, state.order.currency));
      box.append(div);
    });
    $('to-method').disabled = !quote.eligible;
  }

  async function toQuote() {
    clearError();
    if (selection().length === 0) {
      sayError(t('chooseLines'));
      return;
    }
    if (!$('reason').value) {
      sayError(t('chooseReason'));
      $('reason').focus();
      return;
    }
    // a choice the new reason or lines no longer allow goes back to the policy's default
    const reason = $('reason').value;
    selection().forEach((c) => {
      const chosen = state.resolutions[c.lineId];
      const kinds = offered(orderLine(c.lineId), reason);
      if (chosen && !kinds.includes(chosen.resolution)) {
        delete state.resolutions[c.lineId];
      }
      // a policy that does not refund the line: its first other resolution until the buyer chooses
      if (!state.resolutions[c.lineId] && kinds.length > 0 && !kinds.includes('REFUND')) {
        const first = kinds.find((k) => k !== 'EXCHANGE') || kinds[0];
        state.resolutions[c.lineId] = { resolution: first,
          exchangeSku: first === 'EXCHANGE' ? orderLine(c.lineId).exchangeOptions[0].sku : null };
      }
    });
    state.quoteSeq += 1;
    const answer = await busy($('to-quote'), t('quoting'), () => call('POST', '/quote', choice()));
    if (answer) {
      progress('');
      state.quote = answer.body;
      renderResolutions();
      renderQuote();
      show('quote-view');
    }
  }

  // ---------------------------------------------------------------------------------------------
  // 4: pickup window + address, or store with opening hours
  function method() {
    const checked = document.querySelector('input[name="method"]:checked');
    return checked ? checked.value : null;
  }

  async function methodChanged() {
    const m = method();
    $('pickup-form').hidden = m !== 'HOME_PICKUP';
    $('store-form').hidden = m !== 'STORE_DROPOFF';
    if (m === 'HOME_PICKUP') {
      await loadWindows();
    } else if (m === 'STORE_DROPOFF') {
      await loadStores();
    }
  }

  async function loadWindows() {
    const city = $('addr-city').value.trim();
    if (!city) {
      renderWindows([]);
      return;
    }
    progress(t('windowsLoading'));
    try {
      state.windows = (await call('GET', '/pickup-windows?city=' + encodeURIComponent(city))).body.windows;
      progress('');
    } catch (e) {
      state.windows = [];
      showError(e);
    }
    renderWindows(state.windows);
  }

  function renderWindows(windows) {
    const select = $('window');
    const was = select.value;
    select.replaceChildren();
    (windows || []).forEach((w) => {
      const option = new Option(windowText(w), w.start);
      option.dataset.end = w.end;
      select.add(option);
    });
    if (!windows || windows.length === 0) {
      select.add(new Option(t('noWindows'), ''));
    } else if (windows.some((w) => w.start === was)) {
      select.value = was;
    }
  }

  async function loadStores() {
    const city = $('store-city').value.trim();
    try {
      state.stores = (await call('GET', '/stores' + (city ? '?city=' + encodeURIComponent(city) : ''))).body;
    } catch (e) {
      state.stores = [];
      showError(e);
    }
    renderStores(state.stores);
  }

  function renderStores(stores) {
    const list = $('stores');
    const was = (document.querySelector('input[name="store"]:checked') || {}).value;
    list.replaceChildren();
    (stores || []).forEach((s) => {
      const li = document.createElement('li');
      li.className = 'store';
      const label = document.createElement('label');
      const radio = document.createElement('input');
      radio.type = 'radio';
      radio.name = 'store';
      radio.id = 'store-' + s.id;
      radio.value = s.id;
      radio.checked = s.id === was;
      const text = document.createElement('span');
      const name = document.createElement('span');
      name.className = 'line-name';
      name.textContent = s.name;
      const where = document.createElement('span');
      where.className = 'hint';
      where.textContent = [s.district, s.address].filter(Boolean).join(' ');
      const hours = document.createElement('span');
      hours.className = 'hint';
      hours.textContent = t('openingHours', { hours: s.openingHours || '—' });
      text.append(name, document.createElement('br'), where, document.createElement('br'), hours);
      label.append(radio, text);
      li.append(label);
      list.append(li);
    });
    if (!stores || stores.length === 0) {
      const li = document.createElement('li');
      li.className = 'hint';
      li.textContent = t('noStores');
      list.append(li);
    }
  }

  function toMethod() {
    clearError();
    const address = state.order.shippingAddress;
    if (address && !$('addr-city').value) {
      $('addr-province').value = address.province || '';
      $('addr-city').value = address.city || '';
      $('addr-district').value = address.district || '';
      $('addr-line').value = address.line || '';
      $('addr-postCode').value = address.postCode || '';
      $('store-city').value = address.city || '';
    }
    show('method-view');
    methodChanged();
  }

  function methodChoice() {
    const m = method();
    if (!m) {
      return { error: t('chooseMethod') };
    }
    if (m === 'HOME_PICKUP') {
      const address = {
        province: $('addr-province').value.trim(), city: $('addr-city').value.trim(),
        district: $('addr-district').value.trim() || null, line: $('addr-line').value.trim(),
        postCode: $('addr-postCode').value.trim() || null,
      };
      const selected = $('window').selectedOptions[0];
      if (!address.province || !address.city || !address.line || !selected || !selected.value) {
        return { error: t('fillAddress') };
      }
      return { method: m, pickup: { address, window: { start: selected.value, end: selected.dataset.end } } };
    }
    const store = document.querySelector('input[name="store"]:checked');
    if (!store) {
      return { error: t('chooseStore') };
    }
    return { method: m, dropOff: { storeId: store.value } };
  }

  // ---------------------------------------------------------------------------------------------
  // 5: confirm
  async function toConfirm() {
    clearError();
    const m = methodChoice();
    if (m.error) {
      sayError(m.error);
      return;
    }
    state.methodChoice = m;
    const answer = await busy($('to-confirm'), t('quoting'), () => call('POST', '/quote', choice(m)));
    if (answer) {
      progress('');
      state.confirmQuote = answer.body;
      renderSummary(answer.body);
      show('confirm-view');
    }
  }

  function renderSummary(quote) {
    const m = state.methodChoice;
    const dl = $('confirm-summary');
    dl.replaceChildren();
    const row = (term, value) => {
      const dt = document.createElement('dt');
      dt.textContent = term;
      const dd = document.createElement('dd');
      dd.textContent = value;
      dl.append(dt, dd);
    };
    row(t('summaryLines'), selection().map((c) => {
      const chosen = state.resolutions[c.lineId] || { resolution: 'REFUND' };
      return lineName(c.lineId) + ' × ' + c.quantity + '（' + t('resolved' + chosen.resolution,
        { name: optionName(c.lineId, chosen.exchangeSku) }) + '）';
    }).join('、'));
    row(t('summaryReason'), t('reason' + $('reason').value));
    row(t('summaryMethod'), t('method' + m.method));
    if (m.pickup) {
      row(t('summaryWindow'), windowText(m.pickup.window));
      const a = m.pickup.address;
      row(t('summaryAddress'), [a.province, a.city, a.district, a.line].filter(Boolean).join(' '));
    } else {
      const store = (state.stores || []).find((s) => s.id === m.dropOff.storeId);
      row(t('summaryStore'), store ? store.name + '（' + t('openingHours', { hours: store.openingHours }) + '）'
        : m.dropOff.storeId);
    }
    const facts = quoteFacts(quote.options[0], state.order.currency);
    [...facts.children].forEach((child) => dl.append(child));
    $('confirm').disabled = !quote.eligible;
  }

  async function confirm() {
    const answer = await busy($('confirm'), t('confirming'), () => call('POST', '/return',
      choice(state.methodChoice)));
    if (answer) {
      state.order.returnId = answer.body.id;
      if (answer.status === 201) {
        state.order.returnsLeft -= 1;
      }
      renderReturn(answer.body, true);
      show('return-view');
      schedulePoll();
    }
  }

  // ---------------------------------------------------------------------------------------------
  // 6 + 7: the return, followed live
  function factRow(dl, term, value, id) {
    const dt = document.createElement('dt');
    dt.textContent = term;
    const dd = document.createElement('dd');
    dd.textContent = value;
    if (id) {
      dd.id = id;
    }
    dl.append(dt, dd);
  }

  function renderReturn(ret, announce) {
    const changed = state.lastStatus !== null && state.lastStatus !== ret.status;
    state.ret = ret;
    state.lastStatus = ret.status;
    $('return-id').textContent = ret.id;
    $('return-status').textContent = t('status' + ret.status);
    $('return-status').dataset.status = ret.status;
    const items = $('return-items');
    items.replaceChildren();
    (ret.items || []).forEach((item) => {
      const li = document.createElement('li');
      li.id = 'return-item-' + item.lineId;
      li.dataset.resolution = item.resolution || 'REFUND';
      li.textContent = item.name + ' × ' + item.quantity + ' · ' + t('resolved' + (item.resolution || 'REFUND'),
        { name: item.exchangeFor ? item.exchangeFor.name : '' });
      items.append(li);
    });
    const settlement = $('return-settlement');
    settlement.replaceChildren();
    settlementFacts((term, value) => factRow(settlement, term, value), ret.settlement,
      ret.settlement ? ret.settlement.currency : (ret.refund || {}).currency);

    const drop = ret.dropOff;
    $('drop-off-box').hidden = !drop;
    if (drop) {
      $('drop-off-code').textContent = drop.code || '…';
      const qr = $('qr');
      if (drop.qr && drop.code && ret.status === 'AWAITING_DROP_OFF') {
        if (qr.dataset.code !== drop.code) {
          qr.src = drop.qr;
          qr.dataset.code = drop.code;
        }
        qr.alt = 'QR: ' + drop.code;
        qr.hidden = false;
      } else {
        qr.hidden = true;
      }
      const dl = $('store-facts');
      dl.replaceChildren();
      if (drop.expiresAt) {
        factRow(dl, t('codeExpires'), moment(drop.expiresAt));
      }
      if (drop.store) {
        factRow(dl, t('store'), drop.store.name);
        factRow(dl, t('address'), [drop.store.district, drop.store.address].filter(Boolean).join(' '));
        factRow(dl, t('openingHours', { hours: '' }).trim(), drop.store.openingHours || '—');
        if (drop.store.phone) {
          factRow(dl, t('phone'), drop.store.phone);
        }
      }
    }

    const pickup = ret.pickup;
    $('pickup-box').hidden = !pickup;
    if (pickup) {
      const dl = $('pickup-facts');
      dl.replaceChildren();
      if (pickup.window) {
        factRow(dl, t('pickupWindow'), windowText(pickup.window)
          + (pickup.attempt > 1 ? '（' + t('attempt', { attempt: pickup.attempt }) + '）' : ''), 'pickup-window');
      }
      if (pickup.courierName) {
        factRow(dl, t('courier'), pickup.courierName + (pickup.courierPhone ? ' ' + pickup.courierPhone : ''));
      }
      factRow(dl, t('pickupCode'), pickup.pickupCode || t('pickupCodeLater'), 'pickup-code');
    }

    const choiceBox = $('window-choice-box');
    choiceBox.hidden = !ret.windowChoice;
    if (ret.windowChoice) {
      const select = $('window-choice');
      const was = select.value;
      select.replaceChildren();
      ret.windowChoice.forEach((w) => select.add(new Option(windowText(w), w.start)));
      if (ret.windowChoice.some((w) => w.start === was)) {
        select.value = was;
      }
    }

    const list = $('timeline');
    list.replaceChildren();
    ret.timeline.forEach((step) => {
      const li = document.createElement('li');
      li.dataset.type = step.type;
      const time = document.createElement('time');
      time.dateTime = step.at;
      time.textContent = moment(step.at);
      li.append(time, document.createTextNode(t('step' + step.type)));
      list.append(li);
    });

    $('cancel-box').hidden = !ret.cancellable;
    if (!ret.cancellable) {
      $('cancel-confirm').hidden = true;
    }
    const closed = CLOSED.includes(ret.status);
    $('start-another').hidden = !(closed && state.order && state.order.returnsLeft > 0);
    if (announce || changed) {
      progress(t('updated', { status: t('status' + ret.status) }));
    }
  }

  function schedulePoll() {
    clearTimeout(state.poll);
    if (!state.ret || CLOSED.includes(state.ret.status)) {
      return;
    }
    const seconds = (state.order && state.order.pollSeconds) || 5;
    state.poll = setTimeout(async () => {
      try {
        renderReturn((await call('GET', '/return')).body, false);
      } catch (e) {
        // a poll that failed is tried again at the next turn; the page keeps what it showed
      }
      schedulePoll();
    }, seconds * 1000);
  }

  async function cancel() {
    const answer = await busy($('cancel-yes'), t('cancelling'), () => call('POST', '/return/cancellation', {}));
    $('cancel-confirm').hidden = true;
    if (answer) {
      renderReturn(answer.body, true);
      progress(t('cancelled'));
      schedulePoll();
    }
  }

  async function chooseWindow() {
    const start = $('window-choice').value;
    const answer = await busy($('choose-window'), t('choosingWindow'), () => call('POST', '/return/pickup-window',
      { start }));
    if (answer) {
      renderReturn(answer.body, false);
      progress(t('windowChosen'));
      schedulePoll();
    }
  }

  // ---------------------------------------------------------------------------------------------
  // start
  async function start() {
    // until the link says the buyer's language: the browser's
    state.lang = navigator.language && navigator.language.startsWith('en') ? 'en' : 'zh';
    applyLanguage();
    if (!token) {
      progress('');
      sayError(t('noToken'));
      return;
    }
    progress(t('loading'));
    try {
      state.order = (await call('GET', '')).body;
    } catch (e) {
      progress('');
      if (e instanceof Problem) {
        showError(e);
        return;
      }
      throw e;
    }
    if (state.order.language) {
      state.lang = state.order.language === 'en' ? 'en' : 'zh';
    }
    applyLanguage();
    progress('');
    if (state.order.returnId) {
      try {
        renderReturn((await call('GET', '/return')).body, false);
        show('return-view');
        schedulePoll();
        return;
      } catch (e) {
        // no return to follow after all: choose lines
      }
    }
    show('lines-view');
  }

  $('lang-toggle').addEventListener('click', () => {
    state.lang = state.lang === 'zh' ? 'en' : 'zh';
    applyLanguage();
  });
  $('to-quote').addEventListener('click', toQuote);
  $('quote-back').addEventListener('click', () => show('lines-view'));
  $('instant-exchange').addEventListener('change', requote);
  $('to-method').addEventListener('click', toMethod);
  document.querySelectorAll('input[name="method"]').forEach((r) => r.addEventListener('change', methodChanged));
  $('addr-city').addEventListener('change', loadWindows);
  $('store-city').addEventListener('change', loadStores);
  $('method-back').addEventListener('click', () => show('quote-view'));
  $('to-confirm').addEventListener('click', toConfirm);
  $('confirm-back').addEventListener('click', () => show('method-view'));
  $('confirm').addEventListener('click', confirm);
  $('cancel').addEventListener('click', () => {
    $('cancel-confirm').hidden = false;
    $('cancel-no').focus();
  });
  $('cancel-no').addEventListener('click', () => {
    $('cancel-confirm').hidden = true;
    $('cancel').focus();
  });
  $('cancel-yes').addEventListener('click', cancel);
  $('choose-window').addEventListener('click', chooseWindow);
  $('start-another').addEventListener('click', () => {
    clearTimeout(state.poll);
    state.ret = null;
    state.lastStatus = null;
    state.quote = null;
    state.resolutions = {};
    $('instant-exchange').checked = false;
    renderLines();
    show('lines-view');
  });
  window.addEventListener('hashchange', () => window.location.reload());
  start();
})();
