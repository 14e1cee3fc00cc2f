/**
 * The HTTP side: configuration, HubSpot request signatures, the webhook and health handlers
 * (framework-free, see http-types.ts), the express adapter and the server that wires them to
 * the store and the score worker. `main.ts` is the entry point behind `npm start`.
 */
export { createApp, type AppDeps } from './app.ts';
export { ConfigError, readServerConfig, type ServerConfig } from './config.ts';
export { headerValue, type HandlerRequest, type HandlerResponse } from './http-types.ts';
export { createLogger, silentLogger, type Logger, type LoggerOptions } from './logger.ts';
export {
  computeSignatureV3,
  decodeSignedUri,
  SIGNATURE_HEADER,
  SIGNATURE_MAX_AGE_MS,
  signedUri,
  signRequestV3,
  TIMESTAMP_HEADER,
  verifySignatureV3,
  type SignatureCheck,
  type SignatureInput,
  type VerifyInput,
} from './request-signature.ts';
export {
  startScoringServer,
  type ScoringServer,
  type ScoringServerOptions,
} from './scoring-server.ts';
export {
  DEFAULT_MAX_WEBHOOK_BYTES,
  handleWebhookDelivery,
  type WebhookDeps,
} from './webhook-handler.ts';
