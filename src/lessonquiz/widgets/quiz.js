// The quiz's page code (anywidget ESM, no build step, nothing from the network).
//
// One model per quiz: `questions` (key-free views), `states` (per question: the student's
// answer, status, feedback, explanation once due), `progress`, `warning`. A Check sends ONE
// custom message holding the answer; Python grades it, updates `states`, then replies
// {kind: "done"}. Until then that Check button stays disabled, so one answer is one attempt.
// This file is one piece (about 500 lines) because every question type shares the same frame,
// the same message round trip and the same keyboard guard; splitting it would need a loader.

const PLACEHOLDER = "— choose —";
const REPLY_MS = 8000;
const PING_MS = 4000;   // a ping not answered by then: the kernel is gone or busy
const QUIET_MS = 1000;  // at most one ping a second, however many clicks (later, not never)
const OFFLINE =
  "Not connected to the kernel: answers cannot be checked or saved now. To reconnect, run " +
  "this cell again (Shift+Enter); in an app without code cells (Voilà), reload the page. " +
  "Your answers stay on screen until you do.";
let made = 0;

// Keys typed inside a quiz must never reach the notebook (ArrowDown moving to the next cell,
// "d d" deleting it). JupyterLab listens on the document in the bubbling phase, Notebook 7 in
// the capture phase (Lumino's default), so the guard listens earlier than both: on the window,
// capturing. It hands the key to the quiz's own handler, then stops it; the browser's own
// action (moving a radio, typing, choosing in a select, pressing a button) still happens.
// In a written answer's textarea only Tab and Escape (leaving it) pass: Enter and Shift+Enter
// are a new line there, never "run the cell" or a Submit.
function passes(event) {
  if (event.target instanceof Element && event.target.closest("textarea.lq-written-box")) {
    return event.key === "Tab" || event.key === "Escape";
  }
  return event.key === "Tab" || event.key === "Escape" || event.ctrlKey || event.metaKey ||
    (event.key === "Enter" && (event.shiftKey || event.altKey));
}
function guardKeys() {
  if (window.__lessonquizKeys) return;
  window.__lessonquizKeys = true;
  window.addEventListener("keydown", (event) => {
    const target = event.target;
    const quiz = target instanceof Element ? target.closest(".lq-quiz") : null;
    if (!quiz || passes(event)) return;
    if (quiz.__lqOnKey) quiz.__lqOnKey(event);
    event.stopPropagation();
  }, true);
}

function make(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}
// Disabled in name only (aria-disabled), so a focused button keeps the focus while a Check
// is in flight; the click handlers look at the attribute.
function enable(node, on) {
  node.setAttribute("aria-disabled", String(!on));
}
// innerHTML only when it changes: a first paint of 50 questions would otherwise parse 200
// empty strings, and every Check would re-parse every other question's feedback.
function setHTML(node, html) {
  if (node.__lqHtml === html) return;
  node.__lqHtml = html;
  node.innerHTML = html;
}
function setText(node, text) {
  if (node.textContent !== text) node.textContent = text;
}
function button(text, className, label) {
  const b = make("button", `lq-button ${className}`, text);
  b.type = "button";
  if (label) b.setAttribute("aria-label", label);
  return b;
}

// -- inputs: build(q, id) -> {node, read() -> wire, write(wire), touched} ----------------------

function choiceInput(q, id, multiple) {
  const group = make("div", "lq-choices");
  group.setAttribute("role", multiple ? "group" : "radiogroup");
  group.setAttribute("aria-labelledby", `${id}-prompt`);
  const boxes = q.choices.map((text, i) => {
    const label = make("label", "lq-choice");
    const box = make("input");
    box.type = multiple ? "checkbox" : "radio";
    box.name = `${id}-choice`;
    box.value = String(i);
    label.append(box, make("span", "lq-choice-text", text));
    group.append(label);
    return box;
  });
  const node = make("div", "lq-input");
  if (multiple) node.append(make("div", "lq-input-hint", "Tick every answer that applies."));
  node.append(group);
  return {
    node,
    read: () => {
      const on = boxes.filter((b) => b.checked).map((b) => Number(b.value));
      return multiple ? on : (on.length ? on[0] : null);
    },
    write: (wire) => boxes.forEach((b, i) => {
      b.checked = multiple ? (wire || []).includes(i) : wire === i;
    }),
  };
}

