/** `kontract record` throughput and peak memory, 1,000,000 records (needs the local broker: scripts/infra/up.sh). */
export { benchmark } from '../kafka-record.ts';
