/**
 * Schema evolution against a schema registry: for each local contract, the versions registered under
 * its subject are read (the latest for BACKWARD/FORWARD/FULL, all of them for the `_TRANSITIVE`
 * modes, none for NONE), kontract's own engine checks the local schema against them, and every
 * incompatibility becomes a compat `Diagnostic` on the local file's exact line that names the
 * registered version it breaks (subject, version, id). Optionally the registry's own compatibility
 * endpoint is asked the same question, so both verdicts can be compared.
 *
 * Which mode applies (decided here, documented in docs/registry-and-kafka.md), most specific first:
 * 1. the contract's own `compatibility` in kontract.config.json;
 * 2. the subject's own level in the registry;
 * 3. `defaults.compatibility` in kontract.config.json;
 * 4. the registry's global level.
 * A level written for this contract beats a general one; between two levels equally general, the
 * config in the repository (reviewed with the change) beats the registry.
 */
import { toCompatSchema } from '../compat/compat-schema.ts';
import { type CompatDirection, checkMode, MODE_RULES } from '../compat/modes.ts';
import { compatRuleByKind } from '../compat/rules/index.ts';
import type { CompatibilityMode, KontractConfig, RuleConfig } from '../contracts/config-types.ts';
import type { Contract, Json } from '../contracts/model.ts';
import { type Diagnostic, fingerprintOf, formatMessage, type Severity } from '../report/diagnostic.ts';
import { mapConcurrent } from './concurrency.ts';
import {
  type CompatibilitySource,
  effectiveLevel,
  type RegisteredVersion,
  type RegistryClient,
} from './registry-client.ts';
import { RegistryError } from './registry-error.ts';
import { externalDefinitions, selfContainedSchema } from './schema-document.ts';

/** Where the mode a contract was checked with came from. */
export type ModeSource = 'contract' | CompatibilitySource | 'config-default';

/** The mode a contract is checked with, and why. */
export interface ModeDecision {
  mode: CompatibilityMode;
  source: ModeSource;
}

/**
 * Decides the mode for one contract (see the module comment for the order). `registry` is what the
 * registry applies: its subject level when the subject has one, else its global level.
 */
export function decideMode(
  fullName: string,
  config: Pick<KontractConfig, 'contracts' | 'defaults'>,
  registry: { mode: CompatibilityMode; source: CompatibilitySource },
): ModeDecision {
  const own = Object.hasOwn(config.contracts, fullName)
    ? config.contracts[fullName]?.compatibility
    : undefined;
  if (own !== undefined) return { mode: own, source: 'contract' };
  if (registry.source === 'subject') return registry;
  if (config.defaults.compatibility !== undefined) {
    return { mode: config.defaults.compatibility, source: 'config-default' };
  }
  return registry;
}

/** What the registry said when asked the same question, next to kontract's answer. */
export interface CrossCheck {
  subject: string;
  contract: string;
  /** The contract's file, for locating a finding about the comparison. */
  file: string;
  /** The mode kontract checked with. */
  mode: CompatibilityMode;
  /** The mode the registry applies to the subject. */
  registryMode: CompatibilityMode;
  /** kontract's verdict: no incompatibility with the versions checked. */
  kontract: boolean;
  /** The registry's `is_compatible` for the same schema, against the same versions. */
  registry: boolean;
  /** True when both used the same mode and still disagree: a bug on one side. */
  disagree: boolean;
}

/** What was checked for one contract. */
export interface SubjectCheck {
  contract: string;
  file: string;
  subject: string;
  decision: ModeDecision;
  /** Registered versions the contract was checked against, oldest first. */
  checkedVersions: { version: number; id: number }[];
  /** Every version the subject has. */
  registeredVersions: number[];
}

/** Result of checking contracts against a registry. */
export interface RegistryCompatOutcome {
  diagnostics: Diagnostic[];
  subjects: SubjectCheck[];
  crossChecks: CrossCheck[];
}

