/**
 * Which contract a sent message is an instance of: the contracts on its (literal) topic, narrowed
 * by the payload's discriminator property, an event-type header, or the payload type's name. Never a
 * guess: an ambiguous message maps to no contract. Pure.
 */
import { shortNameOf } from '../contracts/avro-names.ts';
import type { MessageFact } from './facts.ts';
import type { ContractView } from './schema-types.ts';

/** The contract a message was matched to, and the payload property that named it (if any). */
export interface ContractMatch {
  contract: string;
  /** The payload property whose literal value selected the contract; it need not be a contract field. */
  discriminator?: string;
}

/** True when `value` names the contract `fullName`, by full or short name. */
export function namesContract(value: string, fullName: string): boolean {
  return value === fullName || value === shortNameOf(fullName);
}

/** Maps a message to its contract, or `undefined` when the topic is dynamic, unknown or ambiguous. */
export function contractForMessage(
  message: MessageFact,
  contracts: readonly ContractView[],
  discriminators: readonly string[],
): ContractMatch | undefined {
  if (message.topic.kind !== 'literal') return undefined;
  const topic = message.topic.value;
  const candidates = contracts.filter((contract) => contract.settings.topic === topic);
  if (candidates.length === 0) return undefined;
  const payload = message.payload;
  const discriminator = payload?.discriminator;
  if (discriminator !== undefined && discriminators.includes(discriminator.property)) {
    const named = candidates.filter((contract) => namesContract(discriminator.value, contract.fullName));
    if (named.length === 1 && named[0] !== undefined) {
      return { contract: named[0].fullName, discriminator: discriminator.property };
    }
    return undefined;
  }
  const header = message.eventTypeHeader;
  if (header !== undefined) {
    const named = candidates.filter((contract) => namesContract(header, contract.fullName));
    return named.length === 1 && named[0] !== undefined ? { contract: named[0].fullName } : undefined;
  }
  const typeName = payload?.typeName;
  if (typeName !== undefined) {
    const named = candidates.filter((contract) => shortNameOf(contract.fullName) === typeName);
    if (named.length === 1 && named[0] !== undefined) return { contract: named[0].fullName };
  }
  return candidates.length === 1 && candidates[0] !== undefined
    ? { contract: candidates[0].fullName }
    : undefined;
}
