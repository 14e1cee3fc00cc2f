/**
 * The HTTP side: configuration, HubSpot request signatures, the webhook and health handlers
 * (framework-free, see http-types.ts), the express adapter and the server that wires them to
 * the store, the accounts (static token or OAuth), the score worker, the card's backend and
 * the rescoring sweep. `main.ts` is the entry point behind `npm start`.
 */
export {
  createAccountMode,
  type AccountMode,
  type OAuthAccounts,
  type StaticAccount,
} from './account-mode.ts';
export {
  startAccountSweeps,
  sweepTargetsOf,
  type AccountSweeps,
  type AccountSweepsOptions,
  type SweepTarget,
} from './account-sweeps.ts';
export { createApp, type AppDeps } from './app.ts';
export {
  ConfigError,
  DEFAULT_SWEEP_INTERVAL_MINUTES,
  readServerConfig,
  type ServerConfig,
} from './config.ts';
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
  OTHER_ACCOUNT,
  type WebhookDeps,
} from './webhook-handler.ts';
