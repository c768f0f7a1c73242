/*
 * grounded chat widget (issue #4). One script tag, no framework:
 *   <script src="https://API/widget/widget.js" data-collection="col_…" data-token="wt_…" defer></script>
 * Optional: data-title, data-api (API base URL; default: where this script came from).
 * Streams answers from POST /v1/chat over SSE with fetch + ReadableStream (EventSource cannot
 * POST), shows citations as links to expandable quotes, retries lost connections.
 * Offers "Talk to a person" (issue #18) after an abstention, after a "Not helpful" rating, or when
 * the visitor asks for one; the collection's handoff setting says where the conversation goes.
 */
(() => {
  const script = document.currentScript;
  if (!script?.dataset.collection) {
    console.error('grounded widget: the script tag needs data-collection');
    return;
  }
  const scriptUrl = new URL(script.src, location.href);
  const api = (script.dataset.api || scriptUrl.origin).replace(/\/+$/, '');
  const collectionId = script.dataset.collection;
  const token = script.dataset.token || '';
  const title = script.dataset.title || 'Ask our documents';
  const storageKey = `grounded-widget:${api}:${collectionId}`;
  const MAX_RETRIES = 2;

  const el = (tag, props = {}, ...children) => {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(props)) {
      if (key === 'text') node.textContent = value;
      else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
      else if (value !== false && value !== undefined) node.setAttribute(key, value === true ? '' : value);
    }
    node.append(...children);
    return node;
  };

  const host = el('div', { 'data-grounded-widget': '' });
  const root = host.attachShadow({ mode: 'open' });
  const input = el('textarea', {
    id: 'gw-input',
    rows: '2',
    maxlength: '4000',
    placeholder: 'Type your question…',
  });
  const send = el('button', { type: 'submit', text: 'Send' });
  const log = el('div', {
    class: 'gw-log',
    role: 'log',
    'aria-live': 'polite',
    'aria-label': 'Conversation',
  });
  const status = el('p', { class: 'gw-status', role: 'status', 'aria-live': 'polite' });
  const closeButton = el('button', {
    type: 'button',
    class: 'gw-close',
    'aria-label': 'Close chat',
    text: '×',
  });
  const form = el(
    'form',
    { class: 'gw-form' },
    el('label', { for: 'gw-input', class: 'gw-sr', text: 'Your question' }),
    input,
    send,
  );
  const panel = el(
    'section',
    { id: 'gw-panel', class: 'gw-panel', role: 'dialog', 'aria-labelledby': 'gw-title', hidden: true },
    el('header', { class: 'gw-head' }, el('h2', { id: 'gw-title', text: title }), closeButton),
    log,
    status,
    form,
  );
  const bubble = el('button', {
    type: 'button',
    class: 'gw-bubble',
    'aria-label': 'Open chat',
    'aria-expanded': 'false',
    'aria-controls': 'gw-panel',
  });
  // An inline icon: emoji fonts are missing on many systems (and in headless browsers).
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('aria-hidden', 'true');
  const path = document.createElementNS('http://www.w3.org/2000/svg', 'path');
  path.setAttribute('d', 'M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2z');
  path.setAttribute('fill', 'currentColor');
  svg.append(path);
  bubble.append(svg);
  root.append(
    el('link', { rel: 'stylesheet', href: new URL('widget.css', scriptUrl).href }),
    el('div', { class: 'gw' }, bubble, panel),
  );

  let conversationId = sessionStorage.getItem(storageKey) || null;
  // This visitor's own id: the page's token is shared by every visitor, the conversations are not.
  const visitorKey = `${storageKey}:visitor`;
  const visitor =
    sessionStorage.getItem(visitorKey) ||
    Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
  sessionStorage.setItem(visitorKey, visitor);
  let busy = false;
  let answerCount = 0;

  const setOpen = (open) => {
    panel.hidden = !open;
    bubble.setAttribute('aria-expanded', String(open));
    bubble.setAttribute('aria-label', open ? 'Close chat' : 'Open chat');
    if (open) input.focus();
    else bubble.focus();
  };
  bubble.addEventListener('click', () => setOpen(panel.hidden));
  closeButton.addEventListener('click', () => setOpen(false));
  panel.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      setOpen(false);
    }
  });
  input.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      form.requestSubmit();
    }
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const question = input.value.trim();
    if (!question || busy) return;
    input.value = '';
    log.append(el('div', { class: 'gw-msg gw-user', text: question }));
    void ask(question);
  });

  const scrollDown = () => {
    log.scrollTop = log.scrollHeight;
  };
  const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

  class HttpError extends Error {
    constructor(status, code, message, retryAfter) {
      super(message);
      this.status = status;
      this.code = code;
      // A conversation that is gone (deleted, or a new token) is restarted at once.
      this.retryable = status === 429 || status >= 500 || code === 'conversation_not_found';
      this.retryAfter = retryAfter;
    }
  }

  /** One answer bubble: streamed text, then citations and feedback buttons. */
  function answerView() {
    const id = `gw-a${++answerCount}`;
    const text = el('div', { class: 'gw-text' });
    const sources = el('ol', { class: 'gw-sources', 'aria-label': 'Sources' });
    const node = el('div', { class: 'gw-msg gw-bot', 'aria-busy': 'true' }, text, sources);
    log.append(node);
    const cited = new Map();
    return {
      node,
      append(delta) {
        text.textContent += delta;
        scrollDown();
      },
      reset() {
        text.textContent = '';
        sources.replaceChildren();
        cited.clear();
      },
      cite(citation) {
        if (cited.has(citation.number)) return;
        const label = `[${citation.number}] ${citation.documentTitle || 'Source'}${citation.page ? `, page ${citation.page}` : ''}`;
        const details = el(
          'details',
          { id: `${id}-s${citation.number}` },
          el('summary', { text: label }),
          el('blockquote', { text: citation.quote }),
        );
        cited.set(citation.number, details);
        sources.append(el('li', {}, details));
      },
      /** Final text: the asked fact in bold, and every [n] a link that opens and focuses its quote. */
      finish(end) {
        node.setAttribute('aria-busy', 'false');
        text.replaceChildren();
        const fact = (end.highlights || [])[0];
        const plain = (from, to) => {
          if (!fact || fact.end <= from || fact.start >= to) return text.append(end.answer.slice(from, to));
          text.append(end.answer.slice(from, Math.max(from, fact.start)));
          text.append(
            el('strong', {
              class: 'gw-fact',
              text: end.answer.slice(Math.max(from, fact.start), Math.min(to, fact.end)),
            }),
          );
          text.append(end.answer.slice(Math.min(to, fact.end), to));
        };
        const marker = /\[(\d+(?:\s*,\s*\d+)*)\]/g;
        let last = 0;
        for (const match of end.answer.matchAll(marker)) {
          plain(last, match.index);
          for (const n of match[1].split(',').map((x) => Number(x.trim()))) {
            const target = cited.get(n);
            if (!target) continue;
            text.append(
              el('a', {
                href: `#${target.id}`,
                class: 'gw-cite',
                'aria-label': `Source ${n}`,
                text: `[${n}]`,
                onclick: (event) => {
                  event.preventDefault();
                  target.open = true;
                  target.querySelector('summary').focus();
                  target.scrollIntoView({ block: 'nearest' });
                },
              }),
            );
          }
          last = match.index + match[0].length;
        }
        plain(last, end.answer.length);
        if (end.messageId) node.append(feedbackButtons(end.messageId));
        if (end.abstained) offerHandoff('abstained');
        scrollDown();
      },
    };
  }

  function feedbackButtons(messageId) {
    const rate = (rating, button, other) => async () => {
      button.setAttribute('aria-pressed', 'true');
      other.setAttribute('aria-pressed', 'false');
      try {
        await fetch(`${api}/v1/messages/${encodeURIComponent(messageId)}/feedback`, {
          method: 'POST',
          headers: headers(),
          body: JSON.stringify({ rating }),
        });
        status.textContent = 'Thank you for the feedback.';
      } catch {
        status.textContent = 'The feedback could not be sent.';
      }
      if (rating === 'down') offerHandoff('negative_feedback');
    };
    const up = el('button', { type: 'button', 'aria-pressed': 'false', text: 'Helpful' });
    const down = el('button', { type: 'button', 'aria-pressed': 'false', text: 'Not helpful' });
    up.addEventListener('click', rate('up', up, down));
    down.addEventListener('click', rate('down', down, up));
    return el('div', { class: 'gw-actions' }, up, down);
  }

  /** "I want to talk to a person", "can I speak to a human agent?", "real person please". */
  const PERSON =
    /\b(talk|speak|chat|connect)\b.{0,30}\b(person|human|agent|someone|representative|staff)\b|\b(real person|human agent|live agent|live chat)\b/i;
  const wantsPerson = (question) => PERSON.test(question);

  /** One offer at a time; a new reason replaces an older offer that was not taken. */
  let offer = null;
  function offerHandoff(reason) {
    if (!conversationId) return;
    if (offer?.isConnected && !offer.dataset.done) offer.remove();
    const button = el('button', { type: 'button', class: 'gw-handoff-button', text: 'Talk to a person' });
    const text = el('div', {
      text:
        reason === 'customer_request'
          ? 'You can talk to a person about this.'
          : 'Not what you needed? You can talk to a person.',
    });
    offer = el(
      'div',
      { class: 'gw-msg gw-handoff', role: 'group', 'aria-label': 'Talk to a person' },
      text,
      button,
    );
    button.addEventListener('click', () => void handOff(reason, offer, button));
    log.append(offer);
    scrollDown();
  }

  async function handOff(reason, box, button) {
    button.disabled = true;
    status.textContent = 'Contacting a person…';
    let body = {};
    let ok = false;
    try {
      const response = await fetch(`${api}/v1/conversations/${encodeURIComponent(conversationId)}/handoff`, {
        method: 'POST',
        headers: headers(),
        body: JSON.stringify({ reason }),
      });
      body = await response.json().catch(() => ({}));
      ok = response.ok;
    } catch {
      body = {};
    }
    status.textContent = '';
    const result = el('div', { role: 'status', class: 'gw-handoff-result' });
    if (!ok) {
      result.textContent =
        body.error?.code === 'handoff_not_configured'
          ? 'No one can take over this chat here. Please use the contact details on this site.'
          : 'The request could not be sent. Please try again.';
      button.disabled = body.error?.code === 'handoff_not_configured';
    } else if (body.channel === 'url') {
      result.append(
        'Continue with a person here: ',
        el('a', { href: body.url, target: '_blank', rel: 'noopener noreferrer', text: 'contact page' }),
      );
    } else if (body.channel === 'email') {
      const href = `mailto:${body.email.address}?subject=${encodeURIComponent(body.email.subject)}`;
      result.append('Write to a person: ', el('a', { href, text: body.email.address }));
    } else {
      result.textContent = 'A person has been asked to take over this conversation and will contact you.';
    }
    if (ok) box.dataset.done = 'true';
    box.append(result);
    scrollDown();
  }

  function headers() {
    return {
      'content-type': 'application/json',
      accept: 'text/event-stream',
      'x-widget-visitor': visitor,
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    };
  }

  /** Parses an SSE byte stream into { event, data } objects; comment lines (heartbeats) are skipped. */
  async function* sseEvents(body) {
    const reader = body.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      buffer += decoder.decode(value, { stream: true });
      let boundary = buffer.search(/\r?\n\r?\n/);
      while (boundary >= 0) {
        const block = buffer.slice(0, boundary);
        buffer = buffer.slice(boundary).replace(/^\r?\n\r?\n/, '');
        let event = 'message';
        const data = [];
        for (const line of block.split(/\r?\n/)) {
          if (line.startsWith(':')) continue;
          if (line.startsWith('event:')) event = line.slice(6).trim();
          else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
        }
        if (data.length > 0) yield { event, data: JSON.parse(data.join('\n')) };
        boundary = buffer.search(/\r?\n\r?\n/);
      }
    }
  }

  async function streamOnce(question, view) {
    const response = await fetch(`${api}/v1/chat`, {
      method: 'POST',
      headers: headers(),
      body: JSON.stringify({
        collectionId,
        message: question,
        ...(conversationId ? { conversationId } : {}),
      }),
    });
    if (!response.ok || !response.body) {
      const body = await response.json().catch(() => ({}));
      const error = body.error || {};
      // A conversation that no longer exists (deleted, expired) is simply started afresh.
      if (error.code === 'conversation_not_found') {
        conversationId = null;
        sessionStorage.removeItem(storageKey);
      }
      throw new HttpError(
        response.status,
        error.code || 'http_error',
        error.message || `The service answered ${response.status}.`,
        Number(response.headers.get('retry-after')) || 0,
      );
    }
    for await (const { event, data } of sseEvents(response.body)) {
      if (event === 'answer-delta') view.append(data.text);
      else if (event === 'citation-added') view.cite(data.citation);
      else if (event === 'error') throw new HttpError(data.status || 500, data.code, data.message, 0);
      else if (event === 'answer-end') {
        if (data.conversationId) {
          conversationId = data.conversationId;
          sessionStorage.setItem(storageKey, conversationId);
        }
        view.finish(data);
        return;
      }
    }
    // The stream ended without answer-end: the connection was cut.
    throw new TypeError('the connection was interrupted');
  }

  async function ask(question) {
    busy = true;
    send.disabled = true;
    status.textContent = 'Answering…';
    const view = answerView();
    for (let attempt = 0; ; attempt++) {
      try {
        await streamOnce(question, view);
        status.textContent = '';
        if (wantsPerson(question)) offerHandoff('customer_request');
        break;
      } catch (error) {
        const retryable = error instanceof TypeError || (error instanceof HttpError && error.retryable);
        if (retryable && attempt < MAX_RETRIES) {
          const wait = Math.max((error.retryAfter || 0) * 1000, 1000 * 2 ** attempt);
          status.textContent = `Connection problem; retrying in ${Math.round(wait / 1000)} s…`;
          await sleep(wait);
          view.reset();
          continue;
        }
        view.node.remove();
        showError(question, error);
        break;
      }
    }
    busy = false;
    send.disabled = false;
  }

  function showError(question, error) {
    const message =
      error instanceof HttpError
        ? error.message
        : 'The connection to the service failed. Check your network.';
    status.textContent = '';
    const retry = el('button', { type: 'button', class: 'gw-retry', text: 'Retry' });
    const box = el('div', { class: 'gw-msg gw-error', role: 'alert' }, el('div', { text: message }), retry);
    retry.addEventListener('click', () => {
      box.remove();
      void ask(question);
    });
    log.append(box);
    scrollDown();
    // Back online: try again without waiting for a click.
    if (!navigator.onLine)
      window.addEventListener('online', () => box.isConnected && retry.click(), { once: true });
  }

  const mount = () => document.body.append(host);
  if (document.body) mount();
  else document.addEventListener('DOMContentLoaded', mount);
})();
