/**
 * A minimal MCP Apps host for the browser tests, built on the official `AppBridge`
 * (`@modelcontextprotocol/ext-apps/app-bridge`): it embeds a view's HTML in a sandboxed iframe, hands it
 * the tool input and result, and forwards the view's `tools/call` requests to `window.hostCallTool`,
 * which the test binds to a real MCP client of the server under test. Bundled by esbuild for the page.
 */
import type { CallToolRequest, CallToolResult } from '@modelcontextprotocol/client';
import { AppBridge, PostMessageTransport, type McpUiHostContext } from '@modelcontextprotocol/ext-apps/app-bridge';

export interface EmbedOptions {
  html: string;
  toolName: string;
  input: Record<string, unknown>;
  result: CallToolResult;
  hostContext: McpUiHostContext;
}

declare global {
  interface Window {
    hostCallTool(params: CallToolRequest['params']): Promise<CallToolResult>;
    embedView(options: EmbedOptions): Promise<void>;
    setHostContext(context: McpUiHostContext): void;
  }
}

let bridge: AppBridge | undefined;

window.embedView = async (options) => {
  const iframe = document.createElement('iframe');
  // Like the hosts: scripts run, but in an opaque origin with no access to the host page.
  iframe.setAttribute('sandbox', 'allow-scripts');
  iframe.title = options.toolName;
  iframe.srcdoc = options.html;
  document.getElementById('host')!.replaceChildren(iframe);
  bridge = new AppBridge(
    null,
    { name: 'oura-test-host', version: '1.0.0' },
    { serverTools: {} },
    { hostContext: options.hostContext },
  );
  bridge.oncalltool = (params) => window.hostCallTool(params);
  bridge.onsizechange = ({ height }) => {
    if (height !== undefined) iframe.height = String(height);
  };
  const initialised = new Promise<void>((resolve) => {
    bridge!.oninitialized = () => resolve();
  });
  await bridge.connect(new PostMessageTransport(iframe.contentWindow!, iframe.contentWindow!));
  await initialised;
  await bridge.sendToolInput({ arguments: options.input });
  await bridge.sendToolResult(options.result);
};

window.setHostContext = (context) => bridge?.setHostContext(context);
