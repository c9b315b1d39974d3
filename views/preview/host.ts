/**
 * `/apps/preview` (demo mode): every chart in a browser without a chat client. A small MCP Apps host
 * built on the official `AppBridge`: it connects to this server's `/mcp` with the API key, lists the
 * tools that name a view, reads each view through `resources/read`, calls the tool with sample
 * arguments and embeds the view in a sandboxed iframe with that result; the views' own tool calls go
 * back to `/mcp`. The key arrives in the URL fragment (browsers never send a fragment, so no server
 * log sees it) or through the form, and is kept in this tab's sessionStorage only.
 */
import { Client, StreamableHTTPClientTransport, type Tool } from '@modelcontextprotocol/client';
import { AppBridge, PostMessageTransport, type McpUiHostContext } from '@modelcontextprotocol/ext-apps/app-bridge';
import { addDays } from '../../src/lib/time.js';

const KEY_STORAGE = 'oura-preview-key';

/** Arguments each view is first shown with; its buttons ask for others. */
const SAMPLE_ARGS: Record<string, (today: string) => Record<string, unknown>> = {
  get_sleep_summary: (today) => ({ start_date: addDays(today, -13), end_date: today }),
  get_sleep_detailed: (today) => ({ start_date: today, end_date: today }),
  get_readiness_score: (today) => ({ start_date: addDays(today, -13), end_date: today }),
  get_activity_summary: (today) => ({ start_date: addDays(today, -13), end_date: today }),
  get_heart_rate: (today) => ({
    start_datetime: `${addDays(today, -1)}T00:00`,
    end_datetime: `${addDays(today, -1)}T23:59`,
  }),
  get_health_insights: (today) => ({ days: 7, end_date: today }),
};

function takeKey(): string | null {
  const fromFragment = new URLSearchParams(location.hash.slice(1)).get('key');
  if (fromFragment) {
    sessionStorage.setItem(KEY_STORAGE, fromFragment);
    // Out of the address bar and the history at once.
    history.replaceState(null, '', location.pathname);
  }
  return sessionStorage.getItem(KEY_STORAGE);
}

function status(message: string, kind: 'info' | 'error' = 'info'): void {
  const node = document.getElementById('status')!;
  node.textContent = message;
  node.dataset.kind = kind;
}

function askForKey(message: string): void {
  status(message, 'error');
  const form = document.getElementById('key-form') as HTMLFormElement;
  form.hidden = false;
  form.onsubmit = (event) => {
    event.preventDefault();
    const input = form.elements.namedItem('key') as HTMLInputElement;
    sessionStorage.setItem(KEY_STORAGE, input.value.trim());
    form.hidden = true;
    void start();
  };
}

function hostContext(): McpUiHostContext {
  return {
    theme: matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light',
    timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
    locale: navigator.language,
    platform: 'web',
  };
}

async function embed(client: Client, tool: Tool, resourceUri: string, today: string): Promise<void> {
  const section = document.createElement('section');
  const heading = document.createElement('h2');
  heading.textContent = `${tool.title ?? tool.name} — ${tool.name}`;
  const iframe = document.createElement('iframe');
  iframe.setAttribute('sandbox', 'allow-scripts');
  iframe.title = resourceUri;
  section.append(heading, iframe);
  document.getElementById('views')!.append(section);

  const resource = await client.readResource({ uri: resourceUri });
  const content = resource.contents[0];
  iframe.srcdoc = content && 'text' in content ? content.text : '';
  const args = SAMPLE_ARGS[tool.name]?.(today) ?? {};
  const bridge = new AppBridge(
    null,
    { name: 'oura-apps-preview', version: '1.0.0' },
    { serverTools: {} },
    { hostContext: hostContext() },
  );
  bridge.oncalltool = (params) => client.callTool(params);
  bridge.onsizechange = ({ height }) => {
    if (height !== undefined) iframe.height = String(height);
  };
  const initialised = new Promise<void>((resolve) => {
    bridge.oninitialized = () => resolve();
  });
  await bridge.connect(new PostMessageTransport(iframe.contentWindow!, iframe.contentWindow!));
  await initialised;
  await bridge.sendToolInput({ arguments: args });
  await bridge.sendToolResult(await client.callTool({ name: tool.name, arguments: args }));
}

/**
 * Our `/mcp` is stateless and has no stream to GET (it answers 405, which the client expects); the
 * page answers that itself rather than have the browser log a failed request.
 */
const statelessFetch: typeof fetch = (input, init) =>
  init?.method === 'GET' ? Promise.resolve(new Response(null, { status: 405 })) : fetch(input, init);

async function start(): Promise<void> {
  const key = takeKey();
  if (!key) return askForKey('Paste the API key the demo printed.');
  status('Connecting…');
  const client = new Client({ name: 'oura-apps-preview', version: '1.0.0' });
  try {
    await client.connect(
      new StreamableHTTPClientTransport(new URL('/mcp', location.origin), {
        requestInit: { headers: { Authorization: `Bearer ${key}` } },
        fetch: statelessFetch,
      }),
    );
  } catch (error) {
    sessionStorage.removeItem(KEY_STORAGE);
    return askForKey(
      `The server refused the key (${error instanceof Error ? error.message : String(error)}): paste the API key the demo printed.`,
    );
  }
  const today = document.documentElement.dataset.today ?? new Date().toISOString().slice(0, 10);
  const { tools } = await client.listTools();
  const withViews = tools.flatMap((tool) => {
    const ui = (tool._meta as { ui?: { resourceUri?: unknown } } | undefined)?.ui;
    return typeof ui?.resourceUri === 'string' ? [{ tool, uri: ui.resourceUri }] : [];
  });
  status(`${withViews.length} charts, drawn from the simulated Oura cloud (today is ${today} for the owner).`);
  for (const { tool, uri } of withViews) await embed(client, tool, uri, today);
  document.documentElement.dataset.ready = 'true';
}

void start().catch((error: unknown) => status(error instanceof Error ? error.message : String(error), 'error'));
