import { createReadStream, createWriteStream, type WriteStream } from "node:fs";
import { mkdir, open, rename, stat } from "node:fs/promises";
import { join } from "node:path";
import { createInterface } from "node:readline";
import type { Database, JournalRecord } from "./database";

/**
 * Durability as JSON lines under `<dir>/cr-dynamodb/` (its own folder, so an older dynalite LevelDB in
 * the same data dir is simply left alone): `snapshot.jsonl` holds the tables as of the last start,
 * `journal.jsonl` every change since, appended through one stream so records stay in order. On start
 * both are replayed and compacted into a new snapshot; a torn last line (a crash mid-write) is skipped.
 */
export class Journal {
  private constructor(
    private readonly stream: WriteStream,
    readonly dir: string,
  ) {}

  append(record: JournalRecord): void {
    this.stream.write(`${JSON.stringify(record)}\n`);
  }

  close(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.stream.once("error", reject);
      this.stream.end(() => resolve());
    });
  }

  /** Load `db` from disk, write the compacted snapshot, and return the journal for new writes. */
  static async open(root: string, db: Database): Promise<Journal> {
    const dir = join(root, "cr-dynamodb");
    await mkdir(dir, { recursive: true });
    const snapshot = join(dir, "snapshot.jsonl");
    const journal = join(dir, "journal.jsonl");
    for (const file of [snapshot, journal]) {
      db.replay(await readRecords(file));
    }
    const tmp = join(dir, "snapshot.jsonl.tmp");
    const out = await open(tmp, "w");
    try {
      let chunk: string[] = [];
      const flush = async () => {
        if (chunk.length) await out.write(chunk.join(""));
        chunk = [];
      };
      for (const table of db.tables.values()) {
        chunk.push(`${JSON.stringify({ t: "table", schema: table.schema })}\n`);
        for (const item of table.items.values()) {
          chunk.push(`${JSON.stringify({ t: "put", n: table.name, item })}\n`);
          if (chunk.length >= 1000) await flush();
        }
      }
      await flush();
      await out.sync();
    } finally {
      await out.close();
    }
    // The journal is emptied only after the snapshot that contains it is in place; replaying an old
    // journal over a newer snapshot gives the same tables, so a crash in between loses nothing.
    await rename(tmp, snapshot);
    const stream = createWriteStream(journal, { flags: "w" });
    await new Promise<void>((resolve, reject) => stream.once("open", () => resolve()).once("error", reject));
    // A write error later (disk full) must not take the whole stack down: say it, keep serving from memory.
    stream.on("error", (err) =>
      console.error("dynamodb server: journal write failed; changes are no longer persisted", err),
    );
    return new Journal(stream, dir);
  }
}

async function readRecords(file: string): Promise<JournalRecord[]> {
  try {
    await stat(file);
  } catch {
    return [];
  }
  const records: JournalRecord[] = [];
  const lines = createInterface({ input: createReadStream(file, "utf8"), crlfDelay: Infinity });
  for await (const line of lines) {
    if (!line) continue;
    try {
      records.push(JSON.parse(line) as JournalRecord);
    } catch {
      // Only the last line can be torn; anything after it would be unreadable too.
      break;
    }
  }
  return records;
}
