const $ = (id) => document.getElementById(id);
const KEY_STORAGE = "groundex-api-key";

const state = {
  domains: [],
  file: null,
  pages: [],
  page: 0,
  prediction: null,
  result: null,
  leaves: new Map(),
  boxes: [],
  active: null,
  focused: null,
  timer: 0,
  images: new Map(),
};

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === false || value == null) continue;
    if (name === "text") node.textContent = value;
    else node.setAttribute(name, value === true ? "" : String(value));
  }
  node.append(...children.filter((c) => c != null));
  return node;
}

/* ---------- server ---------- */

function authorization() {
  const key = sessionStorage.getItem(KEY_STORAGE);
  return key ? { authorization: `Bearer ${key}` } : {};
}

async function request(path, options = {}) {
  let res;
  try {
    res = await fetch(path, { ...options, headers: { ...options.headers, ...authorization() } });
  } catch {
    throw new Error("The groundex server cannot be reached.");
  }
  if (res.status === 401) showKeyInput();
  if (res.ok) return res;
  const body = await res.json().catch(() => null);
  throw new Error(detailOf(body) || `${res.status} ${res.statusText}`);
}

async function api(path, options = {}) {
  return (await request(path, options)).json();
}

async function imageSource(url) {
  if (!sessionStorage.getItem(KEY_STORAGE)) return url;
  if (!state.images.has(url)) {
    state.images.set(url, request(url).then(async (res) => URL.createObjectURL(await res.blob())));
  }
  return state.images.get(url);
}

function forgetImages() {
  for (const pending of state.images.values()) pending.then(URL.revokeObjectURL, () => {});
  state.images.clear();
}

function showKeyInput() {
  const input = $("api-key");
  input.hidden = false;
  input.value = sessionStorage.getItem(KEY_STORAGE) ?? "";
}

function saveKey() {
  const key = $("api-key").value.trim();
  if (key) sessionStorage.setItem(KEY_STORAGE, key);
  else sessionStorage.removeItem(KEY_STORAGE);
  forgetImages();
  hideError();
  loadDomains();
}

function detailOf(body) {
  const detail = body?.detail;
  if (typeof detail === "string") return detail;
  if (Array.isArray(detail)) return detail.map((d) => d.msg ?? JSON.stringify(d)).join("; ");
  return detail ? JSON.stringify(detail) : "";
}

const pageUrl = (index, maxSide) =>
  `v1/files/${encodeURIComponent(state.file.id)}/pages/${index}.png?max_side=${maxSide}`;

/* ---------- status ---------- */

function setStatus(text, kind = "idle") {
  const status = $("status");
  status.dataset.state = kind;
  status.replaceChildren(text);
  if (kind !== "busy") return;
  const elapsed = el("span", { class: "elapsed", "aria-hidden": "true" });
  status.prepend(el("span", { class: "spinner", "aria-hidden": "true" }));
  status.append(elapsed);
  return elapsed;
}

function busy(text) {
  clearInterval(state.timer);
  hideError();
  const start = performance.now();
  const elapsed = setStatus(text, "busy");
  state.timer = setInterval(() => {
    elapsed.textContent = `${Math.round((performance.now() - start) / 1000)} s`;
  }, 1000);
  updateRunButton(true);
}

function idle(text = "") {
  clearInterval(state.timer);
  setStatus(text);
  updateRunButton(false);
}

function fail(error) {
  idle();
  $("error").textContent = error.message;
  $("error").hidden = false;
}

function hideError() {
  $("error").hidden = true;
}

function updateRunButton(isBusy) {
  $("run").disabled = isBusy || !state.file;
}

/* ---------- inputs ---------- */

async function loadDomains() {
  try {
    const list = await api("v1/domains");
    state.domains = list.map((d) => d.domain);
    $("domains").replaceChildren(...state.domains.map((domain) => el("option", { value: domain })));
  } catch (error) {
    fail(new Error(`Could not load domains: ${error.message}`));
  }
}

