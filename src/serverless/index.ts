/**
 * The handlers run where nothing lives between invocations but the store: AWS Lambda behind an
 * API Gateway HTTP API (`lambda.ts`, with the scheduled run on EventBridge; a private app's
 * token or the marketplace app's installed accounts) and a HubSpot-hosted app function
 * (`hubspot-app-function.ts`, private apps). Webhook deliveries are answered only after their
 * scores are written (`synchronous-delivery.ts`); `build-bundles.ts` packages both entries.
 */
export {
  isApiGatewayV2Event,
  isScheduledEvent,
  toApiGatewayResult,
  toHandlerRequest as apiGatewayRequest,
  type ApiGatewayV2Event,
  type ApiGatewayV2Result,
  type LambdaContext,
  type ScheduledEvent,
} from './api-gateway-event.ts';
export {
  isEndpointInvocation,
  toHandlerRequest as appFunctionRequest,
  type AppFunctionContext,
  type AppFunctionResponse,
  type SendResponse,
} from './app-function-context.ts';
export { createAppFunction, type AppFunctionOptions } from './hubspot-app-function.ts';
export {
  deadlineClock,
  INVOCATION_BUDGETS_MS,
  invocationClock,
  InvocationDeadlineError,
  withinDeadline,
} from './invocation-deadline.ts';
export { createLambdaHandler, type LambdaHandler, type LambdaHandlerOptions } from './lambda.ts';
export {
  DEFAULT_SWEEP_STOP_MARGIN_MS,
  runScheduledSweep,
  type DueSweep,
  type ScheduledRunSummary,
  type ScheduledSweepOptions,
} from './scheduled-sweep.ts';
export {
  readServerlessConfig,
  type MarketplaceAccess,
  type PrivateAppAccess,
  type ServerlessConfig,
} from './serverless-config.ts';
export { routeServerlessRequest, WEBHOOK_PATH } from './serverless-routes.ts';
export {
  createServerlessRuntime,
  SERVERLESS_MAX_RETRIES,
  SERVERLESS_STORE_CONNECTIONS,
  type ServerlessRuntime,
  type ServerlessRuntimeOptions,
} from './serverless-runtime.ts';
export {
  handleDeliverySynchronously,
  type DeliveryAccount,
  type SynchronousDeliveryAnswer,
  type SynchronousDeliveryDeps,
} from './synchronous-delivery.ts';
