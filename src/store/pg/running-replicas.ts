import type pg from 'pg';

/** The application_name prefix of each replica's listening connection (held as long as the replica runs). */
export const REPLICA_APPLICATION = 'plan-bot replica ';

/**
 * The replicas running on a database now: their listening connections in pg_stat_activity (a replica that was
 * killed leaves when the server notices the connection is gone).
 */
export async function runningReplicas(client: pg.ClientBase): Promise<string[]> {
  const r = await client.query(
    `SELECT DISTINCT substr(application_name, $1::int + 1) AS replica FROM pg_stat_activity
     WHERE datname = current_database() AND starts_with(application_name, $2) ORDER BY 1`,
    [REPLICA_APPLICATION.length, REPLICA_APPLICATION],
  );
  return r.rows.map((row) => row.replica as string);
}
