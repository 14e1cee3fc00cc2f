/**
 * The account's home: which HubSpot port and which published scoring model serve a portal.
 * The model versions themselves live in the store (src/store/account-models.ts).
 */
export {
  createAccounts,
  DEFAULT_MODEL_REFRESH_MS,
  type Account,
  type Accounts,
  type AccountsOptions,
} from './accounts.ts';
export {
  createAccountModels,
  UnknownModelVersionError,
  type AccountModels,
  type ModelDraft,
  type ModelVersion,
  type PublishOptions,
} from '../store/account-models.ts';
