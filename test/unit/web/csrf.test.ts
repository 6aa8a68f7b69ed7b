import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fetchSiteAllowed, originAllowed, tokensMatch } from '../../../web/plugins/app/csrf';

describe('CSRF checks', () => {
  it('allows same-origin and user-typed navigations, refuses cross-site and same-site', () => {
    assert.equal(fetchSiteAllowed(undefined), true);
    assert.equal(fetchSiteAllowed('same-origin'), true);
    assert.equal(fetchSiteAllowed('none'), true);
    assert.equal(fetchSiteAllowed('cross-site'), false);
    assert.equal(fetchSiteAllowed('same-site'), false);
  });

  it('accepts an Origin naming this host, on http or https', () => {
    assert.equal(originAllowed(undefined, 'http://ciao.example:3000'), true);
    assert.equal(originAllowed('http://ciao.example:3000', 'http://ciao.example:3000'), true);
    assert.equal(originAllowed('https://Ciao.Example', 'https://ciao.example'), true);
    assert.equal(originAllowed('http://localhost', 'http://localhost:80'), true);
  });

  it('refuses a foreign, opaque or malformed Origin', () => {
    assert.equal(originAllowed('https://evil.example', 'https://ciao.example'), false);
    assert.equal(originAllowed('http://ciao.example:4000', 'http://ciao.example:3000'), false);
    assert.equal(originAllowed('null', 'http://ciao.example'), false);
    assert.equal(originAllowed('not a url', 'http://ciao.example'), false);
    assert.equal(originAllowed('file:///x', 'http://ciao.example'), false);
    assert.equal(originAllowed('https://127.0.0.1:3000', 'http://127.0.0.1:3000'), false, 'the scheme counts');
  });

  it('matches only the exact token', () => {
    assert.equal(tokensMatch('abc', 'abc'), true);
    assert.equal(tokensMatch('abc', 'abd'), false);
    assert.equal(tokensMatch('abc', 'abcd'), false);
    assert.equal(tokensMatch('abc', ''), false);
    assert.equal(tokensMatch('abc', undefined), false);
    assert.equal(tokensMatch('abc', ['abc']), false);
  });
});
