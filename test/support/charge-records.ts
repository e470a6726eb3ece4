import { eq } from 'drizzle-orm';
import type { Db } from '../../src/db/database.js';
import * as s from '../../src/db/schema.js';
import { waitFor } from './ocpp-client.js';

/** The charge record of a session, once billing froze it (inside the stop's transaction). */
export async function chargeRecordOf(db: Db, sessionId: string) {
  return waitFor(
    async () => {
      const [row] = await db.select().from(s.chargeRecords).where(eq(s.chargeRecords.sessionId, sessionId));
      return row;
    },
    { what: `the charge record of session ${sessionId}` },
  );
}
