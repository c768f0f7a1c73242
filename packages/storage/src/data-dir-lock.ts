import { unlinkSync } from 'node:fs';
import { open, readFile, stat, unlink } from 'node:fs/promises';
import { hostname } from 'node:os';
import path from 'node:path';

/**
 * One writer per embedded data folder (issue #17). PGlite is a single-process database: a second
 * process that opens the same folder (a second server, or the CLI beside a running server) writes
 * into files the first one never rereads, and whatever it wrote is lost at the next restart. So
 * whoever opens the folder first holds a lock file beside it, and everyone else is refused with a
 * message naming the holder.
 *
 * The lock file is created with O_EXCL, so two processes starting at once cannot both win. A lock
 * left behind by a process that died (kill -9, a crash) is taken over when its pid is gone on this
 * host; a lock written from another host (a shared volume) is never taken over, since its pid
 * cannot be checked from here.
 */
export interface LockHolder {
  pid: number;
  hostname: string;
  /** What the holder is, in words: the command line it was started with. */
  command: string;
  since: string;
}

export class DataDirLockedError extends Error {
  override name = 'DataDirLockedError';
  constructor(
    readonly dir: string,
    readonly holder: LockHolder | null,
  ) {
    super(
      holder
        ? `${dir} is in use by another process: pid ${holder.pid} on ${holder.hostname} (${holder.command}), since ${holder.since}. ` +
            'Only one process may open an embedded data folder: stop that process first, or talk to the running server over HTTP.'
        : `${dir} is in use by another process (its lock file cannot be read); remove ${lockFileOf(dir)} only if no process uses the folder.`,
    );
  }
}

export interface DirectoryLock {
  readonly file: string;
  release(): Promise<void>;
}

export function lockFileOf(dir: string): string {
  const resolved = path.resolve(dir);
  return path.join(path.dirname(resolved), `${path.basename(resolved)}.lock`);
}

/** Whether `pid` names a live process on this host (EPERM: it exists, owned by someone else). */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function readHolder(file: string): Promise<LockHolder | null> {
  try {
    const parsed = JSON.parse(await readFile(file, 'utf8')) as Partial<LockHolder>;
    if (typeof parsed.pid !== 'number' || typeof parsed.hostname !== 'string') return null;
    return {
      pid: parsed.pid,
      hostname: parsed.hostname,
      command: String(parsed.command ?? 'unknown'),
      since: String(parsed.since ?? 'unknown'),
    };
  } catch {
    return null;
  }
}

// A holder writes its record right after creating the file; an unreadable file younger than this
// is a holder in the middle of that write, not debris.
const UNREADABLE_GRACE_MS = 5000;

/**
 * Takes the lock on `dir` (the lock file is `<dir>.lock`, beside it, so nothing foreign lands in
 * the database's own folder), or throws `DataDirLockedError`. Released by `release()`, and on a
 * normal process exit.
 */
export async function lockDirectory(dir: string): Promise<DirectoryLock> {
  const file = lockFileOf(dir);
  const me: LockHolder = {
    pid: process.pid,
    hostname: hostname(),
    command: process.argv
      .slice(1, 3)
      .map((arg) => path.relative(process.cwd(), arg) || arg)
      .join(' '),
    since: new Date().toISOString(),
  };
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const handle = await open(file, 'wx', 0o644);
      try {
        await handle.writeFile(`${JSON.stringify(me)}\n`);
      } finally {
        await handle.close();
      }
      return held(file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = await readHolder(file);
    if (holder === null) {
      const age = await stat(file).then(
        (s) => Date.now() - s.mtimeMs,
        () => 0,
      );
      if (age < UNREADABLE_GRACE_MS) throw new DataDirLockedError(dir, null);
    } else if (holder.hostname !== me.hostname || isAlive(holder.pid)) {
      throw new DataDirLockedError(dir, holder);
    }
    // Stale: its holder is gone. Remove it and try again; O_EXCL decides if another process races us.
    await unlink(file).catch(() => undefined);
  }
  throw new DataDirLockedError(dir, await readHolder(file));
}

function held(file: string): DirectoryLock {
  let released = false;
  // A process that exits without closing its database still frees the folder.
  const onExit = () => {
    if (released) return;
    try {
      // Synchronous on purpose: 'exit' handlers cannot wait.
      unlinkSync(file);
    } catch {
      // Nothing left to do at exit; the next opener sees a dead pid and takes over.
    }
  };
  process.once('exit', onExit);
  return {
    file,
    async release() {
      if (released) return;
      released = true;
      process.removeListener('exit', onExit);
      await unlink(file).catch(() => undefined);
    },
  };
}
