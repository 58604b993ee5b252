/**
 * Writer schemas of Confluent wire-format records, from the schema registry: the replay reader's
 * `WriterSchemaLookup`, backed by the registry instead of a `<log>.schemas.json` sidecar.
 *
 * The reader's lookup is synchronous (it sits on the hot path of decoding a million lines), so the
 * ids are fetched first: `collectSchemaIds` scans logs for the ids their wire-format values carry,
 * and `registryWriterSchemas` fetches each id once (concurrently, cached by the client) and builds
 * its avsc type. An id the registry does not know is left out, so the reader reports the record as
 * `replay/bad-record` (`unknown-schema-id`) and goes on: never a crash. Any other registry failure
 * (down, timeout, wrong password) throws `RegistryError` before the replay starts.
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Type } from 'avsc';
import avro from 'avsc';
import type { WriterSchema, WriterSchemaLookup } from '../replay/catalog.ts';
import { mapConcurrent } from './concurrency.ts';
import type { RegistryClient, SchemaReference } from './registry-client.ts';
import { RegistryError } from './registry-error.ts';

/** Reads the 4-byte big-endian schema id of a wire-format value; `undefined` when it is not one. */
export function wireSchemaId(bytes: Uint8Array): number | undefined {
  if (bytes.length < 5 || bytes[0] !== 0) return undefined;
  return ((bytes[1]! << 24) | (bytes[2]! << 16) | (bytes[3]! << 8) | bytes[4]!) >>> 0;
}

/**
 * The schema ids the wire-format values of NDJSON logs carry (`"valueEncoding":"wire-base64"`
 * envelopes), in order of first appearance. Lines that are not such envelopes are skipped: the
 * reader reports them itself.
 */
export async function collectSchemaIds(files: readonly string[]): Promise<number[]> {
  const ids = new Set<number>();
  for (const file of files) {
    const lines = createInterface({ input: createReadStream(file), crlfDelay: Number.POSITIVE_INFINITY });
    for await (const line of lines) {
      if (!line.includes('wire-base64')) continue;
      let envelope: unknown;
      try {
        envelope = JSON.parse(line);
      } catch {
        continue;
      }
      const value = (envelope as { value?: unknown; valueEncoding?: unknown }).value;
      if (
        (envelope as { valueEncoding?: unknown }).valueEncoding !== 'wire-base64' ||
        typeof value !== 'string'
      )
        continue;
      const id = wireSchemaId(Buffer.from(value.slice(0, 8), 'base64'));
      if (id !== undefined) ids.add(id);
    }
  }
  return [...ids];
}

/** Parses a registered schema (after the types it references) into an avsc type. */
async function typeOf(
  client: RegistryClient,
  schema: string,
  references: readonly SchemaReference[],
  registry: Record<string, Type>,
  seen: Set<string>,
): Promise<Type> {
  for (const reference of references) {
    const key = `${reference.subject}\u0000${reference.version}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const referenced = await client.getVersion(reference.subject, reference.version);
    await typeOf(client, referenced.schema, referenced.references, registry, seen);
  }
  return avro.Type.forSchema(JSON.parse(schema), { registry });
}

/**
 * Fetches the writer schema of every id in `ids` and returns the synchronous lookup the replay
 * reader takes (`catalog.writerSchemas`). Unknown ids are left out (the reader reports their
 * records); a registered schema that is not Avro or does not parse is left out the same way.
 */
export async function registryWriterSchemas(
  client: RegistryClient,
  ids: readonly number[],
): Promise<WriterSchemaLookup> {
  const byId = new Map<number, WriterSchema>();
  await mapConcurrent(ids, client.connection.concurrency, async (id) => {
    let found: Awaited<ReturnType<RegistryClient['getSchema']>>;
    try {
      found = await client.getSchema(id);
    } catch (error) {
      if (error instanceof RegistryError && error.code === 'not-found') return;
      throw error;
    }
    if (found.schemaType.toUpperCase() !== 'AVRO') return;
    try {
      // A fresh registry per id: two versions of one record define the same names differently.
      byId.set(id, { type: await typeOf(client, found.schema, found.references, {}, new Set()) });
    } catch (error) {
      if (error instanceof RegistryError) throw error;
      // An unparsable schema is left out: its records are reported as unreadable, not a crash.
    }
  });
  const shown = `the schema registry at ${client.connection.shownUrl}`;
  return {
    writerSchema: (schemaId) => byId.get(schemaId),
    describe: () => shown,
  };
}
