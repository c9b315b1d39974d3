import { describe, expect, it } from 'vitest';
import { parseCommandLine } from '../../src/cli/args.js';
import {
  checkClientId,
  checkClientSecret,
  checkPort,
  checkPublicUrl,
  checkTimeZone,
} from '../../src/cli/setupValues.js';

describe('setup refuses bad input with the reason', () => {
  it.each([
    ['https://me.ngrok.dev/', /trailing slash/],
    ['https://me.ngrok.dev/oauth/callback', /without a path \(drop "\/oauth\/callback"\)/],
    ['http://me.example.com', /http:\/\/ is only allowed for localhost; me\.example\.com/],
    ['me.ngrok.dev', /not an absolute URL/],
    ['ftp://me.ngrok.dev', /must start with https/],
    ['https://me.ngrok.dev?x=1', /\?query/],
    ['https://user:pw@me.ngrok.dev', /user name or password/],
    ['https://your-domain.ngrok.dev', /placeholder/],
  ])('public URL %s', (value, reason) => {
    const checked = checkPublicUrl(value);
    expect(checked.ok).toBe(false);
    expect(checked.ok ? '' : checked.reason).toMatch(reason);
  });

  it.each([
    ['https://me.ngrok.dev', 'https://me.ngrok.dev'],
    ['  https://Me.NGROK.dev  ', 'https://me.ngrok.dev'],
    ['http://localhost:3001', 'http://localhost:3001'],
    ['http://127.0.0.1:8080', 'http://127.0.0.1:8080'],
  ])('public URL %s is accepted as %s', (value, origin) => {
    expect(checkPublicUrl(value)).toEqual({ ok: true, value: origin });
  });

  it('client ids, secrets, ports and zones', () => {
    expect(checkClientId('ABCDEFGH12345678')).toEqual({ ok: true, value: 'ABCDEFGH12345678' });
    expect(checkClientId('')).toMatchObject({ ok: false, reason: expect.stringMatching(/empty/) as unknown });
    expect(checkClientId('two words')).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/no spaces/) as unknown,
    });
    expect(checkClientId('your-client-id')).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/placeholder/) as unknown,
    });
    expect(checkClientSecret('s3cr3t-s3cr3t-s3cr3t')).toEqual({ ok: true, value: 's3cr3t-s3cr3t-s3cr3t' });
    expect(checkClientSecret('short')).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/12 to 256/) as unknown,
    });
    expect(checkPort('3001')).toEqual({ ok: true, value: '3001' });
    expect(checkPort('70000').ok).toBe(false);
    expect(checkPort('0').ok).toBe(false);
    expect(checkTimeZone('Europe/Berlin')).toEqual({ ok: true, value: 'Europe/Berlin' });
    expect(checkTimeZone('Mars/Olympus')).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/IANA/) as unknown,
    });
  });
});

describe('the command line', () => {
  it('defaults to start; --help and --version win over a command', () => {
    expect(parseCommandLine([])).toMatchObject({ command: 'start', stdio: false, envFile: undefined });
    expect(parseCommandLine(['--stdio', '--env-file', '/c.env'])).toMatchObject({
      command: 'start',
      stdio: true,
      envFile: '/c.env',
    });
    expect(parseCommandLine(['setup', '--help']).command).toBe('help');
    expect(parseCommandLine(['-v']).command).toBe('version');
    expect(parseCommandLine(['doctor', '--offline']).options.offline).toBe(true);
  });

  it.each([
    [['frobnicate'], /Unknown command "frobnicate"/],
    [['--nope'], /Unknown option '--nope'/],
    [['setup', 'extra'], /Unexpected argument "extra"/],
    [['doctor', '--stdio'], /--stdio goes with `start`/],
  ])('%j is a usage error pointing at --help', (argv, message) => {
    expect(() => parseCommandLine(argv)).toThrow(message);
    expect(() => parseCommandLine(argv)).toThrow(/oura-mcp-server --help/);
  });
});
