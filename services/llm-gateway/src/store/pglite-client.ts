import type { SqlClient } from "./sql-client.ts";

/** Package name of the embedded store; scripts/bundle.ts leaves it out of the bundle. */
export const PGLITE_PACKAGE = "@electric-sql/pglite";

export class EmbeddedStoreUnavailableError extends Error {
  constructor(cause: unknown) {
    super(
      `DATABASE_URL is not set and the embedded store (${PGLITE_PACKAGE}) cannot be loaded: ` +
        `${(cause as Error).message}. Set DATABASE_URL to a PostgreSQL URL, or install ${PGLITE_PACKAGE} next to the gateway.`,
      { cause },
    );
    this.name = "EmbeddedStoreUnavailableError";
  }
}

/**
 * PGlite, PostgreSQL compiled to WASM, for running without a database server.
 * It is imported only when used: it is several megabytes, and the bundle the
 * cluster runs talks to a real PostgreSQL and must not carry it.
 * `dataDir` undefined keeps the data in memory.
 */
export async function pgliteClient(dataDir: string | undefined): Promise<SqlClient> {
  let module: typeof import("@electric-sql/pglite");
  try {
    module = (await import(PGLITE_PACKAGE)) as typeof import("@electric-sql/pglite");
  } catch (error) {
    throw new EmbeddedStoreUnavailableError(error);
  }
  const db = await module.PGlite.create(dataDir);
  return {
    query: <Row>(sql: string, params: readonly unknown[] = []) => db.query<Row>(sql, [...params]),
    transaction: (work) => db.transaction((tx) => work({ query: <Row>(sql: string, params: readonly unknown[] = []) => tx.query<Row>(sql, [...params]) })),
    close: () => db.close(),
  };
}