async function chooseFile(file) {
  if (!file) return;
  clearResult();
  forgetImages();
  state.file = null;
  $("file-label").textContent = file.name;
  busy(`Uploading ${file.name}…`);
  try {
    const form = new FormData();
    form.append("file", file);
    const uploaded = await api("v1/files", { method: "POST", body: form });
    const pages = await api(`v1/files/${encodeURIComponent(uploaded.id)}/pages`);
    state.file = uploaded;
    state.pages = pages.sizes;
    renderThumbs();
    showPage(0);
    idle(`${file.name} · ${plural(pages.count, "page")}`);
  } catch (error) {
    fail(error);
  }
}

function buildRequest() {
  const useSchema = document.querySelector('input[name="mode"]:checked').value === "schema";
  let domain = null;
  let schema = null;
  if (useSchema) {
    try {
      schema = JSON.parse($("schema").value);
    } catch (error) {
      throw new Error(`The JSON Schema is not valid JSON: ${error.message}`);
    }
  } else {
    domain = $("domain").value.trim();
    if (!domain) throw new Error("Choose a domain or paste a JSON Schema.");
    if (state.domains.length && !state.domains.includes(domain)) {
      throw new Error(`Unknown domain: ${domain}`);
    }
  }
  return {
    file_id: state.file.id,
    domain,
    batch: false,
    config: { grounding: true, confidence: true, json_schema: schema },
  };
}

async function run(event) {
  event.preventDefault();
  if (!state.file) return;
  try {
    const request = buildRequest();
    busy("Extracting…");
    const start = performance.now();
    const prediction = await api("v1/document/generate", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(request),
    });
    if (state.file?.id !== request.file_id) return;
    if (!prediction?.response) throw new Error(`The prediction ended with status ${prediction?.status}.`);
    showResult(prediction);
    const seconds = ((performance.now() - start) / 1000).toFixed(1);
    idle(`Done in ${seconds} s · ${state.file.filename ?? ""}`);
  } catch (error) {
    fail(error);
  }
}

function setMode() {
  const useSchema = document.querySelector('input[name="mode"]:checked').value === "schema";
  $("schema-panel").hidden = !useSchema;
  $("domain").disabled = useSchema;
}

/* ---------- pages ---------- */

function renderThumbs() {
  const count = state.pages.length;
  $("pager").hidden = count < 2;
  $("thumbs").replaceChildren(
    ...state.pages.map((_, i) =>
      el(
        "button",
        { type: "button", class: "thumb", "data-testid": "thumb", "data-page": i, "aria-label": `Page ${i + 1}` },
        thumbImage(pageUrl(i, 160)),
        el("span", { text: i + 1 }),
      ),
    ),
  );
}

function thumbImage(url) {
  const image = el("img", { alt: "" });
  imageSource(url).then((src) => { image.src = src; }, () => {});
  return image;
}

function showPage(index) {
  const count = state.pages.length;
  if (!count) return;
  state.page = Math.max(0, Math.min(index, count - 1));
  const [width, height] = state.pages[state.page];
  const page = $("page");
  const image = $("page-image");
  page.hidden = false;
  $("viewer-empty").hidden = true;
  page.style.aspectRatio = `${width} / ${height}`;
  page.dataset.page = state.page;
  image.alt = `Page ${state.page + 1} of ${count}`;
  const url = pageUrl(state.page, 1600);
  if (image.dataset.url !== url) {
    image.dataset.url = url;
    image.classList.add("loading");
    image.removeAttribute("data-page");
    imageSource(url).then((src) => {
      if (image.dataset.url === url) image.src = src;
    }, fail);
  }
  $("page-label").textContent = `Page ${state.page + 1} / ${count}`;
  $("prev").disabled = state.page === 0;
  $("next").disabled = state.page === count - 1;
  for (const thumb of $("thumbs").children) {
    thumb.toggleAttribute("aria-current", Number(thumb.dataset.page) === state.page);
  }
  drawBoxes();
}

function drawBoxes() {
  const onPage = state.boxes.filter((b) => b.page === state.page);
  onPage.sort((a, b) => b.xywh[2] * b.xywh[3] - a.xywh[2] * a.xywh[3]);
  $("overlay").replaceChildren(...onPage.map(boxElement));
  paintActive();
}

