import { mkdir } from "node:fs/promises";
import { resolve } from "node:path";
import type { ConversationStore } from "./conversation-store.ts";
import { pgliteClient } from "./pglite-client.ts";
import { postgresClient } from "./postgres-client.ts";
import { SqlConversationStore } from "./sql-store.ts";

/** PostgreSQL when a URL is given, otherwise the embedded store in `dataDir`. */
export async function openStore(options: { databaseUrl: string | undefined; dataDir: string }): Promise<ConversationStore> {
  if (options.databaseUrl) return SqlConversationStore.open("postgres", postgresClient(options.databaseUrl));
  const directory = resolve(options.dataDir, "conversations");
  await mkdir(directory, { recursive: true });
  return SqlConversationStore.open("pglite", await pgliteClient(directory));
}
