/**
 * The simulator's default OAuth client and the server configuration that points at a simulator.
 * Kept free of imports so processes that only talk to a simulator (the benchmark's server) stay lean.
 */

/** The client registered by default. */
export const DEFAULT_CLIENT = { clientId: 'sim-client-id', clientSecret: 'sim-client-secret' } as const;

/**
 * The server's OAuth client and Oura URLs pointed at a simulator on `simUrl` (environment-variable
 * form, for `parseConfig`): what the demo, the test harness and the benchmark all need.
 */
export function simulatorEnv(simUrl: string): Record<string, string> {
  return {
    OURA_CLIENT_ID: DEFAULT_CLIENT.clientId,
    OURA_CLIENT_SECRET: DEFAULT_CLIENT.clientSecret,
    OURA_API_BASE_URL: simUrl,
    OURA_AUTHORIZE_URL: `${simUrl}/oauth/authorize`,
    OURA_TOKEN_URL: `${simUrl}/oauth/token`,
    OURA_TOKEN_URL_FALLBACK: `${simUrl}/oauth/v2/ext/oauth-token`,
  };
}
