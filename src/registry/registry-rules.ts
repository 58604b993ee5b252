/**
 * The rule records of what the registry commands report beyond the compat rules they share with
 * `diff`: publish's table rows (`publish/*`), the cross-check between kontract's verdict and the
 * registry's (`registry/*`), and a contract the engine could not check against its subject
 * (`internal/registry-compat-failed`). Data only: `kontract rules`, SARIF rule descriptors and the
 * config's rule settings read them; the findings themselves are made where the work is done
 * (`src/commands/publish.ts`, `src/commands/registry-compat.ts`, `src/registry/registry-compat.ts`).
 * Pure, and free of the registry library, so that listing rules never loads it.
 */
import type { RuleMeta } from '../report/rule.ts';

/** `publish/registered`: `kontract publish` registered a contract's schema as a new subject version. */
export const publishRegistered = {
  id: 'publish/registered',
  kind: 'registry',
  defaultSeverity: 'info',
  docs: {
    description: '`kontract publish` registered a schema under its subject as a new version.',
    rationale:
      'Every publish says what it changed in the registry, in every report format, so that CI logs and SARIF uploads keep a record of each registration.',
  },
  messages: {
    registered: '`{contract}` registered under subject `{subject}` as version {version} (id {id})',
  },
} as const satisfies RuleMeta<'registered'>;

/** `publish/unchanged`: the subject already holds the contract's schema; nothing was sent. */
export const publishUnchanged = {
  id: 'publish/unchanged',
  kind: 'registry',
  defaultSeverity: 'info',
  docs: {
    description:
      "The subject already holds the contract's schema (canonically equal, or found by the registry's lookup); nothing was registered.",
    rationale:
      'Publishing is idempotent: a re-run registers nothing new, and the report says which version already holds each schema.',
  },
  messages: {
    unchanged: '`{contract}` already registered under subject `{subject}` as version {version} (id {id})',
  },
} as const satisfies RuleMeta<'unchanged'>;

/** `publish/would-register`: a dry run found a schema the subject does not hold yet. */
export const publishWouldRegister = {
  id: 'publish/would-register',
  kind: 'registry',
  defaultSeverity: 'info',
  docs: {
    description:
      '`kontract publish --dry-run` found a schema its subject does not hold: a real publish would register it.',
    rationale:
      'A dry run in a pull request shows which subjects the merge will change before anything is registered.',
  },
  messages: {
    'would-register': '`{contract}` would be registered under subject `{subject}` (dry run)',
  },
} as const satisfies RuleMeta<'would-register'>;

/** `registry/cross-check-disagrees`: kontract and the registry, under the same mode, disagree. */
export const crossCheckDisagrees = {
  id: 'registry/cross-check-disagrees',
  kind: 'registry',
  defaultSeverity: 'warning',
  docs: {
    description:
      "kontract's compatibility verdict and the registry's own, under the same mode against the same versions, disagree (`--cross-check`).",
    rationale:
      "Both engines implement Avro schema resolution; when they disagree one of them has a bug, and `publish` will meet the registry's verdict, not kontract's.",
    help: "Trust neither blindly: report the schema pair to kontract; `publish` will get the registry's verdict.",
  },
  messages: {
    disagrees:
      "kontract finds `{contract}` {kontract} with subject `{subject}` under {mode}, but the registry's compatibility endpoint says {registry}",
  },
} as const satisfies RuleMeta<'disagrees'>;

/**
 * `registry/cross-check-differs`: the two verdicts differ because the two sides apply different
 * modes (the config's and the registry's level), which is no bug but worth seeing.
 */
export const crossCheckDiffers = {
  id: 'registry/cross-check-differs',
  kind: 'registry',
  defaultSeverity: 'info',
  docs: {
    description:
      "kontract's compatibility verdict and the registry's differ because they apply different modes: the config's and the subject's level in the registry (`--cross-check`).",
    rationale:
      "kontract checks with the mode the repository's config decides; the registry enforces its own level on `publish`. Where the two verdicts differ, a registration may be refused (or accepted) where kontract said otherwise.",
    help: "Make the registry's level and the config's `compatibility` agree (set the subject's level, or the contract's), so that both sides judge the same rule.",
  },
  messages: {
    differs:
      'kontract finds `{contract}` {kontract} with subject `{subject}` under {mode}; the registry, applying its level {registryMode}, says {registry}',
  },
} as const satisfies RuleMeta<'differs'>;

/** `internal/registry-compat-failed`: the engine could not check a contract against its subject's versions. */
export const registryCompatFailed = {
  id: 'internal/registry-compat-failed',
  kind: 'compat',
  defaultSeverity: 'error',
  docs: {
    description:
      'A contract could not be checked against the versions registered under its subject (a reader field matching two writer fields, or a schema the engine refuses); the rest of the run went on.',
    rationale:
      'A contract that was not checked must never pass silently: the run is incomplete, so it exits 2 and names the contract and the reason.',
    help: 'Read the reason: usually an alias that matches two fields of a registered version. Fix the schema, or report the pair to kontract.',
  },
  messages: {
    failed: '`{contract}` could not be checked against subject `{subject}`: {reason}',
  },
} as const satisfies RuleMeta<'failed'>;

/** Every rule record of the registry commands, in id order. */
export const registryRules: readonly RuleMeta[] = [
  registryCompatFailed,
  publishRegistered,
  publishUnchanged,
  publishWouldRegister,
  crossCheckDiffers,
  crossCheckDisagrees,
];
