/*
 * grounded admin console (issue #18). Plain DOM, no build step. The key lives in this tab's
 * sessionStorage and travels only in the Authorization header, never in a URL. Everything shown
 * comes from the API as the key's role and principals allow; text is always set as text.
 */
(() => {
  const KEY = 'grounded-admin:key';
  const $ = (selector) => document.querySelector(selector);
  const el = (tag, props = {}, ...children) => {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(props)) {
      if (key === 'text') node.textContent = value;
      else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
      else if (value !== false && value !== undefined && value !== null)
        node.setAttribute(key, value === true ? '' : value);
    }
    node.append(...children);
    return node;
  };
  const status = (text, isError = false) => {
    const node = $('#status');
    node.textContent = text;
    node.classList.toggle('error', isError);
  };
  const when = (iso) => (iso ? new Date(iso).toLocaleString() : '');

  let me = null;

  class ApiError extends Error {
    constructor(status, code, message) {
      super(message);
      this.status = status;
      this.code = code;
    }
  }

  async function api(path, options = {}) {
    const key = sessionStorage.getItem(KEY);
    const headers = { authorization: `Bearer ${key}`, ...(options.headers || {}) };
    let body = options.body;
    if (body !== undefined && !(body instanceof FormData)) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(body);
    }
    const response = await fetch(path, { method: options.method || 'GET', headers, body });
    const data = await response.json().catch(() => ({}));
    if (!response.ok) {
      if (response.status === 401) signOut('The key was refused; sign in again.');
      const error = data.error || {};
      throw new ApiError(
        response.status,
        error.code || 'http_error',
        error.message || `HTTP ${response.status}`,
      );
    }
    return data;
  }

  const guard =
    (fn) =>
    async (...args) => {
      try {
        await fn(...args);
      } catch (error) {
        status(error.message || String(error), true);
      }
    };

  // ---- sign-in ----
  async function signIn(key) {
    sessionStorage.setItem(KEY, key);
    try {
      me = await api('/v1/me');
    } catch (error) {
      sessionStorage.removeItem(KEY);
      throw error;
    }
    $('#sign-in').hidden = true;
    $('#app').hidden = false;
    $('#sign-out').hidden = false;
    $('#who').textContent = `Signed in as ${me.role} (tenant ${me.tenantId}${
      me.principals ? `; groups: ${me.principals.join(', ') || 'none'}` : ''
    })`;
    for (const node of document.querySelectorAll('[data-admin-only]')) node.hidden = me.role !== 'admin';
    await loadCollections();
    show('collections');
  }

  function signOut(message) {
    sessionStorage.removeItem(KEY);
    me = null;
    $('#app').hidden = true;
    $('#sign-out').hidden = true;
    $('#sign-in').hidden = false;
    $('#who').textContent = '';
    $('#key').value = '';
    status(message || 'Signed out.');
    $('#key').focus();
  }

  $('#sign-in').addEventListener('submit', async (event) => {
    event.preventDefault();
    $('#sign-in-error').textContent = '';
    try {
      await signIn($('#key').value.trim());
      status('Signed in.');
      $('#main').focus();
    } catch (error) {
      $('#sign-in-error').textContent =
        error.status === 403 ? 'This key may not use the console (admin or agent keys only).' : error.message;
    }
  });
  $('#sign-out').addEventListener('click', () => signOut());

  // ---- sections ----
  const loaders = {
    // The policy form reloads only when the collection or section changes, not after an upload.
    collections: () => Promise.all([loadDocuments(), loadPolicy()]),
    chat: async () => undefined,
    conversations: () => loadConversations(),
    gaps: () => loadGaps(),
    batches: () => loadBatches(),
    audit: () => loadAudit(),
  };
  let current = 'collections';
  function show(name) {
    current = name;
    for (const button of document.querySelectorAll('.tabs button')) {
      if (button.dataset.section === name) button.setAttribute('aria-current', 'page');
      else button.removeAttribute('aria-current');
    }
    for (const section of Object.keys(loaders)) $(`#section-${section}`).hidden = section !== name;
    void guard(loaders[name])();
  }
  for (const button of document.querySelectorAll('.tabs button')) {
    button.addEventListener('click', () => {
      show(button.dataset.section);
      $(`#${button.dataset.section}-title`).setAttribute('tabindex', '-1');
      $(`#${button.dataset.section}-title`).focus();
    });
  }
  const collectionId = () => $('#collection').value;
  $('#collection').addEventListener('change', () => show(current));

  // ---- collections and documents ----
  async function loadCollections(select) {
    const { items } = await api('/v1/collections?limit=200');
    const picker = $('#collection');
    const keep = select || picker.value;
    picker.replaceChildren(...items.map((c) => el('option', { value: c.id, text: `${c.name} (${c.id})` })));
    if (keep && items.some((c) => c.id === keep)) picker.value = keep;
  }

  $('#new-collection').addEventListener(
    'submit',
    guard(async (event) => {
      event.preventDefault();
      const name = $('#new-collection-name').value.trim();
      const made = await api('/v1/collections', { method: 'POST', body: { name } });
      $('#new-collection-name').value = '';
      await loadCollections(made.id);
      status(`Collection ${made.name} created.`);
      await loaders.collections();
    }),
  );

  // ---- guardrail policy (PATCH /v1/collections/:id/settings) ----
  const CHECKS = ['injection', 'toxicity'];
  // The policy as loaded, and the collection it belongs to: a save never writes one collection's
  // policy onto another that was picked while it loaded.
  let policy = {};
  let policyOf = null;
  /** What a check does when the policy names no mode: injection follows the older blockInjection. */
  const defaultMode = (check) =>
    check === 'injection' && policy.blockInjection === false ? 'warn' : 'block';

  async function loadPolicy() {
    const id = collectionId();
    if (!id || me.role !== 'admin') return;
    policyOf = null;
    // Disabled until this collection's policy is in the form: no edit is overwritten by the load,
    // and no save can carry another collection's policy.
    $('#policy-fields').disabled = true;
    const collection = await api(`/v1/collections/${encodeURIComponent(id)}`);
    if (collectionId() !== id) return;
    policy = collection.settings.guardrails || {};
    policyOf = id;
    for (const check of CHECKS) {
      const rule = policy.checks?.[check] || {};
      $(`#policy-${check}-mode option[value=""]`).textContent = `default (${defaultMode(check)})`;
      $(`#policy-${check}-mode`).value = rule.mode || '';
      $(`#policy-${check}-threshold`).value = rule.threshold === undefined ? '' : String(rule.threshold);
    }
    $('#policy-fields').disabled = false;
  }

  $('#policy').addEventListener(
    'submit',
    guard(async (event) => {
      event.preventDefault();
      const id = collectionId();
      // The fields are disabled until the policy loads; this guards a collection switch mid-save.
      if (policyOf !== id) return;
      // The other fields of the policy (PII, groundedness, document injection) are kept as they are.
      const checks = { ...(policy.checks || {}) };
      for (const check of CHECKS) {
        const mode = $(`#policy-${check}-mode`).value;
        const threshold = $(`#policy-${check}-threshold`).value;
        if (!mode && threshold === '') delete checks[check];
        // A threshold alone keeps the check's default mode (the API would otherwise fill in block).
        else
          checks[check] = {
            mode: mode || defaultMode(check),
            ...(threshold === '' ? {} : { threshold: Number(threshold) }),
          };
      }
      const { checks: _old, ...rest } = policy;
      const next = Object.keys(checks).length ? { ...rest, checks } : rest;
      await api(`/v1/collections/${encodeURIComponent(id)}/settings`, {
        method: 'PATCH',
        body: { guardrails: Object.keys(next).length ? next : null },
      });
      await loadPolicy();
      status('Guardrail policy saved.');
    }),
  );

  async function loadDocuments() {
    if (!collectionId()) return;
    const { items } = await api(`/v1/collections/${encodeURIComponent(collectionId())}/documents?limit=200`);
    $('#documents tbody').replaceChildren(
      ...items.map((doc) => {
        const name =
          doc.title && doc.filename ? `${doc.title} (${doc.filename})` : doc.title || doc.filename || doc.id;
        return el(
          'tr',
          { 'data-document': doc.id },
          el('td', { text: name }),
          el('td', {}, el('span', { class: `badge ${doc.status}`, text: doc.status })),
          el('td', { text: doc.error ? `${doc.error.code}: ${doc.error.message}` : '' }),
          el('td', { text: when(doc.updatedAt) }),
          el(
            'td',
            {},
            el('button', {
              type: 'button',
              text: 'Replace',
              'aria-label': `Replace ${name}`,
              onclick: () => {
                replaceTarget = { id: doc.id, name };
                $('#replace-file').click();
              },
            }),
            ' ',
            el('button', {
              type: 'button',
              text: 'Delete',
              'aria-label': `Delete ${name}`,
              onclick: guard(() => deleteDocument(doc.id, name)),
            }),
          ),
        );
      }),
    );
    if (items.length === 0) {
      $('#documents tbody').append(el('tr', {}, el('td', { colspan: '5', text: 'No documents yet.' })));
    }
    return items;
  }

  async function deleteDocument(id, name) {
    const receipt = await api(
      `/v1/collections/${encodeURIComponent(collectionId())}/documents/${encodeURIComponent(id)}`,
      { method: 'DELETE' },
    );
    $('#receipt').hidden = false;
    $('#receipt pre').textContent = JSON.stringify(receipt, null, 2);
    status(`${name} deleted: ${receipt.chunksRemoved.length} chunks removed.`);
    await loadDocuments();
  }

  /** Polls the document list until the document is ready or failed. */
  async function followIngestion(documentId, label) {
    for (let i = 0; i < 120; i++) {
      const docs = await loadDocuments();
      const doc = docs.find((d) => d.id === documentId);
      if (!doc || doc.status === 'ready' || doc.status === 'failed') {
        status(`${label}: ${doc ? doc.status : 'gone'}.`, doc?.status === 'failed');
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }

  let replaceTarget = null;
  $('#replace-file').addEventListener(
    'change',
    guard(async () => {
      const file = $('#replace-file').files[0];
      const target = replaceTarget;
      if (!file || !target) return;
      const form = new FormData();
      form.append('file', file, file.name);
      status(`Replacing ${target.name}…`);
      await api(
        `/v1/collections/${encodeURIComponent(collectionId())}/documents/${encodeURIComponent(target.id)}`,
        {
          method: 'PUT',
          body: form,
        },
      );
      $('#replace-file').value = '';
      await followIngestion(target.id, `${target.name} replaced`);
    }),
  );

  $('#upload').addEventListener(
    'submit',
    guard(async (event) => {
      event.preventDefault();
      const file = $('#upload-file').files[0];
      if (!file) return;
      const form = new FormData();
      form.append('file', file, file.name);
      status(`Uploading ${file.name}…`);
      const outcome = await api(`/v1/collections/${encodeURIComponent(collectionId())}/documents`, {
        method: 'POST',
        body: form,
      });
      $('#upload-file').value = '';
      status(
        outcome.duplicate
          ? `${file.name} is already in the collection.`
          : `${file.name} uploaded; ingesting…`,
      );
      // Follow the ingestion until the document is ready or failed.
      for (let i = 0; i < 120; i++) {
        const docs = await loadDocuments();
        const doc = docs.find((d) => d.id === outcome.document.id);
        if (!doc || doc.status === 'ready' || doc.status === 'failed') {
          status(`${file.name}: ${doc ? doc.status : 'gone'}.`, doc?.status === 'failed');
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    }),
  );

  // ---- test chat ----
  function withHighlights(answer, highlights) {
    const node = $('#answer .answer-text');
    node.replaceChildren();
    let at = 0;
    for (const h of [...(highlights || [])].sort((a, b) => a.start - b.start)) {
      if (h.start < at) continue;
      node.append(answer.slice(at, h.start), el('mark', { text: answer.slice(h.start, h.end) }));
      at = h.end;
    }
    node.append(answer.slice(at));
  }

  $('#chat').addEventListener(
    'submit',
    guard(async (event) => {
      event.preventDefault();
      const message = $('#question').value.trim();
      if (!message) return;
      status('Asking…');
      const end = await api('/v1/chat', { method: 'POST', body: { collectionId: collectionId(), message } });
      const box = $('#answer');
      box.hidden = false;
      withHighlights(end.answer, end.highlights);
      $('#answer .answer-meta').textContent = [
        end.abstained ? 'Abstained: the documents do not contain the answer.' : 'Answered.',
        `Generator: ${end.generator}.`,
        `Conversation ${end.conversationId}.`,
      ].join(' ');
      $('#answer .citations').replaceChildren(
        ...end.citations.map((c) =>
          el(
            'li',
            { value: String(c.number) },
            el('strong', { text: `${c.documentTitle || c.documentId}${c.page ? `, page ${c.page}` : ''}` }),
            el('blockquote', { text: c.quote }),
          ),
        ),
      );
      if (end.citations.length === 0) $('#answer .citations').append(el('li', { text: 'No citations.' }));
      const g = end.guardrails || { removed: [], blocked: null, sentencesChecked: 0 };
      $('#answer .guardrails').replaceChildren(
        el('li', {
          text: `Input: ${g.blocked ? `blocked by ${g.blocked.check} (${g.blocked.reason})` : 'passed'}`,
        }),
        el('li', {
          text: `Output: ${g.sentencesChecked} sentences checked, ${g.removed.length} removed`,
        }),
        ...g.removed.map((r) =>
          el('li', { text: `Sentence ${r.index + 1} removed by ${r.check}: ${r.reason} (score ${r.score})` }),
        ),
      );
      status(end.abstained ? 'The assistant abstained.' : 'Answered.');
    }),
  );

  // ---- conversations ----
  async function loadInsights() {
    const query = collectionId() ? `?collectionId=${encodeURIComponent(collectionId())}` : '';
    const report = await api(`/v1/insights/conversations${query}`);
    const { csat } = report;
    $('#insights .csat').textContent =
      csat.score === null
        ? 'CSAT: no ratings yet.'
        : `CSAT: ${Math.round(csat.score * 100)}% satisfied (${csat.satisfied} of ${csat.ratings} ratings; ${csat.dissatisfied} rated down).`;
    $('#insights .volumes tbody').replaceChildren(
      ...report.volumes.map((v) =>
        el(
          'tr',
          {},
          el('th', { scope: 'row', text: v.day }),
          el('td', { text: String(v.conversations) }),
          el('td', { text: String(v.questions) }),
          el('td', { text: String(v.abstained) }),
        ),
      ),
    );
    $('#insights .top-questions').replaceChildren(
      ...report.topQuestions.map((q) =>
        el('li', { text: `${q.question} (${q.count}×${q.abstained ? `, ${q.abstained} unanswered` : ''})` }),
      ),
    );
    return new Map(report.sentiment.map((s) => [s.conversationId, s]));
  }

  async function loadConversations() {
    const sentiments = await loadInsights();
    const { items } = await api('/v1/conversations?limit=50');
    const mine = items.filter((c) => !collectionId() || c.collectionId === collectionId());
    $('#conversations tbody').replaceChildren(
      ...mine.map((c) =>
        el(
          'tr',
          {},
          el('td', { text: c.title || c.id }),
          el('td', { text: String(c.messageCount) }),
          el('td', { text: when(c.createdAt) }),
          el(
            'td',
            {},
            sentiments.has(c.id)
              ? el('span', { class: `badge ${sentiments.get(c.id).label}`, text: sentiments.get(c.id).label })
              : '',
          ),
          el(
            'td',
            {},
            el('button', {
              type: 'button',
              text: 'Open',
              'aria-label': `Open conversation ${c.title || c.id}`,
              onclick: guard(() => openConversation(c)),
            }),
          ),
        ),
      ),
    );
    if (mine.length === 0) {
      $('#conversations tbody').append(el('tr', {}, el('td', { colspan: '5', text: 'No conversations.' })));
    }
  }

  async function openConversation(conversation) {
    const { messages } = await api(`/v1/conversations/${encodeURIComponent(conversation.id)}?limit=200`);
    const asked = messages.filter((m) => m.role === 'user' && !m.withheld);
    // The project's own classifiers, as the sentiment batches use them.
    const sentiment =
      asked.length === 0
        ? { results: [] }
        : await api('/v1/sentiment', { method: 'POST', body: { texts: asked.map((m) => m.content) } });
    const byMessage = new Map(asked.map((m, i) => [m.id, sentiment.results[i]]));
    const box = $('#conversation');
    box.hidden = false;
    $('#conversation-title').textContent = `Conversation: ${conversation.title || conversation.id}`;
    const scores = sentiment.results.map((r) => r.score);
    const mean = scores.length ? scores.reduce((a, b) => a + b, 0) / scores.length : 0;
    const overall = mean < -0.2 ? 'negative' : mean > 0.2 ? 'positive' : 'neutral';
    $('#conversation .sentiment-overall').replaceChildren(
      'Customer sentiment: ',
      el('span', { class: `badge ${overall}`, text: `${overall} (${mean.toFixed(2)})` }),
    );
    $('#conversation .messages').replaceChildren(
      ...messages.map((m) => {
        const s = byMessage.get(m.id);
        return el(
          'li',
          {},
          el('strong', { text: m.role === 'user' ? 'Customer: ' : 'Assistant: ' }),
          m.content,
          s ? el('span', { class: `badge ${s.label}`, text: ` ${s.label} ` }) : '',
          m.abstained ? el('span', { class: 'badge', text: 'abstained' }) : '',
        );
      }),
    );
    $('#conversation-title').setAttribute('tabindex', '-1');
    $('#conversation-title').focus();
  }

  // ---- gaps ----
  async function loadGaps() {
    const query = collectionId() ? `?collectionId=${encodeURIComponent(collectionId())}` : '';
    const report = await api(`/v1/insights/gaps${query}`);
    $('#gaps tbody').replaceChildren(
      ...report.clusters.map((c) =>
        el(
          'tr',
          { 'data-gap': c.id },
          el('th', { scope: 'row', text: c.label }),
          el('td', { text: String(c.count) }),
          el('td', { text: String(c.abstained) }),
          el('td', { text: String(c.negativeFeedback) }),
          el('td', { text: when(c.lastAskedAt) }),
          el('td', {}, el('ul', {}, ...c.examples.map((e) => el('li', { text: e.question })))),
          el(
            'td',
            {},
            el('ul', {}, ...c.nearestDocuments.map((d) => el('li', { text: d.title || d.documentId }))),
          ),
        ),
      ),
    );
    if (report.clusters.length === 0) {
      $('#gaps tbody').append(
        el('tr', {}, el('td', { colspan: '7', text: 'No gaps: every question was answered.' })),
      );
    }
    status(`${report.clusters.length} gaps from ${report.questions} questions.`);
  }
  $('#gaps-refresh').addEventListener('click', guard(loadGaps));

  // ---- sentiment batches ----
  async function loadBatches() {
    const { items } = await api('/v1/sentiment/batches?limit=50');
    $('#batches tbody').replaceChildren(
      ...items.map((b) => {
        const p = b.progress;
        return el(
          'tr',
          { 'data-batch': b.id },
          el('th', { scope: 'row', text: b.id }),
          el(
            'td',
            {},
            el('span', { class: `badge ${b.status === 'succeeded' ? 'ready' : b.status}`, text: b.status }),
          ),
          el(
            'td',
            {},
            el('progress', {
              max: String(Math.max(1, p.rowsTotal)),
              value: String(p.rowsDone),
              'aria-label': `Batch ${b.id} progress`,
            }),
            ` ${p.rowsDone} of ${p.rowsTotal} rows`,
          ),
          el(
            'td',
            {},
            el('button', {
              type: 'button',
              text: 'Export CSV',
              'aria-label': `Export batch ${b.id} as CSV`,
              disabled: b.status !== 'succeeded',
              onclick: guard(() => exportBatch(b.id)),
            }),
          ),
        );
      }),
    );
    if (items.length === 0) {
      $('#batches tbody').append(el('tr', {}, el('td', { colspan: '4', text: 'No batches yet.' })));
    }
    return items;
  }

  /** Downloads need the key, so they are fetched and handed to the browser as a file. */
  async function download(path, filename) {
    const response = await fetch(path, {
      headers: { authorization: `Bearer ${sessionStorage.getItem(KEY)}` },
    });
    if (!response.ok) throw new Error(`The download failed (HTTP ${response.status}).`);
    const url = URL.createObjectURL(await response.blob());
    const link = el('a', { href: url, download: filename });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }

  async function exportBatch(id) {
    await download(`/v1/sentiment/batches/${encodeURIComponent(id)}/export`, `${id}.csv`);
    status(`Batch ${id} exported.`);
  }

  // ---- audit and feedback ----
  $('#export-sft').addEventListener(
    'click',
    guard(() => download('/v1/feedback/export?format=sft', 'feedback-sft.jsonl')),
  );
  $('#export-dpo').addEventListener(
    'click',
    guard(() => download('/v1/feedback/export?format=dpo', 'feedback-dpo.jsonl')),
  );

  async function loadAudit() {
    const admin = me?.role === 'admin';
    $('#audit-note').hidden = admin;
    $('#audit').hidden = !admin;
    if (!admin) return;
    const { items } = await api('/v1/guardrails/audit?limit=100');
    $('#audit tbody').replaceChildren(
      ...items.map((a) =>
        el(
          'tr',
          {},
          el('td', { text: when(a.createdAt) }),
          el('td', { text: a.check }),
          el('td', { text: a.action }),
          el('td', { text: a.subject }),
          el('td', { text: a.reason }),
          el('td', { text: String(Math.round(a.score * 1000) / 1000) }),
        ),
      ),
    );
    if (items.length === 0)
      $('#audit tbody').append(el('tr', {}, el('td', { colspan: '6', text: 'No verdicts yet.' })));
  }

  $('#batch-upload').addEventListener(
    'submit',
    guard(async (event) => {
      event.preventDefault();
      const file = $('#batch-file').files[0];
      if (!file) return;
      const form = new FormData();
      // Fields first: the server streams the file part as soon as it starts.
      form.append('textColumn', $('#batch-column').value.trim());
      form.append('file', file, file.name);
      const batch = await api('/v1/sentiment/batches', { method: 'POST', body: form });
      $('#batch-file').value = '';
      status(`Batch ${batch.id} started.`);
      for (let i = 0; i < 240; i++) {
        const items = await loadBatches();
        const now = items.find((b) => b.id === batch.id);
        if (!now || ['succeeded', 'failed', 'cancelled'].includes(now.status)) {
          status(`Batch ${batch.id}: ${now ? now.status : 'gone'}.`, now?.status === 'failed');
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    }),
  );

  // A key from earlier in this tab's session.
  const saved = sessionStorage.getItem(KEY);
  if (saved) void signIn(saved).catch(() => signOut('Sign in again.'));
  else $('#key').focus();
})();
