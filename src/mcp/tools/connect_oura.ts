/**
 * `connect_oura`: the connection status plus a fresh one-time authorize link, so the owner can
 * connect (or reconnect) Oura from the chat ("connect my Oura").
 */
import { z } from 'zod';
import { defineTool } from '../tool.js';

const inputSchema = z.object({});

const outputSchema = z.object({
  connected: z.boolean().describe('True when the server holds a usable Oura connection.'),
  scope: z.string().nullable().describe('Granted Oura scopes, space separated; null when not connected.'),
  expires_at: z
    .string()
    .nullable()
    .describe('ISO 8601 expiry of the current access token (it is refreshed automatically); null when not connected.'),
  authorize_url: z
    .string()
    .describe(
      'A fresh one-time link (single use, valid 10 minutes) the owner opens in a browser to connect or reconnect Oura.',
    ),
  error: z.string().nullable().describe('Why the connection is unusable, when it is; otherwise null.'),
});

export const connectOura = defineTool({
  name: 'connect_oura',
  title: 'Connect Oura',
  description: 'Connection status and a one-time link (10 min) to (re)connect Oura; use after error -32000.',
  inputSchema,
  outputSchema,
  annotations: {
    title: 'Connect Oura',
    readOnlyHint: true,
    openWorldHint: false,
    destructiveHint: false,
    idempotentHint: false,
  },
  async handler(_args, context) {
    const status = await context.connection.status();
    const authorizeUrl = context.connection.createAuthorizeLink();
    let text: string;
    if (status.connected) {
      const scope = status.scope ? ` with scopes: ${status.scope}` : '';
      text =
        `Oura is connected${scope}. Nothing to do. ` +
        `To reconnect or grant more permissions, the owner can open this one-time link (single use, valid 10 minutes): ${authorizeUrl}`;
    } else {
      const why = status.error ? ` (${status.error})` : '';
      text =
        `Oura is not connected${why}. Give the owner this one-time link to open in a browser and approve access (single use, valid 10 minutes): ${authorizeUrl} ` +
        '— after they approve, the Oura tools work.';
    }
    return {
      structured: {
        connected: status.connected,
        scope: status.scope,
        expires_at: status.expires_at,
        authorize_url: authorizeUrl,
        error: status.error,
      },
      text,
    };
  },
});