function boxInput(q, id, numeric) {
  const node = make("div", "lq-input lq-field");
  const label = make("label", "lq-caption", "Answer:");
  const box = make("input", "lq-box");
  box.type = "text";
  box.id = `${id}-box`;
  label.htmlFor = box.id;
  box.placeholder = numeric ? "a number" : "your answer";
  box.autocomplete = "off";
  if (numeric) box.inputMode = "decimal";
  node.append(label, box);
  if (numeric && q.unit) node.append(make("span", "lq-unit", q.unit));
  return { node, box, read: () => box.value, write: (wire) => { box.value = wire || ""; } };
}

function countWords(text) {
  return text.split(/\s+/).filter(Boolean).length;  // as Python's str.split() counts
}

function writtenInput(q, id) {
  const node = make("div", "lq-input lq-written");
  const box = make("textarea", "lq-written-box");
  box.id = `${id}-written`;
  box.rows = 6;
  box.spellcheck = true;
  const label = make("label", "lq-caption", "Your answer:");
  label.htmlFor = box.id;
  const count = make("div", "lq-word-count");
  count.id = `${id}-words`;
  count.setAttribute("aria-live", "polite");
  box.setAttribute("aria-describedby", count.id);
  const recount = () => {
    const n = countWords(box.value);
    const need = q.min_words ? `; at least ${q.min_words}` : "";
    count.textContent = `${n} word${n === 1 ? "" : "s"}${need}`;
  };
  box.addEventListener("input", recount);
  node.append(label, box, count);
  recount();
  return {
    node, box,
    read: () => box.value,
    write: (wire) => { box.value = wire || ""; recount(); },
  };
}

function orderInput(q, id, changed, keep) {
  const node = make("div", "lq-input lq-order-list");
  const caption = make("div", "lq-input-hint",
    "Put the items in order, first at the top: use each item's Up and Down buttons.");
  caption.id = `${id}-order-caption`;
  const list = make("ol", "lq-order");
  list.setAttribute("aria-labelledby", caption.id);
  const live = make("div", "lq-order-status");
  live.setAttribute("role", "status");
  const keepButton = button("Keep this order", "lq-keep");
  keepButton.addEventListener("click", keep);
  const api = { node, touched: false, order: q.items.map((_, i) => i) };
  const rows = q.items.map((item, i) => {
    const li = make("li", "lq-order-row");
    const moves = make("span", "lq-order-moves");
    const up = button("↑ Up", "lq-order-move lq-order-up", `Move ‘${item}’ up`);
    const down = button("↓ Down", "lq-order-move lq-order-down", `Move ‘${item}’ down`);
    up.addEventListener("click", () => move(i, -1));
    down.addEventListener("click", () => move(i, +1));
    moves.append(up, down);
    li.append(moves, make("span", "lq-order-item", item));
    return { li, up, down };
  });
  const arrange = () => api.order.forEach((item, pos) => {
    const { li, up, down } = rows[item];
    if (list.children[pos] !== li) list.insertBefore(li, list.children[pos] || null);
    up.setAttribute("aria-disabled", String(pos === 0));
    down.setAttribute("aria-disabled", String(pos === api.order.length - 1));
  });
  function move(item, step) {
    const from = api.order.indexOf(item);
    const to = from + step;
    const n = api.order.length;
    if (to < 0 || to >= n) {
      live.textContent = `‘${q.items[item]}’ is already ${step < 0 ? "first" : "last"}.`;
      return;
    }
    [api.order[from], api.order[to]] = [api.order[to], api.order[from]];
    const focused = document.activeElement;
    arrange();
    if (focused && document.activeElement !== focused) focused.focus();
    live.textContent = `‘${q.items[item]}’ moved to position ${to + 1} of ${n}.`;
    api.touched = true;
    changed();
  }
  node.append(caption, list, keepButton, live);
  api.read = () => [...api.order];
  api.write = (wire) => { api.order = wire ? [...wire] : q.items.map((_, i) => i); arrange(); };
  arrange();
  return api;
}

