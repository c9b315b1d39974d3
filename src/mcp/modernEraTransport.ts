/**
 * Serves 2026-07-28 requests through the SDK v1 `Server` on any transport (stdio, the /mcp JSON
 * transport): a request with a 2026 envelope is checked ({@link checkModernRequest}; a failure is
 * answered here and never reaches the server), and its result is completed for a 2026 client
 * ({@link completeModernResult}). 2025-era messages pass through untouched, so one connection may
 * serve either era.
 */
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import {
  isJSONRPCRequest,
  isJSONRPCResultResponse,
  type JSONRPCMessage,
  type MessageExtraInfo,
  type RequestId,
} from '@modelcontextprotocol/sdk/types.js';
import { checkModernRequest, completeModernResult, isModernMessage } from './protocolEra.js';

export class ModernEraTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage, extra?: MessageExtraInfo) => void;

  /** The method of each 2026 request still unanswered, by id. */
  private readonly modern = new Map<RequestId, string>();

  constructor(
    private readonly inner: Transport,
    private readonly serverInfo: { name: string; version: string },
  ) {}

  get sessionId(): string | undefined {
    return this.inner.sessionId;
  }

  async start(): Promise<void> {
    this.inner.onclose = () => this.onclose?.();
    this.inner.onerror = (error) => this.onerror?.(error);
    this.inner.onmessage = (message, extra) => this.receive(message, extra);
    await this.inner.start();
  }

  close(): Promise<void> {
    return this.inner.close();
  }

  send(message: JSONRPCMessage, options?: Parameters<Transport['send']>[1]): Promise<void> {
    if (isJSONRPCResultResponse(message)) {
      const method = this.modern.get(message.id);
      if (method !== undefined) {
        this.modern.delete(message.id);
        const result = completeModernResult(method, message.result, this.serverInfo);
        return this.inner.send({ ...message, result: result }, options);
      }
    } else if ('id' in message && message.id !== undefined && 'error' in message) {
      this.modern.delete(message.id);
    }
    return this.inner.send(message, options);
  }

  private receive(message: JSONRPCMessage, extra?: MessageExtraInfo): void {
    if (isJSONRPCRequest(message) && isModernMessage(message)) {
      const rejection = checkModernRequest(message);
      if (rejection) {
        this.inner
          .send({ jsonrpc: '2.0', id: message.id, error: rejection })
          .catch((error: unknown) => this.onerror?.(error instanceof Error ? error : new Error(String(error))));
        return;
      }
      this.modern.set(message.id, message.method);
    }
    this.onmessage?.(message, extra);
  }
}