/** Options of `checkContractsAgainstRegistry`. */
export interface RegistryCompatOptions {
  /** Also ask the registry's compatibility endpoint and report both verdicts. */
  crossCheck?: boolean;
  /**
   * Every loaded contract, when `contracts` is a selection: named types that the selected contracts
   * reference are looked up here. Default: `contracts`.
   */
  context?: readonly Contract[];
}

const severityOf = (setting: RuleConfig | undefined, fallback: Severity): Severity | 'off' => {
  if (setting === undefined) return fallback;
  if (typeof setting === 'string') return setting;
  return setting.severity ?? fallback;
};

const directionText: Record<CompatDirection, string> = {
  backward: 'this schema cannot read data written with',
  forward: 'readers using',
};

/** Parses a registered schema for the engine; a schema kontract cannot read is a registry problem. */
function parseRegistered(version: RegisteredVersion): ReturnType<typeof toCompatSchema> {
  if (version.schemaType.toUpperCase() !== 'AVRO') {
    throw new RegistryError(
      'bad-response',
      `version ${version.version} (id ${version.id}) of subject \`${version.subject}\` is a ${version.schemaType} schema; kontract checks Avro contracts only`,
    );
  }
  try {
    return toCompatSchema(JSON.parse(version.schema) as Json);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new RegistryError(
      'bad-response',
      `version ${version.version} (id ${version.id}) of subject \`${version.subject}\` is not an Avro schema kontract can read: ${reason}`,
    );
  }
}

/** Turns one mode finding into the Diagnostic on the local file. */
function toDiagnostic(
  contract: Contract,
  decision: ModeDecision,
  direction: CompatDirection,
  version: RegisteredVersion,
  incompatibility: ReturnType<typeof checkMode>[number]['incompatibility'],
  severity: Severity,
): Diagnostic {
  // The local schema is the reader in a backward check and the writer in a forward one.
  const pointer = direction === 'backward' ? incompatibility.readerPointer : incompatibility.writerPointer;
  // A field is located at its name, the line a person reads as "the field".
  const location = contract.positions.locate(/\/fields\/\d+$/.test(pointer) ? `${pointer}/name` : pointer);
  const against =
    direction === 'backward'
      ? `${directionText.backward} version ${version.version} (id ${version.id}) of subject \`${version.subject}\``
      : `${directionText.forward} version ${version.version} (id ${version.id}) of subject \`${version.subject}\` cannot read data written with this schema`;
  const data = {
    ...incompatibility.data,
    subject: version.subject,
    registeredVersion: version.version,
    schemaId: version.id,
    direction,
    mode: decision.mode,
  };
  const rule = compatRuleByKind[incompatibility.kind];
  const diagnostic: Diagnostic = {
    ruleId: incompatibility.ruleId,
    messageId: incompatibility.messageId,
    severity,
    message: `${incompatibility.message} (${decision.mode}: ${against})`,
    location,
    contract: contract.fullName,
    data,
    fingerprint: fingerprintOf({
      ruleId: incompatibility.ruleId,
      messageId: incompatibility.messageId,
      contract: contract.fullName,
      path: pointer,
      data: {
        ...incompatibility.data,
        subject: version.subject,
        registeredVersion: version.version,
        direction,
      },
    }),
  };
  if (incompatibility.fieldPath !== undefined) diagnostic.fieldPath = incompatibility.fieldPath;
  if (rule.docs.help !== undefined) diagnostic.help = formatMessage(rule.docs.help, incompatibility.data);
  return diagnostic;
}

/**
 * Checks every contract against the versions registered under its subject, at most
 * `client.connection.concurrency` contracts at a time (each with its own few requests in parallel);
 * the global level is read once. Retired contracts are skipped. Throws `RegistryError` when the
 * registry cannot be asked (down, slow, wrong password).
 */
