import Queue from 'bull';
import Redis from 'ioredis';

const emails = new Queue<{ to: string }>('emails');

// Bull runs the processor, its last argument, once per job.
void emails.process('welcome', 5, async (job) => {
  const redis = new Redis(); // expect: connection-per-call
  await redis.set(`welcomed:${job.data.to}`, '1');
  redis.disconnect();
});

export class DigestConsumer {
  constructor(queue: Queue.Queue) {
    void queue.process(this.send);
  }

  // Handed to the queue as its processor.
  private readonly send = async (): Promise<void> => {
    const redis = new Redis(); // expect: connection-per-call
    redis.disconnect();
  };

  // Not a processor: no finding.
  private readonly close = async (): Promise<void> => {
    const redis = new Redis();
    redis.disconnect();
  };
}