function boxElement(box) {
  const [x, y, w, h] = box.xywh;
  const node = el("div", {
    class: `box ${box.confidence ?? "none"}`,
    "data-testid": "box",
    "data-field": box.path,
    "data-page": box.page,
    title: `${box.path}: ${box.content ?? ""}`,
  });
  Object.assign(node.style, { left: pct(x), top: pct(y), width: pct(w), height: pct(h) });
  return node;
}

const pct = (v) => `${(v * 100).toFixed(4)}%`;

/* ---------- highlighting ---------- */

const within = (path, prefix) =>
  prefix != null && (path === prefix || path.startsWith(`${prefix}.`) || path.startsWith(`${prefix}[`));

function setActive(path) {
  state.active = path;
  const pages = new Set(state.boxes.filter((b) => within(b.path, path)).map((b) => b.page));
  if (pages.size && !pages.has(state.page)) showPage(Math.min(...pages));
  else paintActive();
  for (const thumb of $("thumbs").children) {
    thumb.classList.toggle("has-active", pages.has(Number(thumb.dataset.page)));
  }
}

function paintActive() {
  const overlay = $("overlay");
  let first = null;
  for (const box of overlay.children) {
    const on = within(box.dataset.field, state.active);
    box.classList.toggle("active", on);
    first ??= on ? box : null;
  }
  overlay.classList.toggle("has-active", first !== null);
  first?.scrollIntoView({ block: "nearest", inline: "nearest" });
}

function linkRow(path) {
  for (const row of $("tree").querySelectorAll(".node.linked")) row.classList.remove("linked");
  if (path) nodeFor(path)?.classList.add("linked");
}

const nodeFor = (path) => $("tree").querySelector(`.node[data-field="${CSS.escape(path)}"]`);

function selectField(path) {
  const node = nodeFor(path);
  if (!node) return;
  for (let g = node.parentElement.closest(".group"); g; g = g.parentElement.closest(".group")) expand(g, true);
  $("tree").classList.remove("hide-empty");
  $("hide-empty").checked = false;
  node.scrollIntoView({ block: "center" });
  node.focus({ preventScroll: true });
  node.classList.remove("flash");
  void node.offsetWidth;
  node.classList.add("flash");
}

/* ---------- result tree ---------- */

function clearResult() {
  state.prediction = null;
  state.result = null;
  state.leaves.clear();
  state.boxes = [];
  state.active = state.focused = null;
  $("tree").replaceChildren();
  $("tree-empty").hidden = false;
  $("summary").textContent = "";
  $("download").disabled = true;
  drawBoxes();
}

function showResult(prediction) {
  clearResult();
  state.prediction = prediction;
  state.result = structuredClone(prediction.response);
  const nodes = objectNodes(state.result, "", 1);
  $("tree").replaceChildren(...nodes);
  $("tree-empty").hidden = nodes.length > 0;
  nodes[0]?.setAttribute("tabindex", "0");
  $("download").disabled = false;
  updateSummary();
  drawBoxes();
}

function objectNodes(obj, prefix, level) {
  return Object.keys(obj)
    .filter((key) => !(key.endsWith("_metadata") && key.slice(0, -9) in obj))
    .map((key) => valueNode(obj, key, prefix ? `${prefix}.${key}` : key, key, obj[`${key}_metadata`], level));
}

function valueNode(holder, key, path, label, meta, level) {
  const value = holder[key];
  if (Array.isArray(value)) return listNode(value, path, label, meta, level);
  if (value && typeof value === "object") {
    return groupNode(path, label, plural(Object.keys(value).filter((k) => !k.endsWith("_metadata")).length, "field"),
      objectNodes(value, path, level + 1), level);
  }
  return leafNode(holder, key, path, label, meta, level);
}

function listNode(list, path, label, meta, level) {
  const children = list.map((item, i) => {
    const itemPath = `${path}[${i}]`;
    if (item && typeof item === "object" && !Array.isArray(item)) {
      return groupNode(itemPath, `[${i}]`, preview(item), objectNodes(item, itemPath, level + 2), level + 1);
    }
    return valueNode(list, i, itemPath, `[${i}]`, meta?.items?.[i], level + 1);
  });
  if (meta && !meta.items) addBoxes(path, meta);
  return groupNode(path, label, plural(list.length, "item"), children, level);
}

