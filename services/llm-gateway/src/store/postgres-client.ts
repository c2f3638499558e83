import pg from "pg";
import type { SqlClient } from "./sql-client.ts";

/** A pooled connection to PostgreSQL (CloudNativePG in the cluster). */
export function postgresClient(connectionString: string): SqlClient {
  const pool = new pg.Pool({ connectionString, max: 10, connectionTimeoutMillis: 10_000 });
  // An idle connection that drops (database restart, failover) must not crash the process; the pool replaces it.
  pool.on("error", () => undefined);
  return {
    async query<Row>(sql: string, params: readonly unknown[] = []) {
      const result = await pool.query(sql, [...params]);
      return { rows: result.rows as Row[] };
    },
    async transaction(work) {
      const connection = await pool.connect();
      let broken: Error | undefined;
      try {
        await connection.query("BEGIN");
        const result = await work({
          query: async <Row>(sql: string, params: readonly unknown[] = []) => ({
            rows: (await connection.query(sql, [...params])).rows as Row[],
          }),
        });
        await connection.query("COMMIT");
        return result;
      } catch (error) {
        // A connection that cannot even roll back is not handed to the next caller.
        await connection.query("ROLLBACK").catch((rollbackError: Error) => {
          broken = rollbackError;
        });
        throw error;
      } finally {
        connection.release(broken);
      }
    },
    close: () => pool.end(),
  };
}
