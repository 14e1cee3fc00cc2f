/** The scoring model file: its format, validation and the fairness rules. */
export { DEFAULT_MODEL_PATH, loadModelFile, parseModel } from './load-model.ts';
export { ModelError } from './model-error.ts';
export * from './model-schema.ts';
export {
  protectedGroundOf,
  PROTECTED_GROUNDS,
  type ProtectedGround,
} from './protected-attributes.ts';
