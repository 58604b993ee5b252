/**
 * The `code` section of `kontract.config.json`: how the code analysis finds wrappers, entities,
 * event-type discriminators and consumers, and how codegen renders types. Every key is optional.
 */
import type { RuleConfig } from '../contracts/config-types.ts';
import type { CodegenOptions } from './generate-types.ts';

/**
 * Where a wrapper call carries a send's parts: an argument index (`2`), or an index followed by a
 * property path inside that argument (`"0.topic"`).
 */
export type ArgumentPath = number | string;

/**
 * A function that sends to Kafka whose body the analysis cannot see (it lives in a package).
 * Wrappers written in the analysed project need no entry: the analysis follows them by itself.
 */
export interface WrapperConfig {
  /** The function's (or method's) name as called. */
  name: string;
  topic?: ArgumentPath;
  /** Omitted when the wrapper derives the key itself (the key is then not judged). */
  key?: ArgumentPath;
  payload: ArgumentPath;
}

/** Options of the code analysis and codegen (`code` in the config). */
export interface CodeAnalysisConfig {
  /** tsconfig files to analyse, relative to the root. Default `["tsconfig.json"]`. */
  tsconfigs?: string[];
  /** Send wrappers defined outside the analysed project. */
  wrappers?: WrapperConfig[];
  /** Type names (class, interface or alias) that are persistence entities besides ORM ones. */
  entityTypes?: string[];
  /** Payload/event properties whose literal value names the event type. Default `["eventType", "type"]`. */
  discriminators?: string[];
  /** Names of consumer factory functions. Default `["defineConsumer"]`. */
  consumerFactories?: string[];
  /** How deep the analysis follows wrapper functions to their callers. Default 4. */
  wrapperDepth?: number;
  /** How deep a consumer's event is followed into helper functions. Default 3. */
  helperDepth?: number;
  /** Severity overrides by rule id (the config's `rules`). */
  rules?: Record<string, RuleConfig>;
  /** Codegen: where the generated types live (relative to the root) and how they are rendered. */
  codegen?: CodegenOptions & { output?: string };
}