export async function checkContractsAgainstRegistry(
  client: RegistryClient,
  contracts: readonly Contract[],
  config: Pick<KontractConfig, 'contracts' | 'defaults' | 'rules'>,
  options: RegistryCompatOptions = {},
): Promise<RegistryCompatOutcome> {
  const external = externalDefinitions(options.context ?? contracts);
  const globalLevel = await client.globalCompatibility();
  const active = contracts.filter((contract) => !contract.settings.retired);
  const perContract = await mapConcurrent(active, client.connection.concurrency, async (contract) => {
    const subject = contract.settings.subject;
    const [own, registeredVersions] = await Promise.all([
      client.subjectCompatibility(subject),
      client.listVersions(subject),
    ]);
    // Same reading as RegistryClient.effectiveCompatibility, without reading the global level again.
    const registryLevel = effectiveLevel(own, globalLevel);
    const decision = decideMode(contract.fullName, config, registryLevel);
    const { directions, transitive } = MODE_RULES[decision.mode];
    const wanted =
      directions.length === 0 || registeredVersions.length === 0
        ? []
        : transitive
          ? registeredVersions
          : registeredVersions.slice(-1);
    const versions = await Promise.all(wanted.map((version) => client.getVersion(subject, version)));
    const previous = versions.map(parseRegistered);
    const diagnostics: Diagnostic[] = [];
    let findings: ReturnType<typeof checkMode>;
    let checked = true;
    try {
      findings = checkMode(decision.mode, toCompatSchema(contract.schema, external), previous);
    } catch (error) {
      // A reader field matching two writer fields (Avro Java throws too), or a schema the engine
      // refuses: the contract could not be checked, which is an input problem (exit 2), not a crash.
      const reason = error instanceof Error ? error.message : String(error);
      const data = { subject, reason };
      diagnostics.push({
        ruleId: 'internal/registry-compat-failed',
        messageId: 'failed',
        severity: 'error',
        message: `\`${contract.fullName}\` could not be checked against subject \`${subject}\`: ${reason}`,
        location: contract.positions.locate(''),
        contract: contract.fullName,
        data,
        fingerprint: fingerprintOf({
          ruleId: 'internal/registry-compat-failed',
          messageId: 'failed',
          contract: contract.fullName,
          data,
        }),
      });
      findings = [];
      checked = false;
    }
    for (const finding of findings) {
      const rule = compatRuleByKind[finding.incompatibility.kind];
      const severity = severityOf(config.rules[rule.id], rule.defaultSeverity);
      if (severity === 'off') continue;
      const version = versions[finding.previousIndex] as RegisteredVersion;
      diagnostics.push(
        toDiagnostic(contract, decision, finding.direction, version, finding.incompatibility, severity),
      );
    }
    let crossCheck: CrossCheck | undefined;
    if (options.crossCheck && checked && registeredVersions.length > 0) {
      const schemaText = JSON.stringify(selfContainedSchema(contract.schema, external));
      const registry = await client.testCompatibility(
        subject,
        schemaText,
        MODE_RULES[registryLevel.mode].transitive ? 'all' : 'latest',
      );
      const kontract = findings.length === 0;
      crossCheck = {
        subject,
        contract: contract.fullName,
        file: contract.file,
        mode: decision.mode,
        registryMode: registryLevel.mode,
        kontract,
        registry,
        disagree: decision.mode === registryLevel.mode && kontract !== registry,
      };
    }
    const check: SubjectCheck = {
      contract: contract.fullName,
      file: contract.file,
      subject,
      decision,
      checkedVersions: versions.map((version) => ({ version: version.version, id: version.id })),
      registeredVersions,
    };
    return { diagnostics, check, crossCheck };
  });
  return {
    diagnostics: perContract.flatMap((entry) => entry.diagnostics),
    subjects: perContract.map((entry) => entry.check),
    crossChecks: perContract.flatMap((entry) => (entry.crossCheck ? [entry.crossCheck] : [])),
  };
}
