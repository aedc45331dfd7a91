// Small DOM helpers. Everything from the server is set as text or attributes, never as HTML.

type Attrs = Record<string, string | number | boolean | null | undefined>;

/**
 * `<tag class=… attr=…>children</tag>`. `attrs.class` sets the class; `attrs.text` the text; a `data-*`
 * or other key an attribute (false/null/undefined leave it out, true sets it empty).
 */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: (Node | string | null | undefined | false)[]
): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') e.className = String(v);
    else if (k === 'text') e.textContent = String(v);
    else e.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    e.append(c);
  }
  return e;
}

/** Puts `nodes` into `container` in this order, moving only what is out of place (moving an <img> does not reload it). */
export function placeInOrder(container: Element, nodes: readonly Element[]): void {
  let cursor = container.firstElementChild;
  for (const node of nodes) {
    if (node === cursor) cursor = cursor.nextElementSibling;
    else container.insertBefore(node, cursor);
  }
  while (cursor) {
    const next = cursor.nextElementSibling;
    cursor.remove();
    cursor = next;
  }
}

/** Replaces the classes of `e` that start with `prefix` by `cls` (none when `cls` is null). */
export function setPrefixedClass(e: Element, prefix: string, cls: string | null): void {
  for (const c of [...e.classList]) if (c.startsWith(prefix) && c !== cls) e.classList.remove(c);
  if (cls) e.classList.add(cls);
}

/** A <select> with `options` ([value, label]) and `value` selected. */
export function select(
  attrs: Attrs,
  options: readonly (readonly [string, string])[],
  value: string,
  onChange: (value: string) => void,
): HTMLSelectElement {
  const s = el('select', attrs);
  fillSelect(s, options, value);
  s.addEventListener('change', () => onChange(s.value));
  return s;
}

export function fillSelect(s: HTMLSelectElement, options: readonly (readonly [string, string])[], value: string): void {
  s.replaceChildren(...options.map(([v, label]) => el('option', { value: v, text: label })));
  s.value = options.some(([v]) => v === value) ? value : (options[0]?.[0] ?? '');
}
