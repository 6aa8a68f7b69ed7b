/**
 * Server-side HTML with escaping by default: every value interpolated into an {@link html} template is
 * escaped unless it is itself the result of `html` or was wrapped in {@link raw} on purpose.
 *
 * Attribute values must be quoted in templates (`href="${url}"`): escaping covers both quote kinds, so a value
 * cannot leave its attribute; an unquoted attribute could still be split by a space.
 */

/** A fragment that is already safe HTML: the only thing {@link html} inserts without escaping. */
export class SafeHtml {
  constructor(private readonly markup: string) {}

  /** The markup. */
  toString(): string {
    return this.markup;
  }
}

const ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  '`': '&#96;',
};

/** Escapes `text` for an HTML text node or a quoted attribute value (SVG included). */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"'`]/g, (c) => ENTITIES[c] ?? c);
}

/**
 * Marks trusted markup (built by our own code, never from outside input) as safe. Every use is a place a
 * reviewer should look at.
 */
export function raw(markup: string): SafeHtml {
  return new SafeHtml(markup);
}

/** One interpolated value as markup: fragments as is, lists item by item, nothing for null / undefined / false. */
function render(value: unknown): string {
  if (value instanceof SafeHtml) return value.toString();
  if (value === null || value === undefined || value === false) return '';
  if (Array.isArray(value)) return value.map(render).join('');
  if (typeof value === 'string') return escapeHtml(value);
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  return escapeHtml(JSON.stringify(value) ?? '');
}

/**
 * Tagged template for HTML: `html\`<td title="${error}">${taskId}</td>\`` escapes `error` and `taskId`.
 * Values that are {@link SafeHtml} (nested `html` results, {@link raw}) are inserted as they are; arrays are
 * concatenated; `null`, `undefined` and `false` render nothing, so `${cond && html\`…\`}` works; objects are
 * rendered as escaped JSON.
 */
export function html(strings: TemplateStringsArray, ...values: readonly unknown[]): SafeHtml {
  let out = strings[0] ?? '';
  values.forEach((value, i) => {
    out += render(value) + (strings[i + 1] ?? '');
  });
  return new SafeHtml(out);
}

/** One `<option>` of a `<select>` (value and label escaped). */
export function option(value: string, label: string, selected: boolean): SafeHtml {
  return html`<option value="${value}"${selected ? html` selected` : ''}>${label}</option>`;
}