function preview(item) {
  const first = Object.entries(item).find(([k, v]) => !k.endsWith("_metadata") && v != null && typeof v !== "object");
  return first ? String(first[1]) : "";
}

function groupNode(path, label, summary, children, level) {
  const list = el("ul", { role: "group" }, ...children);
  const node = el(
    "li",
    {
      role: "treeitem",
      class: "node group",
      tabindex: "-1",
      "aria-expanded": "true",
      "aria-level": level,
      "aria-label": `${path}, ${summary}`,
      "data-field": path,
      "data-testid": "group",
    },
    el("div", { class: "row" },
      el("span", { class: "caret", "aria-hidden": "true" }),
      el("span", { class: "key", text: label }),
      el("span", { class: "summary-text", text: summary })),
    list,
  );
  node.classList.toggle("is-null", children.every((c) => c.classList.contains("is-null")));
  return node;
}

function addBoxes(path, meta) {
  for (const b of meta?.bboxes ?? []) {
    const xywh = b.bbox?.xywh ?? b.xywh;
    if (xywh) state.boxes.push({ path, page: b.page ?? 0, xywh, confidence: meta.confidence, content: b.content });
  }
}

function leafNode(holder, key, path, label, meta, level) {
  addBoxes(path, meta);
  const leaf = { holder, key, original: holder[key], meta };
  state.leaves.set(path, leaf);
  const boxes = meta?.bboxes ?? [];
  const pages = [...new Set(boxes.map((b) => (b.page ?? 0) + 1))];
  const noBox = meta === null || (Array.isArray(meta?.bboxes) && boxes.length === 0);
  const node = el(
    "li",
    {
      role: "treeitem",
      class: "node leaf",
      tabindex: "-1",
      "aria-level": level,
      "data-field": path,
      "data-testid": "field",
      "data-confidence": meta?.confidence,
      "data-boxes": boxes.length,
    },
    el("div", { class: "row" },
      el("span", { class: "key", text: label }),
      valueElement(holder[key]),
      meta?.confidence ? el("span", {
        class: `badge ${meta.confidence}`,
        title: `confidence ${meta.confidence_score ?? ""}`,
        text: meta.confidence_score != null ? `${meta.confidence} ${meta.confidence_score.toFixed(2)}` : meta.confidence,
      }) : null,
      noBox ? el("span", { class: "tag nobox", "data-testid": "no-box", text: "no box" }) : null,
      pages.length && state.pages.length > 1 ? el("span", { class: "pages", text: `p.${pages.join(",")}` }) : null,
      el("button", {
        type: "button", class: "tag edited", tabindex: "-1", hidden: true, "data-testid": "revert",
        title: "Revert to the extracted value", "aria-label": `Revert ${path}`, text: "edited ×",
      })),
  );
  node.classList.toggle("is-null", holder[key] == null);
  describe(node, leaf, boxes.length, pages);
  return node;
}

function describe(node, leaf, boxCount, pages) {
  const value = leaf.holder[leaf.key];
  const parts = [node.dataset.field, value == null ? "empty" : String(value)];
  if (leaf.meta?.confidence) parts.push(`confidence ${leaf.meta.confidence}`);
  parts.push(boxCount ? `${plural(boxCount, "box", "boxes")} on page ${pages.join(", ")}` : "no box");
  if (node.classList.contains("edited")) parts.push("edited");
  node.setAttribute("aria-label", parts.join(", "));
}

function valueElement(value) {
  const kind = value == null ? "null" : typeof value;
  return el("span", { class: `value ${kind}`, "data-testid": "field-value", text: value == null ? "null" : String(value) });
}

function plural(n, word, many = `${word}s`) {
  return `${n} ${n === 1 ? word : many}`;
}

