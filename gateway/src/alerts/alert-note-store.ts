// The alert notes in MongoDB (collection alert_notes): written through as they are taken, read
// back when the gateway starts. A failed write is logged and the note stays in memory: an alert
// is a signal for people, and losing one on a database outage must not fail the request that saw it.
import type { Logger } from 'pino';
import { retryBusy } from '../errors/database-errors';
import { collections } from '../models/collections';
import type { NoteStore } from './refusal-log';

export function mongoNoteStore(log: Logger): NoteStore {
  return {
    save: (id, value) => {
      retryBusy(() => collections.alertNotes().replaceOne({ _id: id }, { value, savedAt: new Date() }, { upsert: true }))
        .catch((err: Error) => log.warn({ err: err.message, note: id }, 'alert note not saved; kept in memory only'));
    },
    load: async () => (await collections.alertNotes().find({}).toArray()).map((n) => ({ id: n._id, value: n.value })),
  };
}