function matchInput(q, id) {
  const node = make("div", "lq-input lq-selects");
  node.append(make("div", "lq-input-hint", "Choose the match for each item."));
  const selects = q.lefts.map((left, row) => {
    const line = make("div", "lq-select-row");
    const select = make("select", "lq-select");
    select.id = `${id}-row${row}`;
    const label = make("label", "lq-select-label", left);
    label.htmlFor = select.id;
    select.append(new Option(PLACEHOLDER, ""));
    q.options.forEach((text, i) => select.append(new Option(text, String(i))));
    line.append(label, select);
    node.append(line);
    return select;
  });
  return {
    node,
    read: () => selects.map((s) => (s.value === "" ? null : Number(s.value))),
    write: (wire) => selects.forEach((s, row) => {
      const value = wire ? wire[row] : null;
      s.value = value === null || value === undefined ? "" : String(value);
    }),
  };
}

// -- one question ---------------------------------------------------------------------------------

function question(q, index, id, send) {
  const section = make("section", `lq-question lq-type-${q.type}`);
  const prompt = make("div", "lq-prompt");
  prompt.id = `${id}-prompt`;
  prompt.innerHTML = `<span class="lq-number">Question ${q.number}.</span> ${q.prompt_html}`;
  section.setAttribute("aria-labelledby", prompt.id);
  const self = { index, pending: false, seq: 0, state: null, rev: -1, changed: false };
  const onChange = () => markChanged(self);
  let input;
  if (q.type === "single" || q.type === "true_false") input = choiceInput(q, id, false);
  else if (q.type === "multiple") input = choiceInput(q, id, true);
  else if (q.type === "numeric" || q.type === "text") input = boxInput(q, id, q.type === "numeric");
  else if (q.type === "written") input = writtenInput(q, id);
  else if (q.type === "order") {
    input = orderInput(q, id, onChange, () => { input.touched = true; send(self, "keep-order"); });
  } else input = matchInput(q, id);
  input.node.addEventListener("change", onChange);
  input.node.addEventListener("input", onChange);
  const written = q.type === "written";
  const verb = written ? "Submit" : "Check";
  const check = button(verb, "lq-check mod-primary");
  const hint = button("Hint", "lq-hint");
  const reset = button("Reset", "lq-reset");
  check.title = `${verb} your answer to question ${q.number}`;
  reset.title = `Clear your answer to question ${q.number}`;
  const status = make("span", "lq-status");
  const hints = make("div", "lq-hints");
  const feedback = make("div", "lq-feedback");
  feedback.setAttribute("role", "status");
  const explanation = make("div", "lq-explanation");
  const buttons = make("div", "lq-buttons");
  buttons.append(check, hint, reset, status);
  section.append(prompt, input.node, buttons, hints, feedback);
  // A written answer, once submitted: the rubric, then a model answer on request.
  const rubric = make("div", "lq-rubric");
  const modelButton = button("Show a model answer", "lq-show-model");
  modelButton.setAttribute("aria-expanded", "false");
  const model = make("div", "lq-model-answer");
  model.id = `${id}-model`;
  modelButton.setAttribute("aria-controls", model.id);
  modelButton.hidden = true;
  model.hidden = true;
  modelButton.addEventListener("click", () => {
    model.hidden = !model.hidden;
    modelButton.setAttribute("aria-expanded", String(!model.hidden));
    modelButton.textContent = model.hidden ? "Show a model answer" : "Hide the model answer";
  });
  if (written) section.append(rubric, modelButton, model);
  section.append(explanation);
  if (!q.hints) hint.hidden = true;
  check.addEventListener("click", () => {
    if (self.pending || check.getAttribute("aria-disabled") === "true") return;
    send(self, "check", { response: input.read(), touched: Boolean(input.touched) });
  });
  enable(check, true);
  hint.addEventListener("click", () => {
    if (hint.getAttribute("aria-disabled") !== "true") send(self, "hint");
  });
  reset.addEventListener("click", () => {
    input.write(null);
    showReveal(self, {});
    input.touched = false;
    self.changed = false;
    setHTML(feedback, "");
    setHTML(explanation, "");
    setHTML(hints, "");
    self.drawn = null;  // whatever the reply holds is drawn again
    send(self, "reset");
  });
  Object.assign(self, { section, input, check, hint, reset, status, hints, feedback,
    explanation, q, rubric, modelButton, model, verb });
  return self;
}

