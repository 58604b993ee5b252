/**
 * Loads consumer modules as the user wrote them, TypeScript included, through jiti (imported lazily:
 * only the replay path pays for it). jiti transpiles full TypeScript — enums, namespaces, parameter
 * properties, decorators (legacy) — and ESM or CommonJS; a module may export one consumer as
 * `default`, or any number of named exports made with `defineConsumer`.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { AnyConsumer } from '../define-consumer.ts';
import { describeConsumerProblems } from '../define-consumer.ts';

/** A consumer and the module file it came from (project-relative). */
export interface LoadedConsumer {
  consumer: AnyConsumer;
  file: string;
  /** Export name (`default` or the named export). */
  exportName: string;
}

/** Why a consumer module could not be loaded. */
export interface ConsumerLoadError {
  file: string;
  message: string;
}

/** Imports each module and collects the consumers it exports. */
export async function loadConsumers(
  files: readonly string[],
  options: { root?: string } = {},
): Promise<{ consumers: LoadedConsumer[]; errors: ConsumerLoadError[] }> {
  const root = options.root ?? process.cwd();
  const { createJiti } = await import('jiti');
  const jiti = createJiti(pathToFileURL(path.join(root, 'kontract-replay.js')).href, {
    moduleCache: false,
    fsCache: false,
  });
  const consumers: LoadedConsumer[] = [];
  const errors: ConsumerLoadError[] = [];
  for (const file of files) {
    const absolute = path.resolve(root, file);
    const shown = path.relative(root, absolute).split(path.sep).join('/');
    let module: Record<string, unknown>;
    try {
      module = (await jiti.import(absolute)) as Record<string, unknown>;
    } catch (error) {
      errors.push({ file: shown, message: error instanceof Error ? error.message : String(error) });
      continue;
    }
    const found: LoadedConsumer[] = [];
    for (const [exportName, value] of Object.entries(module)) {
      if (describeConsumerProblems(value).length === 0)
        found.push({ consumer: value as AnyConsumer, file: shown, exportName });
    }
    // jiti may also expose the default export's members; keep each consumer once.
    const unique = found.filter(
      (entry, i) => found.findIndex((other) => other.consumer === entry.consumer) === i,
    );
    if (unique.length === 0) {
      const problems = describeConsumerProblems(module.default);
      errors.push({
        file: shown,
        message: `exports no consumer made with defineConsumer({...})${module.default === undefined ? '' : ` (default export: ${problems.join('; ')})`}`,
      });
    }
    consumers.push(...unique);
  }
  return { consumers, errors };
}