function updateSummary() {
  const all = [...$("tree").querySelectorAll(".leaf")];
  const filled = all.filter((n) => !n.classList.contains("is-null"));
  const count = (sel) => filled.filter((n) => n.matches(sel)).length;
  const edited = all.filter((n) => n.classList.contains("edited")).length;
  const unboxed = count('[data-boxes="0"]');
  const parts = [
    `${filled.length}/${all.length} filled`,
    `<b class="hi">${count('[data-confidence="hi"]')}</b> hi`,
    `<b class="med">${count('[data-confidence="med"]')}</b> med`,
    `<b class="low">${count('[data-confidence="low"]')}</b> low`,
  ];
  if (unboxed) parts.push(`${unboxed} without box`);
  if (edited) parts.push(`<b class="edited">${edited}</b> edited`);
  $("summary").innerHTML = parts.join(" · ");
  $("download").textContent = edited ? "Download corrected JSON" : "Download JSON";
}

/* ---------- editing ---------- */

function startEdit(node) {
  const path = node.dataset.field;
  const leaf = state.leaves.get(path);
  const shown = node.querySelector(".value");
  if (!leaf || !shown) return;
  const input = el("input", { class: "value-input", "data-testid": "edit-input", "aria-label": `Edit ${path}` });
  input.value = leaf.holder[leaf.key] ?? "";
  shown.replaceWith(input);
  input.focus();
  input.select();
  let finished = false;
  const finish = (commit) => {
    if (finished) return;
    finished = true;
    input.replaceWith(valueElement(leaf.holder[leaf.key]));
    if (commit) setValue(node, parseEdit(input.value, leaf.original));
    node.focus();
  };
  input.addEventListener("keydown", (event) => {
    event.stopPropagation();
    if (event.key === "Enter") finish(true);
    else if (event.key === "Escape") finish(false);
  });
  input.addEventListener("blur", () => finish(true));
}

function parseEdit(text, original) {
  const trimmed = text.trim();
  if (!trimmed) return null;
  if (typeof original === "number" && Number.isFinite(Number(trimmed))) return Number(trimmed);
  if (typeof original === "boolean" && /^(true|false)$/i.test(trimmed)) return trimmed.toLowerCase() === "true";
  return text;
}

function setValue(node, value) {
  const leaf = state.leaves.get(node.dataset.field);
  leaf.holder[leaf.key] = value;
  const edited = JSON.stringify(value) !== JSON.stringify(leaf.original);
  node.classList.toggle("edited", edited);
  node.classList.toggle("is-null", value == null);
  node.querySelector(".tag.edited").hidden = !edited;
  node.querySelector(".value").replaceWith(valueElement(value));
  describe(node, leaf, Number(node.dataset.boxes), [...new Set((leaf.meta?.bboxes ?? []).map((b) => (b.page ?? 0) + 1))]);
  updateSummary();
}

function download() {
  const edited = $("tree").querySelector(".leaf.edited") !== null;
  const data = { ...state.prediction, response: state.result };
  const blob = new Blob([`${JSON.stringify(data, null, 2)}\n`], { type: "application/json" });
  const stem = (state.file?.filename ?? "prediction").replace(/\.[^.]+$/, "");
  const link = el("a", { href: URL.createObjectURL(blob), download: `${stem}${edited ? ".corrected" : ""}.json` });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
}

/* ---------- tree keyboard and pointer ---------- */

const visibleNodes = () => [...$("tree").querySelectorAll(".node")].filter((n) => n.offsetParent !== null);

function expand(group, open) {
  group.setAttribute("aria-expanded", String(open));
  group.querySelector(":scope > ul").hidden = !open;
}

function moveFocus(node) {
  if (!node) return;
  node.focus();
  node.scrollIntoView({ block: "nearest" });
}

function onTreeKey(event) {
  const node = event.target.closest(".node");
  if (!node || event.target !== node) return;
  const nodes = visibleNodes();
  const at = nodes.indexOf(node);
  const isGroup = node.classList.contains("group");
  const open = node.getAttribute("aria-expanded") === "true";
  const actions = {
    ArrowDown: () => moveFocus(nodes[at + 1]),
    ArrowUp: () => moveFocus(nodes[at - 1]),
    Home: () => moveFocus(nodes[0]),
    End: () => moveFocus(nodes.at(-1)),
    ArrowRight: () => isGroup && (open ? moveFocus(nodes[at + 1]) : expand(node, true)),
    ArrowLeft: () => (isGroup && open ? expand(node, false) : moveFocus(node.parentElement.closest(".node"))),
    Enter: () => (isGroup ? expand(node, !open) : startEdit(node)),
    " ": () => isGroup && expand(node, !open),
  };
  const action = actions[event.key];
  if (!action) return;
  event.preventDefault();
  action();
}

