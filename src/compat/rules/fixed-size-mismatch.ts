import { defineCompatRule, reportKind } from '../compat-rule.ts';

/** `FIXED_SIZE_MISMATCH`: a reader fixed type of another size than the writer's. */
export const fixedSizeMismatch = defineCompatRule({
  id: 'compat/fixed-size-mismatch',
  kind: 'compat',
  incompatibilityKind: 'FIXED_SIZE_MISMATCH',
  defaultSeverity: 'error',
  docs: {
    description: 'A fixed type must keep its size.',
    rationale:
      'A fixed value is exactly `size` bytes on the wire with no length prefix: a reader of another size misreads every byte after it.',
    help: 'Keep `{readerName}` at {writerSize} bytes; for a new size, add a new fixed type and a new field.',
  },
  messages: {
    sizeDiffers:
      'reader fixed `{readerName}` holds {readerSize} bytes but the writer’s fixed `{writerName}` holds {writerSize} bytes',
  },
  check: reportKind('FIXED_SIZE_MISMATCH'),
});
