/** Registry compatibility, 242 subjects checked whole-process (needs the local registry: scripts/infra/up.sh). */
export { benchmark } from '../registry-compat.ts';
