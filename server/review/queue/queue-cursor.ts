/**
 * The review queue's opaque cursor: the (created_at, id) of the last item of a page, as
 * base64url, so the next page starts strictly after it (keyset pagination, never OFFSET).
 */
import { z } from 'zod';
import { AppError } from '../../app-error.ts';

/** Where the next page starts: after this item in queue order. */
export interface TQueueCursor {
  createdAt: Date;
  id: string;
}

const ZCursorSchema = z.tuple([z.iso.datetime(), z.uuid()]);

/** The cursor after `item`. */
export function encodeQueueCursor(item: TQueueCursor): string {
  return Buffer.from(JSON.stringify([item.createdAt.toISOString(), item.id])).toString('base64url');
}

/** The position a cursor names; BAD_INPUT when it is not one this API handed out. */
export function decodeQueueCursor(cursor: string): TQueueCursor {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    decoded = null;
  }
  const parsed = ZCursorSchema.safeParse(decoded);
  if (!parsed.success) {
    throw new AppError('BAD_INPUT', 'The page cursor is not valid; load the queue again.');
  }
  const [createdAt, id] = parsed.data;
  return { createdAt: new Date(createdAt), id };
}