// The rubric and model answer arrive in the state only after a submission (never before).
function showReveal(self, state) {
  const criteria = state.rubric || [];
  setHTML(self.rubric, criteria.length
    ? `<strong>Check your answer against the rubric:</strong><ul>${
      criteria.map((c) => `<li>${c}</li>`).join("")}</ul>` : "");
  const html = state.model_answer || "";
  if (self.model.dataset.html !== html) {
    self.model.dataset.html = html;
    self.model.innerHTML = html ? `<strong>A model answer:</strong> ${html}` : "";
    self.model.hidden = true;
    self.modelButton.setAttribute("aria-expanded", "false");
    self.modelButton.textContent = "Show a model answer";
  }
  self.modelButton.hidden = !html;
}

function markChanged(self) {
  const state = self.state;
  if (!state) return;
  if (state.graded === null || state.graded === undefined) {
    if (state.tone === "notice") { setHTML(self.feedback, ""); self.feedback.className = "lq-feedback"; }
    self.drawn = null;
    return;
  }
  if (JSON.stringify(self.input.read()) === JSON.stringify(state.graded)) return;
  self.changed = true;
  self.drawn = null;
  setHTML(self.feedback, "");
  self.feedback.className = "lq-feedback";
  setHTML(self.explanation, "");
  self.status.textContent = state.status.replace(/ · .*$/, ` · changed — press ${self.verb}`);
}

function draw(self, state) {
  const seen = JSON.stringify(state);
  if (seen === self.drawn && !self.changed) return;  // this question's state did not change
  self.drawn = seen;
  self.state = state;
  if (state.rev !== self.rev) {
    self.rev = state.rev;
    self.input.write(state.response);
    self.input.touched = state.touched;
    self.changed = false;
  }
  if (self.changed) return markChanged(self);
  setText(self.status, state.status);
  self.feedback.className = `lq-feedback${state.tone ? ` lq-${state.tone}` : ""}`;
  setHTML(self.feedback, state.feedback);
  setHTML(self.explanation, state.explanation
    ? `<strong>Explanation:</strong> ${state.explanation}` : "");
  showReveal(self, state);
  setHTML(self.hints, state.hints.length
    ? `<strong>Hint:</strong><ul>${state.hints.map((h) => `<li>${h}</li>`).join("")}</ul>` : "");
  const left = self.q.hints - state.hints.length;
  setText(self.hint, left > 0 ? `Hint (${left} left)` : "No hints left");
  enable(self.hint, left > 0);
}

// -- the quiz ---------------------------------------------------------------------------------------

