/** The contact card's backend: framework-free handlers, their express routes, and the shared schema. */
export { CardApiError, TOKEN_UNDECRYPTABLE_MESSAGE } from './card-api-error.ts';
export {
  CardDeadlineError,
  DEFAULT_CARD_DEADLINE_MS,
  startDeadline,
  type CardTimer,
} from './card-deadline.ts';
export {
  handleCardRequest,
  handleGetContactScore,
  handleRescoreContact,
  type CardApiDeps,
  type CardSignatureCheck,
} from './card-handlers.ts';
export type { CardApiRequest, CardApiResponse } from './card-request.ts';
export { createCardRoutes } from './card-routes.ts';
export { verifyCardSignature, type CardSignatureConfig } from './card-signature.ts';
export * from './score-response.ts';
