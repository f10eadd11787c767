// Lists /openapi.json: per tag, each operation with its access, parameters and answers.
const $ = (id) => document.getElementById(id);

function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  e.append(...children.filter((c) => c !== null && c !== undefined));
  return e;
}

/** A JSON Schema, shortly: type, enum, bounds, pattern. */
function typeOf(s = {}) {
  if (s.enum) return s.enum.join(' | ');
  if (s.anyOf) return s.anyOf.map(typeOf).join(' | ');
  let t = Array.isArray(s.type) ? s.type.join(' | ') : (s.type ?? 'any');
  if (t === 'array') t = `${typeOf(s.items)}[]`;
  const bounds = [s.minimum !== undefined && `≥ ${s.minimum}`, s.maximum !== undefined && `≤ ${s.maximum}`, s.pattern && `/${s.pattern}/`].filter(Boolean);
  return bounds.length ? `${t} (${bounds.join(', ')})` : t;
}

/** The fields of an object schema, one level deep. */
function fields(s) {
  if (!s?.properties) return typeOf(s);
  return Object.entries(s.properties).map(([k, v]) => `${k}${s.required?.includes(k) ? '' : '?'}: ${typeOf(v)}`).join(', ');
}

function table(head, rows) {
  return el('table', {}, el('tr', {}, ...head.map((h) => el('th', {}, h))), ...rows.map((r) => el('tr', {}, ...r.map((c) => el('td', {}, c)))));
}

function operation(path, method, op) {
  const roles = op['x-roles']?.length ? `roles: ${op['x-roles'].join(', ')}` : 'no key';
  const params = (op.parameters ?? []).map((p) => [
    el('code', {}, p.name), p.in, p.required ? 'yes' : '', typeOf(p.schema), p.description ?? '',
  ]);
  const body = op.requestBody?.content;
  const responses = Object.entries(op.responses).map(([status, r]) => {
    const [type, media] = Object.entries(r.content ?? {})[0] ?? ['', {}];
    const shape = media.schema?.$ref ? '{ error: { code, message } }' : media.schema ? fields(media.schema) : '';
    return [el('code', {}, status), r.description ?? '', type, shape];
  });
  return el('section', { class: 'op', id: `${method}-${path}` },
    el('h3', {}, el('span', { class: `method ${method}` }, method.toUpperCase()), path),
    el('p', {}, op.summary ?? ''),
    el('p', { class: 'access' }, `${op.description ?? ''} (${roles})`),
    params.length ? table(['parameter', 'in', 'required', 'type', ''], params) : null,
    body ? el('p', {}, 'body: ', ...Object.entries(body).map(([type, m]) => `${type} ${m.schema ? fields(m.schema) : ''}`)) : null,
    table(['status', '', 'type', 'shape'], responses),
  );
}

async function main() {
  const res = await fetch('/openapi.json');
  if (!res.ok) throw new Error(`/openapi.json answered ${res.status}`);
  const doc = await res.json();
  const byTag = new Map((doc.tags ?? []).map((t) => [t.name, []]));
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
      const tag = op.tags?.[0] ?? 'other';
      if (!byTag.has(tag)) byTag.set(tag, []);
      byTag.get(tag).push(operation(path, method, op));
    }
  }
  $('routes').replaceChildren(...[...byTag].flatMap(([tag, ops]) => [el('h2', { id: `tag-${tag}` }, tag), ...ops]));
  $('toc').replaceChildren(...[...byTag.keys()].map((tag) => el('a', { href: `#tag-${tag}` }, tag)));
  document.body.dataset.ready = 'true';
}

main().catch((e) => $('routes').replaceChildren(el('p', { class: 'error' }, String(e.message))));
