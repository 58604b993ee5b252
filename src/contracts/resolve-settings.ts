/**
 * Per-contract settings: `config.defaults` overlaid with `config.contracts[fullName]`, plus the
 * derived subject. Pure.
 */
import type { ContractConfig, KontractConfig, SubjectNameStrategy } from './config-types.ts';
import type { ContractSettings } from './model.ts';

/** The subject naming strategy when the config names none (Confluent's default). */
export const defaultSubjectNameStrategy: SubjectNameStrategy = 'TopicName';

/**
 * The registry subject of a contract under a naming strategy: TopicName `<topic>-value`,
 * RecordName `<fullName>`, TopicRecordName `<topic>-<fullName>`. Without a topic, the topic-based
 * strategies fall back to RecordName: a subject must exist for compat checks against the registry,
 * and the record name is the only stable name left.
 */
export function subjectFor(
  strategy: SubjectNameStrategy,
  fullName: string,
  topic: string | undefined,
): string {
  if (topic === undefined || strategy === 'RecordName') return fullName;
  return strategy === 'TopicName' ? `${topic}-value` : `${topic}-${fullName}`;
}

/** Merges the config's defaults and the contract's own entry into its settings. */
export function resolveSettings(fullName: string, config: KontractConfig): ContractSettings {
  const own: ContractConfig = Object.hasOwn(config.contracts, fullName)
    ? (config.contracts[fullName] ?? {})
    : {};
  const merged: ContractConfig = { ...config.defaults, ...own };
  const strategy = merged.subjectNameStrategy ?? defaultSubjectNameStrategy;
  const topic = merged.topic;
  const settings: ContractSettings = {
    subject: merged.subject ?? subjectFor(strategy, fullName, topic),
    subjectNameStrategy: strategy,
    compatibility: merged.compatibility ?? 'BACKWARD',
    versionField: merged.versionField ?? 'version',
    retired: merged.retired ?? false,
  };
  if (topic !== undefined) settings.topic = topic;
  if (merged.key !== undefined) settings.keyField = merged.key;
  if (merged.owner !== undefined) settings.owner = merged.owner;
  return settings;
}
