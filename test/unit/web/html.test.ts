import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { escapeHtml, html, raw, SafeHtml } from '../../../web/html';

describe('html tagged template', () => {
  it('escapes a script tag in a text value', () => {
    const out = html`<p>${'<script>alert(1)</script>'}</p>`.toString();
    assert.equal(out, '<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>');
  });

  it('keeps a value with quotes inside its attribute', () => {
    const out = html`<a title="${`x" onmouseover="alert(1)`}" data-x='${"y' onclick='alert(2)"}'>t</a>`.toString();
    assert.equal(out, `<a title="x&quot; onmouseover=&quot;alert(1)" data-x='y&#39; onclick=&#39;alert(2)'>t</a>`);
  });

  it('escapes ampersands first, so entities in input stay visible as text', () => {
    assert.equal(escapeHtml('&lt; & `'), '&amp;lt; &amp; &#96;');
  });

  it('inserts nested html fragments and raw() without escaping them again', () => {
    const inner = html`<b>${'a<b'}</b>`;
    const out = html`<div>${inner}${raw('<hr>')}</div>`.toString();
    assert.equal(out, '<div><b>a&lt;b</b><hr></div>');
  });

  it('concatenates lists item by item, each escaped', () => {
    const out = html`<ul>${['<i>', 'ok'].map((x) => html`<li>${x}</li>`)}${['<raw-string>']}</ul>`.toString();
    assert.equal(out, '<ul><li>&lt;i&gt;</li><li>ok</li>&lt;raw-string&gt;</ul>');
  });

  it('renders nothing for null, undefined and false, and numbers as they are', () => {
    const flag = false as boolean;
    const out = html`[${null}${undefined}${flag && html`<x>`}${0}${2.5}]`.toString();
    assert.equal(out, '[02.5]');
  });

  it('renders an object as escaped JSON, never as markup', () => {
    const out = html`<pre>${{ a: '</pre><script>' }}</pre>`.toString();
    assert.equal(out, '<pre>{&quot;a&quot;:&quot;&lt;/pre&gt;&lt;script&gt;&quot;}</pre>');
  });

  it('returns a SafeHtml whose string form is the markup', () => {
    const out = html`<i>${'x'}</i>`;
    assert.ok(out instanceof SafeHtml);
    assert.equal(`${out.toString()}`, '<i>x</i>');
  });
});
