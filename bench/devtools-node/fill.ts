import pg from "pg";

/**
 * Writes `streams * perStream` messages into MessageDB's table with one INSERT ... SELECT,
 * interleaved as real traffic is (every stream's n-th message before any n+1-th), over
 * `categories` categories named cat0..; then VACUUM ANALYZE.
 */
export async function fillStore(url: string, streams: number, perStream: number, categories = 20) {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(
      `INSERT INTO message_store.messages (id, stream_name, position, type, data)
       SELECT gen_random_uuid(), 'cat' || (s % ${categories}) || '-' || s, n, 'Happened', jsonb_build_object('n', n)
       FROM generate_series(0, ${perStream - 1}) n, generate_series(1, ${streams}) s ORDER BY n, s`,
    );
    await admin.query("VACUUM ANALYZE message_store.messages");
  } finally {
    await admin.end();
  }
}
