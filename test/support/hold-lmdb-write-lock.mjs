// A writer that hangs inside a write transaction of the LMDB environment at argv[2], holding
// its write lock (one per environment, across processes) until it is killed. Prints "holding".
import { open } from "lmdb";

const root = open({ path: process.argv[2], noSubdir: false, maxDbs: 256 });
root.transactionSync(() => {
  root.putSync("uncommitted", "written by a writer that never commits");
  process.stdout.write("holding\n");
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
});
