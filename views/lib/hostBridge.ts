/**
 * The view's side of MCP Apps (ext-apps spec 2026-01-26): JSON-RPC 2.0 over `postMessage` with the
 * host. The official `App` class bundles the SDK client and zod (649 KB minified, measured), four
 * times the 150 KB a resource may weigh; this speaks the same messages in a few hundred lines, typed
 * against the spec's own types and proven against the official `AppBridge` in Chromium
 * (test/apps/views.browser.test.ts).
 */
import type { CallToolResult } from '@modelcontextprotocol/client';
import type { McpUiHostContext, McpUiInitializeResult } from '@modelcontextprotocol/ext-apps';

const PROTOCOL_VERSION = '2026-01-26';

interface JsonRpcMessage {
  jsonrpc: '2.0';
  id?: string | number;
  method?: string;
  params?: unknown;
  result?: unknown;
  error?: { code: number; message: string };
}

export interface HostEvents {
  /** The arguments of the tool call this view draws (sent once, before the result). */
  onToolInput(args: Record<string, unknown>): void;
  onToolResult(result: CallToolResult): void;
  /** Only the changed fields. */
  onHostContext(context: McpUiHostContext): void;
  onToolCancelled(reason: string | undefined): void;
}

function isMessage(value: unknown): value is JsonRpcMessage {
  return typeof value === 'object' && value !== null && (value as { jsonrpc?: unknown }).jsonrpc === '2.0';
}

/** A connected host: what it said at initialisation, and the requests a view may send it. */
export class HostBridge {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  initialized: McpUiInitializeResult | undefined;

  private constructor(
    private readonly host: Window,
    private readonly events: HostEvents,
  ) {
    window.addEventListener('message', (event) => {
      // Only the embedding host speaks to the view; anything else (another frame, an extension) is ignored.
      if (event.source !== this.host || !isMessage(event.data)) return;
      this.receive(event.data);
    });
  }

  /** Sends `ui/initialize`, waits for the host's answer, then `ui/notifications/initialized`. */
  static async connect(appName: string, events: HostEvents, host: Window = window.parent): Promise<HostBridge> {
    const bridge = new HostBridge(host, events);
    bridge.initialized = (await bridge.request('ui/initialize', {
      appInfo: { name: appName, version: '1.0.0' },
      appCapabilities: {},
      protocolVersion: PROTOCOL_VERSION,
    })) as McpUiInitializeResult;
    bridge.notify('ui/notifications/initialized', {});
    bridge.reportSize();
    return bridge;
  }

  /** True when the host forwards `tools/call` to the server (the range buttons need it). */
  get canCallTools(): boolean {
    return this.initialized?.hostCapabilities.serverTools !== undefined;
  }

  /** Calls one of the server's tools through the host (which may ask the owner first). */
  async callTool(name: string, args: Record<string, unknown>): Promise<CallToolResult> {
    return (await this.request('tools/call', { name, arguments: args })) as CallToolResult;
  }

  /** Tells the host how tall the content is, now and whenever it changes. */
  private reportSize(): void {
    let last = '';
    const send = () => {
      const root = document.documentElement;
      const size = { width: Math.ceil(window.innerWidth), height: Math.ceil(root.getBoundingClientRect().height) };
      const key = `${size.width}x${size.height}`;
      if (key === last) return;
      last = key;
      this.notify('ui/notifications/size-changed', size);
    };
    send();
    new ResizeObserver(send).observe(document.body);
  }

  private request(method: string, params: unknown): Promise<unknown> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.host.postMessage({ jsonrpc: '2.0', id, method, params }, '*');
    });
  }

  private notify(method: string, params: unknown): void {
    this.host.postMessage({ jsonrpc: '2.0', method, params }, '*');
  }

  private respond(id: string | number, result: unknown): void {
    this.host.postMessage({ jsonrpc: '2.0', id, result }, '*');
  }

  private receive(message: JsonRpcMessage): void {
    if (message.method === undefined) {
      const waiting = typeof message.id === 'number' ? this.pending.get(message.id) : undefined;
      if (!waiting) return;
      this.pending.delete(message.id as number);
      if (message.error) waiting.reject(new Error(message.error.message));
      else waiting.resolve(message.result);
      return;
    }
    if (message.id !== undefined) {
      // Requests from the host: ping and teardown need only an empty answer; nothing else is offered.
      if (message.method === 'ping' || message.method === 'ui/resource-teardown') this.respond(message.id, {});
      else
        this.host.postMessage(
          { jsonrpc: '2.0', id: message.id, error: { code: -32601, message: `Method not found: ${message.method}` } },
          '*',
        );
      return;
    }
    const params = (message.params ?? {}) as Record<string, unknown>;
    switch (message.method) {
      case 'ui/notifications/tool-input':
        this.events.onToolInput((params.arguments as Record<string, unknown> | undefined) ?? {});
        break;
      case 'ui/notifications/tool-result':
        this.events.onToolResult(params as unknown as CallToolResult);
        break;
      case 'ui/notifications/host-context-changed':
        this.events.onHostContext(params);
        break;
      case 'ui/notifications/tool-cancelled':
        this.events.onToolCancelled(typeof params.reason === 'string' ? params.reason : undefined);
        break;
    }
  }
}
