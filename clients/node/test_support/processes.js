'use strict';
// Child processes for tests: every line they print is kept, every wait has a deadline, and
// every process started is killed by killAll() (tests call it in `after`).
const { spawn } = require('node:child_process');

const DEADLINE_MS = 10_000;
const running = new Set();

/**
 * Spawns `command` with piped stdio. The result collects stdout and stderr lines and offers
 * waitForLine(pattern), send(line), endInput() and exited (a promise of {code, signal}).
 */
function spawnLines(command, args, options = {}) {
  const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'], ...options });
  running.add(child);
  const proc = { child, stdout: [], stderr: [], waiters: [] };

  const collect = (stream, lines) => {
    let pending = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk) => {
      pending += chunk;
      let end;
      while ((end = pending.indexOf('\n')) >= 0) {
        lines.push(pending.slice(0, end));
        pending = pending.slice(end + 1);
        proc.waiters = proc.waiters.filter((w) => !w.check());
      }
    });
  };
  collect(child.stdout, proc.stdout);
  collect(child.stderr, proc.stderr);
  child.stdin.on('error', () => {}); // a child that exits early must not crash the test

  proc.exited = new Promise((resolve) => {
    child.on('exit', (code, signal) => {
      running.delete(child);
      resolve({ code, signal });
    });
    child.on('error', (err) => {
      running.delete(child);
      resolve({ code: null, signal: null, error: err });
    });
  });
  // Waiters still open when the child exits fail at once, with what it printed.
  proc.exited.then(() => setImmediate(() => proc.waiters.forEach((w) => w.check(true))));

  /**
   * Resolves with the first stdout line (from index `from` on) that matches `pattern`: a
   * RegExp, or a string the line must equal.
   */
  proc.waitForLine = (pattern, { from = 0, timeout = DEADLINE_MS } = {}) =>
    new Promise((resolve, reject) => {
      const matches = typeof pattern === 'string' ? (line) => line === pattern : (line) => pattern.test(line);
      const describe = () =>
        `${command.split('/').pop()}: no line matching ${JSON.stringify(String(pattern))}` +
        `\nstdout:\n${proc.stdout.join('\n')}\nstderr:\n${proc.stderr.join('\n')}`;
      const timer = setTimeout(() => {
        proc.waiters = proc.waiters.filter((w) => w !== waiter);
        reject(new Error(`timed out after ${timeout} ms; ${describe()}`));
      }, timeout);
      const waiter = {
        check: (exited = false) => {
          const index = proc.stdout.findIndex((line, i) => i >= from && matches(line));
          if (index >= 0) {
            clearTimeout(timer);
            resolve({ line: proc.stdout[index], index });
            return true;
          }
          if (exited) {
            clearTimeout(timer);
            reject(new Error(`process exited; ${describe()}`));
            return true;
          }
          return false;
        },
      };
      if (!waiter.check()) proc.waiters.push(waiter);
    });

  /** Writes one line to the child's stdin. */
  proc.send = (line) => child.stdin.write(`${line}\n`);
  /** Closes the child's stdin: a chat client's signal to drain and exit. */
  proc.endInput = () => child.stdin.end();
  /** Resolves with {code, signal} once the child exits; rejects after `timeout` ms. */
  proc.waitForExit = (timeout = DEADLINE_MS) => withDeadline(proc.exited, timeout, `${command} to exit`);
  return proc;
}

/** Resolves as `promise` does, or rejects after `ms` milliseconds naming `what`. */
function withDeadline(promise, ms, what) {
  let timer;
  const late = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

/** Kills every child still running (SIGKILL: a test's cleanup must not hang). */
async function killAll() {
  const exits = [];
  for (const child of running) {
    exits.push(new Promise((resolve) => child.once('exit', resolve)));
    child.kill('SIGKILL');
  }
  await withDeadline(Promise.all(exits), DEADLINE_MS, 'children to die');
}

module.exports = { DEADLINE_MS, killAll, spawnLines, withDeadline };
