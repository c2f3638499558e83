/** The little both node-postgres and PGlite can do, and all the store needs. */
export interface SqlClient {
  query<Row>(sql: string, params?: readonly unknown[]): Promise<{ rows: Row[] }>;
  /** Runs `work` in one transaction on one connection. */
  transaction<T>(work: (tx: Pick<SqlClient, "query">) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
