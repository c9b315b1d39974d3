import { describe, expect, it } from 'vitest';
import {
  authorizeUnauthorizedPage,
  badRequestPage,
  deniedPage,
  escapeHtml,
  exchangeFailedPage,
  invalidStatePage,
  oauthErrorPage,
  PAGE_HEADERS,
  successPage,
} from '../../src/oauth/pages.js';

const XSS = `"><script>alert(1)</script><img src=x onerror=alert(2)>'\``;

describe('OAuth pages', () => {
  it('escapeHtml escapes every HTML-significant character', () => {
    expect(escapeHtml(`<a href="x" onclick='y'>&\`</a>`)).toBe(
      '&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&#96;&lt;/a&gt;',
    );
  });

  it.each([
    [
      'success',
      successPage('daily heartrate'),
      200,
      'Oura is connected — you can close this tab and ask about your sleep',
    ],
    ['denied', deniedPage('https://example.test/oauth/authorize?grant=abc'), 200, 'declined'],
    ['invalid state', invalidStatePage('reused'), 400, 'already used'],
    ['expired state', invalidStatePage('expired'), 400, 'expired'],
    ['bad request', badRequestPage(), 400, 'refused'],
    ['oauth error', oauthErrorPage('invalid_scope', null), 400, 'invalid_scope'],
    ['unauthorized', authorizeUnauthorizedPage('missing'), 401, '/oauth/status'],
    ['exchange rejected', exchangeFailedPage('rejected', null), 502, 'byte for byte'],
    ['exchange client', exchangeFailedPage('client', null), 502, 'OURA_CLIENT_SECRET'],
    ['exchange unavailable', exchangeFailedPage('unavailable', null), 502, 'Wait a minute'],
    ['storage', exchangeFailedPage('storage', null), 500, 'TOKENS_FILE'],
  ])('%s page: status and message', (_name, page, status, text) => {
    expect(page.status).toBe(status);
    expect(page.html).toContain(escapeHtml(text));
  });

  it('the 401 page says every way to get a link', () => {
    const { html } = authorizeUnauthorizedPage('missing');
    expect(html).toContain('connect my Oura');
    expect(html).toContain('authorize_url');
    expect(html).toContain('log');
  });

  it('pages are self-contained: no scripts, no external assets', () => {
    for (const page of [
      successPage(null),
      deniedPage('https://x.test/a'),
      exchangeFailedPage('rejected', 'https://x.test/a'),
      authorizeUnauthorizedPage('expired'),
    ]) {
      expect(page.html).not.toMatch(/<script|<link|src=|@import|url\(/i);
    }
  });

  it('escapes everything echoed', () => {
    for (const page of [successPage(XSS), oauthErrorPage(XSS, null)]) {
      expect(page.html).not.toContain('<script>');
      expect(page.html).not.toContain('<img');
      expect(page.html).toContain('&lt;script&gt;');
    }
  });

  it('refuses non-http links as buttons', () => {
    const page = deniedPage('javascript:alert(1)');
    expect(page.html).not.toContain('javascript:');
  });

  it('headers forbid caching, referrers, framing and scripts', () => {
    expect(PAGE_HEADERS['Cache-Control']).toBe('no-store');
    expect(PAGE_HEADERS['Referrer-Policy']).toBe('no-referrer');
    expect(PAGE_HEADERS['Content-Security-Policy']).toContain("default-src 'none'");
    expect(PAGE_HEADERS['Content-Security-Policy']).toContain("frame-ancestors 'none'");
  });
});
