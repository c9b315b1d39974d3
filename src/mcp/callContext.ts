/**
 * The per-call part of a tool's context, built from what the SDK hands a request handler: the request's
 * abort signal and, when the client sent a `progressToken`, a reporter that sends
 * `notifications/progress` with a strictly increasing `progress` per upstream step. Structural types,
 * so any SDK version's handler `extra` fits.
 */
import { scopeSource } from '../oura/callScope.js';
import type { ProgressReporter, ToolContext, ToolEnvironment } from './tool.js';

type ProgressToken = string | number;

/** What `withCallContext` reads from the SDK's request handler `extra`. */
export interface CallExtra {
  signal: AbortSignal;
  _meta?: { progressToken?: ProgressToken | undefined } | undefined;
  sendNotification: (notification: {
    method: 'notifications/progress';
    params: { progressToken: ProgressToken; progress: number; message?: string };
  }) => Promise<void>;
}

interface Progress {
  report: ProgressReporter;
  /** Resolves once every notification sent so far left (the answer must not overtake them). */
  sent(): Promise<void>;
}

const NO_PROGRESS: Progress = { report: () => undefined, sent: () => Promise.resolve() };

function progressOf(extra: CallExtra, environment: ToolEnvironment): Progress {
  const progressToken = extra._meta?.progressToken;
  if (progressToken === undefined) return NO_PROGRESS;
  let progress = 0;
  let last = Promise.resolve();
  return {
    report: (message) => {
      progress += 1;
      // Progress is a courtesy: a client that went away must not fail the call.
      last = extra
        .sendNotification({ method: 'notifications/progress', params: { progressToken, progress, message } })
        .catch((error: unknown) => {
          environment.logger.debug('progress notification not sent', { error });
        });
    },
    sent: () => last,
  };
}

/**
 * Runs `call` with the context of one tool call: the environment, the call's signal and progress, and a
 * source bound to both. The result is returned after the call's progress notifications were sent.
 */
export async function withCallContext<R>(
  environment: ToolEnvironment,
  extra: CallExtra,
  call: (context: ToolContext) => Promise<R>,
): Promise<R> {
  const progress = progressOf(extra, environment);
  const source = scopeSource(environment.source, {
    signal: extra.signal,
    onUpstreamStep: (step) => progress.report(`Fetched ${step.collection} from Oura (page ${step.page})`),
  });
  const result = await call({ ...environment, source, signal: extra.signal, progress: progress.report });
  await progress.sent();
  return result;
}
