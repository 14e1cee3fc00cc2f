import { runDueSweep } from '../recalculation/index.ts';
import { ConfigError } from '../server/config.ts';
import { createLogger } from '../server/logger.ts';
import {
  isApiGatewayV2Event,
  isScheduledEvent,
  toApiGatewayResult,
  toHandlerRequest,
  type ApiGatewayV2Result,
  type LambdaContext,
} from './api-gateway-event.ts';
import { bundledModelText } from './bundled-model.ts';
import { runScheduledSweep, type DueSweep } from './scheduled-sweep.ts';
import { routeServerlessRequest } from './serverless-routes.ts';
import { createServerlessRuntime, type ServerlessRuntime } from './serverless-runtime.ts';

/**
 * AWS Lambda entry (`handler`): API Gateway HTTP API requests (payload format 2.0) for the
 * webhook, the card API and /healthz, and EventBridge scheduled events for the due sweep.
 */

export interface LambdaHandlerOptions<Summary extends { stopped: boolean }> {
  /** Built once per cold start; called again after a failed start. */
  runtime: () => Promise<ServerlessRuntime>;
  sweep: DueSweep<Summary>;
}

export type LambdaHandler = (
  event: unknown,
  context: LambdaContext,
) => Promise<ApiGatewayV2Result | Record<string, unknown>>;

export function createLambdaHandler<Summary extends { stopped: boolean }>(
  options: LambdaHandlerOptions<Summary>,
): LambdaHandler {
  let started: Promise<ServerlessRuntime> | undefined;
  const coldStart = () => {
    if (!started) {
      started = options.runtime();
      started.catch(() => (started = undefined));
    }
    return started;
  };

  return async (event, context) => {
    const enteredAt = Date.now();
    if (isScheduledEvent(event)) {
      // A failure throws: Lambda records it and EventBridge's retry policy applies.
      const runtime = await coldStart();
      const deadlineMs = runtime.now() + context.getRemainingTimeInMillis();
      const summary = await runScheduledSweep(runtime, { sweep: options.sweep, deadlineMs });
      return { ...summary };
    }
    if (!isApiGatewayV2Event(event)) {
      throw new TypeError('unsupported event: expected API Gateway HTTP API 2.0 or a schedule');
    }
    let runtime: ServerlessRuntime;
    try {
      runtime = await coldStart();
    } catch (error) {
      createLogger().error('the function could not start', {
        error: error instanceof ConfigError ? error.message : describe(error),
      });
      return toApiGatewayResult({ status: 500, body: { error: 'the function is misconfigured' } });
    }
    // HubSpot's clock started before a cold start did: count it, on the runtime's clock.
    const startedAt = runtime.now() - (Date.now() - enteredAt);
    return toApiGatewayResult(
      await routeServerlessRequest(toHandlerRequest(event), runtime, startedAt),
    );
  };
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/** Configuration from the environment (the server's variables), the model compiled once. */
export const handler: LambdaHandler = createLambdaHandler({
  runtime: () => createServerlessRuntime({ env: process.env, modelText: bundledModelText }),
  sweep: runDueSweep,
});