function render({ model, el }) {
  guardKeys();
  const id = `lq${Date.now().toString(36)}${++made}`;
  const root = make("div", "lq-quiz quiz");
  root.setAttribute("data-lm-suppress-shortcuts", "true");
  const title = make("h3", "lq-title", model.get("title"));
  const warning = make("div", "lq-warning");
  warning.setAttribute("role", "alert");
  const offline = make("div", "lq-offline");
  offline.setAttribute("role", "alert");
  const header = make("div", "lq-header");
  const bar = make("div", "lq-progress");
  bar.setAttribute("role", "progressbar");
  bar.setAttribute("aria-label", "Questions answered");
  const fill = make("div", "lq-progress-fill");
  bar.append(fill);
  const summary = make("span", "lq-summary");
  header.append(bar, summary);
  root.append(title, warning, offline, header);
  let connected = true;
  let gone = false;  // the comm is closed: only running the cell again reconnects
  let heard = Date.now();
  let ping = null;
  const views = [];
  const timers = new Map();

  // A Check in flight when the quiz finds the kernel gone (a server that drops a kernel
  // keeps the page's socket open, so a Check can go out into nothing) is let go: its
  // status says it was not checked, the answer stays on screen, Check waits for a
  // connection. A reply that comes after all (a busy kernel) is still drawn: same seq.
  const release = (self) => {
    clearTimeout(timers.get(self.index));
    self.pending = false;
    const status = (self.state || model.get("states")[self.index]).status;
    self.status.textContent = status.replace(/ · .*$/, " · not checked: not connected");
  };
  const setOnline = (online, why) => {
    if (online && gone) return;
    connected = online;
    offline.textContent = online ? "" : (why || OFFLINE);
    root.classList.toggle("lq-disconnected", !online);
    if (!online) views.filter((v) => v.pending).forEach(release);
    views.forEach((v) => enable(v.check, online && !v.pending));
  };
  const send = (self, kind, extra) => {
    if (!connected) return;
    self.seq += 1;
    if (kind === "check") {
      self.pending = true;
      enable(self.check, false);
      self.status.textContent = "checking…";
      timers.set(self.index, setTimeout(() => setOnline(false,
        "The kernel did not answer this Check. " + OFFLINE), REPLY_MS));
    }
    model.send({ kind, index: self.index, seq: self.seq, ...(extra || {}) });
  };
  // Another tab's restart reaches this page as no event at all: the old comm simply stops
  // answering. So when the student comes to the quiz (focus, a click, the tab shown again)
  // and the kernel has been quiet, the quiz pings it; no pong in PING_MS means "not
  // connected", said in words before an answer is lost. Any later reply undoes a silence
  // (a busy kernel), never a closed comm.
  let later = null;
  const probe = () => {
    if (gone || ping) return;
    const wait = QUIET_MS - (Date.now() - heard);
    if (wait > 0) {  // heard just now: ask again a moment later (the kernel may go meanwhile)
      if (!later) later = setTimeout(() => { later = null; probe(); }, wait);
      return;
    }
    ping = setTimeout(() => setOnline(false, OFFLINE), PING_MS);
    try { model.send({ kind: "ping" }); } catch (_) { setOnline(false, OFFLINE); }
  };
  const onMessage = (msg) => {
    heard = Date.now();
    clearTimeout(ping);
    ping = null;
    if (!connected) setOnline(true);
    if (!msg || msg.kind !== "done" || !views[msg.index]) return;
    const self = views[msg.index];
    if (msg.seq !== self.seq) return;
    clearTimeout(timers.get(msg.index));
    self.pending = false;
    enable(self.check, connected);
    if (msg.request === "check") self.changed = false;
    self.drawn = null;  // "checking…" and the like are replaced even if the state is the same
    draw(self, model.get("states")[msg.index]);
  };
  root.__lqOnKey = (event) => {
    const box = event.target.closest && event.target.closest("input.lq-box");
    if (event.key !== "Enter" || !box) return;
    const self = views.find((v) => v.section.contains(box));
    if (self) { event.preventDefault(); self.check.click(); }
  };

  model.get("questions").forEach((q, i) => {
    const view = question(q, i, `${id}-q${i}`, send);
    views.push(view);
    root.append(view.section);
  });
  const drawAll = () => model.get("states").forEach((s, i) => views[i] && draw(views[i], s));
  const drawHead = () => {
    const p = model.get("progress");
    summary.textContent = p.text || "";
    bar.setAttribute("aria-valuemin", "0");
    bar.setAttribute("aria-valuemax", String(p.total || 0));
    bar.setAttribute("aria-valuenow", String(p.answered || 0));
    fill.style.width = `${p.total ? (100 * p.answered) / p.total : 0}%`;
    warning.textContent = model.get("warning");
    warning.hidden = !model.get("warning");
  };
  drawAll();
  drawHead();
  el.append(root);  // built and filled off the page, then attached once: one layout
  model.on("change:states", drawAll);
  model.on("change:progress", drawHead);
  model.on("change:warning", drawHead);
  model.on("msg:custom", onMessage);
  // The widget manager marks the model's comm as no longer live when the kernel goes
  // (restart, shutdown, a restart from another tab); it is live from creation, so any later
  // change means it is gone. Running the cell again makes a new, live quiz.
  const lost = () => { gone = true; setOnline(false); };
  model.on("comm_live_update", lost);
  model.on("comm:close", lost);
  root.addEventListener("focusin", probe);
  root.addEventListener("pointerdown", probe);
  const onShown = () => { if (document.visibilityState === "visible" && root.isConnected) probe(); };
  document.addEventListener("visibilitychange", onShown);
  return () => {
    timers.forEach((t) => clearTimeout(t));
    clearTimeout(ping);
    clearTimeout(later);
    document.removeEventListener("visibilitychange", onShown);
  };
}

export default { render };