function onTreeFocus(event) {
  const node = event.target.closest?.(".node");
  if (!node) return;
  for (const other of $("tree").querySelectorAll('.node[tabindex="0"]')) other.setAttribute("tabindex", "-1");
  node.setAttribute("tabindex", "0");
  state.focused = node.dataset.field;
  setActive(state.focused);
}

function onTreeClick(event) {
  if (event.target.closest(".tag.edited")) {
    const node = event.target.closest(".leaf");
    setValue(node, state.leaves.get(node.dataset.field).original);
    node.focus();
    return;
  }
  const node = event.target.closest(".node");
  if (node?.classList.contains("group") && event.target.closest(".caret")) {
    expand(node, node.getAttribute("aria-expanded") !== "true");
  }
}

function onTreeDoubleClick(event) {
  const node = event.target.closest(".leaf");
  if (node && !event.target.closest("input, button")) startEdit(node);
}

/* ---------- wiring ---------- */

function wireDrop() {
  const drop = $("drop");
  for (const type of ["dragenter", "dragover"]) {
    drop.addEventListener(type, (event) => {
      event.preventDefault();
      drop.classList.add("over");
    });
  }
  drop.addEventListener("dragleave", () => drop.classList.remove("over"));
  drop.addEventListener("drop", (event) => {
    event.preventDefault();
    drop.classList.remove("over");
    chooseFile(event.dataTransfer.files[0]);
  });
  $("file").addEventListener("change", (event) => chooseFile(event.target.files[0]));
}

function wireTree() {
  const tree = $("tree");
  tree.addEventListener("keydown", onTreeKey);
  tree.addEventListener("focusin", onTreeFocus);
  tree.addEventListener("focusout", (event) => {
    if (!tree.contains(event.relatedTarget)) state.focused = null;
  });
  tree.addEventListener("click", onTreeClick);
  tree.addEventListener("dblclick", onTreeDoubleClick);
  tree.addEventListener("pointerover", (event) => {
    const node = event.target.closest(".node");
    if (node && node.dataset.field !== state.active) setActive(node.dataset.field);
  });
  tree.addEventListener("pointerleave", () => setActive(state.focused));
  $("hide-empty").addEventListener("change", (event) => tree.classList.toggle("hide-empty", event.target.checked));
}

function wireViewer() {
  const overlay = $("overlay");
  overlay.addEventListener("click", (event) => {
    const box = event.target.closest(".box");
    if (box) selectField(box.dataset.field);
  });
  overlay.addEventListener("pointerover", (event) => linkRow(event.target.closest(".box")?.dataset.field));
  overlay.addEventListener("pointerleave", () => linkRow(null));
  $("prev").addEventListener("click", () => showPage(state.page - 1));
  $("next").addEventListener("click", () => showPage(state.page + 1));
  $("thumbs").addEventListener("click", (event) => {
    const thumb = event.target.closest(".thumb");
    if (thumb) showPage(Number(thumb.dataset.page));
  });
  $("page-image").addEventListener("load", (event) => {
    event.target.classList.remove("loading");
    event.target.dataset.page = state.page;
  });
  $("page-image").addEventListener("error", () => {
    if (state.file) fail(new Error(`Page ${state.page + 1} could not be loaded.`));
  });
}

function init() {
  wireDrop();
  wireTree();
  wireViewer();
  $("run-form").addEventListener("submit", run);
  for (const radio of document.querySelectorAll('input[name="mode"]')) radio.addEventListener("change", setMode);
  $("download").addEventListener("click", download);
  $("api-key").addEventListener("change", saveKey);
  if (sessionStorage.getItem(KEY_STORAGE)) showKeyInput();
  setMode();
  loadDomains();
}

init();
