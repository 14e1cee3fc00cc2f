import { handleCardRequest } from '../card-api/card-handlers.ts';
import { cardFunctionParametersSchema } from '../card-api/score-response.ts';
import { ConfigError } from '../server/config.ts';
import { createLogger } from '../server/logger.ts';
import {
  isEndpointInvocation,
  toHandlerRequest,
  type AppFunctionContext,
  type AppFunctionResponse,
  type SendResponse,
} from './app-function-context.ts';
import { bundledModelText } from './bundled-model.ts';
import { INVOCATION_BUDGETS_MS } from './invocation-deadline.ts';
import { cardAccounts, routeServerlessRequest } from './serverless-routes.ts';
import { createServerlessRuntime, type ServerlessRuntime } from './serverless-runtime.ts';

/**
 * The HubSpot-hosted app function (platform 2026.03, static-auth private apps only): the same
 * handlers as the server and the Lambda, so a private app needs no hosting of its own.
 * - Called on its public `endpoint` (Content Hub Enterprise): webhook deliveries (answered after
 *   the scores are written), the card's signed score/rescore requests, /healthz.
 * - Called by a card as a private function (`parameters: {action, contactId}`): the card's
 *   score or rescore; HubSpot runs those calls for a signed-in user, so no signature exists.
 * Secrets arrive as environment variables (and in `context.secrets` on older runtimes): the
 * server's variables, with PRIVATE_APP_ACCESS_TOKEN accepted for HUBSPOT_ACCESS_TOKEN.
 */

export interface AppFunctionOptions {
  runtime: (env: NodeJS.ProcessEnv) => Promise<ServerlessRuntime>;
}

export function createAppFunction(options: AppFunctionOptions) {
  let started: Promise<ServerlessRuntime> | undefined;
  const coldStart = (env: NodeJS.ProcessEnv) => {
    if (!started) {
      started = options.runtime(env);
      started.catch(() => (started = undefined));
    }
    return started;
  };

  return async function main(
    context: AppFunctionContext = {},
    sendResponse?: SendResponse,
  ): Promise<AppFunctionResponse> {
    const enteredAt = Date.now();
    const answer = (
      status: number,
      body: unknown,
      headers: Record<string, string> = {},
    ): AppFunctionResponse => {
      const response = {
        // HubSpot's endpoint runtime answers a 500 sent through sendResponse with an empty 200
        // (serverless-dev-runtime lib/routes.js): HubSpot would take a failed delivery as done.
        statusCode: status === 500 ? 503 : status,
        headers: { 'Content-Type': 'application/json', ...headers },
        body,
      };
      sendResponse?.(response);
      return response;
    };
    let runtime: ServerlessRuntime;
    try {
      runtime = await coldStart(environment(context));
    } catch (error) {
      createLogger().error('the app function could not start', {
        error: error instanceof ConfigError ? error.message : String(error),
      });
      return answer(503, { error: 'the app function is misconfigured' });
    }
    const startedAt = runtime.now() - (Date.now() - enteredAt);
    if (isEndpointInvocation(context)) {
      const result = await routeServerlessRequest(toHandlerRequest(context), runtime, startedAt);
      return answer(result.status, result.rawBody ?? result.body, flatHeaders(result.headers));
    }
    const call = cardFunctionParametersSchema.safeParse(context.parameters);
    if (!call.success) {
      return answer(400, { error: 'expected parameters { action: score|rescore, contactId }' });
    }
    const portalId = call.data.portalId ?? String(context.accountId ?? '');
    const { action, contactId } = call.data;
    const result = await runtime.within(startedAt + INVOCATION_BUDGETS_MS.card, () =>
      handleCardRequest(
        {
          method: action === 'score' ? 'GET' : 'POST',
          url: `/api/contacts/${encodeURIComponent(contactId)}/${action}?portalId=${encodeURIComponent(portalId)}`,
          headers: {},
          rawBody: new Uint8Array(),
        },
        {
          ...cardAccounts(runtime),
          // HubSpot itself invoked the private function for a signed-in user of the account.
          verifySignature: () => ({ valid: true }),
          now: runtime.scoringClock,
          logger: runtime.logger,
        },
      ),
    );
    return answer(result.status, result.body, flatHeaders(result.headers));
  };
}

/** The endpoint's response headers are single values; a list is joined. */
function flatHeaders(
  headers: Record<string, string | string[]> | undefined,
): Record<string, string> | undefined {
  if (headers === undefined) return undefined;
  return Object.fromEntries(
    Object.entries(headers).map(([name, value]) => [name, [value].flat().join(', ')]),
  );
}

/** Secrets as environment variables, the context's secrets on top; the app token's two names. */
function environment(context: AppFunctionContext): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...context.secrets };
  env.HUBSPOT_ACCESS_TOKEN ??= env.PRIVATE_APP_ACCESS_TOKEN;
  return env;
}

export const main = createAppFunction({
  // No schedule reaches an app function: the settings page's jobs would never run.
  runtime: (env) => createServerlessRuntime({ env, modelText: bundledModelText, scheduled: false }),
});
