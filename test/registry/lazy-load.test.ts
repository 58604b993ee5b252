/**
 * Commands that never talk to a registry or to Kafka must not pay for their clients: importing the
 * publish, registry-compat and record commands and the adapters' index modules must not load
 * `@kafkajs/confluent-schema-registry` or `@platformatic/kafka`; connecting does.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

const repository = path.resolve(import.meta.dirname, '../..');
const node = path.join(repository, 'node_modules/.bin/node');

/** Imports the modules in a fresh Node process, runs `body`, and returns the clients it resolved. */
function clientsLoadedBy(body: string): string[] {
  const modules = [
    'src/commands/publish.ts',
    'src/commands/registry-compat.ts',
    'src/commands/record.ts',
    'src/registry/index.ts',
    'src/kafka/index.ts',
  ].map((file) => pathToFileURL(path.join(repository, file)).href);
  const script = `
import { registerHooks } from 'node:module';
const seen = new Set();
registerHooks({
  resolve(specifier, context, next) {
    if (/^(@kafkajs\\/confluent-schema-registry|@platformatic\\/kafka)(\\/|$)/.test(specifier)) seen.add(specifier);
    return next(specifier, context);
  },
});
const loaded = [];
for (const url of ${JSON.stringify(modules)}) loaded.push(await import(url));
const [, , , registry, kafka] = loaded;
${body}
console.log(JSON.stringify([...seen]));
`;
  const output = execFileSync(node, ['--input-type=module', '--eval', script], {
    cwd: repository,
    encoding: 'utf8',
  });
  return JSON.parse(output.trim().split('\n').at(-1) ?? '[]') as string[];
}

describe('lazy loading of the registry library and the Kafka client', () => {
  it('loads neither to import the commands and the adapters', () => {
    expect(clientsLoadedBy('')).toEqual([]);
  });

  // The control: the hook does see both once a client is created, so the empty list above means something.
  it('loads each one when a client is made', () => {
    const loaded = clientsLoadedBy(
      "await registry.RegistryClient.connect({ url: 'http://127.0.0.1:1' }, {}); const source = await kafka.openKafkaSource({ brokers: ['127.0.0.1:1'] }); await source.close();",
    );
    expect(loaded.sort()).toEqual(['@kafkajs/confluent-schema-registry', '@platformatic/kafka']);
  });
});
