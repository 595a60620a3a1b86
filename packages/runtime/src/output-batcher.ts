import type { Message } from 'kafkajs';
import type { BatchPolicy } from './batch-policy.js';
import { messageBytes, type TopicMessages } from './send-bounded.js';

/**
 * Collects outgoing messages and sends them under one batch policy, awaiting each send (acks=all)
 * before taking more: memory stays bounded and `onFlushed` runs only once what was added is durable.
 * `P` is the caller's progress marker (e.g. bytes of a download published so far).
 */
export class OutputBatcher<P = unknown> {
  private pending: { topic: string; message: Message }[] = [];
  private bytes = 0;
  private firstAt = 0;
  private progress: P | undefined;
  /** Messages made durable so far. */
  sent = 0;

  constructor(
    /** Makes messages durable, e.g. StageRunContext.produce (broker-sized requests, acks=all). */
    private readonly send: (topicMessages: TopicMessages[]) => Promise<void>,
    private readonly policy: BatchPolicy,
    private readonly onFlushed: (progress: P | undefined, messages: number) => Promise<void> = async () => undefined,
  ) {}

  /** Adds a message; sends the batch first if the message would overflow it, and after if the policy says it is due. */
  async add(topic: string, message: Message, progress?: P): Promise<void> {
    const size = messageBytes(message);
    if (this.pending.length > 0 && this.bytes + size > this.policy.bytes) await this.flush();
    if (this.pending.length === 0) this.firstAt = Date.now();
    this.pending.push({ topic, message });
    this.bytes += size;
    if (progress !== undefined) this.progress = progress;
    if (this.due()) await this.flush();
  }

  /** Records progress that has no message of its own (e.g. records skipped on resume); it is reported with the next flush. */
  note(progress: P): void {
    this.progress = progress;
  }

  /** True when the batch is full or its first message has lingered long enough. */
  due(): boolean {
    return this.pending.length >= this.policy.count || this.bytes >= this.policy.bytes
      || (this.pending.length > 0 && Date.now() - this.firstAt >= this.policy.lingerMs);
  }

  /** Sends what is pending (in requests the broker accepts) and reports the progress it covers. */
  async flush(): Promise<void> {
    if (this.pending.length === 0 && this.progress === undefined) return;
    const batch = this.pending;
    const progress = this.progress;
    if (batch.length > 0) {
      const byTopic: { topic: string; messages: Message[] }[] = [];
      for (const { topic, message } of batch) {
        const last = byTopic[byTopic.length - 1];
        if (last?.topic === topic) last.messages.push(message);
        else byTopic.push({ topic, messages: [message] });
      }
      await this.send(byTopic);
    }
    this.pending = [];
    this.bytes = 0;
    this.progress = undefined;
    this.sent += batch.length;
    await this.onFlushed(progress, batch.length);
  }
}
