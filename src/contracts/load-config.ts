/**
 * Reads `kontract.config.json`: strict JSON with positions, validated against the one shape
 * description (`config-shape.ts`), defaults applied. Every problem is an `error` located in the
 * config file; an invalid member falls back to its default so the run can still report everything
 * else. Pure.
 */
import type { Diagnostic } from '../report/diagnostic.ts';
import { closestMatch } from './closest-match.ts';
import { configShape, validateAgainstShape } from './config-shape.ts';
import type { KontractConfig } from './config-types.ts';
import { decodeSourceText } from './decode-source.ts';
import { parseJsonWithRules } from './json-positions.ts';
import { loaderDiagnostic } from './load-diagnostics.ts';
import type { SourceFile } from './model.ts';

/**
 * The config used when there is no config file: every default, nothing else. Deeply frozen (the
 * casts only drop `readonly`), so that no caller can change the defaults for every other caller;
 * `parseConfig` hands out fresh copies.
 */
export const defaultConfig: KontractConfig = Object.freeze({
  include: Object.freeze(['contracts/**/*.avsc']) as string[],
  exclude: Object.freeze([]) as unknown as string[],
  defaults: Object.freeze({}),
  contracts: Object.freeze({}),
  rules: Object.freeze({}),
  waivers: Object.freeze([]) as unknown as KontractConfig['waivers'],
  failOn: 'error',
}) as KontractConfig;

function freshDefaults(): KontractConfig {
  return {
    include: [...defaultConfig.include],
    exclude: [...defaultConfig.exclude],
    defaults: {},
    contracts: {},
    rules: {},
    waivers: [],
    failOn: defaultConfig.failOn,
  };
}

/** Validates kontract.config.json (undefined = zero config) and applies defaults. */
export function parseConfig(
  file: SourceFile | undefined,
  options: { knownRuleIds?: readonly string[] } = {},
): { config: KontractConfig; diagnostics: Diagnostic[] } {
  if (file === undefined) return { config: freshDefaults(), diagnostics: [] };
  const decoded = decodeSourceText(file, 'config/invalid-json');
  if (!decoded.ok) return { config: freshDefaults(), diagnostics: decoded.diagnostics };
  const parsed = parseJsonWithRules(file.path, decoded.text, {
    invalidJson: 'config/invalid-json',
    tooDeep: 'config/invalid-json',
  });
  if (!parsed.ok) return { config: freshDefaults(), diagnostics: parsed.diagnostics };

  const { problems, valid } = validateAgainstShape(parsed.value, configShape, {
    ...(options.knownRuleIds ? { knownRuleIds: options.knownRuleIds } : {}),
    suggest: (word, candidates) => closestMatch(word, candidates),
  });
  const diagnostics = problems.map((problem) => {
    const location =
      (problem.atKey ? parsed.positions.locateKey(problem.pointer) : undefined) ??
      parsed.positions.locate(problem.pointer);
    return loaderDiagnostic(problem.ruleId, problem.messageId, problem.message, location, {
      ...(problem.data ? { data: problem.data } : {}),
    });
  });
  // The shape validator removed every invalid member, so what is left has the declared types.
  const { $schema: _schemaReference, ...given } = (valid ?? {}) as Partial<KontractConfig> & {
    $schema?: string;
  };
  const config: KontractConfig = {
    ...freshDefaults(),
    ...given,
    source: { file: file.path, positions: parsed.positions },
  };
  return { config, diagnostics };
}
