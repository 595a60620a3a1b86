import type { Consumer } from 'kafkajs';
import type { Logger } from './logger.js';

/** Who paused or resumed a stage, and when (as the control message says). */
export interface StagePauseInfo {
  by: string;
  at: number;
}

/**
 * Which stages of this process are paused, shared by all its stages and fed by whoever follows the
 * pause commands (the control-topic follower of @strand/pipeline). Listeners hear only changes.
 */
export class StagePauses {
  readonly #paused = new Map<string, StagePauseInfo>();
  readonly #listeners = new Map<string, Set<(paused: boolean, info: StagePauseInfo) => void>>();

  isPaused(stage: string): boolean {
    return this.#paused.has(stage);
  }

  /** The paused stages, with who paused them and when. */
  paused(): Map<string, StagePauseInfo> {
    return new Map(this.#paused);
  }

  set(stage: string, paused: boolean, info: StagePauseInfo): void {
    if (paused === this.isPaused(stage)) return;
    if (paused) this.#paused.set(stage, info);
    else this.#paused.delete(stage);
    for (const listener of this.#listeners.get(stage) ?? []) listener(paused, info);
  }

  /** Calls `listener` on every change of `stage`; returns the unsubscribe. */
  watch(stage: string, listener: (paused: boolean, info: StagePauseInfo) => void): () => void {
    let set = this.#listeners.get(stage);
    if (!set) this.#listeners.set(stage, (set = new Set()));
    set.add(listener);
    return () => set.delete(listener);
  }
}

/**
 * The longest a stage consumer's fetch waits (kafkajs maxWaitTimeInMs, 5 s by default). A paused
 * consumer has nothing to fetch: kafkajs then sleeps this long and heartbeats between sleeps, so it
 * must stay well within the session timeout or the paused member is dropped from its group.
 */
export function pausedFetchWaitMs(sessionTimeoutMs: number): number {
  return Math.min(5000, Math.floor(sessionTimeoutMs / 5));
}

/**
 * Holds a stage's consumer while the stage is paused: kafkajs `pause` stops fetching the input topic
 * but keeps the membership and the heartbeats, so the group does not rebalance. The hold is applied
 * on every group join too (a consumer kafkajs restarts after a crash, or one the runner replaces,
 * starts unpaused), before its first fetch. A batch in progress when the pause arrives finishes its
 * current chunk (or, in a streaming stage, its current input) and commits it; the runner then stops
 * the batch (`paused`), leaving the rest unresolved, to be fetched again on resume.
 */
export class PauseHold {
  #consumer: Consumer | undefined;
  #detachJoin: (() => void) | undefined;
  readonly #unwatch: () => void;

  constructor(private readonly pauses: StagePauses, private readonly stage: string, private readonly topic: string, private readonly logger: Logger) {
    this.#unwatch = pauses.watch(stage, (paused, info) => {
      this.logger.info(paused ? 'stage paused' : 'stage resumed', { by: info.by, at: new Date(info.at).toISOString() });
      this.#apply();
    });
  }

  get paused(): boolean {
    return this.pauses.isPaused(this.stage);
  }

  /** Follows `consumer` from now on (before its `run`), instead of the one it replaces. */
  attach(consumer: Consumer): void {
    this.#detachJoin?.();
    this.#consumer = consumer;
    this.#detachJoin = consumer.on(consumer.events.GROUP_JOIN, () => this.#apply());
  }

  close(): void {
    this.#unwatch();
    this.#detachJoin?.();
  }

  #apply(): void {
    const consumer = this.#consumer;
    if (!consumer) return;
    try {
      if (this.paused) consumer.pause([{ topic: this.topic }]);
      else consumer.resume([{ topic: this.topic }]);
    } catch {
      // Not running yet (kafkajs refuses pause before run): the GROUP_JOIN listener applies it before the first fetch.
    }
  }
}
