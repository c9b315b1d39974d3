import { describe, expect, it } from 'vitest';
import { hostnameOf, parseHostHeader, parseOrigin } from '../../src/lib/hostHeader.js';

describe('parseHostHeader', () => {
  it.each([
    ['localhost', { hostname: 'localhost', port: null }],
    ['LocalHost:3001', { hostname: 'localhost', port: 3001 }],
    ['127.0.0.1:8080', { hostname: '127.0.0.1', port: 8080 }],
    ['[::1]', { hostname: '[::1]', port: null }],
    ['[::1]:3001', { hostname: '[::1]', port: 3001 }],
    ['victim.ngrok.dev', { hostname: 'victim.ngrok.dev', port: null }],
  ])('accepts %s', (header, expected) => {
    expect(parseHostHeader(header)).toEqual(expected);
  });

  it.each([
    'victim.ngrok.dev:evil',
    '[::1]evil',
    '[::1]:evil',
    'localhost:',
    'localhost:0',
    'localhost:65536',
    'localhost:3001:3002',
    'local host',
    'evil.com@localhost',
    'localhost/path',
    '[::1',
    '',
  ])('refuses %j', (header) => {
    expect(parseHostHeader(header)).toBeNull();
    expect(hostnameOf(header)).toBeNull();
  });
});

describe('parseOrigin', () => {
  it('fills in default ports so equal origins compare equal, and keeps the scheme', () => {
    expect(parseOrigin('https://poke.com')?.key).toBe('https://poke.com:443');
    expect(parseOrigin('https://Poke.com:443/')?.key).toBe('https://poke.com:443');
    expect(parseOrigin('http://poke.com')?.key).toBe('http://poke.com:80');
    expect(parseOrigin('http://[::1]:3001')).toEqual({
      scheme: 'http',
      hostname: '[::1]',
      port: 3001,
      key: 'http://[::1]:3001',
    });
  });

  it.each([
    'null',
    'file://',
    'ftp://poke.com',
    'https://poke.com/path',
    'https://poke.com:evil',
    'https://user@poke.com',
    'https://[::1]evil',
    'poke.com',
  ])('refuses %j', (origin) => {
    expect(parseOrigin(origin)).toBeNull();
  });
});
